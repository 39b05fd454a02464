package ui

import (
	"math"

	"github.com/mistwatch/mistwatch/model"
)

// A rows job matches records, not events: the query's field terms are
// compiled to symbol lookups (model.Compiled), and a term tried on a tab's
// cells (issue 8: a bare word on any shown cell, a field term on the cells
// of its columns) asks each column what its text is made of (col.by): a
// cell made of a few symbols or numbers is rendered once per distinct
// value, not once per row. Only cells that say nothing are rendered per row.

// cellSource says what a column's text (and find text) is a function of,
// besides the names.
type cellSource struct {
	// fields: the strings of these fields (at most 4) and nothing else.
	fields []model.Field
	// key: what key returns, and nothing else (numbers, flags, symbols).
	key func(r model.Rec) cellKey
	// inputs: the columns key is made of, when all are few-valued columns
	// of the chunk index (a span then answers once per combination).
	inputs []model.Column
	// chars: every character the lower-cased text can hold, when few: a
	// word with another character cannot lie within it.
	chars string
	// may: whether a word may lie within some text of the column (false
	// rules the column out for the term, as chars does).
	may func(word string) bool
	// sortNum: the column's sort key is this number of the record (when
	// the key is not a function of the cell key, as Time's nanoseconds).
	sortNum func(r model.Rec) float64
	// summary: model.Summarize's text, tried piece by piece.
	summary bool
	// stored: the text is a text of the one field the term's field answer
	// already tries (the string as stored; Band's String), and there is no
	// find text: a term the fields missed misses the cell too.
	stored bool
	// who: the text is Names.Who of the one field, the find text the field.
	who bool
	// hostname: the text is the client's label, else the Hostname field,
	// else Names.Client of the MAC field (fields: MAC, Hostname).
	hostname bool
}

// cellKey identifies a cell's text among a column's cells.
type cellKey [4]uint64

// bySyms is a cell made of the strings of fields.
func bySyms(fields ...model.Field) cellSource { return cellSource{fields: fields} }

// Keys for the columns several tabs share.
func timeKey(r model.Rec) cellKey {
	sec, ok := r.Unix()
	return cellKey{uint64(sec), b2u(ok)}
}

