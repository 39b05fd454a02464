package model

import "sync/atomic"

// Store keeps the newest events up to a fixed capacity and byte budget,
// evicting the oldest. Sequence numbers are contiguous, so an event is found
// by Seq in O(1). It is written by one goroutine only (the UI loop) and
// needs no lock; Snapshot hands a read-only view to other goroutines.
//
// Events are kept compactly: strings once each in a symbol table, events as
// fixed-size records in chunks, raw JSON in one buffer per chunk, zstd
// compressed once the chunk is full.
type Store struct {
	chunks    []*chunk // oldest first; the last is open
	chunkSize int
	capacity  int
	maxBytes  int64
	bytes     int64 // footprint of the held events
	rawHint   int   // room for raw JSON a new chunk starts with: the last one's, and some

	first   uint64 // Seq of the oldest event held
	next    uint64 // Seq the next event gets
	evicted uint64
	kinds   [kindCount]int // events held, by kind
	markers uint64         // markers ever appended: they are no webhook events

	syms      *Symbols
	frames    *frameCache
	zip       *compressor
	snapshots atomic.Int32 // open snapshots: symbol IDs are not reused meanwhile
	released  []*chunk     // dropped while snapshots were open: strings still referenced

	scratch Event   // Each's event, reused
	ahead   []ahead // what warm worked out for the events being stored
	sink    uint64  // warm's loads end here, so that none is optimised away

	// Dedupe drops an event identical to one of the last capacity events
	// stored: a topic subscribed at org and at site level arrives twice.
	Dedupe     bool
	deduper    *Deduper
	duplicates uint64

	Names   *Names
	Clients *Clients
}

// DefaultCapacity is the number of events kept when no --capacity is given.
const DefaultCapacity = 100000

// NewStore returns a store holding at most capacity events, with no byte
// budget (see SetMaxBytes).
func NewStore(capacity int) *Store {
	if capacity <= 0 {
		capacity = DefaultCapacity
	}
	s := &Store{
		chunkSize: min(max(capacity/16, 64), 4096),
		capacity:  capacity,
		first:     1,
		next:      1,
		frames:    &frameCache{},
		zip:       &compressor{turn: newCPUTurn()},
		Names:     NewNamesMax(max(capacity, minNames)),
		Dedupe:    true,
		deduper:   NewDeduper(capacity),
	}
	s.syms = newSymbols(capacity) // one new string per event is common: a client MAC
	s.syms.noReuse = func() bool { return s.snapshots.Load() > 0 }
	s.Clients = newClientsWith(capacity, s.syms)
	return s
}

// SetMaxBytes bounds the footprint of the events held (raw JSON, strings as
// if unshared, records): a few huge events evict many small ones rather than
// exhaust memory. 0 means no bound. The newest event is always kept.
func (s *Store) SetMaxBytes(n int64) {
	s.maxBytes = n
	s.evict(0)
}

// Writing marks the start of a run of Appends (one hand-off of the
// dashboard's) and returns what marks its end: meanwhile the compressor
// waits, so that the writer and the compressor do not hold both cores at
// once (see cpuTurn). Nothing the writer calls in between may wait for the
// compressor.
func (s *Store) Writing() (done func()) {
	s.zip.turn.take()
	return s.zip.turn.pass
}

// Append stores a batch, assigning sequence numbers, learning names and
// updating per-client RSSI; duplicates of recent events are counted and
// dropped. It returns the stored events in order: the batch's own events,
// which the store does not keep (it keeps a compact copy).
func (s *Store) Append(batch []Event) []*Event {
	s.releaseDropped()
	out := make([]*Event, 0, len(batch))
	for lo := 0; lo < len(batch); lo += warmAhead {
		window := batch[lo:min(lo+warmAhead, len(batch))]
		s.warm(window)
		for i := range window {
			if e := &window[i]; s.add(e, &s.ahead[i]) {
				out = append(out, e)
			}
		}
	}
	return out
}

// add stores e, warmed as a says; false when it is a duplicate.
func (s *Store) add(e *Event, a *ahead) bool {
	if s.Dedupe && s.deduper.duplicate(a.digest) {
		s.duplicates++
		return false
	}
	e.Seq = s.next
	size := a.size
	s.evict(size)
	r := pack(e, s.syms, &a.hashes) // names and clients then share the table's strings
	r.size = uint32(min(size, 1<<32-1))
	e.Scan = ownScan(e.Scan) // kept by the chunk and the client table
	s.Names.Learn(e)
	s.Clients.observe(e, &r.syms)
	s.open().add(r, e.Raw, e.Scan)
	s.next++
	s.bytes += size
	s.kinds[e.Kind]++
	if e.Kind == KindMarker {
		s.markers++
	}
	return true
}

