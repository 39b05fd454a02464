package ui

import (
	"encoding/json"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/theme"
)

func wheel(button tea.MouseButton) tea.MouseMsg {
	return tea.MouseMsg{Action: tea.MouseActionPress, Button: button, X: 10, Y: 5}
}

func leftClick(x, y int) tea.MouseMsg {
	return tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonLeft, X: x, Y: y}
}

// mouseModel is the demo survey with the mouse on, as main runs it.
func mouseModel(t *testing.T, w, h int) (*Model, *[]string) {
	t.Helper()
	m := demoModel(t, w, h)
	var copied []string
	m.opts.Mouse = true
	m.opts.Clipboard = func(text string) error { copied = append(copied, text); return nil }
	return m, &copied
}

// lineWith is the screen line holding text, and the column it starts at.
func lineWith(t *testing.T, m *Model, text string) (x, y int) {
	t.Helper()
	for y, l := range strings.Split(screen(m), "\n") {
		if x := strings.Index(l, text); x >= 0 {
			return len([]rune(l[:x])), y
		}
	}
	t.Fatalf("no line shows %q:\n%s", text, screen(m))
	return 0, 0
}

func TestMouseClickSelectsTabAndRow(t *testing.T) {
	m, _ := mouseModel(t, 100, 30)
	x, y := lineWith(t, m, "3 Roams")
	m.Update(leftClick(x+2, y))
	if m.active != tabRoams {
		t.Fatalf("a click on the Roams label should show Roams, tab %d", m.active)
	}
	rows := m.current().base().table
	_, y = lineWith(t, m, "A-2F-West → A-2F-Conf")
	m.Update(leftClick(30, y))
	id, _ := rows.selectedID()
	if cells := m.current().cells(id); !strings.Contains(strings.Join(cells, " "), "A-2F-West → A-2F-Conf") {
		t.Fatalf("the clicked row should be selected, got %v", cells)
	}
	if rows.follow {
		t.Error("selecting an older row by click should stop following")
	}
	if !strings.Contains(screen(m), "›") || !strings.Contains(strings.Split(screen(m), "\n")[y], "›") {
		t.Errorf("the selection mark should be on the clicked line %d:\n%s", y, screen(m))
	}
}

// A click on any tab's label shows that tab, in every form the tab bar
// takes as the width shrinks; a click on the program name shows none.
func TestMouseClickOnEachTabLabel(t *testing.T) {
	for _, w := range []int{160, 100, 80, 60} {
		m, _ := mouseModel(t, w, 30)
		bar := strings.Split(screen(m), "\n")[0]
		if strings.HasPrefix(bar, "mistwatch ") {
			m.active = tabRoams
			m.Update(leftClick(1, 0))
			if m.active != tabRoams {
				t.Errorf("%d columns: a click on the program name showed tab %d", w, m.active)
			}
		}
		clicked := 0
		for i, tb := range m.tabs {
			at := strings.Index(bar, tb.name()+" ")
			if at < 0 {
				continue // cut off the right edge
			}
			m.active = (i + 1) % len(m.tabs)
			m.Update(leftClick(len([]rune(bar[:at])), 0))
			if m.active != i {
				t.Errorf("%d columns: a click on %q showed tab %d, want %d:\n%s", w, tb.name(), m.active, i, bar)
			}
			clicked++
		}
		if clicked < 3 {
			t.Errorf("%d columns: only %d tab labels found on the bar:\n%s", w, clicked, bar)
		}
	}
}

