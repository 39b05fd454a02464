package ui

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

func TestPickerNarrowApplyCancel(t *testing.T) {
	m := newTestModel(120, 30)
	a, b, c := join(1, "Corp", "A", -60), join(2, "Guest Net", "B", -60), join(3, "Corp", "C", -60)
	m.Update(EventsMsg{a, b, c})
	m.Update(press("W"))
	if mode(m) != "picker" || len(pickerOf(m).shown) != 2 || pickerOf(m).shown[0].value != "Corp" || pickerOf(m).shown[0].count != 2 {
		t.Fatalf("SSID picker should list Corp (2) first, then Guest Net: %+v", pickerOf(m).shown)
	}
	typeText(m, "gue")
	if len(pickerOf(m).shown) != 1 || pickerOf(m).shown[0].value != "Guest Net" {
		t.Fatalf("typing should narrow to Guest Net: %+v", pickerOf(m).shown)
	}
	m.Update(press("enter"))
	if mode(m) != "table" || m.query.String() != `ssid:="Guest Net"` {
		t.Fatalf("enter should apply ssid:=\"Guest Net\", got mode %s query %q", mode(m), m.query.String())
	}
	if got := len(m.tabs[tabAll].base().table.ids); got != 1 {
		t.Fatalf("picked SSID should filter to 1 row, got %d", got)
	}
	// A second pick of the same field replaces the term; the typed filter stays.
	m.Update(press("/"))
	typeText(m, " rssi<-50")
	m.Update(press("enter"))
	m.Update(press("W"))
	m.Update(press("enter")) // Corp is first
	if q := m.query.String(); q != "rssi<-50 ssid:=Corp" {
		t.Fatalf("query should keep the typed term and replace the SSID: %q", q)
	}
	m.Update(press("T"))
	m.Update(press("esc"))
	if mode(m) != "table" || m.query.String() != "rssi<-50 ssid:=Corp" {
		t.Fatalf("esc must leave the filter alone: %q", m.query.String())
	}
}

func TestPinKeepsClientOnTop(t *testing.T) {
	m := newTestModel(120, 12)
	batch := joins(30)
	m.Update(EventsMsg(batch))
	m.Update(press("2"))
	m.Update(press("g")) // oldest: client 0001
	m.Update(press("p"))
	pinned := model.FormatMAC(batch[0].MAC)
	if !m.pins.has(batch[0].MAC) || !strings.Contains(m.com.notice, "pinned "+pinned) {
		t.Fatalf("p should pin %s (notice %q)", pinned, m.com.notice)
	}
	m.Update(press("G"))
	m.Update(EventsMsg{join(31, "Corp", "A", -60)})
	m.Update(press("F")) // the follow panel off: the strip sits right under the header
	lines := strings.Split(screen(m), "\n")
	if !strings.HasPrefix(lines[2], "•") || !strings.Contains(lines[2], pinned) {
		t.Fatalf("pinned client should sit under the header after scrolling away:\n%s", screen(m))
	}
	m.Update(press("4"))
	if lines := strings.Split(screen(m), "\n"); !strings.Contains(lines[2], pinned) {
		t.Fatalf("pinned client should lead the RSSI tab too:\n%s", screen(m))
	}
	pm := New(Options{Capacity: 100, Theme: theme.New(true, -67, -75), Pins: []string{batch[4].MAC}})
	pm.Update(tea.WindowSizeMsg{Width: 120, Height: 12})
	pm.Update(EventsMsg(joins(30)))
	pm.Update(press("2"))
	pm.Update(press("F"))
	if lines := strings.Split(screen(pm), "\n"); !pm.pins.has(batch[4].MAC) || !strings.HasPrefix(lines[2], "•") ||
		!strings.Contains(lines[2], model.FormatMAC(batch[4].MAC)) {
		t.Fatalf("--pin should pin from the start and show the client's row on top:\n%s", screen(pm))
	}
}

