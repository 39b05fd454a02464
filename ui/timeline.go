package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// The timeline chart spans chartRows rows of 10 dB each, from chartFloor up.
const (
	chartRows  = 6
	chartFloor = -90.0
	chartStep  = 10.0
)

var blocks = []rune(" ▁▂▃▄▅▆▇█")

// timelineView is everything known about one client MAC, live: a chart of
// its RSSI over time, roaming findings, and every event in time order.
type timelineView struct {
	com      *Common
	store    *model.Store
	mac      string
	pinned   bool
	entries  []model.TimelineEntry
	selected uint64 // the Seq of the entry a click chose; 0: none
	findings []model.Finding
	vp       viewport.Model
	keys     timelineKeys
}

type timelineKeys struct {
	scrollKeys
	Export, Pin, Copy, Open key.Binding
}

func newTimeline(com *Common, store *model.Store, mac string, pinned bool) *timelineView {
	tv := &timelineView{com: com, store: store, mac: mac, pinned: pinned, vp: viewport.New(com.width, 1),
		keys: timelineKeys{scrollKeys: newScrollKeys(),
			Export: key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "export")),
			Pin:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pin")),
			Copy:   key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy MAC")),
			Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "selected entry's event"))}}
	tv.rebuild()
	tv.vp.GotoBottom()
	return tv
}

func (tv *timelineView) ShortHelp() []key.Binding {
	k := tv.keys
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Export, k.Pin, k.Copy, k.Open, k.Back}
}

func (tv *timelineView) FullHelp() [][]key.Binding { return [][]key.Binding{tv.ShortHelp()} }

func (tv *timelineView) update(msg tea.KeyMsg) (action, tea.Cmd) {
	switch {
	case key.Matches(msg, tv.keys.Back):
		return action{close: true}, nil
	case key.Matches(msg, tv.keys.Export):
		return action{export: true}, nil
	case key.Matches(msg, tv.keys.Pin):
		return action{pin: tv.mac}, nil
	case key.Matches(msg, tv.keys.Copy):
		return tv.copyMAC(), nil
	case key.Matches(msg, tv.keys.Open):
		return action{detail: tv.selected}, nil
	case key.Matches(msg, tv.keys.Top):
		tv.vp.GotoTop()
		return action{}, nil
	case key.Matches(msg, tv.keys.Bottom):
		tv.vp.GotoBottom()
		return action{}, nil
	}
	var cmd tea.Cmd
	tv.vp, cmd = tv.vp.Update(msg)
	return action{}, cmd
}

func (tv *timelineView) copyMAC() action {
	mac := model.FormatMAC(tv.mac)
	return action{copy: mac, copyWhat: mac}
}

// rebuild re-reads the store; the list stays at the bottom if it was there.
func (tv *timelineView) rebuild() {
	atBottom := tv.vp.AtBottom()
	tv.entries = model.BuildTimeline(tv.store, tv.mac)
	tv.findings = model.DetectPatterns(tv.entries, tv.com.th.Poor, tv.store.Names)
	tv.resize()
	tv.vp.SetContent(tv.listText())
	if atBottom {
		tv.vp.GotoBottom()
	}
}

func (tv *timelineView) scroll(lines int) { scrollViewport(&tv.vp, lines) }

func (tv *timelineView) resize() {
	tv.vp.Width = tv.com.width
	tv.vp.Height = max(tv.com.height-tv.fixedLines(), 3)
}

// fixedLines is what the title, findings, chart, axis, markers and footer take.
func (tv *timelineView) fixedLines() int {
	return 1 + max(len(tv.findings), 1) + chartRows + 2 + 1
}

// touches reports whether a batch has anything for this client.
func (tv *timelineView) touches(batch []model.Event) bool {
	for i := range batch {
		if batch[i].MAC == tv.mac || batch[i].Kind == model.KindMarker {
			return true
		}
	}
	return false
}

