package model

import (
	"testing"

	"github.com/mistwatch/mistwatch/model/modeltest"
)

// BenchmarkDecodeLeased is the live handler's decode: the load tool's
// 10-event messages (every event a new client) decoded into a leased slice
// and recycled, as the dashboard recycles each batch once stored.
func BenchmarkDecodeLeased(b *testing.B) {
	const ring = 256
	bodies := make([][]byte, ring)
	for i := range bodies {
		bodies[i] = modeltest.LoadMessageBytes(i*10, 10)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_, evs, err := DecodeLeased(bodies[i%ring], recv, func([]byte) {})
		if err != nil || len(evs) != 10 {
			b.Fatalf("%v, %d events", err, len(evs))
		}
		Recycle(evs)
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*10), "ns/event")
}
