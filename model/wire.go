package model

import (
	"unsafe"

	"github.com/mistwatch/mistwatch/model/jsonscan"
)

// wireEvent holds the raw JSON value of every field mistwatch reads from any
// topic, as slices of the message body; fill turns them into an Event.
// A field absent from the event is nil.
type wireEvent struct {
	OrgID, SiteID, SiteName, Time, LastSeen                    []byte
	MAC, ClientID, Client, AP, APID, APName, NextAP, SSID      []byte
	Band, RSSI, Channel, Hostname, CHost, Random, Username     []byte
	ConnAP, ConnBand, ConnRSSI, ConnChannel                    []byte
	Reason, Duration, Family, Model, OS, Maker                 []byte
	ZoneID, RSSIZoneID, VBeaconID, ZoneName, Name, Trigger     []byte
	Occupancy, Limit, AlertEvents                              []byte
	Type, Severity, EvType, DeviceName, MxEdgeName, DeviceMAC  []byte
	Count, Text, Reason2, Message, AdminName, APs, Group, X, Y []byte
	ScanData, Packets, BSSID, MapID                            []byte
}

// wireFields names the members mistwatch reads and where each goes in a
// wireEvent.
var wireFields = [...]struct {
	name string
	off  uintptr
}{
	{"org_id", unsafe.Offsetof(wireEvent{}.OrgID)},
	{"site_id", unsafe.Offsetof(wireEvent{}.SiteID)},
	{"site_name", unsafe.Offsetof(wireEvent{}.SiteName)},
	{"timestamp", unsafe.Offsetof(wireEvent{}.Time)},
	{"last_seen", unsafe.Offsetof(wireEvent{}.LastSeen)},
	{"mac", unsafe.Offsetof(wireEvent{}.MAC)},
	{"client_id", unsafe.Offsetof(wireEvent{}.ClientID)},
	{"client", unsafe.Offsetof(wireEvent{}.Client)},
	{"ap", unsafe.Offsetof(wireEvent{}.AP)},
	{"ap_id", unsafe.Offsetof(wireEvent{}.APID)},
	{"ap_name", unsafe.Offsetof(wireEvent{}.APName)},
	{"next_ap", unsafe.Offsetof(wireEvent{}.NextAP)},
	{"ssid", unsafe.Offsetof(wireEvent{}.SSID)},
	{"band", unsafe.Offsetof(wireEvent{}.Band)},
	{"rssi", unsafe.Offsetof(wireEvent{}.RSSI)},
	{"channel", unsafe.Offsetof(wireEvent{}.Channel)},
	{"hostname", unsafe.Offsetof(wireEvent{}.Hostname)},
	{"client_hostname", unsafe.Offsetof(wireEvent{}.CHost)}, // undocumented, seen in real deliveries
	{"random_mac", unsafe.Offsetof(wireEvent{}.Random)},
	{"username", unsafe.Offsetof(wireEvent{}.Username)},
	{"connection_ap", unsafe.Offsetof(wireEvent{}.ConnAP)},
	{"connection_band", unsafe.Offsetof(wireEvent{}.ConnBand)},
	{"connection_rssi", unsafe.Offsetof(wireEvent{}.ConnRSSI)},
	{"connection_channel", unsafe.Offsetof(wireEvent{}.ConnChannel)},
	{"termination_reason", unsafe.Offsetof(wireEvent{}.Reason)},
	{"duration", unsafe.Offsetof(wireEvent{}.Duration)},
	{"client_family", unsafe.Offsetof(wireEvent{}.Family)},
	{"client_model", unsafe.Offsetof(wireEvent{}.Model)},
	{"client_os", unsafe.Offsetof(wireEvent{}.OS)},
	{"client_manufacture", unsafe.Offsetof(wireEvent{}.Maker)},
	{"zone_id", unsafe.Offsetof(wireEvent{}.ZoneID)},
	{"rssizone_id", unsafe.Offsetof(wireEvent{}.RSSIZoneID)},
	{"vbeacon_id", unsafe.Offsetof(wireEvent{}.VBeaconID)},
	{"zone_name", unsafe.Offsetof(wireEvent{}.ZoneName)},
	{"name", unsafe.Offsetof(wireEvent{}.Name)},
	{"trigger", unsafe.Offsetof(wireEvent{}.Trigger)},
	{"current_occupancy", unsafe.Offsetof(wireEvent{}.Occupancy)},
	{"occupancy_limit", unsafe.Offsetof(wireEvent{}.Limit)},
	{"alert_events", unsafe.Offsetof(wireEvent{}.AlertEvents)},
	{"type", unsafe.Offsetof(wireEvent{}.Type)},
	{"severity", unsafe.Offsetof(wireEvent{}.Severity)},
	{"ev_type", unsafe.Offsetof(wireEvent{}.EvType)},
	{"device_name", unsafe.Offsetof(wireEvent{}.DeviceName)},
	{"mxedge_name", unsafe.Offsetof(wireEvent{}.MxEdgeName)},
	{"device_mac", unsafe.Offsetof(wireEvent{}.DeviceMAC)},
	{"count", unsafe.Offsetof(wireEvent{}.Count)},
	{"text", unsafe.Offsetof(wireEvent{}.Text)},
	{"reason", unsafe.Offsetof(wireEvent{}.Reason2)},
	{"message", unsafe.Offsetof(wireEvent{}.Message)},
	{"admin_name", unsafe.Offsetof(wireEvent{}.AdminName)},
	{"aps", unsafe.Offsetof(wireEvent{}.APs)},
	{"group", unsafe.Offsetof(wireEvent{}.Group)},
	{"x", unsafe.Offsetof(wireEvent{}.X)},
	{"y", unsafe.Offsetof(wireEvent{}.Y)},
	{"map_id", unsafe.Offsetof(wireEvent{}.MapID)},
	{"scan_data", unsafe.Offsetof(wireEvent{}.ScanData)},
	{"packets", unsafe.Offsetof(wireEvent{}.Packets)},
	{"bssid", unsafe.Offsetof(wireEvent{}.BSSID)}, // scan_data entries
}

