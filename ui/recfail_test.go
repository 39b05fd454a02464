package ui

import (
	"strings"
	"testing"

	"github.com/mistwatch/mistwatch/theme"
)

// A failing record file shows REC FAILED ahead of the counters for as long
// as it fails, and help says why.
func TestRecordFailedBadge(t *testing.T) {
	stats := Stats{RecordError: "record to /dev/full: no space left on device"}
	m := New(Options{Capacity: 10, Theme: theme.New(true, theme.DefaultGood, theme.DefaultPoor),
		Recording: "/dev/full", Stats: func() Stats { return stats }})
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
