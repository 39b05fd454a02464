package ui

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// fullModel is a dashboard holding 100k events from 2000 clients, as after
// a long day at a busy site.
func fullModel(b *testing.B) *Model {
	b.Helper()
	// Measure with colour, as a terminal would get it (go test's stdout is
	// not a terminal, so lipgloss would otherwise drop every style).
	lipgloss.SetColorProfile(termenv.ANSI256)
	b.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
	m := New(Options{Capacity: 100000, Theme: theme.New(false, -67, -75)})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	for i := 0; i < 1000; i++ {
		batch := make([]model.Event, 0, 100)
		for j := 0; j < 100; j++ {
			n := i*100 + j
			if n%3 == 0 {
				batch = append(batch, roam(n, fmt.Sprintf("5c5b35%06x", n%12), fmt.Sprintf("5c5b35%06x", (n+1)%12)))
			} else {
				batch = append(batch, join(n%2000, "Corp", fmt.Sprintf("AP-%d", n%12), float64(-40-n%50)))
			}
		}
		m.Update(EventsMsg(batch))
	}
	return m
}

// BenchmarkView measures one frame with 100k events stored (colour on).
func BenchmarkView(b *testing.B) {
	for _, tab := range []string{"1", "3", "4"} {
		b.Run("tab"+tab, func(b *testing.B) {
			m := fullModel(b)
			m.Update(press(tab))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_ = m.View()
			}
		})
	}
}

// BenchmarkIngest measures storing and routing a 100-event batch into a
// full store (evicting as it goes), which is what each pump flush costs.
func BenchmarkIngest(b *testing.B) {
	m := fullModel(b)
	batches := joinBatches(b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(EventsMsg(batches[i]))
	}
	b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkRefilter measures typing one filter character over 100k events.
func BenchmarkRefilter(b *testing.B) {
	m := fullModel(b)
	queries := []string{"ssid:corp", "rssi<-70", "ap:ap-3", "corp"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.applyFilter(queries[i%len(queries)])
	}
}

// BenchmarkIngestSorted is BenchmarkIngest with the All tab sorted by its
// summary text, the dearest key.
func BenchmarkIngestSorted(b *testing.B) {
	m := fullModel(b)
	ts := m.tabs[tabAll].base()
	for ts.sort.col < 0 || ts.table.cols[ts.sort.col].title != "Summary" {
		m.Update(press("o"))
	}
	batches := joinBatches(b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(EventsMsg(batches[i]))
	}
	b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "events/s")
}

// joinBatches makes n batches of 100 distinct joins, built before the timer.
func joinBatches(n int) [][]model.Event {
	batches := make([][]model.Event, n)
	for i := range batches {
		batch := make([]model.Event, 100)
		for j := range batch {
			batch[j] = join(i*100+j, "Corp", "AP", -60)
		}
		batches[i] = batch
	}
	return batches
}

// BenchmarkViewFollowPanel is one frame of tab 1 with 100k events stored,
// with three pinned clients' cards (panel) and with the panel hidden
// (reference): what the cockpit costs per frame.
func BenchmarkViewFollowPanel(b *testing.B) {
	for _, shown := range []bool{false, true} {
		name := "reference"
		if shown {
			name = "panel"
		}
		b.Run(name, func(b *testing.B) {
			m := fullModel(b)
			for _, i := range []int{1, 2, 3} {
				m.togglePin(fmt.Sprintf("70ef0071%04x", i))
			}
			m.follow.shown = shown
			m.layoutTables()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_ = m.View()
			}
		})
	}
}

// BenchmarkIngestPinned is a 100-event batch into a full store with three
// pinned clients (their cards and alerts follow every event) against none.
func BenchmarkIngestPinned(b *testing.B) {
	for _, pinned := range []int{0, 3} {
		b.Run(fmt.Sprintf("pins%d", pinned), func(b *testing.B) {
			m := fullModel(b)
			for i := 1; i <= pinned; i++ {
				m.togglePin(fmt.Sprintf("70ef0071%04x", i))
			}
			batches := joinBatches(b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m.Update(EventsMsg(batches[i]))
			}
		})
	}
}
