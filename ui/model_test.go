package ui

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/receiver"
	"github.com/mistwatch/mistwatch/theme"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC // golden files show times of day
	os.Exit(m.Run())
}

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// join builds a client-join event the way the decoder would.
func join(i int, ssid, ap string, rssi float64) model.Event {
	mac := fmt.Sprintf("70ef0071%04x", i%0x10000)
	raw := fmt.Sprintf(`{"mac":%q,"ssid":%q,"ap_name":%q,"rssi":%v,"timestamp":%d}`, mac, ssid, ap, rssi, i)
	return model.Event{Topic: "client-join", Kind: model.KindJoin, Time: t0.Add(time.Duration(i) * time.Second),
		SiteID: "site-1", SiteName: "HQ", MAC: mac, AP: fmt.Sprintf("5c5b35%06x", i%4), APName: ap, SSID: ssid,
		Band: model.Band5, RSSI: rssi, HasRSSI: true, Raw: []byte(raw)}
}

// joins makes n joins, numbered 1 to n, on SSID Corp at AP A.
func joins(n int) []model.Event {
	batch := make([]model.Event, 0, n)
	for i := 1; i <= n; i++ {
		batch = append(batch, join(i, "Corp", "A", -60))
	}
	return batch
}

func roam(i int, from, to string) model.Event {
	e := join(i, "Corp", "", -70)
	e.Topic, e.Kind = "client-sessions", model.KindSession
	e.AP, e.NextAP, e.Reason, e.Roam, e.Duration = from, to, model.ReasonRoamed, true, 42.5
	return e
}

func newTestModel(w, h int) *Model {
	m := New(Options{Capacity: 1000, Theme: theme.New(true, theme.DefaultGood, theme.DefaultPoor), Source: "listening http://127.0.0.1:8080"})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

func press(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func typeText(m *Model, s string) {
	for _, r := range s {
		m.Update(press(string(r)))
	}
}

func screen(m *Model) string { return ansi.Strip(m.View()) }

// mode names what has the keys: "table", "filter", or the open overlay.
func mode(m *Model) string {
	switch m.top().(type) {
	case nil:
		if m.filtering {
			return "filter"
		}
		return "table"
	case *detailView:
		return "detail"
	case *timelineView:
		return "timeline"
	case *picker:
		return "picker"
	case *helpView:
		return "help"
	}
	return "?"
}

func pickerOf(m *Model) *picker         { p, _ := m.top().(*picker); return p }
func timelineOf(m *Model) *timelineView { tv, _ := m.top().(*timelineView); return tv }

func TestTabSwitch(t *testing.T) {
	m := newTestModel(120, 30)
	m.Update(EventsMsg{join(1, "Corp", "AP-Lobby", -60), roam(2, "5c5b35000001", "5c5b35000002")})
	if got := len(m.tabs[tabAll].base().table.ids); got != 2 {
		t.Fatalf("All has %d rows, want 2", got)
	}
	m.Update(press("2"))
	if m.active != tabJoins || len(m.current().base().table.ids) != 1 {
		t.Fatalf("after 2: tab %d with %d rows, want Joins with 1", m.active, len(m.current().base().table.ids))
	}
	m.Update(press("tab"))
	if m.active != tabRoams || !strings.Contains(screen(m), "→") {
		t.Fatalf("tab should open Roams showing a roam arrow:\n%s", screen(m))
	}
	m.Update(tea.KeyMsg{Type: tea.KeyShiftTab})
	if m.active != tabJoins {
		t.Fatalf("shift+tab went to %d, want Joins", m.active)
	}
}

func TestRoamShowsLearnedNextAPName(t *testing.T) {
	m := newTestModel(160, 20)
	a := join(1, "Corp", "AP-Lobby", -60)
	a.AP = "5c5b35000001"
	b := join(2, "Corp", "AP-Cafe", -60)
	b.AP = "5c5b35000002"
	m.Update(EventsMsg{a, b, roam(3, "5c5b35000001", "5c5b35000002")})
	m.Update(press("3"))
	if s := screen(m); !strings.Contains(s, "AP-Lobby → AP-Cafe") {
		t.Fatalf("roam row should name both APs:\n%s", s)
	}
}

func TestFilterTypingAndErrors(t *testing.T) {
	m := newTestModel(120, 30)
	m.Update(EventsMsg{join(1, "Corp", "A", -60), join(2, "Guest", "B", -80), join(3, "Corp", "C", -72)})
	m.Update(press("/"))
	typeText(m, "ssid:guest")
	if got := len(m.tabs[tabAll].base().table.ids); got != 1 {
		t.Fatalf("ssid:guest shows %d rows, want 1", got)
	}
	m.Update(press("enter"))
	if mode(m) != "table" || m.query.String() != "ssid:guest" {
		t.Fatalf("enter should keep the filter, got mode %s query %q", mode(m), m.query.String())
	}
	if s := screen(m); !strings.Contains(s, "filter: ssid:guest") || !strings.Contains(s, "1/3") {
		t.Fatalf("filter line should show the query and shown/total:\n%s", s)
	}
	// A bad term is reported and the last good filter stays.
	m.Update(press("/"))
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(" bogus:x"), Paste: true})
	if m.filterErr == "" || !strings.Contains(m.filterErr, "bogus") {
		t.Fatalf("want an error naming the bad term, got %q", m.filterErr)
	}
	if got := len(m.tabs[tabAll].base().table.ids); got != 1 {
		t.Fatalf("a bad term must keep the last good filter; rows %d", got)
	}
	m.Update(press("esc"))
	if !m.query.Empty() || len(m.tabs[tabAll].base().table.ids) != 3 {
		t.Fatalf("esc should clear the filter: query %q rows %d", m.query.String(), len(m.tabs[tabAll].base().table.ids))
	}
	// New events are filtered as they arrive.
	m.Update(press("/"))
	typeText(m, "rssi<-70")
	m.Update(press("enter"))
	m.Update(EventsMsg{join(4, "Corp", "D", -90), join(5, "Corp", "E", -50)})
	if got := len(m.tabs[tabAll].base().table.ids); got != 3 {
		t.Fatalf("rssi<-70 should show 3 of 5, got %d", got)
	}
}

