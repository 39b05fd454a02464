package report

import "time"

// MaxChartPoints bounds the readings one chart draws, so the page stays a
// few megabytes whatever the input.
const MaxChartPoints = 2000

// decimate returns rs when it holds at most limit readings; otherwise it
// cuts the time span into limit/2 equal buckets and keeps the lowest and
// the highest reading of each, in time order, so a dip stays visible.
func decimate(rs []Reading, limit int) []Reading {
	if len(rs) <= limit || limit < 2 {
		return rs
	}
	buckets := limit / 2
	first, span := rs[0].Time, rs[len(rs)-1].Time.Sub(rs[0].Time)
	bucketOf := func(t time.Time) int {
		if span <= 0 {
			return 0
		}
		return min(int(float64(t.Sub(first))/float64(span)*float64(buckets)), buckets-1)
	}
	out := make([]Reading, 0, limit)
	for i := 0; i < len(rs); {
		b := bucketOf(rs[i].Time)
		lo, hi := i, i
		j := i + 1
		for ; j < len(rs) && bucketOf(rs[j].Time) == b; j++ {
			if rs[j].RSSI < rs[lo].RSSI {
				lo = j
			}
			if rs[j].RSSI > rs[hi].RSSI {
				hi = j
			}
		}
		switch {
		case lo == hi:
			out = append(out, rs[lo])
		case lo < hi:
			out = append(out, rs[lo], rs[hi])
		default:
			out = append(out, rs[hi], rs[lo])
		}
		i = j
	}
	return out
}