func TestSortKeepsCursorOnEvent(t *testing.T) {
	m := newTestModel(120, 30)
	m.Update(EventsMsg{join(1, "Corp", "A", -50), join(2, "Corp", "B", -80), join(3, "Corp", "C", -65)})
	m.Update(press("2"))
	m.Update(press("up")) // select event 2 (-80)
	ts := m.current().base()
	for i := 0; i < 7; i++ { // Time, Site, SSID, Client, AP, Band, RSSI
		m.Update(press("o"))
	}
	if ts.sort.col != 6 {
		t.Fatalf("seven presses of o should sort by column 6 (RSSI), got %d", ts.sort.col)
	}
	if got := ts.table.ids; got[0] != 2 || got[1] != 3 || got[2] != 1 {
		t.Fatalf("ascending RSSI should put the weakest first: %v", got)
	}
	if id, _ := ts.table.selectedID(); id != 2 {
		t.Fatalf("cursor should stay on event 2 after sorting, got %d", id)
	}
	if header := strings.Split(screen(m), "\n")[1]; !strings.Contains(header, "RSS▲") && !strings.Contains(header, "RSSI▲") {
		t.Fatal("header should mark the sort column")
	}
	m.Update(press("O"))
	if got := ts.table.ids; got[0] != 1 || !ts.sort.desc {
		t.Fatalf("O should reverse: %v", got)
	}
	m.Update(EventsMsg{join(4, "Corp", "D", -55)})
	if got := ts.table.ids; got[0] != 1 || got[1] != 4 {
		t.Fatalf("a new row should land in sorted place: %v", got)
	}
	if id, _ := ts.table.selectedID(); id != 2 {
		t.Fatalf("cursor should stay on event 2 when rows arrive, got %d", id)
	}
}

func TestExportWritesFilteredSortedCSV(t *testing.T) {
	dir := t.TempDir()
	m := New(Options{Capacity: 100, Theme: theme.New(true, -67, -75), ExportDir: dir})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	m.Update(EventsMsg{join(1, "Corp", "A", -50), join(2, "Guest", "B", -80), join(3, "Corp", "C", -65)})
	m.Update(press("2"))
	m.applyFilter("ssid:corp")
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
	if cmd == nil {
		t.Fatal("ctrl+s should start an export")
	}
	m.Update(cmd())
	files, _ := filepath.Glob(filepath.Join(dir, "mistwatch-joins-*.csv"))
	if len(files) != 1 || !strings.Contains(m.com.notice, filepath.Base(files[0])+" in "+dir) {
		t.Fatalf("want one joins CSV named in the status bar, got %v (notice %q)", files, m.com.notice)
	}
	f, _ := os.Open(files[0])
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || !strings.EqualFold(strings.Join(recs[0], ","), strings.Join(CSVHeader("joins"), ",")) {
		t.Fatalf("want header + 2 Corp rows, got %v", recs)
	}
	if !strings.Contains(strings.Join(recs[1], ","), "70ef00710001") || !strings.Contains(strings.Join(recs[2], ","), "-65") {
		t.Fatalf("rows should be the filtered events with raw RSSI numbers: %v", recs[1:])
	}
	m.opts.ExportDir = filepath.Join(dir, "missing")
	_, cmd = m.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
	m.Update(cmd())
	if !strings.HasPrefix(m.com.notice, "export failed") {
		t.Fatalf("an unwritable directory should be reported, got %q", m.com.notice)
	}
}

