package model

import (
	"sync"
	"time"
)

// Leasing hands a decoded message to the store without copying it twice:
// the events are decoded into a pooled slice and point into the caller's
// body buffer, and both go back to their pools once the store's goroutine
// has copied what it keeps (Recycle). Until then neither may change:
// whoever holds the events owns the body too.

// leaseEvents is the pooled slices' capacity: a webhook carries 10 events
// or so; a larger message grows its slice like any append.
const leaseEvents = 16

// maxPooledEvents bounds the slices taken back: a rare huge message's
// slice is left to the collector rather than held by the pool.
const maxPooledEvents = 256

// lease is what Recycle gives back for a leased slice.
type lease struct {
	slice   *[]Event      // the pool's slice header, reused for the grown slice
	body    []byte        // the buffer the events point into
	release func([]byte)  // gives body back to its owner
	done    func([]Event) // set by Lend: takes the events back instead
}

var (
	leasesMu sync.Mutex
	leases   = map[*Event]lease{} // by the slice's first event

	leasePool = sync.Pool{New: func() any { s := make([]Event, 0, leaseEvents); return &s }}
)

// DecodeLeased is DecodeMessage without copying body or the events: they
// are decoded into a pooled slice and point into body. When it returns
// events, body is theirs: the caller must not change or reuse it, and
// whoever ends up holding the events must hand them to Recycle once
// nothing refers to them any more, which gives body to release. When it
// returns no events (an error, or an empty "events"), body stays the
// caller's.
func DecodeLeased(body []byte, received time.Time, release func([]byte)) (topic string, events []Event, err error) {
	p := leasePool.Get().(*[]Event)
	topic, events, err = AppendMessage((*p)[:0], body, received, DecodeOptions{BodyKept: true})
	if err != nil || len(events) == 0 {
		// A failed decode may have left events past the length: clear them
		// too, or the pool keeps body alive.
		clear((*p)[:cap(*p)])
		leasePool.Put(p)
		return topic, nil, err
	}
	leasesMu.Lock()
	leases[&events[0]] = lease{slice: p, body: body, release: release}
	leasesMu.Unlock()
	return topic, events, nil
}

// Recycle takes back a leased batch, once nothing refers to its events
// (the store keeps copies): one DecodeLeased returned goes to its pool, its
// slice and body then reused; one registered with Lend goes back to its
// lender's done, which may reuse it and what it points into. Any other
// batch is left alone, so a reader of a channel that carries leased and
// other batches recycles every one. Recycle a batch exactly once, leased
// either way: the next DecodeLeased or Lend may register the same slice,
// and a second Recycle of the old batch would take the new one back while
// in flight.
func Recycle(events []Event) {
	if cap(events) == 0 {
		return
	}
	first := &events[:1][0]
	leasesMu.Lock()
	l, ok := leases[first]
	delete(leases, first)
	leasesMu.Unlock()
	if !ok {
		return
	}
	if l.done != nil { // its lender overwrites what it reuses
		l.done(events)
		return
	}
	// The pool must not keep scan lists or strings alive, past the length
	// too (a decode may drop events it had appended).
	clear(events[:cap(events)])
	if cap(events) <= maxPooledEvents {
		*l.slice = events[:0]
		leasePool.Put(l.slice)
	}
	l.release(l.body)
}

// Lend registers events, decoded by the caller, as leased: the reader's
// Recycle then gives them to done instead of to DecodeLeased's pool, and
// done may reuse them and whatever they point into. A replay lends each
// piece of its file this way, so the next piece is decoded into warm
// memory instead of megabytes of fresh pages. events must not be empty.
func Lend(events []Event, done func([]Event)) {
	leasesMu.Lock()
	leases[&events[:1][0]] = lease{done: done}
	leasesMu.Unlock()
}

// Leases is how many leased batches are not yet recycled: a reader that
// forgets to recycle shows here.
func Leases() int {
	leasesMu.Lock()
	defer leasesMu.Unlock()
	return len(leases)
}
