package model

import (
	"iter"
	"math"
	"sync/atomic"
	"unicode/utf8"
)

// A filter reads a chunk a column at a time: per column (a string field,
// the reason code, the flags) the chunk's distinct values and, per record,
// a byte naming its value. A term is then asked once per distinct value of
// a chunk (a few dozen), not once per record, and a record's answer is a
// byte read and a table lookup instead of a 176-byte record read. Built
// once per sealed chunk (by the compressor, or by the first filter that
// needs it) and never changed: the records it describes never change.

// Column is what a chunk index describes per record: a string field's
// symbol, the reason code, or the record's flags.
type Column uint8

const (
	ColReason = Column(fieldCount) + iota
	ColFlags
	ColRSSI     // the reading as float32 bits, NoRSSI when none; many when one is not a float32
	ColDuration // the session's duration as float32 bits; many when one is not a float32
	columnCount
)

// NoRSSI is ColRSSI's value for a record without a reading (a NaN that no
// reading is coded as: a NaN reading makes the column many-valued).
const NoRSSI = ^uint32(0)

// rssiValue is a record's ColRSSI value; false when float32 cannot hold it.
func rssiValue(r *record) (uint32, bool) {
	if r.flags&recHasRSSI == 0 {
		return NoRSSI, true
	}
	f := float32(r.rssi)
	return math.Float32bits(f), float64(f) == r.rssi
}

// durationValue is a record's ColDuration value; false when float32
// cannot hold it.
func durationValue(r *record) (uint32, bool) {
	f := float32(r.duration)
	return math.Float32bits(f), float64(f) == r.duration
}

// DurationOf is the duration a ColDuration value stands for.
func DurationOf(v uint32) float64 { return float64(math.Float32frombits(v)) }

// RSSIOf is the reading a ColRSSI value stands for, and whether there is one.
func RSSIOf(v uint32) (float64, bool) {
	if v == NoRSSI {
		return 0, false
	}
	return float64(math.Float32frombits(v)), true
}

// FieldCol is field f's column.
func FieldCol(f Field) Column { return Column(f) }

// maxDict is the most distinct values a column keeps codes for; a column
// with more (a MAC per client) is read from the records.
const maxDict = 255

// ChunkIndex describes a chunk's records column by column.
type ChunkIndex struct {
	n       int
	kinds   []Kind
	kindSet [4]uint64 // the kinds some record has
	cols    [columnCount]colIndex
	masks   [fieldCount]atomic.Pointer[byteMask] // many-valued fields' bytes, made on first use
	texts   [fieldCount]atomic.Pointer[colText]  // many-valued fields' strings, made on first use (coltext.go)
}

// colIndex is one column of a chunk.
type colIndex struct {
	vals  []uint32 // distinct values in first-seen order; nil: more than maxDict
	codes []uint8  // per record, its value's place in vals; nil when there is one value
}

// byteMask is every byte (ASCII lower-cased) that some string of a column
// holds; all bits set when one holds a non-ASCII byte (lower-casing Unicode
// may yield ASCII).
type byteMask [4]uint64

// holds reports whether every byte of s may occur in the column's strings.
func (m *byteMask) holds(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; m[c/64]&(1<<(c%64)) == 0 {
			return false
		}
	}
	return true
}

// manyValues, added to a dictBuilder, makes its column many-valued.
const manyValues = ^uint32(0) - 1

// dictBuilder collects a column's distinct values and codes.
type dictBuilder struct {
	col   colIndex
	slots [2 * (maxDict + 1)]uint64 // open addressing: value+1, 0 empty
	code  [2 * (maxDict + 1)]uint8
	last  uint32
	lastC uint8
	many  bool
}

func (d *dictBuilder) add(i, n int, v uint32) {
	if d.many {
		return
	}
	if d.many = v == manyValues; d.many {
		d.col = colIndex{}
		return
	}
	if i > 0 && v == d.last {
		if d.col.codes != nil {
			d.col.codes[i] = d.lastC
		}
		return
	}
	h := int(MixKey(0, uint64(v)) >> (64 - 9))
	for {
		switch d.slots[h] {
		case 0:
			if len(d.col.vals) == maxDict {
				d.many, d.col = true, colIndex{}
				return
			}
			d.slots[h], d.code[h] = uint64(v)+1, uint8(len(d.col.vals))
			d.col.vals = append(d.col.vals, v)
			if len(d.col.vals) == 2 && d.col.codes == nil {
				d.col.codes = make([]uint8, n) // earlier records: code 0
			}
		case uint64(v) + 1:
		default:
			h = (h + 1) & (len(d.slots) - 1)
			continue
		}
		break
	}
	d.last, d.lastC = v, d.code[h]
	if d.col.codes != nil {
		d.col.codes[i] = d.lastC
	}
}

// indexedFields are the fields a filter or a cell reads; the others (an
// org, a maker, a BSSID, a map) are left unindexed: read per record, were
// anything to ask them.
var indexedFields = func() []Field {
	var out []Field
	for f := range fieldCount {
		if f != FieldOrgID && f != FieldMaker && f != FieldBSSID && f != FieldMapID {
			out = append(out, f)
		}
	}
	return out
}()

