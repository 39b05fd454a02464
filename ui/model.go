// Package ui is mistwatch's bubbletea program: tabs of live tables, the
// filter bar, overlays (detail, timeline, picker, help), status bar and key
// map. It knows nothing of HTTP or JSON decoding: events arrive as
// EventsMsg batches from the pump.
//
// Each tab's columns are defined once (col, in tab_*.go) and read by
// display, sorting, filtering and export alike. Overlays get a *Common and
// their data, never the root Model.
package ui

import (
	"runtime"
	"strconv"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// The default tabs, in key order (1–6).
const (
	tabAll = iota
	tabJoins
	tabRoams
	tabRSSI
	tabZones
	tabAlarms
)

// defaultEventTabs are the event tabs; the RSSI tab goes in at tabRSSI.
var defaultEventTabs = []*eventSpec{&allTab, &joinsTab, &roamsTab, &zonesTab, &alarmsTab}

// Model is the root model: the tabs, the filter, a stack of overlays, and
// the routing of messages to them and of stored events to the tabs.
type Model struct {
	opts  Options
	store *model.Store
	com   *Common
	keys  KeyMap

	tabs   []tab
	events []*eventTab // the tabs whose rows are events, for routing
	rssi   *rssiTab
	active int

	filtering   bool        // the filter bar has the keys
	overlays    []overlay   // the modes over the tables, the top one has the keys; none: the tables show
	query       model.Query // the filter in force (as typed: the event tabs show it once m.rows lands it)
	queryBefore model.Query // in force when the filter bar was opened
	filter      textinput.Model
	filterErr   string

	rows      rowsState // the event tabs' filtered and sorted rows, found by jobs
	rssiStale bool      // the RSSI tab has not seen the filter yet: refilter when shown
	paused    bool
	shownTo   uint64     // events with Seq below this are routed to the tables
	routed    routedRows // routeEvents' lists, kept for the next hand-off
	slicer    timeSlicer // gives the core away while a hand-off is stored and its events routed
	days      dayRange

	pins       pins
	follow     *followPanel  // the pinned clients' cards above the tables
	alerts     *model.Alerts // roams, drops, poor signal and silences of pinned clients
	alertCount int           // alerts raised so far
	alertText  string        // the latest alert, for the status bar
	alertAt    time.Time
	bell       bool      // alerts ring the terminal bell
	prompt     *prompt   // a one-line question (pin, marker) has the keys; nil: none
	newest     time.Time // the newest event time stored: a replay's clock
	namesAsked bool      // the names fetch at start has been asked for
	rate       rateMeter
	stats      Stats
	footer     string // the key hints, rendered once per width
}

// New builds the program's model.
func New(opts Options) *Model {
	th := opts.Theme
	if th == nil {
		th = theme.New(theme.NoColorRequested(), theme.DefaultGood, theme.DefaultPoor)
	}
	store := model.NewStore(opts.Capacity)
	store.SetMaxBytes(opts.MaxBytes)
	store.Dedupe = !opts.KeepDuplicates
	store.Names.AddFileNames(opts.Names)
	store.Clients.TrackTouched() // taken by every ingest
	com := &Common{th: th, names: store.Names, timeLayout: timeLayout}
	m := &Model{opts: opts, store: store, com: com, keys: DefaultKeyMap(), shownTo: store.NextSeq(), pins: newPins(),
		rows: rowsState{inline: inlineRows}}
	if opts.Notice != "" {
		m.say(opts.Notice)
	}
	m.filter = newFilterInput(th)
	m.follow = newFollowPanel(com)
	m.alerts = model.NewAlerts(th.Poor, opts.QuietAfter)
	m.bell = opts.Bell
	m.rssi = newRSSITab(store, th)
	m.rssi.pinned = m.pins.hasClient
	specs := append(defaultEventTabs[:tabRSSI:tabRSSI], nil) // nil: the RSSI tab
	for _, spec := range append(append(specs, defaultEventTabs[tabRSSI:]...), opts.tabs...) {
		if spec == nil {
			m.tabs = append(m.tabs, m.rssi)
			continue
		}
		et := newEventTab(spec, store, th)
		m.tabs, m.events = append(m.tabs, et), append(m.events, et)
	}
	for _, mac := range opts.Pins {
		if mac != "" && !m.pins.has(mac) {
			m.pins.toggle(mac, m.store, m.events)
			m.alerts.Watch(mac)
		}
	}
	m.keys.TabN.SetHelp("1-"+strconv.Itoa(len(m.tabs)), "go to tab") // a seventh tab is 1-7
	m.resize(80, 24)
	return m
}

type tickMsg time.Time

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// Init starts the once-a-second refresh of rate and counters.
func (m *Model) Init() tea.Cmd { return tea.Batch(tick(), m.fetchNamesAtStart()) }

// Update handles one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
	case EventsMsg:
		return m, tea.Batch(m.ingest([][]model.Event{msg}), m.fetchNamesAtStart())
	case batchesMsg:
		return m, tea.Batch(m.ingest(msg), m.fetchNamesAtStart())
	case NamesMsg:
		return m, m.namesArrived(msg)
	case tickMsg:
		m.rate.tick()
		m.advanceClock(time.Time{})
		if m.opts.Stats != nil {
			m.stats = m.opts.Stats()
		}
		return m, tea.Batch(tick(), m.checkQuiet())
	case NoticeMsg:
		m.say(string(msg))
	case rowsDoneMsg:
		m.rowsDone(msg)
	case exportDoneMsg:
		m.exportDone(msg)
	case tea.KeyMsg:
		return m.handleKey(msg)
	case tea.MouseMsg:
		return m, m.mouse(msg)
	}
	return m, nil
}

