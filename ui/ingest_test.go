package ui

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/model/modeltest"
)

// handOffs is what the pump would hand over for events from to to-1:
// 10-event batches of joins and roams, clients heard again and again, a
// filter-worthy mix.
func handOffs(from, to int) batchesMsg {
	var msg batchesMsg
	for first := from; first < to; first += 10 {
		var b []model.Event
		for i := first; i < first+10 && i < to; i++ {
			if i%3 == 0 {
				b = append(b, roam(i%40, "5c5b35000001", "5c5b35000002"))
			} else {
				b = append(b, join(i%50, []string{"Corp", "Guest"}[i%2], "AP-1", float64(-40-i%45)))
			}
			b[len(b)-1].Raw = append(b[len(b)-1].Raw, ' ', byte('a'+i%26), byte('a'+i/26%26), byte('a'+i/676%26)) // distinct: no dedupe
		}
		msg = append(msg, b)
	}
	return msg
}

// TestHandOffRoutesAsTheStoreWould: a hand-off of many batches, routed from
// the events just stored and the clients they touched, shows the same rows
// on every tab as routing the same events from the store (the path taken
// after a pause), with a filter in force and the store evicting.
func TestHandOffRoutesAsTheStoreWould(t *testing.T) {
	for _, filter := range []string{"", "ssid:corp"} {
		fresh, stored := newTestModel(160, 48), newTestModel(160, 48)
		for _, m := range []*Model{fresh, stored} {
			m.active = tabRSSI // shown, the RSSI tab follows every hand-off
			m.applyFilter(filter)
		}
		stored.setPaused(true)
		for _, msg := range []batchesMsg{handOffs(0, 600), handOffs(600, 1500)} { // 1,500 events into a store of 1,000
			fresh.Update(msg)
			stored.Update(msg.clone())
		}
		stored.setPaused(false)
		if fresh.store.Total() != 1500 || fresh.store.Len() != 1000 {
			t.Fatalf("stored %d of %d, want 1000 of 1500", fresh.store.Len(), fresh.store.Total())
		}
		for i, tb := range fresh.tabs {
			got, want := tb.base().table.ids, stored.tabs[i].base().table.ids
			if len(got) == 0 && i != tabZones && i != tabAlarms {
				t.Errorf("filter %q: tab %d shows no rows", filter, i+1)
			}
			if !slices.Equal(got, want) {
				t.Errorf("filter %q: tab %d: %d rows from the hand-off, %d from the store\n%v\n%v", filter, i+1, len(got), len(want), got, want)
			}
		}
	}
}

// clone copies the batches: the store writes Seq into the events it is given.
func (b batchesMsg) clone() batchesMsg {
	out := make(batchesMsg, len(b))
	for i := range b {
		out[i] = slices.Clone(b[i])
	}
	return out
}

// Batches the listener lent (model.DecodeLeased) are recycled once stored,
// paused or not, and what the store shows of them outlives their bodies.
func TestIngestRecyclesLentBatches(t *testing.T) {
	for _, paused := range []bool{false, true} {
		m := newTestModel(160, 48)
		m.paused = paused
		before := model.Leases()
		body := modeltest.LoadMessageBytes(0, 10)
		_, evs, err := model.DecodeLeased(body, time.Unix(1700000000, 0), func(b []byte) {
			copy(b, bytes.Repeat([]byte("x"), len(b))) // as the next request would
		})
		if err != nil {
			t.Fatal(err)
		}
		want := string(evs[3].Raw)
		m.Update(batchesMsg{evs})
		if model.Leases() != before {
			t.Errorf("paused %v: Leases = %d after ingest, want %d", paused, model.Leases(), before)
		}
		if m.store.Len() != 10 {
			t.Fatalf("paused %v: %d events stored, want 10", paused, m.store.Len())
		}
		if e, _ := m.store.Get(4); string(e.Raw) != want || e.MAC == "" || strings.Contains(e.MAC, "x") {
			t.Errorf("paused %v: stored event 4 after its body was reused: %s %s", paused, e.MAC, e.Raw)
		}
	}
}

// TestRoutedRowsKeptEmptyAndBounded: the lists routing kept for the next
// hand-off come back empty, with their room unless it grew past
// maxKeptRouted (a whole-store reroute is not held on to).
func TestRoutedRowsKeptEmptyAndBounded(t *testing.T) {
	var r routedRows
	lists := r.take(3)
	lists[0] = append(lists[0], 1, 2, 3)
	lists[2] = make([]uint64, maxKeptRouted+1)
	r.put(lists)
	again := r.take(3)
	if len(again) != 3 || len(again[0]) != 0 || len(again[2]) != 0 {
		t.Fatalf("lists after put: %v entries %d/%d/%d, want 3 empty", len(again), len(again[0]), len(again[1]), len(again[2]))
	}
	if cap(again[0]) < 3 {
		t.Errorf("a small list's room was dropped: cap %d", cap(again[0]))
	}
	if cap(again[2]) != 0 {
		t.Errorf("a list past maxKeptRouted was kept: cap %d", cap(again[2]))
	}
	if len(r.take(4)) != 4 {
		t.Errorf("take(4) after take(3) did not give 4 lists")
	}
}

// TestAppendRowsKeepsOrderAcrossGrowth: rows appended in many steps, the
// table's slice grown by hand on the way, come out in order, once each.
// (How much it grows is a matter of speed, measured in BENCHMARKS.md.)
func TestAppendRowsKeepsOrderAcrossGrowth(t *testing.T) {
	tb := newTable(nil)
	var want []uint64
	for id := uint64(1); id <= 5000; {
		var step []uint64
		for range int(id%37) + 1 {
			step = append(step, id)
			id++
		}
		tb.appendRows(step...)
		want = append(want, step...)
	}
	if !slices.Equal(tb.ids, want) {
		t.Fatalf("rows after appends: %d rows, want %d in order", len(tb.ids), len(want))
	}
}
