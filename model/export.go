package model

import (
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CSV export (ctrl+s). Every table is plain data for a spreadsheet or a
// script: times in RFC 3339 UTC (with fractional seconds when there are any),
// RSSI and durations as bare numbers, MACs as 12 hex digits, and names in
// their own columns beside the IDs and MACs they name ("" when no name is
// known, so a name column never holds a MAC).
//
// Formula injection: a spreadsheet runs a cell that starts with = + - or @ as
// a formula, and every text cell here can hold payload text (an SSID, an
// alarm text, an AP name). Text cells that start with one of those are
// prefixed with a single quote. Numeric cells (RSSI, durations, counts) are
// never touched — -67 must stay the number -67 — and neither is a text cell
// that is a plain decimal number, which no spreadsheet treats as a formula.

// ExportTables names every table CSVHeader knows. The first five list
// events (EventCSVRow); "rssi" lists clients (ClientCSVRow) and "timeline" one
// client's timeline (TimelineCSVRow).
var ExportTables = []string{"all", "joins", "roams", "zones", "alarms", "rssi", "timeline"}

// csvColumn is one column of an event table: its header, and how a cell is
// made. Numeric cells are written as they are; text cells go through csvText.
type csvColumn struct {
	name    string
	numeric bool
	cell    func(e *Event, n *Names) string
}

func textCol(name string, f func(e *Event, n *Names) string) csvColumn {
	return csvColumn{name: name, cell: f}
}

func numCol(name string, f func(e *Event, n *Names) string) csvColumn {
	return csvColumn{name: name, numeric: true, cell: f}
}

// Columns shared by several tables.
var (
	colTime      = numCol("time", func(e *Event, _ *Names) string { return csvTime(e.Time) })
	colTopic     = textCol("topic", func(e *Event, _ *Names) string { return e.Topic })
	colSiteID    = textCol("site_id", func(e *Event, _ *Names) string { return e.SiteID })
	colSite      = textCol("site", func(e *Event, n *Names) string { return firstOf(e.SiteName, n.SiteName(e.SiteID)) })
	colClientMAC = textCol("client_mac", func(e *Event, _ *Names) string { return e.MAC })
	colAPMAC     = textCol("ap_mac", func(e *Event, _ *Names) string { return e.AP })
	colAP        = textCol("ap", func(e *Event, n *Names) string { return apName(e.AP, e.APName, n) })
	colSSID      = textCol("ssid", func(e *Event, _ *Names) string { return e.SSID })
	colBand      = numCol("band", func(e *Event, _ *Names) string { return csvBand(e.Band) })
	colChannel   = numCol("channel", func(e *Event, _ *Names) string { return csvInt(e.Channel) })
	colRSSI      = numCol("rssi", func(e *Event, _ *Names) string { return csvRSSI(e.HasRSSI, e.RSSI) })
	colType      = textCol("type", func(e *Event, _ *Names) string { return e.Type })
)

var eventTables = map[string][]csvColumn{
	"all": {colTime, colTopic, colSiteID, colSite, colClientMAC, colAPMAC, colAP, colSSID, colBand, colRSSI,
		textCol("summary", func(e *Event, n *Names) string { return Summarize(e, n) })},
	"joins": {colTime, colSiteID, colSite, colSSID, colClientMAC, colAPMAC, colAP, colBand, colChannel, colRSSI,
		textCol("hostname", func(e *Event, _ *Names) string { return e.Hostname }),
		textCol("host_or_device", func(e *Event, n *Names) string { return firstOf(e.Hostname, n.Client(e.MAC)) })},
	"roams": {colTime, colSiteID, colSite, colClientMAC, colAPMAC, colAP,
		textCol("next_ap_mac", func(e *Event, _ *Names) string { return e.NextAP }),
		textCol("next_ap", func(e *Event, n *Names) string { return apName(e.NextAP, "", n) }),
		textCol("reason", func(e *Event, _ *Names) string { return e.ReasonText() }),
		numCol("reason_code", func(e *Event, _ *Names) string { return csvInt(e.Reason) }),
		numCol("duration_s", func(e *Event, _ *Names) string { return csvFloat(e.Duration) }),
		colRSSI, colSSID, colBand,
		textCol("family", func(e *Event, _ *Names) string { return e.Family }),
		textCol("model", func(e *Event, _ *Names) string { return e.Model }),
		textCol("os", func(e *Event, _ *Names) string { return e.OS }),
		textCol("manufacturer", func(e *Event, _ *Names) string { return e.Maker }),
		numCol("roam", func(e *Event, _ *Names) string { return strconv.FormatBool(e.Roam) })},
	"zones": {colTime, colTopic, colSiteID, colSite,
		textCol("zone_id", func(e *Event, _ *Names) string { return e.ZoneID }),
		textCol("zone", func(e *Event, _ *Names) string { return e.ZoneName }),
		textCol("trigger", func(e *Event, _ *Names) string { return e.Trigger }),
		numCol("occupancy", func(e *Event, _ *Names) string { return occupancyCell(e, e.Occupancy) }),
		numCol("limit", func(e *Event, _ *Names) string { return occupancyCell(e, e.Limit) }),
		colType, colClientMAC},
	"alarms": {colTime, colTopic, colSiteID, colSite,
		textCol("severity", func(e *Event, _ *Names) string { return e.Severity }),
		colType,
		textCol("device", func(e *Event, _ *Names) string { return e.Device }),
		colAPMAC, colAP,
		numCol("count", func(e *Event, _ *Names) string { return csvInt(e.Count) }),
		textCol("text", func(e *Event, _ *Names) string { return e.Text })},
}

var (
	clientHeader   = []string{"client_mac", "rssi", "min", "avg", "max", "readings", "ap_mac", "ap", "band", "ssid", "site", "last_seen", "seconds_since_seen", "heard_ap_mac", "heard_ap", "heard_rssi"}
	timelineHeader = []string{"time", "kind", "topic", "ap_mac", "ap", "next_ap_mac", "next_ap", "rssi", "text"}
)

// eventColumns returns the columns of an event table; any other name gets
// the "all" columns.
func eventColumns(table string) []csvColumn {
	if cols, ok := eventTables[table]; ok {
		return cols
	}
	return eventTables["all"]
}

// CSVHeader returns the column names of a table: one of ExportTables. An
// unknown name gets the "all" header, matching EventCSVRow.
func CSVHeader(table string) []string {
	switch table {
	case "rssi":
		return slices.Clone(clientHeader)
	case "timeline":
		return slices.Clone(timelineHeader)
	}
	cols := eventColumns(table)
	h := make([]string, len(cols))
	for i, c := range cols {
		h[i] = c.name
	}
	return h
}

// EventCSVRow returns one event as a row of an event table ("all", "joins",
// "roams", "zones", "alarms"; any other name is written as "all"), in the
// order of CSVHeader(table). n resolves names (nil: none known).
func EventCSVRow(table string, e *Event, n *Names) []string {
	if n == nil {
		n = NewNames()
	}
	cols := eventColumns(table)
	row := make([]string, len(cols))
	for i, c := range cols {
		v := c.cell(e, n)
		if !c.numeric {
			v = csvText(v)
		}
		row[i] = v
	}
	return row
}

// ClientCSVRow returns one client as a row of the "rssi" table. now is the
// time seconds_since_seen counts to; that column is whole seconds, and
// negative when the client's last event is stamped after now.
func ClientCSVRow(c *Client, n *Names, now time.Time) []string {
	if n == nil {
		n = NewNames()
	}
	var rssi, lo, avg, hi, since string
	if c.Count > 0 {
		rssi = csvRSSI(true, c.Last.RSSI)
		lo = csvRSSI(true, c.Min)
		avg = strconv.FormatFloat(c.Avg(), 'f', 1, 64)
		hi = csvRSSI(true, c.Max)
	}
	if !c.LastSeen.IsZero() {
		since = strconv.FormatInt(int64(now.Sub(c.LastSeen)/time.Second), 10)
	}
	return []string{
		csvText(c.MAC), rssi, lo, avg, hi, strconv.Itoa(c.Count),
		csvText(c.AP), csvText(apName(c.AP, c.APName, n)), csvBand(c.Band), csvText(c.SSID),
		csvText(firstOf(c.SiteName, n.SiteName(c.SiteID), c.SiteID)),
		csvTime(c.LastSeen), since,
		csvText(c.HeardAP), csvText(apName(c.HeardAP, "", n)), csvRSSI(c.HeardAP != "", c.HeardRSSI),
	}
}

// TimelineCSVRow returns one timeline entry as a row of the "timeline" table.
func TimelineCSVRow(e TimelineEntry, n *Names) []string {
	if n == nil {
		n = NewNames()
	}
	return []string{
		csvTime(e.Time), e.Kind.String(), csvText(e.Topic),
		csvText(e.AP), csvText(apName(e.AP, "", n)),
		csvText(e.NextAP), csvText(apName(e.NextAP, "", n)),
		csvRSSI(e.HasRSSI, e.RSSI), csvText(e.Text),
	}
}

// WriteCSV writes the header (when not nil) and rows as RFC 4180 CSV.
// Cells are written as given: the row functions have already guarded them.
func WriteCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if header != nil {
		if err := cw.Write(header); err != nil {
			return err
		}
	}
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ExportFileName returns "mistwatch-<table>-<20060102-150405>.csv", the
// time as given (the caller's local time, normally). Characters of table
// that do not belong in a file name become "-".
func ExportFileName(table string, t time.Time) string {
	clean := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, table)
	if clean == "" {
		clean = "all"
	}
	return "mistwatch-" + clean + "-" + t.Format("20060102-150405") + ".csv"
}

