// Command mistwatch is a terminal dashboard for Juniper Mist webhooks: it
// listens for what the Mist cloud POSTs, shows it live, records it and
// replays saved payload files.
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/receiver"
	"github.com/mistwatch/mistwatch/theme"
	"github.com/mistwatch/mistwatch/ui"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

// channelDepth bounds the batches waiting between the HTTP side and the UI.
const channelDepth = 256

const usage = `mistwatch — a terminal dashboard for Juniper Mist webhooks

Usage:
  mistwatch [flags]                               listen for webhooks and show the dashboard
  mistwatch replay [flags] FILE...                show saved payloads (no listener unless --listen)
  mistwatch send --url URL [--secret S] FILE...   POST saved payloads to a receiver, signed
  mistwatch --version

Run 'mistwatch -h', 'mistwatch replay -h' or 'mistwatch send -h' for flags.
`

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is main without os.Exit, so tests can call it. Exit codes: 0 ok,
// 1 runtime failure, 2 bad usage.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "replay":
			return runDashboard(args[1:], true, stdout, stderr)
		case "send":
			return runSend(args[1:], stdout, stderr)
		case "help":
			fmt.Fprint(stdout, usage)
			return 0
		}
	}
	return runDashboard(args, false, stdout, stderr)
}

// pinFlag collects repeated --pin MAC values.
type pinFlag []string

func (p *pinFlag) String() string     { return strings.Join(*p, ",") }
func (p *pinFlag) Set(v string) error { *p = append(*p, model.NormalizeMAC(v)); return nil }

type dashboardFlags struct {
	listen, path, secret, tlsCert, tlsKey, record string
	exportDir                                     string
	capacity                                      int
	maxBody                                       int64
	plain, showVersion, loop                      bool
	speed, rssiGood, rssiPoor                     float64
	pins                                          pinFlag
}

func parseDashboardFlags(args []string, replay bool, stderr io.Writer) (*dashboardFlags, []string, error) {
	name := "mistwatch"
	if replay {
		name = "mistwatch replay"
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := &dashboardFlags{}
	defListen := ":8080"
	if replay {
		defListen = ""
	}
	fs.StringVar(&f.listen, "listen", envOr("MISTWATCH_LISTEN", defListen), "address to listen on (env MISTWATCH_LISTEN)")
	fs.StringVar(&f.path, "path", "/", "webhook path prefix")
	fs.StringVar(&f.secret, "secret", os.Getenv("MISTWATCH_SECRET"), "webhook secret; when set, X-Mist-Signature-v2 must match (env MISTWATCH_SECRET)")
	fs.StringVar(&f.tlsCert, "tls-cert", "", "TLS certificate file: serve HTTPS")
	fs.StringVar(&f.tlsKey, "tls-key", "", "TLS key file")
	fs.StringVar(&f.record, "record", "", "append every accepted message to this file (NDJSON record format)")
	fs.StringVar(&f.exportDir, "export-dir", ".", "where ctrl+s writes CSV files")
	fs.IntVar(&f.capacity, "capacity", model.DefaultCapacity, "events kept in memory; the oldest are evicted")
	fs.Int64Var(&f.maxBody, "max-body", receiver.DefaultMaxBody, "largest accepted request body in bytes")
	fs.BoolVar(&f.plain, "plain", false, "no dashboard: one line per event on stdout")
	fs.BoolVar(&f.showVersion, "version", false, "print the version and exit")
	fs.Float64Var(&f.rssiGood, "rssi-good", theme.DefaultGood, "RSSI at or above this (dBm) is good")
	fs.Float64Var(&f.rssiPoor, "rssi-poor", theme.DefaultPoor, "RSSI below this (dBm) is poor")
	fs.Var(&f.pins, "pin", "pin a client MAC to the top of Joins, Roams and RSSI (repeatable)")
	if replay {
		fs.Float64Var(&f.speed, "speed", 0, "0 loads at once; 1 = recorded pace; 10 = ten times faster")
		fs.BoolVar(&f.loop, "loop", false, "start again at the end")
	}
	fs.Usage = func() {
		if replay {
			fmt.Fprintf(stderr, "Usage: mistwatch replay [flags] FILE...\n\nFlags:\n")
		} else {
			fmt.Fprintf(stderr, "%s\nFlags:\n", usage)
		}
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	switch {
	case f.capacity <= 0:
		return nil, nil, errors.New("--capacity must be positive")
	case f.speed < 0:
		return nil, nil, errors.New("--speed must be 0 or more")
	case f.rssiPoor > f.rssiGood:
		return nil, nil, errors.New("--rssi-poor must not be above --rssi-good")
	case (f.tlsCert == "") != (f.tlsKey == ""):
		return nil, nil, errors.New("--tls-cert and --tls-key go together")
	case replay && fs.NArg() == 0 && !f.showVersion:
		return nil, nil, errors.New("replay needs at least one FILE")
	case !replay && fs.NArg() > 0:
		return nil, nil, fmt.Errorf("unexpected argument %q (did you mean 'mistwatch replay %s'?)", fs.Arg(0), fs.Arg(0))
	}
	return f, fs.Args(), nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func versionString() string {
	v := version
	if v == "" {
		v = "dev"
		if bi, ok := debug.ReadBuildInfo(); ok {
			if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
				v = bi.Main.Version
			}
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 12 {
					v += " " + s.Value[:12]
				}
			}
		}
	}
	return "mistwatch " + v
}

// runDashboard is `mistwatch` and `mistwatch replay`.
func runDashboard(args []string, replay bool, stdout, stderr io.Writer) int {
	f, files, err := parseDashboardFlags(args, replay, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "mistwatch:", err)
		return 2
	}
	if f.showVersion {
		fmt.Fprintln(stdout, versionString())
		return 0
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()

	events := make(chan []model.Event, channelDepth)
	src, err := startSources(ctx, f, files, events, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "mistwatch:", err)
		return 1
	}
	defer src.close()

	if f.plain {
		if err := ui.Plain(ctx, events, stdout, src.counters); err != nil && !errors.Is(err, context.Canceled) {
			fmt.Fprintln(stderr, "mistwatch:", err)
			return 1
		}
		return src.exitCode()
	}

	th := theme.New(theme.NoColorRequested(), f.rssiGood, f.rssiPoor)
	m := ui.New(ui.Options{
		Capacity:  f.capacity,
		Theme:     th,
		Source:    src.describe(),
		Signed:    f.secret != "",
		Recording: f.record,
		Stats:     src.stats,
		Replay:    src.replayControl(),
		ExportDir: f.exportDir,
		Pins:      f.pins,
		Notice:    src.notice,
		Counters:  src.counters,
	})
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithContext(ctx))
	go ui.Pump(ctx, events, p.Send, ui.FlushInterval)
	_, err = p.Run()
	cancel()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrInterrupted) {
		fmt.Fprintln(stderr, "mistwatch:", err)
		return 1
	}
	return 0
}

