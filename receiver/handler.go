// Package receiver is mistwatch's HTTP side: the webhook listener (signature
// check, limits, health), the recorder, the replay reader and player, and the
// client behind `mistwatch send`. It hands events to the dashboard through a
// channel and knows nothing of the terminal.
package receiver

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// Defaults for a zero Config.
const (
	DefaultMaxBody      = 10 << 20
	DefaultEnqueueWait  = time.Second
	DefaultMaxInflight  = 64 << 20
	DefaultInflightWait = 2 * time.Second
	DefaultBodyTimeout  = 30 * time.Second
)

// Config configures a Handler. The zero value listens on every path, checks
// no signature and records nothing.
type Config struct {
	Path   string // webhook path prefix, default "/"
	Secret string // when set, signatures are required
	// Keyring, when given, replaces Secret: it may rotate while running.
	Keyring     *Keyring
	MaxBody     int64            // default DefaultMaxBody
	EnqueueWait time.Duration    // how long a full channel may block before 503; default 1s
	Recorder    *Recorder        // optional; every accepted message is appended
	Now         func() time.Time // default time.Now; tests inject a clock

	// MaxInflight caps the bytes of bodies being read and handled at once
	// (default DefaultMaxInflight); a request that would pass it waits up
	// to InflightWait (default DefaultInflightWait), then gets 503.
	MaxInflight  int64
	InflightWait time.Duration
	// BodyTimeout is how long a client may take to send its body once the
	// headers are in (default DefaultBodyTimeout); a stall gets 408.
	BodyTimeout time.Duration
	// HealthzDetail lets /healthz show clients' addresses in last_error.
	HealthzDetail bool

	// Health adds the dashboard's own counters (evicted, stored) to
	// /healthz. It is called from HTTP goroutines, so it must be safe for
	// concurrent use.
	Health func() map[string]any

	// Publish, when set, takes each accepted message instead of the events
	// channel: the relay stores it in JetStream and answers 200 only once
	// that returned nil. A *PublishError chooses the refusal's status.
	Publish func(context.Context, Delivery) error

	// Ready, when set, makes /healthz answer 503 with its error, so a load
	// balancer stops sending to a relay that cannot store anything.
	Ready func(context.Context) error

	// Recycles says the reader of the events channel hands every batch to
	// model.Recycle once nothing refers to it: the handler then lends it
	// the body and the events (model.DecodeLeased) instead of copying them.
	// Without a Recorder or Publish only: they read the body afterwards.
	Recycles bool
}

// Delivery is one accepted message on its way to Config.Publish.
type Delivery struct {
	Topic    string // as the message named it
	Body     []byte // byte for byte as received
	Received time.Time
	Remote   string // the sender's address
}

// Handler receives Mist webhooks. It is safe for concurrent use.
type Handler struct {
	cfg      Config
	base     string // Path without its trailing slash; "" is the root
	out      chan<- []model.Event
	c        *counters
	closed   atomic.Bool
	inflight *byteBudget
	conns    connTracker
	times    serveTimes // of accepted webhooks, for /healthz
}

// Close makes the handler refuse every later message with 503: once the
// dashboard has stopped reading, answering 200 would be a silent drop.
// Requests already past the check finish normally; http.Server.Shutdown
// waits for them.
func (h *Handler) Close() { h.closed.Store(true) }

