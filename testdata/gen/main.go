// Command gen writes testdata/demo-survey.ndjson: a synthetic but realistic
// ten-minute Wi-Fi site survey at two Mist sites, in mistwatch's record format
// (one {"received_at": ..., "message": {"topic": ..., "events": [...]}} a line).
//
// The output depends only on -seed, so the file can be regenerated and diffed:
//
//	go run ./testdata/gen [-o testdata/demo-survey.ndjson] [-seed 20261102]
//
// -repeat N writes the walk N times, each a repeatGap later than the one
// before (same devices, shifted timestamps): the large input the report's
// 1M-event benchmark reads (-repeat 1500 is 1,006,500 events).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"time"
)

const defaultSeed = 20261102

// surveyStart is fixed, not time.Now, so the file is reproducible byte for
// byte.
var surveyStart = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// batchWindow: Mist puts events of one topic that happen close together into
// one message; this is how close.
const batchWindow = 0.8

func main() {
	out := flag.String("o", "testdata/demo-survey.ndjson", "output file")
	seed := flag.Uint64("seed", defaultSeed, "random seed")
	repeat := flag.Int("repeat", 1, "write the walk this many times, each repeatGap later")
	flag.Parse()
	if err := writeFile(*out, *seed, *repeat); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func writeFile(path string, seed uint64, repeat int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := generateRepeated(w, seed, repeat); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// repeatGap is how far apart repeated walks start: longer than one walk, so
// their times never interleave.
const repeatGap = 15 * time.Minute

// generateRepeated writes the walk n times, the k-th shifted by k*repeatGap.
func generateRepeated(w io.Writer, seed uint64, n int) error {
	if n < 1 {
		return fmt.Errorf("-repeat must be at least 1, not %d", n)
	}
	for k := range n {
		if err := generate(w, seed, surveyStart.Add(time.Duration(k)*repeatGap)); err != nil {
			return err
		}
	}
	return nil
}

// generate simulates the survey starting at start and writes it as NDJSON
// records.
func generate(w io.Writer, seed uint64, start time.Time) error {
	g := &gen{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), start: start}
	g.script()
	for _, d := range devices {
		g.walk(d)
	}
	for _, gu := range guests {
		g.guest(gu)
	}
	for _, b := range beacons {
		g.beacon(b)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range g.records() {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// event is one Mist event, t seconds after start, before batching.
type event struct {
	t     float64
	topic string
	body  map[string]any
}

type gen struct {
	rng    *rand.Rand
	start  time.Time // the survey's t = 0
	events []event
}

func (g *gen) emit(t float64, topic string, body map[string]any) {
	g.events = append(g.events, event{t, topic, body})
}

// epoch is the Unix time of t, to the microsecond as Mist sends it.
func (g *gen) epoch(t float64) float64 { return round(float64(g.start.Unix())+t, 6) }

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

type record struct {
	ReceivedAt string  `json:"received_at"`
	Message    message `json:"message"`
}

type message struct {
	Topic  string           `json:"topic"`
	Events []map[string]any `json:"events"`
	last   float64          // time of the newest event in the batch
}

// records batches events into messages and stamps each with a received_at a
// fraction of a second after its newest event, as a webhook delivery would be.
func (g *gen) records() []record {
	sort.SliceStable(g.events, func(i, j int) bool { return g.events[i].t < g.events[j].t })
	var msgs []*message
	open := map[string]*message{}
	first := map[string]float64{}
	for _, e := range g.events {
		m := open[e.topic]
		if m == nil || e.t-first[e.topic] > batchWindow {
			m = &message{Topic: e.topic}
			open[e.topic], first[e.topic] = m, e.t
			msgs = append(msgs, m)
		}
		m.Events = append(m.Events, e.body)
		m.last = e.t
	}
	recv := make([]float64, len(msgs))
	for i, m := range msgs {
		recv[i] = m.last + 0.15 + 0.45*g.rng.Float64()
	}
	idx := make([]int, len(msgs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return recv[idx[a]] < recv[idx[b]] })
	out := make([]record, 0, len(msgs))
	prev := -1.0
	for _, i := range idx {
		at := math.Max(round(recv[i], 6), prev+1e-6) // strictly increasing
		prev = at
		ts := g.start.Add(time.Duration(math.Round(at*1e6) * float64(time.Microsecond)))
		out = append(out, record{ts.Format("2006-01-02T15:04:05.000000Z07:00"), *msgs[i]})
	}
	return out
}
