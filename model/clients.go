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
	Time  time.Time
	RSSI  float64
	AP    string
	Topic string
}

// Client aggregates the RSSI readings of one MAC across every topic that
// carries one.
type Client struct {
	ID       int // 1-based, in first-seen order; never reused, even after eviction
	MAC      string
	SiteID   string
	SiteName string
	AP       string // AP of the latest reading
	APName   string
	Band     Band
	Channel  int    // of the latest event that said (0: not known)
	BSSID    string // likewise
	SSID     string
	Last     Reading
	Min, Max float64
	sum      float64
	Count    int
	LastSeen time.Time
	Updated  uint64 // Seq of the event that last changed this client

	// The strongest other AP the client's latest scan heard: a client that
	// stays on a weak AP while it hears a strong one is sticky.
	HeardAP   string
	HeardRSSI float64

	// recent is a ring of compact samples (no pointers for the garbage
	// collector to follow), grown up to ReadingsKept: most clients of a big
	// org are heard a few times only.
	recent []rssiSample
	pos    int // where the next reading goes once recent is full
	mac    Sym // MAC's ID in the table's symbols (a reference held)
}

type rssiSample struct {
	at   int64 // Unix nanoseconds
	rssi float32
}

// Clone returns a copy that later readings of c do not change.
func (c *Client) Clone() *Client {
	d := *c
	d.recent = slices.Clone(c.recent)
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
	// to its MAC's symbol, so the ID is not given to another string while
	// the client is held.
	syms      *Symbols
	bySym     []*Client
	unheld    []Sym     // MACs of evicted clients, released once no snapshot is open
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
	mac, _ := cs.syms.Lookup(e.MAC)
	cs.observe(e, mac)
}

// observe is Observe given the ID of e.MAC in the table's symbols, 0 when
// it has none (the store has just interned it: no lookup by string).
func (cs *Clients) observe(e *Event, mac Sym) {
	if !carriesClientRSSI(e) || math.IsNaN(e.RSSI) {
		return
	}
	c := cs.bySymbol(mac)
	if c == nil {
		if mac == 0 {
			mac = cs.syms.intern(FieldMAC, e.MAC) // the client's reference
		} else {
			cs.syms.retain(mac)
		}
		c = &Client{ID: cs.nextID, MAC: cs.syms.String(mac), Min: e.RSSI, Max: e.RSSI, mac: mac}
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
	r := Reading{Time: e.Time, RSSI: e.RSSI, AP: e.AP, Topic: e.Topic}
	c.Last = r
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
	setIf(&c.SiteID, e.SiteID)
	setIf(&c.SiteName, e.SiteName)
	if e.AP != "" {
		if e.AP != c.AP && len(e.Scan) == 0 {
			c.HeardAP, c.HeardRSSI = "", 0 // heard from another AP: stale now
		}
		if e.AP != c.AP {
			c.Channel, c.BSSID = 0, "" // another AP's radio, until an event says which
		}
		c.AP, c.APName = e.AP, e.APName
	}
	if e.Band != BandNone {
		c.Band = e.Band
	}
	setIf(&c.SSID, e.SSID)
	if e.Channel > 0 {
		c.Channel = e.Channel
	}
	setIf(&c.BSSID, e.BSSID)
	if len(e.Scan) > 0 {
		c.HeardAP, c.HeardRSSI = strongestOther(e.Scan, c.AP)
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

func setIf(dst *string, v string) {
	if v != "" {
		*dst = v
	}
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
		cs.bySym[c.mac] = nil
		cs.unheld = append(cs.unheld, c.mac)
		n--
	}
	cs.releaseUnheld()
	gone := func(c *Client) bool { return cs.bySym[c.mac] != c }
	cs.order = slices.DeleteFunc(cs.order, gone)
	cs.touched = slices.DeleteFunc(cs.touched, gone)
	cs.evictions++
}

// releaseUnheld drops the references evicted clients held, unless a
// snapshot is open: its readers may still read those strings (the store
// defers releasing dropped chunks for the same reason).
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
