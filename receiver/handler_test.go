package receiver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

func TestHandlerStatus(t *testing.T) {
	join := sample(t, "client-join.captured.json")
	zone := sample(t, "zone.postman-doc.json")
	const secret = "s3cret"
	sig := func(b []byte) map[string]string { return map[string]string{HeaderSignatureV2: hmacSHA256(secret, b)} }

	tests := []struct {
		name       string
		path       string // under Config.Path "/mist" unless set
		method     string
		secret     string
		body       []byte
		hdr        map[string]string
		wantStatus int
		wantText   string // in the response body
		wantReason string // "" when accepted
		wantEvents int
	}{
		{name: "join", body: join, wantStatus: 200, wantText: "ok 1 event\n", wantEvents: 1},
		{name: "three zone events", body: zone, wantStatus: 200, wantText: "ok 3 events", wantEvents: 3},
		{name: "empty events", body: []byte(`{"topic":"ping","events":[]}`), wantStatus: 200, wantText: "ok 0 events"},
		{name: "sub path", path: "/mist/org/1", body: join, wantStatus: 200, wantEvents: 1},
		{name: "not json", body: []byte("hello"), wantStatus: 400, wantText: "not a JSON object", wantReason: ReasonNotJSON},
		{name: "truncated json", body: []byte(`{"topic":`), wantStatus: 400, wantText: "not a JSON object", wantReason: ReasonNotJSON},
		{name: "empty body", body: nil, wantStatus: 400, wantText: "not a JSON object", wantReason: ReasonNotJSON},
		{name: "no topic", body: []byte(`{"events":[]}`), wantStatus: 400, wantText: `no "topic"`, wantReason: ReasonNoTopic},
		{name: "empty topic", body: []byte(`{"topic":"","events":[]}`), wantStatus: 400, wantText: `no "topic"`, wantReason: ReasonNoTopic},
		{name: "topic a number", body: []byte(`{"topic":7,"events":[]}`), wantStatus: 400, wantText: `"topic" is not a JSON string (got 7)`, wantReason: ReasonTopicNotText},
		{name: "events object", body: []byte(`{"topic":"zone","events":{}}`), wantStatus: 400, wantText: `"events" is not an array`, wantReason: ReasonEventsNotArray},
		{name: "events missing", body: []byte(`{"topic":"zone"}`), wantStatus: 400, wantText: `"events" is not an array`, wantReason: ReasonEventsNotArray},
		{name: "GET", method: "GET", wantStatus: 405, wantText: "method GET not allowed", wantReason: ReasonMethod},
		{name: "PUT", method: "PUT", body: join, wantStatus: 405, wantText: "method PUT not allowed", wantReason: ReasonMethod},
		{name: "POST outside path", path: "/mistake", body: join, wantStatus: 404, wantText: "under /mist", wantReason: ReasonWrongPath},

		{name: "v2 signature", secret: secret, body: join, hdr: sig(join), wantStatus: 200, wantEvents: 1},
		{name: "v2 upper-case hex", secret: secret, body: join, hdr: map[string]string{HeaderSignatureV2: strings.ToUpper(hmacSHA256(secret, join))}, wantStatus: 200, wantEvents: 1},
		{name: "v1 sha1 only", secret: secret, body: join, hdr: map[string]string{HeaderSignatureV1: hmacSHA1(secret, join)}, wantStatus: 200, wantEvents: 1},
		{name: "missing signature", secret: secret, body: join, wantStatus: 401, wantText: "missing X-Mist-Signature-v2", wantReason: ReasonMissingSignature},
		{name: "v2 of other body", secret: secret, body: join, hdr: sig(zone), wantStatus: 401, wantText: "bad signature", wantReason: ReasonBadSignature},
		{name: "v2 other secret", secret: secret, body: join, hdr: map[string]string{HeaderSignatureV2: hmacSHA256("other", join)}, wantStatus: 401, wantText: "bad signature", wantReason: ReasonBadSignature},
		{name: "v2 not hex", secret: secret, body: join, hdr: map[string]string{HeaderSignatureV2: "zz"}, wantStatus: 401, wantText: "bad signature", wantReason: ReasonBadSignature},
		{name: "v2 sha1 value", secret: secret, body: join, hdr: map[string]string{HeaderSignatureV2: hmacSHA1(secret, join)}, wantStatus: 401, wantText: "bad signature", wantReason: ReasonBadSignature},
		{name: "v1 wrong", secret: secret, body: join, hdr: map[string]string{HeaderSignatureV1: hmacSHA1("other", join)}, wantStatus: 401, wantText: "bad signature", wantReason: ReasonBadSignature},
		{name: "bad v2 not rescued by good v1", secret: secret, body: join,
			hdr:        map[string]string{HeaderSignatureV2: hmacSHA256("other", join), HeaderSignatureV1: hmacSHA1(secret, join)},
			wantStatus: 401, wantText: "bad signature", wantReason: ReasonBadSignature},
		{name: "signature checked before decoding", secret: secret, body: []byte("junk"), wantStatus: 401, wantReason: ReasonMissingSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch := make(chan []model.Event, 1)
			h := NewHandler(Config{Path: "/mist", Secret: tc.secret, Now: clock}, ch)
			method, path := tc.method, tc.path
			if method == "" {
				method = "POST"
			}
			if path == "" {
				path = "/mist"
			}
			w := post(h, method, path, tc.body, tc.hdr)

			if w.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d (body %q)", w.Code, tc.wantStatus, w.Body)
			}
			if !strings.Contains(w.Body.String(), tc.wantText) {
				t.Errorf("body %q does not contain %q", w.Body, tc.wantText)
			}
			if tc.wantStatus == 405 && w.Header().Get("Allow") != "POST" {
				t.Errorf("Allow = %q, want POST", w.Header().Get("Allow"))
			}
			s := h.Stats()
			if tc.wantReason == "" {
				if s.Messages != 1 || s.Events != uint64(tc.wantEvents) || s.Bytes != uint64(len(tc.body)) || s.RejectedTotal != 0 {
					t.Errorf("stats %+v, want 1 message, %d events, %d bytes, none rejected", s, tc.wantEvents, len(tc.body))
				}
			} else {
				if s.Messages != 0 || s.Events != 0 || s.Bytes != 0 {
					t.Errorf("a refused message was counted as accepted: %+v", s)
				}
				if s.Rejected[tc.wantReason] != 1 || s.RejectedTotal != 1 {
					t.Errorf("rejected %v total %d, want %s=1", s.Rejected, s.RejectedTotal, tc.wantReason)
				}
				want := fmt.Sprintf("%d %s from 127.0.0.1:5555", tc.wantStatus, strings.TrimSpace(w.Body.String()))
				if s.LastError != want || !s.LastErrorAt.Equal(fixedNow) {
					t.Errorf("LastError %q at %v, want %q at %v", s.LastError, s.LastErrorAt, want, fixedNow)
				}
			}
			select {
			case b := <-ch:
				if len(b) != tc.wantEvents || tc.wantEvents == 0 {
					t.Errorf("batch of %d events on the channel, want %d", len(b), tc.wantEvents)
				}
			default:
				if tc.wantEvents != 0 {
					t.Errorf("no batch on the channel, want %d events", tc.wantEvents)
				}
			}
		})
	}
}

