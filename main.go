// Command mistwatch is a terminal dashboard for Juniper Mist webhooks: it
// listens for what the Mist cloud POSTs, shows it live, records it and
// replays saved payload files.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/model/config"
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
  mistwatch names --org ORG_ID > names.json       fetch site, AP, zone, map and WLAN names from the Mist API
  mistwatch config [flags]                        print the effective configuration (secret masked)
  mistwatch report [flags] FILE... -o survey.html one self-contained HTML survey report (--pdf: and a PDF)
  mistwatch relay --nats URL [flags]              receive webhooks into a NATS JetStream stream (no dashboard)
  mistwatch --nats URL [flags]                    show the dashboard from the stream instead of listening
  mistwatch --version

Run 'mistwatch -h', 'mistwatch replay -h', 'mistwatch send -h', 'mistwatch names -h', 'mistwatch report -h' or 'mistwatch relay -h' for flags.
`

func main() {
	stopProfile := startProfile(os.Stderr)
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	os.Exit(code)
}

// run is main without os.Exit, so tests can call it. Exit codes: 0 ok,
// 1 runtime failure, 2 bad usage.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "replay":
			return runDashboard(args[1:], true, stdout, stderr)
		case "send":
			return runSend(args[1:], stdout, stderr)
		case "names":
			return runNames(args[1:], stdout, stderr)
		case "config":
			return runConfig(args[1:], stdout, stderr)
		case "report":
			return runReport(args[1:], stdout, stderr)
		case "relay":
			return runRelay(args[1:], stderr)
		case "help":
			fmt.Fprint(stdout, usage)
			return 0
		}
	}
	return runDashboard(args, false, stdout, stderr)
}

type dashboardFlags struct {
	config.Settings        // what the config file, MISTWATCH_* and the flags below say
	configPath      string // the config file read, "" when none was

	tlsCert, tlsKey, record                  string
	exportDir                                string
	capacity                                 int
	maxBody, maxInflight, maxStoreBytes      int64
	bodyTimeout                              time.Duration
	healthzDetail                            bool
	secretGrace                              time.Duration
	plain, showVersion, loop, keepDuplicates bool
	noMouse                                  bool // --no-mouse: no wheel or clicks, the terminal selects text
	speed                                    float64

	namesTable *model.NameTable // what the names files hold, loaded once at startup
	fetcher    *namesFetcher    // the dashboard's names fetch from the Mist API; nil without a token

	stream    streamFlags // --nats: read the stream instead of listening
	replaying bool        // mistwatch replay
}

func parseDashboardFlags(args []string, replay bool, stderr io.Writer) (*dashboardFlags, []string, error) {
	name := "mistwatch"
	if replay {
		name = "mistwatch replay"
	}
	f := &dashboardFlags{replaying: replay}
	var err error
	if f.Settings, f.configPath, err = loadSettings(args, replay); err != nil {
		return nil, nil, err
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	registerSettingsFlags(fs, &f.Settings, replay)
	fs.StringVar(&f.tlsCert, "tls-cert", "", "TLS certificate file: serve HTTPS")
	fs.StringVar(&f.tlsKey, "tls-key", "", "TLS key file")
	fs.StringVar(&f.record, "record", "", "append every accepted message to this file (NDJSON record format)")
	fs.StringVar(&f.exportDir, "export-dir", ".", "where ctrl+s writes CSV files")
	fs.IntVar(&f.capacity, "capacity", model.DefaultCapacity, "events kept in memory; the oldest are evicted")
	fs.Int64Var(&f.maxStoreBytes, "max-store-bytes", defaultMaxStoreBytes(), "most bytes the events kept in memory may take (raw JSON, strings, records); past it the oldest are evicted")
	fs.Int64Var(&f.maxBody, "max-body", receiver.DefaultMaxBody, "largest accepted request body in bytes")
	fs.Int64Var(&f.maxInflight, "max-inflight-bytes", receiver.DefaultMaxInflight, "most bytes of request bodies read at once; past it a request waits briefly, then gets 503 with Retry-After")
	fs.DurationVar(&f.bodyTimeout, "body-timeout", receiver.DefaultBodyTimeout, "how long a client may take to send a request body; a stall is answered 408")
	fs.DurationVar(&f.secretGrace, "secret-grace", receiver.DefaultSecretGrace, "after --secret-file changes, how long the previous secret is still accepted")
	fs.BoolVar(&f.healthzDetail, "healthz-detail", false, "show client addresses in /healthz's last_error")
	fs.BoolVar(&f.plain, "plain", false, "no dashboard: one line per event on stdout")
	fs.BoolVar(&f.noMouse, "no-mouse", false, "leave the mouse to the terminal (plain text selection) instead of wheel scrolling and click to select")
	fs.BoolVar(&f.keepDuplicates, "keep-duplicates", false, "show every copy of an event delivered twice (org- and site-level webhooks) instead of counting copies")
	fs.BoolVar(&f.showVersion, "version", false, "print the version and exit")
	f.stream.register(fs, replay)
	if replay {
		fs.Float64Var(&f.speed, "speed", 0, "0 loads at once; 1 = recorded pace; 10 = ten times faster")
		fs.BoolVar(&f.loop, "loop", false, "start again at the end")
	}
	fs.Usage = func() {
		if replay {
			fmt.Fprintf(fs.Output(), "Usage: mistwatch replay [flags] FILE...\n\nFlags:\n")
		} else {
			fmt.Fprintf(fs.Output(), "%s\nFlags:\n", usage)
		}
		fs.PrintDefaults()
	}
	if err := parseQuietly(fs, args, stderr); err != nil {
		return nil, nil, err
	}
	if err := finishSettings(fs, &f.Settings); err != nil {
		return nil, nil, err
	}
	if err := f.stream.check(fs); err != nil {
		return nil, nil, err
	}
	if f.stream.url != "" && f.Sources["listen"] != config.FromFlag {
		f.Listen = "" // the stream replaces the listener unless --listen asks for both
	}
	if f.loop {
		// Every pass repeats the last one byte for byte: without this the
		// second pass would be counted as duplicates and never shown.
		f.keepDuplicates = true
	}
	switch {
	case f.capacity <= 0:
		return nil, nil, errors.New("--capacity must be positive")
	case f.maxStoreBytes <= 0:
		return nil, nil, errors.New("--max-store-bytes must be positive")
	case f.maxInflight <= 0:
		return nil, nil, errors.New("--max-inflight-bytes must be positive")
	case f.secretGrace < 0:
		return nil, nil, errors.New("--secret-grace must not be negative")
	case f.bodyTimeout <= 0:
		return nil, nil, errors.New("--body-timeout must be positive")
	case f.speed < 0:
		return nil, nil, errors.New("--speed must be 0 or more")
	case f.loop && f.speed == 0:
		return nil, nil, errors.New("--loop needs --speed above 0 (at 0 it would replay the file as fast as it can, forever)")
	case f.RSSIPoor > f.RSSIGood:
		return nil, nil, errors.New("--rssi-poor must not be above --rssi-good")
	case (f.tlsCert == "") != (f.tlsKey == ""):
		return nil, nil, errors.New("--tls-cert and --tls-key go together")
	case !f.plain && !isDir(f.exportDir):
		// Said now, not at the first ctrl+s, halfway through a survey.
		return nil, nil, fmt.Errorf("--export-dir %s: not an existing directory", f.exportDir)
	case replay && fs.NArg() == 0 && !f.showVersion && f.stream.url == "":
		return nil, nil, errors.New("replay needs at least one FILE (or --nats URL)")
	case replay && fs.NArg() > 0 && f.stream.url != "":
		return nil, nil, errors.New("replay plays FILEs or a window of --nats, not both")
	case !replay && fs.NArg() > 0:
		return nil, nil, fmt.Errorf("unexpected argument %q (did you mean 'mistwatch replay %s'?)", fs.Arg(0), fs.Arg(0))
	}
	return f, fs.Args(), nil
}

// isDir reports whether dir is an existing directory.
func isDir(dir string) bool {
	st, err := os.Stat(dir)
	return err == nil && st.IsDir()
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
		fmt.Fprintln(stderr, "run 'mistwatch -h' for the flags")
		return 2
	}
	if f.showVersion {
		fmt.Fprintln(stdout, versionString())
		return 0
	}
	setDashboardGC(os.Getenv)
	if f.namesTable, err = loadNames(f.Names); err != nil {
		fmt.Fprintln(stderr, "mistwatch:", err)
		return 1
	}
	f.namesTable = withPinLabels(f.namesTable, f.Pins)
	if f.fetcher, err = newNamesFetcher(f); err != nil {
		fmt.Fprintln(stderr, "mistwatch:", model.Sanitize(err.Error()))
		return 2
	}
	events := make(chan []model.Event, channelDepth)
	src, err := startSources(f, files, events, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "mistwatch:", err)
		return 1
	}
	defer src.close()
	if f.plain {
		return runPlain(f, src, events, stdout, stderr)
	}
	return runTUI(f, src, events, stderr)
}

// runPlain prints events until interrupted, or until the replay ends when
// there is no listener. It stops the intake first and then prints what is
// still queued, so every message answered 200 is printed.
func runPlain(f *dashboardFlags, src *sources, events <-chan []model.Event, stdout, stderr io.Writer) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopped := notifyStop(ctx)
	stop := make(chan struct{})
	code := 0
	if d := src.describe(); d != "" {
		fmt.Fprintln(stderr, "mistwatch:", d) // stdout is for events only
	}
	src.bad.toPlain(stderr)
	go func() {
		refusals := time.NewTicker(time.Second)
		defer refusals.Stop()
		var reported uint64
		for {
			select {
			case <-refusals.C:
				reported = src.reportRefusals(stderr, reported)
				src.reportLoading(stderr)
				continue
			case line := <-src.notices:
				fmt.Fprintln(stderr, "mistwatch:", line)
				continue
			case <-stopped:
			case <-src.finished():
			case err := <-src.serveErr:
				fmt.Fprintln(stderr, "mistwatch:", err)
				code = 1
			}
			break
		}
		src.stopIntake()
		src.reportRefusals(stderr, reported)
		close(stop)
	}()
	opts := ui.PlainOptions{Counters: src.counters, KeepDuplicates: f.keepDuplicates, Names: f.namesTable,
		Pins: pinMACs(f.Pins), Poor: f.RSSIPoor, QuietAfter: f.QuietAfter}
	if src.listener != nil {
		opts.Now = time.Now // live: silence is wall-clock time; a replay's clock is its events'
	}
	printed := make(chan error, 1)
	go func() { printed <- ui.Plain(events, stop, stdout, opts) }()
	err, blocked := waitPrinted(printed, stopped, events, src.counters, f.record, stderr)
	switch {
	case blocked:
		return 1
	case err != nil:
		fmt.Fprintln(stderr, "mistwatch:", err)
		return 1
	}
	return code
}

// runTUI runs the dashboard. Every stop signal quits it as q does (see
// stopSignals); the intake stops when it returns.
func runTUI(f *dashboardFlags, src *sources, events <-chan []model.Event, stderr io.Writer) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithoutSignalHandler()}
	if !f.noMouse {
		opts = append(opts, tea.WithMouseCellMotion())
	}
	p := tea.NewProgram(newDashboard(ctx, f, src), opts...)
	signalled := quitOnSignal(ctx, p)
	intake(ctx, src, events, p.Send)
	_, err := p.Run()
	src.stopIntake()
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		fmt.Fprintln(stderr, "mistwatch: the dashboard crashed:", err)
		return 1
	case signalled.Load():
		// A hung-up terminal fails bubbletea's input reader as it quits
		// (or made us kill it): the stop was still the one asked for.
	case err != nil && !errors.Is(err, tea.ErrInterrupted):
		fmt.Fprintln(stderr, "mistwatch:", err)
		return 1
	}
	return 0
}

// newDashboard is the dashboard's model for the flags and the started
// sources; ctx bounds its background names fetches.
func newDashboard(ctx context.Context, f *dashboardFlags, src *sources) *ui.Model {
	th := theme.New(f.Theme == "no-color" || theme.NoColorRequested(), f.RSSIGood, f.RSSIPoor)
	opts := ui.Options{
		Capacity:  f.capacity,
		MaxBytes:  f.maxStoreBytes,
		Theme:     th,
		Source:    src.describe(),
		Signed:    f.Secret != "",
		Recording: f.record,
		Stats:     src.stats,
		Replay:    src.replayControl(),
		ExportDir: f.exportDir,
		Pins:      pinMACs(f.Pins),
		Names:     f.namesTable,
		Counters:  src.counters,
		Now:       time.Now,
		Mouse:     !f.noMouse,
		Clipboard: func(text string) error { _, err := os.Stdout.WriteString(ui.OSC52(text)); return err },

		KeepDuplicates: f.keepDuplicates,
		QuietAfter:     f.QuietAfter,
		Bell:           f.Bell,
		Ring:           func() { _, _ = os.Stdout.WriteString("\a") }, // BEL moves no cursor: safe between frames
		RecordMarker:   src.recordMarker(),
		RememberPins:   rememberPins(),
		MistOrg:        f.MistOrg,
	}
	if f.fetcher != nil {
		opts.FetchNames = func(org string) tea.Cmd {
			return f.fetcher.Cmd(ctx, org, func(t *model.NameTable, status string, err error) tea.Msg {
				return ui.NamesMsg{Table: t, Status: status, Err: err}
			})
		}
	}
	return ui.New(opts)
}

// intake is the one wiring from the started sources to a running program:
// the events channel through the pump into send, and the sources' notices
// (a rotated secret, a dying listener, a replay's bad entries) as status
// lines, until ctx ends. main and the program tests share it.
func intake(ctx context.Context, src *sources, events <-chan []model.Event, send func(tea.Msg)) {
	src.bad.toDashboard(func(notice string) { go send(ui.NoticeMsg(notice)) })
	if src.replay != nil {
		go func() {
			select {
			case <-src.replay.done:
				src.bad.flush()
			case <-ctx.Done():
			}
		}()
	}
	go ui.Pump(ctx, events, send, ui.FlushInterval)
	go func() {
		for {
			select {
			case err := <-src.serveErr: // the listener died under the dashboard
				send(ui.NoticeMsg("listener stopped: " + model.Sanitize(err.Error())))
			case line := <-src.notices:
				send(ui.NoticeMsg(line))
			case <-ctx.Done():
				return
			}
		}
	}()
}

// parseQuietly parses flags without the flag package's habit of printing
// the whole usage after every mistake: an error is returned for the caller
// to print once; -h prints the usage.
//
// Flags may also follow the files (`replay survey.ndjson --speed 10`): the
// flag package stops at the first file, so parsing resumes after each one.
func parseQuietly(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(io.Discard)
	defer fs.SetOutput(stderr)
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			fs.SetOutput(stderr)
			if errors.Is(err, flag.ErrHelp) {
				fs.Usage()
			}
			return err
		}
		args = fs.Args()
		if len(args) == 0 || args[0] == "--" && len(files) == 0 {
			break
		}
		files, args = append(files, args[0]), args[1:]
	}
	// Leave the files as the flag set's arguments.
	return fs.Parse(append([]string{"--"}, files...))
}
