package ui

import (
	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// eventSpec defines a tab whose rows are events: its name, which kinds of
// event it lists, and its columns. One eventSpec per tab_*.go file.
type eventSpec struct {
	title, table string
	kinds        []model.Kind // nil: every event
	pinnable     bool         // shows the pinned clients' latest rows on top
	cols         []col[*model.Event]
}

// cacheLimit bounds the rendered-cell cache; only rows that were visible
// are cached (sorting does not cache), so a reset is cheap.
const cacheLimit = 4096

// renderedRow is an event's cells and their paints, kept so that drawing a
// visible row again does not unpack the event again (per painted column).
type renderedRow struct {
	cells  []string
	paints []theme.Paint
}

// eventTab is a tab of events from the store, rendered from cached cells.
// Cells are built once per event and rebuilt only when a name is learned.
type eventTab struct {
	tabState
	spec  *eventSpec
	store *model.Store
	th    *theme.Theme
	cache map[uint64]renderedRow
	names uint64 // Names version the cache was built with

	timeLayout string // timeLayout, or with the date once events span days
}

func newEventTab(spec *eventSpec, store *model.Store, th *theme.Theme) *eventTab {
	return &eventTab{
		tabState: tabState{table: newTable(layoutColumns(spec.cols)), sort: sortState{col: -1}},
		spec:     spec, store: store, th: th, cache: map[uint64]renderedRow{}, timeLayout: timeLayout,
	}
}

func (t *eventTab) name() string    { return t.spec.title }
func (t *eventTab) csvName() string { return t.spec.table }
func (t *eventTab) pinnable() bool  { return t.spec.pinnable }

// accepts reports whether an event belongs on the tab.
func (t *eventTab) accepts(e *model.Event) bool { return t.spec.accepts(e) }

func (s *eventSpec) accepts(e *model.Event) bool { return s.acceptsKind(e.Kind) }

func (s *eventSpec) acceptsKind(kind model.Kind) bool {
	if s.kinds == nil {
		return true
	}
	for _, k := range s.kinds {
		if kind == k {
			return true
		}
	}
	return false
}

func (t *eventTab) total() int {
	if t.spec.kinds == nil {
		return t.store.Len()
	}
	n := 0
	for _, k := range t.spec.kinds {
		n += t.store.CountKind(k)
	}
	return n
}

func (t *eventTab) cells(id uint64) []string {
	if v := t.store.Names.Version() + t.store.Names.ClientVersion(); v != t.names || len(t.cache) > cacheLimit {
		clear(t.cache)
		t.names = v
	}
	if r, ok := t.cache[id]; ok {
		return r.cells
	}
	e, ok := t.store.Get(id)
	if !ok {
		return []string{"", "(evicted)"}
	}
	c := cellTexts(t.spec.cols, e, t.store.Names, t.th)
	if t.timeLayout != timeLayout && !e.Time.IsZero() {
		c[0] = e.Time.Local().Format(t.timeLayout) // every event tab's first column is Time
	}
	paints := make([]theme.Paint, len(t.spec.cols))
	for i, col := range t.spec.cols {
		if col.paint != nil {
			paints[i] = col.paint(t.th, e)
		}
	}
	t.cache[id] = renderedRow{cells: c, paints: paints}
	return c
}

// cellStyle is the paint cells(id) found; rows are drawn cells first.
func (t *eventTab) cellStyle(id uint64, i int) theme.Paint {
	if r, ok := t.cache[id]; ok {
		return r.paints[i]
	}
	p := t.spec.cols[i].paint
	if p == nil {
		return theme.Paint{}
	}
	e, ok := t.store.Get(id)
	if !ok {
		return theme.Paint{}
	}
	return p(t.th, e)
}

func (t *eventTab) sortKey(id uint64, i int) sortKey {
	e, ok := t.store.Get(id)
	if !ok {
		return sortKey{}
	}
	return keyOf(&t.spec.cols[i], e, t.store.Names)
}

// sortKeys is what the tab sorts by. An event never changes, so its key is
// computed once per sort column and kept (until a name is learned).
func (t *eventTab) sortKeys() sorter {
	names := t.store.Names.Version()
	kc := t.keys
	if kc == nil || kc.col != t.sort.col || kc.names != names || len(kc.keys) > 2*len(t.table.ids)+4096 {
		t.keys = &keyCache{src: t, col: t.sort.col, names: names, keys: map[uint64]sortKey{}}
	}
	return t.keys
}

func (t *eventTab) rowMAC(id uint64) string {
	if e, ok := t.store.Get(id); ok {
		return e.MAC
	}
	return ""
}

func (t *eventTab) match(q model.Query, id uint64) bool {
	e, ok := t.store.Get(id)
	return ok && t.matchEvent(q, e)
}

// matchEvent applies the filter to an event as this tab shows it: bare
// words and field terms also find what the tab's columns show.
func (t *eventTab) matchEvent(q model.Query, e *model.Event) bool {
	return t.spec.matchRow(q, e, t.store.Names)
}

// matchRow is matchEvent with the given names: a rows job passes a frozen
// copy, as it runs off the store's goroutine.
func (s *eventSpec) matchRow(q model.Query, e *model.Event, n *model.Names) bool {
	return q.MatchRow(e, n, func(field string) []string { return filterTexts(s.cols, e, n, field) })
}

func (t *eventTab) csv(ids []uint64) ([]string, [][]string) {
	rows := make([][]string, 0, len(ids))
	for _, id := range ids {
		if e, ok := t.store.Get(id); ok {
			rows = append(rows, csvRow(t.spec.cols, e, t.store.Names))
		}
	}
	return csvHeader(t.spec.cols), rows
}

// showDates switches the time column to a layout with the date.
func (t *eventTab) showDates(layout string) {
	t.timeLayout = layout
	clear(t.cache)
	t.table.cols[0].min = len(layout)
}
