package model

// A query compiled against a snapshot's symbol table: each term's field test
// (term.match) becomes, per field it reads, a question about that field's
// symbol, answered once per distinct symbol and then looked up, so matching
// a million events costs a million lookups, not a million substring scans.
// The questions mirror matchText exactly; TestCompiledEqualsMatch holds them
// to it.

// SymMemo answers a question about symbols' strings once per symbol ID, for
// one goroutine.
type SymMemo struct {
	view  SymbolView
	state []uint8 // 0 not asked yet, 1 no, 2 yes
	test  func(string) bool
}

// NewSymMemo asks test of the strings of v's symbols, lazily.
func NewSymMemo(v SymbolView, test func(string) bool) *SymMemo {
	return &SymMemo{view: v, state: make([]uint8, v.Slots()), test: test}
}

// Has is test(the string of id), asked once per id.
func (m *SymMemo) Has(id Sym) bool {
	if int(id) >= len(m.state) {
		return m.test(m.view.String(id))
	}
	switch m.state[id] {
	case 1:
		return false
	case 2:
		return true
	}
	ok := m.test(m.view.String(id))
	m.state[id] = 1
	if ok {
		m.state[id] = 2
	}
	return ok
}

// Compiled is a query prepared for a snapshot and a frozen copy of the
// names; share it between goroutines, each with its own Matcher.
type Compiled struct {
	q     Query
	names *Names
	view  SymbolView
	terms []compiledTerm
}

// compiledTerm is one term's field test: the fields it reads, each with the
// question (an index into tests) its symbol is asked.
type compiledTerm struct {
	fields []Field
	ask    []int
	tests  []func(string) bool
	reason bool // a bare word also searches the termination reason's name
}

// Compile prepares q for the events of a snapshot whose symbols v reads.
func (q Query) Compile(v SymbolView, n *Names) *Compiled {
	c := &Compiled{q: q, names: n, view: v, terms: make([]compiledTerm, len(q.terms))}
	for i := range q.terms {
		c.terms[i] = q.terms[i].compile(n)
	}
	return c
}

// Query is the query compiled.
func (c *Compiled) Query() Query { return c.q }

// compile lists, per field term.matchText reads, what it asks of the field's
// string: an alternative of the term matches when any field's answer is yes.
func (t *term) compile(n *Names) compiledTerm {
	var ct compiledTerm
	ask := func(test func(string) bool, fields ...Field) {
		ct.tests = append(ct.tests, test)
		for _, f := range fields {
			ct.fields = append(ct.fields, f)
			ct.ask = append(ct.ask, len(ct.tests)-1)
		}
	}
	// any asks whether some alternative v (d: v as MAC digits) matches.
	any := func(match func(v, d string, s string) bool) func(string) bool {
		return func(s string) bool {
			for i, v := range t.values {
				if match(v, t.digits[i], s) {
					return true
				}
			}
			return false
		}
	}
	raw := any(func(v, _, s string) bool { return t.has(v, s) })
	switch t.field {
	case "rssi":
		return ct // numbers: MatchFields compares them
	case "band":
		ask(func(s string) bool {
			for _, v := range t.values {
				if s == v {
					return true
				}
			}
			return false
		}, FieldBand)
	case "site":
		ask(raw, FieldSiteName)
		ask(any(func(v, _, s string) bool { return t.has(v, n.SiteName(s), s) }), FieldSiteID)
	case "ssid":
		ask(raw, FieldSSID)
	case "topic":
		ask(raw, FieldTopic)
	case "mac":
		ask(raw, FieldMAC)
	case "ap":
		ask(any(func(v, d, s string) bool { return t.has(d, s) || t.has(v, n.APName(s)) }), FieldAP, FieldNextAP)
		ask(raw, FieldAPName)
	case "zone":
		ask(raw, FieldZoneName)
		ask(any(func(v, _, s string) bool { return t.has(v, n.ZoneName(s), s) }), FieldZoneID)
	case "type":
		ask(raw, FieldType, FieldSeverity)
	default: // a bare word: every field's text, as matchText lists them
		ask(raw, FieldTopic, FieldSiteName, FieldSSID, FieldAPName, FieldZoneName, FieldType, FieldSeverity,
			FieldDevice, FieldText, FieldHostname, FieldFamily, FieldModel, FieldOS, FieldTrigger)
		ask(any(func(v, d, s string) bool { return d != v && t.has(d, s) || t.has(v, s) }), FieldMAC)
		ask(any(func(v, d, s string) bool { return d != v && t.has(d, s) || t.has(v, s, n.APName(s)) }),
			FieldAP, FieldNextAP)
		ask(any(func(v, _, s string) bool { return t.has(v, n.SiteName(s)) }), FieldSiteID)
		ask(any(func(v, _, s string) bool { return t.has(v, n.ZoneName(s), s) }), FieldZoneID)
		ask(any(func(v, _, s string) bool { return t.has(v, Band(s).String()) }), FieldBand)
		ct.reason = true
	}
	return ct
}

