package model

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/mistwatch/mistwatch/model/jsonscan"
)

// Errors a message can fail with; the receiver maps them to 400.
var (
	ErrNotJSON      = errors.New("body is not a JSON object")
	ErrNoTopic      = errors.New(`message has no "topic"`)
	ErrEventsNotArr = errors.New(`"events" is not an array`)
	// ErrTopicNotText: a number or object where the topic name goes is a
	// sender bug, not a topic to guess at.
	ErrTopicNotText = errors.New(`"topic" is not a JSON string`)
)

// DecodeMessage decodes one webhook message into normalised events, in one
// pass over body that also validates it as strictly as encoding/json. It
// fails only when the envelope is unusable; individual events are decoded
// leniently and never fail the message. Events that carry no timestamp are
// stamped with received.
//
// The events share one copy of body (their Raw and strings are slices of
// it), so the caller may reuse body's buffer (see DecodeOptions.BodyKept).
func DecodeMessage(body []byte, received time.Time) (topic string, events []Event, err error) {
	return DecodeMessageWith(body, received, DecodeOptions{})
}

// DecodeOptions leave out what a reader does not use. The events, their
// count and every other field stay exactly as DecodeMessage gives them.
type DecodeOptions struct {
	// NoScanLists leaves Event.Scan nil (the APs a sdkclient-scan-data
	// event heard): the report's first pass counts events and readings only.
	NoScanLists bool
	// BodyKept makes the events point into body instead of into a copy of
	// it: body must not change while they live, and a string kept from
	// them keeps all of body alive (a 4 MiB piece of a replay file). For a
	// reader that copies what it keeps, as the store does.
	BodyKept bool
}

// DecodeMessageWith is DecodeMessage with opts.
func DecodeMessageWith(body []byte, received time.Time, opts DecodeOptions) (topic string, events []Event, err error) {
	scratch := scratchPool.Get().(*[]Event)
	defer func() {
		// Drop references into body before pooling; after a failed decode
		// past the length too, where it left its events.
		used := len(*scratch)
		if err != nil {
			used = cap(*scratch)
		}
		clear((*scratch)[:used])
		*scratch = (*scratch)[:0]
		scratchPool.Put(scratch)
	}()
	topic, *scratch, err = AppendMessage((*scratch)[:0], body, received, opts)
	if err != nil {
		return topic, nil, err
	}
	return topic, slices.Clone(*scratch), nil
}

// AppendMessage is DecodeMessageWith appending the events to dst, which it
// returns as it was on an error: a file reader decodes a piece's messages
// into one slice and hands it over whole, instead of a slice per message
// copied once more into a batch.
func AppendMessage(dst []Event, body []byte, received time.Time, opts DecodeOptions) (topic string, events []Event, err error) {
	topic, events, err = appendMessage(dst, body, opts)
	if err != nil {
		return topic, dst, err
	}
	for i := len(dst); i < len(events); i++ {
		if events[i].Time.IsZero() {
			events[i].Time = received.UTC()
		}
	}
	return topic, events, nil
}

func appendMessage(dst []Event, body []byte, opts DecodeOptions) (topic string, events []Event, err error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return "", nil, ErrNotJSON
	}
	if !opts.BodyKept {
		body = bytes.Clone(body)
	}
	events = dst
	var (
		topicRaw, eventsRaw []byte
		decodedFor          = "\x00" // the topic the events after dst were decoded for
	)
	it, _ := jsonscan.Open(body, 0, 0)
	for it.Next() {
		switch it.Name() {
		case "topic":
			topicRaw, topic = it.Value(), ""
			if len(topicRaw) > 0 && topicRaw[0] == '"' {
				topic = NormalizeTopic(stringOf(topicRaw))
			}
		case "events":
			if body[it.Pos()] != '[' || topic == "" {
				eventsRaw = it.Value() // decoded below, once the topic is known
				decodedFor = "\x00"
				continue
			}
			start := it.Pos()
			evs, end, err := decodeEvents(body, start, it.Depth(), events[:len(dst)], topic, opts)
			events = evs
			if err != nil {
				it.Fail(err)
				continue
			}
			it.SetPos(end)
			eventsRaw, decodedFor = body[start:end], topic
		default:
			it.Value()
		}
	}
	if err := it.EndOfInput(); err != nil {
		return "", nil, fmt.Errorf("%w: %v", ErrNotJSON, err)
	}
	if len(topicRaw) == 0 || topicRaw[0] == 'n' {
		return "", nil, ErrNoTopic
	}
	if topicRaw[0] != '"' {
		return "", nil, fmt.Errorf("%w (got %.40s)", ErrTopicNotText, topicRaw)
	}
	if topic == "" {
		return "", nil, ErrNoTopic
	}
	if len(eventsRaw) == 0 || eventsRaw[0] != '[' {
		return topic, nil, ErrEventsNotArr
	}
	if decodedFor != topic {
		// "events" came before "topic" (or twice): decode it now.
		events, _, _ = decodeEvents(body, offsetIn(body, eventsRaw), 1, events[:len(dst)], topic, opts)
	}
	return topic, events, nil
}

