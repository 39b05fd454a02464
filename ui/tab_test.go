package ui

import (
	"strings"
	"testing"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// filterRows applies a filter on a tab of the demo survey and returns how
// many rows it shows.
func filterRows(t *testing.T, m *Model, tab, filter string) int {
	t.Helper()
	m.Update(press("esc"))
	m.Update(press(tab))
	m.Update(press("/"))
	typeText(m, filter)
	m.Update(press("enter"))
	if m.filterErr != "" {
		t.Fatalf("filter %q: %s", filter, m.filterErr)
	}
	return len(m.current().base().table.ids)
}

// Issue 8 items 1–3: the filter finds what the columns show.
func TestFilterFindsWhatColumnsShow(t *testing.T) {
	m := demoModel(t, 160, 48)
	cases := []struct {
		tab, filter string
		atLeast     int
	}{
		{"2", "Galaxy", 1},            // Host / device shows "Android Galaxy S24"
		{"2", "iphone", 1},            // and "iPhone 15"
		{"2", `"iPhone iPhone"`, -1},  // the family is not repeated before the model
		{"3", `"Android Pixel"`, 1},   // a quoted phrase within the Device cell
		{"5", "type:rssizone", 1},     // the Type column shows "rssizone wifi"
		{"3", "type:roamed", 1},       // the Reason column
		{"5", "type:enter", 1},        // the Event column
		{"3", "Android Pixel", 1},     // two bare words still work
		{"4", "W-Office", 1},          // an AP name on the RSSI tab
		{"2", `"Pixel Android"`, -1},  // but a phrase must lie within one cell as written
		{"3", `"Pixel 8 Mist"`, -1},   // and never spans two cells
		{"2", "type:nothingsuch", -1}, // a field term still filters
	}
	for _, c := range cases {
		got := filterRows(t, m, c.tab, c.filter)
		if c.atLeast < 0 && got != 0 || c.atLeast > 0 && got < c.atLeast {
			t.Errorf("tab %s filter %s: %d rows, want %s", c.tab, c.filter, got, map[bool]string{true: "none", false: "some"}[c.atLeast < 0])
		}
		// Every row shown must show the word (bare words) somewhere in a cell.
		if word := strings.Trim(c.filter, `"`); c.atLeast > 0 && !strings.Contains(word, ":") {
			ts := m.current()
			for _, id := range ts.base().table.ids {
				if !containsFoldAny(strings.Join(ts.cells(id), "\x00"), strings.Fields(word)) {
					t.Errorf("tab %s filter %s: row %v shows none of it", c.tab, c.filter, ts.cells(id))
					break
				}
			}
		}
	}
}

func containsFoldAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(strings.ToLower(s), strings.ToLower(w)) {
			return true
		}
	}
	return false
}

// hostsTab is a seventh tab, defined in this one place: joins by hostname.
var hostsTab = eventSpec{title: "Hosts", table: "hosts", kinds: []model.Kind{model.KindJoin}, cols: []eventCol{
	timeCol(),
	{title: "Host", min: 10, flex: 1, field: "type",
		text: func(e *model.Event, _ *model.Names) string { return e.Hostname },
		csv:  []eventCSV{csvText("host", func(e *model.Event, _ *model.Names) string { return e.Hostname })}},
	{title: "RSSI", min: 4, right: true,
		text: func(e *model.Event, _ *model.Names) string { return rssiCell(e) },
		key:  func(e *model.Event, _ *model.Names) sortKey { return numKey(e.RSSI) },
		csv:  []eventCSV{csvRSSI}},
}}

