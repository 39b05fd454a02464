package model

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Mist documents a type for every field and then sends something else often
// enough: floats where ints were promised, numbers inside strings, "true" for
// true. These wire types accept every shape seen and never fail a decode; a
// value that cannot be read is simply absent.

// flexNum decodes an int, a float, a numeric string or null.
type flexNum struct {
	V     float64
	Valid bool
}

func (n *flexNum) UnmarshalJSON(b []byte) error {
	*n = flexNum{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] == 'n' || b[0] == '{' || b[0] == '[' || b[0] == 't' || b[0] == 'f' {
		return nil
	}
	s := string(b)
	if b[0] == '"' {
		var str string
		if json.Unmarshal(b, &str) != nil {
			return nil
		}
		s = strings.TrimSpace(str)
	}
	// ParseFloat accepts "NaN" and "Inf"; those are not readings or times
	// (fix found by model tests: "NaN" became an RSSI shown as "NaNdBm").
	if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
		n.V, n.Valid = v, true
	}
	return nil
}

// Int returns the value truncated to an int, or 0 when absent.
func (n flexNum) Int() int { return int(n.V) }

// flexString decodes a string, or keeps the literal text of a number or bool,
// so an ID that arrives as a number still reads as an ID. Objects, arrays and
// null are absent.
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	*s = ""
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case '"':
		// Most values have no escapes: take the bytes between the quotes
		// (json has already validated them) without a second decode.
		if len(b) >= 2 && bytes.IndexByte(b[1:len(b)-1], '\\') < 0 {
			*s = flexString(b[1 : len(b)-1])
			return nil
		}
		var str string
		if json.Unmarshal(b, &str) == nil {
			*s = flexString(str)
		}
	case 'n', '{', '[':
	default:
		*s = flexString(b)
	}
	return nil
}

// flexBool decodes true, false, "true", "false", 1 and 0.
type flexBool struct {
	V     bool
	Valid bool
}

func (v *flexBool) UnmarshalJSON(b []byte) error {
	*v = flexBool{}
	switch strings.ToLower(strings.Trim(string(bytes.TrimSpace(b)), `"`)) {
	case "true", "1", "yes":
		*v = flexBool{true, true}
	case "false", "0", "no":
		*v = flexBool{false, true}
	}
	return nil
}

// flexStrings decodes an array of strings (tolerating non-string members) or a
// single string.
type flexStrings []string

func (l *flexStrings) UnmarshalJSON(b []byte) error {
	*l = nil
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	if b[0] != '[' {
		var one flexString
		_ = one.UnmarshalJSON(b)
		if one != "" {
			*l = flexStrings{string(one)}
		}
		return nil
	}
	var many []flexString
	if json.Unmarshal(b, &many) != nil {
		return nil
	}
	for _, s := range many {
		if s != "" {
			*l = append(*l, string(s))
		}
	}
	return nil
}
