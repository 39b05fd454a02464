package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// asyncModel is a dashboard whose every rows job runs as a command, as with
// a large store, holding n events on 3 SSIDs and 12 APs.
func asyncModel(t *testing.T, capacity, n int) *Model {
	t.Helper()
	m := New(Options{Capacity: capacity, Theme: theme.New(true, theme.DefaultGood, theme.DefaultPoor)})
	m.rows.inline = 0
	m.resize(160, 30)
	m.Update(EventsMsg(mixed(0, n)))
	return m
}

// mixed makes n distinct events numbered from `from`: joins on Corp, Guest
// and IoT, and every third a roam.
func mixed(from, n int) []model.Event {
	ssids := []string{"Corp", "Guest", "IoT"}
	var out []model.Event
	for i := from; i < from+n; i++ {
		var e model.Event
		if i%3 == 0 {
			e = roam(i, fmt.Sprintf("5c5b35%06x", i%12), fmt.Sprintf("5c5b35%06x", (i+1)%12))
		} else {
			e = join(i, ssids[i%len(ssids)], fmt.Sprintf("AP-%d", i%12), float64(-40-i%50))
		}
		e.MAC = fmt.Sprintf("70ef00%06x", i) // distinct: dedupe keeps them all
		out = append(out, e)
	}
	return out
}

// wantRows is what each event tab must show for the model's query and
// sorts: the old engine's answer, matching and sorting on this goroutine.
func wantRows(m *Model) [][]uint64 {
	want := make([][]uint64, len(m.events))
	m.store.Each(func(e *model.Event) bool {
		if e.Seq >= m.shownTo {
			return true
		}
		for i, t := range m.events {
			if t.accepts(e) && t.matchEvent(m.query, e) {
				want[i] = append(want[i], e.Seq)
			}
		}
		return true
	})
	for i, t := range m.events {
		if t.sort.col >= 0 {
			sortRows(want[i], t.sort, t.sortKeys())
		}
	}
	return want
}

func checkRows(t *testing.T, m *Model, what string) {
	t.Helper()
	want := wantRows(m)
	for i, tab := range m.events {
		if got := tab.table.ids; !slices.Equal(got, want[i]) {
			t.Fatalf("%s: %s shows %d rows %v…, want %d %v…", what, tab.name(), len(got), got[:min(len(got), 8)],
				len(want[i]), want[i][:min(len(want[i]), 8)])
		}
	}
}

// finish runs the pending job to its end and lands it, as the program
// does with the command's message.
func finish(t *testing.T, m *Model) {
	t.Helper()
	if m.rows.pending == nil {
		t.Fatal("no rows job pending")
	}
	msg := m.rows.pending.job.run(context.Background())
	if msg == nil {
		t.Fatal("an uncancelled job returned nothing")
	}
	m.Update(*msg)
	if m.rows.pending != nil {
		t.Fatal("the job's result did not land")
	}
}

func TestFilterRunsAsACommandAndShowsFilteringUntilItLands(t *testing.T) {
	m := asyncModel(t, 1000, 300)
	before := slices.Clone(m.tabs[tabAll].base().table.ids)
	m.Update(press("/"))
	typeText(m, "gue")
	_, cmd := m.Update(press("s"))
	if cmd == nil || m.rows.pending == nil {
		t.Fatal("typing with a large store started no job")
	}
	if s := screen(m); !strings.Contains(s, "/ gues") || !strings.Contains(s, "filtering…") {
		t.Fatalf("the key should echo at once with filtering… shown:\n%s", s)
	}
	if !slices.Equal(m.tabs[tabAll].base().table.ids, before) {
		t.Fatal("rows changed before the job landed")
	}
	finish(t, m)
	checkRows(t, m, "after gues")
	if s := screen(m); strings.Contains(s, "filtering…") {
		t.Fatalf("filtering… still shown after the job landed:\n%s", s)
	}
	if n := len(m.tabs[tabAll].base().table.ids); n == 0 || n == len(before) {
		t.Fatalf("gues (Guest) left %d of %d rows: the test filters nothing", n, len(before))
	}
}

