package ui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/mistwatch/mistwatch/model"
)

// The mouse, as in k9s or lazygit: the wheel scrolls the table or the open
// overlay, a click selects a row or a tab, or in an overlay does what the
// key of the footer hint under it does. Capturing the mouse stops the
// terminal's own text selection, so y copies what a user would select (a
// MAC, an event's JSON) and help says shift+drag still selects text.

// wheelLines is how far one notch of the wheel moves.
const wheelLines = 3

// mouse handles one mouse message; without Options.Mouse (--no-mouse)
// mouse input is ignored, even when the terminal sends it anyway.
func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	if !m.opts.Mouse || msg.Action != tea.MouseActionPress || m.prompt != nil || m.filtering {
		return nil
	}
	step := 0
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		step = -wheelLines
	case tea.MouseButtonWheelDown:
		step = wheelLines
	case tea.MouseButtonLeft:
		if o := m.top(); o != nil {
			return m.do(o.click(msg.X, msg.Y))
		}
		return m.click(msg.X, msg.Y)
	default:
		return nil
	}
	if o := m.top(); o != nil {
		o.scroll(step)
		return nil
	}
	m.syncStrip()
	m.current().base().table.move(step)
	return nil
}

// click selects the tab or the row under the pointer; on a column's title
// it sorts by that column (again: the other way).
func (m *Model) click(x, y int) tea.Cmd {
	if y == 0 {
		if i := m.tabAt(x); i >= 0 {
			m.active = i
			m.refreshShown()
		}
		return nil
	}
	m.syncStrip()
	t := m.current().base().table
	stripTop := 1 + m.follow.height(len(m.pins.order)) + 1 // tab bar, cards, header
	rowsTop := stripTop
	if m.current().pinnable() {
		rowsTop += m.stripLines()
	}
	switch {
	case y == stripTop-1:
		return m.changeSort(func(ts *tabState) bool { return ts.sortOn(t.columnAt(x)) })
	case y >= stripTop && y < rowsTop:
		t.selectStrip(y - stripTop)
	case y >= rowsTop && y < rowsTop+t.height:
		t.selectRow(t.offset + y - rowsTop)
	}
	return nil
}

// copyText puts text on the clipboard (OSC 52, through Options.Clipboard)
// and says what was copied.
func (m *Model) copyText(text, what string) {
	switch {
	case text == "":
		return
	case m.opts.Clipboard == nil:
		m.say("no clipboard here")
	default:
		if err := m.opts.Clipboard(text); err != nil {
			m.say("copy failed: " + model.Sanitize(err.Error()))
			return
		}
		m.say("copied " + what + " to the clipboard")
	}
}

// copySelected copies the selected row's client MAC.
func (m *Model) copySelected() {
	if mac := m.selectedMAC(); mac != "" {
		formatted := model.FormatMAC(mac)
		m.copyText(formatted, formatted)
	}
}

// OSC52 is the escape sequence that asks the terminal to put text on the
// system clipboard: no external tool, and it works over SSH. Terminals that
// do not support it ignore it (tmux needs set-clipboard on).
func OSC52(text string) string {
	return ansi.SetSystemClipboard(text) // base64 inside: payload text cannot act on the terminal
}
