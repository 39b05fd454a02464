package main

import (
	"io"
	"strings"
	"testing"
)

func TestDashboardFlags(t *testing.T) {
	t.Setenv("MISTWATCH_LISTEN", "127.0.0.1:9999")
	cases := []struct {
		name    string
		args    []string
		replay  bool
		wantErr string
		check   func(t *testing.T, f *dashboardFlags)
	}{
		{"pins are normalised", []string{"--pin", "BC:09:63:E1:F4:A2", "--pin", "4c4f-ee3a-9d17"}, false, "",
			func(t *testing.T, f *dashboardFlags) {
				if strings.Join(pinMACs(f.Pins), ",") != "bc0963e1f4a2,4c4fee3a9d17" {
					t.Errorf("pins %v", f.Pins)
				}
			}},
		{"a pin must be a MAC", []string{"--pin", "bogus"}, false, "not a MAC", nil},
		{"the env sets where to listen", nil, false, "",
			func(t *testing.T, f *dashboardFlags) {
				if f.Listen != "127.0.0.1:9999" {
					t.Errorf("listen %q", f.Listen)
				}
			}},
		{"a replay listens only when told", []string{"x.ndjson"}, true, "",
			func(t *testing.T, f *dashboardFlags) {
				if f.Listen != "" {
					t.Errorf("replay listens on %q", f.Listen)
				}
			}},
		{"loop needs a pace", []string{"--loop", "x.ndjson"}, true, "--loop needs --speed", nil},
		{"a loop keeps its repeats", []string{"--loop", "--speed", "2", "x.ndjson"}, true, "",
			func(t *testing.T, f *dashboardFlags) {
				if !f.keepDuplicates {
					t.Error("every pass of a loop repeats the last: it must not be deduplicated")
				}
			}},
		{"flags may follow the files", []string{"a.ndjson", "--speed", "10", "b.ndjson", "--plain"}, true, "",
			func(t *testing.T, f *dashboardFlags) {
				if f.speed != 10 || !f.plain {
					t.Errorf("speed %v plain %v", f.speed, f.plain)
				}
			}},
		{"thresholds in order", []string{"--rssi-good", "-80", "--rssi-poor", "-60"}, false, "--rssi-poor", nil},
		{"TLS needs both files", []string{"--tls-cert", "c.pem"}, false, "go together", nil},
		{"the export directory must exist", []string{"--export-dir", "/no/such/dir"}, false, "--export-dir /no/such/dir: not an existing directory", nil},
		{"--plain exports nothing", []string{"--plain", "--export-dir", "/no/such/dir"}, false, "",
			func(t *testing.T, f *dashboardFlags) {
				if !f.plain {
					t.Error("plain not set")
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, files, err := parseDashboardFlags(c.args, c.replay, io.Discard)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("want an error containing %q, got %v", c.wantErr, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, file := range files {
				if strings.HasPrefix(file, "-") {
					t.Errorf("a flag was taken for a file: %v", files)
				}
			}
			c.check(t, f)
		})
	}
}
