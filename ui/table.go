package ui

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/mistwatch/mistwatch/theme"
)

// table is a live table keyed by row ID. The cursor follows the selected ID,
// not the index, so rows arriving or being evicted never move the selection
// to another event. Only the visible rows are rendered.
type table struct {
	cols     []column
	sortCol  int      // the column sorted by, -1 none: its title makes room for the arrow
	ids      []uint64 // display order
	sorted   bool     // ids ascending: lookups can binary-search
	cursor   int
	selected uint64
	offset   int
	height   int
	width    int
	follow   bool
	newBelow int // rows appended since the table stopped following

	// strip are the pinned rows shown above the table; the cursor moves
	// up into them (inStrip is its index there, -1 when in the table), so
	// a pinned row can be opened, pinned off or followed like any other.
	strip   []uint64
	inStrip int
}

func newTable(cols []column) *table {
	return &table{cols: cols, sorted: true, follow: true, height: 10, inStrip: -1, sortCol: -1}
}

// setRows replaces the rows, keeping the selection on the same ID when it
// is still there.
func (t *table) setRows(ids []uint64, sorted bool) {
	t.ids, t.sorted = ids, sorted
	t.reselect()
}

// appendRows adds rows at the end (IDs larger than any held when sorted).
func (t *table) appendRows(ids ...uint64) {
	if len(ids) == 0 {
		return
	}
	if need := len(t.ids) + len(ids); need > cap(t.ids) {
		// By half: append grows a large slice by a quarter, so a table
		// filled to a million rows was copied about five times over (three
		// now), which doubling would halve again for twice the room.
		t.ids = slices.Grow(t.ids, max(need, cap(t.ids)+cap(t.ids)/2)-len(t.ids))
	}
	t.ids = append(t.ids, ids...)
	if !t.follow {
		t.newBelow += len(ids)
	}
	t.reselect()
}

// dropBefore removes rows whose ID is below first (evicted events).
func (t *table) dropBefore(first uint64) {
	if !t.sorted {
		kept := t.ids[:0]
		for _, id := range t.ids {
			if id >= first {
				kept = append(kept, id)
			}
		}
		t.ids = kept
		t.reselect()
		return
	}
	n := sort.Search(len(t.ids), func(i int) bool { return t.ids[i] >= first })
	if n > 0 {
		t.ids = t.ids[n:]
		t.reselect()
	}
}

// index finds a row ID's position, or -1.
func (t *table) index(id uint64) int {
	if t.sorted {
		i := sort.Search(len(t.ids), func(i int) bool { return t.ids[i] >= id })
		if i < len(t.ids) && t.ids[i] == id {
			return i
		}
		return -1
	}
	for i, v := range t.ids {
		if v == id {
			return i
		}
	}
	return -1
}

// reselect puts the cursor back on the selected ID after the rows changed.
func (t *table) reselect() {
	switch {
	case len(t.ids) == 0:
		// Keep selected: a filter that hides every row and is then
		// widened again finds the same event.
		t.cursor, t.offset = 0, 0
		return
	case t.follow:
		t.cursor = len(t.ids) - 1
	default:
		if i := t.index(t.selected); i >= 0 {
			t.cursor = i
		} else if t.cursor >= len(t.ids) {
			t.cursor = len(t.ids) - 1
		} else if t.sorted && t.selected != 0 {
			// The selected event was evicted: stay on the oldest remaining.
			t.cursor = 0
		}
	}
	t.selected = t.ids[t.cursor]
	t.scroll()
}

// setStrip sets the pinned rows shown above the table.
func (t *table) setStrip(ids []uint64) {
	t.strip = ids
	if t.inStrip >= len(ids) {
		t.inStrip = len(ids) - 1
	}
}

// move shifts the cursor by n rows, through the pinned strip above the
// first row; moving up stops following.
func (t *table) move(n int) {
	if t.inStrip >= 0 {
		at := t.inStrip + n
		if at < len(t.strip) || len(t.ids) == 0 {
			t.inStrip = clamp(at, 0, len(t.strip)-1)
			return
		}
		t.inStrip, t.cursor, n = -1, 0, at-len(t.strip)
	} else if len(t.strip) > 0 && t.cursor+n < 0 {
		t.follow = false
		t.inStrip = max(len(t.strip)+t.cursor+n, 0)
		return
	}
	if len(t.ids) == 0 {
		return
	}
	t.cursor = clamp(t.cursor+n, 0, len(t.ids)-1)
	if n < 0 {
		t.follow = false
	}
	t.selected = t.ids[t.cursor]
	t.scroll()
}

