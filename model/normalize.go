package model

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
)

// NormalizeTopic lower-cases a topic and turns the older underscore spelling
// (device_events) into the current one (device-events).
func NormalizeTopic(t string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(Sanitize(t))), "_", "-")
}

// NormalizeMAC returns a MAC as 12 lower-case hex digits when s is a MAC in
// any common spelling (5c:5b:35:..., 5c-5b-35-..., 5c5b35..., 5c5b.35..).
// Anything else — masked captures like "xx2316ed6axx", filler text — is kept
// as it came, sanitised and lower-cased, so it still shows and filters.
func NormalizeMAC(s string) string {
	// Sanitise first, so that a MAC wrapped in escape sequences is still
	// recognised instead of being kept with its colons (fix found by model
	// tests: "70:ef:..:5f\x1b[0m" became "70:ef:..:5f", which NormalizeMAC
	// would then normalise again).
	s = Sanitize(s)
	if s == "" || isMACDigits(s) {
		return s // already normalised, as most are: no copy
	}
	var hex [12]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ':' || c == '-' || c == '.':
			continue
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
		case c >= 'A' && c <= 'F':
			c += 'a' - 'A'
		default:
			return strings.ToLower(s)
		}
		if n == 12 {
			return strings.ToLower(s)
		}
		hex[n] = c
		n++
	}
	if n != 12 {
		return strings.ToLower(s)
	}
	return string(hex[:])
}

// isMACDigits reports whether s is 12 lower-case hex digits.
func isMACDigits(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// MACDigits reduces a MAC typed by a user to its hex digits so that
// "70:ef:00", "70-ef-00" and "70ef00" compare alike. Non-MAC text passes
// through lower-cased.
func MACDigits(s string) string {
	s = strings.ToLower(s)
	if !strings.ContainsAny(s, ":-.") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == ':' || r == '-' || r == '.' {
			return -1
		}
		return r
	}, s)
}

// IsNullMAC reports whether a MAC means "none", as next_ap does when a session
// did not end in a roam.
func IsNullMAC(m string) bool { return m == "" || m == "000000000000" }

// FormatMAC writes a normalised MAC with colons for display; other values are
// returned unchanged.
func FormatMAC(m string) string {
	if len(m) != 12 {
		return m
	}
	// Only lower-case hex digits, or the x of a masked capture, are a MAC
	// (fix found by model tests: any 12-character text such as the filler
	// "mac_address1" was cut into pairs with colons).
	for i := 0; i < len(m); i++ {
		if c := m[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == 'x') {
			return m
		}
	}
	var b strings.Builder
	b.Grow(17)
	for i := 0; i < 12; i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(m[i : i+2])
	}
	return b.String()
}

// Band is a radio band, normalised from the many spellings Mist uses.
type Band string

const (
	BandNone Band = ""
	Band24   Band = "2.4"
	Band5    Band = "5"
	Band6    Band = "6"
)

// NormalizeBand maps "24", "2.4", "2.4GHz", "band_24" → 2.4; "5", "5GHz" → 5;
// "6", "6GHz" → 6. Unknown spellings are kept (sanitised) so nothing is hidden.
func NormalizeBand(s string) Band {
	t := strings.ToLower(strings.TrimSpace(Sanitize(s)))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "ghz"), " ")
	t = strings.TrimPrefix(t, "band_")
	switch t {
	case "":
		return BandNone
	case "24", "2.4", "2", "2g", "2.4g":
		return Band24
	case "5", "5.0", "5g":
		return Band5
	case "6", "6.0", "6e", "6g":
		return Band6
	}
	return Band(t)
}

// String renders the band for tables: "2.4G", "5G", "6G".
func (b Band) String() string {
	switch b {
	case Band24:
		return "2.4G"
	case Band5:
		return "5G"
	case Band6:
		return "6G"
	}
	return string(b)
}

// NormalizeID canonicalises valid UUIDs; masked or odd IDs ("4ac1dcf4-...-xxxx")
// are kept as they came, sanitised.
func NormalizeID(s string) string {
	if s == "" || isCanonicalUUID(s) {
		return s // already canonical, as Mist sends them: no copy
	}
	if u, err := uuid.Parse(s); err == nil {
		return u.String()
	}
	return Sanitize(s)
}

// isCanonicalUUID reports whether s is a UUID as uuid.UUID.String writes
// it: lower-case hex in 8-4-4-4-12 groups.
func isCanonicalUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// Sanitize strips everything from payload text that a terminal would act on:
// ANSI/VT escape sequences (CSI, OSC, DCS, …), C0 and C1 control characters,
// DEL, and invalid UTF-8. Tabs and newlines become spaces so a value stays on
// its row. Safe text is returned without allocating.
func Sanitize(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			i++
		case r == 0x1b:
			i += skipEscape(s[i+1:]) + 1
		case r == 0x9b: // C1 CSI
			i += skipCSI(s[i+size:]) + size
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
			i += size
		case unicode.IsControl(r) || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Cf, r) && r != 0x200d:
			i += size
		default:
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	return b.String()
}

// isPlain reports whether s is printable ASCII only: the common case, checked
// without allocating.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// skipEscape returns how many bytes after an ESC belong to its sequence.
func skipEscape(s string) int {
	if s == "" {
		return 0
	}
	switch s[0] {
	case '[':
		return 1 + skipCSI(s[1:])
	case ']', 'P', 'X', '^', '_': // OSC, DCS, SOS, PM, APC: until BEL or ST
		for i := 1; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	// Two-character escapes (ESC c, ESC 7, ESC ( B …): skip intermediates and the final byte.
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) {
		i++
	}
	return i
}

// skipCSI returns the length of a CSI sequence's parameters and final byte.
func skipCSI(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x40 && s[i] <= 0x7e {
			return i + 1
		}
		if s[i] < 0x20 || s[i] > 0x7e {
			return i
		}
	}
	return len(s)
}
