package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/receiver"
	"github.com/mistwatch/mistwatch/ui"
)

// source is one thing that feeds the events channel: the HTTP listener,
// a replay, the NATS stream reader. Each is started by startSources, before
// the terminal is taken over, so a bad address or file fails first. Only
// sources.describe and stopIntake need them alike; the rest of the program
// holds each by its own type.
type source interface {
	// Describe is where the events come from, for the status bar and
	// --plain's first line ("listening http://…/mist"); "" says nothing.
	Describe() string
	// Stop stops feeding the channel; after it returns nothing more is
	// queued.
	Stop()
}

// sources are the started sources and what they share: the record file,
// the counters /healthz reads, notices for the user.
type sources struct {
	list     []source      // in start order; stopped in that order
	listener *listenSource // nil without --listen
	replay   *replaySource // nil unless replaying
	nats     *natsSource   // --nats: the stream reader, nil otherwise
	recorder *receiver.Recorder
	bad      *replayNotes // the replay's bad entries, as the files stream

	recordFailing bool // as last reported on stderr by reportRefusals
	// notices are lines for the user from background work (a rotated
	// secret): the dashboard shows them, --plain logs them.
	notices     chan string
	stopWatches context.CancelFunc
	counters    *ui.Counters
	serveErr    chan error

	stopOnce sync.Once
}

// listenSource is the HTTP listener: Mist's webhooks.
type listenSource struct {
	addr, path string // the bound address; the webhook path, as the URL to give Mist ends
	tls        bool
	server     *http.Server
	handler    *receiver.Handler
}

func (l *listenSource) Describe() string {
	scheme := "http"
	if l.tls {
		scheme = "https"
	}
	return "listening " + scheme + "://" + l.addr + l.path
}

// Stop makes the handler refuse new messages with 503 and waits for the
// requests in flight.
func (l *listenSource) Stop() {
	l.handler.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_ = l.server.Shutdown(ctx)
	cancel()
}

// replaySource plays files, or a window of the stream, through a Player.
type replaySource struct {
	player *receiver.Player
	files  []string      // "" describes a stream window: the NATS source says where
	done   chan struct{} // closed when the replay has played everything
	cancel context.CancelFunc
}

func (r *replaySource) Describe() string {
	if len(r.files) == 0 {
		return ""
	}
	return "replay " + strings.Join(r.files, ",")
}

func (r *replaySource) Stop() {
	r.cancel()
	<-r.done
}

func startSources(f *dashboardFlags, files []string, events chan<- []model.Event, stderr io.Writer) (*sources, error) {
	s := &sources{counters: &ui.Counters{}, serveErr: make(chan error, 1),
		notices: make(chan string, 16), stopWatches: func() {}, bad: &replayNotes{}}
	if err := checkReplayFiles(files); err != nil {
		return nil, err
	}
	var err error
	if f.record != "" {
		if s.recorder, err = receiver.NewRecorder(f.record); err != nil {
			return nil, err
		}
	}
	if f.Listen != "" {
		if err := s.listen(f, events); err != nil {
			s.close()
			return nil, err
		}
	}
	var window []receiver.Message // replay --nats: the stream's window, played like a file
	if f.stream.url != "" {
		if window, err = s.startNATS(f, events); err != nil {
			s.close()
			return nil, err
		}
	}
	if len(files) > 0 || len(window) > 0 {
		s.startReplay(f, files, window, events)
	}
	return s, nil
}

// startReplay plays the files, or the stream's window, into events.
func (s *sources) startReplay(f *dashboardFlags, files []string, window []receiver.Message, events chan<- []model.Event) {
	ctx, cancel := context.WithCancel(context.Background())
	r := &replaySource{files: files, done: make(chan struct{}), cancel: cancel}
	if len(window) > 0 {
		r.player = receiver.NewPlayer(window, f.speed, events)
	} else {
		r.player = receiver.NewFilePlayer(files, f.speed, events, s.bad.add)
		if !f.plain {
			// The store copies what it keeps of an event; --plain's printer
			// learns names straight from the events (a kept one would keep
			// its piece alive: peak RSS 0.46-0.51 -> 0.61-0.65 GB at 1M).
			r.player.BorrowPieces()
			// The dashboard recycles every batch (ui.Model.ingest).
			r.player.LendPieces()
		}
	}
	r.player.SetLoop(f.loop)
	go func() {
		defer close(r.done)
		_ = r.player.Run(ctx)
	}()
	s.replay = r
	s.list = append(s.list, r)
}

// checkReplayFiles fails on a file that cannot be read before the terminal
// is taken over; reading the files is the player's, as it streams them.
func checkReplayFiles(files []string) error {
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("%s: %v", file, errors.Unwrap(err))
		}
		st, err := f.Stat()
		f.Close()
		switch {
		case err != nil:
			return fmt.Errorf("%s: %v", file, err)
		case st.IsDir():
			return fmt.Errorf("%s: is a directory", file)
		}
	}
	return nil
}

