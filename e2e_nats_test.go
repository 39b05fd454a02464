package main

// End-to-end tests of the relay and the stream-reading dashboards: the real
// binary, real NATS servers started in this process (receiver/natstest).

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/mistwatch/mistwatch/receiver"
	"github.com/mistwatch/mistwatch/receiver/natstest"
)

const relaySecret = "e2e-relay-secret"

func TestE2ENATS(t *testing.T) {
	requireTmux(t)
	runE2E(t,
		e2eScenario{"cluster", testNATSCluster},
		e2eScenario{"faults", testNATSFaults},
		e2eScenario{"credentials", testNATSCredentials},
	)
}

// relayProc is a `mistwatch relay` process.
type relayProc struct {
	addr   string
	cmd    *exec.Cmd
	stderr *syncBuffer
}

func startRelay(t *testing.T, bin string, args ...string) *relayProc {
	t.Helper()
	r := &relayProc{addr: freeAddr(t), stderr: &syncBuffer{}}
	r.cmd = exec.Command(bin, append([]string{"relay", "--listen", r.addr, "--secret", relaySecret}, args...)...)
	r.cmd.Stderr = r.stderr
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.cmd.Process.Kill(); _ = r.cmd.Wait() })
	waitUntil(t, "relay listening", func() bool { return strings.Contains(r.stderr.String(), "listening") })
	return r
}

// stop ends the relay with SIGTERM, which must exit 0 and say what it stored.
func (r *relayProc) stop(t *testing.T) {
	t.Helper()
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	if err := r.cmd.Wait(); err != nil {
		t.Errorf("relay on %s exited with %v:\n%s", r.addr, err, r.stderr.String())
	}
	if !strings.Contains(r.stderr.String(), "stopped;") {
		t.Errorf("relay did not say what it stored:\n%s", r.stderr.String())
	}
}

var relayClient = &http.Client{Timeout: 15 * time.Second}

// relayPost POSTs a signed body; status 0 means the request failed.
func relayPost(addr string, body []byte) (int, string) {
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Mist-Signature-v2", receiver.Sign(relaySecret, body))
	resp, err := relayClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(text))
}

func getHealth(addr string) (int, map[string]any) {
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	var h map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&h)
	return resp.StatusCode, h
}

// waitUntil polls cond, with a longer guard than waitTimeout: a JetStream
// cluster may hold an election first.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	eventually(t, 90*time.Second, cond, func() string { return "never happened: " + what })
}

// joinBatch is one message of client-joins, one per MAC id.
func joinBatch(ids ...int) []byte {
	events := make([]map[string]any, len(ids))
	for i, id := range ids {
		events[i] = map[string]any{"mac": fmt.Sprintf("%012x", id), "ssid": "Relay", "ap": "5c5b35e2e001",
			"rssi": -60, "timestamp": 1793610000, "site_id": "e2e0e2e0-0000-4000-8000-000000000001"}
	}
	b, _ := json.Marshal(map[string]any{"topic": "client-join", "events": events})
	return b
}

// macCounts counts each client MAC (as 12 hex digits) in the messages.
func macCounts(t *testing.T, bodies [][]byte) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, b := range bodies {
		var m struct{ Events []struct{ MAC string } }
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("message %.80s: %v", b, err)
		}
		for _, e := range m.Events {
			counts[e.MAC]++
		}
	}
	return counts
}

// plainMACs counts the client MACs in --plain lines ("… 00:00:00:01:e2:40 joined …").
func plainMACs(out string) map[string]int {
	counts := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 4 {
			continue
		}
		mac, _, _ := strings.Cut(fields[3], " ")
		counts[strings.ReplaceAll(mac, ":", "")]++
	}
	return counts
}

func recordedBodies(t *testing.T, path string) [][]byte {
	t.Helper()
	msgs, bad, err := receiver.ReadFile(path)
	if err != nil || len(bad) > 0 {
		t.Fatalf("record file %s: %v %v", path, err, bad)
	}
	var out [][]byte
	for _, m := range msgs {
		out = append(out, m.Body)
	}
	return out
}

