package model

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// -update rewrites testdata/csv-*.golden. The flag is shared with
// github.com/charmbracelet/x/exp/golden (which defines its own -update) in
// case another test file of this package imports it, and defined here
// otherwise, so `go test ./... -update` works across packages either way.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite testdata golden files")
	}
}

func exUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// exGolden compares got with testdata/<name>.golden.
func exGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if exUpdating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./model -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("%s line %d:\n got: %s\nwant: %s", path, i+1, g, w)
			}
		}
	}
}

// exMessages is the fixed set of payloads behind the golden files: every
// table gets rows, with names learned across events, fractional and whole
// timestamps, commas and quotes, and formula-looking payload text.
var exMessages = []string{
	`{"topic":"ping","events":[{"name":"webhook event delivery test","site_id":"ed5252f1-db82-4458-bf02-0427c10b4904","timestamp":1793610000}]}`,
	`{"topic":"client-join","events":[{"ap":"5c5b35a01c40","ap_name":"A-1F-Lobby","band":"5","mac":"4c4fee3a9d17","rssi":-59,"site_id":"ed5252f1-db82-4458-bf02-0427c10b4904","site_name":"HQ Building A","ssid":"Mist-Corp","hostname":"pixel-8","timestamp":1793610005.5}]}`,
	`{"topic":"client-join","events":[{"ap":"5c5b35a02d80","ap_name":"A-1F-Cafe","band":"24","channel":6,"mac":"A8:A1:59:12:C7:E0","rssi":-60,"site_id":"ed5252f1-db82-4458-bf02-0427c10b4904","ssid":"Corp, \"Guest\"","hostname":"=HYPERLINK(\"http://evil\",\"click\")","timestamp":1793610010}]}`,
	`{"topic":"sdkclient-scan-data","events":[{"connection_ap":"5c5b35a01c40","connection_band":"5","connection_rssi":-63.5,"mac":"4c4fee3a9d17","last_seen":1793610020.25,"site_id":"ed5252f1-db82-4458-bf02-0427c10b4904","scan_data":[{"ap":"5c5b35a01c40","rssi":-63.5}]}]}`,
	`{"topic":"zone","events":[{"mac":"4c4fee3a9d17","name":"Lobby","site_id":"ed5252f1-db82-4458-bf02-0427c10b4904","timestamp":1793610025,"trigger":"enter","type":"wifi","zone_id":"846f7bee-5ded-4733-8250-84a7611d7ff0"}]}`,
	`{"topic":"location-client","events":[{"mac":"4c4fee3a9d17","site_id":"ed5252f1-db82-4458-bf02-0427c10b4904","timestamp":1793610030,"type":"wifi","x":5.18,"y":10.95}]}`,
	`{"topic":"client-sessions","events":[{"ap":"5c5b35a01c40","mac":"4c4fee3a9d17","next_ap":"5c5b35a02d80","termination_reason":3,"duration":51.25,"rssi":-72,"ssid":"Mist-Corp","band":"5","client_family":"Android","client_manufacture":"Google","client_model":"Pixel 8","client_os":"15","site_id":"ed5252f1-db82-4458-bf02-0427c10b4904","timestamp":1793610060}]}`,
	`{"topic":"client-join","events":[{"ap":"5c5b35a02d80","band":"5","mac":"4c4fee3a9d17","rssi":-61,"site_id":"ed5252f1-db82-4458-bf02-0427c10b4904","ssid":"Mist-Corp","timestamp":1793610060}]}`,
	`{"topic":"rssizone","events":[{"mac":"4c4fee3a9d17","rssizone_id":"419bf358-b4e7-4357-b657-176468ce86fc","site_id":"ed5252f1-db82-4458-bf02-0427c10b4904","timestamp":1793610070.125,"trigger":"exit","type":"wifi"}]}`,
	`{"topic":"client-sessions","events":[{"ap":"5c5b35a02d80","mac":"a8a15912c7e0","next_ap":"000000000000","termination_reason":2,"duration":309,"rssi":-73,"ssid":"Corp, \"Guest\"","band":"24","client_family":"Mac","client_manufacture":"Apple","client_model":"MacBookPro18,3","client_os":"15.1","site_id":"ed5252f1-db82-4458-bf02-0427c10b4904","timestamp":1793610080}]}`,
	`{"topic":"occupancy-alerts","events":[{"site_id":"ed5252f1-db82-4458-bf02-0427c10b4904","site_name":"HQ Building A","alert_events":[{"current_occupancy":42,"occupancy_limit":35,"timestamp":1793610090,"type":"COMPLIANCE-VIOLATION","zone_id":"7a464e3e-ac72-4065-9f59-0891897ef84a","zone_name":"Cafeteria"}]}]}`,
	`{"topic":"alarms","events":[{"aps":["5c5b35a03e00"],"count":3,"group":"security","severity":"warn","site_id":"ed5252f1-db82-4458-bf02-0427c10b4904","timestamp":1793610095.402718,"type":"rogue-ap-detected"}]}`,
	`{"topic":"device-events","events":[{"ap":"d420b07e4d00","ap_name":"W-Aisle-3","device_name":"W-Aisle-3","ev_type":"WARN","mac":"d420b07e4d00","site_id":"76e44bb2-33cf-4586-a514-ef16ed28786c","site_name":"Warehouse North","text":"AP W-Aisle-3 disconnected: no heartbeat for 30 s","timestamp":1793610305,"type":"AP_DISCONNECTED"}]}`,
	`{"topic":"alarms","events":[{"count":1,"severity":"critical","site_id":"76e44bb2-33cf-4586-a514-ef16ed28786c","text":"@SUM(1+1)*cmd|' /C calc'!A0","timestamp":1793610310,"type":"-2+3+cmd"}]}`,
}

