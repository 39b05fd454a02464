package ui

import (
	"context"
	"math/bits"
	"slices"

	"github.com/mistwatch/mistwatch/model"
)

// A rows job matches the snapshot a span at a time (the records of one
// chunk, model.Span), column by column: each term's field test once per
// distinct value of a column (model.Matcher.SpanFields), then per tab the
// cells it searches, only for the records still undecided, a cell made of a
// few columns answered once per distinct combination of the span. The
// result is the set of a span's records each tab keeps.

// spanWork is one worker's scratch for matching spans.
type spanWork struct {
	rm     *rowMatcher
	fields []model.Bits // per term, the records whose fields match; nil until asked
	cand   []model.Bits // per tab, its candidates, then its rows
	tabs   []uint64     // per record, the tabs it goes to
	union  model.Bits   // records some tab takes
	before model.Bits
	need   model.Bits
	hit    model.Bits
	col    model.Bits
	word   model.Bits
	table  []uint8 // a cell's answers by its columns' codes: 0 not asked, 1 no, 2 yes
}

// maxTuples is the most combinations of codes a cell is tabled for.
const maxTuples = 4096

func (j *rowsJob) spanWork() *spanWork {
	w := &spanWork{rm: j.matcher(), fields: make([]model.Bits, j.query.Terms()), cand: make([]model.Bits, len(j.tabs)),
		table: make([]uint8, maxTuples)}
	return w
}

// bitsFor resizes b to n records, emptied.
func bitsFor(b model.Bits, n int) model.Bits {
	words := (n + 63) / 64
	if cap(b) < words {
		return model.NewBits(n)
	}
	b = b[:words]
	clear(b)
	return b
}

