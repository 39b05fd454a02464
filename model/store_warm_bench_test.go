package model

import (
	"slices"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model/modeltest"
)

// BenchmarkStoreWarm is BenchmarkStoreAppendLive's filling store with and
// without warming, batch by batch in turn in one process (the machine is
// shared: separate runs differ by more than warming does). It reports each
// side's time per event and their ratio.
func BenchmarkStoreWarm(b *testing.B) {
	in := make([][]Event, b.N)
	for i := range in {
		for m := 0; m < 10; m++ {
			_, evs, err := DecodeMessage(modeltest.LoadMessageBytes((i*10+m)*10, 10), recv)
			if err != nil {
				b.Fatal(err)
			}
			in[i] = append(in[i], evs...)
		}
	}
	warmed, cold := NewStore(1000000), NewStore(1000000)
	coldAppend := func(batch []Event) {
		var a ahead
		for i := range batch {
			a.digest, a.size = digest(&batch[i]), footprint(&batch[i])
			cold.add(&batch[i], &a)
		}
	}
	var tw, tc time.Duration
	b.ResetTimer()
	for i, batch := range in {
		c := slices.Clone(batch)
		t0 := time.Now()
		if i%2 == 0 {
			warmed.Append(batch)
			t1 := time.Now()
			coldAppend(c)
			tw, tc = tw+t1.Sub(t0), tc+time.Since(t1)
		} else {
			coldAppend(c)
			t1 := time.Now()
			warmed.Append(batch)
			tc, tw = tc+t1.Sub(t0), tw+time.Since(t1)
		}
	}
	n := float64(b.N * 100)
	b.ReportMetric(float64(tw.Nanoseconds())/n, "warm-ns/event")
	b.ReportMetric(float64(tc.Nanoseconds())/n, "cold-ns/event")
	b.ReportMetric(float64(tw)/float64(tc), "warm/cold")
}