// NewHandler returns a handler that sends each accepted message's events, as
// one batch, on out.
func NewHandler(cfg Config, out chan<- []model.Event) *Handler {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.EnqueueWait <= 0 {
		cfg.EnqueueWait = DefaultEnqueueWait
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Keyring == nil {
		cfg.Keyring = NewKeyring(cfg.Secret, 0, cfg.Now)
	}
	if cfg.MaxInflight <= 0 {
		cfg.MaxInflight = DefaultMaxInflight
	}
	if cfg.InflightWait <= 0 {
		cfg.InflightWait = DefaultInflightWait
	}
	if cfg.BodyTimeout <= 0 {
		cfg.BodyTimeout = DefaultBodyTimeout
	}
	cfg.Path = "/" + strings.Trim(strings.TrimSpace(cfg.Path), "/")
	return &Handler{cfg: cfg, base: strings.TrimSuffix(cfg.Path, "/"), out: out, c: newCounters(),
		inflight: newByteBudget(cfg.MaxInflight)}
}

// Stats returns a snapshot of the counters.
func (h *Handler) Stats() Stats { return h.c.snapshot() }

// NewServer wraps h in a server with timeouts, so a slow or idle client
// cannot hold a connection (or its goroutine) forever, and hooks that count
// connections dropped before reaching h. The read and write timeouts are
// backstops past h's own BodyTimeout, which answers a stalled body 408.
func NewServer(addr string, h *Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       h.cfg.BodyTimeout + 10*time.Second,
		WriteTimeout:      h.cfg.BodyTimeout + 20*time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ConnContext:       h.conns.connContext,
		ConnState:         h.conns.connState,
	}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	markServed(r)
	if r.URL.Path == "/healthz" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		h.serveHealth(w, r)
		return
	}
	if !h.onPath(r.URL.Path) {
		if r.Method == http.MethodPost {
			// Worth a status line: it is how a mistyped webhook URL shows up.
			h.refuse(w, r, ReasonWrongPath, http.StatusNotFound, "not found: webhooks are received under "+h.cfg.Path)
			return
		}
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(w, r, ReasonMethod, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed: webhooks are POSTed")
		return
	}
	h.receive(w, r)
}

// onPath reports whether path is the webhook path or below it, so "/mist"
// takes "/mist" and "/mist/org1" but not "/mistake".
func (h *Handler) onPath(path string) bool {
	return h.base == "" || path == h.base || strings.HasPrefix(path, h.base+"/")
}

// receive runs one webhook through limit, signature, decode and hand-off.
func (h *Handler) receive(w http.ResponseWriter, r *http.Request) {
	start := time.Now() // not cfg.Now: a test's clock does not move
	received := h.cfg.Now()
	if !hasSignature(r.Header) && h.cfg.Keyring.Secrets() != nil {
		// Refused before the body is read: unsigned posts cost no memory.
		h.refuse(w, r, ReasonMissingSignature, http.StatusUnauthorized, errMissingSignature.Error())
		return
	}
	if r.ContentLength > h.cfg.MaxBody {
		h.refuseTooLarge(w, r)
		return
	}
	want := r.ContentLength
	if want < 0 { // chunked: it may be as large as the limit
		want = h.cfg.MaxBody
	}
	reserved := h.inflight.acquire(r.Context(), want, h.cfg.InflightWait)
	if reserved == 0 {
		w.Header().Set("Retry-After", "1")
		h.refuse(w, r, ReasonBusy, http.StatusServiceUnavailable, "busy: "+sizeText(h.cfg.MaxInflight)+" of request bodies already in flight")
		return
	}
	defer h.inflight.release(reserved)
	body, err := h.readBody(w, r)
	if err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			h.refuseTooLarge(w, r)
		case errors.Is(err, errBodyTimeout):
			h.refuse(w, r, ReasonBodyTimeout, http.StatusRequestTimeout, "body not received within "+h.cfg.BodyTimeout.String())
		default:
			h.refuse(w, r, ReasonReadFailed, http.StatusBadRequest, "reading body: "+err.Error())
		}
		return
	}
	lent := false // the body went with the events: not ours to pool
	defer func() {
		if !lent {
			putBuffer(body)
		}
	}()
	// The secrets in force now, not when the body started: a delivery signed
	// with a secret that rotated in while its body arrived is good.
	if secrets := h.cfg.Keyring.Secrets(); len(secrets) > 0 {
		if err := verify(secrets, body, r.Header); err != nil {
			reason := ReasonBadSignature
			if errors.Is(err, errMissingSignature) {
				reason = ReasonMissingSignature
			}
			h.refuse(w, r, reason, http.StatusUnauthorized, err.Error())
			return
		}
	}
	topic, events, err := h.decode(body, received)
	if err != nil {
		h.refuse(w, r, decodeReason(err), http.StatusBadRequest, err.Error())
		return
	}
	if lent = h.lends() && len(events) > 0; lent {
		// Recycled here unless handed over.
		defer func() { model.Recycle(events) }()
	}
	if h.closed.Load() {
		h.refuse(w, r, ReasonShuttingDown, http.StatusServiceUnavailable, "shutting down: not accepting webhooks")
		return
	}
	if h.cfg.Publish != nil {
		if err := h.cfg.Publish(r.Context(), Delivery{Topic: topic, Body: body, Received: received, Remote: r.RemoteAddr}); err != nil {
			pe := &PublishError{Status: http.StatusServiceUnavailable, Reason: ReasonNotStored, Text: err.Error()}
			errors.As(err, &pe)
			h.refuse(w, r, pe.Reason, pe.Status, pe.Text)
			return
		}
	} else if len(events) > 0 && !h.enqueue(r.Context(), events) {
		h.refuse(w, r, ReasonOverloaded, http.StatusServiceUnavailable, "overloaded: dashboard is not keeping up")
		return
	}
	n := len(events)
	events = nil // the dashboard's now: it recycles them
	// The events are in the dashboard now, so they count as accepted even
	// if recording fails; the 500 tells the sender the file missed them.
	h.c.accept(n, len(body))
	if rec := h.cfg.Recorder; rec != nil {
		if err := rec.Record(received, body); err != nil {
			h.refuse(w, r, ReasonRecordFailed, http.StatusInternalServerError, "accepted but not recorded: "+err.Error())
			return
		}
	}
	w.Header()["Content-Type"] = plainText
	if n < len(okAnswers) {
		_, _ = w.Write(okAnswers[n])
	} else {
		_, _ = io.WriteString(w, okAnswer(n))
	}
	h.times.add(time.Since(start))
}

