package model

import "strings"

// Names remembers what earlier events called things, so that a later event
// that carries only an ID or a MAC (a zone event's site_id, a roam's next_ap)
// can be shown by name. Written only by the Store's owner goroutine.
type Names struct {
	// Learned from the wire, so bounded: see boundedMap.
	sites   boundedMap[string] // site_id → site_name
	aps     boundedMap[string] // AP MAC → AP name
	hosts   boundedMap[string] // client MAC → hostname (client-info, client_hostname)
	devices boundedMap[device] // client MAC → family and model (client-sessions)
	zones   boundedMap[string] // zone, rssizone or vbeacon ID → name
	files   *NameTable         // names given by --names or fetched: they win
	org     string             // the first org_id seen: whose names to fetch
	version uint64             // bumped when a site, AP or zone name is learned or changes

	clientVersion uint64 // bumped when a client's hostname or device is learned
}

// NewNames returns an empty name table that learns names of about as many
// things as a store of DefaultCapacity events mentions.
func NewNames() *Names { return NewNamesMax(DefaultCapacity) }

// NewNamesMax returns an empty name table that remembers between limit and
// 2×limit learned names of sites, APs and zones (the names of what the
// newest limit events mention, whatever arrived before), and between limit/2
// and limit of clients' hostnames and devices: the names of the newest
// limit/2 clients at least. A new client per event is common (the client
// tables are the ones that fill), and 2×limit MACs with their names kept
// a full store's live heap growing by a tenth and more for four capacities'
// worth of events after it filled (TestStoreHeapFlatWhileEvicting).
func NewNamesMax(limit int) *Names {
	clients := max(limit/2, 1)
	return &Names{sites: newBoundedMap[string](limit), aps: newBoundedMap[string](limit),
		hosts: newBoundedMap[string](clients), devices: newBoundedMap[device](clients),
		zones: newBoundedMap[string](limit)}
}

// minNames is the fewest learned names of each kind a store's table keeps.
const minNames = 1024

// AddFileNames lays names from a names file or a fetch over those already
// given (t wins where both name an ID). They win over names learned from
// events and over the names events carry.
func (n *Names) AddFileNames(t *NameTable) {
	if t == nil || t.Len() == 0 {
		return
	}
	if n.files == nil {
		n.files = NewNameTable()
	}
	n.files.Merge(t)
	n.version++ // cached cells and sort keys hold names: rebuild them
	if t.Count(NameClient) > 0 {
		n.clientVersion++
	}
}

// FirstOrgID is the first org_id an event carried ("" until one does): the
// org whose names a dashboard fetches when none was named.
func (n *Names) FirstOrgID() string { return n.org }

// FileNames returns the names given so far (nil when none).
func (n *Names) FileNames() *NameTable { return n.files }

// Learn records the names an event carries.
func (n *Names) Learn(e *Event) {
	n.put(&n.sites, e.SiteID, e.SiteName)
	if n.org == "" {
		n.org = e.OrgID
	}
	if e.Kind == KindZone {
		n.put(&n.zones, e.ZoneID, e.ZoneName)
	}
	switch e.Topic {
	case "client-join", "client-sessions", "device-updowns", "nac-events", "nac-accounting":
		n.put(&n.aps, e.AP, e.APName)
	case "device-events":
		n.put(&n.aps, e.AP, firstOf(e.APName, e.Device))
	}
	n.learnClient(e)
}

// learnClient records a client's hostname and device. They change the
// client version only: site and AP names, which sorts depend on, stay put.
func (n *Names) learnClient(e *Event) {
	host, dev := clientNames(e)
	if host && n.hosts.put(e.MAC, e.Hostname) {
		n.clientVersion++
	}
	// Kept as parts: joining them here would allocate on every session.
	if dev && n.devices.put(e.MAC, device{e.Family, e.Model}) {
		n.clientVersion++
	}
}

// clientNames reports whether e names its client's hostname, and its
// device, for learnClient to record.
func clientNames(e *Event) (host, dev bool) {
	if e.MAC == "" {
		return false, false
	}
	return e.Hostname != "" && (e.Kind == KindJoin || e.Kind == KindSession || e.Topic == "client-info"),
		e.Kind == KindSession && (e.Family != "" || e.Model != "")
}

type device struct{ family, model string }

// touch loads the lines learning e's client names will probe first: with
// a new client per event, the tables' index lines are cache misses (see
// Store.warm). An event that names neither is not hashed, and a table it
// does not name is left alone.
func (n *Names) touch(e *Event) uint64 {
	host, dev := clientNames(e)
	if !host && !dev {
		return 0
	}
	h, sink := keyHash(e.MAC), uint64(0)
	if host {
		sink += n.hosts.touch(h)
	}
	if dev {
		sink += n.devices.touch(h)
	}
	return sink
}

