package model

import (
	"cmp"
	"math"
	"slices"
)

// Clients is the per-MAC RSSI table behind the RSSI tab. It holds at most
// a fixed number of clients: random MACs from location and raw-RSSI topics
// would otherwise grow it without end. When full, the tenth seen longest
// ago is evicted.
type Clients struct {
	// recs holds the clients, pointer-free, in blocks; rings the readings
	// of those heard more than inlineReadings times. Slots are reused
	// after eviction, and blocks eviction empties are let go of.
	recs  slab[clientRec]
	rings slab[readingRing]

	// bySym finds a client's slot (plus one; 0: none) by its MAC's symbol
	// ID: a slice index instead of a second million-entry map keyed by
	// string. Each client holds one reference to each of its strings'
	// symbols, so no ID it holds is given to another string while the
	// client is held.
	syms   *Symbols
	bySym  []int32
	unheld []Sym  // strings clients let go of, released once no snapshot is open
	order  []held // first-seen order (ascending ID); stable for the UI, and searched by ID
	// seen is each slot's client's last-heard time (Unix ns; freeSeen: no
	// client), side by side rather than in the records: choosing whom to
	// evict reads every client's, and reads 8 MB at 1M clients instead of
	// a cache line in each record.
	seen      []int64
	nextID    int
	max       int
	evictions uint64
	touched   []int32 // slots updated since TakeTouched, in order, repeats and all
	tracking  bool    // touched is kept: someone takes it
}

// held is a client's ID and slot: ByID searches the IDs side by side
// rather than each in its record.
type held struct {
	id   int
	slot int32
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
	limit = max(limit, 10)
	return &Clients{syms: syms, bySym: make([]int32, 0, limit+1), nextID: 1, max: limit,
		recs: newSlab[clientRec](blockShift(limit, 10)), rings: newSlab[readingRing](blockShift(limit/8, 6))}
}

// blockShift sizes a slab's blocks for a table of n: a small table takes
// a small block, a large one blocks of 1<<most.
func blockShift(n int, most uint) uint {
	shift := uint(3)
	for shift < most && 1<<shift < n {
		shift++
	}
	return shift
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
	slot, ok := cs.slotOf(mac)
	if !ok {
		slot = cs.recs.alloc()
		r := cs.recs.at(slot)
		r.id, r.min, r.max, r.lastAt = cs.nextID, e.RSSI, e.RSSI, noTime
		cs.setSeen(slot, noTime)
		cs.set(r, cMAC, mac)
		cs.nextID++
		if int(mac) >= len(cs.bySym) {
			cs.bySym = append(cs.bySym, make([]int32, int(mac)+1-len(cs.bySym))...)
		}
		cs.bySym[mac] = slot + 1
		cs.order = append(cs.order, held{r.id, slot})
		if len(cs.order) > cs.max {
			cs.evictStalest(slot)
		}
	}
	r := cs.recs.at(slot)
	at := unixTime(e.Time)
	r.last, r.lastAt = e.RSSI, at
	cs.set(r, cTopic, ids[FieldTopic])
	r.min = math.Min(r.min, e.RSSI)
	r.max = math.Max(r.max, e.RSSI)
	r.sum += e.RSSI
	r.count++
	cs.addReading(r, at, float32(e.RSSI))
	if at > cs.seen[slot] {
		cs.seen[slot] = min(at, freeSeen-1)
	}
	r.updated = e.Seq
	if cs.tracking {
		cs.touched = append(cs.touched, slot)
	}
	cs.setIf(r, cSiteID, ids[FieldSiteID])
	cs.setIf(r, cSiteName, ids[FieldSiteName])
	if ap := ids[FieldAP]; ap != 0 {
		if ap != r.ids[cAP] && len(e.Scan) == 0 {
			cs.set(r, cHeardAP, 0) // heard from another AP: stale now
			r.heardRSSI = 0
		}
		if ap != r.ids[cAP] {
			r.channel = 0 // another AP's radio, until an event says which
			cs.set(r, cBSSID, 0)
		}
		cs.set(r, cAP, ap)
		cs.set(r, cAPName, ids[FieldAPName])
	}
	cs.setIf(r, cBand, ids[FieldBand])
	cs.setIf(r, cSSID, ids[FieldSSID])
	if e.Channel > 0 {
		r.channel = int32(e.Channel)
	}
	cs.setIf(r, cBSSID, ids[FieldBSSID])
	if len(e.Scan) > 0 {
		heard, rssi := strongestOther(e.Scan, cs.syms.String(r.ids[cAP]))
		id := cs.syms.intern(FieldAP, heard)
		cs.set(r, cHeardAP, id)
		cs.syms.release(id) // set retained it
		r.heardRSSI = rssi
	}
}

