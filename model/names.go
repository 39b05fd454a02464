package model

import "strings"

// Names remembers what earlier events called things, so that a later event
// that carries only an ID or a MAC (a zone event's site_id, a roam's next_ap)
// can be shown by name. Written only by the Store's owner goroutine.
type Names struct {
	sites   map[string]string // site_id → site_name
	aps     map[string]string // AP MAC → AP name
	hosts   map[string]string // client MAC → hostname (client-info, client_hostname)
	devices map[string]string // client MAC → "family model" (client-sessions)
	version uint64            // bumped when a name is learned or changes
}

// NewNames returns an empty name table.
func NewNames() *Names {
	return &Names{sites: map[string]string{}, aps: map[string]string{},
		hosts: map[string]string{}, devices: map[string]string{}}
}

// Learn records the names an event carries.
func (n *Names) Learn(e *Event) {
	n.put(n.sites, e.SiteID, e.SiteName)
	switch e.Topic {
	case "client-join", "client-sessions", "device-updowns", "nac-events", "nac-accounting":
		n.put(n.aps, e.AP, e.APName)
	case "device-events":
		n.put(n.aps, e.AP, firstOf(e.APName, e.Device))
	}
	if len(n.hosts)+len(n.devices) > maxClientNames {
		// Clients come and go (random MACs): start over rather than grow
		// without end. Sites and APs are few and stay.
		clear(n.hosts)
		clear(n.devices)
		n.version++
	}
	if e.Kind == KindJoin || e.Kind == KindSession || e.Topic == "client-info" {
		n.put(n.hosts, e.MAC, e.Hostname)
	}
	if e.Kind == KindSession {
		n.put(n.devices, e.MAC, strings.TrimSpace(e.Family+" "+e.Model))
	}
}

// maxClientNames bounds the hostnames and devices remembered.
const maxClientNames = 200000

// Client describes a client MAC by what was learned of it: its hostname,
// else its device family and model, else "".
func (n *Names) Client(mac string) string { return firstOf(n.hosts[mac], n.devices[mac]) }

func (n *Names) put(m map[string]string, key, name string) {
	if key == "" || name == "" || m[key] == name {
		return
	}
	m[key] = name
	n.version++
}

// Version changes whenever a name is learned; caches of rendered text key on it.
func (n *Names) Version() uint64 { return n.version }

// Site names a site: the name learned for its ID, else a short form of the ID.
func (n *Names) Site(id, name string) string {
	if name != "" {
		return name
	}
	if known := n.sites[id]; known != "" {
		return known
	}
	return shortID(id)
}

// AP names an AP: the name given, else the name learned for its MAC, else the
// MAC with colons.
func (n *Names) AP(mac, name string) string {
	if name != "" {
		return name
	}
	if known := n.aps[mac]; known != "" {
		return known
	}
	return FormatMAC(mac)
}

// APName returns only a learned name ("" when none), for filters.
func (n *Names) APName(mac string) string { return n.aps[mac] }

// SiteName returns only a learned name ("" when none), for filters.
func (n *Names) SiteName(id string) string { return n.sites[id] }

// shortID keeps the first block of a UUID: enough to tell sites apart on screen.
func shortID(id string) string {
	if len(id) > 8 && id[8] == '-' {
		return id[:8]
	}
	return id
}
