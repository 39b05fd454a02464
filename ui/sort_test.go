package ui

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
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
