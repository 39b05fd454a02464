package model

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unsafe"

	"github.com/mistwatch/mistwatch/model/jsonscan"
)

// Mist documents a type for every field and then sends something else often
// enough: floats where ints were promised, numbers inside strings, "true" for
// true. These readers take one already-validated JSON value and accept every
// shape seen; a value that cannot be read is simply absent.

// alias views b as a string without copying. Decoded events alias
// DecodeMessage's private copy of the body, which nothing modifies.
func alias(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// stringOf reads a string, or keeps the literal text of a number or bool,
// so an ID that arrives as a number still reads as an ID. Objects, arrays
// and null are absent.
func stringOf(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	switch b[0] {
	case '"':
		// Most values have no escapes: their bytes are their value.
		if bytes.IndexByte(b[1:len(b)-1], '\\') < 0 {
			return alias(b[1 : len(b)-1])
		}
		var str string
		if json.Unmarshal(b, &str) == nil {
			return str
		}
		return ""
	case 'n', '{', '[':
		return ""
	}
	return alias(b)
}

// flexNum is a number read from an int, a float, a numeric string or null.
type flexNum struct {
	V     float64
	Valid bool
}

func numOf(b []byte) flexNum {
	if len(b) == 0 || b[0] == 'n' || b[0] == '{' || b[0] == '[' || b[0] == 't' || b[0] == 'f' {
		return flexNum{}
	}
	s := alias(b)
	if b[0] == '"' {
		s = strings.TrimSpace(stringOf(b))
	}
	// ParseFloat accepts "NaN" and "Inf"; those are not readings or times
	// (fix found by model tests: "NaN" became an RSSI shown as "NaNdBm").
	if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
		return flexNum{V: v, Valid: true}
	}
	return flexNum{}
}

func (n *flexNum) UnmarshalJSON(b []byte) error {
	*n = numOf(bytes.TrimSpace(b))
	return nil
}

// Int returns the value truncated to an int, or 0 when absent.
func (n flexNum) Int() int { return int(n.V) }

// flexBool is a boolean read from true, false, "true", "false", 1 and 0.
type flexBool struct {
	V     bool
	Valid bool
}

func boolOf(b []byte) flexBool {
	s := strings.Trim(alias(b), `"`)
	switch {
	case strings.EqualFold(s, "true"), s == "1", strings.EqualFold(s, "yes"):
		return flexBool{true, true}
	case strings.EqualFold(s, "false"), s == "0", strings.EqualFold(s, "no"):
		return flexBool{false, true}
	}
	return flexBool{}
}

func (v *flexBool) UnmarshalJSON(b []byte) error {
	*v = boolOf(bytes.TrimSpace(b))
	return nil
}

// stringsOf reads an array of strings (tolerating non-string members) or a
// single string.
func stringsOf(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	if b[0] != '[' {
		if one := stringOf(b); one != "" {
			return []string{one}
		}
		return nil
	}
	var out []string
	it, _ := jsonscan.Open(b, 0, 0)
	for it.Next() {
		if s := stringOf(it.Value()); s != "" {
			out = append(out, s)
		}
	}
	return out
}
