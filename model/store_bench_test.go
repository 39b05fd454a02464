package model

import (
	"fmt"
	"runtime"
	"testing"
)

// distinctPool is n client-sessions events as a big org delivers them:
// 50,000 clients, each event's raw JSON its own.
func distinctPool(b *testing.B, n int) []Event {
	_, tmpl, err := DecodeMessage(sessionsMessage(10), recv)
	if err != nil {
		b.Fatal(err)
	}
	pool := make([]Event, n)
	for i := range pool {
		e := tmpl[i%len(tmpl)]
		e.MAC = fmt.Sprintf("70ef%08x", i%50000)
		e.Raw = append(e.Raw[:len(e.Raw)-1:len(e.Raw)-1], fmt.Sprintf(`,"seq":%d}`, i)...)
		pool[i] = e
	}
	return pool
}

// pointerRing is the store as it was before the compact one: one heap
// Event per event, kept by pointer. The reference the compact store is
// measured against in the same run.
type pointerRing struct {
	ring    []*Event
	head, n int
}

func (r *pointerRing) append(batch []Event) {
	for i := range batch {
		e := new(Event)
		*e = batch[i]
		e.Raw = append([]byte(nil), batch[i].Raw...) // decode gave each event its own copy
		if r.n == len(r.ring) {
			r.ring[r.head] = nil
			r.head = (r.head + 1) % len(r.ring)
			r.n--
		}
		r.ring[(r.head+r.n)%len(r.ring)] = e
		r.n++
	}
}

// BenchmarkStoreAppendEvict1M appends 100-event batches to a full store of
// 1M events, each evicting as many, and reports the live heap per stored
// event. The reference is a pointer ring in the same run.
func BenchmarkStoreAppendEvict1M(b *testing.B) {
	const capacity, batch = 1000000, 100
	pool := distinctPool(b, 100000)
	heapPerEvent := func() float64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapAlloc) / capacity
	}
	run := func(b *testing.B, add func([]Event)) {
		before := heapPerEvent()
		for i := 0; i < capacity; i += batch {
			add(pool[i%len(pool) : i%len(pool)+batch])
		}
		heap := heapPerEvent() - before
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			j := i * batch % len(pool)
			add(pool[j : j+batch])
		}
		b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "events/s")
		b.ReportMetric(heap, "heap-B/event")
	}
	b.Run("compact", func(b *testing.B) {
		s := NewStore(capacity)
		s.Dedupe = false // the pool comes round again: measure storing, not refusing
		run(b, func(evs []Event) { s.Append(evs) })
		if s.Len() != capacity || s.Evicted() == 0 {
			b.Fatalf("held %d, evicted %d: the store did not fill and evict", s.Len(), s.Evicted())
		}
		runtime.KeepAlive(s)
	})
	b.Run("pointer-ring", func(b *testing.B) {
		r := &pointerRing{ring: make([]*Event, capacity)}
		run(b, r.append)
		runtime.KeepAlive(r)
	})
}
