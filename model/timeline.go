package model

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// EntryKind says what a client-timeline entry is.
type EntryKind int

const (
	EntryJoin       EntryKind = iota + 1 // client-join
	EntryRoam                            // client-sessions that ended in a roam
	EntryDisconnect                      // other client-sessions
	EntryRSSI                            // a location or raw-RSSI reading of the client
	EntryZone                            // zone, rssizone, vbeacon
	EntryOther                           // anything else naming the client
	EntryLocation                        // a location topic placing the client on a map, without a reading
	EntryMarker                          // a surveyor's marker: in every client's timeline
	EntryChannel                         // the client's channel changed without a roam
)

// String names the kind as the timeline CSV writes it: "join", "roam",
// "disconnect", "rssi", "zone", "other".
func (k EntryKind) String() string {
	switch k {
	case EntryJoin:
		return "join"
	case EntryRoam:
		return "roam"
	case EntryDisconnect:
		return "disconnect"
	case EntryRSSI:
		return "rssi"
	case EntryZone:
		return "zone"
	case EntryOther:
		return "other"
	case EntryLocation:
		return "location"
	case EntryMarker:
		return "marker"
	case EntryChannel:
		return "channel"
	}
	return strconv.Itoa(int(k))
}

// TimelineEntry is one line of a client's timeline.
type TimelineEntry struct {
	Seq     uint64 // of the event; Store.Get finds it while it is held
	Time    time.Time
	Kind    EntryKind
	Topic   string
	AP      string // MAC of the AP the event happened on
	NextAP  string // MAC of the AP roamed to (roams only; "" when unknown)
	RSSI    float64
	HasRSSI bool // RSSI is a reading of this client (join, session, location topics)
	Channel int  // the channel the event says the client is on (0: not said)
	BSSID   string
	// Text is one readable line with names resolved, built only from decoded
	// (sanitised) fields, never from the raw payload.
	Text string
}

// BuildTimeline returns everything the store holds about one client MAC, in
// time order, ties broken by Seq. mac is normally already 12 hex digits; it is
// normalised again so that a typed MAC works too. An empty mac has no timeline.
func BuildTimeline(s *Store, mac string) []TimelineEntry {
	mac = NormalizeMAC(mac)
	if s == nil || mac == "" {
		return nil
	}
	var out []TimelineEntry
	s.Each(func(e *Event) bool {
		if e.MAC == mac || e.Kind == KindMarker {
			out = append(out, TimelineEntryOf(e, s.Names))
		}
		return true
	})
	return OrderTimeline(out, s.Names)
}

// OrderTimeline finishes one client's entries as the timeline shows them:
// in time order, ties broken by Seq, then through the same steps a
// TimelineStream takes (duplicates dropped, channel changes inserted).
// It sorts in; the result is a new slice.
func OrderTimeline(in []TimelineEntry, n *Names) []TimelineEntry {
	slices.SortFunc(in, compareEntries)
	out := make([]TimelineEntry, 0, len(in))
	tail := timelineTail{names: n, emit: func(e TimelineEntry) { out = append(out, e) }}
	for _, e := range in {
		tail.add(e)
	}
	return out
}

// compareEntries is the timeline's order: by time, ties broken by Seq.
func compareEntries(a, b TimelineEntry) int {
	if c := a.Time.Compare(b.Time); c != 0 {
		return c
	}
	return cmp.Compare(a.Seq, b.Seq)
}

// timelineTail is what follows the ordering of a client's entries, one
// entry at a time: the second copy of an event delivered twice is dropped
// (a topic subscribed at org and at site level arrives twice: one line),
// and a line is inserted where the client's channel changed on the same AP
// (the AP moved it: DFS, RRM), which no event reports as such. A roam or
// join explains its own change.
type timelineTail struct {
	names   *Names
	emit    func(TimelineEntry)
	prev    TimelineEntry // the entry before, to recognise a copy
	hasPrev bool
	lastCh  int
	lastAP  string
}

func (t *timelineTail) add(e TimelineEntry) {
	if t.hasPrev && sameDelivery(t.prev, e) {
		return
	}
	t.prev, t.hasPrev = e, true
	if e.Channel == 0 || e.Kind == EntryMarker {
		t.emit(e)
		return
	}
	sameAP := e.AP == "" || t.lastAP == "" || e.AP == t.lastAP
	if t.lastCh != 0 && e.Channel != t.lastCh && sameAP && e.Kind != EntryRoam && e.Kind != EntryJoin {
		ap := firstOf(e.AP, t.lastAP)
		t.emit(TimelineEntry{Seq: e.Seq, Time: e.Time, Kind: EntryChannel, Topic: e.Topic, AP: ap, Channel: e.Channel,
			Text: words("channel", strconv.Itoa(t.lastCh), "→", strconv.Itoa(e.Channel), "on", t.names.AP(ap, ""))})
	}
	t.emit(e)
	t.lastCh = e.Channel
	if e.Kind == EntryRoam && e.NextAP != "" {
		t.lastCh, t.lastAP = 0, e.NextAP // the next AP's channel is not known yet
	} else if e.AP != "" {
		t.lastAP = e.AP
	}
}

