// Package model holds mistwatch's event types, the tolerant decoding of every
// Mist webhook topic, normalisation, the bounded store and the filter query.
// It knows nothing of HTTP or the terminal.
package model

import (
	"encoding/json"
	"strconv"
	"time"
)

// Kind groups topics by what the dashboard does with them.
type Kind uint8

const (
	KindOther    Kind = iota // shown in All only
	KindJoin                 // client-join
	KindSession              // client-sessions: disconnects and roams
	KindZone                 // zone, rssizone, vbeacon, occupancy-alerts
	KindAlarm                // alarms, device-events, device-updowns, mxedge-events
	KindLocation             // location and raw-RSSI topics: RSSI readings, no table of their own
	KindMarker               // a surveyor's note ("Room 214, door open"), not a webhook event
	kindCount
)

// Termination reasons of client-sessions.
const (
	ReasonDisassociated = 1
	ReasonInactive      = 2
	ReasonRoamed        = 3
)

// ReasonName names a client-sessions termination_reason.
func ReasonName(r int) string {
	switch r {
	case 0:
		return ""
	case ReasonDisassociated:
		return "disassociated"
	case ReasonInactive:
		return "inactive"
	case ReasonRoamed:
		return "roamed"
	}
	return strconv.Itoa(r)
}

// Event is one normalised webhook event. Every string field has been
// sanitised; MACs are 12 lower-case hex digits where they were MACs.
// Fields a topic does not carry are zero.
type Event struct {
	Seq   uint64 // assigned by the Store; unique and increasing
	Topic string
	Kind  Kind
	Time  time.Time

	OrgID    string
	SiteID   string
	SiteName string

	MAC       string // the client (or asset, or device for device events)
	AP        string // AP MAC the event happened on
	APName    string
	NextAP    string // client-sessions: the AP roamed to ("" when none)
	SSID      string
	Band      Band
	RSSI      float64
	HasRSSI   bool
	Channel   int
	BSSID     string // the radio the client is connected to, when the event says
	Hostname  string
	X, Y      float64 // location topics: position on the map, in metres
	HasXY     bool
	MapID     string // location and zone topics: the map X and Y are on
	RandomMAC bool   // the client uses a private (randomised) MAC

	// client-sessions
	Reason   int
	Roam     bool
	Duration float64 // seconds
	Family   string
	Model    string
	OS       string
	Maker    string

	// zones
	ZoneID    string
	ZoneName  string
	Trigger   string // enter / exit
	Occupancy int
	Limit     int

	// alarms and device events
	Type     string // type / alarm type / event type
	Severity string // severity or ev_type
	Device   string // device name (or MAC) the alarm is about
	Count    int
	Text     string

	Scan []ScanEntry // sdkclient-scan-data: what the client heard

	Raw json.RawMessage // the event exactly as received, for the detail view
}

// ScanEntry is one AP a client heard in sdkclient-scan-data.
type ScanEntry struct {
	AP      string
	BSSID   string
	Band    Band
	Channel int
	RSSI    float64
	SSID    string
}

// Zone returns the zone's name, or its ID when it has none.
func (e *Event) Zone() string {
	if e.ZoneName != "" {
		return e.ZoneName
	}
	return e.ZoneID
}

// ReasonText names the session's termination reason.
func (e *Event) ReasonText() string { return ReasonName(e.Reason) }
