package model

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// A column with too many values to code (a MAC per client) is searched as
// one text: each record's string lower-cased, one after another, each ended
// by a NUL. A word is then found by one library search over the chunk (a
// few bytes a record) instead of a symbol looked up and searched per
// record, and a hit's record is the count of NULs before it. Made on first
// use, under a snapshot (whose symbols are safe to read), and kept by a
// sealed chunk's index. TestSpanContainsEqualsContainsFold holds it to
// containsFold.

// colText is a column's text.
type colText struct {
	text  string
	marks []uint32 // offset of every 64th record's string
}

// noText stands for a column that cannot be kept as text (a string holds
// a NUL): its records are asked one by one.
var noText = &colText{}

// textEnd ends each record's string: no needle searched holds it.
const textEnd = "\x00"

// buildText makes the text of field f for the chunk's first n records;
// nil when a record is newer than the snapshot's symbols.
func buildText(s Span, f Field, n int) *colText {
	t := &colText{marks: make([]uint32, 0, (n+63)/64)}
	buf := make([]byte, 0, 16*n)
	for i := range n {
		if i%64 == 0 {
			t.marks = append(t.marks, uint32(len(buf)))
		}
		id := s.c.recs[i].syms[f]
		if int(id) >= s.syms.Slots() {
			return nil
		}
		str := s.syms.String(id)
		at := len(buf)
		for j := 0; j < len(str); j++ {
			c := str[j]
			if c >= utf8.RuneSelf {
				buf = append(buf[:at], strings.ToLower(str)...) // as containsFold folds it
				break
			}
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
		}
		if bytes.IndexByte(buf[at:], textEnd[0]) >= 0 || uint64(len(buf)) >= 1<<32-1 {
			return noText
		}
		buf = append(buf, textEnd...)
	}
	t.text = string(buf)
	return t
}

// at is the offset of record k's string; k may be the text's last record
// plus one.
func (t *colText) at(k int) int {
	off := int(t.marks[k/64])
	for range k % 64 {
		off += strings.IndexByte(t.text[off:], textEnd[0]) + 1
	}
	return off
}

// spanText is field f's text of the span's chunk; nil when there is none.
func (s Span) spanText(f Field) *colText {
	t := s.ix.texts[f].Load()
	if t == nil {
		if t = buildText(s, f, s.ix.n); t == nil {
			return nil
		}
		s.ix.texts[f].Store(t) // a sealed chunk's index keeps it
	}
	if t == noText {
		return nil
	}
	return t
}

// spanContains sets in out the span's records whose string of field f holds
// one of needles (lower-case) as containsFold tells; false when the column
// cannot be searched as text (out unchanged: ask per record).
func (s Span) spanContains(f Field, needles []string, out Bits) bool {
	for _, nd := range needles {
		if nd == "" || strings.Contains(nd, textEnd) {
			return false
		}
	}
	t := s.spanText(f)
	if t == nil {
		return false
	}
	start := t.at(s.lo)
	end := len(t.text)
	if s.hi < s.ix.n {
		end = t.at(s.hi)
	}
	text := t.text[start:end]
	for _, nd := range needles {
		pos, k := 0, 0 // k: the record whose string starts at pos
		for {
			i := strings.Index(text[pos:], nd)
			if i < 0 {
				break
			}
			i += pos
			k += strings.Count(text[pos:i], textEnd)
			out.Set(k)
			pos = i + strings.IndexByte(text[i:], textEnd[0]) + 1
			k++
		}
	}
	return true
}