// addReading keeps a reading in the client's record while it has room,
// then in a ring of ReadingsKept from the side slab, the oldest overwritten
// once full.
func (cs *Clients) addReading(r *clientRec, at int64, rssi float32) {
	if r.ring == 0 && r.kept < inlineReadings {
		r.at[r.kept], r.rssi[r.kept] = at, rssi
		r.kept++
		return
	}
	if r.ring == 0 { // full inline, never wrapped: oldest first
		i := cs.rings.alloc()
		ring := cs.rings.at(i)
		copy(ring.at[:], r.at[:])
		copy(ring.rssi[:], r.rssi[:])
		r.ring, r.at, r.rssi = i+1, [inlineReadings]int64{}, [inlineReadings]float32{}
	}
	ring := cs.rings.at(r.ring - 1)
	if r.kept < ReadingsKept {
		ring.at[r.kept], ring.rssi[r.kept] = at, rssi
		r.kept++
		return
	}
	ring.at[r.pos], ring.rssi[r.pos] = at, rssi
	r.pos = (r.pos + 1) % ReadingsKept
}

// set makes c's string f the one whose ID is id, holding a reference to it
// and letting go of the one it replaces.
func (cs *Clients) set(r *clientRec, f clientField, id Sym) {
	if old := r.ids[f]; old != id {
		cs.syms.retain(id)
		cs.unhold(old)
		r.ids[f] = id
	}
}

// setIf is set unless id is the empty string's.
func (cs *Clients) setIf(r *clientRec, f clientField, id Sym) {
	if id != 0 {
		cs.set(r, f, id)
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

// evictStalest drops the tenth of the clients seen longest ago (ties: the
// lowest ID first; never keep, the one just added), in one pass so that
// eviction is rare and cheap: it finds the tenth's cut-off time without
// sorting (stalestCut), then walks the clients once in ID order.
func (cs *Clients) evictStalest(keep int32) {
	n := max(len(cs.order)/10, 1)
	kept := cs.seen[keep]
	cs.seen[keep] = freeSeen // neither counted nor evicted
	cut, before := stalestCut(cs.seen, n)
	ties := n - before // of those seen at cut, the lowest IDs go
	held := cs.order[:0]
	for _, h := range cs.order {
		switch v := cs.seen[h.slot]; {
		case v < cut, v == cut && ties > 0:
			if v == cut {
				ties--
			}
			cs.evict(h.slot)
		default:
			held = append(held, h)
		}
	}
	clear(cs.order[len(held):])
	cs.order = held
	cs.seen[keep] = kept
	cs.touched = slices.DeleteFunc(cs.touched, func(slot int32) bool { return cs.recs.at(slot).id == 0 })
	cs.recs.release()
	cs.rings.release()
	cs.evictions++
}

// evict frees a client's slot and ring and lets go of its strings. The
// slot reads as free (ID 0), so a handle kept past eviction reads empty
// strings rather than another client's: its IDs may name other strings.
func (cs *Clients) evict(slot int32) {
	r := cs.recs.at(slot)
	cs.bySym[r.ids[cMAC]] = 0
	for _, id := range r.ids {
		cs.unhold(id)
	}
	if r.ring != 0 {
		cs.rings.put(r.ring - 1)
	}
	cs.recs.put(slot)
	cs.seen[slot] = freeSeen
}

// setSeen sets a slot's last-heard time, making room for the slot first.
func (cs *Clients) setSeen(slot int32, at int64) {
	if int(slot) >= len(cs.seen) {
		grown := max(int(slot)+1, 2*len(cs.seen), 1<<cs.recs.shift)
		for len(cs.seen) < grown {
			cs.seen = append(cs.seen, freeSeen)
		}
	}
	cs.seen[slot] = at
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
func (cs *Clients) TakeTouched() []Client {
	if len(cs.touched) == 0 {
		return nil
	}
	out := make([]Client, len(cs.touched))
	for i, slot := range cs.touched {
		out[i] = cs.handle(slot)
	}
	cs.touched = cs.touched[:0]
	return out
}

// Evictions counts eviction passes; a change tells the UI to re-list rows.
func (cs *Clients) Evictions() uint64 { return cs.evictions }

// handle is the client in slot, which must be held.
func (cs *Clients) handle(slot int32) Client {
	return Client{t: cs, slot: slot, id: cs.recs.at(slot).id}
}

// ByID returns the client with the given ID; false when evicted or unknown.
func (cs *Clients) ByID(id int) (Client, bool) {
	i, found := slices.BinarySearchFunc(cs.order, id, func(h held, id int) int { return cmp.Compare(h.id, id) })
	if !found {
		return Client{}, false
	}
	return cs.At(i), true
}

// Get returns the client with the given MAC.
func (cs *Clients) Get(mac string) (Client, bool) {
	id, ok := cs.syms.Lookup(mac)
	if !ok {
		return Client{}, false
	}
	slot, ok := cs.slotOf(id)
	if !ok {
		return Client{}, false
	}
	return cs.handle(slot), true
}

// slotOf returns the slot of the client whose MAC has ID id (0: none).
func (cs *Clients) slotOf(id Sym) (int32, bool) {
	if id == 0 || int(id) >= len(cs.bySym) || cs.bySym[id] == 0 {
		return 0, false
	}
	return cs.bySym[id] - 1, true
}

// Len is the number of clients held.
func (cs *Clients) Len() int { return len(cs.order) }

// At returns the i-th client held in first-seen (ascending ID) order,
// 0 <= i < Len().
func (cs *Clients) At(i int) Client {
	h := cs.order[i]
	return Client{t: cs, slot: h.slot, id: h.id}
}
