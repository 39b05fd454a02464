package ui

// tabState is one tab: its table, where its rows come from, and its sort.
type tabState struct {
	table *table
	src   rowSource
	spec  *eventTabSpec // nil for the RSSI tab
	sort  sortState
	keys  *keyCache // sort keys of the event rows, for the current column
}

// addRows puts newly matching rows in place: at the end in arrival order,
// or at their sorted position.
func (ts *tabState) addRows(ids []uint64) {
	if len(ids) == 0 {
		return
	}
	if ts.sort.col < 0 {
		ts.table.appendRows(ids...)
		return
	}
	keys := ts.sortKeys()
	rows := ts.table.ids
	if len(ids) > 32 {
		// Many rows (a burst): sort them alone and merge, rather than
		// insert one by one or re-sort what is already in order.
		fresh := append([]uint64(nil), ids...)
		sortRows(fresh, ts.sort, keys)
		rows = mergeSorted(rows, fresh, ts.sort.lessFunc(keys))
	} else {
		for _, id := range ids {
			rows = insertSorted(rows, id, ts.sort, keys)
		}
	}
	ts.table.setRows(rows, false)
}

// setRows replaces every row, sorting them when the tab is sorted.
func (ts *tabState) setRows(ids []uint64) {
	if ts.sort.col >= 0 {
		sortRows(ids, ts.sort, ts.sortKeys())
	}
	ts.table.setRows(ids, ts.sort.col < 0)
}

// sortKeys is what the tab sorts by. An event never changes, so its key is
// computed once per sort column and kept; a client's readings do change, so
// the RSSI tab asks every time.
func (ts *tabState) sortKeys() sorter {
	if ts.spec == nil {
		return ts.src
	}
	names := ts.src.(*eventSource).store.Names.Version() // keys hold names
	if ts.keys == nil || ts.keys.col != ts.sort.col || ts.keys.names != names || len(ts.keys.keys) > 2*len(ts.table.ids)+4096 {
		ts.keys = &keyCache{src: ts.src, col: ts.sort.col, names: names, keys: map[uint64]sortKey{}}
	}
	return ts.keys
}

// keyCache remembers the sort keys of one column.
type keyCache struct {
	src   sorter
	col   int
	names uint64 // Names.Version the keys were made with
	keys  map[uint64]sortKey
}

func (kc *keyCache) sortKey(id uint64, col int) sortKey {
	k, ok := kc.keys[id]
	if !ok {
		k = kc.src.sortKey(id, col)
		kc.keys[id] = k
	}
	return k
}

// cycleSort moves the sort to the next column; after the last it returns to
// arrival order. reverse flips the direction instead.
func (ts *tabState) cycleSort(reverse bool) {
	switch {
	case reverse && ts.sort.col >= 0:
		ts.sort.desc = !ts.sort.desc
	case reverse:
		return
	default:
		ts.sort.col++
		for ts.sort.col < len(ts.table.cols) && ts.table.cols[ts.sort.col].nosort {
			ts.sort.col++
		}
		ts.sort.desc = false
		if ts.sort.col >= len(ts.table.cols) {
			ts.sort.col = -1
		}
	}
	ts.table.follow = ts.sort.col < 0 && ts.table.follow
	ids := append([]uint64(nil), ts.table.ids...)
	if ts.sort.col < 0 {
		sortRows(ids, sortState{col: -1}, nil)
	}
	ts.setRows(ids)
}
