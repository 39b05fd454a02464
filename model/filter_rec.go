package model

import "iter"

// Rec is a stored event as a filter or sort over a Snapshot reads it: its
// symbol IDs and numbers, no string unpacked and no time converted, which
// is most of what LoadFields costs per event.
type Rec struct {
	c    *chunk
	i    int
	syms SymbolView
}

// Rec returns the record of the event with the given Seq; false when not in
// range.
func (sn *Snapshot) Rec(seq uint64) (Rec, bool) {
	c, i, ok := sn.locate(seq)
	if !ok {
		return Rec{}, false
	}
	return Rec{c, i, sn.syms}, true
}

// Recs yields the records of the Seqs from lo to below hi that the snapshot
// holds, in order, a chunk at a time: a scan of a million records does no
// division per record to find it.
func (sn *Snapshot) Recs(lo, hi uint64) iter.Seq2[uint64, Rec] {
	return func(yield func(uint64, Rec) bool) {
		seq, end := max(lo, sn.first), min(hi, sn.end)
		for seq < end {
			c, i, _ := sn.locate(seq)
			n := min(len(c.recs)-i, int(end-seq))
			for k := i; k < i+n; k++ {
				if !yield(seq, Rec{c, k, sn.syms}) {
					return
				}
				seq++
			}
		}
	}
}

func (r Rec) rec() *record { return &r.c.recs[r.i] }

// Sym is the symbol ID of field f.
func (r Rec) Sym(f Field) Sym { return r.rec().syms[f] }

// Str is the string of field f.
func (r Rec) Str(f Field) string { return r.syms.String(r.rec().syms[f]) }

// Kind is the event's kind.
func (r Rec) Kind() Kind { return r.rec().kind }

// RSSI is the reading and whether there is one.
func (r Rec) RSSI() (float64, bool) { x := r.rec(); return x.rssi, x.flags&recHasRSSI != 0 }

// UnixNano is Event.Time as nanoseconds since 1970; 0 for no time, as
// time.Time{}.UnixNano() is not (it overflows), so callers that order by
// time compare HasTime first.
func (r Rec) UnixNano() (int64, bool) {
	x := r.rec()
	if x.flags&recHasTime == 0 {
		return 0, false
	}
	return x.sec*1e9 + int64(x.nsec), true
}

// Unix is Event.Time's whole seconds, and whether the event has a time.
func (r Rec) Unix() (int64, bool) { x := r.rec(); return x.sec, x.flags&recHasTime != 0 }

// Ints are the event's small numbers: Count, Reason, Occupancy, Limit, Channel.
func (r Rec) Ints() (count, reason, occupancy, limit, channel int) {
	x := r.rec()
	return int(x.count), int(x.reason), int(x.occupancy), int(x.limit), int(x.channel)
}

// Duration is Event.Duration.
func (r Rec) Duration() float64 { return r.rec().duration }

// Roam is Event.Roam.
func (r Rec) Roam() bool { return r.rec().flags&recRoam != 0 }

// SetField sets an event's string field f, for a caller that renders what
// a column shows of a few fields without loading the whole event.
func SetField(e *Event, f Field, s string) { *strField[f](e) = s }
