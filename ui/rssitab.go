package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// Sparklines are scaled to a fixed dBm range so that rows compare.
const (
	sparkFloor = -90.0
	sparkCeil  = -40.0
	sparkLen   = 16
)

var sparkRunes = []rune("▁▂▃▄▅▆▇█")

// sparkline draws the most recent readings, one rune each.
func sparkline(rs []model.Reading, n int) string {
	if len(rs) > n {
		rs = rs[len(rs)-n:]
	}
	var b strings.Builder
	for _, r := range rs {
		f := (r.RSSI - sparkFloor) / (sparkCeil - sparkFloor)
		i := int(f*float64(len(sparkRunes)-1) + 0.5)
		b.WriteRune(sparkRunes[clamp(i, 0, len(sparkRunes)-1)])
	}
	return b.String()
}

// RSSI-tab columns, by position: cells, styles and sort keys all use these.
const (
	rcClient = iota
	rcRSSI
	rcMinAvgMax
	rcTrend
	rcAP
	rcBand
	rcSSID
	rcHeard
	rcSeen
)

func rssiColumns() []column {
	return []column{{title: "Client", min: 17}, {title: "RSSI", min: 5, right: true}, {title: "Min/Avg/Max", min: 11},
		{title: "Trend", min: sparkLen, nosort: true}, {title: "AP", min: 10, flex: 2, max: 28}, {title: "Band", min: 4}, {title: "SSID", min: 8, flex: 1, max: 24, drop: 1},
		{title: "Best other AP", min: 14, flex: 1, max: 24, drop: 2}, {title: "Seen", min: 5, right: true}}
}

// rssiSource renders RSSI-tab rows. A row ID is the client's ID, which
// never changes and is never reused.
type rssiSource struct {
	clients *model.Clients
	names   *model.Names
	theme   *theme.Theme
	now     time.Time // "seen" is relative to the newest event, so replays read right

	// frozen holds copies of the rows shown when the dashboard was paused:
	// the live clients keep changing underneath.
	frozen      map[uint64]*model.Client
	frozenOrder []uint64 // their IDs in first-seen order
}

func (s *rssiSource) client(id uint64) *model.Client {
	if s.frozen != nil {
		return s.frozen[id]
	}
	return s.clients.ByID(int(id))
}

// freeze copies the clients as they are at the pause.
// Every client held is copied, not only the rows shown, so a filter
// changed while paused can still choose among them.
func (s *rssiSource) freeze() {
	all := s.clients.All()
	s.frozen = make(map[uint64]*model.Client, len(all))
	s.frozenOrder = s.frozenOrder[:0]
	for _, c := range all {
		copied := *c
		s.frozen[uint64(c.ID)] = &copied
		s.frozenOrder = append(s.frozenOrder, uint64(c.ID))
	}
}

func dbm(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

func (s *rssiSource) cells(id uint64) []string {
	c := s.client(id)
	if c == nil {
		return nil
	}
	seen := ""
	if !c.LastSeen.IsZero() && !s.now.IsZero() {
		seen = ago(s.now.Sub(c.LastSeen))
	}
	cells := make([]string, rcSeen+1)
	cells[rcClient] = model.FormatMAC(c.MAC)
	cells[rcRSSI] = dbm(c.Last.RSSI)
	cells[rcMinAvgMax] = dbm(c.Min) + "/" + dbm(c.Avg()) + "/" + dbm(c.Max)
	cells[rcTrend] = sparkline(c.Recent(), sparkLen)
	cells[rcAP] = s.names.AP(c.AP, c.APName)
	cells[rcBand] = c.Band.String()
	cells[rcSSID] = c.SSID
	cells[rcHeard] = s.heard(c)
	cells[rcSeen] = seen
	return cells
}

// heard names the strongest other AP the client's scan heard, with its RSSI.
func (s *rssiSource) heard(c *model.Client) string {
	if c.HeardAP == "" {
		return ""
	}
	return dbm(c.HeardRSSI) + " " + s.names.AP(c.HeardAP, "") // the number survives truncation
}

func (s *rssiSource) cellStyle(id uint64, col int) theme.Paint {
	c := s.client(id)
	if c == nil {
		return theme.Paint{}
	}
	switch col {
	case rcRSSI:
		return s.theme.RSSIPaint(c.Last.RSSI)
	case rcTrend:
		return s.theme.RSSIPaint(c.Avg())
	case rcHeard:
		// A stronger AP in reach than the one it is on: worth a look.
		if c.HeardAP != "" && c.HeardRSSI > c.Last.RSSI+6 {
			return s.theme.RSSIPaint(c.HeardRSSI)
		}
	}
	return theme.Paint{}
}

// sortKey sorts readings numerically and "Seen" by recency. It reads the
// client's fields directly: a sort compares each row many times, so it must
// not render cells.
func (s *rssiSource) sortKey(id uint64, col int) sortKey {
	c := s.client(id)
	if c == nil {
		return sortKey{}
	}
	switch col {
	case rcRSSI:
		return numKey(c.Last.RSSI)
	case rcMinAvgMax, rcTrend:
		return numKey(c.Avg())
	case rcAP:
		return textKey(s.names.AP(c.AP, c.APName))
	case rcBand:
		return textKey(string(c.Band))
	case rcSSID:
		return textKey(c.SSID)
	case rcHeard:
		if c.HeardAP == "" {
			return numKey(-1000)
		}
		return numKey(c.HeardRSSI)
	case rcSeen:
		return numKey(-float64(c.LastSeen.UnixNano()))
	}
	return textKey(c.MAC)
}

// ago renders an age compactly: 4s, 12m, 3h, 9d.
func ago(d time.Duration) string {
	s := int(d.Seconds())
	switch {
	case s < 0:
		return "0s"
	case s < 120:
		return strconv.Itoa(s) + "s"
	case s < 7200:
		return strconv.Itoa(s/60) + "m"
	case s < 172800:
		return strconv.Itoa(s/3600) + "h"
	}
	return strconv.Itoa(s/86400) + "d"
}
