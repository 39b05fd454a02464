package ui

import (
	"github.com/mistwatch/mistwatch/model"
)

// Routing decides which stored events each tab shows: new events as they
// arrive, everything again when the filter changes, and the RSSI tab's
// clients.

// route shows every stored event not yet shown, then drops evicted rows.
func (m *Model) route() { m.routeUpTo(m.store.NextSeq()) }

// routeUpTo shows the stored events with Seq below end not yet shown. Each
// tab applies the filter to the event as it shows it, so a bare word finds
// what its columns show.
func (m *Model) routeUpTo(end uint64) {
	start := max(m.shownTo, m.store.FirstSeq())
	add := make([][]uint64, len(m.events))
	var touched []*model.Client
	for seq := start; seq < end; seq++ {
		e, _ := m.store.Get(seq)
		m.pins.observe(e, m.events)
		if c, ok := m.store.Clients.Get(e.MAC); ok && c.Updated == seq {
			touched = append(touched, c)
		}
		fieldsOnly := m.query.Empty() || m.query.Match(e, m.store.Names)
		for i, t := range m.events {
			if t.accepts(e) && (fieldsOnly || t.matchEvent(m.query, e)) {
				add[i] = append(add[i], seq)
			}
		}
	}
	m.shownTo = end
	first := m.store.FirstSeq()
	for i, t := range m.events {
		t.addRows(t.sortKeys(), add[i])
		t.table.dropBefore(first)
	}
	if !m.paused { // paused, the RSSI tab shows the clients frozen at the pause
		m.rssi.refresh(m.query, touched, false)
	}
}

// rebuild re-applies the filter to everything stored.
func (m *Model) rebuild() {
	for _, t := range m.events {
		t.setRows(t.sortKeys(), nil)
	}
	// While paused, a new filter applies to what was on screen, not to
	// what arrived since.
	end := m.store.NextSeq()
	if m.paused {
		end = m.shownTo
	}
	m.shownTo = m.store.FirstSeq()
	m.routeUpTo(end)
	for _, t := range m.tabs {
		t.base().table.newBelow = 0 // a new filter re-lists rows; none of them is new
	}
	if m.paused {
		m.rssi.refilterFrozen(m.query)
	} else {
		m.rssi.refresh(m.query, nil, true)
	}
}

// applyFilter parses text; a bad term is shown and the last good filter stays.
func (m *Model) applyFilter(text string) {
	q, err := model.ParseQuery(text)
	if err != nil {
		m.filterErr = err.Error()
		return
	}
	m.filterErr = ""
	if q.String() == m.query.String() {
		return
	}
	m.query = q
	m.rebuild()
}
