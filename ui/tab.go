package ui

import (
	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// tab is one tab of the dashboard: a table of rows, where they come from,
// and how they sort, filter and export. Event tabs (eventTab) list events;
// the RSSI tab (rssiTab) lists clients.
type tab interface {
	rowSource
	name() string    // "Joins"
	csvName() string // "joins": the export file's table name
	base() *tabState // table and sort
	total() int      // rows it would show unfiltered
	rowMAC(id uint64) string
	pinnable() bool
	// match applies the filter to a row.
	match(q model.Query, id uint64) bool
	// csv renders rows as the tab's CSV.
	csv(ids []uint64) (header []string, rows [][]string)
}

// tabState is what every tab keeps: its table and its sort.
type tabState struct {
	table *table
	sort  sortState
	keys  *keyCache // sort keys of the current column, when they never change
}

func (ts *tabState) base() *tabState { return ts }

// rowSource supplies the text of a row's cells and optional per-cell styles.
// Cells must already be sanitised plain text.
type rowSource interface {
	cells(id uint64) []string
	cellStyle(id uint64, col int) theme.Paint // the zero Paint: unstyled
	sorter
}

// addRows puts newly matching rows in place: at the end in arrival order,
// or at their sorted position.
func (ts *tabState) addRows(keys sorter, ids []uint64) {
	if len(ids) == 0 {
		return
	}
	if ts.sort.col < 0 {
		ts.table.appendRows(ids...)
		return
	}
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
func (ts *tabState) setRows(keys sorter, ids []uint64) {
	if ts.sort.col >= 0 {
		sortRows(ids, ts.sort, keys)
	}
	ts.table.setRows(ids, ts.sort.col < 0)
}

// nextSort moves the sort to the next column; after the last it returns to
// arrival order. reverse flips the direction instead. It reports whether
// the sort changed.
func (ts *tabState) nextSort(reverse bool) bool {
	switch {
	case reverse && ts.sort.col >= 0:
		ts.sort.desc = !ts.sort.desc
	case reverse:
		return false
	default:
		ts.sort.col++
		for ts.sort.col < len(ts.table.cols) && (ts.table.cols[ts.sort.col].nosort || ts.table.cols[ts.sort.col].width == 0) {
			ts.sort.col++
		}
		ts.sort.desc = false
		if ts.sort.col >= len(ts.table.cols) {
			ts.sort.col = -1
		}
	}
	ts.table.follow = ts.sort.col < 0 && ts.table.follow
	if ts.table.sortCol != ts.sort.col {
		ts.table.sortCol = ts.sort.col
		ts.table.layout(ts.table.width) // the sorted title makes room for its arrow
	}
	return true
}

// sortOn sorts by column col (a click on its title); on the column already
// sorted by, it flips the direction. It reports whether the sort changed.
func (ts *tabState) sortOn(col int) bool {
	if col < 0 || col >= len(ts.table.cols) || ts.table.cols[col].nosort {
		return false
	}
	if ts.sort.col == col {
		return ts.nextSort(true)
	}
	ts.sort.col, ts.sort.desc = col-1, false
	return ts.nextSort(false)
}

// resort re-sorts the rows at once after the sort changed.
func (ts *tabState) resort(keys sorter) {
	ids := append([]uint64(nil), ts.table.ids...)
	if ts.sort.col < 0 {
		sortRows(ids, sortState{col: -1}, nil)
	}
	ts.setRows(keys, ids)
}

// keyCache remembers the sort keys of one column of rows that never change.
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
