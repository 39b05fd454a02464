package model

import (
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
// as a range of its chunk's buffer. About a third of an Event's size, and
// only the scan list holds pointers for the garbage collector to follow.
type record struct {
	syms      [fieldCount]Sym
	sec       int64
	nsec      int32
	flags     uint8
	kind      Kind
	rssi      float64
	x, y      float64
	duration  float64
	channel   int64
	reason    int64
	occupancy int64
	limit     int64
	count     int64
	rawOff    uint32
	rawLen    uint32
	size      uint32 // footprint, for --max-store-bytes
	scan      []ScanEntry
}

const (
	recHasTime uint8 = 1 << iota
	recHasRSSI
	recHasXY
	recRandomMAC
	recRoam
)

const recordSize = int64(unsafe.Sizeof(record{}))

const scanEntrySize = int64(unsafe.Sizeof(ScanEntry{}))

// pack turns e into a record, interning its strings (Seq and Raw are the
// store's to set).
func pack(e *Event, syms *Symbols) record {
	r := record{kind: e.Kind, rssi: e.RSSI, x: e.X, y: e.Y, duration: e.Duration,
		channel: int64(e.Channel), reason: int64(e.Reason), occupancy: int64(e.Occupancy),
		limit: int64(e.Limit), count: int64(e.Count), scan: e.Scan}
	for f, get := range strField {
		r.syms[f] = syms.intern(*get(e))
	}
	if !e.Time.IsZero() {
		r.flags |= recHasTime
		r.sec, r.nsec = e.Time.Unix(), int32(e.Time.Nanosecond())
	}
	r.flags |= flagIf(e.HasRSSI, recHasRSSI) | flagIf(e.HasXY, recHasXY) |
		flagIf(e.RandomMAC, recRandomMAC) | flagIf(e.Roam, recRoam)
	return r
}

func flagIf(b bool, f uint8) uint8 {
	if b {
		return f
	}
	return 0
}

// unpack fills e from r (all but Seq and Raw).
func (r *record) unpack(e *Event, syms SymbolView) {
	*e = Event{Kind: r.kind, RSSI: r.rssi, X: r.x, Y: r.y, Duration: r.duration,
		Channel: int(r.channel), Reason: int(r.reason), Occupancy: int(r.occupancy),
		Limit: int(r.limit), Count: int(r.count), Scan: r.scan,
		HasRSSI: r.flags&recHasRSSI != 0, HasXY: r.flags&recHasXY != 0,
		RandomMAC: r.flags&recRandomMAC != 0, Roam: r.flags&recRoam != 0}
	if r.flags&recHasTime != 0 {
		e.Time = time.Unix(r.sec, int64(r.nsec)).UTC()
	}
	for f, get := range strField {
		if id := r.syms[f]; id != 0 {
			*get(e) = syms.String(id)
		}
	}
}

// release drops the record's references to its strings.
func (r *record) release(syms *Symbols) {
	for _, id := range r.syms {
		syms.release(id)
	}
}

// footprint is what an event counts against --max-store-bytes: its record,
// raw JSON, strings (as if none were shared) and scan list.
func footprint(e *Event) int64 {
	n := recordSize + int64(len(e.Raw)) + int64(len(e.Scan))*scanEntrySize
	for _, get := range strField {
		n += int64(len(*get(e)))
	}
	for _, s := range e.Scan {
		n += int64(len(s.AP) + len(s.BSSID) + len(s.SSID))
	}
	return n
}
