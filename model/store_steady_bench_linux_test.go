package model

import (
	"context"
	"runtime"
	"runtime/pprof"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/mistwatch/mistwatch/model/modeltest"
)

// BenchmarkStoreAppendSteady is the live load test's steady state: a store
// of --capacity 1000000 already full (evicting one event per event stored),
// fed one 10-event message per Append as the dashboard hands them over,
// every event a new client. Only Append is timed: decoding the next
// message is not the store's work. Filling the store first takes some
// seconds, so run it under the heavy-work lock. append-cpu-ns/event is
// the CPU time of Append's thread alone: the machine is shared, and wall
// time counts the waits for a core.
func BenchmarkStoreAppendSteady(b *testing.B) {
	const capacity, msg = 1000000, 10
	if steady.s == nil { // filled once: the framework calls this for b.N = 1 first
		steady.s = NewStore(capacity)
		steady.s.Clients.TrackTouched() // as the dashboard does
	}
	s, seq := steady.s, &steady.seq
	next := func() []Event {
		_, evs, err := DecodeMessage(modeltest.LoadMessageBytes(*seq, msg), recv)
		if err != nil || len(evs) != msg {
			b.Fatalf("%v, %d events", err, len(evs))
		}
		*seq += msg
		return evs
	}
	for *seq < capacity+capacity/10 { // full, and once round the client table's eviction
		s.Append(next())
		if *seq%1000 == 0 {
			s.Clients.TakeTouched()
		}
	}
	if s.Len() != capacity || s.Evicted() == 0 {
		b.Fatalf("held %d, evicted %d: the store did not fill and evict", s.Len(), s.Evicted())
	}
	b.ReportAllocs()
	b.ResetTimer()
	runtime.LockOSThread() // so that the thread's CPU time is this goroutine's
	defer runtime.UnlockOSThread()
	var in, cpu time.Duration
	events := 0
	// A CPU profile tells the timed part by its label: -tagfocus phase=append.
	timed, untimed := pprof.WithLabels(context.Background(), pprof.Labels("phase", "append")), context.Background()
	for events < b.N {
		batch := next()
		pprof.SetGoroutineLabels(timed)
		t0, c0 := time.Now(), threadCPU()
		s.Append(batch)
		if *seq%1000 == 0 {
			s.Clients.TakeTouched()
		}
		in, cpu = in+time.Since(t0), cpu+threadCPU()-c0
		pprof.SetGoroutineLabels(untimed)
		events += len(batch)
	}
	b.ReportMetric(float64(in.Nanoseconds())/float64(events), "append-ns/event")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(events), "append-cpu-ns/event")
}

// threadCPU is the CPU time of the calling thread.
func threadCPU() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTime = 3 // CLOCK_THREAD_CPUTIME_ID
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}

// steady is BenchmarkStoreAppendSteady's store, kept between its runs.
var steady struct {
	s   *Store
	seq int
}
