package ui

import (
	"strconv"

	"github.com/charmbracelet/bubbles/progress"
)

// ReplayLoader is a replay that streams its files: how far the current
// pass has read, and how fast it hands events over.
type ReplayLoader interface {
	Progress() (read, size int64, eventsPerSec float64)
}

// loadingBar is the status-bar item shown while a replay file is still being
// read: a progress bar with the events handed over per second. It is empty
// once the file is read (or for a replay held in memory).
func (m *Model) loadingBar() string {
	l, ok := m.opts.Replay.(ReplayLoader)
	if !ok {
		return ""
	}
	read, size, rate := l.Progress()
	if size <= 0 || read >= size {
		return ""
	}
	bar := progress.New(progress.WithWidth(20), progress.WithoutPercentage(), progress.WithSolidFill("6"))
	frac := float64(read) / float64(size)
	return " loading " + bar.ViewAs(frac) + " " + strconv.Itoa(int(frac*100)) + "% " + compact(int(rate)) + " events/s "
}
