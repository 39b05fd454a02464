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
	if !ok || c.ID != 1 {
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
	if !ok || c.ID <= 71 || c.Count != 1 || c.MAC != first {
		t.Fatalf("returning client: %+v, want a new ID and one reading", c)
	}
}
