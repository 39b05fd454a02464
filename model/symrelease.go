package model

// releaseWindow is how many records releaseRecords works on at a time, as
// warmAhead is for storing: their loads are in flight together.
const releaseWindow = 32

// releaseRecords drops the references of evicted records to their strings,
// as record.release does one by one, but a window of records at a time and
// in stages: evicted events are cold, and at a new client per event each
// record's last reference to its MAC costs four dependent cache misses
// (its count, the string's header, its bytes to hash, the index's slot).
// Each stage issues one kind of load for the whole window, so the
// processor overlaps them rather than waiting for each in turn.
func (t *Symbols) releaseRecords(recs []record) {
	for lo := 0; lo < len(recs); lo += releaseWindow {
		window := recs[lo:min(lo+releaseWindow, len(recs))]
		var sink uint32
		for i := range window {
			for _, id := range &window[i].syms {
				sink += t.refs[id] // 0 is the empty string's: never released, always there
			}
		}
		dying := t.dying[:0]
		for i := range window {
			for _, id := range &window[i].syms {
				if id != 0 {
					if t.refs[id]--; t.refs[id] == 0 {
						dying = append(dying, dyingSym{id: id})
					}
				}
			}
		}
		pages := *t.pages.Load()
		for _, d := range dying {
			sink += uint32(len(pages[d.id/symPage][d.id%symPage]))
		}
		for i := range dying {
			dying[i].hash = t.ids.hash(pages[dying[i].id/symPage][dying[i].id%symPage])
		}
		for _, d := range dying {
			sink += uint32(t.ids.touch(d.hash))
		}
		for _, d := range dying {
			t.forget(d.id, d.hash)
		}
		t.dying = dying
		t.sink += sink
	}
}

// dyingSym is a string whose last reference releaseRecords dropped.
type dyingSym struct {
	id   Sym
	hash uint32
}
