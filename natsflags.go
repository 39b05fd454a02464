package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/mistwatch/mistwatch/receiver"
)

// natsFlags are the flags that reach NATS, shared by the relay and the
// dashboards that read the stream.
type natsFlags struct {
	url, creds, ca, cert, key string
	stream                    string
}

func (n *natsFlags) register(fs *flag.FlagSet, urlHelp string) {
	fs.StringVar(&n.url, "nats", "", urlHelp)
	fs.StringVar(&n.creds, "nats-creds", "", "NATS credentials file (.creds)")
	fs.StringVar(&n.ca, "nats-ca", "", "CA file for the NATS servers' TLS certificates")
	fs.StringVar(&n.cert, "nats-cert", "", "client certificate for NATS TLS")
	fs.StringVar(&n.key, "nats-key", "", "client key for NATS TLS")
	fs.StringVar(&n.stream, "stream", receiver.DefaultStream, "JetStream stream name")
}

func (n *natsFlags) config(name string) receiver.NATSConfig {
	return receiver.NATSConfig{URL: n.url, Creds: n.creds, CA: n.ca, Cert: n.cert, Key: n.key, Name: name}
}

// check refuses NATS flags without --nats, which would silently do nothing.
func (n *natsFlags) check(fs *flag.FlagSet) error {
	if n.url != "" {
		if (n.cert == "") != (n.key == "") {
			return errors.New("--nats-cert and --nats-key go together")
		}
		return nil
	}
	var given []string
	fs.Visit(func(fl *flag.Flag) {
		if strings.HasPrefix(fl.Name, "nats-") || fl.Name == "stream" || fl.Name == "topics" || fl.Name == "since" || fl.Name == "until" {
			given = append(given, "--"+fl.Name)
		}
	})
	if len(given) > 0 {
		return fmt.Errorf("%s only apply with --nats URL", strings.Join(given, ", "))
	}
	return nil
}

// streamFlags choose what a dashboard reads from the stream.
type streamFlags struct {
	natsFlags
	since, until timeFlag
	topics       string
}

func (s *streamFlags) register(fs *flag.FlagSet, replay bool) {
	s.natsFlags.register(fs, "read webhooks from this NATS JetStream (comma-separated seed URLs) instead of listening")
	fs.Var(&s.since, "since", "with --nats: start this far back (2h) or at this time (RFC 3339); default: new messages only")
	if replay {
		fs.Var(&s.until, "until", "with --nats: stop at this time (RFC 3339) or this long ago (30m)")
	}
	fs.StringVar(&s.topics, "topics", "", "with --nats: only these topics, comma-separated (client-join,client-sessions)")
}

func (s *streamFlags) topicList() []string {
	var out []string
	for _, t := range strings.Split(s.topics, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// timeFlag takes a duration back from now ("2h") or an RFC 3339 time.
type timeFlag struct{ t time.Time }

func (f *timeFlag) String() string {
	if f.t.IsZero() {
		return ""
	}
	return f.t.Format(time.RFC3339)
}

func (f *timeFlag) Set(v string) error {
	if d, err := time.ParseDuration(v); err == nil {
		if d < 0 {
			return errors.New("a duration back from now must not be negative")
		}
		f.t = time.Now().Add(-d)
		return nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return fmt.Errorf("%q is neither a duration (2h, 30m) nor an RFC 3339 time (2026-12-01T08:00:00Z)", v)
	}
	f.t = t
	return nil
}
