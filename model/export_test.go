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

// exStore loads ../testdata/csv-fixture.ndjson, the payloads behind the CSV
// golden files (package ui has the tabs' tables; the timeline's is here).
func exStore(t *testing.T) *Store {
	t.Helper()
	raw, err := os.ReadFile("../testdata/csv-fixture.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	s := NewStore(100)
	for _, m := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		_, evs, err := DecodeMessage([]byte(m), tlBase)
		if err != nil {
			t.Fatalf("DecodeMessage(%s): %v", m, err)
		}
		s.Append(evs)
	}
	return s
}

func TestTimelineCSVGolden(t *testing.T) {
	s := exStore(t)
	header := TimelineCSVHeader()
	var rows [][]string
	for _, e := range BuildTimeline(s, tlPixel) {
		rows = append(rows, TimelineCSVRow(e, s.Names))
	}
	if len(rows) == 0 {
		t.Fatalf("no rows: the fixture should fill the timeline")
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
	back, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil || len(back) != len(rows)+1 {
		t.Fatalf("written CSV does not read back: %d records, %v", len(back), err)
	}
	exGolden(t, "csv-timeline", buf.Bytes())
	// The header is the caller's to change.
	TimelineCSVHeader()[0] = "changed"
	if TimelineCSVHeader()[0] != "time" {
		t.Error("TimelineCSVHeader returns shared state")
	}
}

func TestTimelineCSVRow(t *testing.T) {
	n := ptNames()
	cases := []struct {
		e    TimelineEntry
		want string
	}{
		{TimelineEntry{Time: tlAt(1.5), Kind: EntryRoam, Topic: "client-sessions", AP: tlLobby, NextAP: tlCafe, RSSI: -72, HasRSSI: true,
			Channel: 44, BSSID: "5c5b35a01c41", Text: "A-1F-Lobby → A-1F-Cafe, roamed, 51s, -72 dBm"},
			"2026-11-02T09:00:01.5Z|roam|client-sessions|" + tlLobby + "|A-1F-Lobby|" + tlCafe + "|A-1F-Cafe|-72|A-1F-Lobby → A-1F-Cafe, roamed, 51s, -72 dBm|44|5c5b35a01c41"},
		// The RSSI cell is a number; the text cell that starts with "-" is guarded.
		{TimelineEntry{Time: tlAt(2), Kind: EntryRSSI, Topic: "sdkclient-scan-data", AP: tlEast, RSSI: -63.5, HasRSSI: true,
			Text: "-64 dBm on A-2F-East (sdkclient-scan-data)"},
			"2026-11-02T09:00:02Z|rssi|sdkclient-scan-data|" + tlEast + "|A-2F-East|||-63.5|'-64 dBm on A-2F-East (sdkclient-scan-data)||"},
		{TimelineEntry{Time: tlAt(3), Kind: EntryZone, Topic: "zone", Text: "enter zone Lobby"},
			"2026-11-02T09:00:03Z|zone|zone||||||enter zone Lobby||"},
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
		if got := CSVTime(c.t); got != c.want {
			t.Errorf("time %v → %q, want %q", c.t, got, c.want)
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
		if got := CSVText(c.in); got != c.want {
			t.Errorf("CSVText(%q) = %q, want %q", c.in, got, c.want)
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
		{"../x y", "mistwatch-..-x-y-20261102-090507.csv"}, // dots are kept: no slash survives
		{"", "mistwatch-all-20261102-090507.csv"},
		{"timeline-é/..", "mistwatch-timeline----..-20261102-090507.csv"},
	}
	for _, c := range cases {
		if got := ExportFileName(c.table, at); got != c.want {
			t.Errorf("ExportFileName(%q) = %q, want %q", c.table, got, c.want)
		}
	}
	// Issue 7 item 7: a 300-character client ID makes a name of at most
	// 100 bytes, of [A-Za-z0-9._-] only, that still ends with the ID's end.
	long := "timeline-" + strings.Repeat("ab\x1b[31m", 30) + "END"
	got := ExportFileName(long, at)
	if len(got) > MaxExportName || strings.Trim(got, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != "" ||
		!strings.Contains(got, "END-20261102-090507.csv") || !strings.HasPrefix(got, "mistwatch-timeline-") {
		t.Errorf("long table name: %q (%d bytes)", got, len(got))
	}
}
