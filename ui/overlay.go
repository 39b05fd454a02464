package ui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// overlay is a screen over the tables: detail, timeline, picker, help. It
// owns its keys and its view; what it asks of the dashboard (close, apply
// a pick, pin, export) comes back as an action for the root to carry out.
type overlay interface {
	update(msg tea.KeyMsg) (action, tea.Cmd)
	view() string
	resize()
	scroll(lines int) // the mouse wheel: up when negative
	click(x, y int) action
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
	detail   uint64 // open this event's detail view
}

// The root is a stack of modes: the tables at the bottom, overlays above.
// Keys go to the top one and esc pops it, so a timeline opened from a
// detail view goes back to that detail view.

// top is the overlay that has the keys; nil: the tables do.
func (m *Model) top() overlay {
	if len(m.overlays) == 0 {
		return nil
	}
	return m.overlays[len(m.overlays)-1]
}

func (m *Model) push(o overlay) { m.overlays = append(m.overlays, o) }

func (m *Model) pop() {
	if len(m.overlays) > 0 {
		m.overlays = m.overlays[:len(m.overlays)-1]
	}
}

// overlaysSee tells the open overlays about stored batches: a detail view
// learns its event was evicted, a timeline adds its client's new entries.
func (m *Model) overlaysSee(batches [][]model.Event) {
	for _, o := range m.overlays {
		switch o := o.(type) {
		case *detailView:
			_, held := m.store.Get(o.seq)
			o.evicted = !held
		case *timelineView:
			for _, batch := range batches {
				if o.touches(batch) {
					o.rebuild()
					break
				}
			}
		}
	}
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

// hint is one item of an overlay's footer and what a click on it asks:
// what its key asks. The zero action: a click does nothing.
type hint struct {
	statusItem
	act action
}

const hintSep = " · "

// hintsLine is an overlay's footer: its key hints, the least important
// dropped first so the way back out shows at every width, then notice (an
// export's result), which the hints make room for.
func hintsLine(th *theme.Theme, width int, notice string, hints []hint) string {
	line := th.Help.Render(" "+fitItems(hintItems(hints), hintsRoom(width, notice), hintSep)) + notice
	return ansi.Truncate(line, width, "…")
}

// hintAt is what a click at column x of hintsLine's line asks.
func hintAt(width int, notice string, hints []hint, x int) action {
	items := hintItems(hints)
	keep := fitKeep(items, hintsRoom(width, notice), hintSep)
	at := 1 // after the leading space
	for i, it := range items {
		if !keep[i] {
			continue
		}
		w := ansi.StringWidth(it.text)
		if x >= at && x < at+w {
			return hints[i].act
		}
		at += w + ansi.StringWidth(hintSep)
	}
	return action{}
}

func hintsRoom(width int, notice string) int {
	return max(width-1-ansi.StringWidth(notice), 0) // the leading space
}

func hintItems(hints []hint) []statusItem {
	items := make([]statusItem, len(hints))
	for i, h := range hints {
		items[i] = h.statusItem
	}
	return items
}
