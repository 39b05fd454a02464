package model

import (
	"runtime"
	"sync"
	"unsafe"
)

// A chunk's raw JSON buffer (about 1.5 MB at 4,096 events) lives until the
// compressor has replaced it by zstd frames. Made afresh for every chunk, it
// landed on pages the heap had just grown or the scavenger had handed back,
// so copying events into it was mostly first touches of pages: page faults,
// the larger part of chunk.add's time. Readers may still hold slices of a
// compressed chunk's old buffer (Store.Get, a Snapshot, the detail view), so
// the store cannot reuse it when it lets go; the garbage collector knows
// when nothing points into it any more, and then runs its finalizer, which
// hands it back here for a later chunk. Its bytes are overwritten only then.

// rawPoolMin is the smallest buffer worth recycling: a large object, which
// the heap places on pages of its own.
const rawPoolMin = 64 << 10

// rawPoolMax bounds the bytes waiting for reuse: buffers the collector hands
// back beyond it are freed as usual.
const rawPoolMax = 64 << 20

// rawPool holds raw buffers no reader refers to any more.
type rawPool struct {
	mu    sync.Mutex
	free  [][]byte
	bytes int
	reuse uint64 // buffers handed out again (tests)
}

var rawBufs rawPool

// get returns an empty buffer of at least least bytes' capacity: a
// recycled one when one is waiting, else a new one of want bytes.
func (p *rawPool) get(least, want int) []byte {
	if want < rawPoolMin {
		return make([]byte, 0, want)
	}
	b := p.take(least)
	if b == nil {
		b = make([]byte, 0, want)
	}
	p.watch(b)
	return b
}

// take removes and returns a waiting buffer of capacity least or more; nil
// if none. Buffers far too small are let go on the way: sizes follow the
// traffic.
func (p *rawPool) take(least int) []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := len(p.free) - 1; i >= 0; i-- {
		b := p.free[i]
		if cap(b) < least && cap(b) >= least/2 {
			continue
		}
		last := len(p.free) - 1
		p.free[i], p.free[last] = p.free[last], nil
		p.free = p.free[:last]
		p.bytes -= cap(b)
		if cap(b) >= least {
			p.reuse++
			return b
		}
	}
	return nil
}

// watch asks the collector to hand b back once nothing refers to it. The
// finalizer keeps only its address and capacity, not a reference.
func (p *rawPool) watch(b []byte) {
	n := cap(b)
	runtime.SetFinalizer(&b[:1][0], func(first *byte) { p.put(unsafe.Slice(first, n)) })
}

func (p *rawPool) put(b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bytes+cap(b) > rawPoolMax {
		return
	}
	p.free = append(p.free, b[:0])
	p.bytes += cap(b)
}

func (p *rawPool) reused() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.reuse
}
