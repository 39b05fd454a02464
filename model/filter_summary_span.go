package model

import (
	"math"
	"slices"
	"strconv"
)

// SpanMaybe sets in out the span's records whose summary may hold the word:
// a record is left out only when no piece Match would try on it can hold
// the word. A piece of one column is asked once per distinct value of the
// span's chunk (a column with too many values by the bytes its strings
// hold), a pair of columns once per pair, numbers by the characters they
// are written with, fixed words once. A record left out needs no matching;
// TestSummarySpanMaybe holds it to Match.
func (s *SummaryMatcher) SpanMaybe(sp Span, out Bits) {
	clear(out)
	n := sp.Len()
	topics := sp.Values(FieldCol(FieldTopic))
	if topics == nil {
		out.Fill(n)
		return
	}
	p := spanPieces{s: s, sp: sp, n: n}
	t := s.t
	flags := sp.Values(ColFlags)
	// anyFlags: some record has every flag of all and none of none.
	anyFlags := func(all uint8, none uint8) bool {
		if flags == nil {
			return true
		}
		for _, v := range flags {
			if uint8(v)&all == all && uint8(v)&none == 0 {
				return true
			}
		}
		return false
	}
	// zeroMay: some record may have no value in every one of fields.
	zeroMay := func(fields ...Field) bool {
		for _, f := range fields {
			if vals := sp.Values(FieldCol(f)); vals != nil && !slices.Contains(vals, 0) {
				return false
			}
		}
		return true
	}
	number := func(chars string) bool { return !t.outside(chars) }
	rssi := func() Bits {
		if !number("-+0123456789dbmnaif") {
			return nil
		}
		return p.rssi(anyFlags(recHasRSSI, 0))
	}
	var shapes [sumOther + 1]Bits // per shape, its records that may: nil none
	// A record's shape is its topic's: per topic code, its shape's records.
	var byCode [maxDict + 1]Bits
	for code, topic := range topics {
		shape := summaryShape(s.view.String(Sym(topic)))
		if shapes[shape] != nil {
			byCode[code] = shapes[shape]
			continue
		}
		var may Bits
		switch shape {
		case sumJoin:
			may = p.or(p.who(), p.fixed(s.lit(1, "joined", "on")), p.raw(FieldSSID), p.ap(), p.col(FieldBand, s.band),
				rssi(), p.fixed(anyFlags(recRandomMAC, 0) && s.lit(2, "(random MAC)")))
		case sumSession:
			may = p.or(p.who(), p.ap(), rssi(), p.raw(FieldSSID), p.duration(number("0123456789hms")),
				p.fixed(s.lit(3, "roamed", "→") || s.lit(4, "?") || s.lit(5, "left")), p.col(FieldNextAP, s.nextAP), p.reason())
		case sumZone:
			may = p.or(p.who(), p.raw(FieldText), p.fixed(s.lit(6, "in")), p.raw(FieldTrigger), p.raw(FieldTopic), p.zone())
		case sumOccupancy:
			may = p.or(p.zone(), p.fixed(s.lit(7, "occupancy")), p.raw(FieldType), p.fixed(number("-0123456789/")))
		case sumAlarm:
			may = p.or(p.fixed(zeroMay(FieldSeverity, FieldType, FieldDevice, FieldAP, FieldAPName, FieldText)),
				p.raw(FieldSeverity), p.raw(FieldType), p.raw(FieldDevice), p.ap(), p.fixed(number("×-0123456789")), p.raw(FieldText))
		case sumScan:
			may = p.or(p.who(), p.fixed(s.lit(9, "on", "heard", "APs", "AP") || number("0123456789")),
				p.col(FieldAP, s.nextAP), p.col(FieldBand, s.band), rssi())
		case sumLocation:
			may = p.or(p.fixed(zeroMay(FieldMAC, FieldText, FieldType) && anyFlags(0, recHasXY|recHasRSSI)),
				p.who(), p.raw(FieldText), p.fixed(anyFlags(recHasXY, 0) && number("at (),.-+0123456789naif")),
				p.raw(FieldType), rssi())
		case sumAudit:
			may = p.or(p.fixed(zeroMay(FieldText)), p.raw(FieldText))
		case sumPing:
			may = p.or(p.fixed(s.lit(8, "ping:")), p.raw(FieldText))
		default:
			may = p.or(p.fixed(zeroMay(FieldMAC, FieldAP, FieldAPName, FieldSSID, FieldType, FieldHostname, FieldText,
				FieldZoneID, FieldZoneName) && anyFlags(0, recHasRSSI)),
				p.who(), p.ap(), p.raw(FieldSSID), p.raw(FieldType), rssi(), p.raw(FieldHostname),
				p.raw(FieldText), p.zone())
		}
		if may == nil {
			may = Bits{} // asked: none may
		}
		shapes[shape], byCode[code] = may, may
	}
	var markers Bits
	if sp.HasKind(KindMarker) {
		markers = p.or(p.fixed(s.lit(0, "▼")), p.raw(FieldText))
	}
	codes, kinds := sp.Codes(FieldCol(FieldTopic)), sp.Kinds()
	for k := range n {
		may := markers
		if kinds[k] != KindMarker {
			code := uint8(0)
			if codes != nil {
				code = codes[k]
			}
			may = byCode[code]
		}
		if len(may) > 0 && may.Has(k) {
			out.Set(k)
		}
	}
}

// spanPieces answers a span's records piece by piece, each piece's records
// made once: nil for none.
type spanPieces struct {
	s    *SummaryMatcher
	sp   Span
	n    int
	all  Bits
	made map[any]Bits
}

