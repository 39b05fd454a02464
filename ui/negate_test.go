package ui

import (
	"strings"
	"testing"

	"github.com/mistwatch/mistwatch/model"
)

// A negated bare word or phrase is exactly the complement of the word on
// every tab: `-joined` hides the rows that show "joined" (the All tab's
// summary), though no field of those events holds it.
func TestNegatedWordHidesRowsThatShowIt(t *testing.T) {
	m := demoModel(t, 160, 48)
	cases := []struct {
		tab, word string
		cellOnly  bool // the word lies in no field of some event that shows it
	}{
		{"1", "joined", true},            // the All tab's summary of a join
		{"1", "roamed", false},           // the summary of a roam (and the Type field)
		{"1", "→", true},                 // the summary of a roam
		{"3", "→", true},                 // the Roams tab's "AP → Next AP"
		{"3", `"Android Pixel"`, true},   // the Device cell; family and model are two fields
		{"2", `"Android Galaxy"`, true},  // the Joins tab's Host / device cell
		{"5", `"rssizone wifi"`, true},   // the Zones tab's Type cell
		{"1", "corp", false},             // a field (SSID) and cells alike
		{"2", "Galaxy", true},            // the device name learned for the client
		{"3", `"W-Office → "`, true},     // a phrase across the arrow, within one cell
		{"5", "nothing-such-word", true}, // no row shows it: the negation keeps every row
	}
	for _, c := range cases {
		all := filterRows(t, m, c.tab, "")
		with := filterRows(t, m, c.tab, c.word)
		without := filterRows(t, m, c.tab, "-"+c.word)
		if with+without != all {
			t.Errorf("tab %s: %s finds %d rows, -%s %d, of %d: the negation is not the complement",
				c.tab, c.word, with, c.word, without, all)
		}
		if c.word != "nothing-such-word" && with == 0 {
			t.Errorf("tab %s: %s finds no row: the case proves nothing", c.tab, c.word)
		}
		word := strings.ToLower(strings.Trim(c.word, `"`))
		ts := m.current()
		for _, id := range ts.base().table.ids {
			if cells := strings.ToLower(strings.Join(ts.cells(id), "\x00")); strings.Contains(cells, word) {
				t.Errorf("tab %s: -%s still shows row %q", c.tab, c.word, ts.cells(id))
				break
			}
		}
		// The word must lie in a shown cell of some event whose fields miss
		// it, or the case does not test what the fields cannot answer.
		if c.cellOnly && c.word != "nothing-such-word" {
			q, err := model.ParseQuery(c.word)
			if err != nil {
				t.Fatal(err)
			}
			filterRows(t, m, c.tab, c.word)
			cellOnly := false
			for _, id := range ts.base().table.ids {
				if e, ok := m.store.Get(id); ok && !q.Match(e, m.store.Names) {
					cellOnly = true
				}
			}
			if !cellOnly {
				t.Errorf("tab %s: every row %s finds holds it in a field", c.tab, c.word)
			}
		}
	}
	filterRows(t, m, "1", "")
}

// Events that arrive under a negated word are routed as a filter finds
// them: `-joined` set before the survey arrives hides the same rows. (Not
// a word in a learned name: a row is matched once, when it arrives, against
// the names known then.)
func TestNegatedWordHidesArrivingRows(t *testing.T) {
	for _, filter := range []string{"-joined", `-"rssizone wifi"`, "corp -→"} {
		m := newTestModel(160, 48)
		m.Update(press("/"))
		typeText(m, filter)
		m.Update(press("enter"))
		for _, evs := range demoEvents(t) {
			m.Update(EventsMsg(evs))
		}
		if m.rows.pending != nil {
			finish(t, m)
		}
		checkRows(t, m, "arrived under "+filter)
		if n := len(m.tabs[tabAll].base().table.ids); n == 0 {
			t.Fatalf("%s: the All tab shows nothing", filter)
		}
	}
}

// Adding a negated word to a filter refines its rows (model.Narrows) and
// hides those that show the word.
func TestAddedNegatedWordRefines(t *testing.T) {
	m := demoModel(t, 160, 48)
	corp := filterRows(t, m, "1", "corp")
	q, err := model.ParseQuery("corp -joined")
	if err != nil || !q.Narrows(m.rows.shown) {
		t.Fatalf("corp -joined should narrow corp (%v)", err)
	}
	joined := filterRows(t, m, "1", "corp joined")
	filterRows(t, m, "1", "corp")
	if got := filterRows(t, m, "1", "corp -joined"); got != corp-joined || joined == 0 {
		t.Fatalf("corp %d rows, corp joined %d, corp -joined %d: want the difference", corp, joined, got)
	}
	checkRows(t, m, "corp -joined")
}
