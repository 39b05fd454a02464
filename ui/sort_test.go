package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/mistwatch/mistwatch/model"
)

// fixedKeys sorts rows by a key per row ID; as a keyLister it lists them.
type fixedKeys map[uint64]sortKey

func (k fixedKeys) sortKey(id uint64, _ int) sortKey { return k[id] }

type listedKeys struct{ fixedKeys }

func (k listedKeys) listKeys(rows []keyedRow, _ int) {
	for i := range rows {
		if i > 0 && rows[i-1].id >= rows[i].id {
			panic("rows not in ascending ID order")
		}
		rows[i].key = k.fixedKeys[rows[i].id]
	}
}

// Sorting with keys listed once orders rows as sorting with a lookup per
// comparison does: by key, ascending or descending, ties in ID order.
func TestSortListedOrdersAsLookupsDo(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	keys := fixedKeys{}
	var ids []uint64
	for i := range 500 {
		id := uint64(r.IntN(100000))
		if _, dup := keys[id]; dup {
			continue
		}
		if i%2 == 0 {
			keys[id] = numKey(float64(r.IntN(20))) // many ties
		} else {
			keys[id] = textKey(string(rune('a' + r.IntN(5))))
		}
		ids = append(ids, id)
	}
	for _, desc := range []bool{false, true} {
		s := sortState{col: 0, desc: desc}
		want := slices.Clone(ids)
		less := s.lessFunc(keys)
		sort.SliceStable(want, func(i, j int) bool { return less(want[i], want[j]) })
		got := slices.Clone(ids)
		sortRows(got, s, listedKeys{keys})
		if !slices.Equal(got, want) {
			t.Fatalf("desc %v: listed keys sorted rows otherwise than lookups:\n got %v\nwant %v", desc, got[:20], want[:20])
		}
	}
}

// A hand-off into a sorted RSSI tab moves the rows of the clients it
// touched and adds the new ones: the rows are as a sort of them all would
// have them, in either direction, and as the names learned meanwhile order
// them (an AP's name moves rows the hand-off did not touch).
func TestRSSITabSortedKeepsOrderAcrossHandOffs(t *testing.T) {
	m := newTestModel(160, 30)
	r := rand.New(rand.NewPCG(3, 4))
	var batch []model.Event
	for i := range 60 {
		batch = append(batch, join(i, "Corp", "", -40-float64(r.IntN(50))))
	}
	m.Update(EventsMsg(batch))
	m.Update(press("4"))
	ts := m.current().base()
	check := func(when string) {
		t.Helper()
		want := slices.Clone(ts.table.ids)
		sort.SliceStable(want, func(i, j int) bool { return ts.sort.lessFunc(m.rssi)(want[i], want[j]) })
		if !slices.Equal(ts.table.ids, want) || len(want) != m.store.Clients.Len() {
			t.Fatalf("%s, sorted by column %d desc %v: rows %v, want %v", when, ts.sort.col, ts.sort.desc, ts.table.ids, want)
		}
	}
	for _, col := range []int{rcRSSI, rcAP} {
		for ts.sort.col != col {
			m.Update(press("o"))
		}
		for _, desc := range []bool{false, true} {
			if desc {
				m.Update(press("O"))
			}
			if ts.sort.col != col || ts.sort.desc != desc {
				t.Fatalf("sorted by column %d desc %v, want %d desc %v", ts.sort.col, ts.sort.desc, col, desc)
			}
			for round := range 6 {
				batch = batch[:0]
				for range 8 { // readings of known clients, and a new client now and then
					batch = append(batch, join(r.IntN(70+round), "Corp", "", -40-float64(r.IntN(50))))
				}
				if round == 3 && col == rcAP { // an AP named: rows of clients on it move though not touched
					batch = append(batch, join(2, "Corp", fmt.Sprintf("Zulu wing %v", desc), -60))
				}
				m.Update(EventsMsg(batch))
				check(fmt.Sprintf("hand-off %d", round))
			}
		}
	}
}

// A hand-off bigger than the store's room evicts some of its own events:
// the clients they updated are still touched, and their rows still move.
func TestRSSITabSortedKeepsOrderAcrossOverflowingHandOff(t *testing.T) {
	m := newTestModel(160, 30) // a store of 1,000 events
	raw := 0
	unique := func(e model.Event) model.Event { // dedupe keeps every event
		raw++
		e.Raw = fmt.Appendf(nil, `{"n":%d}`, raw)
		return e
	}
	var batch []model.Event
	for i := range 100 {
		batch = append(batch, unique(join(i, "Corp", "", -40-float64(i%50))))
	}
	m.Update(EventsMsg(batch))
	m.Update(press("4"))
	ts := m.current().base()
	for ts.sort.col != rcRSSI {
		m.Update(press("o"))
	}
	m.Update(EventsMsg([]model.Event{unique(join(0, "Corp", "", -50))})) // warm
	batch = batch[:0]
	for i := range 100 { // every client moves, by events evicted below
		batch = append(batch, unique(join(i, "Corp", "", -90+float64(i%50))))
	}
	for k := range 1400 {
		batch = append(batch, unique(join(k%10, "Corp", "", -60)))
	}
	m.Update(EventsMsg(batch))
	want := slices.Clone(ts.table.ids)
	sort.SliceStable(want, func(i, j int) bool { return ts.sort.lessFunc(m.rssi)(want[i], want[j]) })
	if !slices.Equal(ts.table.ids, want) || len(want) != m.store.Clients.Len() {
		t.Fatalf("sorted by RSSI after an overflowing hand-off: rows %v, want %v", ts.table.ids, want)
	}
}
