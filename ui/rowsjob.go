package ui

import (
	"context"
	"runtime"
	"slices"
	"sync"

	"github.com/mistwatch/mistwatch/model"
)

// A rowsJob finds the event tabs' rows for a filter, each sorted as its tab
// is, from a snapshot of the store and a frozen copy of the names. It runs
// off the bubbletea goroutine (a tea.Cmd) so typing never waits for it; the
// next keystroke cancels it, and when it lands its result is merged with
// what arrived and was evicted meanwhile (Model.landRows).
type rowsJob struct {
	id     uint64
	query  model.Query
	filter bool // false: the query is the one shown, keep every candidate (a sort)
	names  *model.Names
	snap   *model.Snapshot
	end    uint64   // the job covers events with Seq below end: those routed when it started
	tabs   []jobTab // one per event tab, in Model.events order

	// Made when the job runs: the query compiled for the snapshot, and
	// per tab the cells its terms search (spec nil: tab not redone).
	compiled *model.Compiled
	filters  []tabFilter
}

// jobTab is what a job does for one event tab.
type jobTab struct {
	redo   bool // the job replaces this tab's rows
	refine bool // only base's rows are candidates, not the store's
	spec   *eventSpec
	base   []uint64 // when refining, the narrowed filter's previous rows (Seq order; may be empty)
	sort   sortState
}

// rowsDoneMsg is a job's result: per event tab, the rows in display order
// and the same rows in Seq order (for refining the next filter).
type rowsDoneMsg struct {
	id      uint64
	rows    [][]uint64
	matched [][]uint64
}

// cancelCheck is how many candidates a worker looks at between looks at
// the context: a cancelled job stops within a millisecond.
const cancelCheck = 1024

// run does the job; nil when cancelled. It closes the snapshot.
func (j *rowsJob) run(ctx context.Context) *rowsDoneMsg {
	defer j.snap.Close()
	j.compile()
	msg := &rowsDoneMsg{id: j.id, rows: make([][]uint64, len(j.tabs)), matched: make([][]uint64, len(j.tabs))}
	scan := j.scan(ctx)
	for i := range j.tabs {
		t := &j.tabs[i]
		if !t.redo {
			continue
		}
		matched := scan[i]
		if ctx.Err() != nil {
			return nil
		}
		// Clipped, so that the table appending to its rows and the model
		// appending to matched never write into one array.
		msg.matched[i] = slices.Clip(matched)
		msg.rows[i] = msg.matched[i]
		if t.sort.col >= 0 {
			msg.rows[i] = j.sortRows(ctx, t, matched)
		}
		if ctx.Err() != nil {
			return nil
		}
	}
	return msg
}

// compile prepares the query for the snapshot and each tab to redo.
func (j *rowsJob) compile() {
	j.compiled = j.query.Compile(j.snap.Symbols(), j.names)
	j.filters = make([]tabFilter, len(j.tabs))
	for k, t := range j.tabs {
		if t.redo {
			j.filters[k] = compileTab(t.spec, j.query)
		}
	}
}

// parallel runs work over n candidates split between the cores and joins
// the parts' results in order.
func parallel[T any](n int, work func(lo, hi int) T) []T {
	workers := min(runtime.GOMAXPROCS(0), max(n/(8*cancelCheck), 1))
	parts := make([]T, workers)
	var wg sync.WaitGroup
	for w := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[w] = work(n*w/workers, n*(w+1)/workers)
		}()
	}
	wg.Wait()
	return parts
}

// scanParts keeps scan parts between jobs: a million matches grown from
// nothing each keystroke cost more than the matching (growing and
// collecting over a large heap).
var scanParts sync.Pool

// newScanPart is an empty scan part, its slices reused when there are.
func newScanPart(tabs int) *scanPart {
	p, _ := scanParts.Get().(*scanPart)
	if p == nil {
		p = &scanPart{}
	}
	p.seqs, p.tabs = p.seqs[:0], p.tabs[:0]
	p.count = append(p.count[:0], make([]int, tabs)...)
	return p
}

// scanPart is what one worker of a scan found: the events that go to some
// tab, with a bit per tab, so a million matches grow two slices, not one
// per tab.
type scanPart struct {
	seqs  []uint64
	tabs  []uint64 // bit k: the event is a row of tab k
	count []int    // per tab, its rows
}

// load reads an event's fields, and its raw JSON only when a cell may show
// it: a topic the dashboard reads nothing of is summarised by its payload.
// The rest is left compressed.
func (j *rowsJob) load(seq uint64, e *model.Event) bool {
	if !j.snap.LoadFields(seq, e) {
		return false
	}
	if e.Kind == model.KindOther {
		return j.snap.Load(seq, e)
	}
	return true
}
