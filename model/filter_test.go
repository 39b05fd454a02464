package model

import (
	"strconv"
	"strings"
	"testing"
)

const siteLab = "21134243-0667-44ae-8f58-42b640ad39bb"

// filterFixture is a small store whose names were learned as events arrived.
func filterFixture(t *testing.T) (*Store, map[string]*Event) {
	t.Helper()
	s := NewStore(100)
	named := map[string]string{
		// a ping that names the Lab site, and a device event that names AP-B
		"ping":  msg("ping", `{"site_id":"`+siteLab+`","site_name":"Lab","name":"webhook test"}`),
		"devev": msg("device-events", `{"mac":"`+apB+`","device_name":"AP-B 2nd-Floor","ev_type":"NOTICE","type":"AP_RESTARTED","site_id":"`+siteHQ+`"}`),
		"join": msg("client-join", `{"mac":"70ef0071535f","ap":"`+apA+`","ap_name":"AP-A Lobby","band":"5","rssi":-72,
			"ssid":"Corp WiFi","site_id":"`+siteHQ+`","site_name":"HQ","timestamp":1700000001}`),
		"roam": msg("client-sessions", `{"mac":"70ef0071535f","ap":"`+apA+`","next_ap":"`+apB+`","termination_reason":3,
			"rssi":-65,"ssid":"Corp WiFi","band":"5","client_family":"iPhone","site_id":"`+siteHQ+`","duration":12.5,"timestamp":1700000002}`),
		"zone": msg("zone", `{"mac":"5684dae9ac8b","zone_id":"8ac84899-32db-6327-334c-9b6d58544cfe","zone_name":"Cafeteria",
			"trigger":"enter","type":"wifi","site_id":"`+siteLab+`","timestamp":1700000003}`),
		"alarm": msg("alarms", `{"type":"rogue-ap-detected","aps":["`+apB+`"],"count":3,"severity":"warn","site_id":"`+siteHQ+`","timestamp":1700000004}`),
		"scan":  msg("sdkclient_scan_data", `{"mac":"aabbccddeeff","connection_ap":"`+apB+`","connection_band":"24","connection_rssi":-80,"site_id":"`+siteLab+`"}`),
	}
	evs := map[string]*Event{}
	for _, k := range []string{"ping", "devev", "join", "roam", "zone", "alarm", "scan"} {
		out := s.Append(decode(t, named[k]))
		evs[k] = out[0]
	}
	return s, evs
}

