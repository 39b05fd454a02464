package model

import (
	"math"
	"strconv"
	"strings"
)

// SummaryMatcher tries a word on Summarize's text of records without writing
// it: the summary is pieces joined by spaces, so a word without a space lies
// within the summary exactly when it lies within one piece, and each piece
// is a symbol, a pair of symbols, a number or a fixed word, answered once per
// distinct value. It mirrors Summarize piece by piece;
// TestSummaryMatcherEqualsSummarize holds it to it. One goroutine each.
type SummaryMatcher struct {
	t    *term
	n    *Names
	view SymbolView
	raw  *SymMemo // the string itself (quoted: a word never holds a quote)
	who  *SymMemo // Names.Who of a MAC
	// whoWithinRaw: Names.Who of a MAC holds the word only if the MAC does
	// (Compiled.WhoWithinRaw).
	whoWithinRaw bool
	nextAP       *SymMemo // Names.AP of a MAC without a name
	band         *SymMemo // Band.String
	topic        Sym      // the last topic seen, and its shape
	shape        int8
	pairs        *[pairSlots]pairAnswer
	lits         [10]uint8 // fixed pieces' answers: 0 not asked, 1 no, 2 yes
}

// lit answers whether the word lies within a fixed piece, once.
func (s *SummaryMatcher) lit(k int, pieces ...string) bool {
	if s.lits[k] == 0 {
		s.lits[k] = 1 + b2bit(s.t.hasAny(pieces...))
	}
	return s.lits[k] == 2
}

// pairAnswer is a cached answer for a piece made of a pair of values.
type pairAnswer struct {
	key [3]uint64
	v   uint8 // 0 empty, 1 no, 2 yes
}

// pairSlots is the size of the direct-mapped cache of pair answers: a miss
// costs one piece written, a hit no map.
const (
	pairBits  = 12
	pairSlots = 1 << pairBits
)

// MixKey folds k into the hash h; the top bits of the result depend on
// every bit of every key folded in (floats' low bits are often all zero),
// so a direct-mapped cache indexes by them.
func MixKey(h, k uint64) uint64 { return (h ^ k) * 0x9E3779B97F4A7C15 }

// Summary returns a matcher of term i on summaries, or nil when term i
// holds a space (a phrase may span pieces: render the summary instead).
func (m *Matcher) Summary(i int) *SummaryMatcher {
	if m.c.q.TermHasSpace(i) {
		return nil
	}
	return m.summaryOf(&m.c.q.terms[i], m.Raw(i))
}

// PhraseWords returns matchers on summaries of the space-free words of
// term i's phrase: a summary holds the phrase only if it holds each of
// them, so a record any of them rules out needs no summary written. Nil
// when term i is no phrase of one alternative.
func (m *Matcher) PhraseWords(i int) []*SummaryMatcher {
	t := &m.c.q.terms[i]
	if !m.c.q.TermHasSpace(i) || len(t.values) != 1 {
		return nil
	}
	var out []*SummaryMatcher
	for _, w := range strings.Split(t.values[0], " ") {
		if w == "" {
			continue
		}
		wt := &term{values: []string{w}, digits: macDigitsOf([]string{w})}
		raw := NewSymMemo(m.c.view, func(s string) bool { return wt.hasAny(s) })
		out = append(out, m.summaryOf(wt, raw))
	}
	return out
}

// summaryOf is a matcher of the space-free word t on summaries; raw is
// t's question of a string itself.
func (m *Matcher) summaryOf(t *term, raw *SymMemo) *SummaryMatcher {
	c := m.c
	s := &SummaryMatcher{t: t, n: c.names, view: c.view, pairs: new([pairSlots]pairAnswer), shape: -1}
	s.raw, s.who, s.whoWithinRaw = raw, raw, c.whoWithinRaw(t)
	if !c.whoIsRaw(t) {
		s.who = NewSymMemo(c.view, func(x string) bool { return t.hasAny(c.names.Who(x)) })
	}
	s.nextAP = NewSymMemo(c.view, func(x string) bool { return t.hasAny(c.names.AP(x, "")) })
	s.band = NewSymMemo(c.view, func(x string) bool { return t.hasAny(Band(x).String()) })
	return s
}

// The shapes of Summarize's text, by topic.
const (
	sumJoin int8 = iota
	sumSession
	sumZone
	sumOccupancy
	sumAlarm
	sumScan
	sumLocation
	sumAudit
	sumPing
	sumOther
)

func summaryShape(topic string) int8 {
	switch topic {
	case "client-join":
		return sumJoin
	case "client-sessions":
		return sumSession
	case "zone", "rssizone", "vbeacon":
		return sumZone
	case "occupancy-alerts":
		return sumOccupancy
	case "alarms", "device-events", "device-updowns", "mxedge-events":
		return sumAlarm
	case "sdkclient-scan-data":
		return sumScan
	case "location", "location-client", "location-unclient", "location-asset", "location-sdk", "location-centrak":
		return sumLocation
	case "audits":
		return sumAudit
	case "ping":
		return sumPing
	}
	return sumOther
}