func TestHandlerLastErrorExample(t *testing.T) {
	h := NewHandler(Config{Secret: "k", Now: clock}, make(chan []model.Event, 1))
	post(h, "POST", "/", []byte(`{}`), map[string]string{HeaderSignatureV2: "00"})
	if got := h.Stats().LastError; got != "401 bad signature from 127.0.0.1:5555" {
		t.Fatalf("LastError = %q", got)
	}
}

func TestLastErrorSanitized(t *testing.T) {
	c := newCounters()
	c.reject(ReasonMethod, 405, "method \x1b[2JX not allowed", "1.2.3.4:5\x07", fixedNow)
	if got := c.snapshot().LastError; strings.ContainsAny(got, "\x1b\x07") || !strings.Contains(got, "method X not allowed") {
		t.Fatalf("LastError not sanitised: %q", got)
	}
}

func TestHandlerOverloaded(t *testing.T) {
	rec, path := newTestRecorder(t)
	ch := make(chan []model.Event) // unbuffered and nobody reading: always full
	h := NewHandler(Config{EnqueueWait: 10 * time.Millisecond, Recorder: rec, Now: clock}, ch)
	w := post(h, "POST", "/", sample(t, "client-join.captured.json"), nil)
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "overloaded: dashboard is not keeping up") {
		t.Fatalf("got %d %q, want 503 overloaded", w.Code, w.Body)
	}
	s := h.Stats()
	if s.Rejected[ReasonOverloaded] != 1 || s.RejectedTotal != 1 || s.Messages != 0 || s.Events != 0 {
		t.Errorf("stats %+v", s)
	}
	if b, _ := os.ReadFile(path); len(b) != 0 {
		t.Errorf("a refused message was recorded: %q", b)
	}
}