// wireTable finds a member's field by a hash of its name (open addressing):
// a key costs one probe and one comparison, not a binary search of string
// comparisons.
var wireTable = func() (t [wireTableSize]struct {
	name string
	off  uintptr
}) {
	for _, f := range wireFields {
		h := wireHash(f.name)
		for t[h].name != "" {
			h = (h + 1) % wireTableSize
		}
		t[h] = f
	}
	return t
}()

const wireTableSize = 256 // a power of two, over three times the fields

// wireHash looks at the length and three bytes of a name, no loop: for
// the names in wireFields it is a perfect hash, so a key is found at its
// first probe.
func wireHash(name string) uint32 {
	if name == "" {
		return 0
	}
	n := uint32(len(name))
	return (n*6 + uint32(name[0])*2 + uint32(name[n-1]) + uint32(name[n/2])*7) % wireTableSize
}

// field returns where the value of the member named key goes, or nil for a
// member mistwatch does not read.
func (w *wireEvent) field(key string) *[]byte {
	for h := wireHash(key); wireTable[h].name != ""; h = (h + 1) % wireTableSize {
		if wireTable[h].name == key {
			return (*[]byte)(unsafe.Add(unsafe.Pointer(w), wireTable[h].off))
		}
	}
	return nil
}

// readObject reads the object that is outer's current value into w and
// returns the object's bytes; a malformed object stops outer.
func readObject(outer *jsonscan.Iter, w *wireEvent) []byte {
	b, start := outer.Bytes(), outer.Pos()
	if end, ok := readPlainObject(b, start, outer.Depth()+1, w); ok {
		outer.SetPos(end)
		return b[start:end:end]
	}
	*w = wireEvent{} // read again from the start, the way that says what is wrong
	return readObjectIter(outer, w)
}

// readObjectIter is readObject member by member through an Iter.
func readObjectIter(outer *jsonscan.Iter, w *wireEvent) []byte {
	b, start := outer.Bytes(), outer.Pos()
	it, err := jsonscan.Open(b, start, outer.Depth())
	if err != nil {
		outer.Fail(err)
		return nil
	}
	for it.Next() {
		if p := w.field(it.Name()); p != nil {
			*p = it.Value()
		} else {
			it.Value()
		}
	}
	end, err := it.End()
	if err != nil {
		outer.Fail(err)
		return nil
	}
	outer.SetPos(end)
	return b[start:end:end]
}

// readPlainObject is readObject's loop without an Iter's bookkeeping, for
// an object at b[start] (depth deep) that is well formed and whose keys are
// plain (jsonscan.KeyString), as nearly every event is. It says !ok at
// anything else, having maybe filled part of w: the caller starts over
// with an Iter, which accepts exactly the same objects and words the
// errors.
func readPlainObject(b []byte, start, depth int, w *wireEvent) (end int, ok bool) {
	if depth > jsonscan.MaxDepth {
		return 0, false
	}
	i := jsonscan.SkipSpace(b, start+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, true
	}
	for i < len(b) && b[i] == '"' {
		keyEnd, plain, _, err := jsonscan.KeyString(b, i)
		if err != nil || !plain {
			return 0, false
		}
		key := b[i+1 : keyEnd-1]
		if i = jsonscan.SkipSpace(b, keyEnd); i >= len(b) || b[i] != ':' {
			return 0, false
		}
		valStart := jsonscan.SkipSpace(b, i+1)
		if i, err = jsonscan.ValueEnd(b, valStart, depth); err != nil {
			return 0, false
		}
		if p := w.field(unsafe.String(unsafe.SliceData(key), len(key))); p != nil {
			*p = b[valStart:i:i]
		}
		switch i = jsonscan.SkipSpace(b, i); {
		case i < len(b) && b[i] == ',':
			i = jsonscan.SkipSpace(b, i+1)
		case i < len(b) && b[i] == '}':
			return i + 1, true
		default:
			return 0, false
		}
	}
	return 0, false
}
