package ui

import "github.com/charmbracelet/x/ansi"

// Column widths: how a table shares the terminal width between its
// columns (flex shares, maxima, hiding by drop priority, shrinking to least).

// column is one table column. Widths are computed by layout from min and flex.
type column struct {
	title string
	min   int // width it is laid out at before the spare is shared
	least int // narrowest it is still readable at, cut with an ellipsis, once nothing is left to hide (0: min)
	flex  int // share of the spare width
	max   int // width it never grows past (0: no limit)
	drop  int // when the min widths do not fit, columns with the highest drop are hidden whole first (0: never)
	// dropNarrow: when even the least widths of what drop left do not fit,
	// columns with the highest dropNarrow are hidden whole next, so that
	// the key columns stay readable rather than all being cut (0: never).
	dropNarrow int
	nosort     bool // o skips it (a sparkline has no order)
	right      bool // right-aligned (numbers)
	hidden     bool // exported only: never shown
	cut        cutMode
	sortBy     string // the part of the title the column sorts by ("Avg" of "Min/Avg/Max"); "": all of it
	width      int    // computed
}

// layout gives each column its width for a total width w.
func (t *table) layout(w int) {
	t.width = w
	hidden := t.hideForWidth(w)
	spare := w // the selection gutter's cell is given back by the last column's missing separator
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
		worst := hideNext(t.cols, hidden, func(c column) int { return c.drop })
		if worst < 0 {
			break
		}
		need -= t.base(worst) + 1
	}
	// Still too wide even at the least widths: the dropNarrow columns go.
	least := 1
	for i := range t.cols {
		if !hidden[i] {
			least += t.floor(i) + 1
		}
	}
	for least-1 > w {
		worst := hideNext(t.cols, hidden, func(c column) int { return c.dropNarrow })
		if worst < 0 {
			break
		}
		least -= t.floor(worst) + 1
	}
	return hidden
}

// hideNext hides the shown column with the highest rank (the first of
// equals), and says which; -1 when every shown column ranks 0.
func hideNext(cols []column, hidden []bool, rank func(column) int) int {
	worst := -1
	for i, c := range cols {
		if !hidden[i] && rank(c) > 0 && (worst < 0 || rank(c) > rank(cols[worst])) {
			worst = i
		}
	}
	if worst >= 0 {
		hidden[worst] = true
	}
	return worst
}