func TestTimelineShowsRoamsLiveAndExports(t *testing.T) {
	m := demoModel(t, 140, 45)
	m.opts.ExportDir = t.TempDir()
	m.Update(press("3"))
	m.Update(press("c"))
	if mode(m) != "timeline" {
		t.Fatal("c should open the client timeline")
	}
	mac := timelineOf(m).mac
	v := screen(m)
	if !strings.Contains(v, "Client timeline") || !strings.Contains(v, "→") || !strings.Contains(v, "┤") {
		t.Fatalf("timeline should show a chart and roam lines:\n%s", v)
	}
	before := len(timelineOf(m).entries)
	e := join(99, "Corp", "A-Live", -70)
	e.MAC = mac
	e.Time = timelineOf(m).entries[before-1].Time.Add(1)
	m.Update(EventsMsg{e})
	if len(timelineOf(m).entries) != before+1 || !strings.Contains(screen(m), "A-Live") {
		t.Fatalf("timeline should update live: %d → %d entries", before, len(timelineOf(m).entries))
	}
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
	m.Update(cmd())
	files, _ := filepath.Glob(filepath.Join(m.opts.ExportDir, "mistwatch-timeline-"+mac+"-*.csv"))
	if len(files) != 1 {
		t.Fatalf("timeline export should write one file, got %v (%s)", files, m.com.notice)
	}
	m.Update(press("esc"))
	if mode(m) != "table" {
		t.Fatal("esc should close the timeline")
	}
}

func TestTimelineFlagsPingPongAndSticky(t *testing.T) {
	m := demoModel(t, 140, 45)
	for mac, want := range map[string]string{"4c4fee3a9d17": "ping-pong", "a8a15912c7e0": "sticky"} {
		m.openTimeline(mac)
		if v := screen(m); !strings.Contains(v, "⚠") || !strings.Contains(v, want) {
			t.Errorf("%s: timeline should flag %s:\n%s", mac, want, v)
		}
	}
}

func TestEnterOnRSSIOpensTimeline(t *testing.T) {
	m := newTestModel(120, 30)
	m.Update(EventsMsg{join(1, "Corp", "A", -60)})
	m.Update(press("4"))
	m.Update(press("enter"))
	if mode(m) != "timeline" || timelineOf(m).mac != "70ef00710001" {
		t.Fatalf("enter on RSSI should open that client's timeline, mode %s", mode(m))
	}
}

func TestPickerViewShowsValuesAndHelp(t *testing.T) {
	m := demoModel(t, 80, 24)
	m.Update(press("S"))
	v := screen(m)
	for _, want := range []string{"Pick a site", "HQ Building A", "Warehouse North", "enter apply"} {
		if !strings.Contains(v, want) {
			t.Fatalf("site picker should show %q:\n%s", want, v)
		}
	}
	if lines := strings.Count(v, "\n") + 1; lines != 24 {
		t.Fatalf("picker view is %d lines, want 24", lines)
	}
}

func TestFilterChangeKeepsSelection(t *testing.T) {
	m := newTestModel(120, 30)
	m.Update(EventsMsg(joins(50)))
	for i := 0; i < 5; i++ {
		m.Update(press("up"))
	}
	tbl := m.tabs[tabAll].base().table
	want, _ := tbl.selectedID()
	m.applyFilter("corp")
	if got, _ := tbl.selectedID(); got != want {
		t.Fatalf("a filter that keeps the selected event must keep the cursor on it: %d → %d", want, got)
	}
	m.applyFilter("nomatch")
	m.applyFilter("")
	if got, _ := tbl.selectedID(); got != want {
		t.Fatalf("hiding every row and showing them again must come back to the same event: %d → %d", want, got)
	}
}

func TestRSSISortsByEachColumnsValue(t *testing.T) {
	m := newTestModel(160, 30)
	a, b, c := join(1, "Corp", "A", -50), join(2, "Corp", "B", -80), join(3, "Corp", "C", -65)
	a.Time, b.Time, c.Time = t0.Add(3*time.Second), t0.Add(1*time.Second), t0.Add(2*time.Second)
	m.Update(EventsMsg{a, b, c})
	m.Update(press("4"))
	ts := m.current().base()
	order := func() []string {
		var macs []string
		for _, id := range ts.table.ids {
			c, _ := m.rssi.client(id)
			macs = append(macs, c.MAC()[10:])
		}
		return macs
	}
	for ts.sort.col != rcSeen {
		m.Update(press("o"))
	}
	if got := strings.Join(order(), ","); got != "01,03,02" {
		t.Fatalf("sorted by Seen, the most recently seen first: %s", got)
	}
	for ts.sort.col != rcRSSI {
		m.Update(press("o"))
	}
	if got := strings.Join(order(), ","); got != "02,03,01" {
		t.Fatalf("sorted by RSSI, the weakest first: %s", got)
	}
}

