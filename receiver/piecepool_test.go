package receiver

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/mistwatch/mistwatch/model"
)

// pooledSplitter records n test messages to a file and returns them, the
// file's bytes, and a splitter of chunk bytes over it that takes its buffers
// from a piece pool.
func pooledSplitter(t *testing.T, n, chunk int) ([]Message, []byte, *splitter) {
	t.Helper()
	msgs := testMessages(n, time.Millisecond)
	path := recordedFile(t, msgs)
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sp := newSplitter(path, bytes.NewReader(file), chunk)
	sp.pool = newPiecePool()
	return msgs, file, sp
}

// A streamed file's pieces, lent and recycled as the dashboard does, are
// decoded into the buffers of earlier pieces, and no piece's events change
// while it is out: every event read in the reader's turn is the one the
// file holds at its place.
func TestPiecePoolReusesOnlyRecycledPieces(t *testing.T) {
	msgs, file, sp := pooledSplitter(t, 400, 512) // about 3 messages a piece
	before := model.Leases()
	arrays := map[*model.Event]bool{}
	buffers := map[*byte]bool{}
	var got, pieces int
	err := streamPieces(context.Background(), sp, int64(len(file)), model.DecodeOptions{BodyKept: true}, func(b Batch) error {
		pieces++
		for _, e := range b.Events {
			if want := fmt.Sprintf("%012x", got); e.MAC != want || !bytes.Contains(msgs[got].Body, e.Raw) {
				t.Fatalf("event %d: MAC %s raw %s, want MAC %s: a piece was reused while out", got, e.MAC, e.Raw, want)
			}
			got++
		}
		if len(b.Events) == 0 {
			return nil
		}
		arrays[&b.Events[0]] = true
		if b.data != nil {
			buffers[unsafe.SliceData(b.data)] = true
		}
		sp.pool.lend(b.Events, b.Events, b.data)
		model.Recycle(b.Events) // the reader's turn is over
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != len(msgs) {
		t.Fatalf("%d events streamed, want %d", got, len(msgs))
	}
	// In flight at once: two pieces per decoder plus the one emitted.
	if limit := pieces / 4; len(arrays) > limit || len(buffers) > limit || len(buffers) == 0 {
		t.Errorf("%d pieces used %d event slices and %d buffers, want at most %d of each", pieces, len(arrays), len(buffers), limit)
	}
	if model.Leases() != before {
		t.Errorf("Leases = %d, want %d: a lent piece was not taken back", model.Leases(), before)
	}
}

// A piece is its buffer's only one unless the buffer goes on past it: at
// the end of the file, or in a buffer that still holds a whole piece. No
// later piece's bytes lie in a buffer a piece owns: the pool would reuse
// it under them.
func TestSplitterOwnsOnlyWholeBuffers(t *testing.T) {
	var pretty strings.Builder
	for i := range 40 { // values shorter and longer than a chunk
		fmt.Fprintf(&pretty, "{\n  \"n\": %d,\n  \"pad\": %q\n}\n", i, strings.Repeat("x", i*7%50))
	}
	for name, data := range map[string][]byte{
		"lines":  []byte("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n{\"d\":4}\n"),
		"pretty": []byte(pretty.String()),
	} {
		sp := newSplitter("f", bytes.NewReader(data), 16)
		var pieces []*piece
		var owned, shared int
		for {
			c, err := sp.next()
			if err != nil {
				t.Fatal(err)
			}
			if c == nil {
				break
			}
			pieces = append(pieces, c)
			if c.own == nil {
				shared++
				continue
			}
			owned++
			if unsafe.SliceData(c.own) != unsafe.SliceData(c.data) {
				t.Errorf("%s: piece %q owns a buffer it does not start", name, c.data)
			}
		}
		t.Logf("%s: %d pieces own their buffer, %d share one", name, owned, shared)
		if owned == 0 {
			t.Errorf("%s: no piece owns its buffer (%d shared)", name, shared)
		}
		if name == "pretty" && sp.layout != layoutValues {
			t.Errorf("pretty: layout %d, want values spread over lines", sp.layout)
		}
		for i, c := range pieces {
			if c.own == nil {
				continue
			}
			start := uintptr(unsafe.Pointer(unsafe.SliceData(c.own)))
			for _, later := range pieces[i+1:] {
				if at := uintptr(unsafe.Pointer(unsafe.SliceData(later.data))); at >= start && at < start+uintptr(cap(c.own)) {
					t.Errorf("%s: piece %q owns the buffer that later piece %q lies in", name, c.data, later.data)
				}
			}
		}
	}
}

// Only a player told to lend hands its pieces over leased, and a lent
// piece's lease ends with the reader's Recycle.
func TestFilePlayerLendsPiecesOnlyWhenAsked(t *testing.T) {
	path := recordedFile(t, testMessages(3, time.Millisecond))
	for _, lend := range []bool{false, true} {
		ch := make(chan []model.Event, 1)
		p := NewFilePlayer([]string{path}, 0, ch, nil)
		if lend {
			p.LendPieces()
		}
		before := model.Leases()
		if err := waitRun(t, runPlayer(context.Background(), p)); err != nil {
			t.Fatal(err)
		}
		evs := <-ch
		if lent := model.Leases() - before; len(evs) != 3 || lent != map[bool]int{false: 0, true: 1}[lend] {
			t.Errorf("LendPieces %v: %d events, %d leases out", lend, len(evs), lent)
		}
		model.Recycle(evs)
		if model.Leases() != before {
			t.Errorf("LendPieces %v: Leases = %d after Recycle, want %d", lend, model.Leases(), before)
		}
	}
}

// A player lends each whole piece capped at its length (sendLast), and the
// pool must still take the slice back with its room: a capped slice is
// refused by the next piece's eventSlice, which asks a sixteenth more, and
// every piece would get a new one.
func TestSendLastLendsReusableEventSlices(t *testing.T) {
	_, file, sp := pooledSplitter(t, 1200, 2048) // about 15 messages a piece
	ch := make(chan []model.Event, 1)
	p := NewPlayer(nil, 0, ch)
	arrays := map[*model.Event]bool{}
	var pieces int
	err := streamPieces(context.Background(), sp, int64(len(file)), model.DecodeOptions{BodyKept: true}, func(b Batch) error {
		if len(b.Events) == 0 {
			return nil
		}
		pieces++
		arrays[&b.Events[0]] = true
		if err := p.sendLast(context.Background(), sp.pool, b, 0, len(b.Events)); err != nil {
			return err
		}
		model.Recycle(<-ch) // the reader's turn is over
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pieces < 48 {
		t.Fatalf("only %d pieces: too few to tell", pieces)
	}
	t.Logf("%d pieces, %d event slices", pieces, len(arrays))
	// In flight at once: two pieces per decoder plus the one emitted.
	if limit := pieces / 4; len(arrays) > limit {
		t.Errorf("%d pieces lent by sendLast used %d event slices, want at most %d", pieces, len(arrays), limit)
	}
}

// An events slice pooled without the buffer its events point into (a
// piece sharing its buffer, or a pool already full of buffers) is cleared,
// past its length too: it must not keep that buffer alive.
func TestPiecePoolClearsEventsPooledWithoutTheirData(t *testing.T) {
	for _, c := range []struct {
		name string
		full bool
		data []byte
	}{{"shared buffer", false, nil}, {"data pool full", true, make([]byte, 64)}} {
		pp := newPiecePool()
		if c.full {
			for range cap(pp.data) {
				pp.data <- make([]byte, 0, 8)
			}
		}
		buf := []byte("0123456789abcdef")
		events := make([]model.Event, 4, 8)
		for i := range events[:cap(events)] {
			events[:cap(events)][i] = model.Event{MAC: string(buf[i : i+4]), Raw: buf[i : i+4]}
		}
		pp.put(events, c.data)
		got := <-pp.events
		for i, e := range got[:cap(got)] {
			if e.MAC != "" || e.Raw != nil {
				t.Errorf("%s: pooled event %d still points into its buffer: %q %q", c.name, i, e.MAC, e.Raw)
			}
		}
	}
}
