package model

import (
	"strconv"
	"testing"
)

// plainNumber must read exactly what strconv.ParseFloat reads, to the bit,
// or refuse the text.
func TestPlainNumberMatchesParseFloat(t *testing.T) {
	for _, s := range []string{"0", "-0", "7", "-58", "36", "1700000000", "1592333828.117", "279.835049793",
		"0.1", "0.3", "-0.000001", "999999999999999", "123456789.012345", "5.", ".5", "-", "1e3", "1.5E2",
		"1234567890123456", "00012", "3.14159265358979", "1592333548117", "-127.5", "", "1.2.3", "12a"} {
		got, ok := plainNumber(s)
		want, err := strconv.ParseFloat(s, 64)
		if !ok {
			// Refused: ParseFloat reads it (numOf falls back to it), or it
			// is no number at all; a plain short number must not be refused.
			if len(s) > 0 && len(s) <= 12 && s == strconv.Itoa(int(want)) && err == nil {
				t.Errorf("%q refused", s)
			}
			continue
		}
		if err != nil || got != want || (got == 0 && (1/got > 0) != (1/want > 0)) {
			t.Errorf("%q: plainNumber %v, ParseFloat %v (%v)", s, got, want, err)
		}
	}
}

func FuzzPlainNumber(f *testing.F) {
	f.Add("1592333828.117")
	f.Add("-58")
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := plainNumber(s)
		if !ok {
			return
		}
		if want, err := strconv.ParseFloat(s, 64); err != nil || got != want {
			t.Fatalf("%q: plainNumber %v, ParseFloat %v (%v)", s, got, want, err)
		}
	})
}
