package ui

import (
	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// cacheLimit bounds the rendered-cell cache; only rows that were visible
// are cached (sorting does not cache), so a reset is cheap.
const cacheLimit = 4096

// eventSource renders an event tab's rows from cached cell text. Cells are
// built once per event and rebuilt only when a new name is learned.
type eventSource struct {
	spec   *eventTabSpec
	store  *model.Store
	theme  *theme.Theme
	cache  map[uint64][]string
	names  uint64   // Names.Version the cache was built with
	titles []string // column titles, for sort keys

	timeLayout string // timeLayout, or with the date once events span days
}

func newEventSource(spec *eventTabSpec, store *model.Store, th *theme.Theme) *eventSource {
	s := &eventSource{spec: spec, store: store, theme: th, cache: map[uint64][]string{}, timeLayout: timeLayout}
	for _, c := range spec.columns() {
		s.titles = append(s.titles, c.title)
	}
	return s
}

func (s *eventSource) cells(id uint64) []string {
	if v := s.store.Names.Version() + s.store.Names.ClientVersion(); v != s.names || len(s.cache) > cacheLimit {
		clear(s.cache)
		s.names = v
	}
	if c, ok := s.cache[id]; ok {
		return c
	}
	e, ok := s.store.Get(id)
	if !ok {
		return []string{"", "(evicted)"}
	}
	c := s.spec.cells(e, s.store.Names)
	if s.timeLayout != timeLayout && !e.Time.IsZero() {
		c[0] = e.Time.Local().Format(s.timeLayout) // every event tab's first column is Time
	}
	s.cache[id] = c
	return c
}

func (s *eventSource) cellStyle(id uint64, col int) theme.Paint {
	if s.spec.style == nil {
		return theme.Paint{}
	}
	e, ok := s.store.Get(id)
	if !ok {
		return theme.Paint{}
	}
	return s.spec.style(s.theme, e, col)
}

// sortKey sorts numbers and times numerically and the rest by their text.
func (s *eventSource) sortKey(id uint64, col int) sortKey {
	e, ok := s.store.Get(id)
	if !ok {
		return sortKey{}
	}
	n := s.store.Names
	switch s.titles[col] {
	case "Time":
		return numKey(float64(e.Time.UnixNano()))
	case "RSSI":
		if !e.HasRSSI {
			return numKey(-1000)
		}
		return numKey(e.RSSI)
	case "Dur":
		return numKey(e.Duration)
	case "Count":
		return numKey(float64(e.Count))
	case "Topic":
		return textKey(e.Topic)
	case "Site":
		return textKey(n.Site(e.SiteID, e.SiteName))
	case "SSID":
		return textKey(e.SSID)
	case "Client":
		return textKey(e.MAC)
	case "AP", "AP → Next AP":
		return textKey(n.AP(e.AP, e.APName))
	case "Band":
		return textKey(string(e.Band))
	case "Reason":
		return numKey(float64(e.Reason))
	case "Zone":
		return textKey(e.Zone())
	case "Type":
		return textKey(e.Type)
	case "Severity":
		return textKey(e.Severity)
	}
	// The rest (summary, device, text): render the row once, without
	// filling the visible-row cache a sort would otherwise churn.
	return textKey(cellAt(s.spec.cells(e, n), col))
}

// rateMeter counts events per second over a sliding window of up to ten
// one-second buckets.
type rateMeter struct {
	buckets [10]int
	cur     int
	filled  int // buckets closed so far, up to len(buckets)
	perSec  float64
}

func (r *rateMeter) add(n int) { r.buckets[r.cur] += n }

// tick closes the current one-second bucket. Until the window is full the
// rate is over the seconds seen, so it is right from the first second.
func (r *rateMeter) tick() {
	r.filled = min(r.filled+1, len(r.buckets))
	sum := 0
	for i := 0; i < r.filled; i++ {
		sum += r.buckets[(r.cur-i+len(r.buckets))%len(r.buckets)]
	}
	r.perSec = float64(sum) / float64(r.filled)
	r.cur = (r.cur + 1) % len(r.buckets)
	r.buckets[r.cur] = 0
}
