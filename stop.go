package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/ui"
)

// stopSignals end mistwatch the way q does: the terminal restored, the
// record file and stdout flushed, exit status 0. SIGHUP is the common one on
// a survey laptop: the terminal closed or the ssh session dropped.
var stopSignals = []os.Signal{syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM, syscall.SIGQUIT}

// Limits on how long a stop may take, so a signal always ends the process
// within 5 s: --plain gives up printing into a stdout nobody reads, and a
// dashboard that does not quit in time is killed (which still restores the
// terminal).
const (
	drainLimit = 4 * time.Second
	quitLimit  = 4 * time.Second
)

// notifyStop returns a channel closed at the first stop signal.
func notifyStop(ctx context.Context) <-chan struct{} {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, stopSignals...)
	stopped := make(chan struct{})
	go func() {
		defer signal.Stop(sigs)
		select {
		case <-sigs:
			close(stopped)
		case <-ctx.Done():
		}
	}()
	return stopped
}

// quitOnSignal quits the dashboard at a stop signal, and kills it if it has
// not quit within quitLimit. It reports whether a signal ended it.
func quitOnSignal(ctx context.Context, p *tea.Program) *atomic.Bool {
	var signalled atomic.Bool
	stopped := notifyStop(ctx)
	go func() {
		select {
		case <-stopped:
		case <-ctx.Done():
			return
		}
		signalled.Store(true)
		p.Quit()
		select {
		case <-time.After(quitLimit):
			p.Kill()
		case <-ctx.Done():
		}
	}()
	return &signalled
}

// waitPrinted waits for --plain's printer after the intake has stopped.
// Once a signal has come it waits at most drainLimit: past that stdout is
// blocked (a pipe nobody reads), and what is still unprinted is counted on
// stderr instead; the record file already holds it.
func waitPrinted(done <-chan error, stopped <-chan struct{}, events <-chan []model.Event, counters *ui.Counters, recording string, stderr io.Writer) (err error, blocked bool) {
	select {
	case err := <-done:
		return err, false
	case <-stopped:
	}
	select {
	case err := <-done:
		return err, false
	case <-time.After(drainLimit):
	}
	unwritten := counters.Pending.Load()
	for {
		select {
		case batch := <-events:
			unwritten += int64(len(batch))
			continue
		default:
		}
		break
	}
	where := ""
	if recording != "" {
		where = " (the record file " + recording + " has them)"
	}
	fmt.Fprintf(stderr, "mistwatch: stdout blocked for %v after the signal: %d event(s) not written%s\n", drainLimit, unwritten, where)
	return nil, true
}
