package ui

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
)

// KeyMap is every key the dashboard answers to; help and the footer are
// built from it, so what is shown is what works.
type KeyMap struct {
	NextTab, PrevTab, TabN       key.Binding
	Up, Down, PageUp, PageDown   key.Binding
	Top, Bottom                  key.Binding
	Filter, Site, SSID, Topic    key.Binding
	Pause, Detail, Timeline, Pin key.Binding
	Sort, SortReverse, Export    key.Binding
	Faster, Slower               key.Binding
	Help, Quit, Back             key.Binding
	Follow, PinPrompt, Marker    key.Binding
	Bell, RefetchNames, Copy     key.Binding
}

// DefaultKeyMap returns the keys of DESIGN.md.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		NextTab:      b([]string{"tab"}, "tab", "next tab"),
		PrevTab:      b([]string{"shift+tab"}, "shift+tab", "previous tab"),
		TabN:         b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-6", "go to tab"),
		Up:           b([]string{"up", "k"}, "↑/k", "up (unfollow)"),
		Down:         b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:       b([]string{"pgup", "ctrl+u"}, "pgup/ctrl+u", "page up"),
		PageDown:     b([]string{"pgdown", "ctrl+d"}, "pgdn/ctrl+d", "page down"),
		Top:          b([]string{"g", "home"}, "g/home", "oldest"),
		Bottom:       b([]string{"G", "end"}, "G/end", "newest, follow"),
		Filter:       b([]string{"/"}, "/", "filter"),
		Site:         b([]string{"S"}, "S", "pick site"),
		SSID:         b([]string{"W"}, "W", "pick SSID"),
		Topic:        b([]string{"T"}, "T", "pick topic"),
		Pause:        b([]string{" "}, "space", "pause/resume"),
		Detail:       b([]string{"enter"}, "enter", "detail"),
		Timeline:     b([]string{"c"}, "c", "client timeline"),
		Pin:          b([]string{"p"}, "p", "pin client"),
		Sort:         b([]string{"o"}, "o", "sort column"),
		SortReverse:  b([]string{"O"}, "O", "reverse sort"),
		Export:       b([]string{"ctrl+s"}, "ctrl+s", "export CSV"),
		Faster:       b([]string{"+", "="}, "+/-", "replay speed"),
		Slower:       b([]string{"-"}, "-", "slower replay"),
		Help:         b([]string{"?"}, "?", "help"),
		Quit:         b([]string{"q", "ctrl+c"}, "q", "quit"),
		Back:         b([]string{"esc"}, "esc", "back"),
		Follow:       b([]string{"F"}, "F", "follow panel"),
		PinPrompt:    b([]string{"P"}, "P", "pin by MAC/label"),
		Marker:       b([]string{"m"}, "m", "add marker"),
		Bell:         b([]string{"B"}, "B", "bell on/off"),
		RefetchNames: b([]string{"ctrl+r"}, "ctrl+r", "fetch names again"),
		Copy:         b([]string{"y"}, "y", "copy MAC (OSC 52)"),
	}
}

// ShortHelp is the footer.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.TabN, k.Filter, k.Pause, k.Detail, k.Timeline, k.Bottom, k.Help, k.Quit}
}

// FullHelp is the ? screen, one column per group.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.NextTab, k.PrevTab, k.TabN, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Filter, k.Site, k.SSID, k.Topic, k.Pause, k.Detail, k.Timeline, k.Pin, k.Copy},
		{k.PinPrompt, k.Follow, k.Marker, k.Bell, k.RefetchNames, k.Sort, k.SortReverse, k.Export, k.Faster, k.Back, k.Help, k.Quit},
	}
}

// renderFooter is the footer's key hints for a width: the least important
// hints go first, "? help" and "q quit" stay at every width.
func (m *Model) renderFooter(width int) string {
	th := m.com.th
	short := m.keys.ShortHelp()
	items := make([]statusItem, len(short))
	for i, b := range short {
		h := b.Help()
		prio := prioHigh - i // earlier hints matter more
		if b.Help() == m.keys.Help.Help() || b.Help() == m.keys.Quit.Help() {
			prio = prioBadge
		}
		items[i] = statusItem{text: th.Prompt.Render(h.Key) + " " + th.Help.Render(h.Desc), prio: prio}
	}
	return ansi.Truncate(fitItems(items, width, th.Dim.Render(" • ")), width, "…")
}

// helpNotes are what the help adds below the keys: the text markers that
// carry what colours show, so nothing is lost without colour.
func (m *Model) helpNotes() []string {
	th := m.com.th
	var notes []string
	if m.stats.RecordError != "" {
		notes = append(notes, th.Err.Render("REC FAILED")+" "+m.stats.RecordError, "")
	}
	if m.opts.Mouse {
		notes = append(notes, th.Header.Render("Mouse")+"  wheel scrolls · click selects a row, tab or timeline entry, sorts by a title, does a footer hint's key · shift+drag selects text in most terminals (or --no-mouse)", "")
	}
	return append(notes,
		th.Header.Render("Marks")+"  RSSI -60 good · -70"+th.RSSIMarker(th.Poor)+" fair · -80"+th.RSSIMarker(th.Poor-1)+
			" poor · ▲ a stronger AP in reach · 42/35! over the limit",
	)
}
