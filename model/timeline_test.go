package model

import (
	"math"
	"strings"
	"testing"
	"time"
	"unicode"
)

// Fixtures of the timeline, pattern and export tests. The MACs and names are
// those of the demo survey, so failures read like the dashboard.
const (
	tlPixel   = "4c4fee3a9d17"
	tlMacBook = "a8a15912c7e0"
	tlLobby   = "5c5b35a01c40" // A-1F-Lobby
	tlCafe    = "5c5b35a02d80" // A-1F-Cafe
	tlWest    = "5c5b35b11a80" // A-2F-West
	tlConf    = "5c5b35b12b00" // A-2F-Conf
	tlEast    = "5c5b35b13c40" // A-2F-East
	tlHQ      = "ed5252f1-db82-4458-bf02-0427c10b4904"
	tlRZone   = "419bf358-b4e7-4357-b657-176468ce86fc"
)

var tlBase = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// tlAt is tlBase plus sec seconds.
func tlAt(sec float64) time.Time { return tlBase.Add(time.Duration(sec * float64(time.Second))) }

// tlEv builds an event as the decoder leaves it: kind from the topic, and
// Roam worked out for client-sessions.
func tlEv(topic string, sec float64, mac string, set func(*Event)) Event {
	e := Event{Topic: topic, Kind: kindOf(topic), Time: tlAt(sec), MAC: mac, SiteID: tlHQ}
	if set != nil {
		set(&e)
	}
	if e.Kind == KindSession {
		e.Roam = e.Reason == ReasonRoamed || e.NextAP != ""
	}
	return e
}

func tlRSSI(v float64) func(*Event) {
	return func(e *Event) { e.RSSI, e.HasRSSI = v, true }
}

func TestBuildTimeline(t *testing.T) {
	s := NewStore(100)
	// Appended out of time order, in several batches, with events of
	// another client and of an AP mixed in.
	s.Append([]Event{
		tlEv("client-join", 5, tlMacBook, func(e *Event) { // teaches A-1F-Cafe
			e.AP, e.APName, e.SSID, e.RSSI, e.HasRSSI = tlCafe, "A-1F-Cafe", "HQ-Guest", -50, true
		}),
		tlEv("client-join", 10, tlPixel, func(e *Event) { // teaches A-1F-Lobby
			e.AP, e.APName, e.SSID, e.Band, e.RSSI, e.HasRSSI = tlLobby, "A-1F-Lobby", "Mist-Corp", Band5, -59, true
		}),
		// The roam names neither AP: both come from the joins.
		tlEv("client-sessions", 40, tlPixel, func(e *Event) {
			e.AP, e.NextAP, e.Reason, e.Duration, e.RSSI, e.HasRSSI = tlLobby, tlCafe, ReasonRoamed, 51, -72, true
		}),
	})
	s.Append([]Event{
		tlEv("sdkclient-scan-data", 20, tlPixel, func(e *Event) { e.AP = tlLobby; tlRSSI(-63)(e) }),
		tlEv("zone", 30, tlPixel, func(e *Event) { e.Trigger, e.ZoneName, e.ZoneID = "enter", "Lobby", "846f7bee" }),
		tlEv("location-client", 35, tlPixel, func(e *Event) { e.Type = "wifi" }),
		// Same time as the roam, appended later: comes after it.
		tlEv("client-join", 40, tlPixel, func(e *Event) {
			e.AP, e.SSID, e.Band, e.RSSI, e.HasRSSI = tlCafe, "Mist-Corp", Band5, -60, true
		}),
		tlEv("rssizone", 45, tlPixel, func(e *Event) { e.Trigger, e.ZoneID = "exit", tlRZone }),
		tlEv("location-client", 50, tlMacBook, tlRSSI(-80)),
		tlEv("device-events", 55, tlLobby, func(e *Event) { e.AP, e.Type = tlLobby, "AP_RESTARTED" }),
	})
	s.Append([]Event{
		tlEv("client-sessions", 0, tlPixel, func(e *Event) {
			e.AP, e.Reason, e.Duration, e.RSSI, e.HasRSSI = tlLobby, ReasonInactive, 309, -73, true
		}),
	})

	want := []struct {
		sec    float64
		kind   EntryKind
		topic  string
		ap     string
		nextAP string
		rssi   float64 // NaN: no reading
		text   string
	}{
		{0, EntryDisconnect, "client-sessions", tlLobby, "", -73, "left A-1F-Lobby, inactive, 5m09s, -73 dBm"},
		{10, EntryJoin, "client-join", tlLobby, "", -59, `joined "Mist-Corp" on A-1F-Lobby 5G -59 dBm`},
		{20, EntryRSSI, "sdkclient-scan-data", tlLobby, "", -63, "-63 dBm on A-1F-Lobby (sdkclient-scan-data)"},
		{30, EntryZone, "zone", "", "", math.NaN(), "enter zone Lobby"},
		{35, EntryLocation, "location-client", "", "", math.NaN(), "located (location-client)"},
		{40, EntryRoam, "client-sessions", tlLobby, tlCafe, -72, "A-1F-Lobby → A-1F-Cafe, roamed, 51s, -72 dBm"},
		{40, EntryJoin, "client-join", tlCafe, "", -60, `joined "Mist-Corp" on A-1F-Cafe 5G -60 dBm`},
		{45, EntryZone, "rssizone", "", "", math.NaN(), "exit rssizone " + tlRZone},
	}
	got := BuildTimeline(s, tlPixel)
	if len(got) != len(want) {
		for _, g := range got {
			t.Logf("%s %s %s", g.Time.Format(time.TimeOnly), g.Kind, g.Text)
		}
		t.Fatalf("BuildTimeline: %d entries, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if !g.Time.Equal(tlAt(w.sec)) || g.Kind != w.kind || g.Topic != w.topic || g.AP != w.ap || g.NextAP != w.nextAP {
			t.Errorf("[%d] = %s %s %s ap=%q next=%q, want %s %s %s ap=%q next=%q", i,
				g.Time.Format(time.TimeOnly), g.Kind, g.Topic, g.AP, g.NextAP,
				tlAt(w.sec).Format(time.TimeOnly), w.kind, w.topic, w.ap, w.nextAP)
		}
		if math.IsNaN(w.rssi) {
			if g.HasRSSI {
				t.Errorf("[%d] %s has RSSI %v, want none", i, g.Kind, g.RSSI)
			}
		} else if !g.HasRSSI || g.RSSI != w.rssi {
			t.Errorf("[%d] %s RSSI = %v (has %v), want %v", i, g.Kind, g.RSSI, g.HasRSSI, w.rssi)
		}
		if g.Text != w.text {
			t.Errorf("[%d] %s Text = %q, want %q", i, g.Kind, g.Text, w.text)
		}
		if ev, ok := s.Get(g.Seq); !ok || ev.MAC != tlPixel || !ev.Time.Equal(g.Time) {
			t.Errorf("[%d] Seq %d does not find the entry's event", i, g.Seq)
		}
	}
	if got[5].Seq >= got[6].Seq {
		t.Errorf("tie at 40s: roam Seq %d, join Seq %d; want the earlier Seq first", got[5].Seq, got[6].Seq)
	}
}