func TestManyPinsNeverPushTheScreenPastItsHeight(t *testing.T) {
	var pins []string
	var batch []model.Event
	for i := 1; i <= 25; i++ {
		e := join(i, "Corp", "A", -60)
		batch = append(batch, e)
		pins = append(pins, e.MAC)
	}
	m := New(Options{Capacity: 100, Theme: theme.New(true, -67, -75), Pins: pins})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(EventsMsg(batch))
	m.Update(press("2"))
	v := screen(m)
	if lines := strings.Count(v, "\n") + 1; lines != 24 {
		t.Fatalf("with 25 pins the view is %d lines, want 24:\n%s", lines, v)
	}
	if !strings.Contains(v, "more pinned") {
		t.Fatalf("pins that do not fit should be counted:\n%s", v)
	}
}

func TestTwoExportsInOneSecondBothLand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mistwatch-all-20261102-090000.csv")
	first, err := writeCSVFile(path, []string{"a"}, [][]string{{"1"}})
	if err != nil || first != path {
		t.Fatalf("first export: %q %v", first, err)
	}
	second, err := writeCSVFile(path, []string{"a"}, [][]string{{"2"}})
	if err != nil || second != filepath.Join(dir, "mistwatch-all-20261102-090000-2.csv") {
		t.Fatalf("second export in the same second should get -2: %q %v", second, err)
	}
	if b, _ := os.ReadFile(first); string(b) != "a\n1\n" {
		t.Fatalf("the first export must not be overwritten: %q", b)
	}
}

func TestRSSITabFollowsClientEviction(t *testing.T) {
	m := New(Options{Capacity: 20, Theme: theme.New(true, -67, -75)})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	for i := 1; i <= 50; i++ {
		m.Update(EventsMsg{join(i, "Corp", "A", -60)})
	}
	m.Update(press("4"))
	ids := m.current().base().table.ids
	if len(ids) != m.store.Clients.Len() || len(ids) > 20 {
		t.Fatalf("RSSI rows %d, clients held %d (max 20)", len(ids), m.store.Clients.Len())
	}
	for _, id := range ids {
		if _, ok := m.rssi.client(id); !ok {
			t.Fatalf("row %d names an evicted client", id)
		}
	}
	if !strings.Contains(screen(m), "70:ef:00:71:00:32") {
		t.Fatalf("the newest client should be listed:\n%s", screen(m))
	}
}

func TestTimesCarryTheirDateOnceEventsSpanDays(t *testing.T) {
	m := newTestModel(120, 20)
	m.Update(EventsMsg{join(1, "Corp", "A", -60)})
	if v := screen(m); !strings.Contains(v, "09:00:01 client-join") || strings.Contains(v, "11-02") {
		t.Fatalf("one day: time of day only:\n%s", v)
	}
	yesterday := join(2, "Corp", "B", -60)
	yesterday.Time = t0.Add(-24 * time.Hour)
	m.Update(EventsMsg{yesterday})
	v := screen(m)
	if !strings.Contains(v, "11-02 09:00:01") || !strings.Contains(v, "11-01 09:00:00") || strings.Contains(v, "2026-") {
		t.Fatalf("events from two days of one year show month and day:\n%s", v)
	}
	old := join(3, "Corp", "C", -60)
	old.Time = time.Date(2023, 9, 20, 1, 17, 45, 0, time.UTC)
	m.Update(EventsMsg{old})
	if v := screen(m); !strings.Contains(v, "2026-11-02 09:00:01") || !strings.Contains(v, "2023-09-20 01:17:45") {
		t.Fatalf("events from different years show the year:\n%s", v)
	}
}

