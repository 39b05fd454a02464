package model

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Query is a parsed filter: every term must match.
type Query struct {
	text  string
	terms []term
}

type term struct {
	field  string   // "" for a bare word
	values []string // lower-cased alternatives (a,b)
	exact  bool     // field:=value: the whole value, case-insensitively, no alternatives
	digits []string // the same values as MAC digits (70:ef → 70ef), computed once
	negate bool
	op     string // rssi comparisons: < <= > >= =
	num    float64
}

// Fields the query understands, in the order help lists them.
var Fields = []string{"site", "ssid", "topic", "mac", "ap", "band", "zone", "type", "rssi"}

// ParseQuery parses a filter such as `site:hq ssid:guest,corp -topic:ping rssi<-70 iphone`.
// A term it cannot parse is an error naming that term; the caller keeps its
// previous query.
func ParseQuery(text string) (Query, error) {
	q := Query{text: strings.TrimSpace(text)}
	toks, err := tokenize(q.text)
	if err != nil {
		return Query{}, err
	}
	for _, tok := range toks {
		t, err := parseTerm(tok)
		if err != nil {
			return Query{}, err
		}
		q.terms = append(q.terms, t)
	}
	return q, nil
}

// String returns the query as typed.
func (q Query) String() string { return q.text }

// Terms is how many terms the query has.
func (q Query) Terms() int { return len(q.terms) }

// Empty reports whether the query matches everything.
func (q Query) Empty() bool { return len(q.terms) == 0 }

// SplitTerms splits query text into its terms on spaces outside "double
// quotes", keeping the quotes, so a caller can edit a query term by term.
func SplitTerms(s string) []string {
	var toks []string
	var cur strings.Builder
	inQuote := false
	for _, r := range s {
		switch {
		case r == '"':
			inQuote = !inQuote
			cur.WriteRune(r)
		case r == ' ' && !inQuote:
			if cur.Len() > 0 {
				toks = append(toks, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		toks = append(toks, cur.String())
	}
	return toks
}

// tokenize splits the query into terms with their quotes removed.
func tokenize(s string) ([]string, error) {
	if strings.Count(s, `"`)%2 != 0 {
		return nil, fmt.Errorf("unclosed quote in %q", s)
	}
	toks := SplitTerms(s)
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(t, `"`, "")
	}
	return toks, nil
}

func parseTerm(tok string) (term, error) {
	raw := tok
	var t term
	if strings.HasPrefix(tok, "-") && len(tok) > 1 {
		t.negate = true
		tok = tok[1:]
	}
	lower := strings.ToLower(tok)
	if lower != "" && (strings.Trim(lower, "<>=!") == "" || strings.HasPrefix(lower, "<") || strings.HasPrefix(lower, ">")) {
		return t, fmt.Errorf("%q: write comparisons without spaces, like rssi<-70", raw)
	}
	// "!" and "~" are included so that rssi!=5 or rssi~5 is an error naming
	// the term, not a silent bare word (fix found by model tests).
	if strings.HasPrefix(lower, "rssi") && len(lower) > 4 && strings.ContainsAny(lower[4:5], "<>=:!~") {
		return parseRSSI(raw, lower[4:], t)
	}
	if i := strings.IndexByte(lower, ':'); i > 0 {
		field := lower[:i]
		if isField(field) {
			val := tok[i+1:]
			if val == "" {
				return t, fmt.Errorf("%q: %s: needs a value", raw, field)
			}
			t.field = field
			if strings.HasPrefix(val, "=") && len(val) > 1 {
				// Exact: what the pickers write, so "Corp" does not also
				// pick "Corp-Guest" and a comma in an SSID stays a comma.
				t.exact = true
				t.values = []string{normalizeValue(field, strings.ToLower(val[1:]))}
				t.digits = macDigitsOf(t.values)
				return t, nil
			}
			for _, v := range strings.Split(val, ",") {
				if v = strings.ToLower(strings.TrimSpace(v)); v != "" {
					t.values = append(t.values, normalizeValue(field, v))
				}
			}
			if len(t.values) == 0 {
				return t, fmt.Errorf("%q: %s: needs a value", raw, field)
			}
			t.digits = macDigitsOf(t.values)
			return t, nil
		}
		if !looksLikeMAC(lower) {
			return t, fmt.Errorf("%q: unknown field %q (fields: %s)", raw, field, strings.Join(Fields, ", "))
		}
	}
	t.values = []string{lower}
	t.digits = macDigitsOf(t.values)
	return t, nil
}

func macDigitsOf(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = v
		if looksLikeMAC(v) {
			out[i] = MACDigits(v)
		}
	}
	return out
}

func parseRSSI(raw, rest string, t term) (term, error) {
	for _, op := range []string{"<=", ">=", "<", ">", "=", ":"} {
		if strings.HasPrefix(rest, op) {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest[len(op):]), 64)
			if err != nil {
				return t, fmt.Errorf("%q: rssi needs a number, like rssi<-70", raw)
			}
			if op == ":" {
				op = "="
			}
			t.field, t.op, t.num = "rssi", op, v
			return t, nil
		}
	}
	return t, fmt.Errorf("%q: rssi needs a comparison, like rssi<-70", raw)
}