func TestPauseStoresButFreezes(t *testing.T) {
	m := newTestModel(120, 30)
	m.Update(EventsMsg{join(1, "Corp", "A", -60)})
	m.Update(press(" "))
	m.Update(EventsMsg{join(2, "Corp", "B", -60), join(3, "Corp", "C", -60)})
	if got := len(m.tabs[tabAll].base().table.ids); got != 1 {
		t.Fatalf("paused table changed: %d rows", got)
	}
	if m.store.Total() != 3 {
		t.Fatalf("paused events must still be stored: total %d", m.store.Total())
	}
	if !strings.Contains(screen(m), "PAUSED") || !strings.Contains(screen(m), "events 3") {
		t.Fatalf("status should say PAUSED and count 3 events:\n%s", screen(m))
	}
	m.Update(press(" "))
	if got := len(m.tabs[tabAll].base().table.ids); got != 3 {
		t.Fatalf("resume should show the held events: %d rows", got)
	}
}

func TestDetailShowsPrettyJSONAndEscReturns(t *testing.T) {
	m := newTestModel(100, 30)
	_, evs, err := model.DecodeMessage([]byte(`{"topic":"client-join","events":[{"mac":"70ef00710001","ssid":"Corp\u001b[2J\u009b31m","nested":{"k":1}}]}`), t0)
	if err != nil {
		t.Fatal(err)
	}
	m.Update(EventsMsg(evs))
	m.Update(press("enter"))
	if mode(m) != "detail" {
		t.Fatal("enter should open the detail view")
	}
	v := m.View()
	if !strings.Contains(v, `"nested": {`) || !strings.Contains(v, `"k": 1`) {
		t.Fatalf("detail should pretty-print the raw JSON:\n%s", v)
	}
	if strings.Contains(v, "\x1b[2J") || strings.Contains(v, "\u009b") {
		t.Fatal("an escape sequence from the payload reached the screen")
	}
	m.Update(press("esc"))
	if mode(m) != "table" {
		t.Fatal("esc should return to the table")
	}
}

func TestCursorStaysOnEventWhileRowsArrive(t *testing.T) {
	m := newTestModel(120, 30)
	m.Update(EventsMsg(joins(10)))
	m.Update(press("up"))
	m.Update(press("up"))
	tbl := m.tabs[tabAll].base().table
	want, _ := tbl.selectedID()
	if tbl.follow {
		t.Fatal("moving up must stop following")
	}
	m.Update(EventsMsg{join(11, "Corp", "A", -60), join(12, "Corp", "A", -60)})
	if got, _ := tbl.selectedID(); got != want {
		t.Fatalf("selection moved from event %d to %d when rows arrived", want, got)
	}
	if !strings.Contains(screen(m), "SCROLL") {
		t.Fatal("status should show the table is not following")
	}
	m.Update(press("G"))
	if got, _ := tbl.selectedID(); got != 12 || !tbl.follow {
		t.Fatalf("G should select the newest (12) and follow, got %d follow=%v", got, tbl.follow)
	}
}