// replayYieldEvery is how many batches a replay's hand-off stores between
// Goscheds, so the decoders get this core now and then.
const replayYieldEvery = 8

// netYieldMax is the largest hand-off (in messages) whose yields let the
// runtime poll the network (yieldToNetwork): about 2,000 messages a second
// at 20 hand-offs. A larger one means the dashboard is what holds the
// listener back; there the handlers' own waits keep the network polled, and
// parking would put the dashboard behind every one of them (traced at full
// rate: 1.5 s of 10 parked).
const netYieldMax = 100

// ingest stores the batches and, unless paused, shows them. Alerts about
// pinned clients are raised even while paused; the command rings the bell.
// Everything per hand-off (routing's tail, the RSSI tab, counters) is done
// once for all the batches, not once per batch.
func (m *Model) ingest(batches [][]model.Event) tea.Cmd {
	// Routing below is part of the same burst of work: the compressor
	// waits for all of it.
	defer m.store.Writing()()
	defer recycle(batches) // the store has copied them; nothing below keeps them
	live := m.opts.Replay == nil
	if live {
		// A hand-off can be thousands of events: storing them, and routing
		// them event by event, give this core away every quantum, or with
		// both cores busy (this and the collector) a POST waits for a time
		// slice. The tabs' own row work after routing (addRows, dropBefore,
		// the RSSI tab's refresh) does not look at the clock.
		if len(batches) <= netYieldMax {
			m.slicer.start(yieldToNetwork)
		} else {
			m.slicer.start(runtime.Gosched)
		}
		defer m.slicer.stop()
	}
	n := 0
	for _, batch := range batches {
		n += len(batch)
	}
	added := make([]*model.Event, 0, n) // Append may return fewer (duplicates)
	for i, batch := range batches {
		added = append(added, m.store.Append(batch)...)
		if live {
			m.slicer.check()
		} else if i%replayYieldEvery == replayYieldEvery-1 {
			runtime.Gosched() // a replay has no POST waiting: Gosched is cheaper
		}
	}
	touched := m.store.Clients.TakeTouched() // taken even when paused, to start afresh
	m.rate.add(len(added))
	newest := time.Time{}
	layout := m.com.timeLayout
	for _, e := range added {
		if e.Time.After(newest) {
			newest = e.Time
		}
		if m.com.timeLayout != yearTimeLayout {
			layout = m.days.add(e.Time)
		}
	}
	if layout != m.com.timeLayout {
		m.showDates(layout)
	}
	if newest.After(m.newest) {
		m.newest = newest
	}
	m.opts.Counters.update(m.store)
	m.advanceClock(newest)
	alerts := m.observePinned(added)
	if m.paused {
		return alerts
	}
	m.routeFresh(added, touched)
	m.overlaysSee(batches)
	return alerts
}

// recycle gives leased batches back to the listener (model.Recycle).
func recycle(batches [][]model.Event) {
	for _, batch := range batches {
		model.Recycle(batch)
	}
}

// advanceClock moves the time "seen" ages count to: the newest event time
// replayed in a replay, and the wall clock when live, so ages keep growing
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

func (m *Model) current() tab { return m.tabs[m.active] }

// say puts a message on the line above the status bar.
func (m *Model) say(msg string) {
	m.com.notice, m.com.noticeAt = msg, time.Now()
}
