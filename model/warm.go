package model

// Storing an event probes tables of a million entries: the dedupe window,
// the symbol index, the strings it points at, their reference counts and
// the client table. Each probe is a cache miss, and one after another they
// wait for memory in turn (~200-400 ns each on the 2-core machine the
// figures come from, against ~20 ns when the loads are independent and the
// processor overlaps them). So Append first walks a few events ahead and
// loads, stage by stage, what it is about to probe: loads that do not wait
// on one another. The hashes worked out on the way are kept for the store.

// warmAhead is how many events are warmed at once: their lines fit the
// first-level caches with room to spare, so none is evicted before use.
const warmAhead = 32

// ahead is what warming worked out for one event about to be stored.
type ahead struct {
	digest uint64             // the dedupe digest (0: none)
	size   int64              // the event's footprint
	hashes [fieldCount]uint32 // each string field's index hash (0: not worked out)
	ids    [fieldCount]Sym    // the ID the index's home line holds for it (a guess: intern checks)
}

// warm loads what storing events (at most warmAhead) will probe, and fills
// s.ahead for them. Each stage first works out addresses, then loads them
// in a loop that does nothing else, so that the processor has many loads in
// flight rather than a hash computation between two of them.
func (s *Store) warm(events []Event) {
	if len(s.ahead) < len(events) {
		s.ahead = make([]ahead, warmAhead)
	}
	syms, dd := s.syms, s.deduper
	// Stage 1: digests and hashes, then the lines they lead to.
	for i := range events {
		e, a := &events[i], &s.ahead[i]
		a.digest = 0
		if s.Dedupe {
			a.digest = digest(e)
		}
		a.size = footprintBut(e)
		for f, get := range strField {
			v := *get(e)
			a.size += int64(len(v))
			a.hashes[f], a.ids[f] = 0, 0
			if v != "" && v != syms.hot[f].s {
				a.hashes[f] = syms.ids.hash(v)
			}
		}
	}
	var sink uint64
	if s.Dedupe {
		for i := range events {
			sink += dd.touch(s.ahead[i].digest, i)
		}
	}
	for i := range events {
		for _, h := range &s.ahead[i].hashes {
			if h != 0 {
				sink += syms.ids.touch(h)
			}
		}
	}
	for i := range events {
		if s.ahead[i].hashes[FieldMAC] != 0 { // not the last event's client
			sink += s.Names.touch(&events[i])
		}
	}
	// Stage 2: the IDs those lines hold, then their counts, their strings'
	// headers and their clients' entries.
	for i := range events {
		a := &s.ahead[i]
		for f, h := range a.hashes {
			if h != 0 {
				a.ids[f] = syms.ids.guess(h)
			}
		}
	}
	pages := *syms.pages.Load()
	bySym := s.Clients.bySym
	for i := range events {
		a := &s.ahead[i]
		for _, id := range a.ids {
			if id != 0 {
				sink += uint64(syms.refs[id]) + uint64(len(pages[id/symPage][id%symPage]))
			}
		}
		if mac := a.ids[FieldMAC]; mac != 0 && int(mac) < len(bySym) {
			sink += uint64(bySym[mac])
		}
	}
	// Stage 3: the strings' bytes, which intern compares, and the clients.
	for i := range events {
		a := &s.ahead[i]
		for _, id := range a.ids {
			if id != 0 {
				if str := pages[id/symPage][id%symPage]; str != "" {
					sink += uint64(str[0])
				}
			}
		}
		if slot, ok := s.Clients.slotOf(a.ids[FieldMAC]); ok {
			sink += uint64(s.Clients.recs.at(slot).id)
		}
	}
	s.sink += sink
}