func TestCursorSurvivesEviction(t *testing.T) {
	m := New(Options{Capacity: 5, Theme: theme.New(true, -67, -75)})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 24})
	m.Update(EventsMsg(joins(5)))
	m.Update(press("up")) // select event 4
	m.Update(EventsMsg{join(6, "Corp", "A", -60), join(7, "Corp", "A", -60)})
	tbl := m.tabs[tabAll].base().table
	if got, _ := tbl.selectedID(); got != 4 {
		t.Fatalf("selection should stay on event 4 after evicting 1-2, got %d", got)
	}
	if len(tbl.ids) != 5 || tbl.ids[0] != 3 {
		t.Fatalf("evicted rows should leave the table: %v", tbl.ids)
	}
	if !strings.Contains(screen(m), "evicted 2") {
		t.Fatalf("status should count evictions:\n%s", screen(m))
	}
}

func TestSanitisedSSIDNeverReachesScreenRaw(t *testing.T) {
	body := []byte(`{"topic":"client-join","events":[{"mac":"70ef0071535f","ssid":"\u001b[31mEVIL\u001b[0m\u001b[2J","ap_name":"\u009b2J AP","rssi":-50,"timestamp":1793610000}]}`)
	_, evs, err := model.DecodeMessage(body, t0)
	if err != nil {
		t.Fatal(err)
	}
	m := newTestModel(120, 30)
	m.Update(EventsMsg(evs))
	for _, tab := range []string{"1", "2", "4"} {
		m.Update(press(tab))
		v := m.View()
		if strings.Contains(v, "\x1b[2J") || strings.Contains(v, "\x1b[31m") || strings.Contains(v, "\u009b") {
			t.Fatalf("tab %s: raw escape from the payload on screen: %q", tab, v)
		}
		if !strings.Contains(v, "EVIL") && tab != "4" {
			t.Fatalf("tab %s: sanitised SSID should still show", tab)
		}
	}
}

// demoEvents decodes the demo survey, one batch per message.
func demoEvents(t *testing.T) [][]model.Event {
	t.Helper()
	msgs, bad, err := receiver.ReadFile("../testdata/demo-survey.ndjson")
	if err != nil || len(bad) > 0 {
		t.Fatalf("demo survey: %v %v", err, bad)
	}
	var out [][]model.Event
	for _, msg := range msgs {
		_, evs, err := model.DecodeMessage(msg.Body, msg.Received)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, evs)
	}
	return out
}

// demoModel loads the demo survey, as a user's replay would at --speed 0.
func demoModel(t *testing.T, w, h int) *Model {
	t.Helper()
	m := newTestModel(w, h)
	for _, evs := range demoEvents(t) {
		m.Update(EventsMsg(evs))
	}
	return m
}

// goldenSizes are the terminal sizes every golden view is checked at.
var goldenSizes = [][2]int{{60, 20}, {80, 24}, {100, 30}, {160, 48}}

// checkScreen asserts a view fills the terminal exactly, no line too wide,
// and matches its golden file.
func checkScreen(t *testing.T, v string, w, h int) {
	t.Helper()
	if lines := strings.Count(v, "\n") + 1; lines != h {
		t.Fatalf("view is %d lines, want exactly %d:\n%s", lines, h, v)
	}
	for i, l := range strings.Split(v, "\n") {
		if lw := ansi.StringWidth(l); lw > w {
			t.Fatalf("line %d is %d wide, over %d: %q", i, lw, w, l)
		}
	}
	golden.RequireEqual(t, []byte(v))
}

func TestGoldenViews(t *testing.T) {
	for _, size := range goldenSizes {
		for _, tab := range []string{"1", "2", "3", "4", "5", "6"} {
			t.Run(fmt.Sprintf("%dx%d/tab%s", size[0], size[1], tab), func(t *testing.T) {
				m := demoModel(t, size[0], size[1])
				m.Update(press(tab))
				checkScreen(t, screen(m), size[0], size[1])
			})
		}
	}
}

// Each overlay has its own golden files, at every size.
func TestGoldenOverlays(t *testing.T) {
	overlays := map[string][]string{
		"detail":   {"2", "enter"},
		"timeline": {"3", "c"},
		"picker":   {"W"},
		"help":     {"?"},
	}
	for _, size := range goldenSizes {
		for name, keys := range overlays {
			t.Run(fmt.Sprintf("%dx%d/%s", size[0], size[1], name), func(t *testing.T) {
				m := demoModel(t, size[0], size[1])
				for _, k := range keys {
					m.Update(press(k))
				}
				if mode(m) != name {
					t.Fatalf("keys %v should open %s, mode %s", keys, name, mode(m))
				}
				checkScreen(t, screen(m), size[0], size[1])
			})
		}
	}
}

func tea_ctrlS() tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyCtrlS} }

func tea_size(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

func mkdirAll(dir string) error { return os.MkdirAll(dir, 0o755) }
