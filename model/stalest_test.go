package model

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// The eviction pass picks exactly the clients a full sort by (last seen,
// ID) would, never the one just added: checked against that sort on
// clients heard out of order, with many sharing a time, some never timed.
func TestClientsEvictTheStalestByTimeThenID(t *testing.T) {
	const limit = 50
	cs := NewClientsMax(limit)
	type ref struct {
		seen int64
		id   int
	}
	want := map[string]ref{} // the clients a sort-based table would hold
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Unix(1793610000, 0)
	nextID := 1
	for i := range 2000 {
		mac := fmt.Sprintf("02%010x", rng.IntN(120)) // clients come back
		var at time.Time                             // some events carry no time
		if rng.IntN(10) > 0 {
			at = base.Add(time.Duration(rng.IntN(40)) * time.Second) // ties, out of order
		}
		e := Event{Topic: "client-join", Kind: KindJoin, MAC: mac, RSSI: -50, HasRSSI: true, Time: at, Seq: uint64(i + 1)}
		cs.Observe(&e)

		r, held := want[mac]
		if !held {
			r = ref{noTime, nextID}
			nextID++
			if len(want)+1 > limit {
				byAge := make([]string, 0, len(want))
				for m := range want {
					byAge = append(byAge, m)
				}
				slices.SortFunc(byAge, func(a, b string) int {
					return cmp.Or(cmp.Compare(want[a].seen, want[b].seen), cmp.Compare(want[a].id, want[b].id))
				})
				for _, m := range byAge[:max((len(want)+1)/10, 1)] {
					delete(want, m)
				}
			}
		}
		r.seen = max(r.seen, unixTime(at))
		want[mac] = r

		if cs.Len() != len(want) {
			t.Fatalf("event %d: %d clients held, want %d", i, cs.Len(), len(want))
		}
		for m, r := range want {
			c, ok := cs.Get(m)
			if !ok || c.ID() != r.id || c.seenAt() != r.seen {
				t.Fatalf("event %d: client %s held %v (ID %d seen %d), want ID %d seen %d", i, m, ok, c.ID(), c.seenAt(), r.id, r.seen)
			}
		}
	}
	if cs.Evictions() < 10 {
		t.Fatalf("only %d evictions: the test did not exercise eviction", cs.Evictions())
	}
}

// stalestCut agrees with a sort, whatever the spread of the times: equal,
// two far apart, the extremes of int64, random.
func TestStalestCutAgreesWithASort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cases := map[string][]int64{
		"equal":    {5, 5, 5, 5, 5},
		"far":      {noTime, 1, noTime, freeSeen - 1, 1, 1},
		"one":      {7},
		"with-gap": {3, freeSeen, 1, freeSeen, 2},
	}
	for k := range 20 {
		seen := make([]int64, 1+rng.IntN(5000))
		for i := range seen {
			switch rng.IntN(8) {
			case 0:
				seen[i] = freeSeen
			case 1:
				seen[i] = noTime
			default:
				seen[i] = 1793610000e9 + rng.Int64N(int64(1+k)*1e9)
			}
		}
		cases[fmt.Sprint("random-", k)] = seen
	}
	for name, seen := range cases {
		held := slices.DeleteFunc(slices.Clone(seen), func(v int64) bool { return v == freeSeen })
		slices.Sort(held)
		for n := 1; n <= len(held); n += 1 + len(held)/50 {
			cut, before := stalestCut(seen, n)
			older, _ := slices.BinarySearch(held, held[n-1])
			if cut != held[n-1] || before != older {
				t.Fatalf("%s, n=%d: cut %d before %d, want %d and %d", name, n, cut, before, held[n-1], older)
			}
		}
	}
}