func TestBuildTimelineText(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name string
		ev   Event
		kind EntryKind
		text string
	}{
		{"join without band or rssi", tlEv("client-join", 0, tlPixel, func(e *Event) { e.AP, e.APName, e.SSID = tlLobby, "A-1F-Lobby", "Mist-Corp" }),
			EntryJoin, `joined "Mist-Corp" on A-1F-Lobby`},
		{"join on an unnamed AP", tlEv("client-join", 0, tlPixel, func(e *Event) { e.AP, e.Band = tlWest, Band6; tlRSSI(-43)(e) }),
			EntryJoin, "joined on 5c:5b:35:b1:1a:80 6G -43 dBm"},
		{"roam by next_ap only", tlEv("client-sessions", 0, tlPixel, func(e *Event) { e.AP, e.APName, e.NextAP = tlLobby, "A-1F-Lobby", tlEast }),
			EntryRoam, "A-1F-Lobby → 5c:5b:35:b1:3c:40, roamed"},
		{"roam by reason, next AP unknown", tlEv("client-sessions", 0, tlPixel, func(e *Event) { e.AP, e.Reason, e.Duration = tlLobby, ReasonRoamed, 3725 }),
			EntryRoam, "5c:5b:35:a0:1c:40 → ?, roamed, 1h02m"},
		{"disconnect, disassociated", tlEv("client-sessions", 0, tlPixel, func(e *Event) { e.AP, e.APName, e.Reason = tlCafe, "A-1F-Cafe", ReasonDisassociated; tlRSSI(-80)(e) }),
			EntryDisconnect, "left A-1F-Cafe, disassociated, -80 dBm"},
		{"disconnect, no reason", tlEv("client-sessions", 0, tlPixel, func(e *Event) { e.AP, e.APName, e.Duration = tlCafe, "A-1F-Cafe", 47 }),
			EntryDisconnect, "left A-1F-Cafe, ended, 47s"},
		{"reading heard by no AP", tlEv("discovered-raw-rssi", 0, tlPixel, tlRSSI(-80)),
			EntryRSSI, "-80 dBm (discovered-raw-rssi)"},
		{"reading rounds", tlEv("sdkclient-scan-data", 0, tlPixel, func(e *Event) { e.AP = tlConf; tlRSSI(-63.6)(e) }),
			EntryRSSI, "-64 dBm on 5c:5b:35:b1:2b:00 (sdkclient-scan-data)"},
		{"NaN reading is no reading", tlEv("location-client", 0, tlPixel, tlRSSI(nan)),
			EntryLocation, "located (location-client)"},
		{"position on the map", tlEv("location-client", 0, tlPixel, func(e *Event) { e.X, e.Y, e.HasXY = 44, 18.25, true }),
			EntryLocation, "at (44.0, 18.2) (location-client)"},
		{"vbeacon without trigger", tlEv("vbeacon", 0, tlPixel, func(e *Event) { e.ZoneID = "ec5dab4a-96ec-449d-a3fc-d047b8f4c722" }),
			EntryZone, "in vbeacon ec5dab4a-96ec-449d-a3fc-d047b8f4c722"},
		{"zone exit by name", tlEv("zone", 0, tlPixel, func(e *Event) { e.Trigger, e.ZoneName, e.ZoneID = "exit", "Board Room", "13862e75" }),
			EntryZone, "exit zone Board Room"},
		{"other topic", tlEv("nac-events", 0, tlPixel, func(e *Event) { e.Type = "NAC_CLIENT_PERMIT" }),
			EntryOther, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := NewStore(10)
			s.Append([]Event{c.ev})
			got := BuildTimeline(s, tlPixel)
			if len(got) != 1 {
				t.Fatalf("%d entries, want 1", len(got))
			}
			if c.text == "" { // EntryOther: Summarize's line, without an unusable reading
				bare := c.ev
				bare.HasRSSI = false
				c.text = Summarize(&bare, s.Names)
			}
			if strings.Contains(got[0].Text, "NaN") {
				t.Errorf("Text %q shows NaN", got[0].Text)
			}
			if got[0].Kind != c.kind || got[0].Text != c.text {
				t.Errorf("got %s %q, want %s %q", got[0].Kind, got[0].Text, c.kind, c.text)
			}
		})
	}
}

