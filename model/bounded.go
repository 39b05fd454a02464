package model

import (
	"hash/maphash"
	"iter"
	"slices"
)

// boundedMap remembers at most 2×limit keys taken from the wire: when the
// newer generation fills up it becomes the older one and the older one is
// forgotten. Keys still in use are put again and so move to the newer
// generation: what is forgotten is what nothing mentioned for a while.
type boundedMap[V comparable] struct {
	cur, old flatMap[V]
	limit    int
}

func newBoundedMap[V comparable](limit int) boundedMap[V] {
	return boundedMap[V]{limit: max(limit, 1)}
}

func (m *boundedMap[V]) get(k string) V {
	h := keyHash(k)
	if v, ok := m.cur.get(k, h); ok {
		return v
	}
	v, _ := m.old.get(k, h)
	return v
}

// put stores v under k and reports whether that changed what get returns.
func (m *boundedMap[V]) put(k string, v V) (changed bool) {
	h := keyHash(k)
	was, ok := m.cur.get(k, h)
	if ok && was == v {
		return false
	}
	if !ok {
		was, _ = m.old.get(k, h) // one lookup per generation: this runs for every event
	}
	changed = was != v
	if !ok && m.cur.n >= m.limit {
		// The forgotten generation's memory becomes the new one's: it was
		// grown to the limit already, and filling afresh would grow it again.
		m.old, m.cur = m.cur, m.old.emptied()
	}
	m.cur.set(k, h, v)
	return changed
}

// values yields every value held, the newer generation's first.
func (m *boundedMap[V]) values() iter.Seq[V] {
	return func(yield func(V) bool) {
		for _, f := range [...]*flatMap[V]{&m.cur, &m.old} {
			for _, page := range f.pages {
				for _, e := range page {
					if !yield(e.val) {
						return
					}
				}
			}
		}
	}
}

// touch loads the index lines a put of a key of hash h probes first.
func (m *boundedMap[V]) touch(h uint64) uint64 { return m.cur.touch(h) + m.old.touch(h) }

func (m *boundedMap[V]) len() int { return m.cur.n + m.old.n }

func (m *boundedMap[V]) clone() boundedMap[V] {
	return boundedMap[V]{cur: m.cur.clone(), old: m.old.clone(), limit: m.limit}
}

// flatMap is a hash table of string keys: entries in the order added, in
// pages that never move, and an index of their hashes. Growing it moves
// index slots by their stored hash without reading the keys again (a Go map
// rehashes every key, a cache miss each for a million MACs) and leaves the
// entries where they are: copying them into an array twice the size was
// most of a growth's time, on fresh pages, while a table of a million
// clients filled. Cloning it, which a background filter does whenever a
// name was learned, copies the index and the pages. Keys are never deleted:
// a generation is dropped whole.
type flatMap[V comparable] struct {
	index []flatSlot // open addressing, linear probing; length a power of two
	pages [][]flatEntry[V]
	n     int
}

// flatPage is how many entries a page holds: a page of MAC → device entries
// (48 bytes each) is 24 KB, a small object.
const flatPage = 512

type flatSlot struct {
	hash uint32 // the key's hash: where the slot belongs, and a first test
	at   uint32 // the entry's number, from 1 in the order added; 0: empty
}

type flatEntry[V comparable] struct {
	key string
	val V
}

var keySeed = maphash.MakeSeed()

// keyHash is a key's hash as flatMap files it.
func keyHash(k string) uint64 { return maphash.String(keySeed, k) }

// entry returns the entry a slot's at numbers.
func (f *flatMap[V]) entry(at uint32) *flatEntry[V] {
	return &f.pages[(at-1)/flatPage][(at-1)%flatPage]
}

// slot returns the index slot holding k (whose hash is h), or the empty
// slot where it would go.
func (f *flatMap[V]) slot(k string, h uint64) *flatSlot {
	mask := len(f.index) - 1
	for i := int(uint32(h)) & mask; ; i = (i + 1) & mask {
		s := &f.index[i]
		if s.at == 0 || s.hash == uint32(h) && f.entry(s.at).key == k {
			return s
		}
	}
}

func (f *flatMap[V]) get(k string, h uint64) (V, bool) {
	if f.n > 0 {
		if s := f.slot(k, h); s.at != 0 {
			return f.entry(s.at).val, true
		}
	}
	var zero V
	return zero, false
}

// set stores v under k, whose hash is h.
func (f *flatMap[V]) set(k string, h uint64, v V) {
	if (f.n+1)*4 > len(f.index)*3 {
		f.grow()
	}
	s := f.slot(k, h)
	if s.at != 0 {
		f.entry(s.at).val = v
		return
	}
	last := len(f.pages) - 1
	if last < 0 || len(f.pages[last]) == flatPage {
		f.addPage()
		last++
	}
	f.pages[last] = append(f.pages[last], flatEntry[V]{k, v})
	f.n++
	*s = flatSlot{uint32(h), uint32(f.n)}
}

// addPage appends an empty page: one an emptied table kept, else a new one.
func (f *flatMap[V]) addPage() {
	if len(f.pages) < cap(f.pages) {
		f.pages = f.pages[:len(f.pages)+1]
		if p := &f.pages[len(f.pages)-1]; cap(*p) == flatPage {
			*p = (*p)[:0]
			return
		}
	} else {
		f.pages = append(f.pages, nil)
	}
	f.pages[len(f.pages)-1] = make([]flatEntry[V], 0, flatPage)
}

// grow doubles the index (at least 64 slots), moving each slot by its
// stored hash: the keys are not read, and the entries stay in their pages.
func (f *flatMap[V]) grow() {
	old := f.index
	f.index = make([]flatSlot, max(2*len(old), 64))
	mask := len(f.index) - 1
	for _, s := range old {
		if s.at == 0 {
			continue
		}
		i := int(s.hash) & mask
		for f.index[i].at != 0 {
			i = (i + 1) & mask
		}
		f.index[i] = s
	}
}

// emptied returns f with nothing in it, keeping its memory (f is not used
// again): the entries' keys and values are cleared for the collector.
func (f *flatMap[V]) emptied() flatMap[V] {
	clear(f.index)
	for i := range f.pages {
		clear(f.pages[i])
		f.pages[i] = f.pages[i][:0]
	}
	return flatMap[V]{index: f.index, pages: f.pages[:0]}
}

func (f *flatMap[V]) touch(h uint64) uint64 {
	if len(f.index) == 0 {
		return 0
	}
	return uint64(f.index[int(uint32(h))&(len(f.index)-1)].at)
}

func (f *flatMap[V]) clone() flatMap[V] {
	pages := make([][]flatEntry[V], len(f.pages))
	for i, p := range f.pages {
		pages[i] = slices.Clone(p)
	}
	return flatMap[V]{index: slices.Clone(f.index), pages: pages, n: f.n}
}
