package model

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sessionsMessage is a realistic client-sessions delivery with n events.
func sessionsMessage(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"topic":"client-sessions","events":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"ap":"5c5b352f%04x","ap_name":"AP43 Floor %d","band":"5","bssid":"5c5b352b%04x",`+
			`"client_family":"iPhone","client_manufacture":"Apple","client_model":"8+","client_os":"13.4.1",`+
			`"connect":1592333548,"connect_float":1592333548.117,"disconnect":1592333828,"disconnect_float":1592333828.589,`+
			`"duration":279.835049793,"mac":"70ef0071%04x","next_ap":"5c5b35d0%04x","org_id":"6748cfa6-4e12-11e6-8f42-0242ac110008",`+
			`"rssi":-%d,"site_id":"d761985e-49b1-4506-8f42-0242ac110008","site_name":"Test","ssid":"Mist","termination_reason":3,`+
			`"timestamp":1592333828,"version":2,"wlan_id":"6c0c0b07-0d77-44d1-8f42-0242ac110008","random_mac":false,"client_ip":"10.0.0.%d"}`,
			i, i, i, i, i+1, 50+i, i)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

func BenchmarkDecodeMessage(b *testing.B) {
	body := sessionsMessage(10)
	if _, evs, err := DecodeMessage(body, recv); err != nil || len(evs) != 10 {
		b.Fatalf("%v, %d events", err, len(evs))
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := DecodeMessage(body, recv); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*10)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkStoreAppend(b *testing.B) {
	_, tmpl, err := DecodeMessage(sessionsMessage(100), recv)
	if err != nil {
		b.Fatal(err)
	}
	s := NewStore(100000)
	s.Dedupe = false // the same batch again and again: measure storing, not refusing
	batch := make([]Event, len(tmpl))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		copy(batch, tmpl) // the store keeps pointers into the batch
		s.Append(batch)
		batch = make([]Event, len(tmpl))
	}
	b.ReportMetric(float64(b.N*len(tmpl))/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkFilterMatch(b *testing.B) {
	_, tmpl, err := DecodeMessage(sessionsMessage(100), recv)
	if err != nil {
		b.Fatal(err)
	}
	s := NewStore(100000)
	s.Dedupe = false // filled with copies of one batch
	for s.Total() < 100000 {
		s.Append(append([]Event(nil), tmpl...))
	}
	q, err := ParseQuery(`site:test ssid:mist,corp -topic:ping rssi<-70 ap:floor`)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var matched int
	for i := 0; i < b.N; i++ {
		matched = 0
		s.Each(func(e *Event) bool {
			if q.Match(e, s.Names) {
				matched++
			}
			return true
		})
	}
	if matched == 0 {
		b.Fatal("query matched nothing")
	}
	b.ReportMetric(float64(b.N*s.Len())/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkStoreAppendDedupe stores distinct events with duplicate
// detection on, as the dashboard does.
func BenchmarkStoreAppendDedupe(b *testing.B) {
	_, tmpl, err := DecodeMessage(sessionsMessage(100), recv)
	if err != nil {
		b.Fatal(err)
	}
	s := NewStore(100000)
	batches := make([][]Event, b.N)
	for i := range batches {
		batches[i] = make([]Event, len(tmpl))
		for j := range tmpl {
			batches[i][j] = tmpl[j]
			batches[i][j].Raw = []byte(fmt.Sprintf(`{"n":%d}`, i*len(tmpl)+j))
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Append(batches[i])
	}
	b.ReportMetric(float64(b.N*len(tmpl))/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkDecodeReference is the naive receiver's work on the same message
// (encoding/json into map[string]any): the reference decode is measured
// against in the same run, since the machine is shared.
func BenchmarkDecodeReference(b *testing.B) { benchReference(b, sessionsMessage(10), 10) }

func benchReference(b *testing.B, body []byte, events int) {
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*events)/b.Elapsed().Seconds(), "events/s")
}

// sampleMessage is a message of n events copied from a shared sample's
// events, each made distinct by a sequence number.
func sampleMessage(b *testing.B, file string, n int) []byte {
	raw, err := os.ReadFile(filepath.Join(samplesDir, file))
	if err != nil {
		b.Skip("shared samples not found:", err)
	}
	var msg struct {
		Topic  string           `json:"topic"`
		Events []map[string]any `json:"events"`
	}
	if err := json.Unmarshal(raw, &msg); err != nil || len(msg.Events) == 0 {
		b.Fatalf("%s: %v", file, err)
	}
	evs := make([]map[string]any, n)
	for i := range evs {
		evs[i] = maps.Clone(msg.Events[i%len(msg.Events)])
		evs[i]["seq"] = i
	}
	out, _ := json.Marshal(map[string]any{"topic": msg.Topic, "events": evs})
	return out
}

// BenchmarkDecode decodes each bulk topic at 1, 10 and 100 events per
// message, beside the naive receiver's decode of the same bytes.
func BenchmarkDecode(b *testing.B) {
	for _, topic := range []struct{ name, file string }{
		{"client-sessions", ""}, {"client-join", "client-join.captured.json"},
		{"location", "location-client.sdk-doc.json"}, {"alarms", "alarms.juniper-doc.json"},
	} {
		for _, n := range []int{1, 10, 100} {
			body := sessionsMessage(n)
			if topic.file != "" {
				body = sampleMessage(b, topic.file, n)
			}
			_, evs, err := DecodeMessage(body, recv)
			if err != nil || len(evs) != n {
				b.Fatalf("%s: %v, %d events", topic.name, err, len(evs))
			}
			name := fmt.Sprintf("%s/%d", topic.name, n)
			b.Run(name, func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				for b.Loop() {
					if _, _, err := DecodeMessage(body, recv); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "events/s")
			})
			b.Run(name+"/reference", func(b *testing.B) { benchReference(b, body, n) })
		}
	}
}
