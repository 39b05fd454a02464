package ui

import (
	"github.com/mistwatch/mistwatch/model"
)

// joinsTab lists client joins: who joined which SSID on which AP.
var joinsTab = eventSpec{title: "Joins", table: "joins", kinds: []model.Kind{model.KindJoin}, pinnable: true, cols: []eventCol{
	timeCol(),
	siteCol(8, 1, 22, 3),
	ssidCol(8, 1, 24, 2),
	macCol(),
	apCol(),
	func() eventCol {
		c := bandCol()
		c.drop = 1 // the last to go when narrow
		c.csv = append(c.csv, csvChannel)
		return c
	}(),
	rssiCol(),
	{title: "Host / device", min: 14, flex: 2, max: 32, drop: 4, text: hostOrDevice,
		by: cellSource{fields: []model.Field{model.FieldMAC, model.FieldHostname}, hostname: true},
		csv: []eventCSV{
			csvText("hostname", func(e *model.Event, _ *model.Names) string { return e.Hostname }),
			csvText("host_or_device", hostOrDevice),
		}},
	{csv: []eventCSV{csvBSSID}}, // exported only
}}

func apCol() eventCol {
	return eventCol{title: "AP", min: 10, flex: 2, max: 28, field: "ap", cut: cutMiddle, csv: csvAP,
		by:   bySyms(model.FieldAP, model.FieldAPName),
		text: func(e *model.Event, n *model.Names) string { return n.AP(e.AP, e.APName) },
		find: func(e *model.Event, _ *model.Names) string { return e.AP },
	}
}

func bandCol() eventCol {
	return eventCol{title: "Band", min: 4, csv: []eventCSV{csvBand}, by: cellSource{fields: []model.Field{model.FieldBand}, stored: true},
		text: func(e *model.Event, _ *model.Names) string { return e.Band.String() },
		key:  func(e *model.Event, _ *model.Names) sortKey { return textKey(string(e.Band)) },
	}
}

// hostOrDevice is the client's label, else its hostname, else what its
// sessions said it is.
func hostOrDevice(e *model.Event, n *model.Names) string {
	return firstOf(n.Label(e.MAC), e.Hostname, n.Client(e.MAC))
}
