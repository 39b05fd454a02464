package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// The demo survey's walkers, labelled as a surveyor would.
const (
	demoBob = "bc0963e1f4a2"
	demoAna = "4c4fee3a9d17"
)

func labelled(t *testing.T, labels map[string]string) *model.NameTable {
	t.Helper()
	nt := model.NewNameTable()
	for mac, l := range labels {
		if err := nt.Set(model.NameClient, mac, l); err != nil {
			t.Fatal(err)
		}
	}
	return nt
}

// runCmd runs a command and what it batches, returning the messages.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runCmd(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// cockpitModel is a dashboard with Bob and Ana pinned and labelled, the
// bell on and counted.
func cockpitModel(t *testing.T, w, h int, opts Options) (*Model, *int) {
	t.Helper()
	rings := 0
	opts.Capacity = 1000
	opts.Theme = theme.New(true, theme.DefaultGood, theme.DefaultPoor)
	opts.Source = "replay demo-survey.ndjson"
	opts.Pins = []string{demoBob, demoAna}
	opts.Names = labelled(t, map[string]string{demoBob: "Bob-iPhone", demoAna: "Ana-Pixel"})
	opts.Bell = true
	opts.Ring = func() { rings++ }
	if opts.QuietAfter == 0 {
		opts.QuietAfter = 30 * time.Second
	}
	m := New(opts)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m, &rings
}

// The follow panel over the demo survey, on every tab at both sizes.
func TestGoldenFollowPanel(t *testing.T) {
	msgs := demoMessages(t)
	for _, size := range [][2]int{{60, 14}, {60, 20}, {80, 24}, {160, 48}} {
		for _, tab := range []string{"1", "4"} {
			t.Run(fmt.Sprintf("%dx%d/tab%s", size[0], size[1], tab), func(t *testing.T) {
				m, _ := cockpitModel(t, size[0], size[1], Options{})
				for _, evs := range msgs {
					m.Update(EventsMsg(evs))
				}
				for _, c := range m.follow.cards {
					c.flashUntil = time.Time{} // alerts flash for two wall-clock seconds
				}
				m.Update(press(tab))
				v := screen(m)
				if lines := strings.Count(v, "\n") + 1; lines != size[1] {
					t.Fatalf("view is %d lines, want exactly %d", lines, size[1])
				}
				for i, l := range strings.Split(v, "\n") {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Fatalf("line %d is %d wide, over %d: %q", i, w, size[0], l)
					}
				}
				for _, want := range []string{"Bob-iPhone bc:09:63:e1:f4:a2", "Ana-Pixel 4c:4f:ee:3a:9d:17"} {
					if !strings.Contains(v, want) {
						t.Errorf("no card for %s:\n%s", want, v)
					}
				}
				golden.RequireEqual(t, []byte(v))
			})
		}
	}
}

func demoMessages(t *testing.T) [][]model.Event {
	t.Helper()
	m := demoModel(t, 80, 24) // checks the file reads cleanly
	var out [][]model.Event
	m.store.Each(func(e *model.Event) bool {
		out = append(out, []model.Event{*e})
		return true
	})
	return out
}

func TestFollowPanelShrinksOnShortTerminal(t *testing.T) {
	m, _ := cockpitModel(t, 80, 14, Options{})
	for _, evs := range demoMessages(t) {
		m.Update(EventsMsg(evs))
	}
	if h := m.follow.height(2); h != 2 {
		t.Fatalf("at 80x14 two cards take %d lines, want one each", h)
	}
	v := screen(m)
	lines := strings.Split(v, "\n")
	if !strings.Contains(lines[1], "Bob-iPhone") || !strings.Contains(lines[1], "dBm") || !strings.Contains(lines[2], "Ana-Pixel") {
		t.Fatalf("one-line cards under the tab bar:\n%s", v)
	}
	if got := strings.Count(v, "\n") + 1; got != 14 {
		t.Fatalf("%d lines", got)
	}
	m.Update(press("F"))
	if strings.Contains(strings.Split(screen(m), "\n")[1], "Bob-iPhone") {
		t.Fatalf("F hides the panel:\n%s", screen(m))
	}
}

