package model

import (
	"syscall"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model/modeltest"
)

// BenchmarkStoreAppendLive is the store's side of live ingest as the load
// tool drives it: 100-event batches of 10-event messages, every event a new
// client, into a store of --capacity 1000000 (filling: the first 300k
// events) and into a full one (evicting: capacity 100k, filled first).
func BenchmarkStoreAppendLive(b *testing.B) {
	batches := func(from, n int) [][]Event {
		out := make([][]Event, n)
		for i := range out {
			for m := 0; m < 10; m++ {
				seq := from + (i*10+m)*10
				_, evs, err := DecodeMessage(modeltest.LoadMessageBytes(seq, 10), recv)
				if err != nil {
					b.Fatal(err)
				}
				out[i] = append(out[i], evs...)
			}
		}
		return out
	}
	run := func(b *testing.B, s *Store, from int) {
		in := batches(from, b.N)
		b.ReportAllocs()
		cpu0, faults0 := cpuTime(), minorFaults()
		b.ResetTimer()
		for _, batch := range in {
			s.Append(batch)
		}
		s.waitCompressed()
		events := float64(b.N * 100)
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/events, "ns/event")
		b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/events, "cpu-ns/event")
		b.ReportMetric(float64(minorFaults()-faults0)/events, "faults/event")
	}
	b.Run("filling", func(b *testing.B) { run(b, NewStore(1000000), 0) })
	b.Run("full", func(b *testing.B) {
		s := NewStore(100000)
		for _, batch := range batches(0, 1000) {
			s.Append(batch)
		}
		run(b, s, 100000)
	})
}

// cpuTime is the CPU time the process has used (all its threads: the
// collector's and the compressor's too): steadier than wall time on a
// shared machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// minorFaults is the number of page faults the process has taken that
// needed no I/O: mostly first touches of fresh heap pages.
func minorFaults() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Minflt
}