func TestMouseWheelScrollsTableAndOverlays(t *testing.T) {
	m, _ := mouseModel(t, 100, 30)
	m.Update(press("2"))
	rows := m.current().base().table
	before := rows.cursor
	m.Update(wheel(tea.MouseButtonWheelUp))
	if rows.cursor != before-wheelLines || rows.follow {
		t.Fatalf("wheel up should move %d rows up and stop following: cursor %d → %d", wheelLines, before, rows.cursor)
	}
	m.Update(wheel(tea.MouseButtonWheelDown))
	if rows.cursor != before {
		t.Fatalf("wheel down should come back: cursor %d, want %d", rows.cursor, before)
	}

	m.Update(tea_size(100, 10)) // the event's JSON is longer than the screen
	m.Update(press("enter"))
	d := m.top().(*detailView)
	m.Update(wheel(tea.MouseButtonWheelDown))
	if d.vp.YOffset != wheelLines {
		t.Fatalf("wheel down should scroll the detail view by %d lines, offset %d", wheelLines, d.vp.YOffset)
	}
	m.Update(press("esc"))

	m.Update(press("?"))
	m.Update(wheel(tea.MouseButtonWheelDown))
	if mode(m) != "help" {
		t.Fatalf("the wheel must scroll help, not close it: mode %s", mode(m))
	}
	m.Update(press("esc"))
	m.Update(press("W"))
	p := pickerOf(m)
	m.Update(wheel(tea.MouseButtonWheelDown))
	if p.cursor != min(wheelLines, len(p.shown)-1) {
		t.Fatalf("wheel down should move the picker's choice: %d", p.cursor)
	}
}

func TestNoMouseIgnoresMouseInput(t *testing.T) {
	m := demoModel(t, 100, 30) // Options.Mouse false: --no-mouse
	x, y := lineWith(t, m, "3 Roams")
	m.Update(leftClick(x+2, y))
	m.Update(wheel(tea.MouseButtonWheelUp))
	if m.active != tabAll || !m.current().base().table.follow {
		t.Fatalf("with --no-mouse a click and the wheel must change nothing: tab %d, following %v", m.active, m.current().base().table.follow)
	}
	m.Update(press("?"))
	if strings.Contains(screen(m), "shift+drag") {
		t.Error("help speaks of the mouse although it is off")
	}
}

func TestCopyMACAndJSON(t *testing.T) {
	m, copied := mouseModel(t, 160, 48)
	m.Update(press("2"))
	m.Update(press("y"))
	mac := m.current().rowMAC(m.current().base().table.ids[m.current().base().table.cursor])
	if len(*copied) != 1 || strings.ReplaceAll((*copied)[0], ":", "") != mac || !strings.Contains((*copied)[0], ":") {
		t.Fatalf("y should copy the selected row's MAC %s, copied %q", mac, *copied)
	}
	if !strings.Contains(screen(m), "copied "+(*copied)[0]+" to the clipboard") {
		t.Errorf("y should say what it copied:\n%s", screen(m))
	}
	m.Update(press("enter"))
	m.Update(press("y"))
	var event map[string]any
	if len(*copied) != 2 || json.Unmarshal([]byte((*copied)[1]), &event) != nil || event["mac"] == nil {
		t.Fatalf("y in the detail view should copy the event's JSON, copied %q", (*copied)[1:])
	}
	m.Update(press("c"))
	m.Update(press("y"))
	if len(*copied) != 3 || (*copied)[2] != (*copied)[0] {
		t.Fatalf("y in the client's timeline should copy its MAC %s, copied %q", (*copied)[0], (*copied)[2:])
	}
	m.Update(press("esc"))
	m.Update(press("esc"))
	m.Update(press("?"))
	if v := screen(m); !strings.Contains(v, "shift+drag selects text") || !strings.Contains(v, "copy MAC") {
		t.Errorf("help should list y and say how to select text with the mouse on:\n%s", v)
	}
}

func TestOSC52(t *testing.T) {
	if got := OSC52("a\x1b]0;x\a"); got != "\x1b]52;c;YRtdMDt4Bw==\a" {
		t.Fatalf("OSC52: %q (the text must travel base64-encoded)", got)
	}
}

// A click reaches the pinned strip above the RSSI table, so c, enter and
// p can act on the pinned client after a click too; the follow panel's
// cards above it move the rows down, and the click still lands.
func TestMouseClickSelectsPinnedStripRow(t *testing.T) {
	m := New(Options{Capacity: 1000, Theme: theme.New(true, theme.DefaultGood, theme.DefaultPoor),
		Pins: []string{"bc0963e1f4a2"}, Mouse: true})
	m.Update(tea_size(120, 40))
	for _, evs := range demoEvents(t) {
		m.Update(EventsMsg(evs))
	}
	m.Update(press("4"))
	if m.follow.height(1) == 0 {
		t.Fatal("a pinned client's card should show above the table")
	}
	_, y := lineWith(t, m, "•bc:09:63:e1:f4:a2")
	m.Update(leftClick(5, y))
	if id, ok := m.current().base().table.selectedID(); !ok || m.current().rowMAC(id) != "bc0963e1f4a2" {
		t.Fatalf("a click on the pinned strip should select the pinned client:\n%s", screen(m))
	}
	if !strings.Contains(screen(m), "›bc:09:63:e1:f4:a2") {
		t.Fatalf("the pinned row should be drawn selected:\n%s", screen(m))
	}
	_, y = lineWith(t, m, "f4:c2:48:1b:66:d3")
	m.Update(leftClick(5, y))
	if id, _ := m.current().base().table.selectedID(); m.current().rowMAC(id) != "f4c2481b66d3" {
		t.Fatalf("a click below the strip should select that client:\n%s", screen(m))
	}
}

