package model

import (
	"cmp"
	"slices"
	"strconv"
	"time"
)

// Thresholds of DetectPatterns.
const (
	// PingPongWindow is the longest time between a roam A→B and the roam
	// B→A that follows it for the pair to count as ping-pong.
	PingPongWindow = 60 * time.Second
	// StickyAfter is how long a client's readings must stay below the poor
	// threshold, without a roam or join, before it counts as sticky.
	StickyAfter = 30 * time.Second
)

// Finding kinds.
const (
	FindingPingPong = "ping-pong"
	FindingSticky   = "sticky"
)

// Finding is a roaming problem seen in a client's timeline.
type Finding struct {
	Kind  string // FindingPingPong or FindingSticky
	From  time.Time
	Until time.Time
	// AP is, for ping-pong, the AP the client left and went back to; for
	// sticky, the AP of the poor readings (the last one known in the run).
	AP string
	// OtherAP is, for ping-pong, the AP it bounced off; "" for sticky.
	OtherAP string
	Text    string // one readable line, names resolved
}

// DetectPatterns looks for ping-pong roaming and sticky clients in entries,
// which must be in time order as BuildTimeline returns them. AP names come
// from n (nil: MACs are shown). Findings are returned in order of From.
// It is a PatternDetector given the whole timeline at once.
func DetectPatterns(entries []TimelineEntry, poor float64, n *Names) []Finding {
	d := NewPatternDetector(poor, n)
	for i := range entries {
		d.Add(&entries[i])
	}
	d.Close()
	return d.Findings()
}

// PatternDetector finds ping-pong roaming and sticky clients in one
// client's timeline given an entry at a time, in time order, holding only
// the state of the pair and the run under way:
//
//   - ping-pong: a roam A→B followed by the next roam going B→A within
//     PingPongWindow (From = first roam, Until = second). A→B→C is not.
//   - sticky: readings strictly below poor, one after another, spanning more
//     than StickyAfter with no roam or join between them (From = first poor
//     reading, Until = last). A reading at or above poor, a roam or a join
//     ends the run; a roam's own reading (taken on the AP it leaves) is the
//     last of the run it ends, a join's reading (on the new AP) may start the
//     next one. Each run is reported once.
//
// Findings come out in order of From (ping-pong first on a tie), each once
// no later entry can find one that sorts before it.
type PatternDetector struct {
	poor     float64
	poorText string
	names    *Names
	now      time.Time // the time of the latest entry

	// The last roam that named its next AP: the first half of a ping-pong.
	prevRoam          time.Time
	prevFrom, prevTo  string
	hasPrevRoam       bool
	inRun             bool // a sticky run is under way
	runFrom, runUntil time.Time
	runAP             string
	pending           []pendingFinding // found, not yet settled
	settled           []Finding        // settled, not yet taken
	found             int
}

// pendingFinding is a finding with what orders it among those of its From.
type pendingFinding struct {
	Finding
	nth int // found n-th
}

// NewPatternDetector starts a detector; AP names come from n (nil: MACs).
func NewPatternDetector(poor float64, n *Names) *PatternDetector {
	if n == nil {
		n = NewNames()
	}
	return &PatternDetector{poor: poor, poorText: strconv.FormatFloat(poor, 'f', -1, 64), names: n}
}

// Add takes the next entry of the timeline.
func (d *PatternDetector) Add(e *TimelineEntry) {
	d.now = e.Time
	if e.Kind == EntryRoam && e.NextAP != "" {
		d.roam(e)
	}
	// A roam without next_ap is often the first half of one roam sent as
	// two events: it neither starts nor breaks a pair. It does end a run.
	if e.Kind == EntryJoin {
		d.endRun()
	}
	// Only readings taken while associated to an AP can be sticky: a BLE
	// asset or an unconnected device heard by APs has no AP to stick to.
	if e.HasRSSI && e.AP != "" && (e.Kind == EntryRSSI || e.Kind == EntryJoin || e.Kind == EntryRoam || e.Kind == EntryDisconnect) {
		if e.RSSI < d.poor {
			if !d.inRun {
				d.inRun, d.runFrom = true, e.Time
			}
			d.runUntil, d.runAP = e.Time, e.AP
		} else {
			d.endRun()
		}
	}
	if e.Kind == EntryRoam {
		d.endRun()
	}
	d.settle(false)
}

