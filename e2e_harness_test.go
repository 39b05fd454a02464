package main

// The harness behind the end-to-end tests: a dashboard in a private tmux
// server, polling waits, and small HTTP and payload helpers.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	// waitTimeout is the hang guard of every wait, never a timing
	// assertion: generous, since the tests share two cores with builds.
	waitTimeout = 30 * time.Second
	pollEvery   = 50 * time.Millisecond
	samples     = "../shared/samples"
	demoFile    = "testdata/demo-survey.ndjson"
)

// e2eScenario is one subtest of an end-to-end suite.
type e2eScenario struct {
	name string
	run  func(t *testing.T, bin string)
}

// runE2E runs each scenario as a parallel subtest on the binary.
func runE2E(t *testing.T, scenarios ...e2eScenario) {
	t.Helper()
	bin := e2eBinary(t)
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) { t.Parallel(); s.run(t, bin) })
	}
}

// e2eBuild is this tree's binary, built once for every test of the run.
var e2eBuild struct {
	once sync.Once
	path string
	err  error
}

// e2eBinary is $MISTWATCH_E2E_BIN (to run the tests against another build,
// e.g. one from before a fix, and see them fail), or this tree built once.
func e2eBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("MISTWATCH_E2E_BIN"); bin != "" {
		return bin
	}
	e2eBuild.once.Do(func() {
		e2eBuild.path = filepath.Join(testHome, "bin", "mistwatch")
		if out, err := exec.Command("go", "build", "-o", e2eBuild.path, ".").CombinedOutput(); err != nil {
			e2eBuild.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if e2eBuild.err != nil {
		t.Fatal(e2eBuild.err)
	}
	return e2eBuild.path
}

// eventually calls cond every pollEvery until it holds; after within it
// fails the test with lacking's account of what is still missing, asked
// only then (it may look at what cond saw last, or at a program now gone).
func eventually(t testing.TB, within time.Duration, cond func() bool, lacking func() string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v %s", within, lacking())
		}
		time.Sleep(pollEvery)
	}
}

// waitHealthy waits until the process listening on addr answers /healthz;
// stderr is its output, shown if it never does.
func waitHealthy(t testing.TB, addr string, stderr fmt.Stringer) {
	t.Helper()
	eventually(t, waitTimeout, func() bool { return healthy(addr) },
		func() string { return "nothing answers /healthz on " + addr + "; stderr:\n" + stderr.String() })
}

// dashboard is the binary running in a pane of a private tmux server.
type dashboard struct {
	t      *testing.T
	socket string // tmux -L name
	dir    string // holds the exit status and stderr files
}

// requireTmux skips under -short or without tmux; in CI a missing tmux fails.
func requireTmux(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end tmux test skipped under -short")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if ci := os.Getenv("CI"); ci != "" && ci != "false" && ci != "0" {
			t.Fatalf("CI=%s but tmux is not on PATH: CI must run the end-to-end tests", ci)
		}
		t.Skip("tmux not on PATH")
	}
}

