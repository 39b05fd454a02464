package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/mistwatch/mistwatch/model"
)

// picker lists the values of one field seen so far, with counts; typing
// narrows the list and enter turns the choice into a filter term.
type picker struct {
	field  string // "site", "ssid" or "topic"
	input  textinput.Model
	all    []pickItem
	shown  []pickItem
	cursor int
}

type pickItem struct {
	value string
	count int
}

// newPicker counts the field's values over everything stored.
func newPicker(field string, store *model.Store) *picker {
	counts := map[string]int{}
	store.Each(func(e *model.Event) bool {
		var v string
		switch field {
		case "site":
			// A name when one is known, else the whole ID: site:= matches
			// either exactly, never a shortened ID.
			v = e.SiteName
			if v == "" {
				v = store.Names.SiteName(e.SiteID)
			}
			if v == "" {
				v = e.SiteID
			}
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
	p := &picker{field: field, input: textinput.New()}
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

// update handles a key; it reports the chosen value, or done with "" on esc.
func (p *picker) update(msg tea.KeyMsg) (choice string, done bool, cmd tea.Cmd) {
	switch msg.Type {
	case tea.KeyEsc:
		return "", true, nil
	case tea.KeyEnter:
		if len(p.shown) == 0 {
			return "", false, nil
		}
		return p.shown[p.cursor].value, true, nil
	case tea.KeyUp, tea.KeyCtrlP:
		p.cursor = max(p.cursor-1, 0)
		return "", false, nil
	case tea.KeyDown, tea.KeyCtrlN:
		p.cursor = min(p.cursor+1, max(len(p.shown)-1, 0))
		return "", false, nil
	}
	p.input, cmd = p.input.Update(msg)
	p.narrow()
	return "", false, cmd
}

func (p *picker) view(m *Model) string {
	th := m.th
	title := map[string]string{"site": "Pick a site", "ssid": "Pick an SSID", "topic": "Pick a topic"}[p.field]
	var b strings.Builder
	b.WriteString(th.Title.Render(title) + th.Dim.Render(fmt.Sprintf("  %d seen", len(p.all))) + "\n")
	b.WriteString(p.input.View() + "\n\n")
	rows := max(m.height-10, 3)
	start := max(0, p.cursor-rows+1)
	width := max(min(m.width-10, 60), 20)
	for i := start; i < len(p.shown) && i < start+rows; i++ {
		it := p.shown[i]
		line := fit(it.value, width-8, false) + fmt.Sprintf("%7d", it.count)
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
		lines[i] = ansi.Truncate(l, m.width, "") // per line: Truncate counts width across newlines
	}
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n"))
}

// withFieldTerm returns query text with any term on field replaced by
// field:=value.
func withFieldTerm(query, field, value string) string {
	var kept []string
	for _, tok := range model.SplitTerms(query) {
		// The pick replaces what the filter asked of this field; exclusions
		// (-ssid:guest) stay.
		if strings.HasPrefix(strings.ToLower(tok), field+":") {
			continue
		}
		kept = append(kept, tok)
	}
	// An exact term (field:=value): picking "Corp" must not also pick
	// "Corp-Guest". Quotes keep spaces and commas inside the value.
	if strings.ContainsAny(value, " \",") {
		value = `"` + strings.ReplaceAll(value, `"`, "") + `"`
	}
	return strings.Join(append(kept, field+":="+value), " ")
}
