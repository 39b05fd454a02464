package main

// End-to-end tests: the real binary, built once, run inside a private tmux
// server (tmux -L), fed webhooks over HTTP, its screen read back with
// capture-pane and keys sent with send-keys. Every wait polls for the
// expected text; none sleeps a fixed time and hopes.
//
// The tmux tests are skipped under -short, and when tmux is missing — except
// when CI is set, where a missing tmux is a failure: CI must run them.

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/ui"
)

// TestE2E runs each scenario on the binary.
func TestE2E(t *testing.T) {
	runE2E(t,
		e2eScenario{"live", testLive},
		e2eScenario{"replay", testReplay},
		e2eScenario{"plain", testPlain},
		e2eScenario{"startup-errors", testStartupErrors},
		e2eScenario{"survey", testSurvey},
		e2eScenario{"replay-controls", testReplayControls},
		e2eScenario{"signals", testSignals},
		e2eScenario{"plain-drain", testPlainDrain},
		e2eScenario{"names", testNames},
		e2eScenario{"cockpit", testCockpit},
		e2eScenario{"dashboard-names", testDashboardFetchesNames},
		e2eScenario{"pins-remembered", testPinsRemembered},
		e2eScenario{"mouse", testMouse},
		e2eScenario{"narrow", testNarrow},
	)
}

// testLive: webhooks POSTed to the listener show up in the tabs, the filter
// works, escapes in payloads never reach the terminal, /healthz counts, a bad
// POST is refused without harm, and q exits 0.
func testLive(t *testing.T, bin string) {
	addr := freeAddr(t)
	d := startDashboard(t, bin, "--listen", addr)
	url := "http://" + addr + "/"

	post(t, url, sample(t, "client-join.captured.json"), http.StatusOK) // SSID Pradeep_Guest
	post(t, url, join("SurveyNet", "a0b1c2d3e4f5", "5c5b35e2e002", "E2E-AP-Two", -58), http.StatusOK)
	post(t, url, join("\u001b[31mEVIL\u001b[0m\u001b[2J", "a0b1c2d3e4f6", "5c5b35e2e003", "E2E-AP-Three", -61), http.StatusOK)
	post(t, url, roam("a0b1c2d3e4f5", "5c5b35e2e001", "E2E-AP-One", "5c5b35e2e002"), http.StatusOK)
	post(t, url, sample(t, "zone.postman-doc.json"), http.StatusOK)   // 3 events
	post(t, url, sample(t, "alarms.juniper-doc.json"), http.StatusOK) // 1 event
	const goodPosts, events = 6, 8

	// All: every event, any topic.
	screen := d.waitFor(`1 All 8\b`)
	for _, want := range []string{`joined "Pradeep_Guest"`, `joined "SurveyNet"`, "zone", "alarms", "client-sessions"} {
		if !strings.Contains(screen, want) {
			t.Errorf("All tab lacks %q:\n%s", want, screen)
		}
	}

	// The SSID's escape sequences are stripped: the text shows, the escapes
	// do not — neither interpreted (red, screen clear) nor as leftovers.
	screen = d.waitFor(`joined "EVIL" on E2E-AP-Three`)
	for _, bad := range []string{"[31m", "[0m", "[2J"} {
		if strings.Contains(screen, bad) {
			t.Errorf("screen shows escape residue %q:\n%s", bad, screen)
		}
	}
	raw := d.capture("-e")
	for _, bad := range []string{"\x1b[31mEVIL", "[2J"} {
		if strings.Contains(raw, bad) {
			t.Errorf("payload escape %q reached the terminal:\n%q", bad, raw)
		}
	}

	d.keys("2")
	d.waitFor(`Time\s+Site\s+SSID\s+Client[\s\S]*SurveyNet`)
	d.keys("3")
	d.waitFor(`a0:b1:c2:d3:e4:f5\s+E2E-AP-One → E2E-AP-Two\s+roamed`)

	h := health(t, addr)
	if n, _ := h["messages"].(float64); n < goodPosts {
		t.Errorf("/healthz messages = %v, want ≥ %d (%v)", h["messages"], goodPosts, h)
	}
	if n, _ := h["events"].(float64); n < events {
		t.Errorf("/healthz events = %v, want ≥ %d (%v)", h["events"], events, h)
	}

	// A body that is not JSON is refused; the dashboard keeps serving.
	post(t, url, []byte("this is not json"), http.StatusBadRequest)
	post(t, url, join("LateNet", "a0b1c2d3e4f7", "5c5b35e2e002", "E2E-AP-Two", -70), http.StatusOK)
	d.keys("2")
	d.waitFor(`LateNet`)
	if h := health(t, addr); h["rejected_total"] != 1.0 {
		t.Errorf("/healthz rejected_total = %v, want 1 (%v)", h["rejected_total"], h)
	}

	// Filter: only SurveyNet stays on Joins. Type once the filter bar is open
	// (its placeholder example shows), then wait for the text before enter.
	d.keys("/")
	d.waitFor(`(?m)^/ site:hq`)
	d.keys("-l", "ssid:SurveyNet")
	d.waitFor(`(?m)^/ ssid:SurveyNet`)
	d.keys("Enter")
	d.waitUntil("only SurveyNet rows under filter: ssid:SurveyNet", func(s string) bool {
		return strings.Contains(s, "filter: ssid:SurveyNet") && strings.Contains(s, "SurveyNet ") &&
			!strings.Contains(s, "Pradeep_Guest") && !strings.Contains(s, "LateNet") && !strings.Contains(s, "EVIL")
	})

	d.quit()
}

