package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// Each component of the main screen has its own golden files at every
// size, beside the whole-screen ones (TestGoldenViews) and the overlays'
// (TestGoldenOverlays): a change to one component shows in its own file.
func TestGoldenComponents(t *testing.T) {
	for _, size := range goldenSizes {
		m := demoModel(t, size[0], size[1])
		m.Update(press("4"))
		m.Update(press("o"))
		m.Update(press("o")) // sorted by RSSI: the header carries its arrow
		ts := m.current().base()
		components := map[string]func() string{
			"tabbar": m.tabBar,
			"header": func() string { return ts.table.headerView(m.com.th, ts.sort.col, ts.sort.desc) },
			"rows": func() string {
				m.syncStrip()
				return ts.table.rowsView(m.com.th, m.current(), m.isPinnedRow)
			},
			"filterline": m.filterLine,
			"statusbar":  m.statusBar,
			"footer":     func() string { return m.footer },
		}
		for name, render := range components {
			t.Run(fmt.Sprintf("%dx%d/%s", size[0], size[1], name), func(t *testing.T) {
				v := ansi.Strip(render())
				for i, l := range strings.Split(v, "\n") {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Fatalf("line %d is %d wide, over %d: %q", i, w, size[0], l)
					}
				}
				if !strings.Contains(screen(m), strings.Split(v, "\n")[0]) {
					t.Fatalf("the component's first line is not on the screen it is part of: %q", strings.Split(v, "\n")[0])
				}
				golden.RequireEqual(t, []byte(v))
			})
		}
	}
}
