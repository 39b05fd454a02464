package main

import (
	"strconv"
	"testing"
)

// testNarrow: the demo survey in a 60x20 terminal, as the review that found
// the Roams tab hiding the next AP and the RSSI tab cutting Min/Avg/Max saw
// it: each tab keeps its key columns whole and hides the rest; the detail
// keeps its way back; at 80x24 the RSSI tab gets its trend back.
func testNarrow(t *testing.T, bin string) {
	d := startDashboard(t, bin, "replay", demoFile)
	d.resize(60, 20)
	d.keys("3")
	d.waitFor(`Time\s+Client\s+AP → Next AP\s+Reason\s+RSSI`)
	d.waitFor(`A-2F-North → A-2F-East\s+roamed`)
	d.keys("4")
	d.waitFor(`Client\s+RSSI\s+Min/Avg/Max\s+AP\s+Band\s+Seen`)
	d.waitFor(`bc:09:63:e1:f4:a2\s+-\d+.\s+-88/-57/-36\s+A-1F-Lobby`)
	d.keys("Enter")
	d.waitFor(`(?m)esc back.*$`)
	d.escape()
	d.resize(80, 24)
	d.waitFor(`Client\s+RSSI\s+Min/Avg/Max\s+Trend\s+AP`)
	d.quit()
}

// resize sets the terminal's size, as a user dragging the window would.
func (d *dashboard) resize(w, h int) {
	d.t.Helper()
	if out, err := d.tmux("resize-window", "-t", "mw", "-x", strconv.Itoa(w), "-y", strconv.Itoa(h)); err != nil {
		d.t.Fatalf("resize-window: %v: %s%s", err, out, d.diagnostics())
	}
}
