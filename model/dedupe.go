package model

import "hash/maphash"

// Deduper recognises an event delivered twice: a topic subscribed at org
// and at site level arrives once per subscription, byte for byte the same.
// It remembers the digests of the last n events it was given, first in,
// first out, so it costs a fixed amount of memory.
type Deduper struct {
	ring []uint64 // the last n digests, oldest at next
	next int
	// seen holds the digests in ring, in open addressing (linear probing,
	// 0 empty): one probe of a flat table per event, where a Go map costs
	// several cache misses once it holds a million digests.
	seen []uint64
	mask int
}

// NewDeduper remembers the last n events.
func NewDeduper(n int) *Deduper {
	n = max(n, 1)
	size := roomFor(n) // at most half full: probes stay short
	d := &Deduper{ring: make([]uint64, n), seen: make([]uint64, size), mask: size - 1}
	adviseHugePages(d.seen)
	return d
}

// Duplicate reports whether e repeats one of the last n events; if not, e
// is remembered. Events without raw JSON are never duplicates.
func (d *Deduper) Duplicate(e *Event) bool { return d.duplicate(digest(e)) }

// duplicate is Duplicate given the event's digest.
func (d *Deduper) duplicate(h uint64) bool {
	if h == 0 {
		return false
	}
	if d.has(h) {
		return true
	}
	if old := d.ring[d.next]; old != 0 {
		d.remove(old)
	}
	d.ring[d.next] = h
	d.next = (d.next + 1) % len(d.ring)
	d.add(h)
	return false
}

// touch loads the lines that remembering the digest h of the i-th next
// event will probe: its own slot and that of the digest it pushes out.
func (d *Deduper) touch(h uint64, i int) uint64 {
	old := d.ring[(d.next+i)%len(d.ring)]
	return d.seen[d.slot(h)] + d.seen[d.slot(old)]
}

func (d *Deduper) slot(h uint64) int { return int(h>>1) & d.mask }

func (d *Deduper) has(h uint64) bool {
	for i := d.slot(h); d.seen[i] != 0; i = (i + 1) & d.mask {
		if d.seen[i] == h {
			return true
		}
	}
	return false
}

func (d *Deduper) add(h uint64) {
	i := d.slot(h)
	for d.seen[i] != 0 {
		i = (i + 1) & d.mask
	}
	d.seen[i] = h
}

// remove deletes h and shifts later entries of its probe run back, so
// lookups never need tombstones.
func (d *Deduper) remove(h uint64) {
	i := d.slot(h)
	for d.seen[i] != h {
		if d.seen[i] == 0 {
			return
		}
		i = (i + 1) & d.mask
	}
	for {
		d.seen[i] = 0
		j := i
		for {
			j = (j + 1) & d.mask
			if d.seen[j] == 0 {
				return
			}
			// The entry at j may move to i when its home slot is not in
			// the (cyclic) range (i, j].
			home := d.slot(d.seen[j])
			if (j > i && (home <= i || home > j)) || (j < i && home <= i && home > j) {
				d.seen[i] = d.seen[j]
				i = j
				break
			}
		}
	}
}

// digestSeed keys digests for this process: they are never stored or
// compared across runs.
var digestSeed = maphash.MakeSeed()

// digest identifies an event's content: topic, site (an occupancy alert's
// raw JSON does not name its site) and raw JSON. 0 means "no digest".
// maphash, not FNV: it hashes 8 bytes at a time (FNV was a tenth of the
// report's CPU on 1M events, byte by byte).
func digest(e *Event) uint64 {
	if len(e.Raw) == 0 {
		return 0
	}
	var h maphash.Hash
	h.SetSeed(digestSeed)
	h.WriteString(e.Topic)
	h.WriteByte(0)
	h.WriteString(e.SiteID)
	h.WriteByte(0)
	h.Write(e.Raw)
	return h.Sum64() | 1
}
