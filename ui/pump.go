package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
)

// FlushInterval caps the program at 20 batches a second: bubbletea renders
// after every message, so one message per event would cap the dashboard at
// a few thousand events a second.
const FlushInterval = 50 * time.Millisecond

// Pump drains in and hands the program one EventsMsg per interval at most,
// holding whatever arrives in between. send may block (the program is busy);
// the channel then fills and the HTTP side answers 503 — never a silent drop.
// Pump returns when ctx ends, or after a final flush when in is closed.
func Pump(ctx context.Context, in <-chan []model.Event, send func(tea.Msg), interval time.Duration) {
	var (
		buf   []model.Event
		last  time.Time
		timer = time.NewTimer(time.Hour)
		armed bool
	)
	timer.Stop()
	flush := func() {
		if len(buf) > 0 {
			// A fresh slice each time: the store keeps pointers into it.
			send(EventsMsg(buf))
			buf = nil
		}
		last = time.Now()
	}
	for {
		select {
		case <-ctx.Done():
			return
		case batch, ok := <-in:
			if !ok {
				flush()
				return
			}
			buf = append(buf, batch...)
			if wait := interval - time.Since(last); wait <= 0 {
				flush()
			} else if !armed {
				timer.Reset(wait)
				armed = true
			}
		case <-timer.C:
			armed = false
			flush()
		}
	}
}
