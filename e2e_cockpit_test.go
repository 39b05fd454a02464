package main

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// bobJoin is a client-join of the pinned test device on an AP and channel.
func bobJoin(ap, apName string, channel, rssi int) []byte {
	return message("client-join", map[string]any{
		"ap": ap, "ap_name": apName, "band": "5", "mac": "bc0963e1f4a2", "rssi": rssi, "channel": channel,
		"bssid": ap[:10] + "ff", "site_id": "e2e0e2e0-0000-4000-8000-000000000001", "site_name": "E2E Site",
		"ssid": "SurveyNet", "timestamp": time.Now().Unix(), // live: Mist stamps events with now
	})
}

// bobRoam is the pinned device's roam from ap to next, stamped now.
func bobRoam(ap, apName, next string) []byte {
	return message("client-sessions", map[string]any{
		"ap": ap, "ap_name": apName, "next_ap": next, "mac": "bc0963e1f4a2", "band": "5",
		"termination_reason": 3, "duration": 42.5, "rssi": -71, "ssid": "SurveyNet",
		"site_id": "e2e0e2e0-0000-4000-8000-000000000001", "site_name": "E2E Site", "timestamp": time.Now().Unix(),
	})
}

// The survey cockpit through the real binary: a labelled pinned device's
// card follows live signed posts, its roam rings the bell (tmux's bell
// flag), and a marker typed with m survives record → replay.
func testCockpit(t *testing.T, bin string) {
	const secret = "e2e-cockpit-secret"
	addr := freeAddr(t)
	rec := filepath.Join(t.TempDir(), "survey.ndjson")
	d := startDashboard(t, bin, "--listen", addr, "--secret", secret, "--record", rec,
		"--pin", "bc:09:63:e1:f4:a2=Bob-iPhone", "--quiet-after", "10m")
	url := "http://" + addr + "/"
	signed := func(body []byte) {
		t.Helper()
		if code, text := postSigned(t, url, secret, body); code != http.StatusOK {
			t.Fatalf("signed POST: %d %s", code, text)
		}
	}
	d.waitFor(`Bob-iPhone bc:09:63:e1:f4:a2[\s\S]*not heard yet`)

	// The card fills in, then follows the next reading: big digits, channel.
	signed(bobJoin("5c5b35e2e001", "E2E-AP-One", 36, -58))
	screen := d.waitFor(`"SurveyNet" E2E-AP-One 5G ch 36`)
	if !strings.Contains(screen, "▄▄▄ █▄▄ █▄█") { // the middle row of -58
		t.Errorf("the card should show -58 in large digits:\n%s", screen)
	}
	if flag := d.bellFlag(); flag != "0" {
		t.Fatalf("the bell rang before any alert (flag %q)", flag)
	}
	signed(bobJoin("5c5b35e2e001", "E2E-AP-One", 44, -72))
	screen = d.waitFor(`"SurveyNet" E2E-AP-One 5G ch 44`)
	if !strings.Contains(screen, "▄▄▄   █ ▄▄█") { // the middle row of -72
		t.Errorf("the card should follow to -72:\n%s", screen)
	}
	if flag := d.bellFlag(); flag != "0" {
		t.Fatalf("a fair reading rang the bell (flag %q)", flag)
	}

	// A roam: the status line says so and the terminal bell rings.
	signed(bobRoam("5c5b35e2e001", "E2E-AP-One", "5c5b35e2e002"))
	d.waitFor(`⚠ Bob-iPhone roamed E2E-AP-One → 5c:5b:35:e2:e0:02`)
	d.waitUntil("the pane's bell flag", func(string) bool { return d.bellFlag() == "1" })

	// A marker, typed.
	d.keys("m")
	d.waitFor(`▼ marker:`)
	d.keys("-l", "Room 214, door open")
	d.waitFor(`▼ marker: Room 214, door open`)
	d.keys("Enter")
	d.keys("1")
	d.waitFor(`marker\s+▼ Room 214, door open`)
	if h := health(t, addr); h["markers"] != 1.0 || h["stored"] != 3.0 {
		t.Errorf("/healthz counts the marker apart: markers %v stored %v", h["markers"], h["stored"])
	}
	d.quit()

	// Replayed from the record file, the marker is back: in the dashboard...
	r := startDashboard(t, bin, "replay", rec, "--pin", "bc:09:63:e1:f4:a2=Bob-iPhone")
	r.waitFor(`marker\s+▼ Room 214, door open`)
	r.waitFor(`Bob-iPhone bc:09:63:e1:f4:a2`)
	r.quit()
	// ...and in --plain, which also alerts on the pinned client's roam.
	out, err := exec.Command(bin, "replay", "--plain", "--pin", "bc0963e1f4a2=Bob-iPhone", rec).Output()
	if err != nil {
		t.Fatalf("replay --plain: %v", err)
	}
	for _, want := range []string{"\tmarker\t\t▼ Room 214, door open", "\tALERT\troam\tBob-iPhone roamed E2E-AP-One → "} {
		if !strings.Contains(string(out), want) {
			t.Errorf("replay --plain lacks %q:\n%s", want, out)
		}
	}
}

