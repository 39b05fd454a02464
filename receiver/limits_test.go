package receiver

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// countingReader counts what the handler read of a body.
type countingReader struct {
	r    io.Reader
	read int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += n
	return n, err
}

// An unsigned post is refused before a byte of its body is read.
func TestMissingSignatureRefusedUnread(t *testing.T) {
	h := NewHandler(Config{Secret: "k"}, nil)
	body := &countingReader{r: strings.NewReader(strings.Repeat("x", 1<<20))}
	req := httptest.NewRequest(http.MethodPost, "/", body)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusUnauthorized || h.Stats().Rejected[ReasonMissingSignature] != 1 {
		t.Fatalf("status %d, stats %v; want 401 missing-signature", w.Code, h.Stats().Rejected)
	}
	if body.read != 0 {
		t.Errorf("%d bytes of an unsigned body were read before refusing it", body.read)
	}
}

// blockingBody delivers some bytes, then blocks until released.
type blockingBody struct {
	first   []byte
	started chan struct{}
	release chan struct{}
}

func (b *blockingBody) Read(p []byte) (int, error) {
	if len(b.first) > 0 {
		n := copy(p, b.first)
		b.first = b.first[n:]
		close(b.started)
		return n, nil
	}
	<-b.release
	return 0, io.EOF
}

// While one body holds the in-flight budget, another that does not fit
// waits InflightWait and gets 503 with Retry-After; once the first is done
// the budget is whole again.
func TestInflightBudget(t *testing.T) {
	out := make(chan []model.Event, 4)
	h := NewHandler(Config{MaxInflight: 1000, InflightWait: 50 * time.Millisecond}, out)
	slow := &blockingBody{first: []byte(`{"topic":"ping",`), started: make(chan struct{}), release: make(chan struct{})}
	req := httptest.NewRequest(http.MethodPost, "/", slow)
	req.ContentLength = 800
	done := make(chan int)
	go func() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		done <- w.Code
	}()
	select {
	case <-slow.started:
	case <-time.After(guard):
		t.Fatal("the first body was never read")
	}
	if got := h.inflight.inUse(); got != 800 {
		t.Fatalf("in flight %d bytes, want the first body's 800", got)
	}
	big := `{"topic":"ping","events":[` + strings.Repeat(" ", 300) + `]}`
	w := post(h, "POST", "/", []byte(big), nil)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), "in flight") {
		t.Fatalf("over the budget: %d %q Retry-After %q; want 503 with Retry-After", w.Code, w.Body, w.Header().Get("Retry-After"))
	}
	if h.Stats().Rejected[ReasonBusy] != 1 {
		t.Errorf("busy not counted: %v", h.Stats().Rejected)
	}
	// A small one still fits beside the first.
	if w := post(h, "POST", "/", []byte(`{"topic":"ping","events":[]}`), nil); w.Code != http.StatusOK {
		t.Errorf("a body that fits the rest of the budget: %d %q", w.Code, w.Body)
	}
	close(slow.release)
	if code := <-done; code != http.StatusBadRequest { // its body was cut short
		t.Errorf("the slow request ended %d", code)
	}
	if got := h.inflight.inUse(); got != 0 {
		t.Fatalf("%d bytes still reserved after every request ended", got)
	}
	if w := post(h, "POST", "/", []byte(big), nil); w.Code != http.StatusOK {
		t.Errorf("after the budget freed: %d %q", w.Code, w.Body)
	}
}

