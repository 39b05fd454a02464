package ui

import (
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
)

// Routing decides which stored events each tab shows: new events as they
// arrive, everything again when the filter changes, and the RSSI tab's
// clients.

// route shows every stored event not yet shown, then drops evicted rows.
func (m *Model) route() { m.routeUpTo(m.store.NextSeq()) }

// routeFresh is route when the events just stored are at hand (in Seq
// order, as Store.Append returned them) with the clients they updated
// (Clients.TakeTouched): neither is looked up in the store again.
func (m *Model) routeFresh(fresh []*model.Event, touched []model.Client) {
	m.routeEvents(m.store.NextSeq(), nil, fresh, touched)
}

// routeUpTo shows the stored events with Seq below end not yet shown.
func (m *Model) routeUpTo(end uint64) { m.routeTabs(end, nil) }

// routeTabs shows the stored events with Seq below end not yet shown, on
// the event tabs in only (nil: all; a landing job names its tabs, the others
// show those events already), and drops evicted rows everywhere. Each tab
// applies the filter it shows (m.rows.shown) to the event as it shows it,
// so a bare word finds what its columns show.
func (m *Model) routeTabs(end uint64, only []bool) { m.routeEvents(end, only, nil, nil) }

// routeCheckEvery is how many events routing takes between looks at the
// clock (m.slicer): an event costs about a microsecond here.
const routeCheckEvery = 64

// routeEvents is routeTabs reading the events from fresh, the events with
// the highest Seqs, in order, where it can; freshClients are the clients
// the fresh events updated.
func (m *Model) routeEvents(end uint64, only []bool, fresh []*model.Event, freshClients []model.Client) {
	start := max(m.shownTo, m.store.FirstSeq())
	add := m.routed.take(len(m.events))
	defer m.routed.put(add)
	touched := freshClients[:0] // TakeTouched's own slice: filtered in place
	for _, c := range freshClients {
		if !c.IsZero() { // not evicted since; its event may have been (a hand-off bigger than the store)
			touched = append(touched, c)
		}
	}
	q := m.rows.shown
	decide := q.FieldsDecide()
	for seq := start; seq < end; seq++ {
		if seq%routeCheckEvery == 0 {
			m.slicer.check()
		}
		var e *model.Event
		if len(fresh) > 0 && seq >= fresh[0].Seq {
			e = fresh[seq-fresh[0].Seq]
		} else {
			e, _ = m.store.Get(seq)
			if c, ok := m.store.Clients.Get(e.MAC); ok && c.Updated() == seq {
				touched = append(touched, c)
			}
		}
		m.pins.observe(e, m.events)
		fieldsOnly := q.Empty() || decide && q.Match(e, m.store.Names)
		for i, t := range m.events {
			if (only == nil || only[i]) && t.accepts(e) && (fieldsOnly || t.matchEvent(q, e)) {
				add[i] = append(add[i], seq)
			}
		}
	}
	m.shownTo = end
	first := m.store.FirstSeq()
	for i, t := range m.events {
		t.addRows(t.sortKeys(), add[i])
		t.table.dropBefore(first)
		if m.rows.matched != nil && !q.Empty() {
			kept := m.rows.matched[i]
			if n, _ := slices.BinarySearch(kept, first); n > 0 {
				kept = kept[n:]
			}
			m.rows.matched[i] = append(kept, add[i]...)
		}
	}
	if !m.paused && !m.rssiStale { // paused, the RSSI tab shows the clients frozen at the pause
		m.rssi.refresh(m.query, touched, false)
	}
}

// rebuild re-applies the filter to everything stored: by a rowsJob on the
// event tabs, and on the RSSI tab when it is shown (else when it next is:
// its clients change under it, so it cannot be filtered off this goroutine,
// and matching every client at each keystroke would block typing). While
// paused, a new filter applies to what was on screen, not to what arrived
// since.
func (m *Model) rebuild() tea.Cmd {
	m.rssiStale = true
	if m.current() == tab(m.rssi) {
		m.refilterClients()
	}
	return m.startRows(m.allEvents(), "filtering…")
}

// refilterClients applies the filter to every client of the RSSI tab.
func (m *Model) refilterClients() {
	m.rssiStale = false
	if m.paused {
		m.rssi.refilterFrozen(m.query)
	} else {
		m.rssi.refresh(m.query, nil, true)
	}
	m.rssi.table.newBelow = 0
}

// applyFilter parses text; a bad term is shown and the last good filter
// stays. The command it returns finds the rows of a large store.
func (m *Model) applyFilter(text string) tea.Cmd {
	q, err := model.ParseQuery(text)
	if err != nil {
		m.filterErr = err.Error()
		return nil
	}
	m.filterErr = ""
	if q.String() == m.query.String() {
		return nil
	}
	m.query = q
	return m.rebuild()
}

// routedRows is routeEvents' per-tab lists of rows to add, kept between
// hand-offs: grown by appends anew each time, they were a tenth of the
// dashboard's routing in a 1M replay. The tabs copy what they keep.
type routedRows [][]uint64

// maxKeptRouted bounds what a list keeps for the next hand-off (a pump
// hand-off is at most about MaxHeld events); a whole-store reroute after a
// filter change is not held on to.
const maxKeptRouted = 4 * MaxHeld

// take returns n empty lists, with the room the last hand-off left.
func (r *routedRows) take(n int) [][]uint64 {
	if len(*r) != n {
		*r = make(routedRows, n)
	}
	return *r
}

// put keeps lists for the next take, empty, forgetting any grown past
// maxKeptRouted.
func (r *routedRows) put(lists [][]uint64) {
	for i, l := range lists {
		if cap(l) > maxKeptRouted {
			l = nil
		}
		lists[i] = l[:0]
	}
}
