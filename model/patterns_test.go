package model

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

// ptNames knows the APs of the pattern tests by name.
func ptNames() *Names {
	n := NewNames()
	for mac, name := range map[string]string{tlLobby: "A-1F-Lobby", tlCafe: "A-1F-Cafe",
		tlWest: "A-2F-West", tlConf: "A-2F-Conf", tlEast: "A-2F-East"} {
		n.Learn(&Event{Topic: "client-join", AP: mac, APName: name})
	}
	return n
}

func ptRoam(sec float64, from, to string) TimelineEntry {
	return TimelineEntry{Time: tlAt(sec), Kind: EntryRoam, Topic: "client-sessions", AP: from, NextAP: to}
}

// ptRoamAt is a roam that carries its last reading on the AP it leaves.
func ptRoamAt(sec float64, from, to string, rssi float64) TimelineEntry {
	e := ptRoam(sec, from, to)
	e.RSSI, e.HasRSSI = rssi, true
	return e
}

func ptRead(sec, rssi float64, ap string) TimelineEntry {
	return TimelineEntry{Time: tlAt(sec), Kind: EntryRSSI, Topic: "sdkclient-scan-data", AP: ap, RSSI: rssi, HasRSSI: true}
}

func ptJoin(sec float64, ap string, rssi float64) TimelineEntry {
	return TimelineEntry{Time: tlAt(sec), Kind: EntryJoin, Topic: "client-join", AP: ap, RSSI: rssi, HasRSSI: true}
}

func ptLeave(sec float64, ap string, rssi float64) TimelineEntry {
	return TimelineEntry{Time: tlAt(sec), Kind: EntryDisconnect, Topic: "client-sessions", AP: ap, RSSI: rssi, HasRSSI: true}
}

// ptReads is one reading every step seconds from a to b inclusive.
func ptReads(a, b, step, rssi float64, ap string) []TimelineEntry {
	var out []TimelineEntry
	for s := a; s <= b; s += step {
		out = append(out, ptRead(s, rssi, ap))
	}
	return out
}

func ptSeq(parts ...any) []TimelineEntry {
	var out []TimelineEntry
	for _, p := range parts {
		switch p := p.(type) {
		case TimelineEntry:
			out = append(out, p)
		case []TimelineEntry:
			out = append(out, p...)
		}
	}
	return out
}

type ptWant struct {
	kind        string
	from, until float64
	ap, other   string
	text        string // checked when not ""
}