// plainText is the Content-Type of every answer, one slice for all:
// net/http only reads it.
var plainText = []string{"text/plain; charset=utf-8"}

// okAnswer is the body of a 200; okAnswers holds it for the usual counts,
// so answering costs no allocation.
func okAnswer(n int) string { return "ok " + plural(n, "event") + "\n" }

var okAnswers = func() (a [128][]byte) {
	for n := range a {
		a[n] = []byte(okAnswer(n))
	}
	return a
}()

// lends reports whether accepted bodies are lent to the dashboard with
// their events rather than copied (Config.Recycles).
func (h *Handler) lends() bool {
	return h.cfg.Recycles && h.cfg.Recorder == nil && h.cfg.Publish == nil
}

// decode decodes body, lending it with the events when h.lends.
func (h *Handler) decode(body []byte, received time.Time) (string, []model.Event, error) {
	if h.lends() {
		return model.DecodeLeased(body, received, putBuffer)
	}
	return model.DecodeMessage(body, received)
}

func (h *Handler) refuseTooLarge(w http.ResponseWriter, r *http.Request) {
	h.refuse(w, r, ReasonTooLarge, http.StatusRequestEntityTooLarge, "body over the "+sizeText(h.cfg.MaxBody)+" limit")
}

// enqueue hands a batch to the dashboard, waiting at most EnqueueWait: the
// handler never blocks on the UI for longer than that.
func (h *Handler) enqueue(ctx context.Context, events []model.Event) bool {
	select {
	case h.out <- events:
		return true
	default:
	}
	t := time.NewTimer(h.cfg.EnqueueWait)
	defer t.Stop()
	select {
	case h.out <- events:
		return true
	case <-t.C:
		return false
	case <-ctx.Done(): // the sender gave up; it will not read our answer
		return false
	}
}

// refuse counts a refusal and answers it in plain text.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, reason string, status int, text string) {
	h.c.reject(reason, status, text, r.RemoteAddr, h.cfg.Now())
	http.Error(w, text, status)
}

func decodeReason(err error) string {
	switch {
	case errors.Is(err, model.ErrNoTopic):
		return ReasonNoTopic
	case errors.Is(err, model.ErrTopicNotText):
		return ReasonTopicNotText
	case errors.Is(err, model.ErrEventsNotArr):
		return ReasonEventsNotArray
	}
	return ReasonNotJSON
}

// sizeText renders a byte limit the way a person would write it.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return plural(int(n), "byte")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