// testReplay: the demo survey replayed shows roams with both AP names and an
// RSSI row per client.
func testReplay(t *testing.T, bin string) {
	d := startDashboard(t, bin, "replay", demoFile)
	d.keys("3")
	d.waitFor(`bc:09:63:e1:f4:a2\s+A-1F-Lobby → A-1F-Cafe\s+roamed`)
	d.keys("4")
	screen := d.waitFor(`Client\s+RSSI\s+Min/Avg/Max[\s\S]*bc:09:63:e1:f4:a2`)
	rows := regexp.MustCompile(`(?m)^.([0-9a-f]{2}:){5}[0-9a-f]{2}\s+-\d+[ ~!]`).FindAllString(screen, -1)
	if len(rows) < 5 {
		t.Errorf("RSSI tab lists %d clients, want at least 5:\n%s", len(rows), screen)
	}
	d.quit()
}

// testSurvey walks what a surveyor does with the demo survey: a pinned
// client on the RSSI tab, sorted by RSSI; that client's roams filtered on
// Roams; its timeline with the chart; both exported to CSV; help; q exits 0.
func testSurvey(t *testing.T, bin string) {
	const (
		mac    = "bc:09:63:e1:f4:a2"
		digits = "bc0963e1f4a2"
	)
	exportDir := t.TempDir()
	d := startDashboard(t, bin, "replay", "--export-dir", exportDir, "--pin", mac, demoFile)
	// Speed 0 loads the whole file at once: wait for it, so every tab is final.
	d.waitFor(`\bat \d\d:\d\d:\d\d 100% speed max\b`)

	// RSSI: a row per client with its dBm, the pinned client in the strip
	// right under the header.
	d.keys("4")
	screen := d.waitFor(`(?m)^ Client\s+RSSI\s+Min/Avg/Max.*\n•` + mac + `\s+-\d+[ ~!]`)
	rows := regexp.MustCompile(`(?m)^.([0-9a-f]{2}:){5}[0-9a-f]{2}\s+-\d+[ ~!]`).FindAllString(screen, -1)
	if len(rows) < 5 {
		t.Errorf("RSSI tab lists %d client rows with dBm, want at least 5:\n%s", len(rows), screen)
	}

	// o steps the sort column: Client, then RSSI, ascending.
	d.keys("o")
	d.waitFor(`(?m)^ Client▲\s+RSSI `)
	d.keys("o")
	screen = d.waitFor(`(?m)^ Client\s+RSSI▲ .*\n•` + mac + `\s+-\d+[ ~!]`)
	if got := tableRSSI(screen); len(got) < 5 || !slices.IsSorted(got) {
		t.Errorf("RSSI tab sorted by RSSI▲ shows RSSI %v, want at least 5 in ascending order:\n%s", got, screen)
	}

	// Roams, filtered to the pinned client: the cursor follows the newest row.
	d.keys("3")
	d.waitFor(`(?m)^ Time\s+Site\s+Client\s+AP → Next AP`)
	d.keys("/")
	d.waitFor(`(?m)^/ site:hq`)
	d.keys("-l", "mac:bc0963")
	d.waitFor(`(?m)^/ mac:bc0963`)
	d.keys("Enter")
	screen = d.waitUntil("only "+mac+" rows under filter: mac:bc0963, the cursor on one", func(s string) bool {
		if !strings.Contains(s, "filter: mac:bc0963 ") || !regexp.MustCompile(`(?m)^›.*`+mac).MatchString(s) {
			return false
		}
		for _, row := range regexp.MustCompile(`(?m)^.\d\d:\d\d:\d\d .*$`).FindAllString(s, -1) {
			if !strings.Contains(row, mac) {
				return false
			}
		}
		return true
	})
	shown := regexp.MustCompile(`filter: mac:bc0963 (\d+)/\d+`).FindStringSubmatch(screen)[1]

	// c opens the client's timeline: title, chart, and its first roam once
	// scrolled back up (it opens at the newest entries).
	d.keys("c")
	screen = d.waitFor(`Client timeline\s+` + mac + `[\s\S]*┤`)
	firstRoam := regexp.MustCompile(`(?m)^ \d\d:\d\d:\d\d\s+roam\s+A-1F-Lobby → A-1F-Cafe[,\s]`)
	for !firstRoam.MatchString(screen) {
		prev := screen
		d.keys("PPage")
		screen = d.waitUntil("a timeline line roam A-1F-Lobby → A-1F-Cafe (paging up)", func(s string) bool { return s != prev })
	}
	if !strings.Contains(screen, "┤") || !strings.Contains(screen, "Client timeline") {
		t.Errorf("scrolled timeline lost its title or chart:\n%s", screen)
	}

	// ctrl+s in the timeline exports the timeline.
	d.keys("C-s")
	timeline := waitExport(t, exportDir, "mistwatch-timeline-"+digits+"-*.csv", ui.CSVHeader("timeline"))
	if len(timeline) == 0 {
		t.Errorf("timeline export has no data rows")
	}
	d.keys("Escape")
	d.waitFor(`filter: mac:bc0963 \d+/\d+\s+exported \d+ rows to \S*mistwatch-timeline-` + digits + `-`)

	// ctrl+s on Roams exports the filtered view, and says where.
	d.keys("C-s")
	screen = d.waitFor(`filter: mac:bc0963 \d+/\d+\s+exported \d+ rows to \S*mistwatch-roams-`)
	said := regexp.MustCompile(`exported (\d+) rows`).FindStringSubmatch(screen)[1]
	roams := waitExport(t, exportDir, "mistwatch-roams-*.csv", ui.CSVHeader("roams"))
	if len(roams) == 0 {
		t.Errorf("roams export has no data rows")
	}
	if n := fmt.Sprint(len(roams)); n != said || n != shown {
		t.Errorf("roams export has %s data rows; the dashboard said %s and showed %s", n, said, shown)
	}
	for i, row := range roams {
		if !strings.Contains(strings.Join(row, ","), digits) {
			t.Errorf("roams export row %d is not the filtered client %s: %q", i+1, digits, row)
		}
	}

	// ? shows every key; any key closes it.
	d.keys("?")
	d.waitUntil("help with client timeline and export CSV", func(s string) bool {
		return strings.Contains(s, "mistwatch keys") && strings.Contains(s, "any key closes help") &&
			strings.Contains(s, "client timeline") && strings.Contains(s, "export CSV")
	})
	d.keys("x")
	d.waitUntil("help closed, Roams back", func(s string) bool {
		return !strings.Contains(s, "mistwatch keys") && strings.Contains(s, "filter: mac:bc0963 ")
	})

	d.quit()
}