// scan finds every tab to redo's rows: a tab that refines among its base
// rows, any other among the events the snapshot holds below end.
func (j *rowsJob) scan(ctx context.Context) [][]uint64 {
	first, _ := j.snap.Range()
	n := 0
	if j.end > first {
		n = int(j.end - first)
	}
	// Per kind, the tabs not refining that take it: one lookup per
	// record, and a record no tab takes is not matched at all.
	var byKind [256]uint64
	var based []int
	for k, t := range j.tabs {
		switch {
		case !t.redo:
		case t.refine:
			based = append(based, k)
		default:
			for kind := range byKind {
				if t.spec.acceptsKind(model.Kind(kind)) {
					byKind[kind] |= 1 << k
				}
			}
		}
	}
	parts := parallel(n, func(lo, hi int) *scanPart {
		out := newScanPart(len(j.tabs))
		w := j.spanWork()
		next := make([]int, len(j.tabs)) // per tab refining, its first base row not yet passed
		for _, k := range based {
			next[k], _ = slices.BinarySearch(j.tabs[k].base, first+uint64(lo))
		}
		for s := range j.snap.Spans(first+uint64(lo), first+uint64(hi)) {
			if ctx.Err() != nil {
				scanParts.Put(out)
				return nil
			}
			j.matchSpan(w, s, &byKind, based, next, out)
		}
		return out
	})
	// Each tab's rows are allocated once, at their size.
	out := make([][]uint64, len(j.tabs))
	for k, t := range j.tabs {
		if !t.redo {
			continue
		}
		total := 0
		for _, p := range parts {
			if p != nil {
				total += p.count[k]
			}
		}
		out[k] = make([]uint64, 0, total)
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

// matchSpan adds to out the span's records that some tab keeps.
func (j *rowsJob) matchSpan(w *spanWork, s model.Span, byKind *[256]uint64, based []int, next []int, out *scanPart) {
	n := s.Len()
	w.tabs = slices.Grow(w.tabs[:0], n)[:n]
	present := uint64(0)
	for r, kind := range s.Kinds() {
		w.tabs[r] = byKind[kind]
		present |= w.tabs[r]
	}
	end := s.Seq(n)
	for _, k := range based {
		b := j.tabs[k].base
		for next[k] < len(b) && b[next[k]] < end {
			if seq := b[next[k]]; seq >= s.Seq(0) {
				w.tabs[seq-s.Seq(0)] |= 1 << k
				present |= 1 << k
			}
			next[k]++
		}
	}
	if present == 0 {
		return
	}
	for c := present; c != 0; c &= c - 1 {
		k := bits.TrailingZeros64(c)
		w.cand[k] = bitsFor(w.cand[k], n)
	}
	w.union = bitsFor(w.union, n)
	for r, t := range w.tabs {
		if t == 0 {
			continue
		}
		w.union.Set(r)
		for ; t != 0; t &= t - 1 {
			w.cand[bits.TrailingZeros64(t)].Set(r)
		}
	}
	if j.filter && !j.query.Empty() {
		for i := range w.fields {
			w.fields[i] = w.fields[i][:0]
		}
		for c := present; c != 0; c &= c - 1 {
			j.filterTab(w, s, bits.TrailingZeros64(c))
		}
	}
	for c := present; c != 0; c &= c - 1 {
		k := bits.TrailingZeros64(c)
		for _, word := range w.cand[k] {
			out.count[k] += bits.OnesCount64(word)
		}
	}
	for wi, word := range w.union {
		for ; word != 0; word &= word - 1 {
			r := wi*64 + bits.TrailingZeros64(word)
			if w.tabs[r] != 0 {
				out.seqs = append(out.seqs, s.Seq(r))
				out.tabs = append(out.tabs, w.tabs[r])
			}
		}
	}
}

// filterTab narrows tab k's candidates of the span to its rows, term by
// term, and takes the others off w.tabs.
func (j *rowsJob) filterTab(w *spanWork, s model.Span, k int) {
	n := s.Len()
	ok := w.cand[k]
	w.before = append(w.before[:0], ok...)
	for i := range w.fields {
		if ok.Empty() {
			break
		}
		f := j.spanFields(w, s, i)
		hit := f
		if cells := w.rm.cells[k][i]; len(cells) > 0 {
			w.need = bitsFor(w.need, n)
			for x := range ok {
				w.need[x] = ok[x] &^ f[x]
			}
			if !w.need.Empty() {
				w.hit = bitsFor(w.hit, n)
				for c := range cells {
					j.spanCell(w, s, &cells[c])
				}
				for x := range w.hit {
					w.hit[x] |= f[x]
				}
				hit = w.hit
			}
		}
		if j.query.TermNegated(i) {
			for x := range ok {
				ok[x] &^= hit[x]
			}
		} else {
			for x := range ok {
				ok[x] &= hit[x]
			}
		}
	}
	for x, word := range w.before {
		for gone := word &^ ok[x]; gone != 0; gone &= gone - 1 {
			w.tabs[x*64+bits.TrailingZeros64(gone)] &^= 1 << k
		}
	}
}

// spanFields is the span's records whose fields match term i, asked once
// per span.
func (j *rowsJob) spanFields(w *spanWork, s model.Span, i int) model.Bits {
	if len(w.fields[i]) == 0 {
		w.fields[i] = bitsFor(w.fields[i], s.Len())
		w.rm.m.SpanFields(i, s, w.fields[i])
	}
	return w.fields[i]
}

// spanCell adds to w.hit those of w.need's records (not yet hit) whose cell
// of cm's column holds the term.
func (j *rowsJob) spanCell(w *spanWork, s model.Span, cm *cellMemo) {
	by := &cm.plan.col.by
	switch {
	case cm.sum != nil:
		// Only the records whose summary may hold the word are asked.
		w.col = bitsFor(w.col, s.Len())
		cm.sum.SpanMaybe(s, w.col)
		for x := range w.col {
			w.col[x] &= w.need[x]
		}
		j.eachOf(w, w.col, func(r int) bool { return w.rm.cellMatch(cm, s.Rec(r)) }, s)
		return
	case cm.words != nil:
		// Only the records whose summary may hold every word of the
		// phrase, and holds each as far as the words' matchers tell, are
		// written.
		w.col = append(w.col[:0], w.need...)
		for _, wm := range cm.words {
			w.word = bitsFor(w.word, s.Len())
			wm.SpanMaybe(s, w.word)
			for x := range w.col {
				w.col[x] &= w.word[x]
			}
		}
		j.eachOf(w, w.col, func(r int) bool {
			rec := s.Rec(r)
			for _, wm := range cm.words {
				if v, ok := wm.Match(rec); ok && !v {
					return false
				}
			}
			return w.rm.cellMatch(cm, rec)
		}, s)
		return
	case cm.sym != nil:
		w.col = bitsFor(w.col, s.Len())
		if model.SpanColumn(s, model.FieldCol(cm.symField), func(v uint32) bool { return cm.sym.Has(model.Sym(v)) }, w.col) {
			for x := range w.hit {
				w.hit[x] |= w.col[x] & w.need[x]
			}
			return
		}
	case len(by.inputs) > 0 || cm.keys != nil && by.key == nil:
		if j.tupleCell(w, s, cm) {
			return
		}
	}
	j.eachOf(w, w.need, func(r int) bool { return w.rm.cellMatch(cm, s.Rec(r)) }, s)
}

// eachOf asks of every record of set not yet hit, adding the yeses to w.hit.
func (j *rowsJob) eachOf(w *spanWork, set model.Bits, ask func(r int) bool, s model.Span) {
	for x, word := range set {
		for c := word &^ w.hit[x]; c != 0; c &= c - 1 {
			r := x*64 + bits.TrailingZeros64(c)
			w.rm.next(s.Seq(r))
			if ask(r) {
				w.hit.Set(r)
			}
		}
	}
}

// tupleCell answers a cell made of a few columns once per combination of
// their codes in the span; false when they have too many values.
func (j *rowsJob) tupleCell(w *spanWork, s model.Span, cm *cellMemo) bool {
	by := &cm.plan.col.by
	var buf [4]model.Column
	cols := by.inputs
	if len(cols) == 0 {
		cols = buf[:len(by.fields)]
		for c, f := range by.fields {
			cols[c] = model.FieldCol(f)
		}
	}
	var codes [4][]uint8
	var stride [4]int
	size := 1
	for c, col := range cols {
		vals := s.Values(col)
		if vals == nil || size*len(vals) > maxTuples {
			return false
		}
		codes[c], stride[c] = s.Codes(col), size
		size *= len(vals)
	}
	table := w.table[:size]
	clear(table)
	for x, word := range w.need {
		for c := word &^ w.hit[x]; c != 0; c &= c - 1 {
			r := x*64 + bits.TrailingZeros64(c)
			at := 0
			for i := range cols {
				if codes[i] != nil {
					at += int(codes[i][r]) * stride[i]
				}
			}
			if table[at] == 0 {
				w.rm.next(s.Seq(r))
				table[at] = 1 + uint8(b2u(w.rm.cellMatch(cm, s.Rec(r))))
			}
			if table[at] == 2 {
				w.hit.Set(r)
			}
		}
	}
	return true
}