// selectRow puts the cursor on row i (a click); it stops following unless
// i is the newest row.
func (t *table) selectRow(i int) {
	if i < 0 || i >= len(t.ids) {
		return
	}
	t.inStrip, t.cursor, t.selected = -1, i, t.ids[i]
	t.follow = t.follow && i == len(t.ids)-1
	t.scroll()
}

// selectStrip puts the cursor on the pinned strip's row i.
func (t *table) selectStrip(i int) {
	if i >= 0 && i < len(t.strip) {
		t.inStrip, t.follow = i, false
	}
}

// top goes to the first pinned row, else the oldest row.
func (t *table) top() {
	t.follow, t.inStrip = false, -1
	t.move(-len(t.ids) - len(t.strip))
}

// bottom jumps to the newest row and resumes following.
func (t *table) bottom() {
	t.follow, t.newBelow, t.inStrip = true, 0, -1
	t.reselect()
}

func (t *table) setHeight(h int) {
	t.height = max(h, 1)
	t.scroll()
}

// scroll keeps the cursor inside the visible window.
func (t *table) scroll() {
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+t.height {
		t.offset = t.cursor - t.height + 1
	}
	t.offset = clamp(t.offset, 0, max(len(t.ids)-t.height, 0))
}

// selectedID returns the ID under the cursor.
func (t *table) selectedID() (uint64, bool) {
	if t.inStrip >= 0 {
		return t.strip[t.inStrip], true
	}
	if len(t.ids) == 0 {
		return 0, false
	}
	return t.ids[t.cursor], true
}

// rowsView renders only the visible rows, padded to height lines.
func (t *table) rowsView(th *theme.Theme, src rowSource, marked func(uint64) bool) string {
	var b strings.Builder
	end := min(t.offset+t.height, len(t.ids))
	for i := t.offset; i < end; i++ {
		id := t.ids[i]
		cells := src.cells(id)
		if i == t.cursor && t.inStrip < 0 {
			b.WriteString(th.Selected.Render(t.plainLine("›", cells)))
		} else {
			gutter := " "
			if marked != nil && marked(id) {
				gutter = th.Pinned.Render("•")
			}
			b.WriteString(gutter)
			t.writeCells(&b, func(i int, c column) string {
				return src.cellStyle(id, i).Wrap(c.fit(cellAt(cells, i)))
			})
		}
		b.WriteByte('\n')
	}
	for i := end - t.offset; i < t.height; i++ {
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// pinnedLines renders the pinned strip in exactly n lines: the pinned rows
// first, a note for pins with no row here, and "+k more" when pins outnumber
// the lines.
func (t *table) pinnedLines(th *theme.Theme, src rowSource, n, pinned int) []string {
	lines := make([]string, 0, n)
	for i, id := range t.strip {
		if i == t.inStrip {
			lines = append(lines, th.Selected.Render(t.plainLine("›", src.cells(id))))
			continue
		}
		lines = append(lines, th.Pinned.Render(t.plainLine("•", src.cells(id))))
	}
	for len(lines) < pinned {
		lines = append(lines, th.Dim.Render(" • pinned client: no row on this tab yet"))
	}
	if len(lines) > n {
		more := len(lines) - n + 1
		lines = append(lines[:n-1], th.Dim.Render(fmt.Sprintf(" • +%d more pinned", more)))
	}
	return lines
}

// plainLine is a row without cell styles, for the selection and pins, whose
// own style covers the whole line.
func (t *table) plainLine(gutter string, cells []string) string {
	var b strings.Builder
	b.WriteString(gutter)
	t.writeCells(&b, func(i int, c column) string { return c.fit(cellAt(cells, i)) })
	return b.String()
}

// writeCells writes the visible columns' text, one space apart; hidden
// (zero-width) columns are skipped.
func (t *table) writeCells(b *strings.Builder, cell func(i int, c column) string) {
	sep := false
	for i, c := range t.cols {
		if c.width == 0 {
			continue
		}
		if sep {
			b.WriteByte(' ')
		}
		sep = true
		b.WriteString(cell(i, c))
	}
}

func cellAt(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}

func clamp(v, lo, hi int) int {
	if hi < lo {
		return lo
	}
	return max(lo, min(v, hi))
}
