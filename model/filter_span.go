package model

// Matching a span of records column by column (colindex.go): a term's field
// test asked once per distinct value of each column it reads, the records'
// answers set as bits. TestSpanFieldsEqualsFields holds it to Fields.

// Bits is a set of a span's records, bit k for record k.
type Bits []uint64

// NewBits is an empty set for n records.
func NewBits(n int) Bits { return make(Bits, (n+63)/64) }

// Has reports whether record k is in the set.
func (b Bits) Has(k int) bool { return b[k/64]&(1<<(k%64)) != 0 }

// Set adds record k.
func (b Bits) Set(k int) { b[k/64] |= 1 << (k % 64) }

// Fill puts the first n records in the set, and no other.
func (b Bits) Fill(n int) {
	for w := range b {
		b[w] = ^uint64(0)
	}
	if r := n % 64; r != 0 {
		b[len(b)-1] = 1<<r - 1
	}
}

// Empty reports whether the set is empty.
func (b Bits) Empty() bool {
	for _, w := range b {
		if w != 0 {
			return false
		}
	}
	return true
}

// SpanColumn sets in out the span's records whose value of column c
// answers yes, asking answer once per distinct value; false when the column
// has too many values to tell (out unchanged: ask per record).
func SpanColumn(s Span, c Column, answer func(v uint32) bool, out Bits) bool {
	vals := s.Values(c)
	if vals == nil {
		return false
	}
	var yes [4]uint64
	any, all := false, true
	for code, v := range vals {
		if answer(v) {
			yes[code/64] |= 1 << (code % 64)
			any = true
		} else {
			all = false
		}
	}
	switch {
	case !any:
	case all:
		out.Fill(s.Len())
	default:
		for k, code := range s.Codes(c) {
			if yes[code/64]&(1<<(code%64)) != 0 {
				out[k/64] |= 1 << (k % 64)
			}
		}
	}
	return true
}

// SpanFields sets out to the span's records whose fields match term i, as
// Fields answers each.
func (m *Matcher) SpanFields(i int, s Span, out Bits) {
	clear(out)
	t := &m.c.q.terms[i]
	n := s.Len()
	if t.field == "rssi" {
		if SpanColumn(s, ColRSSI, func(v uint32) bool {
			x, ok := RSSIOf(v)
			return ok && compare(x, t.op, t.num)
		}, out) {
			return
		}
		for k := range n {
			if x := &s.c.recs[s.lo+k]; x.flags&recHasRSSI != 0 && compare(x.rssi, t.op, t.num) {
				out.Set(k)
			}
		}
		return
	}
	for _, c := range m.checks[i] {
		memo := c.memo
		if SpanColumn(s, FieldCol(c.f), func(v uint32) bool { return memo.Has(Sym(v)) }, out) {
			continue
		}
		if c.needles != nil && !s.mayHold(c.f, c.needles) {
			continue // no string of the column can hold the word
		}
		if c.contains != nil && s.spanContains(c.f, c.contains, out) {
			continue
		}
		for k := range n {
			if out.Has(k) {
				continue
			}
			// A value per client: asked straight, as a memo would ask it
			// once per record anyway.
			id := s.c.recs[s.lo+k].syms[c.f]
			if c.raw && t.hasAny(s.syms.String(id)) || !c.raw && memo.Has(id) {
				out.Set(k)
			}
		}
	}
	if m.c.terms[i].reason {
		answer := func(v uint32) bool { return t.hasAny(ReasonName(int(int32(v)))) }
		if !SpanColumn(s, ColReason, answer, out) {
			for k := range n {
				if !out.Has(k) && answer(uint32(s.c.recs[s.lo+k].reason)) {
					out.Set(k)
				}
			}
		}
	}
}
