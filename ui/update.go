package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// handleKey routes a key to the open overlay, or to the table.
func (m *Model) handleKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	if msg.String() == "ctrl+c" {
		return m, tea.Quit
	}
	// Keys typed quickly can arrive as one message with several runes; outside
	// text entry each rune is its own command.
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && m.mode != modeFilter && m.mode != modePicker {
		var cmds []tea.Cmd
		for _, r := range msg.Runes {
			_, cmd := m.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			cmds = append(cmds, cmd)
		}
		return m, tea.Batch(cmds...)
	}
	switch m.mode {
	case modeFilter:
		return m.filterKey(msg)
	case modeDetail:
		return m.detailKey(msg)
	case modeTimeline:
		return m.timelineKey(msg)
	case modePicker:
		choice, done, cmd := m.picker.update(msg)
		if done {
			if choice != "" {
				text := withFieldTerm(m.query.String(), m.picker.field, choice)
				m.filter.SetValue(text)
				m.applyFilter(text)
			}
			m.mode, m.picker = modeTable, nil
		}
		return m, cmd
	case modeHelp:
		m.mode = modeTable // any key, q included, closes help; ctrl+c quits above
		return m, nil
	}
	return m.tableKey(msg)
}

func (m *Model) tableKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	t := m.current().table
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.NextTab):
		m.active = (m.active + 1) % tabCount
	case key.Matches(msg, k.PrevTab):
		m.active = (m.active + tabCount - 1) % tabCount
	case key.Matches(msg, k.TabN):
		m.active = tabID(msg.String()[0] - '1')
	case key.Matches(msg, k.Up):
		t.move(-1)
	case key.Matches(msg, k.Down):
		t.move(1)
	case key.Matches(msg, k.PageUp):
		t.move(-t.height)
	case key.Matches(msg, k.PageDown):
		t.move(t.height)
	case key.Matches(msg, k.Top):
		t.top()
	case key.Matches(msg, k.Bottom):
		t.bottom()
	case key.Matches(msg, k.Pause):
		m.setPaused(!m.paused)
	case key.Matches(msg, k.Filter):
		m.mode = modeFilter
		m.queryBefore = m.query
		if m.filterErr == "" {
			// Start from the filter in force; after an error, from what was
			// typed, so it can be corrected rather than retyped.
			m.filter.SetValue(m.query.String())
		}
		m.filter.CursorEnd()
		return m, m.filter.Focus()
	case key.Matches(msg, k.Back):
		m.filter.SetValue("")
		m.applyFilter("")
		m.filterErr = "" // and forget a bad filter's text
	case key.Matches(msg, k.Detail):
		m.openDetail()
	case key.Matches(msg, k.Faster):
		m.changeSpeed(2)
	case key.Matches(msg, k.Slower):
		m.changeSpeed(0.5)
	case key.Matches(msg, k.Site):
		m.openPicker("site")
	case key.Matches(msg, k.SSID):
		m.openPicker("ssid")
	case key.Matches(msg, k.Topic):
		m.openPicker("topic")
	case key.Matches(msg, k.Pin):
		m.togglePin()
	case key.Matches(msg, k.Timeline):
		m.openTimeline()
	case key.Matches(msg, k.Export):
		return m, m.export()
	case key.Matches(msg, k.Sort):
		m.current().cycleSort(false)
	case key.Matches(msg, k.SortReverse):
		m.current().cycleSort(true)
	case key.Matches(msg, k.Help):
		m.mode = modeHelp
	}
	return m, nil
}

// filterKey edits the query; every keystroke re-filters when it parses.
func (m *Model) filterKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch msg.Type {
	case tea.KeyEnter:
		m.mode = modeTable
		m.filter.Blur()
		if m.filterErr != "" {
			// Typing passed through half-terms on the way to the bad one:
			// keep the filter that was in force before, not one of those.
			m.query = m.queryBefore
			m.rebuild()
		}
		return m, nil
	case tea.KeyEsc:
		m.mode = modeTable
		m.filter.Blur()
		m.filter.SetValue("")
		m.applyFilter("")
		m.filterErr = ""
		return m, nil
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	m.applyFilter(m.filter.Value())
	return m, cmd
}

func (m *Model) detailKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Back), msg.String() == "q", msg.Type == tea.KeyEnter:
		m.mode, m.detail = modeTable, nil
		return m, nil
	}
	var cmd tea.Cmd
	m.detail.vp, cmd = m.detail.vp.Update(msg)
	return m, cmd
}

// openDetail shows the selected event's JSON. On the RSSI tab rows are
// clients, so it opens the client's timeline instead.
func (m *Model) openDetail() {
	id, ok := m.current().table.selectedID()
	if !ok {
		return
	}
	if m.active == tabRSSI {
		m.openTimeline()
		return
	}
	e, ok := m.store.Get(id)
	if !ok {
		m.say("that event has been evicted")
		return
	}
	m.detail = newDetail(m, e)
	m.mode = modeDetail
}

// changeSpeed doubles or halves the replay speed (0 means "all at once").
func (m *Model) changeSpeed(factor float64) {
	r := m.opts.Replay
	if r == nil {
		return
	}
	s := r.Speed()
	if s == 0 {
		s = 64
	}
	r.SetSpeed(min(max(s*factor, 0.25), 1024))
}

func (m *Model) openPicker(field string) {
	m.picker = newPicker(field, m.store)
	m.mode = modePicker
}

// openTimeline shows the selected row's client.
func (m *Model) openTimeline() {
	mac := m.selectedMAC()
	if mac == "" {
		return
	}
	m.timeline = newTimeline(m, mac)
	m.mode = modeTimeline
}

func (m *Model) timelineKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Back), msg.String() == "q":
		m.mode, m.timeline = modeTable, nil
		return m, nil
	case key.Matches(msg, m.keys.Export):
		return m, m.export()
	case key.Matches(msg, m.keys.Pin):
		m.togglePinMAC(m.timeline.mac)
		return m, nil
	case key.Matches(msg, m.keys.Top):
		m.timeline.vp.GotoTop()
		return m, nil
	case key.Matches(msg, m.keys.Bottom):
		m.timeline.vp.GotoBottom()
		return m, nil
	}
	var cmd tea.Cmd
	m.timeline.vp, cmd = m.timeline.vp.Update(msg)
	return m, cmd
}
