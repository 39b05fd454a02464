package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Issue 8, "layout that degrades on purpose": at 60 columns the Roams tab
// showed its "AP → Next AP" column 9 wide, so the next AP never showed.
func TestRoamsAt60ColumnsShowsTheNextAP(t *testing.T) {
	m := demoModel(t, 60, 20)
	m.Update(press("3"))
	v := screen(m)
	if !strings.Contains(v, "AP → Next AP") {
		t.Errorf("the path column's title is cut:\n%s", v)
	}
	// Roams in the demo survey from one named AP to another, whole.
	for _, path := range []string{"A-2F-North → A-2F-East", "W-Dock-2 → W-Dock-1"} {
		if !strings.Contains(v, path) {
			t.Errorf("at 60 columns the roam %q should show whole:\n%s", path, v)
		}
	}
	for _, key := range []string{"Time", "Client", "Reason", "RSSI"} {
		if !strings.Contains(headerLine(v), key) {
			t.Errorf("the key column %q is not shown: %q", key, headerLine(v))
		}
	}
}

// At 40 columns the Roams tab cut its path to "A-2…": Reason and RSSI now
// go whole when even the least widths do not fit, so Time, Client and the
// path stay, and a named next AP shows whole while the origin is cut.
func TestRoamsAt40ColumnsShowsTheNextAP(t *testing.T) {
	m := demoModel(t, 40, 16)
	m.Update(press("3"))
	v := screen(m)
	checkScreen(t, v, 40, 16)
	for _, key := range []string{"Time", "Client", "AP → Next AP"} {
		if !strings.Contains(headerLine(v), key) {
			t.Errorf("the key column %q is not shown at 40 columns: %q", key, headerLine(v))
		}
	}
	for _, next := range []string{"→ A-2F-North", "→ A-2F-East", "→ W-Dock-1"} {
		if !strings.Contains(v, next) {
			t.Errorf("at 40 columns the next AP %q should show whole:\n%s", next, v)
		}
	}
	if !strings.Contains(v, "bc:09…f4:a2") {
		t.Errorf("the client MAC should keep both its ends:\n%s", v)
	}
}

// The RSSI tab cut "Min/Avg/Max" to "-88/-57…" at 60 columns.
func TestRSSIAt60ColumnsShowsMinAvgMaxWhole(t *testing.T) {
	m := demoModel(t, 60, 20)
	m.Update(press("4"))
	v := screen(m)
	if !strings.Contains(headerLine(v), "Min/Avg/Max") {
		t.Errorf("the Min/Avg/Max title is cut: %q", headerLine(v))
	}
	if !strings.Contains(v, "-88/-57/-36") {
		t.Errorf("a client's min/avg/max should show whole:\n%s", v)
	}
	if strings.Contains(v, "/…") || strings.Contains(v, "7…") {
		t.Errorf("a reading is cut:\n%s", v)
	}
}

// At every size, on every tab, a shown column is never cut below the width
// its spec says it is useful at: a less important column is hidden whole
// instead, in the spec's drop order.
func TestNarrowTabsHideColumnsWholeBeforeCuttingKeyOnes(t *testing.T) {
	for _, w := range []int{60, 70, 80, 100, 160} {
		m := demoModel(t, w, 24)
		for i, tab := range m.tabs {
			tbl := tab.base().table
			shown := 0
			for _, c := range tbl.cols {
				if c.width == 0 {
					continue
				}
				shown++
				if c.width < c.leastWidth() {
					t.Errorf("%d columns, tab %d: %q is %d wide, under its least %d", w, i+1, c.title, c.width, c.leastWidth())
				}
			}
			for j, c := range tbl.cols {
				if c.width > 0 || c.hidden {
					continue
				}
				if c.drop == 0 {
					t.Errorf("%d columns, tab %d: %q has no drop priority but is hidden", w, i+1, c.title)
				}
				// Every column dropped before it is hidden too.
				for k, o := range tbl.cols {
					if k != j && o.width > 0 && o.drop > c.drop {
						t.Errorf("%d columns, tab %d: %q (drop %d) hidden while %q (drop %d) shows", w, i+1, c.title, c.drop, o.title, o.drop)
					}
				}
			}
			if shown < 3 {
				t.Errorf("%d columns, tab %d: only %d columns shown", w, i+1, shown)
			}
		}
	}
}

// Each tab's key facts stay readable at 60 columns.
func TestKeyColumnsAt60(t *testing.T) {
	keys := map[string][]string{
		"1": {"Time", "Summary"},
		"2": {"Time", "Client", "AP", "RSSI"},
		"3": {"Time", "Client", "AP → Next AP", "Reason", "RSSI"},
		"4": {"Client", "RSSI", "Min/Avg/Max", "AP", "Seen"},
		"5": {"Time", "Zone", "Event", "Client"},
		"6": {"Time", "Severity", "Type", "Device", "Text"},
	}
	for tab, want := range keys {
		m := demoModel(t, 60, 20)
		m.Update(press(tab))
		h := headerLine(screen(m))
		for _, k := range want {
			if !strings.Contains(h, k) {
				t.Errorf("tab %s at 60 columns: %q missing from %q", tab, k, h)
			}
		}
		for _, l := range strings.Split(screen(m), "\n") {
			if ansi.StringWidth(l) > 60 {
				t.Fatalf("tab %s: a line passes the edge: %q", tab, l)
			}
		}
	}
}

