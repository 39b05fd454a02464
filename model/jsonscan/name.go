package jsonscan

import (
	"encoding/json"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Name is the name an object member's key (as Iter.Key gives it) matches a
// field by, the way encoding/json matches keys to struct fields: escapes
// decoded, case folded. Folded names are lower case, so callers compare
// them with lower-case field names. A plain lower-case ASCII key, nearly
// every key, costs nothing: the result is a view of key, valid while key is.
func Name(key []byte, escaped bool) string {
	if !escaped && plainLower(key) {
		return unsafe.String(unsafe.SliceData(key), len(key))
	}
	name := string(key)
	if escaped {
		quoted := make([]byte, 0, len(key)+2)
		quoted = append(append(append(quoted, '"'), key...), '"')
		if json.Unmarshal(quoted, &name) != nil {
			return ""
		}
	}
	return fold(name)
}

func plainLower(b []byte) bool {
	for _, c := range b {
		if c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// fold is encoding/json's case folding (upper of lower, so the Kelvin sign
// matches k and the long s matches s), given in lower case.
func fold(s string) string {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		r = unicode.ToUpper(unicode.ToLower(r))
		if r < utf8.RuneSelf {
			r = unicode.ToLower(r)
		}
		out = utf8.AppendRune(out, r)
	}
	return string(out)
}