// listen binds the address first, so a taken port or bad TLS files fail
// before the terminal is taken over.
func (s *sources) listen(f *dashboardFlags, events chan<- []model.Event) error {
	var tlsConf *tls.Config
	if f.tlsCert != "" {
		cert, err := tls.LoadX509KeyPair(f.tlsCert, f.tlsKey)
		if err != nil {
			return fmt.Errorf("TLS: %v", err)
		}
		tlsConf = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	ln, err := net.Listen("tcp", f.Listen)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v", f.Listen, errors.Unwrap(err))
	}
	keys := receiver.NewKeyring(f.Secret, f.secretGrace, nil)
	if file := f.SecretFile(); file != "" {
		ctx, cancel := context.WithCancel(context.Background())
		s.stopWatches = cancel
		go receiver.WatchSecretFile(ctx, file, keys, secretPoll, s.say)
	}
	l := &listenSource{addr: ln.Addr().String(), path: "/" + strings.Trim(f.Path, "/")}
	l.handler = receiver.NewHandler(receiver.Config{
		Path:     f.Path,
		Keyring:  keys,
		MaxBody:  f.maxBody,
		Recorder: s.recorder,
		Health:   s.counters.Health,

		MaxInflight:   f.maxInflight,
		BodyTimeout:   f.bodyTimeout,
		HealthzDetail: f.healthzDetail,
		// The dashboard recycles each batch once stored; the line printer
		// keeps strings of the events it prints.
		Recycles: !f.plain,
	}, events)
	l.server = receiver.NewServer(f.Listen, l.handler)
	if !f.plain {
		// net/http logs TLS handshake failures and the like to stderr, which
		// would scribble over the dashboard; the handler's own errors reach
		// the status line instead.
		l.server.ErrorLog = log.New(io.Discard, "", 0)
	}
	if tlsConf != nil {
		l.server.TLSConfig = tlsConf
		l.tls = true
		ln = tls.NewListener(ln, tlsConf)
	}
	go func() {
		if err := l.server.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.serveErr <- err
		}
	}()
	s.listener = l
	s.list = append(s.list, l)
	return nil
}

// secretPoll is how often --secret-file is checked for a new secret.
const secretPoll = 500 * time.Millisecond

// say queues a line for the user; if nobody is reading, it is dropped
// rather than block the background work that said it.
func (s *sources) say(line string) {
	select {
	case s.notices <- model.Sanitize(line):
	default:
	}
}

// finished is closed when a replay without a listener has played
// everything; with a listener it never is.
func (s *sources) finished() <-chan struct{} {
	if s.listener != nil || s.replay == nil {
		return nil
	}
	return s.replay.done
}

// describe joins what the sources say, in start order.
func (s *sources) describe() string {
	var parts []string
	for _, src := range s.list {
		if d := src.Describe(); d != "" {
			parts = append(parts, d)
		}
	}
	return strings.Join(parts, " + ")
}

func (s *sources) stats() ui.Stats {
	var out ui.Stats
	if s.nats != nil {
		s.nats.status(&out)
	}
	if s.listener == nil {
		return out
	}
	st := s.listener.handler.Stats()
	out.Rejected, out.LastError, out.LastErrorAt = st.RejectedTotal, st.LastError, st.LastErrorAt
	if s.recorder != nil {
		if err := s.recorder.Err(); err != nil {
			out.RecordError = model.Sanitize(err.Error())
		}
	}
	return out
}

// reportRefusals writes to w what the listener refused since the count
// already reported, so --plain logs 400s and 401s as the dashboard shows
// them; it returns the new count.
func (s *sources) reportRefusals(w io.Writer, reported uint64) uint64 {
	if s.nats != nil {
		s.nats.report(w)
	}
	if s.listener == nil {
		return reported
	}
	st := s.listener.handler.Stats()
	if st.RejectedTotal > reported {
		fmt.Fprintf(w, "mistwatch: refused %d message(s); latest: %s\n", st.RejectedTotal-reported, st.LastError)
	}
	s.reportRecording(w)
	return st.RejectedTotal
}

// reportRecording says when the record file starts failing and when it
// works again; the refusal lines in between count the messages it missed.
func (s *sources) reportRecording(w io.Writer) {
	if s.recorder == nil {
		return
	}
	err := s.recorder.Err()
	switch {
	case err != nil && !s.recordFailing:
		fmt.Fprintln(w, "mistwatch: REC FAILED:", model.Sanitize(err.Error()))
	case err == nil && s.recordFailing:
		fmt.Fprintln(w, "mistwatch: recording to", s.recorder.Path(), "works again")
	}
	s.recordFailing = err != nil
}

// reportLoading writes a replay's progress to w while its files are read:
// --plain's progress bar.
func (s *sources) reportLoading(w io.Writer) {
	if s.replay == nil {
		return
	}
	read, size, rate := s.replay.player.Progress()
	if size > 0 && read < size {
		fmt.Fprintf(w, "mistwatch: loading %s %d%% %.0f events/s\n", textBar(read, size, 20), read*100/size, rate)
	}
}

// textBar draws done out of total as a bar of width cells.
func textBar(done, total int64, width int) string {
	full := int(done * int64(width) / total)
	return "[" + strings.Repeat("#", full) + strings.Repeat("-", width-full) + "]"
}

// recordMarker writes a dashboard marker to the record file; nil when not
// recording.
func (s *sources) recordMarker() func(*model.Event) error {
	if s.recorder == nil {
		return nil
	}
	return func(e *model.Event) error { return s.recorder.RecordMarker(time.Now(), e) }
}

func (s *sources) replayControl() ui.ReplayControl {
	if s.replay == nil {
		return nil
	}
	return s.replay.player
}

// stopIntake stops every source that writes to the channel. After it
// returns nothing more is queued.
func (s *sources) stopIntake() {
	s.stopOnce.Do(func() {
		for _, src := range s.list {
			src.Stop()
		}
	})
}

// close stops the intake and closes the recorder.
func (s *sources) close() {
	s.stopWatches()
	s.stopIntake()
	if s.recorder != nil {
		_ = s.recorder.Close()
	}
	if s.nats != nil {
		s.nats.link.Close()
	}
}
