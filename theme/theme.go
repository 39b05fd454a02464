// Package theme holds mistwatch's colours and lipgloss styles, built once at
// start-up, and the RSSI and severity scales. It honours NO_COLOR.
package theme

import (
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Default RSSI thresholds in dBm: at or above Good is good, below Poor is poor.
const (
	DefaultGood = -67.0
	DefaultPoor = -75.0
)

// Grade places a reading on the RSSI scale.
type Grade int

const (
	Good Grade = iota
	Fair
	Poor
)

// Theme is every style the UI uses. Build it once with New and share it; never
// build styles in a render loop.
type Theme struct {
	NoColor    bool
	Good, Poor float64 // RSSI thresholds

	Title, TabActive, TabInactive    lipgloss.Style
	TabActiveTight, TabInactiveTight lipgloss.Style // without padding, for narrow terminals
	Header, Selected, Dim            lipgloss.Style
	Status, StatusKey, StatusValue   lipgloss.Style
	Follow, Paused, Err, Notice      lipgloss.Style
	Prompt, Help, Box                lipgloss.Style

	rssi    [3]lipgloss.Style
	sevCrit lipgloss.Style
	sevWarn lipgloss.Style
	sevInfo lipgloss.Style
	roam    lipgloss.Style
	JSONKey lipgloss.Style
	Pinned  lipgloss.Style

	// Paints of the cell styles, for the table's hot path.
	rssiPaint                                [3]Paint
	sevCritPaint, sevWarnPaint, sevInfoPaint Paint
	RoamPaint, DimPaint, ErrPaint            Paint

	// Paints of the status bar and tab bar, drawn every frame.
	StatusPaint, StatusKeyPaint, StatusValuePaint Paint
	FollowPaint, PausedPaint                      Paint
	TabActivePaint, TabInactivePaint              Paint
	TabActiveTightPaint, TabInactiveTightPaint    Paint
}

// NoColorRequested reports whether the NO_COLOR convention asks for plain output.
func NoColorRequested() bool { return os.Getenv("NO_COLOR") != "" }

// New builds the theme. With noColor every style is plain text: the UI must
// then carry meaning without colour (it marks the selected row with ›, and
// RSSI grades with RSSIMarker). The styles get their own renderer, so
// building a theme changes nothing global.
func New(noColor bool, good, poor float64) *Theme {
	r := lipgloss.DefaultRenderer()
	if noColor {
		r = lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(termenv.Ascii)
	}
	c := func(s string) lipgloss.TerminalColor {
		if noColor {
			return lipgloss.NoColor{}
		}
		return lipgloss.Color(s)
	}
	base := r.NewStyle()
	t := &Theme{NoColor: noColor, Good: good, Poor: poor}
	t.Title = base.Bold(true).Foreground(c("#7dd3fc"))
	t.TabActive = base.Bold(true).Foreground(c("#0b1220")).Background(c("#7dd3fc")).Padding(0, 1)
	t.TabInactive = base.Foreground(c("#94a3b8")).Padding(0, 1)
	t.TabActiveTight = t.TabActive.Padding(0)
	t.TabInactiveTight = t.TabInactive.Padding(0)
	t.Header = base.Bold(true).Foreground(c("#cbd5e1"))
	t.Selected = base.Reverse(!noColor).Bold(true)
	t.Dim = base.Foreground(c("#64748b"))
	t.Status = base.Foreground(c("#cbd5e1")).Background(c("#1e293b"))
	t.StatusKey = base.Foreground(c("#94a3b8")).Background(c("#1e293b"))
	t.StatusValue = base.Bold(true).Foreground(c("#e2e8f0")).Background(c("#1e293b"))
	t.Follow = base.Bold(true).Foreground(c("#0b1220")).Background(c("#4ade80"))
	t.Paused = base.Bold(true).Foreground(c("#0b1220")).Background(c("#facc15"))
	t.Err = base.Bold(true).Foreground(c("#f87171"))
	t.Notice = base.Foreground(c("#a5b4fc"))
	t.Prompt = base.Bold(true).Foreground(c("#7dd3fc"))
	t.Help = base.Foreground(c("#94a3b8"))
	t.Box = base.Border(lipgloss.RoundedBorder()).BorderForeground(c("#475569")).Padding(0, 1)
	t.rssi = [3]lipgloss.Style{
		Good: base.Foreground(c("#4ade80")),
		Fair: base.Foreground(c("#facc15")),
		Poor: base.Foreground(c("#f87171")),
	}
	t.sevCrit = base.Bold(true).Foreground(c("#f87171"))
	t.sevWarn = base.Foreground(c("#fb923c"))
	t.sevInfo = base.Foreground(c("#93c5fd"))
	t.roam = base.Foreground(c("#c4b5fd"))
	t.JSONKey = base.Foreground(c("#7dd3fc"))
	t.Pinned = base.Bold(true).Foreground(c("#f0abfc"))
	for g := range t.rssi {
		t.rssiPaint[g] = PaintOf(t.rssi[g])
	}
	t.sevCritPaint, t.sevWarnPaint, t.sevInfoPaint = PaintOf(t.sevCrit), PaintOf(t.sevWarn), PaintOf(t.sevInfo)
	t.RoamPaint, t.DimPaint, t.ErrPaint = PaintOf(t.roam), PaintOf(t.Dim), PaintOf(t.Err)
	t.StatusPaint, t.StatusKeyPaint, t.StatusValuePaint = PaintOf(t.Status), PaintOf(t.StatusKey), PaintOf(t.StatusValue)
	t.FollowPaint, t.PausedPaint = PaintOf(t.Follow), PaintOf(t.Paused)
	t.TabActivePaint, t.TabInactivePaint = PaintOf(t.TabActive), PaintOf(t.TabInactive)
	t.TabActiveTightPaint, t.TabInactiveTightPaint = PaintOf(t.TabActiveTight), PaintOf(t.TabInactiveTight)
	return t
}

// Grade places an RSSI reading on the good/fair/poor scale.
func (t *Theme) Grade(dbm float64) Grade {
	switch {
	case dbm >= t.Good:
		return Good
	case dbm < t.Poor:
		return Poor
	}
	return Fair
}

// RSSIMarker is the text mark of a reading's grade, shown beside it so
// that the grade reads without colour: "" good, "~" fair, "!" poor.
func (t *Theme) RSSIMarker(dbm float64) string { return [...]string{"", "~", "!"}[t.Grade(dbm)] }

// RSSI is the style for a reading.
func (t *Theme) RSSI(dbm float64) lipgloss.Style { return t.rssi[t.Grade(dbm)] }

// RSSIPaint is RSSI as a Paint.
func (t *Theme) RSSIPaint(dbm float64) Paint { return t.rssiPaint[t.Grade(dbm)] }

// SeverityPaint is Severity as a Paint.
func (t *Theme) SeverityPaint(s string) Paint {
	return [...]Paint{t.sevInfoPaint, t.sevWarnPaint, t.sevCritPaint}[severity(s)]
}

// GradeStyle is the style of a grade.
func (t *Theme) GradeStyle(g Grade) lipgloss.Style { return t.rssi[g] }

// Roam is the style of roam arrows and next-AP names.
func (t *Theme) Roam() lipgloss.Style { return t.roam }

// severity classes a severity or ev_type by how bad it sounds: 2 critical,
// 1 warning, 0 anything else.
func severity(s string) int {
	switch strings.ToLower(s) {
	case "critical", "crit", "error", "err", "major", "emergency", "alert":
		return 2
	case "warn", "warning", "minor":
		return 1
	}
	return 0
}

// Severity styles an alarm severity or device ev_type by how bad it sounds.
func (t *Theme) Severity(s string) lipgloss.Style {
	return [...]lipgloss.Style{t.sevInfo, t.sevWarn, t.sevCrit}[severity(s)]
}
