package ui

import (
	"fmt"
	"strconv"
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// rssiTab lists clients, one row per client MAC, with their latest reading,
// its spread and trend, and how long ago they were heard. A row ID is the
// client's ID, which never changes and is never reused.
type rssiTab struct {
	tabState
	cols    []col[model.Client]
	clients *model.Clients
	names   *model.Names
	th      *theme.Theme
	now     time.Time                 // what "seen" ages count to: see Model.advanceClock
	pinned  func(c model.Client) bool // pinned clients show in the strip, not again below

	in        idSet     // IDs of the clients the filter lets through
	inScratch []uint64  // a former in's bits, for dropEvicted to reuse
	added     []uint64  // refresh's list of clients that joined the rows, kept for its room
	seenID    int       // highest client ID matched so far
	evictions uint64    // client-table evictions already accounted for
	listedAt  [2]uint64 // the names' versions when every row was last listed (a name learned may move any row)

	// frozen holds copies of the clients when the dashboard was paused:
	// the live clients keep changing underneath.
	frozen      map[uint64]model.Client
	frozenOrder []uint64 // their IDs in first-seen order
}

// RSSI-tab columns, by position.
const (
	rcClient = iota
	rcRSSI
	rcMinAvgMax
	rcTrend
	rcAP
	rcBand
	rcChannel
	rcBSSID
	rcSSID
	rcHeard
	rcSeen
)

type (
	clientColumn = col[model.Client]
	clientCSV    = csvCol[model.Client]
)

// age is how long ago the client was last heard, by the tab's clock: the
// wall clock when live, the newest event replayed in a replay. A client
// stamped after that clock was heard just now, never in the future.
func (t *rssiTab) age(c model.Client) (time.Duration, bool) {
	if c.LastSeen().IsZero() || t.now.IsZero() {
		return 0, false
	}
	return max(t.now.Sub(c.LastSeen()), 0), true
}

// reading is a client's RSSI figure for CSV: "" before any reading.
func reading(c model.Client, v float64) string { return model.CSVRSSI(c.Count() > 0, v) }

func newRSSITab(store *model.Store, th *theme.Theme) *rssiTab {
	t := &rssiTab{clients: store.Clients, names: store.Names, th: th}
	t.cols = t.columns()
	t.tabState = tabState{table: newTable(layoutColumns(t.cols)), sort: sortState{col: -1}}
	return t
}

// columns are built per tab: "Seen" reads the tab's clock.
func (t *rssiTab) columns() []clientColumn {
	return []clientColumn{
		rcClient: {title: "Client", min: 17, least: 11, field: "mac", cut: cutMiddle,
			csv:  []clientCSV{csvText("client_mac", func(c model.Client, _ *model.Names) string { return c.MAC() })},
			text: func(c model.Client, n *model.Names) string { return n.Who(c.MAC()) },
			find: func(c model.Client, _ *model.Names) string { return c.MAC() },
			key:  func(c model.Client, _ *model.Names) sortKey { return textKey(c.MAC()) }},
		rcRSSI: {title: "RSSI", min: 6, right: true, field: "rssi",
			csv:   []clientCSV{csvNum("rssi", func(c model.Client, _ *model.Names) string { return reading(c, c.Last().RSSI) })},
			text:  func(c model.Client, _ *model.Names) string { return dbm(c.Last().RSSI) },
			key:   func(c model.Client, _ *model.Names) sortKey { return numKey(c.Last().RSSI) },
			paint: func(th *theme.Theme, c model.Client) theme.Paint { return th.RSSIPaint(c.Last().RSSI) },
			mark:  func(th *theme.Theme, c model.Client) string { return gradeMark(th, c.Last().RSSI) }},
		rcMinAvgMax: {title: "Min/Avg/Max", min: 11, sortBy: "Avg",
			text: func(c model.Client, _ *model.Names) string {
				return dbm(c.Min()) + "/" + dbm(c.Avg()) + "/" + dbm(c.Max())
			},
			key: func(c model.Client, _ *model.Names) sortKey { return numKey(c.Avg()) },
			csv: []clientCSV{
				csvNum("min", func(c model.Client, _ *model.Names) string { return reading(c, c.Min()) }),
				csvNum("avg", func(c model.Client, _ *model.Names) string {
					if c.Count() == 0 {
						return ""
					}
					return strconv.FormatFloat(c.Avg(), 'f', 1, 64)
				}),
				csvNum("max", func(c model.Client, _ *model.Names) string { return reading(c, c.Max()) }),
			}},
		rcTrend: {title: "Trend", min: sparkLen, nosort: true, drop: 2,
			csv:   []clientCSV{csvNum("readings", func(c model.Client, _ *model.Names) string { return strconv.Itoa(c.Count()) })},
			text:  func(c model.Client, _ *model.Names) string { return sparkline(c.Recent(), sparkLen) },
			key:   func(c model.Client, _ *model.Names) sortKey { return numKey(c.Avg()) },
			paint: func(th *theme.Theme, c model.Client) theme.Paint { return th.RSSIPaint(c.Avg()) }},
		rcAP: {title: "AP", min: 10, flex: 2, max: 28, field: "ap", cut: cutMiddle,
			csv: []clientCSV{
				csvText("ap_mac", func(c model.Client, _ *model.Names) string { return c.AP() }),
				csvText("ap", func(c model.Client, n *model.Names) string { return model.CSVAPName(c.AP(), c.APName(), n) }),
			},
			text: func(c model.Client, n *model.Names) string { return n.AP(c.AP(), c.APName()) },
			find: func(c model.Client, _ *model.Names) string { return c.AP() }},
		rcBand: {title: "Band", min: 4, drop: 1,
			csv:  []clientCSV{csvNum("band", func(c model.Client, _ *model.Names) string { return model.CSVBand(c.Band()) })},
			text: func(c model.Client, _ *model.Names) string { return c.Band().String() },
			key:  func(c model.Client, _ *model.Names) sortKey { return textKey(string(c.Band())) }},
		rcChannel: {title: "Ch", min: 3, right: true, drop: 5,
			text: func(c model.Client, _ *model.Names) string { return model.CSVInt(c.Channel()) },
			key:  func(c model.Client, _ *model.Names) sortKey { return numKey(float64(c.Channel())) }},
		rcBSSID: {title: "BSSID", min: 17, drop: 6, cut: cutMiddle,
			text: func(c model.Client, _ *model.Names) string { return model.FormatMAC(c.BSSID()) }},
		rcSSID: {title: "SSID", min: 8, flex: 1, max: 24, drop: 3, field: "ssid",
			text: func(c model.Client, _ *model.Names) string { return c.SSID() },
			csv: []clientCSV{
				csvText("ssid", func(c model.Client, _ *model.Names) string { return c.SSID() }),
				csvText("site", func(c model.Client, n *model.Names) string {
					return firstOf(c.SiteName(), n.SiteName(c.SiteID()), c.SiteID())
				}),
				// Exported before the best other AP, as the file always had them.
				csvNum("last_seen", func(c model.Client, _ *model.Names) string { return model.CSVTime(c.LastSeen()) }),
				csvNum("seconds_since_seen", func(c model.Client, _ *model.Names) string {
					if d, ok := t.age(c); ok {
						return strconv.FormatInt(int64(d/time.Second), 10)
					}
					return ""
				}),
			}},
		rcHeard: {title: "Best other AP", min: 14, flex: 1, max: 24, drop: 4, field: "ap",
			text: t.heard,
			key: func(c model.Client, _ *model.Names) sortKey {
				if c.HeardAP() == "" {
					return numKey(-1000)
				}
				return numKey(c.HeardRSSI())
			},
			find: func(c model.Client, _ *model.Names) string { return c.HeardAP() },
			csv: []clientCSV{
				csvText("heard_ap_mac", func(c model.Client, _ *model.Names) string { return c.HeardAP() }),
				csvText("heard_ap", func(c model.Client, n *model.Names) string { return model.CSVAPName(c.HeardAP(), "", n) }),
				csvNum("heard_rssi", func(c model.Client, _ *model.Names) string { return model.CSVRSSI(c.HeardAP() != "", c.HeardRSSI()) }),
				// Exported last, after the columns the file always had.
				csvNum("channel", func(c model.Client, _ *model.Names) string { return model.CSVInt(c.Channel()) }),
				csvText("bssid", func(c model.Client, _ *model.Names) string { return c.BSSID() }),
				csvText("client", func(c model.Client, n *model.Names) string { return n.Label(c.MAC()) }),
			},
			paint: func(th *theme.Theme, c model.Client) theme.Paint {
				if strongerElsewhere(c) {
					return th.RSSIPaint(c.HeardRSSI())
				}
				return theme.Paint{}
			}},
		rcSeen: {title: "Seen", min: 5, right: true,
			text: func(c model.Client, _ *model.Names) string {
				if d, ok := t.age(c); ok {
					return ago(d)
				}
				return ""
			},
			key: func(c model.Client, _ *model.Names) sortKey { return numKey(-float64(c.LastSeen().UnixNano())) }},
	}
}

// strongerElsewhere: a stronger AP in reach than the one the client is
// on is worth a look.
func strongerElsewhere(c model.Client) bool {
	return c.HeardAP() != "" && c.HeardRSSI() > c.Last().RSSI+6
}

// heard names the strongest other AP the client's scan heard, with its RSSI.
func (t *rssiTab) heard(c model.Client, n *model.Names) string {
	if c.HeardAP() == "" {
		return ""
	}
	mark := ""
	if strongerElsewhere(c) {
		mark = "▲" // what the highlight says, without colour
	}
	return mark + dbm(c.HeardRSSI()) + " " + n.AP(c.HeardAP(), "") // the number survives truncation
}

func (t *rssiTab) name() string    { return "RSSI" }
func (t *rssiTab) csvName() string { return "rssi" }
func (t *rssiTab) pinnable() bool  { return true }
func (t *rssiTab) total() int      { return t.clients.Len() }

func (t *rssiTab) client(id uint64) (model.Client, bool) {
	if t.frozen != nil {
		c, ok := t.frozen[id]
		return c, ok
	}
	return t.clients.ByID(int(id))
}

func (t *rssiTab) cells(id uint64) []string {
	c, ok := t.client(id)
	if !ok {
		return nil
	}
	return cellTexts(t.cols, c, t.names, t.th)
}

func (t *rssiTab) cellStyle(id uint64, i int) theme.Paint {
	c, ok := t.client(id)
	if !ok || t.cols[i].paint == nil {
		return theme.Paint{}
	}
	return t.cols[i].paint(t.th, c)
}

// sortKey reads the client's fields: a client's readings change, so keys
// are not cached, and a sort compares each row many times, so it must not
// render cells.
func (t *rssiTab) sortKey(id uint64, i int) sortKey {
	c, ok := t.client(id)
	if !ok {
		return sortKey{}
	}
	return keyOf(&t.cols[i], c, t.names)
}

// listKeys puts each row's key in rows (ascending IDs) in one walk of the
// clients, in the same ID order, rather than a search by ID per key.
func (t *rssiTab) listKeys(rows []keyedRow, col int) {
	if t.frozen != nil {
		for i := range rows {
			if c, ok := t.frozen[rows[i].id]; ok {
				rows[i].key = keyOf(&t.cols[col], c, t.names)
			}
		}
		return
	}
	j, n := 0, t.clients.Len()
	for i := range rows {
		for j < n && uint64(t.clients.At(j).ID()) < rows[i].id {
			j++
		}
		if j < n {
			if c := t.clients.At(j); uint64(c.ID()) == rows[i].id {
				rows[i].key = keyOf(&t.cols[col], c, t.names)
			}
		}
	}
}

func (t *rssiTab) rowMAC(id uint64) string {
	if c, ok := t.client(id); ok {
		return c.MAC()
	}
	return ""
}

func (t *rssiTab) match(q model.Query, id uint64) bool {
	c, ok := t.client(id)
	return ok && t.matchClient(q, c)
}

func (t *rssiTab) matchClient(q model.Query, c model.Client) bool {
	return q.MatchClientRow(c, t.names, func(field string) []string { return filterTexts(t.cols, c, t.names, field) })
}

// listed reports whether a client has a row below the pinned strip.
func (t *rssiTab) listed(q model.Query, c model.Client) bool {
	return t.matchClient(q, c) && (t.pinned == nil || !t.pinned(c))
}

func (t *rssiTab) csv(ids []uint64) ([]string, [][]string) {
	rows := make([][]string, 0, len(ids))
	for _, id := range ids {
		if c, ok := t.client(id); ok {
			rows = append(rows, csvRow(t.cols, c, t.names))
		}
	}
	return csvHeader(t.cols), rows
}

// freeze copies the clients as they are at the pause. Every client held is
// copied, not only the rows shown, so a filter changed while paused can
// still choose among them.
func (t *rssiTab) freeze() {
	t.frozen = make(map[uint64]model.Client, t.clients.Len())
	t.frozenOrder = t.frozenOrder[:0]
	for i := range t.clients.Len() {
		c := t.clients.At(i)
		t.frozen[uint64(c.ID())] = c.Clone()
		t.frozenOrder = append(t.frozenOrder, uint64(c.ID()))
	}
}

func (t *rssiTab) thaw() { t.frozen, t.frozenOrder = nil, nil }

// refilterFrozen applies a filter changed while paused to the clients held
// at the pause.
func (t *rssiTab) refilterFrozen(q model.Query) {
	var ids []uint64
	for _, id := range t.frozenOrder {
		if t.listed(q, t.frozen[id]) {
			ids = append(ids, id)
		}
	}
	t.setRows(t, ids)
}

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
	b := make([]rune, 0, len(rs))
	for _, r := range rs {
		f := (r.RSSI - sparkFloor) / (sparkCeil - sparkFloor)
		i := int(f*float64(len(sparkRunes)-1) + 0.5)
		b = append(b, sparkRunes[clamp(i, 0, len(sparkRunes)-1)])
	}
	return string(b)
}

func dbm(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

// ago renders an age compactly, with two units once past a minute so a
// column of ages reads the same way: 4s, 1m55s, 3m00s, 2h05m, 9d.
func ago(d time.Duration) string {
	s := int(d.Seconds())
	two := func(n int) string { return fmt.Sprintf("%02d", n) }
	switch {
	case s < 0:
		return "0s"
	case s < 60:
		return strconv.Itoa(s) + "s"
	case s < 3600:
		return strconv.Itoa(s/60) + "m" + two(s%60) + "s"
	case s < 48*3600:
		return strconv.Itoa(s/3600) + "h" + two(s/60%60) + "m"
	}
	return strconv.Itoa(s/86400) + "d"
}
