package model

import "hash/maphash"

// symIndex finds a string's symbol ID by its hash: a flat table of hashes
// and IDs instead of a map keyed by string, so the collector has no keys to
// scan (a million MACs at 1M events: a pointer each, marked every cycle) and
// the table is a third of the map's size. The strings themselves are
// compared where the Symbols table keeps them.
type symIndex struct {
	slots []symSlot // open addressing, linear probing; length a power of two
	live  int       // slots holding an ID
	seed  maphash.Seed
}

type symSlot struct {
	hash uint32
	id   Sym // 0: empty
}

// newSymIndex makes room for expect strings at once: the table grows by
// rehashing every entry, as a map does.
func newSymIndex(expect int) symIndex {
	x := symIndex{slots: make([]symSlot, roomFor(expect)), seed: maphash.MakeSeed()}
	adviseHugePages(x.slots)
	return x
}

// roomFor is the table length that holds n strings at most half full.
func roomFor(n int) int {
	size := 8
	for size < 2*n {
		size *= 2
	}
	return size
}

func (x *symIndex) hash(s string) uint32 { return uint32(maphash.String(x.seed, s)) }

// find returns the ID of s, whose hash is h, or 0 when absent.
func (x *symIndex) find(s string, h uint32, pages []*[symPage]string) Sym {
	mask := len(x.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		sl := x.slots[i]
		if sl.id == 0 {
			return 0
		}
		if sl.hash == h && pages[sl.id/symPage][sl.id%symPage] == s {
			return sl.id
		}
	}
}

// touch loads the home line of hash h.
func (x *symIndex) touch(h uint32) uint64 {
	return uint64(x.slots[int(h)&(len(x.slots)-1)].id)
}

// guess returns the first ID filed under hash h near its home slot, 0 when
// none: the string it names is likely, not certain, the one hashed.
func (x *symIndex) guess(h uint32) Sym {
	mask := len(x.slots) - 1
	for i, n := int(h)&mask, 0; n < 8; i, n = (i+1)&mask, n+1 {
		sl := x.slots[i]
		if sl.id == 0 {
			return 0
		}
		if sl.hash == h {
			return sl.id
		}
	}
	return 0
}

// add records id for a string of hash h that find did not find.
func (x *symIndex) add(h uint32, id Sym) {
	if (x.live+1)*4 > len(x.slots)*3 {
		x.grow(roomFor(x.live + 1))
	}
	mask := len(x.slots) - 1
	i := int(h) & mask
	for x.slots[i].id != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = symSlot{h, id}
	x.live++
}

// remove forgets id, held for a string of hash h. The entries after it in
// its run move back into the gap where their probes allow (as the
// Deduper's do), so the table never holds markers of removed entries: a
// million new MACs a million events later would otherwise leave probes
// stepping over up to a quarter of the table in markers.
func (x *symIndex) remove(h uint32, id Sym) {
	mask := len(x.slots) - 1
	i := int(h) & mask
	for x.slots[i].id != id {
		if x.slots[i].id == 0 {
			return
		}
		i = (i + 1) & mask
	}
	x.live--
	for {
		x.slots[i] = symSlot{}
		j := i
		for {
			j = (j + 1) & mask
			if x.slots[j].id == 0 {
				return
			}
			// The entry at j may move to i when its home slot is not in
			// the (cyclic) range (i, j].
			home := int(x.slots[j].hash) & mask
			if (j > i && (home <= i || home > j)) || (j < i && home <= i && home > j) {
				x.slots[i] = x.slots[j]
				i = j
				break
			}
		}
	}
}

// grow moves the entries to a table of size slots.
func (x *symIndex) grow(size int) {
	size = max(size, len(x.slots)) // never shrinks: it was sized for the store
	old := x.slots
	x.slots, x.live = make([]symSlot, size), 0
	adviseHugePages(x.slots)
	mask := size - 1
	for _, sl := range old {
		if sl.id == 0 {
			continue
		}
		i := int(sl.hash) & mask
		for x.slots[i].id != 0 {
			i = (i + 1) & mask
		}
		x.slots[i] = sl
		x.live++
	}
}