// A request whose client has gone stops waiting for the channel at once.
func TestHandlerOverloadedClientGone(t *testing.T) {
	h := NewHandler(Config{EnqueueWait: time.Hour}, make(chan []model.Event))
	req := httptest.NewRequest("POST", "/", bytes.NewReader(sample(t, "client-join.captured.json")))
	ctx, cancel := contextWithCancel(req)
	cancel()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req.WithContext(ctx))
	if w.Code != http.StatusServiceUnavailable || h.Stats().Rejected[ReasonOverloaded] != 1 {
		t.Fatalf("got %d, stats %+v", w.Code, h.Stats())
	}
}

func TestHandlerBodyLimit(t *testing.T) {
	msg := []byte(`{"topic":"ping","events":[{"name":"x"}]}`)
	pad := func(n int) []byte { // a valid message of exactly n bytes
		return append(append([]byte{}, msg...), bytes.Repeat([]byte(" "), n-len(msg))...)
	}
	tests := []struct {
		name       string
		limit      int64
		size       int
		chunked    bool // no Content-Length: the limit is found while reading
		wantStatus int
		wantText   string
	}{
		{"at small limit", 1000, 1000, false, 200, "ok 1 event"},
		{"over small limit", 1000, 1001, false, 413, "body over the 1000 bytes limit"},
		{"at small limit chunked", 1000, 1000, true, 200, "ok 1 event"},
		{"over small limit chunked", 1000, 1001, true, 413, "body over the 1000 bytes limit"},
		{"at default limit", 0, DefaultMaxBody, false, 200, "ok 1 event"},
		{"over default limit", 0, DefaultMaxBody + 1, true, 413, "body over the 10 MiB limit"},
		{"KiB limit", 2048, 2049, false, 413, "body over the 2 KiB limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHandler(Config{MaxBody: tc.limit}, make(chan []model.Event, 1))
			body := pad(tc.size)
			req := httptest.NewRequest("POST", "/", bytes.NewReader(body))
			if tc.chunked {
				req.ContentLength = -1
				req.Body = io.NopCloser(bytes.NewReader(body))
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != tc.wantStatus || !strings.Contains(w.Body.String(), tc.wantText) {
				t.Fatalf("got %d %q, want %d %q", w.Code, w.Body, tc.wantStatus, tc.wantText)
			}
			s := h.Stats()
			if tc.wantStatus == 413 && (s.Rejected[ReasonTooLarge] != 1 || s.Messages != 0) {
				t.Errorf("stats %+v", s)
			}
			if tc.wantStatus == 200 && s.Bytes != uint64(tc.size) {
				t.Errorf("bytes %d, want %d", s.Bytes, tc.size)
			}
		})
	}
}

