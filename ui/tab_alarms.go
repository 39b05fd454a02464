package ui

import (
	"strconv"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// alarmsTab lists alarms and device events.
var alarmsTab = eventSpec{title: "Alarms", table: "alarms", kinds: []model.Kind{model.KindAlarm}, cols: []eventCol{
	timeCol(),
	{csv: append([]eventCSV{csvTopic}, csvSite...)}, // exported only: the CSV lists the site first
	{title: "Severity", min: 8, field: "type", by: cellSource{fields: []model.Field{model.FieldSeverity}, stored: true},
		csv:   []eventCSV{csvText("severity", func(e *model.Event, _ *model.Names) string { return e.Severity })},
		text:  func(e *model.Event, _ *model.Names) string { return e.Severity },
		paint: severityPaint},
	{title: "Type", min: 12, flex: 2, max: 26, field: "type", csv: []eventCSV{csvType}, by: cellSource{fields: []model.Field{model.FieldType}, stored: true},
		text:  func(e *model.Event, _ *model.Names) string { return e.Type },
		paint: severityPaint},
	func() eventCol { c := siteCol(8, 1, 22, 2); c.csv = nil; return c }(),
	{title: "Device", min: 10, flex: 1, max: 24, cut: cutMiddle, by: bySyms(model.FieldDevice, model.FieldAP, model.FieldAPName),
		text: func(e *model.Event, n *model.Names) string {
			if e.Device == "" && e.AP != "" {
				return n.AP(e.AP, e.APName)
			}
			return e.Device
		},
		find: func(e *model.Event, _ *model.Names) string { return e.AP },
		csv:  append([]eventCSV{csvText("device", func(e *model.Event, _ *model.Names) string { return e.Device })}, csvAP...)},
	{title: "Count", min: 5, right: true, drop: 1, by: cellSource{key: func(r model.Rec) cellKey {
		count, _, _, _, _ := r.Ints()
		return cellKey{uint64(count)}
	}, chars: "-0123456789"},
		text: func(e *model.Event, _ *model.Names) string {
			if e.Count > 0 {
				return strconv.Itoa(e.Count)
			}
			return ""
		},
		key: func(e *model.Event, _ *model.Names) sortKey { return numKey(float64(e.Count)) },
		csv: []eventCSV{csvNum("count", func(e *model.Event, _ *model.Names) string { return model.CSVInt(e.Count) })}},
	{title: "Text", min: 14, flex: 3, by: cellSource{fields: []model.Field{model.FieldText}, stored: true},
		text: func(e *model.Event, _ *model.Names) string { return e.Text },
		csv:  []eventCSV{csvText("text", func(e *model.Event, _ *model.Names) string { return e.Text })}},
}}

func severityPaint(th *theme.Theme, e *model.Event) theme.Paint { return th.SeverityPaint(e.Severity) }
