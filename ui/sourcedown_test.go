package ui

import (
	"strings"
	"testing"

	"github.com/mistwatch/mistwatch/theme"
)

// A stream source shows where it is reading, and a NATS DOWN badge with the
// reason while it cannot read; the badge goes once it reads again.
func TestStreamSourceStatus(t *testing.T) {
	stats := Stats{Source: "nats 127.0.0.1:4222 stream MIST seq 812"}
	m := New(Options{Capacity: 10, Theme: theme.New(true, theme.DefaultGood, theme.DefaultPoor),
		Source: "nats 127.0.0.1:4222 stream MIST", Stats: func() Stats { return stats }})
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