func TestFilterMatch(t *testing.T) {
	s, evs := filterFixture(t)
	tests := []struct {
		query string
		event string
		want  bool
	}{
		{"", "join", true},
		{"   ", "alarm", true},

		// site: by name, by learned name, by ID
		{"site:hq", "join", true},
		{"site:hq", "roam", true}, // roam carries only site_id: name learned from the join
		{"site:hq", "zone", false},
		{"site:lab", "zone", true}, // learned from the ping
		{"site:4ac1dcf4", "roam", true},
		{"site:" + siteLab, "zone", true},
		{"site:" + strings.ToUpper(siteLab), "zone", true},

		{"ssid:corp", "join", true},
		{"ssid:guest", "join", false},
		{"ssid:corp", "zone", false},

		{"topic:client-sessions", "roam", true},
		{"topic:client_sessions", "roam", true},
		{"topic:client-sessions", "join", false},
		{"topic:join", "join", true},
		{"topic:sdkclient_scan_data", "scan", true},

		// mac: in every spelling, and a prefix
		{"mac:70:ef:00:71:53:5f", "join", true},
		{"mac:70-ef-00-71-53-5f", "join", true},
		{"mac:70ef0071535f", "join", true},
		{"mac:70EF.0071.535F", "join", true},
		{"mac:70:ef:00", "join", true},
		{"mac:70:ef:00", "zone", false},
		{"mac:70ef0071535f", "zone", false},

		// ap: by MAC, by name, by learned name, next_ap
		{"ap:5c:5b:35:0e:00:01", "join", true},
		{"ap:5c-5b-35-0e-00-01", "join", true},
		{"ap:lobby", "join", true},
		{"ap:5c5b350e0002", "roam", true}, // next_ap
		{"ap:5c5b350e0002", "join", false},
		{"ap:2nd-floor", "roam", true}, // next_ap's learned name, which has a dash
		{`ap:"AP-B 2nd-Floor"`, "roam", true},
		{"ap:ap-b", "alarm", true}, // alarm's AP, learned name
		{"ap:ap-b", "join", false},
		{"ap:ap-a", "join", true},

		{"band:5", "join", true},
		{"band:5GHz", "join", true},
		{"band:2.4", "join", false},
		{"band:24", "scan", true},
		{"band:2.4GHz", "scan", true},
		{"band:5", "alarm", false},

		{"zone:cafe", "zone", true},
		{"zone:8ac84899", "zone", true},
		{"zone:cafe", "join", false},

		{"type:rogue", "alarm", true},
		{"type:warn", "alarm", true}, // severity
		{"type:wifi", "zone", true},
		{"type:rogue", "zone", false},

		// rssi comparisons; events without a reading never satisfy one
		{"rssi<-70", "join", true},
		{"rssi<-70", "roam", false},
		{"rssi<-70", "alarm", false},
		{"rssi>=-65", "roam", true},
		{"rssi>=-65", "join", false},
		{"rssi>-65", "roam", false},
		{"rssi<=-72", "join", true},
		{"rssi:-72", "join", true},
		{"rssi=-72", "join", true},
		{"rssi:-70", "join", false},
		{"RSSI<-70", "join", true},

		// alternatives
		{"ssid:guest,corp", "join", true},
		{"topic:zone,alarms", "zone", true},
		{"topic:zone,alarms", "alarm", true},
		{"topic:zone,alarms", "join", false},
		{"ap:nowhere,lobby", "join", true},

		// negation
		{"-topic:client-join", "join", false},
		{"-topic:client-join", "roam", true},
		{"-rssi<-70", "join", false},
		{"-rssi<-70", "roam", true},
		{"-lobby", "join", false},
		{"-lobby", "zone", true},

		// bare words match any text column
		{"lobby", "join", true},
		{"cafeteria", "zone", true},
		{"rogue", "alarm", true},
		{"roamed", "roam", true}, // reason
		{"iphone", "roam", true}, // client family
		{"hq", "roam", true},     // learned site name
		{"2nd-floor", "roam", true},
		{"enter", "zone", true},
		{"5g", "join", true},
		{"lobby", "zone", false},
		{"70:ef:00:71:53:5f", "join", true}, // a bare MAC with colons is a word, not a field
		{"70:ef:00:71:53:5f", "zone", false},
		{"70ef0071535f", "roam", true},

		// quoted values with a space, case-insensitivity
		{`ssid:"Corp WiFi"`, "join", true},
		{`ssid:"corp wifi"`, "join", true},
		{`"Corp WiFi"`, "join", true},
		{`ssid:"Corp Guest"`, "join", false},
		{"SSID:CORP", "join", true},
		{"Topic:Client-Join", "join", true},
		{"Site:HQ", "join", true},
		{"LOBBY", "join", true},

		// every term must match
		{"ssid:corp topic:join", "join", true},
		{"ssid:corp topic:zone", "join", false},
		{"site:hq ssid:corp rssi<-70 band:5 ap:lobby", "join", true},
		{"site:hq ssid:corp rssi<-70 band:5 ap:lobby -mac:70ef", "join", false},
	}
	for _, tt := range tests {
		t.Run(tt.query+"/"+tt.event, func(t *testing.T) {
			q, err := ParseQuery(tt.query)
			if err != nil {
				t.Fatalf("ParseQuery(%q): %v", tt.query, err)
			}
			if got := q.Match(evs[tt.event], s.Names); got != tt.want {
				t.Errorf("%q on %s = %v, want %v (event %+v)", tt.query, tt.event, got, tt.want, *evs[tt.event])
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		query string
		term  string   // the offending term, which the message must name
		also  []string // more text the message must hold
	}{
		{"foo:bar", "foo:bar", []string{`"foo"`}},
		{"site:hq foo:bar", "foo:bar", []string{"unknown field"}},
		{"ssid:", "ssid:", nil},
		{"ssid:corp ap:", "ap:", nil},
		{"ssid:,", "ssid:,", nil},
		{"rssi<abc", "rssi<abc", []string{"number"}},
		{"rssi<", "rssi<", nil},
		{"rssi~5", "rssi~5", nil},
		{"rssi!=5", "rssi!=5", nil},
		{`ssid:"Corp WiFi`, `ssid:"Corp WiFi`, []string{"quote"}},
		{`site:hq "lobby`, `"lobby`, []string{"quote"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := ParseQuery(tt.query)
			if err == nil {
				t.Fatalf("ParseQuery(%q) = %+v, want an error", tt.query, q)
			}
			msg := err.Error()
			// The term may be shown as typed or Go-quoted.
			quoted := strconv.Quote(tt.term)
			if !strings.Contains(msg, tt.term) && !strings.Contains(msg, quoted[1:len(quoted)-1]) {
				t.Errorf("error %q does not name the term %q", msg, tt.term)
			}
			for _, a := range tt.also {
				if !strings.Contains(msg, a) {
					t.Errorf("error %q does not mention %q", msg, a)
				}
			}
		})
	}
}

func TestParseQueryAccepts(t *testing.T) {
	// Words that merely start like a field or like rssi are bare words.
	for _, q := range []string{"rssizone", "rssi", "-", "site", "topic:rssizone", "a:b:c:d", "70:ef", "ssid:a:b", `""`} {
		if _, err := ParseQuery(q); err != nil {
			t.Errorf("ParseQuery(%q): %v", q, err)
		}
	}
	q, err := ParseQuery("  site:hq   ssid:corp ")
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "String", q.String(), "site:hq   ssid:corp")
	eq(t, "Empty", q.Empty(), false)
	q, _ = ParseQuery("")
	eq(t, "Empty('')", q.Empty(), true)

	// rssizone as a bare word finds the rssizone topic.
	s := NewStore(10)
	e := s.Append(sample(t, "rssizone"))[0]
	q, _ = ParseQuery("rssizone")
	eq(t, "rssizone matches its topic", q.Match(e, s.Names), true)
}

func TestMatchClient(t *testing.T) {
	s, _ := filterFixture(t)
	c, ok := s.Clients.Get("70ef0071535f")
	if !ok {
		t.Fatal("client not tracked")
	}
	tests := []struct {
		query string
		want  bool
	}{
		{"", true},
		{"mac:70-ef-00-71-53-5f", true},
		{"mac:aabb", false},
		{"ssid:corp", true},
		{"site:hq", true},
		{"band:5", true},
		{"band:2.4", false},
		{"rssi>=-65", true}, // latest reading (the roam)
		{"rssi<-70", false},
		{"ap:lobby", true},
		{"topic:client-sessions", true}, // topic of the latest reading
		{"-ssid:corp", false},
		{"70:ef:00", true},
	}
	for _, tt := range tests {
		q, err := ParseQuery(tt.query)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", tt.query, err)
		}
		if got := q.MatchClient(c, s.Names); got != tt.want {
			t.Errorf("MatchClient(%q) = %v, want %v (client %s)", tt.query, got, tt.want, c.MAC())
		}
	}
	// A client from an SDK scan: learned site name and 2.4 band.
	sc, _ := s.Clients.Get("aabbccddeeff")
	for q, want := range map[string]bool{"site:lab": true, "band:24": true, "ap:2nd-floor": true, "rssi<-79": true} {
		pq, err := ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		if got := pq.MatchClient(sc, s.Names); got != want {
			t.Errorf("MatchClient(%q) on scan client = %v, want %v", q, got, want)
		}
	}
}