// Label is a client MAC's label (a pin's, or a names file's client row),
// "" when it has none.
func (n *Names) Label(mac string) string { return n.files.Get(NameClient, mac) }

// Who names a client as text shows it: its label when it has one, else
// its MAC written with colons ("" for no MAC).
func (n *Names) Who(mac string) string { return firstOf(n.Label(mac), FormatMAC(mac)) }

// Client describes a client MAC: its label from a names file, else what
// was learned of it: its hostname, else its device family and model, else "".
func (n *Names) Client(mac string) string {
	if f := n.files.Get(NameClient, mac); f != "" {
		return f
	}
	if h := n.hosts.get(mac); h != "" {
		return h
	}
	d := n.devices.get(mac)
	return DeviceName(d.family, d.model)
}

// DeviceName joins a client's family and model, once: "Android Galaxy
// S24", but "iPhone 15", not "iPhone iPhone 15".
func DeviceName(family, model string) string {
	if len(model) >= len(family) && strings.EqualFold(model[:len(family)], family) {
		return model
	}
	return strings.TrimSpace(family + " " + model)
}

func (n *Names) put(m *boundedMap[string], key, name string) {
	if key != "" && name != "" && m.put(key, name) {
		n.version++
	}
}

// Version changes whenever a site, AP or zone name is learned or given;
// caches of rendered text and sort keys key on it.
func (n *Names) Version() uint64 { return n.version }

// ClientVersion changes whenever a client's hostname or device is learned.
func (n *Names) ClientVersion() uint64 { return n.clientVersion }

// Site names a site: the names file's name, else the name the event gave,
// else the name learned for its ID, else a short form of the ID.
func (n *Names) Site(id, name string) string {
	if f := n.files.Get(NameSite, id); f != "" {
		return f
	}
	if name != "" {
		return name
	}
	if known := n.sites.get(id); known != "" {
		return known
	}
	return shortID(id)
}

// AP names an AP: the names file's name, else the name the event gave, else
// the name learned for its MAC, else the MAC with colons.
func (n *Names) AP(mac, name string) string {
	if f := n.files.Get(NameAP, mac); f != "" {
		return f
	}
	if name != "" {
		return name
	}
	if known := n.aps.get(mac); known != "" {
		return known
	}
	return FormatMAC(mac)
}

// APName returns only a given or learned name ("" when none), for filters.
func (n *Names) APName(mac string) string { return firstOf(n.files.Get(NameAP, mac), n.aps.get(mac)) }

// SiteName returns only a given or learned name ("" when none), for filters.
func (n *Names) SiteName(id string) string {
	return firstOf(n.files.Get(NameSite, id), n.sites.get(id))
}

// Zone names a zone, rssizone or vbeacon (events carry any of the three IDs
// as ZoneID): the names file's name, else the name the event gave, else one
// learned from another event, else the ID.
func (n *Names) Zone(id, name string) string {
	if f := n.fileZone(id); f != "" {
		return f
	}
	return firstOf(name, n.zones.get(id), id)
}

// ZoneName returns only a given or learned zone name ("" when none), for filters.
func (n *Names) ZoneName(id string) string { return firstOf(n.fileZone(id), n.zones.get(id)) }

func (n *Names) fileZone(id string) string {
	if n.files == nil || id == "" {
		return ""
	}
	return firstOf(n.files.Get(NameZone, id), n.files.Get(NameRSSIZone, id), n.files.Get(NameVBeacon, id))
}

// MapName returns the name given for a map ID, "" when none: events carry
// map_id but never a map name.
func (n *Names) MapName(id string) string { return n.files.Get(NameMap, id) }

// WLANName returns the SSID given for a WLAN ID, "" when none.
func (n *Names) WLANName(id string) string { return n.files.Get(NameWLAN, id) }

// shortID keeps the first block of a UUID: enough to tell sites apart on screen.
func shortID(id string) string {
	if len(id) > 8 && id[8] == '-' {
		return id[:8]
	}
	return id
}

// Clone returns a copy that another goroutine can read while n keeps
// learning: a background filter or sort renders cells with it.
func (n *Names) Clone() *Names {
	c := *n
	c.sites, c.aps, c.zones = n.sites.clone(), n.aps.clone(), n.zones.clone()
	c.hosts, c.devices = n.hosts.clone(), n.devices.clone()
	if n.files != nil {
		c.files = NewNameTable()
		c.files.Merge(n.files)
	}
	return &c
}
