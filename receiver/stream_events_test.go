package receiver

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/mistwatch/mistwatch/model"
)

// streamLines is a record file of n messages of 1 to 3 events, with a
// marker and a broken entry among them.
func streamLines(n int) string {
	var b strings.Builder
	for i := range n {
		at := time.Date(2024, 5, 6, 7, 0, i, 0, time.UTC).Format(time.RFC3339)
		var evs []string
		for j := range i%3 + 1 {
			evs = append(evs, fmt.Sprintf(`{"mac":"%012x","rssi":-%d}`, i*3+j, 40+j))
		}
		fmt.Fprintf(&b, `{"received_at":%q,"message":{"topic":"client-join","events":[%s]}}`+"\n", at, strings.Join(evs, ","))
		switch i {
		case 5:
			fmt.Fprintf(&b, `{"received_at":%q,"marker":{"time":%q,"text":"door"}}`+"\n", at, at)
		case 9:
			b.WriteString(`{"received_at":"2024-05-06T07:00:09Z","message":{"topic":"client-join","events":[{"mac":"1"}],}}` + "\n")
		}
	}
	return b.String()
}

// A streamed piece's Events is its messages' Decoded end to end, however
// the piece is cut and however often its slice had to grow.
func TestStreamBatchEventsAreTheMessagesInOrder(t *testing.T) {
	in := streamLines(40)
	for _, chunk := range []int{64, 500, 1 << 20} {
		var pieces, events int
		err := streamPieces(context.Background(), newSplitter("f", strings.NewReader(in), chunk), 0, model.DecodeOptions{}, func(b Batch) error {
			// Each message decoded again on its own, as a replay of
			// that message alone would: the piece's events must be
			// those, in the file's order.
			var want []model.Event
			for _, m := range b.Messages {
				evs, err := m.Events(m.Received)
				if err != nil {
					t.Fatalf("chunk %d: line %d: %v", chunk, m.Line, err)
				}
				want = append(want, evs...)
			}
			if len(want) != len(b.Events) || len(want) > 0 && !reflect.DeepEqual(want, b.Events) {
				t.Fatalf("chunk %d: Events has %d events, the messages decoded alone %d (or they differ)", chunk, len(b.Events), len(want))
			}
			pieces++
			events += len(b.Events)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := 1 // the marker
		for i := range 40 {
			want += i%3 + 1
		}
		if events != want {
			t.Errorf("chunk %d: %d events in %d pieces, want %d", chunk, events, pieces, want)
		}
	}
	// Room for one event only: the slice grows while the piece is read. A
	// message decoded before a growth must still point into the final
	// slice, not into an outgrown array it would keep alive (equal values
	// there would hide it: compared by address).
	p := (&piece{name: "f", data: []byte(in)}).parseWith(true, model.DecodeOptions{}, 1)
	off := 0
	for i, m := range p.msgs {
		if len(m.Decoded) == 0 || &m.Decoded[0] != &p.events[off] {
			t.Fatalf("grown: message %d's %d events are not p.events[%d:]", i, len(m.Decoded), off)
		}
		off += len(m.Decoded)
	}
	if len(p.errs) != 1 || off != len(p.events) {
		t.Fatalf("grown: %d errors (want 1), %d events vs %d decoded", len(p.errs), len(p.events), off)
	}
}

// A file player hands each part of a piece over capped at its end: the
// receiver appending to one cannot write over the next.
func TestFilePlayerBatchesAreCapped(t *testing.T) {
	path := recordedFile(t, testMessages(6, time.Millisecond))
	for _, speed := range []float64{0, 1} { // at 1 each message is a part of its own
		ch := make(chan []model.Event)
		got := make(chan []string)
		go func() { // the receiver: it takes batches as they come
			var macs []string
			for b := range ch {
				if cap(b) != len(b) {
					t.Errorf("speed %v: a batch of %d events has room for %d", speed, len(b), cap(b))
				}
				for _, e := range b {
					macs = append(macs, e.MAC)
				}
			}
			got <- macs
		}()
		p := NewFilePlayer([]string{path}, speed, ch, nil)
		if err := waitRun(t, runPlayer(context.Background(), p)); err != nil {
			t.Fatal(err)
		}
		close(ch)
		macs := <-got
		if len(macs) != 6 || macs[0] != fmt.Sprintf("%012x", 0) || macs[5] != fmt.Sprintf("%012x", 5) {
			t.Errorf("speed %v: played %v, want the 6 messages in order", speed, macs)
		}
	}
}

// recordedFile is a record file of msgs, as the recorder writes it.
func recordedFile(t *testing.T, msgs []Message) string {
	t.Helper()
	rec, path := newTestRecorder(t)
	for i, m := range msgs {
		if err := rec.Record(m.Received, m.Body); err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
	}
	rec.Close()
	return path
}

// A piece's room for events is guessed in one place: one per 256 bytes
// until a piece has been parsed, then a sixteenth over what pieces held.
func TestEventGuess(t *testing.T) {
	var g eventGuess
	if got := g.expect(1 << 20); got != 4096 {
		t.Errorf("first guess for 1 MiB: %d, want 4096", got)
	}
	g.learn(2<<20, 2000) // 1000 per MiB
	if got := g.expect(1 << 20); got != 1062 {
		t.Errorf("after 1000 events per MiB, guess for 1 MiB: %d, want 1062", got)
	}
}

// Only a reader that copies what it keeps borrows the piece: StreamFile's
// events (the report keeps learned names from them) have bytes of their
// own; with BodyKept, as the dashboard's player asks, they point into it.
func TestStreamEventsBorrowThePieceOnlyWhenAsked(t *testing.T) {
	in := streamLines(6)
	for _, kept := range []bool{false, true} {
		err := streamPieces(context.Background(), newSplitter("f", strings.NewReader(in), 1<<20), 0, model.DecodeOptions{BodyKept: kept}, func(b Batch) error {
			for _, m := range b.Messages {
				if m.Marker {
					continue // written anew by ParseMarker
				}
				for _, e := range m.Decoded {
					body := uintptr(unsafe.Pointer(unsafe.SliceData(m.Body)))
					raw := uintptr(unsafe.Pointer(unsafe.SliceData(e.Raw)))
					if inside := raw >= body && raw < body+uintptr(len(m.Body)); inside != kept {
						t.Fatalf("BodyKept %v: an event's raw JSON inside the piece: %v", kept, inside)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