// Matcher matches records against a Compiled query on one goroutine.
type Matcher struct {
	c      *Compiled
	memos  [][]*SymMemo // per term, per test
	reason []map[int]bool
}

// Matcher returns a matcher for one goroutine.
func (c *Compiled) Matcher() *Matcher {
	m := &Matcher{c: c, memos: make([][]*SymMemo, len(c.terms)), reason: make([]map[int]bool, len(c.terms))}
	for i, t := range c.terms {
		for _, test := range t.tests {
			m.memos[i] = append(m.memos[i], NewSymMemo(c.view, test))
		}
		if t.reason {
			m.reason[i] = map[int]bool{}
		}
	}
	return m
}

// Terms is how many terms the query has.
func (m *Matcher) Terms() int { return len(m.c.terms) }

// Fields reports whether term i matches the event's fields, as Match asks
// of each term (not negated).
func (m *Matcher) Fields(i int, r Rec) bool {
	t := &m.c.q.terms[i]
	if t.field == "rssi" {
		v, ok := r.RSSI()
		return ok && compare(v, t.op, t.num)
	}
	ct := &m.c.terms[i]
	x := r.rec()
	for k, f := range ct.fields {
		if m.memos[i][ct.ask[k]].Has(x.syms[f]) {
			return true
		}
	}
	if ct.reason {
		code := int(x.reason)
		ok, seen := m.reason[i][code]
		if !seen {
			ok = t.hasAny(ReasonName(code))
			m.reason[i][code] = ok
		}
		return ok
	}
	return false
}

// Match is Query.Match of the record.
func (m *Matcher) Match(r Rec) bool {
	for i := range m.c.terms {
		if m.Fields(i, r) == m.c.q.terms[i].negate {
			return false
		}
	}
	return true
}

// TermField is term i's field: "" for a bare word or quoted phrase.
func (q Query) TermField(i int) string { return q.terms[i].field }

// TermNegated reports whether term i is negated (-term).
func (q Query) TermNegated(i int) bool { return q.terms[i].negate }

// TermSearchesCells reports whether term i is also tried on the text of
// cells (MatchRow): comparisons and bands are not.
func (q Query) TermSearchesCells(i int) bool {
	f := q.terms[i].field
	return f != "rssi" && f != "band"
}

// TermHas reports whether any of term i's alternatives lies within one of
// texts, as MatchRow tries cells.
func (q Query) TermHas(i int, texts ...string) bool { return q.terms[i].hasAny(texts...) }

// TermOutside reports whether every alternative of term i holds a character
// outside chars (lower-case), so it cannot lie within a text made only of
// those characters.
func (q Query) TermOutside(i int, chars string) bool {
	for _, v := range q.terms[i].values {
		outside := false
		for _, r := range v {
			if !containsRune(chars, r) {
				outside = true
				break
			}
		}
		if !outside {
			return false
		}
	}
	return true
}

// TermHasSpace reports whether an alternative of term i holds a space (a
// quoted phrase), which can span the parts a cell is made of.
func (q Query) TermHasSpace(i int) bool {
	for _, v := range q.terms[i].values {
		for j := 0; j < len(v); j++ {
			if v[j] == ' ' {
				return true
			}
		}
	}
	return false
}

func containsRune(s string, r rune) bool {
	for _, c := range s {
		if c == r {
			return true
		}
	}
	return false
}

func (t *term) hasAny(texts ...string) bool {
	for _, v := range t.values {
		if t.has(v, texts...) {
			return true
		}
	}
	return false
}
