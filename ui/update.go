package ui

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// handleKey routes a key to the open overlay, the filter bar, or the table.
func (m *Model) handleKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	if msg.String() == "ctrl+c" {
		return m, tea.Quit
	}
	// Keys typed quickly can arrive as one message with several runes; outside
	// text entry each rune is its own command.
	_, picking := m.top().(*picker)
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !m.filtering && !picking && m.prompt == nil {
		var cmds []tea.Cmd
		for _, r := range msg.Runes {
			_, cmd := m.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			cmds = append(cmds, cmd)
		}
		return m, tea.Batch(cmds...)
	}
	switch {
	case m.top() != nil:
		act, cmd := m.top().update(msg)
		return m, tea.Batch(cmd, m.do(act))
	case m.prompt != nil:
		return m.promptKey(msg)
	case m.filtering:
		return m.filterKey(msg)
	}
	return m.tableKey(msg)
}

// do carries out what an overlay asked for.
func (m *Model) do(act action) tea.Cmd {
	var filterCmd tea.Cmd
	if act.pick != "" {
		p := m.top().(*picker)
		text := withFieldTerm(m.query.String(), p.field, act.pick)
		m.filter.SetValue(text)
		filterCmd = m.applyFilter(text)
	}
	var cmd tea.Cmd
	if act.export {
		cmd = m.export()
	}
	if act.close {
		m.pop()
	}
	if act.pin != "" {
		m.togglePin(act.pin)
	}
	if act.timeline != "" {
		m.openTimeline(act.timeline)
	}
	if act.copy != "" {
		m.copyText(act.copy, act.copyWhat)
	}
	if act.detail != 0 {
		m.openEvent(act.detail)
	}
	return tea.Batch(cmd, filterCmd)
}

func (m *Model) tableKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	m.syncStrip()
	t := m.current().base()
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.NextTab):
		m.active = (m.active + 1) % len(m.tabs)
	case key.Matches(msg, k.PrevTab):
		m.active = (m.active + len(m.tabs) - 1) % len(m.tabs)
	case key.Matches(msg, k.TabN):
		if n := int(msg.String()[0] - '1'); n < len(m.tabs) {
			m.active = n
		}
	case key.Matches(msg, k.Up):
		t.table.move(-1)
	case key.Matches(msg, k.Down):
		t.table.move(1)
	case key.Matches(msg, k.PageUp):
		t.table.move(-t.table.height)
	case key.Matches(msg, k.PageDown):
		t.table.move(t.table.height)
	case key.Matches(msg, k.Top):
		t.table.top()
	case key.Matches(msg, k.Bottom):
		t.table.bottom()
	case key.Matches(msg, k.Pause):
		m.setPaused(!m.paused)
	case key.Matches(msg, k.Filter):
		return m, m.openFilter()
	case key.Matches(msg, k.Back):
		m.filter.SetValue("")
		m.filterErr = "" // and forget a bad filter's text
		return m, m.applyFilter("")
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
		m.togglePin(m.selectedMAC())
	case key.Matches(msg, k.Timeline):
		m.openTimeline(m.selectedMAC())
	case key.Matches(msg, k.Export):
		return m, m.export()
	case key.Matches(msg, k.Sort):
		return m, m.cycleSort(false)
	case key.Matches(msg, k.SortReverse):
		return m, m.cycleSort(true)
	case key.Matches(msg, k.Help):
		m.push(newHelp(m.com, m.keys, m.helpNotes()...))
	case key.Matches(msg, k.Follow):
		m.toggleFollow()
	case key.Matches(msg, k.Bell):
		m.toggleBell()
	case key.Matches(msg, k.PinPrompt):
		return m, m.openPinPrompt()
	case key.Matches(msg, k.Marker):
		return m, m.openMarkerPrompt()
	case key.Matches(msg, k.RefetchNames):
		return m, m.refetchNames()
	case key.Matches(msg, k.Copy):
		m.copySelected()
	}
	m.refreshShown()
	return m, nil
}

