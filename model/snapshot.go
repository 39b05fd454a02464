package model

import "sync/atomic"

// Snapshot is a read-only view of the events a Store held when it was taken,
// for work off the store's goroutine (filtering, sorting) while the store
// keeps appending and evicting. It reads the store's chunks directly (they
// are only appended to, never rewritten); while any snapshot is open the
// store does not forget strings or reuse symbol IDs, so Close it when done.
type Snapshot struct {
	chunks    []*chunk
	open      []byte // raw JSON of the last chunk while it was open
	first     uint64
	end       uint64
	chunkSize int
	syms      SymbolView
	frames    *frameCache
	count     *atomic.Int32
	closed    atomic.Bool
}

// Snapshot returns a view of the events held now (store goroutine only).
func (s *Store) Snapshot() *Snapshot {
	s.snapshots.Add(1)
	sn := &Snapshot{chunks: append([]*chunk(nil), s.chunks...), first: s.first, end: s.next,
		chunkSize: s.chunkSize, syms: s.syms.View(), frames: s.frames, count: &s.snapshots}
	if n := len(s.chunks); n > 0 {
		sn.open = s.chunks[n-1].buf
	}
	return sn
}

// Close lets the store forget strings again. Safe from any goroutine, once
// or more; the snapshot must not be read afterwards.
func (sn *Snapshot) Close() {
	if !sn.closed.Swap(true) {
		sn.count.Add(-1)
	}
}

// Range is the Seqs the snapshot holds: first ≤ seq < end.
func (sn *Snapshot) Range() (first, end uint64) { return sn.first, sn.end }

// Symbols reads the symbol IDs the snapshot's events use.
func (sn *Snapshot) Symbols() SymbolView { return sn.syms }

func (sn *Snapshot) locate(seq uint64) (*chunk, int, bool) {
	if seq < sn.first || seq >= sn.end {
		return nil, 0, false
	}
	off := seq - sn.chunks[0].base
	return sn.chunks[off/uint64(sn.chunkSize)], int(off % uint64(sn.chunkSize)), true
}

// Sym returns the symbol ID of an event's field; false when not in range.
func (sn *Snapshot) Sym(seq uint64, f Field) (Sym, bool) {
	c, i, ok := sn.locate(seq)
	if !ok {
		return 0, false
	}
	return c.recs[i].syms[f], true
}

// Load fills dst with the event with the given Seq; false when not in range.
func (sn *Snapshot) Load(seq uint64, dst *Event) bool {
	if !sn.LoadFields(seq, dst) {
		return false
	}
	c, i, _ := sn.locate(seq)
	dst.Raw = c.raw(i, sn.open, sn.frames)
	return true
}

// LoadFields is Load without the raw JSON, which may have to be
// decompressed: what a filter or sort over many events reads.
func (sn *Snapshot) LoadFields(seq uint64, dst *Event) bool {
	c, i, ok := sn.locate(seq)
	if !ok {
		return false
	}
	c.recs[i].unpack(dst, sn.syms)
	dst.Seq = seq
	dst.Scan = c.scan(i)
	return true
}
