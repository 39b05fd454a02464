package main

// End-to-end test of a large replay in the TUI (issue 6 item 4): a record
// file of distinct events played with --speed 0 until the dashboard shows
// every one of them. CI runs 50,000 events; MISTWATCH_REPLAY_EVENTS=1000000
// is the run BENCHMARKS.md records.

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A distinct record's layout: messages of 10 events, client-join and
// client-sessions in turn. Every join's client is new; a session event i's
// client is number sessionClient(i), so they repeat every 50,000 events.
func sessionsMessage(first int) bool { return first/10%2 == 1 }

func sessionClient(i int) int { return i % 50000 }

// sessionClients is the client number of every client-sessions event among
// a distinct record's first n, in order.
func sessionClients(n int) []int {
	var out []int
	for first := 0; first < n; first += 10 {
		if sessionsMessage(first) {
			for i := first; i < first+10; i++ {
				out = append(out, sessionClient(i))
			}
		}
	}
	return out
}

// writeDistinctRecord writes a record file of n distinct events (n a
// multiple of 20), a millisecond apart, laid out as sessionsMessage says.
// It returns the number of distinct client MACs.
func writeDistinctRecord(t *testing.T, path string, n int) (clients int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for first := 0; first < n; first += 10 {
		msg := distinctJoins(first)
		if sessionsMessage(first) {
			msg = distinctSessions(first)
		} else {
			clients += 10
		}
		fmt.Fprintf(w, `{"received_at":%q,"message":%s}`+"\n", at.Add(time.Duration(first)*time.Millisecond).Format(time.RFC3339Nano), msg)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	macs := map[int]bool{}
	for _, k := range sessionClients(n) {
		macs[k] = true
	}
	return clients + len(macs)
}

// TestE2EReplayLarge: every event of a large record file reaches the
// tables, counted exactly (none dropped, none twice), and the time until the
// dashboard shows them all is logged (not asserted: the machine is shared).
func TestE2EReplayLarge(t *testing.T) {
	requireTmux(t)
	total := envCount(t, "MISTWATCH_REPLAY_EVENTS", 50000) / 20 * 20
	bin := e2eBinary(t)
	file := filepath.Join(t.TempDir(), "large.ndjson")
	clients := writeDistinctRecord(t, file, total)
	start := time.Now()
	d := startDashboard(t, bin, "replay", "--speed", "0", "--capacity", strconv.Itoa(total), file)
	pid := d.pid()
	waitReplayed(t, d, total)
	took := time.Since(start)
	t.Logf("%d events (%d clients) shown %.2f s after start; peak RSS %.0f MB, RSS now %.0f MB",
		total, clients, took.Seconds(), procMB(t, pid, "VmHWM"), rssMB(t, pid))
	for _, tab := range []struct {
		key  string
		rows int
	}{{"1", total}, {"2", total / 2}, {"3", total / 2}, {"4", clients}} {
		d.keys(tab.key)
		want := fmt.Sprintf(" %d/%d", tab.rows, tab.rows)
		d.waitUntil(fmt.Sprintf("tab %s counting %q", tab.key, want), func(s string) bool {
			return regexp.MustCompile(regexp.QuoteMeta(want) + `\b`).MatchString(s)
		})
	}
	d.quit()
}

// waitReplayed waits until the dashboard shows all total events of a
// replay and has finished loading.
func waitReplayed(t *testing.T, d *dashboard, total int) {
	t.Helper()
	all := regexp.MustCompile(fmt.Sprintf(`events %d\b`, total))
	var screen string
	eventually(t, 2*time.Minute+time.Duration(total)*100*time.Microsecond, func() bool {
		screen = d.capture()
		return all.MatchString(screen) && !strings.Contains(screen, "loading")
	}, func() string {
		return fmt.Sprintf("the dashboard does not show all %d events:\n%s%s", total, screen, d.diagnostics())
	})
}
