//go:build race

package model

// raceEnabled: the race detector's instrumentation makes values escape that
// do not otherwise, so allocation counts do not hold under it.
const raceEnabled = true
