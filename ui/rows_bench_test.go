package ui

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// The figures of BENCHMARKS.md's filter section. A store of a million
// events (MISTWATCH_BENCH_EVENTS overrides it) is built once per run: two
// thirds joins on 3 SSIDs and 12 APs, one third roams, every client MAC
// distinct, as the load does.

var (
	millionOnce  sync.Once
	millionModel *Model
)

func benchEvents() int {
	if n, err := strconv.Atoi(os.Getenv("MISTWATCH_BENCH_EVENTS")); err == nil && n > 0 {
		return n
	}
	return 1000000
}

func million(b *testing.B) *Model {
	b.Helper()
	millionOnce.Do(func() {
		n := benchEvents()
		m := New(Options{Capacity: n, Theme: theme.New(false, -67, -75)})
		m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
		for i := 0; i < n; i += 1000 {
			m.Update(EventsMsg(mixed(i, min(1000, n-i))))
		}
		millionModel = m
	})
	m := millionModel
	m.rows.inline = 0
	return m
}

// land runs the pending job, if any, and lands it, as the program does.
func land(b *testing.B, m *Model) {
	if m.rows.pending == nil {
		return
	}
	msg := m.rows.pending.job.run(context.Background())
	if msg == nil {
		b.Fatal("job cancelled")
	}
	m.Update(*msg)
}

// setFilter puts a filter in force and lands its rows, off the clock.
func setFilter(b *testing.B, m *Model, q string) {
	b.StopTimer()
	m.applyFilter(q)
	land(b, m)
	b.StartTimer()
}

// oldRebuild is the engine this one replaced: every event matched again on
// the bubbletea goroutine, rows sorted there.
func oldRebuild(m *Model) {
	m.rows.shown, m.rows.matched = m.query, nil
	for _, t := range m.events {
		t.setRows(t.sortKeys(), nil)
	}
	m.shownTo = m.store.FirstSeq()
	m.routeUpTo(m.store.NextSeq())
}

// reportCPU reports the CPU time per op (both cores together): the machine
// is shared, so wall time says more of the others' load than of this code.
func reportCPU(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

var benchQueries = []string{"ssid:corp", "rssi<-70", "ap:ap-3", "corp", "nomatch", "-corp", "mac:70ef0000ff", "67", `"joined corp"`}

// BenchmarkFilter1M is one filter over the whole store: "job" is the rows
// job on both cores (compile, match, every tab's rows), "old" the engine it
// replaced, in the same run.
func BenchmarkFilter1M(b *testing.B) {
	m := million(b)
	for _, q := range benchQueries {
		b.Run("job/"+q, func(b *testing.B) {
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				setFilter(b, m, "")
				c0 := cpuTime()
				m.applyFilter(q)
				land(b, m)
				cpu += cpuTime() - c0
			}
			b.ReportMetric(float64(len(m.tabs[tabAll].base().table.ids)), "rows")
			reportCPU(b, cpu)
			snap := m.store.Snapshot()
			b.ReportMetric(float64(snap.IndexBytes())/float64(m.store.Len()), "index-B/event")
			snap.Close()
		})
		b.Run("old/"+q, func(b *testing.B) {
			c0 := cpuTime()
			for i := 0; i < b.N; i++ {
				m.query, _ = model.ParseQuery(q)
				oldRebuild(m)
			}
			reportCPU(b, cpuTime()-c0)
			b.ReportMetric(float64(len(m.tabs[tabAll].base().table.ids)), "rows")
			setFilter(b, m, "")
		})
	}
}

// BenchmarkKeystroke1M is one key typed into the filter bar until the
// screen shows the final rows and count: the key's Update (echo), the job,
// its landing and the frame. "refine" types the last letter of a word whose
// prefix is in force; "rescan" replaces the filter by an unrelated one.
func BenchmarkKeystroke1M(b *testing.B) {
	m := million(b)
	m.Update(press("/"))
	defer m.Update(press("esc"))
	for _, c := range []struct{ name, from, key string }{
		{"refine/ap-1→ap-11", "ap-1", "1"},
		{"refine/corp→corp ", "corp", " "},
		{"rescan/ssid:gues→ssid:guest", "ssid:gues", "t"},
	} {
		b.Run(c.name, func(b *testing.B) {
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				m.filter.SetValue(c.from)
				m.applyFilter(c.from)
				land(b, m)
				m.rows.shown = model.Query{} // rescan: nothing to refine
				if c.name[:6] == "refine" {
					m.rows.shown, _ = model.ParseQuery(c.from)
				}
				b.StartTimer()
				c0 := cpuTime()
				m.Update(press(c.key))
				land(b, m)
				_ = m.View()
				cpu += cpuTime() - c0
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkSort1M is the first sort of a column of the All tab (a million
// rows): "job" the rows job, "old" sorting on the bubbletea goroutine with
// keys cached per row.
func BenchmarkSort1M(b *testing.B) {
	m := million(b)
	setFilter(b, m, "")
	m.active = tabAll
	t := m.events[tabAll]
	for _, c := range []struct {
		name string
		col  int
	}{{"Time", 0}, {"Topic", 1}, {"Site", 2}} {
		b.Run("job/"+c.name, func(b *testing.B) {
			c0 := cpuTime()
			for i := 0; i < b.N; i++ {
				t.sort = sortState{col: c.col}
				m.startRows(m.allEvents(), "sorting…")
				land(b, m)
			}
			reportCPU(b, cpuTime()-c0)
		})
		b.Run("old/"+c.name, func(b *testing.B) {
			defer func(c0 time.Duration) { reportCPU(b, cpuTime()-c0) }(cpuTime())
			for i := 0; i < b.N; i++ {
				t.sort = sortState{col: c.col}
				t.keys = nil // the first sort of the column: no key cached
				t.setRows(t.sortKeys(), append([]uint64(nil), t.table.ids...))
			}
		})
	}
	t.sort = sortState{col: -1}
	m.startRows(m.allEvents(), "")
	land(b, m)
}

// BenchmarkView1M is one frame, a tab switch and a page down with a million
// events stored, with and without a filter in force.
func BenchmarkView1M(b *testing.B) {
	m := million(b)
	for _, q := range []string{"", "ssid:corp"} {
		name := "nofilter"
		if q != "" {
			name = "filter"
		}
		b.Run(name+"/frame", func(b *testing.B) {
			setFilter(b, m, q)
			for i := 0; i < b.N; i++ {
				_ = m.View()
			}
		})
		b.Run(name+"/tabswitch", func(b *testing.B) {
			setFilter(b, m, q)
			for i := 0; i < b.N; i++ {
				m.Update(press(fmt.Sprint(1 + i%3)))
				_ = m.View()
			}
		})
		b.Run(name+"/pagedown", func(b *testing.B) {
			setFilter(b, m, q)
			m.Update(press("1"))
			for i := 0; i < b.N; i++ {
				m.Update(tea.KeyMsg{Type: tea.KeyPgDown})
				_ = m.View()
			}
		})
	}
	setFilter(b, m, "")
}
