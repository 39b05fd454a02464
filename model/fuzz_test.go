package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// addSamples seeds a fuzz target with every shared sample (when present).
func addSamples(f *testing.F, add func(body []byte)) {
	paths, _ := filepath.Glob(filepath.Join(samplesDir, "*.json"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			add(b)
		}
	}
}

// FuzzDecodeMessage: decoding never panics, and whatever it accepts is safe
// to print and normalised.
func FuzzDecodeMessage(f *testing.F) {
	addSamples(f, func(b []byte) { f.Add(b) })
	for _, s := range []string{
		`{"topic":"client-join","events":[{"ssid":"\u001b[31mEvil\u001b[0m\u001b[2J","mac":"70:EF:00:71:53:5F","rssi":"-67","band":"2.4GHz"}]}`,
		`{"topic":"client_sessions","events":[{"duration":16709.393960068,"next_ap":"000000000000","termination_reason":3,"timestamp":"1695194041.635342"}]}`,
		`{"topic":"occupancy-alerts","events":[{"site_name":"S","alert_events":[{"zone_name":"Z\u009b2J"},1,null]}]}`,
		`{"topic":"x","events":[1,"a",null,[],{}]}`,
		`{"topic":"sdkclient-scan-data","events":[{"scan_data":[{"ap":"AA-BB-CC-DD-EE-FF","ssid":"\u202eevil"}],"connection_rssi":"NaN"}]}`,
		`{"topic":"wifi-conn-raw","events":[{"client_id":"28-f0-76-2d-22-1e","packets":[{"rssi":-1e308},{"rssi":"x"}]}]}`,
		`{"topic":"alarms","events":[{"aps":"5c5b35000001","timestamp":1e300}]}`,
		// Regressions found by the tests: a MAC wrapped in escapes kept its
		// colons; a long raw fallback was cut inside a rune.
		`{"topic":"client-join","events":[{"mac":"70:ef:00:71:53:5f\u001b[0m","ap":"AA:BB:CC:DD:EE:F\u200bF"}]}`,
		`{"topic":"brand-new","events":[{"n":"` + strings.Repeat("é‑📶", 60) + `"}]}`,
		`[1,2]`, `{"topic":""}`, `{}`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		received := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
		topic, evs, err := DecodeMessage(body, received)
		if err != nil {
			if evs != nil {
				t.Fatalf("events returned with error %v", err)
			}
			return
		}
		if topic == "" {
			t.Fatal("accepted a message with an empty topic")
		}
		if why := dirty(topic); why != "" {
			t.Fatalf("topic %q: %s", topic, why)
		}
		for i := range evs {
			e := &evs[i]
			if e.Topic != topic {
				t.Fatalf("event topic %q, message topic %q", e.Topic, topic)
			}
			if e.Time.IsZero() {
				t.Fatal("event without a time")
			}
			assertClean(t, e)
			assertMACs(t, e)
			assertRawJSON(t, e)
			if why := dirty(Summarize(e, NewNames())); why != "" {
				t.Fatalf("Summarize: %s", why)
			}
		}
		// And the store, names and client table take whatever decoded.
		s := NewStore(4)
		s.Append(evs)
	})
}

// FuzzParseQuery: parsing never panics, and a query that parses can be
// matched against events and clients.
func FuzzParseQuery(f *testing.F) {
	for _, q := range []string{
		"", "site:hq ssid:guest,corp -topic:ping rssi<-70 iphone", "mac:70:ef:00:71:53:5f", "ap:5c-5b-35",
		`ssid:"Corp WiFi"`, `"unclosed`, "rssi>=-65", "rssi:-70", "rssi~5", "foo:bar", "-", "--x", "band:2.4GHz",
		"zone:,", "type:a,,b", "-rssi<", "RSSI<=1e9", "70:ef:00", "topic:client_sessions", "\x1b[2J", "é:ü",
	} {
		f.Add(q)
	}
	names := NewNames()
	var events []Event
	paths, _ := filepath.Glob(filepath.Join(samplesDir, "*.json"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			if _, evs, err := DecodeMessage(b, time.Now()); err == nil {
				events = append(events, evs...)
			}
		}
	}
	events = append(events, Event{}, Event{Topic: "client-join", MAC: "70ef0071535f", HasRSSI: true, RSSI: -70, Band: Band5})
	for i := range events {
		names.Learn(&events[i])
	}
	cs := NewClients()
	cs.Observe(&Event{Kind: KindJoin, Topic: "client-join", MAC: "70ef0071535f", HasRSSI: true, RSSI: -70, SSID: "Corp"})
	client, _ := cs.Get("70ef0071535f")
	f.Fuzz(func(t *testing.T, text string) {
		q, err := ParseQuery(text)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		for i := range events {
			q.Match(&events[i], names)
		}
		q.MatchClient(client, names)
		q.MatchClient(Client{}, names)
		if q.Empty() {
			for i := range events {
				if !q.Match(&events[i], names) {
					t.Fatal("an empty query rejected an event")
				}
			}
		}
	})
}