// Many senders at once: every accepted message reaches the channel, the
// counters agree with what the senders saw, and the record has every line.
func TestHandlerConcurrent(t *testing.T) {
	body := sample(t, "zone.postman-doc.json") // 3 events
	bad := []byte(`{"topic":"zone","events":"no"}`)
	rec, path := newTestRecorder(t)
	ch := make(chan []model.Event, 8)
	h := NewHandler(Config{Recorder: rec}, ch)

	var received int
	drained := make(chan struct{})
	go func() {
		for b := range ch {
			received += len(b)
		}
		close(drained)
	}()

	const senders, each = 50, 20
	var ok, refused, other sync.Map
	var wg sync.WaitGroup
	for g := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				b := body
				if (g+i)%5 == 0 {
					b = bad
				}
				w := post(h, "POST", "/", b, nil)
				key := fmt.Sprint(g, "/", i)
				switch w.Code {
				case 200:
					ok.Store(key, true)
				case 400:
					refused.Store(key, true)
				default:
					other.Store(key, w.Code)
				}
			}
		}()
	}
	wg.Wait()
	close(ch)
	<-drained

	count := func(m *sync.Map) (n uint64) {
		m.Range(func(any, any) bool { n++; return true })
		return n
	}
	accepted, rejected := count(&ok), count(&refused)
	if n := count(&other); n != 0 {
		t.Fatalf("%d unexpected statuses", n)
	}
	if accepted+rejected != senders*each || rejected != senders*each/5 {
		t.Fatalf("accepted %d rejected %d", accepted, rejected)
	}
	s := h.Stats()
	if s.Messages != accepted || s.Events != 3*accepted || uint64(received) != s.Events {
		t.Errorf("accepted %d, stats %d messages %d events, channel %d events", accepted, s.Messages, s.Events, received)
	}
	if s.Bytes != accepted*uint64(len(body)) {
		t.Errorf("bytes %d, want %d", s.Bytes, accepted*uint64(len(body)))
	}
	if s.RejectedTotal != rejected || s.Rejected[ReasonEventsNotArray] != rejected {
		t.Errorf("rejected stats %+v, want %d", s.Rejected, rejected)
	}
	msgs, lineErrs, err := ReadFile(path)
	if err != nil || len(lineErrs) != 0 || uint64(len(msgs)) != accepted {
		t.Errorf("record: %d messages, %v, %v; want %d messages", len(msgs), lineErrs, err, accepted)
	}
}

