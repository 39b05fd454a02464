package model

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"testing"
)

// BenchmarkFilterMatchNames runs the filter of BenchmarkFilterMatch over
// 100k events with names learned only (the reference) and with a names
// file naming every AP and the site plus 20k zones (an org of ~300 sites):
// site: and ap: terms then consult the file first.
func BenchmarkFilterMatchNames(b *testing.B) {
	_, tmpl, err := DecodeMessage(sessionsMessage(100), recv)
	if err != nil {
		b.Fatal(err)
	}
	tab := NewNameTable()
	for i := range tmpl {
		if err := tab.Set(NameAP, tmpl[i].AP, fmt.Sprintf("File AP %d floor", i)); err != nil {
			b.Fatal(err)
		}
	}
	if err := tab.Set(NameSite, tmpl[0].SiteID, "Test Site"); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 20000; i++ {
		_ = tab.Set(NameZone, fmt.Sprintf("00000000-0000-4000-8000-%012d", i), fmt.Sprintf("Zone %d", i))
	}
	q, err := ParseQuery(`site:test ssid:mist,corp -topic:ping rssi<-70 ap:floor zone:lab`)
	if err != nil {
		b.Fatal(err)
	}
	for _, withFile := range []bool{false, true} {
		name := "learned"
		if withFile {
			name = "file"
		}
		b.Run(name, func(b *testing.B) {
			s := NewStore(100000)
			s.Dedupe = false
			for s.Total() < 100000 {
				s.Append(append([]Event(nil), tmpl...))
			}
			if withFile {
				s.Names.AddFileNames(tab)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s.Each(func(e *Event) bool {
					q.Match(e, s.Names)
					return true
				})
			}
			b.ReportMetric(float64(b.N*s.Len())/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkParseNameTableCSV loads a names file of 20k rows; the reference is
// encoding/csv reading the same bytes without checking or storing them.
func BenchmarkParseNameTableCSV(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("kind,id,name\n")
	const rows = 20000
	for i := 0; i < rows; i++ {
		if i%5 == 4 {
			fmt.Fprintf(&buf, "ap,5c:5b:35:%02x:%02x:%02x,AP %d\n", i>>16&0xff, i>>8&0xff, i&0xff, i)
		} else {
			fmt.Fprintf(&buf, "zone,00000000-0000-4000-8000-%012d,Zone %d\n", i, i)
		}
	}
	data := buf.Bytes()
	b.Run("csv-read-only", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for i := 0; i < b.N; i++ {
			r := csv.NewReader(bytes.NewReader(data))
			for {
				if _, err := r.Read(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.N*rows)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("ParseNameTable", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for i := 0; i < b.N; i++ {
			t, err := ParseNameTable("bench.csv", data)
			if err != nil || t.Len() != rows {
				b.Fatal(err, t.Len())
			}
		}
		b.ReportMetric(float64(b.N*rows)/b.Elapsed().Seconds(), "rows/s")
	})
}
