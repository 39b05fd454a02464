package model

// MatchRow is Match for a row as a table shows it. Besides the event's
// fields, a bare word (or quoted phrase) also matches when it lies within
// one cell's text, and a field term when it lies within a cell of a column
// that answers to that field (type: finds what a Type column shows).
// cells(field) returns those texts ("" for a bare word); it is called only
// for terms the fields alone did not satisfy.
func (q Query) MatchRow(e *Event, n *Names, cells func(field string) []string) bool {
	for i := range q.terms {
		t := &q.terms[i]
		if t.matchRow(e, n, cells) == t.negate {
			return false
		}
	}
	return true
}

func (t *term) matchRow(e *Event, n *Names, cells func(field string) []string) bool {
	if t.match(e, n) {
		return true
	}
	if t.field == "rssi" || t.field == "band" || cells == nil {
		return false
	}
	texts := cells(t.field)
	for _, v := range t.values {
		if t.has(v, texts...) {
			return true
		}
	}
	return false
}

// FieldsDecide reports whether an event that Match accepts is accepted by
// MatchRow whatever its cells show, so a caller may skip the cells: true
// unless a negated term is also tried on cells. A negated word that misses
// the fields may still lie in a cell, and `-x` must hide every row `x`
// finds (fix: the fields' answer was taken for the row's, so `-joined`
// kept the joins whose summary shows "joined").
func (q Query) FieldsDecide() bool {
	for i := range q.terms {
		if q.terms[i].negate && q.TermSearchesCells(i) {
			return false
		}
	}
	return true
}

// MatchClientRow is MatchClient with the row's cells, as MatchRow.
func (q Query) MatchClientRow(c Client, n *Names, cells func(field string) []string) bool {
	if q.Empty() {
		return true
	}
	e := clientEvent(c)
	return q.MatchRow(&e, n, cells)
}
