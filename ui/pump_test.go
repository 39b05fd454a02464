package ui

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
)

// numbered is a batch of n events whose Seq fields count on from first, so
// a receiver can check order and completeness.
func numbered(first, n int) []model.Event {
	b := make([]model.Event, n)
	for i := range b {
		b[i].Seq = uint64(first + i)
	}
	return b
}

// collect flattens what the pump handed over.
func collect(msgs <-chan tea.Msg, want int, t *testing.T) []uint64 {
	t.Helper()
	var got []uint64
	deadline := time.After(30 * time.Second)
	for len(got) < want {
		select {
		case msg := <-msgs:
			for _, b := range msg.(batchesMsg) {
				for _, e := range b {
					got = append(got, e.Seq)
				}
			}
		case <-deadline:
			t.Fatalf("only %d of %d events handed over", len(got), want)
		}
	}
	return got
}

func checkInOrder(t *testing.T, got []uint64, want int) {
	t.Helper()
	if len(got) != want {
		t.Fatalf("%d events handed over, want %d", len(got), want)
	}
	for i, s := range got {
		if s != uint64(i) {
			t.Fatalf("event %d is #%d: lost, repeated or out of order", i, s)
		}
	}
}

// TestPumpDrainsWhileProgramBusy: while the program is busy with a
// hand-off (send blocks), the pump keeps taking batches off the channel, so
// the HTTP side is not held up; the next hand-off carries them all, in
// order, none lost or repeated.
func TestPumpDrainsWhileProgramBusy(t *testing.T) {
	in := make(chan []model.Event) // unbuffered: every send waits for the pump
	release := make(chan struct{})
	msgs := make(chan tea.Msg, 100)
	send := func(msg tea.Msg) {
		msgs <- msg
		<-release // the program is busy until released
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go Pump(ctx, in, send, time.Millisecond)

	in <- numbered(0, 10)
	first := collect(msgs, 10, t) // the program now holds the first hand-off
	const batches = 200
	taken := make(chan struct{})
	go func() {
		for i := 1; i <= batches; i++ {
			in <- numbered(i*10, 10) // blocks for good if the pump stopped draining
		}
		close(taken)
	}()
	select {
	case <-taken:
	case <-time.After(30 * time.Second):
		t.Fatal("the pump stopped taking batches while the program was busy")
	}
	close(release)
	got := append(first, collect(msgs, batches*10, t)...)
	checkInOrder(t, got, (batches+1)*10)
}

// TestPumpHoldsAtMostMaxHeld: with the program stuck, the pump stops
// draining once it holds MaxHeld events (the channel then fills and the
// HTTP side answers 503); nothing is dropped, and everything arrives once
// the program is free again. A closed channel gets a final hand-off.
func TestPumpHoldsAtMostMaxHeld(t *testing.T) {
	in := make(chan []model.Event)
	release := make(chan struct{})
	msgs := make(chan tea.Msg, 100)
	send := func(msg tea.Msg) {
		msgs <- msg
		<-release
	}
	done := make(chan struct{})
	go func() {
		Pump(context.Background(), in, send, time.Millisecond)
		close(done)
	}()
	in <- numbered(0, 1)
	got := collect(msgs, 1, t)
	in <- numbered(1, MaxHeld) // now the pump holds MaxHeld
	select {
	case in <- numbered(1+MaxHeld, 1):
		t.Fatal("the pump took more than MaxHeld events while the program was busy")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	in <- numbered(1+MaxHeld, 1)
	close(in)
	got = append(got, collect(msgs, MaxHeld+1, t)...)
	checkInOrder(t, got, MaxHeld+2)
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Pump did not return after its channel closed")
	}
}

// TestIDSet: the RSSI tab's set of listed client IDs adds, removes and
// counts each ID once, across word boundaries.
func TestIDSet(t *testing.T) {
	var s idSet
	for _, id := range []int{1, 63, 64, 1000, 64} {
		s.add(id)
	}
	if s.n != 4 || !s.has(63) || !s.has(64) || !s.has(1000) || s.has(2) || s.has(5000) {
		t.Fatalf("after adds: n=%d, has(63,64,1000)=%v %v %v", s.n, s.has(63), s.has(64), s.has(1000))
	}
	s.remove(64)
	s.remove(64)
	s.remove(7)
	if s.n != 3 || s.has(64) {
		t.Fatalf("after removes: n=%d, has(64)=%v", s.n, s.has(64))
	}
	s.clear()
	if s.n != 0 || s.has(1) || s.has(1000) {
		t.Fatal("clear left IDs behind")
	}
}
