package receiver

import (
	"math/bits"
	"sync/atomic"
	"time"
)

// serveTimes counts how long accepted webhooks took in the handler, from
// reaching it to being answered, in buckets a quarter of a power of two
// wide. Beside a sender's own latency it tells the handler's share of a
// POST's time from the machine's (waiting for a core, the network).
type serveTimes struct{ counts [256]atomic.Uint64 }

func (s *serveTimes) add(d time.Duration) { s.counts[timeBucket(d)].Add(1) }

// timeBucket is d's bucket: its power of two, then which quarter of it.
func timeBucket(d time.Duration) int {
	ns := uint64(max(d, 1))
	top := bits.Len64(ns) - 1 // ns is in [2^top, 2^(top+1))
	quarter := 0
	if top >= 2 {
		quarter = int(ns>>(top-2)) & 3
	}
	return min(top*4+quarter, 255)
}

// bucketEnd is where bucket i ends: every duration in it is shorter.
func bucketEnd(i int) time.Duration {
	top, quarter := i/4, i%4
	if top < 2 {
		return time.Duration(2) << top
	}
	return time.Duration(uint64(5+quarter) << (top - 2))
}

// quantile is the end of the bucket holding quantile q (0 < q <= 1), or 0
// before any webhook was accepted.
func (s *serveTimes) quantile(q float64) time.Duration {
	var counts [256]uint64
	var total uint64
	for i := range s.counts {
		counts[i] = s.counts[i].Load()
		total += counts[i]
	}
	want := max(uint64(q*float64(total)+0.5), 1)
	var seen uint64
	for i, c := range counts {
		if seen += c; seen >= want && c > 0 {
			return bucketEnd(i)
		}
	}
	return 0
}