func TestBuildTimelineMACs(t *testing.T) {
	s := NewStore(10)
	s.Append([]Event{
		tlEv("ping", 0, "", func(e *Event) { e.Text = "webhook event delivery test" }),
		tlEv("client-join", 1, tlPixel, nil),
		tlEv("client-join", 2, tlMacBook, nil),
	})
	cases := []struct {
		mac  string
		want int
	}{
		{"", 0}, // events without a MAC are nobody's
		{tlPixel, 1},
		{"4C:4F:EE:3A:9D:17", 1}, // typed with colons and capitals
		{"4c-4f-ee-3a-9d-17", 1},
		{"000000000001", 0},
	}
	for _, c := range cases {
		if got := BuildTimeline(s, c.mac); len(got) != c.want {
			t.Errorf("BuildTimeline(%q): %d entries, want %d", c.mac, len(got), c.want)
		}
	}
	if got := BuildTimeline(nil, tlPixel); got != nil {
		t.Errorf("BuildTimeline(nil store) = %v, want nil", got)
	}
}

// Text is built from decoded, sanitised fields only: escape sequences in the
// payload never reach it, nor do payload fields mistwatch does not read.
func TestBuildTimelineTextIsClean(t *testing.T) {
	msgs := []string{
		`{"topic":"client-join","events":[{"mac":"4c4fee3a9d17","ap":"5c5b35a01c40","ap_name":"Lobby\u001b[2J","ssid":"Corp\u001b]0;pwned\u0007\n","rssi":-60,"timestamp":1793610000}]}`,
		`{"topic":"zone","events":[{"mac":"4c4fee3a9d17","name":"Lob\u009b31mby","trigger":"enter\r","zone_id":"z1","timestamp":1793610001}]}`,
		`{"topic":"audits","events":[{"mac":"4c4fee3a9d17","secret_field":"RAWONLY","timestamp":1793610002}]}`,
		`{"topic":"some-new-topic","events":[{"mac":"4c4fee3a9d17","blob":"RAWONLY\u001b[0m","timestamp":1793610003}]}`,
	}
	s := NewStore(10)
	for _, m := range msgs {
		_, evs, err := DecodeMessage([]byte(m), tlBase)
		if err != nil {
			t.Fatalf("DecodeMessage(%s): %v", m, err)
		}
		s.Append(evs)
	}
	got := BuildTimeline(s, tlPixel)
	if len(got) != len(msgs) {
		t.Fatalf("%d entries, want %d", len(got), len(msgs))
	}
	for _, e := range got {
		if strings.ContainsFunc(e.Text, unicode.IsControl) || strings.Contains(e.Text, "RAWONLY") || e.Text == "" {
			t.Errorf("%s %s: Text %q holds control characters or raw payload (or is empty)", e.Kind, e.Topic, e.Text)
		}
	}
	if want := `joined "Corp " on Lobby -60 dBm`; got[0].Text != want {
		t.Errorf("join Text = %q, want %q", got[0].Text, want)
	}
}

func TestEntryKindString(t *testing.T) {
	want := map[EntryKind]string{EntryJoin: "join", EntryRoam: "roam", EntryDisconnect: "disconnect",
		EntryRSSI: "rssi", EntryZone: "zone", EntryOther: "other", EntryLocation: "location", 0: "0", 99: "99"}
	for k, w := range want {
		if got := k.String(); got != w {
			t.Errorf("EntryKind(%d).String() = %q, want %q", int(k), got, w)
		}
	}
}
