package model

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// ReadingsKept is how many recent RSSI readings each client keeps for its
// sparkline and timeline chart.
const ReadingsKept = 64

// Reading is one RSSI sample of a client.
type Reading struct {
	Time time.Time
	RSSI float64
}

// Client aggregates the RSSI readings of one MAC across every topic that
// carries one.
type Client struct {
	ID       int // 1-based, in first-seen order; never reused, even after eviction
	Band     Band
	Channel  int     // of the latest event that said (0: not known)
	Last     Reading // the latest
	Min, Max float64
	sum      float64
	Count    int
	LastSeen time.Time
	Updated  uint64 // Seq of the event that last changed this client

	// The RSSI the strongest other AP the client's latest scan heard (see
	// HeardAP): a client that stays on a weak AP while it hears a strong
	// one is sticky.
	HeardRSSI float64

	// The client's strings, as IDs in its table's symbols (a reference held
	// on each), read through the methods below: a million clients would
	// otherwise hold ten string pointers each for the collector to follow
	// on every cycle, and half again the memory. A clone, which outlives
	// its table's references, holds the strings themselves in fixed.
	syms  *Symbols
	ids   [clientFields]Sym
	fixed *[clientFields]string

	// recent is a ring of compact samples (no pointers for the garbage
	// collector to follow), grown up to ReadingsKept: most clients of a big
	// org are heard a few times only.
	recent []rssiSample
	pos    int // where the next reading goes once recent is full
}

// clientField names a client's strings.
type clientField uint8

const (
	cMAC clientField = iota
	cSiteID
	cSiteName
	cAP // of the latest reading that named one
	cAPName
	cBSSID // of the latest event that said
	cSSID
	cHeardAP
	cTopic // of the latest reading
	clientFields
)

// fromEvent is the event field each client string is copied from (the
// heard AP comes from the scan list instead).
var fromEvent = [clientFields]Field{cMAC: FieldMAC, cSiteID: FieldSiteID, cSiteName: FieldSiteName,
	cAP: FieldAP, cAPName: FieldAPName, cBSSID: FieldBSSID, cSSID: FieldSSID, cHeardAP: FieldAP, cTopic: FieldTopic}

func (c *Client) str(f clientField) string {
	if c.fixed != nil {
		return c.fixed[f]
	}
	if c.syms == nil {
		return ""
	}
	return c.syms.String(c.ids[f])
}

// MAC is the client's MAC, 12 lower-case hex digits.
func (c *Client) MAC() string { return c.str(cMAC) }

// SiteID is the site of the latest event that named one.
func (c *Client) SiteID() string { return c.str(cSiteID) }

// SiteName is the site name the latest event that gave one gave.
func (c *Client) SiteName() string { return c.str(cSiteName) }

// AP is the AP of the latest reading that named one.
func (c *Client) AP() string { return c.str(cAP) }

// APName is the name that reading gave its AP ("" when none).
func (c *Client) APName() string { return c.str(cAPName) }

// BSSID is the BSSID of the latest event that said, on the client's AP.
func (c *Client) BSSID() string { return c.str(cBSSID) }

// SSID is the SSID of the latest event that said.
func (c *Client) SSID() string { return c.str(cSSID) }

// HeardAP is the strongest other AP the client's latest scan heard ("" when
// none); HeardRSSI is its RSSI.
func (c *Client) HeardAP() string { return c.str(cHeardAP) }

// LastTopic is the topic of the latest reading.
func (c *Client) LastTopic() string { return c.str(cTopic) }

type rssiSample struct {
	at   int64 // Unix nanoseconds
	rssi float32
}

// Clone returns a copy that later readings of c do not change. It holds
// its strings itself: the table may forget them once c is evicted.
func (c *Client) Clone() *Client {
	d := *c
	d.recent = slices.Clone(c.recent)
	if c.fixed == nil {
		fixed := new([clientFields]string)
		for f := range fixed {
			fixed[f] = c.str(clientField(f))
		}
		d.fixed, d.syms = fixed, nil
	}
	return &d
}

// Avg is the mean of every reading seen.
func (c *Client) Avg() float64 {
	if c.Count == 0 {
		return 0
	}
	return c.sum / float64(c.Count)
}

// Recent returns the kept readings, oldest first (time and RSSI only).
func (c *Client) Recent() []Reading {
	n := len(c.recent)
	out := make([]Reading, 0, n)
	for i := 0; i < n; i++ {
		smp := c.recent[(c.pos+i)%n]
		out = append(out, Reading{Time: time.Unix(0, smp.at).UTC(), RSSI: float64(smp.rssi)})
	}
	return out
}