// tableRSSI returns the RSSI column of the table rows on an RSSI-tab screen,
// in screen order, leaving out the pinned strip (its rows start with "•"
// right under the header; main-table rows of a pinned client do too, but
// come after a row that does not).
func tableRSSI(screen string) []int {
	row := regexp.MustCompile(`^(.)(?:[0-9a-f]{2}:){5}[0-9a-f]{2}\s+(-\d+)[ ~!]`)
	var got []int
	strip := true
	for _, line := range strings.Split(screen, "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if strip && m[1] == "•" {
			continue
		}
		strip = false
		v, _ := strconv.Atoi(m[2])
		got = append(got, v)
	}
	return got
}

// testReplayControls: at recorded pace, + doubles the speed, space pauses
// the replay clock and space resumes it; q exits 0.
func testReplayControls(t *testing.T, bin string) {
	d := startDashboard(t, bin, "replay", "--speed", "1", demoFile)
	at := regexp.MustCompile(`\bat (\d\d:\d\d:\d\d \d+%) `)
	d.waitFor(`\bat \d\d:\d\d:\d\d \d+% speed 1× `)
	d.keys("-l", "+")
	d.waitFor(`\bat \d\d:\d\d:\d\d \d+% speed 2× `)

	d.keys("Space")
	screen := d.waitFor(`PAUSED .*\bat \d\d:\d\d:\d\d \d+% speed 2× `)
	pos := at.FindStringSubmatch(screen)[1]
	// Nothing to wait for: the replay position must stay put. Watch it for a
	// second. (Not the events counter: the pump may still hand over, within
	// 50 ms, a batch played just before the pause.)
	for start := time.Now(); time.Since(start) < time.Second; time.Sleep(pollEvery) {
		s := d.capture()
		if m := at.FindStringSubmatch(s); !strings.Contains(s, "PAUSED") || m == nil || m[1] != pos {
			t.Fatalf("paused at %s, then the status bar moved on:\n%s%s", pos, s, d.diagnostics())
		}
	}

	d.keys("Space")
	d.waitUntil("the replay position to move on from "+pos+" after resuming", func(s string) bool {
		m := at.FindStringSubmatch(s)
		return !strings.Contains(s, "PAUSED") && strings.Contains(s, "FOLLOW") && m != nil && m[1] != pos
	})
	d.quit()
}