func streamBodies(t *testing.T, urls string) [][]byte {
	t.Helper()
	link, err := receiver.DialNATS(receiver.NATSConfig{URL: urls})
	if err != nil {
		t.Fatal(err)
	}
	defer link.Close()
	waitUntil(t, "test client connected", link.Connected)
	// Right after the stream leader restarts, the cluster may still be
	// electing: JetStream's API then has "no responders" for a moment.
	var msgs []receiver.Message
	eventually(t, 30*time.Second, func() bool {
		msgs, err = receiver.ReadWindow(context.Background(), link, "MIST", nil, receiver.Window{})
		return err == nil || !strings.Contains(err.Error(), "no responders")
	}, func() string { return fmt.Sprintf("the stream still has no responders: %v", err) })
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, m := range msgs {
		out = append(out, m.Body)
	}
	return out
}

// checkOnce fails unless every MAC in want appears exactly once in got and
// got holds nothing else; it returns how many were missing and repeated.
func checkOnce(t *testing.T, who string, want map[string]bool, got map[string]int) (lost, dup int) {
	t.Helper()
	for mac := range want {
		if got[mac] == 0 {
			lost++
		}
	}
	for mac, n := range got {
		if n > 1 {
			dup += n - 1
		}
		if !want[mac] {
			t.Errorf("%s shows %s, which the stream does not hold", who, mac)
		}
	}
	if lost > 0 || dup > 0 {
		t.Errorf("%s: %d event(s) lost, %d duplicated", who, lost, dup)
	}
	return lost, dup
}

