package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// helpView is the ? screen: every key of the dashboard, grouped, and the
// filter syntax. Any key closes it.
type helpView struct {
	com  *Common
	keys KeyMap
	help help.Model

	recordError string // why the record file fails, "" while it works
}

func newHelp(com *Common, keys KeyMap, recordError string) *helpView {
	h := &helpView{com: com, keys: keys, help: help.New(), recordError: recordError}
	th := com.th
	h.help.Styles.FullKey, h.help.Styles.FullDesc = th.Prompt, th.Help
	h.help.ShowAll = true
	return h
}

func (h *helpView) ShortHelp() []key.Binding  { return nil }
func (h *helpView) FullHelp() [][]key.Binding { return h.keys.FullHelp() }
func (h *helpView) resize()                   {}

func (h *helpView) update(tea.KeyMsg) (action, tea.Cmd) { return action{close: true}, nil }

func (h *helpView) view() string {
	th, width, height := h.com.th, h.com.width, h.com.height
	h.help.Width = width
	body := h.help.FullHelpView(h.keys.FullHelp())
	query := th.Header.Render("Filter query") + "  all terms must match\n" +
		"  site: ssid: topic: mac: ap: band: zone: type:  rssi<-70  rssi>=-65\n" +
		"  a,b either · -term negates · field:=value exact · bare words: any column\n" +
		"  MACs in any spelling: 70:ef:00 = 70-ef-00 = 70ef00"
	if h.recordError != "" {
		query += "\n\n" + th.Err.Render("REC FAILED") + " " + h.recordError
	}
	lines := strings.Split(th.Box.Render(th.Title.Render("mistwatch keys")+"\n\n"+body+"\n\n"+query), "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, width, "")
	}
	return lipgloss.Place(width, height-1, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n")) +
		"\n" + th.Dim.Render("any key closes help")
}
