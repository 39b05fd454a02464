package ui

import (
	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// allTab lists every event with a one-line summary.
var allTab = eventSpec{title: "All", table: "all", cols: []eventCol{
	timeCol(),
	{title: "Topic", min: 14, flex: 1, max: 20, field: "topic", csv: []eventCSV{csvTopic}, by: cellSource{fields: []model.Field{model.FieldTopic}, stored: true},
		text:  func(e *model.Event, _ *model.Names) string { return e.Topic },
		paint: func(th *theme.Theme, _ *model.Event) theme.Paint { return th.DimPaint }},
	siteCol(10, 1, 22, 1),
	{csv: append(append([]eventCSV{csvClientMAC}, csvAP...), csvSSID, csvBand, csvRSSI)}, // exported only
	{title: "Summary", min: 30, flex: 5, text: model.Summarize, by: cellSource{summary: true},
		csv: []eventCSV{csvText("summary", model.Summarize)}},
	{csv: []eventCSV{csvChannel, csvBSSID, csvLabel}}, // exported only
}}
