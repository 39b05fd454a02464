package model

import (
	"bytes"
	"testing"

	"github.com/mistwatch/mistwatch/model/modeltest"
)

// BenchmarkCompressChunk is what compressing one sealed chunk of 4096
// events costs the compressor's goroutine per event, and what it keeps per
// event: the load tool's events (one new client each), and the shared
// samples over and over.
func BenchmarkCompressChunk(b *testing.B) {
	b.Run("load", func(b *testing.B) {
		var evs []Event
		var m bytes.Buffer
		for first := 0; len(evs) < 4096; first += 10 {
			m.Reset()
			modeltest.LoadMessage(&m, uint64(first), 10)
			_, got, err := DecodeMessage(m.Bytes(), recv)
			if err != nil {
				b.Fatal(err)
			}
			evs = append(evs, got...)
		}
		benchCompress(b, evs[:4096])
	})
	b.Run("samples", func(b *testing.B) {
		var evs []Event
		for len(evs) < 4096 {
			for _, f := range loadSamples(b) {
				if _, got, err := DecodeMessage(f.body, recv); err == nil {
					evs = append(evs, got...)
				}
			}
		}
		benchCompress(b, evs[:4096])
	})
}

func benchCompress(b *testing.B, evs []Event) {
	c := newChunk(0, len(evs), 0)
	for _, e := range evs {
		c.add(record{}, e.Raw, nil)
	}
	c.seal()
	plain := c.sealed.Load()
	var scratch []byte
	for b.Loop() {
		c.sealed.Store(plain)
		c.compress(nil, &scratch)
	}
	z := c.sealed.Load()
	if z.z == nil {
		b.Fatal("not compressed")
	}
	for i, e := range evs {
		var cache frameCache
		if got := c.raw(i, nil, &cache); !bytes.Equal(got, e.Raw) {
			b.Fatalf("event %d read back %q, want %q", i, got, e.Raw)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(evs)), "ns/event")
	b.ReportMetric(float64(len(z.z))/float64(len(evs)), "B/event")
	b.ReportMetric(float64(len(plain.plain))/float64(len(evs)), "plainB/event")
}
