package model

import (
	"iter"
	"slices"
	"strings"
	"sync"
)

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
	state []uint64 // two bits per ID: asked, and the answer (a million IDs: 256 KB)
	test  func(string) bool
}

// NewSymMemo asks test of the strings of v's symbols, lazily.
func NewSymMemo(v SymbolView, test func(string) bool) *SymMemo {
	return &SymMemo{view: v, test: test}
}

// Has is test(the string of id), asked once per id.
func (m *SymMemo) Has(id Sym) bool {
	if w := int(id / 32); w < len(m.state) {
		if st := m.state[w] >> (id % 32 * 2) & 3; st != 0 {
			return st == 3
		}
	}
	return m.ask(id)
}

// ask answers id for the first time: Has's slow path, kept apart so that
// Has is inlined.
func (m *SymMemo) ask(id Sym) bool {
	if m.state == nil {
		m.state = make([]uint64, (m.view.Slots()+31)/32) // on first use
	}
	w, shift := int(id/32), id%32*2
	if w >= len(m.state) {
		return m.test(m.view.String(id))
	}
	ok := m.test(m.view.String(id))
	m.state[w] |= (1 | uint64(b2bit(ok))<<1) << shift
	return ok
}

func b2bit(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// Compiled is a query prepared for a snapshot and a frozen copy of the
// names; share it between goroutines, each with its own Matcher.
type Compiled struct {
	q     Query
	names *Names
	view  SymbolView
	terms []compiledTerm

	clientOnce sync.Once
	clientMiss []bool
}

// compiledTerm is one term's field test: the fields it reads, each with the
// question (an index into tests) its symbol is asked.
type compiledTerm struct {
	fields  []Field
	ask     []int
	tests   []func(string) bool
	needles [][]string // per test, when it can hold only if the string holds every byte of one of these
	// contains, per test, when it is exactly whether the string holds one
	// of these (containsFold): a column's text answers it (coltext.go).
	contains [][]string
	reason   bool // a bare word also searches the termination reason's name
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
		ct.needles = append(ct.needles, nil)
		ct.contains = append(ct.contains, nil)
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
	ask(raw) // always the first question: Matcher.Raw
	ct.needles[0] = t.values
	if !t.exact {
		ct.contains[0] = t.values
	}
	askRaw := func(fields ...Field) {
		for _, f := range fields {
			ct.fields = append(ct.fields, f)
			ct.ask = append(ct.ask, 0)
		}
	}
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
		askRaw(FieldSiteName)
		ask(any(func(v, _, s string) bool { return t.has(v, n.SiteName(s), s) }), FieldSiteID)
	case "ssid":
		askRaw(FieldSSID)
	case "topic":
		askRaw(FieldTopic)
	case "mac":
		askRaw(FieldMAC)
	case "ap":
		ask(any(func(v, d, s string) bool { return t.has(d, s) || t.has(v, n.APName(s)) }), FieldAP, FieldNextAP)
		askRaw(FieldAPName)
	case "zone":
		askRaw(FieldZoneName)
		ask(any(func(v, _, s string) bool { return t.has(v, n.ZoneName(s), s) }), FieldZoneID)
	case "type":
		askRaw(FieldType, FieldSeverity)
	default: // a bare word: every field's text, as matchText lists them
		askRaw(FieldTopic, FieldSiteName, FieldSSID, FieldAPName, FieldZoneName, FieldType, FieldSeverity,
			FieldDevice, FieldText, FieldHostname, FieldFamily, FieldModel, FieldOS, FieldTrigger)
		ask(any(func(v, d, s string) bool { return d != v && t.has(d, s) || t.has(v, s) }), FieldMAC)
		ct.needles[len(ct.needles)-1] = append(slices.Clone(t.values), t.digits...)
		if !t.exact {
			ct.contains[len(ct.contains)-1] = ct.needles[len(ct.needles)-1]
		}
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
	memos  [][]*SymMemo   // per term, per test
	checks [][]fieldCheck // per term, per field it reads
	reason [][256]uint8   // per term, the answer for each reason code below 256: 0 not asked, 1 no, 2 yes
}

// fieldCheck is one field a term reads and the memo that answers it.
type fieldCheck struct {
	f        Field
	memo     *SymMemo
	needles  []string // see compiledTerm.needles
	contains []string // see compiledTerm.contains
	raw      bool     // the question is Raw's: the word within the string itself
}

// Matcher returns a matcher for one goroutine.
func (c *Compiled) Matcher() *Matcher {
	m := &Matcher{c: c, memos: make([][]*SymMemo, len(c.terms)), checks: make([][]fieldCheck, len(c.terms)),
		reason: make([][256]uint8, len(c.terms))}
	for i, t := range c.terms {
		for _, test := range t.tests {
			m.memos[i] = append(m.memos[i], NewSymMemo(c.view, test))
		}
		for k, f := range t.fields {
			m.checks[i] = append(m.checks[i], fieldCheck{f, m.memos[i][t.ask[k]], t.needles[t.ask[k]], t.contains[t.ask[k]], t.ask[k] == 0})
		}
	}
	return m
}

// Raw is term i's question of a string itself, shared by whatever asks it.
func (m *Matcher) Raw(i int) *SymMemo { return m.memos[i][0] }

// whoIsRaw reports whether Names.Who(s) holds t's word exactly when s
// does: no client has a label, and every alternative holds a character a
// MAC written with colons has not (Who of anything but a MAC is itself).
func (c *Compiled) whoIsRaw(t *term) bool {
	return !c.clientsLabelled() && t.outside("0123456789abcdefx:")
}

// clientsLabelled reports whether some client has a label (a names file's
// client row): Names.Who and Names.Client of its MAC then show it.
func (c *Compiled) clientsLabelled() bool {
	f := c.names.FileNames()
	return f != nil && f.Count(NameClient) > 0
}

// WhoWithinRaw reports whether Names.Who(s) holds term i's word only when
// s does: no client has a label, and no alternative holds a colon (Who of a
// MAC adds colons between its pairs of digits, and a colon-free word within
// that lies within one pair). A cell showing Who then finds nothing the
// term's test of the MAC itself does not.
func (c *Compiled) WhoWithinRaw(i int) bool { return c.whoWithinRaw(&c.q.terms[i]) }

func (c *Compiled) whoWithinRaw(t *term) bool {
	if c.clientsLabelled() {
		return false
	}
	for _, v := range t.values {
		if strings.IndexByte(v, ':') >= 0 {
			return false
		}
	}
	return true
}

// ClientNamesMiss reports whether no client has a label and term i's word
// lies within no learned hostname or device name: then a cell showing a
// client's label, else its hostname, else Names.Client holds the word
// exactly when the hostname does. Asked once per job.
func (c *Compiled) ClientNamesMiss(i int) bool {
	c.clientOnce.Do(func() {
		c.clientMiss = make([]bool, len(c.terms))
		n := c.names
		if c.clientsLabelled() {
			return
		}
		for k := range c.terms {
			t := &c.q.terms[k]
			c.clientMiss[k] = !anyValue(n.hosts.values(), func(h string) bool { return t.hasAny(h) }) &&
				!anyValue(n.devices.values(), func(d device) bool { return t.hasAny(DeviceName(d.family, d.model)) })
		}
	})
	return c.clientMiss[i]
}

// anyValue reports whether some value of vals satisfies yes, stopping at
// the first that does.
func anyValue[V any](vals iter.Seq[V], yes func(V) bool) bool {
	for v := range vals {
		if yes(v) {
			return true
		}
	}
	return false
}

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
	for _, c := range m.checks[i] {
		if c.memo.Has(x.syms[c.f]) {
			return true
		}
	}
	if ct.reason {
		code := int(x.reason)
		if code < 0 || code >= 256 {
			return t.hasAny(ReasonName(code))
		}
		if m.reason[i][code] == 0 {
			m.reason[i][code] = 1
			if t.hasAny(ReasonName(code)) {
				m.reason[i][code] = 2
			}
		}
		return m.reason[i][code] == 2
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
func (q Query) TermOutside(i int, chars string) bool { return q.terms[i].outside(chars) }

func (t *term) outside(chars string) bool {
	for _, v := range t.values {
		outside := false
		for _, r := range v {
			if !strings.ContainsRune(chars, r) {
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

// TermSome reports whether some alternative of term i satisfies may.
func (q Query) TermSome(i int, may func(string) bool) bool {
	for _, v := range q.terms[i].values {
		if may(v) {
			return true
		}
	}
	return false
}

// TermHasSpace reports whether an alternative of term i holds a space (a
// quoted phrase), which can span the parts a cell is made of.
func (q Query) TermHasSpace(i int) bool {
	for _, v := range q.terms[i].values {
		if strings.IndexByte(v, ' ') >= 0 {
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
