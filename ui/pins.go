package ui

import (
	"github.com/mistwatch/mistwatch/model"
)

// pins are the clients a surveyor keeps in view: their latest row stays at
// the top of Joins, Roams and RSSI, whatever the filter, sort or scroll.
type pins struct {
	order  []string                     // pinned MACs, in pin order
	latest map[string]*[tabCount]uint64 // MAC → newest Seq per event tab
}

func newPins() pins { return pins{latest: map[string]*[tabCount]uint64{}} }

func (p *pins) has(mac string) bool { _, ok := p.latest[mac]; return ok }

// pinnable reports whether a tab shows the pinned strip.
func pinnable(t tabID) bool { return t == tabJoins || t == tabRoams || t == tabRSSI }

// toggle pins or unpins a MAC; a new pin looks back through the store for
// the client's newest rows.
func (p *pins) toggle(mac string, store *model.Store) bool {
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
	p.latest[mac] = &[tabCount]uint64{}
	p.order = append(p.order, mac)
	store.Each(func(e *model.Event) bool {
		p.observe(e)
		return true
	})
	return true
}

// observe records e as its pinned client's newest row on the tabs it belongs to.
func (p *pins) observe(e *model.Event) {
	latest, ok := p.latest[e.MAC]
	if !ok {
		return
	}
	for i := range eventTabs {
		if pinnable(eventTabs[i].id) && eventTabs[i].accepts(e) {
			latest[eventTabs[i].id] = e.Seq
		}
	}
}

// rows returns the pinned strip's row IDs for a tab.
func (p *pins) rows(tab tabID, store *model.Store) []uint64 {
	if !pinnable(tab) {
		return nil
	}
	var ids []uint64
	for _, mac := range p.order {
		if tab == tabRSSI {
			if c, ok := store.Clients.Get(mac); ok {
				ids = append(ids, uint64(c.ID))
			}
			continue
		}
		if seq := p.latest[mac][tab]; seq != 0 {
			if _, held := store.Get(seq); held {
				ids = append(ids, seq)
			}
		}
	}
	return ids
}

// rowMAC is the client MAC of a row on a tab, "" when it has none.
func (m *Model) rowMAC(tab tabID, id uint64) string {
	if tab == tabRSSI {
		if c := m.rssi.client(id); c != nil {
			return c.MAC
		}
		return ""
	}
	if e, ok := m.store.Get(id); ok {
		return e.MAC
	}
	return ""
}

// selectedMAC is the selected row's client MAC; when the row has none it
// says so in the status line and returns "".
func (m *Model) selectedMAC() string {
	id, ok := m.current().table.selectedID()
	if !ok {
		return ""
	}
	mac := m.rowMAC(m.active, id)
	if mac == "" {
		m.say("this row has no client MAC")
	}
	return mac
}

// togglePin pins or unpins the selected row's client.
func (m *Model) togglePin() {
	if mac := m.selectedMAC(); mac != "" {
		m.togglePinMAC(mac)
	}
}

// togglePinMAC pins or unpins a client and says so in the status line.
func (m *Model) togglePinMAC(mac string) {
	if m.pins.toggle(mac, m.store) {
		m.say("pinned " + model.FormatMAC(mac))
	} else {
		m.say("unpinned " + model.FormatMAC(mac))
	}
	m.layoutTables()
}