// buildIndex indexes recs.
func buildIndex(recs []record) *ChunkIndex {
	n := len(recs)
	ix := &ChunkIndex{n: n, kinds: make([]Kind, n)}
	b := new([columnCount]dictBuilder)
	for i := range recs {
		r := &recs[i]
		ix.kinds[i] = r.kind
		ix.kindSet[r.kind/64] |= 1 << (r.kind % 64)
		for _, f := range indexedFields {
			d, v := &b[f], uint32(r.syms[f])
			if i > 0 && v == d.last && !d.many { // the common case, kept out of add's call
				if d.col.codes != nil {
					d.col.codes[i] = d.lastC
				}
				continue
			}
			d.add(i, n, v)
		}
		b[ColReason].add(i, n, uint32(r.reason))
		b[ColFlags].add(i, n, uint32(r.flags))
		v, ok := rssiValue(r)
		if !ok {
			v = manyValues
		}
		b[ColRSSI].add(i, n, v)
		if v, ok = durationValue(r); !ok {
			v = manyValues
		}
		b[ColDuration].add(i, n, v)
	}
	for c := range b {
		ix.cols[c] = b[c].col
		if len(ix.cols[c].vals) > 0 {
			ix.cols[c].vals = append([]uint32(nil), ix.cols[c].vals...) // no spare room kept
		}
	}
	return ix
}

// index returns the chunk's index covering at least its first n records:
// kept once the chunk is sealed, made afresh for an open chunk.
func (c *chunk) index(n int) *ChunkIndex {
	if ix := c.colIndex.Load(); ix != nil {
		return ix
	}
	if c.sealed.Load() == nil {
		return buildIndex(c.recs[:n])
	}
	ix := buildIndex(c.recs[:c.n])
	if !c.colIndex.CompareAndSwap(nil, ix) {
		return c.colIndex.Load()
	}
	return ix
}

// IndexBytes is what the chunk indexes made so far take (kinds, codes,
// values, texts), for measuring.
func (sn *Snapshot) IndexBytes() int64 {
	n := int64(0)
	for _, c := range sn.chunks {
		if ix := c.colIndex.Load(); ix != nil {
			n += int64(len(ix.kinds))
			for _, col := range ix.cols {
				n += int64(len(col.codes) + 4*len(col.vals))
			}
			for f := range ix.texts {
				if t := ix.texts[f].Load(); t != nil {
					n += int64(len(t.text) + 4*len(t.marks))
				}
			}
		}
	}
	return n
}

// Span is a run of a snapshot's records that lie in one chunk, for reading
// them column by column. Record k of a span is k from its start.
type Span struct {
	c      *chunk
	lo, hi int    // the span is c.recs[lo:hi]
	seq    uint64 // Seq of c.recs[lo]
	syms   SymbolView
	ix     *ChunkIndex
}

// Spans yields the records with Seqs from lo to below hi that the snapshot
// holds, a chunk at a time, in order.
func (sn *Snapshot) Spans(lo, hi uint64) iter.Seq[Span] {
	return func(yield func(Span) bool) {
		seq, end := max(lo, sn.first), min(hi, sn.end)
		for seq < end {
			c, i, _ := sn.locate(seq)
			n := min(len(c.recs)-i, int(end-seq))
			if !yield(Span{c: c, lo: i, hi: i + n, seq: seq, syms: sn.syms, ix: c.index(i + n)}) {
				return
			}
			seq += uint64(n)
		}
	}
}

// Len is how many records the span holds.
func (s Span) Len() int { return s.hi - s.lo }

// Seq is the Seq of record k.
func (s Span) Seq(k int) uint64 { return s.seq + uint64(k) }

// Rec is record k.
func (s Span) Rec(k int) Rec { return Rec{s.c, s.lo + k, s.syms} }

// Kinds are the records' kinds.
func (s Span) Kinds() []Kind { return s.ix.kinds[s.lo:s.hi] }

// HasKind reports whether some record of the span's chunk is of kind k.
func (s Span) HasKind(k Kind) bool { return s.ix.kindSet[k/64]&(1<<(k%64)) != 0 }

// Values are column c's distinct values in the span's chunk (symbol IDs for
// a field), a superset of the span's; nil when there are more than a
// column keeps.
func (s Span) Values(c Column) []uint32 { return s.ix.cols[c].vals }

// Code is record k's value of column c as a place in Values(c); Values(c)
// must not be nil.
func (s Span) Code(c Column, k int) uint8 {
	if codes := s.ix.cols[c].codes; codes != nil {
		return codes[s.lo+k]
	}
	return 0
}

// Codes is column c's codes for the span's records; nil when the column
// has one value (every code 0) or many (Values is nil).
func (s Span) Codes(c Column) []uint8 {
	if codes := s.ix.cols[c].codes; codes != nil {
		return codes[s.lo:s.hi]
	}
	return nil
}

// mayHold reports whether field f's string of some record of the chunk may
// hold every byte of one of needles (lower-case): false rules the field out.
func (s Span) mayHold(f Field, needles []string) bool {
	m := s.ix.masks[f].Load()
	if m == nil {
		m = new(byteMask)
	records:
		for i := range s.ix.n {
			id := s.c.recs[i].syms[f]
			if int(id) >= s.syms.Slots() {
				// A record stored after the snapshot, its string newer than
				// the snapshot's view: no mask to keep, nothing ruled out.
				return true
			}
			str := s.syms.String(id)
			for j := 0; j < len(str); j++ {
				c := str[j]
				if c >= utf8.RuneSelf {
					*m = byteMask{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
					break records // every byte may occur: the other records add nothing
				}
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				m[c/64] |= 1 << (c % 64)
			}
		}
		s.ix.masks[f].Store(m) // a sealed chunk's index keeps it
	}
	for _, nd := range needles {
		if m.holds(nd) {
			return true
		}
	}
	return false
}
