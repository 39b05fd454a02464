package model

import (
	"fmt"
	"reflect"
	"testing"
)

// TestAppendAcrossWarmedWindows: a batch longer than the warmed window,
// with copies of earlier events inside one window and across two, and a
// small dedupe window that pushes digests out mid-batch, is stored exactly
// as event-by-event appends store it.
func TestAppendAcrossWarmedWindows(t *testing.T) {
	events := func() []Event {
		var out []Event
		for i := 0; i < 5*warmAhead; i++ {
			n := i
			if i%7 == 6 {
				n = i - 3 // a copy within the window
			}
			if i%31 == 30 {
				n = i - warmAhead - 1 // a copy from the window before
			}
			out = append(out, Event{Topic: "client-join", Kind: KindJoin, MAC: fmt.Sprintf("70ef%08x", n%40),
				AP: fmt.Sprintf("5c5b35%06x", n%9), SiteID: "site", HasRSSI: true, RSSI: float64(-40 - n%50),
				Raw: []byte(fmt.Sprintf(`{"n":%d}`, n))})
		}
		return out
	}
	whole, single := NewStore(3*warmAhead), NewStore(3*warmAhead)
	stored := whole.Append(events())
	for _, e := range events() {
		single.Append([]Event{e})
	}
	if whole.Duplicates() == 0 || whole.Duplicates() != single.Duplicates() || len(stored) != whole.Len()+int(whole.Evicted()) {
		t.Fatalf("duplicates %d (one by one %d), stored %d, held %d, evicted %d",
			whole.Duplicates(), single.Duplicates(), len(stored), whole.Len(), whole.Evicted())
	}
	if whole.NextSeq() != single.NextSeq() || whole.Symbols().Len() != single.Symbols().Len() {
		t.Fatalf("next seq %d vs %d, symbols %d vs %d", whole.NextSeq(), single.NextSeq(), whole.Symbols().Len(), single.Symbols().Len())
	}
	for seq := whole.FirstSeq(); seq < whole.NextSeq(); seq++ {
		a, _ := whole.Get(seq)
		b, _ := single.Get(seq)
		if a.MAC != b.MAC || a.AP != b.AP || string(a.Raw) != string(b.Raw) || a.RSSI != b.RSSI {
			t.Fatalf("seq %d: %+v, one by one %+v", seq, a, b)
		}
		if id, ok := whole.Symbols().Lookup(a.MAC); !ok || whole.Symbols().String(id) != a.MAC {
			t.Fatalf("seq %d: MAC %q not found in the symbols (%d, %v)", seq, a.MAC, id, ok)
		}
	}
	if whole.Clients.Len() != single.Clients.Len() {
		t.Fatalf("clients %d, one by one %d", whole.Clients.Len(), single.Clients.Len())
	}
}

// TestCompressionAcrossYields: chunks longer than the compressor's stretch
// between yields (250 events against 128) give back every event once
// compressed.
func TestCompressionAcrossYields(t *testing.T) {
	s := NewStore(4000)
	want := appendFilled(s, 1500)
	s.waitCompressed()
	for i, w := range want {
		w.Seq = uint64(i + 1)
		got, ok := s.Get(w.Seq)
		if !ok || !reflect.DeepEqual(*got, w) {
			t.Fatalf("Get(%d) =\n%+v\nwant\n%+v", w.Seq, got, w)
		}
	}
	if z := s.chunks[3].sealed.Load(); s.chunkSize <= yieldFrames || z == nil || z.z == nil {
		t.Fatalf("chunks of %d events, the fourth not compressed: nothing tested", s.chunkSize)
	}
}