// scratchPool holds the slices events are decoded into before the exact-size
// copy returned, so a message costs one allocation for its events.
var scratchPool = sync.Pool{New: func() any { s := make([]Event, 0, 64); return &s }}

// offsetIn is where sub, a slice of b, starts in b.
func offsetIn(b, sub []byte) int {
	return int(uintptr(unsafe.Pointer(unsafe.SliceData(sub))) - uintptr(unsafe.Pointer(unsafe.SliceData(b))))
}

// decodeEvents reads the events array at b[start], depth levels deep, and
// returns where it ends.
func decodeEvents(b []byte, start, depth int, dst []Event, topic string, opts DecodeOptions) ([]Event, int, error) {
	arr, err := jsonscan.Open(b, start, depth)
	if err != nil {
		return dst, start, err
	}
	var ids idMemo
	for arr.Next() {
		var w wireEvent
		var raw []byte
		isObject := b[arr.Pos()] == '{'
		if isObject {
			raw = readObject(&arr, &w)
			if opts.NoScanLists {
				w.ScanData = nil // validated by readObject, not decoded
			}
		} else {
			raw = arr.Value()
		}
		dst = appendDecoded(dst, topic, raw, &w, isObject, &ids)
	}
	end, err := arr.End()
	return dst, end, err
}

// appendDecoded turns one event (occupancy-alerts: one per alert) into
// Events. An event that is not an object still becomes a generic event so
// that nothing received is dropped.
func appendDecoded(dst []Event, topic string, raw []byte, w *wireEvent, isObject bool, ids *idMemo) []Event {
	base := Event{Topic: topic, Kind: kindOf(topic), Raw: raw}
	fill(&base, w, ids)
	if !isObject || (base.Kind == KindJoin || base.Kind == KindSession) && base.MAC == "" {
		// An event that is not an object, or a join or session that names
		// no client, is kept, but only in All: it is no row of those tabs.
		base.Kind = KindOther
	}
	if topic == "occupancy-alerts" && len(w.AlertEvents) > 2 && w.AlertEvents[0] == '[' {
		alerts, _ := jsonscan.Open(w.AlertEvents, 0, 0)
		for alerts.Next() {
			var aw wireEvent
			var a []byte
			if w.AlertEvents[alerts.Pos()] == '{' {
				a = readObject(&alerts, &aw)
			} else {
				a = alerts.Value()
			}
			e := base
			e.Raw = a
			fill(&e, &aw, ids)
			inherit(&e, &base)
			dst = append(dst, e)
		}
		if alerts.Len() > 0 {
			return dst
		}
	}
	return append(dst, base)
}

// inherit copies the envelope event's site onto an alert that lacks one.
func inherit(e, parent *Event) {
	if e.SiteID == "" {
		e.SiteID = parent.SiteID
	}
	if e.SiteName == "" {
		e.SiteName = parent.SiteName
	}
	if e.OrgID == "" {
		e.OrgID = parent.OrgID
	}
}

func kindOf(topic string) Kind {
	switch topic {
	case "client-join":
		return KindJoin
	case "client-sessions":
		return KindSession
	case "zone", "rssizone", "vbeacon", "occupancy-alerts":
		return KindZone
	case "alarms", "device-events", "device-updowns", "mxedge-events":
		return KindAlarm
	case "location", "location-client", "location-unclient", "location-asset", "location-sdk",
		"location-centrak", "discovered-raw-rssi", "asset-raw-rssi", "sdkclient-scan-data",
		"wifi-conn-raw", "wifi-unconn-raw":
		return KindLocation
	}
	return KindOther
}

