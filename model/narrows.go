package model

import (
	"slices"
	"strings"
)

// Narrows reports whether every row q matches is also matched by prev, so
// q's rows can be found among prev's instead of among everything stored:
// prev's terms are kept, in order, each unchanged or with its one value
// extended (a key typed at the end of a word), and terms may be added.
// This holds for cells as for fields: a longer substring lies only where
// the shorter one does. A false answer only costs a full scan.
func (q Query) Narrows(prev Query) bool {
	if len(q.terms) < len(prev.terms) {
		return false
	}
	for i := range prev.terms {
		if !q.terms[i].implies(&prev.terms[i]) {
			return false
		}
	}
	return true
}

// implies reports whether what t matches, p matches too.
func (t *term) implies(p *term) bool {
	if t.same(p) {
		return true
	}
	// Negations, exact values, alternatives and comparisons do not narrow
	// by growing.
	return t.field == p.field && t.field != "rssi" && t.field != "band" &&
		!t.negate && !p.negate && !t.exact && !p.exact &&
		len(t.values) == 1 && len(p.values) == 1 &&
		strings.Contains(t.values[0], p.values[0]) && strings.Contains(t.digits[0], p.digits[0])
}

func (t *term) same(p *term) bool {
	return t.field == p.field && t.negate == p.negate && t.exact == p.exact && t.op == p.op && t.num == p.num &&
		slices.Equal(t.values, p.values)
}