func TestASeventhTabFromOneSpec(t *testing.T) {
	m := New(Options{Capacity: 100, Theme: theme.New(true, theme.DefaultGood, theme.DefaultPoor), ExportDir: t.TempDir(),
		tabs: []*eventSpec{&hostsTab}})
	m.Update(tea_size(120, 20))
	a, b, c := join(1, "Corp", "A", -50), join(2, "Corp", "B", -80), join(3, "Corp", "C", -65)
	a.Hostname, b.Hostname, c.Hostname = "printer-2", "laptop-9", "phone-4"
	m.Update(EventsMsg{a, b, c})
	m.Update(press("7"))
	v := screen(m)
	if !strings.Contains(v, "[7 Hosts 3]") || !strings.Contains(v, "laptop-9") || !strings.Contains(v, "1-7 go to tab") {
		t.Fatalf("the seventh tab should be shown, active, with its rows:\n%s", v)
	}
	m.Update(press("o")) // Time
	m.Update(press("o")) // Host
	m.Update(press("o")) // RSSI
	if got := strings.Join(hostOrder(m), ","); got != "laptop-9,phone-4,printer-2" {
		t.Fatalf("sorted by RSSI (weakest first): %s", got)
	}
	if got := filterRows(t, m, "7", "phone"); got != 1 {
		t.Fatalf("a bare word should find the Host column: %d rows", got)
	}
	if got := filterRows(t, m, "7", "type:print"); got != 1 {
		t.Fatalf("a field term should find the column that answers to it: %d rows", got)
	}
	recs := exportNow(t, m, "hosts")
	if !strings.Contains(screen(m), "exported 1 row to mistwatch-hosts-") {
		t.Errorf("one row exported is said as one row:\n%s", screen(m))
	}
	if len(recs) != 2 || strings.Join(recs[0], ",") != "time,host,rssi" || recs[1][1] != "printer-2" || recs[1][2] != "-50" {
		t.Fatalf("the export should be the filtered rows in the spec's columns: %v", recs)
	}
}

func hostOrder(m *Model) []string {
	var out []string
	ts := m.current()
	for _, id := range ts.base().table.ids {
		out = append(out, ts.cells(id)[1])
	}
	return out
}

// Issue 8 item 4: a pinned client is one row on the RSSI tab, counted once,
// and the cursor reaches it, so c, enter and p act on it.
func TestPinnedClientIsOneReachableRow(t *testing.T) {
	msgs := demoEvents(t)
	m := New(Options{Capacity: 1000, Theme: theme.New(true, theme.DefaultGood, theme.DefaultPoor), Pins: []string{"bc0963e1f4a2"}})
	m.Update(tea_size(120, 30))
	for _, evs := range msgs {
		m.Update(EventsMsg(evs))
	}
	m.Update(press("4"))
	v := screen(m)
	if n := rowsOf(v, "bc:09:63:e1:f4:a2"); n != 1 {
		t.Fatalf("the pinned client should show once, shows %d times:\n%s", n, v)
	}
	if !strings.Contains(v, " 8/8") {
		t.Fatalf("the counter should count the pinned client once (8/8):\n%s", v)
	}
	m.Update(press("g"))
	if id, _ := m.current().base().table.selectedID(); m.current().rowMAC(id) != "bc0963e1f4a2" {
		t.Fatalf("g should reach the pinned row, selected %q", m.current().rowMAC(id))
	}
	if !strings.Contains(screen(m), "›bc:09:63:e1:f4:a2") {
		t.Fatalf("the pinned row should be drawn selected:\n%s", screen(m))
	}
	m.Update(press("j"))
	m.Update(press("k"))
	if id, _ := m.current().base().table.selectedID(); m.current().rowMAC(id) != "bc0963e1f4a2" {
		t.Fatalf("k from the first row should go up into the strip")
	}
	m.Update(press("c"))
	if mode(m) != "timeline" || timelineOf(m).mac != "bc0963e1f4a2" {
		t.Fatalf("c on the pinned row should open its timeline, mode %s", mode(m))
	}
	m.Update(press("esc"))
	m.Update(press("p"))
	if m.pins.has("bc0963e1f4a2") || rowsOf(screen(m), "bc:09:63:e1:f4:a2") != 1 {
		t.Fatalf("p on the pinned row should unpin it, leaving one ordinary row:\n%s", screen(m))
	}
}

// rowsOf counts the table rows (lines that start with a gutter and then
// text) that begin with text.
func rowsOf(screen, text string) int {
	n := 0
	for _, l := range strings.Split(screen, "\n") {
		if r := []rune(l); len(r) > 1 && strings.HasPrefix(string(r[1:]), text) {
			n++
		}
	}
	return n
}