// Close ends the run under way: the timeline has ended.
func (d *PatternDetector) Close() {
	d.endRun()
	d.settle(true)
}

// Findings returns the findings settled since it was last asked, in order
// of From, and forgets them; after Close, all of them.
func (d *PatternDetector) Findings() []Finding {
	out := d.settled
	d.settled = nil
	return out
}

// Held is how many findings wait to be settled: a test's proof that the
// detector does not grow with the timeline.
func (d *PatternDetector) Held() int { return len(d.pending) }

func (d *PatternDetector) roam(r *TimelineEntry) {
	if d.hasPrevRoam && d.prevFrom != "" && r.AP == d.prevTo && r.NextAP == d.prevFrom && d.prevFrom != d.prevTo {
		if gap := r.Time.Sub(d.prevRoam); gap >= 0 && gap <= PingPongWindow {
			d.find(Finding{
				Kind: FindingPingPong, From: d.prevRoam, Until: r.Time, AP: d.prevFrom, OtherAP: d.prevTo,
				Text: "ping-pong " + d.names.AP(d.prevFrom, "") + " → " + d.names.AP(d.prevTo, "") + " → " +
					d.names.AP(d.prevFrom, "") + " in " + spanText(gap),
			})
		}
	}
	d.prevRoam, d.prevFrom, d.prevTo, d.hasPrevRoam = r.Time, r.AP, r.NextAP, true
}

// endRun reports the sticky run under way, if it lasted, and ends it.
func (d *PatternDetector) endRun() {
	if d.inRun {
		if span := d.runUntil.Sub(d.runFrom); span > StickyAfter {
			d.find(Finding{
				Kind: FindingSticky, From: d.runFrom, Until: d.runUntil, AP: d.runAP,
				Text: "sticky on " + d.names.AP(d.runAP, "") + ": below " + d.poorText + " dBm for " +
					spanText(span) + " without roaming",
			})
		}
	}
	d.inRun, d.runAP = false, ""
}

func (d *PatternDetector) find(f Finding) {
	d.found++
	p := pendingFinding{f, d.found}
	i, _ := slices.BinarySearchFunc(d.pending, p, comparePending)
	d.pending = slices.Insert(d.pending, i, p)
}

// comparePending orders findings by From, a ping-pong before a sticky run
// of the same From, then as found.
func comparePending(a, b pendingFinding) int {
	if c := a.From.Compare(b.From); c != 0 {
		return c
	}
	if a.Kind != b.Kind {
		if a.Kind == FindingPingPong {
			return -1
		}
		return 1
	}
	return cmp.Compare(a.nth, b.nth)
}

// settle moves on the pending findings no later entry can precede: those
// that start before the earliest From a finding still to come may have
// (the run under way, the roam a ping-pong may still pair with, now).
func (d *PatternDetector) settle(all bool) {
	bound := d.now
	if d.inRun && d.runFrom.Before(bound) {
		bound = d.runFrom
	}
	if d.hasPrevRoam && d.prevRoam.Before(bound) && d.now.Sub(d.prevRoam) <= PingPongWindow {
		bound = d.prevRoam
	}
	n := 0
	for n < len(d.pending) && (all || d.pending[n].From.Before(bound)) {
		d.settled = append(d.settled, d.pending[n].Finding)
		n++
	}
	d.pending = slices.Delete(d.pending, 0, n)
}

// spanText renders a duration like DurationText, with "0s" for nothing.
func spanText(d time.Duration) string {
	if s := DurationText(d.Seconds()); s != "" {
		return s
	}
	return "0s"
}
