package receiver

import (
	"testing"
	"time"
)

// Every duration falls in a bucket that ends after it and begins where the
// bucket before ends, and a bucket is at most a quarter of its start wide.
func TestTimeBucketsHoldTheirDurations(t *testing.T) {
	for _, d := range []time.Duration{1, 2, 3, 4, 5, 7, 8, 1000, 1023, 1024, 1279, 1280, 65 * time.Microsecond, 2 * time.Millisecond, 3*time.Second + 7} {
		i := timeBucket(d)
		lo := time.Duration(1)
		if i > 0 {
			lo = bucketEnd(i - 1)
		}
		if d < lo || d >= bucketEnd(i) {
			t.Errorf("%v in bucket %d [%v, %v)", d, i, lo, bucketEnd(i))
		}
		if d >= 8 && float64(bucketEnd(i)-lo) > float64(lo)/4+1 {
			t.Errorf("%v: bucket %d [%v, %v) is wider than a quarter", d, i, lo, bucketEnd(i))
		}
	}
}

func TestServeTimesQuantile(t *testing.T) {
	var s serveTimes
	if s.quantile(0.99) != 0 {
		t.Error("no webhooks: quantile not 0")
	}
	for range 98 {
		s.add(60 * time.Microsecond)
	}
	s.add(3 * time.Millisecond)
	s.add(40 * time.Millisecond)
	p50, p99, top := s.quantile(0.5), s.quantile(0.99), s.quantile(1)
	if p50 < 60*time.Microsecond || p50 > 75*time.Microsecond {
		t.Errorf("p50 %v, want just over 60µs", p50)
	}
	if p99 < 3*time.Millisecond || p99 > 3750*time.Microsecond {
		t.Errorf("p99 %v, want just over 3ms", p99)
	}
	if top < 40*time.Millisecond || top > 50*time.Millisecond {
		t.Errorf("max %v, want just over 40ms", top)
	}
}
