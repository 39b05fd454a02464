package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/receiver"
	"github.com/mistwatch/mistwatch/ui"
)

// natsSource is a dashboard's view of the stream: live, an ordered
// consumer feeding the events channel; for a replay, one window read.
type natsSource struct {
	link   *receiver.NATSLink
	stream string
	reader *receiver.StreamReader // nil for a replay
	cancel context.CancelFunc
	done   chan struct{}

	reportedDown string // as last logged by report
	reportedBad  int
}

// startNATS connects (a down server is waited for, bad credentials fail
// here, before the terminal is taken over) and starts reading. A replay
// gets the window's messages back, to play like a file's.
func (s *sources) startNATS(f *dashboardFlags, events chan<- []model.Event) ([]receiver.Message, error) {
	link, err := receiver.DialNATS(f.stream.config("mistwatch dashboard"))
	if err != nil {
		return nil, err
	}
	n := &natsSource{link: link, stream: f.stream.stream, cancel: func() {}}
	s.nats = n
	s.list = append(s.list, n)
	if f.replaying {
		w := receiver.Window{Since: f.stream.since.t, Until: f.stream.until.t}
		msgs, err := receiver.ReadWindow(context.Background(), link, f.stream.stream, f.stream.topicList(), w)
		if err != nil {
			return nil, err
		}
		if len(msgs) == 0 {
			return nil, errors.New("no messages in stream " + f.stream.stream + windowText(w))
		}
		return msgs, nil
	}
	n.reader, err = receiver.NewStreamReader(link, receiver.ReadConfig{
		Stream: f.stream.stream, Topics: f.stream.topicList(), Since: f.stream.since.t,
	}, events, s.recorder)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	n.cancel, n.done = cancel, make(chan struct{})
	go func() {
		defer close(n.done)
		n.reader.Run(ctx)
	}()
	return nil, nil
}

func windowText(w receiver.Window) string {
	out := ""
	if !w.Since.IsZero() {
		out += " since " + w.Since.UTC().Format("2006-01-02 15:04:05Z")
	}
	if !w.Until.IsZero() {
		out += " until " + w.Until.UTC().Format("2006-01-02 15:04:05Z")
	}
	return out
}

func (n *natsSource) Describe() string {
	return "nats " + n.link.Server() + " stream " + n.stream
}

// status fills the status bar's source items.
func (n *natsSource) status(out *ui.Stats) {
	if n.reader == nil {
		return
	}
	st := n.reader.Status()
	where := " seq " + strconv.FormatUint(st.Seq, 10)
	if !st.Attached { // no seq yet: what is stored now may still come before its start
		where = " attaching…"
	}
	out.Source = "nats " + st.Server + " stream " + st.Stream + where
	out.SourceDown = st.Down
	if st.Bad > 0 { // counted as refused: the stream held them, the dashboard could not show them
		out.Rejected += uint64(st.Bad)
		out.LastError = fmt.Sprintf("%d stream message(s) skipped — latest: %s", st.Bad, st.BadText)
		out.LastErrorAt = st.BadAt
	}
}

// Stop stops reading; after it returns nothing more is queued.
func (n *natsSource) Stop() {
	n.cancel()
	if n.done != nil {
		<-n.done
	}
}

// report logs to w (--plain's stderr) when reading stops and resumes, and
// stream messages it had to skip.
func (n *natsSource) report(w io.Writer) {
	if n.reader == nil {
		return
	}
	st := n.reader.Status()
	switch {
	case st.Down != "" && st.Down != n.reportedDown:
		fmt.Fprintln(w, "mistwatch: NATS DOWN, waiting:", st.Down)
	case st.Down == "" && n.reportedDown != "":
		fmt.Fprintf(w, "mistwatch: reading %s again from seq %d\n", "stream "+st.Stream, st.Seq+1)
	}
	n.reportedDown = st.Down
	if st.Bad > n.reportedBad {
		fmt.Fprintf(w, "mistwatch: skipped %d stream message(s); latest: %s\n", st.Bad-n.reportedBad, st.BadText)
		n.reportedBad = st.Bad
	}
}
