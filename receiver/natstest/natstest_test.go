package natstest

import (
	"net"
	"testing"

	"github.com/nats-io/nats.go"
)

func TestRestartKeepsTheClientPort(t *testing.T) {
	s := Run(t)
	before := s.URL()
	s.Restart()
	if s.URL() != before {
		t.Fatalf("URL after restart = %s, want %s", s.URL(), before)
	}
	nc, err := nats.Connect(s.URL())
	if err != nil {
		t.Fatalf("connect after restart: %v", err)
	}
	nc.Close()
}

// A route port taken by another process between being found and being bound
// must cost a retry, not the test.
func TestClusterStartsAgainWhenARoutePortIsTaken(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	calls := 0
	pickRoutePorts = func(t testing.TB, n int) []int {
		calls++
		ports := freePorts(t, n)
		if calls == 1 {
			ports[n-1] = taken.Addr().(*net.TCPAddr).Port
		}
		return ports
	}
	defer func() { pickRoutePorts = freePorts }()

	c := RunCluster(t, 3)
	if calls != 2 {
		t.Fatalf("route ports picked %d times, want 2 (one retry)", calls)
	}
	for _, s := range c.Servers {
		if !s.Running() {
			t.Fatalf("%s is not running", s.Name())
		}
	}
}