func rssiKey(r model.Rec) cellKey {
	v, ok := r.RSSI()
	return cellKey{math.Float64bits(v), b2u(ok)}
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// tabFilter is the compiled filter of one tab: per term, the columns whose
// cells it searches.
type tabFilter struct {
	spec  *eventSpec
	terms [][]cellPlan
}

// cellPlan is one column a term searches.
type cellPlan struct {
	col  *eventCol
	term int
	find bool // a bare word searches the find text too
}

// compileTab plans, for each term of q that searches cells, which of the
// tab's columns a word is looked for in.
func compileTab(spec *eventSpec, q model.Query) tabFilter {
	terms := q.Terms()
	tf := tabFilter{spec: spec, terms: make([][]cellPlan, terms)}
	for i := 0; i < terms; i++ {
		if !q.TermSearchesCells(i) {
			continue
		}
		field := q.TermField(i)
		for k := range spec.cols {
			c := &spec.cols[k]
			if c.text == nil || c.title == "" || (field != "" && c.field != field) {
				continue // as filterTexts
			}
			if c.by.chars != "" && q.TermOutside(i, c.by.chars) || c.by.may != nil && !q.TermSome(i, c.by.may) || c.by.stored {
				continue
			}
			tf.terms[i] = append(tf.terms[i], cellPlan{col: c, term: i, find: field == "" && c.find != nil})
		}
	}
	return tf
}

// rowMatcher matches records on one goroutine: its own memos.
type rowMatcher struct {
	job    *rowsJob
	m      *model.Matcher
	cells  [][][]cellMemo
	seq    uint64
	e      model.Event // the current record as an event, loaded when a cell needs rendering
	loaded bool
	empty  model.Event // a few fields of a record, to render a cell made of them
}

// blank returns the scratch event, emptied: rendering a cell allocates no event.
func (rm *rowMatcher) blank() *model.Event {
	rm.empty = model.Event{}
	return &rm.empty
}

// cellMemo remembers a column's answers for one term: per symbol when the
// cell is made of one field, per key otherwise.
type cellMemo struct {
	plan cellPlan
	sym  *model.SymMemo
	// symField is the field whose symbol sym is asked about.
	symField model.Field
	keys     *keyMemo
	sum      *model.SummaryMatcher
	// words: a phrase's space-free words on summaries, each of which a
	// summary holding the phrase holds (the summary is then written).
	words []*model.SummaryMatcher
}

func (j *rowsJob) matcher() *rowMatcher {
	rm := &rowMatcher{job: j, m: j.compiled.Matcher()}
	rm.cells = make([][][]cellMemo, len(j.filters))
	for k, tf := range j.filters {
		if tf.spec == nil {
			continue
		}
		rm.cells[k] = make([][]cellMemo, len(tf.terms))
		for i, plans := range tf.terms {
			for _, p := range plans {
				cm := cellMemo{plan: p}
				if p.col.by.summary {
					cm.sum = rm.m.Summary(i)
					if cm.sum == nil {
						cm.words = rm.m.PhraseWords(i)
					}
				} else if p.col.by.who && j.compiled.WhoWithinRaw(i) || p.col.by.hostname && j.compiled.ClientNamesMiss(i) {
					// The cell holds the word only when the MAC (no label,
					// no colon in the word) or exactly when the hostname
					// does, which the term's fields answer already.
					continue
				} else if len(p.col.by.fields) == 1 {
					f := p.col.by.fields[0]
					cm.symField = f
					cm.sym = model.NewSymMemo(j.snap.Symbols(), func(s string) bool {
						e := rm.blank()
						model.SetField(e, f, s)
						return rm.cellHas(p, e)
					})
				} else if len(p.col.by.fields) > 1 || p.col.by.key != nil {
					cm.keys = newKeyMemo()
				}
				rm.cells[k][i] = append(rm.cells[k][i], cm)
			}
		}
	}
	return rm
}

// next starts on another record.
func (rm *rowMatcher) next(seq uint64) {
	rm.seq, rm.loaded = seq, false
}

func (rm *rowMatcher) cellMatch(cm *cellMemo, r model.Rec) bool {
	by := &cm.plan.col.by
	switch {
	case cm.sum != nil:
		if v, ok := cm.sum.Match(r); ok {
			return v
		}
	case cm.sym != nil:
		return cm.sym.Has(r.Sym(cm.symField))
	case cm.keys != nil && by.key != nil:
		key := by.key(r)
		if v, ok := cm.keys.get(key); ok {
			return v
		}
		v := rm.cellHas(cm.plan, rm.event())
		cm.keys.put(key, v)
		return v
	case cm.keys != nil:
		var key cellKey
		for n, f := range by.fields {
			key[n] = uint64(r.Sym(f))
		}
		if v, ok := cm.keys.get(key); ok {
			return v
		}
		e := rm.blank()
		for _, f := range by.fields {
			model.SetField(e, f, r.Str(f))
		}
		v := rm.cellHas(cm.plan, e)
		cm.keys.put(key, v)
		return v
	}
	return rm.cellHas(cm.plan, rm.event())
}

// cellHas tries the term on the column's texts of e, as filterTexts lists them.
func (rm *rowMatcher) cellHas(p cellPlan, e *model.Event) bool {
	n := rm.job.names
	if p.find {
		return rm.job.query.TermHas(p.term, p.col.text(e, n), p.col.find(e, n))
	}
	return rm.job.query.TermHas(p.term, p.col.text(e, n))
}

// event loads the current record in full, raw JSON too when a cell may
// show it (a topic the dashboard reads nothing of is summarised by its
// payload).
func (rm *rowMatcher) event() *model.Event {
	if !rm.loaded {
		rm.job.load(rm.seq, &rm.e)
		rm.loaded = true
	}
	return &rm.e
}

// keyMemo is a direct-mapped cache of answers by key: a miss costs one
// rendering, a hit no allocation and no map.
type keyMemo struct {
	keys [keyMemoSize]cellKey
	vals [keyMemoSize]uint8 // 0 empty, 1 no, 2 yes
}

const (
	keyMemoBits = 12
	keyMemoSize = 1 << keyMemoBits
)

func newKeyMemo() *keyMemo { return &keyMemo{} }

func (k *keyMemo) slot(key cellKey) int { return keySlot(key) }

// keySlot is where a direct-mapped cache of keyMemoSize keeps key.
func keySlot(key cellKey) int {
	h := model.MixKey(model.MixKey(model.MixKey(model.MixKey(0, key[0]), key[1]), key[2]), key[3])
	return int(h >> (64 - keyMemoBits))
}

func (k *keyMemo) get(key cellKey) (bool, bool) {
	s := k.slot(key)
	if k.vals[s] == 0 || k.keys[s] != key {
		return false, false
	}
	return k.vals[s] == 2, true
}

func (k *keyMemo) put(key cellKey, v bool) {
	s := k.slot(key)
	k.keys[s] = key
	k.vals[s] = 1
	if v {
		k.vals[s] = 2
	}
}
