package report

import "time"

// MaxChartPoints bounds the readings one chart draws, so the page stays a
// few megabytes whatever the input.
const MaxChartPoints = 2000

// series is a chart's readings decimated as they stream in, holding at most
// limit of them: all of them while they are at most limit; past that, the
// span from the first reading to the last (known before the first, from the
// report's first pass) cut into limit/2 equal buckets, each keeping its
// lowest and highest reading in the order they came, so a dip stays
// visible. Readings must come in time order.
type series struct {
	limit   int
	first   time.Time
	span    time.Duration
	n       int       // readings added
	all     []Reading // every reading, until there are more than limit
	buckets []bucket
}

// bucket is the lowest and highest reading of one time bucket, with the
// order they came in (the first of equals is kept).
type bucket struct {
	lo, hi       Reading
	loNth, hiNth int
	used         bool
}

// newSeries readies a series of readings between first and last.
func newSeries(limit int, first, last time.Time) *series {
	limit = max(limit, 2)
	return &series{limit: limit, first: first, span: last.Sub(first)}
}

func (s *series) add(r Reading) {
	s.n++
	if s.n <= s.limit {
		s.all = append(s.all, r)
		return
	}
	if s.buckets == nil { // one past the limit: from here on, buckets
		s.buckets = make([]bucket, s.limit/2)
		for i, early := range s.all {
			s.bucketAdd(early, i+1)
		}
		s.all = nil
	}
	s.bucketAdd(r, s.n)
}

func (s *series) bucketAdd(r Reading, nth int) {
	b := &s.buckets[s.bucketOf(r.Time)]
	switch {
	case !b.used:
		*b = bucket{lo: r, hi: r, loNth: nth, hiNth: nth, used: true}
	case r.RSSI < b.lo.RSSI:
		b.lo, b.loNth = r, nth
	case r.RSSI > b.hi.RSSI:
		b.hi, b.hiNth = r, nth
	}
}

func (s *series) bucketOf(t time.Time) int {
	if s.span <= 0 {
		return 0
	}
	return max(min(int(float64(t.Sub(s.first))/float64(s.span)*float64(len(s.buckets))), len(s.buckets)-1), 0)
}

// points is what the chart draws, in time order.
func (s *series) points() []Reading {
	if s.n <= s.limit {
		return s.all
	}
	out := make([]Reading, 0, s.limit)
	for _, b := range s.buckets {
		switch {
		case !b.used:
		case b.loNth == b.hiNth:
			out = append(out, b.lo)
		case b.loNth < b.hiNth:
			out = append(out, b.lo, b.hi)
		default:
			out = append(out, b.hi, b.lo)
		}
	}
	return out
}
