package model

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	zoneLab   = "419bf358-b4e7-4357-b657-176468ce86fc"
	beaconID  = "ec5dab4a-96ec-449d-a3fc-d047b8f4c722"
	mapFloor1 = "580baa42-0838-4e7f-a59c-18b98f857bd7"
	wlanCorp  = "9309437d-6502-44cd-90f5-51307d2d7fb8"
)

func TestParseNamesCSV(t *testing.T) {
	body := "kind,id,name\n" +
		"# a comment\n" +
		"site," + siteLab + ",Lab Building\n" +
		"ap,5C-5B-35-00-01-01,AP East\n" + // any MAC spelling
		"ap,5c5b.3500.0102,\"AP West, 2F\"\n" + // a quoted comma
		"\n" +
		"rssizone," + strings.ToUpper(zoneLab) + ",Lab\n" + // UUIDs normalise
		"vbeacon," + beaconID + ",Door beacon\n" +
		"map," + mapFloor1 + ",Floor 1\n" +
		"WLAN," + wlanCorp + ",Mist-Corp\n" +
		"zone,846f7bee-5ded-4733-8250-84a7611d7ff0,\x1b[2JLobby\n" + // sanitised
		"client,BC09.63E1.F4A2,Bob-iPhone\n"
	for _, withHeader := range []bool{true, false} {
		b := body
		if !withHeader {
			b = strings.TrimPrefix(body, "kind,id,name\n")
		}
		tab, err := ParseNameTable("n.csv", []byte(b))
		if err != nil {
			t.Fatalf("header %v: %v", withHeader, err)
		}
		checks := []struct {
			k        NameKind
			id, want string
		}{
			{NameSite, siteLab, "Lab Building"},
			{NameAP, "5c5b35000101", "AP East"},
			{NameAP, "5c5b35000102", "AP West, 2F"},
			{NameRSSIZone, zoneLab, "Lab"},
			{NameVBeacon, beaconID, "Door beacon"},
			{NameMap, mapFloor1, "Floor 1"},
			{NameWLAN, wlanCorp, "Mist-Corp"},
			{NameZone, "846f7bee-5ded-4733-8250-84a7611d7ff0", "Lobby"},
			{NameClient, "bc0963e1f4a2", "Bob-iPhone"},
		}
		for _, c := range checks {
			if got := tab.Get(c.k, c.id); got != c.want {
				t.Errorf("header %v: %s %s = %q, want %q", withHeader, c.k, c.id, got, c.want)
			}
		}
		if tab.Len() != len(checks) {
			t.Errorf("header %v: %d names, want %d", withHeader, tab.Len(), len(checks))
		}
	}
}

func TestParseNamesCSVBadRows(t *testing.T) {
	body := "kind,id,name\n" +
		"site," + siteLab + ",Lab\n" +
		"floor,abc,Floor\n" + // line 3: unknown kind
		"ap,not-a-mac,AP\n" + // line 4
		"zone," + zoneLab + "\n" + // line 5: two fields
		"map," + mapFloor1 + ",\n" + // line 6: empty name
		"site,,Nameless\n" // line 7: empty id
	_, err := ParseNameTable("names.csv", []byte(body))
	if err == nil {
		t.Fatal("bad rows were accepted")
	}
	for _, want := range []string{
		`names.csv:3: unknown kind "floor"`,
		`names.csv:4: ap "not-a-mac": not a MAC address`,
		`names.csv:5: want 3 fields kind,id,name, got 2`,
		`names.csv:6: map ` + mapFloor1 + `: empty name`,
		`names.csv:7: empty id`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "names.csv:2") {
		t.Errorf("a good row was reported: %v", err)
	}

	// A broken quote stops the reader: the line is still named.
	_, err = ParseNameTable("q.csv", []byte("site,"+siteLab+",Lab\nsite,x,\"open\n"))
	if err == nil || !strings.Contains(err.Error(), "q.csv:2") {
		t.Errorf("broken quote: %v", err)
	}

	// Past ten bad rows the rest are counted, not listed.
	many := strings.Repeat("nope,1,2\n", 15)
	_, err = ParseNameTable("m.csv", []byte(many))
	if err == nil || strings.Count(err.Error(), "unknown kind") != maxNameErrors || !strings.Contains(err.Error(), "and 5 more") {
		t.Errorf("many bad rows: %v", err)
	}
}

