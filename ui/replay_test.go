package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/theme"
)

// fakeReplay records what the keys asked of the replay player.
type fakeReplay struct {
	paused bool
	speed  float64
	at     time.Time
	done   int
}

func (f *fakeReplay) SetPaused(p bool)   { f.paused = p }
func (f *fakeReplay) Paused() bool       { return f.paused }
func (f *fakeReplay) SetSpeed(s float64) { f.speed = s }
func (f *fakeReplay) Speed() float64     { return f.speed }
func (f *fakeReplay) Position() (time.Time, int, int) {
	return f.at, f.done, 200
}

func TestReplayKeysDriveThePlayer(t *testing.T) {
	r := &fakeReplay{speed: 1, at: t0.Add(90 * time.Second), done: 50}
	m := New(Options{Capacity: 100, Theme: theme.New(true, -67, -75), Source: "replay demo.ndjson", Replay: r})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 30})
	if s := screen(m); !strings.Contains(s, "at 09:01:30 25%") || !strings.Contains(s, "speed 1×") {
		t.Fatalf("status should show recorded time, percent and speed:\n%s", s)
	}
	m.Update(press("+"))
	m.Update(press("+"))
	if r.speed != 4 {
		t.Fatalf("two + should make 4×, got %v", r.speed)
	}
	m.Update(press("-"))
	if r.speed != 2 || !strings.Contains(screen(m), "2×") {
		t.Fatalf("- should halve to 2× and show it, got %v", r.speed)
	}
	m.Update(press(" "))
	if !r.paused || !strings.Contains(screen(m), "PAUSED") {
		t.Fatal("space should pause the replay clock")
	}
	m.Update(press(" "))
	if r.paused {
		t.Fatal("space again should resume it")
	}
}

// Issue 8 item 11: a replay loaded at once shows no decaying live rate; a
// paced replay shows the rate it plays at.
func TestReplayAtOnceShowsNoRate(t *testing.T) {
	r := &fakeReplay{speed: 0, done: 200}
	m := New(Options{Capacity: 100, Theme: theme.New(true, -67, -75), Source: "replay demo.ndjson", Replay: r})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 30})
	m.Update(EventsMsg(joins(66)))
	m.Update(tickMsg(time.Now()))
	if s := screen(m); strings.Contains(s, "rate") || !strings.Contains(s, "events 66") {
		t.Fatalf("a replay loaded at once should show its events and no rate:\n%s", s)
	}
	r.speed = 2
	m.Update(tickMsg(time.Now()))
	if s := screen(m); !strings.Contains(s, "rate ") {
		t.Fatalf("a paced replay shows the rate it plays at:\n%s", s)
	}
}

func TestRateIsRightFromTheFirstSecond(t *testing.T) {
	var r rateMeter
	r.add(30)
	r.tick()
	if r.perSec != 30 {
		t.Fatalf("30 events in the first second is 30/s, got %v", r.perSec)
	}
	for i := 0; i < 12; i++ {
		r.add(10)
		r.tick()
	}
	if r.perSec != 10 {
		t.Fatalf("a steady 10/s should read 10/s once the window slides, got %v", r.perSec)
	}
}
