package model

import (
	"fmt"
	"testing"
	"time"
)

// join is a client-join of mac heard at second sec after recv.
func joinAt(mac string, sec int) Event {
	return Event{Topic: "client-join", Kind: KindJoin, MAC: mac, RSSI: -60, HasRSSI: true,
		Time: recv.Add(time.Duration(sec) * time.Second), Raw: []byte(fmt.Sprintf(`{"mac":%q,"n":%d}`, mac, sec))}
}

// The client table finds clients by their MAC's symbol ID: a client must
// outlive its events (the ID stays its own), and an evicted client's MAC
// leaves the symbol table once nothing else holds it, snapshots permitting.
func TestClientsKeyedBySymbolOutliveTheirEvents(t *testing.T) {
	s := NewStore(64) // one chunk of 64 events; the client table holds 64
	const first = "aa0000000001"
	s.Append([]Event{joinAt(first, 0)})
	for i := 1; i <= 130; i++ { // readings of no client: first's chunk is dropped
		e := joinAt(fmt.Sprintf("bb%010d", i), i)
		e.HasRSSI = false
		s.Append([]Event{e})
	}
	c, ok := s.Clients.Get(first)
	if !ok || c.ID() != 1 {
		t.Fatalf("client whose events were evicted: Get = %v, %v; want ID 1", c, ok)
	}
	if _, held := s.Symbols().Lookup(first); !held {
		t.Fatal("the client's MAC left the symbol table while the client is held")
	}

	// New clients evict the stalest, first among them; its MAC stays
	// while a snapshot is open and goes when the store next appends.
	snap := s.Snapshot()
	for i := 0; i < 70; i++ {
		s.Append([]Event{joinAt(fmt.Sprintf("cc%010d", i), 200+i)})
	}
	if _, ok := s.Clients.Get(first); ok {
		t.Fatal("stalest client not evicted")
	}
	if c.MAC() != "" || c.Clone().MAC() != "" { // its IDs may name other clients' strings by now
		t.Errorf("a pointer kept past eviction reads MAC %q, clone %q; want empty", c.MAC(), c.Clone().MAC())
	}
	if _, held := s.Symbols().Lookup(first); !held {
		t.Fatal("an evicted client's MAC was released while a snapshot was open")
	}
	snap.Close()
	s.Append([]Event{joinAt("dd0000000001", 300)})
	if _, held := s.Symbols().Lookup(first); held {
		t.Error("evicted client's MAC still in the symbol table after the snapshot closed")
	}

	// A client evicted and heard again is a new client with a new ID.
	s.Append([]Event{joinAt(first, 400)})
	c, ok = s.Clients.Get(first)
	if !ok || c.ID() <= 71 || c.Count() != 1 || c.MAC() != first {
		t.Fatalf("returning client: %+v, want a new ID and one reading", c)
	}
}

// A client holds its strings (AP, SSID, site, heard AP) as symbol IDs: they
// read back after their events are evicted, the one an update replaces
// leaves the table once nothing holds it, and a clone keeps reading its
// strings after the client is evicted and they are forgotten.
func TestClientStringsOutliveTheirEventsAndClonesKeepThem(t *testing.T) {
	s := NewStore(64)
	e := joinAt("aa0000000001", 0)
	e.AP, e.APName, e.SSID, e.SiteID, e.SiteName = "5c5b35000001", "AP One", "Corp", "site-1", "HQ"
	e.Scan = []ScanEntry{{AP: "5c5b35000009", RSSI: -50}}
	s.Append([]Event{e})
	for i := 1; i <= 130; i++ { // no readings: e's chunk is dropped
		o := joinAt(fmt.Sprintf("bb%010d", i), i)
		o.HasRSSI = false
		s.Append([]Event{o})
	}
	c, _ := s.Clients.Get("aa0000000001")
	if c.AP() != "5c5b35000001" || c.APName() != "AP One" || c.SSID() != "Corp" || c.SiteID() != "site-1" ||
		c.SiteName() != "HQ" || c.HeardAP() != "5c5b35000009" || c.LastTopic() != "client-join" {
		t.Fatalf("client after its event was evicted: ap %q %q ssid %q site %q %q heard %q topic %q",
			c.AP(), c.APName(), c.SSID(), c.SiteID(), c.SiteName(), c.HeardAP(), c.LastTopic())
	}
	clone := c.Clone()

	roam := joinAt("aa0000000001", 200) // to another AP, with no scan: the heard AP goes
	roam.AP = "5c5b35000002"
	s.Append([]Event{roam})
	for _, gone := range []string{"5c5b35000001", "AP One", "5c5b35000009"} {
		if _, held := s.Symbols().Lookup(gone); held {
			t.Errorf("%q still in the symbol table once the client let go of it", gone)
		}
	}
	if c.AP() != "5c5b35000002" || c.APName() != "" || c.HeardAP() != "" || c.SSID() != "Corp" {
		t.Errorf("after the roam: ap %q %q heard %q ssid %q", c.AP(), c.APName(), c.HeardAP(), c.SSID())
	}
	for i := 0; i < 70; i++ { // new clients evict the stalest, c among them
		s.Append([]Event{joinAt(fmt.Sprintf("cc%010d", i), 300+i)})
	}
	if _, ok := s.Clients.Get("aa0000000001"); ok {
		t.Fatal("stalest client not evicted")
	}
	for _, gone := range []string{"Corp", "site-1", "HQ"} { // the roam, still held, names the MAC
		if _, held := s.Symbols().Lookup(gone); held {
			t.Errorf("%q still in the symbol table after its client was evicted", gone)
		}
	}
	if clone.MAC() != "aa0000000001" || clone.AP() != "5c5b35000001" || clone.APName() != "AP One" ||
		clone.HeardAP() != "5c5b35000009" || clone.SSID() != "Corp" || clone.SiteName() != "HQ" {
		t.Errorf("clone after its client was evicted: mac %q ap %q %q heard %q ssid %q site %q",
			clone.MAC(), clone.AP(), clone.APName(), clone.HeardAP(), clone.SSID(), clone.SiteName())
	}
}

// A table of its own (no store) takes no reference it does not keep:
// readings of one client leave its strings held once, so evicting the
// client empties the table.
func TestClientsTableOfItsOwnHoldsOneReferenceEach(t *testing.T) {
	cs := NewClientsMax(10)
	for i := range 5 {
		e := joinAt("aa0000000001", i)
		e.AP, e.SSID = fmt.Sprintf("5c5b3500000%d", i%2), "Corp"
		cs.Observe(&e)
	}
	c, _ := cs.Get("aa0000000001")
	if c.Count() != 5 || c.AP() != "5c5b35000000" || c.SSID() != "Corp" {
		t.Fatalf("client: count %d ap %q ssid %q", c.Count(), c.AP(), c.SSID())
	}
	// The MAC, the AP, the SSID and the topic, one reference each.
	if n := cs.syms.Len(); n != 4 {
		t.Errorf("the table holds %d strings, want 4", n)
	}
	for i := range 11 { // ten more clients: the first is the stalest
		e := joinAt(fmt.Sprintf("bb%010d", i), 100+i)
		cs.Observe(&e)
	}
	if _, held := cs.syms.Lookup("Corp"); held {
		t.Error("an evicted client's SSID still in its table")
	}
}
