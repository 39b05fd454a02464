package ui

import "github.com/charmbracelet/bubbles/key"

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
}

// DefaultKeyMap returns the keys of DESIGN.md.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		NextTab:     b([]string{"tab"}, "tab", "next tab"),
		PrevTab:     b([]string{"shift+tab"}, "shift+tab", "previous tab"),
		TabN:        b([]string{"1", "2", "3", "4", "5", "6"}, "1-6", "go to tab"),
		Up:          b([]string{"up", "k"}, "↑/k", "up (unfollow)"),
		Down:        b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:      b([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
		PageDown:    b([]string{"pgdown", "ctrl+d"}, "pgdn", "page down"),
		Top:         b([]string{"g", "home"}, "g", "oldest"),
		Bottom:      b([]string{"G", "end"}, "G", "newest, follow"),
		Filter:      b([]string{"/"}, "/", "filter"),
		Site:        b([]string{"S"}, "S", "pick site"),
		SSID:        b([]string{"W"}, "W", "pick SSID"),
		Topic:       b([]string{"T"}, "T", "pick topic"),
		Pause:       b([]string{" "}, "space", "pause/resume"),
		Detail:      b([]string{"enter"}, "enter", "detail"),
		Timeline:    b([]string{"c"}, "c", "client timeline"),
		Pin:         b([]string{"p"}, "p", "pin client"),
		Sort:        b([]string{"o"}, "o", "sort column"),
		SortReverse: b([]string{"O"}, "O", "reverse sort"),
		Export:      b([]string{"ctrl+s"}, "ctrl+s", "export CSV"),
		Faster:      b([]string{"+", "="}, "+/-", "replay speed"),
		Slower:      b([]string{"-"}, "-", "slower replay"),
		Help:        b([]string{"?"}, "?", "help"),
		Quit:        b([]string{"q", "ctrl+c"}, "q", "quit"),
		Back:        b([]string{"esc"}, "esc", "back"),
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
		{k.Filter, k.Site, k.SSID, k.Topic, k.Pause, k.Detail, k.Timeline, k.Pin},
		{k.Sort, k.SortReverse, k.Export, k.Faster, k.Back, k.Help, k.Quit},
	}
}
