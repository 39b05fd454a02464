package model

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestSamplesDecode: every shared sample decodes, yields events of the topic
// its file is named after, and each event is printable, normalised and keeps
// valid raw JSON.
func TestSamplesDecode(t *testing.T) {
	for _, s := range loadSamples(t) {
		t.Run(s.name, func(t *testing.T) {
			topic, evs, err := DecodeMessage(s.body, recv)
			if err != nil {
				t.Fatalf("DecodeMessage: %v", err)
			}
			if topic != s.topic {
				t.Errorf("topic = %q, want %q", topic, s.topic)
			}
			if len(evs) == 0 {
				t.Fatal("no events")
			}
			for i := range evs {
				e := &evs[i]
				if e.Topic != s.topic {
					t.Errorf("event %d: Topic = %q, want %q", i, e.Topic, s.topic)
				}
				if e.Time.IsZero() {
					t.Errorf("event %d: zero Time", i)
				}
				if e.Time.Location() != time.UTC {
					t.Errorf("event %d: Time not UTC: %v", i, e.Time.Location())
				}
				assertClean(t, e)
				assertMACs(t, e)
				assertRawJSON(t, e)
			}
		})
	}
}

// TestSampleSpotChecks checks the values each sample must decode to.
func TestSampleSpotChecks(t *testing.T) {
	tests := []struct {
		sample string
		n      int // events
		check  func(t *testing.T, evs []Event)
	}{
		{"client-join", 1, func(t *testing.T, evs []Event) {
			e := evs[0]
			eq(t, "Kind", e.Kind, KindJoin)
			eq(t, "APName", e.APName, "Pradeep AP 01")
			eq(t, "AP (masked, kept)", e.AP, "xx2316ed6axx")
			eq(t, "MAC (masked, kept)", e.MAC, "xxdd8e7508xx")
			eq(t, "Band", e.Band, Band5)
			eq(t, "HasRSSI", e.HasRSSI, true)
			eq(t, "RSSI", e.RSSI, -27.0)
			eq(t, "SSID", e.SSID, "Pradeep_Guest")
			eq(t, "SiteName", e.SiteName, "Primary Site")
			eq(t, "SiteID (masked, kept)", e.SiteID, "xxxxxx0a4-2770-47b6-93b1-87114bxxxx")
			eq(t, "OrgID (masked, kept)", e.OrgID, "xxxx0047-ccbb-46b8-a04e-d8240ddxxxxx")
			eq(t, "Time", e.Time, unix(1695172665, 0))
		}},
		{"sdkclient-scan-data", 1, func(t *testing.T, evs []Event) {
			e := evs[0]
			eq(t, "Kind", e.Kind, KindLocation)
			eq(t, "MAC", e.MAC, "70ef0071535f")
			eq(t, "AP (connection_ap)", e.AP, "5c5b352f587e")
			eq(t, "RSSI (connection_rssi)", e.RSSI, -87.0)
			eq(t, "HasRSSI", e.HasRSSI, true)
			eq(t, "Band (connection_band)", e.Band, Band24)
			eq(t, "Channel", e.Channel, 11)
			eq(t, "Time (last_seen)", e.Time, unix(1592333828, 0))
			eq(t, "SiteID", e.SiteID, "93986f10-773b-42be-9438-8d3e6d127f1a")
			if len(e.Scan) != 2 {
				t.Fatalf("Scan: %d entries, want 2", len(e.Scan))
			}
			eq(t, "Scan[0]", e.Scan[0], ScanEntry{AP: "5c5b352f587e", BSSID: "5c5b352b51b4", Band: Band24, Channel: 11, RSSI: -87, SSID: "mist-wifi"})
			eq(t, "Scan[1]", e.Scan[1], ScanEntry{AP: "5c5b352f587e", BSSID: "5c5b352b51b8", Band: Band5, Channel: 36, RSSI: -75, SSID: "mist-wifi"})
		}},
		{"mxedge-events", 2, func(t *testing.T, evs []Event) {
			for _, e := range evs {
				eq(t, "Kind", e.Kind, KindAlarm)
				eq(t, "Type", e.Type, "ME_CONFIG_CHANGED_BY_USER")
			}
			eq(t, "Device[0]", evs[0].Device, "demo123")
			eq(t, "Device[1]", evs[1].Device, "test123")
			within(t, "Time[0]", evs[0].Time, unix(1763546876, 209649000), 2*time.Microsecond)
			within(t, "Time[1]", evs[1].Time, unix(1763546876, 417778000), 2*time.Microsecond)
		}},
		{"wifi-conn-raw", 2, func(t *testing.T, evs []Event) {
			eq(t, "MAC[0] from 28-f0-76-2d-22-1e", evs[0].MAC, "28f0762d221e")
			eq(t, "MAC[1] from 38-f9-d3-99-08-6e", evs[1].MAC, "38f9d399086e")
			for _, e := range evs {
				eq(t, "Kind", e.Kind, KindLocation)
				eq(t, "AP from ac-23-16-ec-a7-0b", e.AP, "ac2316eca70b")
				eq(t, "Band (packets 5GHz)", e.Band, Band5)
				eq(t, "Time (none: received)", e.Time, recv)
			}
			eq(t, "RSSI[0]", evs[0].RSSI, -92.0)
			eq(t, "RSSI[1]", evs[1].RSSI, -94.0)
		}},
		{"wifi-unconn-raw", 2, func(t *testing.T, evs []Event) {
			eq(t, "MAC[0]", evs[0].MAC, "28f0762d221e")
			eq(t, "RSSI[0]", evs[0].RSSI, -92.0)
			eq(t, "HasRSSI", evs[0].HasRSSI, true)
		}},
		{"alarms", 1, func(t *testing.T, evs []Event) {
			e := evs[0]
			eq(t, "Kind", e.Kind, KindAlarm)
			eq(t, "Type", e.Type, "rogue-ap-detected")
			eq(t, "Count", e.Count, 16)
			eq(t, "AP (aps[0], masked)", e.AP, "5c5b35xxxxxx")
			eq(t, "Time (timestamp wins over last_seen)", e.Time, unix(1549068202, 0))
			eq(t, "SiteID (masked, kept)", e.SiteID, "4ac1dcf4-9d8b-7211-xxxx-xxxxxxxxxxxx")
		}},
		{"audits", 1, func(t *testing.T, evs []Event) {
			eq(t, "Kind", evs[0].Kind, KindOther)
			eq(t, "Text", evs[0].Text, `Add Webhook "webhook_site"`)
			within(t, "Time", evs[0].Time, unix(1695169967, 621590000), 2*time.Microsecond)
		}},
		{"asset-raw-rssi", 2, func(t *testing.T, evs []Event) {
			eq(t, "MAC[0]", evs[0].MAC, "ed2cc53f2770")
			eq(t, "RSSI[0]", evs[0].RSSI, -79.0)
			eq(t, "MAC[1]", evs[1].MAC, "ed2cc53f2771")
			eq(t, "RSSI[1]", evs[1].RSSI, -74.0)
			eq(t, "Kind", evs[0].Kind, KindLocation)
		}},
		{"zone", 3, func(t *testing.T, evs []Event) {
			for _, e := range evs {
				eq(t, "Kind", e.Kind, KindZone)
				eq(t, "ZoneID", e.ZoneID, "8ac84899-32db-6327-334c-9b6d58544cfe")
				eq(t, "Trigger", e.Trigger, "enter")
			}
			eq(t, "Type[0]", evs[0].Type, "sdk")
			eq(t, "ZoneName[0] (name of an sdk client is not the zone)", evs[0].ZoneName, "")
			eq(t, "Text[0]", evs[0].Text, "optional")
			eq(t, "MAC[1]", evs[1].MAC, "5684dae9ac8b")
			eq(t, "MAC[2]", evs[2].MAC, "7fc2936fd243")
			eq(t, "Type[2]", evs[2].Type, "asset")
		}},
		{"rssizone", 1, func(t *testing.T, evs []Event) {
			e := evs[0]
			eq(t, "Kind", e.Kind, KindZone)
			eq(t, "ZoneID (rssizone_id, masked)", e.ZoneID, "e38f8e76-40db-4144-xxxx-xxxxxxxxxxxx")
			eq(t, "MAC (masked)", e.MAC, "500291xxxxxx")
			eq(t, "Trigger", e.Trigger, "enter")
			eq(t, "HasRSSI", e.HasRSSI, false)
		}},
		{"ping", 1, func(t *testing.T, evs []Event) {
			eq(t, "Text", evs[0].Text, "webhook event delivery test")
			eq(t, "SiteID", evs[0].SiteID, "21134243-0667-44ae-8f58-42b640ad39bb")
		}},
		{"nac-events", 1, func(t *testing.T, evs []Event) {
			e := evs[0]
			eq(t, "MAC", e.MAC, "ac3eb179e535")
			eq(t, "AP", e.AP, "5c5b35513227")
			eq(t, "SSID", e.SSID, "##mist_nac")
			eq(t, "Type", e.Type, "NAC_CLIENT_PERMIT")
			eq(t, "Hostname (username)", e.Hostname, "user@deaflyz.net")
			eq(t, "Device (filler device_mac kept)", e.Device, "device_mac4")
		}},
		{"nac-accounting", 1, func(t *testing.T, evs []Event) {
			eq(t, "SSID", evs[0].SSID, "Test-CMR SSID")
			eq(t, "MAC", evs[0].MAC, "6e795836d5f9")
		}},
		{"minis-application", 1, func(t *testing.T, evs []Event) {
			eq(t, "Device", evs[0].Device, "003e7316fd96")
		}},
		{"guest-authorizations", 1, func(t *testing.T, evs []Event) {
			eq(t, "MAC (client)", evs[0].MAC, "ac2316eca70a")
			eq(t, "AP", evs[0].AP, "5c5b350e55c8")
			eq(t, "SSID", evs[0].SSID, "Portal Auth")
		}},
		{"client-info", 1, func(t *testing.T, evs []Event) {
			eq(t, "Hostname", evs[0].Hostname, "service.company.net")
			eq(t, "MAC", evs[0].MAC, "6ebaa47a3fd4")
		}},
		{"location-client", 1, func(t *testing.T, evs []Event) {
			eq(t, "Kind", evs[0].Kind, KindLocation)
			eq(t, "MAC", evs[0].MAC, "5684dae9ac8b")
			eq(t, "HasRSSI", evs[0].HasRSSI, false)
			eq(t, "Time", evs[0].Time, unix(1461220784, 0))
			eq(t, "HasXY", evs[0].HasXY, true)
			eq(t, "X", evs[0].X, 13.5)
			eq(t, "Y", evs[0].Y, 3.2)
			eq(t, "MapID", evs[0].MapID, "845a23bf-bed9-e43c-4c86-6fa474be7ae5")
		}},
		{"site-sle", 1, func(t *testing.T, evs []Event) {
			eq(t, "Kind", evs[0].Kind, KindOther)
			eq(t, "SiteID", evs[0].SiteID, "4ac1dcf4-9d8b-7211-65c4-057819f0862b")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.sample, func(t *testing.T) {
			evs := sample(t, tt.sample)
			if len(evs) != tt.n {
				t.Fatalf("%d events, want %d", len(evs), tt.n)
			}
			tt.check(t, evs)
		})
	}
}

func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

func within(t *testing.T, what string, got, want time.Time, d time.Duration) {
	t.Helper()
	if !near(got, want, d) {
		t.Errorf("%s = %v, want %v (±%v)", what, got.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano), d)
	}
}

