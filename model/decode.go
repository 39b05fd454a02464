package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
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

// wireMessage is the envelope Mist posts: {"topic": "...", "events": [...]}.
type wireMessage struct {
	Topic  json.RawMessage `json:"topic"`
	Events json.RawMessage `json:"events"`
}

// DecodeMessage decodes one webhook message into normalised events. It fails
// only when the envelope is unusable; individual events are decoded
// leniently and never fail the message. Events that carry no timestamp are
// stamped with received.
func DecodeMessage(body []byte, received time.Time) (topic string, events []Event, err error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return "", nil, ErrNotJSON
	}
	var msg wireMessage
	if err := json.Unmarshal(body, &msg); err != nil {
		return "", nil, fmt.Errorf("%w: %v", ErrNotJSON, err)
	}
	if len(msg.Topic) == 0 || string(msg.Topic) == "null" {
		return "", nil, ErrNoTopic
	}
	var name string
	if err := json.Unmarshal(msg.Topic, &name); err != nil {
		return "", nil, fmt.Errorf("%w (got %.40s)", ErrTopicNotText, msg.Topic)
	}
	topic = NormalizeTopic(name)
	if topic == "" {
		return "", nil, ErrNoTopic
	}
	raws := bytes.TrimSpace(msg.Events)
	if len(raws) == 0 || raws[0] != '[' {
		return topic, nil, ErrEventsNotArr
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raws, &items); err != nil {
		return topic, nil, ErrEventsNotArr
	}
	events = make([]Event, 0, len(items))
	for _, raw := range items {
		events = appendDecoded(events, topic, raw)
	}
	for i := range events {
		if events[i].Time.IsZero() {
			events[i].Time = received.UTC()
		}
	}
	return topic, events, nil
}

// wireEvent is the union of the fields mistwatch reads from any topic.
type wireEvent struct {
	OrgID    flexString `json:"org_id"`
	SiteID   flexString `json:"site_id"`
	SiteName flexString `json:"site_name"`
	Time     flexNum    `json:"timestamp"`
	LastSeen flexNum    `json:"last_seen"`

	MAC      flexString `json:"mac"`
	ClientID flexString `json:"client_id"`
	Client   flexString `json:"client"`
	AP       flexString `json:"ap"`
	APID     flexString `json:"ap_id"`
	APName   flexString `json:"ap_name"`
	NextAP   flexString `json:"next_ap"`
	SSID     flexString `json:"ssid"`
	Band     flexString `json:"band"`
	RSSI     flexNum    `json:"rssi"`
	Channel  flexNum    `json:"channel"`
	Hostname flexString `json:"hostname"`
	CHost    flexString `json:"client_hostname"` // undocumented, seen in real deliveries
	Random   flexBool   `json:"random_mac"`
	Username flexString `json:"username"`

	ConnAP      flexString `json:"connection_ap"`
	ConnBand    flexString `json:"connection_band"`
	ConnRSSI    flexNum    `json:"connection_rssi"`
	ConnChannel flexNum    `json:"connection_channel"`

	Reason   flexNum    `json:"termination_reason"`
	Duration flexNum    `json:"duration"`
	Family   flexString `json:"client_family"`
	Model    flexString `json:"client_model"`
	OS       flexString `json:"client_os"`
	Maker    flexString `json:"client_manufacture"`

	ZoneID      flexString      `json:"zone_id"`
	RSSIZoneID  flexString      `json:"rssizone_id"`
	VBeaconID   flexString      `json:"vbeacon_id"`
	ZoneName    flexString      `json:"zone_name"`
	Name        flexString      `json:"name"`
	Trigger     flexString      `json:"trigger"`
	Occupancy   flexNum         `json:"current_occupancy"`
	Limit       flexNum         `json:"occupancy_limit"`
	AlertEvents json.RawMessage `json:"alert_events"`

	Type       flexString  `json:"type"`
	Severity   flexString  `json:"severity"`
	EvType     flexString  `json:"ev_type"`
	DeviceName flexString  `json:"device_name"`
	MxEdgeName flexString  `json:"mxedge_name"`
	DeviceMAC  flexString  `json:"device_mac"`
	Count      flexNum     `json:"count"`
	Text       flexString  `json:"text"`
	Reason2    flexString  `json:"reason"`
	Message    flexString  `json:"message"`
	AdminName  flexString  `json:"admin_name"`
	APs        flexStrings `json:"aps"`
	Group      flexString  `json:"group"`

	X flexNum `json:"x"`
	Y flexNum `json:"y"`

	ScanData json.RawMessage `json:"scan_data"`
	Packets  json.RawMessage `json:"packets"`
}

type wireScan struct {
	AP      flexString `json:"ap"`
	BSSID   flexString `json:"bssid"`
	Band    flexString `json:"band"`
	Channel flexNum    `json:"channel"`
	RSSI    flexNum    `json:"rssi"`
	SSID    flexString `json:"ssid"`
}

type wirePacket struct {
	Band flexString `json:"band"`
	RSSI flexNum    `json:"rssi"`
}

