package report

import (
	"html/template"
	"math"

	"github.com/mistwatch/mistwatch/model"
)

// The box plot's geometry: one row per AP, the names on the left.
const (
	boxW      = 960
	boxLeft   = 180
	boxRight  = boxW - 70
	boxRow    = 26
	boxTop    = 8
	boxAxisHt = 26
)

// apBoxes draws each AP's RSSI distribution as a box: whiskers from the
// lowest to the highest reading, the box from the first to the third
// quartile, the median as a bar and the mean as a dot.
func apBoxes(aps []*AP, r *Report) template.HTML {
	var rows []*AP
	lo, hi := math.NaN(), math.NaN()
	for _, ap := range aps {
		if ap.Readings > 0 {
			rows = append(rows, ap)
			lo, hi = math.Min(nanTo(lo, ap.Min), ap.Min), math.Max(nanTo(hi, ap.Max), ap.Max)
		}
	}
	if len(rows) == 0 {
		return ""
	}
	lo, hi = rssiRange(lo, hi)
	h := boxTop + len(rows)*boxRow + boxAxisHt
	var b svgBuf
	b.f(`<svg class="chart boxes" viewBox="0 0 %d %d" role="img" aria-label="RSSI distribution per AP">`, boxW, h)
	x := func(v float64) float64 { return boxLeft + (v-lo)/(hi-lo)*(boxRight-boxLeft) }
	bottom := boxTop + len(rows)*boxRow
	for _, band := range []struct {
		class    string
		from, to float64
	}{{"poor", lo, r.Poor}, {"fair", r.Poor, r.Good}, {"good", r.Good, hi}} {
		from, to := math.Max(band.from, lo), math.Min(band.to, hi)
		if to > from {
			b.f(`<rect class="band %s" x="%s" y="%d" width="%s" height="%d"/>`, band.class, num(x(from)), boxTop, num(x(to)-x(from)), bottom-boxTop)
		}
	}
	for v := math.Ceil(lo/10) * 10; v <= hi; v += 10 {
		b.f(`<line class="grid" x1="%s" x2="%s" y1="%d" y2="%d"/><text class="axis t" x="%s" y="%d">%.0f</text>`,
			num(x(v)), num(x(v)), boxTop, bottom, num(x(v)), bottom+16, v)
	}
	for i, ap := range rows {
		mid := float64(boxTop + i*boxRow + boxRow/2)
		b.f(`<g class="box"><title>%s: %d readings, min %.0f, quartiles %.0f / %.0f / %.0f, max %.0f, mean %.1f dBm</title>`,
			text(ap.Name), ap.Readings, ap.Min, ap.Q1, ap.Median, ap.Q3, ap.Max, ap.Mean)
		b.f(`<text class="label" x="%d" y="%s">%s</text>`, boxLeft-8, num(mid+4), text(ap.Name))
		b.f(`<line class="whisker" x1="%s" x2="%s" y1="%s" y2="%s"/>`, num(x(ap.Min)), num(x(ap.Max)), num(mid), num(mid))
		b.f(`<rect class="iqr %s" x="%s" y="%s" width="%s" height="%d"/>`, grade(ap.Median, r.Good, r.Poor),
			num(x(ap.Q1)), num(mid-8), num(math.Max(x(ap.Q3)-x(ap.Q1), 1.5)), 16)
		b.f(`<line class="median" x1="%s" x2="%s" y1="%s" y2="%s"/>`, num(x(ap.Median)), num(x(ap.Median)), num(mid-8), num(mid+8))
		b.f(`<circle class="mean" cx="%s" cy="%s" r="2.5"/>`, num(x(ap.Mean)), num(mid))
		b.f(`<text class="axis n" x="%d" y="%s">n=%d</text></g>`, boxRight+8, num(mid+4), ap.Readings)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func nanTo(v, def float64) float64 {
	if math.IsNaN(v) {
		return def
	}
	return v
}

// The scatter's size: the longer side of the map's extent gets scatterMax.
const (
	scatterMax  = 640
	scatterPad  = 34
	scatterMinH = 160
)

// positionsChart draws a map's positions to scale, coloured by RSSI grade:
// the walk as a coverage picture. Metres on both axes, y downwards as on
// Mist's maps.
func positionsChart(m *MapPositions, r *Report) template.HTML {
	x0, x1, y0, y1 := 0.0, 1.0, 0.0, 1.0
	for _, p := range m.Points {
		x0, x1, y0, y1 = math.Min(x0, p.X), math.Max(x1, p.X), math.Min(y0, p.Y), math.Max(y1, p.Y)
	}
	extent := math.Max(x1-x0, y1-y0)
	scale := scatterMax / extent
	w := int((x1-x0)*scale) + 2*scatterPad
	h := max(int((y1-y0)*scale), scatterMinH) + 2*scatterPad
	var b svgBuf
	b.f(`<svg class="chart map" viewBox="0 0 %d %d" style="max-width:%dpx" role="img" aria-label="positions on %s">`, w, h, w, text(m.Name))
	b.f(`<rect class="floor" x="%d" y="%d" width="%s" height="%s"/>`, scatterPad, scatterPad, num((x1-x0)*scale), num((y1-y0)*scale))
	b.f(`<text class="axis" x="%d" y="%d">0</text><text class="axis t" x="%s" y="%d">%.0f m</text><text class="axis" x="%d" y="%s">%.0f m</text>`,
		scatterPad-4, scatterPad-6, num(scatterPad+(x1-x0)*scale), scatterPad-6, x1, scatterPad-4, num(scatterPad+(y1-y0)*scale), y1)
	for _, p := range m.Points {
		class, title := "none", "no reading"
		if p.HasRSSI {
			class, title = grade(p.RSSI, r.Good, r.Poor), num(p.RSSI)+" dBm"
		}
		b.f(`<circle class="pos %s" cx="%s" cy="%s" r="4"><title>%s (%s, %s) %s</title></circle>`, class,
			num(scatterPad+(p.X-x0)*scale), num(scatterPad+(p.Y-y0)*scale), text(model.FormatMAC(p.MAC)), num(p.X), num(p.Y), text(title))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
