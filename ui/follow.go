package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// followPanel is the survey cockpit above the tables: one card per pinned
// client, updated live, on every tab. F toggles it.
type followPanel struct {
	com   *Common
	shown bool
	cards map[string]*cardState // by MAC: what the client table does not keep
}

// cardState is what a card shows beyond the client's RSSI row: the last
// roam and when the session began.
type cardState struct {
	roamFrom, roamTo string
	roamAt           time.Time
	sessionStart     time.Time
	flashUntil       time.Time // wall clock: the card is drawn inverted until then
}

// flashFor is how long a card flashes after an alert.
const flashFor = 2 * time.Second

func newFollowPanel(com *Common) *followPanel {
	return &followPanel{com: com, shown: true, cards: map[string]*cardState{}}
}

func (f *followPanel) card(mac string) *cardState {
	c := f.cards[mac]
	if c == nil {
		c = &cardState{}
		f.cards[mac] = c
	}
	return c
}

// observe keeps a pinned client's roam and session start.
func (f *followPanel) observe(e *model.Event) {
	c := f.card(e.MAC)
	switch {
	case e.Kind == model.KindSession && e.Roam:
		c.roamFrom, c.roamTo, c.roamAt = e.AP, e.NextAP, e.Time
	case e.Kind == model.KindSession:
		c.sessionStart = time.Time{} // disconnected: the next event starts a session
	case e.Kind == model.KindJoin && c.sessionStart.IsZero(), c.sessionStart.IsZero():
		c.sessionStart = e.Time
	}
}

// height is the lines the panel takes for n pins at the terminal's size:
// three per card, or one when that would leave the table fewer than
// minTableRows.
func (f *followPanel) height(n int) int {
	if !f.shown || n == 0 {
		return 0
	}
	if f.com.height-chromeLines-cardLines*n >= minTableRows {
		return cardLines * n
	}
	return min(n, max(f.com.height-chromeLines-minTableRows, 1))
}

const (
	cardLines    = 3
	minTableRows = 6
)

// view renders the cards of the pinned MACs, in pin order, in lines lines.
func (f *followPanel) view(pins []string, clients *model.Clients, now time.Time, quietAfter time.Duration, lines int) []string {
	var out []string
	compact := lines < cardLines*len(pins)
	for _, mac := range pins {
		if len(out) >= lines {
			break
		}
		cl, _ := clients.Get(mac)
		if compact {
			out = append(out, f.line(mac, cl, now, quietAfter))
			continue
		}
		out = append(out, f.bigCard(mac, cl, now, quietAfter)...)
	}
	return out
}

// facts are a card's words: who, where, signal age, last roam, session.
type facts struct {
	who, seen, roam, roamAgo, session string
	// where is SSID, AP, band, channel, BSSID: on a narrow card the BSSID
	// and channel go whole before the AP is cut.
	where []statusItem
	quiet bool
}

func (f *followPanel) facts(mac string, cl model.Client, now time.Time, quietAfter time.Duration) facts {
	n := f.com.names
	fa := facts{who: words(n.Label(mac), model.FormatMAC(mac))}
	c := f.card(mac)
	if cl.IsZero() {
		fa.seen = "not heard yet"
		return fa
	}
	ch := ""
	if cl.Channel() > 0 {
		ch = "ch " + dbm(float64(cl.Channel()))
	}
	bssid := ""
	if cl.BSSID() != "" {
		bssid = "bssid " + model.FormatMAC(cl.BSSID())
	}
	ssid := ""
	if cl.SSID() != "" {
		ssid = `"` + cl.SSID() + `"`
	}
	fa.where = []statusItem{{text: ssid, prio: prioNormal}, {text: n.AP(cl.AP(), cl.APName()), prio: prioHigh},
		{text: cl.Band().String(), prio: prioNormal - 1}, {text: ch, prio: prioLow + 1}, {text: bssid, prio: prioLow}}
	if !cl.LastSeen().IsZero() && !now.IsZero() {
		age := max(now.Sub(cl.LastSeen()), 0)
		fa.quiet = quietAfter > 0 && age > quietAfter
		if fa.quiet {
			fa.seen = "quiet " + ago(age)
		} else {
			fa.seen = ago(age) + " ago"
		}
	}
	if !c.roamAt.IsZero() {
		to := "?"
		if c.roamTo != "" {
			to = n.AP(c.roamTo, "")
		}
		fa.roam = "roam " + n.AP(c.roamFrom, "") + " → " + to
		if !now.IsZero() {
			fa.roamAgo = fa.roam + " " + ago(max(now.Sub(c.roamAt), 0)) + " ago"
		}
	}
	if !c.sessionStart.IsZero() && !now.IsZero() {
		fa.session = "session " + ago(max(now.Sub(c.sessionStart), 0))
	}
	return fa
}

