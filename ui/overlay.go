package ui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
)

// overlay is a screen over the tables: detail, timeline, picker, help. It
// owns its keys and its view; what it asks of the dashboard (close, apply
// a pick, pin, export) comes back as an action for the root to carry out.
type overlay interface {
	update(msg tea.KeyMsg) (action, tea.Cmd)
	view() string
	resize()
	scroll(lines int) // the mouse wheel: up when negative
	help.KeyMap
}

// action is what an overlay asks the root to do after a key.
type action struct {
	close    bool
	pick     string // the picker's choice, to become a filter term
	pin      string // pin or unpin this client MAC
	timeline string // open this client's timeline
	export   bool   // export what the overlay shows
	copy     string // put this on the clipboard…
	copyWhat string // …and say it was this
}

// scrollViewport moves a viewport by lines, up when negative.
func scrollViewport(vp *viewport.Model, lines int) {
	if lines < 0 {
		vp.ScrollUp(-lines)
	} else {
		vp.ScrollDown(lines)
	}
}

// scrollKeys are the viewport keys every scrolling overlay shares.
type scrollKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Back key.Binding
}

func newScrollKeys() scrollKeys {
	return scrollKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u", "b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+d", "f"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		Back:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "back")),
	}
}
