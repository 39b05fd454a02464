package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/receiver"
)

func TestNamesCommandUsage(t *testing.T) {
	t.Setenv("MIST_API_TOKEN", "")
	t.Setenv("MIST_ORG_ID", "")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"names"}, 2, "needs --org ORG_ID"},
		{[]string{"names", "--org", namesOrg}, 2, "no Mist API token"},
		{[]string{"names", "--org", namesOrg, "--mist-token-file", "/nonexistent/token"}, 2, "--mist-token-file: open /nonexistent/token"},
		{[]string{"names", "--org", namesOrg, "--mist-host", "ftp://x", "extra"}, 2, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		var out, errb strings.Builder
		if code := run(tt.args, &out, &errb); code != tt.code || !strings.Contains(errb.String(), tt.want) || out.Len() != 0 {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want %d and %q", tt.args, code, errb.String(), out.String(), tt.code, tt.want)
		}
	}
}

// -o replaces the file only when the fetch succeeds.
func TestNamesCommandOutFile(t *testing.T) {
	srv := demoMistAPI(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "names.json")
	if err := os.WriteFile(file, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MIST_API_TOKEN", "wrong")
	var out, errb strings.Builder
	if code := run([]string{"names", "--mist-host", srv.URL, "--org", namesOrg, "-o", file}, &out, &errb); code != 1 {
		t.Fatalf("wrong token: exit %d, %s", code, errb.String())
	}
	if b, _ := os.ReadFile(file); string(b) != "old" {
		t.Fatalf("a failed fetch changed the file: %q", b)
	}
	t.Setenv("MIST_API_TOKEN", namesToken)
	errb.Reset()
	if code := run([]string{"names", "--mist-host", srv.URL, "--org", namesOrg, "-o", file}, &out, &errb); code != 0 || out.Len() != 0 {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, out.String(), errb.String())
	}
	tab, err := model.LoadNamesFiles([]string{file})
	if err != nil || tab.Get(model.NameRSSIZone, demoRSSIZone) != "Survey Lab" || tab.OrgID != namesOrg {
		t.Fatalf("the written file: %v %v", tab, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".names.json.*")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// A bad --names file stops the dashboard before it starts, naming file and line.
func TestDashboardBadNamesFile(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("kind,id,name\nfloor,1,Floor one\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb strings.Builder
	code := run([]string{"replay", "--plain", "--names", bad, demoFile}, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), bad+":2: unknown kind \"floor\"") || out.Len() != 0 {
		t.Errorf("exit %d, stderr %q, stdout %d bytes", code, errb.String(), out.Len())
	}
}

type namesMsg struct {
	t      *model.NameTable
	status string
	err    error
}

// The fetch runs as a tea.Cmd, one at a time, and hands back the names or
// one error line.
func TestNamesFetcherCmd(t *testing.T) {
	srv := demoMistAPI(t)
	api, err := receiver.NewMistAPI(srv.URL, namesToken)
	if err != nil {
		t.Fatal(err)
	}
	f := &namesFetcher{api: api}
	wrap := func(t *model.NameTable, status string, err error) tea.Msg { return namesMsg{t, status, err} }
	cmd := f.Cmd(context.Background(), namesOrg, wrap)
	if cmd == nil {
		t.Fatal("no command")
	}
	if again := f.Cmd(context.Background(), namesOrg, wrap); again != nil {
		t.Fatal("a second fetch started while one is pending")
	}
	msg := cmd().(namesMsg)
	if msg.err != nil || msg.t.Get(model.NameVBeacon, demoVBeacon) != "Front Door Beacon" ||
		msg.status != "names: 2 sites, 1 WLAN, 3 zones, 3 rssizones, 3 vbeacons, 2 maps, 2 APs from the Mist API (12 calls)" {
		t.Fatalf("%+v", msg)
	}

	bad, _ := receiver.NewMistAPI(srv.URL, "wrong")
	f = &namesFetcher{api: bad}
	msg = f.Cmd(context.Background(), namesOrg, wrap)().(namesMsg)
	if msg.t != nil || msg.err == nil || !strings.Contains(msg.err.Error(), "401") || !strings.Contains(msg.err.Error(), "keeping the names we have") {
		t.Fatalf("%+v", msg)
	}
	if f.Cmd(context.Background(), namesOrg, wrap) == nil {
		t.Fatal("a finished fetch blocks the next one")
	}
}
