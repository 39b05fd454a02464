package ui

import (
	"strings"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// col is one column of a tab, defined once: what it shows, how it sorts,
// what a filter finds in it, what it exports and how it is painted. Display,
// sorting, filtering and CSV all read the same col, so they cannot disagree.
// R is the row type: *model.Event for event tabs, a model.Client handle for
// RSSI.
type col[R any] struct {
	title                       string // "" : exported only, never shown
	min, least, flex, max, drop int    // width policy: see column
	dropNarrow                  int    // see column
	right, nosort               bool

	// text is the cell as shown (sanitised plain text).
	text func(r R, n *model.Names) string
	// key is the typed value the column sorts by (a number, a time, a
	// symbol); nil sorts by text.
	key func(r R, n *model.Names) sortKey
	// find is what a bare filter word searches besides the text: the IDs
	// and MACs behind a shown name. Nil: the text only.
	find func(r R, n *model.Names) string
	// field is the filter field (type:, …) that also searches this column.
	field string
	// paint colours the cell; nil: plain.
	paint func(th *theme.Theme, r R) theme.Paint
	// mark is text shown after the cell that says what its colour says
	// (a poor RSSI's "!"), so nothing is lost without colour.
	mark func(th *theme.Theme, r R) string
	// csv are the CSV columns this column exports, in order.
	csv []csvCol[R]
	// by says what text and find are made of, so a filter tries a word
	// once per distinct value instead of rendering every row (rowsmatch.go).
	by cellSource
	// cut says where a too-long cell loses its characters: MACs and IDs
	// differ at the end, so they lose the middle.
	cut cutMode
	// sortBy is the part of the title key sorts by, when the title names
	// several figures ("Avg" of "Min/Avg/Max"): the arrow goes after it.
	sortBy string
}

// csvCol is one exported column: its header and its cell. Text cells are
// guarded against formula injection; numeric cells are written as they are.
type csvCol[R any] struct {
	header  string
	numeric bool
	value   func(r R, n *model.Names) string
}

func csvText[R any](header string, v func(r R, n *model.Names) string) csvCol[R] {
	return csvCol[R]{header: header, value: v}
}

func csvNum[R any](header string, v func(r R, n *model.Names) string) csvCol[R] {
	return csvCol[R]{header: header, numeric: true, value: v}
}

// layoutColumns is the table's view of the specs: shown columns keep their
// width policy, export-only ones get none.
func layoutColumns[R any](cols []col[R]) []column {
	out := make([]column, len(cols))
	for i, c := range cols {
		out[i] = column{title: c.title, min: c.min, least: c.least, flex: c.flex, max: c.max, drop: c.drop, dropNarrow: c.dropNarrow, right: c.right,
			nosort: c.nosort || c.title == "", hidden: c.title == "", cut: c.cut, sortBy: c.sortBy}
	}
	return out
}

// cellTexts renders a row's cells, with their marks.
func cellTexts[R any](cols []col[R], r R, n *model.Names, th *theme.Theme) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		if c.title != "" && c.text != nil {
			out[i] = c.text(r, n)
			if c.mark != nil && th != nil {
				out[i] += c.mark(th, r)
			}
		}
	}
	return out
}

// keyOf is a cell's sort key: the typed key, else the folded text.
func keyOf[R any](c *col[R], r R, n *model.Names) sortKey {
	if c.key != nil {
		return c.key(r, n)
	}
	if c.text == nil {
		return sortKey{}
	}
	return textKey(c.text(r, n))
}

// filterTexts are the texts a filter term on field searches in a row: for
// a bare word (field ""), every shown cell and its find text; for a field,
// the cells of the columns that answer to it.
func filterTexts[R any](cols []col[R], r R, n *model.Names, field string) []string {
	var out []string
	for i := range cols {
		c := &cols[i]
		if c.text == nil || c.title == "" || (field != "" && c.field != field) {
			continue
		}
		out = append(out, c.text(r, n))
		if field == "" && c.find != nil {
			out = append(out, c.find(r, n))
		}
	}
	return out
}

// csvHeader lists the exported column names of a tab.
func csvHeader[R any](cols []col[R]) []string {
	var h []string
	for _, c := range cols {
		for _, x := range c.csv {
			h = append(h, x.header)
		}
	}
	return h
}

// csvRow is one row as CSV cells, in csvHeader's order.
func csvRow[R any](cols []col[R], r R, n *model.Names) []string {
	var row []string
	for _, c := range cols {
		for _, x := range c.csv {
			v := x.value(r, n)
			if !x.numeric {
				v = model.CSVText(v)
			}
			row = append(row, v)
		}
	}
	return row
}

// sortKey is what a column sorts by: numbers numerically, text by folded text.
type sortKey struct {
	num   float64
	text  string
	isNum bool
}

func numKey(v float64) sortKey { return sortKey{num: v, isNum: true} }
func textKey(s string) sortKey { return sortKey{text: strings.ToLower(s)} }
func (a sortKey) less(b sortKey) bool {
	if a.isNum && b.isNum {
		return a.num < b.num
	}
	return a.text < b.text
}
