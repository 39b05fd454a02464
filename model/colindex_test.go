package model

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// spanCase is the sample events many times over, some with a client,
// SSID or hostname of their own (so a column of a chunk may hold more
// values than it keeps codes for), in a store of 512-event chunks, most of
// them sealed (and indexed by the compressor or by the first reader), the
// first ones evicted, with a snapshot to read them.
func spanCase(t *testing.T) (*Store, *Snapshot) {
	t.Helper()
	var samples []Event
	for _, f := range loadSamples(t) {
		if _, evs, err := DecodeMessage(f.body, recv); err == nil {
			samples = append(samples, evs...)
		}
	}
	s := NewStore(8192)
	s.Dedupe = false // the copies repeat the samples
	for round := range 400 {
		evs := make([]Event, len(samples))
		for i, e := range samples {
			switch round % 4 {
			case 1:
				if e.MAC != "" {
					e.MAC = fmt.Sprintf("70ef00%06x", round*len(samples)+i)
				}
			case 2:
				e.SSID += strconv.Itoa(round % 3)
				e.RSSI -= float64(round % 7)
				if round%8 == 6 {
					e.RSSI += 0.1 // no float32: the chunk's readings are read from its records
				}
			case 3:
				if e.Hostname != "" || round%8 == 3 {
					e.Hostname = "Host-" + strconv.Itoa(round)
				}
			}
			evs[i] = e
		}
		s.Append(evs)
	}
	if s.Len() < 3*512 || s.Evicted() == 0 {
		t.Fatalf("%d events held, %d evicted: no sealed chunk, or none evicted", s.Len(), s.Evicted())
	}
	return s, s.Snapshot()
}

func spans(sn *Snapshot) []Span {
	first, end := sn.Range()
	var out []Span
	for sp := range sn.Spans(first+5, end) { // from mid-chunk
		out = append(out, sp)
	}
	return out
}

// TestChunkIndexAgreesWithRecords: each span's kinds and column codes name
// the values its records hold.
func TestChunkIndexAgreesWithRecords(t *testing.T) {
	_, sn := spanCase(t)
	defer sn.Close()
	first, end := sn.Range()
	seen, coded := 0, 0
	for _, sp := range spans(sn) {
		for k := range sp.Len() {
			r := sp.Rec(k)
			x := r.rec()
			if sp.Seq(k) != first+5+uint64(seen) || sp.Kinds()[k] != x.kind {
				t.Fatalf("record %d of a span: seq %d kind %d, want seq %d kind %d", k, sp.Seq(k), sp.Kinds()[k], first+5+uint64(seen), x.kind)
			}
			seen++
			want := [columnCount]uint32{ColReason: uint32(x.reason), ColFlags: uint32(x.flags)}
			var exact bool
			want[ColRSSI], exact = rssiValue(x)
			if rssi, ok := RSSIOf(want[ColRSSI]); exact && (ok != (x.flags&recHasRSSI != 0) || ok && rssi != x.rssi) {
				t.Fatalf("seq %d: ColRSSI %v %v for the reading %v", sp.Seq(k), rssi, ok, x.rssi)
			}
			if d, ok := durationValue(x); ok {
				want[ColDuration] = d
				if DurationOf(d) != x.duration {
					t.Fatalf("seq %d: ColDuration %v for %v", sp.Seq(k), DurationOf(d), x.duration)
				}
			} else if sp.Values(ColDuration) != nil {
				t.Fatalf("seq %d: the duration %v is no float32, yet its chunk's are coded", sp.Seq(k), x.duration)
			}
			if !exact && sp.Values(ColRSSI) != nil {
				t.Fatalf("seq %d: the reading %v is no float32, yet its chunk's readings are coded", sp.Seq(k), x.rssi)
			}
			for f := range fieldCount {
				want[f] = uint32(x.syms[f])
			}
			for c := range columnCount {
				vals := sp.Values(c)
				if vals == nil {
					continue
				}
				if got := vals[sp.Code(c, k)]; got != want[c] {
					t.Fatalf("seq %d column %d: index says %d, record %d", sp.Seq(k), c, got, want[c])
				}
				if codes := sp.Codes(c); codes != nil && codes[k] != sp.Code(c, k) {
					t.Fatalf("seq %d column %d: Codes and Code differ", sp.Seq(k), c)
				}
				coded++
			}
		}
	}
	if seen != int(end-first-5) || coded < seen*int(columnCount)/2 {
		t.Fatalf("%d records seen of %d, %d values coded", seen, end-first-5, coded)
	}
}

