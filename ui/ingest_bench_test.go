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