// exNow is the export time of the fixture: 90 s after the last client event.
var exNow = time.Date(2026, 11, 2, 9, 2, 50, 0, time.UTC)

func exStore(t *testing.T) *Store {
	t.Helper()
	s := NewStore(100)
	for _, m := range exMessages {
		_, evs, err := DecodeMessage([]byte(m), tlBase)
		if err != nil {
			t.Fatalf("DecodeMessage(%s): %v", m, err)
		}
		s.Append(evs)
	}
	return s
}

// exRows builds a table's rows the way ctrl+s would from an unfiltered tab.
func exRows(s *Store, table string) [][]string {
	var rows [][]string
	switch table {
	case "rssi":
		for _, c := range s.Clients.All() {
			rows = append(rows, ClientCSVRow(c, s.Names, exNow))
		}
		return rows
	case "timeline":
		for _, e := range BuildTimeline(s, tlPixel) {
			rows = append(rows, TimelineCSVRow(e, s.Names))
		}
		return rows
	}
	kind := map[string]Kind{"joins": KindJoin, "roams": KindSession, "zones": KindZone, "alarms": KindAlarm}
	s.Each(func(e *Event) bool {
		if k, ok := kind[table]; !ok || e.Kind == k {
			rows = append(rows, EventCSVRow(table, e, s.Names))
		}
		return true
	})
	return rows
}

