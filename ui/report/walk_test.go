package report

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// The streamed series draws what decimating the whole walk drew (the build
// before it), and holds no more than MaxChartPoints readings however long
// the walk.
func TestSeriesIsTheWholeWalkDecimated(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	t0 := time.Unix(1793610000, 0)
	for _, n := range []int{1, 2, 999, MaxChartPoints, MaxChartPoints + 1, 5003, 100000} {
		var rs []Reading
		at := t0
		for i := range n {
			at = at.Add(time.Duration(r.IntN(3)) * time.Second) // ties included
			rs = append(rs, Reading{Time: at, RSSI: float64(-40 - r.IntN(50)), AP: fmt.Sprint(i)})
		}
		s := newSeries(MaxChartPoints, rs[0].Time, rs[n-1].Time)
		for _, x := range rs {
			s.add(x)
			if held := len(s.all) + 2*len(s.buckets); held > MaxChartPoints {
				t.Fatalf("%d readings: %d held", n, held)
			}
		}
		if got, want := fmt.Sprint(s.points()), fmt.Sprint(decimateWhole(rs, MaxChartPoints)); got != want {
			t.Errorf("%d readings: the streamed series differs from the whole walk decimated", n)
		}
	}
}

func TestSamplerKeepsAnEvenBoundedSample(t *testing.T) {
	s := newSampler[int](10)
	for i := range 10 {
		s.add(i)
	}
	if fmt.Sprint(s.items) != "[0 1 2 3 4 5 6 7 8 9]" {
		t.Fatalf("up to its capacity a sampler keeps everything: %v", s.items)
	}
	for i := 10; i < 1000; i++ {
		s.add(i)
		if len(s.items) > 11 {
			t.Fatalf("%d held after %d", len(s.items), i+1)
		}
	}
	for i, v := range s.items { // every stride-th, from the first
		if v != i*s.stride {
			t.Fatalf("uneven sample %v (stride %d)", s.items, s.stride)
		}
	}
	if last := s.items[len(s.items)-1]; last < 1000-2*s.stride {
		t.Errorf("the sample %v does not reach the end of 1000", s.items)
	}
}

// held is what a shown client keeps during the second pass, piece by piece.
func held(c *Client) map[string]int {
	w := c.walk
	return map[string]int{
		"reorder window": w.order.Held(), "detector": w.detect.Held(),
		"chart readings": len(w.series.all) + 2*len(w.series.buckets),
		"stretches":      len(c.Stretches), "marks": len(w.marks.items) + len(w.markers.items), "chart findings": len(w.findings.items),
		"listed roams": len(c.listedRoams), "listed findings": len(c.listedFindings), "ping-pong pairs": len(c.pingPongs),
	}
}

// A shown client's memory is bounded by what its section shows, not by its
// walk: a walk five times longer holds no more than the bounds.
func TestShownClientHoldsWhatThePageShows(t *testing.T) {
	var got [2]map[string]int
	for i, n := range []int{12000, 60000} {
		s := NewSurvey(demoOptions())
		events := eventsOf(t, fromLines(t, longWalk(n, 500)...))
		for j := range events {
			s.Scan(&events[j])
		}
		s.EndScan()
		for j := range events {
			s.Collect(&events[j])
		}
		s.entriesWritten()
		got[i] = held(s.order[0])
		r := s.Report()
		if c := r.Clients[0]; c.Readings != n || c.Roams != n/3 || c.Findings < n/6 {
			t.Fatalf("%d readings, %d roams, %d findings: the walk was not all read", c.Readings, c.Roams, c.Findings)
		}
	}
	// The long walk has 60,000 readings, 20,000 roams and stretches, 10,000
	// findings: each piece held stays within what the page can show.
	bounds := map[string]int{"reorder window": 1, "detector": 2, "chart readings": MaxChartPoints, "stretches": maxStretches,
		"marks": 2 * (2*maxChartMarks + 1), "chart findings": 2*maxChartMarks + 1, "listed roams": maxListed, "listed findings": maxListed,
		"ping-pong pairs": 2}
	for i := range got {
		for what, n := range got[i] {
			if n > bounds[what] {
				t.Errorf("%s: %d held after a walk of %d readings, bound %d", what, n, []int{12000, 60000}[i], bounds[what])
			}
		}
	}
}

