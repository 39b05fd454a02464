package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"sync/atomic"
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// EventsMsg carries a batch of decoded events into the program.
type EventsMsg []model.Event

// NoticeMsg puts a message in the status line (already sanitised).
type NoticeMsg string

// Stats are the counters the HTTP side owns, read once a second.
type Stats struct {
	Rejected    uint64
	LastError   string
	LastErrorAt time.Time
	// RecordError is why the record file is failing, "" while it works:
	// the status bar shows REC FAILED and help shows the error.
	RecordError string
	// Source, when set, replaces Options.Source: a stream source's
	// position moves ("nats 10.0.0.5:4222 stream MIST seq 812").
	Source string
	// SourceDown says why the source delivers nothing right now ("NATS
	// unavailable: …"); the bar shows a NATS DOWN badge while it is set.
	SourceDown string
}

// ReplayControl is the part of a replay player the keys drive.
type ReplayControl interface {
	SetPaused(bool)
	Paused() bool
	SetSpeed(float64)
	Speed() float64
	Position() (recorded time.Time, done, total int)
}

// Options wire the program to its surroundings.
type Options struct {
	Capacity  int
	MaxBytes  int64 // the store's byte budget (0: none)
	Theme     *theme.Theme
	Source    string // "listening on :8080", "replay demo.ndjson"
	Signed    bool   // signature check on
	Recording string // record file, "" when not recording
	Stats     func() Stats
	Replay    ReplayControl // nil unless replaying
	ExportDir string
	Pins      []string // client MACs pinned from the start
	Notice    string   // shown in the status bar until something newer
	Counters  *Counters
	Now       func() time.Time // the wall clock for live "seen" ages; nil: event times only
	// Mouse says the program asked for mouse events (wheel and clicks):
	// help then says how text is still selected.
	Mouse bool
	// Clipboard puts text on the system clipboard (main writes OSC52 to
	// the terminal); nil: y says there is none.
	Clipboard func(text string) error
	// KeepDuplicates shows every copy of an event delivered twice (by an
	// org- and a site-level webhook) instead of counting the copies.
	KeepDuplicates bool

	// Names are the --names files' names; they win over learned ones.
	Names *model.NameTable

	// QuietAfter is how long a pinned client may go without a reading
	// before it is quiet (an alert); 0: never.
	QuietAfter time.Duration
	// Bell starts with the bell on: alerts ring it (B toggles).
	Bell bool
	// Ring rings the terminal bell; nil: no bell.
	Ring func()
	// RecordMarker writes a marker to the record file; nil when not recording.
	RecordMarker func(*model.Event) error
	// RememberPins keeps the pins (and their labels, "" for none) for the
	// next start; nil: pins are not remembered.
	RememberPins func(macs, labels []string) error

	// FetchNames fetches an org's names from the Mist API in the background
	// and answers NamesMsg; it returns nil while a fetch runs. nil: no token.
	FetchNames func(org string) tea.Cmd
	// MistOrg is the org whose names are fetched ("": the first org_id seen).
	MistOrg string

	// tabs replaces the default tabs (tests add a seventh).
	tabs []*eventSpec
}

// Counters mirror the store's size for the HTTP side's /healthz, which runs
// on other goroutines and must not touch the store.
type Counters struct {
	Stored, Total, Evicted, Duplicates atomic.Uint64
	// Pending is --plain's batch being written: events taken off the
	// channel whose lines have not reached stdout yet.
	Pending atomic.Int64
	Markers atomic.Uint64 // surveyor's markers: not webhook events, counted apart
}

// Health is the receiver's /healthz hook.
func (c *Counters) Health() map[string]any {
	return map[string]any{"stored": c.Stored.Load(), "shown_total": c.Total.Load(), "evicted": c.Evicted.Load(),
		"duplicates": c.Duplicates.Load(), "markers": c.Markers.Load(), "values_dropped": model.ValuesDropped()}
}

// update mirrors the store's counters.
func (c *Counters) update(s *model.Store) {
	if c == nil {
		return
	}
	markers := s.CountKind(model.KindMarker) // held in the store, but no webhook events
	c.Stored.Store(uint64(s.Len() - markers))
	c.Markers.Store(uint64(markers))
	c.Total.Store(s.Total() - s.MarkersTotal())
	c.Evicted.Store(s.Evicted())
	c.Duplicates.Store(s.Duplicates())
}
