// Package ui is mistwatch's bubbletea program: tabs of live tables, the
// filter bar, detail view, status bar and key map. It knows nothing of HTTP
// or JSON decoding: events arrive as EventsMsg batches from the pump.
package ui

import (
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

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
	// KeepDuplicates shows every copy of an event delivered twice (by an
	// org- and a site-level webhook) instead of counting the copies.
	KeepDuplicates bool

	// Names are the --names files' names; they win over learned ones.
	Names *model.NameTable
}

// Counters mirror the store's size for the HTTP side's /healthz, which runs
// on other goroutines and must not touch the store.
type Counters struct {
	Stored, Total, Evicted, Duplicates atomic.Uint64
}

// Health is the receiver's /healthz hook.
func (c *Counters) Health() map[string]any {
	return map[string]any{"stored": c.Stored.Load(), "shown_total": c.Total.Load(), "evicted": c.Evicted.Load(),
		"duplicates": c.Duplicates.Load()}
}

type mode int

const (
	modeTable mode = iota
	modeFilter
	modeDetail
	modeHelp
	modePicker
	modeTimeline
)

// Model is the root model.
type Model struct {
	opts  Options
	store *model.Store
	th    *theme.Theme
	keys  KeyMap
	help  help.Model

	tabs   [tabCount]*tabState
	active tabID
	mode   mode

	query       model.Query
	queryBefore model.Query // in force when the filter bar was opened
	filter      textinput.Model
	filterErr   string

	paused  bool
	shownTo uint64 // events with Seq below this are routed to the tables

	days       dayRange
	timeLayout string // how times show: with the date once events span days

	rssiIn        map[int]struct{} // IDs of the clients the RSSI tab shows
	rssiSeenID    int              // highest client ID matched so far
	rssiEvictions uint64           // client-table evictions already accounted for

	pins     pins
	picker   *picker
	timeline *timelineView
	detail   *detailView
	rssi     *rssiSource
	rate     rateMeter
	stats    Stats
	notice   string
	noticeAt time.Time

	width, height int
	footer        string // the key hints, rendered once per width
}

// New builds the program's model.
func New(opts Options) *Model {
	th := opts.Theme
	if th == nil {
		th = theme.New(theme.NoColorRequested(), theme.DefaultGood, theme.DefaultPoor)
	}
	store := model.NewStore(opts.Capacity)
	store.Dedupe = !opts.KeepDuplicates
	store.Names.AddFileNames(opts.Names)
	m := &Model{opts: opts, store: store, th: th, keys: DefaultKeyMap(), help: help.New(), shownTo: store.NextSeq(),
		timeLayout: timeLayout}
	if opts.Notice != "" {
		m.say(opts.Notice)
	}
	m.help.Styles.ShortKey = th.Prompt
	m.help.Styles.ShortDesc = th.Help
	m.help.Styles.FullKey = th.Prompt
	m.help.Styles.FullDesc = th.Help
	m.filter = textinput.New()
	m.filter.Prompt = "/ "
	m.filter.PromptStyle = th.Prompt
	m.filter.Placeholder = "site:hq ssid:guest mac:70ef00 rssi<-70 -topic:ping"
	for i := range eventTabs {
		spec := &eventTabs[i]
		m.tabs[spec.id] = &tabState{
			table: newTable(spec.columns()),
			src:   newEventSource(spec, store, th),
			spec:  spec,
			sort:  sortState{col: -1},
		}
	}
	m.rssi = &rssiSource{clients: store.Clients, names: store.Names, theme: th}
	m.pins = newPins()
	m.rssiIn = map[int]struct{}{}
	for _, mac := range opts.Pins {
		if mac != "" && !m.pins.has(mac) {
			m.pins.toggle(mac, store)
		}
	}
	m.tabs[tabRSSI] = &tabState{table: newTable(rssiColumns()), src: m.rssi, sort: sortState{col: -1}}
	m.resize(80, 24)
	return m
}

type tickMsg time.Time

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// Init starts the once-a-second refresh of rate and counters.
func (m *Model) Init() tea.Cmd { return tick() }

// Update handles one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return m, nil
	case EventsMsg:
		m.ingest(msg)
		return m, nil
	case tickMsg:
		m.rate.tick()
		m.advanceClock(time.Time{})
		if m.opts.Stats != nil {
			m.stats = m.opts.Stats()
		}
		return m, tick()
	case NoticeMsg:
		m.say(string(msg))
		return m, nil
	case exportDoneMsg:
		m.exportDone(msg)
		return m, nil
	case tea.KeyMsg:
		return m.handleKey(msg)
	}
	return m, nil
}

