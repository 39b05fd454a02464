package report

import (
	"math"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// reorderLimit bounds the timeline entries one shown client's reorder
// window holds, however far out of order the first pass found the input
// (two merged recordings that overlap): a few megabytes a client.
const reorderLimit = 8192

// maxStretches is how many stretches a client holds before merging away
// those its chart cannot draw apart (it draws at most one a pixel).
const maxStretches = 2 * (plotRight - plotLeft)

// clientSpan is what the first pass learns of a client MAC: enough for the
// second to lay out the client's chart before its first entry.
type clientSpan struct {
	events, readings          int
	first, last               time.Time // of its events
	firstReading, lastReading time.Time
}

func (sp *clientSpan) observe(t time.Time, reading bool) {
	if sp.events == 0 || t.Before(sp.first) {
		sp.first = t
	}
	if sp.events == 0 || t.After(sp.last) {
		sp.last = t
	}
	sp.events++
	if !reading {
		return
	}
	if sp.readings == 0 || t.Before(sp.firstReading) {
		sp.firstReading = t
	}
	if sp.readings == 0 || t.After(sp.lastReading) {
		sp.lastReading = t
	}
	sp.readings++
}

// clientWalk folds one shown client's timeline into its Client as the
// entries stream in: put in order by the model's TimelineStream, searched
// by the model's PatternDetector (the timeline overlay's own code), its
// readings drawn into a decimated series. What it keeps is bounded by what
// the page shows; only counts grow with the walk.
type clientWalk struct {
	c        *Client
	names    *model.Names
	order    *model.TimelineStream
	detect   *model.PatternDetector
	series   *series
	x        func(time.Time) float64 // the chart's, to merge stretches it cannot draw apart
	sum      float64
	marks    sampler[Mark] // joins, roams and disconnects
	markers  sampler[Mark] // markers in the client's span
	findings sampler[model.Finding]
	seen     bool // the client has events (a pinned MAC may have none)
	nth      int  // stretches begun
}

// newClientWalk readies c's walk; sp is nil for a pinned MAC never seen.
func newClientWalk(c *Client, sp *clientSpan, window time.Duration, limit int, poor float64, names *model.Names) *clientWalk {
	w := &clientWalk{c: c, names: names, detect: model.NewPatternDetector(poor, names),
		series: newSeries(MaxChartPoints, time.Time{}, time.Time{}),
		marks:  newSampler[Mark](2 * maxChartMarks), markers: newSampler[Mark](2 * maxChartMarks),
		findings: newSampler[model.Finding](2 * maxChartMarks)}
	if sp != nil {
		w.seen = true
		c.From, c.Until = sp.first, sp.last
		w.series = newSeries(MaxChartPoints, sp.firstReading, sp.lastReading)
	}
	w.x = chartX(c)
	w.order = model.NewTimelineStream(window, limit, names, w.take)
	return w
}

// take is the next entry of the client's timeline, in time order.
func (w *clientWalk) take(e model.TimelineEntry) {
	c := w.c
	w.detect.Add(&e)
	for _, f := range w.detect.Findings() {
		w.found(f)
	}
	if e.Kind == model.EntryMarker {
		// Those in the client's span: the rest would stretch its chart.
		if w.seen && !e.Time.Before(c.From) && !e.Time.After(c.Until) {
			w.markers.add(Mark{Time: e.Time, Kind: e.Kind, Text: e.Text})
		}
		return
	}
	switch e.Kind {
	case model.EntryJoin, model.EntryRoam, model.EntryDisconnect:
		w.marks.add(Mark{Time: e.Time, Kind: e.Kind, Text: e.Text})
	}
	if e.Kind == model.EntryRoam {
		if c.Roams++; len(c.listedRoams) < maxListed {
			to := "?"
			if e.NextAP != "" {
				to = w.names.AP(e.NextAP, "")
			}
			c.listedRoams = append(c.listedRoams, Roam{Time: e.Time, From: w.names.AP(e.AP, ""), To: to})
		}
	}
	if !e.HasRSSI {
		return
	}
	c.Readings++
	w.series.add(Reading{Time: e.Time, RSSI: e.RSSI, AP: e.AP})
	c.Min, c.Max = math.Min(c.Min, e.RSSI), math.Max(c.Max, e.RSSI)
	w.sum += e.RSSI
	if e.AP != "" {
		w.stretch(e.Time, w.names.AP(e.AP, ""))
	}
}

// stretch extends the last stretch or begins one on ap.
func (w *clientWalk) stretch(t time.Time, ap string) {
	c := w.c
	if n := len(c.Stretches); n > 0 && c.Stretches[n-1].AP == ap {
		c.Stretches[n-1].Until = t
		return
	}
	if n := len(c.Stretches); n >= maxStretches {
		// The closed ones are final: keep those the chart draws.
		kept := drawnStretches(c.Stretches[:n-1], w.x)
		c.Stretches = append(kept, c.Stretches[n-1])
	}
	c.Stretches = append(c.Stretches, Stretch{From: t, Until: t, AP: ap, nth: w.nth})
	w.nth++
}

func (w *clientWalk) found(f model.Finding) {
	c := w.c
	if c.Findings++; len(c.listedFindings) < maxListed {
		c.listedFindings = append(c.listedFindings, f)
	}
	w.findings.add(f)
	if f.Kind == model.FindingPingPong {
		if c.pingPongs == nil {
			c.pingPongs = map[[2]string]bool{}
		}
		c.pingPongs[[2]string{f.AP, f.OtherAP}] = true
	}
}

// finish ends the walk, the second pass having read everything, and
// returns how many entries came too late to be placed.
func (w *clientWalk) finish() (late int) {
	c := w.c
	w.order.Close()
	w.detect.Close()
	for _, f := range w.detect.Findings() {
		w.found(f)
	}
	c.Points = w.series.points()
	c.Marks = thin(append(w.marks.items, w.markers.items...), maxChartMarks)
	c.chartFindings = thin(w.findings.items, maxChartMarks)
	if c.Readings == 0 {
		c.Min, c.Avg, c.Max = math.NaN(), math.NaN(), math.NaN()
	} else {
		c.Avg = w.sum / float64(c.Readings)
	}
	c.walk = nil
	return w.order.Late()
}

// sampler keeps an even sample of a stream of unknown length: everything
// up to its capacity, then every 2nd, then every 4th… item, so it holds at
// most capacity+1, spread evenly over all it was given.
type sampler[T any] struct {
	items        []T
	stride, seen int
	capacity     int
}

func newSampler[T any](capacity int) sampler[T] {
	return sampler[T]{stride: 1, capacity: max(capacity, 1)}
}

func (s *sampler[T]) add(x T) {
	if s.seen%s.stride == 0 {
		s.items = append(s.items, x)
		if len(s.items) > s.capacity { // keep every other one, from the first
			half := (len(s.items) + 1) / 2
			for i := range half {
				s.items[i] = s.items[2*i]
			}
			clear(s.items[half:])
			s.items = s.items[:half]
			s.stride *= 2
		}
	}
	s.seen++
}
