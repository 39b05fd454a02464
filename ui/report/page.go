package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

//go:embed page.html
var pageHTML string

// page is parsed once; html/template escapes every payload string in it.
var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"mac":       model.FormatMAC,
	"dbm":       dbmText,
	"pct":       func(a, b int) string { return fmt.Sprintf("%.0f%%", 100*float64(a)/math.Max(float64(b), 1)) },
	"chart":     clientChart,
	"boxes":     apBoxes,
	"positions": positionsChart,
	"span":      func(a, b time.Time) string { return spanText(b.Sub(a)) },
}).Parse(pageHTML))

// WriteHTML writes the report as one self-contained page.
func WriteHTML(w io.Writer, r *Report) error {
	return page.Execute(w, r)
}

// Methods the template calls.

// Clock writes t in the report's zone, with the date.
func (r *Report) Clock(t time.Time) string { return clock(t, r.Location, true) }

// Time writes t in the report's zone, time of day only.
func (r *Report) Time(t time.Time) string { return clock(t, r.Location, false) }

// Zone names the report's time zone and its offset during the span.
func (r *Report) Zone() string {
	t := r.From
	if t.IsZero() {
		t = time.Now()
	}
	abbr, offset := t.In(r.Location).Zone()
	sign := "+"
	if offset < 0 {
		sign, offset = "-", -offset
	}
	name := r.Location.String()
	if name == "Local" {
		name = "the machine's local zone"
	}
	return fmt.Sprintf("%s (%s, UTC%s%02d:%02d)", name, abbr, sign, offset/3600, offset%3600/60)
}

// Cell is the roam matrix's count from row i to column j, "" for none.
func (m RoamMatrix) Cell(i, j int) string {
	if n := m.Counts[i][j]; n > 0 {
		return fmt.Sprint(n)
	}
	return ""
}

// CellClass shades a matrix cell by count, and marks ping-pong pairs.
func (m RoamMatrix) CellClass(i, j int) string {
	class := ""
	switch n := m.Counts[i][j]; {
	case i == j:
		class = "self"
	case n >= 4:
		class = "hot3"
	case n >= 2:
		class = "hot2"
	case n == 1:
		class = "hot1"
	}
	if m.PingPong[i][j] {
		class += " pp"
	}
	return class
}

func dbmText(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return fmt.Sprintf("%.0f", v)
}

// spanText is a duration as the dashboard writes one, "0s" for none.
func spanText(d time.Duration) string {
	if s := model.DurationText(d.Seconds()); s != "" {
		return s
	}
	return "0s"
}

// ReorderText is how late an entry could come and still be placed.
func (r *Report) ReorderText() string { return spanText(r.ReorderWindow) }
