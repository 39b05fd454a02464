package ui

import (
	"context"
	"math/bits"
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
	refined := j.refine(ctx)
	for i := range j.tabs {
		t := &j.tabs[i]
		if !t.redo {
			continue
		}
		matched := scan[i]
		if t.refine {
			matched = refined[i]
		}
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
			j.filters[k] = compileTab(t.spec, j.query, j.query.Terms())
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

// scan matches every event of the snapshot below end, once, for every tab
// to redo without a base.
func (j *rowsJob) scan(ctx context.Context) [][]uint64 {
	first, _ := j.snap.Range()
	n := 0
	if j.end > first {
		n = int(j.end - first)
	}
	need := false
	for _, t := range j.tabs {
		need = need || t.redo && !t.refine
	}
	if !need {
		return make([][]uint64, len(j.tabs))
	}
	// Per kind, the tabs to redo that take it: one lookup per event, and
	// an event no such tab takes is not matched at all.
	var byKind [256]uint64
	for k, t := range j.tabs {
		if t.redo && !t.refine {
			for kind := range byKind {
				if t.spec.acceptsKind(model.Kind(kind)) {
					byKind[kind] |= 1 << k
				}
			}
		}
	}
	parts := parallel(n, func(lo, hi int) *scanPart {
		out := newScanPart(len(j.tabs))
		rm := j.matcher()
		for seq, r := range j.snap.Recs(first+uint64(lo), first+uint64(hi)) {
			if (seq-first-uint64(lo))%cancelCheck == 0 && ctx.Err() != nil {
				scanParts.Put(out)
				return nil
			}
			tabs := byKind[r.Kind()]
			if tabs == 0 {
				continue
			}
			rm.next(seq)
			if j.filter && !j.query.Empty() && !rm.fieldsAccept(r) {
				for c := tabs; c != 0; c &= c - 1 {
					if k := bits.TrailingZeros64(c); !rm.tabMatch(k, r) {
						tabs &^= 1 << k
					}
				}
			}
			if tabs != 0 {
				for c := tabs; c != 0; c &= c - 1 {
					out.count[bits.TrailingZeros64(c)]++
				}
				out.seqs = append(out.seqs, seq)
				out.tabs = append(out.tabs, tabs)
			}
		}
		return out
	})
	// Each tab's rows are allocated once, at their size.
	out := make([][]uint64, len(j.tabs))
	for k := range out {
		total := 0
		for _, p := range parts {
			if p != nil {
				total += p.count[k]
			}
		}
		if total > 0 {
			out[k] = make([]uint64, 0, total)
		}
	}
	for _, p := range parts {
		if p == nil {
			continue
		}
		for i, seq := range p.seqs {
			for tabs := p.tabs[i]; tabs != 0; tabs &= tabs - 1 {
				k := bits.TrailingZeros64(tabs)
				out[k] = append(out[k], seq)
			}
		}
		scanParts.Put(p)
	}
	return out
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

// refine keeps those of each tab's previous rows (its base) that the
// narrowed filter still matches and that are still held: one pass over the
// tabs' rows together in Seq order, so an event listed by several tabs has
// its fields matched once.
func (j *rowsJob) refine(ctx context.Context) [][]uint64 {
	bases := make([][]uint64, len(j.tabs))
	var union []uint64
	for k, t := range j.tabs {
		if t.redo && t.refine {
			bases[k] = t.base
			union = mergeSeqs(union, t.base)
		}
	}
	parts := parallel(len(union), func(lo, hi int) [][]uint64 {
		out := make([][]uint64, len(j.tabs))
		if lo >= hi {
			return out
		}
		next := make([]int, len(bases)) // per tab, its first base row not yet passed
		for k, b := range bases {
			next[k], _ = slices.BinarySearch(b, union[lo])
		}
		rm := j.matcher()
		for i := lo; i < hi; i++ {
			if (i-lo)%cancelCheck == 0 && ctx.Err() != nil {
				return nil
			}
			seq := union[i]
			r, held := j.snap.Rec(seq)
			rm.next(seq)
			for k, b := range bases {
				if next[k] >= len(b) || b[next[k]] != seq {
					continue
				}
				next[k]++
				if held && seq < j.end && (!j.filter || rm.fieldsAccept(r) || rm.tabMatch(k, r)) {
					out[k] = append(out[k], seq)
				}
			}
		}
		return out
	})
	out := make([][]uint64, len(j.tabs))
	for k := range out {
		if bases[k] == nil {
			continue
		}
		out[k] = []uint64{}
		for _, p := range parts {
			if p != nil {
				out[k] = append(out[k], p[k]...)
			}
		}
	}
	return out
}

// mergeSeqs is the union of two ascending lists of Seqs.
func mergeSeqs(a, b []uint64) []uint64 {
	out := make([]uint64, 0, max(len(a), len(b)))
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		case b[0] < a[0]:
			out, b = append(out, b[0]), b[1:]
		default:
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return append(append(out, a...), b...)
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
