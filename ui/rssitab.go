package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

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

func rssiColumns() []column {
	return []column{{title: "Client", min: 17}, {title: "RSSI", min: 5, right: true}, {title: "Min/Avg/Max", min: 11},
		{title: "Trend", min: sparkLen}, {title: "AP", min: 10, flex: 2, max: 28}, {title: "Band", min: 4}, {title: "SSID", min: 8, flex: 1, max: 24, drop: 1},
		{title: "Best other AP", min: 14, flex: 1, max: 24, drop: 2}, {title: "Seen", min: 5, right: true}}
}

// rssiSource renders RSSI-tab rows. A row ID is the client's 1-based index
// in the store's first-seen order, which never changes.
type rssiSource struct {
	clients *model.Clients
	names   *model.Names
	theme   *theme.Theme
	now     time.Time // "seen" is relative to the newest event, so replays read right
}

func (s *rssiSource) client(id uint64) *model.Client {
	all := s.clients.All()
	if id == 0 || int(id) > len(all) {
		return nil
	}
	return all[id-1]
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
	return []string{model.FormatMAC(c.MAC), dbm(c.Last.RSSI), dbm(c.Min) + "/" + dbm(c.Avg()) + "/" + dbm(c.Max),
		sparkline(c.Recent(), sparkLen), s.names.AP(c.AP, c.APName), c.Band.String(), c.SSID, s.heard(c), seen}
}

// heard names the strongest other AP the client's scan heard, with its RSSI.
func (s *rssiSource) heard(c *model.Client) string {
	if c.HeardAP == "" {
		return ""
	}
	return s.names.AP(c.HeardAP, "") + " " + dbm(c.HeardRSSI)
}

func (s *rssiSource) cellStyle(id uint64, col int) (lipgloss.Style, bool) {
	c := s.client(id)
	if c == nil {
		return lipgloss.Style{}, false
	}
	switch col {
	case 1:
		return s.theme.RSSI(c.Last.RSSI), true
	case 3:
		return s.theme.RSSI(c.Avg()), true
	case 8:
		// A stronger AP in reach than the one it is on: worth a look.
		if c.HeardAP != "" && c.HeardRSSI > c.Last.RSSI+6 {
			return s.theme.RSSI(c.HeardRSSI), true
		}
	}
	return lipgloss.Style{}, false
}

// sortKey sorts readings numerically and "Seen" by recency.
func (s *rssiSource) sortKey(id uint64, col int) sortKey {
	c := s.client(id)
	if c == nil {
		return sortKey{}
	}
	switch col {
	case 1:
		return numKey(c.Last.RSSI)
	case 2, 3:
		return numKey(c.Avg())
	case 8:
		return numKey(c.HeardRSSI)
	case 9:
		return numKey(-float64(c.LastSeen.UnixNano()))
	}
	return textKey(cellAt(s.cells(id), col))
}

// ago renders an age compactly: 4s, 12m, 3h.
func ago(d time.Duration) string {
	s := int(d.Seconds())
	switch {
	case s < 0:
		return "0s"
	case s < 120:
		return strconv.Itoa(s) + "s"
	case s < 7200:
		return strconv.Itoa(s/60) + "m"
	}
	return strconv.Itoa(s/3600) + "h"
}
