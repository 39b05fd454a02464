package model

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// mapGenerations is boundedMap as it was, two Go maps: the reference the
// flat tables must agree with.
type mapGenerations struct {
	cur, old map[string]string
	limit    int
}

func (m *mapGenerations) get(k string) string {
	if v, ok := m.cur[k]; ok {
		return v
	}
	return m.old[k]
}

func (m *mapGenerations) put(k, v string) bool {
	was, ok := m.cur[k]
	if ok && was == v {
		return false
	}
	if !ok {
		was = m.old[k]
	}
	if !ok && len(m.cur) >= m.limit {
		m.old, m.cur = m.cur, map[string]string{}
	}
	m.cur[k] = v
	return was != v
}

// TestBoundedMapAgreesWithMaps: random puts of keys from a pool several
// times the limit (so generations roll and tables grow) answer get, put's
// change, len and values as two Go maps do; a clone taken midway keeps
// its answers while the original moves on.
func TestBoundedMapAgreesWithMaps(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	m, ref := newBoundedMap[string](300), &mapGenerations{cur: map[string]string{}, limit: 300}
	key := func() string { return fmt.Sprintf("70ef%08x", rng.IntN(1000)) }
	var clone boundedMap[string]
	var cloneRef map[string]string
	for i := range 20000 {
		k, v := key(), fmt.Sprint("name ", rng.IntN(3))
		if got, want := m.put(k, v), ref.put(k, v); got != want {
			t.Fatalf("put %d (%s=%s): changed %v, maps say %v", i, k, v, got, want)
		}
		if k := key(); m.get(k) != ref.get(k) {
			t.Fatalf("after %d puts get(%s) = %q, maps say %q", i+1, k, m.get(k), ref.get(k))
		}
		if m.len() != len(ref.cur)+len(ref.old) {
			t.Fatalf("after %d puts len %d, maps hold %d", i+1, m.len(), len(ref.cur)+len(ref.old))
		}
		if i == 10000 {
			clone, cloneRef = m.clone(), map[string]string{}
			for k := range 1000 {
				key := fmt.Sprintf("70ef%08x", k)
				cloneRef[key] = m.get(key)
			}
		}
	}
	for k, v := range cloneRef {
		if clone.get(k) != v {
			t.Fatalf("clone: get(%s) = %q, was %q when cloned", k, clone.get(k), v)
		}
	}
	var want []string
	for _, g := range []map[string]string{ref.cur, ref.old} {
		for _, v := range g {
			want = append(want, v)
		}
	}
	got := slices.Collect(m.values())
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("values: %d of them, maps hold %d", len(got), len(want))
	}
}

// TestFlatMapGrowsByDoubling: filling a table allocates once per doubling
// of its index, once per page of entries and for the list of pages as
// append grows it, and nothing more: the entries are never copied into a
// larger array.
func TestFlatMapGrowsByDoubling(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts do not hold under the race detector")
	}
	const n = 100000
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("70ef%08x", i)
	}
	allocs := testing.AllocsPerRun(3, func() {
		var f flatMap[int]
		for i, k := range keys {
			f.set(k, keyHash(k), i)
		}
	})
	doublings := 0
	for size := 64; size*3/4 < n; size *= 2 {
		doublings++
	}
	pages := (n + flatPage - 1) / flatPage
	listGrowths := 0
	for size := 1; size < pages; size += max(size/4, 1) {
		listGrowths++ // at most as often as append grows a slice of pointers
	}
	if max := float64(doublings + 1 + pages + listGrowths); allocs > max {
		t.Fatalf("filling %d keys: %.0f allocations, want at most %.0f", n, allocs, max)
	}
}

// TestFlatMapEntriesSurviveGrowth: entries stay readable across growths of
// the index, pages and an emptied table's reuse, and a clone is separate.
func TestFlatMapEntriesSurviveGrowth(t *testing.T) {
	var f flatMap[int]
	const n = 3*flatPage + 7
	for round := range 2 {
		for i := range n {
			k := fmt.Sprintf("k%d-%d", round, i)
			f.set(k, keyHash(k), i)
		}
		f.set("k0-5", keyHash("k0-5"), -5) // an update in place
		for i := range n {
			k := fmt.Sprintf("k%d-%d", round, i)
			want := i
			if k == "k0-5" {
				want = -5
			}
			if v, ok := f.get(k, keyHash(k)); !ok || v != want {
				t.Fatalf("round %d: get(%s) = %d, %v; want %d", round, k, v, ok, want)
			}
		}
		if v, ok := f.get("k1-0", keyHash("k1-0")); round == 0 && ok {
			t.Fatalf("round 0: get(k1-0) = %d before it was set", v)
		}
		c := f.clone()
		c.set("k0-6", keyHash("k0-6"), 1000)
		if v, _ := f.get("k0-6", keyHash("k0-6")); round == 0 && v != 6 {
			t.Fatalf("a clone's set changed the original: %d", v)
		}
		f = f.emptied()
		if _, ok := f.get("k0-1", keyHash("k0-1")); ok {
			t.Fatal("an emptied table still holds a key")
		}
	}
}

// TestBoundedMapReusesGenerations: once the first generation is forgotten,
// a new generation is filled in the old one's memory: no allocation.
func TestBoundedMapReusesGenerations(t *testing.T) {
	const limit = 5000
	keys := make([]string, 10*limit)
	for i := range keys {
		keys[i] = fmt.Sprintf("70ef%08x", i)
	}
	m, next := newBoundedMap[int](limit), 0
	fill := func() {
		for range limit {
			m.put(keys[next%len(keys)], next)
			next++
		}
	}
	fill()
	fill()
	fill() // the first generation is forgotten here
	if allocs := testing.AllocsPerRun(3, fill); allocs != 0 {
		t.Fatalf("a generation of %d new keys: %.0f allocations, want none", limit, allocs)
	}
	if got, want := m.get(keys[(next-1)%len(keys)]), next-1; got != want {
		t.Fatalf("newest key: %d, want %d", got, want)
	}
	if m.len() != 2*limit {
		t.Fatalf("len %d, want %d", m.len(), 2*limit)
	}
}
