package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mistwatch/mistwatch/model"
)

// Issue 8 item 6: at 60 columns the help keeps its right border and every
// key (scrolling when the height does not hold them all).
func TestHelpAt60ColumnsKeepsEveryKey(t *testing.T) {
	m := demoModel(t, 60, 20)
	m.Update(press("?"))
	seen := map[string]bool{}
	for i := 0; i < 20; i++ {
		for _, l := range strings.Split(screen(m), "\n") {
			if strings.HasPrefix(l, "│") && !strings.HasSuffix(strings.TrimRight(l, " "), "│") {
				t.Fatalf("a help line lost its right border: %q", l)
			}
			for _, f := range strings.Fields(l) {
				seen[f] = true
			}
		}
		m.top().update(press("j")) // scroll down a line, as ↓ would
	}
	for _, k := range []string{"o", "O", "ctrl+s", "+/-", "esc", "?", "q", "quit"} {
		if !seen[k] {
			t.Errorf("help at 60 columns never shows %q", k)
		}
	}
}

// Issue 8 item 7: at 100 columns the footer ends with ? help • q quit, the
// status bar shows the whole listen address, an export names its file whole.
func TestAt100ColumnsNothingImportantIsCut(t *testing.T) {
	m := demoModel(t, 100, 30)
	m.opts.ExportDir = t.TempDir() + "/a-rather-long-directory-name-for-exports/and-deeper-still"
	if err := mkdirAll(m.opts.ExportDir); err != nil {
		t.Fatal(err)
	}
	m.Update(press("2"))
	recs := exportNow(t, m, "joins")
	lines := strings.Split(screen(m), "\n")
	footer, status, filterLine := lines[len(lines)-1], lines[len(lines)-2], lines[len(lines)-3]
	if !strings.HasSuffix(footer, "? help • q quit") {
		t.Errorf("footer should end with ? help • q quit: %q", footer)
	}
	if !strings.Contains(status, "listening http://127.0.0.1:8080") {
		t.Errorf("status bar should show the whole listen address: %q", status)
	}
	if !strings.Contains(filterLine, fmt.Sprintf("exported %d rows to mistwatch-joins-", len(recs)-1)) || !strings.Contains(filterLine, ".csv") {
		t.Errorf("the export message should name the whole file: %q", filterLine)
	}
	for _, w := range []int{40, 50, 60, 80} {
		m.Update(tea_size(w, 24))
		lines := strings.Split(screen(m), "\n")
		if f := lines[len(lines)-1]; !strings.Contains(f, "? help") || !strings.Contains(f, "q quit") || ansi.StringWidth(f) > w {
			t.Errorf("at %d columns the footer must keep ? help and q quit and fit: %q", w, f)
		}
	}
}

