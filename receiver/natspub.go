package receiver

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/mistwatch/mistwatch/model"
)

// Headers the relay adds to every stream message; the body is untouched.
const (
	HeaderReceived = "Mistwatch-Received-At" // RFC 3339, when the relay read the body
	HeaderRemote   = "Mistwatch-Remote-Addr" // who POSTed it
)

// SubjectPrefix is the first token of every subject: mist.<topic>.
const SubjectPrefix = "mist."

// StreamConfig is the stream the relay creates when it is missing. An
// existing stream is used as it is.
type StreamConfig struct {
	Name     string        // default "MIST"
	MaxAge   time.Duration // retention; 0 keeps messages until MaxBytes
	MaxBytes int64         // 0 is unlimited
	Replicas int           // default 1
}

// DefaultStream is the stream name when none is given.
const DefaultStream = "MIST"

// publishWait bounds one publish: past it the sender gets 503 and retries.
const publishWait = 5 * time.Second

// Subject is the subject a message of topic goes to: the topic normalised
// and reduced to one token a subject filter can name.
func Subject(topic string) string {
	t := model.NormalizeTopic(topic)
	b := []byte(t)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return SubjectPrefix + "unknown"
	}
	return SubjectPrefix + string(b)
}

// MsgID is the de-duplication ID of a body: the same delivery reaching two
// relays, or retried, is stored once within the stream's duplicate window.
func MsgID(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// Publisher writes accepted messages to a JetStream stream.
type Publisher struct {
	link *NATSLink
	js   jetstream.JetStream
	cfg  StreamConfig

	mu       sync.Mutex // held while checking or creating the stream
	ready    bool       // the stream is known to exist
	streamOK error      // why it is not ready, for /healthz
}

// NewPublisher publishes over link to the stream cfg names.
func NewPublisher(link *NATSLink, cfg StreamConfig) (*Publisher, error) {
	if cfg.Name == "" {
		cfg.Name = DefaultStream
	}
	if cfg.Replicas <= 0 {
		cfg.Replicas = 1
	}
	js, err := jetstream.New(link.Conn)
	if err != nil {
		return nil, err
	}
	return &Publisher{link: link, js: js, cfg: cfg}, nil
}

// Stream is the stream's name.
func (p *Publisher) Stream() string { return p.cfg.Name }

// Publish stores one accepted message and returns once JetStream has
// acknowledged it. Errors are *PublishError saying what to answer.
func (p *Publisher) Publish(ctx context.Context, d Delivery) error {
	if !p.link.Connected() {
		return unavailable("NATS unavailable: " + p.link.Err())
	}
	ctx, cancel := context.WithTimeout(ctx, publishWait)
	defer cancel()
	if err := p.ensureStream(ctx); err != nil {
		return unavailable(err.Error())
	}
	msg := nats.NewMsg(Subject(d.Topic))
	msg.Data = d.Body
	msg.Header.Set(jetstream.MsgIDHeader, MsgID(d.Body))
	msg.Header.Set(HeaderReceived, d.Received.UTC().Format(time.RFC3339Nano))
	msg.Header.Set(HeaderRemote, d.Remote)
	if max := p.link.Conn.MaxPayload(); max > 0 && int64(len(d.Body)+headerSize(msg)) > max {
		return tooLarge(max)
	}
	_, err := p.js.PublishMsg(ctx, msg, jetstream.WithExpectStream(p.cfg.Name))
	switch {
	case err == nil:
		return nil
	case errors.Is(err, nats.ErrMaxPayload):
		return tooLarge(p.link.Conn.MaxPayload())
	case errors.Is(err, jetstream.ErrNoStreamResponse), errors.Is(err, jetstream.ErrStreamNotFound):
		// The stream may have been deleted: look for it again next time.
		p.forgetStream(err)
	}
	return unavailable("stream " + p.cfg.Name + " did not acknowledge: " + strings.TrimPrefix(err.Error(), "nats: "))
}

// headerSize is what msg's headers add on the wire, so a body just under
// max_payload is not refused by the server after all.
func headerSize(msg *nats.Msg) int {
	n := len("NATS/1.0\r\n\r\n")
	for k, vs := range msg.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// ensureStream finds the stream, creating it when it is missing.
func (p *Publisher) ensureStream(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ready {
		return nil
	}
	_, err := p.js.Stream(ctx, p.cfg.Name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		_, err = p.js.CreateStream(ctx, jetstream.StreamConfig{
			Name:        p.cfg.Name,
			Description: "Mist webhooks, written by mistwatch relay",
			Subjects:    []string{SubjectPrefix + ">"},
			MaxAge:      p.cfg.MaxAge,
			MaxBytes:    orUnlimited(p.cfg.MaxBytes),
			Replicas:    p.cfg.Replicas,
			Storage:     jetstream.FileStorage,
			Duplicates:  dupWindow(p.cfg.MaxAge),
		})
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) { // another relay won the race
			err = nil
		}
	}
	if err != nil {
		p.streamOK = fmt.Errorf("stream %s: %v", p.cfg.Name, strings.TrimPrefix(err.Error(), "nats: "))
		return p.streamOK
	}
	p.ready, p.streamOK = true, nil
	return nil
}

func (p *Publisher) forgetStream(err error) {
	p.mu.Lock()
	p.ready = false
	p.streamOK = fmt.Errorf("stream %s: %v", p.cfg.Name, err)
	p.mu.Unlock()
}

// Check says why the relay cannot store messages right now, or nil. It
// looks the stream up when it is not known yet, so /healthz turns healthy
// without waiting for a webhook.
func (p *Publisher) Check(ctx context.Context) error {
	if !p.link.Connected() {
		return errors.New("NATS unavailable: " + p.link.Err())
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return p.ensureStream(ctx)
}

// Health is the relay's part of /healthz.
func (p *Publisher) Health() map[string]any {
	return map[string]any{
		"nats_server":    p.link.Server(),
		"nats_connected": p.link.Connected(),
		"stream":         p.cfg.Name,
	}
}

func orUnlimited(n int64) int64 {
	if n <= 0 {
		return -1
	}
	return n
}

// dupWindow is JetStream's default two minutes, shortened when the stream
// keeps messages for less (the server refuses a window past MaxAge).
func dupWindow(maxAge time.Duration) time.Duration {
	if maxAge > 0 && maxAge < 2*time.Minute {
		return maxAge
	}
	return 2 * time.Minute
}

// PublishError is a publish that failed, with the HTTP answer it calls for.
type PublishError struct {
	Status int    // 503, or 413 for a body over the server's max_payload
	Reason string // one of Reasons
	Text   string
}

func (e *PublishError) Error() string { return e.Text }

func unavailable(text string) error {
	return &PublishError{Status: 503, Reason: ReasonNotStored, Text: text}
}

func tooLarge(max int64) error {
	return &PublishError{Status: 413, Reason: ReasonTooLarge,
		Text: "body over the NATS server's max_payload of " + sizeText(max) + " (raise max_payload in the server's config)"}
}
