package model

import (
	"fmt"
	"testing"
	"time"
)

// A table that keeps evicting holds no more blocks than its limit needs:
// evicted clients' slots and reading rings are handed out again.
func TestClientsChurnKeepsTheirSlabsBounded(t *testing.T) {
	const limit = 200
	cs := NewClientsMax(limit)
	at := time.Unix(1793610000, 0)
	for i := range 5000 {
		for r := range 1 + i%8 { // every other client or so is heard past its record's room
			e := Event{Topic: "client-join", Kind: KindJoin, MAC: fmt.Sprintf("02%010x", i), RSSI: float64(-40 - r),
				HasRSSI: true, Time: at.Add(time.Duration(i) * time.Second)}
			cs.Observe(&e)
		}
	}
	ringed := 0
	for i := range cs.Len() {
		if cs.At(i).Count() > inlineReadings {
			ringed++
		}
	}
	if cs.recs.len() != cs.Len() || cs.rings.len() != ringed {
		t.Fatalf("slots in use %d for %d clients, rings in use %d for %d heard often", cs.recs.len(), cs.Len(), cs.rings.len(), ringed)
	}
	recBlocks := (limit+1)>>cs.recs.shift + 1
	ringBlocks := (limit+1)>>cs.rings.shift + 2
	if cs.recs.blocksHeld() > recBlocks || cs.rings.blocksHeld() > ringBlocks {
		t.Errorf("after 5000 clients through a table of %d: %d record blocks (want <= %d), %d ring blocks (want <= %d)",
			limit, cs.recs.blocksHeld(), recBlocks, cs.rings.blocksHeld(), ringBlocks)
	}
	newest := cs.At(cs.Len() - 1)
	if rec := newest.Recent(); len(rec) != 1+4999%8 || rec[len(rec)-1].RSSI != float64(-40-4999%8) {
		t.Errorf("newest client's readings %v", rec)
	}
}

// A handle kept past its client's eviction reads the zero client, even
// once the slot holds another client.
func TestClientHandleKeptPastEvictionReadsZero(t *testing.T) {
	cs := NewClientsMax(10)
	at := time.Unix(1793610000, 0)
	observe := func(i int) {
		e := Event{Topic: "client-join", Kind: KindJoin, MAC: fmt.Sprintf("02%010x", i), RSSI: -50, HasRSSI: true,
			Time: at.Add(time.Duration(i) * time.Second), SSID: "Corp"}
		cs.Observe(&e)
	}
	observe(0)
	first, _ := cs.Get("020000000000")
	for i := 1; i <= 11; i++ {
		observe(i)
	}
	if _, held := cs.Get("020000000000"); held {
		t.Fatal("the stalest client was not evicted")
	}
	reused := false
	for i := range cs.Len() {
		reused = reused || cs.order[i].slot == first.slot
	}
	if !reused {
		t.Fatal("the evicted client's slot was not handed out again")
	}
	if !first.IsZero() || first.ID() != 0 || first.Count() != 0 || first.SSID() != "" || len(first.Recent()) != 0 ||
		!first.LastSeen().IsZero() {
		t.Errorf("evicted handle reads ID %d count %d ssid %q readings %d seen %v; want the zero client",
			first.ID(), first.Count(), first.SSID(), len(first.Recent()), first.LastSeen())
	}
}

// Observing new clients allocates nothing for the client once the table's
// blocks are made (no object per client, no slice for its readings): the
// one allocation left is the symbol table's copy of the new MAC.
func TestClientsObserveNewClientAllocatesOnlyItsMAC(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts do not hold under -race")
	}
	cs := NewClientsMax(4096)
	events := make([]Event, 2000)
	for i := range events {
		events[i] = Event{Topic: "client-join", Kind: KindJoin, MAC: fmt.Sprintf("02%010x", i), RSSI: -50, HasRSSI: true,
			Time: time.Unix(1793610000, 0)}
	}
	i := 0
	allocs := testing.AllocsPerRun(len(events)-1, func() {
		cs.Observe(&events[i])
		i++
	})
	if allocs > 1.05 {
		t.Errorf("%.2f allocations per new client; want the MAC's symbol and the occasional block", allocs)
	}
}