// csvText guards a text cell against formula injection: one that starts
// with = + - @ (or a tab or carriage return, which some spreadsheets skip
// before looking) gets a leading single quote, unless it is a plain decimal
// number. Only text cells go through here; numeric cells never do.
func csvText(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if !isPlainNumber(s) {
			return "'" + s
		}
	}
	return s
}

// isPlainNumber reports whether s is an optionally signed decimal number
// such as -67 or +3.5: digits, at most one point, nothing else.
func isPlainNumber(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	digits, point := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}

// csvTime is RFC 3339 in UTC, with fractional seconds only when there are any.
func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func csvRSSI(has bool, v float64) string {
	if !has || math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// csvFloat writes a positive quantity (a duration); 0 means absent.
func csvFloat(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// csvInt writes a count or code; 0 means absent.
func csvInt(v int) string {
	if v == 0 {
		return ""
	}
	return strconv.Itoa(v)
}

// occupancyCell writes occupancy figures for occupancy-alerts only, where 0
// is a real value; other zone topics have none.
func occupancyCell(e *Event, v int) string {
	if e.Topic != "occupancy-alerts" {
		return ""
	}
	return strconv.Itoa(v)
}

// csvBand writes the normalised band in GHz ("2.4", "5", "6"); a spelling
// the decoder did not know is kept, guarded as text.
func csvBand(b Band) string {
	switch b {
	case BandNone, Band24, Band5, Band6:
		return string(b)
	}
	return csvText(string(b))
}

// apName is an AP's name only: the one given, else the one learned, else "".
func apName(mac, name string, n *Names) string {
	if name != "" || mac == "" {
		return name
	}
	return n.APName(mac)
}
