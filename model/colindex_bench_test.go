package model

import "testing"

// BenchmarkChunkIndex is what indexing one sealed chunk of 4096
// client-sessions events of 50,000 clients costs the compressor's
// goroutine, per event: the ingest side of the column-wise filter.
func BenchmarkChunkIndex(b *testing.B) {
	s := NewStore(4096 * 16)
	s.Dedupe = false
	s.Append(distinctPool(b, 4096))
	c := s.chunks[0]
	b.ResetTimer()
	for range b.N {
		buildIndex(c.recs[:c.n])
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*c.n), "ns/event")
}
