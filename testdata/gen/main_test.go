package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"
	"time"
)

func output(t *testing.T, seed uint64) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := generate(&b, seed, surveyStart); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type line struct {
	at    time.Time
	topic string
	ev    map[string]any
}

// parse checks the record format line by line and flattens it to events.
func parse(t *testing.T, data []byte) []line {
	t.Helper()
	var out []line
	var prev time.Time
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var r struct {
			ReceivedAt string `json:"received_at"`
			Message    struct {
				Topic  string           `json:"topic"`
				Events []map[string]any `json:"events"`
			} `json:"message"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		at, err := time.Parse(time.RFC3339Nano, r.ReceivedAt)
		if err != nil || at.Location() != time.UTC || at.Nanosecond() == 0 {
			t.Fatalf("line %d: received_at %q is not fractional RFC 3339 UTC", n, r.ReceivedAt)
		}
		if !at.After(prev) {
			t.Fatalf("line %d: received_at %s does not follow %s", n, at, prev)
		}
		prev = at
		if r.Message.Topic == "" || len(r.Message.Events) == 0 {
			t.Fatalf("line %d: no topic or no events", n)
		}
		for _, e := range r.Message.Events {
			if d := math.Abs(float64(at.UnixMicro())/1e6 - eventTime(e)); d > 2 {
				t.Fatalf("line %d: event time is %.1f s from received_at", n, d)
			}
			out = append(out, line{at, r.Message.Topic, e})
		}
	}
	return out
}

// eventTime reads timestamp as a number or numeric string; scan data has
// last_seen instead, occupancy alerts carry it per alert.
func eventTime(e map[string]any) float64 {
	if alerts, ok := e["alert_events"].([]any); ok {
		e = alerts[0].(map[string]any)
	}
	v, ok := e["timestamp"]
	if !ok {
		v = e["last_seen"]
	}
	switch v := v.(type) {
	case float64:
		return v
	case string:
		f, _ := strconv.ParseFloat(v, 64)
		return f
	}
	return 0
}

func TestDeterministic(t *testing.T) {
	a, b := output(t, defaultSeed), output(t, defaultSeed)
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	if bytes.Equal(a, output(t, defaultSeed+1)) {
		t.Fatal("the seed changes nothing")
	}
}

func TestCommittedFileIsCurrent(t *testing.T) {
	got, err := os.ReadFile("../demo-survey.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, output(t, defaultSeed)) {
		t.Fatal("testdata/demo-survey.ndjson is stale: run go run ./testdata/gen")
	}
}

func TestSurveyStory(t *testing.T) {
	lines := parse(t, output(t, defaultSeed))
	if n := len(lines); n < 400 {
		t.Fatalf("only %d events", n)
	}
	type roam struct {
		t        float64
		from, to string
	}
	roams := map[string][]roam{}
	var pingPong, floatDuration bool
	for _, l := range lines {
		if l.topic != "client-sessions" || l.ev["termination_reason"] != 3.0 {
			continue
		}
		next, _ := l.ev["next_ap"].(string)
		if next == "" || next == noAP {
			t.Fatalf("roam without next_ap: %v", l.ev)
		}
		d := l.ev["duration"].(float64)
		floatDuration = floatDuration || d != math.Trunc(d)
		mac := l.ev["mac"].(string)
		r := roam{eventTime(l.ev), l.ev["ap"].(string), next}
		for _, p := range roams[mac] {
			pingPong = pingPong || (p.from == r.to && p.to == r.from && r.t-p.t <= 60)
		}
		roams[mac] = append(roams[mac], r)
	}
	if !floatDuration {
		t.Error("no roam has a fractional duration")
	}
	if !pingPong {
		t.Error("no client roams A→B and back B→A within 60 s")
	}
	if s := longestWeakStay(lines); s <= 30 {
		t.Errorf("longest stay below -75 dBm on one AP is %.0f s, want a sticky client over 30 s", s)
	}
}

// longestWeakStay is the longest run of scan reports in which one client
// stays on one AP below -75 dBm.
func longestWeakStay(lines []line) float64 {
	type run struct {
		ap       string
		from, to float64
	}
	runs := map[string]*run{}
	best := 0.0
	for _, l := range lines {
		if l.topic != "sdkclient-scan-data" {
			continue
		}
		mac, ap := l.ev["mac"].(string), l.ev["connection_ap"].(string)
		ts := eventTime(l.ev)
		r := runs[mac]
		switch {
		case l.ev["connection_rssi"].(float64) >= -75:
			delete(runs, mac)
		case r == nil || r.ap != ap:
			runs[mac] = &run{ap, ts, ts}
		default:
			r.to = ts
			best = math.Max(best, r.to-r.from)
		}
	}
	return best
}

// TestRepeatShiftsEachWalk: -repeat 2 is the walk, then the same walk with
// every event repeatGap later (the report benchmark's large input).
func TestRepeatShiftsEachWalk(t *testing.T) {
	var b bytes.Buffer
	if err := generateRepeated(&b, defaultSeed, 2); err != nil {
		t.Fatal(err)
	}
	walk := output(t, defaultSeed)
	one, two := parse(t, walk), parse(t, b.Bytes())
	if len(two) != 2*len(one) {
		t.Fatalf("-repeat 2 wrote %d events, want 2 × %d", len(two), len(one))
	}
	for i, l := range one {
		r := two[len(one)+i]
		if r.topic != l.topic || r.ev["mac"] != l.ev["mac"] {
			t.Fatalf("event %d of the second walk is %s %v, want %s %v", i, r.topic, r.ev["mac"], l.topic, l.ev["mac"])
		}
		if d := r.at.Sub(l.at); d != repeatGap {
			t.Fatalf("event %d received %v later, want %v", i, d, repeatGap)
		}
		if d := eventTime(r.ev) - eventTime(l.ev); math.Abs(d-repeatGap.Seconds()) > 1e-3 {
			t.Fatalf("event %d stamped %.6f s later, want %v", i, d, repeatGap)
		}
	}
	if !bytes.Equal(walk, b.Bytes()[:len(walk)]) {
		t.Fatal("the first walk of -repeat differs from the plain walk")
	}
}