// Clients is the per-MAC RSSI table behind the RSSI tab. It holds at most
// a fixed number of clients: random MACs from location and raw-RSSI topics
// would otherwise grow it without end. When full, the tenth seen longest
// ago is evicted.
type Clients struct {
	// bySym finds a client by its MAC's symbol ID: a slice index instead of
	// a second million-entry map keyed by string (a cache miss per event,
	// and keys the collector has to scan). Each client holds one reference
	// to each of its strings' symbols, so no ID it holds is given to
	// another string while the client is held.
	syms      *Symbols
	bySym     []*Client
	unheld    []Sym     // strings clients let go of, released once no snapshot is open
	order     []*Client // first-seen order (ascending ID); stable for the UI, and searched by ID
	nextID    int
	max       int
	evictions uint64
	touched   []*Client // updated since TakeTouched, in order, repeats and all
	tracking  bool      // touched is kept: someone takes it
}

// DefaultMaxClients bounds a table made with NewClients.
const DefaultMaxClients = DefaultCapacity

// NewClients returns an empty table holding at most DefaultMaxClients.
func NewClients() *Clients { return NewClientsMax(DefaultMaxClients) }

// NewClientsMax returns an empty table holding at most limit clients, with
// a symbol table of its own.
func NewClientsMax(limit int) *Clients { return newClientsWith(limit, newSymbols(0)) }

// newClientsWith returns an empty table whose clients are keyed by their
// MAC's ID in syms (the store's table, shared with its events).
func newClientsWith(limit int, syms *Symbols) *Clients {
	// Sized for the limit at once, as the symbol table is: a table that
	// fills would otherwise grow and copy the index a few times over.
	return &Clients{syms: syms, bySym: make([]*Client, 0, limit+1), nextID: 1, max: max(limit, 10)}
}

// carriesClientRSSI lists the topics whose rssi is a reading of the client
// named by mac (not, say, an alarm's or zone's).
func carriesClientRSSI(e *Event) bool {
	return e.HasRSSI && e.MAC != "" && (e.Kind == KindJoin || e.Kind == KindSession || e.Kind == KindLocation)
}

// ClientReading returns the event's RSSI when it is a usable reading of the
// client named by its MAC, as the RSSI tab and the timeline count them.
func ClientReading(e *Event) (float64, bool) {
	if !carriesClientRSSI(e) || math.IsNaN(e.RSSI) || math.IsInf(e.RSSI, 0) {
		return 0, false
	}
	return e.RSSI, true
}

// Observe folds an event's RSSI reading, if it has one, into its client.
// Other events from a known client (its SSID, band) update the row too.
func (cs *Clients) Observe(e *Event) {
	if !carriesClientRSSI(e) || math.IsNaN(e.RSSI) {
		return
	}
	var ids [fieldCount]Sym
	for _, f := range fromEvent {
		if ids[f] == 0 {
			ids[f] = cs.syms.intern(f, *strField[f](e))
		}
	}
	cs.observe(e, &ids)
	for f, id := range ids {
		cs.syms.release(id) // the client retained what it keeps
		ids[f] = 0
	}
}

// observe is Observe given the IDs of e's strings in the table's symbols
// (the store has just interned them: no lookup by string).
func (cs *Clients) observe(e *Event, ids *[fieldCount]Sym) {
	if !carriesClientRSSI(e) || math.IsNaN(e.RSSI) {
		return
	}
	mac := ids[FieldMAC]
	c := cs.bySymbol(mac)
	if c == nil {
		c = &Client{ID: cs.nextID, Min: e.RSSI, Max: e.RSSI, syms: cs.syms}
		cs.set(c, cMAC, mac)
		cs.nextID++
		if int(mac) >= len(cs.bySym) {
			cs.bySym = append(cs.bySym, make([]*Client, int(mac)+1-len(cs.bySym))...)
		}
		cs.bySym[mac] = c
		cs.order = append(cs.order, c)
		if len(cs.order) > cs.max {
			cs.evictStalest(c)
		}
	}
	c.Last = Reading{Time: e.Time, RSSI: e.RSSI}
	cs.set(c, cTopic, ids[FieldTopic])
	c.Min = math.Min(c.Min, e.RSSI)
	c.Max = math.Max(c.Max, e.RSSI)
	c.sum += e.RSSI
	c.Count++
	if smp := (rssiSample{at: e.Time.UnixNano(), rssi: float32(e.RSSI)}); len(c.recent) < ReadingsKept {
		c.recent = append(c.recent, smp)
	} else {
		c.recent[c.pos] = smp
		c.pos = (c.pos + 1) % ReadingsKept
	}
	if e.Time.After(c.LastSeen) {
		c.LastSeen = e.Time
	}
	c.Updated = e.Seq
	if cs.tracking {
		cs.touched = append(cs.touched, c)
	}
	cs.setIf(c, cSiteID, ids[FieldSiteID])
	cs.setIf(c, cSiteName, ids[FieldSiteName])
	if ap := ids[FieldAP]; ap != 0 {
		if ap != c.ids[cAP] && len(e.Scan) == 0 {
			cs.set(c, cHeardAP, 0) // heard from another AP: stale now
			c.HeardRSSI = 0
		}
		if ap != c.ids[cAP] {
			c.Channel = 0 // another AP's radio, until an event says which
			cs.set(c, cBSSID, 0)
		}
		cs.set(c, cAP, ap)
		cs.set(c, cAPName, ids[FieldAPName])
	}
	if e.Band != BandNone {
		c.Band = e.Band
	}
	cs.setIf(c, cSSID, ids[FieldSSID])
	if e.Channel > 0 {
		c.Channel = e.Channel
	}
	cs.setIf(c, cBSSID, ids[FieldBSSID])
	if len(e.Scan) > 0 {
		heard, rssi := strongestOther(e.Scan, c.AP())
		id := cs.syms.intern(FieldAP, heard)
		cs.set(c, cHeardAP, id)
		cs.syms.release(id) // set retained it
		c.HeardRSSI = rssi
	}
}

