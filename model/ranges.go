package model

import (
	"math"
	"sync/atomic"
)

// Physical ranges of readings. A value outside its range is a sender bug or
// an attack (rssi 1e308 would print as a 300-digit number): it is treated
// as missing, and counted.
const (
	minRSSI, maxRSSI       = -127, 0
	minChannel, maxChannel = 1, 233
	maxDuration            = 400 * 24 * 3600 // seconds
	maxCount               = math.MaxInt32
)

var valuesDropped atomic.Uint64

// ValuesDropped is how many readings were outside their physical range
// since the program started (/healthz values_dropped).
func ValuesDropped() uint64 { return valuesDropped.Load() }

// inRange returns n when it lies in [lo, hi]; a value outside is counted
// and comes back absent.
func inRange(n flexNum, lo, hi float64) flexNum {
	if n.Valid && (n.V < lo || n.V > hi) {
		valuesDropped.Add(1)
		return flexNum{}
	}
	return n
}

func rssiOf(b []byte) flexNum     { return inRange(numOf(b), minRSSI, maxRSSI) }
func channelOf(b []byte) flexNum  { return inRange(numOf(b), minChannel, maxChannel) }
func durationOf(b []byte) flexNum { return inRange(numOf(b), 0, maxDuration) }
func countOf(b []byte) flexNum    { return inRange(numOf(b), 0, maxCount) }
