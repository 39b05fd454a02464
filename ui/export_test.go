package ui

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// The CSV fixture (../testdata/csv-fixture.ndjson) and its golden files
// were model's when the tables were defined there; the files are unchanged,
// which shows the tables did not change when they moved into the column specs.
const (
	fxPixel   = "4c4fee3a9d17"
	fxMacBook = "a8a15912c7e0"
	fxCafe    = "5c5b35a02d80"
	fxHQ      = "ed5252f1-db82-4458-bf02-0427c10b4904"
)

var (
	fxBase = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	fxNow  = time.Date(2026, 11, 2, 9, 2, 50, 0, time.UTC) // 90 s after the last client event
)

// fixtureModel loads the CSV fixture into a dashboard.
func fixtureModel(t *testing.T) *Model {
	t.Helper()
	raw, err := os.ReadFile("../testdata/csv-fixture.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Capacity: 100, Theme: theme.New(true, theme.DefaultGood, theme.DefaultPoor)})
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		_, evs, err := model.DecodeMessage([]byte(line), fxBase)
		if err != nil {
			t.Fatalf("DecodeMessage(%s): %v", line, err)
		}
		m.Update(EventsMsg(evs))
	}
	m.rssi.now = fxNow
	return m
}

func TestCSVGolden(t *testing.T) {
	m := fixtureModel(t)
	for _, tb := range m.tabs {
		t.Run(tb.csvName(), func(t *testing.T) {
			header, rows := tb.csv(tb.base().table.ids)
			if len(rows) == 0 {
				t.Fatalf("no rows: the fixture should fill every table")
			}
			for i, r := range rows {
				if len(r) != len(header) {
					t.Errorf("row %d has %d cells, header %d", i, len(r), len(header))
				}
			}
			var buf bytes.Buffer
			if err := model.WriteCSV(&buf, header, rows); err != nil {
				t.Fatal(err)
			}
			back, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
			if err != nil || len(back) != len(rows)+1 {
				t.Fatalf("written CSV does not read back: %d records, %v", len(back), err)
			}
			golden.RequireEqual(t, buf.Bytes())
		})
	}
}

func TestCSVHeaders(t *testing.T) {
	want := map[string][]string{
		"all": {"time", "topic", "site_id", "site", "client_mac", "ap_mac", "ap", "ssid", "band", "rssi", "summary"},
		"roams": {"time", "site_id", "site", "client_mac", "ap_mac", "ap", "next_ap_mac", "next_ap", "reason", "reason_code",
			"duration_s", "rssi", "ssid", "band", "family", "model", "os", "manufacturer"},
		"rssi": {"client_mac", "rssi", "min", "avg", "max", "readings", "ap_mac", "ap", "band", "ssid", "site",
			"last_seen", "seconds_since_seen"},
		"timeline": {"time", "kind", "topic", "ap_mac", "ap", "next_ap_mac", "next_ap", "rssi", "text"},
	}
	for table, cols := range want {
		got := CSVHeader(table)
		if len(got) < len(cols) || strings.Join(got[:len(cols)], ",") != strings.Join(cols, ",") {
			t.Errorf("CSVHeader(%q) = %v, want it to start with %v", table, got, cols)
		}
	}
	for _, table := range []string{"all", "joins", "roams", "rssi", "zones", "alarms", "timeline"} {
		seen := map[string]bool{}
		for _, c := range CSVHeader(table) {
			if seen[c] {
				t.Errorf("CSVHeader(%q): column %q twice", table, c)
			}
			seen[c] = true
		}
		if len(seen) == 0 {
			t.Errorf("CSVHeader(%q) is empty", table)
		}
	}
	if got := CSVHeader("no-such-tab"); got != nil {
		t.Errorf("unknown table header %v, want none", got)
	}
}