func isField(f string) bool {
	for _, k := range Fields {
		if k == f {
			return true
		}
	}
	return false
}

// looksLikeMAC lets a bare "70:ef:00" through as a word rather than a field.
func looksLikeMAC(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == ':' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

func normalizeValue(field, v string) string {
	switch field {
	case "mac":
		return MACDigits(v)
	case "band":
		return string(NormalizeBand(v))
	case "topic":
		return strings.ReplaceAll(v, "_", "-")
	}
	return v
}

// Match reports whether an event satisfies every term.
func (q Query) Match(e *Event, n *Names) bool {
	for i := range q.terms {
		if q.terms[i].match(e, n) == q.terms[i].negate {
			return false
		}
	}
	return true
}

// MatchClient applies the query to an RSSI-tab row.
func (q Query) MatchClient(c Client, n *Names) bool {
	if q.Empty() {
		return true
	}
	e := clientEvent(c)
	return q.Match(&e, n)
}

// clientEvent is a client as the event its fields describe, for filters.
func clientEvent(c Client) Event {
	return Event{
		Topic: c.LastTopic(), MAC: c.MAC(), AP: c.AP(), APName: c.APName(), SSID: c.SSID(), Band: c.Band(),
		SiteID: c.SiteID(), SiteName: c.SiteName(), RSSI: c.Last().RSSI, HasRSSI: c.Count() > 0,
	}
}

func (t *term) match(e *Event, n *Names) bool {
	switch t.field {
	case "rssi":
		return e.HasRSSI && compare(e.RSSI, t.op, t.num)
	case "band":
		for _, v := range t.values {
			if string(e.Band) == v {
				return true
			}
		}
		return false
	}
	for i, v := range t.values {
		if t.matchText(e, n, v, t.digits[i]) {
			return true
		}
	}
	return false
}

// matchText matches one alternative; digits is v as MAC digits, so a MAC
// typed with any separators finds the stored 12-digit form.
func (t *term) matchText(e *Event, n *Names, v, digits string) bool {
	switch t.field {
	case "site":
		return t.has(v, e.SiteName, n.SiteName(e.SiteID), e.SiteID)
	case "ssid":
		return t.has(v, e.SSID)
	case "topic":
		return t.has(v, e.Topic)
	case "mac":
		return t.has(v, e.MAC)
	case "ap":
		// MACs compare by digits, names as typed (fix found by model tests:
		// ap:AP-B reduced to "apb" and never matched a name with a dash).
		return t.has(digits, e.AP, e.NextAP) ||
			t.has(v, e.APName, n.APName(e.AP), n.APName(e.NextAP))
	case "zone":
		return t.has(v, e.ZoneName, n.ZoneName(e.ZoneID), e.ZoneID)
	case "type":
		return t.has(v, e.Type, e.Severity)
	}
	if digits != v && t.has(digits, e.MAC, e.AP, e.NextAP) {
		return true // a MAC typed with separators
	}
	return t.has(v, e.Topic, e.SiteName, n.SiteName(e.SiteID), e.SSID, e.MAC,
		e.AP, e.APName, n.APName(e.AP), e.NextAP, n.APName(e.NextAP), e.ZoneName, n.ZoneName(e.ZoneID), e.ZoneID,
		e.Type, e.Severity, e.Device, e.Text, e.Hostname, e.Family, e.Model, e.OS, e.Trigger,
		e.ReasonText(), e.Band.String())
}

func compare(a float64, op string, b float64) bool {
	switch op {
	case "<":
		return a < b
	case "<=":
		return a <= b
	case ">":
		return a > b
	case ">=":
		return a >= b
	}
	return a == b
}

// has is anyHas, or whole-value equality for an exact term.
func (t *term) has(needle string, hay ...string) bool {
	if !t.exact {
		return anyHas(needle, hay...)
	}
	for _, h := range hay {
		if strings.EqualFold(h, needle) {
			return true
		}
	}
	return false
}

func anyHas(needle string, hay ...string) bool {
	for _, h := range hay {
		if containsFold(h, needle) {
			return true
		}
	}
	return false
}

// containsFold reports whether h contains the lower-case needle, ignoring
// case, without allocating for ASCII text.
func containsFold(h, needle string) bool {
	if needle == "" {
		return true
	}
	if len(h) < len(needle) {
		return false
	}
	upper := false
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c >= utf8.RuneSelf {
			return strings.Contains(strings.ToLower(h), needle)
		}
		upper = upper || c >= 'A' && c <= 'Z'
	}
	if !upper {
		return strings.Contains(h, needle) // nothing to fold: the library's search
	}
	for i := 0; i+len(needle) <= len(h); i++ {
		j := 0
		for ; j < len(needle); j++ {
			c := h[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != needle[j] {
				break
			}
		}
		if j == len(needle) {
			return true
		}
	}
	return false
}
