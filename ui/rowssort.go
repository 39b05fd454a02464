package ui

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// A rows job sorts by integers: each row's sort key is made from its record
// (a number straight from it, or a text answered once per distinct cell,
// see cellSource), texts are replaced by their rank among the distinct
// texts, and rows are sorted as (key, Seq) pairs on both cores. The order
// is sortState.lessFunc's: keys as sortKey.less, ties in arrival order.

// ranked is a row with an integer key that orders as its sortKey.
type ranked struct {
	key uint64
	id  uint64
}

// rowKeyer makes rows' sort keys on one goroutine.
type rowKeyer struct {
	job   *rowsJob
	col   *eventCol
	keys  *[keyMemoSize]memoKey // direct-mapped: sort keys by cell key
	empty model.Event
	e     model.Event
}

type memoKey struct {
	cell cellKey
	key  sortKey
	set  bool
	text uint32 // the key's text's ID among the part's texts, +1; 0 not yet
}

// keyPart is one worker's rows as integers: a number's ordered bits, or a
// text's ID among the texts the worker met (ranked once all are known).
type keyPart struct {
	codes []uint64
	texts []string
	ids   map[string]uint32
	nums  bool // some key is a number
	strs  bool // some key is a text
	nan   bool // some number is NaN, which no integer orders as less does
}

// code is the row's key as an integer of the part.
func (k *rowKeyer) code(seq uint64, p *keyPart) uint64 {
	key, slot := k.keyAt(seq)
	if key.isNum {
		p.nums = true
		p.nan = p.nan || math.IsNaN(key.num)
		return orderedBits(key.num)
	}
	p.strs = true
	if slot != nil && slot.text != 0 {
		return uint64(slot.text - 1)
	}
	id, ok := p.ids[key.text]
	if !ok {
		id = uint32(len(p.texts))
		p.texts = append(p.texts, key.text)
		p.ids[key.text] = id
	}
	if slot != nil {
		slot.text = id + 1
	}
	return uint64(id)
}

// key is keyOf of the row seq.
func (k *rowKeyer) key(seq uint64) sortKey {
	key, _ := k.keyAt(seq)
	return key
}

// keyAt is key, with the memo slot that holds it (nil when none does).
func (k *rowKeyer) keyAt(seq uint64) (sortKey, *memoKey) {
	by := &k.col.by
	r, ok := k.job.snap.Rec(seq)
	if !ok {
		return sortKey{}, nil
	}
	if by.sortNum != nil {
		return numKey(by.sortNum(r)), nil
	}
	if by.key == nil && len(by.fields) == 0 {
		k.job.load(seq, &k.e)
		return keyOf(k.col, &k.e, k.job.names), nil
	}
	var ck cellKey
	if by.key != nil {
		ck = by.key(r)
	} else {
		for n, f := range by.fields {
			ck[n] = uint64(r.Sym(f))
		}
	}
	slot := &k.keys[keySlot(ck)]
	if slot.set && slot.cell == ck {
		return slot.key, slot
	}
	var e *model.Event
	if by.key != nil {
		k.job.load(seq, &k.e)
		e = &k.e
	} else {
		k.empty = model.Event{}
		for _, f := range by.fields {
			model.SetField(&k.empty, f, r.Str(f))
		}
		e = &k.empty
	}
	key := keyOf(k.col, e, k.job.names)
	*slot = memoKey{ck, key, true, 0}
	return key, slot
}

// timeSortKey is the Time column's sort key from a record, as the column's
// key makes it from an event: the float of UnixNano, a zero time included.
func timeSortKey(r model.Rec) float64 {
	ns, ok := r.UnixNano()
	if !ok {
		return float64(time.Time{}.UnixNano())
	}
	return float64(ns)
}