// csvRowOf exports one event as a default tab's row, keyed by column name.
func csvRowOf(t *testing.T, table string, e *model.Event, n *model.Names) map[string]string {
	t.Helper()
	for _, spec := range defaultEventTabs {
		if spec.table == table {
			row, out := csvRow(spec.cols, e, n), map[string]string{}
			for i, h := range csvHeader(spec.cols) {
				out[h] = row[i]
			}
			return out
		}
	}
	t.Fatalf("no table %s", table)
	return nil
}

func TestEventCSVRowValues(t *testing.T) {
	m := fixtureModel(t)
	find := func(topic string, mac string) *model.Event {
		var found *model.Event
		m.store.Each(func(e *model.Event) bool {
			if e.Topic == topic && e.MAC == mac {
				found = e
			}
			return found == nil
		})
		if found == nil {
			t.Fatalf("no %s event of %s in the fixture", topic, mac)
		}
		return found
	}
	n := m.store.Names
	roam := csvRowOf(t, "roams", find("client-sessions", fxPixel), n)
	left := csvRowOf(t, "roams", find("client-sessions", fxMacBook), n)
	join := csvRowOf(t, "joins", find("client-join", fxPixel), n)
	guest := csvRowOf(t, "joins", find("client-join", fxMacBook), n)
	cases := []struct {
		row       map[string]string
		col, want string
	}{
		{roam, "time", "2026-11-02T09:01:00Z"},
		{roam, "site", "HQ Building A"}, // learned: the roam names no site
		{roam, "ap", "A-1F-Lobby"},      // learned from the join
		{roam, "next_ap_mac", fxCafe},
		{roam, "next_ap", "A-1F-Cafe"},
		{roam, "reason", "roamed"},
		{roam, "reason_code", "3"},
		{roam, "duration_s", "51.25"},
		{roam, "rssi", "-72"}, // a number, not guarded
		{roam, "model", "Pixel 8"},
		{roam, "manufacturer", "Google"},
		{left, "next_ap_mac", ""}, // 000000000000 is no AP
		{left, "next_ap", ""},
		{left, "reason", "inactive"},
		{left, "duration_s", "309"},
		{left, "band", "2.4"},
		{join, "time", "2026-11-02T09:00:05.5Z"},
		{join, "client_mac", fxPixel},
		{guest, "client_mac", fxMacBook}, // sent with colons and capitals
		{guest, "ssid", `Corp, "Guest"`},
		{guest, "channel", "6"},
		{guest, "rssi", "-60"},
		{guest, "hostname", `'=HYPERLINK("http://evil","click")`},
	}
	for _, c := range cases {
		if got, ok := c.row[c.col]; !ok || got != c.want {
			t.Errorf("%s = %q, want %q", c.col, got, c.want)
		}
	}
}

func TestClientCSVRow(t *testing.T) {
	store := model.NewStore(10)
	store.Names.Learn(&model.Event{Topic: "client-join", AP: fxCafe, APName: "A-1F-Cafe", SiteID: fxHQ, SiteName: "HQ Building A"})
	tab := newRSSITab(store, nil)
	tab.now = fxNow
	_, evs, err := model.DecodeMessage([]byte(`{"topic":"client-join","events":[{"ap":"5c5b35a02d80","band":"5","mac":"4c4fee3a9d17","rssi":-59,"site_id":"`+fxHQ+`","ssid":"-Corp","channel":36,"bssid":"5c5b35a02d81","timestamp":1793610079.6}]}`), fxBase)
	if err != nil {
		t.Fatal(err)
	}
	store.Append(evs)
	for _, rssi := range []float64{-72, -61.5} {
		e := evs[0]
		e.RSSI = rssi
		store.Clients.Observe(&e)
	}
	c, _ := store.Clients.Get(fxPixel)
	got := strings.Join(csvRow(tab.cols, c, store.Names), "|")
	want := strings.Join([]string{fxPixel, "-61.5", "-72", "-64.2", "-59", "3", fxCafe, "A-1F-Cafe", "5", "'-Corp", "HQ Building A",
		"2026-11-02T09:01:19.6Z", "90", "", "", "", "36", "5c5b35a02d81", ""}, "|")
	if got != want {
		t.Errorf("client row =\n %s\nwant\n %s", got, want)
	}
	// Nothing learned: the site column falls back to the ID, the AP name is empty.
	row := csvRow(tab.cols, c, model.NewNames())
	if site, ap := row[10], row[7]; site != fxHQ || ap != "" {
		t.Errorf("without names: site %q ap %q, want %q and \"\"", site, ap, fxHQ)
	}
	// No readings yet: numbers are empty, not 0.
	row = csvRow(tab.cols, model.Client{}, model.NewNames())
	for i, name := range []string{"rssi", "min", "avg", "max", "last_seen", "seconds_since_seen"} {
		at := []int{1, 2, 3, 4, 11, 12}[i]
		if row[at] != "" {
			t.Errorf("empty client: %s = %q, want empty", name, row[at])
		}
	}
}