func TestNamesJSONRoundTrip(t *testing.T) {
	in := NewNameTable()
	in.OrgID = "870dfa6c-dcb3-4310-9d23-39460c9bace7"
	must(t, in.Set(NameSite, siteLab, "Lab \"quoted\" Building"))
	must(t, in.Set(NameAP, "5c:5b:35:00:01:01", "AP East"))
	must(t, in.Set(NameRSSIZone, zoneLab, "Lab"))
	must(t, in.Set(NameWLAN, wlanCorp, "Mist-Corp"))
	must(t, in.Set(NameMap, mapFloor1, "Floor 1 ☕"))
	var buf bytes.Buffer
	must(t, in.WriteJSON(&buf))
	out, err := ParseNameTable("names.json", buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if out.OrgID != in.OrgID || out.Len() != in.Len() {
		t.Fatalf("org %q, %d names; want %q, %d\n%s", out.OrgID, out.Len(), in.OrgID, in.Len(), buf.String())
	}
	for k := NameKind(0); k < nameKindCount; k++ {
		for id, name := range in.m[k] {
			if got := out.Get(k, id); got != name {
				t.Errorf("%s %s: %q, want %q", k, id, got, name)
			}
		}
	}
	// Written twice, the same bytes: a names file diffs well between fetches.
	var again bytes.Buffer
	must(t, out.WriteJSON(&again))
	if again.String() != buf.String() {
		t.Errorf("not stable:\n%s\n---\n%s", buf.String(), again.String())
	}
	if !strings.Contains(buf.String(), "\n  \"aps\": {\n    \"5c5b35000101\": \"AP East\"\n  },\n") {
		t.Errorf("layout changed:\n%s", buf.String())
	}
}

func TestParseNamesJSONErrors(t *testing.T) {
	tests := []struct{ body, want string }{
		{"{\n \"sites\": {\n  \"" + siteLab + "\": \"Lab\"\n },\n \"floors\": {}\n}", `n.json:5: unknown key "floors"`},
		{"{\n \"aps\": {\n  \"xyz\": \"AP\"\n }\n}", `n.json:3: ap "xyz": not a MAC address`},
		{"{\n \"sites\": {\n  \"" + siteLab + "\": 5\n }\n}", `n.json:3: site "` + siteLab + `": want a string, got 5`},
		{"{\n \"sites\": {\n  \"a\": \"b\",,\n }\n}", `n.json:3: invalid character ','`},
		{"{\n \"sites\": {", `n.json:2: `},
		{"{\n \"sites\": []\n}", `n.json:2: sites: want "{", got "["`},
	}
	for _, tt := range tests {
		_, err := ParseNameTable("n.json", []byte(tt.body))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q:\n got %v\nwant %s", tt.body, err, tt.want)
		}
	}
}

func TestLoadNamesFilesLaterWins(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.csv")
	b := filepath.Join(dir, "b.json")
	must(t, os.WriteFile(a, []byte("site,"+siteLab+",Old\nap,5c5b35000101,AP One\n"), 0o600))
	must(t, os.WriteFile(b, []byte(`{"sites": {"`+siteLab+`": "New"}}`), 0o600))
	tab, err := LoadNamesFiles([]string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.Get(NameSite, siteLab); got != "New" {
		t.Errorf("site %q: the later file should win", got)
	}
	if got := tab.Get(NameAP, "5c5b35000101"); got != "AP One" {
		t.Errorf("ap %q: the earlier file's other names stay", got)
	}
	if _, err := LoadNamesFiles([]string{a, filepath.Join(dir, "missing.csv")}); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: %v", err)
	}
}

// A names file wins over names learned from events and over the names an
// event carries; learned names still apply to what the file does not name;
// the version moves so cached cells are rebuilt.
func TestNamesFileWins(t *testing.T) {
	s := NewStore(100)
	s.Append(decode(t, msg("client-join", `{"mac":"70ef0071535f","ap":"5c5b35000101","ap_name":"learned-ap",
		"site_id":"`+siteLab+`","site_name":"learned-site","timestamp":1700000001}`)))
	s.Append(decode(t, msg("zone", `{"mac":"70ef0071535f","zone_id":"`+zoneLab+`","name":"learned-zone","trigger":"enter","site_id":"`+siteLab+`"}`)))
	zoneEv := decode1(t, msg("rssizone", `{"mac":"70ef0071535f","rssizone_id":"`+zoneLab+`","trigger":"exit","site_id":"`+siteLab+`"}`))
	n := s.Names
	if n.FirstOrgID() != "" {
		t.Errorf("org %q before any event carried one", n.FirstOrgID())
	}
	s.Append(decode(t, msg("client-join", `{"mac":"70ef0071535e","org_id":"`+siteHQ+`"}`)))
	s.Append(decode(t, msg("client-join", `{"mac":"70ef0071535d","org_id":"`+siteLab+`"}`)))
	if n.FirstOrgID() != siteHQ {
		t.Errorf("first org %q, want %q", n.FirstOrgID(), siteHQ)
	}
	if got := n.Zone(zoneEv.ZoneID, zoneEv.ZoneName); got != "learned-zone" {
		t.Errorf("learned zone name: %q", got)
	}
	if got := Summarize(&zoneEv, n); !strings.Contains(got, "learned-zone") {
		t.Errorf("summary without a file: %q", got)
	}
	v := n.Version()
	tab := NewNameTable()
	must(t, tab.Set(NameSite, siteLab, "File Site"))
	must(t, tab.Set(NameAP, "5c:5b:35:00:01:01", "File AP"))
	must(t, tab.Set(NameRSSIZone, zoneLab, "File Zone"))
	must(t, tab.Set(NameMap, mapFloor1, "Floor 1"))
	must(t, tab.Set(NameWLAN, wlanCorp, "Mist-Corp"))
	must(t, tab.Set(NameClient, "70:ef:00:71:53:5f", "Bob-iPhone"))
	cv := n.ClientVersion()
	n.AddFileNames(tab)
	if n.ClientVersion() == cv {
		t.Error("client version did not move with a client label")
	}
	if n.Version() == v {
		t.Error("version did not move: cached cells would keep the old names")
	}
	checks := []struct{ what, got, want string }{
		{"site with the event's own name", n.Site(siteLab, "learned-site"), "File Site"},
		{"site name", n.SiteName(siteLab), "File Site"},
		{"ap with the event's own name", n.AP("5c5b35000101", "learned-ap"), "File AP"},
		{"ap name", n.APName("5c5b35000101"), "File AP"},
		{"zone", n.Zone(zoneLab, "event-zone"), "File Zone"},
		{"zone name", n.ZoneName(zoneLab), "File Zone"},
		{"map", n.MapName(mapFloor1), "Floor 1"},
		{"wlan", n.WLANName(wlanCorp), "Mist-Corp"},
		{"client label", n.Client("70ef0071535f"), "Bob-iPhone"},
		// a client label shows where the MAC did (issue 9: "the label shows wherever that MAC does")
		{"summary", Summarize(&zoneEv, n), "Bob-iPhone exit rssizone File Zone"},
		// not in the file: the learned and the event's names still apply
		{"other site", n.Site(siteHQ, "HQ"), "HQ"},
		{"other ap", n.AP(apB, ""), FormatMAC(apB)},
		{"unknown zone", n.Zone("1b2c", ""), "1b2c"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.what, c.got, c.want)
		}
	}
}

