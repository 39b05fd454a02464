package model

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Summarize describes an event in one line, for the All tab and --plain.
// Names learned so far replace bare MACs.
func Summarize(e *Event, n *Names) string {
	var b strings.Builder
	w := func(parts ...string) {
		for _, p := range parts {
			if p == "" {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(p)
		}
	}
	if e.Kind == KindMarker {
		return "▼ " + e.Text
	}
	client := n.Who(e.MAC)
	switch summaryShape(e.Topic) { // one list of topics for the summary and its matcher
	case sumJoin:
		w(client, "joined", quoted(e.SSID), "on", n.AP(e.AP, e.APName), e.Band.String(), rssiText(e))
		if e.RandomMAC {
			w("(random MAC)")
		}
	case sumSession:
		if e.Roam {
			next := "?"
			if e.NextAP != "" {
				next = n.AP(e.NextAP, "")
			}
			w(client, "roamed", n.AP(e.AP, e.APName), "→", next)
		} else {
			w(client, "left", n.AP(e.AP, e.APName), "("+firstOf(e.ReasonText(), "ended")+")")
		}
		w(DurationText(e.Duration), rssiText(e), quoted(e.SSID))
	case sumZone:
		w(firstOf(client, e.Text), firstOf(e.Trigger, "in"), e.Topic, n.Zone(e.ZoneID, e.ZoneName))
	case sumOccupancy:
		w(n.Zone(e.ZoneID, e.ZoneName), "occupancy", strconv.Itoa(e.Occupancy)+"/"+strconv.Itoa(e.Limit), e.Type)
	case sumAlarm:
		w(e.Severity, e.Type, firstOf(e.Device, n.AP(e.AP, e.APName)))
		if e.Count > 1 {
			w("×" + strconv.Itoa(e.Count))
		}
		w(e.Text)
	case sumScan:
		aps := "APs"
		if len(e.Scan) == 1 {
			aps = "AP"
		}
		w(client, "on", n.AP(e.AP, ""), e.Band.String(), rssiText(e), "heard", strconv.Itoa(len(e.Scan)), aps)
	case sumLocation:
		w(firstOf(client, e.Text))
		if e.HasXY {
			w("at (" + strconv.FormatFloat(e.X, 'f', 1, 64) + ", " + strconv.FormatFloat(e.Y, 'f', 1, 64) + ")")
		}
		w(e.Type, rssiText(e))
	case sumAudit:
		w(e.Text)
	case sumPing:
		w("ping:", e.Text)
	default:
		w(client, n.AP(e.AP, e.APName), quoted(e.SSID), e.Type, rssiText(e), e.Hostname, e.Text, n.Zone(e.ZoneID, e.ZoneName))
	}
	if b.Len() == 0 {
		// A topic with nothing we read: show the payload itself, compacted.
		return compactRaw(e.Raw, 160)
	}
	return b.String()
}

func quoted(s string) string {
	if s == "" {
		return ""
	}
	return `"` + s + `"`
}

func rssiText(e *Event) string {
	if !e.HasRSSI {
		return ""
	}
	return strconv.FormatFloat(e.RSSI, 'f', 0, 64) + "dBm"
}

// DurationText renders a session length compactly: 47s, 12m03s, 4h37m.
func DurationText(sec float64) string {
	if sec <= 0 {
		return ""
	}
	s := int(sec + 0.5)
	switch {
	case s < 60:
		return strconv.Itoa(s) + "s"
	case s < 3600:
		return strconv.Itoa(s/60) + "m" + pad2(s%60) + "s"
	}
	return strconv.Itoa(s/3600) + "h" + pad2(s%3600/60) + "m"
}

func pad2(v int) string {
	if v < 10 {
		return "0" + strconv.Itoa(v)
	}
	return strconv.Itoa(v)
}

// compactRaw renders raw JSON on one sanitised line of at most max bytes.
func compactRaw(raw []byte, max int) string {
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		buf.Reset()
		buf.Write(raw)
	}
	s := Sanitize(buf.String())
	if len(s) > max {
		// Cut on a rune boundary (fix found by model tests: cutting inside a
		// multi-byte rune produced invalid UTF-8).
		for max > 0 && !utf8.RuneStart(s[max]) {
			max--
		}
		s = s[:max] + "…"
	}
	return s
}
