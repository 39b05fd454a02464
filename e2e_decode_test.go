package main

// End-to-end tests of reading: replays that stream with a progress bar,
// resynchronising after broken JSON, and absurd numbers. Set
// MISTWATCH_E2E_BIN to run them against another build.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestE2EDecode(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end tests skipped under -short")
	}
	runE2E(t,
		e2eScenario{"replay-resync", testReplayResync},
		e2eScenario{"plain-progress", testPlainProgress},
		e2eScenario{"dashboard-progress", testDashboardProgress},
		e2eScenario{"absurd-numbers", testAbsurdNumbers},
	)
}

// testReplayResync (issue 7 item 6): six pretty-printed messages with
// GARBAGE after the third load all seven events, and stderr says what was
// skipped (before: 4 of 7, everything after the garbage lost).
func testReplayResync(t *testing.T, bin string) {
	pretty := "{\n  \"topic\": \"client-join\",\n  \"events\": [\n    {\"mac\": \"%012x\"}\n  ]\n}\n"
	var b strings.Builder
	for i := 1; i <= 6; i++ {
		if i == 4 {
			b.WriteString("GARBAGE\n{\n  \"topic\": \"client-join\",\n  \"events\": [{\"mac\": \"00000000000a\"}, {\"mac\": \"00000000000b\"}]\n}\n")
			continue
		}
		fmt.Fprintf(&b, pretty, i)
	}
	file := filepath.Join(t.TempDir(), "six.json")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "replay", "--plain", file)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("replay --plain: %v\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 7 {
		t.Errorf("%d events printed, want 7:\n%s", len(lines), out)
	}
	for _, mac := range []string{"00:00:00:00:00:03", "00:00:00:00:00:0a", "00:00:00:00:00:0b", "00:00:00:00:00:06"} {
		if !strings.Contains(string(out), mac) {
			t.Errorf("client %s missing from the output", mac)
		}
	}
	if want := "six.json:19: not valid JSON: invalid character 'G' looking for beginning of value; skipped 8 bytes to the next message at line 20"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr does not say what was skipped (%q):\n%s", want, stderr.String())
	}
}

// pacedRecordFile writes a record file of several read pieces (over 4 MiB)
// whose messages are a minute apart, so a replay at --speed 1 stays in the
// middle of reading it.
func pacedRecordFile(t *testing.T) (string, int64) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "paced.ndjson")
	var b strings.Builder
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	for i := 0; b.Len() < 6<<20; i++ {
		fmt.Fprintf(&b, `{"received_at":%q,"message":{"topic":"client-join","events":[`, at.Add(time.Duration(i)*time.Minute).Format(time.RFC3339))
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"mac":"70ef%08x","ap":"5c5b35000001","ssid":"corp","rssi":-60,"band":"5","site_name":"HQ","padding":"%s"}`,
				i*10+j, strings.Repeat("x", 40))
		}
		b.WriteString("]}}\n")
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return file, int64(b.Len())
}

// testPlainProgress: --plain reports a replay's loading progress on stderr
// while the file is being read.
func testPlainProgress(t *testing.T, bin string) {
	file, _ := pacedRecordFile(t)
	cmd := exec.Command(bin, "replay", "--plain", "--speed", "1", file)
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}()
	waitOutput(t, stderr, "stderr", "mistwatch: loading [")
	if !strings.Contains(stderr.String(), "events/s") {
		t.Errorf("progress without events/s:\n%s", stderr.String())
	}
}

// testDashboardProgress: the dashboard shows a progress bar with events/s
// in the status bar while a replay file is being read.
func testDashboardProgress(t *testing.T, bin string) {
	file, _ := pacedRecordFile(t)
	d := startDashboard(t, bin, "replay", "--speed", "1", file)
	d.waitFor(`loading [█░ ]+ \d+% \d+(\.\d+)?k? events/s`)
	d.quit()
}

// testAbsurdNumbers (issue 7 item 8): readings outside their physical range
// are not shown but counted in /healthz values_dropped (before: rssi 1e308
// printed as a 300-digit number, and nothing counted).
func testAbsurdNumbers(t *testing.T, bin string) {
	p := startPlain(t, bin)
	url := "http://" + p.addr + "/"
	post(t, url, []byte(`{"topic":"client-join","events":[{"mac":"70ef00000001","ap":"5c5b35000001","rssi":1e308,"channel":999}]}`), 200)
	post(t, url, []byte(`{"topic":"client-sessions","events":[{"mac":"70ef00000002","ap":"5c5b35000001","duration":-5,"rssi":-300}]}`), 200)
	post(t, url, []byte(`{"topic":"zone","events":[{"zone_id":"z1","name":"Lab","trigger":"enter","current_occupancy":-3,"mac":"70ef00000003"}]}`), 200)
	post(t, url, []byte(`{"topic":"client-join","events":[{"mac":"70ef00000004","ap":"5c5b35000001","rssi":-61,"channel":36}]}`), 200)
	eventually(t, waitTimeout, func() bool { return strings.Count(p.stdout.String(), "\n") >= 4 },
		func() string { return "4 events not printed:\n" + p.stdout.String() + "\n" + p.stderr.String() })
	if got := health(t, p.addr)["values_dropped"]; got != float64(5) {
		t.Errorf("/healthz values_dropped = %v, want 5 (rssi, channel, duration, rssi, occupancy)", got)
	}
	out := p.stdout.String()
	if m := regexp.MustCompile(`\d{10,}|[eE]\+\d{2,}|-300|999|-5s`).FindString(out); m != "" {
		t.Errorf("an absurd value reached the output (%q):\n%s", m, out)
	}
	if !strings.Contains(out, "-61") {
		t.Errorf("the sane reading -61 is missing:\n%s", out)
	}
}
