package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/mistwatch/mistwatch/model"
)

// detailView shows one event's raw JSON, pretty-printed and scrollable.
type detailView struct {
	com     *Common
	seq     uint64
	mac     string
	title   string
	evicted bool
	vp      viewport.Model
	summary string // one line about the event, plain
	body    string // the coloured JSON, before wrapping to the width
	keys    detailKeys
	json    string // the event's JSON as y copies it
}

type detailKeys struct {
	scrollKeys
	Timeline, Copy key.Binding
}

func newDetail(com *Common, e *model.Event) *detailView {
	d := &detailView{com: com, seq: e.Seq, mac: e.MAC, keys: detailKeys{scrollKeys: newScrollKeys(),
		Timeline: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "client timeline")),
		Copy:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy JSON"))}, json: indentJSON(e.Raw)}
	d.keys.Back.SetKeys("esc", "q", "enter")
	parts := []string{e.Topic, com.stamp(e.Time)}
	if s := com.names.Site(e.SiteID, e.SiteName); s != "" {
		parts = append(parts, s)
	}
	d.title = strings.Join(append(parts, fmt.Sprintf("#%d", e.Seq)), " · ")
	d.vp = viewport.New(com.width, 1)
	d.summary, d.body = model.Summarize(e, com.names), prettyJSON(com, d.json)
	d.resize()
	return d
}

func (d *detailView) scroll(lines int) { scrollViewport(&d.vp, lines) }

func (d *detailView) resize() {
	d.vp.Width, d.vp.Height = d.com.width, max(d.com.height-2, 1) // the title and the footer
	// Wrapped, not cut by the viewport's edge: a long summary or JSON
	// value is read whole on a narrow terminal.
	w := max(d.com.width, 1)
	d.vp.SetContent(d.com.th.Dim.Render(wrapWords(d.summary, w)) + "\n\n" + ansi.Hardwrap(d.body, w, true))
}

func (d *detailView) ShortHelp() []key.Binding {
	k := d.keys
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Timeline, k.Copy, k.Back}
}

func (d *detailView) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

func (d *detailView) update(msg tea.KeyMsg) (action, tea.Cmd) {
	switch {
	case key.Matches(msg, d.keys.Back):
		return action{close: true}, nil
	case key.Matches(msg, d.keys.Top):
		d.vp.GotoTop()
		return action{}, nil
	case key.Matches(msg, d.keys.Bottom):
		d.vp.GotoBottom()
		return action{}, nil
	case key.Matches(msg, d.keys.Timeline):
		return d.timeline(), nil
	case key.Matches(msg, d.keys.Copy):
		return d.copyJSON(), nil
	}
	var cmd tea.Cmd
	d.vp, cmd = d.vp.Update(msg)
	return action{}, cmd
}

// timeline asks for the event's client timeline; nothing without a client.
func (d *detailView) timeline() action { return action{timeline: d.mac} }

func (d *detailView) copyJSON() action {
	return action{copy: d.json, copyWhat: "the event's JSON"}
}

// prettyJSON colours the event's indented JSON and sanitises every line:
// JSON may legally carry C1 controls and other bytes a terminal acts on.
func prettyJSON(com *Common, indented string) string {
	var b strings.Builder
	for _, l := range strings.Split(indented, "\n") {
		b.WriteString(colourJSONLine(com, model.Sanitize(l)))
		b.WriteByte('\n')
	}
	return b.String()
}

// wrapWords breaks plain text into lines of at most w cells at spaces
// ("-65dBm" is one word, where ansi.Wrap breaks at its hyphen); a word
// longer than a line is broken where the line ends.
func wrapWords(s string, w int) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= w:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	lines = append(lines, line)
	return ansi.Hardwrap(strings.Join(lines, "\n"), w, true)
}

// indentJSON is raw JSON indented, or as it is when it does not parse.
func indentJSON(raw []byte) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return string(raw)
	}
	return buf.String()
}

// colourJSONLine styles the key of a `"key": value` line.
func colourJSONLine(com *Common, l string) string {
	trimmed := strings.TrimLeft(l, " ")
	if !strings.HasPrefix(trimmed, `"`) {
		return l
	}
	end := strings.Index(trimmed[1:], `":`)
	if end < 0 {
		return l
	}
	indent := l[:len(l)-len(trimmed)]
	return indent + com.th.JSONKey.Render(trimmed[:end+2]) + trimmed[end+2:]
}

func (d *detailView) view() string {
	th := d.com.th
	title := d.title
	if d.evicted {
		title += " (evicted)"
	}
	head := th.Title.Render(" Event ") + " " + th.Header.Render(title)
	foot := hintsLine(th, d.com.width, "", d.hints())
	return ansi.Truncate(head, d.com.width, "…") + "\n" + d.vp.View() + "\n" + foot
}

// hints are the footer's items; a click on one does what its key does.
func (d *detailView) hints() []hint {
	return []hint{
		{statusItem{text: "↑↓ pgup pgdn g G scroll", prio: prioLow}, action{}},
		{statusItem{text: "c timeline", prio: prioHigh}, d.timeline()},
		{statusItem{text: "y copy", prio: prioNormal}, d.copyJSON()},
		{statusItem{text: "esc back", prio: prioBadge}, action{close: true}},
		{statusItem{text: fmt.Sprintf("%.0f%%", d.vp.ScrollPercent()*100), prio: prioLow + 1}, action{}},
	}
}

// click on the footer does what the hint's key does; the JSON takes none.
func (d *detailView) click(x, y int) action {
	if y != 1+d.vp.Height { // the title, then the viewport
		return action{}
	}
	return hintAt(d.com.width, "", d.hints(), x)
}
