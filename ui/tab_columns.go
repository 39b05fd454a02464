package ui

import (
	"strconv"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// Columns several event tabs share. Each tab_*.go file lists its own
// columns, using these where they are the same.

type (
	eventCol = col[*model.Event]
	eventCSV = csvCol[*model.Event]
)

// CSV cells several tables share. Names sit in their own columns beside
// the IDs and MACs they name ("" when none is known).
var (
	csvTime      = csvNum("time", func(e *model.Event, _ *model.Names) string { return model.CSVTime(e.Time) })
	csvTopic     = csvText("topic", func(e *model.Event, _ *model.Names) string { return e.Topic })
	csvClientMAC = csvText("client_mac", func(e *model.Event, _ *model.Names) string { return e.MAC })
	csvSSID      = csvText("ssid", func(e *model.Event, _ *model.Names) string { return e.SSID })
	csvBand      = csvNum("band", func(e *model.Event, _ *model.Names) string { return model.CSVBand(e.Band) })
	csvRSSI      = csvNum("rssi", func(e *model.Event, _ *model.Names) string { return model.CSVRSSI(e.HasRSSI, e.RSSI) })
	csvType      = csvText("type", func(e *model.Event, _ *model.Names) string { return e.Type })
	csvChannel   = csvNum("channel", func(e *model.Event, _ *model.Names) string { return model.CSVInt(e.Channel) })
	csvBSSID     = csvText("bssid", func(e *model.Event, _ *model.Names) string { return e.BSSID })
	csvLabel     = csvText("client", func(e *model.Event, n *model.Names) string { return n.Label(e.MAC) })
	csvSite      = []eventCSV{
		csvText("site_id", func(e *model.Event, _ *model.Names) string { return e.SiteID }),
		csvText("site", func(e *model.Event, n *model.Names) string { return firstOf(e.SiteName, n.SiteName(e.SiteID)) }),
	}
	csvAP = []eventCSV{
		csvText("ap_mac", func(e *model.Event, _ *model.Names) string { return e.AP }),
		csvText("ap", func(e *model.Event, n *model.Names) string { return model.CSVAPName(e.AP, e.APName, n) }),
	}
)

func timeCol() eventCol {
	return eventCol{title: "Time", min: 8, csv: []eventCSV{csvTime}, by: cellSource{key: timeKey, chars: "0123456789:-", may: clockMayHold, sortNum: timeSortKey},
		text: func(e *model.Event, _ *model.Names) string { return clock(e.Time) },
		key:  func(e *model.Event, _ *model.Names) sortKey { return numKey(float64(e.Time.UnixNano())) },
	}
}

func siteCol(min, flex, max, drop int) eventCol {
	return eventCol{title: "Site", min: min, flex: flex, max: max, drop: drop, field: "site", csv: csvSite, cut: cutMiddle,
		by:   bySyms(model.FieldSiteID, model.FieldSiteName),
		text: site,
		find: func(e *model.Event, _ *model.Names) string { return e.SiteID },
	}
}

func macCol() eventCol {
	return eventCol{title: "Client", min: 17, least: 11, field: "mac", cut: cutMiddle, csv: []eventCSV{csvClientMAC},
		by: cellSource{fields: []model.Field{model.FieldMAC}, who: true},
		// A pinned client's label replaces its MAC; the filter still finds the MAC.
		text: func(e *model.Event, n *model.Names) string { return n.Who(e.MAC) },
		find: func(e *model.Event, _ *model.Names) string { return e.MAC },
		key:  func(e *model.Event, _ *model.Names) sortKey { return textKey(e.MAC) },
	}
}

func ssidCol(min, flex, max, drop int) eventCol {
	return eventCol{title: "SSID", min: min, flex: flex, max: max, drop: drop, field: "ssid", csv: []eventCSV{csvSSID},
		by:   cellSource{fields: []model.Field{model.FieldSSID}, stored: true},
		text: func(e *model.Event, _ *model.Names) string { return e.SSID },
	}
}

func rssiCol() eventCol {
	return eventCol{title: "RSSI", min: 5, right: true, field: "rssi", csv: []eventCSV{csvRSSI},
		by:   cellSource{key: rssiKey, chars: "-+0123456789nafi", inputs: []model.Column{model.ColRSSI}}, // FormatFloat: also NaN, ±Inf
		text: func(e *model.Event, _ *model.Names) string { return rssiCell(e) },
		key: func(e *model.Event, _ *model.Names) sortKey {
			if !e.HasRSSI {
				return numKey(-1000)
			}
			return numKey(e.RSSI)
		},
		paint: rssiPaint,
		mark: func(th *theme.Theme, e *model.Event) string {
			if !e.HasRSSI {
				return " "
			}
			return gradeMark(th, e.RSSI)
		},
	}
}

// gradeMark is a reading's grade as text, a space when good, so numbers
// stay aligned.
func gradeMark(th *theme.Theme, dbm float64) string {
	if m := th.RSSIMarker(dbm); m != "" {
		return m
	}
	return " "
}

func site(e *model.Event, n *model.Names) string { return n.Site(e.SiteID, e.SiteName) }

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

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
