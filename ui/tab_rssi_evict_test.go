package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// When the client table evicts its stalest clients, which are not the
// oldest, their rows leave the RSSI tab and the others keep their match and
// their order: the rows are exactly the held clients the filter lets
// through, in first-seen order or sorted, hand-off after hand-off.
func TestRSSITabDropsEvictedClientsInPlace(t *testing.T) {
	for _, sorted := range []bool{false, true} {
		t.Run(fmt.Sprintf("sorted=%v", sorted), func(t *testing.T) {
			m := New(Options{Capacity: 40, Theme: theme.New(true, -67, -75)})
			m.Update(tea.WindowSizeMsg{Width: 160, Height: 40})
			r := rand.New(rand.NewPCG(5, 6))
			clock := 0
			heard := func(i int) model.Event {
				ssid := "Corp"
				if i%3 == 0 {
					ssid = "Guest" // left out by the filter
				}
				e := join(i, ssid, "A", -40-float64(r.IntN(50)))
				clock++
				e.Time = t0.Add(time.Duration(clock) * time.Second) // heard now, whatever its number
				e.Raw = fmt.Appendf(nil, `{"n":%d}`, clock)         // dedupe keeps every event
				return e
			}
			m.Update(press("4"))
			m.applyFilter("ssid:Corp")
			ts := m.current().base()
			if sorted {
				for ts.sort.col != rcRSSI {
					m.Update(press("o"))
				}
			}
			next, gaps := 0, 0
			for round := range 30 {
				var batch []model.Event
				for range 6 { // new clients
					batch = append(batch, heard(next))
					next++
				}
				for range 4 { // old ones heard again: the stalest are in the middle
					batch = append(batch, heard(r.IntN(next)))
				}
				m.Update(EventsMsg(batch))
				var want []uint64
				for i := range m.store.Clients.Len() {
					if c := m.store.Clients.At(i); c.SSID() == "Corp" {
						want = append(want, uint64(c.ID()))
					}
				}
				if sorted {
					sort.SliceStable(want, func(i, j int) bool { return ts.sort.lessFunc(m.rssi)(want[i], want[j]) })
				}
				if !slices.Equal(ts.table.ids, want) {
					t.Fatalf("hand-off %d (%d evictions): rows %v, want %v", round, m.store.Clients.Evictions(), ts.table.ids, want)
				}
				cs := m.store.Clients
				if cs.At(cs.Len()-1).ID()-cs.At(0).ID()+1 > cs.Len() {
					gaps++ // a client evicted between two held ones
				}
			}
			if m.store.Clients.Evictions() < 3 || gaps == 0 {
				t.Fatalf("%d evictions, %d hand-offs with a gap in the IDs held: the test does not test eviction", m.store.Clients.Evictions(), gaps)
			}
		})
	}
}
