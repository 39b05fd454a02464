package model

import (
	"fmt"
	"testing"
)

// Recs walks chunk by chunk; it must yield exactly what Rec finds, Seq by
// Seq, from an evicted head that starts mid-chunk, across chunk
// boundaries, with bounds past either end clamped.
func TestRecsYieldsWhatRecFinds(t *testing.T) {
	s := NewStore(1000) // chunks of 64
	for i := range 1234 {
		s.Append([]Event{{Topic: "client-join", Kind: KindJoin, MAC: fmt.Sprintf("%012x", i)}})
	}
	sn := s.Snapshot()
	defer sn.Close()
	first, end := sn.Range()
	if first%64 == 1 {
		t.Fatalf("the head starts a chunk (first %d): the test wants it mid-chunk", first)
	}
	for _, b := range [][2]uint64{{0, end + 10}, {first + 5, first + 200}, {first + 63, first + 65}, {end - 1, end}, {end, end + 5}, {first + 9, first + 9}} {
		start := max(b[0], first)
		want := start
		for seq, r := range sn.Recs(b[0], b[1]) {
			exp, ok := sn.Rec(seq)
			if seq != want || !ok || r.Str(FieldMAC) != exp.Str(FieldMAC) || r.Kind() != KindJoin {
				t.Fatalf("Recs(%d, %d): got Seq %d (%s), want Seq %d (%s)", b[0], b[1], seq, r.Str(FieldMAC), want, exp.Str(FieldMAC))
			}
			want++
		}
		if stop := max(min(b[1], end), start); want != stop {
			t.Fatalf("Recs(%d, %d) stopped before %d, want before %d", b[0], b[1], want, stop)
		}
	}
}