// seedExample is one JSON example printed in the seed documents.
type seedExample struct {
	file, text string
}

var (
	fencedJSON = regexp.MustCompile("(?s)```json\\s*\\n(.*?)\\n```")
	topicOf    = regexp.MustCompile(`"topic"\s*:\s*"([^"]*)"`)
)

// seedExamples extracts the ```json fenced blocks and the one-line inline
// `{ "topic": ... }` messages from the seed texts.
func seedExamples(t *testing.T) []seedExample {
	t.Helper()
	if _, err := os.Stat(seedsDir); os.IsNotExist(err) {
		skipUnlessCI(t, seedsDir)
	}
	paths, err := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no seeds in %s (%v)", seedsDir, err)
	}
	sort.Strings(paths)
	var out []seedExample
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for _, m := range fencedJSON.FindAllStringSubmatch(text, -1) {
			out = append(out, seedExample{filepath.Base(p), m[1]})
		}
		for _, line := range strings.Split(text, "\n") {
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, "{") && strings.Contains(line, `"topic"`) {
				out = append(out, seedExample{filepath.Base(p), line})
			}
		}
	}
	return out
}

// asMessage wraps a bare event object (no "topic") as a client-sessions
// message, which is what the SDK model example in the seeds documents.
func asMessage(t *testing.T, text string) string {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal([]byte(text), &probe); err != nil {
		t.Fatalf("valid JSON example is not an object: %v", err)
	}
	if _, ok := probe["topic"]; ok {
		return text
	}
	return `{"topic":"client-sessions","events":[` + text + `]}`
}

