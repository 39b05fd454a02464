package model

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/klauspost/compress/s2"
)

// A chunk holds consecutive events: their records in a slice that never
// moves, and their raw JSON back to back in one buffer. Once full it is
// sealed and never written again, so other goroutines may read it; its raw
// JSON is then compressed in the background.
type chunk struct {
	base uint64   // Seq of recs[0]
	recs []record // fixed length; slots are filled in order
	n    int      // slots filled (store goroutine)
	buf  []byte   // raw JSON of the filled slots, while open (store goroutine)

	// scans[i] is slot i's scan list; made on the chunk's first one, before
	// the slot that needs it is filled, so readers of that slot see it.
	scans [][]ScanEntry

	sealed   atomic.Pointer[sealedRaw]  // nil while open
	dropped  atomic.Bool                // evicted: not worth compressing
	colIndex atomic.Pointer[ChunkIndex] // made once sealed (colindex.go)
}

// sealedRaw is a sealed chunk's raw JSON: plain until compressed, then as
// s2 blocks ("frames") of rawFrame events each, so reading one event
// decompresses a few kilobytes, not the chunk.
type sealedRaw struct {
	plain []byte
	z     []byte
	ends  []uint32 // end of each frame in z
}

// rawFrame: 64 events (about 24 KB of JSON) to a frame; reading one event
// decompresses 24 KB, a few µs. The codec is s2, not zstd: on the load
// test's events zstd took 350 ns per event for 15 B, s2 88 ns for 38 B
// (the shared samples: 1.0 µs for 65 B vs 0.23 µs for 92 B), and the
// compressor's CPU is taken from ingest while the memory saved was a few
// percent of an event's (BenchmarkCompressChunk).
const rawFrame = 64

// yieldFrames is how many events' frames the compressor makes in one turn
// (see cpuTurn): well under 0.1 ms of work.
const yieldFrames = 2 * rawFrame

// politeBehind is how many sealed chunks may wait for the compressor while
// it still takes turns: further behind, it holds its core until it catches
// up, so that taking turns does not leave a replay's raw JSON uncompressed
// (a chunk's is about 1.5 MB).
const politeBehind = 8

// newChunk makes a chunk whose raw buffer starts with room for rawBytes.
func newChunk(base uint64, size, rawBytes int) *chunk {
	return &chunk{base: base, recs: make([]record, size), buf: make([]byte, 0, rawBytes)}
}

func (c *chunk) full() bool { return c.n == len(c.recs) }

// add stores r with raw and scan in the next slot (store goroutine).
func (c *chunk) add(r record, raw []byte, scan []ScanEntry) {
	r.rawOff, r.rawLen = uint32(len(c.buf)), uint32(len(raw))
	c.buf = append(c.buf, raw...)
	if scan != nil {
		if c.scans == nil {
			c.scans = make([][]ScanEntry, len(c.recs))
		}
		c.scans[c.n] = scan
		r.flags |= recScan
	}
	c.recs[c.n] = r
	c.n++
}

// scan returns slot i's scan list.
func (c *chunk) scan(i int) []ScanEntry {
	if c.recs[i].flags&recScan == 0 {
		return nil
	}
	return c.scans[i]
}

// seal freezes the chunk: from now on only readers touch it.
func (c *chunk) seal() {
	c.sealed.Store(&sealedRaw{plain: c.buf})
	c.buf = nil
}

// raw returns slot i's raw JSON. open is the buffer of a chunk not yet
// sealed, as the caller last saw it. The bytes are never overwritten.
func (c *chunk) raw(i int, open []byte, cache *frameCache) []byte {
	r := &c.recs[i]
	if r.rawLen == 0 {
		return nil
	}
	s := c.sealed.Load()
	switch {
	case s == nil:
		return open[r.rawOff : r.rawOff+r.rawLen : r.rawOff+r.rawLen]
	case s.plain != nil:
		return s.plain[r.rawOff : r.rawOff+r.rawLen : r.rawOff+r.rawLen]
	}
	f := i / rawFrame
	out := cache.frame(c, s, f)
	off := r.rawOff - c.recs[f*rawFrame].rawOff
	if int(off+r.rawLen) > len(out) {
		return nil // cannot happen unless the frame was corrupted in memory
	}
	return out[off : off+r.rawLen : off+r.rawLen]
}

// compress replaces a sealed chunk's plain raw JSON by s2 frames, unless
// that would not save anything. Runs on the compressor's goroutine, a few
// frames a turn when turn is given, else in one go. scratch is where the
// frames are written before they are copied out at their size; it is kept
// for the next chunk.
func (c *chunk) compress(turn *cpuTurn, scratch *[]byte) {
	s := c.sealed.Load()
	if s == nil || s.plain == nil || c.dropped.Load() {
		return
	}
	z := (*scratch)[:0]
	defer func() { *scratch = z[:0] }()
	ends := make([]uint32, 0, (c.n+rawFrame-1)/rawFrame)
	for lo := 0; lo < c.n; lo += rawFrame {
		if turn != nil && lo%yieldFrames == 0 {
			// A chunk is milliseconds of work, and a goroutine is
			// preempted only after 10 ms: let the dashboard or a POST
			// waiting for a core have one now and then.
			if lo > 0 {
				turn.pass()
			}
			runtime.Gosched()
			turn.take()
		}
		last := &c.recs[min(lo+rawFrame, c.n)-1]
		z = appendFrame(z, s.plain[c.recs[lo].rawOff:last.rawOff+last.rawLen])
		ends = append(ends, uint32(len(z)))
	}
	if turn != nil && c.n > 0 {
		turn.pass()
	}
	if len(z) >= len(s.plain) {
		return
	}
	c.sealed.Store(&sealedRaw{z: append([]byte(nil), z...), ends: ends})
}

