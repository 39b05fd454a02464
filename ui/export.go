package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
)

// exportDoneMsg reports where an export went, or why it failed.
type exportDoneMsg struct {
	path string
	rows int
	err  error
}

// export snapshots what is shown (filtered, in display order: the timeline
// when it is open, else the current tab) in Update, where the store may be
// read, then writes the file off the UI loop.
func (m *Model) export() tea.Cmd {
	var (
		table  string
		header []string
		rows   [][]string
	)
	if tv, ok := m.top().(*timelineView); ok {
		table = "timeline-" + tv.mac
		header = model.TimelineCSVHeader()
		for _, e := range tv.entries {
			rows = append(rows, model.TimelineCSVRow(e, m.store.Names))
		}
	} else {
		t := m.current()
		table = t.csvName()
		ids := t.base().table.ids
		if t == tab(m.rssi) {
			m.syncStrip()
			ids = append(slices.Clip(m.rssi.table.strip), ids...) // pinned clients are rows too
		}
		header, rows = t.csv(ids)
	}
	dir := m.opts.ExportDir
	if dir == "" {
		dir = "."
	}
	path := filepath.Join(dir, model.ExportFileName(table, time.Now()))
	return func() tea.Msg {
		written, err := writeCSVFile(path, header, rows)
		return exportDoneMsg{path: written, rows: len(rows), err: err}
	}
}

// writeCSVFile writes a new file, never over an old one: a second export in
// the same second gets "-2", "-3"… before the extension. It returns the
// path written.
func writeCSVFile(path string, header []string, rows [][]string) (string, error) {
	base := strings.TrimSuffix(path, ".csv")
	var f *os.File
	var err error
	for n := 1; ; n++ {
		if n > 1 {
			path = fmt.Sprintf("%s-%d.csv", base, n)
		}
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, fs.ErrExist) || n == 100 {
			break
		}
	}
	if err != nil {
		return "", err
	}
	if err := model.WriteCSV(f, header, rows); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

func (m *Model) exportDone(msg exportDoneMsg) {
	if msg.err != nil {
		m.say(fmt.Sprintf("export failed: %v", msg.err))
		return
	}
	// The file name first: a long directory is what a narrow line cuts.
	rows := "rows"
	if msg.rows == 1 {
		rows = "row"
	}
	m.say(fmt.Sprintf("exported %d %s to %s in %s", msg.rows, rows, filepath.Base(msg.path), filepath.Dir(msg.path)))
}

// CSVHeader is the CSV header of a default tab's export by its table name
// ("joins", "rssi", …), or of a client timeline ("timeline"); nil for a
// name no tab has.
func CSVHeader(table string) []string {
	if table == "timeline" {
		return model.TimelineCSVHeader()
	}
	if table == "rssi" {
		return csvHeader(newRSSITab(model.NewStore(1), nil).cols)
	}
	for _, spec := range defaultEventTabs {
		if spec.table == table {
			return csvHeader(spec.cols)
		}
	}
	return nil
}
