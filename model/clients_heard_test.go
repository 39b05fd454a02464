package model

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

func TestClientsRememberStrongestOtherAPHeard(t *testing.T) {
	s := NewStore(100)
	at := time.Unix(1793610000, 0)
	scan := []byte(`{"topic":"sdkclient-scan-data","events":[{"mac":"70ef0071535f","connection_ap":"5c5b35000001","connection_rssi":-80,
		"scan_data":[{"ap":"5c5b35000001","rssi":-80},{"ap":"5c5b35000002","rssi":-71},{"ap":"5c5b35000003","rssi":-55}]}]}`)
	_, evs, err := DecodeMessage(scan, at)
	if err != nil {
		t.Fatal(err)
	}
	s.Append(evs)
	c, _ := s.Clients.Get("70ef0071535f")
	if c.HeardAP() != "5c5b35000003" || c.HeardRSSI() != -55 {
		t.Fatalf("want the strongest AP other than the connected one (…03 at -55), got %q %v", c.HeardAP(), c.HeardRSSI())
	}
	entries := BuildTimeline(s, "70ef0071535f")
	if len(entries) != 1 || !strings.Contains(entries[0].Text, "heard 5c:5b:35:00:00:03 -55, 5c:5b:35:00:00:02 -71") {
		t.Fatalf("timeline should list the other APs heard, strongest first: %+v", entries)
	}
	// A join on another AP makes the old scan stale.
	_, evs, _ = DecodeMessage([]byte(`{"topic":"client-join","events":[{"mac":"70ef0071535f","ap":"5c5b35000003","rssi":-52}]}`), at.Add(time.Second))
	s.Append(evs)
	if c.HeardAP() != "" {
		t.Fatalf("roaming to another AP should clear the heard AP, got %q", c.HeardAP())
	}
}

func TestClientTableIsBoundedAndEvictsTheStalest(t *testing.T) {
	cs := NewClientsMax(20)
	at := time.Unix(1793610000, 0)
	for i := 0; i < 50; i++ {
		e := Event{Topic: "discovered-raw-rssi", Kind: KindLocation, MAC: fmt.Sprintf("02000000%04x", i),
			RSSI: -70, HasRSSI: true, Time: at.Add(time.Duration(i) * time.Second), Seq: uint64(i + 1)}
		cs.Observe(&e)
	}
	if cs.Len() > 20 || cs.Evictions() == 0 {
		t.Fatalf("held %d clients with %d evictions, want at most 20", cs.Len(), cs.Evictions())
	}
	if _, ok := cs.Get("020000000031"); !ok {
		t.Fatal("the newest client must be kept")
	}
	if _, ok := cs.Get("020000000000"); ok {
		t.Fatal("the stalest client should have been evicted")
	}
	for i := 1; i < cs.Len(); i++ {
		if c, ok := cs.ByID(cs.At(i).ID()); cs.At(i-1).ID() >= cs.At(i).ID() || !ok || c != cs.At(i) {
			t.Fatalf("All must stay in ascending ID order and agree with ByID")
		}
	}
}

func TestClientReadingIsWhatTheRSSITabCounts(t *testing.T) {
	cases := []struct {
		name string
		e    Event
		ok   bool
	}{
		{"join with rssi", Event{Kind: KindJoin, MAC: "70ef0071535f", RSSI: -60, HasRSSI: true}, true},
		{"location reading", Event{Kind: KindLocation, MAC: "70ef0071535f", RSSI: -80, HasRSSI: true}, true},
		{"alarm rssi is not the client's", Event{Kind: KindAlarm, MAC: "70ef0071535f", RSSI: -60, HasRSSI: true}, false},
		{"no mac", Event{Kind: KindJoin, RSSI: -60, HasRSSI: true}, false},
		{"NaN", Event{Kind: KindJoin, MAC: "70ef0071535f", RSSI: math.NaN(), HasRSSI: true}, false},
		{"infinite", Event{Kind: KindJoin, MAC: "70ef0071535f", RSSI: math.Inf(-1), HasRSSI: true}, false},
		{"none", Event{Kind: KindJoin, MAC: "70ef0071535f"}, false},
	}
	for _, c := range cases {
		v, ok := ClientReading(&c.e)
		if ok != c.ok || ok && v != c.e.RSSI {
			t.Errorf("%s: ClientReading = %v, %v; want ok=%v", c.name, v, ok, c.ok)
		}
	}
}

// TestClientCloneKeepsItsReadings: a paused dashboard shows clones; readings
// that arrive meanwhile must not show through them.
func TestClientCloneKeepsItsReadings(t *testing.T) {
	cs := NewClients()
	read := func(rssi float64) {
		cs.Observe(&Event{Topic: "client-join", Kind: KindJoin, MAC: "70ef0071535f", RSSI: rssi, HasRSSI: true, Time: recv})
	}
	for i := range ReadingsKept - 1 {
		read(float64(-40 - i))
	}
	c, _ := cs.Get("70ef0071535f")
	frozen := c.Clone()
	read(-99)
	read(-98) // the ring is full now and wraps
	rec := frozen.Recent()
	if len(rec) != ReadingsKept-1 || rec[0].RSSI != -40 || rec[len(rec)-1].RSSI != float64(-40-(ReadingsKept-2)) {
		t.Errorf("the clone's readings changed with the client's: %d readings, first %v, last %v", len(rec), rec[0].RSSI, rec[len(rec)-1].RSSI)
	}
	if live := c.Recent(); live[len(live)-1].RSSI != -98 || len(live) != ReadingsKept {
		t.Errorf("the live client lost its new readings: %v", live[len(live)-1])
	}
}

// TestTakeTouchedListsUpdatedClientsStillHeld: the list the dashboard
// routes from holds every update since the last take, in order, but never a
// client evicted meanwhile; untracked tables keep no list at all.
func TestTakeTouchedListsUpdatedClientsStillHeld(t *testing.T) {
	at := time.Unix(1793610000, 0)
	observe := func(cs *Clients, i, mac int) {
		e := Event{Topic: "discovered-raw-rssi", Kind: KindLocation, MAC: fmt.Sprintf("02000000%04x", mac),
			RSSI: -70, HasRSSI: true, Time: at.Add(time.Duration(i) * time.Second), Seq: uint64(i + 1)}
		cs.Observe(&e)
	}
	untracked := NewClientsMax(20)
	observe(untracked, 0, 0)
	if got := untracked.TakeTouched(); got != nil {
		t.Fatalf("untracked table listed %d clients", len(got))
	}
	cs := NewClientsMax(20)
	cs.TrackTouched()
	observe(cs, 0, 1)
	observe(cs, 1, 2)
	observe(cs, 2, 1)
	got := cs.TakeTouched()
	if len(got) != 3 || got[0].MAC() != "020000000001" || got[1].MAC() != "020000000002" || got[2] != got[0] || got[0].Updated() != 3 {
		t.Fatalf("touched = %v, want clients 1, 2, 1 (Updated 3)", got)
	}
	if cs.TakeTouched() != nil {
		t.Fatal("a take starts a new list")
	}
	for i := 3; i < 40; i++ { // past 20 clients: the stalest are evicted
		observe(cs, i, i)
	}
	touched := cs.TakeTouched()
	if len(touched) == 0 {
		t.Fatal("the clients still held were touched: the list should name them")
	}
	for _, c := range touched {
		if held, ok := cs.Get(c.MAC()); !ok || held != c {
			t.Fatalf("evicted client %s listed as touched", c.MAC())
		}
	}
}
