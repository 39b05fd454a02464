// Package jsonscan walks JSON text in place, validating it as it goes, so a
// webhook message is read in one pass without building values or copying
// bytes. It accepts exactly what encoding/json accepts (FuzzSkip checks this
// against json.Valid), including its nesting limit.
package jsonscan

import (
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"strconv"
)

// MaxDepth is encoding/json's nesting limit; deeper input is refused, so a
// hostile body of a million '[' costs no stack.
const MaxDepth = 10000

// SyntaxError is malformed JSON at Offset (a byte index into the input).
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string { return e.Msg + " at offset " + strconv.Itoa(e.Offset) }

// Unwrap makes input that ends inside a value io.ErrUnexpectedEOF, so a
// streaming reader knows to read more.
func (e *SyntaxError) Unwrap() error {
	if e.Msg == msgEnd {
		return io.ErrUnexpectedEOF
	}
	return nil
}

const msgEnd = "unexpected end of JSON input"

func errAt(b []byte, i int, what string) error {
	if i >= len(b) {
		return &SyntaxError{Offset: len(b), Msg: msgEnd}
	}
	return &SyntaxError{Offset: i, Msg: fmt.Sprintf("invalid character %s %s", quoteChar(b[i]), what)}
}

func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}

// IsSpace reports JSON whitespace.
func IsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// SkipSpace returns the first offset at or after i that is not whitespace.
func SkipSpace(b []byte, i int) int {
	for i < len(b) && IsSpace(b[i]) {
		i++
	}
	return i
}

// Skip validates the value starting at b[i] (after any whitespace) and
// returns the offset just past it. It does not recurse: nesting is tracked
// on a small stack, spilling to the heap only past 64 levels.
func Skip(b []byte, i int) (int, error) { return skip(b, i, 0) }

