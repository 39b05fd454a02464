package model

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// NameKind is what a name in a names file names.
type NameKind uint8

// The kinds a names file holds, as written in its CSV "kind" column.
const (
	NameSite NameKind = iota
	NameAP
	NameZone
	NameRSSIZone
	NameVBeacon
	NameMap
	NameWLAN
	NameClient // a client MAC's label, for a names file written by hand
	nameKindCount
)

var nameKindWords = [nameKindCount]string{"site", "ap", "zone", "rssizone", "vbeacon", "map", "wlan", "client"}

// String is the kind's CSV word.
func (k NameKind) String() string {
	if k < nameKindCount {
		return nameKindWords[k]
	}
	return fmt.Sprintf("NameKind(%d)", uint8(k))
}

// jsonKey is the kind's key in the JSON form: the plural, as the API's paths.
func (k NameKind) jsonKey() string { return k.String() + "s" }

// ParseNameKind reads a CSV kind word, case-insensitively; plurals are accepted.
func ParseNameKind(s string) (NameKind, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for k, w := range nameKindWords {
		if s == w || s == w+"s" {
			return NameKind(k), true
		}
	}
	return 0, false
}

// NameTable holds names given by the user (a names file) or fetched from the
// Mist API, by kind and ID. They win over names learned from events.
type NameTable struct {
	OrgID string // the org they were fetched for, when known
	m     [nameKindCount]map[string]string
}

// NewNameTable returns an empty table.
func NewNameTable() *NameTable { return &NameTable{} }

// Set records a name. The ID is normalised like the events' IDs are (an AP
// MAC in any spelling becomes 12 hex digits, a UUID its canonical form) and
// the name is sanitised, as it will reach the terminal. It is an error when
// either is empty or an AP's ID is not a MAC.
func (t *NameTable) Set(k NameKind, id, name string) error {
	if k >= nameKindCount {
		return fmt.Errorf("unknown kind %d", k)
	}
	id, name = strings.TrimSpace(id), strings.TrimSpace(Sanitize(name))
	if id == "" {
		return errors.New("empty id")
	}
	if name == "" {
		return fmt.Errorf("%s %s: empty name", k, id)
	}
	if k == NameAP || k == NameClient {
		mac := NormalizeMAC(id)
		if !isHexMAC(mac) {
			return fmt.Errorf("%s %q: not a MAC address", k, Sanitize(id))
		}
		id = mac
	} else {
		// Sanitised first so the result normalises to itself when read back.
		id = NormalizeID(strings.TrimSpace(Sanitize(id)))
		if id == "" {
			return errors.New("empty id")
		}
	}
	if t.m[k] == nil {
		t.m[k] = map[string]string{}
	}
	t.m[k][id] = name
	return nil
}

// Get returns the name for a normalised ID, "" when none.
func (t *NameTable) Get(k NameKind, id string) string {
	if t == nil || id == "" || k >= nameKindCount {
		return ""
	}
	return t.m[k][id]
}

// Len is the number of names held.
func (t *NameTable) Len() int {
	n := 0
	for _, m := range t.m {
		n += len(m)
	}
	return n
}

// Count is the number of names of one kind.
func (t *NameTable) Count(k NameKind) int { return len(t.m[k]) }

// Merge copies o's names over t's: o wins where both name an ID.
func (t *NameTable) Merge(o *NameTable) {
	if o == nil {
		return
	}
	if t.OrgID == "" {
		t.OrgID = o.OrgID
	}
	for k, m := range o.m {
		for id, name := range m {
			if t.m[k] == nil {
				t.m[k] = make(map[string]string, len(m))
			}
			t.m[k][id] = name
		}
	}
}

// isHexMAC reports whether s is 12 lower-case hex digits.
func isHexMAC(s string) bool {
	return len(s) == 12 && strings.Trim(s, "0123456789abcdef") == ""
}

// WriteJSON writes the table as `mistwatch names` does: an object with the
// org and one object per kind mapping ID to name, keys sorted, so the file
// diffs well between fetches.
func (t *NameTable) WriteJSON(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString("{\n")
	if t.OrgID != "" {
		fmt.Fprintf(&b, "  %s: %s,\n", jsonString("org_id"), jsonString(t.OrgID))
	}
	for k := NameKind(0); k < nameKindCount; k++ {
		fmt.Fprintf(&b, "  %s: {", jsonString(k.jsonKey()))
		ids := make([]string, 0, len(t.m[k]))
		for id := range t.m[k] {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for i, id := range ids {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "\n    %s: %s", jsonString(id), jsonString(t.m[k][id]))
		}
		if len(ids) > 0 {
			b.WriteString("\n  ")
		}
		b.WriteByte('}')
		if k < nameKindCount-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	_, err := w.Write(b.Bytes())
	return err
}

func jsonString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

// maxNameErrors bounds the bad rows one error lists.
const maxNameErrors = 10

// LoadNamesFiles reads names files (CSV or JSON, see ParseNameTable), later
// files winning where two name the same ID. Any bad row is an error naming
// the file and line, and then nothing is returned: the caller keeps the
// names it had.
func LoadNamesFiles(paths []string) (*NameTable, error) {
	all := NewNameTable()
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("names file: %w", err)
		}
		t, err := ParseNameTable(p, data)
		if err != nil {
			return nil, err
		}
		all.Merge(t)
	}
	return all, nil
}

