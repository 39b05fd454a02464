package model

import (
	"math"
	"slices"
)

// freeSeen is the last-heard time of a slot holding no client: above any
// client's, which are kept below it.
const freeSeen = math.MaxInt64

// stalestBuckets is how finely stalestCut spreads the times it counts.
const stalestBuckets = 4096

// stalestCut returns the time of the n-th stalest of the times in seen
// (freeSeen ones left out; 1 <= n <= their count) and how many are older
// than it: the clients seen before cut go, and n-before of those seen at
// cut. Linear time: it counts the times by range (one pass for the range,
// one to count), then sorts only the range holding the n-th, where a full
// sort of a million clients took ~90 ms per eviction.
func stalestCut(seen []int64, n int) (cut int64, before int) {
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, v := range seen {
		if v != freeSeen {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if lo >= hi {
		return lo, 0
	}
	span := uint64(hi) - uint64(lo) // no overflow: hi > lo
	shift := uint(0)
	for span>>shift >= stalestBuckets {
		shift++
	}
	var counts [stalestBuckets]int32
	for _, v := range seen {
		if v != freeSeen {
			counts[(uint64(v)-uint64(lo))>>shift]++
		}
	}
	b := 0
	for ; before+int(counts[b]) < n; b++ {
		before += int(counts[b])
	}
	in := make([]int64, 0, counts[b])
	for _, v := range seen {
		if v != freeSeen && int((uint64(v)-uint64(lo))>>shift) == b {
			in = append(in, v)
		}
	}
	slices.Sort(in)
	cut = in[n-before-1]
	older, _ := slices.BinarySearch(in, cut) // the first at cut
	return cut, before + older
}
