package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/mistwatch/mistwatch/theme"
)

// column is one table column. Widths are computed by layout from min and flex.
type column struct {
	title  string
	min    int  // width it is laid out at before the spare is shared
	least  int  // narrowest it is still readable at, cut with an ellipsis, once nothing is left to hide (0: min)
	flex   int  // share of the spare width
	max    int  // width it never grows past (0: no limit)
	drop   int  // when the min widths do not fit, columns with the highest drop are hidden whole first (0: never)
	nosort bool // o skips it (a sparkline has no order)
	right  bool // right-aligned (numbers)
	hidden bool // exported only: never shown
	cut    cutMode
	sortBy string // the part of the title the column sorts by ("Avg" of "Min/Avg/Max"); "": all of it
	width  int    // computed
}

// cutMode is where a cell too long for its column loses characters.
type cutMode int

const (
	cutEnd    cutMode = iota // names: the start says most
	cutMiddle                // MACs and IDs: they differ at the end
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

// layout gives each column its width for a total width w.
func (t *table) layout(w int) {
	t.width = w
	hidden := t.hideForWidth(w)
	spare := w - 1 + 1 // the selection gutter; the last column needs no separator
	flex := 0
	for i := range t.cols {
		t.cols[i].width = 0
		if hidden[i] {
			continue
		}
		t.cols[i].width = t.base(i)
		spare -= t.cols[i].width + 1
		flex += t.cols[i].flex
	}
	// Hand out the spare width by flex share; a column that reaches its max
	// gives the rest back for the next round.
	for spare > 0 && flex > 0 {
		given, nextFlex := 0, 0
		for i := range t.cols {
			c := &t.cols[i]
			if c.flex == 0 || c.width == 0 || (c.max > 0 && c.width >= c.max) {
				continue
			}
			extra := max(spare*c.flex/flex, 1)
			if c.max > 0 {
				extra = min(extra, c.max-c.width)
			}
			extra = min(extra, spare-given)
			c.width += extra
			given += extra
			if c.max == 0 || c.width < c.max {
				nextFlex += c.flex
			}
		}
		if given == 0 {
			break
		}
		spare -= given
		flex = nextFlex
	}
	// Still too wide: columns give up width down to their least, the one
	// with the most to spare first, so every shown column stays readable.
	for spare < 0 {
		roomiest, room := -1, 0
		for i, c := range t.cols {
			if r := c.width - t.floor(i); r > room {
				roomiest, room = i, r
			}
		}
		if roomiest < 0 {
			break
		}
		t.cols[roomiest].width--
		spare++
	}
	// Narrower than the kept columns' least widths (nothing left to drop):
	// the widest columns give up width, one cell at a time, down to 4;
	// flexible ones (names) first, fixed ones (MACs, numbers) last. Their
	// cells are then cut with an ellipsis rather than by the terminal's edge.
	for spare < 0 {
		widest := -1
		// In turn: names, other columns but the first (the time) and MACs,
		// then anything. The sorted column keeps its title whole until the
		// last.
		phases := []func(i int, c column) bool{
			func(i int, c column) bool { return c.flex > 0 && i != t.sortCol },
			func(i int, c column) bool { return i > 0 && c.cut != cutMiddle && i != t.sortCol },
			func(int, column) bool { return true },
		}
		for _, may := range phases {
			for i, c := range t.cols {
				if c.width > 4 && may(i, c) && (widest < 0 || c.width > t.cols[widest].width) {
					widest = i
				}
			}
			if widest >= 0 {
				break
			}
		}
		if widest < 0 {
			break
		}
		t.cols[widest].width--
		spare++
	}
}

// leastWidth is the narrowest a column is still useful at.
func (c column) leastWidth() int {
	if c.least > 0 && c.least < c.min {
		return c.least
	}
	return c.min
}

// base is column i's width before the spare is shared: its min, and room
// for the sort arrow beside the whole title, never over it.
func (t *table) base(i int) int {
	if i == t.sortCol {
		return max(t.cols[i].min, ansi.StringWidth(t.cols[i].sortedTitle(false)))
	}
	return t.cols[i].min
}

// floor is how far column i may shrink before columns are cut below their
// least: the sorted column also keeps its title and arrow whole.
func (t *table) floor(i int) int {
	f := t.cols[i].leastWidth()
	if i == t.sortCol {
		f = max(f, ansi.StringWidth(t.cols[i].sortedTitle(false)))
	}
	return f
}

// hideForWidth picks the columns to hide whole, highest drop first, until
// the rest fit in w at their min widths: a less important column goes whole
// before the key ones are cut (down to their least, in layout).
func (t *table) hideForWidth(w int) []bool {
	hidden := make([]bool, len(t.cols))
	need := 1
	for i, c := range t.cols {
		if c.hidden {
			hidden[i] = true
			continue
		}
		need += t.base(i) + 1
	}
	for need-1 > w { // the last column needs no separator
		worst := -1
		for i, c := range t.cols {
			if !hidden[i] && c.drop > 0 && (worst < 0 || c.drop > t.cols[worst].drop) {
				worst = i
			}
		}
		if worst < 0 {
			break
		}
		hidden[worst] = true
		need -= t.base(worst) + 1
	}
	return hidden
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

// fit cuts or pads a cell to the column's width. An identifier (a MAC, an
// ID) differs at its end, so it loses its middle; anything else its end.
func (c column) fit(s string) string {
	if c.cut == cutMiddle && ansi.StringWidth(s) > c.width {
		s = cutIdentifiers(s, c.width)
	}
	return fit(s, c.width, c.right)
}

const pathArrow = " → "

// cutIdentifiers fits "a → b" by sharing the width between the sides, and
// cuts an identifier from the middle, keeping its end, where MACs differ.
func cutIdentifiers(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	arrow := ansi.StringWidth(pathArrow)
	if from, to, ok := strings.Cut(s, pathArrow); ok && w >= 2*4+arrow {
		avail := w - arrow
		fw, tw := ansi.StringWidth(from), ansi.StringWidth(to)
		switch half := avail / 2; {
		case fw <= half:
			tw = avail - fw
		case tw <= avail-half:
			fw = avail - tw
		default:
			fw, tw = half, avail-half
		}
		return cutIdentifiers(from, fw) + pathArrow + cutIdentifiers(to, tw)
	}
	if w <= 4 || !isIdentifier(s) {
		return ansi.Truncate(s, w, "…")
	}
	tail := w / 2
	return s[:w-1-tail] + "…" + s[len(s)-tail:]
}

// isIdentifier reports whether s is a MAC or an ID, not a name: hex digits
// and separators only, at least 8 digits, some of them 0-9 (names such as
// "A-1F-Cafe" or "Beef-Dead" are spelt in hex letters too).
func isIdentifier(s string) bool {
	hex, decimal := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			hex, decimal = hex+1, true
		case c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			hex++
		case c != ':' && c != '-' && c != '.':
			return false
		}
	}
	return hex >= 8 && decimal
}

// fit truncates or pads s to exactly w display cells.
func fit(s string, w int, right bool) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	pad := strings.Repeat(" ", w-sw)
	if right {
		return pad + s
	}
	return s + pad
}

func clamp(v, lo, hi int) int {
	if hi < lo {
		return lo
	}
	return max(lo, min(v, hi))
}
