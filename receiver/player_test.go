package receiver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unsafe"

	"github.com/mistwatch/mistwatch/model"
)

// testMessages returns n client-join messages whose MAC is their index and
// whose recorded times are gap apart (zero times when gap is 0).
func testMessages(n int, gap time.Duration) []Message {
	base := time.Date(2024, 5, 6, 7, 0, 0, 0, time.UTC)
	out := make([]Message, n)
	for i := range out {
		out[i].Body = []byte(fmt.Sprintf(`{"topic":"client-join","events":[{"mac":"%012x","timestamp":%d}]}`, i, 1700000000+i))
		if gap > 0 {
			out[i].Received = base.Add(time.Duration(i) * gap)
		}
	}
	return out
}

func macOfBatch(t *testing.T, b []model.Event) string {
	t.Helper()
	if len(b) != 1 {
		t.Fatalf("batch of %d events, want 1", len(b))
	}
	return b[0].MAC
}

// runPlayer starts Run and returns a channel that yields its result.
func runPlayer(ctx context.Context, p *Player) <-chan error {
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	return done
}

func waitRun(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(guard):
		t.Fatal("Run did not return")
		return nil
	}
}

func expectOrder(t *testing.T, ch <-chan []model.Event, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		if got, want := macOfBatch(t, recvBatch(t, ch)), fmt.Sprintf("%012x", i); got != want {
			t.Fatalf("batch %d is message %s, want %s", i, got, want)
		}
	}
}

func TestPlayerSpeedZero(t *testing.T) {
	msgs := testMessages(5, time.Hour) // an hour apart, but speed 0 ignores that
	ch := make(chan []model.Event)
	p := NewPlayer(msgs, 0, ch)
	done := runPlayer(context.Background(), p)
	expectOrder(t, ch, 0, 5)
	if err := waitRun(t, done); err != nil {
		t.Fatalf("Run = %v", err)
	}
	rec, n, total := p.Position()
	if n != 5 || total != 5 || !rec.Equal(msgs[4].Received) {
		t.Errorf("Position = %v %d/%d, want %v 5/5", rec, n, total, msgs[4].Received)
	}
}