// bigCard is three lines: the RSSI in large digits, then grade and trend,
// who and where, and the signal's age, last roam and session.
func (f *followPanel) bigCard(mac string, cl model.Client, now time.Time, quietAfter time.Duration) []string {
	th := f.com.th
	fa := f.facts(mac, cl, now, quietAfter)
	digits := [cardLines]string{"   ", "   ", "   "}
	grade, paint := "", theme.Paint{}
	if cl.Count() > 0 {
		digits = bigNumber(dbm(cl.Last().RSSI))
		paint = th.RSSIPaint(cl.Last().RSSI)
		grade = gradeGlyph(th, cl.Last().RSSI) + " " + trend(cl.Recent())
	}
	seen := fa.seen
	if fa.quiet {
		seen = th.Err.Render(seen)
	}
	room := f.com.width - ansi.StringWidth(" "+digits[0]+"  ")
	right := [cardLines]string{
		words(grade, th.Title.Render(fa.who)),
		fitItems(fa.where, room, " "),
		// The session goes first, then the roam, each whole.
		fa.fitRoam(room, " · ", func(roam string) []statusItem {
			return []statusItem{{text: seen, prio: prioBadge}, {text: roam, prio: prioHigh}, {text: fa.session, prio: prioNormal}}
		}),
	}
	flash := f.card(mac).flashUntil.After(time.Now())
	out := make([]string, cardLines)
	for i := range out {
		line := " " + paint.Wrap(digits[i]) + "  " + right[i]
		line = ansi.Truncate(line, f.com.width, "…")
		if flash {
			line = th.Selected.Render(ansi.Strip(line)) // an alert: the card lights up
		}
		out[i] = line
	}
	return out
}

// line is a card in one line, for a short terminal.
func (f *followPanel) line(mac string, cl model.Client, now time.Time, quietAfter time.Duration) string {
	th := f.com.th
	fa := f.facts(mac, cl, now, quietAfter)
	rssi := ""
	if cl.Count() > 0 {
		rssi = th.RSSIPaint(cl.Last().RSSI).Wrap(dbm(cl.Last().RSSI)+" dBm") + " " + gradeGlyph(th, cl.Last().RSSI) + trend(cl.Recent())
	}
	seen := fa.seen
	if fa.quiet {
		seen = th.Err.Render(seen)
	}
	// The BSSID, channel, band and SSID go first, then the roam, then the
	// AP: who, the reading and its age stay.
	line := ansi.Truncate(" "+fa.fitRoam(f.com.width-1, " · ", func(roam string) []statusItem {
		items := append([]statusItem{{text: th.Title.Render(fa.who), prio: prioBadge}, {text: rssi, prio: prioHigh}}, fa.where...)
		return append(items, statusItem{text: seen, prio: prioHigh + 1}, statusItem{text: roam, prio: prioNormal + 1})
	}), f.com.width, "…")
	if f.card(mac).flashUntil.After(time.Now()) {
		line = th.Selected.Render(ansi.Strip(line))
	}
	return line
}

// gradeGlyph shows the grade without colour too: ●●● good, ●●○ fair, ●○○ poor.
func gradeGlyph(th *theme.Theme, rssi float64) string {
	glyph := [...]string{theme.Good: "●●●", theme.Fair: "●●○", theme.Poor: "●○○"}[th.Grade(rssi)]
	return th.RSSIPaint(rssi).Wrap(glyph)
}

// trend compares the latest reading with the three before it: ↗ up by 3 dB
// or more, ↘ down by 3 or more, → steady.
func trend(rs []model.Reading) string {
	if len(rs) < 2 {
		return "→"
	}
	last := rs[len(rs)-1].RSSI
	prev := rs[max(len(rs)-4, 0) : len(rs)-1]
	sum := 0.0
	for _, r := range prev {
		sum += r.RSSI
	}
	switch d := last - sum/float64(len(prev)); {
	case d >= 3:
		return "↗"
	case d <= -3:
		return "↘"
	}
	return "→"
}

// bigFont draws digits and a minus sign three lines high.
var bigFont = map[rune][cardLines]string{
	'0': {"▄▄▄", "█ █", "█▄█"}, '1': {"  ▄", "  █", "  █"}, '2': {"▄▄▄", "▄▄█", "█▄▄"},
	'3': {"▄▄▄", "▄▄█", "▄▄█"}, '4': {"▄ ▄", "█▄█", "  █"}, '5': {"▄▄▄", "█▄▄", "▄▄█"},
	'6': {"▄▄▄", "█▄▄", "█▄█"}, '7': {"▄▄▄", "  █", "  █"}, '8': {"▄▄▄", "█▄█", "█▄█"},
	'9': {"▄▄▄", "█▄█", "▄▄█"}, '-': {"   ", "▄▄▄", "   "},
}

// bigNumber renders s (digits and '-') in bigFont, right-aligned in three
// characters' width so cards line up: "-59" and "-100" both fit.
func bigNumber(s string) [cardLines]string {
	var out [cardLines]string
	for len([]rune(s)) < 3 {
		s = " " + s
	}
	for i, r := range s {
		g, ok := bigFont[r]
		if !ok {
			g = [cardLines]string{"   ", "   ", "   "}
		}
		for row := range out {
			if i > 0 {
				out[row] += " "
			}
			out[row] += g[row]
		}
	}
	return out
}

// fitRoam fits a card's line of items in width, with the last roam's age
// if there is room, else the roam without it before the roam goes whole.
func (fa facts) fitRoam(width int, sep string, items func(roam string) []statusItem) string {
	if fa.roamAgo != "" {
		if line := fitItems(items(fa.roamAgo), width, sep); strings.Contains(line, fa.roamAgo) {
			return line
		}
	}
	return fitItems(items(fa.roam), width, sep)
}

// words joins the non-empty parts with spaces.
func words(parts ...string) string { return strings.Join(nonEmpty(parts...), " ") }

func nonEmpty(parts ...string) []string {
	out := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
