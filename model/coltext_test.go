package model

import (
	"fmt"
	"testing"
)

// TestSpanContainsEqualsContainsFold: a column's text finds a word in
// exactly the records whose string containsFold finds it in, over spans
// starting and ending mid-chunk, strings with capitals and non-ASCII
// letters (the Kelvin sign lower-cases to an ASCII k), and a chunk one of
// whose strings holds a NUL (no text: per record).
func TestSpanContainsEqualsContainsFold(t *testing.T) {
	var samples []Event
	for _, f := range loadSamples(t) {
		if _, evs, err := DecodeMessage(f.body, recv); err == nil {
			samples = append(samples, evs...)
		}
	}
	s := NewStore(8192)
	s.Dedupe = false
	odd := []string{"MiXeD", "ÄÖü", "\u212aelvin", "plain", "x67y"}
	for round := range 40 {
		evs := make([]Event, len(samples))
		for i, e := range samples {
			n := round*len(samples) + i
			e.Hostname = fmt.Sprintf("Host-%d-%s", n, odd[n%len(odd)])
			if round == 7 && i == 3 {
				e.Hostname = "nul\x00here"
			}
			evs[i] = e
		}
		s.Append(evs)
	}
	sn := s.Snapshot()
	defer sn.Close()
	first, end := sn.Range()
	var all []Span
	for sp := range sn.Spans(first+5, end-3) {
		all = append(all, sp)
	}
	if len(all) < 3 {
		t.Fatalf("%d spans: too few chunks", len(all))
	}
	hits, texts, none := 0, 0, 0
	for _, needles := range [][]string{{"67"}, {"host-1"}, {"mixed"}, {"äö"}, {"kelvin"}, {"1", "zz"}, {"nul"}, {"zzz"}, {"-", "6"}} {
		for _, sp := range all {
			got := NewBits(sp.Len())
			if !sp.spanContains(FieldHostname, needles, got) {
				none++
				continue
			}
			texts++
			for k := range sp.Len() {
				host := sp.Rec(k).Str(FieldHostname)
				want := false
				for _, nd := range needles {
					want = want || containsFold(host, nd)
				}
				if got.Has(k) != want {
					t.Fatalf("%q, seq %d (%q): text %v, containsFold %v", needles, sp.Seq(k), host, got.Has(k), want)
				}
				if want {
					hits++
				}
			}
			for k := sp.Len(); k < len(got)*64; k++ {
				if got.Has(k) {
					t.Fatalf("%q: bit %d set past the span's %d records", needles, k, sp.Len())
				}
			}
		}
	}
	if hits < 1000 || none == 0 || texts == 0 {
		t.Fatalf("%d hits, %d spans searched as text, %d not: the case tests little", hits, texts, none)
	}
	if got := NewBits(all[1].Len()); all[1].spanContains(FieldHostname, []string{""}, got) ||
		all[1].spanContains(FieldHostname, []string{"a\x00"}, got) {
		t.Fatal("an empty needle or one holding a NUL searched as text")
	}
}
