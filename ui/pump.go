package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
)

// FlushInterval caps the program at 20 hand-offs a second: bubbletea renders
// after every message, so one message per event would cap the dashboard at
// a few thousand events a second.
const FlushInterval = 50 * time.Millisecond

// MaxHeld is how many events the pump holds while the program is still busy
// with its last hand-off. Past it the pump stops draining its channel, the
// channel fills and the HTTP side answers 503: back-pressure, never a drop.
const MaxHeld = 1 << 14

// batchesMsg is what the pump hands the program: every batch that arrived
// since the last hand-off, in arrival order, none copied.
type batchesMsg [][]model.Event

// Pump drains in and hands the program what arrived, at most once per
// interval. It keeps draining while the program is busy (send blocks), so a
// slow frame never stalls the HTTP side: the next hand-off simply carries
// more. Pump returns when ctx ends, or after a final hand-off when in is
// closed. Lent batches it still holds when ctx ends are not recycled: their
// leases end with the process, which is exiting.
func Pump(ctx context.Context, in <-chan []model.Event, send func(tea.Msg), interval time.Duration) {
	out := make(chan batchesMsg) // unbuffered: taken only when the sender is idle
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for msg := range out {
			send(msg)
		}
	}()
	defer func() {
		if out != nil {
			close(out) // the sender goroutine ends once its send returns
		}
	}()
	var (
		held  batchesMsg
		count int // events in held
		last  time.Time
		timer = time.NewTimer(time.Hour)
		armed bool
	)
	timer.Stop()
	for {
		input := in
		if count >= MaxHeld {
			input = nil // full: let the channel fill
		}
		var handoff chan<- batchesMsg
		if len(held) > 0 {
			if wait := interval - time.Since(last); wait <= 0 {
				handoff = out
			} else if !armed {
				timer.Reset(wait)
				armed = true
			}
		}
		select {
		case <-ctx.Done():
			return
		case batch, ok := <-input:
			if !ok {
				if len(held) > 0 {
					select {
					case out <- held:
					case <-ctx.Done():
						return
					}
				}
				close(out)
				out = nil // the deferred close must not close it twice
				<-sent
				return
			}
			if len(batch) > 0 {
				held = append(held, batch)
				count += len(batch)
			}
		case handoff <- held:
			held, count, last = nil, 0, time.Now()
		case <-timer.C:
			armed = false
		}
	}
}
