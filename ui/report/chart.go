package report

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// The RSSI chart's geometry, in SVG user units (the page scales it).
const (
	chartW      = 960
	chartH      = 300
	plotLeft    = 52
	plotRight   = chartW - 12
	plotTop     = 26 // room for the marks' glyphs
	plotBottom  = chartH - 54
	stripTop    = plotBottom + 4 // the AP strip under the plot
	stripHeight = 18
)

// svgBuf writes SVG, escaping every text that came from a payload.
type svgBuf struct{ strings.Builder }

func (b *svgBuf) f(format string, args ...any) { fmt.Fprintf(b, format, args...) }

// text escapes s for an element or attribute; payload text may hold
// anything, invalid UTF-8 included.
func text(s string) string {
	return template.HTMLEscapeString(strings.ToValidUTF8(s, "\uFFFD"))
}

// num writes a coordinate short: one decimal is finer than a pixel.
func num(v float64) string { return fmt.Sprintf("%.1f", v) }

// grade names the RSSI grade as the CSS classes do.
func grade(rssi, good, poor float64) string {
	switch {
	case rssi >= good:
		return "good"
	case rssi < poor:
		return "poor"
	}
	return "fair"
}

// rssiRange is the dBm range a chart spans: -100 to -30, wider when
// readings fall outside, on 10 dB steps.
func rssiRange(lo, hi float64) (float64, float64) {
	bottom, top := -100.0, -30.0
	if !math.IsNaN(lo) && lo < bottom {
		bottom = math.Floor(lo/10) * 10
	}
	if !math.IsNaN(hi) && hi > top {
		top = math.Ceil(hi/10) * 10
	}
	return bottom, top
}

