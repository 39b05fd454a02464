package theme

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Paint is a colour style reduced, once, to the escape codes around its
// text. A table cell is then two concatenations rather than a lipgloss
// render, which converts colours on every call and was most of a frame's
// cost. The zero Paint leaves text as it is.
type Paint struct{ pre, post string }

const paintMark = "\uE000" // private use: never in a style's own output

// PaintOf reduces a style without padding, borders or widths to a Paint.
func PaintOf(st lipgloss.Style) Paint {
	out := st.Render(paintMark)
	i := strings.Index(out, paintMark)
	if i < 0 {
		return Paint{}
	}
	return Paint{pre: out[:i], post: out[i+len(paintMark):]}
}

// Wrap paints s.
func (p Paint) Wrap(s string) string {
	if p.pre == "" && p.post == "" {
		return s
	}
	return p.pre + s + p.post
}
