package ui

import (
	"os"
	"runtime"
	"sync"
	"time"
)

// netYield lets the runtime see connections that became readable while the
// dashboard goroutine works through a hand-off. runtime.Gosched does not:
// the scheduler polls the network only when a core runs out of goroutines to
// run, or from sysmon every 10 ms, so with this goroutine on one core and
// the collector (or a handler's burst) on the other, a POST that arrived
// meanwhile waits unseen until the hand-off ends. Parking on a pipe that a
// helper goroutine then writes to leaves this core without work for a
// moment, so it polls, finding the pipe and every waiting connection; the
// Gosched after it lets those connections' goroutines run first.
//
// One pipe and helper serve the process; yields are taken one at a time.
type netYield struct {
	mu   sync.Mutex
	r, w *os.File
	wake chan struct{}
	buf  [1]byte
}

// theNetYield is nil when the pipe could not be made: yield then only
// Goscheds.
var theNetYield = sync.OnceValue(func() *netYield {
	r, w, err := os.Pipe()
	if err != nil {
		return nil
	}
	y := &netYield{r: r, w: w, wake: make(chan struct{})}
	go y.helper()
	return y
})

func (y *netYield) helper() {
	one := []byte{0}
	for range y.wake {
		if _, err := y.w.Write(one); err != nil {
			y.w.Close() // the yield's read then ends, and it stops using the pipe
			return
		}
	}
}

// yieldToNetwork gives this goroutine's core to whatever is waiting for it,
// connections not yet seen included.
func yieldToNetwork() {
	if y := theNetYield(); y != nil {
		y.yield()
	}
	runtime.Gosched()
}

func (y *netYield) yield() {
	y.mu.Lock()
	defer y.mu.Unlock()
	if y.wake == nil {
		return
	}
	y.wake <- struct{}{}
	if _, err := y.r.Read(y.buf[:]); err != nil {
		close(y.wake)
		y.wake = nil // broken pipe: Gosched alone from now on
	}
}

// sliceQuantum is how long the dashboard goroutine runs through a hand-off
// before it gives its core away. Counted in wall time, not in messages: a
// message's cost varies (a table growing, the collector's assists), and
// when the machine takes the thread off its core for a while the next check
// yields at once, so requests queued meanwhile go first.
const sliceQuantum = 250 * time.Microsecond

// timeSlicer yields the dashboard goroutine's core once it has run a
// quantum since it last did. The zero value never yields (a frame, a key):
// only a hand-off's store and routing start it.
type timeSlicer struct {
	since time.Time
	yield func()           // nil: not slicing
	clock func() time.Time // nil: time.Now (tests set their own)
}

// start begins slicing with yield from now.
func (s *timeSlicer) start(yield func()) { s.since, s.yield = s.now(), yield }

// stop ends slicing: later checks do nothing.
func (s *timeSlicer) stop() { s.yield = nil }

// check yields when a quantum has passed since the start or the last yield.
func (s *timeSlicer) check() {
	if s.yield == nil {
		return
	}
	if s.now().Sub(s.since) >= sliceQuantum {
		s.yield()
		s.since = s.now()
	}
}

func (s *timeSlicer) now() time.Time {
	if s.clock != nil {
		return s.clock()
	}
	return time.Now()
}
