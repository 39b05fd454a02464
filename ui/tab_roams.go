package ui

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// roamsTab lists client sessions: roams from AP to AP and disconnects.
var roamsTab = eventSpec{title: "Roams", table: "roams", kinds: []model.Kind{model.KindSession}, pinnable: true, cols: []eventCol{
	timeCol(),
	siteCol(10, 1, 20, 2),
	macCol(),
	{title: "AP → Next AP", min: 22, flex: 4, max: 44, field: "ap", cut: cutMiddle,
		by: cellSource{key: func(r model.Rec) cellKey {
			return cellKey{uint64(r.Sym(model.FieldAP)), uint64(r.Sym(model.FieldAPName)), uint64(r.Sym(model.FieldNextAP)), b2u(r.Roam())}
		}, inputs: []model.Column{model.FieldCol(model.FieldAP), model.FieldCol(model.FieldAPName), model.FieldCol(model.FieldNextAP), model.ColFlags}},
		csv: append(slices.Clip(csvAP),
			csvText("next_ap_mac", func(e *model.Event, _ *model.Names) string { return e.NextAP }),
			csvText("next_ap", func(e *model.Event, n *model.Names) string { return model.CSVAPName(e.NextAP, "", n) })),
		text: func(e *model.Event, n *model.Names) string {
			path := n.AP(e.AP, e.APName)
			if e.NextAP != "" {
				path += " → " + n.AP(e.NextAP, "")
			} else if e.Roam {
				path += " → ?"
			}
			return path
		},
		key:  func(e *model.Event, n *model.Names) sortKey { return textKey(n.AP(e.AP, e.APName)) },
		find: func(e *model.Event, _ *model.Names) string { return e.AP + " " + e.NextAP },
		paint: func(th *theme.Theme, e *model.Event) theme.Paint {
			if e.Roam {
				return th.RoamPaint
			}
			return theme.Paint{}
		}},
	{title: "Reason", min: 8, dropNarrow: 2, field: "type", by: cellSource{key: func(r model.Rec) cellKey {
		_, reason, _, _, _ := r.Ints()
		return cellKey{uint64(reason)}
	}, inputs: []model.Column{model.ColReason}},
		csv: []eventCSV{
			csvText("reason", func(e *model.Event, _ *model.Names) string { return e.ReasonText() }),
			csvNum("reason_code", func(e *model.Event, _ *model.Names) string { return model.CSVInt(e.Reason) }),
		},
		text: func(e *model.Event, _ *model.Names) string { return shortReason(e) },
		key:  func(e *model.Event, _ *model.Names) sortKey { return numKey(float64(e.Reason)) },
		find: func(e *model.Event, _ *model.Names) string { return e.ReasonText() }},
	{title: "Dur", min: 6, right: true, drop: 1, by: cellSource{key: func(r model.Rec) cellKey {
		return cellKey{math.Float64bits(r.Duration())}
	}, chars: "0123456789hms", inputs: []model.Column{model.ColDuration}},
		csv:  []eventCSV{csvNum("duration_s", func(e *model.Event, _ *model.Names) string { return model.CSVFloat(e.Duration) })},
		text: func(e *model.Event, _ *model.Names) string { return model.DurationText(e.Duration) },
		key:  func(e *model.Event, _ *model.Names) sortKey { return numKey(e.Duration) }},
	func() eventCol {
		c := rssiCol()
		c.dropNarrow = 1 // after Reason: at 40 columns Time, Client and the path stay readable
		return c
	}(),
	ssidCol(9, 1, 20, 3),
	{csv: []eventCSV{csvBand}}, // exported only
	{title: "Device", min: 10, flex: 2, drop: 4, by: bySyms(model.FieldFamily, model.FieldModel, model.FieldOS),
		text: func(e *model.Event, _ *model.Names) string { return device(e) },
		csv: []eventCSV{
			csvText("family", func(e *model.Event, _ *model.Names) string { return e.Family }),
			csvText("model", func(e *model.Event, _ *model.Names) string { return e.Model }),
			csvText("os", func(e *model.Event, _ *model.Names) string { return e.OS }),
			csvText("manufacturer", func(e *model.Event, _ *model.Names) string { return e.Maker }),
		}},
	{csv: []eventCSV{csvNum("roam", func(e *model.Event, _ *model.Names) string { return strconv.FormatBool(e.Roam) }),
		csvChannel, csvBSSID, csvLabel}}, // exported only
}}

// shortReason fits the reason column: "disassociated" is the one long name.
func shortReason(e *model.Event) string {
	if e.Reason == model.ReasonDisassociated {
		return "disassoc"
	}
	return e.ReasonText()
}

// device describes a client's hardware from client-sessions fields.
func device(e *model.Event) string {
	return strings.TrimSpace(model.DeviceName(e.Family, e.Model) + " " + e.OS)
}