// appendFrame appends src to z as one s2 block.
func appendFrame(z, src []byte) []byte {
	at := len(z)
	z = slices.Grow(z, s2.MaxEncodedLen(len(src)))
	return z[:at+len(s2.Encode(z[at:cap(z)], src))]
}

// frameCache keeps the last few decompressed frames: a detail view, a page
// of rows or an export reads neighbours of the same frame. Safe for
// concurrent use; a returned frame is never modified.
type frameCache struct {
	mu      sync.Mutex
	entries [8]cachedFrame
	next    int
}

type cachedFrame struct {
	s   *sealedRaw
	f   int
	out []byte
}

func (fc *frameCache) frame(c *chunk, s *sealedRaw, f int) []byte {
	fc.mu.Lock()
	for _, e := range fc.entries {
		if e.s == s && e.f == f {
			fc.mu.Unlock()
			return e.out
		}
	}
	fc.mu.Unlock()
	lo := uint32(0)
	if f > 0 {
		lo = s.ends[f-1]
	}
	out, err := s2.Decode(nil, s.z[lo:s.ends[f]])
	if err != nil {
		return nil
	}
	fc.mu.Lock()
	fc.entries[fc.next] = cachedFrame{s, f, out}
	fc.next = (fc.next + 1) % len(fc.entries)
	fc.mu.Unlock()
	return out
}

// compressor compresses sealed chunks on a goroutine that exits when there
// is nothing left to do, so an idle store runs none.
type compressor struct {
	mu      sync.Mutex
	queue   []*chunk
	running bool
	pending sync.WaitGroup
	turn    *cpuTurn // shared with the store's writer (Store.Writing)
	scratch []byte   // compress's, between chunks (run's goroutine)
}

func (z *compressor) add(c *chunk) {
	z.pending.Add(1)
	z.mu.Lock()
	defer z.mu.Unlock()
	z.queue = append(z.queue, c)
	if !z.running {
		z.running = true
		go z.run()
	}
}

func (z *compressor) run() {
	for {
		z.mu.Lock()
		if len(z.queue) == 0 {
			z.running = false
			z.mu.Unlock()
			return
		}
		c := z.queue[0]
		z.queue[0] = nil
		z.queue = z.queue[1:]
		var turn *cpuTurn
		if len(z.queue) < politeBehind {
			turn = z.turn
		}
		z.mu.Unlock()
		if !c.dropped.Load() {
			// Off the store's goroutine, before a filter needs it.
			turn.take()
			c.index(0)
			turn.pass()
		}
		c.compress(turn, &z.scratch)
		z.pending.Done()
	}
}

// wait returns once every chunk handed over so far is compressed.
func (z *compressor) wait() { z.pending.Wait() }

// cpuTurn is a core's worth of background work: the store's writer holds it
// while it stores a hand-off, the compressor for a few frames at a time, so
// the two never keep both cores busy together. That matters to a POST more
// than their CPU time: the runtime looks for connections that became
// readable only when a core runs out of work (runtime.Gosched does not look)
// or every 10 ms, so with both cores busy a request waits unseen. A waiting
// taker is handed the turn when it is passed (a channel queues its senders
// in order), so neither side starves. A nil turn is never waited for.
type cpuTurn struct{ ch chan struct{} }

func newCPUTurn() *cpuTurn { return &cpuTurn{ch: make(chan struct{}, 1)} }

func (t *cpuTurn) take() {
	if t != nil {
		t.ch <- struct{}{}
	}
}

func (t *cpuTurn) pass() {
	if t != nil {
		<-t.ch
	}
}

// ownScan gives a scan list's strings memory of their own, in one
// allocation: decoded, they point into the message's body, which is reused
// once stored (DecodeLeased) or is a 4 MiB piece of a replay file.
func ownScan(scan []ScanEntry) []ScanEntry {
	n := 0
	for _, sc := range scan {
		n += len(sc.AP) + len(sc.BSSID) + len(sc.SSID) + len(sc.Band)
	}
	if n == 0 {
		return scan
	}
	buf := make([]byte, 0, n)
	own := func(s string) string {
		if s == "" {
			return ""
		}
		at := len(buf)
		buf = append(buf, s...)
		return unsafe.String(&buf[at], len(s))
	}
	for i := range scan {
		sc := &scan[i]
		sc.AP, sc.BSSID, sc.SSID = own(sc.AP), own(sc.BSSID), own(sc.SSID)
		// A band NormalizeBand does not know ("7", "60") is the body's own text.
		sc.Band = Band(own(string(sc.Band)))
	}
	return scan
}
