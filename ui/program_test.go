package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// TestWholeProgram runs the real bubbletea program with the pump in front
// of it, as main wires them: batches go into the channel, keys are typed,
// and the rendered output is read back.
func TestWholeProgram(t *testing.T) {
	m := New(Options{Capacity: 1000, Theme: theme.New(true, -67, -75), Source: "test"})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 30))
	in := make(chan []model.Event, 4)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go Pump(ctx, in, tm.Send, FlushInterval)

	in <- []model.Event{join(1, "Corp", "AP-Lobby", -60), join(2, "Guest", "AP-Cafe", -80)}
	in <- []model.Event{roam(3, "5c5b35000001", "5c5b35000002")}
	waitFor(t, tm, "3 Roams 1")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2")})
	waitFor(t, tm, "AP-Cafe")
	tm.Type("/")
	tm.Type("ssid:guest")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "filter: ssid:guest")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	final := tm.FinalModel(t).(*Model)
	if final.store.Total() != 3 || len(final.tabs[tabJoins].base().table.ids) != 1 {
		t.Fatalf("want 3 events stored and 1 guest join shown, got %d and %d", final.store.Total(), len(final.tabs[tabJoins].base().table.ids))
	}
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains([]byte(ansi.Strip(string(b))), []byte(text)) || strings.Contains(string(b), text)
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}
