package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// clickHint clicks the middle of a footer hint, found on the screen's last
// line that shows it.
func clickHint(t *testing.T, m *Model, text string) {
	t.Helper()
	lines := strings.Split(screen(m), "\n")
	for y := len(lines) - 1; y >= 0; y-- {
		if x := strings.Index(lines[y], text); x >= 0 {
			m.Update(leftClick(len([]rune(lines[y][:x]))+len([]rune(text))/2, y))
			return
		}
	}
	t.Fatalf("no line shows the hint %q:\n%s", text, screen(m))
}

// wantMode fails unless m is in mode want, saying what should have put it there.
func wantMode(t *testing.T, m *Model, want, what string) {
	t.Helper()
	if got := mode(m); got != want {
		t.Fatalf("%s, mode %s", what, got)
	}
}

// In the detail view a click on a footer hint does what its key does; a
// click on the JSON does nothing.
func TestMouseClickDetailFooter(t *testing.T) {
	m, copied := mouseModel(t, 100, 30)
	m.Update(press("3")) // Roams: every row has a client
	m.Update(press("enter"))
	m.Update(leftClick(20, 5))
	wantMode(t, m, "detail", "a click on the JSON should keep the detail view")
	clickHint(t, m, "y copy")
	if len(*copied) != 1 || !strings.HasPrefix((*copied)[0], "{") {
		t.Fatalf("a click on 'y copy' should copy the event's JSON, copied %q", *copied)
	}
	clickHint(t, m, "c timeline")
	wantMode(t, m, "timeline", "a click on 'c timeline' should open the timeline")
	m.Update(press("esc"))
	clickHint(t, m, "esc back")
	wantMode(t, m, "table", "a click on 'esc back' should close the detail view")
}

// In the timeline a click on an entry selects it and enter opens its
// event; esc comes back to the timeline, and a click on 'esc back' closes it.
func TestMouseClickTimelineEntry(t *testing.T) {
	m, _ := mouseModel(t, 100, 30)
	m.Update(press("3"))
	m.Update(press("c"))
	tv := m.top().(*timelineView)
	tv.vp.GotoTop()
	if len(tv.entries) < 3 {
		t.Fatalf("the client has %d timeline entries, want a few", len(tv.entries))
	}
	listed := strings.Split(strings.TrimRight(ansi.Strip(tv.vp.View()), "\n"), "\n")
	_, y := lineWith(t, m, listed[1])
	m.Update(leftClick(10, y))
	want := tv.entries[1]
	if tv.selected != want.Seq {
		t.Fatalf("a click on line %d (%q) selected Seq %d, want entry 1's %d", y, listed[1], tv.selected, want.Seq)
	}
	if line := strings.Split(screen(m), "\n")[y]; !strings.HasPrefix(line, "›") {
		t.Fatalf("the selected entry should be marked:\n%s", line)
	}
	m.Update(press("enter"))
	if mode(m) != "detail" || !strings.Contains(screen(m), fmt.Sprintf("#%d", want.Seq)) {
		t.Fatalf("enter should open the selected entry's event #%d, mode %s:\n%s", want.Seq, mode(m), screen(m))
	}
	m.Update(press("esc"))
	wantMode(t, m, "timeline", "esc should come back to the timeline")
	clickHint(t, m, "esc back")
	wantMode(t, m, "table", "a click on 'esc back' should close the timeline")
}

// A click closes help, as any key but the scroll keys does.
func TestMouseClickClosesHelp(t *testing.T) {
	m, _ := mouseModel(t, 100, 30)
	m.Update(press("?"))
	m.Update(leftClick(50, 29))
	wantMode(t, m, "table", "a click should close help")
}
