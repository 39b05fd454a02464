package model

import (
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
//
//   - ping-pong: a roam A→B followed by the next roam going B→A within
//     PingPongWindow (From = first roam, Until = second). A→B→C is not.
//   - sticky: readings strictly below poor, one after another, spanning more
//     than StickyAfter with no roam or join between them (From = first poor
//     reading, Until = last). A reading at or above poor, a roam or a join
//     ends the run; a roam's own reading (taken on the AP it leaves) is the
//     last of the run it ends, a join's reading (on the new AP) may start the
//     next one. Each run is reported once.
func DetectPatterns(entries []TimelineEntry, poor float64, n *Names) []Finding {
	if n == nil {
		n = NewNames()
	}
	var out []Finding

	// Ping-pong, over consecutive roams.
	var prev *TimelineEntry
	for i := range entries {
		r := &entries[i]
		if r.Kind != EntryRoam || r.NextAP == "" {
			// A roam without next_ap is often the first half of one roam
			// sent as two events: it neither starts nor breaks a pair.
			continue
		}
		if prev != nil && prev.AP != "" && prev.NextAP != "" &&
			r.AP == prev.NextAP && r.NextAP == prev.AP && prev.AP != prev.NextAP {
			if d := r.Time.Sub(prev.Time); d >= 0 && d <= PingPongWindow {
				out = append(out, Finding{
					Kind: FindingPingPong, From: prev.Time, Until: r.Time,
					AP: prev.AP, OtherAP: prev.NextAP,
					Text: "ping-pong " + n.AP(prev.AP, "") + " → " + n.AP(prev.NextAP, "") + " → " +
						n.AP(prev.AP, "") + " in " + spanText(d),
				})
			}
		}
		prev = r
	}

	// Sticky runs of poor readings.
	var (
		inRun       bool
		from, until time.Time
		ap          string
	)
	poorText := strconv.FormatFloat(poor, 'f', -1, 64)
	flush := func() {
		if inRun {
			if d := until.Sub(from); d > StickyAfter {
				out = append(out, Finding{
					Kind: FindingSticky, From: from, Until: until, AP: ap,
					Text: "sticky on " + n.AP(ap, "") + ": below " + poorText + " dBm for " +
						spanText(d) + " without roaming",
				})
			}
		}
		inRun, ap = false, ""
	}
	for i := range entries {
		e := &entries[i]
		if e.Kind == EntryJoin {
			flush()
		}
		// Only readings taken while associated to an AP can be sticky: a BLE
		// asset or an unconnected device heard by APs has no AP to stick to.
		if e.HasRSSI && e.AP != "" && (e.Kind == EntryRSSI || e.Kind == EntryJoin || e.Kind == EntryRoam || e.Kind == EntryDisconnect) {
			if e.RSSI < poor {
				if !inRun {
					inRun, from = true, e.Time
				}
				until = e.Time
				if e.AP != "" {
					ap = e.AP
				}
			} else {
				flush()
			}
		}
		if e.Kind == EntryRoam {
			flush()
		}
	}
	flush()

	slices.SortStableFunc(out, func(a, b Finding) int { return a.From.Compare(b.From) })
	return out
}

// spanText renders a duration like DurationText, with "0s" for nothing.
func spanText(d time.Duration) string {
	if s := DurationText(d.Seconds()); s != "" {
		return s
	}
	return "0s"
}
