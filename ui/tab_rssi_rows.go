package ui

import (
	"slices"
	"sort"

	"github.com/mistwatch/mistwatch/model"
)

// The RSSI tab's rows follow the client table: clients that arrive, move,
// leave the filter or are evicted, with work in proportion to what changed.

// refresh keeps the rows, one per client the filter matches. Only new
// clients and those the batch touched are matched again. The rows of
// touched clients are moved to their sorted places (moveTouched) and new
// ones added at theirs (addRows); the row list is listed again in full
// only when a client left it by the filter, a name learned may move any
// row, or new clients do not simply follow the rows unsorted. Clients the
// table evicted just leave their rows (dropEvicted): the others keep their
// match and their order.
func (t *rssiTab) refresh(q model.Query, touched []model.Client, all bool) {
	clients := t.clients
	if ev := t.clients.Evictions(); ev != t.evictions {
		t.evictions = ev
		if !all {
			t.dropEvicted()
		}
	}
	added := t.added[:0] // clients that joined the rows
	removed := false     // a client left the rows
	check := func(c model.Client) {
		in := t.listed(q, c)
		if was := t.in.has(c.ID()); in != was {
			if in {
				t.in.add(c.ID())
				added = append(added, uint64(c.ID()))
			} else {
				t.in.remove(c.ID())
				removed = true
			}
		}
	}
	if all {
		t.in.clear()
		for i := range clients.Len() {
			check(clients.At(i))
		}
	} else {
		newer := sort.Search(clients.Len(), func(i int) bool { return clients.At(i).ID() > t.seenID })
		added = slices.Grow(added, clients.Len()-newer)
		for i := newer; i < clients.Len(); i++ {
			check(clients.At(i))
		}
		for _, c := range touched {
			if c.ID() <= t.seenID { // the newer ones were just checked
				check(c)
			}
		}
	}
	t.added = keepAdded(added)
	if n := clients.Len(); n > 0 {
		t.seenID = clients.At(n - 1).ID()
	}
	rows := t.table.ids
	names := [2]uint64{t.names.Version(), t.names.ClientVersion()}
	switch {
	case all || removed:
		// Re-list: rows left.
	case t.sort.col >= 0 && len(touched) > 0 && names == t.listedAt:
		t.moveTouched(touched, added)
		return
	case t.sort.col >= 0 && len(touched) > 0:
		// Re-list: a sort's values moved, and a name learned may move any row.
	case len(added) == 0:
		return
	case t.sort.col >= 0 || len(rows) == 0 || added[0] > rows[len(rows)-1] && slices.IsSorted(added):
		t.addRows(t, added) // new clients, after every row shown: the common case
		return
	}
	t.listedAt = names
	ids := make([]uint64, 0, t.in.n)
	for i := range clients.Len() { // first-seen order, as the unsorted tab shows it
		if c := clients.At(i); t.in.has(c.ID()) {
			ids = append(ids, uint64(c.ID()))
		}
	}
	t.setRows(t, ids)
}

// keepAdded is what refresh keeps of its list of added clients for the
// next hand-off: its room, unless a whole table's worth.
func keepAdded(added []uint64) []uint64 {
	if cap(added) > maxKeptRouted {
		return nil
	}
	return added[:0]
}

// dropEvicted removes the rows, and the matches, of clients the table
// evicted: a walk of the clients' IDs and one of the rows, with no client
// matched again and no row sorted again. The evicted are the stalest, not
// the oldest, so their rows can be anywhere.
func (t *rssiTab) dropEvicted() {
	var held idSet
	held.bits = t.inScratch[:0]
	for i := range t.clients.Len() {
		if id := t.clients.At(i).ID(); t.in.has(id) {
			held.add(id)
		}
	}
	t.in, t.inScratch = held, t.in.bits
	kept := t.table.ids[:0]
	for _, id := range t.table.ids {
		if t.in.has(int(id)) {
			kept = append(kept, id)
		}
	}
	clear(t.table.ids[len(kept):])
	t.table.setRows(kept, t.table.sorted)
}

// moveTouched puts the rows of the clients a hand-off touched, and those
// it added, at their sorted places. Only their keys changed: the other
// rows stay in order, so they need not be sorted again (a million rows at
// every hand-off).
func (t *rssiTab) moveTouched(touched []model.Client, added []uint64) {
	var moved idSet
	fresh := make([]uint64, 0, len(touched)+len(added))
	for _, c := range touched {
		if id := c.ID(); t.in.has(id) && !moved.has(id) {
			moved.add(id)
			fresh = append(fresh, uint64(id))
		}
	}
	for _, id := range added {
		if !moved.has(int(id)) {
			moved.add(int(id))
			fresh = append(fresh, id)
		}
	}
	rows := make([]uint64, 0, len(t.table.ids))
	for _, id := range t.table.ids {
		if !moved.has(int(id)) {
			rows = append(rows, id)
		}
	}
	sortRows(fresh, t.sort, t)
	t.table.setRows(mergeSorted(rows, fresh, t.sort.lessFunc(t)), false)
}

// idSet is a set of client IDs, one bit each: IDs are small, dense and
// never reused, and a map cost a hash per new client at every hand-off.
type idSet struct {
	bits []uint64
	n    int // IDs in the set
}

func (s *idSet) has(id int) bool {
	w := id / 64
	return w < len(s.bits) && s.bits[w]&(1<<(id%64)) != 0
}

func (s *idSet) add(id int) {
	if s.has(id) {
		return
	}
	for id/64 >= len(s.bits) {
		s.bits = append(s.bits, 0)
	}
	s.bits[id/64] |= 1 << (id % 64)
	s.n++
}

func (s *idSet) remove(id int) {
	if s.has(id) {
		s.bits[id/64] &^= 1 << (id % 64)
		s.n--
	}
}

func (s *idSet) clear() {
	clear(s.bits)
	s.n = 0
}