// testNATSCluster is the end-to-end run: two relays, a three-node
// JetStream cluster with an R3 stream, a --plain and a TUI dashboard (both
// --keep-duplicates, so only JetStream's de-duplication merges copies), 8
// senders and 100,000 events, the stream leader shut down and restarted
// meanwhile.
func testNATSCluster(t *testing.T, bin string) {
	c := natstest.RunCluster(t, 3)
	urls := c.URLs()
	relays := []*relayProc{
		startRelay(t, bin, "--nats", urls, "--replicas", "3", "--log-every", "0"),
		startRelay(t, bin, "--nats", urls, "--replicas", "3", "--log-every", "0"),
	}
	for _, r := range relays {
		waitUntil(t, "relay healthy (stream created)", func() bool { code, _ := getHealth(r.addr); return code == 200 })
	}
	dir := t.TempDir()
	tuiRecord := filepath.Join(dir, "tui.ndjson")
	tui := startDashboard(t, bin, "--nats", urls, "--keep-duplicates", "--record", tuiRecord)
	tui.waitUntil("attached to the stream", func(s string) bool {
		return strings.Contains(s, "stream MIST seq 0") && !strings.Contains(s, "NATS DOWN")
	})
	plainOut, err := os.Create(filepath.Join(dir, "plain.out"))
	if err != nil {
		t.Fatal(err)
	}
	plainErr := &syncBuffer{}
	plain := exec.Command(bin, "--nats", urls, "--plain", "--keep-duplicates", "--since", "1h")
	plain.Stdout, plain.Stderr = plainOut, plainErr
	if err := plain.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = plain.Process.Kill(); _ = plain.Wait() })

	// 9,900 messages of 10 events across the relays, and 1,000 one-event
	// messages each delivered to both relays: 100,000 distinct events.
	const batches, perBatch, both = 9900, 10, 1000
	type job struct {
		body  []byte
		addrs []string
		ids   []int
	}
	jobs := make(chan job)
	go func() {
		defer close(jobs)
		id := 0
		for i := 0; i < batches+both; i++ {
			var ids []int
			n := perBatch
			if i%10 == 9 && i/10 < both { // every tenth message, until 1,000 of them: one event to both relays
				n = 1
			}
			for k := 0; k < n; k++ {
				ids = append(ids, id)
				id++
			}
			addrs := []string{relays[i%2].addr}
			if n == 1 {
				addrs = []string{relays[0].addr, relays[1].addr}
			}
			jobs <- job{joinBatch(ids...), addrs, ids}
		}
	}()
	var (
		mu        sync.Mutex
		acked     = map[string]bool{} // events of a message answered 200
		posted    = map[string]bool{}
		refused   atomic.Int64 // 503s and dropped connections, each retried
		sent      atomic.Int64
		wg        sync.WaitGroup
		abandoned atomic.Int64
	)
	start := time.Now()
	for s := 0; s < 8; s++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				ok := false
				for _, addr := range j.addrs {
					// Like Mist, retry a refused delivery, up to a minute.
					for try := 0; try < 600; try++ {
						code, _ := relayPost(addr, j.body)
						if code == 200 {
							ok = true
							break
						}
						if code != 503 && code != 0 {
							t.Errorf("POST to %s = %d, want 200 or 503", addr, code)
							break
						}
						refused.Add(1)
						time.Sleep(100 * time.Millisecond)
					}
				}
				mu.Lock()
				for _, id := range j.ids {
					mac := fmt.Sprintf("%012x", id)
					posted[mac] = true
					if ok {
						acked[mac] = true
					}
				}
				mu.Unlock()
				if !ok {
					abandoned.Add(1)
				}
				sent.Add(1)
			}
		}()
	}
	// Shut the stream leader down a third of the way in, back at two thirds.
	waitUntil(t, "a third sent", func() bool { return sent.Load() > (batches+both)/3 })
	leader := c.StreamLeader("MIST")
	if leader == nil {
		t.Fatal("the R3 stream has no leader")
	}
	leader.Shutdown()
	t.Logf("stream leader %s shut down after %d messages", leader.Name(), sent.Load())
	waitUntil(t, "two thirds sent", func() bool { return sent.Load() > 2*(batches+both)/3 })
	leader.Start()
	t.Logf("%s restarted after %d messages", leader.Name(), sent.Load())
	wg.Wait()
	elapsed := time.Since(start)

	stream := macCounts(t, streamBodies(t, urls))
	streamEvents := 0
	for _, n := range stream {
		streamEvents += n
	}
	for mac := range acked {
		if stream[mac] != 1 {
			t.Errorf("event %s was answered 200 and is in the stream %d times, want 1", mac, stream[mac])
		}
	}
	inStream := map[string]bool{}
	for mac, n := range stream {
		if n > 1 {
			t.Errorf("event %s stored %d times: JetStream did not de-duplicate", mac, n)
		}
		if !posted[mac] {
			t.Errorf("stream holds %s, which was never posted", mac)
		}
		inStream[mac] = true
	}

	// Both dashboards show exactly what the stream holds.
	want := fmt.Sprintf(`events %d\b`, streamEvents)
	tui.waitFor(want)
	waitUntil(t, "--plain printed every event", func() bool {
		b, _ := os.ReadFile(plainOut.Name())
		return bytes.Count(b, []byte("\n")) >= streamEvents
	})
	time.Sleep(500 * time.Millisecond) // anything beyond would be a duplicate: give it a moment to show
	out, _ := os.ReadFile(plainOut.Name())
	plainLost, plainDup := checkOnce(t, "--plain dashboard", inStream, plainMACs(string(out)))
	tui.quit()
	tuiLost, tuiDup := checkOnce(t, "TUI dashboard (its record file)", inStream, macCounts(t, recordedBodies(t, tuiRecord)))
	_ = plain.Process.Signal(syscall.SIGTERM)
	if err := plain.Wait(); err != nil {
		t.Errorf("--plain exit: %v\n%s", err, plainErr.String())
	}
	for _, r := range relays {
		r.stop(t)
	}
	t.Logf("posted %d events in %d messages (+%d copies to the second relay) in %v by 8 senders; "+
		"acknowledged %d; refused and retried %d times; abandoned %d messages; stream holds %d events; "+
		"--plain showed %d (lost %d, duplicated %d); TUI showed %d (lost %d, duplicated %d)",
		len(posted), batches+both, both, elapsed.Round(time.Millisecond), len(acked), refused.Load(), abandoned.Load(),
		streamEvents, len(plainMACs(string(out))), plainLost, plainDup, streamEvents, tuiLost, tuiDup)
}

