package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// prompt is a one-line question on the filter line (P pins a client, m adds
// a marker). It has the keys while open: enter answers, esc cancels, tab
// completes from the candidates when the prompt has any.
type prompt struct {
	input    textinput.Model
	complete func(text string) []string // nil: no completion
	cands    []string                   // the candidates for what is typed
	next     int                        // the candidate tab takes next
	submit   func(text string) tea.Cmd
}

func newPrompt(th *theme.Theme, label, placeholder string, complete func(string) []string, submit func(string) tea.Cmd) *prompt {
	in := textinput.New()
	in.Prompt = label + " "
	in.PromptStyle = th.Prompt
	in.Placeholder = placeholder
	in.CharLimit = model.MaxMarkerText
	in.Focus()
	p := &prompt{input: in, complete: complete, submit: submit}
	p.refresh()
	return p
}

// update handles a key; done is true once the prompt has closed.
func (p *prompt) update(msg tea.KeyMsg) (done bool, cmd tea.Cmd) {
	switch msg.Type {
	case tea.KeyEsc:
		return true, nil
	case tea.KeyEnter:
		return true, p.submit(strings.TrimSpace(p.input.Value()))
	case tea.KeyTab:
		if len(p.cands) > 0 {
			// The candidate's first word is what it stands for (a MAC).
			word, _, _ := strings.Cut(p.cands[p.next%len(p.cands)], " ")
			p.next++
			p.input.SetValue(word)
			p.input.CursorEnd()
		}
		return false, nil
	}
	p.input, cmd = p.input.Update(msg)
	p.refresh()
	return false, cmd
}

func (p *prompt) refresh() {
	if p.complete != nil {
		p.cands, p.next = p.complete(p.input.Value()), 0
	}
}

// view is the input and, when there are some, the candidates.
func (p *prompt) view(th *theme.Theme, width int) string {
	line := p.input.View()
	if len(p.cands) > 0 {
		line += th.Dim.Render("  tab: " + strings.Join(p.cands, " · "))
	}
	return ansi.Truncate(line, width, "…")
}
