package model

import (
	"slices"
	"strconv"
	"time"
)

// AlertKind is what happened to a watched (pinned) client.
type AlertKind uint8

const (
	AlertRoam       AlertKind = iota + 1 // moved to another AP
	AlertDisconnect                      // a session ended without a roam
	AlertPoor                            // a reading fell below the poor threshold
	AlertQuiet                           // no reading for longer than QuietAfter
)

func (k AlertKind) String() string {
	switch k {
	case AlertRoam:
		return "roam"
	case AlertDisconnect:
		return "disconnect"
	case AlertPoor:
		return "poor"
	case AlertQuiet:
		return "quiet"
	}
	return strconv.Itoa(int(k))
}

// Alert is one alert about a watched client.
type Alert struct {
	Kind   AlertKind
	MAC    string
	Time   time.Time     // of the event, or the clock when it went quiet
	RSSI   float64       // poor: the reading
	AP     string        // roam: from; disconnect, poor: where
	NextAP string        // roam: to ("" when unknown)
	Reason string        // disconnect: "inactive", "disassociated", …
	Silent time.Duration // quiet: time since the last reading
}

// Text describes the alert in one line, with the client's label and AP
// names when known: "Bob-iPhone roamed A-1F-East → A-1F-West".
func (a Alert) Text(n *Names) string {
	who := n.Who(a.MAC)
	switch a.Kind {
	case AlertRoam:
		next := "?"
		if a.NextAP != "" {
			next = n.AP(a.NextAP, "")
		}
		return words(who, "roamed", n.AP(a.AP, ""), "→", next)
	case AlertDisconnect:
		return words(who, "disconnected from", n.AP(a.AP, ""), "("+firstOf(a.Reason, "ended")+")")
	case AlertPoor:
		on := ""
		if a.AP != "" {
			on = "on " + n.AP(a.AP, "")
		}
		return words(who, "poor signal", strconv.FormatFloat(a.RSSI, 'f', 0, 64), "dBm", on)
	case AlertQuiet:
		return words(who, "quiet", DurationText(a.Silent.Round(time.Second).Seconds()))
	}
	return who
}

// PoorRecovery is how far above the poor threshold a reading must be to end
// a poor episode, so a client hovering at the threshold alerts once.
const PoorRecovery = 3.0

// Alerts watches clients and reports each alert once per episode: a poor
// episode ends when a reading is PoorRecovery dB above the threshold or the
// client roams; a quiet episode ends at the next reading. Roams and
// disconnects are single events. Like the store it is used from one
// goroutine.
type Alerts struct {
	Poor       float64       // dBm: below is poor
	QuietAfter time.Duration // silence longer than this is quiet

	order   []string // watched MACs, in watch order, so alerts come out in a stable order
	watched map[string]*alertState
}

type alertState struct {
	lastReading time.Time
	poor, quiet bool
}

// NewAlerts watches nothing yet.
func NewAlerts(poor float64, quietAfter time.Duration) *Alerts {
	return &Alerts{Poor: poor, QuietAfter: quietAfter, watched: map[string]*alertState{}}
}

// Watch starts watching a client MAC (12 hex digits); watching it again
// changes nothing.
func (a *Alerts) Watch(mac string) {
	if _, ok := a.watched[mac]; ok || mac == "" {
		return
	}
	a.watched[mac] = &alertState{}
	a.order = append(a.order, mac)
}

// Unwatch stops watching a client and forgets its episodes.
func (a *Alerts) Unwatch(mac string) {
	delete(a.watched, mac)
	a.order = slices.DeleteFunc(a.order, func(m string) bool { return m == mac })
}

// Watching reports whether a MAC is watched.
func (a *Alerts) Watching(mac string) bool { _, ok := a.watched[mac]; return ok }

// Observe appends to dst the alerts an event raises.
func (a *Alerts) Observe(dst []Alert, e *Event) []Alert {
	st := a.watched[e.MAC]
	if st == nil || e.Kind == KindMarker {
		return dst
	}
	if carriesClientRSSI(e) {
		st.quiet = false
		if e.Time.After(st.lastReading) {
			st.lastReading = e.Time
		}
	}
	switch {
	case e.Kind == KindSession && e.Roam:
		st.poor = false // a roam ends the poor episode: the new AP gets a fresh one
		return append(dst, Alert{Kind: AlertRoam, MAC: e.MAC, Time: e.Time, AP: e.AP, NextAP: e.NextAP})
	case e.Kind == KindSession:
		return append(dst, Alert{Kind: AlertDisconnect, MAC: e.MAC, Time: e.Time, AP: e.AP, Reason: e.ReasonText()})
	case !carriesClientRSSI(e):
		return dst
	case !st.poor && e.RSSI < a.Poor:
		st.poor = true
		return append(dst, Alert{Kind: AlertPoor, MAC: e.MAC, Time: e.Time, RSSI: e.RSSI, AP: e.AP})
	case st.poor && e.RSSI >= a.Poor+PoorRecovery:
		st.poor = false
	}
	return dst
}

// Tick appends to dst a quiet alert for each watched client whose last
// reading is more than QuietAfter before now. now is the wall clock when
// live and the replay clock (the newest event time) in a replay. A client
// never heard from is not quiet: there is nothing to miss yet.
func (a *Alerts) Tick(dst []Alert, now time.Time) []Alert {
	for _, mac := range a.order {
		st := a.watched[mac]
		if st.quiet || st.lastReading.IsZero() {
			continue
		}
		if silent := now.Sub(st.lastReading); silent > a.QuietAfter {
			st.quiet = true
			dst = append(dst, Alert{Kind: AlertQuiet, MAC: mac, Time: now, Silent: silent})
		}
	}
	return dst
}
