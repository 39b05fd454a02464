package ui

// Layout: how the terminal's size is shared between the tab bar, the
// follow panel, the pinned strip, the table and the lines below it.

// resize lays everything out for a new terminal size.
func (m *Model) resize(w, h int) {
	m.com.width, m.com.height = w, h
	m.footer = m.renderFooter(w) // changes only with the width
	m.filter.Width = max(w-30, 10)
	for _, t := range m.tabs {
		t.base().table.layout(w)
	}
	m.layoutTables()
	for _, o := range m.overlays {
		o.resize()
		if tv, ok := o.(*timelineView); ok {
			tv.rebuild() // its lines are cut to the width
		}
	}
}

// showDates switches every time column to a layout with the date (and the
// year), once events span days (or years).
func (m *Model) showDates(layout string) {
	m.com.timeLayout = layout
	for _, t := range m.events {
		t.showDates(layout)
	}
	m.resize(m.com.width, m.com.height)
}

// layoutTables gives each table the rows left after the chrome and the
// pinned strip.
func (m *Model) layoutTables() {
	panel := m.follow.height(len(m.pins.order))
	for _, t := range m.tabs {
		strip := 0
		if t.pinnable() {
			strip = m.stripLines()
		}
		t.base().table.setHeight(max(m.com.height-chromeLines-panel-strip, 1))
	}
}

// stripLines is the pinned strip's height: one line per pin, but never more
// than a third of the rows, so the table always keeps most of the screen.
func (m *Model) stripLines() int {
	return min(len(m.pins.order), max((m.com.height-chromeLines-m.follow.height(len(m.pins.order)))/3, 1))
}

// chromeLines is what the tab bar, table header, filter line, status bar
// and footer take from the height.
const chromeLines = 5