// Issue 8 item 8: unnamed AP MACs lose their middle, where they are alike,
// and at 60 columns every cut cell ends in an ellipsis within the screen.
func TestCutCellsKeepWhatDiffers(t *testing.T) {
	m := newTestModel(60, 20)
	a, b := join(1, "Corp", "", -60), join(2, "Corp", "", -60)
	a.AP, b.AP = "d420b0aa0001", "d420b0aa0002"
	a.Hostname, b.Hostname = "a-very-long-hostname-indeed", "x"
	m.Update(EventsMsg{a, b})
	m.Update(press("2"))
	v := screen(m)
	for _, l := range strings.Split(v, "\n") {
		if ansi.StringWidth(l) > 60 {
			t.Fatalf("a line passes the screen's edge: %q", l)
		}
	}
	if !strings.Contains(v, "…00:01 ") || !strings.Contains(v, "…00:02 ") {
		t.Fatalf("the two AP MACs should keep their distinct ends:\n%s", v)
	}
	c := column{width: 10, cut: cutMiddle}
	if got := c.fit("A-1F-Lobby-North"); got != "A-1F-Lobb…" {
		t.Errorf("a name is cut at its end with an ellipsis: %q", got)
	}
	// A name of hex letters only is still a name: the demo survey's
	// A-1F-Cafe showed as "A-…afe" among "A-2F-…" at 60 columns.
	for _, name := range []string{"A-1F-Cafe", "Beef-Dead-Face", "CAFE-1"} {
		if got, want := (column{width: 5, cut: cutMiddle}).fit(name), ansi.Truncate(name, 5, "…"); got != want {
			t.Errorf("%s cut to %q, want its end cut: %q", name, got, want)
		}
	}
	if got := (column{width: 8, cut: cutMiddle}).fit("5c5b35a01c40"); got != "5c5…1c40" {
		t.Errorf("an AP MAC without separators loses its middle: %q", got)
	}
	if got := c.fit("d4:20:b0:aa:00:01 → d4:20:b0:aa:00:02"); ansi.StringWidth(got) != 10 {
		t.Errorf("a path fits its column: %q", got)
	}
	c.width = 24
	if got := c.fit("d4:20:b0:aa:00:01 → d4:20:b0:aa:00:02"); !strings.Contains(got, "…00:01 → ") || !strings.HasSuffix(got, "…00:02") {
		t.Errorf("both ends of a path keep what differs: %q", got)
	}
}

// Issue 8 item 9: the detail view answers g, G and c; help lists home/end
// and ctrl+u/ctrl+d.
func TestDetailKeysAndHelpListing(t *testing.T) {
	m := demoModel(t, 80, 12)
	m.Update(press("2"))
	m.Update(press("enter"))
	d := m.top().(*detailView)
	m.Update(press("G"))
	if !d.vp.AtBottom() {
		t.Fatal("G should scroll the detail to the bottom")
	}
	m.Update(press("g"))
	if !d.vp.AtTop() {
		t.Fatal("g should scroll the detail to the top")
	}
	m.Update(press("c"))
	if mode(m) != "timeline" || timelineOf(m).mac != d.mac {
		t.Fatalf("c in the detail should open the event's client timeline, mode %s", mode(m))
	}
	m.Update(press("esc"))
	if mode(m) != "detail" || m.top() != overlay(d) {
		t.Fatalf("esc from a timeline opened in the detail view goes back to that detail view (a stack of modes), mode %s", mode(m))
	}
	m.Update(press("esc"))
	m.Update(tea_size(160, 48))
	m.Update(press("?"))
	v := screen(m)
	for _, k := range []string{"g/home", "G/end", "pgup/ctrl+u", "pgdn/ctrl+d"} {
		if !strings.Contains(v, k) {
			t.Errorf("help should list %s:\n%s", k, v)
		}
	}
}

// Issue 8 item 10: without colour, the RSSI grade and the "stronger AP in
// reach" highlight still show, as text.
func TestNoColorKeepsEveryColourCodedFact(t *testing.T) {
	m := newTestModel(160, 30)
	good, fair, poor := join(1, "Corp", "A", -60), join(2, "Corp", "B", -70), join(3, "Corp", "C", -80)
	m.Update(EventsMsg{good, fair, poor})
	m.Update(press("2"))
	v := screen(m)
	for _, want := range []string{"-60 ", "-70~", "-80!"} {
		if !strings.Contains(v, want) {
			t.Errorf("Joins should show %q:\n%s", want, v)
		}
	}
	heard := poor // the same reading, with a scan that heard another AP louder
	heard.Scan = []model.ScanEntry{{AP: "5c5b35000009", RSSI: -50}}
	m.store.Clients.Observe(&heard)
	m.Update(press("4"))
	if v := screen(m); !strings.Contains(v, "▲-50") {
		t.Errorf("a stronger AP in reach should be marked ▲:\n%s", v)
	}
	m.Update(press("?"))
	if v := screen(m); !strings.Contains(v, "-80! poor") {
		t.Errorf("help should explain the marks:\n%s", v)
	}
}

