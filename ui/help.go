package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// helpView is the ? screen: every key of the dashboard, the filter syntax
// and what the colours mean. It lays the keys out in as many columns as
// the width holds and scrolls when the height does not hold them; ↑↓
// scroll, any other key closes it.
type helpView struct {
	com   *Common
	keys  KeyMap
	extra []string // lines after the keys: mouse, markers
	vp    viewport.Model
	nav   scrollKeys
}

func newHelp(com *Common, keys KeyMap, extra ...string) *helpView {
	h := &helpView{com: com, keys: keys, extra: extra, nav: newScrollKeys()}
	h.resize()
	return h
}

func (h *helpView) ShortHelp() []key.Binding  { return []key.Binding{h.nav.Up, h.nav.Down} }
func (h *helpView) FullHelp() [][]key.Binding { return h.keys.FullHelp() }

func (h *helpView) update(msg tea.KeyMsg) (action, tea.Cmd) {
	s := h.nav
	if key.Matches(msg, s.Up, s.Down, s.PageUp, s.PageDown) && h.vp.TotalLineCount() > h.vp.Height {
		var cmd tea.Cmd
		h.vp, cmd = h.vp.Update(msg)
		return action{}, cmd
	}
	return action{close: true}, nil
}

// resize lays the help out again for the terminal's size.
func (h *helpView) resize() {
	th, width, height := h.com.th, h.com.width, h.com.height
	inner := max(width-4, 10) // the box's border and padding
	body := keyColumns(h.keys.FullHelp(), inner, th.Prompt.Render, th.Help.Render)
	text := th.Title.Render("mistwatch keys") + "\n\n" + body + "\n\n" + th.Header.Render("Filter query") + "  all terms must match\n" +
		"  site: ssid: topic: mac: ap: band: zone: type:  rssi<-70  rssi>=-65\n" +
		"  a,b either · -term negates · field:=value exact · bare words: any column\n" +
		"  MACs in any spelling: 70:ef:00 = 70-ef-00 = 70ef00"
	if len(h.extra) > 0 {
		text += "\n\n" + strings.Join(h.extra, "\n")
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, inner, "…")
	}
	h.vp = viewport.New(inner, min(len(lines), max(height-3, 1))) // box borders and the footer line
	h.vp.SetContent(strings.Join(lines, "\n"))
}

func (h *helpView) scroll(lines int) { scrollViewport(&h.vp, lines) }

// click closes help, as any key but the scroll keys does.
func (h *helpView) click(x, y int) action { return action{close: true} }

func (h *helpView) view() string {
	th := h.com.th
	box := th.Box.Render(h.vp.View())
	foot := "any key closes help"
	if h.vp.TotalLineCount() > h.vp.Height {
		foot = "↑↓ scroll · any other key closes help"
	}
	return lipgloss.Place(h.com.width, h.com.height-1, lipgloss.Center, lipgloss.Center, box) + "\n" +
		th.Dim.Render(ansi.Truncate(foot, h.com.width, "…"))
}

// keyColumns lays out key bindings in as many columns as fit in width: the
// groups as given when they fit side by side, else all bindings spread over
// fewer, longer columns. Nothing is ever cut off the right edge.
func keyColumns(groups [][]key.Binding, width int, keyStyle, descStyle func(...string) string) string {
	var all []key.Binding
	for _, g := range groups {
		all = append(all, g...)
	}
	const gap = "   "
	for n := len(groups); n >= 1; n-- {
		cols := groups
		if n < len(groups) {
			cols = spread(all, n)
		}
		rendered := make([]string, len(cols))
		total := 0
		for i, c := range cols {
			rendered[i] = keyColumn(c, keyStyle, descStyle)
			total += lipgloss.Width(rendered[i])
		}
		total += len(gap) * (len(cols) - 1)
		if total <= width || n == 1 {
			parts := make([]string, 0, 2*len(rendered))
			for i, r := range rendered {
				if i > 0 {
					parts = append(parts, gap)
				}
				parts = append(parts, r)
			}
			return lipgloss.JoinHorizontal(lipgloss.Top, parts...)
		}
	}
	return ""
}

// spread deals bindings into n columns of near-equal length, in order.
func spread(all []key.Binding, n int) [][]key.Binding {
	per := (len(all) + n - 1) / n
	var cols [][]key.Binding
	for len(all) > 0 {
		k := min(per, len(all))
		cols, all = append(cols, all[:k]), all[k:]
	}
	return cols
}

func keyColumn(bs []key.Binding, keyStyle, descStyle func(...string) string) string {
	kw := 0
	for _, b := range bs {
		kw = max(kw, ansi.StringWidth(b.Help().Key))
	}
	lines := make([]string, len(bs))
	for i, b := range bs {
		k := b.Help().Key
		lines[i] = keyStyle(k+strings.Repeat(" ", kw-ansi.StringWidth(k))) + " " + descStyle(b.Help().Desc)
	}
	return strings.Join(lines, "\n")
}
