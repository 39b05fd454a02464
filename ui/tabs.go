package ui

import (
	"strconv"
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// tabID names the six tabs in key order (1–6).
type tabID int

const (
	tabAll tabID = iota
	tabJoins
	tabRoams
	tabRSSI
	tabZones
	tabAlarms
	tabCount
)

var tabNames = [tabCount]string{"All", "Joins", "Roams", "RSSI", "Zones", "Alarms"}

// eventTabSpec describes a tab whose rows are events.
type eventTabSpec struct {
	id      tabID
	kinds   []model.Kind // nil: every event
	columns func() []column
	cells   func(e *model.Event, n *model.Names) []string
	style   func(th *theme.Theme, e *model.Event, col int) theme.Paint
}

// Times show as 15:04:05 while everything stored is from one day; once
// events span days (a replay of old captures, a delayed delivery) every time
// carries its date, so rows from different days cannot be confused.
const (
	timeLayout     = "15:04:05"
	dayTimeLayout  = "01-02 15:04:05"
	yearTimeLayout = "2006-01-02 15:04:05"
)

func clock(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format(timeLayout)
}

// dayRange tracks the first and last local day of the events seen.
type dayRange struct{ first, last int }

// add widens the range to t's day and returns the layout times need now:
// time of day, date and time, or with the year once events span years.
func (r *dayRange) add(t time.Time) string {
	if !t.IsZero() {
		y, m, d := t.Local().Date()
		day := y*10000 + int(m)*100 + d
		if r.first == 0 || day < r.first {
			r.first = day
		}
		if day > r.last {
			r.last = day
		}
	}
	switch {
	case r.first/10000 != r.last/10000:
		return yearTimeLayout
	case r.first != r.last:
		return dayTimeLayout
	}
	return timeLayout
}

func rssiCell(e *model.Event) string {
	if !e.HasRSSI {
		return ""
	}
	return strconv.FormatFloat(e.RSSI, 'f', 0, 64)
}

func rssiPaint(th *theme.Theme, e *model.Event) theme.Paint {
	if !e.HasRSSI {
		return theme.Paint{}
	}
	return th.RSSIPaint(e.RSSI)
}

func site(e *model.Event, n *model.Names) string { return n.Site(e.SiteID, e.SiteName) }

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// device describes a client's hardware from client-sessions fields.
func device(e *model.Event) string {
	out := ""
	for _, p := range []string{e.Family, e.Model, e.OS} {
		if p == "" {
			continue
		}
		if out != "" {
			out += " "
		}
		out += p
	}
	return out
}

var eventTabs = []eventTabSpec{
	{
		id: tabAll,
		columns: func() []column {
			return []column{{title: "Time", min: 8}, {title: "Topic", min: 14, flex: 1, max: 20}, {title: "Site", min: 10, flex: 1, max: 22}, {title: "Summary", min: 20, flex: 5}}
		},
		cells: func(e *model.Event, n *model.Names) []string {
			return []string{clock(e.Time), e.Topic, site(e, n), model.Summarize(e, n)}
		},
		style: func(th *theme.Theme, e *model.Event, col int) theme.Paint {
			if col == 1 {
				return th.DimPaint
			}
			return theme.Paint{}
		},
	},
	{
		id:    tabJoins,
		kinds: []model.Kind{model.KindJoin},
		columns: func() []column {
			return []column{{title: "Time", min: 8}, {title: "Site", min: 8, flex: 1, max: 22}, {title: "SSID", min: 8, flex: 1, max: 24},
				{title: "Client", min: 17}, {title: "AP", min: 10, flex: 2, max: 28}, {title: "Band", min: 4}, {title: "RSSI", min: 4, right: true},
				{title: "Host / device", min: 14, flex: 2, max: 32, drop: 1}}
		},
		cells: func(e *model.Event, n *model.Names) []string {
			return []string{clock(e.Time), site(e, n), e.SSID, model.FormatMAC(e.MAC), n.AP(e.AP, e.APName), e.Band.String(), rssiCell(e),
				firstOf(e.Hostname, n.Client(e.MAC))}
		},
		style: func(th *theme.Theme, e *model.Event, col int) theme.Paint {
			if col == 6 {
				return rssiPaint(th, e)
			}
			return theme.Paint{}
		},
	},
	{
		id:    tabRoams,
		kinds: []model.Kind{model.KindSession},
		columns: func() []column {
			return []column{{title: "Time", min: 8}, {title: "Site", min: 10, flex: 1, max: 20, drop: 2}, {title: "Client", min: 17},
				{title: "AP → Next AP", min: 22, flex: 4, max: 44}, {title: "Reason", min: 8}, {title: "Dur", min: 6, right: true},
				{title: "RSSI", min: 4, right: true}, {title: "SSID", min: 9, flex: 1, max: 20, drop: 1}, {title: "Device", min: 10, flex: 2, drop: 3}}
		},
		cells: func(e *model.Event, n *model.Names) []string {
			path := n.AP(e.AP, e.APName)
			if e.NextAP != "" {
				path += " → " + n.AP(e.NextAP, "")
			} else if e.Roam {
				path += " → ?"
			}
			return []string{clock(e.Time), site(e, n), model.FormatMAC(e.MAC), path, shortReason(e),
				model.DurationText(e.Duration), rssiCell(e), e.SSID, device(e)}
		},
		style: func(th *theme.Theme, e *model.Event, col int) theme.Paint {
			switch {
			case col == 3 && e.Roam:
				return th.RoamPaint
			case col == 6:
				return rssiPaint(th, e)
			}
			return theme.Paint{}
		},
	},
	{
		id:    tabZones,
		kinds: []model.Kind{model.KindZone},
		columns: func() []column {
			return []column{{title: "Time", min: 8}, {title: "Site", min: 8, flex: 1, max: 22}, {title: "Zone", min: 10, flex: 2, max: 38},
				{title: "Event", min: 9}, {title: "Type", min: 8, flex: 1, max: 20}, {title: "Client", min: 17, flex: 1}}
		},
		cells: func(e *model.Event, n *model.Names) []string {
			what := e.Trigger
			if e.Topic == "occupancy-alerts" {
				what = strconv.Itoa(e.Occupancy) + "/" + strconv.Itoa(e.Limit)
			}
			kind := e.Type
			if e.Topic != "zone" && e.Topic != "occupancy-alerts" {
				kind = e.Topic + " " + kind
			}
			return []string{clock(e.Time), site(e, n), e.Zone(), what, kind, model.FormatMAC(e.MAC)}
		},
		style: func(th *theme.Theme, e *model.Event, col int) theme.Paint {
			if col == 3 && e.Topic == "occupancy-alerts" && e.Occupancy > e.Limit {
				return th.ErrPaint
			}
			return theme.Paint{}
		},
	},
	{
		id:    tabAlarms,
		kinds: []model.Kind{model.KindAlarm},
		columns: func() []column {
			return []column{{title: "Time", min: 8}, {title: "Severity", min: 8}, {title: "Type", min: 12, flex: 2, max: 26},
				{title: "Site", min: 8, flex: 1, max: 22}, {title: "Device", min: 10, flex: 1, max: 24}, {title: "Count", min: 5, right: true}, {title: "Text", min: 10, flex: 3}}
		},
		cells: func(e *model.Event, n *model.Names) []string {
			dev := e.Device
			if dev == "" && e.AP != "" {
				dev = n.AP(e.AP, e.APName)
			}
			count := ""
			if e.Count > 0 {
				count = strconv.Itoa(e.Count)
			}
			return []string{clock(e.Time), e.Severity, e.Type, site(e, n), dev, count, e.Text}
		},
		style: func(th *theme.Theme, e *model.Event, col int) theme.Paint {
			if col == 1 || col == 2 {
				return th.SeverityPaint(e.Severity)
			}
			return theme.Paint{}
		},
	},
}

// accepts reports whether an event belongs on the tab.
func (s *eventTabSpec) accepts(e *model.Event) bool {
	if s.kinds == nil {
		return true
	}
	for _, k := range s.kinds {
		if e.Kind == k {
			return true
		}
	}
	return false
}

// shortReason fits the reason column: "disassociated" is the one long name.
func shortReason(e *model.Event) string {
	if e.Reason == model.ReasonDisassociated {
		return "disassoc"
	}
	return e.ReasonText()
}