// clientChart draws a client's RSSI over time: grade bands, the readings
// (decimated to MaxChartPoints as they streamed in), findings shaded, joins (+), roams (↔),
// disconnects (×) and markers (▼) marked, and the AP under each stretch
// named below.
func clientChart(c *Client, r *Report) template.HTML {
	var b svgBuf
	b.f(`<svg class="chart rssi" viewBox="0 0 %d %d" role="img" aria-label="RSSI of %s over time">`, chartW, chartH, text(model.FormatMAC(c.MAC)))
	lo, hi := rssiRange(c.Min, c.Max)
	from, until := chartSpan(c)
	x := chartX(c)
	y := func(v float64) float64 {
		v = math.Max(lo, math.Min(hi, v))
		return plotTop + (hi-v)/(hi-lo)*(plotBottom-plotTop)
	}
	bands(&b, y, lo, hi, r.Good, r.Poor, plotLeft, plotRight)
	dbmAxis(&b, y, lo, hi, plotLeft, plotRight)
	timeAxis(&b, x, from, until, r.Location, plotBottom+stripHeight+8)
	for _, f := range c.chartFindings {
		b.f(`<rect class="finding" x="%s" y="%d" width="%s" height="%d"><title>%s</title></rect>`,
			num(x(f.From)), plotTop, num(math.Max(x(f.Until)-x(f.From), 2)), plotBottom-plotTop, text(f.Text))
	}
	pts := c.Points
	if len(pts) == 0 {
		b.f(`<text class="empty" x="%d" y="%d">no RSSI readings for this client</text>`, (plotLeft+plotRight)/2, (plotTop+plotBottom)/2)
	}
	if len(pts) > 1 {
		b.WriteString(`<polyline class="line" points="`)
		for i, p := range pts {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.f("%s,%s", num(x(p.Time)), num(y(p.RSSI)))
		}
		b.WriteString(`"/>`)
	}
	for _, p := range pts {
		b.f(`<circle class="pt %s" cx="%s" cy="%s" r="2.4"/>`, grade(p.RSSI, r.Good, r.Poor), num(x(p.Time)), num(y(p.RSSI)))
	}
	for _, m := range c.Marks {
		glyph, class := "+", "join"
		switch m.Kind {
		case model.EntryRoam:
			glyph, class = "↔", "roam"
		case model.EntryDisconnect:
			glyph, class = "×", "disc"
		case model.EntryMarker:
			glyph, class = "▼", "marker"
		}
		mx := num(x(m.Time))
		b.f(`<g class="mark %s"><title>%s %s</title><line x1="%s" x2="%s" y1="%d" y2="%d"/><text x="%s" y="%d">%s</text></g>`,
			class, text(clock(m.Time, r.Location, true)), text(m.Text), mx, mx, plotTop, plotBottom, mx, plotTop-8, glyph)
	}
	for _, s := range drawnStretches(slices.Clone(c.Stretches), x) {
		x0, x1 := stretchX(s, x)
		b.f(`<g class="stretch s%d"><title>%s %s–%s</title><rect x="%s" y="%d" width="%s" height="%d"/>`,
			s.nth%2, text(s.AP), text(clock(s.From, r.Location, false)), text(clock(s.Until, r.Location, false)),
			num(x0), stripTop, num(x1-x0), stripHeight)
		if x1-x0 > float64(len([]rune(s.AP)))*6.2+6 {
			b.f(`<text x="%s" y="%d">%s</text>`, num((x0+x1)/2), stripTop+13, text(s.AP))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// chartSpan is the time span a client's chart covers: its entries', or a
// minute around the one instant they share.
func chartSpan(c *Client) (from, until time.Time) {
	from, until = c.From, c.Until
	if !until.After(from) {
		from, until = from.Add(-30*time.Second), until.Add(30*time.Second)
	}
	return from, until
}

// chartX places a time on the client's chart.
func chartX(c *Client) func(time.Time) float64 {
	from, until := chartSpan(c)
	return func(t time.Time) float64 {
		return plotLeft + float64(t.Sub(from))/float64(until.Sub(from))*(plotRight-plotLeft)
	}
}

// stretchX is where a stretch's bar begins and ends: at least 2 units wide.
func stretchX(s Stretch, x func(time.Time) float64) (x0, x1 float64) {
	x0 = x(s.From)
	return x0, math.Max(x(s.Until), x0+2)
}

// drawnStretches keeps, in place, the stretches the chart draws: one not
// ending a pixel past the last drawn is within it (a long walk has tens of
// thousands).
func drawnStretches(ss []Stretch, x func(time.Time) float64) []Stretch {
	drawnTo := math.Inf(-1)
	kept := ss[:0]
	for _, s := range ss {
		if _, x1 := stretchX(s, x); x1 > drawnTo+1 {
			drawnTo = x1
			kept = append(kept, s)
		}
	}
	return kept
}

// bands shades the good, fair and poor ranges between x0 and x1.
func bands(b *svgBuf, y func(float64) float64, lo, hi, good, poor float64, x0, x1 int) {
	band := func(class string, top, bottom float64) {
		top, bottom = math.Min(top, hi), math.Max(bottom, lo)
		if top > bottom {
			b.f(`<rect class="band %s" x="%d" y="%s" width="%d" height="%s"/>`, class, x0, num(y(top)), x1-x0, num(y(bottom)-y(top)))
		}
	}
	band("good", hi, good)
	band("fair", good, poor)
	band("poor", poor, lo)
}

// dbmAxis labels every 10 dB.
func dbmAxis(b *svgBuf, y func(float64) float64, lo, hi float64, x0, x1 int) {
	for v := math.Ceil(lo/10) * 10; v <= hi; v += 10 {
		b.f(`<line class="grid" x1="%d" x2="%d" y1="%s" y2="%s"/><text class="axis" x="%d" y="%s">%.0f</text>`,
			x0, x1, num(y(v)), num(y(v)), x0-6, num(y(v)+4), v)
	}
}

// tickSteps are the spacings a time axis may use.
var tickSteps = []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second,
	30 * time.Second, time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute,
	30 * time.Minute, time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour}

// timeAxis labels at most about eight round times in loc.
func timeAxis(b *svgBuf, x func(time.Time) float64, from, until time.Time, loc *time.Location, labelY int) {
	span := until.Sub(from)
	step := tickSteps[len(tickSteps)-1]
	for _, s := range tickSteps {
		if span/s <= 8 {
			step = s
			break
		}
	}
	_, offset := from.In(loc).Zone()
	zoneShift := time.Duration(offset) * time.Second
	t := from.Add(zoneShift).Truncate(step).Add(-zoneShift) // round in loc, not in UTC
	for ; !t.After(until); t = t.Add(step) {
		if t.Before(from) {
			continue
		}
		b.f(`<text class="axis t" x="%s" y="%d">%s</text>`, num(x(t)), labelY+6, text(tickLabel(t, loc, step, span)))
	}
}

func tickLabel(t time.Time, loc *time.Location, step, span time.Duration) string {
	switch {
	case span > 24*time.Hour:
		return t.In(loc).Format("Jan 2 15:04")
	case step >= time.Minute:
		return t.In(loc).Format("15:04")
	}
	return t.In(loc).Format("15:04:05")
}

// clock is how the page writes a time: with the date when long is set.
func clock(t time.Time, loc *time.Location, long bool) string {
	if t.IsZero() {
		return "—"
	}
	if long {
		return t.In(loc).Format("2006-01-02 15:04:05")
	}
	return t.In(loc).Format("15:04:05")
}
