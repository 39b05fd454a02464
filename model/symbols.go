package model

import (
	"strings"
	"sync/atomic"
)

// Sym is a string stored once in a Symbols table. 0 is the empty string.
type Sym uint32

// symPage is how many strings one page of the table holds. Pages never
// move once allocated, so a reader on another goroutine can index them while
// the writer adds strings to later slots.
const symPage = 4096

// Symbols stores each distinct string the store holds once, reference
// counted by the events that use it: when the last such event is evicted the
// string is forgotten and its ID may be given to another string, so the table
// stays as bounded as the store. Written by the store's goroutine only.
type Symbols struct {
	pages atomic.Pointer[[]*[symPage]string] // published for SymbolView readers
	ids   symIndex
	refs  []uint32 // refs[id]: held events that use the string
	n     int      // slots used, slot 0 included
	free  []Sym
	bytes int64 // length of the strings held

	reuses uint64 // bumped whenever a freed ID is given to another string

	// hot is each field's last string: consecutive events mostly repeat
	// their site, topic, SSID…, and a compare is cheaper than a map lookup.
	hot [fieldCount]hotSym

	dying []dyingSym // releaseRecords' scratch
	sink  uint32     // releaseRecords' loads end here, so that none is optimised away

	// noReuse is set while a snapshot is open: IDs are then only added, so
	// a reader that walks slots below its snapshot's n never sees a write.
	noReuse func() bool
}

// newSymbols sizes the table for expect strings at once: growing a map of
// a million strings rehashes every one of them a few times over (a fifth of
// the dashboard's work while a store fills).
func newSymbols(expect int) *Symbols {
	t := &Symbols{ids: newSymIndex(expect), refs: make([]uint32, 1, expect+1), n: 1}
	t.pages.Store(&[]*[symPage]string{new([symPage]string)})
	return t
}

type hotSym struct {
	s  string
	id Sym
}

// intern returns the ID of s, a value of field f, adding s when new, and
// counts one more reference.
func (t *Symbols) intern(f Field, s string) Sym { return t.internHashed(f, s, 0) }

// internHashed is intern given the index hash of s when known (0: not).
func (t *Symbols) internHashed(f Field, s string, h uint32) Sym {
	if s == "" {
		return 0
	}
	if hot := &t.hot[f]; hot.id != 0 && hot.s == s {
		t.refs[hot.id]++
		return hot.id
	}
	if h == 0 {
		h = t.ids.hash(s)
	}
	if id := t.ids.find(s, h, *t.pages.Load()); id != 0 {
		t.refs[id]++
		t.hot[f] = hotSym{t.String(id), id}
		return id
	}
	s = strings.Clone(s) // never keep a message body alive through a symbol
	id := t.alloc()
	(*t.pages.Load())[id/symPage][id%symPage] = s
	t.ids.add(h, id)
	t.refs[id] = 1
	t.bytes += int64(len(s))
	t.hot[f] = hotSym{s, id}
	return id
}

func (t *Symbols) alloc() Sym {
	if len(t.free) > 0 && (t.noReuse == nil || !t.noReuse()) {
		id := t.free[len(t.free)-1]
		t.free = t.free[:len(t.free)-1]
		t.reuses++
		return id
	}
	id := Sym(t.n)
	t.n++
	t.refs = append(t.refs, 0)
	if pages := *t.pages.Load(); int(id/symPage) == len(pages) {
		grown := append(pages[:len(pages):len(pages)], new([symPage]string))
		t.pages.Store(&grown)
	}
	return id
}

// retain counts one more reference to id, which must be held.
func (t *Symbols) retain(id Sym) {
	if id != 0 {
		t.refs[id]++
	}
}

// release drops one reference to id; the last one forgets the string.
func (t *Symbols) release(id Sym) {
	if id == 0 {
		return
	}
	if t.refs[id]--; t.refs[id] > 0 {
		return
	}
	t.forget(id, t.ids.hash(t.String(id)))
}

// forget drops id, whose count fell to 0 and whose string's index hash is
// h, so that the ID may be given to another string.
func (t *Symbols) forget(id Sym, h uint32) {
	page := (*t.pages.Load())[id/symPage]
	s := page[id%symPage]
	t.ids.remove(h, id)
	page[id%symPage] = ""
	for f := range t.hot {
		if t.hot[f].id == id {
			t.hot[f] = hotSym{}
		}
	}
	t.bytes -= int64(len(s))
	t.free = append(t.free, id)
}

// Lookup returns the ID of s if the store holds it (store goroutine only).
func (t *Symbols) Lookup(s string) (Sym, bool) {
	if s == "" {
		return 0, true
	}
	id := t.ids.find(s, t.ids.hash(s), *t.pages.Load())
	return id, id != 0
}

// String returns the string of id (store goroutine only).
func (t *Symbols) String(id Sym) string { return (*t.pages.Load())[id/symPage][id%symPage] }

// Len is the number of strings held, "" not counted.
func (t *Symbols) Len() int { return t.ids.live }

// Bytes is the total length of the strings held.
func (t *Symbols) Bytes() int64 { return t.bytes }

// Reuses changes whenever an ID is given to another string: a set of IDs
// compiled before a change may then be wrong.
func (t *Symbols) Reuses() uint64 { return t.reuses }

// View returns a reader of the table as it is now (store goroutine only).
func (t *Symbols) View() SymbolView { return SymbolView{pages: *t.pages.Load(), n: t.n} }

// SymbolView reads the strings of a Symbols table. A view taken by
// Store.Snapshot may be used from any goroutine until the snapshot is closed.
type SymbolView struct {
	pages []*[symPage]string
	n     int
}

// String returns the string of id.
func (v SymbolView) String(id Sym) string {
	if int(id) >= v.n {
		return ""
	}
	return v.pages[id/symPage][id%symPage]
}

// Slots is one more than the highest ID the view can hold.
func (v SymbolView) Slots() int { return v.n }

// SymSet is a set of symbol IDs, one bit each.
type SymSet []uint64

// Has reports whether id is in the set.
func (s SymSet) Has(id Sym) bool {
	w := int(id / 64)
	return w < len(s) && s[w]&(1<<(id%64)) != 0
}

// Matching returns the IDs whose string satisfies match: a filter term is
// tested once per distinct value, then matching an event is a bit test.
// The empty string (ID 0) is tested too.
func (v SymbolView) Matching(match func(string) bool) SymSet {
	set := make(SymSet, (v.n+63)/64)
	for id := 0; id < v.n; id++ {
		if match(v.pages[id/symPage][id%symPage]) {
			set[id/64] |= 1 << (id % 64)
		}
	}
	return set
}
