// Package natstest starts real NATS servers with JetStream inside a test
// process: one server, or a cluster routed on loopback. A server's client port
// is the one the kernel gives it at its first start, so no other process can
// take it first; Restart keeps its ports and store directory, as a restarted
// machine would.
package natstest

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server is one in-process nats-server.
type Server struct {
	t    testing.TB
	opts server.Options // copied for every start
	srv  *server.Server
}

// Option adjusts a server's options before it starts (auth, max_payload…).
type Option func(*server.Options)

// Run starts a single JetStream server on a loopback port and shuts it down
// when the test ends.
func Run(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := newServer(t, "solo", opts)
	s.Start()
	return s
}

func newServer(t testing.TB, name string, opts []Option) *Server {
	o := server.Options{
		ServerName: name,
		Host:       "127.0.0.1",
		Port:       server.RANDOM_PORT,
		JetStream:  true,
		StoreDir:   t.TempDir(),
		NoSigs:     true,
		NoLog:      true,
	}
	for _, opt := range opts {
		opt(&o)
	}
	s := &Server{t: t, opts: o}
	t.Cleanup(s.Shutdown)
	return s
}

// Start starts the server (again, after Shutdown) and waits until it takes
// connections. The first start records the client port it bound, so later
// starts and URL use it.
func (s *Server) Start() {
	s.t.Helper()
	if err := s.start(); err != nil {
		s.t.Fatal(err)
	}
}

func (s *Server) start() error {
	if s.srv != nil && s.srv.Running() {
		return nil
	}
	o := s.opts // the server keeps and changes the options it is given
	srv, err := server.NewServer(&o)
	if err != nil {
		return fmt.Errorf("nats-server %s: %v", s.opts.ServerName, err)
	}
	srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		// With NoLog the server says nothing about a port it could not bind.
		return fmt.Errorf("nats-server %s did not start (client port %d, route port %d)",
			s.opts.ServerName, s.opts.Port, s.opts.Cluster.Port)
	}
	s.srv = srv
	s.opts.Port = srv.Addr().(*net.TCPAddr).Port
	return nil
}

// Shutdown stops the server; Start brings it back with the same store.
func (s *Server) Shutdown() {
	if s.srv != nil {
		s.srv.Shutdown()
		s.srv.WaitForShutdown()
	}
}

// Restart is Shutdown then Start.
func (s *Server) Restart() {
	s.t.Helper()
	s.Shutdown()
	s.Start()
}

// Running reports whether the server is up.
func (s *Server) Running() bool { return s.srv != nil && s.srv.Running() }

// Name is the server's name.
func (s *Server) Name() string { return s.opts.ServerName }

// URL is the server's client URL, valid whether or not it runs.
func (s *Server) URL() string { return fmt.Sprintf("nats://127.0.0.1:%d", s.opts.Port) }

// IsStreamLeader reports whether this server leads the stream's replicas.
func (s *Server) IsStreamLeader(stream string) bool {
	return s.Running() && s.srv.JetStreamIsStreamLeader(server.DEFAULT_GLOBAL_ACCOUNT, stream)
}

// Cluster is n JetStream servers routed to each other on loopback.
type Cluster struct {
	Servers []*Server
}

// RunCluster starts an n-server JetStream cluster and waits until it has
// elected its meta leader, so streams can be created at once. Every server
// routes to all the others, so their route ports are chosen before any starts;
// if another process takes one of them first, the cluster starts again on
// fresh ports.
func RunCluster(t testing.TB, n int, opts ...Option) *Cluster {
	t.Helper()
	const attempts = 3
	var err error
	for range attempts {
		var c *Cluster
		if c, err = startCluster(t, n, opts); err == nil {
			c.waitMetaLeader(t)
			return c
		}
	}
	t.Fatalf("cluster of %d: %v (after %d attempts)", n, err, attempts)
	return nil
}

func startCluster(t testing.TB, n int, opts []Option) (*Cluster, error) {
	routePorts := pickRoutePorts(t, n)
	var routes []*url.URL
	for _, p := range routePorts {
		routes = append(routes, &url.URL{Scheme: "nats", Host: fmt.Sprintf("127.0.0.1:%d", p)})
	}
	c := &Cluster{}
	for i, port := range routePorts {
		clusterOpts := append([]Option{func(o *server.Options) {
			o.Cluster = server.ClusterOpts{Name: "mistwatch-test", Host: "127.0.0.1", Port: port}
			o.Routes = routes
		}}, opts...)
		s := newServer(t, fmt.Sprintf("n%d", i+1), clusterOpts)
		if err := s.start(); err != nil {
			for _, started := range c.Servers {
				started.Shutdown()
			}
			return nil, err
		}
		c.Servers = append(c.Servers, s)
	}
	return c, nil
}

func (c *Cluster) waitMetaLeader(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, s := range c.Servers {
			if s.Running() && s.srv.JetStreamIsLeader() {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("JetStream cluster elected no meta leader in 30s")
}

// URLs is every server's URL, comma-separated, as --nats takes them.
func (c *Cluster) URLs() string {
	var urls []string
	for _, s := range c.Servers {
		urls = append(urls, s.URL())
	}
	return strings.Join(urls, ",")
}

// StreamLeader is the server leading the stream, or nil while none does.
func (c *Cluster) StreamLeader(stream string) *Server {
	for _, s := range c.Servers {
		if s.IsStreamLeader(stream) {
			return s
		}
	}
	return nil
}

// pickRoutePorts is freePorts; a test swaps it to hand out a taken port.
var pickRoutePorts = freePorts

// freePorts asks the kernel for n distinct free loopback ports, holding each
// until all are found so none is handed out twice. Another process can still
// take one before the server binds it; RunCluster retries when that happens.
func freePorts(t testing.TB, n int) []int {
	t.Helper()
	var ports []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("free port: %v", err)
		}
		defer ln.Close()
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports
}
