package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mistwatch/mistwatch/receiver/mistapitest"
)

const (
	mistAPIDir = "../shared/mist-api"
	namesOrg   = "870dfa6c-dcb3-4310-9d23-39460c9bace7" // the demo survey's org
	namesToken = "e2e-T0KEN-0123456789abcdef"

	demoSiteHQ    = "ed5252f1-db82-4458-bf02-0427c10b4904"
	demoSiteWH    = "76e44bb2-33cf-4586-a514-ef16ed28786c"
	demoRSSIZone  = "419bf358-b4e7-4357-b657-176468ce86fc"
	demoVBeacon   = "ec5dab4a-96ec-449d-a3fc-d047b8f4c722"
	demoCafeteria = "7a464e3e-ac72-4065-9f59-0891897ef84a"
)

// demoMistAPI is a stand-in Mist API that knows the demo survey's org: its
// two sites, and names for the rssizone and vbeacon the demo shows only by
// ID, and another name for a zone the events call "Cafeteria".
func demoMistAPI(t *testing.T) *mistapitest.Server {
	t.Helper()
	if _, err := os.Stat(mistAPIDir); err != nil {
		if ci := os.Getenv("CI"); ci != "" && ci != "false" && ci != "0" {
			t.Fatalf("%s missing and CI=%s must run this test", mistAPIDir, ci)
		}
		t.Skip(mistAPIDir + " not found (shared/ not checked out beside the repo)")
	}
	srv, err := mistapitest.New(mistAPIDir, namesOrg, namesToken, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	srv.SetSite(1, demoSiteHQ, "HQ Building A")
	srv.SetSite(2, demoSiteWH, "Warehouse North")
	srv.Add(1, "rssizones", demoRSSIZone, "Survey Lab")
	srv.Add(1, "vbeacons", demoVBeacon, "Front Door Beacon")
	srv.Add(1, "zones", demoCafeteria, "Cafeteria 2F")
	return srv
}

// testNames: `mistwatch names` against a local stand-in of the Mist API
// writes a names file within the call budget and without the token; replay
// --plain and the dashboard then show zone names instead of UUIDs, and
// filter by them; a wrong token is one clear line and exit 1.
func testNames(t *testing.T, bin string) {
	srv := demoMistAPI(t)
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte(namesToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "names", "--mist-host", srv.URL, "--org", namesOrg, "--mist-token-file", tokenFile)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("mistwatch names: %v\nstderr: %s", err, stderr.String())
	}
	if strings.Contains(string(out)+stderr.String(), namesToken) {
		t.Fatalf("the token was printed:\n%s\n%s", out, stderr.String())
	}
	if calls := srv.Total(); calls != 2+5*2 {
		t.Errorf("%d API calls, want 2 + 5 × 2 sites", calls)
	}
	if !strings.Contains(stderr.String(), "2 sites") || !strings.Contains(stderr.String(), "12 API calls") {
		t.Errorf("stderr should sum up what was fetched: %q", stderr.String())
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	namesFile := filepath.Join(dir, "names.json")
	if err := os.WriteFile(namesFile, out, 0o600); err != nil {
		t.Fatal(err)
	}

	// --plain without and with the names file.
	plain := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"replay", "--plain"}, args...)...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("replay --plain %v: %v\n%s", args, err, stderr.String())
		}
		return string(out)
	}
	before := plain(demoFile)
	after := plain("--names", namesFile, demoFile)
	if !strings.Contains(before, "enter rssizone "+demoRSSIZone) {
		t.Fatalf("without names the rssizone shows as its ID: the demo changed?\n%s", before)
	}
	for _, want := range []string{"enter rssizone Survey Lab", "enter vbeacon Front Door Beacon", "enter zone Cafeteria 2F", "enter zone Lobby"} {
		if !strings.Contains(after, want) {
			t.Errorf("replay --plain --names lacks %q", want)
		}
	}
	for _, id := range []string{demoRSSIZone, demoVBeacon} {
		if strings.Contains(after, id) {
			t.Errorf("replay --plain --names still prints %s", id)
		}
	}

	// A wrong token: one line naming the 401, exit 1, the token not in it.
	cmd = exec.Command(bin, "names", "--mist-host", srv.URL, "--org", namesOrg)
	cmd.Env = append(os.Environ(), "MIST_API_TOKEN=wrong-"+namesToken)
	res, err := cmd.CombinedOutput()
	if code := exitCode(err); code != 1 || strings.Count(string(res), "\n") != 1 || !strings.Contains(string(res), "401") ||
		strings.Contains(string(res), namesToken) {
		t.Errorf("wrong token: exit %d, output %q; want 1 and one line naming the 401 without the token", code, res)
	}

	// The dashboard: the All tab names the rssizone, and zone: filters by the name.
	d := startDashboard(t, bin, "replay", "--names", namesFile, demoFile)
	d.waitFor(`\bat \d\d:\d\d:\d\d 100% speed max\b`)
	d.keys("/")
	d.keys("-l", `zone:"survey lab"`)
	d.keys("Enter")
	screen := d.waitFor(`filter: zone:"survey lab" 1/\d+`)
	if !strings.Contains(screen, "enter rssizone Survey Lab") || strings.Contains(screen, demoRSSIZone[:8]) {
		t.Errorf("the All tab should show the rssizone by name:\n%s", screen)
	}
	d.quit()
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}
