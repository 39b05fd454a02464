package model

import (
	"testing"
	"time"
)

// TestCompressorWaitsForWriter: while the store's writer holds its turn
// (Store.Writing), sealed chunks stay uncompressed; once it is done they are
// compressed and read back whole.
func TestCompressorWaitsForWriter(t *testing.T) {
	s := NewStore(4000) // chunks of 250 events: two sealed below
	done := s.Writing()
	want := appendFilled(s, 600)
	compressed := make(chan struct{})
	go func() {
		s.waitCompressed()
		close(compressed)
	}()
	select {
	case <-compressed:
		t.Fatal("chunks were compressed while the writer held its turn")
	case <-time.After(200 * time.Millisecond):
	}
	if z := s.chunks[0].sealed.Load(); z == nil || z.z != nil {
		t.Fatalf("first chunk sealed %v, compressed %v: want sealed and plain", z != nil, z != nil && z.z != nil)
	}
	done()
	select {
	case <-compressed:
	case <-time.After(10 * time.Second):
		t.Fatal("chunks not compressed once the writer was done")
	}
	if z := s.chunks[1].sealed.Load(); z == nil || z.z == nil {
		t.Fatal("second chunk not compressed")
	}
	for i := range want {
		want[i].Seq = uint64(i + 1)
		if got, ok := s.Get(want[i].Seq); !ok || got.Raw == nil || string(got.Raw) != string(want[i].Raw) {
			t.Fatalf("Get(%d) after compression: raw %q, want %q", want[i].Seq, got.Raw, want[i].Raw)
		}
	}
}
