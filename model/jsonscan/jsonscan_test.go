package jsonscan

import (
	"encoding/json"
	"strings"
	"testing"
)

var cases = []string{
	`{}`, `[]`, `0`, `-0`, `-0.5e+10`, `1E9`, `"a\u00e9\n"`, `true`, `false`, `null`,
	` {"a": [1, {"b": null}], "c": "d"} `, `[[[]]]`, `{"a":1,"a":2}`,
	`01`, `1.`, `.5`, `-`, `1e`, `+1`, `"\x"`, `"\u12"`, "\"a\x01\"", `{"a" 1}`, `{"a":1,}`,
	`[1,]`, `[1 2]`, `{1:2}`, `tru`, `nul`, `truex`, `{"a":1}}`, `[`, `{`, `"`, ``, ` `,
	`{"a":[1,2}`, `[}`, "\xff", `"\xff"`, `[1]x`,
	strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth),
	strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1),
	strings.Repeat(`{"a":`, MaxDepth+1) + "1" + strings.Repeat("}", MaxDepth+1),
}

// TestValidAgreesWithEncodingJSON: the scanner accepts exactly what
// encoding/json accepts.
func TestValidAgreesWithEncodingJSON(t *testing.T) {
	for _, c := range cases {
		if got, want := Valid([]byte(c)), json.Valid([]byte(c)); got != want {
			t.Errorf("Valid(%.40q) = %v, encoding/json says %v", c, got, want)
		}
	}
}

func TestSkipStopsAfterOneValue(t *testing.T) {
	b := []byte(` {"a":"}"} {"b":2}`)
	end, err := Skip(b, 0)
	if err != nil || string(b[:end]) != ` {"a":"}"}` {
		t.Fatalf("Skip = %d, %v: %q", end, err, b[:end])
	}
}

func TestSyntaxErrorOffset(t *testing.T) {
	b := []byte(`{"a": [1, 2 x]}`)
	_, err := Skip(b, 0)
	se, ok := err.(*SyntaxError)
	if !ok || se.Offset != strings.IndexByte(string(b), 'x') {
		t.Fatalf("err = %v, want a SyntaxError at the x", err)
	}
}

func TestIterWalksMembers(t *testing.T) {
	b := []byte(`{"a": 1, "b\n": [true, {"c": "d"}], "e": "f"}`)
	it, err := Open(b, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for it.Next() {
		got = append(got, string(it.Key())+"="+string(it.Value()))
	}
	end, err := it.End()
	if err != nil || end != len(b) {
		t.Fatalf("End = %d, %v", end, err)
	}
	want := `a=1|b\n=[true, {"c": "d"}]|e="f"`
	if strings.Join(got, "|") != want {
		t.Fatalf("got %s, want %s", strings.Join(got, "|"), want)
	}
	if !strings.Contains(string(b), `"b\n"`) {
		t.Fatal("bad fixture")
	}
}

func TestIterRefusesMalformed(t *testing.T) {
	for _, c := range []string{`{"a":1,}`, `{"a" 1}`, `[1 2]`, `[1,`, `{"a":`, `{"a":[}`} {
		it, err := Open([]byte(c), 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for it.Next() {
			it.Value()
		}
		if _, err := it.End(); err == nil {
			t.Errorf("%s: no error", c)
		}
	}
}

// FuzzSkip: Skip and Iter accept exactly what encoding/json accepts, and
// Skip never runs past the input.
func FuzzSkip(f *testing.F) {
	for _, c := range cases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		end, err := Skip(b, 0)
		if end > len(b) || end < 0 {
			t.Fatalf("end %d outside 0..%d", end, len(b))
		}
		want := json.Valid(b)
		if got := err == nil && SkipSpace(b, end) == len(b); got != want {
			t.Fatalf("Skip valid=%v (end %d, %v), encoding/json %v", got, end, err, want)
		}
		// Walking a container with Iter agrees as well.
		if i := SkipSpace(b, 0); i < len(b) && (b[i] == '{' || b[i] == '[') {
			it, _ := Open(b, i, 0)
			for it.Next() {
				it.Value()
			}
			end, err := it.End()
			if got := err == nil && SkipSpace(b, end) == len(b); got != want {
				t.Fatalf("Iter valid=%v (end %d, %v), encoding/json %v", got, end, err, want)
			}
		}
	})
}

// TestStringEveryPosition: a quote, backslash escape, control character or
// non-ASCII byte anywhere in the eight-byte groups String skips at once is
// seen, exactly as encoding/json sees it.
func TestStringEveryPosition(t *testing.T) {
	for _, special := range []string{`"`, `\"`, `\\`, `\n`, `\u00e9`, "\x01", "\x1f", "\x7f", "é", "\xff", " ", "\\x"} {
		for pos := 0; pos < 20; pos++ {
			for tail := 0; tail < 10; tail++ {
				doc := []byte(`"` + strings.Repeat("a", pos) + special + strings.Repeat("b", tail) + `"`)
				end, err := Skip(doc, 0)
				valid := err == nil && end == len(doc)
				if valid != json.Valid(doc) {
					t.Fatalf("%q: Skip says valid %v (end %d, %v), json.Valid %v", doc, valid, end, err, !valid)
				}
			}
		}
	}
}

// EndOfInput allows trailing space only, and words the error as
// encoding/json does (and says where).
func TestEndOfInput(t *testing.T) {
	for _, c := range []struct{ in, err string }{
		{`{"a":1}`, ""},
		{"{\"a\":1} \n\t", ""},
		{`{"a":1} x`, "invalid character 'x' after top-level value"},
		{`{"a":1}{}`, "invalid character '{' after top-level value"},
	} {
		it, err := Open([]byte(c.in), 0, 0)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		for it.Next() {
			it.Value()
		}
		got := ""
		if err := it.EndOfInput(); err != nil {
			got = err.Error()
		}
		var v any
		want := ""
		if err := json.Unmarshal([]byte(c.in), &v); err != nil {
			want = err.Error()
		}
		if !strings.HasPrefix(got, c.err) || want != c.err || (got == "") != (c.err == "") {
			t.Errorf("%q: EndOfInput %q, encoding/json %q, want %q", c.in, got, want, c.err)
		}
	}
}

// skipPlain stops exactly at the first quote, backslash or control byte
// when eight bytes are left to test from it, and never past one.
func TestSkipPlainStopsAtFirstSpecialByte(t *testing.T) {
	special := func(c byte) bool { return c == '"' || c == '\\' || c < 0x20 }
	fill := []byte("ab\x7f\x80\xa0\xffz ")
	for _, c := range []byte{'"', '\\', 0, 0x1f, '\n'} {
		for at := 0; at < 20; at++ {
			for _, other := range []int{-1, at + 1, at + 3} { // a second special byte after it
				b := make([]byte, 24)
				for i := range b {
					b[i] = fill[i%len(fill)]
				}
				b[at] = c
				if other >= 0 && other < len(b) {
					b[other] = '"'
				}
				got := skipPlain(b, 0)
				first := 0
				for first < len(b) && !special(b[first]) {
					first++
				}
				if got > first || first+8 <= len(b) && got != first {
					t.Errorf("%q at %d (then %d): skipPlain %d, first special %d", c, at, other, got, first)
				}
			}
		}
	}
}
