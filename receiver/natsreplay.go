package receiver

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Window is a time range of a stream to replay; a zero end is open.
type Window struct {
	Since, Until time.Time
}

// ReadWindow reads the messages a stream stored within w (by the stream's
// own timestamps), as a replay file would give them, for a Player. It reads
// what the stream held when it was called and returns.
func ReadWindow(ctx context.Context, link *NATSLink, stream string, topics []string, w Window) ([]Message, error) {
	if stream == "" {
		stream = DefaultStream
	}
	if !link.Connected() {
		return nil, fmt.Errorf("NATS unavailable: %s", link.Err())
	}
	js, err := jetstream.New(link.Conn)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		return nil, fmt.Errorf("stream %s: %v", stream, strings.TrimPrefix(err.Error(), "nats: "))
	}
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: TopicSubjects(topics)}
	if !w.Since.IsZero() {
		since := w.Since
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &since
	}
	cons, err := s.OrderedConsumer(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("stream %s: %v", stream, err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("stream %s: %v", stream, err)
	}
	// NumPending counts what matched when the consumer was made: read that
	// many, so messages stored meanwhile do not make the replay endless.
	pending := int(info.NumPending)
	var msgs []Message
	for len(msgs) < pending {
		batch, err := cons.Fetch(min(pending-len(msgs), 1000), jetstream.FetchContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("stream %s: %v", stream, err)
		}
		n := 0
		for m := range batch.Messages() {
			n++
			meta, err := m.Metadata()
			if err != nil {
				return nil, err
			}
			if !w.Until.IsZero() && meta.Timestamp.After(w.Until) {
				return msgs, nil
			}
			msgs = append(msgs, Message{Received: receivedAt(m, meta.Timestamp), Line: int(meta.Sequence.Stream), Body: m.Data()})
		}
		if err := batch.Error(); err != nil {
			return nil, fmt.Errorf("stream %s: %v", stream, err)
		}
		if n == 0 {
			break // the stream lost messages to its limits while we read
		}
	}
	return msgs, nil
}
