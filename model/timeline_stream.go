package model

import "time"

// TimelineStream orders one client's entries as OrderTimeline does, but
// given one at a time and holding only a few: what a long recording needs,
// whose whole timeline would not fit. Entries may arrive out of time order
// by up to the window (and the stream holds at most limit of them); each is
// handed to emit once no later arrival can sort before it.
//
// An entry that arrives after one it sorts before has already been handed
// on is late: it is still handed on, at once, out of order (nothing read is
// dropped; counts and ranges stay right), and Late counts it, so the caller
// can say that order-sensitive findings near it may be off.
type TimelineStream struct {
	window  time.Duration
	limit   int
	held    []TimelineEntry // a min-heap in compareEntries order
	newest  time.Time       // the latest time added
	last    TimelineEntry   // the last entry handed on
	started bool            // something was handed on
	late    int
	tail    timelineTail
}

// NewTimelineStream starts a stream. window is the most an entry may lag
// the latest one added and still be placed in order (0: the input is in
// order); limit bounds the entries held however wide the window (at least 1).
// AP names come from n (nil: MACs are shown).
func NewTimelineStream(window time.Duration, limit int, n *Names, emit func(TimelineEntry)) *TimelineStream {
	if n == nil {
		n = NewNames()
	}
	return &TimelineStream{window: max(window, 0), limit: max(limit, 1), tail: timelineTail{names: n, emit: emit}}
}

// Add takes the next entry as read.
func (s *TimelineStream) Add(e TimelineEntry) {
	if s.started && compareEntries(e, s.last) < 0 {
		s.late++
		s.tail.add(e)
		return
	}
	s.push(e)
	if e.Time.After(s.newest) {
		s.newest = e.Time
	}
	settled := s.newest.Add(-s.window)
	for len(s.held) > 0 && (!s.held[0].Time.After(settled) || len(s.held) > s.limit) {
		s.release()
	}
}

// Close hands on what is still held: the input has ended.
func (s *TimelineStream) Close() {
	for len(s.held) > 0 {
		s.release()
	}
}

// Late is how many entries arrived after the window had passed them.
func (s *TimelineStream) Late() int { return s.late }

// Held is how many entries wait in the window.
func (s *TimelineStream) Held() int { return len(s.held) }

func (s *TimelineStream) release() {
	e := s.pop()
	s.last, s.started = e, true
	s.tail.add(e)
}

func (s *TimelineStream) push(e TimelineEntry) {
	h := append(s.held, e)
	for i := len(h) - 1; i > 0; {
		parent := (i - 1) / 2
		if compareEntries(h[i], h[parent]) >= 0 {
			break
		}
		h[i], h[parent] = h[parent], h[i]
		i = parent
	}
	s.held = h
}

func (s *TimelineStream) pop() TimelineEntry {
	h := s.held
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h[n] = TimelineEntry{} // drop its strings
	h = h[:n]
	for i := 0; ; {
		least, l, r := i, 2*i+1, 2*i+2
		if l < n && compareEntries(h[l], h[least]) < 0 {
			least = l
		}
		if r < n && compareEntries(h[r], h[least]) < 0 {
			least = r
		}
		if least == i {
			break
		}
		h[i], h[least] = h[least], h[i]
		i = least
	}
	s.held = h
	return top
}