func TestPinnedAlertsRingFlashAndSay(t *testing.T) {
	m, rings := cockpitModel(t, 120, 30, Options{})
	bob := func(i int, rssi float64) model.Event {
		e := join(i, "Corp", "A-1F-East", rssi)
		e.MAC, e.AP = demoBob, "5c5b35a01c40"
		return e
	}
	step := func(e model.Event) {
		t.Helper()
		_, cmd := m.Update(EventsMsg{e})
		runCmd(cmd)
	}
	step(bob(1, -60))
	if *rings != 0 {
		t.Fatalf("a good reading rang the bell")
	}
	step(bob(2, -80))
	if *rings != 1 || !strings.Contains(m.alertText, "⚠ Bob-iPhone poor signal -80 dBm") {
		t.Fatalf("poor: rings %d alert %q", *rings, m.alertText)
	}
	if !m.follow.card(demoBob).flashUntil.After(time.Now()) {
		t.Error("the card does not flash")
	}
	if !strings.Contains(screen(m), "⚠ Bob-iPhone poor signal -80 dBm") {
		t.Errorf("the status bar does not show the alert:\n%s", screen(m))
	}
	m.say("exported 3 rows to x.csv")
	if s := screen(m); !strings.Contains(s, "exported 3 rows") || !strings.Contains(s, "⚠ Bob-iPhone poor") {
		t.Errorf("an alert and a notice each keep their place:\n%s", s)
	}
	step(bob(3, -82))
	if *rings != 1 {
		t.Fatalf("the same poor episode rang again")
	}
	r := roam(4, "5c5b35a01c40", "5c5b35a02d80")
	r.MAC = demoBob
	step(r)
	if *rings != 2 || !strings.Contains(m.alertText, "Bob-iPhone roamed A-1F-East →") {
		t.Fatalf("roam: rings %d alert %q", *rings, m.alertText)
	}
	if !strings.Contains(screen(m), "roam A-1F-East → 5c:5b:35:a0:2d:80") {
		t.Errorf("the card shows no last roam:\n%s", screen(m))
	}
	m.Update(press("B"))
	if m.bell || !strings.Contains(m.com.notice, "bell off") {
		t.Fatal("B turns the bell off")
	}
	r2 := roam(5, "5c5b35a02d80", "5c5b35a01c40")
	r2.MAC = demoBob
	before := m.alertCount
	step(r2)
	if *rings != 2 || m.alertCount != before+1 || !strings.Contains(m.alertText, "roamed 5c:5b:35:a0:2d:80 →") {
		t.Fatalf("with the bell off: rings %d, alert %q (the alert still shows)", *rings, m.alertText)
	}
	other := join(6, "Corp", "A", -95) // not pinned
	step(other)
	if strings.Contains(m.alertText, "70:ef:00:71:00:06") {
		t.Error("an unpinned client alerted")
	}
}

func TestQuietAlertByWallClock(t *testing.T) {
	now := t0
	m, _ := cockpitModel(t, 120, 30, Options{Now: func() time.Time { return now }})
	e := join(1, "Corp", "A", -60)
	e.MAC, e.Time = demoAna, t0
	m.Update(EventsMsg{e})
	now = t0.Add(20 * time.Second)
	m.Update(tickMsg(now))
	if strings.Contains(m.alertText, "quiet") {
		t.Fatalf("quiet too early: %q", m.alertText)
	}
	now = t0.Add(45 * time.Second)
	m.Update(tickMsg(now))
	if !strings.Contains(m.alertText, "⚠ Ana-Pixel quiet 45s") || !strings.Contains(screen(m), "⚠ Ana-Pixel quiet 45s") {
		t.Fatalf("alert %q:\n%s", m.alertText, screen(m))
	}
	if !strings.Contains(screen(m), "quiet 45s") {
		t.Errorf("the card does not say quiet:\n%s", screen(m))
	}
}

func TestMarkerPrompt(t *testing.T) {
	var recorded []model.Event
	r := &fakeReplay{speed: 1}
	m, _ := cockpitModel(t, 120, 30, Options{Replay: r, RecordMarker: func(e *model.Event) error {
		recorded = append(recorded, *e)
		return nil
	}})
	e := join(7, "Corp", "A", -60)
	e.MAC = demoBob
	m.Update(EventsMsg{e})
	m.Update(press("m"))
	if m.prompt == nil || !strings.Contains(screen(m), "▼ marker:") {
		t.Fatalf("m opens the marker prompt:\n%s", screen(m))
	}
	for _, k := range []string{"R", "o", "o", "m", " ", "2", "1", "4"} { // typed keys are text, not commands
		m.Update(press(k))
	}
	m.Update(press("enter"))
	if m.prompt != nil {
		t.Fatal("enter closes the prompt")
	}
	if len(recorded) != 1 || recorded[0].Text != "Room 214" || !recorded[0].Time.Equal(e.Time) {
		t.Fatalf("recorded %+v: a replay's marker is stamped with the newest event time (%v)", recorded, e.Time)
	}
	if got := m.store.CountKind(model.KindMarker); got != 1 {
		t.Fatalf("%d markers stored", got)
	}
	m.Update(press("1"))
	if !strings.Contains(screen(m), "▼ Room 214") {
		t.Errorf("All shows no marker row:\n%s", screen(m))
	}
	m.Update(press("c")) // the marker row has no client...
	m.Update(press("2"))
	m.Update(press("c")) // ...the join has: its timeline lists the marker
	if tv, ok := m.top().(*timelineView); !ok || !strings.Contains(tv.view(), "▼ Room 214") {
		t.Fatalf("the timeline shows no marker:\n%s", screen(m))
	}
	m.Update(press("esc"))
	m.Update(press("m"))
	m.Update(press("esc"))
	if m.prompt != nil || m.store.CountKind(model.KindMarker) != 1 {
		t.Error("esc cancels without a marker")
	}
}

