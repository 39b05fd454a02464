package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/mistwatch/mistwatch/model/config"
	"github.com/mistwatch/mistwatch/receiver"
	"github.com/mistwatch/mistwatch/theme"
)

const relayUsage = `Usage: mistwatch relay --nats URL [flags]

A headless receiver: every webhook that passes the path, signature, size and
decode checks is published, byte for byte, to the JetStream stream (subject
mist.<topic>), and Mist gets 200 only once JetStream has acknowledged it.
While NATS is unreachable it answers 503, and /healthz says why.

Flags:
`

type relayFlags struct {
	settings        config.Settings // listen, path, secret as the dashboard takes them
	nats            natsFlags
	tlsCert, tlsKey string
	maxBody         int64
	retention       time.Duration
	maxBytes        int64
	replicas        int
	healthzDetail   bool
	maxInflight     int64
	bodyTimeout     time.Duration
	statusEvery     time.Duration
}

func parseRelayFlags(args []string, stderr io.Writer) (*relayFlags, error) {
	f := &relayFlags{settings: config.Defaults(":8080", theme.DefaultGood, theme.DefaultPoor, receiver.DefaultMistHost)}
	if err := f.settings.ApplyEnv(os.Getenv); err != nil {
		return nil, err
	}
	s := &f.settings
	fs := flag.NewFlagSet("mistwatch relay", flag.ContinueOnError)
	fs.StringVar(&s.Listen, "listen", s.Listen, "address to listen on (env MISTWATCH_LISTEN)")
	fs.StringVar(&s.Path, "path", s.Path, "webhook path prefix")
	fs.Func("secret", "webhook secret; when set, X-Mist-Signature-v2 must match (env MISTWATCH_SECRET)", func(v string) error { return s.Set("secret", v, config.FromFlag) })
	fs.Func("secret-file", "file holding the webhook secret (env MISTWATCH_SECRET_FILE)", func(v string) error { return s.Set("secret_file", v, config.FromFlag) })
	fs.StringVar(&f.tlsCert, "tls-cert", "", "TLS certificate file: serve HTTPS")
	fs.StringVar(&f.tlsKey, "tls-key", "", "TLS key file")
	fs.Int64Var(&f.maxBody, "max-body", receiver.DefaultMaxBody, "largest accepted request body in bytes (NATS max_payload also applies)")
	fs.Int64Var(&f.maxInflight, "max-inflight-bytes", receiver.DefaultMaxInflight, "most bytes of request bodies read at once")
	fs.DurationVar(&f.bodyTimeout, "body-timeout", receiver.DefaultBodyTimeout, "how long a client may take to send a request body")
	fs.BoolVar(&f.healthzDetail, "healthz-detail", false, "show client addresses in /healthz's last_error")
	f.nats.register(fs, "NATS server URLs, comma-separated (required)")
	fs.DurationVar(&f.retention, "retention", 24*time.Hour, "when the stream is created: how long it keeps messages")
	fs.Int64Var(&f.maxBytes, "max-bytes", 0, "when the stream is created: most bytes it keeps (0 = no limit)")
	fs.IntVar(&f.replicas, "replicas", 1, "when the stream is created: copies across a NATS cluster (1, 3 or 5)")
	fs.DurationVar(&f.statusEvery, "log-every", 10*time.Second, "how often to log counters to stderr (0: never)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), relayUsage)
		fs.PrintDefaults()
	}
	if err := parseQuietly(fs, args, stderr); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case f.nats.url == "":
		return nil, errors.New("relay needs --nats URL (e.g. nats://127.0.0.1:4222)")
	case (f.tlsCert == "") != (f.tlsKey == ""):
		return nil, errors.New("--tls-cert and --tls-key go together")
	case f.replicas < 1 || f.replicas > 5:
		return nil, errors.New("--replicas must be 1 to 5")
	case f.retention < 0 || f.maxBytes < 0:
		return nil, errors.New("--retention and --max-bytes must not be negative")
	case f.maxInflight <= 0 || f.bodyTimeout <= 0:
		return nil, errors.New("--max-inflight-bytes and --body-timeout must be positive")
	}
	return f, f.nats.check(fs)
}