func TestByteBudgetWaitsForRelease(t *testing.T) {
	b := newByteBudget(10)
	if got := b.acquire(context.Background(), 50, time.Millisecond); got != 10 {
		t.Fatalf("a request larger than the budget reserves the whole budget, got %d", got)
	}
	go func() { time.Sleep(20 * time.Millisecond); b.release(10) }()
	if got := b.acquire(context.Background(), 4, guard); got != 4 {
		t.Fatalf("after a release the waiter gets its bytes, got %d", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := b.acquire(ctx, 7, guard); got != 0 {
		t.Fatalf("a gone client reserves nothing, got %d", got)
	}
}

// serve runs h on a real listener.
func serve(t *testing.T, h *Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer("", h)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// raw writes request bytes on a new connection and returns the status line.
func raw(t *testing.T, addr, request string) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(guard))
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(c).ReadString('\n')
	return strings.TrimSpace(line)
}

// A body that stalls after its headers is answered 408, not dropped.
func TestStalledBodyGets408(t *testing.T) {
	h := NewHandler(Config{BodyTimeout: 200 * time.Millisecond}, make(chan []model.Event, 1))
	addr := serve(t, h)
	got := raw(t, addr, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"topic\":")
	if got != "HTTP/1.1 408 Request Timeout" {
		t.Fatalf("stalled body answered %q, want 408", got)
	}
	if n := h.Stats().Rejected[ReasonBodyTimeout]; n != 1 {
		t.Errorf("body-timeout counted %d times", n)
	}
}

// Connections that end before a request reaches the handler are counted;
// those that were served are not.
func TestConnectionsDropped(t *testing.T) {
	h := NewHandler(Config{}, make(chan []model.Event, 4))
	addr := serve(t, h)
	if got := raw(t, addr, "GARBAGE\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.1 400") {
		t.Errorf("garbage request line: %q", got)
	}
	if got := raw(t, addr, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc"); !strings.HasPrefix(got, "HTTP/1.1 400") {
		t.Errorf("conflicting Content-Length: %q", got)
	}
	if got := raw(t, addr, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("a", 80<<10)+"\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.1 431") {
		t.Errorf("oversized headers: %q", got)
	}
	if got := raw(t, addr, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); got != "HTTP/1.1 200 OK" {
		t.Errorf("healthz: %q", got)
	}
	var dropped uint64
	deadline := time.Now().Add(guard)
	for dropped = h.conns.dropped.Load(); dropped < 3 && time.Now().Before(deadline); dropped = h.conns.dropped.Load() {
		time.Sleep(10 * time.Millisecond) // the server notes the close after answering
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var health struct {
		Dropped uint64 `json:"connections_dropped"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&health); err != nil {
		t.Fatal(err)
	}
	if health.Dropped != 3 {
		t.Errorf("connections_dropped %d, want 3 (garbage, conflicting length, 431; not the served ones)", health.Dropped)
	}
}

// Body buffers are pooled and reused, which is safe only while nothing
// decoded from a body points into it.
func TestEventsDoNotAliasTheBody(t *testing.T) {
	body := sample(t, "client-join.captured.json")
	_, events, err := model.DecodeMessage(body, time.Now())
	if err != nil || len(events) != 1 {
		t.Fatalf("decode: %v, %d events", err, len(events))
	}
	before := events[0]
	raw := string(before.Raw)
	for i := range body {
		body[i] = 'x'
	}
	after := events[0]
	if string(after.Raw) != raw || after.MAC != before.MAC || after.SSID != before.SSID || after.Topic != before.Topic {
		t.Fatalf("overwriting the body changed the decoded event: %+v", after)
	}
}

// A buffer grown by one large body is not lent with every small one after it.
func TestGetBufferLeavesOversizedBuffersBehind(t *testing.T) {
	for range 20 {
		putBuffer(make([]byte, 0, 4<<20))
		if b := getBuffer(600); cap(b) > 64<<10 {
			t.Fatalf("a 600-byte body got a pooled buffer of %d bytes", cap(b))
		}
	}
	if oversized(4<<20, 2<<20) {
		t.Error("a 4 MiB buffer is oversized for a 2 MiB body: large bodies would never reuse one")
	}
	if !oversized(4<<20, 600) {
		t.Error("a 4 MiB buffer is not oversized for a 600-byte body")
	}
}

// TestByteBudgetUnderContention: many requests reserving and releasing at
// once never hold more than the budget together, each gets its bytes once
// others release (none is left waiting by a missed release), and the budget
// is whole again at the end.
func TestByteBudgetUnderContention(t *testing.T) {
	const budget, each, workers, rounds = 10, 3, 8, 300
	b := newByteBudget(budget)
	var held, over, refused atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				got := b.acquire(context.Background(), each, guard)
				if got == 0 {
					refused.Add(1)
					continue
				}
				if held.Add(got) > budget {
					over.Add(1)
				}
				runtime.Gosched()
				held.Add(-got)
				b.release(got)
			}
		}()
	}
	wg.Wait()
	if over.Load() != 0 || refused.Load() != 0 {
		t.Fatalf("%d times more than the budget held at once, %d requests refused; want 0 and 0", over.Load(), refused.Load())
	}
	if got := b.inUse(); got != 0 {
		t.Fatalf("%d bytes still reserved after every request released", got)
	}
}
