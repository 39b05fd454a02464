package model

import (
	"math"
	"time"
)

// ReadingsKept is how many recent RSSI readings each client keeps for its
// sparkline and timeline chart.
const ReadingsKept = 64

// inlineReadings is how many readings a client keeps in its own record:
// most clients of a big org are heard a few times only, and only those
// heard more take a ring of ReadingsKept from the table's side slab.
const inlineReadings = 4

// Reading is one RSSI sample of a client.
type Reading struct {
	Time time.Time
	RSSI float64
}

// Client is a handle on one client of a Clients table: it reads the
// client as it is now, and reads as the zero client (no strings, no
// readings) once the client is evicted, even after its slot holds another
// client. A Clone holds a copy of its own instead.
type Client struct {
	t    *Clients
	own  *clientCopy // a clone's record, readings and strings
	slot int32
	id   int
}

// clientRec is a client as the table holds it, in a slab: no pointers, so
// that a million clients are a few hundred blocks the collector never
// scans. Times are Unix nanoseconds (noTime: none); strings are IDs in the
// table's symbols, each holding a reference.
type clientRec struct {
	id                             int // 1-based, in first-seen order; never reused. 0: a free slot
	updated                        uint64
	lastAt                         int64 // when last heard: the table's seen, by slot
	last, min, max, sum, heardRSSI float64
	count                          int
	channel                        int32 // of the latest event that said (0: not known)
	ring                           int32 // 1 + the table's ring the readings moved to (0: inline)
	ids                            [clientFields]Sym
	kept, pos                      uint8 // readings kept; where the next goes once the ring is full
	at                             [inlineReadings]int64
	rssi                           [inlineReadings]float32
}

// readingRing holds the readings of a client heard more than inlineReadings
// times, the oldest at pos once full.
type readingRing struct {
	at   [ReadingsKept]int64
	rssi [ReadingsKept]float32
}

// clientCopy is what a clone holds: its strings themselves, as the table
// may forget them once the client is evicted.
type clientCopy struct {
	rec  clientRec
	seen int64
	ring *readingRing
	strs [clientFields]string
}

// noTime stands for the zero time.Time in a record.
const noTime = math.MinInt64

// noClient is what a handle on no client reads. Never written.
var noClient = clientRec{lastAt: noTime}

func unixTime(t time.Time) int64 {
	if t.IsZero() {
		return noTime
	}
	return t.UnixNano()
}

