package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/viewport"
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
	mac      string
	entries  []model.TimelineEntry
	findings []model.Finding
	vp       viewport.Model
}

func newTimeline(m *Model, mac string) *timelineView {
	tv := &timelineView{mac: mac, vp: viewport.New(m.width, 1)}
	tv.rebuild(m)
	tv.vp.GotoBottom()
	return tv
}

// rebuild re-reads the store; the list stays at the bottom if it was there.
func (tv *timelineView) rebuild(m *Model) {
	atBottom := tv.vp.AtBottom()
	tv.entries = model.BuildTimeline(m.store, tv.mac)
	tv.findings = model.DetectPatterns(tv.entries, m.th.Poor, m.store.Names)
	tv.resize(m)
	tv.vp.SetContent(tv.listText(m))
	if atBottom {
		tv.vp.GotoBottom()
	}
}

func (tv *timelineView) resize(m *Model) {
	tv.vp.Width = m.width
	tv.vp.Height = max(m.height-tv.fixedLines(), 3)
}

// fixedLines is what the title, findings, chart, axis, markers and footer take.
func (tv *timelineView) fixedLines() int {
	return 1 + max(len(tv.findings), 1) + chartRows + 2 + 1
}

// touches reports whether a batch has anything for this client.
func (tv *timelineView) touches(batch []model.Event) bool {
	for i := range batch {
		if batch[i].MAC == tv.mac {
			return true
		}
	}
	return false
}

func (tv *timelineView) listText(m *Model) string {
	var b strings.Builder
	kindStyle := map[model.EntryKind]lipgloss.Style{
		model.EntryRoam: m.th.Roam(), model.EntryJoin: m.th.Title, model.EntryDisconnect: m.th.Err,
	}
	for _, e := range tv.entries {
		kind := fit(e.Kind.String(), 10, false)
		if st, ok := kindStyle[e.Kind]; ok {
			kind = st.Render(kind)
		}
		line := " " + m.stamp(e.Time) + "  " + kind + " " + e.Text
		b.WriteString(ansi.Truncate(line, m.width, "…") + "\n")
	}
	if len(tv.entries) == 0 {
		b.WriteString(m.th.Dim.Render(" nothing stored for this client yet"))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func (tv *timelineView) view(m *Model) string {
	th := m.th
	var b strings.Builder
	title := th.Title.Render(" Client timeline ") + " " + th.Header.Render(model.FormatMAC(tv.mac))
	if m.pins.has(tv.mac) {
		title += " " + th.Pinned.Render("• pinned")
	}
	if c, ok := m.store.Clients.Get(tv.mac); ok && c.Count > 0 {
		where := ""
		if c.AP != "" {
			where = " on " + m.store.Names.AP(c.AP, c.APName)
		}
		title += th.Dim.Render(fmt.Sprintf("  last %s dBm%s · min/avg/max %s/%s/%s · %d readings",
			dbm(c.Last.RSSI), where, dbm(c.Min), dbm(c.Avg()), dbm(c.Max), c.Count))
	}
	b.WriteString(ansi.Truncate(title, m.width, "…") + "\n")
	if len(tv.findings) == 0 {
		b.WriteString(th.Dim.Render(" no ping-pong or sticky pattern seen") + "\n")
	}
	for _, f := range tv.findings {
		line := fmt.Sprintf(" ⚠ %s–%s %s", m.stamp(f.From), m.stamp(f.Until), f.Text)
		b.WriteString(th.Err.Render(ansi.Truncate(line, m.width, "…")) + "\n")
	}
	b.WriteString(tv.chart(th, m.width, m.stamp))
	b.WriteString(tv.vp.View() + "\n")
	foot := th.Help.Render(" ↑↓ pgup pgdn g G scroll · ctrl+s export · p pin · esc back")
	if m.notice != "" && time.Since(m.noticeAt) < 10*time.Second {
		foot += "  " + th.Notice.Render(m.notice) // export and pin results
	}
	b.WriteString(ansi.Truncate(foot, m.width, "…"))
	return b.String()
}

// chart draws RSSI over time: one column per time slice, a bar as tall as
// the slice's latest reading, coloured by grade; below it, roam (↔), join (+)
// and disconnect (×) marks on the same time axis.
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
