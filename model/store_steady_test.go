package model

import (
	"runtime"
	"runtime/metrics"
	"testing"

	"github.com/mistwatch/mistwatch/model/modeltest"
)

// TestStoreHeapFlatWhileEvicting runs a full store through many
// capacities' worth of the load tool's traffic (every event a new client,
// half of them client-sessions naming a device) and asserts that the live
// heap per stored event stops growing once the store has been replaced
// twice: everything the store keeps beside its events (symbols, names,
// clients, dedupe window, chunks) must be bounded by its capacity, not by
// how many events went through it.
func TestStoreHeapFlatWhileEvicting(t *testing.T) {
	const capacity = 10000
	s := NewStore(capacity)
	seq := 0
	fill := func(events int) {
		for n := 0; n < events; n += 100 {
			var batch []Event
			for m := 0; m < 10; m++ {
				_, evs, err := DecodeMessage(modeltest.LoadMessageBytes(seq, 10), recv)
				if err != nil {
					t.Fatal(err)
				}
				seq += 10
				batch = append(batch, evs...)
			}
			done := s.Writing()
			s.Append(batch)
			done()
		}
		s.waitCompressed()
	}
	perEvent := func() float64 {
		runtime.GC()
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(live)
		return float64(live[0].Value.Uint64()) / float64(s.Len())
	}
	fill(2 * capacity)
	settled := perEvent()
	for round := 3; round <= 8; round++ {
		fill(capacity)
		now := perEvent()
		t.Logf("after %d capacities: %.0f B live per stored event (%.0f after 2)", round, now, settled)
		if now > settled*1.05 {
			t.Fatalf("after %d capacities' worth of events the live heap is %.0f B per stored event, %.0f after 2: it grows with the events that went through",
				round, now, settled)
		}
	}
	if s.Len() != capacity || s.Evicted() != uint64(7*capacity) {
		t.Fatalf("store holds %d, evicted %d: the test did not run it full", s.Len(), s.Evicted())
	}
}
