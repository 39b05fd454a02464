package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// View renders the screen. Only the visible rows of the active tab are
// rendered; everything else is a handful of short lines.
func (m *Model) View() string {
	if m.com.width == 0 {
		return ""
	}
	if o := m.top(); o != nil {
		return o.view()
	}
	m.syncStrip()
	t := m.current()
	ts := t.base()
	th := m.com.th
	var b strings.Builder
	b.WriteString(m.tabBar())
	b.WriteByte('\n')
	if n := m.follow.height(len(m.pins.order)); n > 0 {
		for _, line := range m.follow.view(m.pins.order, m.store.Clients, m.clock(), m.opts.QuietAfter, n) {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	b.WriteString(ts.table.headerView(th, ts.sort.col, ts.sort.desc))
	b.WriteByte('\n')
	if t.pinnable() {
		for _, line := range ts.table.pinnedLines(th, t, m.stripLines(), len(m.pins.order)) {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	if len(ts.table.ids) == 0 {
		b.WriteString(m.emptyView(ts.table.height))
	} else {
		b.WriteString(ts.table.rowsView(th, t, m.isPinnedRow))
	}
	b.WriteByte('\n')
	b.WriteString(m.filterLine())
	b.WriteByte('\n')
	b.WriteString(m.statusBar())
	b.WriteByte('\n')
	b.WriteString(m.footer)
	return b.String()
}

// tabBar names the tabs with their row counts. On a narrow terminal it
// drops, in turn, the program name, the padding and the tab numbers rather
// than cut a count off. Without colour the active tab is bracketed.
func (m *Model) tabBar() string {
	parts, _, fits := m.tabParts()
	bar := strings.Join(parts, " ")
	if !fits {
		return ansi.Truncate(bar, m.com.width, "…")
	}
	return bar
}

// tabAt is the tab whose label the tab bar draws at column x, or -1. It is
// worked out when a click asks, not at every frame.
func (m *Model) tabAt(x int) int {
	parts, title, _ := m.tabParts()
	at := 0
	for i, p := range parts {
		w := ansi.StringWidth(p)
		if x >= at && x < at+w {
			if title {
				i-- // the program name is no tab: -1
			}
			return i
		}
		at += w + 1
	}
	return -1
}

// tabParts is the tab bar's pieces, joined by a space: the program name
// when title, then each tab's label, in the widest form that fits (fits
// false: not even the tightest does).
func (m *Model) tabParts() (parts []string, title, fits bool) {
	for _, f := range []struct{ title, pad, num bool }{
		{true, true, true}, {false, true, true}, {false, false, true}, {false, false, false},
	} {
		parts = m.renderTabs(f.title, f.pad, f.num)
		width := len(parts) - 1
		for _, p := range parts {
			width += ansi.StringWidth(p)
		}
		if width <= m.com.width {
			return parts, f.title, true
		}
	}
	return parts, false, false
}

func (m *Model) renderTabs(title, pad, num bool) []string {
	th := m.com.th
	active, inactive := th.TabActivePaint, th.TabInactivePaint
	if !pad {
		active, inactive = th.TabActiveTightPaint, th.TabInactiveTightPaint
	}
	var parts []string
	if title {
		parts = append(parts, th.Title.Render("mistwatch"))
	}
	for i, t := range m.tabs {
		label := t.name() + " " + compact(m.rowCount(t))
		if num {
			label = strconv.Itoa(i+1) + " " + label
		}
		switch {
		case i == m.active && th.NoColor:
			parts = append(parts, "["+label+"]")
		case i == m.active:
			parts = append(parts, active.Wrap(label))
		default:
			parts = append(parts, inactive.Wrap(label))
		}
	}
	return parts
}

// compact writes counts the way a glance wants them: 987, 12.3k, 1.2M.
func compact(n int) string {
	switch {
	case n < 10000:
		return strconv.Itoa(n)
	case n < 1000000:
		return strconv.FormatFloat(float64(n)/1000, 'f', 1, 64) + "k"
	}
	return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + "M"
}

func (m *Model) emptyView(height int) string {
	msg := "waiting for events…"
	switch {
	case m.paused:
		msg = "paused · space shows what has arrived"
	case !m.query.Empty():
		msg = "no events match the filter · esc clears it"
	case m.store.Len() > 0:
		msg = "no " + strings.ToLower(m.current().name()) + " yet"
	}
	lines := make([]string, height)
	lines[0] = m.com.th.Dim.Render("  " + msg)
	return strings.Join(lines, "\n")
}

func (m *Model) filterLine() string {
	th := m.com.th
	shown := m.rowCount(m.current())
	count := th.Dim.Render(fmt.Sprintf(" %d/%d", shown, m.current().total()))
	if label := m.rowsLabel(); label != "" {
		count += th.Notice.Render(" " + label) // the rows are the old filter's or order until it lands
	}
	var line string
	switch {
	case m.prompt != nil:
		return m.prompt.view(th, m.com.width)
	case m.filtering:
		line = m.filter.View() + count
	case !m.query.Empty():
		line = th.Prompt.Render("filter: ") + m.query.String() + count
	default:
		line = th.Dim.Render("/ filter  S site  W SSID  T topic") + count
		if m.filterErr == "" && m.statusMessage() != "" {
			line = count // the hint gives way to the message
		}
	}
	if m.filterErr != "" {
		line += "  " + th.Err.Render("✗ "+m.filterErr)
	} else if msg := m.statusMessage(); msg != "" {
		// The filter line has room to spare; the status bar has none.
		line += "  " + msg
	}
	return ansi.Truncate(line, m.com.width, "…")
}

// rowCount is how many rows a tab shows: on the RSSI tab, pinned clients
// are rows of the strip, not repeated below it.
func (m *Model) rowCount(t tab) int {
	n := len(t.base().table.ids)
	if t == tab(m.rssi) {
		n += len(m.pins.rows(t, m.store))
	}
	return n
}