// sortRows orders a tab's rows (in Seq order) by its sort column, ties in
// arrival order, as sortState.lessFunc does.
func (j *rowsJob) sortRows(ctx context.Context, t *jobTab, ids []uint64) []uint64 {
	c := &t.spec.cols[t.sort.col]
	parts := parallel(len(ids), func(lo, hi int) *keyPart {
		k := &rowKeyer{job: j, col: c, keys: new([keyMemoSize]memoKey)}
		p := &keyPart{codes: make([]uint64, hi-lo), ids: map[string]uint32{}}
		for i := lo; i < hi; i++ {
			if (i-lo)%cancelCheck == 0 && ctx.Err() != nil {
				return nil
			}
			p.codes[i-lo] = k.code(ids[i], p)
		}
		return p
	})
	if ctx.Err() != nil {
		return nil
	}
	rows := rankRows(parts, ids)
	if rows == nil { // numbers and texts mixed: compare the keys themselves
		return sortByKeys(j.sortKeys(c, ids), ids, t.sort.desc)
	}
	if t.sort.desc {
		for i := range rows {
			rows[i].key = ^rows[i].key
		}
	}
	sortRanked(rows)
	out := make([]uint64, len(rows))
	for i := range rows {
		out[i] = rows[i].id
	}
	return out
}

// sortKeys are the rows' sort keys, for the general order.
func (j *rowsJob) sortKeys(c *eventCol, ids []uint64) []sortKey {
	k := &rowKeyer{job: j, col: c, keys: new([keyMemoSize]memoKey)}
	keys := make([]sortKey, len(ids))
	for i, id := range ids {
		keys[i] = k.key(id)
	}
	return keys
}

// rankRows turns the parts' codes into integers of one order: numbers as
// they are, texts by their rank among every part's texts. Nil when the keys
// mix numbers and texts, or a number is NaN.
func rankRows(parts []*keyPart, ids []uint64) []ranked {
	nums, strs := false, false
	var texts []string
	for _, p := range parts {
		if p.nan {
			return nil
		}
		nums, strs = nums || p.nums, strs || p.strs
		texts = append(texts, p.texts...)
	}
	if nums && strs {
		return nil
	}
	slices.Sort(texts)
	texts = slices.Compact(texts)
	rows := make([]ranked, 0, len(ids))
	for _, p := range parts {
		rank := make([]uint64, len(p.texts))
		for i, s := range p.texts {
			r, _ := slices.BinarySearch(texts, s)
			rank[i] = uint64(r)
		}
		for _, code := range p.codes {
			if strs {
				code = rank[code]
			}
			rows = append(rows, ranked{code, ids[len(rows)]})
		}
	}
	return rows
}

// orderedBits maps a float to an integer of the same order (-0 as 0).
func orderedBits(f float64) uint64 {
	if f == 0 {
		f = 0
	}
	b := math.Float64bits(f)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

// sortRanked sorts rows by key then ID: each half on a core, then merged.
func sortRanked(rows []ranked) {
	byKey := func(a, b ranked) int {
		if r := cmp.Compare(a.key, b.key); r != 0 {
			return r
		}
		return cmp.Compare(a.id, b.id)
	}
	if len(rows) < 8*cancelCheck {
		slices.SortFunc(rows, byKey)
		return
	}
	mid := len(rows) / 2
	var wg sync.WaitGroup
	wg.Go(func() { slices.SortFunc(rows[:mid], byKey) })
	slices.SortFunc(rows[mid:], byKey)
	wg.Wait()
	merged := make([]ranked, 0, len(rows))
	a, b := rows[:mid], rows[mid:]
	for len(a) > 0 && len(b) > 0 {
		if byKey(b[0], a[0]) < 0 {
			merged, b = append(merged, b[0]), b[1:]
		} else {
			merged, a = append(merged, a[0]), a[1:]
		}
	}
	copy(rows, append(append(merged, a...), b...))
}

// sortByKeys is the general order, for keys that mix numbers and texts.
func sortByKeys(keys []sortKey, ids []uint64, desc bool) []uint64 {
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		r := 0
		switch {
		case keys[a].less(keys[b]):
			r = -1
		case keys[b].less(keys[a]):
			r = 1
		}
		if desc {
			r = -r
		}
		if r == 0 {
			r = cmp.Compare(ids[a], ids[b])
		}
		return r
	})
	out := make([]uint64, len(order))
	for i, o := range order {
		out[i] = ids[o]
	}
	return out
}