func TestHealthz(t *testing.T) {
	const secret = "k"
	join := sample(t, "client-join.captured.json")
	h := NewHandler(Config{Path: "/mist", Secret: secret, Now: clock, Health: func() map[string]any {
		return map[string]any{"evicted": 7, "stored": 42, "messages": "hook cannot override"}
	}}, make(chan []model.Event, 4))
	post(h, "POST", "/mist", join, map[string]string{HeaderSignatureV2: hmacSHA256(secret, join)})
	post(h, "POST", "/mist", join, map[string]string{HeaderSignatureV2: hmacSHA256("x", join)})
	post(h, "POST", "/mist", join, nil)

	w := post(h, "GET", "/healthz", nil, nil)
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("healthz %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	var got struct {
		Messages, Events, Bytes, Evicted, Stored uint64
		Rejected                                 map[string]uint64
		RejectedTotal                            uint64  `json:"rejected_total"`
		LastError                                string  `json:"last_error"`
		HandlerP99                               float64 `json:"handler_p99_ms"`
		HandlerMax                               float64 `json:"handler_max_ms"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatalf("healthz body %q: %v", w.Body, err)
	}
	if got.Messages != 1 || got.Events != 1 || got.Bytes != uint64(len(join)) {
		t.Errorf("accepted counters %+v", got)
	}
	if got.Rejected[ReasonBadSignature] != 1 || got.Rejected[ReasonMissingSignature] != 1 || got.RejectedTotal != 2 {
		t.Errorf("rejected %v total %d", got.Rejected, got.RejectedTotal)
	}
	for _, r := range Reasons {
		if _, ok := got.Rejected[r]; !ok {
			t.Errorf("reason %q missing from healthz", r)
		}
	}
	if got.Evicted != 7 || got.Stored != 42 {
		t.Errorf("hook values not merged: %+v", got)
	}
	// The one accepted webhook's time in the handler (refusals not timed).
	if got.HandlerP99 <= 0 || got.HandlerP99 != got.HandlerMax {
		t.Errorf("handler time p99 %v ms, max %v ms: want the one accepted webhook's", got.HandlerP99, got.HandlerMax)
	}
	// Anyone who reaches the port reads /healthz: no client addresses.
	if got.LastError != "401 missing X-Mist-Signature-v2" {
		t.Errorf("last_error %q, want the refusal without the client's address", got.LastError)
	}
	detailed := NewHandler(Config{HealthzDetail: true}, nil)
	post(detailed, "GET", "/x", nil, nil)
	post(detailed, "POST", "/x", []byte("junk"), nil)
	if body := post(detailed, "GET", "/healthz", nil, nil).Body.String(); !strings.Contains(body, "from 127.0.0.1:5555") {
		t.Errorf("with HealthzDetail the client's address is shown: %s", body)
	}

	if w := post(h, "HEAD", "/healthz", nil, nil); w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("HEAD healthz: %d %q", w.Code, w.Body)
	}
	// Outside the webhook path, POST /healthz is just a wrong path.
	if w := post(h, "POST", "/healthz", join, nil); w.Code != 404 {
		t.Errorf("POST /healthz: %d", w.Code)
	}
	if w := post(h, "GET", "/elsewhere", nil, nil); w.Code != 404 {
		t.Errorf("GET /elsewhere: %d", w.Code)
	}
	if s := h.Stats(); s.Rejected[ReasonWrongPath] != 1 || s.RejectedTotal != 3 {
		t.Errorf("only the POST outside the path counts: %+v", s.Rejected)
	}
}

// Refused messages leave the accepted counters, the channel and the record
// exactly as they were.
func TestRejectedChangesNothing(t *testing.T) {
	const secret = "k"
	join := sample(t, "client-join.captured.json")
	rec, path := newTestRecorder(t)
	ch := make(chan []model.Event, 16)
	h := NewHandler(Config{Secret: secret, MaxBody: 4096, Recorder: rec}, ch)
	signed := func(b []byte) map[string]string { return map[string]string{HeaderSignatureV2: hmacSHA256(secret, b)} }
	if w := post(h, "POST", "/", join, signed(join)); w.Code != 200 {
		t.Fatalf("first post: %d %q", w.Code, w.Body)
	}
	before := h.Stats()
	file, _ := os.ReadFile(path)

	big := bytes.Repeat([]byte(" "), 5000)
	for _, b := range [][]byte{[]byte("nope"), []byte(`{"events":[]}`), []byte(`{"topic":"a","events":1}`), big} {
		post(h, "POST", "/", b, signed(b))
	}
	post(h, "POST", "/", join, nil)
	post(h, "POST", "/", join, signed([]byte("other")))
	post(h, "GET", "/", nil, nil)

	after := h.Stats()
	if after.Messages != before.Messages || after.Events != before.Events || after.Bytes != before.Bytes {
		t.Errorf("accepted counters moved: before %+v after %+v", before, after)
	}
	if after.RejectedTotal != 7 {
		t.Errorf("rejected total %d, want 7: %v", after.RejectedTotal, after.Rejected)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, file) {
		t.Errorf("record changed:\n%s", now)
	}
	if len(ch) != 1 {
		t.Errorf("%d batches on the channel, want 1", len(ch))
	}
}

// A failed write is reported to the sender and counted, but the events
// already reached the dashboard, so they count as accepted.
func TestHandlerRecordFailed(t *testing.T) {
	rec, _ := newTestRecorder(t)
	rec.Close()
	ch := make(chan []model.Event, 1)
	h := NewHandler(Config{Recorder: rec}, ch)
	w := post(h, "POST", "/", sample(t, "client-join.captured.json"), nil)
	if w.Code != 500 || !strings.Contains(w.Body.String(), "accepted but not recorded") {
		t.Fatalf("got %d %q", w.Code, w.Body)
	}
	s := h.Stats()
	if s.Messages != 1 || s.Rejected[ReasonRecordFailed] != 1 || s.RejectedTotal != 1 || len(ch) != 1 {
		t.Errorf("stats %+v, channel %d", s, len(ch))
	}
}

func TestStatsHasEveryReason(t *testing.T) {
	s := NewHandler(Config{}, nil).Stats()
	if len(s.Rejected) != len(Reasons) {
		t.Fatalf("%d reasons in Stats, %d in Reasons", len(s.Rejected), len(Reasons))
	}
	for _, r := range []string{"not-json", "no-topic", "events-not-array", "bad-signature", "missing-signature", "too-large", "method", "overloaded", "record-failed"} {
		if _, ok := s.Rejected[r]; !ok {
			t.Errorf("reason %q missing", r)
		}
	}
}

func TestOnPath(t *testing.T) {
	tests := []struct {
		prefix, path string
		want         bool
	}{
		{"", "/anything", true},
		{"/", "/", true},
		{"/mist", "/mist", true},
		{"/mist", "/mist/", true},
		{"/mist/", "/mist", true},
		{"mist", "/mist/x", true},
		{"/mist", "/mistake", false},
		{"/mist", "/", false},
		{"/a/b", "/a", false},
	}
	for _, tc := range tests {
		h := NewHandler(Config{Path: tc.prefix}, nil)
		if got := h.onPath(tc.path); got != tc.want {
			t.Errorf("Path %q: onPath(%q) = %v, want %v", tc.prefix, tc.path, got, tc.want)
		}
	}
}

func TestNewServer(t *testing.T) {
	h := NewHandler(Config{}, nil)
	s := NewServer(":0", h)
	if s.Addr != ":0" || s.ReadHeaderTimeout != 5*time.Second || s.ReadTimeout != 40*time.Second ||
		s.WriteTimeout != 50*time.Second || s.IdleTimeout != 120*time.Second || s.MaxHeaderBytes != 64<<10 ||
		s.ConnState == nil || s.ConnContext == nil {
		t.Fatalf("server %+v", s)
	}
}

// Over a real connection: the server answers, and the handler sees the
// client's address.
func TestHandlerOverHTTP(t *testing.T) {
	ch := make(chan []model.Event, 1)
	h := NewHandler(Config{}, ch)
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/x", "application/json", strings.NewReader("nope"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.HasPrefix(h.Stats().LastError, "400 body is not a JSON object from 127.0.0.1:") {
		t.Fatalf("%d %q", resp.StatusCode, h.Stats().LastError)
	}
}

func newTestRecorder(t *testing.T) (*Recorder, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rec.ndjson")
	rec, err := NewRecorder(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rec.Close() })
	return rec, path
}

func TestClosedHandlerRefusesInsteadOfDropping(t *testing.T) {
	out := make(chan []model.Event, 4)
	h := NewHandler(Config{}, out)
	h.Close()
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"topic":"ping","events":[{"name":"x"}]}`))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "shutting down") {
		t.Fatalf("a closed handler should answer 503 shutting down, got %d %q", w.Code, w.Body.String())
	}
	if len(out) != 0 || h.Stats().Messages != 0 || h.Stats().Rejected[ReasonShuttingDown] != 1 {
		t.Fatalf("nothing may be handed on or counted as accepted: queued %d, stats %+v", len(out), h.Stats())
	}
}
