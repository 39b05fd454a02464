package receiver

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
)

// NATSConfig says how to reach NATS: the relay and the dashboards share it.
type NATSConfig struct {
	URL   string // comma-separated seed URLs
	Creds string // a .creds file (JWT + NKey)
	CA    string // CA bundle for the servers' TLS certificates
	Cert  string // client certificate, for servers that require one
	Key   string
	Name  string // connection name, shown by the server's monitoring
}

// NATSLink is a connection that keeps reconnecting on its own, with what the
// status bar and /healthz need to know about it.
type NATSLink struct {
	Conn *nats.Conn

	mu      sync.Mutex
	lastErr string // latest disconnect or async error, "" once reconnected
}

// natsRetryWait is how long the client waits between reconnect attempts.
const natsRetryWait = 500 * time.Millisecond

// DialNATS connects to NATS. Servers that are down are not an error: the
// link keeps trying in the background and says so through Err. A refusal
// that retrying cannot fix (bad credentials, TLS files that do not load) is
// returned as one line naming the server.
func DialNATS(cfg NATSConfig) (*NATSLink, error) {
	if strings.TrimSpace(cfg.URL) == "" {
		return nil, errors.New("--nats needs a server URL, e.g. nats://127.0.0.1:4222")
	}
	if (cfg.Cert == "") != (cfg.Key == "") {
		return nil, errors.New("--nats-cert and --nats-key go together")
	}
	l := &NATSLink{}
	opts := []nats.Option{
		nats.Name(cfg.Name),
		nats.Timeout(2 * time.Second),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(natsRetryWait),
		// A publish while disconnected must fail at once, not sit in a
		// buffer after the sender was told 503.
		nats.ReconnectBufSize(-1),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			l.setErr(disconnectText(err))
		}),
		nats.ReconnectHandler(func(*nats.Conn) { l.setErr("") }),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			l.setErr(err.Error())
		}),
	}
	if cfg.Creds != "" {
		opts = append(opts, nats.UserCredentials(cfg.Creds))
	}
	if cfg.CA != "" {
		opts = append(opts, nats.RootCAs(cfg.CA))
	}
	if cfg.Cert != "" {
		opts = append(opts, nats.ClientCert(cfg.Cert, cfg.Key))
	}
	nc, err := nats.Connect(cfg.URL, opts...)
	if err == nil {
		l.Conn = nc
		return l, nil
	}
	if !retryable(err) {
		return nil, fmt.Errorf("NATS %s: %v", redactURLs(cfg.URL), strings.TrimPrefix(err.Error(), "nats: "))
	}
	// Nobody answered: keep trying in the background, as after a disconnect.
	l.setErr("cannot reach " + redactURLs(cfg.URL) + ": " + strings.TrimPrefix(err.Error(), "nats: "))
	nc, err = nats.Connect(cfg.URL, append(opts, nats.RetryOnFailedConnect(true))...)
	if err != nil {
		return nil, fmt.Errorf("NATS %s: %v", redactURLs(cfg.URL), err)
	}
	l.Conn = nc
	return l, nil
}

// retryable reports whether a failed first connect is worth retrying: the
// servers were unreachable, rather than refusing us.
func retryable(err error) bool {
	if errors.Is(err, nats.ErrAuthorization) || errors.Is(err, nats.ErrAuthExpired) ||
		errors.Is(err, nats.ErrAuthRevoked) || errors.Is(err, nats.ErrAccountAuthExpired) {
		return false
	}
	msg := strings.ToLower(err.Error())
	for _, fatal := range []string{"authorization", "authentication", "certificate", "tls", "x509", "creds", "no such file", "permission denied", "nkey", "jwt"} {
		if strings.Contains(msg, fatal) {
			return false
		}
	}
	return true
}

func disconnectText(err error) string {
	if err == nil {
		return "disconnected"
	}
	return "disconnected: " + strings.TrimPrefix(err.Error(), "nats: ")
}

func (l *NATSLink) setErr(s string) {
	l.mu.Lock()
	l.lastErr = s
	l.mu.Unlock()
}

// Connected reports whether the link is up right now.
func (l *NATSLink) Connected() bool { return l.Conn.IsConnected() }

// Server is the host:port of the server we are connected to, or of the
// first seed while we are not.
func (l *NATSLink) Server() string {
	if u := l.Conn.ConnectedUrlRedacted(); u != "" {
		return hostOf(u)
	}
	if servers := l.Conn.Servers(); len(servers) > 0 {
		return hostOf(servers[0])
	}
	return ""
}

// Err says why the link is down, or "" while it is up.
func (l *NATSLink) Err() string {
	if l.Connected() {
		return ""
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lastErr == "" {
		return "not connected to " + l.Server()
	}
	return l.lastErr
}

// Close closes the connection.
func (l *NATSLink) Close() { l.Conn.Close() }

func hostOf(u string) string {
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		return p.Host
	}
	return u
}

// redactURLs drops any user:password from a seed list before it is shown.
func redactURLs(list string) string {
	parts := strings.Split(list, ",")
	for i, s := range parts {
		s = strings.TrimSpace(s)
		if p, err := url.Parse(s); err == nil && p.User != nil {
			s = p.Redacted()
		}
		parts[i] = s
	}
	return strings.Join(parts, ",")
}
