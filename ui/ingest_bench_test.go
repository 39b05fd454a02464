package ui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/model/modeltest"
	"github.com/mistwatch/mistwatch/theme"
)

// loadHandOffs decodes n hand-offs of the load tool's traffic, each of
// perHandOff 10-event messages, before the timer starts.
func loadHandOffs(b *testing.B, n, perHandOff int) []batchesMsg {
	out := make([]batchesMsg, n)
	seq := 0
	for i := range out {
		for range perHandOff {
			_, evs, err := model.DecodeMessage(modeltest.LoadMessageBytes(seq, 10), time.Unix(1700000000, 0))
			if err != nil {
				b.Fatal(err)
			}
			out[i] = append(out[i], evs)
			seq += 10
		}
	}
	return out
}

// BenchmarkIngestLive is the dashboard's side of live ingest as the load
// tool drives it (every client new, --capacity 1000000, 160x48): one
// hand-off of 1,000 events (50 ms at 20k events/s) stored, routed and
// drawn, as the pump hands them over.
func BenchmarkIngestLive(b *testing.B) {
	m := New(Options{Capacity: 1000000, Theme: theme.New(true, -67, -75)})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	handOffs := loadHandOffs(b, b.N, 100)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(handOffs[i])
		_ = m.View()
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*1000), "ns/event")
}

// BenchmarkIngestReplay is the dashboard's side of a `--speed 0` replay of
// the load tool's record file (--capacity 1000000, 160x48): a hand-off is
// two streamed pieces of 10,000 events each, as the pump hands them over
// while the decoders keep ahead. Run it with -benchtime 25x or more: the
// store fills as a replay's does.
func BenchmarkIngestReplay(b *testing.B) {
	m := New(Options{Capacity: 1000000, Theme: theme.New(true, -67, -75)})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	decoded := loadHandOffs(b, 2*b.N, 1000)
	handOffs := make([]batchesMsg, b.N)
	for i := range handOffs {
		handOffs[i] = batchesMsg{joinBatch(decoded[2*i]), joinBatch(decoded[2*i+1])}
	}
	decoded = nil
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		m.Update(handOffs[i])
		_ = m.View()
		handOffs[i] = nil // stored: the events are the store's copies now, as in a replay
	}
	events := float64(b.N * 20000)
	b.ReportMetric(events/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/events, "ns/event")
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/events, "cpu-ns/event")
}

// joinBatch is a piece's events in one slice, as the file player hands
// them over.
func joinBatch(msg batchesMsg) []model.Event {
	var out []model.Event
	for _, b := range msg {
		out = append(out, b...)
	}
	return out
}
