package ui

import (
	"strconv"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// zonesTab lists zone, RSSI-zone, virtual-beacon and occupancy events.
var zonesTab = eventSpec{title: "Zones", table: "zones", kinds: []model.Kind{model.KindZone}, cols: []eventCol{
	timeCol(),
	{csv: []eventCSV{csvTopic}}, // exported only
	siteCol(8, 1, 22, 2),
	{title: "Zone", min: 10, flex: 2, max: 38, field: "zone", cut: cutMiddle, by: bySyms(model.FieldZoneID, model.FieldZoneName),
		csv: []eventCSV{
			csvText("zone_id", func(e *model.Event, _ *model.Names) string { return e.ZoneID }),
			csvText("zone", zoneName),
		},
		text: func(e *model.Event, n *model.Names) string { return n.Zone(e.ZoneID, e.ZoneName) },
		find: func(e *model.Event, _ *model.Names) string { return e.ZoneID }},
	{title: "Event", min: 9, field: "type", by: cellSource{key: func(r model.Rec) cellKey {
		_, _, occupancy, limit, _ := r.Ints()
		return cellKey{uint64(r.Sym(model.FieldTopic)), uint64(occupancy), uint64(limit), uint64(r.Sym(model.FieldTrigger))}
	}},
		csv: []eventCSV{
			csvText("trigger", func(e *model.Event, _ *model.Names) string { return e.Trigger }),
			csvNum("occupancy", func(e *model.Event, _ *model.Names) string { return occupancyCell(e, e.Occupancy) }),
			csvNum("limit", func(e *model.Event, _ *model.Names) string { return occupancyCell(e, e.Limit) }),
		},
		text: func(e *model.Event, _ *model.Names) string {
			if e.Topic == "occupancy-alerts" {
				over := ""
				if e.Occupancy > e.Limit {
					over = "!" // what the red says, without colour
				}
				return strconv.Itoa(e.Occupancy) + "/" + strconv.Itoa(e.Limit) + over
			}
			return e.Trigger
		},
		paint: func(th *theme.Theme, e *model.Event) theme.Paint {
			if e.Topic == "occupancy-alerts" && e.Occupancy > e.Limit {
				return th.ErrPaint
			}
			return theme.Paint{}
		}},
	{title: "Type", min: 8, flex: 1, max: 20, drop: 1, field: "type", csv: []eventCSV{csvType},
		by: bySyms(model.FieldTopic, model.FieldType),
		text: func(e *model.Event, _ *model.Names) string {
			if e.Topic != "zone" && e.Topic != "occupancy-alerts" {
				return e.Topic + " " + e.Type
			}
			return e.Type
		}},
	func() eventCol { c := macCol(); c.flex = 1; return c }(),
}}

// zoneName is the zone's name — a names file's, else the event's, else a
// learned one — or "" when none is known (the ID has its own column).
func zoneName(e *model.Event, n *model.Names) string {
	if z := n.Zone(e.ZoneID, e.ZoneName); z != e.ZoneID {
		return z
	}
	return ""
}

// occupancyCell writes occupancy figures for occupancy-alerts only, where 0
// is a real value; other zone topics have none.
func occupancyCell(e *model.Event, v int) string {
	if e.Topic != "occupancy-alerts" {
		return ""
	}
	return strconv.Itoa(v)
}
