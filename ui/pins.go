package ui

import (
	"github.com/mistwatch/mistwatch/model"
)

// pins are the clients a surveyor keeps in view: their latest row stays at
// the top of the pinnable tabs (Joins, Roams, RSSI), whatever the filter,
// sort or scroll.
type pins struct {
	order  []string                        // pinned MACs, in pin order
	latest map[string]map[*eventTab]uint64 // MAC → newest Seq per event tab
}

func newPins() pins { return pins{latest: map[string]map[*eventTab]uint64{}} }

func (p *pins) has(mac string) bool { _, ok := p.latest[mac]; return ok }

// hasClient is has for a client of the RSSI tab, which asks for each new
// one: with nothing pinned its MAC is not even looked up.
func (p *pins) hasClient(c model.Client) bool { return len(p.latest) > 0 && p.has(c.MAC()) }

// toggle pins or unpins a MAC; a new pin looks back through the store for
// the client's newest rows.
func (p *pins) toggle(mac string, store *model.Store, tabs []*eventTab) bool {
	if mac == "" {
		return false
	}
	if p.has(mac) {
		delete(p.latest, mac)
		for i, v := range p.order {
			if v == mac {
				p.order = append(p.order[:i], p.order[i+1:]...)
				break
			}
		}
		return false
	}
	p.latest[mac] = map[*eventTab]uint64{}
	p.order = append(p.order, mac)
	store.Each(func(e *model.Event) bool {
		p.observe(e, tabs)
		return true
	})
	return true
}

// observe records e as its pinned client's newest row on the tabs it belongs to.
func (p *pins) observe(e *model.Event, tabs []*eventTab) {
	latest, ok := p.latest[e.MAC]
	if !ok {
		return
	}
	for _, t := range tabs {
		if t.pinnable() && t.accepts(e) {
			latest[t] = e.Seq
		}
	}
}

// rows returns the pinned strip's row IDs for a tab.
func (p *pins) rows(t tab, store *model.Store) []uint64 {
	if !t.pinnable() {
		return nil
	}
	var ids []uint64
	for _, mac := range p.order {
		switch t := t.(type) {
		case *rssiTab:
			if c, ok := store.Clients.Get(mac); ok {
				ids = append(ids, uint64(c.ID()))
			}
		case *eventTab:
			if seq := p.latest[mac][t]; seq != 0 {
				if _, held := store.Get(seq); held {
					ids = append(ids, seq)
				}
			}
		}
	}
	return ids
}

// selectedMAC is the selected row's client MAC; when the row has none it
// says so in the status line and returns "".
func (m *Model) selectedMAC() string {
	id, ok := m.current().base().table.selectedID()
	if !ok {
		return ""
	}
	mac := m.current().rowMAC(id)
	if mac == "" {
		m.say("this row has no client MAC")
	}
	return mac
}

// togglePin pins or unpins a client and says so in the status line.
func (m *Model) togglePin(mac string) {
	if mac == "" {
		return
	}
	pinned := m.pins.toggle(mac, m.store, m.events)
	who := words(m.store.Names.Label(mac), model.FormatMAC(mac))
	if pinned {
		m.alerts.Watch(mac)
		m.say("pinned " + who)
	} else {
		m.alerts.Unwatch(mac)
		delete(m.follow.cards, mac)
		m.say("unpinned " + who)
	}
	m.savePins()
	if tv, ok := m.top().(*timelineView); ok && tv.mac == mac {
		tv.pinned = pinned
	}
	m.rssi.pinned = m.pins.hasClient
	m.rssi.refresh(m.query, nil, true) // a pinned client leaves the rows below the strip
	m.layoutTables()
}

// isPinnedRow marks rows of pinned clients in the main table.
func (m *Model) isPinnedRow(id uint64) bool {
	return len(m.pins.order) > 0 && m.current().pinnable() && m.pins.has(m.current().rowMAC(id))
}

// syncStrip gives the current tab's table the pinned rows its strip shows:
// as many as fit, one line kept for "+k more" when they do not all fit.
func (m *Model) syncStrip() {
	t := m.current()
	var ids []uint64
	if t.pinnable() {
		ids = m.pins.rows(t, m.store)
		if n := m.stripLines(); len(m.pins.order) > n {
			ids = ids[:min(len(ids), n-1)]
		}
	}
	t.base().table.setStrip(ids)
}
