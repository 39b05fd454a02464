package main

import (
	"context"
	"io"
	"regexp"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/mistwatch/mistwatch/model"
)

// TestIntakeOverHTTP runs the dashboard as main wires it (startSources,
// newDashboard, intake), in teatest instead of a terminal, and posts real
// webhooks to its listener: what is accepted is on screen, what is refused
// is counted, and a notice from a source reaches the status line.
func TestIntakeOverHTTP(t *testing.T) {
	f, files, err := parseDashboardFlags([]string{"--listen", "127.0.0.1:0", "--export-dir", t.TempDir()}, false, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan []model.Event, channelDepth)
	src, err := startSources(f, files, events, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer src.close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tm := teatest.NewTestModel(t, newDashboard(ctx, f, src), teatest.WithInitialTermSize(140, 30))
	intake(ctx, src, events, tm.Send)

	url := "http://" + src.listener.addr + src.listener.path
	waitScreen(t, tm, regexp.QuoteMeta("listening "+url))
	post(t, url, join("Intake-Net", "70ef00715301", "5c5b35000009", "AP-Intake", -61), 200)
	post(t, url, roam("70ef00715301", "5c5b35000009", "AP-Intake", "5c5b3500000a"), 200)
	waitScreen(t, tm, `2 Joins 1 +3 Roams 1`)
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2")})
	waitScreen(t, tm, `Intake-Net +70:ef:00:71:53:01 +AP-Intake +5G +-61`)
	post(t, url, []byte(`{"topic": "client-join", "events": [`), 400)
	waitScreen(t, tm, `rejected 1`)
	src.say("a notice from a source")
	waitScreen(t, tm, `a notice from a source`)

	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	if n := src.counters.Stored.Load(); n != 2 {
		t.Errorf("the dashboard stored %d events, want the 2 accepted", n)
	}
}

// waitScreen waits until what the program drew since the last wait, colour
// stripped, matches pattern.
func waitScreen(t *testing.T, tm *teatest.TestModel, pattern string) {
	t.Helper()
	re := regexp.MustCompile(pattern)
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return re.MatchString(ansi.Strip(string(b))) },
		teatest.WithDuration(waitTimeout), teatest.WithCheckInterval(20*time.Millisecond))
}