// idMemo remembers the last IDs that normalised to themselves, so the org
// and site that every event of a message repeats are checked once a
// message rather than once an event.
type idMemo struct {
	same [2]string
	next int
}

// normalize is NormalizeID(s).
func (m *idMemo) normalize(s string) string {
	if s == "" || s == m.same[0] || s == m.same[1] {
		return s
	}
	n := NormalizeID(s)
	if n == s {
		m.same[m.next] = s
		m.next ^= 1
	}
	return n
}

// fill copies the fields of w that are present onto e, normalised.
func fill(e *Event, w *wireEvent, ids *idMemo) {
	s := Sanitize
	str := stringOf
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&e.OrgID, ids.normalize(str(w.OrgID)))
	set(&e.SiteID, ids.normalize(str(w.SiteID)))
	set(&e.SiteName, s(str(w.SiteName)))
	if t := numOf(w.Time); t.Valid {
		e.Time = epoch(t.V)
	} else if t := numOf(w.LastSeen); t.Valid {
		e.Time = epoch(t.V)
	}

	set(&e.MAC, NormalizeMAC(firstOf(str(w.MAC), str(w.ClientID), str(w.Client))))
	set(&e.AP, NormalizeMAC(firstOf(str(w.AP), str(w.APID), str(w.ConnAP))))
	set(&e.APName, s(str(w.APName)))
	if next := NormalizeMAC(str(w.NextAP)); !IsNullMAC(next) {
		e.NextAP = next
	}
	set(&e.SSID, s(str(w.SSID)))
	if b := NormalizeBand(firstOf(str(w.Band), str(w.ConnBand))); b != BandNone {
		e.Band = b
	}
	if r := rssiOf(w.RSSI); r.Valid {
		e.RSSI, e.HasRSSI = r.V, true
	} else if r := rssiOf(w.ConnRSSI); r.Valid {
		e.RSSI, e.HasRSSI = r.V, true
	}
	if c := channelOf(w.Channel); c.Valid {
		e.Channel = c.Int()
	} else if c := channelOf(w.ConnChannel); c.Valid {
		e.Channel = c.Int()
	}
	set(&e.BSSID, NormalizeMAC(str(w.BSSID)))
	set(&e.Hostname, s(firstOf(str(w.Hostname), str(w.CHost), str(w.Username))))
	if r := boolOf(w.Random); r.Valid {
		e.RandomMAC = r.V
	}
	if x, y := numOf(w.X), numOf(w.Y); x.Valid && y.Valid {
		e.X, e.Y, e.HasXY = x.V, y.V, true
	}
	set(&e.MapID, NormalizeID(str(w.MapID)))

	e.Reason = numOf(w.Reason).Int()
	if d := durationOf(w.Duration); d.Valid {
		e.Duration = d.V
	}
	e.Roam = e.Kind == KindSession && (e.Reason == ReasonRoamed || e.NextAP != "")
	set(&e.Family, s(str(w.Family)))
	set(&e.Model, s(str(w.Model)))
	set(&e.OS, s(str(w.OS)))
	set(&e.Maker, s(str(w.Maker)))

	set(&e.ZoneID, NormalizeID(firstOf(str(w.ZoneID), str(w.RSSIZoneID), str(w.VBeaconID))))
	set(&e.ZoneName, s(str(w.ZoneName)))
	if e.Kind == KindZone && e.ZoneName == "" && e.Topic != "occupancy-alerts" && str(w.Type) != "sdk" {
		// zone events name the zone in "name" unless it names an SDK client.
		set(&e.ZoneName, s(str(w.Name)))
	}
	set(&e.Trigger, s(str(w.Trigger)))
	e.Occupancy = countOf(w.Occupancy).Int()
	e.Limit = countOf(w.Limit).Int()

	set(&e.Type, s(str(w.Type)))
	set(&e.Severity, strings.ToLower(s(firstOf(str(w.Severity), str(w.EvType)))))
	set(&e.Device, s(firstOf(str(w.DeviceName), str(w.MxEdgeName), str(w.APName))))
	e.Count = countOf(w.Count).Int()
	set(&e.Text, s(firstOf(str(w.Text), str(w.Message), str(w.Reason2), str(w.Name))))

	if e.Severity == "" && e.Kind == KindAlarm && e.Topic != "alarms" {
		// Device events name their state in the type; an alarm without a
		// severity stays without one rather than being called info.
		e.Severity = impliedSeverity(e.Type)
	}
	switch e.Topic {
	case "device-events", "device-updowns":
		// The device itself is the AP when the event is about an AP.
		if e.AP == "" && e.MAC != "" {
			e.AP = e.MAC
		}
	case "alarms":
		if aps := stringsOf(w.APs); e.AP == "" && len(aps) > 0 {
			e.AP = NormalizeMAC(aps[0])
		}
	case "minis-application", "minis-reachability", "nac-events":
		if e.Device == "" {
			e.Device = NormalizeMAC(str(w.DeviceMAC))
		}
	}
	if len(w.ScanData) > 0 {
		e.Scan = decodeScan(w.ScanData)
	}
	if len(w.Packets) > 0 && !e.HasRSSI {
		decodePackets(e, w.Packets)
	}
}

