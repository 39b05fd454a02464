package model

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"
)

// rtAPs are the APs of the random timelines.
var rtAPs = []string{tlLobby, tlCafe, tlWest}

// randomTimeline is n entries of one client in time order, Seq rising:
// roams (some without next_ap), joins, disconnects, readings around -75,
// markers, zones, channel moves, ties in time and copies delivered twice.
func randomTimeline(r *rand.Rand, n int) []TimelineEntry {
	var out []TimelineEntry
	at := tlBase
	ap := rtAPs[0]
	for i := range n {
		if r.IntN(10) == 0 && len(out) > 0 { // a copy delivered twice
			e := out[len(out)-1]
			e.Seq = uint64(i + 1)
			out = append(out, e)
			continue
		}
		at = at.Add(time.Duration(r.IntN(12)) * time.Second) // 0: a tie
		e := TimelineEntry{Seq: uint64(i + 1), Time: at, AP: ap, Topic: "location-client", Channel: []int{0, 1, 6, 36}[r.IntN(4)]}
		switch k := r.IntN(20); {
		case k < 3:
			next := rtAPs[r.IntN(len(rtAPs))]
			e.Kind, e.Topic = EntryRoam, "client-sessions"
			if r.IntN(5) > 0 {
				e.NextAP = next
				ap = next
			}
		case k < 4:
			ap = rtAPs[r.IntN(len(rtAPs))]
			e.Kind, e.Topic, e.AP = EntryJoin, "client-join", ap
		case k < 5:
			e.Kind, e.Topic = EntryDisconnect, "client-sessions"
		case k < 6:
			e = TimelineEntry{Seq: e.Seq, Time: at, Kind: EntryMarker, Text: "▼ note " + strconv.Itoa(i)}
		case k < 7:
			e.Kind, e.Topic, e.Channel = EntryZone, "zone", 0
		default:
			e.Kind = EntryRSSI
		}
		if e.Kind != EntryMarker && e.Kind != EntryZone && r.IntN(4) > 0 {
			e.RSSI, e.HasRSSI = float64(-60-r.IntN(30)), true
		}
		e.Text = fmt.Sprint(e.Kind, " ", e.AP, " ", e.RSSI)
		out = append(out, e)
	}
	return out
}

// shuffleWithin moves each entry at most window earlier or later in the
// order it is given (a merged or late-delivered recording), Seq kept.
func shuffleWithin(r *rand.Rand, in []TimelineEntry, window time.Duration) []TimelineEntry {
	out := slices.Clone(in)
	key := make(map[uint64]time.Duration, len(out))
	for _, e := range out {
		key[e.Seq] = e.Time.Sub(tlBase) + time.Duration(r.Int64N(int64(window)+1))
	}
	slices.SortStableFunc(out, func(a, b TimelineEntry) int { return cmp.Compare(key[a.Seq], key[b.Seq]) })
	return out
}

// streamAll runs entries through a TimelineStream and returns what it hands on.
func streamAll(entries []TimelineEntry, window time.Duration, limit int, n *Names) ([]TimelineEntry, *TimelineStream) {
	var out []TimelineEntry
	s := NewTimelineStream(window, limit, n, func(e TimelineEntry) { out = append(out, e) })
	for _, e := range entries {
		s.Add(e)
	}
	s.Close()
	return out, s
}

// The stream and OrderTimeline are the build before them, entry for entry:
// ordered, copies dropped, channel changes inserted.
func TestOrderingMatchesTheWholeTimeline(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := ptNames()
	for round := range 50 {
		entries := randomTimeline(r, 400)
		want := orderTimelineWhole(slices.Clone(entries), n)
		if got := OrderTimeline(shuffleWithin(r, entries, time.Hour), n); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("round %d: OrderTimeline differs from the build before", round)
		}
		got, s := streamAll(shuffleWithin(r, entries, 30*time.Second), 30*time.Second, 1000, n)
		if fmt.Sprint(got) != fmt.Sprint(want) || s.Late() != 0 {
			t.Fatalf("round %d: the stream (window 30s, %d late) differs from the whole timeline:\n%v\nwant\n%v", round, s.Late(), got, want)
		}
	}
}

// The window holds what may still be overtaken, no more: an ordered input
// holds nothing, a wide window no more than its limit.
func TestTimelineStreamHoldsABoundedWindow(t *testing.T) {
	entries := randomTimeline(rand.New(rand.NewPCG(3, 4)), 20000)
	ordered := NewTimelineStream(0, 64, nil, func(TimelineEntry) {})
	wide := NewTimelineStream(24*time.Hour, 64, nil, func(TimelineEntry) {})
	for _, e := range entries {
		ordered.Add(e)
		wide.Add(e)
		if ordered.Held() != 0 || wide.Held() > 64 {
			t.Fatalf("held %d (ordered input) and %d (window a day, limit 64) after %d entries", ordered.Held(), wide.Held(), e.Seq)
		}
	}
	if ordered.Late() != 0 || wide.Late() != 0 {
		t.Errorf("in-order input has no late entries: %d, %d", ordered.Late(), wide.Late())
	}
}

