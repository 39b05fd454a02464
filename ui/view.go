package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// View renders the screen. Only the visible rows of the active tab are
// rendered; everything else is a handful of short lines.
func (m *Model) View() string {
	if m.width == 0 {
		return ""
	}
	switch m.mode {
	case modeDetail:
		return m.detail.view(m)
	case modeHelp:
		return m.helpView()
	case modePicker:
		return m.picker.view(m)
	case modeTimeline:
		return m.timeline.view(m)
	}
	t := m.current()
	var b strings.Builder
	b.WriteString(m.tabBar())
	b.WriteByte('\n')
	b.WriteString(t.table.headerView(m.th, t.sort.col, t.sort.desc))
	b.WriteByte('\n')
	if pinnable(m.active) {
		for _, line := range t.table.pinnedLines(m.th, t.src, m.pins.rows(m.active, m.store), m.stripLines(), len(m.pins.order)) {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	if len(t.table.ids) == 0 {
		b.WriteString(m.emptyView(t.table.height))
	} else {
		b.WriteString(t.table.rowsView(m.th, t.src, m.isPinnedRow))
	}
	b.WriteByte('\n')
	b.WriteString(m.filterLine())
	b.WriteByte('\n')
	b.WriteString(m.statusBar())
	b.WriteByte('\n')
	b.WriteString(m.footer)
	return b.String()
}

// tabBar names the tabs with their row counts. On a narrow terminal it
// drops, in turn, the program name, the padding and the tab numbers rather
// than cut a count off. Without colour the active tab is bracketed.
func (m *Model) tabBar() string {
	var bar string
	for _, f := range []struct{ title, pad, num bool }{
		{true, true, true}, {false, true, true}, {false, false, true}, {false, false, false},
	} {
		bar = m.renderTabs(f.title, f.pad, f.num)
		if ansi.StringWidth(bar) <= m.width {
			return bar
		}
	}
	return ansi.Truncate(bar, m.width, "…")
}

func (m *Model) renderTabs(title, pad, num bool) string {
	active, inactive := m.th.TabActivePaint, m.th.TabInactivePaint
	if !pad {
		active, inactive = m.th.TabActiveTightPaint, m.th.TabInactiveTightPaint
	}
	var parts []string
	if title {
		parts = append(parts, m.th.Title.Render("mistwatch"))
	}
	for id := tabID(0); id < tabCount; id++ {
		label := tabNames[id] + " " + compact(len(m.tabs[id].table.ids))
		if num {
			label = strconv.Itoa(int(id)+1) + " " + label
		}
		switch {
		case id == m.active && m.th.NoColor:
			parts = append(parts, "["+label+"]")
		case id == m.active:
			parts = append(parts, active.Wrap(label))
		default:
			parts = append(parts, inactive.Wrap(label))
		}
	}
	return strings.Join(parts, " ")
}

// isPinnedRow marks rows of pinned clients in the main table.
func (m *Model) isPinnedRow(id uint64) bool {
	return len(m.pins.order) > 0 && pinnable(m.active) && m.pins.has(m.rowMAC(m.active, id))
}

// compact writes counts the way a glance wants them: 987, 12.3k, 1.2M.
func compact(n int) string {
	switch {
	case n < 10000:
		return strconv.Itoa(n)
	case n < 1000000:
		return strconv.FormatFloat(float64(n)/1000, 'f', 1, 64) + "k"
	}
	return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + "M"
}

func (m *Model) emptyView(height int) string {
	msg := "waiting for events…"
	switch {
	case m.paused:
		msg = "paused · space shows what has arrived"
	case !m.query.Empty():
		msg = "no events match the filter · esc clears it"
	case m.store.Len() > 0:
		msg = "no " + strings.ToLower(tabNames[m.active]) + " yet"
	}
	lines := make([]string, height)
	lines[0] = m.th.Dim.Render("  " + msg)
	return strings.Join(lines, "\n")
}

// tabTotal is how many stored events the active tab would show unfiltered.
func (m *Model) tabTotal() int {
	t := m.current()
	switch {
	case t.spec == nil:
		return m.store.Clients.Len()
	case t.spec.kinds == nil:
		return m.store.Len()
	}
	n := 0
	for _, k := range t.spec.kinds {
		n += m.store.CountKind(k)
	}
	return n
}

func (m *Model) filterLine() string {
	shown := len(m.current().table.ids)
	count := m.th.Dim.Render(fmt.Sprintf(" %d/%d", shown, m.tabTotal()))
	var line string
	switch {
	case m.mode == modeFilter:
		line = m.filter.View() + count
	case !m.query.Empty():
		line = m.th.Prompt.Render("filter: ") + m.query.String() + count
	default:
		line = m.th.Dim.Render("/ filter  S site  W SSID  T topic") + count
		if m.filterErr == "" && m.statusMessage() != "" {
			line = count // the hint gives way to the message
		}
	}
	if m.filterErr != "" {
		line += "  " + m.th.Err.Render("✗ "+m.filterErr)
	} else if msg := m.statusMessage(); msg != "" {
		// The filter line has room to spare; the status bar has none.
		line += "  " + msg
	}
	return ansi.Truncate(line, m.width, "…")
}

func (m *Model) statusBar() string {
	th := m.th
	badge := th.FollowPaint.Wrap(" FOLLOW ")
	switch {
	case m.paused:
		badge = th.PausedPaint.Wrap(" PAUSED ")
	case !m.current().table.follow:
		label := " SCROLL "
		if n := m.current().table.newBelow; n > 0 {
			label = " SCROLL +" + compact(n) + " " // new rows below: G shows them
		}
		badge = th.PausedPaint.Wrap(label)
	}
	kv := func(k, v string) string {
		return th.StatusKeyPaint.Wrap(" "+k+" ") + th.StatusValuePaint.Wrap(v)
	}
	// Counters first: on a narrow terminal the tail is what gets cut.
	parts := []string{badge,
		kv("events", strconv.FormatUint(m.store.Total(), 10)),
		kv("rate", strconv.FormatFloat(m.rate.perSec, 'f', 1, 64)+"/s"),
		kv("rejected", strconv.FormatUint(m.stats.Rejected, 10)),
		kv("evicted", strconv.FormatUint(m.store.Evicted(), 10))}
	if d := m.store.Duplicates(); d > 0 {
		parts = append(parts, kv("dup", strconv.FormatUint(d, 10)))
	}
	if r := m.opts.Replay; r != nil {
		at, done, total := r.Position()
		pct := 0
		if total > 0 {
			pct = done * 100 / total
		}
		speed := "max"
		if s := r.Speed(); s > 0 {
			speed = strconv.FormatFloat(s, 'g', 4, 64) + "×"
		}
		parts = append(parts, kv("at", fmt.Sprintf("%s %d%%", m.stamp(at), pct)), kv("speed", speed))
	}
	sig := "off"
	if m.opts.Signed {
		sig = "on"
	}
	parts = append(parts, kv("signature", sig))
	if m.opts.Recording != "" {
		parts = append(parts, kv("rec", m.opts.Recording))
	}
	parts = append(parts, th.StatusValuePaint.Wrap(" "+m.opts.Source))
	line := strings.Join(parts, "")
	w := ansi.StringWidth(line)
	if w < m.width {
		line += th.StatusPaint.Wrap(strings.Repeat(" ", m.width-w))
	}
	return ansi.Truncate(line, m.width, "…")
}

// messageFor is how long a notice or an HTTP error stays on screen.
const messageFor = 30 * time.Second

// statusMessage is the newer of the latest notice and the latest HTTP
// refusal, while it is recent.
func (m *Model) statusMessage() string {
	errRecent := m.stats.LastError != "" && time.Since(m.stats.LastErrorAt) < messageFor
	noticeRecent := m.notice != "" && time.Since(m.noticeAt) < messageFor
	switch {
	case noticeRecent && (!errRecent || m.noticeAt.After(m.stats.LastErrorAt)):
		return m.th.Notice.Render(m.notice)
	case errRecent:
		return m.th.Err.Render("✗ " + m.stats.LastError)
	}
	return ""
}

func (m *Model) helpView() string {
	m.help.ShowAll = true
	body := m.help.FullHelpView(m.keys.FullHelp())
	m.help.ShowAll = false
	query := m.th.Header.Render("Filter query") + "  all terms must match\n" +
		"  site: ssid: topic: mac: ap: band: zone: type:  rssi<-70  rssi>=-65\n" +
		"  a,b either · -term negates · field:=value exact · bare words: any column\n" +
		"  MACs in any spelling: 70:ef:00 = 70-ef-00 = 70ef00"
	lines := strings.Split(m.th.Box.Render(m.th.Title.Render("mistwatch keys")+"\n\n"+body+"\n\n"+query), "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, m.width, "")
	}
	return lipgloss.Place(m.width, m.height-1, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n")) +
		"\n" + m.th.Dim.Render("any key closes help")
}
