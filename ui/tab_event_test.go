package ui

import (
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/mistwatch/mistwatch/theme"
)

// The paints kept with a row's cells are the ones its columns give the
// event, whether the row was drawn before or not.
func TestCachedPaintsAreTheColumnsPaints(t *testing.T) {
	lipgloss.SetColorProfile(termenv.ANSI256)
	t.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
	m := New(Options{Capacity: 1000, Theme: theme.New(false, theme.DefaultGood, theme.DefaultPoor)})
	for _, evs := range demoEvents(t) {
		m.Update(EventsMsg(evs))
	}
	painted := 0
	for _, tb := range []int{tabAll, tabJoins, tabRoams} {
		et := m.tabs[tb].(*eventTab)
		for _, id := range et.table.ids {
			e, _ := m.store.Get(id)
			for pass := range 2 { // asked before the row is drawn, then from the cache
				if _, cached := et.cache[id]; cached != (pass == 1) {
					t.Fatalf("tab %s row %d, pass %d: cached %v", et.name(), id, pass, cached)
				}
				for i, col := range et.spec.cols {
					want := theme.Paint{}
					if col.paint != nil {
						want = col.paint(et.th, e)
					}
					if got := et.cellStyle(id, i); got != want {
						t.Fatalf("tab %s row %d column %s, pass %d: paint %q, want %q", et.name(), id, col.title, pass, got.Wrap("x"), want.Wrap("x"))
					}
					if want != (theme.Paint{}) {
						painted++
					}
				}
				et.cells(id) // draws the row: pass 1 reads the paints kept with it
			}
		}
	}
	if painted == 0 {
		t.Fatal("no cell was painted: the test compared nothing")
	}
}
