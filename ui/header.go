package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/mistwatch/mistwatch/theme"
)

// The table's header: the column titles, the sort arrow beside the title
// (never over it), and which column a click on the header line hits.

// headerView renders the column titles; the sort column carries an arrow.
func (t *table) headerView(th *theme.Theme, sortCol int, desc bool) string {
	var b strings.Builder
	b.WriteString(" ")
	t.writeCells(&b, func(i int, c column) string {
		title := c.title
		if i == sortCol {
			title = c.sortedTitle(desc)
			if ansi.StringWidth(title) > c.width {
				// A narrow terminal took the room: the arrow must still
				// show, after what the title keeps.
				title = ansi.Truncate(firstOf(c.sortBy, c.title), c.width-1, "…") + arrowFor(desc)
			}
		}
		return fit(title, c.width, c.right)
	})
	return th.Header.Render(b.String())
}

// sortedTitle is the title with the sort arrow after the part sorted by:
// "Band▲", "Min/Avg▲/Max".
func (c column) sortedTitle(desc bool) string {
	if i := strings.Index(c.title, c.sortBy); c.sortBy != "" && i >= 0 {
		end := i + len(c.sortBy)
		return c.title[:end] + arrowFor(desc) + c.title[end:]
	}
	return c.title + arrowFor(desc)
}

func arrowFor(desc bool) string {
	if desc {
		return "▼"
	}
	return "▲"
}

// columnAt is the column drawn at screen column x, or -1 (the gutter, a
// gap between columns).
func (t *table) columnAt(x int) int {
	at := 1 // after the selection gutter
	for i, c := range t.cols {
		if c.width == 0 {
			continue
		}
		if x >= at && x < at+c.width {
			return i
		}
		at += c.width + 1
	}
	return -1
}
