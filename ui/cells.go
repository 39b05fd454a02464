package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Cells: how a cell too long for its column is cut (its end, or the middle
// of an identifier, always with an ellipsis) and padded to the width.

// cutMode is where a cell too long for its column loses characters.
type cutMode int

const (
	cutEnd    cutMode = iota // names: the start says most
	cutMiddle                // MACs and IDs: they differ at the end
)

// fit cuts or pads a cell to the column's width. An identifier (a MAC, an
// ID) differs at its end, so it loses its middle; anything else its end.
func (c column) fit(s string) string {
	if c.cut == cutMiddle && ansi.StringWidth(s) > c.width {
		s = cutIdentifiers(s, c.width)
	}
	return fit(s, c.width, c.right)
}

const pathArrow = " → "

// pathFromLeast is what the origin of "a → b" keeps when a named
// destination takes the rest: "A-2…".
const pathFromLeast = 4

// cutIdentifiers fits "a → b" in w, and cuts an identifier from the middle,
// keeping its end, where MACs differ. A name cut at its end loses what
// tells it apart (A-2F-North, A-2F-East), so a named destination, where the
// client went, stays whole while the origin keeps pathFromLeast; otherwise
// the sides share the width.
func cutIdentifiers(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	arrow := ansi.StringWidth(pathArrow)
	if from, to, ok := strings.Cut(s, pathArrow); ok && w >= 2*pathFromLeast+arrow {
		avail := w - arrow
		fw, tw := ansi.StringWidth(from), ansi.StringWidth(to)
		switch half := avail / 2; {
		case !isIdentifier(to) && tw <= avail-min(fw, pathFromLeast):
			fw = avail - tw
		case fw <= half:
			tw = avail - fw
		case tw <= avail-half:
			fw = avail - tw
		default:
			fw, tw = half, avail-half
		}
		return cutIdentifiers(from, fw) + pathArrow + cutIdentifiers(to, tw)
	}
	if w <= 4 || !isIdentifier(s) {
		return ansi.Truncate(s, w, "…")
	}
	tail := w / 2
	return s[:w-1-tail] + "…" + s[len(s)-tail:]
}

// isIdentifier reports whether s is a MAC or an ID, not a name: hex digits
// and separators only, at least 8 digits, some of them 0-9 (names such as
// "A-1F-Cafe" or "Beef-Dead" are spelt in hex letters too).
func isIdentifier(s string) bool {
	hex, decimal := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			hex, decimal = hex+1, true
		case c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			hex++
		case c != ':' && c != '-' && c != '.':
			return false
		}
	}
	return hex >= 8 && decimal
}

// fit truncates or pads s to exactly w display cells.
func fit(s string, w int, right bool) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	pad := strings.Repeat(" ", w-sw)
	if right {
		return pad + s
	}
	return s + pad
}