// bellFlag is tmux's bell flag of the dashboard's window: "1" once the
// program rang the terminal bell.
func (d *dashboard) bellFlag() string {
	out, err := d.tmux("display-message", "-p", "-t", "mw", "#{window_bell_flag}")
	if err != nil {
		d.t.Fatalf("display-message: %v: %s", err, out)
	}
	return strings.TrimSpace(out)
}

// The dashboard fetches names itself: at start from the first org_id the
// replay carries (no --mist-org), in the background, and again on ctrl+r.
func testDashboardFetchesNames(t *testing.T, bin string) {
	srv := demoMistAPI(t)
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(namesToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := startDashboard(t, bin, "replay", "--mist-host", srv.URL, "--mist-token-file", tokenFile, demoFile)
	screen := d.waitFor(`names: 2 sites, 1 WLAN, 3 zones, 3 rssizones, 3 vbeacons, 2 maps, 2 APs from the Mist API \(12 calls\)`)
	if strings.Contains(screen, namesToken) {
		t.Fatalf("the token is on screen:\n%s", screen)
	}
	d.keys("/")
	d.keys("-l", `zone:"survey lab"`)
	d.keys("Enter")
	screen = d.waitFor(`filter: zone:"survey lab" 1/\d+`)
	if !strings.Contains(screen, "enter rssizone Survey Lab") {
		t.Errorf("the fetched rssizone name should show:\n%s", screen)
	}
	d.keys("C-r")
	d.waitUntil("a second fetch (24 API calls)", func(string) bool { return srv.Total() == 24 })
	d.quit()
}

// A pin typed with P (and its label) is remembered across restarts, and
// forgotten once unpinned. The dashboard gets a state directory of its own:
// other tests run beside this one.
func testPinsRemembered(t *testing.T, bin string) {
	state := t.TempDir()
	start := func() *dashboard {
		return startDashboard(t, "env", "XDG_STATE_HOME="+state, bin, "replay", demoFile)
	}
	d := start()
	d.waitFor(`\bat \d\d:\d\d:\d\d 100% speed max\b`)
	d.keys("P")
	d.waitFor(`pin:`)
	d.keys("-l", "bc:09:63:e1:f4:a2=Walker")
	d.waitFor(`pin: bc:09:63:e1:f4:a2=Walker`)
	d.keys("Enter")
	d.waitFor(`Walker bc:09:63:e1:f4:a2`)
	d.quit()
	saved, err := os.ReadFile(filepath.Join(state, "mistwatch", "pins"))
	if err != nil || !strings.Contains(string(saved), "bc:09:63:e1:f4:a2 Walker") {
		t.Fatalf("pins file: %q %v", saved, err)
	}

	d = start()
	d.waitFor(`Walker bc:09:63:e1:f4:a2`) // the card is back, labelled
	d.keys("P")
	d.waitFor(`pin:`)
	d.keys("-l", "Walker")
	d.keys("Enter")
	d.waitFor(`unpinned Walker`)
	d.quit()
	if saved, _ := os.ReadFile(filepath.Join(state, "mistwatch", "pins")); strings.Contains(string(saved), "bc:09:63:e1:f4:a2") {
		t.Fatalf("unpinned, yet remembered: %q", saved)
	}
}