// TestSeedExamples decodes every valid JSON example in the seed documents and
// checks that the invalid ones are invalid for the documented reasons (so a
// broken extraction is noticed rather than silently skipping examples).
func TestSeedExamples(t *testing.T) {
	exs := seedExamples(t)
	// The 002 examples that are not valid JSON as printed, and why.
	wantInvalid := map[string]string{
		"webhook-topic":   "placeholder with ...",
		"client-join":     "curly quotes",
		"client-sessions": "curly quotes",
		"device-updowns":  "missing comma",
		"location":        "// comments",
	}
	var valid int
	gotInvalid := map[string]bool{}
	for _, ex := range exs {
		if !json.Valid([]byte(ex.text)) {
			m := topicOf.FindStringSubmatch(ex.text)
			if m == nil {
				t.Errorf("%s: invalid example without a topic: %.80s", ex.file, ex.text)
				continue
			}
			why, known := wantInvalid[m[1]]
			if !known {
				t.Errorf("%s: example for %q is not valid JSON: %.120s", ex.file, m[1], ex.text)
				continue
			}
			gotInvalid[m[1]] = true
			switch why {
			case "curly quotes":
				if !strings.ContainsAny(ex.text, "“”") {
					t.Errorf("%s: %q example was expected to carry curly quotes", ex.file, m[1])
				}
			case "// comments":
				if !strings.Contains(ex.text, "// for") {
					t.Errorf("%s: %q example was expected to carry // comments", ex.file, m[1])
				}
			}
			continue
		}
		valid++
		body := asMessage(t, ex.text)
		topic, evs, err := DecodeMessage([]byte(body), recv)
		if err != nil {
			t.Errorf("%s: DecodeMessage: %v\n%.200s", ex.file, err, body)
			continue
		}
		if len(evs) == 0 {
			t.Errorf("%s: %s: no events", ex.file, topic)
		}
		for i := range evs {
			assertClean(t, &evs[i])
			assertMACs(t, &evs[i])
		}
		switch topic {
		case "mxedge-events": // timestamp as a numeric string
			within(t, "mxedge-events Time", evs[0].Time, unix(1692974834, 308884000), 2*time.Microsecond)
			eq(t, "mxedge-events Device", evs[0].Device, "ME1")
		case "occupancy-alerts":
			if len(evs) != 3 {
				t.Errorf("occupancy-alerts: %d events, want one per alert (3)", len(evs))
			}
			for _, e := range evs {
				eq(t, "occupancy SiteName (inherited)", e.SiteName, "MIST OFFICE")
			}
		case "device-events":
			eq(t, "device-events AP", evs[0].AP, "5c5b35xxxxxx")
			eq(t, "device-events Device", evs[0].Device, "AP41 Near Lab")
			eq(t, "device-events Severity", evs[0].Severity, "notice") // severities are lower-cased
		case "vbeacon":
			eq(t, "vbeacon ZoneID", evs[0].ZoneID, "ca301fd7-07af-4d42-xxxx-xxxxxxxxxxxx")
		case "zone": // the seed's zone_id ends in a space; it is kept (sanitised) as it came
			eq(t, "zone Trigger", evs[0].Trigger, "exit")
			eq(t, "zone ZoneID", evs[0].ZoneID, "b83312a7-7269-4ae1-xxxx-xxxxxxxxxxxx ")
		case "client-sessions": // the bare SDK model example
			eq(t, "client-sessions reason", evs[0].Reason, ReasonInactive)
			eq(t, "client-sessions NextAP (filler)", evs[0].NextAP, "next_ap2")
			eq(t, "client-sessions Roam (next_ap set)", evs[0].Roam, true)
		}
	}
	if valid < 10 {
		t.Errorf("found %d valid JSON examples in the seeds, want at least 10", valid)
	}
	for topic := range wantInvalid {
		if !gotInvalid[topic] {
			t.Errorf("expected the %q example to be extracted and invalid as printed", topic)
		}
	}
}