// An entry older than the window is not dropped: handed on where it came,
// and counted.
func TestTimelineStreamPassesLateEntriesOnCounted(t *testing.T) {
	read := func(sec float64, seq uint64) TimelineEntry {
		return TimelineEntry{Seq: seq, Time: tlAt(sec), Kind: EntryRSSI, AP: tlLobby, RSSI: -60, HasRSSI: true, Text: strconv.Itoa(int(seq))}
	}
	in := []TimelineEntry{read(0, 1), read(10, 2), read(5, 3), read(100, 4), read(20, 5), read(101, 6)}
	got, s := streamAll(in, 10*time.Second, 100, nil)
	var seqs []uint64
	for _, e := range got {
		seqs = append(seqs, e.Seq)
	}
	// 5 s after 10 s is within the window: placed. 20 s after 100 s is past
	// it, but nothing after 20 s has been handed on yet: placed too.
	if fmt.Sprint(seqs) != "[1 3 2 5 4 6]" || s.Late() != 0 {
		t.Errorf("order %v, %d late", seqs, s.Late())
	}
	in = append(in, read(15, 7)) // after 20 s was handed on: late
	got, s = streamAll(in, 10*time.Second, 100, nil)
	seqs = seqs[:0]
	for _, e := range got {
		seqs = append(seqs, e.Seq)
	}
	if fmt.Sprint(seqs) != "[1 3 2 5 7 4 6]" || s.Late() != 1 {
		t.Errorf("order %v, %d late: want the late one handed on where it came, and counted", seqs, s.Late())
	}
}

// The detector fed an entry at a time finds exactly what the whole-timeline
// detection of the build before found, in the same order, while holding
// only the findings a later entry could still precede.
func TestPatternDetectorMatchesTheWholeTimeline(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	n := ptNames()
	// Found out of the order they sort in: a sticky run (from 0 s, on the
	// join that came with the roam) ends at 41 s, before the roam back at
	// 50 s shows that the roam at 0 s began a ping-pong, which sorts first.
	fixed := ptSeq(ptRoam(0, tlLobby, tlCafe), ptJoin(0, tlCafe, -85), ptReads(5, 40, 5, -85, tlCafe),
		ptRead(41, -60, tlCafe), ptRoam(50, tlCafe, tlLobby))
	total := 0
	for round := range 201 {
		entries := fixed
		if round > 0 {
			entries = OrderTimeline(randomTimeline(r, 300), n)
		}
		want := detectPatternsWhole(entries, -75, n)
		d := NewPatternDetector(-75, n)
		var got []Finding
		for i := range entries {
			d.Add(&entries[i])
			got = append(got, d.Findings()...)
			if d.Held() > 4 {
				t.Fatalf("round %d: %d findings held", round, d.Held())
			}
		}
		d.Close()
		got = append(got, d.Findings()...)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("round %d: streamed\n%v\nwhole\n%v", round, got, want)
		}
		if fmt.Sprint(DetectPatterns(entries, -75, n)) != fmt.Sprint(want) {
			t.Fatalf("round %d: DetectPatterns differs from the build before", round)
		}
		total += len(want)
	}
	if total < 200 {
		t.Fatalf("only %d findings in all rounds: the random timelines do not exercise the detector", total)
	}
}

// A long walk of ping-pongs and sticky runs: the detector's memory stays
// what it was after the first minute.
func TestPatternDetectorDoesNotGrowWithTheTimeline(t *testing.T) {
	d := NewPatternDetector(-75, nil)
	found := 0
	for i := range 200000 {
		e := ptRoam(float64(i*10), tlLobby, tlCafe)
		if i%2 == 1 {
			e = ptRoam(float64(i*10), tlCafe, tlLobby)
		}
		if i%3 == 0 {
			e = ptRead(float64(i*10), -85, tlLobby)
		}
		d.Add(&e)
		found += len(d.Findings())
		if d.Held() > 2 {
			t.Fatalf("%d findings held after %d entries", d.Held(), i+1)
		}
	}
	if found < 10000 {
		t.Fatalf("%d findings: the walk should be full of them", found)
	}
}

// The implementations before the streaming ones, kept as their references.

func detectPatternsWhole(entries []TimelineEntry, poor float64, n *Names) []Finding {
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

func orderTimelineWhole(out []TimelineEntry, n *Names) []TimelineEntry {
	slices.SortFunc(out, func(a, b TimelineEntry) int {
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		return cmp.Compare(a.Seq, b.Seq)
	})
	// A topic subscribed at org and at site level arrives twice: one line.
	out = slices.CompactFunc(out, func(a, b TimelineEntry) bool {
		return a.Time.Equal(b.Time) && a.Kind == b.Kind && a.Topic == b.Topic && a.AP == b.AP &&
			a.NextAP == b.NextAP && a.RSSI == b.RSSI && a.Text == b.Text
	})
	return withChannelChangesWhole(out, n)
}
func withChannelChangesWhole(in []TimelineEntry, n *Names) []TimelineEntry {
	var out []TimelineEntry
	lastCh, lastAP := 0, ""
	for _, t := range in {
		if t.Channel == 0 || t.Kind == EntryMarker {
			out = append(out, t)
			continue
		}
		sameAP := t.AP == "" || lastAP == "" || t.AP == lastAP
		if lastCh != 0 && t.Channel != lastCh && sameAP && t.Kind != EntryRoam && t.Kind != EntryJoin {
			ap := firstOf(t.AP, lastAP)
			out = append(out, TimelineEntry{Seq: t.Seq, Time: t.Time, Kind: EntryChannel, Topic: t.Topic, AP: ap,
				Channel: t.Channel, Text: words("channel", strconv.Itoa(lastCh), "→", strconv.Itoa(t.Channel), "on", n.AP(ap, ""))})
		}
		out = append(out, t)
		lastCh = t.Channel
		if t.Kind == EntryRoam && t.NextAP != "" {
			lastCh, lastAP = 0, t.NextAP // the next AP's channel is not known yet
		} else if t.AP != "" {
			lastAP = t.AP
		}
	}
	return out
}
