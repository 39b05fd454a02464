package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
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
	src, tm := startIntake(t, false, "--listen", "127.0.0.1:0", "--export-dir", t.TempDir())

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

// startIntake starts the sources for args as runDashboard does and runs the
// dashboard in teatest, fed through intake: main's wiring, minus the
// terminal. The sources are closed when the test ends.
func startIntake(t *testing.T, replay bool, args ...string) (*sources, *teatest.TestModel) {
	t.Helper()
	f, files, err := parseDashboardFlags(args, replay, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan []model.Event, channelDepth)
	src, err := startSources(f, files, events, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(src.close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	tm := teatest.NewTestModel(t, newDashboard(ctx, f, src), teatest.WithInitialTermSize(140, 30))
	intake(ctx, src, events, tm.Send)
	return src, tm
}

// waitScreen waits until what the program drew since the last wait, colour
// stripped, matches every pattern (the output is read once: what one wait
// saw, the next does not).
func waitScreen(t *testing.T, tm *teatest.TestModel, patterns ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		drawn := ansi.Strip(string(b))
		for _, p := range patterns {
			if !regexp.MustCompile(p).MatchString(drawn) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(waitTimeout), teatest.WithCheckInterval(20*time.Millisecond))
}

// TestIntakeFromReplay: the same wiring with a replay file as the source:
// every event is shown, the bad entry met while streaming reaches the
// status line, and q stops the replay source.
func TestIntakeFromReplay(t *testing.T) {
	demo, err := os.ReadFile(demoFile)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "survey.ndjson")
	if err := os.WriteFile(file, append(demo[:len(demo):len(demo)], "{not json\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	src, tm := startIntake(t, true, "--export-dir", t.TempDir(), file)

	waitScreen(t, tm, `1 All 671 +2 Joins 35`, `1 bad entry skipped`)
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	stopped := make(chan struct{})
	go func() { src.stopIntake(); close(stopped) }()
	select { // stopIntake returns once the replay source has ended
	case <-stopped:
	case <-time.After(30 * time.Second):
		t.Fatal("stopIntake did not return: the replay source still runs")
	}
}
