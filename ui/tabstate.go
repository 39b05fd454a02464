package ui

// tabState is one tab: its table, where its rows come from, and its sort.
type tabState struct {
	table *table
	src   rowSource
	spec  *eventTabSpec // nil for the RSSI tab
	sort  sortState
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
	rows := ts.table.ids
	if len(ids) > 32 {
		// Many rows (a rebuild, a burst): one sort beats many inserts.
		rows = append(rows, ids...)
		sortRows(rows, ts.sort, ts.src)
	} else {
		for _, id := range ids {
			rows = insertSorted(rows, id, ts.sort, ts.src)
		}
	}
	ts.table.setRows(rows, false)
}

// setRows replaces every row, sorting them when the tab is sorted.
func (ts *tabState) setRows(ids []uint64) {
	if ts.sort.col >= 0 {
		sortRows(ids, ts.sort, ts.src)
	}
	ts.table.setRows(ids, ts.sort.col < 0)
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
