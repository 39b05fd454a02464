package ui

import (
	"slices"
	"sort"

	"github.com/mistwatch/mistwatch/model"
)

// Routing decides which stored events each tab shows: new events as they
// arrive, everything again when the filter changes, and the RSSI tab's
// clients.

// route shows every stored event not yet shown, then drops evicted rows.
func (m *Model) route() { m.routeUpTo(m.store.NextSeq()) }

// routeUpTo shows the stored events with Seq below end not yet shown.
func (m *Model) routeUpTo(end uint64) {
	start := max(m.shownTo, m.store.FirstSeq())
	var add [tabCount][]uint64
	var touched []*model.Client
	for seq := start; seq < end; seq++ {
		e, _ := m.store.Get(seq)
		m.pins.observe(e)
		if c, ok := m.store.Clients.Get(e.MAC); ok && c.Updated == seq {
			touched = append(touched, c)
		}
		if !m.query.Match(e, m.store.Names) {
			continue
		}
		for _, ts := range m.tabs {
			if ts.spec != nil && ts.spec.accepts(e) {
				add[ts.spec.id] = append(add[ts.spec.id], seq)
			}
		}
	}
	m.shownTo = end
	first := m.store.FirstSeq()
	for id, ts := range m.tabs {
		if ts.spec == nil {
			continue
		}
		ts.addRows(add[id])
		ts.table.dropBefore(first)
	}
	if !m.paused { // paused, the RSSI tab shows the clients frozen at the pause
		m.refreshClients(touched, false)
	}
}

// rebuild re-applies the filter to everything stored.
func (m *Model) rebuild() {
	for _, ts := range m.tabs {
		if ts.spec != nil {
			ts.setRows(nil)
		}
	}
	// While paused, a new filter applies to what was on screen, not to
	// what arrived since.
	end := m.store.NextSeq()
	if m.paused {
		end = m.shownTo
	}
	m.shownTo = m.store.FirstSeq()
	m.routeUpTo(end)
	for _, ts := range m.tabs {
		ts.table.newBelow = 0 // a new filter re-lists rows; none of them is new
	}
	if m.paused {
		m.refilterFrozen()
	} else {
		m.refreshClients(nil, true)
	}
}

// refreshClients keeps the RSSI tab's rows, one per client the filter
// matches. Only new clients and those the batch touched are matched again;
// the row list is rebuilt only when membership changed or a sort needs it.
// After the client table evicted, everything is matched again.
func (m *Model) refreshClients(touched []*model.Client, all bool) {
	cs := m.store.Clients
	clients := cs.All()
	if ev := cs.Evictions(); ev != m.rssiEvictions {
		m.rssiEvictions, all = ev, true
	}
	var added []uint64 // clients that joined the rows
	removed := false   // a client left the rows
	check := func(c *model.Client) {
		in := m.query.MatchClient(c, m.store.Names)
		if _, was := m.rssiIn[c.ID]; in != was {
			if in {
				m.rssiIn[c.ID] = struct{}{}
				added = append(added, uint64(c.ID))
			} else {
				delete(m.rssiIn, c.ID)
				removed = true
			}
		}
	}
	if all {
		clear(m.rssiIn)
		for _, c := range clients {
			check(c)
		}
	} else {
		newer := sort.Search(len(clients), func(i int) bool { return clients[i].ID > m.rssiSeenID })
		for _, c := range clients[newer:] {
			check(c)
		}
		for _, c := range touched {
			check(c)
		}
	}
	if len(clients) > 0 {
		m.rssiSeenID = clients[len(clients)-1].ID
	}
	ts := m.tabs[tabRSSI]
	rows := ts.table.ids
	switch {
	case all || removed || (ts.sort.col >= 0 && len(touched) > 0):
		// Re-list: rows left, or a sort's values moved.
	case len(added) == 0:
		return
	case ts.sort.col >= 0 || len(rows) == 0 || added[0] > rows[len(rows)-1] && slices.IsSorted(added):
		ts.addRows(added) // new clients, after every row shown: the common case
		return
	}
	ids := make([]uint64, 0, len(m.rssiIn))
	for _, c := range clients { // first-seen order, as the unsorted tab shows it
		if _, in := m.rssiIn[c.ID]; in {
			ids = append(ids, uint64(c.ID))
		}
	}
	ts.setRows(ids)
}

// refilterFrozen applies a filter changed while paused to the clients the
// RSSI tab held at the pause.
func (m *Model) refilterFrozen() {
	var ids []uint64
	for _, id := range m.rssi.frozenOrder {
		if m.query.MatchClient(m.rssi.frozen[id], m.store.Names) {
			ids = append(ids, id)
		}
	}
	m.tabs[tabRSSI].setRows(ids)
}
