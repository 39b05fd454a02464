// Package report renders the offline survey report: one self-contained HTML
// page (inline SVG charts, no script, no network) of a recorded walk. It
// reads decoded events in two passes and shares the model's names, timeline
// and pattern code with the dashboard; it adds presentation only.
package report

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// DefaultTop is how many clients the report shows when none are pinned.
const DefaultTop = 10

// positionsPerMap bounds the points drawn on one map's scatter.
const positionsPerMap = 4000

// readingFresh is how old a client's last reading may be to colour a
// position that carries none.
const readingFresh = time.Minute

// maxMarkers bounds the markers listed: a walk has a few dozen.
const maxMarkers = 1000

// dedupeWindow is how many recent events are remembered to recognise one
// delivered twice (org- and site-level webhooks), as the store does.
const dedupeWindow = model.DefaultCapacity

// Pin is a client the report must show, with an optional label.
type Pin struct{ MAC, Label string }

// Options say what the report shows and how.
type Options struct {
	Pins       []Pin          // clients to show; none: the Top with most readings
	Top        int            // clients shown when none are pinned (0: DefaultTop)
	Location   *time.Location // the zone every time is shown in (nil: UTC)
	Good, Poor float64        // RSSI grade thresholds, dBm
	Names      *model.NameTable
	Command    string   // the command line that made the report
	Files      []string // what it was made from
}

// Survey builds a Report from events given twice: every event to Scan, then
// after EndScan every event again, in the same order, to Collect. Both may
// rewrite an event's strings in place (the same text, interned) and Collect
// its Seq. Collect keeps a shown client's events (and markers) to read on
// the entry writer's goroutine: the caller must not reuse or change an event
// given to Collect before Report returns.
type Survey struct {
	opts   Options
	names  *model.Names
	dedupe *model.Deduper // pass 1 only: pass 2 reads its verdicts from dup
	dup    []uint64       // bit i: the i-th event given was a duplicate (1 bit an event)
	nth    int            // events given to the current pass so far

	// Pass 1: the span, the sets and what to show.
	from, until  time.Time
	events, dups int
	topics       map[string]int
	sites        map[string]bool
	aps          map[string]bool
	spans        map[string]*clientSpan // client MAC → its events' counts and times
	newest       time.Time              // the latest event time so far
	lateness     time.Duration          // the most an event came after a later one: the reorder window
	reorderLimit int                    // entries a shown client's reorder window holds (tests lower it)
	clientMACs   map[string]bool
	mapPoints    map[string]int // map ID → positions
	markers      []Marker
	interned     map[string]string // every string kept, owned (see own)

	// Pass 2: the sections.
	seq     uint64
	shown   map[string]*Client
	order   []*Client
	apStats map[string]*AP
	roams   map[[2]string]int
	maps    map[string]*MapPositions
	strides map[string]int
	last    map[string]lastReading // client MAC → latest reading, for positions
	alarms  map[alarmKey]*AlarmGroup

	// The shown clients' timeline lines are written on a goroutine of
	// their own (see entryWriter), off the one reading the events.
	pending []entryJob
	jobs    chan []entryJob
	written chan struct{}
}

// entryJob is an event for a shown client's timeline (c nil: a marker, for
// every shown client's).
type entryJob struct {
	c *Client
	e *model.Event
}

type lastReading struct {
	at   time.Time
	rssi float64
}

type alarmKey struct{ topic, typ, where string }