// ingest stores a batch and, unless paused, shows it.
func (m *Model) ingest(batch []model.Event) {
	added := m.store.Append(batch)
	m.rate.add(len(added))
	if m.timeLayout != yearTimeLayout {
		layout := m.timeLayout
		for _, e := range added {
			layout = m.days.add(e.Time)
		}
		if layout != m.timeLayout {
			m.showDates(layout)
		}
	}
	if c := m.opts.Counters; c != nil {
		c.Stored.Store(uint64(m.store.Len()))
		c.Total.Store(m.store.Total())
		c.Evicted.Store(m.store.Evicted())
		c.Duplicates.Store(m.store.Duplicates())
	}
	if len(added) > 0 {
		m.advanceClock(added[len(added)-1].Time)
	}
	if m.paused {
		return
	}
	m.route()
	if m.detail != nil {
		m.detail.refresh(m)
	}
	if m.timeline != nil && m.timeline.touches(batch) {
		m.timeline.rebuild(m)
	}
}

// advanceClock moves the time "seen" ages count to: the newest event's
// time, and when live (not replaying) the wall clock, so ages keep growing
// while the network is quiet.
func (m *Model) advanceClock(eventTime time.Time) {
	if m.paused {
		return // the RSSI tab shows the moment of the pause
	}
	if eventTime.After(m.rssi.now) {
		m.rssi.now = eventTime
	}
	if m.opts.Replay == nil && m.opts.Now != nil {
		if now := m.opts.Now(); now.After(m.rssi.now) {
			m.rssi.now = now
		}
	}
}

func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	m.help.Width = w
	m.footer = ansi.Truncate(m.help.ShortHelpView(m.keys.ShortHelp()), w, "…") // changes only with the width
	m.filter.Width = max(w-30, 10)
	for _, ts := range m.tabs {
		ts.table.layout(w)
	}
	m.layoutTables()
	if m.detail != nil {
		m.detail.resize(w, h)
	}
	if m.timeline != nil {
		m.timeline.rebuild(m) // its lines are cut to the width
	}
}

// showDates switches every time column to a layout with the date (and the
// year), once events span days (or years).
func (m *Model) showDates(layout string) {
	m.timeLayout = layout
	for _, ts := range m.tabs {
		if src, ok := ts.src.(*eventSource); ok {
			src.timeLayout = layout
			clear(src.cache)
			ts.table.cols[0].min = len(layout)
		}
	}
	m.resize(m.width, m.height)
}

// stamp formats a time the way the tables currently do.
func (m *Model) stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format(m.timeLayout)
}

// layoutTables gives each table the rows left after the chrome and the
// pinned strip.
func (m *Model) layoutTables() {
	for id, ts := range m.tabs {
		strip := 0
		if pinnable(tabID(id)) {
			strip = m.stripLines()
		}
		ts.table.setHeight(max(m.height-chromeLines-strip, 1))
	}
}

// stripLines is the pinned strip's height: one line per pin, but never more
// than a third of the rows, so the table always keeps most of the screen.
func (m *Model) stripLines() int {
	return min(len(m.pins.order), max((m.height-chromeLines)/3, 1))
}

// chromeLines is what the tab bar, table header, filter line, status bar
// and footer take from the height.
const chromeLines = 5

func (m *Model) current() *tabState { return m.tabs[m.active] }

// setPaused freezes the tables (events are still stored and counted) and,
// in a replay, the replay clock.
func (m *Model) setPaused(p bool) {
	m.paused = p
	if m.opts.Replay != nil {
		m.opts.Replay.SetPaused(p)
	}
	if p {
		m.rssi.freeze()
		return
	}
	m.rssi.frozen, m.rssi.frozenOrder = nil, nil
	m.route()
	m.refreshClients(nil, true) // a filter may have changed while paused
}

// applyFilter parses text; a bad term is shown and the last good filter stays.
func (m *Model) applyFilter(text string) {
	q, err := model.ParseQuery(text)
	if err != nil {
		m.filterErr = err.Error()
		return
	}
	m.filterErr = ""
	if q.String() == m.query.String() {
		return
	}
	m.query = q
	m.rebuild()
}

// say puts a message on the line above the status bar.
func (m *Model) say(msg string) {
	m.notice, m.noticeAt = msg, time.Now()
}