// open returns the chunk the next event goes to, sealing a full one.
func (s *Store) open() *chunk {
	if n := len(s.chunks); n > 0 {
		c := s.chunks[n-1]
		if !c.full() {
			return c
		}
		s.rawHint = len(c.buf) + len(c.buf)/8
		c.seal()
		s.zip.add(c)
	}
	c := newChunk(s.next, s.chunkSize, s.rawHint)
	s.chunks = append(s.chunks, c)
	return c
}

// evict drops the oldest events until one of size more fits the capacity
// and the byte budget (keeping at least the newest when size is 0).
func (s *Store) evict(size int64) {
	for s.Len() > 0 && (size > 0 && s.Len() >= s.capacity ||
		s.maxBytes > 0 && s.bytes+size > s.maxBytes && (size > 0 || s.Len() > 1)) {
		c, i := s.locate(s.first)
		r := &c.recs[i]
		s.bytes -= int64(r.size)
		s.kinds[r.kind]--
		s.first++
		s.evicted++
		if i == len(c.recs)-1 {
			s.drop()
		}
	}
}

// drop forgets the oldest chunk, all of whose events are evicted.
func (s *Store) drop() {
	c := s.chunks[0]
	s.chunks[0] = nil
	s.chunks = s.chunks[1:]
	c.dropped.Store(true)
	s.released = append(s.released, c)
	s.releaseDropped()
}

// releaseDropped forgets the strings of dropped chunks, unless a snapshot
// may still read them.
func (s *Store) releaseDropped() {
	s.Clients.releaseUnheld()
	if len(s.released) == 0 || s.snapshots.Load() > 0 {
		return
	}
	for i, c := range s.released {
		s.syms.releaseRecords(c.recs)
		s.released[i] = nil
	}
	s.released = s.released[:0]
}

// locate returns the chunk and slot of a held Seq.
func (s *Store) locate(seq uint64) (*chunk, int) {
	off := seq - s.chunks[0].base
	return s.chunks[off/uint64(s.chunkSize)], int(off % uint64(s.chunkSize))
}

// Len is the number of events held.
func (s *Store) Len() int { return int(s.next - s.first) }

// Bytes is the footprint of the events held, as --max-store-bytes counts it.
func (s *Store) Bytes() int64 { return s.bytes }

// Symbols is the store's string table.
func (s *Store) Symbols() *Symbols { return s.syms }

// Duplicates is the number of events dropped as duplicates of held ones.
func (s *Store) Duplicates() uint64 { return s.duplicates }

// CountKind is the number of events of a kind held.
func (s *Store) CountKind(k Kind) int { return s.kinds[k] }

// NextSeq is the Seq the next appended event will get.
func (s *Store) NextSeq() uint64 { return s.next }

// Cap is the capacity.
func (s *Store) Cap() int { return s.capacity }

// MarkersTotal is the number of markers ever appended (Total counts them too).
func (s *Store) MarkersTotal() uint64 { return s.markers }

// Total is the number of events ever appended.
func (s *Store) Total() uint64 { return s.next - 1 }

// Evicted is the number of events dropped to make room.
func (s *Store) Evicted() uint64 { return s.evicted }

// FirstSeq is the Seq of the oldest event held (== NextSeq when empty).
func (s *Store) FirstSeq() uint64 { return s.first }

// Get returns a copy of the event with the given Seq if it is still held.
// Its Raw is shared and must not be modified.
func (s *Store) Get(seq uint64) (*Event, bool) {
	e := new(Event)
	if !s.Load(seq, e) {
		return nil, false
	}
	return e, true
}

// Load fills dst with the event with the given Seq, without allocating
// when its raw JSON is not compressed; false when it is not held.
func (s *Store) Load(seq uint64, dst *Event) bool {
	if seq < s.first || seq >= s.next {
		return false
	}
	c, i := s.locate(seq)
	c.recs[i].unpack(dst, s.syms.View())
	dst.Seq = seq
	dst.Raw = c.raw(i, c.buf, s.frames)
	dst.Scan = c.scan(i)
	return true
}

// Sym returns the symbol ID of an event's field; false when not held.
func (s *Store) Sym(seq uint64, f Field) (Sym, bool) {
	if seq < s.first || seq >= s.next {
		return 0, false
	}
	c, i := s.locate(seq)
	return c.recs[i].syms[f], true
}

// At returns a copy of the i-th oldest event held, 0 ≤ i < Len.
func (s *Store) At(i int) *Event {
	e, _ := s.Get(s.first + uint64(i))
	return e
}

// Each calls fn for every held event, oldest first, until fn returns false.
// The event is reused between calls: fn must not keep it.
func (s *Store) Each(fn func(*Event) bool) {
	for seq := s.first; seq < s.next; seq++ {
		s.Load(seq, &s.scratch)
		if !fn(&s.scratch) {
			return
		}
	}
}

// waitCompressed returns once every sealed chunk has been compressed.
func (s *Store) waitCompressed() { s.zip.wait() }