func timeOf(ns int64) time.Time {
	if ns == noTime {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
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
	cBand
	clientFields
)

// fromEvent is the event field each client string is copied from (the
// heard AP comes from the scan list instead).
var fromEvent = [clientFields]Field{cMAC: FieldMAC, cSiteID: FieldSiteID, cSiteName: FieldSiteName, cAP: FieldAP,
	cAPName: FieldAPName, cBSSID: FieldBSSID, cSSID: FieldSSID, cHeardAP: FieldAP, cTopic: FieldTopic, cBand: FieldBand}

// rec is the client's record; noClient once it is evicted.
func (c Client) rec() *clientRec {
	switch {
	case c.own != nil:
		return &c.own.rec
	case c.t != nil:
		if r := c.t.recs.lookup(c.slot); r != nil && r.id == c.id && c.id != 0 {
			return r
		}
	}
	return &noClient
}

func (c Client) str(f clientField) string {
	if c.own != nil {
		return c.own.strs[f]
	}
	r := c.rec()
	if r == &noClient {
		return ""
	}
	return c.t.syms.String(r.ids[f])
}

// ID is the client's, 1-based, in first-seen order; never reused, even
// after eviction. 0: no client.
func (c Client) ID() int { return c.rec().id }

// IsZero reports whether c is no client: none was found, or it has been
// evicted since.
func (c Client) IsZero() bool { return c.rec().id == 0 }

// Updated is the Seq of the event that last changed this client.
func (c Client) Updated() uint64 { return c.rec().updated }

// Last is the latest reading.
func (c Client) Last() Reading {
	r := c.rec()
	return Reading{Time: timeOf(r.lastAt), RSSI: r.last}
}

// LastSeen is when the client was last heard (the latest event time).
func (c Client) LastSeen() time.Time { return timeOf(c.seenAt()) }

// seenAt is LastSeen in Unix nanoseconds (noTime: never).
func (c Client) seenAt() int64 {
	switch r := c.rec(); {
	case c.own != nil:
		return c.own.seen
	case r == &noClient:
		return noTime
	default:
		return c.t.seen[c.slot]
	}
}

func (c Client) Min() float64       { return c.rec().min }
func (c Client) Max() float64       { return c.rec().max }
func (c Client) Count() int         { return c.rec().count }
func (c Client) Channel() int       { return int(c.rec().channel) }
func (c Client) Band() Band         { return Band(c.str(cBand)) }
func (c Client) HeardRSSI() float64 { return c.rec().heardRSSI }

// Avg is the mean of every reading seen.
func (c Client) Avg() float64 {
	r := c.rec()
	if r.count == 0 {
		return 0
	}
	return r.sum / float64(r.count)
}

// MAC is the client's MAC, 12 lower-case hex digits.
func (c Client) MAC() string { return c.str(cMAC) }

// SiteID is the site of the latest event that named one.
func (c Client) SiteID() string { return c.str(cSiteID) }

// SiteName is the site name the latest event that gave one gave.
func (c Client) SiteName() string { return c.str(cSiteName) }

// AP is the AP of the latest reading that named one.
func (c Client) AP() string { return c.str(cAP) }

// APName is the name that reading gave its AP ("" when none).
func (c Client) APName() string { return c.str(cAPName) }

// BSSID is the BSSID of the latest event that said, on the client's AP.
func (c Client) BSSID() string { return c.str(cBSSID) }

// SSID is the SSID of the latest event that said.
func (c Client) SSID() string { return c.str(cSSID) }

// HeardAP is the strongest other AP the client's latest scan heard ("" when
// none); HeardRSSI is its RSSI.
func (c Client) HeardAP() string { return c.str(cHeardAP) }

// LastTopic is the topic of the latest reading.
func (c Client) LastTopic() string { return c.str(cTopic) }

// readings are the kept readings' times and RSSIs, the oldest at r.pos.
func (c Client) readings(r *clientRec) ([]int64, []float32) {
	n := int(r.kept)
	if r.ring == 0 {
		return r.at[:n], r.rssi[:n]
	}
	ring := c.own.ringOrNil()
	if ring == nil {
		ring = c.t.rings.at(r.ring - 1)
	}
	return ring.at[:n], ring.rssi[:n]
}

// Recent returns the kept readings, oldest first (time and RSSI only).
func (c Client) Recent() []Reading {
	r := c.rec()
	at, rssi := c.readings(r)
	n := len(at)
	out := make([]Reading, 0, n)
	for i := 0; i < n; i++ {
		j := (int(r.pos) + i) % n
		out = append(out, Reading{Time: timeOf(at[j]), RSSI: float64(rssi[j])})
	}
	return out
}

// Clone returns a copy that later readings of c do not change. It holds
// its strings itself: the table may forget them once c is evicted.
func (c Client) Clone() Client {
	r := c.rec()
	cp := &clientCopy{rec: *r, seen: c.seenAt()}
	if r.ring != 0 {
		at, rssi := c.readings(r)
		cp.ring = new(readingRing)
		copy(cp.ring.at[:], at)
		copy(cp.ring.rssi[:], rssi)
	}
	for f := range cp.strs {
		cp.strs[f] = c.str(clientField(f))
	}
	return Client{own: cp, id: r.id}
}

func (cp *clientCopy) ringOrNil() *readingRing {
	if cp == nil {
		return nil
	}
	return cp.ring
}