// startDashboard runs bin with args in a 160×48 tmux pane, with TZ=UTC and
// NO_COLOR unset, and waits until the dashboard has drawn its tab bar.
func startDashboard(t *testing.T, bin string, args ...string) *dashboard {
	t.Helper()
	requireTmux(t)
	d := &dashboard{t: t, dir: t.TempDir(), socket: fmt.Sprintf("mistwatch-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())}
	quoted := []string{shellQuote(bin)}
	for _, a := range args {
		quoted = append(quoted, shellQuote(a))
	}
	script := fmt.Sprintf("unset NO_COLOR; TZ=UTC; export TZ; %s 2>%s; echo EXIT=$? >%s",
		strings.Join(quoted, " "), shellQuote(filepath.Join(d.dir, "stderr")), shellQuote(filepath.Join(d.dir, "exit")))
	cmd := exec.Command("tmux", "-L", d.socket, "-f", "/dev/null", "new-session", "-d", "-s", "mw", "-x", "160", "-y", "48", "sh", "-c", script)
	cmd.Env = tmuxEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	// tmux leaves its socket file behind when the server exits: remove it.
	sock, _ := d.tmux("display-message", "-p", "#{socket_path}")
	t.Cleanup(func() {
		_, _ = d.tmux("kill-server")
		if sock = strings.TrimSpace(sock); strings.HasSuffix(sock, d.socket) {
			os.Remove(sock)
		}
	})
	d.waitFor(`mistwatch\s+1 All \d`)
	return d
}

// tmuxEnv is the test's environment without NO_COLOR or a parent tmux.
func tmuxEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k != "NO_COLOR" && k != "TMUX" && k != "TMUX_PANE" && k != "TZ" {
			env = append(env, kv)
		}
	}
	return append(env, "TZ=UTC")
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (d *dashboard) tmux(args ...string) (string, error) {
	cmd := exec.Command("tmux", append([]string{"-L", d.socket}, args...)...)
	cmd.Env = tmuxEnv()
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// capture returns the visible screen; pass "-e" to keep escape sequences.
func (d *dashboard) capture(flags ...string) string {
	out, err := d.tmux(append([]string{"capture-pane", "-p", "-t", "mw"}, flags...)...)
	if err != nil {
		d.t.Fatalf("capture-pane: %v: %s%s", err, out, d.diagnostics())
	}
	return out
}

// keys sends tmux key names ("3", "Enter", "/"), or text as typed after "-l".
func (d *dashboard) keys(keys ...string) {
	d.t.Helper()
	if out, err := d.tmux(append([]string{"send-keys", "-t", "mw"}, keys...)...); err != nil {
		d.t.Fatalf("send-keys %q: %v: %s%s", keys, err, out, d.diagnostics())
	}
}

// escape presses Escape where it closes something, and waits until the
// screen shows it closed: a key sent straight after would reach the program
// in the same read as the Escape and be taken as alt+key (help then closed
// on "alt+enter" and the Enter that should open the detail was lost).
func (d *dashboard) escape() {
	d.t.Helper()
	before := d.capture()
	d.keys("Escape")
	d.waitUntil("a change after Escape", func(s string) bool { return s != before })
}

// waitFor polls the screen until the regular expression matches and returns
// that screen.
func (d *dashboard) waitFor(pattern string) string {
	d.t.Helper()
	re := regexp.MustCompile(pattern)
	return d.waitUntil("/"+pattern+"/", re.MatchString)
}

// waitUntil polls the screen every 50 ms until ok, failing after waitTimeout
// with the last screen.
func (d *dashboard) waitUntil(what string, ok func(screen string) bool) string {
	d.t.Helper()
	var screen string
	eventually(d.t, waitTimeout, func() bool { screen = d.capture(); return ok(screen) },
		func() string { return "the screen still lacks " + what + ":\n" + screen + d.diagnostics() })
	return screen
}

// quit presses q and waits for the program's exit status, which must be 0.
func (d *dashboard) quit() {
	d.t.Helper()
	d.keys("q")
	if got := d.waitExit(); got != "EXIT=0" {
		d.t.Errorf("after q: %s, want EXIT=0%s", got, d.diagnostics())
	}
}

// waitExit waits for the program to end and returns its "EXIT=n" line.
func (d *dashboard) waitExit() string {
	d.t.Helper()
	var b []byte
	eventually(d.t, waitTimeout, func() bool {
		var err error
		b, err = os.ReadFile(filepath.Join(d.dir, "exit"))
		return err == nil && strings.HasSuffix(string(b), "\n")
	}, func() string { return "no exit status:\n" + d.capture() + d.diagnostics() })
	return strings.TrimSpace(string(b))
}

// waitExport polls dir until exactly one file matches pattern and reads
// whole as CSV with the header want (a file still being written does not),
// and returns its data rows.
func waitExport(t *testing.T, dir, pattern string, want []string) [][]string {
	t.Helper()
	var rows [][]string
	var why string
	eventually(t, waitTimeout, func() bool { rows, why = readExport(filepath.Join(dir, pattern), want); return why == "" },
		func() string { return "no export " + filepath.Join(dir, pattern) + ": " + why })
	return rows
}

// readExport is one look for waitExport; why says what is not there yet.
func readExport(glob string, want []string) (rows [][]string, why string) {
	matches, err := filepath.Glob(glob)
	if err != nil || len(matches) != 1 {
		return nil, fmt.Sprintf("%d files match %v (%v)", len(matches), matches, err)
	}
	data, err := os.ReadFile(matches[0])
	if err != nil {
		return nil, err.Error()
	}
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, fmt.Sprintf("%s: %v\n%s", matches[0], err, data)
	}
	if len(records) == 0 {
		return nil, matches[0] + " is empty"
	}
	if !slices.Equal(records[0], want) {
		return nil, fmt.Sprintf("%s: header %q, want %q", matches[0], records[0], want)
	}
	return records[1:], ""
}

// diagnostics is what the program wrote to stderr and its exit status, if any.
func (d *dashboard) diagnostics() string {
	var b strings.Builder
	for _, name := range []string{"stderr", "exit"} {
		if data, err := os.ReadFile(filepath.Join(d.dir, name)); err == nil && len(data) > 0 {
			fmt.Fprintf(&b, "\n--- %s:\n%s", name, data)
		}
	}
	return b.String()
}

// freeAddr picks a free loopback port.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// post POSTs body as JSON and checks the status code.
func post(t *testing.T, url string, body []byte, want int) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("POST %.60s: status %d (%s), want %d", body, resp.StatusCode, strings.TrimSpace(string(text)), want)
	}
}