// A spreadsheet runs a cell that starts with = + - @ as a formula: payload
// text is guarded in every text column of every table, numbers never are.
func TestCSVGuardsEveryTextColumn(t *testing.T) {
	e := &model.Event{Topic: "alarms", Kind: model.KindAlarm, SiteID: "=site", SiteName: "+Annex", Type: "-2+3", Severity: "@crit",
		Device: "=dev", Text: "=HYPERLINK(\"x\")", AP: "5c5b35a01c40", APName: "-AP", MAC: fxPixel, SSID: "@home", RSSI: -67, HasRSSI: true,
		Band: model.Band("=6"), Count: 2}
	for _, table := range []string{"all", "alarms", "joins"} {
		for col, cell := range csvRowOf(t, table, e, model.NewNames()) {
			switch col {
			case "rssi":
				if cell != "-67" {
					t.Errorf("%s rssi = %q, want -67", table, cell)
				}
			case "count":
				if cell != "2" {
					t.Errorf("%s count = %q, want 2", table, cell)
				}
			default:
				if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
					t.Errorf("%s %s = %q is not guarded", table, col, cell)
				}
			}
		}
	}
}

// Issue 8 item 5: a client stamped after the replay clock was heard just
// now: the CSV says 0 seconds, as the screen says 0s, never a negative age.
func TestRSSIAgesAgreeOnScreenAndInCSV(t *testing.T) {
	m := newTestModel(160, 30)
	future := join(2, "Corp", "B", -60)
	future.Time = t0.Add(time.Hour)
	m.Update(EventsMsg{future, join(1, "Corp", "A", -60)}) // the newest event is not the batch's last
	m.Update(press("4"))
	m.opts.ExportDir = t.TempDir()
	recs := exportNow(t, m, "rssi")
	if len(recs) != 3 {
		t.Fatalf("want a header and 2 clients: %v", recs)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, r := range recs[1:] {
		if s := r[col["seconds_since_seen"]]; strings.HasPrefix(s, "-") {
			t.Errorf("client %s: seconds_since_seen %s is negative", r[0], s)
		}
	}
	// The replay clock is the newest event (an hour on), not the batch's last.
	if !m.rssi.now.Equal(future.Time) {
		t.Errorf("clock %v, want the newest event time %v", m.rssi.now, future.Time)
	}
}

// exportNow presses ctrl+s, runs the export and reads back the one file
// written for table.
func exportNow(t *testing.T, m *Model, table string) [][]string {
	t.Helper()
	_, cmd := m.Update(tea_ctrlS())
	m.Update(cmd())
	files, _ := filepath.Glob(filepath.Join(m.opts.ExportDir, "mistwatch-"+table+"-*.csv"))
	if len(files) != 1 {
		t.Fatalf("want one %s export, got %v (%s)", table, files, m.com.notice)
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