func TestDetectPatterns(t *testing.T) {
	zone := TimelineEntry{Time: tlAt(15), Kind: EntryZone, Topic: "zone", Text: "enter zone Lobby"}
	cases := []struct {
		name    string
		entries []TimelineEntry
		want    []ptWant
	}{
		// ping-pong
		{"ping-pong in 31s", ptSeq(ptRoam(0, tlWest, tlConf), ptRoam(31, tlConf, tlWest)),
			[]ptWant{{FindingPingPong, 0, 31, tlWest, tlConf, "ping-pong A-2F-West → A-2F-Conf → A-2F-West in 31s"}}},
		{"ping-pong at exactly 60s", ptSeq(ptRoam(0, tlWest, tlConf), ptRoam(60, tlConf, tlWest)),
			[]ptWant{{FindingPingPong, 0, 60, tlWest, tlConf, "ping-pong A-2F-West → A-2F-Conf → A-2F-West in 1m00s"}}},
		{"back after 61s is not ping-pong", ptSeq(ptRoam(0, tlWest, tlConf), ptRoam(61, tlConf, tlWest)), nil},
		{"A→B→C is not ping-pong", ptSeq(ptRoam(0, tlWest, tlConf), ptRoam(20, tlConf, tlEast)), nil},
		{"A→B→C→B is one ping-pong, B→C→B", ptSeq(ptRoam(0, tlWest, tlConf), ptRoam(20, tlConf, tlEast), ptRoam(31, tlEast, tlConf)),
			[]ptWant{{FindingPingPong, 20, 31, tlConf, tlEast, "ping-pong A-2F-Conf → A-2F-East → A-2F-Conf in 11s"}}},
		{"joins and readings between the roams do not matter",
			ptSeq(ptRoam(0, tlWest, tlConf), ptJoin(0, tlConf, -60), ptRead(10, -62, tlConf), ptRoam(25, tlConf, tlWest), ptJoin(25, tlWest, -55)),
			[]ptWant{{FindingPingPong, 0, 25, tlWest, tlConf, ""}}},
		{"roam to an unknown AP and back is not matched", ptSeq(ptRoam(0, tlWest, ""), ptRoam(10, "", tlWest)), nil},
		{"unnamed APs show as MACs", ptSeq(ptRoam(0, "5c5b35b14d80", tlEast), ptRoam(5, tlEast, "5c5b35b14d80")),
			[]ptWant{{FindingPingPong, 0, 5, "5c5b35b14d80", tlEast, "ping-pong 5c:5b:35:b1:4d:80 → A-2F-East → 5c:5b:35:b1:4d:80 in 5s"}}},

		// sticky
		{"31s below -75 without roaming", ptReads(0, 31, 31.0/4, -80, tlLobby),
			[]ptWant{{FindingSticky, 0, 31, tlLobby, "", "sticky on A-1F-Lobby: below -75 dBm for 31s without roaming"}}},
		{"29s below -75 is not sticky", ptReads(0, 29, 29.0/4, -80, tlLobby), nil},
		{"exactly 30s is not sticky", ptReads(0, 30, 10, -80, tlLobby), nil},
		{"long run is reported once", ptReads(0, 147, 7, -82, tlLobby),
			[]ptWant{{FindingSticky, 0, 147, tlLobby, "", "sticky on A-1F-Lobby: below -75 dBm for 2m27s without roaming"}}},
		{"control: 50s of poor readings", ptReads(0, 50, 10, -80, tlLobby),
			[]ptWant{{FindingSticky, 0, 50, tlLobby, "", ""}}},
		{"a roam in the middle splits the run; neither half is sticky",
			ptSeq(ptReads(0, 20, 10, -80, tlLobby), ptRoamAt(22, tlLobby, tlCafe, -80), ptJoin(22, tlCafe, -80), ptReads(30, 50, 10, -80, tlCafe)), nil},
		{"a join in the middle ends the run too",
			ptSeq(ptReads(0, 20, 10, -80, tlLobby), ptJoin(25, tlLobby, -80), ptReads(30, 50, 10, -80, tlLobby)), nil},
		{"a reading at the threshold resets the run",
			ptSeq(ptReads(0, 20, 10, -80, tlLobby), ptRead(25, -75, tlLobby), ptReads(30, 50, 10, -80, tlLobby)), nil},
		{"control: a reading just below the threshold does not",
			ptSeq(ptReads(0, 20, 10, -80, tlLobby), ptRead(25, -75.5, tlLobby), ptReads(30, 50, 10, -80, tlLobby)),
			[]ptWant{{FindingSticky, 0, 50, tlLobby, "", ""}}},
		{"a roam's own reading ends the run it belongs to",
			ptSeq(ptReads(0, 20, 10, -80, tlLobby), ptRoamAt(35, tlLobby, tlCafe, -81), ptJoin(35, tlCafe, -60)),
			[]ptWant{{FindingSticky, 0, 35, tlLobby, "", "sticky on A-1F-Lobby: below -75 dBm for 35s without roaming"}}},
		{"a disconnect's reading counts",
			ptSeq(ptReads(0, 20, 10, -80, tlLobby), ptLeave(40, tlLobby, -84)),
			[]ptWant{{FindingSticky, 0, 40, tlLobby, "", ""}}},
		{"entries without readings do not break a run",
			ptSeq(ptRead(0, -80, tlLobby), zone, ptRead(20, -80, tlLobby), ptRead(40, -80, tlLobby)),
			[]ptWant{{FindingSticky, 0, 40, tlLobby, "", ""}}},
		{"two runs, two findings",
			ptSeq(ptReads(0, 40, 10, -80, tlLobby), ptRead(45, -60, tlLobby), ptReads(50, 90, 10, -78, tlLobby)),
			[]ptWant{{FindingSticky, 0, 40, tlLobby, "", ""}, {FindingSticky, 50, 90, tlLobby, "", ""}}},
		{"the AP is the last one known in the run; readings with no AP do not count",
			ptSeq(ptRead(0, -80, tlLobby), ptRead(20, -80, ""), ptRead(40, -80, tlCafe), ptRead(45, -80, "")),
			[]ptWant{{FindingSticky, 0, 40, tlCafe, "", "sticky on A-1F-Cafe: below -75 dBm for 40s without roaming"}}},

		// both, in order of From
		{"sticky then ping-pong, ordered by From",
			ptSeq(ptJoin(0, tlLobby, -60), ptReads(5, 45, 10, -80, tlLobby), ptRoamAt(50, tlLobby, tlCafe, -81),
				ptJoin(50, tlCafe, -58), ptRoam(70, tlCafe, tlLobby)),
			[]ptWant{{FindingSticky, 5, 50, tlLobby, "", ""}, {FindingPingPong, 50, 70, tlLobby, tlCafe, "ping-pong A-1F-Lobby → A-1F-Cafe → A-1F-Lobby in 20s"}}},
	}
	n := ptNames()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := DetectPatterns(c.entries, -75, n)
			if len(got) != len(c.want) {
				t.Fatalf("%d findings, want %d: %+v", len(got), len(c.want), got)
			}
			for i, w := range c.want {
				g := got[i]
				if g.Kind != w.kind || !g.From.Equal(tlAt(w.from)) || !g.Until.Equal(tlAt(w.until)) || g.AP != w.ap || g.OtherAP != w.other {
					t.Errorf("[%d] = %s %v..%v ap=%q other=%q, want %s %v..%v ap=%q other=%q", i,
						g.Kind, g.From.Sub(tlBase), g.Until.Sub(tlBase), g.AP, g.OtherAP,
						w.kind, w.from, w.until, w.ap, w.other)
				}
				if w.text != "" && g.Text != w.text {
					t.Errorf("[%d] Text = %q, want %q", i, g.Text, w.text)
				}
			}
		})
	}
}