// NewSurvey starts a report.
func NewSurvey(opts Options) *Survey {
	if opts.Top <= 0 {
		opts.Top = DefaultTop
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	s := &Survey{
		opts: opts, names: model.NewNames(), dedupe: model.NewDeduper(dedupeWindow),
		topics: map[string]int{}, sites: map[string]bool{}, aps: map[string]bool{},
		spans: map[string]*clientSpan{}, clientMACs: map[string]bool{}, mapPoints: map[string]int{},
		interned: map[string]string{}, reorderLimit: reorderLimit,
	}
	s.names.AddFileNames(opts.Names)
	return s
}

// own makes the strings of e the survey keeps (as map keys, names, timeline
// entries) its own, in place: the decoder's strings share the copy of the
// message they came from, and one kept string would keep that alive. They
// are few distinct values (topics, sites, APs, clients), interned once.
func (s *Survey) own(e *model.Event) {
	for _, f := range []*string{&e.Topic, &e.SiteID, &e.SiteName, &e.MAC, &e.AP, &e.APName, &e.NextAP, &e.BSSID,
		&e.MapID, &e.Type, &e.Severity, &e.Device, &e.Hostname, &e.Family, &e.Model} {
		if *f == "" {
			continue // most of them, on most events
		}
		v, ok := s.interned[*f]
		if !ok {
			v = strings.Clone(*f)
			s.interned[v] = v
		}
		*f = v
	}
}

// Scan is the first pass: the span, the sites, APs and clients, and names.
func (s *Survey) Scan(ev *model.Event) {
	i := s.nth
	s.nth++
	if i/64 >= len(s.dup) {
		s.dup = append(s.dup, 0)
	}
	if s.dedupe.Duplicate(ev) {
		s.dup[i/64] |= 1 << (i % 64)
		s.dups++
		return
	}
	s.own(ev)
	e := ev
	if !e.Time.IsZero() {
		if late := s.newest.Sub(e.Time); late > s.lateness {
			s.lateness = late
		}
		if e.Time.After(s.newest) {
			s.newest = e.Time
		}
	}
	if e.Kind == model.KindMarker {
		// A surveyor's note, not a webhook event: listed apart.
		if len(s.markers) < maxMarkers {
			s.markers = append(s.markers, Marker{Time: e.Time, Text: strings.Clone(e.Text)})
		}
		return
	}
	s.events++
	s.topics[e.Topic]++
	_, reading := model.ClientReading(e)
	if e.MAC != "" {
		sp := s.spans[e.MAC]
		if sp == nil {
			sp = &clientSpan{}
			s.spans[e.MAC] = sp
		}
		sp.observe(e.Time, reading)
	}
	s.names.Learn(e)
	if !e.Time.IsZero() {
		if s.from.IsZero() || e.Time.Before(s.from) {
			s.from = e.Time
		}
		if e.Time.After(s.until) {
			s.until = e.Time
		}
	}
	if e.SiteID != "" {
		s.sites[e.SiteID] = true
	}
	if clientEvent(e) {
		s.clientMACs[e.MAC] = true
		if e.AP != "" {
			s.aps[e.AP] = true
		}
		if e.NextAP != "" {
			s.aps[e.NextAP] = true
		}
	}
	if e.HasXY && e.MapID != "" {
		s.mapPoints[e.MapID]++
	}
}

// clientEvent is an event about a client on an AP: what the per-client and
// per-AP sections are made of.
func clientEvent(e *model.Event) bool {
	return e.MAC != "" && (e.Kind == model.KindJoin || e.Kind == model.KindSession || e.Kind == model.KindLocation)
}

// EndScan chooses the clients to show and readies the second pass.
func (s *Survey) EndScan() {
	s.dedupe, s.nth = nil, 0
	s.shown = map[string]*Client{}
	s.apStats = map[string]*AP{}
	s.roams = map[[2]string]int{}
	s.maps = map[string]*MapPositions{}
	s.strides = map[string]int{}
	s.last = map[string]lastReading{}
	s.alarms = map[alarmKey]*AlarmGroup{}
	for id, n := range s.mapPoints {
		s.strides[id] = (n + positionsPerMap - 1) / positionsPerMap
	}
	add := func(mac, label string) {
		if s.shown[mac] != nil {
			return
		}
		c := &Client{MAC: mac, Label: firstOf(label, s.names.Client(mac)), Min: math.Inf(1), Max: math.Inf(-1)}
		c.walk = newClientWalk(c, s.spans[mac], s.lateness, s.reorderLimit, s.opts.Poor, s.names)
		s.shown[mac] = c
		s.order = append(s.order, c)
	}
	defer func() { s.spans = nil }() // laid out the shown clients; not needed after
	if len(s.opts.Pins) > 0 {
		for _, p := range s.opts.Pins {
			add(model.NormalizeMAC(p.MAC), p.Label)
		}
		return
	}
	macs := make([]string, 0, len(s.spans))
	for mac, sp := range s.spans {
		if sp.readings > 0 {
			macs = append(macs, mac)
		}
	}
	slices.SortFunc(macs, func(a, b string) int {
		return cmp.Or(cmp.Compare(s.spans[b].readings, s.spans[a].readings), cmp.Compare(a, b))
	})
	for _, mac := range macs[:min(len(macs), s.opts.Top)] {
		add(mac, "")
	}
}

// Collect is the second pass: it builds the sections.
func (s *Survey) Collect(in *model.Event) {
	i := s.nth
	s.nth++
	if i/64 < len(s.dup) && s.dup[i/64]&(1<<(i%64)) != 0 {
		return // pass 1 found it a duplicate: no need to hash it again
	}
	s.seq++
	s.own(in)
	in.Seq = s.seq
	e := in
	if e.Kind == model.KindMarker {
		// In every client's timeline, as the dashboard shows them.
		s.entry(nil, e)
		return
	}
	rssi, reading := model.ClientReading(e)
	if c := s.shown[e.MAC]; c != nil {
		s.entry(c, e)
	}
	if clientEvent(e) && e.AP != "" {
		ap := s.ap(e.AP)
		ap.clients[e.MAC] = true
		if reading {
			ap.observe(rssi)
		}
		if e.Kind == model.KindSession && !e.Roam {
			ap.disconnects[model.ReasonName(e.Reason)]++
		}
	}
	if e.Kind == model.KindSession && e.Roam && e.AP != "" {
		s.ap(e.AP).RoamsOut++
		if e.NextAP != "" {
			s.ap(e.NextAP).RoamsIn++
			s.roams[[2]string{e.AP, e.NextAP}]++
		}
	}
	if reading {
		s.last[e.MAC] = lastReading{e.Time, rssi}
	}
	if e.HasXY && e.MapID != "" {
		s.position(e, rssi, reading)
	}
	if e.Kind == model.KindAlarm {
		s.alarm(e)
	}
}

// entry hands e to the entry writer for c's timeline. From here on e is
// only read, by both goroutines.
func (s *Survey) entry(c *Client, e *model.Event) {
	if s.jobs == nil {
		s.jobs, s.written = make(chan []entryJob, 8), make(chan struct{})
		s.pending = make([]entryJob, 0, 512)
		go s.entryWriter()
	}
	s.pending = append(s.pending, entryJob{c, e})
	if len(s.pending) == cap(s.pending) {
		s.jobs <- s.pending
		s.pending = make([]entryJob, 0, 512)
	}
}

// entryWriter writes the timeline lines: the text of every entry is most
// of the second pass's own work, and only reads the event and the names,
// which are settled after the first pass.
func (s *Survey) entryWriter() {
	defer close(s.written)
	for batch := range s.jobs {
		for _, j := range batch {
			entry := model.TimelineEntryOf(j.e, s.names)
			if j.c != nil {
				j.c.walk.order.Add(entry)
				continue
			}
			for _, c := range s.order {
				c.walk.order.Add(entry)
			}
		}
	}
}

// entriesWritten waits for the entry writer to finish the timelines.
func (s *Survey) entriesWritten() {
	if s.jobs == nil {
		return
	}
	s.jobs <- s.pending
	close(s.jobs)
	<-s.written
	s.jobs, s.pending = nil, nil
}

func (s *Survey) ap(mac string) *AP {
	ap := s.apStats[mac]
	if ap == nil {
		ap = &AP{MAC: mac, Name: s.names.AP(mac, ""), clients: map[string]bool{}, disconnects: map[string]int{},
			Min: math.Inf(1), Max: math.Inf(-1)}
		s.apStats[mac] = ap
	}
	return ap
}

// position keeps every stride-th position of a map, coloured by the
// client's reading at that moment (its own, else its last within a minute).
func (s *Survey) position(e *model.Event, rssi float64, reading bool) {
	m := s.maps[e.MapID]
	if m == nil {
		m = &MapPositions{ID: e.MapID, Name: firstOf(s.names.MapName(e.MapID), shortID(e.MapID)),
			Site: s.names.Site(e.SiteID, e.SiteName)}
		s.maps[e.MapID] = m
	}
	m.Total++
	if (m.Total-1)%s.strides[e.MapID] != 0 {
		return
	}
	p := Position{X: e.X, Y: e.Y, MAC: e.MAC}
	if !reading {
		if l, ok := s.last[e.MAC]; ok && e.Time.Sub(l.at) >= 0 && e.Time.Sub(l.at) <= readingFresh {
			rssi, reading = l.rssi, true
		}
	}
	p.RSSI, p.HasRSSI = rssi, reading
	m.Points = append(m.Points, p)
}

func (s *Survey) alarm(e *model.Event) {
	where := firstOf(e.Device, e.AP)
	if e.AP != "" {
		where = s.names.AP(e.AP, e.APName)
	}
	k := alarmKey{e.Topic, firstOf(e.Type, "(no type)"), where}
	g := s.alarms[k]
	if g == nil {
		g = &AlarmGroup{Topic: k.topic, Type: k.typ, Where: strings.Clone(k.where), First: e.Time, Text: strings.Clone(e.Text)}
		s.alarms[k] = g
	}
	g.Events++
	g.Count += max(e.Count, 1)
	if severityRank(e.Severity) > severityRank(g.Severity) {
		g.Severity = e.Severity
	}
	if e.Time.Before(g.First) {
		g.First = e.Time
	}
	if e.Time.After(g.Last) {
		g.Last = e.Time
	}
}

func severityRank(s string) int {
	switch s {
	case "critical", "crit", "error":
		return 3
	case "major", "warn", "warning":
		return 2
	case "minor", "info":
		return 1
	}
	return 0
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// shortID keeps the first block of a UUID, as the dashboard shows an
// unnamed site.
func shortID(id string) string {
	if len(id) > 8 && id[8] == '-' {
		return id[:8]
	}
	return id
}
