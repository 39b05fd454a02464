package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeConfig writes a config file and points XDG_CONFIG_HOME at it.
func writeConfig(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "mistwatch", "config.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", dir)
	return path
}

func TestSettingsPrecedence(t *testing.T) {
	writeConfig(t, `listen = ":1001"
path = "/file"
rssi_poor = -80
quiet_after = "10s"
theme = "no-color"
[pins]
"aa:bb:cc:dd:ee:01" = "FromFile"
`)
	t.Setenv("MISTWATCH_LISTEN", ":1002")
	t.Setenv("MISTWATCH_RSSI_POOR", "-82")
	f, _, err := parseDashboardFlags([]string{"--rssi-poor", "-84", "--pin", "aa:bb:cc:dd:ee:01=FromFlag", "--pin", "aabbccddee02"}, false, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if f.Listen != ":1002" {
		t.Errorf("listen %q: the environment beats the file", f.Listen)
	}
	if f.RSSIPoor != -84 {
		t.Errorf("rssi-poor %v: the flag beats the environment", f.RSSIPoor)
	}
	if f.Path != "/file" || f.QuietAfter != 10*time.Second || f.Theme != "no-color" {
		t.Errorf("path %q quiet %v theme %q: the file beats the defaults", f.Path, f.QuietAfter, f.Theme)
	}
	if !f.Bell {
		t.Error("the bell is on by default")
	}
	if len(f.Pins) != 2 || f.Pins[0].Label != "FromFlag" || f.Pins[1].MAC != "aabbccddee02" {
		t.Errorf("pins %v: flags relabel the file's pins and add their own", f.Pins)
	}
	if f.Sources["listen"] != "env" || f.Sources["rssi_poor"] != "flag" || f.Sources["path"] != "file" {
		t.Errorf("sources %v", f.Sources)
	}
}

func TestSettingsErrors(t *testing.T) {
	t.Run("unknown key", func(t *testing.T) {
		writeConfig(t, "listen = \":1\"\nlisen = \":2\"\n")
		_, _, err := parseDashboardFlags(nil, false, io.Discard)
		if err == nil || !strings.Contains(err.Error(), `config.toml:2: unknown key "lisen"`) {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("a named config file must exist", func(t *testing.T) {
		t.Setenv("XDG_CONFIG_HOME", t.TempDir())
		_, _, err := parseDashboardFlags([]string{"--config", "/nonexistent/mw.toml"}, false, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "/nonexistent/mw.toml") {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("an absent default file is fine", func(t *testing.T) {
		t.Setenv("XDG_CONFIG_HOME", t.TempDir())
		if _, _, err := parseDashboardFlags(nil, false, io.Discard); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("bad flag values", func(t *testing.T) {
		t.Setenv("XDG_CONFIG_HOME", t.TempDir())
		for _, args := range [][]string{{"--quiet-after", "0s"}, {"--theme", "neon"}, {"--pin", "x=y"}} {
			if _, _, err := parseDashboardFlags(args, false, io.Discard); err == nil {
				t.Errorf("%v accepted", args)
			}
		}
	})
	t.Run("a replay ignores the file's listen", func(t *testing.T) {
		writeConfig(t, "listen = \":1001\"\n")
		f, _, err := parseDashboardFlags([]string{"x.ndjson"}, true, io.Discard)
		if err != nil || f.Listen != "" {
			t.Fatalf("listen %q err %v", f.Listen, err)
		}
	})
}

func TestConfigCommand(t *testing.T) {
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "secret")
	if err := os.WriteFile(secretFile, []byte("topsecret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "mw.toml")
	if err := os.WriteFile(path, []byte("secret_file = \"secret\"\nbell = false\n[mist]\norg = \"org-9\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"config", "--config", path, "--listen", ":7000"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	got := out.String()
	if strings.Contains(got, "topsecret") {
		t.Fatalf("the secret was printed:\n%s", got)
	}
	for _, want := range []string{"# config file: " + path, `listen       = ":7000"                  # flag`,
		`secret_file  = "` + secretFile, `bell         = false`, `org          = "org-9"                  # file`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	errb.Reset()
	if code := run([]string{"config", "--config", path, "--theme", "neon"}, io.Discard, &errb); code != 2 ||
		!strings.Contains(errb.String(), "neon") {
		t.Errorf("a bad flag: exit %d, %s", code, errb.String())
	}
}
