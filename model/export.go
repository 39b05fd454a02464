package model

import (
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"
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

// The tabs' tables are defined with their columns, in package ui; this file
// holds what every table shares: the cell formats, the timeline table (a
// client's timeline is no tab) and the writer.

var timelineHeader = []string{"time", "kind", "topic", "ap_mac", "ap", "next_ap_mac", "next_ap", "rssi", "text", "channel", "bssid"}

// TimelineCSVHeader returns the column names of the timeline table.
func TimelineCSVHeader() []string { return slices.Clone(timelineHeader) }

// TimelineCSVRow returns one timeline entry as a row of the "timeline" table.
func TimelineCSVRow(e TimelineEntry, n *Names) []string {
	if n == nil {
		n = NewNames()
	}
	return []string{
		CSVTime(e.Time), e.Kind.String(), CSVText(e.Topic),
		CSVText(e.AP), CSVText(CSVAPName(e.AP, "", n)),
		CSVText(e.NextAP), CSVText(CSVAPName(e.NextAP, "", n)),
		CSVRSSI(e.HasRSSI, e.RSSI), CSVText(e.Text), CSVInt(e.Channel), CSVText(e.BSSID),
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
// outside [A-Za-z0-9._-] become "-", and the name is at most
// MaxExportName bytes: a table named by payload text (a client ID in a
// timeline's name) can be any length. A long table keeps its start and its
// end, which is where IDs differ.
func ExportFileName(table string, t time.Time) string {
	clean := []byte(table)
	for i, c := range clean {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			clean[i] = '-'
		}
	}
	if len(clean) == 0 {
		clean = []byte("all")
	}
	const prefix, suffix = "mistwatch-", "-20060102-150405.csv"
	if room := MaxExportName - len(prefix) - len(suffix) - 1; len(clean) > room {
		half := room / 2
		clean = append(append(clean[:room-half:room-half], '_'), clean[len(clean)-half:]...)
	}
	return prefix + string(clean) + "-" + t.Format("20060102-150405") + ".csv"
}

// MaxExportName bounds export file names, in bytes.
const MaxExportName = 100

// CSVText guards a text cell against formula injection: one that starts
// with = + - @ (or a tab or carriage return, which some spreadsheets skip
// before looking) gets a leading single quote, unless it is a plain decimal
// number. Only text cells go through here; numeric cells never do.
func CSVText(s string) string {
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

// CSVTime is RFC 3339 in UTC, with fractional seconds only when there are any.
func CSVTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// CSVRSSI writes a reading; "" when there is none.
func CSVRSSI(has bool, v float64) string {
	if !has || math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// CSVFloat writes a positive quantity (a duration); 0 means absent.
func CSVFloat(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// CSVInt writes a count or code; 0 means absent.
func CSVInt(v int) string {
	if v == 0 {
		return ""
	}
	return strconv.Itoa(v)
}

// CSVBand writes the normalised band in GHz ("2.4", "5", "6"); a spelling
// the decoder did not know is kept, guarded as text.
func CSVBand(b Band) string {
	switch b {
	case BandNone, Band24, Band5, Band6:
		return string(b)
	}
	return CSVText(string(b))
}

// CSVAPName is an AP's name only: the one given, else the one learned, else "".
func CSVAPName(mac, name string, n *Names) string {
	if name != "" || mac == "" {
		return name
	}
	return n.APName(mac)
}
