package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/viewport"

	"github.com/mistwatch/mistwatch/model"
)

// detailView shows one event's raw JSON, pretty-printed and scrollable.
type detailView struct {
	seq   uint64
	title string
	vp    viewport.Model
}

func newDetail(m *Model, e *model.Event) *detailView {
	d := &detailView{seq: e.Seq, vp: viewport.New(m.width, max(m.height-3, 1))}
	n := m.store.Names
	d.title = fmt.Sprintf("%s · %s · %s · #%d", e.Topic, m.stamp(e.Time), n.Site(e.SiteID, e.SiteName), e.Seq)
	d.vp.SetContent(prettyJSON(m, e))
	return d
}

func (d *detailView) resize(w, h int) {
	d.vp.Width, d.vp.Height = w, max(h-3, 1)
}

// refresh is a no-op for an event (its JSON never changes) but keeps the
// view honest if the event was evicted while open.
func (d *detailView) refresh(m *Model) {
	if _, ok := m.store.Get(d.seq); !ok && !strings.HasSuffix(d.title, "(evicted)") {
		d.title += " (evicted)"
	}
}

// prettyJSON indents the event's raw JSON and sanitises every line: JSON
// may legally carry C1 controls and other bytes a terminal acts on.
func prettyJSON(m *Model, e *model.Event) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, e.Raw, "", "  "); err != nil {
		buf.Reset()
		buf.Write(e.Raw)
	}
	lines := strings.Split(buf.String(), "\n")
	var b strings.Builder
	b.WriteString(m.th.Dim.Render(model.Summarize(e, m.store.Names)))
	b.WriteString("\n\n")
	for _, l := range lines {
		b.WriteString(colourJSONLine(m, model.Sanitize(l)))
		b.WriteByte('\n')
	}
	return b.String()
}

// colourJSONLine styles the key of a `"key": value` line.
func colourJSONLine(m *Model, l string) string {
	trimmed := strings.TrimLeft(l, " ")
	if !strings.HasPrefix(trimmed, `"`) {
		return l
	}
	end := strings.Index(trimmed[1:], `":`)
	if end < 0 {
		return l
	}
	indent := l[:len(l)-len(trimmed)]
	key := trimmed[:end+2]
	return indent + m.th.JSONKey.Render(key) + trimmed[end+2:]
}

func (d *detailView) view(m *Model) string {
	head := m.th.Title.Render(" Event ") + " " + m.th.Header.Render(d.title)
	foot := m.th.Help.Render(fmt.Sprintf(" ↑↓ pgup pgdn scroll · esc back · %3.0f%%", d.vp.ScrollPercent()*100))
	return head + "\n" + d.vp.View() + "\n" + foot
}
