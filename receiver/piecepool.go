package receiver

import "github.com/mistwatch/mistwatch/model"

// piecePool keeps the buffers of a streamed file's pieces, and the slices
// their events are decoded into, once the reader has recycled them
// (model.Lend): a replay of 1M events otherwise asks the heap for a
// gigabyte of fresh pages on the way (4 MiB of file and 5 MiB of events per
// piece), each first touch a page fault, and the collector for the cycles.
// It holds at most a few of each: as many as are in flight at once.
type piecePool struct {
	data   chan []byte
	events chan []model.Event
}

// pooledPieces is how many of each the pool keeps: the pieces in flight
// (two per decoder, maxQueuedPieces in the channel, one being stored).
const pooledPieces = 16

func newPiecePool() *piecePool {
	return &piecePool{data: make(chan []byte, pooledPieces), events: make(chan []model.Event, pooledPieces)}
}

// bytes returns a buffer of length n and capacity at least size, reused
// when one is free. A nil pool makes a new one.
func (pp *piecePool) bytes(n, size int) []byte {
	if pp == nil {
		return make([]byte, n, size)
	}
	select {
	case b := <-pp.data:
		if cap(b) >= size {
			return b[:n]
		}
	default:
	}
	// Room to spare: the part of a line carried over from the last piece
	// varies, and a buffer a few bytes short could not be reused.
	return make([]byte, n, size+size/8)
}

// eventSlice returns an empty slice with room for at least n events,
// reused when one is free. Its old events are not cleared: the decoder
// overwrites each one it appends.
func (pp *piecePool) eventSlice(n int) []model.Event {
	if pp != nil {
		select {
		case s := <-pp.events:
			if cap(s) >= n {
				return s[:0]
			}
		default:
		}
	}
	return make([]model.Event, 0, n)
}

// lend registers a piece's events with model.Lend: once the reader
// recycles them, whole (the slice they were decoded into, from the same
// first event: events may be capped at their length) and data they point
// into come back to the pool.
func (pp *piecePool) lend(whole, events []model.Event, data []byte) {
	model.Lend(events, func([]model.Event) {
		pp.put(whole, data)
	})
}

// put takes back a piece's events and data; when the pool is full they
// are left to the collector. Events pooled without their data are cleared
// first: they point into a buffer the pool does not hold (a piece that
// shares its buffer, or a full pool), which they would keep alive.
func (pp *piecePool) put(events []model.Event, data []byte) {
	pooled := false
	if data != nil {
		select {
		case pp.data <- data[:0]:
			pooled = true
		default:
		}
	}
	if !pooled {
		clear(events[:cap(events)]) // before the pool hands it on
	}
	select {
	case pp.events <- events[:0]:
	default:
	}
}
