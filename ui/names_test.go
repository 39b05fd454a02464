package ui

import (
	"strings"
	"testing"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// Names from a names file reach the Zones tab, its CSV and the site picker,
// not only the summaries.
func TestNamesFileInZonesTabCSVAndPicker(t *testing.T) {
	const zoneID, siteID = "419bf358-b4e7-4357-b657-176468ce86fc", "ed5252f1-db82-4458-bf02-0427c10b4904"
	names := model.NewNameTable()
	for _, kv := range [][3]string{{"rssizone", zoneID, "Survey Lab"}, {"site", siteID, "HQ (file)"}} {
		k, _ := model.ParseNameKind(kv[0])
		if err := names.Set(k, kv[1], kv[2]); err != nil {
			t.Fatal(err)
		}
	}
	m := New(Options{Capacity: 100, Theme: theme.New(true, -67, -75), Names: names})
	m.Update(tea_size(140, 30))
	e := join(1, "Corp", "A", -60)
	e.Topic, e.Kind, e.ZoneID, e.Trigger, e.SiteID, e.SiteName = "rssizone", model.KindZone, zoneID, "enter", siteID, "HQ (event)"
	m.Update(EventsMsg{e})
	m.Update(press("5"))
	if s := screen(m); !strings.Contains(s, "Survey Lab") || strings.Contains(s, zoneID[:8]) {
		t.Fatalf("the Zones tab shows the zone by name:\n%s", s)
	}
	zones := m.current().(*eventTab)
	stored, _ := m.store.Get(m.store.FirstSeq())
	row := strings.Join(csvRow(zones.spec.cols, stored, m.store.Names), ",")
	if !strings.Contains(row, zoneID+",Survey Lab") {
		t.Errorf("CSV zone_id,zone: %s", row)
	}
	m.Update(press("S"))
	if s := screen(m); !strings.Contains(s, "HQ (file)") || strings.Contains(s, "HQ (event)") {
		t.Errorf("the site picker offers the names file's name:\n%s", s)
	}
}