// skip is Skip for a value already depth levels deep.
func skip(b []byte, i, depth int) (int, error) {
	var buf [64]byte
	stack := buf[:0]
	i = SkipSpace(b, i)
	for {
		// A value starts at i.
		if i >= len(b) {
			return i, errAt(b, i, "")
		}
		switch c := b[i]; c {
		case '{', '[':
			if depth+len(stack) >= MaxDepth {
				return i, &SyntaxError{Offset: i, Msg: "exceeded max depth"}
			}
			closer := byte('}')
			if c == '[' {
				closer = ']'
			}
			i = SkipSpace(b, i+1)
			if i < len(b) && b[i] == closer {
				i++
				break
			}
			stack = append(stack, closer)
			if c == '{' {
				var err error
				if i, err = memberKey(b, i); err != nil {
					return i, err
				}
			}
			continue
		default:
			var err error
			if i, err = skipScalar(b, i); err != nil {
				return i, err
			}
		}
		// A value ended at i: close containers until one continues.
		for {
			if len(stack) == 0 {
				return i, nil
			}
			i = SkipSpace(b, i)
			top := stack[len(stack)-1]
			if i < len(b) && b[i] == top {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			if i < len(b) && b[i] == ',' {
				i = SkipSpace(b, i+1)
				if top == '}' {
					var err error
					if i, err = memberKey(b, i); err != nil {
						return i, err
					}
				}
				break
			}
			if top == '}' {
				return i, errAt(b, i, "after object key:value pair")
			}
			return i, errAt(b, i, "after array element")
		}
	}
}

// ValueEnd validates the value at b[i], depth levels deep (the nesting of
// the container holding it), and returns the offset past it.
func ValueEnd(b []byte, i, depth int) (int, error) {
	if i < len(b) && b[i] != '{' && b[i] != '[' && !IsSpace(b[i]) {
		// A scalar, as most values are: no container stack to set up.
		return skipScalar(b, i)
	}
	return skip(b, i, depth)
}

// memberKey reads `"key" :` at i and returns where the value starts.
func memberKey(b []byte, i int) (int, error) {
	if i >= len(b) || b[i] != '"' {
		return i, errAt(b, i, "looking for beginning of object key string")
	}
	i, _, err := String(b, i)
	if err != nil {
		return i, err
	}
	i = SkipSpace(b, i)
	if i >= len(b) || b[i] != ':' {
		return i, errAt(b, i, "after object key")
	}
	return SkipSpace(b, i+1), nil
}

// skipScalar validates a string, number or literal at i.
func skipScalar(b []byte, i int) (int, error) {
	switch b[i] {
	case '"':
		end, _, err := String(b, i)
		return end, err
	case 't':
		return literal(b, i, "true")
	case 'f':
		return literal(b, i, "false")
	case 'n':
		return literal(b, i, "null")
	}
	return Number(b, i)
}

func literal(b []byte, i int, word string) (int, error) {
	for k := 0; k < len(word); k++ {
		if i+k >= len(b) || b[i+k] != word[k] {
			return i + k, errAt(b, i+k, "in literal "+word+" (expecting "+quoteChar(word[k])+")")
		}
	}
	return i + len(word), nil
}

// String validates the string literal whose opening quote is at b[i] and
// returns the offset past its closing quote, and whether it holds escapes
// (without escapes its bytes between the quotes are its value).
func String(b []byte, i int) (end int, escaped bool, err error) {
	i++ // the opening quote
	for {
		// Eight bytes at a time to the first byte that needs a look; byte
		// by byte only over the last few.
		for i = skipPlain(b, i); i < len(b) && b[i] >= 0x20 && b[i] != '"' && b[i] != '\\'; {
			i++
		}
		if i >= len(b) {
			break
		}
		c := b[i]
		switch {
		case c == '"':
			return i + 1, escaped, nil
		case c == '\\':
			escaped = true
			if i+1 >= len(b) {
				return len(b), escaped, errAt(b, len(b), "")
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for k := 2; k < 6; k++ {
					if i+k >= len(b) || !isHex(b[i+k]) {
						return i + k, escaped, errAt(b, i+k, "in \\u hexadecimal character escape")
					}
				}
				i += 6
			default:
				return i + 1, escaped, errAt(b, i+1, "in string escape code")
			}
		case c < 0x20:
			return i, escaped, errAt(b, i, "in string literal")
		}
	}
	return i, escaped, errAt(b, i, "")
}

// skipPlain skips string bytes that need no look, eight at a time: none is
// a quote, a backslash or a control character. It returns the offset of
// the first byte that does, or where fewer than eight are left; the caller
// goes on byte by byte from there.
func skipPlain(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for i+8 <= len(b) {
		x := binary.LittleEndian.Uint64(b[i:])
		quote, backslash := x^(ones*'"'), x^(ones*'\\')
		// (v - ones) &^ v & highs is non-zero if and only if some byte of v
		// is zero (for the control test: below 0x20): "has zero byte". Its
		// lowest set bit is exact (a borrow only runs upwards from a byte
		// that is flagged), so it names the first byte to look at.
		if m := ((quote-ones)&^quote | (backslash-ones)&^backslash | (x-ones*0x20)&^x) & highs; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		i += 8
	}
	return i
}

// KeyString is String for an object key that also reports whether the key
// is plain: lower-case printable ASCII without escapes, its own Name.
// Plain keys are read eight bytes at a time to their closing quote; any
// other goes through String.
func KeyString(b []byte, i int) (end int, plain, escaped bool, err error) {
	j := skipPlainLower(b, i+1)
	for j < len(b) && plainLowerByte[b[j]] {
		j++
	}
	if j < len(b) && b[j] == '"' {
		return j + 1, true, false, nil
	}
	end, escaped, err = String(b, i)
	return end, false, escaped, err
}

// plainLowerByte is true for the bytes a plain key is made of.
var plainLowerByte = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\' && !(c >= 'A' && c <= 'Z')
	}
	return t
}()

// skipPlainLower is skipPlain that also stops at an upper-case letter, DEL
// or a byte past ASCII. The lowest flag is exact as in skipPlain: a carry
// of the additions only starts at a byte past 0x80, itself flagged.
func skipPlainLower(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for i+8 <= len(b) {
		x := binary.LittleEndian.Uint64(b[i:])
		quote, backslash, del := x^(ones*'"'), x^(ones*'\\'), x^(ones*0x7f)
		upper := (x + ones*(0x80-'A')) &^ (x + ones*(0x80-'Z'-1)) // 'A' <= c <= 'Z', for c < 0x80
		if m := ((quote-ones)&^quote | (backslash-ones)&^backslash | (del-ones)&^del |
			(x-ones*0x20)&^x | x | upper) & highs; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		i += 8
	}
	return i
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Number validates the number at b[i] and returns the offset past it.
func Number(b []byte, i int) (int, error) {
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	default:
		return i, errAt(b, i, "looking for beginning of value")
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return i, errAt(b, i, "after decimal point in numeric literal")
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return i, errAt(b, i, "in exponent of numeric literal")
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	return i, nil
}

// Valid reports whether b is exactly one JSON value, with optional
// surrounding whitespace.
func Valid(b []byte) bool {
	end, err := Skip(b, 0)
	return err == nil && SkipSpace(b, end) == len(b)
}
