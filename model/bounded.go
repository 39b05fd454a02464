package model

import "maps"

// boundedMap remembers at most 2×limit keys taken from the wire: when the
// newer generation fills up it becomes the older one and the older one is
// forgotten. Keys still in use are put again and so move to the newer
// generation: what is forgotten is what nothing mentioned for a while.
type boundedMap[V comparable] struct {
	cur, old map[string]V
	limit    int
}

func newBoundedMap[V comparable](limit int) boundedMap[V] {
	return boundedMap[V]{cur: map[string]V{}, limit: max(limit, 1)}
}

func (m *boundedMap[V]) get(k string) V {
	if v, ok := m.cur[k]; ok {
		return v
	}
	return m.old[k]
}

// put stores v under k and reports whether that changed what get returns.
func (m *boundedMap[V]) put(k string, v V) (changed bool) {
	was, ok := m.cur[k]
	if ok && was == v {
		return false
	}
	if !ok {
		was = m.old[k] // one lookup per generation: this runs for every event
	}
	changed = was != v
	if len(m.cur) >= m.limit {
		m.old, m.cur = m.cur, make(map[string]V, len(m.cur))
	}
	m.cur[k] = v
	return changed
}

func (m *boundedMap[V]) len() int { return len(m.cur) + len(m.old) }

func (m *boundedMap[V]) clone() boundedMap[V] {
	return boundedMap[V]{cur: maps.Clone(m.cur), old: maps.Clone(m.old), limit: m.limit}
}
