package model

import (
	"math"
	"time"
	"unsafe"
)

// Field names an Event's string fields as the store keeps them: one symbol
// ID each. A filter can turn a term into the set of matching IDs of a field
// (SymbolView.Matching) and test an event by Snapshot.Sym.
type Field uint8

const (
	FieldTopic Field = iota
	FieldOrgID
	FieldSiteID
	FieldSiteName
	FieldMAC
	FieldAP
	FieldAPName
	FieldNextAP
	FieldSSID
	FieldBand
	FieldHostname
	FieldFamily
	FieldModel
	FieldOS
	FieldMaker
	FieldZoneID
	FieldZoneName
	FieldTrigger
	FieldType
	FieldSeverity
	FieldDevice
	FieldText
	FieldBSSID
	FieldMapID
	fieldCount
)

// strField addresses each string field of an Event, in Field order.
var strField = [fieldCount]func(*Event) *string{
	func(e *Event) *string { return &e.Topic },
	func(e *Event) *string { return &e.OrgID },
	func(e *Event) *string { return &e.SiteID },
	func(e *Event) *string { return &e.SiteName },
	func(e *Event) *string { return &e.MAC },
	func(e *Event) *string { return &e.AP },
	func(e *Event) *string { return &e.APName },
	func(e *Event) *string { return &e.NextAP },
	func(e *Event) *string { return &e.SSID },
	func(e *Event) *string { return (*string)(&e.Band) },
	func(e *Event) *string { return &e.Hostname },
	func(e *Event) *string { return &e.Family },
	func(e *Event) *string { return &e.Model },
	func(e *Event) *string { return &e.OS },
	func(e *Event) *string { return &e.Maker },
	func(e *Event) *string { return &e.ZoneID },
	func(e *Event) *string { return &e.ZoneName },
	func(e *Event) *string { return &e.Trigger },
	func(e *Event) *string { return &e.Type },
	func(e *Event) *string { return &e.Severity },
	func(e *Event) *string { return &e.Device },
	func(e *Event) *string { return &e.Text },
	func(e *Event) *string { return &e.BSSID },
	func(e *Event) *string { return &e.MapID },
}

// record is an Event as the store keeps it: strings as symbol IDs, raw JSON
// as a range of its chunk's buffer, a scan list in its chunk's side table.
// A third of an Event's size, and free of pointers: the garbage collector
// never scans the million records of a full store.
type record struct {
	syms      [fieldCount]Sym
	sec       int64
	nsec      int32
	flags     uint8
	kind      Kind
	rssi      float64
	x, y      float64
	duration  float64
	channel   int32 // counts and codes: beyond ±2³¹ they are clamped
	reason    int32
	occupancy int32
	limit     int32
	count     int32
	rawOff    uint32
	rawLen    uint32
	size      uint32 // footprint, for --max-store-bytes
}

const (
	recHasTime uint8 = 1 << iota
	recHasRSSI
	recHasXY
	recRandomMAC
	recRoam
	recScan // the chunk's scans holds the scan list
)

const recordSize = int64(unsafe.Sizeof(record{}))

const scanEntrySize = int64(unsafe.Sizeof(ScanEntry{}))

// pack turns e into a record, interning its strings and pointing e's at
// the table's copies, as canonical does (Seq and Raw are the store's to
// set); hashes are their index hashes where known (nil: none).
func pack(e *Event, syms *Symbols, hashes *[fieldCount]uint32) record {
	r := record{kind: e.Kind, rssi: e.RSSI, x: e.X, y: e.Y, duration: e.Duration,
		channel: clamp32(e.Channel), reason: clamp32(e.Reason), occupancy: clamp32(e.Occupancy),
		limit: clamp32(e.Limit), count: clamp32(e.Count)}
	for f, get := range strField {
		var h uint32
		if hashes != nil {
			h = hashes[f]
		}
		p := get(e)
		if id := syms.internHashed(Field(f), *p, h); id != 0 {
			r.syms[f], *p = id, syms.String(id)
		}
	}
	if !e.Time.IsZero() {
		r.flags |= recHasTime
		r.sec, r.nsec = e.Time.Unix(), int32(e.Time.Nanosecond())
	}
	r.flags |= flagIf(e.HasRSSI, recHasRSSI) | flagIf(e.HasXY, recHasXY) |
		flagIf(e.RandomMAC, recRandomMAC) | flagIf(e.Roam, recRoam)
	return r
}

func clamp32(n int) int32 { return int32(max(min(n, math.MaxInt32), math.MinInt32)) }

func flagIf(b bool, f uint8) uint8 {
	if b {
		return f
	}
	return 0
}

// unpack fills e from r (all but Seq, Raw and Scan).
func (r *record) unpack(e *Event, syms SymbolView) {
	*e = Event{Kind: r.kind, RSSI: r.rssi, X: r.x, Y: r.y, Duration: r.duration,
		Channel: int(r.channel), Reason: int(r.reason), Occupancy: int(r.occupancy),
		Limit: int(r.limit), Count: int(r.count),
		HasRSSI: r.flags&recHasRSSI != 0, HasXY: r.flags&recHasXY != 0,
		RandomMAC: r.flags&recRandomMAC != 0, Roam: r.flags&recRoam != 0}
	if r.flags&recHasTime != 0 {
		e.Time = time.Unix(r.sec, int64(r.nsec)).UTC()
	}
	r.canonical(e, syms)
}

// canonical points e's strings at the symbol table's copies, so that what
// keeps them (learned names, the client table) shares the table's memory
// instead of holding on to one copy per event.
func (r *record) canonical(e *Event, syms SymbolView) {
	for f, get := range strField {
		if id := r.syms[f]; id != 0 {
			*get(e) = syms.String(id)
		}
	}
}

// footprint is what an event counts against --max-store-bytes: its record,
// raw JSON, strings (as if none were shared) and scan list.
func footprint(e *Event) int64 {
	n := footprintBut(e)
	for _, get := range strField {
		n += int64(len(*get(e)))
	}
	return n
}

// footprintBut is an event's footprint but for its string fields, which
// Store.warm counts as it hashes them.
func footprintBut(e *Event) int64 {
	n := recordSize + int64(len(e.Raw)) + int64(len(e.Scan))*scanEntrySize
	for _, s := range e.Scan {
		n += int64(len(s.AP) + len(s.BSSID) + len(s.SSID))
	}
	return n
}