// sameDelivery is whether b is a second copy of a, next to it in order.
func sameDelivery(a, b TimelineEntry) bool {
	return a.Time.Equal(b.Time) && a.Kind == b.Kind && a.Topic == b.Topic && a.AP == b.AP &&
		a.NextAP == b.NextAP && a.RSSI == b.RSSI && a.Text == b.Text
}

// TimelineEntryOf classifies one event of a client (or a marker) and writes
// its line, as the timeline shows it; e.Seq orders entries of the same time.
func TimelineEntryOf(e *Event, n *Names) TimelineEntry {
	t := TimelineEntry{Seq: e.Seq, Time: e.Time, Topic: e.Topic, AP: e.AP, NextAP: e.NextAP, Channel: e.Channel, BSSID: e.BSSID}
	usable := !math.IsNaN(e.RSSI) && !math.IsInf(e.RSSI, 0)
	reading := carriesClientRSSI(e) && usable
	if reading {
		t.RSSI, t.HasRSSI = e.RSSI, true
	}
	switch {
	case e.Kind == KindMarker:
		t.Kind, t.Channel, t.Text = EntryMarker, 0, "▼ "+e.Text
	case e.Kind == KindJoin:
		t.Kind = EntryJoin
		t.Text = words("joined", quoted(e.SSID), "on", n.AP(e.AP, e.APName), e.Band.String(), chText(e.Channel), dBm(t))
	case e.Kind == KindSession && e.Roam:
		t.Kind = EntryRoam
		next := "?"
		if e.NextAP != "" {
			next = n.AP(e.NextAP, "")
		}
		t.Text = commas(words(n.AP(e.AP, e.APName), "→", next), firstOf(e.ReasonText(), "roamed"), DurationText(e.Duration), dBm(t))
	case e.Kind == KindSession:
		t.Kind = EntryDisconnect
		t.Text = commas(words("left", n.AP(e.AP, e.APName)), firstOf(e.ReasonText(), "ended"), DurationText(e.Duration), dBm(t))
	case e.Kind == KindLocation && reading:
		t.Kind = EntryRSSI
		on := ""
		if e.AP != "" {
			on = "on " + n.AP(e.AP, e.APName)
		}
		t.Text = words(dBm(t), on, chText(e.Channel), "("+e.Topic+")") + heardText(e, n)
	case e.Kind == KindLocation:
		t.Kind = EntryLocation
		at := "located"
		if e.HasXY {
			at = "at (" + strconv.FormatFloat(e.X, 'f', 1, 64) + ", " + strconv.FormatFloat(e.Y, 'f', 1, 64) + ")"
		}
		t.Text = words(at, "("+e.Topic+")")
	case e.Topic == "zone" || e.Topic == "rssizone" || e.Topic == "vbeacon":
		t.Kind = EntryZone
		t.Text = words(firstOf(e.Trigger, "in"), e.Topic, n.Zone(e.ZoneID, e.ZoneName))
	default:
		t.Kind = EntryOther
		// Summarize without Raw: when it finds nothing decoded to say it
		// falls back to the payload itself, and Text holds decoded fields only.
		bare := *e
		bare.Raw = nil
		bare.HasRSSI = bare.HasRSSI && usable
		t.Text = firstOf(Summarize(&bare, n), e.Topic)
	}
	return t
}

// heardText lists the other APs a scan heard, strongest first, so a
// surveyor sees when a better AP was in reach: " · heard A-1F-Cafe -61, …".
func heardText(e *Event, n *Names) string {
	var others []ScanEntry
	for _, sc := range e.Scan {
		if sc.AP != e.AP {
			others = append(others, sc)
		}
	}
	if len(others) == 0 {
		return ""
	}
	slices.SortStableFunc(others, func(a, b ScanEntry) int { return cmp.Compare(b.RSSI, a.RSSI) })
	parts := make([]string, 0, 3)
	for i, sc := range others {
		if i == 3 {
			break
		}
		parts = append(parts, n.AP(sc.AP, "")+" "+strconv.FormatFloat(sc.RSSI, 'f', 0, 64))
	}
	return " · heard " + strings.Join(parts, ", ")
}

// chText is "ch 36", or "" when the channel is not known.
func chText(ch int) string {
	if ch <= 0 {
		return ""
	}
	return "ch " + strconv.Itoa(ch)
}

// dBm renders an entry's reading as "-63 dBm", or "" when it has none.
func dBm(t TimelineEntry) string {
	if !t.HasRSSI {
		return ""
	}
	return strconv.FormatFloat(t.RSSI, 'f', 0, 64) + " dBm"
}

// words joins the non-empty parts with spaces.
func words(parts ...string) string { return joinNonEmpty(" ", parts) }

// commas joins the non-empty parts with ", ".
func commas(parts ...string) string { return joinNonEmpty(", ", parts) }

func joinNonEmpty(sep string, parts []string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(p)
	}
	return b.String()
}