func TestPinPromptCompletesAndRemembers(t *testing.T) {
	var remembered [][]string
	m := New(Options{Capacity: 100, Theme: theme.New(true, -67, -75), RememberPins: func(macs, labels []string) error {
		remembered = append(remembered, append(append([]string{}, macs...), labels...))
		return nil
	}})
	m.Update(tea.WindowSizeMsg{Width: 140, Height: 30})
	a, b := join(1, "Corp", "A", -60), join(2, "Corp", "A", -61)
	a.MAC, b.MAC, b.Hostname = demoAna, demoBob, "bobs-phone"
	m.Update(EventsMsg{a, b})
	m.Update(press("P"))
	for _, k := range "9d17" {
		m.Update(press(string(k)))
	}
	if !strings.Contains(screen(m), "tab: 4c:4f:ee:3a:9d:17") {
		t.Fatalf("no completion:\n%s", screen(m))
	}
	m.Update(press("tab"))
	if got := m.prompt.input.Value(); got != "4c:4f:ee:3a:9d:17" {
		t.Fatalf("tab completed to %q", got)
	}
	m.Update(press("enter"))
	if !m.pins.has(demoAna) || len(remembered) != 1 || remembered[0][0] != demoAna {
		t.Fatalf("pinned %v, remembered %v", m.pins.order, remembered)
	}
	// By hostname, with a label.
	m.Update(press("P"))
	for _, k := range "bobs-phone=Bob" {
		m.Update(press(string(k)))
	}
	m.Update(press("enter"))
	if !m.pins.has(demoBob) || m.store.Names.Label(demoBob) != "Bob" {
		t.Fatalf("pins %v label %q", m.pins.order, m.store.Names.Label(demoBob))
	}
	if last := remembered[len(remembered)-1]; strings.Join(last, ",") != demoAna+","+demoBob+",,Bob" {
		t.Errorf("remembered %v", last)
	}
	if m.Update(press("2")); !strings.Contains(screen(m), "Bob ") {
		t.Errorf("the label does not show in the table:\n%s", screen(m))
	}
	// Unknown text: said, nothing pinned.
	m.Update(press("P"))
	for _, k := range "nobody" {
		m.Update(press(string(k)))
	}
	m.Update(press("enter"))
	if len(m.pins.order) != 2 || !strings.Contains(m.com.notice, "no client seen matches nobody") {
		t.Errorf("pins %v notice %q", m.pins.order, m.com.notice)
	}
	// p on a pinned row unpins, and the state forgets it.
	m.togglePin(demoAna)
	if last := remembered[len(remembered)-1]; len(last) != 2 || last[0] != demoBob {
		t.Errorf("after unpinning: remembered %v", last)
	}
}

func TestNamesFetchedAtStartAndOnCtrlR(t *testing.T) {
	var asked []string
	busy := false
	fetch := func(org string) tea.Cmd {
		if busy {
			return nil
		}
		asked = append(asked, org)
		return func() tea.Msg { return nil }
	}
	m := New(Options{Capacity: 100, Theme: theme.New(true, -67, -75), FetchNames: fetch})
	m.Update(tea.WindowSizeMsg{Width: 140, Height: 30})
	if m.Init(); len(asked) != 0 {
		t.Fatalf("no org known yet, but asked for %v", asked)
	}
	zone := join(1, "Corp", "A", -60)
	zone.Topic, zone.Kind, zone.OrgID, zone.ZoneID, zone.Trigger = "zone", model.KindZone, "org-1", "419bf358-b4e7-4357-b657-176468ce86fc", "enter"
	m.Update(EventsMsg{zone})
	m.Update(EventsMsg{join(2, "Corp", "A", -60)})
	if strings.Join(asked, ",") != "org-1" {
		t.Fatalf("the first org_id seen is fetched once: %v", asked)
	}
	names := model.NewNameTable()
	if err := names.Set(model.NameZone, zone.ZoneID, "Survey Lab"); err != nil {
		t.Fatal(err)
	}
	_, cmd := m.Update(NamesMsg{Table: names, Status: "names: 1 zone from the Mist API (7 calls)"})
	for _, msg := range runCmd(cmd) {
		m.Update(msg)
	}
	if s := screen(m); !strings.Contains(s, "enter zone Survey Lab") || !strings.Contains(s, "names: 1 zone") {
		t.Fatalf("fetched names must show at once:\n%s", s)
	}
	m.Update(NamesMsg{Err: fmt.Errorf("names: 401 Unauthorized (keeping the names we have)")})
	if s := screen(m); !strings.Contains(s, "enter zone Survey Lab") || !strings.Contains(s, "keeping the names we have") {
		t.Fatalf("a failed fetch keeps the names:\n%s", s)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlR})
	if strings.Join(asked, ",") != "org-1,org-1" {
		t.Fatalf("ctrl+r fetches again: %v", asked)
	}
	busy = true
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlR})
	if !strings.Contains(m.com.notice, "already running") {
		t.Errorf("notice %q", m.com.notice)
	}
	bare := New(Options{Capacity: 10, Theme: theme.New(true, -67, -75)})
	bare.Update(tea.KeyMsg{Type: tea.KeyCtrlR})
	if !strings.Contains(bare.com.notice, "Mist API token") {
		t.Errorf("without a token: %q", bare.com.notice)
	}
}