// demoEvents are the demo survey's events, and the same walk again an
// offset later, as if a second recording were merged in after it.
func demoEvents(t *testing.T, again time.Duration) []model.Event {
	events := eventsOf(t, readMessages(t, demoFile))
	n := len(events)
	if again != 0 {
		for i := range n {
			e := events[i]
			e.Time = e.Time.Add(again)
			e.Raw = nil // not a copy of the first delivered twice: its own event
			events = append(events, e)
		}
	}
	return events
}

// Two recordings merged out of order: the window the first pass measured
// places every entry, and the findings are the timeline's over both. With a
// window too small, nothing read is lost: what could not be placed is
// counted and the page says so.
func TestMergedRecordingsOutOfOrder(t *testing.T) {
	events := demoEvents(t, -5*time.Minute) // the second walk began 5 minutes before the first
	r := surveyOf(events, demoOptions(), reorderLimit)
	if r.Late != 0 || r.ReorderWindow < 10*time.Minute {
		t.Fatalf("%d late, window %v: the first pass should have measured how late the second recording comes", r.Late, r.ReorderWindow)
	}
	store := model.NewStore(100000)
	store.Append(demoEvents(t, -5*time.Minute))
	for _, c := range r.Clients {
		want := model.DetectPatterns(model.BuildTimeline(store, c.MAC), r.Poor, store.Names)
		if fmt.Sprint(c.ListedFindings()) != fmt.Sprint(want) {
			t.Errorf("%s: report findings\n%v\ntimeline's\n%v", c.MAC, c.ListedFindings(), want)
		}
	}

	small := surveyOf(demoEvents(t, -5*time.Minute), demoOptions(), 8)
	if small.Late == 0 {
		t.Fatal("a window of 8 entries cannot place a recording 5 minutes late, yet nothing was late")
	}
	for i, c := range small.Clients {
		if c.Readings != r.Clients[i].Readings || c.Roams != r.Clients[i].Roams {
			t.Errorf("%s: %d readings and %d roams, want %d and %d: late entries were lost", c.MAC, c.Readings, c.Roams,
				r.Clients[i].Readings, r.Clients[i].Roams)
		}
	}
	text := pageText(render(t, small))
	if want := fmt.Sprintf("Out of order %d timeline entries", small.Late); !strings.Contains(text, want) {
		t.Errorf("the header does not say %q", want)
	}
	if strings.Contains(pageText(render(t, r)), "Out of order") {
		t.Error("the header speaks of late entries when there were none")
	}
}

// The implementation before the streamed series, kept as its reference.

func decimateWhole(rs []Reading, limit int) []Reading {
	if len(rs) <= limit || limit < 2 {
		return rs
	}
	buckets := limit / 2
	first, span := rs[0].Time, rs[len(rs)-1].Time.Sub(rs[0].Time)
	bucketOf := func(t time.Time) int {
		if span <= 0 {
			return 0
		}
		return min(int(float64(t.Sub(first))/float64(span)*float64(buckets)), buckets-1)
	}
	out := make([]Reading, 0, limit)
	for i := 0; i < len(rs); {
		b := bucketOf(rs[i].Time)
		lo, hi := i, i
		j := i + 1
		for ; j < len(rs) && bucketOf(rs[j].Time) == b; j++ {
			if rs[j].RSSI < rs[lo].RSSI {
				lo = j
			}
			if rs[j].RSSI > rs[hi].RSSI {
				hi = j
			}
		}
		switch {
		case lo == hi:
			out = append(out, rs[lo])
		case lo < hi:
			out = append(out, rs[lo], rs[hi])
		default:
			out = append(out, rs[hi], rs[lo])
		}
		i = j
	}
	return out
}