func TestDetectPatternsNilNamesAndOtherThreshold(t *testing.T) {
	entries := ptReads(0, 40, 10, -70, tlLobby)
	if got := DetectPatterns(entries, -75, nil); len(got) != 0 {
		t.Errorf("-70 against -75: %+v, want nothing", got)
	}
	got := DetectPatterns(entries, -67.5, nil)
	if len(got) != 1 {
		t.Fatalf("-70 against -67.5: %d findings, want 1", len(got))
	}
	if want := "sticky on 5c:5b:35:a0:1c:40: below -67.5 dBm for 40s without roaming"; got[0].Text != want {
		t.Errorf("Text = %q, want %q", got[0].Text, want)
	}
	if got := DetectPatterns(nil, -75, nil); len(got) != 0 {
		t.Errorf("no entries: %+v", got)
	}
}

// ptLoadDemo replays ../testdata/demo-survey.ndjson (record format, one
// {"received_at", "message"} per line) into a store.
func ptLoadDemo(t *testing.T) *Store {
	t.Helper()
	f, err := os.Open("../testdata/demo-survey.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := NewStore(DefaultCapacity)
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 4<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		var rec struct {
			ReceivedAt time.Time       `json:"received_at"`
			Message    json.RawMessage `json:"message"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		_, evs, err := DecodeMessage(rec.Message, rec.ReceivedAt)
		if err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		s.Append(evs)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if s.Len() == 0 {
		t.Fatal("demo survey is empty")
	}
	return s
}

func TestDetectPatternsDemoSurvey(t *testing.T) {
	s := ptLoadDemo(t)
	count := func(fs []Finding, kind string) int {
		k := 0
		for _, f := range fs {
			if f.Kind == kind {
				k++
			}
		}
		return k
	}
	show := func(fs []Finding) {
		for _, f := range fs {
			t.Logf("  %s %s..%s %s", f.Kind, f.From.Format(time.TimeOnly), f.Until.Format(time.TimeOnly), f.Text)
		}
	}

	// Pixel 8: eager to roam, bounces between the 2F APs.
	pixel := BuildTimeline(s, tlPixel)
	fs := DetectPatterns(pixel, -75, s.Names)
	show(fs)
	if count(fs, FindingPingPong) == 0 {
		t.Errorf("Pixel 8 %s: no ping-pong found", tlPixel)
	}
	if count(fs, FindingSticky) != 0 {
		t.Errorf("Pixel 8 %s: sticky found; its signal never stays poor", tlPixel)
	}
	for _, f := range fs {
		if f.Kind != FindingPingPong {
			continue
		}
		if d := f.Until.Sub(f.From); d <= 0 || d > PingPongWindow || !strings.HasPrefix(f.Text, "ping-pong A-2F-") {
			t.Errorf("Pixel 8 ping-pong %q over %v", f.Text, d)
		}
	}

	// MacBook: never lets go of A-1F-Lobby.
	mac := BuildTimeline(s, tlMacBook)
	fs = DetectPatterns(mac, -75, s.Names)
	show(fs)
	if count(fs, FindingPingPong) != 0 {
		t.Errorf("MacBook %s: ping-pong found; it never roams", tlMacBook)
	}
	if count(fs, FindingSticky) == 0 {
		t.Fatalf("MacBook %s: not sticky", tlMacBook)
	}
	for _, f := range fs {
		if f.AP != tlLobby || f.Until.Sub(f.From) <= StickyAfter ||
			!strings.HasPrefix(f.Text, "sticky on A-1F-Lobby: below -75 dBm for ") {
			t.Errorf("MacBook finding %+v: want sticky on A-1F-Lobby for more than %v", f, StickyAfter)
		}
	}
	for _, e := range mac {
		if e.Kind == EntryRoam {
			t.Errorf("MacBook timeline has a roam: %q", e.Text)
		}
	}
}

func TestStickyNeedsAnAssociatedAP(t *testing.T) {
	at := time.Unix(1793610000, 0)
	var entries []TimelineEntry
	for i := 0; i < 10; i++ { // 90 s of poor readings heard by APs, no association
		entries = append(entries, TimelineEntry{Time: at.Add(time.Duration(i*10) * time.Second), Kind: EntryRSSI,
			Topic: "asset-raw-rssi", RSSI: -85, HasRSSI: true})
	}
	if got := DetectPatterns(entries, -75, nil); len(got) != 0 {
		t.Fatalf("an unassociated device cannot be sticky: %+v", got)
	}
	for i := range entries {
		entries[i].AP = "5c5b35000001"
	}
	if got := DetectPatterns(entries, -75, nil); len(got) != 1 || got[0].Kind != FindingSticky {
		t.Fatalf("the same readings on an AP are sticky: %+v", got)
	}
}

func TestPingPongAcrossARoamSentAsTwoEvents(t *testing.T) {
	at := time.Unix(1793610000, 0)
	entries := []TimelineEntry{
		{Time: at, Kind: EntryRoam, AP: "5c5b35000001", NextAP: "5c5b35000002"},
		{Time: at.Add(20 * time.Second), Kind: EntryRoam, AP: "5c5b35000002"}, // first half, no next_ap
		{Time: at.Add(20 * time.Second), Kind: EntryRoam, AP: "5c5b35000002", NextAP: "5c5b35000001"},
	}
	got := DetectPatterns(entries, -75, nil)
	if len(got) != 1 || got[0].Kind != FindingPingPong {
		t.Fatalf("A→B then B→A (sent as two events) is ping-pong: %+v", got)
	}
}

func TestTimelineDropsDuplicateDeliveries(t *testing.T) {
	s := NewStore(10)
	body := []byte(`{"topic":"client-join","events":[{"mac":"70ef0071535f","ap":"5c5b35000001","rssi":-60,"timestamp":1793610000}]}`)
	for i := 0; i < 2; i++ { // org-level and site-level webhooks both deliver it
		_, evs, err := DecodeMessage(body, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		s.Append(evs)
	}
	if got := BuildTimeline(s, "70ef0071535f"); len(got) != 1 {
		t.Fatalf("a duplicate delivery should be one timeline line, got %d", len(got))
	}
}
