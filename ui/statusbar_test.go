package ui

import (
	"strings"
	"testing"

	"github.com/mistwatch/mistwatch/theme"
)

// statsModel is a small dashboard whose status bar reads *stats at every
// tick, so a test can change what the sources report between ticks.
func statsModel(opts Options, stats *Stats) *Model {
	opts.Capacity = 10
	opts.Theme = theme.New(true, theme.DefaultGood, theme.DefaultPoor)
	opts.Stats = func() Stats { return *stats }
	return New(opts)
}

// A failing record file shows REC FAILED ahead of the counters for as long
// as it fails, and help says why.
func TestRecordFailedBadge(t *testing.T) {
	stats := Stats{RecordError: "record to /dev/full: no space left on device"}
	m := statsModel(Options{Recording: "/dev/full"}, &stats)
	m.Update(tickMsg{})
	m.resize(60, 20) // narrow: the tail of the status bar is cut
	if s := screen(m); !strings.Contains(s, "REC FAILED") {
		t.Fatalf("no REC FAILED badge on a 60-column screen:\n%s", s)
	}
	m.resize(160, 40)
	m.Update(press("?"))
	if s := screen(m); !strings.Contains(s, "no space left on device") {
		t.Fatalf("help does not say why recording fails:\n%s", s)
	}
	m.Update(press("?"))
	stats = Stats{}
	m.Update(tickMsg{})
	if s := screen(m); strings.Contains(s, "REC FAILED") {
		t.Fatalf("badge still shown once recording works again:\n%s", s)
	}
}

// A stream source shows where it is reading, and a NATS DOWN badge with the
// reason while it cannot read; the badge goes once it reads again.
func TestStreamSourceStatus(t *testing.T) {
	stats := Stats{Source: "nats 127.0.0.1:4222 stream MIST seq 812"}
	m := statsModel(Options{Source: "nats 127.0.0.1:4222 stream MIST"}, &stats)
	m.resize(160, 20)
	m.Update(tickMsg{})
	if s := screen(m); !strings.Contains(s, "stream MIST seq 812") || strings.Contains(s, "NATS DOWN") {
		t.Fatalf("want the stream position and no badge:\n%s", s)
	}
	stats.SourceDown = "NATS unavailable: connection refused"
	m.Update(tickMsg{})
	if s := screen(m); !strings.Contains(s, "NATS DOWN") || !strings.Contains(s, "connection refused") {
		t.Fatalf("want a NATS DOWN badge and the reason:\n%s", s)
	}
	m.resize(50, 20) // narrow: the badge outlives the details
	if s := screen(m); !strings.Contains(s, "NATS DOWN") {
		t.Fatalf("badge dropped on a narrow screen:\n%s", s)
	}
	m.resize(160, 20)
	stats.SourceDown = ""
	m.Update(tickMsg{})
	if s := screen(m); strings.Contains(s, "NATS DOWN") {
		t.Fatalf("badge still shown once reading again:\n%s", s)
	}
}

// An empty item is left out with its separator, whatever the width: a
// follow card's missing channel must not leave "a ·  · b".
func TestFitItemsLeavesOutEmptyItems(t *testing.T) {
	items := []statusItem{{text: "Corp", prio: prioNormal}, {text: "", prio: prioHigh}, {text: "AP-1", prio: prioLow}}
	for _, width := range []int{80, 11, 4} {
		want := map[int]string{80: "Corp · AP-1", 11: "Corp · AP-1", 4: "Corp"}[width]
		if got := fitItems(items, width, " · "); got != want {
			t.Errorf("fitItems at %d columns = %q, want %q", width, got, want)
		}
	}
}