func TestCSVGolden(t *testing.T) {
	s := exStore(t)
	for _, table := range ExportTables {
		t.Run(table, func(t *testing.T) {
			header, rows := CSVHeader(table), exRows(s, table)
			if len(rows) == 0 {
				t.Fatalf("no rows: the fixture should fill every table")
			}
			for i, r := range rows {
				if len(r) != len(header) {
					t.Errorf("row %d has %d cells, header %d", i, len(r), len(header))
				}
			}
			var buf bytes.Buffer
			if err := WriteCSV(&buf, header, rows); err != nil {
				t.Fatal(err)
			}
			// It must read back as the same cells.
			back, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
			if err != nil {
				t.Fatalf("written CSV does not parse: %v", err)
			}
			if len(back) != len(rows)+1 {
				t.Errorf("read back %d records, want %d", len(back), len(rows)+1)
			}
			exGolden(t, "csv-"+table, buf.Bytes())
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
	for _, table := range ExportTables {
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
	if got, all := CSVHeader("no-such-tab"), CSVHeader("all"); strings.Join(got, ",") != strings.Join(all, ",") {
		t.Errorf("unknown table header %v, want the all header", got)
	}
	// The header is the caller's to change.
	CSVHeader("rssi")[0] = "changed"
	if CSVHeader("rssi")[0] != "client_mac" {
		t.Error("CSVHeader returns shared state")
	}
}

// exCell returns the cell of row under column name.
func exCell(t *testing.T, table string, row []string, name string) string {
	t.Helper()
	for i, c := range CSVHeader(table) {
		if c == name {
			return row[i]
		}
	}
	t.Fatalf("table %s has no column %s", table, name)
	return ""
}

func TestEventCSVRowValues(t *testing.T) {
	s := exStore(t)
	find := func(topic string, mac string) *Event {
		var found *Event
		s.Each(func(e *Event) bool {
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
	roam := EventCSVRow("roams", find("client-sessions", tlPixel), s.Names)
	left := EventCSVRow("roams", find("client-sessions", tlMacBook), s.Names)
	join := EventCSVRow("joins", find("client-join", tlPixel), s.Names)
	guest := EventCSVRow("joins", find("client-join", tlMacBook), s.Names)
	cases := []struct {
		table string
		row   []string
		col   string
		want  string
	}{
		{"roams", roam, "time", "2026-11-02T09:01:00Z"},
		{"roams", roam, "site", "HQ Building A"}, // learned: the roam names no site
		{"roams", roam, "ap", "A-1F-Lobby"},      // learned from the join
		{"roams", roam, "next_ap_mac", tlCafe},
		{"roams", roam, "next_ap", "A-1F-Cafe"},
		{"roams", roam, "reason", "roamed"},
		{"roams", roam, "reason_code", "3"},
		{"roams", roam, "duration_s", "51.25"},
		{"roams", roam, "rssi", "-72"}, // a number, not guarded
		{"roams", roam, "model", "Pixel 8"},
		{"roams", roam, "manufacturer", "Google"},
		{"roams", left, "next_ap_mac", ""}, // 000000000000 is no AP
		{"roams", left, "next_ap", ""},
		{"roams", left, "reason", "inactive"},
		{"roams", left, "duration_s", "309"},
		{"roams", left, "band", "2.4"},
		{"joins", join, "time", "2026-11-02T09:00:05.5Z"},
		{"joins", join, "client_mac", tlPixel},
		{"joins", guest, "client_mac", tlMacBook}, // sent with colons and capitals
		{"joins", guest, "ssid", `Corp, "Guest"`},
		{"joins", guest, "channel", "6"},
		{"joins", guest, "rssi", "-60"},
		{"joins", guest, "hostname", `'=HYPERLINK("http://evil","click")`},
	}
	for _, c := range cases {
		if got := exCell(t, c.table, c.row, c.col); got != c.want {
			t.Errorf("%s %s = %q, want %q", c.table, c.col, got, c.want)
		}
	}
}

func TestClientCSVRow(t *testing.T) {
	c := &Client{MAC: tlPixel, AP: tlCafe, Band: Band5, SSID: "-Corp", SiteID: tlHQ, Count: 3,
		Last: Reading{RSSI: -61}, Min: -72, Max: -59, LastSeen: exNow.Add(-90*time.Second - 400*time.Millisecond)}
	c.sum = -59 - 72 - 61.5
	n := NewNames()
	n.Learn(&Event{Topic: "client-join", AP: tlCafe, APName: "A-1F-Cafe", SiteID: tlHQ, SiteName: "HQ Building A"})
	got := ClientCSVRow(c, n, exNow)
	want := []string{tlPixel, "-61", "-72", "-64.2", "-59", "3", tlCafe, "A-1F-Cafe", "5", "'-Corp", "HQ Building A",
		"2026-11-02T09:01:19.6Z", "90", "", "", ""}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("ClientCSVRow =\n %q\nwant\n %q", got, want)
	}
	// Nothing learned: the site column falls back to the ID, the AP name is empty.
	got = ClientCSVRow(c, nil, exNow)
	if site, ap := got[10], got[7]; site != tlHQ || ap != "" {
		t.Errorf("without names: site %q ap %q, want %q and \"\"", site, ap, tlHQ)
	}
	// No readings yet: numbers are empty, not 0.
	got = ClientCSVRow(&Client{MAC: tlPixel}, nil, exNow)
	for i, name := range []string{"rssi", "min", "avg", "max"} {
		if got[i+1] != "" {
			t.Errorf("empty client: %s = %q, want empty", name, got[i+1])
		}
	}
	if got[12] != "" || got[11] != "" {
		t.Errorf("never seen: last_seen %q seconds_since_seen %q, want empty", got[11], got[12])
	}
}

func TestTimelineCSVRow(t *testing.T) {
	n := ptNames()
	cases := []struct {
		e    TimelineEntry
		want string
	}{
		{TimelineEntry{Time: tlAt(1.5), Kind: EntryRoam, Topic: "client-sessions", AP: tlLobby, NextAP: tlCafe, RSSI: -72, HasRSSI: true,
			Text: "A-1F-Lobby → A-1F-Cafe  roamed, 51s, -72 dBm"},
			"2026-11-02T09:00:01.5Z|roam|client-sessions|" + tlLobby + "|A-1F-Lobby|" + tlCafe + "|A-1F-Cafe|-72|A-1F-Lobby → A-1F-Cafe  roamed, 51s, -72 dBm"},
		// The RSSI cell is a number; the text cell that starts with "-" is guarded.
		{TimelineEntry{Time: tlAt(2), Kind: EntryRSSI, Topic: "sdkclient-scan-data", AP: tlEast, RSSI: -63.5, HasRSSI: true,
			Text: "-64 dBm on A-2F-East (sdkclient-scan-data)"},
			"2026-11-02T09:00:02Z|rssi|sdkclient-scan-data|" + tlEast + "|A-2F-East|||-63.5|'-64 dBm on A-2F-East (sdkclient-scan-data)"},
		{TimelineEntry{Time: tlAt(3), Kind: EntryZone, Topic: "zone", Text: "enter zone Lobby"},
			"2026-11-02T09:00:03Z|zone|zone||||||enter zone Lobby"},
	}
	for _, c := range cases {
		if got := strings.Join(TimelineCSVRow(c.e, n), "|"); got != c.want {
			t.Errorf("TimelineCSVRow(%s) =\n %s\nwant\n %s", c.e.Kind, got, c.want)
		}
	}
}

func TestCSVTimes(t *testing.T) {
	cases := []struct {
		t    time.Time
		want string
	}{
		{time.Time{}, ""},
		{time.Date(2026, 11, 2, 9, 0, 5, 0, time.UTC), "2026-11-02T09:00:05Z"},
		{time.Date(2026, 11, 2, 9, 0, 5, 890_000_000, time.UTC), "2026-11-02T09:00:05.89Z"},
		{time.Date(2026, 11, 2, 10, 0, 5, 1000, time.FixedZone("CET", 3600)), "2026-11-02T09:00:05.000001Z"},
	}
	for _, c := range cases {
		row := EventCSVRow("all", &Event{Topic: "ping", Time: c.t}, nil)
		if row[0] != c.want {
			t.Errorf("time %v → %q, want %q", c.t, row[0], c.want)
		}
	}
}

// A spreadsheet runs a cell that starts with = + - @ as a formula: text
// cells get a leading quote, numbers never do.
func TestCSVFormulaGuard(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"Mist-Corp", "Mist-Corp"},
		{"=1+1", "'=1+1"},
		{"+cmd", "'+cmd"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"-67", "-67"}, // a plain number is no formula
		{"-67.5", "-67.5"},
		{"+3", "+3"},
		{"-", "'-"},
		{"-.", "'-."},
		{"-1e3", "'-1e3"},
		{"1=1", "1=1"},
	}
	for _, c := range cases {
		if got := csvText(c.in); got != c.want {
			t.Errorf("csvText(%q) = %q, want %q", c.in, got, c.want)
		}
	}

	// End to end: payload text guarded in every text column, RSSI plain.
	e := &Event{Topic: "alarms", Kind: KindAlarm, SiteID: "=site", SiteName: "+Annex", Type: "-2+3", Severity: "@crit",
		Device: "=dev", Text: "=HYPERLINK(\"x\")", AP: tlLobby, APName: "-AP", MAC: tlPixel, SSID: "@home", RSSI: -67, HasRSSI: true,
		Band: Band("=6"), Count: 2}
	for _, table := range []string{"all", "alarms", "joins"} {
		row := EventCSVRow(table, e, nil)
		for i, col := range CSVHeader(table) {
			cell := row[i]
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

func TestWriteCSV(t *testing.T) {
	cases := []struct {
		name   string
		header []string
		rows   [][]string
		want   string
	}{
		{"plain", []string{"a", "b"}, [][]string{{"1", "x"}}, "a,b\n1,x\n"},
		{"comma", nil, [][]string{{"a,b", "c"}}, "\"a,b\",c\n"},
		{"quotes", nil, [][]string{{`say "hi"`}}, `"say ""hi"""` + "\n"},
		{"comma and quotes", nil, [][]string{{`Corp, "Guest"`, "-60"}}, `"Corp, ""Guest""",-60` + "\n"},
		{"newline", nil, [][]string{{"a\nb"}}, "\"a\nb\"\n"},
		{"leading space", nil, [][]string{{" x"}}, "\" x\"\n"},
		{"empty cells", []string{"a", "b", "c"}, [][]string{{"", "", ""}}, "a,b,c\n,,\n"},
		{"no rows", []string{"a"}, nil, "a\n"},
		{"arrow and non-ASCII", nil, [][]string{{"A-1F-Lobby → A-1F-Café"}}, "A-1F-Lobby → A-1F-Café\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteCSV(&buf, c.header, c.rows); err != nil {
				t.Fatal(err)
			}
			if buf.String() != c.want {
				t.Errorf("WriteCSV = %q, want %q", buf.String(), c.want)
			}
			back, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			want := c.rows
			if c.header != nil {
				want = append([][]string{c.header}, c.rows...)
			}
			if len(back) != len(want) {
				t.Fatalf("read back %d records, want %d", len(back), len(want))
			}
			for i := range want {
				if strings.Join(back[i], "\x00") != strings.Join(want[i], "\x00") {
					t.Errorf("record %d read back %q, want %q", i, back[i], want[i])
				}
			}
		})
	}
}

type exFailWriter struct{}

var errExWrite = errors.New("disk full")

func (exFailWriter) Write([]byte) (int, error) { return 0, errExWrite }

func TestWriteCSVReportsWriteErrors(t *testing.T) {
	err := WriteCSV(exFailWriter{}, []string{"a"}, [][]string{{"1"}})
	if !errors.Is(err, errExWrite) {
		t.Errorf("WriteCSV to a failing writer: %v, want %v", err, errExWrite)
	}
}

func TestExportFileName(t *testing.T) {
	at := time.Date(2026, 11, 2, 9, 5, 7, 999, time.UTC)
	cases := []struct{ table, want string }{
		{"roams", "mistwatch-roams-20261102-090507.csv"},
		{"all", "mistwatch-all-20261102-090507.csv"},
		{"timeline", "mistwatch-timeline-20261102-090507.csv"},
		{"../x y", "mistwatch----x-y-20261102-090507.csv"},
		{"", "mistwatch-all-20261102-090507.csv"},
	}
	for _, c := range cases {
		if got := ExportFileName(c.table, at); got != c.want {
			t.Errorf("ExportFileName(%q) = %q, want %q", c.table, got, c.want)
		}
	}
}