func (tv *timelineView) listText() string {
	th, width := tv.com.th, tv.com.width
	var b strings.Builder
	kindStyle := map[model.EntryKind]lipgloss.Style{
		model.EntryRoam: th.Roam(), model.EntryJoin: th.Title, model.EntryDisconnect: th.Err,
		model.EntryMarker: th.Pinned,
	}
	for _, e := range tv.entries {
		kind := fit(e.Kind.String(), 10, false)
		if st, ok := kindStyle[e.Kind]; ok {
			kind = st.Render(kind)
		}
		line := tv.com.stamp(e.Time) + "  " + kind + " " + e.Text
		if e.Seq == tv.selected {
			b.WriteString(th.Selected.Render(ansi.Truncate("›"+ansi.Strip(line), width, "…")) + "\n")
			continue
		}
		b.WriteString(ansi.Truncate(" "+line, width, "…") + "\n")
	}
	if len(tv.entries) == 0 {
		b.WriteString(th.Dim.Render(" nothing stored for this client yet"))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// title names the client and sums up its readings; when narrow, the
// reading count goes first, then min/avg/max, then where it was last heard,
// each whole rather than cut mid-name.
func (tv *timelineView) title(width int) string {
	th := tv.com.th
	items := []statusItem{
		{text: th.Title.Render(" Client timeline ") + " " + th.Header.Render(words(tv.store.Names.Label(tv.mac), model.FormatMAC(tv.mac))), prio: prioBadge},
	}
	if tv.pinned {
		items = append(items, statusItem{text: th.Pinned.Render("• pinned"), prio: prioBadge})
	}
	if c, ok := tv.store.Clients.Get(tv.mac); ok && c.Count() > 0 {
		items = append(items, statusItem{text: th.Dim.Render(fmt.Sprintf(" last %s dBm", dbm(c.Last().RSSI))), prio: prioHigh})
		if c.AP() != "" {
			items = append(items, statusItem{text: th.Dim.Render("on " + tv.store.Names.AP(c.AP(), c.APName())), prio: prioNormal + 5})
		}
		items = append(items,
			statusItem{text: th.Dim.Render(fmt.Sprintf("· min/avg/max %s/%s/%s", dbm(c.Min()), dbm(c.Avg()), dbm(c.Max()))), prio: prioNormal},
			statusItem{text: th.Dim.Render(fmt.Sprintf("· %d readings", c.Count())), prio: prioLow})
	}
	return ansi.Truncate(fitItems(items, width, " "), width, "…")
}

func (tv *timelineView) view() string {
	th, width := tv.com.th, tv.com.width
	var b strings.Builder
	b.WriteString(tv.title(width) + "\n")
	if len(tv.findings) == 0 {
		b.WriteString(th.Dim.Render(" no ping-pong or sticky pattern seen") + "\n")
	}
	for _, f := range tv.findings {
		line := fmt.Sprintf(" ⚠ %s–%s %s", tv.com.stamp(f.From), tv.com.stamp(f.Until), f.Text)
		b.WriteString(th.Err.Render(ansi.Truncate(line, width, "…")) + "\n")
	}
	b.WriteString(tv.chart(th, width, tv.com.stamp))
	b.WriteString(tv.vp.View() + "\n")
	b.WriteString(hintsLine(th, width, tv.notice(), tv.hints()))
	return b.String()
}

// notice is an export's or a pin's result, for a while after it.
func (tv *timelineView) notice() string {
	if n := tv.com.recentNotice(10 * time.Second); n != "" {
		return "  " + tv.com.th.Notice.Render(n)
	}
	return ""
}

// hints are the footer's items; a click on one does what its key does.
func (tv *timelineView) hints() []hint {
	h := []hint{
		{statusItem{text: "↑↓ pgup pgdn g G scroll", prio: prioLow}, action{}},
		{statusItem{text: "ctrl+s export", prio: prioNormal}, action{export: true}},
		{statusItem{text: "p pin", prio: prioNormal}, action{pin: tv.mac}},
		{statusItem{text: "y copy", prio: prioLow + 1}, tv.copyMAC()},
	}
	if tv.selected != 0 {
		h = append(h, hint{statusItem{text: "enter event", prio: prioLow}, action{detail: tv.selected}})
	}
	return append(h, hint{statusItem{text: "esc back", prio: prioBadge}, action{close: true}})
}

// click on an entry selects it (enter then opens its event); on the
// footer it does what the hint's key does.
func (tv *timelineView) click(x, y int) action {
	top := tv.fixedLines() - 1 // the list's first line: all but the footer is above it
	switch {
	case y >= top && y < top+tv.vp.Height:
		if i := tv.vp.YOffset + y - top; i < len(tv.entries) {
			tv.selected = tv.entries[i].Seq
			tv.vp.SetContent(tv.listText())
		}
	case y == top+tv.vp.Height:
		return hintAt(tv.com.width, tv.notice(), tv.hints(), x)
	}
	return action{}
}

// chart draws RSSI over time: one column per time slice, a bar as tall as
// the slice's latest reading, coloured by grade; below it, roam (↔), join (+),
// disconnect (×) and marker (▼) marks on the same time axis.
func (tv *timelineView) chart(th *theme.Theme, width int, stamp func(time.Time) string) string {
	const axis = 5 // "-40 ┤"
	cols := max(width-axis-1, 10)
	var readings []model.TimelineEntry
	for _, e := range tv.entries {
		if e.HasRSSI {
			readings = append(readings, e)
		}
	}
	values := make([]float64, cols)
	has := make([]bool, cols)
	marks := []rune(strings.Repeat(" ", cols))
	var from, to time.Time
	if len(tv.entries) > 0 {
		from, to = tv.entries[0].Time, tv.entries[len(tv.entries)-1].Time
	}
	span := to.Sub(from)
	slot := func(t time.Time) int {
		if span <= 0 {
			return cols - 1
		}
		return clamp(int(float64(t.Sub(from))/float64(span)*float64(cols-1)), 0, cols-1)
	}
	for _, r := range readings {
		i := slot(r.Time)
		values[i], has[i] = r.RSSI, true
	}
	// Hold each reading until the next, so the chart reads as signal over time.
	for i := 1; i < cols && len(readings) > 0; i++ {
		if !has[i] && has[i-1] && i <= slot(readings[len(readings)-1].Time) {
			values[i], has[i] = values[i-1], true
		}
	}
	for _, e := range tv.entries {
		switch e.Kind {
		case model.EntryRoam:
			marks[slot(e.Time)] = '↔'
		case model.EntryJoin:
			// A join right after a roam lands in the same slot: keep the roam.
			if i := slot(e.Time); marks[i] == ' ' {
				marks[i] = '+'
			}
		case model.EntryDisconnect:
			marks[slot(e.Time)] = '×'
		case model.EntryMarker:
			marks[slot(e.Time)] = '▼' // the surveyor's note wins its slot
		}
	}
	var b strings.Builder
	for row := chartRows - 1; row >= 0; row-- {
		base := chartFloor + float64(row)*chartStep
		fmt.Fprintf(&b, "%4.0f┤", base+chartStep)
		var run strings.Builder
		runGrade := theme.Grade(-1)
		flush := func() {
			if run.Len() > 0 {
				if runGrade >= 0 {
					b.WriteString(th.GradeStyle(runGrade).Render(run.String()))
				} else {
					b.WriteString(run.String())
				}
				run.Reset()
			}
		}
		for i := 0; i < cols; i++ {
			ch, g := ' ', theme.Grade(-1)
			if has[i] {
				f := (values[i] - base) / chartStep
				lo := 0
				if row == 0 {
					lo = 1 // the bottom row shows every reading, however weak: a dead spot must not look like no data
				}
				ch = blocks[clamp(int(f*8+0.5), lo, 8)]
				g = th.Grade(values[i])
			}
			if g != runGrade {
				flush()
				runGrade = g
			}
			run.WriteRune(ch)
		}
		flush()
		b.WriteByte('\n')
	}
	b.WriteString("    └" + th.Roam().Render(string(marks)) + "\n")
	left, right := stamp(from), stamp(to)
	gap := max(cols-len(left)-len(right), 1)
	b.WriteString("     " + th.Dim.Render(left+strings.Repeat(" ", gap)+right) + "\n")
	return b.String()
}