func TestNextKeystrokeCancelsTheRunningFilter(t *testing.T) {
	m := asyncModel(t, 1000, 300)
	first := m.applyFilter("ssid:g")
	second := m.applyFilter("ssid:gu")
	if first == nil || second == nil {
		t.Fatal("no commands for the two keystrokes")
	}
	if msg := first(); msg != nil {
		t.Fatalf("the first, cancelled job still delivered %T", msg)
	}
	msg := second()
	done, ok := msg.(rowsDoneMsg)
	if !ok {
		t.Fatalf("second job delivered %T, want rowsDoneMsg", msg)
	}
	// A stale result (a job replaced after it finished) is dropped.
	stale := done
	stale.id--
	stale.rows = nil
	m.Update(stale)
	if m.rows.pending == nil {
		t.Fatal("a stale result landed")
	}
	m.Update(done)
	checkRows(t, m, "ssid:gu")
}

func TestCancelledJobStopsEarly(t *testing.T) {
	m := asyncModel(t, 5000, 5000)
	m.applyFilter("corp")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if msg := m.rows.pending.job.run(ctx); msg != nil {
		t.Fatal("a job whose context was cancelled returned rows")
	}
}

// Events arriving while a job runs are matched against the new filter when
// it lands, and rows evicted meanwhile are dropped, sorted tabs included.
func TestLandingMergesArrivalsAndEvictions(t *testing.T) {
	for _, sorted := range []bool{false, true} {
		t.Run(fmt.Sprintf("sorted=%v", sorted), func(t *testing.T) {
			m := asyncModel(t, 300, 300)
			if sorted {
				m.active = tabJoins
				m.Update(press("o"))
				m.Update(press("o")) // Site
				m.Update(press("o")) // SSID
				m.Update(press("O")) // descending
				finish(t, m)
				checkRows(t, m, "sorted by SSID")
			}
			m.applyFilter("ssid:corp,iot")
			m.Update(EventsMsg(mixed(1000, 100))) // 100 arrive, 100 of the oldest are evicted
			if m.store.Evicted() != 100 {
				t.Fatalf("evicted %d, want 100", m.store.Evicted())
			}
			finish(t, m)
			checkRows(t, m, "after arrivals and evictions")
			first := m.store.FirstSeq()
			for _, id := range m.tabs[tabAll].base().table.ids {
				if id < first {
					t.Fatalf("evicted row %d still shown", id)
				}
			}
			if last := m.tabs[tabAll].base().table.ids; len(last) == 0 || last[len(last)-1] < 301 && !sorted {
				t.Fatal("no arrival shown")
			}
			// And the next arrivals route as usual.
			m.Update(EventsMsg(mixed(2000, 30)))
			checkRows(t, m, "after the next batch")
		})
	}
}

func TestNarrowedFilterRefinesThePreviousResult(t *testing.T) {
	m := asyncModel(t, 1000, 600)
	m.applyFilter("ap-1")
	finish(t, m)
	wider := len(m.rows.matched[tabAll])
	m.applyFilter("ap-11")
	if jt := m.rows.pending.job.tabs[tabAll]; !jt.refine || len(jt.base) != wider {
		t.Fatalf("ap-11 after ap-1 scanned %d candidates (refining %v), want the %d matches of ap-1", len(jt.base), jt.refine, wider)
	}
	finish(t, m)
	checkRows(t, m, "ap-11")
	m.applyFilter("ap-1")
	if m.rows.pending.job.tabs[tabAll].refine {
		t.Fatal("widening the filter refined the narrower result")
	}
	finish(t, m)
	checkRows(t, m, "back to ap-1")
}

