package ui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
)

// Changing the filter or a sort starts a rowsJob; this file starts one and
// lands its result.

// inlineRows is the most candidate events a job handles on the bubbletea
// goroutine: that few take about a millisecond, and the rows change with
// the keystroke. A larger job runs as a tea.Cmd.
const inlineRows = 20000

// rowsState is the event tabs' side of filtering: what they show, and the
// job that will replace it.
type rowsState struct {
	shown   model.Query  // the query the event tabs show, until a job for a newer one lands
	matched [][]uint64   // per event tab, its rows in Seq order; nil while shown is empty
	names   uint64       // Names version the rows were matched with
	pending *pendingJob  // the job in flight
	jobs    uint64       // jobs started, for IDs
	frozen  *model.Names // the names the last job read, reused while no name changes
	frozenV [2]uint64    // their Version and ClientVersion
	inline  int          // jobs over fewer candidates run at once
}

// pendingJob is the job in flight.
type pendingJob struct {
	job    *rowsJob
	cancel context.CancelFunc
	label  string // "filtering…" or "sorting…", shown until it lands
}

// startRows recomputes the rows of the event tabs in redo (indexes into
// m.events) for the current query and sorts. A job already in flight is
// cancelled and its tabs are redone too.
func (m *Model) startRows(redo []bool, label string) tea.Cmd {
	r := &m.rows
	if p := r.pending; p != nil {
		p.cancel()
		for i, t := range p.job.tabs {
			redo[i] = redo[i] || t.redo
		}
		if p.label == "filtering…" {
			label = p.label
		}
		r.pending = nil
	}
	r.jobs++
	names := m.store.Names
	if v := [2]uint64{names.Version(), names.ClientVersion()}; r.frozen == nil || v != r.frozenV {
		r.frozen, r.frozenV = names.Clone(), v
	}
	j := &rowsJob{id: r.jobs, query: m.query, filter: m.query.String() != r.shown.String(), names: r.frozen,
		snap: m.store.Snapshot(), end: m.shownTo, tabs: make([]jobTab, len(m.events))}
	// The previous rows can be refined when the filter only narrowed and no
	// name was learned since (a name can make more rows match).
	refine := !r.shown.Empty() && r.names == names.Version()+names.ClientVersion() && m.query.Narrows(r.shown)
	// Not refining, a job scans the store: it must apply the filter even
	// when it is the one shown (a sort after a name was learned listed
	// every row).
	j.filter = j.filter || !refine
	candidates := 0
	for i, t := range m.events {
		jt := &j.tabs[i]
		jt.redo, jt.spec, jt.sort = redo[i], t.spec, t.sort
		switch {
		case !redo[i]:
		case refine:
			// Even an empty base: a tab that matched nothing refines to nothing.
			jt.refine, jt.base = true, r.matched[i]
			candidates += len(jt.base)
		default:
			candidates = max(candidates, m.store.Len())
		}
	}
	if candidates <= r.inline {
		m.landRows(j, j.run(context.Background()))
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.pending = &pendingJob{job: j, cancel: cancel, label: label}
	return func() tea.Msg {
		if msg := j.run(ctx); msg != nil {
			return *msg
		}
		return nil // cancelled: a newer job is on its way
	}
}

// rowsDone lands the pending job's result; a cancelled job's is dropped.
func (m *Model) rowsDone(msg rowsDoneMsg) {
	p := m.rows.pending
	if p == nil || p.job.id != msg.id {
		return
	}
	p.cancel()
	m.rows.pending = nil
	m.landRows(p.job, &msg)
}

// landRows shows a job's rows: they replace the tabs' rows, rows evicted
// since the job started are dropped, and the events that arrived since are
// matched and added as any arrival is.
func (m *Model) landRows(j *rowsJob, msg *rowsDoneMsg) {
	r := &m.rows
	r.shown, r.names = j.query, j.names.Version()+j.names.ClientVersion()
	if r.matched == nil {
		r.matched = make([][]uint64, len(m.events))
	}
	redo := make([]bool, len(m.events))
	for i, t := range m.events {
		if !j.tabs[i].redo {
			continue
		}
		redo[i] = true
		r.matched[i] = msg.matched[i]
		if j.query.Empty() {
			r.matched[i] = nil // an empty filter matches everything: nothing to keep
		}
		t.table.setRows(msg.rows[i], t.sort.col < 0)
		t.table.newBelow = 0 // a new filter or sort re-lists rows; none of them is new
	}
	arrived := m.shownTo
	m.shownTo = j.end
	m.routeTabs(arrived, redo)
}

// rowsLabel is what the filter line says while a job runs, "" when none.
func (m *Model) rowsLabel() string {
	if m.rows.pending == nil {
		return ""
	}
	return m.rows.pending.label
}

// allEvents asks for every event tab.
func (m *Model) allEvents() []bool {
	all := make([]bool, len(m.events))
	for i := range all {
		all[i] = true
	}
	return all
}