// sources is what feeds the channel: a listener, a replay, or both.
type sources struct {
	listenAddr string
	tls        bool
	server     *http.Server
	handler    *receiver.Handler
	recorder   *receiver.Recorder
	player     *receiver.Player
	files      []string
	notice     string
	counters   *ui.Counters
	serveErr   chan error
	plainDone  chan struct{}
}

func startSources(ctx context.Context, f *dashboardFlags, files []string, events chan []model.Event, stderr io.Writer) (*sources, error) {
	s := &sources{files: files, counters: &ui.Counters{}, serveErr: make(chan error, 1)}
	var msgs []receiver.Message
	for _, file := range files {
		got, bad, err := receiver.ReadFile(file)
		if err != nil {
			return nil, err
		}
		for _, le := range bad {
			fmt.Fprintln(stderr, "mistwatch: skipped", le.Error())
		}
		if len(bad) > 0 {
			s.notice = fmt.Sprintf("%d bad line(s) skipped — first: %s", len(bad), bad[0].Error())
		}
		if len(got) == 0 {
			return nil, fmt.Errorf("%s: no webhook messages in the file", file)
		}
		msgs = append(msgs, got...)
	}
	if f.record != "" {
		rec, err := receiver.NewRecorder(f.record)
		if err != nil {
			return nil, err
		}
		s.recorder = rec
	}
	if f.listen != "" {
		if err := s.listen(f, events); err != nil {
			s.close()
			return nil, err
		}
	}
	if len(files) > 0 {
		s.player = receiver.NewPlayer(msgs, f.speed, events)
		s.player.SetLoop(f.loop)
		go func() {
			_ = s.player.Run(ctx)
			if f.plain && f.listen == "" {
				close(events) // the plain printer ends when the replay does
			}
		}()
	}
	return s, nil
}

// listen binds the address first, so a taken port or bad TLS files fail
// before the terminal is taken over.
func (s *sources) listen(f *dashboardFlags, events chan []model.Event) error {
	var tlsConf *tls.Config
	if f.tlsCert != "" {
		cert, err := tls.LoadX509KeyPair(f.tlsCert, f.tlsKey)
		if err != nil {
			return fmt.Errorf("TLS: %v", err)
		}
		tlsConf = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v", f.listen, errors.Unwrap(err))
	}
	s.handler = receiver.NewHandler(receiver.Config{
		Path:     f.path,
		Secret:   f.secret,
		MaxBody:  f.maxBody,
		Recorder: s.recorder,
		Health:   s.counters.Health,
	}, events)
	s.server = receiver.NewServer(f.listen, s.handler)
	if !f.plain {
		// net/http logs TLS handshake failures and the like to stderr, which
		// would scribble over the dashboard; the handler's own errors reach
		// the status line instead.
		s.server.ErrorLog = log.New(io.Discard, "", 0)
	}
	s.listenAddr = ln.Addr().String()
	if tlsConf != nil {
		s.server.TLSConfig = tlsConf
		s.tls = true
		ln = tls.NewListener(ln, tlsConf)
	}
	go func() {
		if err := s.server.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.serveErr <- err
		}
	}()
	return nil
}

func (s *sources) describe() string {
	var parts []string
	if s.listenAddr != "" {
		scheme := "http"
		if s.tls {
			scheme = "https"
		}
		parts = append(parts, "listening "+scheme+"://"+s.listenAddr)
	}
	if len(s.files) > 0 {
		parts = append(parts, "replay "+strings.Join(s.files, ","))
	}
	return strings.Join(parts, " + ")
}

func (s *sources) stats() ui.Stats {
	if s.handler == nil {
		return ui.Stats{}
	}
	st := s.handler.Stats()
	return ui.Stats{Rejected: st.RejectedTotal, LastError: st.LastError, LastErrorAt: st.LastErrorAt}
}

func (s *sources) replayControl() ui.ReplayControl {
	if s.player == nil {
		return nil
	}
	return s.player
}

func (s *sources) exitCode() int {
	select {
	case err := <-s.serveErr:
		fmt.Fprintln(os.Stderr, "mistwatch:", err)
		return 1
	default:
		return 0
	}
}

// close stops the listener (letting in-flight requests finish briefly) and
// closes the recorder.
func (s *sources) close() {
	if s.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_ = s.server.Shutdown(ctx)
		cancel()
	}
	if s.recorder != nil {
		_ = s.recorder.Close()
	}
}