// TestSpanFieldsEqualsFields: a span's field answers are Fields' answers
// record by record, for bare words and field terms of the samples' values.
func TestSpanFieldsEqualsFields(t *testing.T) {
	s, sn := spanCase(t)
	defer sn.Close()
	evs := storedEvents(s)
	r := rand.New(rand.NewPCG(5, 6))
	hits := 0
	for _, w := range append(sampleWords(r, evs, s.Names)[:150], "nomatch", "corp", "roamed") {
		for _, text := range []string{w, "site:" + w, "ap:" + w, "mac:" + w, "ssid:" + w, "type:" + w, "-" + w, "rssi<-" + w[:1]} {
			q, err := ParseQuery(text)
			if err != nil {
				continue
			}
			m := q.Compile(sn.Symbols(), s.Names).Matcher()
			for _, sp := range spans(sn) {
				got := NewBits(sp.Len())
				m.SpanFields(0, sp, got)
				for k := range sp.Len() {
					want := m.Fields(0, sp.Rec(k))
					if got.Has(k) != want {
						t.Fatalf("%s, seq %d: span %v, Fields %v", text, sp.Seq(k), got.Has(k), want)
					}
					if want {
						hits++
					}
				}
				for k := sp.Len(); k < len(got)*64; k++ {
					if got.Has(k) {
						t.Fatalf("%s: bit %d set past the span's %d records", text, k, sp.Len())
					}
				}
			}
		}
	}
	if hits < 1000 {
		t.Fatalf("only %d matches: the words test little", hits)
	}
}

// TestSummarySpanMaybe: no record SpanMaybe rules out has a summary Match
// finds the word in, or one whose summary it cannot tell.
func TestSummarySpanMaybe(t *testing.T) {
	s, sn := spanCase(t)
	defer sn.Close()
	evs := storedEvents(s)
	r := rand.New(rand.NewPCG(7, 8))
	ruled, maybe := 0, 0
	for _, w := range append(sampleWords(r, evs, s.Names), "joined", "→", "dbm", "(", "×", "heard", "aps", "in", "?", "▼",
		"ended)", "nomatch", "zzz", "qq", "-67dbm", "at", "occupancy", "ping:", "(random") {
		q, err := ParseQuery(`"` + w + `"`)
		if err != nil {
			continue
		}
		sm := q.Compile(sn.Symbols(), s.Names).Matcher().Summary(0)
		if sm == nil {
			t.Fatalf("%q: no summary matcher", w)
		}
		for _, sp := range spans(sn) {
			may := NewBits(sp.Len())
			sm.SpanMaybe(sp, may)
			for k := range sp.Len() {
				if may.Has(k) {
					maybe++
					continue
				}
				ruled++
				if got, ok := sm.Match(sp.Rec(k)); got || !ok {
					t.Fatalf("%q: seq %d ruled out, but Match says %v (told %v)", w, sp.Seq(k), got, ok)
				}
			}
			for k := sp.Len(); k < len(may)*64; k++ {
				if may.Has(k) {
					t.Fatalf("%q: bit %d set past the span's %d records", w, k, sp.Len())
				}
			}
		}
	}
	if ruled < 100000 || maybe < 100000 {
		t.Fatalf("%d records ruled out, %d not: it tests little", ruled, maybe)
	}
}