// A tab whose filter matched nothing refines to nothing: a sort with the
// same filter must not take its empty rows for "scan the store" and list
// every event unfiltered.
func TestSortOfATabThatMatchedNothingListsNothing(t *testing.T) {
	m := asyncModel(t, 1000, 300)
	m.active = tabJoins
	m.applyFilter("ssid:nowhere")
	if m.rows.pending != nil {
		finish(t, m)
	}
	checkRows(t, m, "ssid:nowhere")
	m.Update(press("o"))
	if p := m.rows.pending; p != nil {
		if jt := p.job.tabs[tabJoins]; !jt.refine || len(jt.base) != 0 {
			t.Fatalf("the sort should refine the empty result, got refine %v with %d candidates", jt.refine, len(jt.base))
		}
		finish(t, m)
	}
	checkRows(t, m, "sorted, ssid:nowhere")
	if n := len(m.current().base().table.ids); n != 0 {
		t.Fatalf("Joins lists %d rows for a filter that matches nothing", n)
	}
}

func TestSortRunsAsACommand(t *testing.T) {
	m := asyncModel(t, 1000, 300)
	m.active = tabJoins
	before := slices.Clone(m.current().base().table.ids)
	_, cmd := m.Update(press("o"))
	_, cmd = m.Update(press("o")) // Site: a second press replaces the first job
	if cmd == nil {
		t.Fatal("sorting a large tab started no job")
	}
	if !slices.Equal(m.current().base().table.ids, before) || !strings.Contains(screen(m), "sorting…") {
		t.Fatalf("rows should stay put with sorting… shown until the job lands:\n%s", screen(m))
	}
	msg, ok := cmd().(rowsDoneMsg)
	if !ok {
		t.Fatal("the sort job delivered no rows")
	}
	m.Update(msg)
	checkRows(t, m, "sorted by Site")
	m.Update(press("o")) // SSID
	m.Update(press("o")) // Client
	finish(t, m)
	checkRows(t, m, "sorted by Client")
}

// A sort after a name was learned cannot refine the filter's rows (the
// name may match more): it scans, and must still apply the filter.
func TestSortAfterANameIsLearnedKeepsTheFilter(t *testing.T) {
	m := asyncModel(t, 1000, 300)
	m.applyFilter("ssid:guest")
	finish(t, m)
	e := join(1000, "Corp", "Hall", -50) // an AP name not seen before
	m.Update(EventsMsg([]model.Event{e}))
	m.active = tabJoins
	m.Update(press("o"))
	finish(t, m)
	checkRows(t, m, "sorted after a name was learned")
	if n, all := len(m.current().base().table.ids), m.current().total(); n == 0 || n >= all {
		t.Fatalf("Joins shows %d of %d rows: ssid:guest should keep some", n, all)
	}
}

// The RSSI tab's clients are filtered when the tab is shown, not at every
// keystroke typed on another tab.
func TestRSSITabRefiltersWhenShown(t *testing.T) {
	m := newTestModel(160, 30)
	m.Update(EventsMsg{join(1, "Corp", "AP-1", -60), join(2, "Guest", "AP-2", -70)})
	rssi := m.tabs[tabRSSI].base().table
	if len(rssi.ids) != 2 {
		t.Fatalf("RSSI tab has %d clients, want 2", len(rssi.ids))
	}
	m.applyFilter("ssid:guest")
	if len(rssi.ids) != 2 || !m.rssiStale {
		t.Fatalf("typing on All refiltered the RSSI tab (%d rows) or forgot to mark it", len(rssi.ids))
	}
	m.Update(press("4"))
	if len(rssi.ids) != 1 || m.rssiStale {
		t.Fatalf("shown, the RSSI tab lists %d clients, want the 1 on Guest", len(rssi.ids))
	}
	m.applyFilter("ssid:corp,guest") // typed while the RSSI tab shows: at once
	if len(rssi.ids) != 2 {
		t.Fatalf("RSSI tab lists %d clients for ssid:corp,guest, want 2", len(rssi.ids))
	}
}