// runRelay is `mistwatch relay`. It logs to stderr and stops at any stop
// signal, finishing the requests in flight.
func runRelay(args []string, stderr io.Writer) int {
	f, err := parseRelayFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "mistwatch relay:", err)
		fmt.Fprintln(stderr, "run 'mistwatch relay -h' for the flags")
		return 2
	}
	link, err := receiver.DialNATS(f.nats.config("mistwatch relay"))
	if err != nil {
		fmt.Fprintln(stderr, "mistwatch relay:", err)
		return 1
	}
	defer link.Close()
	pub, err := receiver.NewPublisher(link, receiver.StreamConfig{
		Name: f.nats.stream, MaxAge: f.retention, MaxBytes: f.maxBytes, Replicas: f.replicas,
	})
	if err != nil {
		fmt.Fprintln(stderr, "mistwatch relay:", err)
		return 1
	}
	h := receiver.NewHandler(receiver.Config{
		Path: f.settings.Path, Secret: f.settings.Secret, MaxBody: f.maxBody,
		MaxInflight: f.maxInflight, BodyTimeout: f.bodyTimeout, HealthzDetail: f.healthzDetail,
		Publish: pub.Publish, Ready: pub.Check, Health: pub.Health,
	}, nil)
	ln, scheme, err := relayListener(f)
	if err != nil {
		fmt.Fprintln(stderr, "mistwatch relay:", err)
		return 1
	}
	srv := receiver.NewServer(f.settings.Listen, h)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	fmt.Fprintf(stderr, "mistwatch relay: listening %s://%s/%s → NATS %s stream %s\n",
		scheme, ln.Addr(), strings.Trim(f.settings.Path, "/"), link.Server(), pub.Stream())

	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	code := logRelay(ctx, f.statusEvery, pub, h, serveErr, stderr)
	h.Close()
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_ = srv.Shutdown(shut)
	cancel()
	st := h.Stats()
	fmt.Fprintf(stderr, "mistwatch relay: stopped; %d message(s) stored, %d refused\n", st.Messages, st.RejectedTotal)
	return code
}

// relayListener binds the address first, so a taken port fails at once.
func relayListener(f *relayFlags) (net.Listener, string, error) {
	ln, err := net.Listen("tcp", f.settings.Listen)
	if err != nil {
		return nil, "", fmt.Errorf("cannot listen on %s: %v", f.settings.Listen, errors.Unwrap(err))
	}
	if f.tlsCert == "" {
		return ln, "http", nil
	}
	cert, err := tls.LoadX509KeyPair(f.tlsCert, f.tlsKey)
	if err != nil {
		ln.Close()
		return nil, "", fmt.Errorf("TLS: %v", err)
	}
	return tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}), "https", nil
}

// logRelay logs when storing stops and starts working again, and the
// counters now and then, until ctx ends or the server fails.
func logRelay(ctx context.Context, every time.Duration, pub *receiver.Publisher, h *receiver.Handler, serveErr <-chan error, w io.Writer) int {
	check := time.NewTicker(time.Second)
	defer check.Stop()
	var lastLog time.Time
	var reported uint64
	wasDown := ""
	for {
		select {
		case <-ctx.Done():
			return 0
		case err := <-serveErr:
			if !errors.Is(err, http.ErrServerClosed) {
				fmt.Fprintln(w, "mistwatch relay:", err)
				return 1
			}
			return 0
		case now := <-check.C:
			down := ""
			if err := pub.Check(ctx); err != nil {
				down = err.Error()
			}
			switch {
			case down != "" && down != wasDown:
				fmt.Fprintln(w, "mistwatch relay: NOT STORING, answering 503:", down)
			case down == "" && wasDown != "":
				fmt.Fprintln(w, "mistwatch relay: storing again")
			}
			wasDown = down
			st := h.Stats()
			if every > 0 && now.Sub(lastLog) >= every {
				lastLog = now
				fmt.Fprintf(w, "mistwatch relay: %d message(s) stored, %d refused\n", st.Messages, st.RejectedTotal)
			}
			if st.RejectedTotal > reported {
				fmt.Fprintf(w, "mistwatch relay: refused %d message(s); latest: %s\n", st.RejectedTotal-reported, st.LastError)
				reported = st.RejectedTotal
			}
		}
	}
}
