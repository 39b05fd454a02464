package model

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

func TestStoreDropsDuplicateDeliveries(t *testing.T) {
	body := []byte(`{"topic":"client-join","events":[{"mac":"70ef0071535f","rssi":-60,"timestamp":1793610000}]}`)
	decode := func() []Event {
		_, evs, err := DecodeMessage(body, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return evs
	}
	s := NewStore(2)
	if got := len(s.Append(decode())); got != 1 {
		t.Fatalf("first delivery stored %d", got)
	}
	if got := len(s.Append(decode())); got != 0 || s.Duplicates() != 1 || s.Len() != 1 {
		t.Fatalf("the org+site copy should be counted, not stored: stored %d, dups %d, len %d", got, s.Duplicates(), s.Len())
	}
	// Once the original is evicted, the same content is new again.
	other := []byte(`{"topic":"ping","events":[{"n":1},{"n":2}]}`)
	_, evs, _ := DecodeMessage(other, time.Now())
	s.Append(evs)
	if got := len(s.Append(decode())); got != 1 {
		t.Fatalf("after its original left the store an event is not a duplicate: stored %d", got)
	}
	keep := NewStore(10)
	keep.Dedupe = false
	keep.Append(decode())
	if got := len(keep.Append(decode())); got != 1 || keep.Duplicates() != 0 {
		t.Fatal("with Dedupe off every copy is stored")
	}
}

func TestIdenticalAlertsFromTwoSitesAreNotDuplicates(t *testing.T) {
	alert := `"alert_events":[{"zone_id":"z1","zone_name":"Cafe","current_occupancy":9,"occupancy_limit":5}]`
	body := []byte(`{"topic":"occupancy-alerts","events":[{"site_id":"11111111-1111-1111-1111-111111111111",` + alert +
		`},{"site_id":"22222222-2222-2222-2222-222222222222",` + alert + `}]}`)
	_, evs, err := DecodeMessage(body, time.Now())
	if err != nil || len(evs) != 2 {
		t.Fatalf("decode: %d events, %v", len(evs), err)
	}
	s := NewStore(10)
	if got := len(s.Append(evs)); got != 2 || s.Duplicates() != 0 {
		t.Fatalf("the same alert at two sites is two events: stored %d, dups %d", got, s.Duplicates())
	}
}

func TestDeduperForgetsFirstInFirstOut(t *testing.T) {
	d := NewDeduper(2)
	ev := func(n string) *Event { return &Event{Topic: "ping", Raw: []byte(`{"n":` + n + `}`)} }
	if d.Duplicate(ev("1")) || d.Duplicate(ev("2")) {
		t.Fatal("new events are not duplicates")
	}
	if !d.Duplicate(ev("1")) {
		t.Fatal("a repeat within the window is a duplicate")
	}
	d.Duplicate(ev("3")) // pushes 1 out
	if d.Duplicate(ev("1")) {
		t.Fatal("after the window has moved on, the same content is new again")
	}
}

// TestDeduperMatchesSimpleWindow checks the open-addressing window against
// the obvious one (a FIFO of digests and a map), over a stream with many
// repeats, so that probe runs wrap around the table and deletions shift
// entries back.
func TestDeduperMatchesSimpleWindow(t *testing.T) {
	for _, n := range []int{1, 7, 50, 300} {
		d := NewDeduper(n)
		var fifo []uint64
		in := map[uint64]bool{}
		rng := rand.New(rand.NewPCG(1, uint64(n)))
		for i := 0; i < 20000; i++ {
			e := &Event{Topic: "ping", Raw: []byte(`{"n":` + strconv.Itoa(rng.IntN(3*n+5)) + `}`)}
			h := digest(e)
			want := in[h]
			if !want {
				if len(fifo) == n {
					delete(in, fifo[0])
					fifo = fifo[1:]
				}
				fifo = append(fifo, h)
				in[h] = true
			}
			if got := d.Duplicate(e); got != want {
				t.Fatalf("window %d, event %d (%s): duplicate %v, want %v", n, i, e.Raw, got, want)
			}
		}
	}
}
