package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model/modeltest"
	"github.com/mistwatch/mistwatch/receiver"
)

// TestWriteRecord: the record file holds exactly the events asked for and
// reads back as a replay.
func TestWriteRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.ndjson")
	if err := writeRecord(path, 95, 10); err != nil {
		t.Fatal(err)
	}
	msgs, bad, err := receiver.ReadFile(path)
	if err != nil || len(bad) > 0 || len(msgs) != 10 {
		t.Fatalf("%d messages, %v, %v", len(msgs), bad, err)
	}
	n := 0
	for _, m := range msgs {
		evs, err := m.Events(m.Received)
		if err != nil {
			t.Fatal(err)
		}
		n += len(evs)
	}
	if n != 95 || msgs[1].Received.Sub(msgs[0].Received) != 10*time.Millisecond {
		t.Fatalf("%d events, messages %v apart; want 95, 10ms", n, msgs[1].Received.Sub(msgs[0].Received))
	}
}

// TestCPUTimeGrows: the CPU column reads this process's own time, which
// grows while it works.
func TestCPUTimeGrows(t *testing.T) {
	pid := os.Getpid()
	before := cpuTime(pid)
	deadline := time.Now().Add(10 * time.Second)
	for cpuTime(pid) <= before && time.Now().Before(deadline) {
		for i := 0; i < 1e6; i++ {
			sink += i
		}
	}
	if after := cpuTime(pid); after <= before {
		t.Fatalf("CPU time did not grow: %v then %v", before, after)
	}
	if cpuTime(0) != 0 {
		t.Fatal("pid 0 must read as unknown")
	}
}

var sink int

// TestScheduleKeepsTheRate: due times are exactly one interval apart and
// keep coming while nobody takes them, so a stalled receiver's delay is
// charged to every message due meanwhile.
func TestScheduleKeepsTheRate(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	due := make(chan time.Time, 100)
	const interval = time.Millisecond
	go schedule(ctx, due, interval)
	deadline := time.Now().Add(30 * time.Second)
	for len(due) < 20 && time.Now().Before(deadline) { // nobody takes them meanwhile
		time.Sleep(5 * time.Millisecond)
	}
	prev := <-due
	for i := 0; i < 19; i++ {
		at := <-due
		if at.Sub(prev) != interval {
			t.Fatalf("due times %v apart, want %v", at.Sub(prev), interval)
		}
		prev = at
	}
}

// TestCeilingReceivers: the inspector and the null receiver answer 200 to
// what they are sent;
// the decoder answers 200 to a message mistwatch decodes and 400 to one it
// cannot, so its figures include the decode, not a shortcut past it.
func TestCeilingReceivers(t *testing.T) {
	var msg bytes.Buffer
	modeltest.LoadMessage(&msg, 0, 10)
	for _, tc := range []struct {
		name    string
		handler http.Handler
		body    string
		want    int
	}{
		{"inspector", inspector(), msg.String(), 200},
		{"null", null(), `not JSON at all`, 200},
		{"decoder", decoder(), msg.String(), 200},
		{"decoder", decoder(), `{"topic":`, 400},
	} {
		rec := httptest.NewRecorder()
		tc.handler.ServeHTTP(rec, httptest.NewRequest("POST", "/", strings.NewReader(tc.body)))
		if rec.Code != tc.want {
			t.Errorf("%s, %.20q: %d, want %d", tc.name, tc.body, rec.Code, tc.want)
		}
	}
	if err := serveReceiver("127.0.0.1:0", "nosuch"); err == nil || !strings.Contains(err.Error(), "nosuch") {
		t.Fatalf("an unknown kind: %v", err)
	}
}

// TestDriveRecordsLateness: at a fixed rate every answered message has its
// lateness (sent after it was due, never before), so the "late p99" column
// describes the same messages as the latency columns.
func TestDriveRecordsLateness(t *testing.T) {
	srv := httptest.NewServer(null())
	defer srv.Close()
	var seq atomic.Uint64
	res := drive(srv.URL, config{senders: 2, perMessage: 1, duration: 200 * time.Millisecond, rate: 200}, &seq)
	if len(res.lat) == 0 || len(res.late) != len(res.lat) {
		t.Fatalf("%d latencies, %d latenesses; want as many, more than 0", len(res.lat), len(res.late))
	}
	for _, d := range res.late {
		if d < 0 {
			t.Fatalf("a message sent %v before it was due", -d)
		}
	}
	if unpaced := drive(srv.URL, config{senders: 1, perMessage: 1, duration: 50 * time.Millisecond}, &seq); len(unpaced.late) != 0 {
		t.Fatalf("unpaced: %d latenesses, want none (nothing is due)", len(unpaced.late))
	}
}