// appendDecoded decodes one event (occupancy-alerts: one per alert) and
// appends it. An event that is not an object still becomes a generic event
// so that nothing received is dropped.
func appendDecoded(dst []Event, topic string, raw json.RawMessage) []Event {
	var w wireEvent
	if err := json.Unmarshal(raw, &w); err != nil {
		w = wireEvent{}
	}
	base := Event{Topic: topic, Kind: kindOf(topic), Raw: raw}
	fill(&base, &w)
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' ||
		(base.Kind == KindJoin || base.Kind == KindSession) && base.MAC == "" {
		// An event that is not an object, or a join or session that names
		// no client, is kept, but only in All: it is no row of those tabs.
		base.Kind = KindOther
	}
	if topic == "occupancy-alerts" && len(w.AlertEvents) > 0 {
		var alerts []json.RawMessage
		if json.Unmarshal(w.AlertEvents, &alerts) == nil && len(alerts) > 0 {
			for _, a := range alerts {
				var aw wireEvent
				_ = json.Unmarshal(a, &aw)
				e := base
				e.Raw = a
				fill(&e, &aw)
				inherit(&e, &base)
				dst = append(dst, e)
			}
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

// fill copies the fields of w that are present onto e, normalised.
func fill(e *Event, w *wireEvent) {
	s := Sanitize
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&e.OrgID, NormalizeID(string(w.OrgID)))
	set(&e.SiteID, NormalizeID(string(w.SiteID)))
	set(&e.SiteName, s(string(w.SiteName)))
	if w.Time.Valid {
		e.Time = epoch(w.Time.V)
	} else if w.LastSeen.Valid {
		e.Time = epoch(w.LastSeen.V)
	}

	set(&e.MAC, NormalizeMAC(firstOf(string(w.MAC), string(w.ClientID), string(w.Client))))
	set(&e.AP, NormalizeMAC(firstOf(string(w.AP), string(w.APID), string(w.ConnAP))))
	set(&e.APName, s(string(w.APName)))
	if next := NormalizeMAC(string(w.NextAP)); !IsNullMAC(next) {
		e.NextAP = next
	}
	set(&e.SSID, s(string(w.SSID)))
	if b := NormalizeBand(firstOf(string(w.Band), string(w.ConnBand))); b != BandNone {
		e.Band = b
	}
	if w.RSSI.Valid {
		e.RSSI, e.HasRSSI = w.RSSI.V, true
	} else if w.ConnRSSI.Valid {
		e.RSSI, e.HasRSSI = w.ConnRSSI.V, true
	}
	if w.Channel.Valid {
		e.Channel = w.Channel.Int()
	} else if w.ConnChannel.Valid {
		e.Channel = w.ConnChannel.Int()
	}
	set(&e.Hostname, s(firstOf(string(w.Hostname), string(w.CHost), string(w.Username))))
	if w.Random.Valid {
		e.RandomMAC = w.Random.V
	}
	if w.X.Valid && w.Y.Valid {
		e.X, e.Y, e.HasXY = w.X.V, w.Y.V, true
	}

	e.Reason = w.Reason.Int()
	if w.Duration.Valid {
		e.Duration = w.Duration.V
	}
	e.Roam = e.Kind == KindSession && (e.Reason == ReasonRoamed || e.NextAP != "")
	set(&e.Family, s(string(w.Family)))
	set(&e.Model, s(string(w.Model)))
	set(&e.OS, s(string(w.OS)))
	set(&e.Maker, s(string(w.Maker)))

	set(&e.ZoneID, NormalizeID(firstOf(string(w.ZoneID), string(w.RSSIZoneID), string(w.VBeaconID))))
	set(&e.ZoneName, s(string(w.ZoneName)))
	if e.Kind == KindZone && e.ZoneName == "" && e.Topic != "occupancy-alerts" && w.Type != "sdk" {
		// zone events name the zone in "name" unless it names an SDK client.
		set(&e.ZoneName, s(string(w.Name)))
	}
	set(&e.Trigger, s(string(w.Trigger)))
	e.Occupancy = w.Occupancy.Int()
	e.Limit = w.Limit.Int()

	set(&e.Type, s(string(w.Type)))
	set(&e.Severity, strings.ToLower(s(firstOf(string(w.Severity), string(w.EvType)))))
	set(&e.Device, s(firstOf(string(w.DeviceName), string(w.MxEdgeName), string(w.APName))))
	e.Count = w.Count.Int()
	set(&e.Text, s(firstOf(string(w.Text), string(w.Message), string(w.Reason2), string(w.Name))))

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
		if e.AP == "" && len(w.APs) > 0 {
			e.AP = NormalizeMAC(w.APs[0])
		}
	case "minis-application", "minis-reachability", "nac-events":
		if e.Device == "" {
			e.Device = NormalizeMAC(string(w.DeviceMAC))
		}
	}
	if len(w.ScanData) > 0 {
		e.Scan = decodeScan(w.ScanData)
	}
	if len(w.Packets) > 0 && !e.HasRSSI {
		decodePackets(e, w.Packets)
	}
}

func decodeScan(raw json.RawMessage) []ScanEntry {
	var ws []wireScan
	if json.Unmarshal(raw, &ws) != nil {
		return nil
	}
	out := make([]ScanEntry, 0, len(ws))
	for _, w := range ws {
		out = append(out, ScanEntry{
			AP:      NormalizeMAC(string(w.AP)),
			BSSID:   NormalizeMAC(string(w.BSSID)),
			Band:    NormalizeBand(string(w.Band)),
			Channel: w.Channel.Int(),
			RSSI:    w.RSSI.V,
			SSID:    Sanitize(string(w.SSID)),
		})
	}
	return out
}

// decodePackets takes the strongest packet of a raw-RSSI event as its reading.
func decodePackets(e *Event, raw json.RawMessage) {
	var ps []wirePacket
	if json.Unmarshal(raw, &ps) != nil {
		return
	}
	for _, p := range ps {
		if !p.RSSI.Valid {
			continue
		}
		if !e.HasRSSI || p.RSSI.V > e.RSSI {
			e.RSSI, e.HasRSSI = p.RSSI.V, true
			e.Band = NormalizeBand(string(p.Band))
		}
	}
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
