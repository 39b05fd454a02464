package ui

import (
	"cmp"
	"slices"
	"sort"
)

// sorter is a rowSource that can also say how a cell sorts.
type sorter interface {
	sortKey(id uint64, col int) sortKey
}

// keyLister is a sorter that lists the keys of many rows at once, rows in
// ascending ID order: cheaper than a lookup of both rows at every
// comparison when finding a row's record is a search (the RSSI tab's
// clients by ID).
type keyLister interface {
	listKeys(rows []keyedRow, col int)
}

// keyedRow is a row's ID and its key in the sorted column.
type keyedRow struct {
	key sortKey
	id  uint64
}

// sortState is a tab's sort: col -1 keeps arrival order.
type sortState struct {
	col  int
	desc bool
}

// lessFunc orders two row IDs for a sort; ties keep arrival (ID) order so the
// order is stable as rows arrive.
func (s sortState) lessFunc(src sorter) func(a, b uint64) bool {
	return func(a, b uint64) bool {
		ka, kb := src.sortKey(a, s.col), src.sortKey(b, s.col)
		switch {
		case ka.less(kb):
			return !s.desc
		case kb.less(ka):
			return s.desc
		}
		return a < b
	}
}

// sortRows sorts ids in place; col -1 restores arrival (ID) order.
func sortRows(ids []uint64, s sortState, src sorter) {
	if s.col < 0 {
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		return
	}
	if kl, ok := src.(keyLister); ok {
		sortListed(ids, s, kl)
		return
	}
	less := s.lessFunc(src)
	sort.SliceStable(ids, func(i, j int) bool { return less(ids[i], ids[j]) })
}

// sortListed is sortRows with each row's key listed once, ties in ID order
// as lessFunc has them.
func sortListed(ids []uint64, s sortState, kl keyLister) {
	slices.Sort(ids)
	rows := make([]keyedRow, len(ids))
	for i, id := range ids {
		rows[i].id = id
	}
	kl.listKeys(rows, s.col)
	first := -1 // the lesser key first, unless descending
	if s.desc {
		first = 1
	}
	slices.SortFunc(rows, func(a, b keyedRow) int {
		switch {
		case a.key.less(b.key):
			return first
		case b.key.less(a.key):
			return -first
		}
		return cmp.Compare(a.id, b.id)
	})
	for i, r := range rows {
		ids[i] = r.id
	}
}

// insertSorted adds id at its place in ids, already sorted by s.
func insertSorted(ids []uint64, id uint64, s sortState, src sorter) []uint64 {
	less := s.lessFunc(src)
	i := sort.Search(len(ids), func(i int) bool { return less(id, ids[i]) })
	ids = append(ids, 0)
	copy(ids[i+1:], ids[i:])
	ids[i] = id
	return ids
}

// mergeSorted merges b into a, both sorted by less, into a new slice. Each
// element of b finds its place by binary search, so a small burst into a
// long table costs few comparisons and one copy.
func mergeSorted(a, b []uint64, less func(x, y uint64) bool) []uint64 {
	out := make([]uint64, 0, len(a)+len(b))
	from := 0
	for _, id := range b {
		at := from + sort.Search(len(a)-from, func(i int) bool { return less(id, a[from+i]) })
		out = append(out, a[from:at]...)
		out = append(out, id)
		from = at
	}
	return append(out, a[from:]...)
}