// TestSeedCurlyQuoteExamplesRepaired: the client-join and client-sessions
// examples are only typo'd; once the quotes and commas are repaired they
// decode to what the documentation describes.
func TestSeedCurlyQuoteExamplesRepaired(t *testing.T) {
	repair := func(s string) string {
		s = strings.NewReplacer("“", `"`, "”", `"`).Replace(s)
		s = regexp.MustCompile(`(\d)\s+"`).ReplaceAllString(s, `$1, "`) // "version": 2 "wlan_id"
		s = regexp.MustCompile(`,\s*}`).ReplaceAllString(s, "}")        // trailing comma
		return s
	}
	found := 0
	for _, ex := range seedExamples(t) {
		if !strings.ContainsAny(ex.text, "“”") {
			continue
		}
		found++
		body := repair(ex.text)
		if !json.Valid([]byte(body)) {
			t.Fatalf("repair did not produce JSON: %s", body)
		}
		topic, evs, err := DecodeMessage([]byte(body), recv)
		if err != nil || len(evs) != 1 {
			t.Fatalf("%v, %d events", err, len(evs))
		}
		e := evs[0]
		eq(t, "APName", e.APName, "AP43 Test")
		eq(t, "Band", e.Band, Band5)
		switch topic {
		case "client-join":
			eq(t, "RSSI", e.RSSI, -54.0)
			eq(t, "SSID", e.SSID, "Mist")
		case "client-sessions":
			eq(t, "Duration (float)", e.Duration, 279.835049793)
			eq(t, "Reason", e.Reason, ReasonRoamed)
			eq(t, "Roam", e.Roam, true)
			eq(t, "NextAP (masked)", e.NextAP, "5c5b35d0xxxx")
			eq(t, "Family", e.Family, "iPhone")
		default:
			t.Errorf("unexpected curly-quoted example for %q", topic)
		}
	}
	if found != 2 {
		t.Errorf("found %d curly-quoted examples, want 2", found)
	}
}

