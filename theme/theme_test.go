package theme

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func TestGradeFollowsThresholds(t *testing.T) {
	th := New(true, -67, -75)
	cases := []struct {
		dbm  float64
		want Grade
	}{{-40, Good}, {-67, Good}, {-67.5, Fair}, {-75, Fair}, {-75.1, Poor}, {-90, Poor}}
	for _, c := range cases {
		if got := th.Grade(c.dbm); got != c.want {
			t.Errorf("Grade(%v) = %v, want %v", c.dbm, got, c.want)
		}
	}
	moved := New(true, -60, -70) // --rssi-good -60 --rssi-poor -70
	if moved.Grade(-65) != Fair || moved.Grade(-71) != Poor {
		t.Error("thresholds from flags should move the scale")
	}
}

func TestNoColorRendersPlainText(t *testing.T) {
	th := New(true, DefaultGood, DefaultPoor)
	for _, s := range []string{th.RSSI(-80).Render("-80"), th.Severity("critical").Render("x"), th.TabActive.Render("All")} {
		if strings.Contains(s, "\x1b[") {
			t.Fatalf("NO_COLOR output carries an escape sequence: %q", s)
		}
	}
}

func TestSeverityScale(t *testing.T) {
	th := New(false, DefaultGood, DefaultPoor)
	if th.Severity("CRITICAL").GetForeground() == th.Severity("info").GetForeground() {
		t.Error("critical and info should not look alike")
	}
	if th.Severity("warn").GetForeground() != th.Severity("WARNING").GetForeground() {
		t.Error("warn and WARNING are the same severity")
	}
}

func TestPaintMatchesRender(t *testing.T) {
	lipgloss.SetColorProfile(termenv.ANSI256)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	th := New(false, DefaultGood, DefaultPoor)
	for _, c := range []struct {
		paint Paint
		style lipgloss.Style
	}{{th.RSSIPaint(-80), th.RSSI(-80)}, {th.SeverityPaint("warn"), th.Severity("warn")}, {th.TabActivePaint, th.TabActive}} {
		if got, want := c.paint.Wrap("A-1F-Lobby"), c.style.Render("A-1F-Lobby"); got != want {
			t.Errorf("paint %q, render %q", got, want)
		}
	}
	if !strings.Contains(th.RSSIPaint(-80).Wrap("x"), "\x1b[") {
		t.Error("with colour, a paint must carry an escape sequence")
	}
}
