package ui

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// loadMessage is a message as testdata/loadtest sends it: n client-join
// or client-sessions events, each with its own client MAC and sequence.
func loadMessage(first, n int) []byte {
	var b bytes.Buffer
	topic := "client-join"
	if first/n%2 == 1 {
		topic = "client-sessions"
	}
	fmt.Fprintf(&b, `{"topic":%q,"events":[`, topic)
	for s := first; s < first+n; s++ {
		if s > first {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"seq":%d,"mac":"70ef%08x","ap":"5c5b35%06x","ap_name":"AP43 Floor %d","band":"5","channel":36,`+
			`"org_id":"6748cfa6-4e12-11e6-8f42-0242ac110008","site_id":"d761985e-49b1-4506-8f42-0242ac110008","site_name":"HQ",`+
			`"ssid":"corp","rssi":-%d,"timestamp":%d,"client_family":"iPhone","client_os":"17.1","client_manufacture":"Apple"`,
			s, s, s%64, s%64, 40+s%50, 1700000000+s/100)
		if topic == "client-sessions" {
			fmt.Fprintf(&b, `,"duration":%d.5,"termination_reason":%d,"next_ap":"000000000000"`, s%3600, 1+s%3)
		}
		b.WriteByte('}')
	}
	b.WriteString("]}")
	return b.Bytes()
}

// loadHandOffs decodes n hand-offs of the load tool's traffic, each of
// perHandOff 10-event messages, before the timer starts.
func loadHandOffs(b *testing.B, n, perHandOff int) []batchesMsg {
	out := make([]batchesMsg, n)
	seq := 0
	for i := range out {
		for range perHandOff {
			_, evs, err := model.DecodeMessage(loadMessage(seq, 10), time.Unix(1700000000, 0))
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
