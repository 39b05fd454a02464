package ui

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// BenchmarkRSSIRefreshAfterEviction is what the RSSI tab's refresh costs
// after the client table evicted, with 200,000 clients held: the load
// tool's traffic (a new client per event) makes the table evict a tenth of
// its clients every 20,000 events once full.
func BenchmarkRSSIRefreshAfterEviction(b *testing.B) {
	m := New(Options{Capacity: 200000, Theme: theme.New(true, -67, -75)})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	for i := range 2200 { // 220,000 clients: one eviction
		batch := make([]model.Event, 100)
		for j := range batch {
			batch[j] = join(0, "Corp", "AP", -60)
			batch[j].MAC = fmt.Sprintf("70ef%08x", i*100+j)
			batch[j].Raw = fmt.Appendf(nil, `{"n":%d}`, i*100+j)
		}
		m.Update(EventsMsg(batch))
	}
	if m.store.Clients.Evictions() == 0 {
		b.Fatal("no eviction")
	}
	b.ResetTimer()
	for b.Loop() {
		m.rssi.evictions = 0 // as if the table had just evicted
		m.rssi.refresh(m.query, nil, false)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*m.store.Clients.Len()), "ns/client")
}