// headerLine is the table's header: the line below the tab bar.
func headerLine(screen string) string {
	lines := strings.Split(screen, "\n")
	if len(lines) < 2 {
		panic(fmt.Sprintf("no header in %q", screen))
	}
	return lines[1]
}

// The detail and timeline footers lost "esc back" past the screen's edge at
// 60 columns, and the detail's summary was cut by the edge ("-65d", no
// ellipsis): hints now go least important first, and the summary wraps.
func TestOverlaysAtNarrowWidthsKeepTheWayBack(t *testing.T) {
	m := demoModel(t, 60, 20)
	m.Update(press("2"))
	m.Update(press("enter"))
	if v := screen(m); !strings.Contains(v, "-65dBm") {
		t.Errorf("the detail's summary should wrap, not be cut:\n%s", v)
	}
	m.Update(press("c")) // the selected client's timeline, over the detail
	if v := screen(m); !strings.Contains(v, "Client timeline") {
		t.Fatalf("c in the detail should open the timeline:\n%s", v)
	}
	for _, overlay := range []string{"timeline", "detail"} {
		for _, w := range []int{40, 50, 60, 80} {
			m.Update(tea_size(w, 20))
			lines := strings.Split(screen(m), "\n")
			for _, l := range lines {
				if ansi.StringWidth(l) > w {
					t.Errorf("%s at %d columns: a line passes the edge: %q", overlay, w, l)
				}
			}
			if foot := lines[len(lines)-1]; !strings.Contains(foot, "esc back") {
				t.Errorf("%s at %d columns: the footer lost esc back: %q", overlay, w, foot)
			}
		}
		m.Update(press("esc"))
	}
}

// An unnamed zone showed as its ID cut at the end ("419bf358-b4e7-4357-b657…"),
// losing the part that differs: IDs in the Zone and Site columns lose their
// middle, names their end.
func TestZoneIDsKeepTheirEnd(t *testing.T) {
	m := demoModel(t, 100, 30)
	m.Update(press("5"))
	v := screen(m)
	if !strings.Contains(v, "…176468ce86fc ") || strings.Contains(v, "b657… ") {
		t.Errorf("an unnamed zone's ID should keep its end:\n%s", v)
	}
	if !strings.Contains(v, "Loading Dock ") {
		t.Errorf("a zone's name is not an ID and shows whole:\n%s", v)
	}
}

// The timeline's title lost the end of an AP name at 60 columns
// ("on A-1F-L…") and its min/avg/max at 80: each part now shows whole or
// not at all, the least important first to go.
func TestTimelineTitleDropsWholeParts(t *testing.T) {
	m := demoModel(t, 160, 48)
	m.Update(press("4"))
	m.Update(press("g")) // bc:09:63:e1:f4:a2, the demo's roaming client
	m.Update(press("c"))
	want := map[int][]string{
		60:  {"Client timeline", "last -60 dBm"},
		80:  {"last -60 dBm", "on A-1F-Lobby"},
		100: {"on A-1F-Lobby", "min/avg/max -88/-57/-36"},
		160: {"min/avg/max -88/-57/-36", "115 readings"},
	}
	for w, parts := range want {
		m.Update(tea_size(w, 24))
		title := strings.Split(screen(m), "\n")[0]
		for _, p := range parts {
			if !strings.Contains(title, p) {
				t.Errorf("at %d columns the timeline title lacks %q: %q", w, p, title)
			}
		}
		if strings.Contains(title, "…") {
			t.Errorf("at %d columns the timeline title is cut: %q", w, title)
		}
	}
}

// The follow panel at 60 columns cut a card's BSSID ("bssid 5c:5b:3…") and
// its last roam's age ("1m3…"): a card line now drops whole facts, least
// important first, and keeps a quiet client's age in one-line cards.
func TestFollowPanelAt60DropsWholeFacts(t *testing.T) {
	msgs := demoMessages(t)
	for _, h := range []int{14, 20} {
		m, _ := cockpitModel(t, 60, h, Options{})
		for _, evs := range msgs {
			m.Update(EventsMsg(evs))
		}
		m.Update(press("3"))
		lines := strings.Split(screen(m), "\n")
		panel := strings.Join(lines[1:m.follow.height(len(m.pins.order))+1], "\n")
		if strings.Contains(panel, "…") {
			t.Errorf("at 60x%d a card is cut:\n%s", h, panel)
		}
		if !strings.Contains(panel, "quiet 1m15s") {
			t.Errorf("at 60x%d the quiet client's age is lost:\n%s", h, panel)
		}
		if h == 20 && !strings.Contains(panel, "roam A-1F-Cafe → A-1F-Lobby") {
			t.Errorf("at 60x%d the last roam is lost:\n%s", h, panel)
		}
	}
}

// A card whose roam has no age (no clock yet) still shows the roam: only
// the age is optional.
func TestFitRoamWithoutAnAgeKeepsTheRoam(t *testing.T) {
	fa := facts{roam: "roam A-1 → A-2"}
	line := fa.fitRoam(80, " · ", func(roam string) []statusItem {
		return []statusItem{{text: "seen", prio: prioBadge}, {text: roam, prio: prioHigh}}
	})
	if !strings.Contains(line, fa.roam) {
		t.Fatalf("the roam is lost: %q", line)
	}
}
