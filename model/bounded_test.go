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