func TestBadFilterKeepsWhatWasTyped(t *testing.T) {
	m := newTestModel(120, 20)
	m.Update(EventsMsg{join(1, "Corp", "A", -60)})
	m.Update(press("/"))
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("sitee:hq"), Paste: true})
	m.Update(press("enter"))
	if m.filterErr == "" {
		t.Fatal("sitee: should be an error")
	}
	m.Update(press("/"))
	if got := m.filter.Value(); got != "sitee:hq" {
		t.Fatalf("reopening the filter after an error should show what was typed, got %q", got)
	}
	m.Update(press("esc"))
	m.Update(press("?"))
	m.Update(press("q"))
	if mode(m) != "table" {
		t.Fatal("q in help closes help, as its footer says")
	}
}

func TestTabBarKeepsEveryCountOnANarrowTerminal(t *testing.T) {
	m := demoModel(t, 64, 24)
	bar := strings.Split(screen(m), "\n")[0]
	for _, want := range []string{"All 671", "Joins 35", "Roams 33", "RSSI 8", "Zones 26", "Alarms 8"} {
		if !strings.Contains(bar, want) {
			t.Fatalf("tab bar at 64 columns lost %q: %q", want, bar)
		}
	}
}

func TestScrollBadgeCountsNewRowsBelow(t *testing.T) {
	m := newTestModel(120, 20)
	m.Update(EventsMsg{join(1, "Corp", "A", -60), join(2, "Corp", "A", -60)})
	m.Update(press("up"))
	m.Update(EventsMsg{join(3, "Corp", "A", -60), join(4, "Corp", "A", -60), join(5, "Corp", "A", -60)})
	if !strings.Contains(screen(m), "SCROLL +3") {
		t.Fatalf("the badge should count the 3 rows that arrived below:\n%s", screen(m))
	}
	m.Update(press("G"))
	if strings.Contains(screen(m), "SCROLL") || m.tabs[tabAll].base().table.newBelow != 0 {
		t.Fatal("G follows again and clears the count")
	}
}

func TestSitePickerWorksForASiteKnownOnlyByID(t *testing.T) {
	m := newTestModel(120, 20)
	e := join(1, "Corp", "A", -60)
	e.SiteID, e.SiteName = "4a422ae3-0000-4000-8000-000000000001", ""
	m.Update(EventsMsg{e, join(2, "Corp", "B", -60)})
	m.Update(press("/"))
	typeText(m, "-ssid:guest")
	m.Update(press("enter"))
	m.Update(press("S"))
	typeText(m, "4a42")
	m.Update(press("enter"))
	if q := m.query.String(); q != "-ssid:guest site:=4a422ae3-0000-4000-8000-000000000001" {
		t.Fatalf("picking an unnamed site should write its whole ID and keep the exclusion: %q", q)
	}
	if got := len(m.tabs[tabAll].base().table.ids); got != 1 {
		t.Fatalf("the picked site should show its 1 event, got %d", got)
	}
}

func TestFilterChangeIsNotNewRows(t *testing.T) {
	m := newTestModel(120, 20)
	m.Update(EventsMsg(joins(50)))
	m.Update(press("up"))
	m.applyFilter("corp")
	if n := m.tabs[tabAll].base().table.newBelow; n != 0 || strings.Contains(screen(m), "SCROLL +") {
		t.Fatalf("re-listing rows for a filter is not %d new rows", n)
	}
}

func TestPauseFreezesTheRSSITab(t *testing.T) {
	m := newTestModel(120, 20)
	m.Update(EventsMsg{join(1, "Corp", "A", -60)})
	m.Update(press("4"))
	m.Update(press(" "))
	later := join(1, "Corp", "A", -88)
	later.Time = later.Time.Add(time.Minute)
	m.Update(EventsMsg{later, join(2, "Corp", "B", -70)})
	m.applyFilter("corp")
	v := screen(m)
	if !strings.Contains(v, "-60") || strings.Contains(v, "-88") || strings.Contains(v, "70:ef:00:71:00:02") {
		t.Fatalf("paused, the RSSI tab must show what it showed at the pause:\n%s", v)
	}
	m.Update(press(" "))
	if v := screen(m); !strings.Contains(v, "-88") || !strings.Contains(v, "70:ef:00:71:00:02") {
		t.Fatalf("resumed, it shows what arrived:\n%s", v)
	}
}

