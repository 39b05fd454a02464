package model

import (
	"fmt"
	"runtime"
	"testing"
	"time"
	"unsafe"
)

// TestRawBufferRecycledOnlyWhenUnreferenced: once a chunk is compressed,
// its raw buffer goes back to the pool when nothing refers to it, and a new
// chunk fills it; the buffer of a chunk whose raw JSON a reader still holds
// never does, and the reader's bytes stay as they were.
func TestRawBufferRecycledOnlyWhenUnreferenced(t *testing.T) {
	drainRawPool()
	s := NewStore(64000) // chunks of 4,000 events, raw buffers of ~200 KB
	fixedRaw := func(from, n int) []Event {
		out := make([]Event, n)
		for i := range out {
			out[i] = Event{Topic: "client-join", Kind: KindJoin, MAC: fmt.Sprintf("%012x", from+i),
				Raw: fmt.Appendf(nil, `{"mac":"%012x","pad":"%040d"}`, from+i, from+i)}
		}
		return out
	}
	// Held as the writer's turn, the compressor waits: the Get reads the
	// second chunk's plain raw buffer, not a frame decompressed from it.
	done := s.Writing()
	s.Append(fixedRaw(0, 12001)) // three sealed chunks; the first grew by append, the others pooled
	held, ok := s.Get(6000)      // in the second chunk
	if !ok {
		t.Fatal("event 6000 not held")
	}
	if z := s.chunks[1].sealed.Load(); z == nil || z.plain == nil {
		t.Fatal("second chunk already compressed at the Get: the reader holds no slice of its raw buffer")
	}
	done()
	want := string(held.Raw)
	s.waitCompressed()
	if z := s.chunks[2].sealed.Load(); z == nil || z.z == nil {
		t.Fatal("third chunk not compressed: nothing to recycle")
	}
	deadline := time.Now().Add(10 * time.Second)
	for rawPoolWaiting() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no compressed chunk's buffer came back to the pool")
		}
		runtime.GC() // the collector proves the buffers unreferenced
		time.Sleep(10 * time.Millisecond)
	}
	rawBufs.mu.Lock()
	at := uintptr(unsafe.Pointer(unsafe.SliceData(held.Raw)))
	for _, b := range rawBufs.free {
		if lo := uintptr(unsafe.Pointer(unsafe.SliceData(b))); lo <= at && at < lo+uintptr(cap(b)) {
			t.Errorf("the buffer a reader holds event 6000 in is in the pool")
		}
	}
	rawBufs.mu.Unlock()
	before := rawBufs.reused()
	s.Append(fixedRaw(12001, 8000))
	if rawBufs.reused() == before {
		t.Error("no new chunk reused a recycled buffer")
	}
	if string(held.Raw) != want {
		t.Errorf("held raw JSON changed:\n got %q\nwant %q", held.Raw, want)
	}
	for _, seq := range []uint64{6000, 12001, 16000} {
		got, ok := s.Get(seq)
		if wantRaw := fmt.Sprintf(`{"mac":"%012x","pad":"%040d"}`, seq-1, seq-1); !ok || string(got.Raw) != wantRaw {
			t.Errorf("Get(%d) raw %q, want %q", seq, got.Raw, wantRaw)
		}
	}
}

func drainRawPool() {
	rawBufs.mu.Lock()
	defer rawBufs.mu.Unlock()
	clear(rawBufs.free)
	rawBufs.free, rawBufs.bytes = rawBufs.free[:0], 0
}

func rawPoolWaiting() int {
	rawBufs.mu.Lock()
	defer rawBufs.mu.Unlock()
	return len(rawBufs.free)
}