// decodeScan reads scan_data. Like encoding/json into a slice of structs, an
// element that is not an object (nor null) loses the whole list.
func decodeScan(raw []byte) []ScanEntry {
	if raw[0] == 'n' {
		return []ScanEntry{}
	}
	var buf [16]ScanEntry // most scans hear fewer APs: one exact allocation
	entries := buf[:0]
	objs := walkObjects(raw)
	for objs.next() {
		w := &objs.w
		entries = append(entries, ScanEntry{
			AP:      NormalizeMAC(stringOf(w.AP)),
			BSSID:   NormalizeMAC(stringOf(w.BSSID)),
			Band:    NormalizeBand(stringOf(w.Band)),
			Channel: channelOf(w.Channel).Int(),
			RSSI:    rssiOf(w.RSSI).V,
			SSID:    Sanitize(stringOf(w.SSID)),
		})
	}
	if objs.bad {
		return nil
	}
	out := make([]ScanEntry, len(entries))
	copy(out, entries)
	return out
}

// decodePackets takes the strongest packet of a raw-RSSI event as its
// reading; packets that are not an array of objects give none.
func decodePackets(e *Event, raw []byte) {
	best, band := rssiOf(nil), BandNone
	objs := walkObjects(raw)
	for objs.next() {
		rssi := rssiOf(objs.w.RSSI)
		if rssi.Valid && (!best.Valid || rssi.V > best.V) {
			best, band = rssi, NormalizeBand(stringOf(objs.w.Band))
		}
	}
	if best.Valid && !objs.bad && (!e.HasRSSI || best.V > e.RSSI) {
		e.RSSI, e.HasRSSI, e.Band = best.V, true, band
	}
}

// objectArray walks an array of objects, reading each element into w (a
// null element reads as an empty object). It stops with bad set at an
// element that is neither, or when the value is not an array. One w is
// reused: an element costs no allocation.
type objectArray struct {
	it  jsonscan.Iter
	w   wireEvent
	bad bool
}

func walkObjects(raw []byte) objectArray {
	it, err := jsonscan.Open(raw, 0, 0)
	return objectArray{it: it, bad: err != nil || raw[0] != '['}
}

func (a *objectArray) next() bool {
	if a.bad || !a.it.Next() {
		return false
	}
	a.w = wireEvent{}
	switch a.it.Bytes()[a.it.Pos()] {
	case '{':
		readObject(&a.it, &a.w)
	case 'n':
		a.it.Value()
	default:
		a.bad = true
		return false
	}
	return true
}

// epoch turns seconds since 1970 (possibly fractional, possibly in
// milliseconds) into a time.
func epoch(v float64) time.Time {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return time.Time{}
	}
	if v > 1e11 { // milliseconds
		v /= 1000
	}
	if v > 1e11 {
		return time.Time{}
	}
	// Mist sends microseconds at most; rounding there drops float noise
	// (…05.889621973 for …05.889622).
	sec, frac := math.Modf(v)
	return time.Unix(int64(sec), int64(math.Round(frac*1e6))*1e3).UTC()
}

// impliedSeverity grades an event that carries none (device-updowns never
// does) by its type, so an AP going down never looks like an info line.
func impliedSeverity(typ string) string {
	t := strings.ToUpper(typ)
	switch {
	case strings.Contains(t, "DISCONNECT"), strings.Contains(t, "DOWN"), strings.Contains(t, "OFFLINE"),
		strings.Contains(t, "FAIL"), strings.Contains(t, "LOST"):
		return "warn"
	case t != "":
		return "info"
	}
	return ""
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