func TestSortedTabMergesABurstInOrder(t *testing.T) {
	m := newTestModel(120, 20)
	m.Update(press("2"))
	for i := 0; i < 7; i++ { // sort Joins by RSSI
		m.Update(press("o"))
	}
	var burst []model.Event
	for i := 1; i <= 80; i++ { // more than one insert at a time handles
		burst = append(burst, join(i, "Corp", "A", float64(-40-(i*37)%50)))
	}
	m.Update(EventsMsg(burst[:40]))
	m.Update(EventsMsg(burst[40:]))
	ts := m.current().base()
	prev := -1000.0
	for _, id := range ts.table.ids {
		e, _ := m.store.Get(id)
		if e.RSSI < prev {
			t.Fatalf("rows out of RSSI order after a burst: %v before %v", prev, e.RSSI)
		}
		prev = e.RSSI
	}
	if len(ts.table.ids) != 80 {
		t.Fatalf("%d rows, want 80", len(ts.table.ids))
	}
}

func TestFilterWhilePausedChoosesAmongFrozenClients(t *testing.T) {
	m := newTestModel(120, 20)
	m.Update(EventsMsg{join(1, "Corp", "A", -60), join(2, "Guest", "B", -70)})
	m.Update(press("4"))
	m.Update(press(" "))
	m.Update(EventsMsg{join(3, "Corp", "C", -65), join(4, "Corp", "D", -66)}) // arrive while paused
	m.applyFilter("ssid:corp")
	ids := m.current().base().table.ids
	if len(ids) != 1 {
		t.Fatalf("paused, the filter chooses among the frozen clients only (1 Corp client), got %v", ids)
	}
	if c, ok := m.rssi.client(ids[0]); !ok || c.MAC() != "70ef00710001" {
		t.Fatalf("paused, the filter chooses among the frozen clients only (1 Corp client), got %v", ids)
	}
	m.Update(press(" "))
	if got := len(m.current().base().table.ids); got != 3 {
		t.Fatalf("resumed, the filter applies to every client: %d rows, want 3", got)
	}
}

func TestEnterOnABadFilterKeepsTheFilterInForce(t *testing.T) {
	m := newTestModel(120, 20)
	m.Update(EventsMsg{join(1, "Corp", "A", -60), join(2, "Guest", "B", -80)})
	m.applyFilter("ssid:guest")
	m.Update(press("/"))
	typeText(m, " rssi < -70") // passes through "ssid:guest rssi" on the way
	m.Update(press("enter"))
	if m.query.String() != "ssid:guest" || len(m.tabs[tabAll].base().table.ids) != 1 || m.filterErr == "" {
		t.Fatalf("enter on a bad filter keeps the one in force and shows the error: %q rows %d err %q",
			m.query.String(), len(m.tabs[tabAll].base().table.ids), m.filterErr)
	}
	m.Update(press("esc"))
	if m.filterErr != "" || !m.query.Empty() || m.filter.Value() != "" {
		t.Fatal("esc clears the filter, its error and its text")
	}
}

func TestChartShowsReadingsBelowItsFloor(t *testing.T) {
	tv := &timelineView{entries: []model.TimelineEntry{
		{Time: t0, RSSI: -95, HasRSSI: true, Kind: model.EntryRSSI},
		{Time: t0.Add(time.Minute), RSSI: -60, HasRSSI: true, Kind: model.EntryRSSI},
	}}
	th := theme.New(true, -67, -75)
	lines := strings.Split(tv.chart(th, 40, clock), "\n")
	bottom := lines[chartRows-1]
	if !strings.HasPrefix(strings.TrimPrefix(bottom, " -80┤"), "▁") {
		t.Fatalf("a -95 dBm reading must still show in the bottom row: %q", bottom)
	}
}