// ParseNameTable reads one names file. JSON (first non-space byte "{") is what
// `mistwatch names` writes; anything else is CSV with rows kind,id,name, an
// optional header row of exactly those words, blank lines and #-comments
// allowed. Errors name the file and line; all bad rows (up to ten) are listed.
func ParseNameTable(file string, data []byte) (*NameTable, error) {
	if trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(trimmed) > 0 && trimmed[0] == '{' {
		return parseNamesJSON(file, data)
	}
	return parseNamesCSV(file, data)
}

type lineErrors struct {
	file string
	errs []string
	more int
}

func (l *lineErrors) add(line int, format string, args ...any) {
	if len(l.errs) == maxNameErrors {
		l.more++
		return
	}
	l.errs = append(l.errs, fmt.Sprintf("%s:%d: %s", l.file, line, fmt.Sprintf(format, args...)))
}

func (l *lineErrors) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	msg := strings.Join(l.errs, "\n")
	if l.more > 0 {
		msg += fmt.Sprintf("\n%s: and %d more bad row(s)", l.file, l.more)
	}
	return errors.New(msg)
}

func parseNamesCSV(file string, data []byte) (*NameTable, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1 // checked here, with a clearer message
	r.Comment = '#'
	r.TrimLeadingSpace = true
	t := NewNameTable()
	errs := &lineErrors{file: file}
	first := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs.add(pe.Line, "%v", pe.Err)
			} else {
				errs.add(0, "%v", err)
			}
			break // the reader cannot resync after a broken quote
		}
		line, _ := r.FieldPos(0)
		if first {
			first = false
			if isNamesHeader(rec) {
				continue
			}
		}
		if len(rec) != 3 {
			errs.add(line, "want 3 fields kind,id,name, got %d", len(rec))
			continue
		}
		k, ok := ParseNameKind(rec[0])
		if !ok {
			errs.add(line, "unknown kind %q (kinds: %s)", Sanitize(rec[0]), strings.Join(nameKindWords[:], ", "))
			continue
		}
		if err := t.Set(k, rec[1], rec[2]); err != nil {
			errs.add(line, "%v", err)
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return t, nil
}

func isNamesHeader(rec []string) bool {
	return len(rec) == 3 && strings.EqualFold(strings.TrimSpace(rec[0]), "kind") &&
		strings.EqualFold(strings.TrimSpace(rec[1]), "id") && strings.EqualFold(strings.TrimSpace(rec[2]), "name")
}

// parseNamesJSON walks the object token by token, so each bad entry is
// reported with its line.
func parseNamesJSON(file string, data []byte) (*NameTable, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	t := NewNameTable()
	errs := &lineErrors{file: file}
	lineAt := func() int { return 1 + bytes.Count(data[:d.InputOffset()], []byte("\n")) }
	fail := func(err error) (*NameTable, error) {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			errs.add(1+bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n")), "%v", err)
		} else {
			errs.add(lineAt(), "%v", err)
		}
		return nil, errs.err()
	}
	if err := expectDelim(d, '{'); err != nil {
		return fail(err)
	}
	for d.More() {
		key, err := stringToken(d)
		if err != nil {
			return fail(err)
		}
		line := lineAt()
		switch key {
		case "org_id", "fetched_at":
			v, err := stringToken(d)
			if err != nil {
				return fail(fmt.Errorf("%s: %w", key, err))
			}
			if key == "org_id" {
				t.OrgID = Sanitize(v)
			}
			continue
		}
		k, ok := ParseNameKind(strings.TrimSuffix(key, "s"))
		if !ok || key != k.jsonKey() {
			errs.add(line, "unknown key %q (keys: org_id, %s)", Sanitize(key), jsonKeys())
			var skip json.RawMessage
			if err := d.Decode(&skip); err != nil {
				return fail(err)
			}
			continue
		}
		if err := expectDelim(d, '{'); err != nil {
			return fail(fmt.Errorf("%s: %w", key, err))
		}
		for d.More() {
			id, err := stringToken(d)
			if err != nil {
				return fail(err)
			}
			name, err := stringToken(d)
			if err != nil {
				return fail(fmt.Errorf("%s %q: %w", k, Sanitize(id), err))
			}
			if err := t.Set(k, id, name); err != nil {
				errs.add(lineAt(), "%v", err)
			}
		}
		if err := expectDelim(d, '}'); err != nil {
			return fail(err)
		}
	}
	if err := expectDelim(d, '}'); err != nil {
		return fail(err)
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return t, nil
}

func jsonKeys() string {
	keys := make([]string, nameKindCount)
	for k := range keys {
		keys[k] = NameKind(k).jsonKey()
	}
	return strings.Join(keys, ", ")
}

func expectDelim(d *json.Decoder, want json.Delim) error {
	tok, err := d.Token()
	if err != nil {
		return err
	}
	if got, ok := tok.(json.Delim); !ok || got != want {
		return fmt.Errorf("want %q, got %v", want, describeToken(tok))
	}
	return nil
}

func stringToken(d *json.Decoder) (string, error) {
	tok, err := d.Token()
	if err != nil {
		return "", err
	}
	s, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("want a string, got %v", describeToken(tok))
	}
	return s, nil
}

func describeToken(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		return `"` + string(v) + `"`
	case string:
		return fmt.Sprintf("%q", Sanitize(v))
	case nil:
		return "null"
	}
	return fmt.Sprint(tok)
}
