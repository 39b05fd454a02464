package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mistwatch/mistwatch/theme"
)

// statusItem is one piece of the status bar. When the bar is too narrow the
// items of lowest priority go first; the rest keep their order.
type statusItem struct {
	text  string
	paint theme.Paint
	prio  int
}

// Status-bar priorities: a badge that must never be missed (the mode, a
// failing record file) outranks the counters, which outrank the details.
const (
	prioBadge  = 100
	prioAlert  = 90 // a pinned client's alert: before the counters, after the badges
	prioHigh   = 80
	prioSource = 60 // where events come from: the URL to give Mist
	prioNormal = 50
	prioLow    = 20
)

func (m *Model) statusItems() []statusItem {
	th := m.com.th
	badge := statusItem{" FOLLOW ", th.FollowPaint, prioBadge}
	switch t := m.current().base().table; {
	case m.paused:
		badge = statusItem{" PAUSED ", th.PausedPaint, prioBadge}
	case !t.follow:
		label := " SCROLL "
		if t.newBelow > 0 {
			label = " SCROLL +" + compact(t.newBelow) + " " // new rows below: G shows them
		}
		badge = statusItem{label, th.PausedPaint, prioBadge}
	}
	kv := func(k, v string, prio int) statusItem {
		return statusItem{th.StatusKeyPaint.Wrap(" "+k+" ") + th.StatusValuePaint.Wrap(v), theme.Paint{}, prio}
	}
	items := []statusItem{badge}
	if m.stats.RecordError != "" {
		items = append(items, statusItem{" REC FAILED ", th.ErrPaint, prioBadge})
	}
	if alert, ok := m.alertItem(); ok {
		items = append(items, alert)
	}
	if m.stats.SourceDown != "" {
		items = append(items, statusItem{" NATS DOWN ", th.ErrPaint, prioBadge})
	}
	items = append(items, kv("events", strconv.FormatUint(m.store.Total(), 10), prioHigh))
	if r := m.opts.Replay; r == nil || r.Speed() > 0 {
		// A replay loaded at once has no rate of its own: the loading bar
		// says how fast it reads, and afterwards a decaying figure would
		// describe nothing.
		items = append(items, kv("rate", strconv.FormatFloat(m.rate.perSec, 'f', 1, 64)+"/s", prioLow))
	}
	items = append(items,
		kv("rejected", strconv.FormatUint(m.stats.Rejected, 10), prioHigh),
		kv("evicted", strconv.FormatUint(m.store.Evicted(), 10), prioNormal))
	if d := m.store.Duplicates(); d > 0 {
		items = append(items, kv("dup", strconv.FormatUint(d, 10), prioLow))
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
		items = append(items, kv("at", fmt.Sprintf("%s %d%%", m.com.stamp(at), pct), prioNormal), kv("speed", speed, prioLow))
		if bar := m.loadingBar(); bar != "" {
			items = append(items, statusItem{bar, th.StatusValuePaint, prioHigh})
		}
	}
	sig := "off"
	if m.opts.Signed {
		sig = "on"
	}
	items = append(items, kv("signature", sig, prioLow))
	if m.opts.Recording != "" {
		items = append(items, kv("rec", m.opts.Recording, prioLow))
	}
	source := m.opts.Source
	if m.stats.Source != "" {
		source = m.stats.Source
	}
	if m.stats.SourceDown != "" {
		source += " · " + m.stats.SourceDown
	}
	return append(items, statusItem{" " + source, th.StatusValuePaint, prioSource})
}

func (m *Model) statusBar() string {
	th := m.com.th
	line := fitItems(m.statusItems(), m.com.width, "")
	if w := ansi.StringWidth(line); w < m.com.width {
		line += th.StatusPaint.Wrap(strings.Repeat(" ", m.com.width-w))
	}
	return ansi.Truncate(line, m.com.width, "…")
}

// fitItems joins items with sep, dropping the lowest-priority ones (the
// later of equals first) until the line fits in width. Empty items are left
// out, so no separator stands alone.
func fitItems(items []statusItem, width int, sep string) string {
	return joinItems(items, fitKeep(items, width, sep), sep)
}

// fitKeep is which items fitItems keeps.
func fitKeep(items []statusItem, width int, sep string) []bool {
	keep := make([]bool, len(items))
	for i, it := range items {
		keep[i] = it.text != ""
	}
	for ansi.StringWidth(joinItems(items, keep, sep)) > width {
		drop := -1
		for i, it := range items {
			if keep[i] && (drop < 0 || it.prio <= items[drop].prio) {
				drop = i
			}
		}
		if drop < 0 || items[drop].prio >= prioBadge {
			break // what is left is cut, never dropped
		}
		keep[drop] = false
	}
	return keep
}

func joinItems(items []statusItem, keep []bool, sep string) string {
	var parts []string
	for i, it := range items {
		if keep[i] {
			parts = append(parts, it.paint.Wrap(it.text))
		}
	}
	return strings.Join(parts, sep)
}

// messageFor is how long a notice or an HTTP error stays on screen.
const messageFor = 30 * time.Second

// statusMessage is the newer of the latest notice and the latest HTTP
// refusal, while it is recent.
func (m *Model) statusMessage() string {
	th := m.com.th
	errRecent := m.stats.LastError != "" && time.Since(m.stats.LastErrorAt) < messageFor
	notice := m.com.recentNotice(messageFor)
	switch {
	case notice != "" && (!errRecent || m.com.noticeAt.After(m.stats.LastErrorAt)):
		return th.Notice.Render(notice)
	case errRecent:
		return th.Err.Render("✗ " + m.stats.LastError)
	}
	return ""
}

// rateMeter counts events per second over a sliding window of up to ten
// one-second buckets.
type rateMeter struct {
	buckets [10]int
	cur     int
	filled  int // buckets closed so far, up to len(buckets)
	perSec  float64
}

func (r *rateMeter) add(n int) { r.buckets[r.cur] += n }

// tick closes the current one-second bucket. Until the window is full the
// rate is over the seconds seen, so it is right from the first second.
func (r *rateMeter) tick() {
	r.filled = min(r.filled+1, len(r.buckets))
	sum := 0
	for i := 0; i < r.filled; i++ {
		sum += r.buckets[(r.cur-i+len(r.buckets))%len(r.buckets)]
	}
	r.perSec = float64(sum) / float64(r.filled)
	r.cur = (r.cur + 1) % len(r.buckets)
	r.buckets[r.cur] = 0
}
