package model

import (
	"strings"
	"testing"
	"time"
)

func TestAlertsOncePerEpisode(t *testing.T) {
	const bob, other = "bc0963e1f4a2", "4c4fee3a9d17"
	const east, west = "5c5b35a01c40", "5c5b35a02d80"
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	sec := func(s int) time.Time { return at.Add(time.Duration(s) * time.Second) }
	reading := func(mac string, s int, rssi float64) *Event {
		return &Event{Topic: "location-client", Kind: KindLocation, MAC: mac, AP: east, Time: sec(s), RSSI: rssi, HasRSSI: true}
	}
	a := NewAlerts(-75, 30*time.Second)
	a.Watch(bob)
	a.Watch(bob) // twice: still one watch
	var got []Alert
	steps := []struct {
		name string
		e    *Event
		want []AlertKind
	}{
		{"good reading", reading(bob, 0, -60), nil},
		{"unwatched client never alerts", reading(other, 1, -90), nil},
		{"falls below poor", reading(bob, 2, -80), []AlertKind{AlertPoor}},
		{"still poor: same episode", reading(bob, 3, -85), nil},
		{"recovers, but less than 3 dB above", reading(bob, 4, -73), nil},
		{"poor again: still the same episode", reading(bob, 5, -79), nil},
		{"3 dB above ends the episode", reading(bob, 6, -72), nil},
		{"a new episode alerts again", reading(bob, 7, -76), []AlertKind{AlertPoor}},
		{"roam", &Event{Topic: "client-sessions", Kind: KindSession, MAC: bob, AP: east, NextAP: west, Roam: true, Reason: 3, Time: sec(8), RSSI: -77, HasRSSI: true},
			[]AlertKind{AlertRoam}},
		{"poor after a roam is a new episode", reading(bob, 9, -77), []AlertKind{AlertPoor}},
		{"disconnect", &Event{Topic: "client-sessions", Kind: KindSession, MAC: bob, AP: west, Reason: 2, Time: sec(10)}, []AlertKind{AlertDisconnect}},
	}
	for _, s := range steps {
		got = a.Observe(got[:0], s.e)
		if kinds(got) != kindsOf(s.want) {
			t.Errorf("%s: alerts %s, want %s", s.name, kinds(got), kindsOf(s.want))
		}
	}
	// Quiet: past QuietAfter since the last reading (at 9s), once.
	if got = a.Tick(got[:0], sec(39)); len(got) != 0 {
		t.Errorf("30s after the last reading is not yet quiet: %v", got)
	}
	if got = a.Tick(got[:0], sec(40)); kinds(got) != "quiet" || got[0].Silent != 31*time.Second {
		t.Fatalf("31s after: %+v", got)
	}
	if got = a.Tick(got[:0], sec(90)); len(got) != 0 {
		t.Errorf("a quiet episode alerts once: %v", got)
	}
	got = a.Observe(got[:0], reading(bob, 91, -60)) // the next reading ends it
	if got = a.Tick(got[:0], sec(122)); kinds(got) != "quiet" {
		t.Errorf("a new quiet episode: %v", got)
	}
	a.Unwatch(bob)
	if got = a.Observe(got[:0], reading(bob, 130, -90)); len(got) != 0 || a.Watching(bob) {
		t.Errorf("unwatched: %v", got)
	}
	if got = a.Tick(got[:0], sec(500)); len(got) != 0 {
		t.Errorf("an unwatched client is never quiet: %v", got)
	}
}

func TestAlertNeverHeardIsNotQuiet(t *testing.T) {
	a := NewAlerts(-75, time.Second)
	a.Watch("bc0963e1f4a2")
	if got := a.Tick(nil, time.Now()); len(got) != 0 {
		t.Errorf("a pinned client never heard from: %v", got)
	}
}

func TestAlertText(t *testing.T) {
	n := NewNames()
	labels := NewNameTable()
	if err := labels.Set(NameClient, "bc0963e1f4a2", "Bob-iPhone"); err != nil {
		t.Fatal(err)
	}
	if err := labels.Set(NameAP, "5c5b35a01c40", "A-1F-East"); err != nil {
		t.Fatal(err)
	}
	n.AddFileNames(labels)
	cases := []struct {
		a    Alert
		want string
	}{
		{Alert{Kind: AlertRoam, MAC: "bc0963e1f4a2", AP: "5c5b35a01c40", NextAP: "5c5b35a02d80"}, "Bob-iPhone roamed A-1F-East → 5c:5b:35:a0:2d:80"},
		{Alert{Kind: AlertRoam, MAC: "bc0963e1f4a2", AP: "5c5b35a01c40"}, "Bob-iPhone roamed A-1F-East → ?"},
		{Alert{Kind: AlertDisconnect, MAC: "4c4fee3a9d17", AP: "5c5b35a01c40", Reason: "inactive"}, "4c:4f:ee:3a:9d:17 disconnected from A-1F-East (inactive)"},
		{Alert{Kind: AlertPoor, MAC: "bc0963e1f4a2", RSSI: -81, AP: "5c5b35a01c40"}, "Bob-iPhone poor signal -81 dBm on A-1F-East"},
		{Alert{Kind: AlertQuiet, MAC: "bc0963e1f4a2", Silent: 45*time.Second + 300*time.Millisecond}, "Bob-iPhone quiet 45s"},
	}
	for _, c := range cases {
		if got := c.a.Text(n); got != c.want {
			t.Errorf("%s: %q, want %q", c.a.Kind, got, c.want)
		}
	}
}

func kinds(as []Alert) string {
	var ks []AlertKind
	for _, a := range as {
		ks = append(ks, a.Kind)
	}
	return kindsOf(ks)
}

func kindsOf(ks []AlertKind) string {
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = k.String()
	}
	return strings.Join(parts, ",")
}