func TestPlayerPaced(t *testing.T) {
	msgs := testMessages(4, 20*time.Millisecond)
	msgs = append(msgs[:2], append([]Message{{Body: testMessages(9, 0)[8].Body}}, msgs[2:]...)...) // an untimed one in the middle
	ch := make(chan []model.Event)
	p := NewPlayer(msgs, 1, ch)
	done := runPlayer(context.Background(), p)
	var got []string
	for range msgs {
		got = append(got, macOfBatch(t, recvBatch(t, ch)))
	}
	want := []string{"000000000000", "000000000001", "000000000008", "000000000002", "000000000003"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if err := waitRun(t, done); err != nil {
		t.Fatal(err)
	}
	if rec, n, total := p.Position(); n != 5 || total != 5 || !rec.Equal(msgs[4].Received) {
		t.Errorf("Position = %v %d/%d", rec, n, total)
	}
}

func TestPlayerPauseThenResume(t *testing.T) {
	ch := make(chan []model.Event, 10)
	p := NewPlayer(testMessages(3, 0), 0, ch)
	p.SetPaused(true)
	if !p.Paused() {
		t.Fatal("Paused() = false after SetPaused(true)")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := runPlayer(ctx, p)
	eventually(t, "Run parks on pause", p.isParked)
	if _, n, _ := p.Position(); n != 0 || len(ch) != 0 {
		t.Fatalf("played %d messages (%d batches) while paused", n, len(ch))
	}
	p.SetPaused(false)
	expectOrder(t, ch, 0, 3)
	if err := waitRun(t, done); err != nil {
		t.Fatal(err)
	}
}

// Pausing in the middle of a long wait holds the next message even when
// the speed then changes to "at once"; resuming releases it.
func TestPlayerPauseMidWait(t *testing.T) {
	ch := make(chan []model.Event, 10)
	p := NewPlayer(testMessages(2, time.Hour), 1, ch)
	done := runPlayer(context.Background(), p)
	expectOrder(t, ch, 0, 1)
	p.SetPaused(true)
	eventually(t, "Run parks on pause", p.isParked)
	p.SetSpeed(0)
	if !p.isParked() || len(ch) != 0 {
		t.Fatalf("a speed change released a paused player")
	}
	p.SetPaused(false)
	expectOrder(t, ch, 1, 2)
	if err := waitRun(t, done); err != nil {
		t.Fatal(err)
	}
}

// A speed change mid-wait applies at once: an hour's gap at 100 000× is
// 36 ms; if the old speed still applied the guard would fail the test.
func TestPlayerSpeedChangeMidWait(t *testing.T) {
	ch := make(chan []model.Event)
	p := NewPlayer(testMessages(3, time.Hour), 1, ch)
	done := runPlayer(context.Background(), p)
	expectOrder(t, ch, 0, 1)
	p.SetSpeed(100_000)
	if p.Speed() != 100_000 {
		t.Errorf("Speed() = %v", p.Speed())
	}
	expectOrder(t, ch, 1, 3)
	if err := waitRun(t, done); err != nil {
		t.Fatal(err)
	}
}

func TestPlayerLoop(t *testing.T) {
	ch := make(chan []model.Event)
	p := NewPlayer(testMessages(2, 0), 0, ch)
	p.SetLoop(true)
	if !p.Loop() {
		t.Fatal("Loop() = false")
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := runPlayer(ctx, p)
	var got []string
	for range 5 {
		got = append(got, macOfBatch(t, recvBatch(t, ch)))
	}
	cancel()
	if err := waitRun(t, done); !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v, want context.Canceled", err)
	}
	want := "[000000000000 000000000001 000000000000 000000000001 000000000000]"
	if fmt.Sprint(got) != want {
		t.Errorf("order %v, want %s", got, want)
	}
}

func TestPlayerCancelMidWait(t *testing.T) {
	ch := make(chan []model.Event, 10)
	p := NewPlayer(testMessages(2, time.Hour), 1, ch)
	ctx, cancel := context.WithCancel(context.Background())
	done := runPlayer(ctx, p)
	recvBatch(t, ch)
	cancel()
	if err := waitRun(t, done); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v", err)
	}
	if _, n, _ := p.Position(); n != 1 {
		t.Errorf("played %d, want 1", n)
	}
}

// Messages with no events send nothing; looping over only those ends
// instead of spinning.
func TestPlayerEmptyMessages(t *testing.T) {
	ch := make(chan []model.Event, 10)
	msgs := []Message{{Body: []byte(`{"topic":"ping","events":[]}`)}, {Body: []byte(`not json`)}}
	p := NewPlayer(msgs, 0, ch)
	p.SetLoop(true)
	if err := waitRun(t, runPlayer(context.Background(), p)); err != nil {
		t.Fatal(err)
	}
	if len(ch) != 0 {
		t.Errorf("%d batches sent for empty messages", len(ch))
	}
	if _, n, total := p.Position(); n != 2 || total != 2 {
		t.Errorf("Position %d/%d", n, total)
	}
}

// Events without a timestamp take the recorded time, or now when the
// message has none.
func TestPlayerEventTimes(t *testing.T) {
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	body := []byte(`{"topic":"ping","events":[{"name":"x"}]}`)
	ch := make(chan []model.Event, 2)
	before := time.Now()
	p := NewPlayer([]Message{{Received: at, Body: body}, {Body: body}}, 0, ch)
	if err := waitRun(t, runPlayer(context.Background(), p)); err != nil {
		t.Fatal(err)
	}
	if got := (<-ch)[0].Time; !got.Equal(at) {
		t.Errorf("recorded message time %v, want %v", got, at)
	}
	if got := (<-ch)[0].Time; got.Before(before.Truncate(time.Second)) {
		t.Errorf("untimed message time %v is before the run started (%v)", got, before)
	}
}

func TestPlayerSpeedClamp(t *testing.T) {
	p := NewPlayer(nil, -3, nil)
	for _, x := range []float64{-1, math.NaN(), math.Inf(1)} {
		p.SetSpeed(x)
		if p.Speed() != 0 {
			t.Errorf("SetSpeed(%v): Speed() = %v, want 0", x, p.Speed())
		}
	}
	p.SetSpeed(2.5)
	if p.Speed() != 2.5 {
		t.Errorf("Speed() = %v", p.Speed())
	}
	if err := p.Run(context.Background()); err != nil {
		t.Errorf("Run with no messages = %v", err)
	}
}

// A paced replay of a file says how far it has played as it goes, not only
// when a whole piece (often the whole file) is done: the status bar read
// "at 09:00:36 0%" through a whole --speed 10 replay of the demo survey.
func TestFilePlayerPacedPosition(t *testing.T) {
	path := recordedFile(t, testMessages(4, time.Hour))
	ch := make(chan []model.Event, 10)
	p := NewFilePlayer([]string{path}, 1, ch, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := runPlayer(ctx, p)
	expectOrder(t, ch, 0, 1) // then it waits an hour for the next
	_, played, total := p.Position()
	if total == 0 || played*4 < total/2 || played*4 > total*3/2 {
		t.Errorf("one message of four played: position %d of %d bytes, want about a quarter", played, total)
	}
	if read, size, _ := p.Progress(); read != int64(played) || size != int64(total) {
		t.Errorf("Progress %d of %d, Position %d of %d: want the same", read, size, played, total)
	}
	cancel()
	if err := waitRun(t, done); !errors.Is(err, context.Canceled) {
		t.Errorf("Run after cancel: %v", err)
	}
}

// A file whose entries are all bad is still read to its end: the loading
// bar must not stay up for a piece no message moved through.
func TestFilePlayerReadsPastBadEntries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.ndjson")
	if err := os.WriteFile(path, []byte("{\"x\":\nnot json\n{]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var bad int
	p := NewFilePlayer([]string{path}, 0, make(chan []model.Event, 1), func(LineError) { bad++ })
	if err := waitRun(t, runPlayer(context.Background(), p)); err != nil {
		t.Fatal(err)
	}
	if read, size, _ := p.Progress(); bad == 0 || size == 0 || read != size {
		t.Errorf("%d bad entries; read %d of %d bytes, want all", bad, read, size)
	}
}

// Only a player told to borrow the pieces hands over events pointing into
// them: two messages' events then lie as far apart as in the file.
func TestFilePlayerBorrowsPiecesOnlyWhenAsked(t *testing.T) {
	path := recordedFile(t, testMessages(2, time.Millisecond))
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, borrow := range []bool{false, true} {
		ch := make(chan []model.Event, 2)
		p := NewFilePlayer([]string{path}, 0, ch, nil)
		if borrow {
			p.BorrowPieces()
		}
		if err := waitRun(t, runPlayer(context.Background(), p)); err != nil {
			t.Fatal(err)
		}
		evs := <-ch
		if len(evs) != 2 {
			t.Fatalf("%d events in the batch, want the 2 messages' 2", len(evs))
		}
		apart := uintptr(unsafe.Pointer(unsafe.SliceData(evs[1].Raw))) - uintptr(unsafe.Pointer(unsafe.SliceData(evs[0].Raw)))
		inFile := bytes.Index(file, evs[1].Raw) - bytes.Index(file, evs[0].Raw)
		if same := int(apart) == inFile; same != borrow {
			t.Errorf("BorrowPieces %v: the events' raw JSON %d bytes apart, %d in the file", borrow, int(apart), inFile)
		}
	}
}