// testNATSFaults: NATS down when the relay and a dashboard start, then up;
// later down and up again under them. The relay never answers 200 for what
// it could not store, and the dashboard says so, then catches up.
func testNATSFaults(t *testing.T, bin string) {
	srv := natstest.Run(t)
	srv.Shutdown()
	relay := startRelay(t, bin, "--nats", srv.URL())
	tui := startDashboard(t, bin, "--nats", srv.URL())
	tui.waitFor(`NATS DOWN`)

	first := joinBatch(1)
	if code, text := relayPost(relay.addr, first); code != 503 || !strings.Contains(text, "NATS unavailable") {
		t.Fatalf("POST with NATS down = %d %q, want 503 NATS unavailable", code, text)
	}
	host := strings.TrimPrefix(srv.URL(), "nats://")
	if code, h := getHealth(relay.addr); code != 503 || !strings.Contains(fmt.Sprint(h["not_ready"]), host) {
		t.Errorf("/healthz with NATS down = %d %v, want 503 naming %s", code, h["not_ready"], host)
	}
	srv.Start()
	waitUntil(t, "relay stores once NATS is up (no restart)", func() bool { code, _ := relayPost(relay.addr, first); return code == 200 })
	if code, _ := getHealth(relay.addr); code != 200 {
		t.Errorf("/healthz after recovery = %d, want 200", code)
	}
	tui.waitUntil("the dashboard catches up and drops the badge", func(s string) bool {
		return strings.Contains(s, "events 1 ") && !strings.Contains(s, "NATS DOWN") && strings.Contains(s, "00:00:00:00:00:01")
	})

	srv.Shutdown()
	tui.waitFor(`NATS DOWN`)
	if code, _ := relayPost(relay.addr, joinBatch(2)); code != 503 {
		t.Errorf("POST with NATS gone = %d, want 503", code)
	}
	srv.Start()
	waitUntil(t, "relay stores again", func() bool { code, _ := relayPost(relay.addr, joinBatch(3)); return code == 200 })
	tui.waitUntil("the dashboard resumes after seq 1: one new event, nothing twice", func(s string) bool {
		return strings.Contains(s, "events 2 ") && strings.Contains(s, "seq 2") && !strings.Contains(s, "NATS DOWN")
	})
	if code, _ := relayPost(relay.addr, joinBatch(4)); code != 200 {
		t.Fatalf("POST = %d", code)
	}
	tui.waitFor(`events 3 `)
	if s := tui.capture(); strings.Contains(s, "00:00:00:00:00:02") {
		t.Errorf("the event answered 503 is shown:\n%s", s)
	}
	tui.quit()

	// A replay of the stream's window, as from a file.
	cmd := exec.Command(bin, "replay", "--nats", srv.URL(), "--since", "1h", "--plain")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("replay --nats: %v\n%s", err, stderr.String())
	}
	if got := plainMACs(string(out)); len(got) != 3 || got["000000000001"] != 1 || got["000000000003"] != 1 || got["000000000004"] != 1 {
		t.Errorf("replay --nats --since 1h printed %v, want events 1, 3 and 4 once each", got)
	}
	cmd = exec.Command(bin, "replay", "--nats", srv.URL(), "--since", "1h", "--topics", "zone", "--plain")
	if msg, err := cmd.CombinedOutput(); exitCode(err) != 1 || !strings.Contains(string(msg), "no messages in stream MIST") {
		t.Errorf("replay of an empty window: exit %d, %q; want 1 saying the window is empty", exitCode(err), msg)
	}
	relay.stop(t)
}

// testNATSCredentials: a wrong password is one line naming the server, for
// the dashboard and the relay alike, and nothing is retried.
func testNATSCredentials(t *testing.T, bin string) {
	srv := natstest.Run(t, func(o *server.Options) { o.Username, o.Password = "mw", "right" })
	url := strings.Replace(srv.URL(), "nats://", "nats://mw:wrong@", 1)
	host := strings.TrimPrefix(srv.URL(), "nats://")
	for _, args := range [][]string{{"--nats", url, "--plain"}, {"relay", "--nats", url, "--listen", freeAddr(t)}} {
		out, err := exec.Command(bin, args...).CombinedOutput()
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if exitCode(err) != 1 || len(lines) != 1 || !strings.Contains(lines[0], host) ||
			!strings.Contains(strings.ToLower(lines[0]), "authorization") || strings.Contains(lines[0], "wrong") {
			t.Errorf("%s %v: exit %d, %q; want exit 1 and one line naming %s and the refusal, no password", bin, args[0], exitCode(err), out, host)
		}
	}
}
