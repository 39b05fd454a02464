package receiver

import (
	"encoding/json"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// Reasons a message is refused, as counted in Stats.Rejected and /healthz.
const (
	ReasonNotJSON          = "not-json"
	ReasonNoTopic          = "no-topic"
	ReasonTopicNotText     = "topic-not-string"
	ReasonEventsNotArray   = "events-not-array"
	ReasonBadSignature     = "bad-signature"
	ReasonMissingSignature = "missing-signature"
	ReasonTooLarge         = "too-large"
	ReasonMethod           = "method"
	ReasonOverloaded       = "overloaded"
	ReasonRecordFailed     = "record-failed"
	ReasonReadFailed       = "read-failed" // the client stalled or hung up mid-body
	ReasonWrongPath        = "wrong-path"  // a POST outside Config.Path: usually a misconfigured webhook URL
	ReasonShuttingDown     = "shutting-down"
	ReasonBusy             = "busy"         // --max-inflight-bytes of bodies already being read
	ReasonBodyTimeout      = "body-timeout" // headers came, the body stalled
	ReasonNotStored        = "not-stored"   // the relay's stream did not acknowledge
)

// Reasons lists every rejection reason in a stable order, for display.
var Reasons = []string{
	ReasonNotJSON, ReasonNoTopic, ReasonTopicNotText, ReasonEventsNotArray,
	ReasonBadSignature, ReasonMissingSignature, ReasonTooLarge,
	ReasonMethod, ReasonOverloaded, ReasonRecordFailed,
	ReasonReadFailed, ReasonWrongPath, ReasonShuttingDown,
	ReasonBusy, ReasonBodyTimeout,
	ReasonNotStored,
}

// reasonIndex maps a reason to its counter slot; built once so counting is
// an array index and an atomic add, not a map write under a lock.
var reasonIndex = func() map[string]int {
	m := make(map[string]int, len(Reasons))
	for i, r := range Reasons {
		m[r] = i
	}
	return m
}()

// Stats is a snapshot of what the handler has accepted and refused.
type Stats struct {
	Messages, Events, Bytes uint64 // accepted

	// Rejected holds every reason in Reasons, zero when none. A
	// record-failed message was shown but not written to the record file
	// and answered 500, so it counts in Messages and here, and in
	// RejectedTotal: the sender was told it failed.
	Rejected      map[string]uint64
	RejectedTotal uint64 // messages refused: not shown, not recorded

	// LastError describes the latest refusal, e.g.
	// "401 bad signature from 127.0.0.1:5555", for the status line.
	LastError   string
	LastErrorAt time.Time
}

// counters are shared by every request goroutine.
type counters struct {
	messages, events, bytes atomic.Uint64
	rejected                []atomic.Uint64 // indexed like Reasons
	rejectedTotal           atomic.Uint64

	mu          sync.Mutex // guards lastError*
	lastError   string
	lastErrorAt time.Time
	// lastErrorAnon is lastError without the client's address, for a
	// /healthz that anyone who can reach the port may read.
	lastErrorAnon string
}

func newCounters() *counters {
	return &counters{rejected: make([]atomic.Uint64, len(Reasons))}
}

func (c *counters) accept(events, bytes int) {
	c.messages.Add(1)
	c.events.Add(uint64(events))
	c.bytes.Add(uint64(bytes))
}

// reject counts a refusal and remembers it for the status line.
func (c *counters) reject(reason string, status int, text, remote string, at time.Time) {
	c.rejected[reasonIndex[reason]].Add(1)
	c.rejectedTotal.Add(1)
	// The text can echo client input (a method, a JSON error); the
	// dashboard prints it, so strip anything a terminal would act on.
	anon := model.Sanitize(strconv.Itoa(status) + " " + text)
	msg := anon + " from " + model.Sanitize(remote)
	c.mu.Lock()
	if !at.Before(c.lastErrorAt) {
		c.lastError, c.lastErrorAt, c.lastErrorAnon = msg, at, anon
	}
	c.mu.Unlock()
}

func (c *counters) snapshot() Stats {
	s := Stats{
		Messages:      c.messages.Load(),
		Events:        c.events.Load(),
		Bytes:         c.bytes.Load(),
		Rejected:      make(map[string]uint64, len(Reasons)),
		RejectedTotal: c.rejectedTotal.Load(),
	}
	for i, r := range Reasons {
		s.Rejected[r] = c.rejected[i].Load()
	}
	c.mu.Lock()
	s.LastError, s.LastErrorAt = c.lastError, c.lastErrorAt
	c.mu.Unlock()
	return s
}

// serveHealth answers GET /healthz with the counters as JSON, merged with the
// UI's own (evicted, stored) from Config.Health. Our keys win a clash so a
// hook cannot mask the receiver's numbers.
func (h *Handler) serveHealth(w http.ResponseWriter, r *http.Request) {
	s := h.Stats()
	body := map[string]any{}
	if h.cfg.Health != nil {
		for k, v := range h.cfg.Health() {
			body[k] = v
		}
	}
	body["messages"] = s.Messages
	body["events"] = s.Events
	body["bytes"] = s.Bytes
	body["rejected"] = s.Rejected
	body["rejected_total"] = s.RejectedTotal
	body["connections_dropped"] = h.conns.dropped.Load()
	body["inflight_bytes"] = h.inflight.inUse()
	body["goroutines"] = runtime.NumGoroutine() // a leak shows as a count that only grows
	// How long accepted webhooks took in here, since the start: a sender
	// seeing a longer tail waited outside (for a core, on the network).
	for name, q := range map[string]float64{"handler_p50_ms": 0.5, "handler_p99_ms": 0.99, "handler_max_ms": 1} {
		body[name] = float64(h.times.quantile(q).Microseconds()) / 1000
	}
	if rec := h.cfg.Recorder; rec != nil {
		if err := rec.Err(); err != nil {
			body["record_error"] = model.Sanitize(err.Error())
		}
	}
	status := http.StatusOK
	if h.cfg.Ready != nil {
		if err := h.cfg.Ready(r.Context()); err != nil {
			status = http.StatusServiceUnavailable
			body["not_ready"] = model.Sanitize(err.Error())
		}
	}
	if s.LastError != "" {
		body["last_error"] = s.LastError
		if !h.cfg.HealthzDetail {
			h.c.mu.Lock()
			body["last_error"] = h.c.lastErrorAnon
			h.c.mu.Unlock()
		}
		body["last_error_at"] = s.LastErrorAt.UTC().Format(time.RFC3339Nano)
	}
	out, err := json.Marshal(body)
	if err != nil { // only a hook value json cannot encode
		http.Error(w, "healthz: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(append(out, '\n'))
}
