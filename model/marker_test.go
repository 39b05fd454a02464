package model

import (
	"strings"
	"testing"
	"time"
)

func TestMarkerRoundTrip(t *testing.T) {
	at := time.Date(2026, 12, 2, 9, 30, 0, 500, time.FixedZone("x", 3600))
	m, err := NewMarker(at, "  Room 214, door open\x1b[2J ")
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != KindMarker || m.Topic != TopicMarker || m.Text != "Room 214, door open" || !m.Time.Equal(at) {
		t.Fatalf("marker %+v", m)
	}
	back, err := ParseMarker(MarkerJSON(&m))
	if err != nil {
		t.Fatal(err)
	}
	if back.Text != m.Text || !back.Time.Equal(m.Time) {
		t.Errorf("round trip: %+v, want %+v", back, m)
	}
	if got := Summarize(&m, NewNames()); got != "▼ Room 214, door open" {
		t.Errorf("summary %q", got)
	}
	if _, err := NewMarker(at, " \x1b[0m "); err == nil {
		t.Error("a marker with no text")
	}
	if long, _ := NewMarker(at, strings.Repeat("é", 500)); len([]rune(long.Text)) != MaxMarkerText {
		t.Errorf("a long note is cut to %d runes, got %d", MaxMarkerText, len([]rune(long.Text)))
	}
	for _, bad := range []string{`{"text":"no time"}`, `not json`} {
		if _, err := ParseMarker([]byte(bad)); err == nil {
			t.Errorf("%s parsed", bad)
		}
	}
}

func TestMarkersInEveryTimeline(t *testing.T) {
	s := NewStore(100)
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	_, evs, err := DecodeMessage([]byte(`{"topic":"client-join","events":[
		{"mac":"bc0963e1f4a2","ap":"5c5b35a01c40","rssi":-59,"ssid":"Corp","band":"5","channel":36,"bssid":"5C:5B:35:A0:1C:41","timestamp":1796202000},
		{"mac":"4c4fee3a9d17","ap":"5c5b35a01c40","rssi":-61,"timestamp":1796202001}]}`), at)
	if err != nil {
		t.Fatal(err)
	}
	s.Append(evs)
	m, _ := NewMarker(time.Unix(1796202005, 0), "Room 214")
	s.Append([]Event{m})
	for _, mac := range []string{"bc0963e1f4a2", "4c4fee3a9d17"} {
		tl := BuildTimeline(s, mac)
		if len(tl) != 2 || tl[1].Kind != EntryMarker || tl[1].Text != "▼ Room 214" {
			t.Errorf("%s timeline %+v", mac, tl)
		}
	}
	tl := BuildTimeline(s, "bc0963e1f4a2")
	if tl[0].BSSID != "5c5b35a01c41" || tl[0].Channel != 36 || !strings.Contains(tl[0].Text, "5G ch 36 -59 dBm") {
		t.Errorf("join line %+v", tl[0])
	}
	if s.CountKind(KindMarker) != 1 {
		t.Errorf("markers held %d", s.CountKind(KindMarker))
	}
}
