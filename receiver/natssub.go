package receiver

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/mistwatch/mistwatch/model"
)

// ReadConfig says which part of a stream a dashboard reads.
type ReadConfig struct {
	Stream string    // default DefaultStream
	Topics []string  // topic names; none means every topic
	Since  time.Time // zero: only messages stored from now on
}

// StreamReader feeds a dashboard from a JetStream stream: an ordered
// consumer per connection, resumed after the last stream sequence it
// handed on, so a reconnect leaves no gap and repeats nothing.
type StreamReader struct {
	link *NATSLink
	js   jetstream.JetStream
	cfg  ReadConfig
	out  chan<- []model.Event
	rec  *Recorder // optional: every message read is recorded

	lastSeq  atomic.Uint64 // the last stream sequence handed on
	messages atomic.Uint64
	attached atomic.Bool // it has had a consumer on the stream
	started  time.Time
	waited   bool // the first attempt to read failed; Run's goroutine only

	mu      sync.Mutex
	waitErr string // why the stream cannot be read, "" while reading
	bad     int    // messages that did not decode
	badText string
	badAt   time.Time
}

// NewStreamReader reads over link into out, recording to rec when it is
// not nil.
func NewStreamReader(link *NATSLink, cfg ReadConfig, out chan<- []model.Event, rec *Recorder) (*StreamReader, error) {
	if cfg.Stream == "" {
		cfg.Stream = DefaultStream
	}
	js, err := jetstream.New(link.Conn)
	if err != nil {
		return nil, err
	}
	return &StreamReader{link: link, js: js, cfg: cfg, out: out, rec: rec, started: time.Now()}, nil
}

// TopicSubjects turns topic names into subject filters.
func TopicSubjects(topics []string) []string {
	var subjects []string
	for _, t := range topics {
		if t = strings.TrimSpace(t); t != "" {
			subjects = append(subjects, Subject(t))
		}
	}
	return subjects
}

// Run reads until ctx is done. It waits while NATS or the stream cannot be
// reached, saying why through Status, and never returns early otherwise.
func (r *StreamReader) Run(ctx context.Context) {
	backoff := natsRetryWait
	for ctx.Err() == nil {
		err := r.readOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			r.setWait(err.Error())
			r.waited = r.waited || r.lastSeq.Load() == 0
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// readOnce opens one ordered consumer and reads from it until it fails.
func (r *StreamReader) readOnce(ctx context.Context) error {
	if !r.link.Connected() {
		return errors.New("NATS unavailable: " + r.link.Err())
	}
	lookup, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	stream, err := r.js.Stream(lookup, r.cfg.Stream)
	if err != nil {
		return fmt.Errorf("stream %s: %v", r.cfg.Stream, strings.TrimPrefix(err.Error(), "nats: "))
	}
	cons, err := stream.OrderedConsumer(lookup, r.consumerConfig(stream.CachedInfo().State.LastSeq))
	if err != nil {
		return fmt.Errorf("stream %s: %v", r.cfg.Stream, strings.TrimPrefix(err.Error(), "nats: "))
	}
	it, err := cons.Messages()
	if err != nil {
		return fmt.Errorf("stream %s: %v", r.cfg.Stream, err)
	}
	stop := context.AfterFunc(ctx, it.Stop)
	defer stop()
	defer it.Stop()
	r.setWait("")
	r.attached.Store(true) // from here on, whatever the stream stores reaches it
	for {
		msg, err := it.Next()
		if err != nil {
			if errors.Is(err, jetstream.ErrMsgIteratorClosed) && ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("stream %s: %v", r.cfg.Stream, strings.TrimPrefix(err.Error(), "nats: "))
		}
		if err := r.handle(ctx, msg); err != nil {
			return err
		}
	}
}

// consumerConfig starts after the last message handed on; the first time,
// at --since, else at the stream's end (or, when the dashboard had to wait
// for NATS, at the time it started, so what arrived meanwhile is shown).
func (r *StreamReader) consumerConfig(streamLast uint64) jetstream.OrderedConsumerConfig {
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: TopicSubjects(r.cfg.Topics)}
	switch last := r.lastSeq.Load(); {
	case last > 0:
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, last+1
	case !r.cfg.Since.IsZero():
		since := r.cfg.Since
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &since
	case r.waited:
		started := r.started
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &started
	default:
		// By sequence rather than "new", so a consumer reset before the
		// first message cannot skip what arrived in between.
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, streamLast+1
	}
	return cfg
}

// handle decodes, records and hands on one stream message. A message that
// does not decode is counted and skipped: the stream holds only what a
// relay validated, so it is someone else's writer.
func (r *StreamReader) handle(ctx context.Context, msg jetstream.Msg) error {
	meta, err := msg.Metadata()
	if err != nil {
		return err
	}
	seq := meta.Sequence.Stream
	if seq <= r.lastSeq.Load() { // a redelivery after a reset: already shown
		return nil
	}
	received := receivedAt(msg, meta.Timestamp)
	_, events, err := model.DecodeMessage(msg.Data(), received)
	if err != nil {
		r.noteBad(seq, err)
		r.lastSeq.Store(seq)
		return nil
	}
	if len(events) > 0 {
		select {
		case r.out <- events:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	r.lastSeq.Store(seq)
	r.messages.Add(1)
	if r.rec != nil {
		if err := r.rec.Record(received, msg.Data()); err != nil {
			r.noteBad(seq, err)
		}
	}
	return nil
}

// receivedAt is when the relay received the message, or when the stream
// stored it if the header is missing (a message from another writer).
func receivedAt(msg jetstream.Msg, stored time.Time) time.Time {
	if h := msg.Headers().Get(HeaderReceived); h != "" {
		if t, err := time.Parse(time.RFC3339Nano, h); err == nil {
			return t
		}
	}
	return stored
}

func (r *StreamReader) setWait(s string) {
	r.mu.Lock()
	r.waitErr = s
	r.mu.Unlock()
}

func (r *StreamReader) noteBad(seq uint64, err error) {
	r.mu.Lock()
	r.bad++
	r.badText = model.Sanitize(fmt.Sprintf("stream %s seq %d: %v", r.cfg.Stream, seq, err))
	r.badAt = time.Now()
	r.mu.Unlock()
}

// StreamStatus is what the status bar shows about a stream source.
type StreamStatus struct {
	Server   string // host:port
	Stream   string
	Seq      uint64 // last stream sequence shown
	Messages uint64 // messages read since start
	Down     string // why it is not reading, "" while it is (or before it first attaches)
	Attached bool   // it has found the stream and knows where to start
	Bad      int    // messages skipped because they did not decode or record
	BadText  string // the latest of them
	BadAt    time.Time
}

// Status is a snapshot for the status bar.
func (r *StreamReader) Status() StreamStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	down := r.waitErr
	if !r.link.Connected() {
		down = "NATS unavailable: " + r.link.Err()
	}
	return StreamStatus{
		Server: r.link.Server(), Stream: r.cfg.Stream, Seq: r.lastSeq.Load(), Attached: r.attached.Load(),
		Messages: r.messages.Load(), Down: model.Sanitize(down), Bad: r.bad, BadText: r.badText, BadAt: r.badAt,
	}
}