// set makes c's string f the one whose ID is id, holding a reference to it
// and letting go of the one it replaces.
func (cs *Clients) set(c *Client, f clientField, id Sym) {
	if old := c.ids[f]; old != id {
		cs.syms.retain(id)
		cs.unhold(old)
		c.ids[f] = id
	}
}

// setIf is set unless id is the empty string's.
func (cs *Clients) setIf(c *Client, f clientField, id Sym) {
	if id != 0 {
		cs.set(c, f, id)
	}
}

// unhold drops a client's reference to id; while a snapshot is open, once
// it is closed, as its readers may still read the string (the store defers
// releasing dropped chunks for the same reason).
func (cs *Clients) unhold(id Sym) {
	switch {
	case id == 0:
	case cs.syms.noReuse != nil && cs.syms.noReuse():
		cs.unheld = append(cs.unheld, id)
	default:
		cs.syms.release(id)
	}
}

// strongestOther is the loudest scanned AP other than the one connected to.
func strongestOther(scan []ScanEntry, connected string) (string, float64) {
	ap, best := "", math.Inf(-1)
	for _, sc := range scan {
		if sc.AP != connected && sc.AP != "" && sc.RSSI > best {
			ap, best = sc.AP, sc.RSSI
		}
	}
	if ap == "" {
		return "", 0
	}
	return ap, best
}

// evictStalest drops the tenth of the clients seen longest ago (never keep,
// the one just added), in one pass so that eviction is rare and cheap.
func (cs *Clients) evictStalest(keep *Client) {
	byAge := slices.Clone(cs.order)
	slices.SortFunc(byAge, func(a, b *Client) int {
		if c := a.LastSeen.Compare(b.LastSeen); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	n := max(len(byAge)/10, 1)
	for _, c := range byAge {
		if n == 0 {
			break
		}
		if c == keep {
			continue
		}
		cs.bySym[c.ids[cMAC]] = nil
		for _, id := range c.ids {
			cs.unhold(id)
		}
		// Its IDs may now name other strings: a pointer kept past
		// eviction reads "" rather than another client's MAC.
		c.syms = nil
		n--
	}
	gone := func(c *Client) bool { return cs.bySym[c.ids[cMAC]] != c }
	cs.order = slices.DeleteFunc(cs.order, gone)
	cs.touched = slices.DeleteFunc(cs.touched, gone)
	cs.evictions++
}

// releaseUnheld drops the references clients let go of while a snapshot
// was open, unless one still is.
func (cs *Clients) releaseUnheld() {
	if len(cs.unheld) == 0 || cs.syms.noReuse != nil && cs.syms.noReuse() {
		return
	}
	for _, id := range cs.unheld {
		cs.syms.release(id)
	}
	cs.unheld = cs.unheld[:0]
}

// TrackTouched starts keeping the list TakeTouched returns. Whoever calls
// it must take the list often: it grows with every reading.
func (cs *Clients) TrackTouched() { cs.tracking = true }

// TakeTouched returns the clients updated since the last call (a client
// updated twice is there twice; evicted ones are not) and starts a new
// list. The dashboard takes it after each hand-off, so it need not look
// every event's client up again.
func (cs *Clients) TakeTouched() []*Client {
	t := cs.touched
	cs.touched = nil
	return t
}

// Evictions counts eviction passes; a change tells the UI to re-list rows.
func (cs *Clients) Evictions() uint64 { return cs.evictions }

// ByID returns the client with the given ID, nil when evicted or unknown.
func (cs *Clients) ByID(id int) *Client {
	i, found := slices.BinarySearchFunc(cs.order, id, func(c *Client, id int) int { return cmp.Compare(c.ID, id) })
	if !found {
		return nil
	}
	return cs.order[i]
}

// Get returns the client with the given MAC.
func (cs *Clients) Get(mac string) (*Client, bool) {
	id, ok := cs.syms.Lookup(mac)
	if !ok {
		return nil, false
	}
	c := cs.bySymbol(id)
	return c, c != nil
}

// bySymbol returns the client whose MAC has ID id, nil when none (0: none).
func (cs *Clients) bySymbol(id Sym) *Client {
	if id == 0 || int(id) >= len(cs.bySym) {
		return nil
	}
	return cs.bySym[id]
}

// Len is the number of clients held.
func (cs *Clients) Len() int { return len(cs.order) }

// All returns every client held, in first-seen (ascending ID) order. The slice is shared: do not
// modify it.
func (cs *Clients) All() []*Client { return cs.order }