// Match reports whether the word lies within the record's summary; ok is
// false when that cannot be told without writing the summary (a summary that
// may be empty and so shows the payload).
func (s *SummaryMatcher) Match(r Rec) (match, ok bool) {
	x := r.rec()
	has := s.t.hasAny
	sym := func(f Field) Sym { return x.syms[f] }
	if x.kind == KindMarker {
		return s.lit(0, "▼") || s.raw.Has(sym(FieldText)), true
	}
	topic := sym(FieldTopic)
	if topic != s.topic || s.shape < 0 {
		s.topic, s.shape = topic, summaryShape(s.view.String(topic))
	}
	shape := s.shape
	who := sym(FieldMAC)
	// client or, when there is no client, the event's text
	whoOrText := func() bool {
		if who != 0 {
			return s.who.Has(who)
		}
		return s.raw.Has(sym(FieldText))
	}
	rssi := func() bool {
		return x.flags&recHasRSSI != 0 && s.pair(1, math.Float64bits(x.rssi), 0, func() bool {
			return has(strconv.FormatFloat(x.rssi, 'f', 0, 64) + "dBm")
		})
	}
	ap := func() bool {
		a, name := sym(FieldAP), sym(FieldAPName)
		return s.pair(2, uint64(a), uint64(name), func() bool { return has(s.n.AP(s.view.String(a), s.view.String(name))) })
	}
	zone := func() bool {
		id, name := sym(FieldZoneID), sym(FieldZoneName)
		return s.pair(3, uint64(id), uint64(name), func() bool { return has(s.n.Zone(s.view.String(id), s.view.String(name))) })
	}
	switch shape {
	case sumJoin:
		return s.who.Has(who) || s.lit(1, "joined", "on") || s.raw.Has(sym(FieldSSID)) || ap() ||
			s.band.Has(sym(FieldBand)) || rssi() || x.flags&recRandomMAC != 0 && s.lit(2, "(random MAC)"), true
	case sumSession:
		if s.who.Has(who) || ap() || rssi() || s.raw.Has(sym(FieldSSID)) || s.duration(x.duration) {
			return true, true
		}
		if x.flags&recRoam != 0 {
			next := sym(FieldNextAP)
			return s.lit(3, "roamed", "→") || next == 0 && s.lit(4, "?") || next != 0 && s.nextAP.Has(next), true
		}
		return s.lit(5, "left") || s.pair(4, uint64(uint32(x.reason)), 0, func() bool {
			return has("(" + firstOf(ReasonName(int(x.reason)), "ended") + ")")
		}), true
	case sumZone:
		trigger := sym(FieldTrigger)
		return whoOrText() || trigger == 0 && s.lit(6, "in") || s.raw.Has(trigger) || s.raw.Has(topic) || zone(), true
	case sumOccupancy:
		return zone() || s.lit(7, "occupancy") || s.raw.Has(sym(FieldType)) ||
			has(strconv.Itoa(int(x.occupancy))+"/"+strconv.Itoa(int(x.limit))), true
	case sumAlarm:
		if sym(FieldSeverity)|sym(FieldType)|sym(FieldDevice)|sym(FieldAP)|sym(FieldAPName)|sym(FieldText) == 0 {
			return false, false // maybe empty: the payload is shown
		}
		device := sym(FieldDevice)
		return s.raw.Has(sym(FieldSeverity)) || s.raw.Has(sym(FieldType)) ||
			device != 0 && s.raw.Has(device) || device == 0 && ap() ||
			x.count > 1 && has("×"+strconv.Itoa(int(x.count))) || s.raw.Has(sym(FieldText)), true
	case sumScan:
		n := len(r.c.scan(r.i))
		aps := "APs"
		if n == 1 {
			aps = "AP"
		}
		return s.who.Has(who) || has("on", "heard", aps, strconv.Itoa(n)) || s.nextAP.Has(sym(FieldAP)) ||
			s.band.Has(sym(FieldBand)) || rssi(), true
	case sumLocation:
		if who == 0 && sym(FieldText) == 0 && sym(FieldType) == 0 && x.flags&(recHasXY|recHasRSSI) == 0 {
			return false, false
		}
		return whoOrText() || x.flags&recHasXY != 0 &&
			has("at ("+strconv.FormatFloat(x.x, 'f', 1, 64)+", "+strconv.FormatFloat(x.y, 'f', 1, 64)+")") ||
			s.raw.Has(sym(FieldType)) || rssi(), true
	case sumAudit:
		if sym(FieldText) == 0 {
			return false, false
		}
		return s.raw.Has(sym(FieldText)), true
	case sumPing:
		return s.lit(8, "ping:") || s.raw.Has(sym(FieldText)), true
	}
	if who|sym(FieldAP)|sym(FieldAPName)|sym(FieldSSID)|sym(FieldType)|sym(FieldHostname)|sym(FieldText)|
		sym(FieldZoneID)|sym(FieldZoneName) == 0 && x.flags&recHasRSSI == 0 {
		return false, false
	}
	return s.who.Has(who) || ap() || s.raw.Has(sym(FieldSSID)) || s.raw.Has(sym(FieldType)) || rssi() ||
		s.raw.Has(sym(FieldHostname)) || s.raw.Has(sym(FieldText)) || zone(), true
}

// duration is DurationText's piece: only digits and h, m, s.
func (s *SummaryMatcher) duration(d float64) bool {
	return s.pair(5, math.Float64bits(d), 0, func() bool { return s.t.hasAny(DurationText(d)) })
}

// pair answers a piece by its kind and values, once per distinct pair.
func (s *SummaryMatcher) pair(kind, a, b uint64, answer func() bool) bool {
	k := [3]uint64{kind, a, b}
	p := &s.pairs[MixKey(MixKey(MixKey(0, kind), a), b)>>(64-pairBits)]
	if p.v != 0 && p.key == k {
		return p.v == 2
	}
	v := answer()
	p.key, p.v = k, 1
	if v {
		p.v = 2
	}
	return v
}
