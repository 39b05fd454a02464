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
	if v, ok := plainNumber(s); ok {
		return flexNum{V: v, Valid: true}
	}
	// ParseFloat accepts "NaN" and "Inf"; those are not readings or times
	// (fix found by model tests: "NaN" became an RSSI shown as "NaNdBm").
	if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
		return flexNum{V: v, Valid: true}
	}
	return flexNum{}
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// plainNumber reads a JSON number of at most 15 digits and no exponent,
// as nearly every timestamp, RSSI and channel is, without strconv's
// generality. The digits and the power of ten are both exact in a float64,
// so the one division rounds exactly as strconv.ParseFloat does (its own
// fast path). Anything else is not ok and left to ParseFloat.
func plainNumber(b string) (v float64, ok bool) {
	i, neg := 0, false
	if len(b) > 0 && b[0] == '-' {
		i, neg = 1, true
	}
	var mant uint64
	digits, frac, dot := 0, 0, false
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			mant = mant*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 || dot && frac == 0 {
		return 0, false
	}
	v = float64(mant) / pow10[frac]
	if neg {
		v = -v
	}
	return v, true
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
