package report

import (
	"math"
	"testing"
	"time"
)

func TestDecimateKeepsDipsAndBoundsPoints(t *testing.T) {
	t0 := time.Unix(1793610000, 0)
	var rs []Reading
	for i := range 100000 {
		rssi := -60 + 5*math.Sin(float64(i)/50)
		if i == 54321 {
			rssi = -95 // one dip
		}
		if i == 7777 {
			rssi = -30 // one spike
		}
		rs = append(rs, Reading{Time: t0.Add(time.Duration(i) * time.Second), RSSI: rssi})
	}
	got := decimate(rs, MaxChartPoints)
	if len(got) > MaxChartPoints || len(got) < MaxChartPoints/2 {
		t.Fatalf("%d points, want at most %d", len(got), MaxChartPoints)
	}
	var sawDip, sawSpike bool
	for i, r := range got {
		sawDip = sawDip || r.RSSI == -95
		sawSpike = sawSpike || r.RSSI == -30
		if i > 0 && r.Time.Before(got[i-1].Time) {
			t.Fatalf("point %d goes back in time", i)
		}
	}
	if !sawDip || !sawSpike {
		t.Errorf("the dip (%v) or the spike (%v) was lost", sawDip, sawSpike)
	}
	if small := rs[:500]; len(decimate(small, MaxChartPoints)) != 500 {
		t.Error("a series under the limit must be kept whole")
	}
	same := []Reading{{t0, -60, ""}, {t0, -70, ""}, {t0, -65, ""}}
	if got := decimate(same, 2); len(got) != 2 || got[0].RSSI != -60 || got[1].RSSI != -70 {
		t.Errorf("readings at one instant: %+v, want the highest and lowest in the order they came", got)
	}
}

// decimate is a series over readings already at hand, in time order: what
// the chart drew before its readings streamed in, now only this test's.
func decimate(rs []Reading, limit int) []Reading {
	if len(rs) == 0 {
		return rs
	}
	s := newSeries(limit, rs[0].Time, rs[len(rs)-1].Time)
	for _, r := range rs {
		s.add(r)
	}
	return s.points()
}
