package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// testMouse: the real binary asks the terminal for mouse events; a click
// on a tab label shows that tab, a click on a row selects it, the wheel
// moves the selection, and y puts the row's MAC on the clipboard through
// OSC 52 (tmux keeps it as a paste buffer). With --no-mouse the terminal
// keeps the mouse and a click changes nothing.
func testMouse(t *testing.T, bin string) {
	d := startDashboard(t, bin, "replay", demoFile)
	screen := d.waitFor(`1 All 671`)
	if flags := d.paneFlags(); flags != "1 1" {
		t.Fatalf("the dashboard should turn on button tracking and SGR mouse: tmux says %q", flags)
	}
	d.click(screen, "3 Roams")
	screen = d.waitFor(`AP → Next AP`)

	x, y := at(t, screen, "W-Dock-2 → W-Aisle-3")
	d.clickAt(x, y)
	screen = d.waitUntil("the clicked row selected", func(s string) bool {
		return strings.HasPrefix(lines(s)[y], "›") && strings.Contains(lines(s)[y], "W-Dock-2 → W-Aisle-3")
	})
	if !strings.Contains(screen, "SCROLL") {
		t.Errorf("selecting an older row should stop following:\n%s", screen)
	}
	d.wheel(false, x, y)
	d.waitUntil("the selection three rows down", func(s string) bool { return strings.HasPrefix(lines(s)[y+3], "›") })

	_, _ = d.tmux("set-option", "-s", "set-clipboard", "on")
	mac := regexp.MustCompile(`([0-9a-f]{2}:){5}[0-9a-f]{2}`).FindString(lines(d.capture())[y+3])
	d.keys("y")
	d.waitFor(`copied ` + mac + ` to the clipboard`)
	if buf, err := d.tmux("show-buffer"); err != nil || buf != mac {
		t.Errorf("the clipboard (tmux's buffer) holds %q (%v), want the selected row's MAC %s", buf, err, mac)
	}
	d.quit()

	d = startDashboard(t, bin, "replay", "--no-mouse", demoFile)
	screen = d.waitFor(`1 All 671`)
	if flags := d.paneFlags(); flags != "0 0" {
		t.Fatalf("--no-mouse must leave the mouse to the terminal: tmux says %q", flags)
	}
	d.click(screen, "3 Roams")
	d.keys("?")
	d.waitFor(`mistwatch keys`)
	if strings.Contains(d.capture(), "shift+drag") {
		t.Error("help speaks of the mouse under --no-mouse")
	}
	d.escape()
	if screen = d.waitFor(`/ filter`); strings.Contains(screen, "AP → Next AP") {
		t.Errorf("with --no-mouse a click must not switch tabs:\n%s", screen)
	}
	d.quit()
}

// paneFlags says whether the program turned on button-event mouse
// tracking and SGR mouse encoding, as tmux saw it.
func (d *dashboard) paneFlags() string {
	out, err := d.tmux("display-message", "-p", "-t", "mw", "#{mouse_button_flag} #{mouse_sgr_flag}")
	if err != nil {
		d.t.Fatalf("display-message: %v %s", err, out)
	}
	return strings.TrimSpace(out)
}

// click presses and releases the left button on text shown on screen.
func (d *dashboard) click(screen, text string) {
	d.t.Helper()
	x, y := at(d.t, screen, text)
	d.clickAt(x+1, y)
}

// clickAt writes a left click at the 0-based cell as the terminal would
// send it (SGR encoding, 1-based).
func (d *dashboard) clickAt(x, y int) {
	d.keys("-l", fmt.Sprintf("\x1b[<0;%d;%dM\x1b[<0;%d;%dm", x+1, y+1, x+1, y+1))
}

// wheel writes one notch of the wheel, up or down, at the cell.
func (d *dashboard) wheel(up bool, x, y int) {
	button := 65
	if up {
		button = 64
	}
	d.keys("-l", fmt.Sprintf("\x1b[<%d;%d;%dM", button, x+1, y+1))
}

// at is where text first shows on screen: its column and line.
func at(t *testing.T, screen, text string) (x, y int) {
	t.Helper()
	for y, l := range lines(screen) {
		if i := strings.Index(l, text); i >= 0 {
			return len([]rune(l[:i])), y
		}
	}
	t.Fatalf("%q is not on screen:\n%s", text, screen)
	return 0, 0
}

func lines(screen string) []string { return strings.Split(screen, "\n") }
