package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
)

// exportTables names each tab's CSV table.
var exportTables = [tabCount]string{"all", "joins", "roams", "rssi", "zones", "alarms"}

// exportDoneMsg reports where an export went, or why it failed.
type exportDoneMsg struct {
	path string
	rows int
	err  error
}

// export snapshots the current view's rows (filtered, in display order) in
// Update, where the store may be read, then writes the file off the UI loop.
func (m *Model) export() tea.Cmd {
	var (
		table  string
		header []string
		rows   [][]string
	)
	names := m.store.Names
	switch {
	case m.mode == modeTimeline && m.timeline != nil:
		table = "timeline-" + m.timeline.mac
		header = model.CSVHeader("timeline")
		for _, e := range m.timeline.entries {
			rows = append(rows, model.TimelineCSVRow(e, names))
		}
	case m.active == tabRSSI:
		table = exportTables[tabRSSI]
		header = model.CSVHeader(table)
		for _, id := range m.current().table.ids {
			if c := m.rssi.client(id); c != nil {
				rows = append(rows, model.ClientCSVRow(c, names, m.rssi.now))
			}
		}
	default:
		table = exportTables[m.active]
		header = model.CSVHeader(table)
		for _, id := range m.current().table.ids {
			if e, ok := m.store.Get(id); ok {
				rows = append(rows, model.EventCSVRow(table, e, names))
			}
		}
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
	m.say(fmt.Sprintf("exported %d rows to %s", msg.rows, msg.path))
}