// refreshShown brings the RSSI tab up to the filter when it is the one
// shown: the filter may have changed while another tab showed.
func (m *Model) refreshShown() {
	if m.rssiStale && m.current() == tab(m.rssi) {
		m.refilterClients()
	}
}

// cycleSort changes the active tab's sort. The RSSI tab re-sorts its
// clients at once; an event tab's rows are sorted by a rowsJob.
func (m *Model) cycleSort(reverse bool) tea.Cmd {
	return m.changeSort(func(ts *tabState) bool { return ts.nextSort(reverse) })
}

// changeSort changes the active tab's sort with change and re-sorts.
func (m *Model) changeSort(change func(*tabState) bool) tea.Cmd {
	switch t := m.current().(type) {
	case *eventTab:
		if !change(&t.tabState) {
			return nil
		}
		redo := make([]bool, len(m.events))
		for i := range m.events {
			redo[i] = m.events[i] == t
		}
		return m.startRows(redo, "sorting…")
	case *rssiTab:
		if change(&t.tabState) {
			t.resort(t)
		}
	}
	return nil
}

func newFilterInput(th *theme.Theme) textinput.Model {
	f := textinput.New()
	f.Prompt = "/ "
	f.PromptStyle = th.Prompt
	f.Placeholder = "site:hq ssid:guest mac:70ef00 rssi<-70 -topic:ping"
	return f
}

func (m *Model) openFilter() tea.Cmd {
	m.filtering = true
	m.queryBefore = m.query
	if m.filterErr == "" {
		// Start from the filter in force; after an error, from what was
		// typed, so it can be corrected rather than retyped.
		m.filter.SetValue(m.query.String())
	}
	m.filter.CursorEnd()
	return m.filter.Focus()
}

// filterKey edits the query; every keystroke re-filters when it parses.
func (m *Model) filterKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch msg.Type {
	case tea.KeyEnter:
		m.filtering = false
		m.filter.Blur()
		if m.filterErr != "" {
			// Typing passed through half-terms on the way to the bad one:
			// keep the filter that was in force before, not one of those.
			m.query = m.queryBefore
			return m, m.rebuild()
		}
		return m, nil
	case tea.KeyEsc:
		m.filtering = false
		m.filter.Blur()
		m.filter.SetValue("")
		cmd := m.applyFilter("")
		m.filterErr = ""
		return m, cmd
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	return m, tea.Batch(cmd, m.applyFilter(m.filter.Value()))
}

// openDetail shows the selected event's JSON. On the RSSI tab rows are
// clients, so it opens the client's timeline instead.
func (m *Model) openDetail() {
	id, ok := m.current().base().table.selectedID()
	if !ok {
		return
	}
	if m.current() == tab(m.rssi) {
		m.openTimeline(m.selectedMAC())
		return
	}
	m.openEvent(id)
}

// openEvent shows an event's JSON, while it is held.
func (m *Model) openEvent(seq uint64) {
	e, ok := m.store.Get(seq)
	if !ok {
		m.say("that event has been evicted")
		return
	}
	m.push(newDetail(m.com, e))
}

// openTimeline shows a client's timeline.
func (m *Model) openTimeline(mac string) {
	if mac != "" {
		m.push(newTimeline(m.com, m.store, mac, m.pins.has(mac)))
	}
}

func (m *Model) openPicker(field string) {
	var match func(*model.Event) bool
	if q, err := model.ParseQuery(withoutField(m.query.String(), field)); err == nil && !q.Empty() {
		// The other terms as the All tab shows each event: a word only a
		// cell shows (a summary's "joined") counts as it filters.
		match = func(e *model.Event) bool { return allTab.matchRow(q, e, m.store.Names) }
	}
	m.push(newPicker(m.com, field, m.store, match))
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

// setPaused freezes the tables (events are still stored and counted) and,
// in a replay, the replay clock.
func (m *Model) setPaused(p bool) {
	m.paused = p
	if m.opts.Replay != nil {
		m.opts.Replay.SetPaused(p)
	}
	if p {
		m.rssi.freeze()
		return
	}
	m.rssi.thaw()
	m.route()
	m.refilterClients() // a filter may have changed while paused
}