// health GETs /healthz, which must answer 200 with a JSON object.
func health(t *testing.T, addr string) map[string]any {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("GET /healthz: %v", err)
	}
	defer resp.Body.Close()
	var h map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /healthz: status %d, decode: %v", resp.StatusCode, err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET /healthz: Content-Type %q, want application/json", ct)
	}
	return h
}

func sample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(samples, name))
	if err != nil {
		t.Fatalf("sample payload (../shared must sit beside the repo): %v", err)
	}
	return b
}

func message(topic string, event map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"topic": topic, "events": []any{event}})
	return b
}

// join is a client-join shaped like the captured one.
func join(ssid, mac, ap, apName string, rssi int) []byte {
	return message("client-join", map[string]any{
		"ap": ap, "ap_name": apName, "band": "5", "mac": mac, "rssi": rssi,
		"site_id": "e2e0e2e0-0000-4000-8000-000000000001", "site_name": "E2E Site",
		"ssid": ssid, "timestamp": 1793610000, "version": 2,
	})
}

// roam is a client-sessions event that ended in a roam to next.
func roam(mac, ap, apName, next string) []byte {
	return message("client-sessions", map[string]any{
		"ap": ap, "ap_name": apName, "next_ap": next, "mac": mac, "band": "5",
		"termination_reason": 3, "duration": 42.5, "rssi": -71, "ssid": "SurveyNet",
		"client_family": "iPhone", "client_model": "iPhone 15", "client_os": "18.1",
		"site_id": "e2e0e2e0-0000-4000-8000-000000000001", "site_name": "E2E Site", "timestamp": 1793610060,
	})
}

// countEvents decodes a record-format file on its own and counts the rows
// the dashboard should show: one per event, one per alert_events entry of an
// occupancy alert.
func countEvents(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for dec := json.NewDecoder(f); dec.More(); {
		var rec struct {
			Message struct {
				Topic  string `json:"topic"`
				Events []struct {
					AlertEvents []json.RawMessage `json:"alert_events"`
				} `json:"events"`
			} `json:"message"`
		}
		if err := dec.Decode(&rec); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, e := range rec.Message.Events {
			if rec.Message.Topic == "occupancy-alerts" && len(e.AlertEvents) > 0 {
				n += len(e.AlertEvents)
			} else {
				n++
			}
		}
	}
	return n
}

func healthy(addr string) bool {
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