// A click on a column's title sorts by it, a second click the other way.
func TestMouseClickOnTitleSorts(t *testing.T) {
	m, _ := mouseModel(t, 160, 48)
	for _, c := range []struct{ tab, title string }{{"4", "Seen"}, {"3", "Dur"}} {
		m.Update(press(c.tab))
		x, y := lineWith(t, m, c.title)
		m.Update(leftClick(x, y))
		ts := m.current().base()
		if ts.sort.col < 0 || ts.table.cols[ts.sort.col].title != c.title || ts.sort.desc {
			t.Fatalf("tab %s: a click on %s should sort by it, sort %+v", c.tab, c.title, ts.sort)
		}
		ids := ts.table.ids
		if first, last := m.current().sortKey(ids[0], ts.sort.col), m.current().sortKey(ids[len(ids)-1], ts.sort.col); last.less(first) {
			t.Fatalf("tab %s: the rows should be in %s order: %+v before %+v", c.tab, c.title, first, last)
		}
		if !strings.Contains(screen(m), c.title+"▲") {
			t.Fatalf("tab %s: the header should show %s▲:\n%s", c.tab, c.title, screen(m))
		}
		m.Update(leftClick(x, y))
		if !ts.sort.desc || !strings.Contains(screen(m), c.title+"▼") {
			t.Fatalf("tab %s: a second click should reverse the sort, sort %+v", c.tab, ts.sort)
		}
	}
	m.Update(press("2"))
	_, y := lineWith(t, m, "Time")
	m.Update(leftClick(0, y)) // the gutter: no column
	if m.current().base().sort.col >= 0 {
		t.Fatal("a click beside the columns should not sort")
	}
}

// A click on a picker's value picks it, as enter would; a click beside
// the list picks nothing.
func TestMouseClickPicks(t *testing.T) {
	m, _ := mouseModel(t, 100, 30)
	m.Update(press("W"))
	_, y := lineWith(t, m, "│  HQ-Guest")
	m.Update(leftClick(40, y-3)) // the title line: nothing
	if mode(m) != "picker" {
		t.Fatalf("a click off the list should keep the picker open, mode %s", mode(m))
	}
	m.Update(leftClick(40, y))
	if mode(m) != "table" || m.query.String() != "ssid:=HQ-Guest" {
		t.Fatalf("a click on HQ-Guest should pick it: mode %s, filter %q", mode(m), m.query.String())
	}
}

// The picker's list is found from the layout: at heights that leave an
// odd or even number of spare lines, or none, a click on each value picks
// that value.
func TestMouseClickPicksAtEveryHeight(t *testing.T) {
	for _, h := range []int{30, 29, 17, 12} {
		m, _ := mouseModel(t, 100, h)
		m.Update(press("W"))
		values := []string{}
		for _, it := range m.top().(*picker).shown {
			values = append(values, it.value)
		}
		m.Update(press("esc"))
		for _, v := range values[:min(len(values), max(h-10, 3))] { // those the list shows

			m.Update(press("W"))
			_, y := lineWith(t, m, v+" ")
			m.Update(leftClick(30, y))
			if want := "ssid:=" + v; mode(m) != "table" || m.query.String() != want {
				t.Fatalf("height %d: a click on line %d (%s) left mode %s, filter %q; want %q:\n%s", h, y, v, mode(m), m.query.String(), want, screen(m))
			}
			m.Update(press("esc")) // clear the filter for the next pick
		}
	}
}
