package model

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// compiledCase is every sample event in a store, with a snapshot to match
// its records.
func compiledCase(t *testing.T) (*Store, *Snapshot, []Event) {
	t.Helper()
	s := NewStore(10000)
	for _, f := range loadSamples(t) {
		_, evs, err := DecodeMessage(f.body, recv)
		if err != nil {
			continue // the samples of refused payloads
		}
		s.Append(evs)
	}
	evs := storedEvents(s)
	if len(evs) < 20 {
		t.Fatalf("only %d sample events", len(evs))
	}
	return s, s.Snapshot(), evs
}

// sampleWords are pieces of what the events hold and what their summaries say.
func sampleWords(r *rand.Rand, evs []Event, n *Names) []string {
	var out []string
	for len(out) < 400 {
		e := &evs[r.IntN(len(evs))]
		texts := []string{Summarize(e, n), e.SSID, e.MAC, FormatMAC(e.AP), e.NextAP, e.ZoneID, e.Type, e.Text, e.SiteName, e.Topic, e.Band.String()}
		s := []rune(strings.ToLower(texts[r.IntN(len(texts))]))
		if len(s) == 0 {
			continue
		}
		lo := r.IntN(len(s))
		w := strings.TrimSpace(strings.ReplaceAll(string(s[lo:lo+1+r.IntN(min(8, len(s)-lo))]), `"`, ""))
		if w != "" && !strings.ContainsAny(w, " ") && w[0] != '-' { // a leading - negates
			out = append(out, w)
		}
	}
	return out
}

// TestCompiledEqualsMatch: a compiled query matches a record exactly when
// Query.Match matches its event, for bare words and field terms made of the
// samples' own values.
func TestCompiledEqualsMatch(t *testing.T) {
	s, snap, evs := compiledCase(t)
	defer snap.Close()
	r := rand.New(rand.NewPCG(1, 2))
	hits := 0
	for _, w := range sampleWords(r, evs, s.Names) {
		for _, text := range []string{`"` + w + `"`, "site:" + w, "ap:" + w, "type:" + w, "zone:" + w, "mac:" + w,
			"topic:" + w, "ssid:" + w, "ssid:=" + w, "-" + `"` + w + `"`, "band:" + w, "rssi<-" + w[:1]} {
			q, err := ParseQuery(text)
			if err != nil {
				continue
			}
			m := q.Compile(snap.Symbols(), s.Names).Matcher()
			for i := range evs {
				rec, ok := snap.Rec(evs[i].Seq)
				if !ok {
					t.Fatalf("seq %d not in the snapshot", evs[i].Seq)
				}
				want := q.Match(&evs[i], s.Names)
				if got := m.Match(rec); got != want {
					t.Fatalf("%s on %s event %d: compiled %v, Match %v", text, evs[i].Topic, evs[i].Seq, got, want)
				}
				if want {
					hits++
				}
			}
		}
	}
	if hits < 1000 {
		t.Fatalf("only %d matches: the words test little", hits)
	}
}

// TestSummaryMatcherEqualsSummarize: a word lies within Summarize's text
// exactly when SummaryMatcher says so, or it says it cannot tell.
func TestSummaryMatcherEqualsSummarize(t *testing.T) {
	s, snap, evs := compiledCase(t)
	defer snap.Close()
	r := rand.New(rand.NewPCG(3, 4))
	told, hits := 0, 0
	for _, w := range append(sampleWords(r, evs, s.Names), "joined", "→", "dbm", "(", "×", "heard", "aps", "in", "?", "▼", "ended)") {
		q, err := ParseQuery(`"` + w + `"`)
		if err != nil {
			continue
		}
		sm := q.Compile(snap.Symbols(), s.Names).Matcher().Summary(0)
		for i := range evs {
			e := &evs[i]
			if e.Kind == KindOther {
				snap.Load(e.Seq, e) // its summary may be its payload
			}
			rec, _ := snap.Rec(e.Seq)
			got, ok := sm.Match(rec)
			if !ok {
				continue
			}
			told++
			want := containsFold(Summarize(e, s.Names), w)
			if got != want {
				t.Fatalf("%q in %q (%s): matcher %v, Summarize %v", w, Summarize(e, s.Names), e.Topic, got, want)
			}
			if want {
				hits++
			}
		}
	}
	if told < len(evs)*100 || hits < 200 {
		t.Fatalf("the matcher answered %d times, %d of them yes: it tests little", told, hits)
	}
}
