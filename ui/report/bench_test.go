package report

import (
	"io"
	"math"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/receiver"
)

// benchClient is a client with n readings over a walk of n seconds.
func benchClient(n int) *Client {
	t0 := time.Unix(1793610000, 0)
	c := &Client{MAC: "70ef0071535f", Min: math.Inf(1), Max: math.Inf(-1), From: t0, Until: t0.Add(time.Duration(n) * time.Second)}
	for i := range n {
		v := -65 + 15*math.Sin(float64(i)/40)
		c.Points = append(c.Points, Reading{Time: t0.Add(time.Duration(i) * time.Second), RSSI: v, AP: "5c5b35a01c40"})
		c.Min, c.Max = math.Min(c.Min, v), math.Max(c.Max, v)
	}
	c.Readings = n
	c.Stretches = []Stretch{{From: c.From, Until: c.Until, AP: "A-1F-Lobby"}}
	return c
}

// BenchmarkClientChart draws one RSSI chart of MaxChartPoints readings.
func BenchmarkClientChart(b *testing.B) {
	c := benchClient(MaxChartPoints)
	r := &Report{Options: demoOptions()}
	b.ReportAllocs()
	for b.Loop() {
		_ = clientChart(c, r)
	}
}

// BenchmarkSurveyDemo is the whole report of the demo survey: both passes
// over its decoded events and the page. BenchmarkDecodeDemo, the reference,
// only decodes the same messages twice, as the two passes do.
func BenchmarkSurveyDemo(b *testing.B) {
	msgs := readMessages(b, demoFile)
	b.ReportAllocs()
	for b.Loop() {
		s := NewSurvey(demoOptions())
		decodeAll(msgs, s.Scan)
		s.EndScan()
		decodeAll(msgs, s.Collect)
		if err := WriteHTML(io.Discard, s.Report()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeDemo(b *testing.B) {
	msgs := readMessages(b, demoFile)
	b.ReportAllocs()
	for b.Loop() {
		decodeAll(msgs, func(*model.Event) {})
		decodeAll(msgs, func(*model.Event) {})
	}
}

func decodeAll(msgs []receiver.Message, fn func(*model.Event)) {
	for _, m := range msgs {
		evs, _ := m.Events(m.Received)
		for i := range evs {
			fn(&evs[i])
		}
	}
}