// or is the union of pieces (nil when none has a record).
func (p *spanPieces) or(pieces ...Bits) Bits {
	var out Bits
	for _, b := range pieces {
		if b == nil {
			continue
		}
		if out == nil {
			out = NewBits(p.n)
		}
		for w := range out {
			out[w] |= b[w]
		}
	}
	return out
}

// fixed is every record when yes, else none.
func (p *spanPieces) fixed(yes bool) Bits {
	if !yes {
		return nil
	}
	if p.all == nil {
		p.all = NewBits(p.n)
		p.all.Fill(p.n)
	}
	return p.all
}

// once makes a piece's records the first time it is asked.
func (p *spanPieces) once(key any, make func() Bits) Bits {
	if b, ok := p.made[key]; ok {
		return b
	}
	if p.made == nil {
		p.made = map[any]Bits{}
	}
	b := make()
	p.made[key] = b
	return b
}

type colPiece struct {
	f    Field
	memo *SymMemo
}

// col is the records whose field f memo answers yes.
func (p *spanPieces) col(f Field, memo *SymMemo) Bits {
	return p.once(colPiece{f, memo}, func() Bits {
		b := NewBits(p.n)
		if SpanColumn(p.sp, FieldCol(f), func(v uint32) bool { return memo.Has(Sym(v)) }, b) {
			return orNil(b)
		}
		return p.fixed(memo != p.s.raw || p.sp.mayHold(f, p.s.t.values))
	})
}

func (p *spanPieces) raw(f Field) Bits { return p.col(f, p.s.raw) }

// who is the records whose client piece may hold the word: those whose
// MAC holds it, when Who adds nothing a word could lie in, each asked.
func (p *spanPieces) who() Bits {
	if p.s.who == p.s.raw || !p.s.whoWithinRaw {
		return p.col(FieldMAC, p.s.who)
	}
	return p.once("who", func() Bits {
		b := NewBits(p.n)
		if SpanColumn(p.sp, FieldCol(FieldMAC), func(v uint32) bool { return p.s.raw.Has(Sym(v)) }, b) ||
			!p.sp.mayHold(FieldMAC, p.s.t.values) ||
			!p.s.t.exact && p.sp.spanContains(FieldMAC, p.s.t.values, b) {
			return orNil(b)
		}
		for k := range p.n {
			if p.s.t.hasAny(p.s.view.String(p.sp.c.recs[p.sp.lo+k].syms[FieldMAC])) {
				b.Set(k)
			}
		}
		return orNil(b)
	})
}

// orNil is b, or nil when empty.
func orNil(b Bits) Bits {
	if b.Empty() {
		return nil
	}
	return b
}

func (p *spanPieces) ap() Bits {
	return p.pair(2, FieldAP, FieldAPName, func(a, name string) string { return p.s.n.AP(a, name) })
}

func (p *spanPieces) zone() Bits {
	return p.pair(3, FieldZoneID, FieldZoneName, func(id, name string) string { return p.s.n.Zone(id, name) })
}

// rssi is the records whose "-67dBm" piece holds the word; any: whether
// some record has a reading, for a chunk whose readings are too many.
func (p *spanPieces) rssi(any bool) Bits {
	return p.once("rssi", func() Bits {
		b := NewBits(p.n)
		if !SpanColumn(p.sp, ColRSSI, func(v uint32) bool {
			x, ok := RSSIOf(v)
			return ok && p.s.pair(1, math.Float64bits(x), 0, func() bool {
				return p.s.t.hasAny(strconv.FormatFloat(x, 'f', 0, 64) + "dBm")
			})
		}, b) {
			return p.fixed(any)
		}
		return orNil(b)
	})
}

// duration is the records whose duration piece holds the word; may:
// whether the word is written with a duration's characters at all.
func (p *spanPieces) duration(may bool) Bits {
	if !may {
		return nil
	}
	return p.once("duration", func() Bits {
		b := NewBits(p.n)
		if !SpanColumn(p.sp, ColDuration, func(v uint32) bool { return p.s.duration(DurationOf(v)) }, b) {
			return p.fixed(true)
		}
		return orNil(b)
	})
}

// reason is the records whose "(reason)" piece holds the word.
func (p *spanPieces) reason() Bits {
	return p.once("reason", func() Bits {
		b := NewBits(p.n)
		if !SpanColumn(p.sp, ColReason, func(v uint32) bool {
			return p.s.pair(4, uint64(v), 0, func() bool {
				return p.s.t.hasAny("(" + firstOf(ReasonName(int(int32(v))), "ended") + ")")
			})
		}, b) {
			return p.fixed(true)
		}
		return orNil(b)
	})
}

// pair is the records whose text of fields a and b (as Match's pair kind)
// holds the word, answered once per pair of values of the chunk.
func (p *spanPieces) pair(kind uint64, a, b Field, text func(a, b string) string) Bits {
	return p.once(kind, func() Bits {
		as, bs := p.sp.Values(FieldCol(a)), p.sp.Values(FieldCol(b))
		if as == nil || bs == nil || len(as)*len(bs) > maxSpanPairs {
			return p.fixed(true)
		}
		var yes [maxSpanPairs]bool
		any := false
		for i, x := range as {
			for j, y := range bs {
				yes[i*len(bs)+j] = p.s.pair(kind, uint64(x), uint64(y), func() bool {
					return p.s.t.hasAny(text(p.s.view.String(Sym(x)), p.s.view.String(Sym(y))))
				})
				any = any || yes[i*len(bs)+j]
			}
		}
		if !any {
			return nil
		}
		out := NewBits(p.n)
		for k := range p.n {
			if yes[int(p.sp.Code(FieldCol(a), k))*len(bs)+int(p.sp.Code(FieldCol(b), k))] {
				out.Set(k)
			}
		}
		return out
	})
}

// maxSpanPairs is the most pairs of values a pair piece asks.
const maxSpanPairs = 1024
