package receiver

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/receiver/natstest"
)

// publishN stores n one-event messages numbered from first, as a relay would.
func publishN(t *testing.T, url, topic string, first, n int) {
	t.Helper()
	link, err := DialNATS(NATSConfig{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer link.Close()
	pub, _ := NewPublisher(link, StreamConfig{})
	for i := first; i < first+n; i++ {
		body := []byte(fmt.Sprintf(`{"topic":%q,"events":[{"mac":"%012x","n":%d}]}`, topic, i, i))
		d := Delivery{Topic: topic, Body: body, Received: fixedNow.Add(time.Duration(i) * time.Second), Remote: "10.0.0.1:1"}
		if err := pub.Publish(context.Background(), d); err != nil {
			t.Fatalf("publish %d: %v", i, err)
		}
	}
}

// startReader runs a StreamReader until the test ends.
func startReader(t *testing.T, url string, cfg ReadConfig, rec *Recorder) (*StreamReader, chan []model.Event) {
	t.Helper()
	link, err := DialNATS(NATSConfig{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	out := make(chan []model.Event, 16)
	r, err := NewStreamReader(link, cfg, out, rec)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done; link.Close() })
	return r, out
}

// collect reads events until n have arrived, returning their "n" fields.
func collect(t *testing.T, ch <-chan []model.Event, n int) []int {
	t.Helper()
	var got []int
	for len(got) < n {
		for _, e := range recvBatch(t, ch) {
			var v struct{ N int }
			if err := json.Unmarshal(e.Raw, &v); err != nil {
				t.Fatal(err)
			}
			got = append(got, v.N)
		}
	}
	return got
}

// noMore fails if another batch arrives within a short grace period.
func noMore(t *testing.T, ch <-chan []model.Event) {
	t.Helper()
	select {
	case b := <-ch:
		t.Fatalf("unexpected extra batch of %d events (first %s)", len(b), b[0].Raw)
	case <-time.After(300 * time.Millisecond):
	}
}

// jetStreamClient is a plain JetStream client of the server at url, not
// the code under test, closed when the test ends.
func jetStreamClient(t *testing.T, url string) jetstream.JetStream {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

func wantSeq(t *testing.T, got []int, from, to int) {
	t.Helper()
	if len(got) != to-from+1 {
		t.Fatalf("got %d events, want %d (%d..%d): %v", len(got), to-from+1, from, to, got)
	}
	for i, n := range got {
		if n != from+i {
			t.Fatalf("event %d is n=%d, want %d: a gap or a duplicate in %v", i, n, from+i, got)
		}
	}
}

func TestStreamReaderStartsAtNewAndResumesAcrossRestart(t *testing.T) {
	srv := natstest.Run(t)
	publishN(t, srv.URL(), "client-join", 1, 5) // before the dashboard: not shown
	r, ch := startReader(t, srv.URL(), ReadConfig{}, nil)
	// Attached, not merely no Down: that is so from the start, before the
	// reader has looked up where the stream ends, and what is published
	// before then it rightly counts as before its time.
	eventually(t, "reader attached", func() bool { return r.Status().Attached })
	publishN(t, srv.URL(), "client-join", 6, 20)
	wantSeq(t, collect(t, ch, 20), 6, 25)

	srv.Restart()
	publishN(t, srv.URL(), "client-join", 26, 20)
	wantSeq(t, collect(t, ch, 20), 26, 45)
	noMore(t, ch)
	if st := r.Status(); st.Seq != 45 || st.Stream != "MIST" || st.Messages != 40 {
		t.Errorf("status %+v, want seq 45, stream MIST, 40 messages", st)
	}
}

func TestStreamReaderWaitsForNATSThenCatchesUp(t *testing.T) {
	srv := natstest.Run(t)
	srv.Shutdown()
	r, ch := startReader(t, srv.URL(), ReadConfig{}, nil)
	eventually(t, "status says NATS is down", func() bool { return strings.Contains(r.Status().Down, "NATS unavailable") })
	srv.Start()
	publishN(t, srv.URL(), "zone", 1, 10)
	wantSeq(t, collect(t, ch, 10), 1, 10)
	eventually(t, "status clears", func() bool { return r.Status().Down == "" })
}

func TestStreamReaderSinceAndTopics(t *testing.T) {
	srv := natstest.Run(t)
	publishN(t, srv.URL(), "client-join", 1, 3)
	publishN(t, srv.URL(), "zone", 4, 3)
	publishN(t, srv.URL(), "client_sessions", 7, 3)
	_, ch := startReader(t, srv.URL(), ReadConfig{Since: time.Now().Add(-time.Hour), Topics: []string{"client-join", "client-sessions"}}, nil)
	got := collect(t, ch, 6)
	if fmt.Sprint(got) != "[1 2 3 7 8 9]" {
		t.Errorf("since an hour ago, topics join+sessions: got %v, want [1 2 3 7 8 9]", got)
	}
	noMore(t, ch)
}

func TestStreamReaderRecordsTheRecordFormat(t *testing.T) {
	srv := natstest.Run(t)
	publishN(t, srv.URL(), "zone", 1, 3)
	rec, path := newTestRecorder(t)
	_, ch := startReader(t, srv.URL(), ReadConfig{Since: time.Unix(0, 0)}, rec)
	collect(t, ch, 3)
	eventually(t, "three lines recorded", func() bool {
		b, _ := os.ReadFile(path)
		return strings.Count(string(b), "\n") == 3
	})
	msgs, bad, err := ReadFile(path)
	if err != nil || len(bad) > 0 || len(msgs) != 3 {
		t.Fatalf("recorded file: %d messages, bad %v, err %v", len(msgs), bad, err)
	}
	// The relay's receive time survives the trip, so a replay paces the same.
	if !msgs[1].Received.Equal(fixedNow.Add(2 * time.Second)) {
		t.Errorf("recorded received_at %v, want the relay's %v", msgs[1].Received, fixedNow.Add(2*time.Second))
	}
	if !strings.Contains(string(msgs[2].Body), `"n":3`) {
		t.Errorf("third message %s", msgs[2].Body)
	}
}

func TestReadWindow(t *testing.T) {
	srv := natstest.Run(t)
	publishN(t, srv.URL(), "zone", 1, 3)
	time.Sleep(20 * time.Millisecond)
	mid := time.Now()
	time.Sleep(20 * time.Millisecond)
	publishN(t, srv.URL(), "zone", 4, 3)
	time.Sleep(20 * time.Millisecond)
	end := time.Now()
	time.Sleep(20 * time.Millisecond)
	publishN(t, srv.URL(), "client-join", 7, 2)

	link, err := DialNATS(NATSConfig{URL: srv.URL()})
	if err != nil {
		t.Fatal(err)
	}
	defer link.Close()
	for _, c := range []struct {
		name   string
		topics []string
		w      Window
		want   string
	}{
		{"everything", nil, Window{}, "[1 2 3 4 5 6 7 8]"},
		{"since mid", nil, Window{Since: mid}, "[4 5 6 7 8]"},
		{"mid to end", nil, Window{Since: mid, Until: end}, "[4 5 6]"},
		{"joins only", []string{"client-join"}, Window{}, "[7 8]"},
		{"nothing matches", []string{"alarms"}, Window{}, "[]"},
	} {
		msgs, err := ReadWindow(context.Background(), link, "", c.topics, c.w)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var got []int
		for _, m := range msgs {
			var v struct{ Events []struct{ N int } }
			if err := json.Unmarshal(m.Body, &v); err != nil {
				t.Fatal(err)
			}
			got = append(got, v.Events[0].N)
		}
		if fmt.Sprint(got) == "[]" && c.want == "[]" {
			continue
		}
		if fmt.Sprint(got) != c.want {
			t.Errorf("%s: got %v, want %s", c.name, got, c.want)
		}
	}
	if _, err := ReadWindow(context.Background(), link, "NOPE", nil, Window{}); err == nil || !strings.Contains(err.Error(), "NOPE") {
		t.Errorf("missing stream: %v, want an error naming it", err)
	}
}

// A message another writer put on the stream that is not a webhook is
// skipped and counted; the reader goes on.
func TestStreamReaderSkipsForeignMessages(t *testing.T) {
	srv := natstest.Run(t)
	publishN(t, srv.URL(), "zone", 1, 1)
	js := jetStreamClient(t, srv.URL())
	if _, err := js.Publish(context.Background(), "mist.zone", []byte("\x1b[2Jgarbage")); err != nil {
		t.Fatal(err)
	}
	publishN(t, srv.URL(), "zone", 2, 1)
	r, ch := startReader(t, srv.URL(), ReadConfig{Since: time.Unix(0, 0)}, nil)
	wantSeq(t, collect(t, ch, 2), 1, 2)
	st := r.Status()
	if st.Bad != 1 || !strings.Contains(st.BadText, "seq 2") || strings.Contains(st.BadText, "\x1b") {
		t.Errorf("status bad=%d %q, want 1 sanitized, naming seq 2", st.Bad, st.BadText)
	}
}
