package model

// Store keeps the newest events up to a fixed capacity, evicting the oldest.
// Sequence numbers are contiguous, so an event is found by Seq in O(1).
// It is written by one goroutine only (the UI loop) and needs no lock.
type Store struct {
	ring    []*Event
	head    int    // index of the oldest event
	n       int    // events held
	first   uint64 // Seq of the oldest event held
	next    uint64 // Seq the next event gets
	evicted uint64
	kinds   [kindCount]int // events held, by kind

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

// NewStore returns a store holding at most capacity events.
func NewStore(capacity int) *Store {
	if capacity <= 0 {
		capacity = DefaultCapacity
	}
	return &Store{
		ring:    make([]*Event, capacity),
		first:   1,
		next:    1,
		Names:   NewNames(),
		Clients: NewClientsMax(capacity),
		Dedupe:  true,
		deduper: NewDeduper(capacity),
	}
}

// Append stores a batch, assigning sequence numbers, learning names and
// updating per-client RSSI; duplicates of recent events are counted and
// dropped. It returns the stored events in order.
func (s *Store) Append(batch []Event) []*Event {
	out := make([]*Event, 0, len(batch))
	for i := range batch {
		e := &batch[i]
		if s.Dedupe && s.deduper.Duplicate(e) {
			s.duplicates++
			continue
		}
		e.Seq = s.next
		s.next++
		s.Names.Learn(e)
		s.Clients.Observe(e)
		s.kinds[e.Kind]++
		if s.n == len(s.ring) {
			s.kinds[s.ring[s.head].Kind]--
			s.ring[s.head] = nil
			s.head = (s.head + 1) % len(s.ring)
			s.n--
			s.first++
			s.evicted++
		}
		s.ring[(s.head+s.n)%len(s.ring)] = e
		s.n++
		out = append(out, e)
	}
	return out
}

// Len is the number of events held.
func (s *Store) Len() int { return s.n }

// Duplicates is the number of events dropped as duplicates of held ones.
func (s *Store) Duplicates() uint64 { return s.duplicates }

// CountKind is the number of events of a kind held.
func (s *Store) CountKind(k Kind) int { return s.kinds[k] }

// NextSeq is the Seq the next appended event will get.
func (s *Store) NextSeq() uint64 { return s.next }

// Cap is the capacity.
func (s *Store) Cap() int { return len(s.ring) }

// Total is the number of events ever appended.
func (s *Store) Total() uint64 { return s.next - 1 }

// Evicted is the number of events dropped to make room.
func (s *Store) Evicted() uint64 { return s.evicted }

// FirstSeq is the Seq of the oldest event held (== NextSeq when empty).
func (s *Store) FirstSeq() uint64 { return s.first }

// Get returns the event with the given Seq if it is still held.
func (s *Store) Get(seq uint64) (*Event, bool) {
	if seq < s.first || seq >= s.next {
		return nil, false
	}
	return s.ring[(s.head+int(seq-s.first))%len(s.ring)], true
}

// At returns the i-th oldest event held, 0 ≤ i < Len.
func (s *Store) At(i int) *Event { return s.ring[(s.head+i)%len(s.ring)] }

// Each calls fn for every held event, oldest first, until fn returns false.
func (s *Store) Each(fn func(*Event) bool) {
	for i := 0; i < s.n; i++ {
		if !fn(s.At(i)) {
			return
		}
	}
}