// TestNoScanListsChangesNothingElse: the report's first pass decodes with
// NoScanLists and must count exactly the events and readings the second
// pass (a full decode) sees: only Scan may differ.
func TestNoScanListsChangesNothingElse(t *testing.T) {
	data, err := os.ReadFile("../testdata/demo-survey.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	lists := 0
	for n, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var rec struct{ Message json.RawMessage }
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		_, full, err1 := DecodeMessage(rec.Message, recv)
		_, lite, err2 := DecodeMessageWith(rec.Message, recv, DecodeOptions{NoScanLists: true})
		if err1 != nil || err2 != nil || len(full) != len(lite) {
			t.Fatalf("line %d: %v / %v, %d / %d events", n+1, err1, err2, len(full), len(lite))
		}
		for i := range full {
			if len(full[i].Scan) > 0 {
				lists++
			}
			if lite[i].Scan != nil {
				t.Fatalf("line %d event %d: scan list decoded: %v", n+1, i, lite[i].Scan)
			}
			full[i].Scan = nil
			if !reflect.DeepEqual(full[i], lite[i]) {
				t.Fatalf("line %d event %d differs:\n%+v\n%+v", n+1, i, full[i], lite[i])
			}
		}
	}
	if lists == 0 {
		t.Fatal("the demo survey has no scan lists: the test shows nothing")
	}
}
