package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/mistwatch/mistwatch/model"
)

// picker lists the values of one field seen so far, with counts; typing
// narrows the list and enter turns the choice into a filter term.
type picker struct {
	com    *Common
	keys   pickerKeys
	field  string // "site", "ssid" or "topic"
	input  textinput.Model
	all    []pickItem
	shown  []pickItem
	cursor int

	// Where the last view drew the list, for a click: the screen line of
	// its first row and the index of the item on it.
	listTop, listStart int
}

type pickItem struct {
	value string
	count int
}

type pickerKeys struct{ Apply, Cancel, Up, Down key.Binding }

// newPicker counts the field's values over the stored events that match.
func newPicker(com *Common, field string, store *model.Store, match func(*model.Event) bool) *picker {
	counts := map[string]int{}
	store.Each(func(e *model.Event) bool {
		if match != nil && !match(e) {
			return true
		}
		var v string
		switch field {
		case "site":
			// A name when one is known (a names file's first), else the
			// whole ID: site:= matches either exactly, never a shortened ID.
			v = firstOf(store.Names.SiteName(e.SiteID), e.SiteName, e.SiteID)
		case "ssid":
			v = e.SSID
		case "topic":
			v = e.Topic
		}
		if v != "" {
			counts[v]++
		}
		return true
	})
	p := &picker{com: com, field: field, input: textinput.New(), keys: pickerKeys{
		Apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Up:     key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "move up")),
		Down:   key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "move down")),
	}}
	for v, n := range counts {
		p.all = append(p.all, pickItem{v, n})
	}
	sort.Slice(p.all, func(i, j int) bool {
		if p.all[i].count != p.all[j].count {
			return p.all[i].count > p.all[j].count
		}
		return p.all[i].value < p.all[j].value
	})
	p.input.Prompt = "› "
	p.input.Placeholder = "type to narrow"
	p.input.Focus()
	p.narrow()
	return p
}

func (p *picker) narrow() {
	needle := strings.ToLower(p.input.Value())
	p.shown = p.shown[:0]
	for _, it := range p.all {
		if strings.Contains(strings.ToLower(it.value), needle) {
			p.shown = append(p.shown, it)
		}
	}
	p.cursor = clamp(p.cursor, 0, max(len(p.shown)-1, 0))
}

func (p *picker) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Apply, p.keys.Cancel, p.keys.Up, p.keys.Down}
}

func (p *picker) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

func (p *picker) resize() {}

func (p *picker) scroll(lines int) { p.cursor = clamp(p.cursor+lines, 0, max(len(p.shown)-1, 0)) }

// update handles a key: enter asks for the choice to be applied, esc to close.
func (p *picker) update(msg tea.KeyMsg) (action, tea.Cmd) {
	switch {
	case key.Matches(msg, p.keys.Cancel):
		return action{close: true}, nil
	case key.Matches(msg, p.keys.Apply):
		if len(p.shown) == 0 {
			return action{}, nil
		}
		return action{close: true, pick: p.shown[p.cursor].value}, nil
	case key.Matches(msg, p.keys.Up):
		p.cursor = max(p.cursor-1, 0)
		return action{}, nil
	case key.Matches(msg, p.keys.Down):
		p.cursor = min(p.cursor+1, max(len(p.shown)-1, 0))
		return action{}, nil
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	p.narrow()
	return action{}, cmd
}

func (p *picker) view() string {
	th, width, height := p.com.th, p.com.width, p.com.height
	title := map[string]string{"site": "Pick a site", "ssid": "Pick an SSID", "topic": "Pick a topic"}[p.field]
	var b strings.Builder
	b.WriteString(th.Title.Render(title) + th.Dim.Render(fmt.Sprintf("  %d seen", len(p.all))) + "\n")
	b.WriteString(p.input.View() + "\n\n")
	rows := max(height-10, 3)
	start := max(0, p.cursor-rows+1)
	boxWidth := max(min(width-10, 60), 20)
	for i := start; i < len(p.shown) && i < start+rows; i++ {
		it := p.shown[i]
		line := fit(it.value, boxWidth-8, false) + fmt.Sprintf("%7d", it.count)
		if i == p.cursor {
			b.WriteString(th.Selected.Render("›" + line))
		} else {
			b.WriteString(" " + line)
		}
		b.WriteByte('\n')
	}
	if len(p.shown) == 0 {
		b.WriteString(th.Dim.Render(" nothing matches") + "\n")
	}
	b.WriteString("\n" + th.Help.Render("enter apply · esc cancel · ↑↓ move"))
	lines := strings.Split(th.Box.Render(b.String()), "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, width, "") // per line: Truncate counts width across newlines
	}
	// Centred as lipgloss.Place centres it: half the spare lines above,
	// rounded down. Then the box's top border, the title, the input and a
	// blank line.
	p.listStart, p.listTop = start, max(height-len(lines), 0)/2+4
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n"))
}

// click picks the item on screen line y, as enter would.
func (p *picker) click(x, y int) action {
	i := p.listStart + y - p.listTop
	if y < p.listTop || i >= len(p.shown) || i >= p.listStart+max(p.com.height-10, 3) {
		return action{}
	}
	p.cursor = i
	return action{close: true, pick: p.shown[i].value}
}

// withFieldTerm returns query text with any term on field replaced by
// field:=value.
func withFieldTerm(query, field, value string) string {
	// An exact term (field:=value): picking "Corp" must not also pick
	// "Corp-Guest". Quotes keep spaces and commas inside the value.
	if strings.ContainsAny(value, " \",") {
		value = `"` + strings.ReplaceAll(value, `"`, "") + `"`
	}
	return strings.TrimSpace(withoutField(query, field) + " " + field + ":=" + value)
}

// withoutField drops the query's terms on field. Exclusions (-ssid:guest)
// stay: a pick replaces what the filter asked of the field, not what it
// refused.
func withoutField(query, field string) string {
	var kept []string
	for _, tok := range model.SplitTerms(query) {
		if strings.HasPrefix(strings.ToLower(tok), field+":") {
			continue
		}
		kept = append(kept, tok)
	}
	return strings.Join(kept, " ")
}
