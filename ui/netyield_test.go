package ui

import (
	"net"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// TestYieldToNetworkSeesReadableConnection: with one core busy in a loop that
// only yields, a connection that becomes readable is served at the next
// yieldToNetwork. (runtime.Gosched alone leaves it to sysmon, 10 ms later:
// hundreds of this loop's yields.)
func TestYieldToNetworkSeesReadableConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip("no loopback listener:", err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	var seen atomic.Bool
	go func() {
		var b [1]byte
		if n, _ := server.Read(b[:]); n == 1 {
			seen.Store(true)
		}
	}()
	theNetYield()                     // the pipe and its helper, made before the core is busy
	time.Sleep(20 * time.Millisecond) // the reader parks on the empty socket
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))

	const writeAt = 10
	after := -1
	var sink uint64
	for i := 0; i < 20000 && after < 0; i++ {
		for j := range 20000 { // some microseconds of work between yields
			sink += uint64(j) * uint64(i)
		}
		if i == writeAt {
			if _, err := client.Write([]byte{1}); err != nil {
				t.Fatal(err)
			}
		}
		yieldToNetwork()
		if i >= writeAt && seen.Load() {
			after = i - writeAt
		}
	}
	if after < 0 || after > 2 {
		t.Fatalf("the readable connection was served %d yields after its data arrived (-1: never), want within 2 (sink %d)", after, sink)
	}
}

// TestTimeSlicerYieldsOncePerQuantum: a slicer yields only once a quantum has
// passed since it started or last yielded, and not at all once stopped or
// never started (a frame or a key is not sliced).
func TestTimeSlicerYieldsOncePerQuantum(t *testing.T) {
	at := time.Unix(0, 0)
	yields := 0
	s := timeSlicer{clock: func() time.Time { return at }}
	s.check()
	s.start(func() { yields++ })
	s.check()
	at = at.Add(sliceQuantum - 1)
	s.check()
	if yields != 0 {
		t.Fatalf("%d yields before a quantum had passed, want 0", yields)
	}
	at = at.Add(1)
	s.check()
	s.check()
	if yields != 1 {
		t.Fatalf("%d yields at one quantum, checked twice, want 1", yields)
	}
	at = at.Add(3 * sliceQuantum) // the thread was off its core for a while
	s.check()
	at = at.Add(sliceQuantum / 2)
	s.check()
	if yields != 2 {
		t.Fatalf("%d yields after a long pause and half a quantum more, want 2", yields)
	}
	s.stop()
	at = at.Add(10 * sliceQuantum)
	s.check()
	if yields != 2 {
		t.Fatalf("%d yields, want still 2 once stopped", yields)
	}
}