// Issue 8 item 11: the detail header has no empty site; ages use one unit
// pair; the pickers count among events matching the filter's other terms.
func TestSmallerIssues(t *testing.T) {
	m := newTestModel(100, 30)
	e := join(1, "Corp", "A", -60)
	e.SiteID, e.SiteName = "", ""
	m.Update(EventsMsg{e, join(2, "Guest", "B", -60), join(3, "Guest", "C", -60)})
	m.Update(press("enter"))
	if v := screen(m); strings.Contains(v, "·  ·") {
		t.Errorf("the detail header shows an empty site:\n%s", v)
	}
	m.Update(press("esc"))
	for d, want := range map[time.Duration]string{5 * time.Second: "5s", 115 * time.Second: "1m55s", 3 * time.Minute: "3m00s",
		2*time.Hour + 5*time.Minute: "2h05m", 50 * time.Hour: "2d"} {
		if got := ago(d); got != want {
			t.Errorf("ago(%v) = %q, want %q", d, got, want)
		}
	}
	m.applyFilter("ssid:guest")
	m.Update(press("S"))
	p := pickerOf(m)
	if len(p.all) != 1 || p.all[0].count != 2 {
		t.Errorf("with ssid:guest the site picker counts the 2 guest events: %+v", p.all)
	}
	m.Update(press("esc"))
	m.Update(press("W"))
	if p := pickerOf(m); len(p.all) != 2 {
		t.Errorf("the SSID picker ignores the filter's own ssid term, listing both SSIDs: %+v", p.all)
	}
}

// Issue 8 item 11: the sort arrow never overwrites a title ("Ban▲") and
// says which figure of Min/Avg/Max is sorted.
func TestSortArrowBesideTheTitle(t *testing.T) {
	for _, size := range goldenSizes {
		m := demoModel(t, size[0], size[1])
		for _, tabKey := range []string{"1", "2", "3", "4", "5", "6"} {
			m.Update(press(tabKey))
			header := func() string { return strings.Split(screen(m), "\n")[1] }
			unsorted := header()
			ts := m.current().base()
			for {
				m.Update(press("o"))
				if ts.sort.col < 0 {
					break
				}
				h := header()
				c := ts.table.cols[ts.sort.col]
				if !strings.Contains(h, "▲") {
					t.Fatalf("%dx%d tab %s sorted by %s: no arrow in %q", size[0], size[1], tabKey, c.title, h)
				}
				if strings.Contains(unsorted, c.title) && !strings.Contains(strings.Replace(h, "▲", "", 1), c.title) {
					t.Errorf("%dx%d tab %s: the arrow hides part of %q: %q", size[0], size[1], tabKey, c.title, h)
				}
				if c.title == "Min/Avg/Max" && size[0] >= 100 && !strings.Contains(h, "Min/Avg▲/Max") {
					t.Errorf("%dx%d: the header should say Avg is sorted: %q", size[0], size[1], h)
				}
			}
		}
	}
}

// Issue 8 item 11: a picker counts among the events the filter's other terms
// keep, words that only a cell shows included ("joined" is in the All tab's
// summary of a join, in none of its fields).
func TestPickerCountsAmongWhatTheFilterShows(t *testing.T) {
	m := demoModel(t, 100, 30)
	m.Update(press("/"))
	typeText(m, "joined")
	m.Update(press("enter"))
	shown := len(m.tabs[tabAll].base().table.ids)
	if shown == 0 || shown == m.store.Len() {
		t.Fatalf("joined should keep some events and hide others: %d of %d", shown, m.store.Len())
	}
	m.Update(press("T"))
	p := pickerOf(m)
	sum := 0
	for _, it := range p.all {
		sum += it.count
	}
	if sum != shown || len(p.all) != 1 || p.all[0].value != "client-join" {
		t.Errorf("the topic picker should count the %d events joined shows, all client-join: %+v", shown, p.all)
	}
}
