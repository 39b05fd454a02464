package receiver

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// byteBudget caps the bytes of request bodies being read and handled at
// once, so many large posts cannot drive memory up together: a request
// reserves its body's size before reading it and releases it when done.
// Reserving and releasing take no lock while the budget has room: every
// POST does both, and a lock whose holder is off its core (a busy machine,
// a collector's assist) made the POSTs behind it wait milliseconds.
type byteBudget struct {
	max     int64
	used    atomic.Int64
	waiters atomic.Int32 // acquires waiting for room: only then does a release take mu
	mu      sync.Mutex
	changed chan struct{} // closed and replaced on a release while someone waits
}

func newByteBudget(max int64) *byteBudget {
	return &byteBudget{max: max, changed: make(chan struct{})}
}

// acquire reserves n bytes (at most the whole budget), waiting up to wait
// for others to release; it returns the bytes reserved, or 0 on time-out.
func (b *byteBudget) acquire(ctx context.Context, n int64, wait time.Duration) int64 {
	n = max(1, min(n, b.max))
	if b.reserve(n) {
		return n
	}
	b.waiters.Add(1)
	defer b.waiters.Add(-1)
	t := time.NewTimer(wait)
	defer t.Stop()
	for {
		b.mu.Lock()
		changed := b.changed
		b.mu.Unlock()
		// Tried after taking changed: a release after the try sees this
		// waiter and closes changed, so no release is missed.
		if b.reserve(n) {
			return n
		}
		select {
		case <-changed:
		case <-t.C:
			return 0
		case <-ctx.Done():
			return 0
		}
	}
}

// reserve takes n bytes if they fit.
func (b *byteBudget) reserve(n int64) bool {
	for {
		used := b.used.Load()
		if used+n > b.max {
			return false
		}
		if b.used.CompareAndSwap(used, used+n) {
			return true
		}
	}
}

func (b *byteBudget) release(n int64) {
	b.used.Add(-n)
	if b.waiters.Load() == 0 {
		return
	}
	b.mu.Lock()
	close(b.changed)
	b.changed = make(chan struct{})
	b.mu.Unlock()
}

// inUse is the bytes reserved now, for tests and /healthz.
func (b *byteBudget) inUse() int64 { return b.used.Load() }

// errBodyTimeout: the client declared a body and stopped sending it.
var errBodyTimeout = errors.New("body not received in time")

// bodyPool recycles body buffers: a body comes back when its request ends,
// or, when the handler lends it with its events (Config.Recycles), when the
// dashboard recycles them after storing; without reuse every refused large
// body is garbage that doubles the heap before the next GC.
var bodyPool sync.Pool // of *[]byte

// oversized says a pooled buffer is too big to hold a body of size: lent
// with its events, it stays with the dashboard until they are stored, so a
// buffer once grown by a large body must not carry every small one after it.
func oversized(capacity, size int64) bool {
	return capacity > max(4*size, 64<<10)
}

func getBuffer(size int64) []byte {
	if p, ok := bodyPool.Get().(*[]byte); ok && int64(cap(*p)) >= size && !oversized(int64(cap(*p)), size) {
		return (*p)[:0]
	}
	return make([]byte, 0, size)
}

func putBuffer(b []byte) {
	if cap(b) > 0 {
		bodyPool.Put(&b)
	}
}

// readBody reads the whole body, at most MaxBody, within BodyTimeout, into
// a pooled buffer the caller returns with putBuffer. A known length is
// allocated once instead of grown by doubling.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	rc := http.NewResponseController(w)
	// Not supported under httptest's recorder: the server's ReadTimeout
	// still bounds the read there.
	deadlineSet := rc.SetReadDeadline(time.Now().Add(h.cfg.BodyTimeout)) == nil
	body := http.MaxBytesReader(w, r.Body, h.cfg.MaxBody)
	size := int64(512)
	if r.ContentLength >= 0 {
		size = r.ContentLength + 1 // +1: room to see EOF without growing
	}
	buf := getBuffer(size)
	for {
		n, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			putBuffer(buf)
			if deadlineSet && errors.Is(err, os.ErrDeadlineExceeded) {
				// Give the 408 its own time to be written.
				_ = rc.SetWriteDeadline(time.Now().Add(5 * time.Second))
				return nil, errBodyTimeout
			}
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// connTracker counts connections that closed before any request reached
// the handler: refusals net/http answers itself (431, a garbage request
// line, conflicting Content-Length), slow headers, bare TCP probes.
type connTracker struct {
	open    sync.Map // net.Conn → *atomic.Bool (a request reached the handler)
	dropped atomic.Uint64
}

type servedKey struct{}

// connContext is http.Server.ConnContext: it runs before the connection's
// first state change and hands the flag to the handler through the context.
func (c *connTracker) connContext(ctx context.Context, conn net.Conn) context.Context {
	served := new(atomic.Bool)
	c.open.Store(conn, served)
	return context.WithValue(ctx, servedKey{}, served)
}

// connState is http.Server.ConnState.
func (c *connTracker) connState(conn net.Conn, state http.ConnState) {
	if state != http.StateClosed && state != http.StateHijacked {
		return
	}
	if v, ok := c.open.LoadAndDelete(conn); ok && !v.(*atomic.Bool).Load() {
		c.dropped.Add(1)
	}
}

// markServed records that this request's connection reached the handler.
func markServed(r *http.Request) {
	if served, ok := r.Context().Value(servedKey{}).(*atomic.Bool); ok {
		served.Store(true)
	}
}