// testPlain: --plain prints one line per event and exits 0 at the end of
// the replay.
func testPlain(t *testing.T, bin string) {
	want := countEvents(t, demoFile)
	cmd := exec.Command(bin, "replay", "--plain", demoFile)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("replay --plain: %v\nstderr: %s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != want {
		t.Errorf("replay --plain printed %d lines, want %d (one per event)", len(lines), want)
	}
	line := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\t[a-z_-]+\t`)
	for i, l := range lines {
		if !line.MatchString(l) {
			t.Errorf("line %d is not <time>\\t<topic>\\t…: %q", i+1, l)
			break
		}
	}
}

// testSignals: SIGTERM and SIGINT, as kill or a service manager sends
// them, end the dashboard with status 0 and the terminal restored (the
// alternate screen left).
func testSignals(t *testing.T, bin string) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		d := startDashboard(t, bin, "--listen", freeAddr(t))
		shell, _ := d.tmux("display-message", "-p", "-t", "mw", "#{pane_pid}")
		out, err := exec.Command("pgrep", "-P", strings.TrimSpace(shell)).Output()
		if err != nil {
			t.Fatalf("finding the dashboard under the pane's shell %s: %v", shell, err)
		}
		pid, _ := strconv.Atoi(strings.Fields(string(out))[0])
		// Keep the pane after the program ends, to read its terminal state.
		if out, err := d.tmux("set-option", "-t", "mw", "remain-on-exit", "on"); err != nil {
			t.Fatalf("remain-on-exit: %v %s", err, out)
		}
		if err := syscall.Kill(pid, sig); err != nil {
			t.Fatal(err)
		}
		if got := d.waitExit(); got != "EXIT=0" {
			t.Errorf("after %v: %s, want EXIT=0%s", sig, got, d.diagnostics())
		}
		if alt, err := d.tmux("display-message", "-p", "-t", "mw", "#{alternate_on}"); err != nil || strings.TrimSpace(alt) != "0" {
			t.Errorf("after %v the terminal is still in the alternate screen (%q %v)", sig, alt, err)
		}
	}
}

// testPlainDrain: every message answered 200 is printed, even when a stop
// signal (SIGTERM, or SIGHUP as a closed terminal sends, SIGINT, SIGQUIT)
// arrives while webhooks are still coming in.
func testPlainDrain(t *testing.T, bin string) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT} {
		t.Run(sig.String(), func(t *testing.T) { testPlainDrainOn(t, bin, sig) })
	}
}

func testPlainDrainOn(t *testing.T, bin string, sig syscall.Signal) {
	addr := freeAddr(t)
	cmd := exec.Command(bin, "--plain", "--listen", addr)
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitHealthy(t, addr, stderr)
	deadline := time.Now().Add(waitTimeout)
	var accepted, sent atomic.Int64
	var wg sync.WaitGroup
	stopPosting := make(chan struct{})
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				select {
				case <-stopPosting:
					return
				default:
				}
				// Each message distinct: --plain prints a repeated event once.
				body := message("client-join", map[string]any{"mac": "70ef0071535f", "ssid": "Drain", "rssi": -60,
					"timestamp": 1793610000 + sent.Add(1)})
				resp, err := http.Post("http://"+addr+"/", "application/json", bytes.NewReader(body))
				if err != nil {
					return // the listener has closed
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					accepted.Add(1)
				}
			}
		}()
	}
	for accepted.Load() < 200 && time.Now().Before(deadline) {
		time.Sleep(pollEvery)
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	close(stopPosting)
	wg.Wait()
	if err != nil {
		t.Fatalf("--plain after %v: %v\n%s", sig, err, stderr.String())
	}
	printed := strings.Count(stdout.String(), "\n")
	if int64(printed) != accepted.Load() {
		t.Fatalf("%d messages were answered 200 but %d lines printed", accepted.Load(), printed)
	}
}

// testStartupErrors: a taken port and a missing replay file fail with one
// line on stderr and a non-zero status, before the terminal is touched.
func testStartupErrors(t *testing.T, bin string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cases := map[string][]string{
		"port taken":   {"--listen", ln.Addr().String()},
		"missing file": {"replay", filepath.Join(t.TempDir(), "missing.ndjson")},
	}
	for name, args := range cases {
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		cmd := exec.CommandContext(ctx, bin, args...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		cancel()
		msg := stderr.String()
		if code := cmd.ProcessState.ExitCode(); err == nil || code <= 0 {
			t.Errorf("%s: exit status %d (%v), want non-zero", name, code, err)
		}
		if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "mistwatch: ") {
			t.Errorf("%s: stderr is not one 'mistwatch: …' line: %q", name, msg)
		}
		if strings.Contains(msg, "goroutine") || strings.Contains(msg, "panic") {
			t.Errorf("%s: stderr shows a crash: %q", name, msg)
		}
	}
}