// TestMaskOfAChunkSealedAfterTheSnapshot: a snapshot that reads a chunk
// sealed after it was taken (its later records' strings newer than its
// view) keeps no mask of their bytes for later snapshots to trust.
func TestMaskOfAChunkSealedAfterTheSnapshot(t *testing.T) {
	s := NewStore(8192) // 512-event chunks: more MACs than a column codes
	s.Dedupe = false
	batch := func(n int, format string) []Event {
		evs := make([]Event, n)
		for i := range evs {
			evs[i] = Event{Topic: "client-join", Kind: KindJoin, MAC: fmt.Sprintf(format, i)}
		}
		return evs
	}
	s.Append(batch(300, "70ef00%06x"))
	old := s.Snapshot()
	s.Append(batch(213, "zz%06x")) // fills and seals the first chunk
	q, err := ParseQuery("zz")
	if err != nil {
		t.Fatal(err)
	}
	count := func(sn *Snapshot) int {
		m := q.Compile(sn.Symbols(), s.Names).Matcher()
		n := 0
		for _, sp := range spans(sn) {
			b := NewBits(sp.Len())
			m.SpanFields(0, sp, b)
			for k := range sp.Len() {
				if b.Has(k) {
					n++
				}
			}
		}
		return n
	}
	if n := count(old); n != 0 {
		t.Fatalf("the old snapshot finds %d, want 0", n)
	}
	old.Close()
	sn := s.Snapshot()
	defer sn.Close()
	if n := count(sn); n != 213 {
		t.Fatalf("a later snapshot finds %d of the 213 zz clients", n)
	}
}

// TestPhraseWordsRuleOutOnlyMisses: a record that one of a phrase's words
// rules out (SpanMaybe, or Match) has a summary without the phrase.
func TestPhraseWordsRuleOutOnlyMisses(t *testing.T) {
	s, sn := spanCase(t)
	defer sn.Close()
	evs := storedEvents(s)
	r := rand.New(rand.NewPCG(9, 10))
	phrases := []string{"joined corp", `joined "corp"`, "roamed ap", "→ ?", "at (", "left ap"}
	for len(phrases) < 60 {
		words := strings.Fields(strings.ToLower(Summarize(&evs[r.IntN(len(evs))], s.Names)))
		if len(words) > 2 {
			lo := r.IntN(len(words) - 1)
			phrases = append(phrases, strings.Join(words[lo:lo+2], " "))
		}
	}
	ruled, kept := 0, 0
	for _, ph := range phrases {
		q, err := ParseQuery(`"` + strings.ReplaceAll(ph, `"`, "") + `"`)
		if err != nil || !q.TermHasSpace(0) {
			continue
		}
		m := q.Compile(sn.Symbols(), s.Names).Matcher()
		words := m.PhraseWords(0)
		if len(words) < 2 {
			t.Fatalf("%q: %d words", ph, len(words))
		}
		for _, sp := range spans(sn) {
			may := NewBits(sp.Len())
			may.Fill(sp.Len())
			for _, wm := range words {
				b := NewBits(sp.Len())
				wm.SpanMaybe(sp, b)
				for x := range may {
					may[x] &= b[x]
				}
			}
			for k := range sp.Len() {
				out := !may.Has(k)
				for _, wm := range words {
					if v, ok := wm.Match(sp.Rec(k)); ok && !v {
						out = true
					}
				}
				if !out {
					kept++
					continue
				}
				ruled++
				var e Event
				sn.Load(sp.Seq(k), &e)
				if sum := Summarize(&e, s.Names); containsFold(sum, q.terms[0].values[0]) {
					t.Fatalf("%q ruled out of seq %d, whose summary %q holds it", ph, sp.Seq(k), sum)
				}
			}
		}
	}
	if ruled < 100000 || kept < 10000 {
		t.Fatalf("%d records ruled out, %d kept: it tests little", ruled, kept)
	}
}