// zone:, site: and ap: match events whose IDs a names file names; they did
// not before the file was loaded.
func TestFilterUsesFileNames(t *testing.T) {
	s := NewStore(100)
	evs := s.Append(decode(t, msg("rssizone", `{"mac":"70ef0071535f","rssizone_id":"`+zoneLab+`","trigger":"enter","site_id":"`+siteLab+`"}`)))
	evs = append(evs, s.Append(decode(t, msg("client-sessions", `{"mac":"70ef0071535f","ap":"`+apA+`","next_ap":"5c5b35000101","termination_reason":3,"site_id":"`+siteLab+`"}`)))...)
	zone, roam := evs[0], evs[1]
	queries := []struct {
		q  string
		ev *Event
	}{
		{`zone:"lab floor"`, zone}, {`zone:="Lab Floor"`, zone}, {`site:annex`, zone}, {`ap:"file ap"`, roam}, {`"lab floor"`, zone},
	}
	match := func(q string, e *Event) bool {
		pq, err := ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		return pq.Match(e, s.Names)
	}
	for _, c := range queries {
		if match(c.q, c.ev) {
			t.Fatalf("%s matched before the names file", c.q)
		}
	}
	tab := NewNameTable()
	must(t, tab.Set(NameRSSIZone, zoneLab, "Lab Floor"))
	must(t, tab.Set(NameSite, siteLab, "Annex"))
	must(t, tab.Set(NameAP, "5c5b35000101", "File AP"))
	s.Names.AddFileNames(tab)
	for _, c := range queries {
		if !match(c.q, c.ev) {
			t.Errorf("%s did not match with the names file", c.q)
		}
	}
	if match(`zone:"lab floor"`, roam) {
		t.Error("zone: matched an event without a zone")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// FuzzParseNameTable: parsing a names file never panics; what it accepts holds
// only names safe to print, and writes out as JSON that parses back to the
// same names.
func FuzzParseNameTable(f *testing.F) {
	for _, s := range []string{
		"kind,id,name\nsite," + siteLab + ",Lab\nap,5c-5b-35-00-01-01,AP\n",
		"zone," + zoneLab + ",\"a, b\"\n# c\n\nwlan,x,Corp\n",
		"ap,5c5b35000101,\x1b[2Jevil\u009b31m\n",
		`{"org_id":"o","sites":{"` + siteLab + `":"Lab"},"aps":{"5c5b35000101":"AP"}}`,
		`{"maps":{"a":"b"},"zones":{}}`, `{`, `{"sites":[]}`, "\ufeffkind,id,name\n", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ParseNameTable("fuzz", data)
		if err != nil {
			if tab != nil {
				t.Fatal("an error with a table")
			}
			return
		}
		for k := NameKind(0); k < nameKindCount; k++ {
			for id, name := range tab.m[k] {
				if Sanitize(name) != name || name == "" || id == "" {
					t.Fatalf("%s %q: name %q not clean", k, id, name)
				}
				if k == NameAP && !isHexMAC(id) {
					t.Fatalf("ap id %q is not a MAC", id)
				}
			}
		}
		var buf bytes.Buffer
		if err := tab.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := ParseNameTable("fuzz.json", buf.Bytes())
		if err != nil {
			t.Fatalf("written JSON does not parse back: %v\n%s", err, buf.String())
		}
		for k := NameKind(0); k < nameKindCount; k++ {
			for id, name := range tab.m[k] {
				if back.Get(k, id) != name {
					t.Fatalf("%s %q: %q came back as %q\n%s", k, id, name, back.Get(k, id), buf.String())
				}
			}
		}
	})
}
