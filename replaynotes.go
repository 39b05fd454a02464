package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/receiver"
)

// replayNotes collects the entries of replay files that did not load, as
// the player meets them while streaming: --plain writes each to stderr, the
// dashboard shows a count and the first in the status bar.
type replayNotes struct {
	mu      sync.Mutex
	n       int
	first   string
	plain   io.Writer    // --plain: one stderr line per entry
	notify  func(string) // dashboard: the summary, at most once a second
	told    time.Time
	pending []string // met before either was set (bounded)
}

const maxPendingNotes = 100

func (r *replayNotes) add(le receiver.LineError) {
	line := model.Sanitize(le.Error())
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	if r.first == "" {
		r.first = line
	}
	switch {
	case r.plain != nil:
		fmt.Fprintln(r.plain, "mistwatch: skipped", line)
	case r.notify != nil:
		if time.Since(r.told) >= time.Second {
			r.told = time.Now()
			r.notify(r.summaryLocked())
		}
	case len(r.pending) < maxPendingNotes:
		r.pending = append(r.pending, line)
	}
}

func (r *replayNotes) summaryLocked() string {
	return fmt.Sprintf("%d bad entr%s skipped — first: %s", r.n, map[bool]string{true: "y", false: "ies"}[r.n == 1], r.first)
}

// toPlain writes every entry, those already met first, to w.
func (r *replayNotes) toPlain(w io.Writer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.plain = w
	for _, line := range r.pending {
		fmt.Fprintln(w, "mistwatch: skipped", line)
	}
	if more := r.n - len(r.pending); more > 0 {
		fmt.Fprintf(w, "mistwatch: skipped %d more bad entries\n", more)
	}
	r.pending = nil
}

// toDashboard sends notify the summary now (if anything was skipped) and
// after later entries.
func (r *replayNotes) toDashboard(notify func(string)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notify, r.pending = notify, nil
	if r.n > 0 {
		r.told = time.Now()
		notify(r.summaryLocked())
	}
}

// flush tells the dashboard the final count, which the once-a-second limit
// may have held back.
func (r *replayNotes) flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.notify != nil && r.n > 0 {
		r.notify(r.summaryLocked())
	}
}
