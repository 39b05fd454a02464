package receiver

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/mistwatch/mistwatch/receiver/natstest"
)

func TestSubject(t *testing.T) {
	for topic, want := range map[string]string{
		"client-join":     "mist.client-join",
		"client_sessions": "mist.client-sessions",
		" Zone ":          "mist.zone",
		"a.b>c *d":        "mist.a_b_c__d",
		"":                "mist.unknown",
		"\x1b[2J":         "mist.unknown", // nothing left once sanitised
		"läge":            "mist.l__ge",   // one _ per byte outside [a-z0-9-]
	} {
		if got := Subject(topic); got != want {
			t.Errorf("Subject(%q) = %q, want %q", topic, got, want)
		}
	}
}

// relayFor is a relay handler publishing to the stream over a fresh link.
func relayFor(t *testing.T, url string, cfg StreamConfig) (*Handler, *Publisher) {
	t.Helper()
	link, err := DialNATS(NATSConfig{URL: url, Name: t.Name()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(link.Close)
	pub, err := NewPublisher(link, cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := NewHandler(Config{Secret: "s3cret", Now: clock, Publish: pub.Publish, Ready: pub.Check, Health: pub.Health}, nil)
	return h, pub
}

func signedPost(h http.Handler, body []byte) (int, string) {
	w := post(h, http.MethodPost, "/", body, map[string]string{"X-Mist-Signature-v2": hmacSHA256("s3cret", body)})
	return w.Code, strings.TrimSpace(w.Body.String())
}

// streamMessages reads every message the stream holds.
func streamMessages(t *testing.T, url, stream string) []*jetstream.RawStreamMsg {
	t.Helper()
	js := jetStreamClient(t, url)
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	var out []*jetstream.RawStreamMsg
	for seq := uint64(1); seq <= s.CachedInfo().State.LastSeq; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatalf("seq %d: %v", seq, err)
		}
		out = append(out, m)
	}
	return out
}

func TestRelayStoresBodyByteForByte(t *testing.T) {
	srv := natstest.Run(t)
	h, _ := relayFor(t, srv.URL(), StreamConfig{Name: "MIST", MaxAge: time.Hour})
	body := []byte("{ \"topic\" : \"client_join\",\n \"events\": [{\"mac\":\"aabbccddeeff\",\"ssid\":\"\\u001b[2Jx\"}] }")
	if code, text := signedPost(h, body); code != 200 {
		t.Fatalf("POST = %d %s, want 200", code, text)
	}
	// 200 came after the ack, so the message is there without waiting.
	msgs := streamMessages(t, srv.URL(), "MIST")
	if len(msgs) != 1 {
		t.Fatalf("stream holds %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if string(m.Data) != string(body) {
		t.Errorf("stored body %q, want the posted bytes %q", m.Data, body)
	}
	if m.Subject != "mist.client-join" {
		t.Errorf("subject %q, want mist.client-join", m.Subject)
	}
	if got := m.Header.Get(jetstream.MsgIDHeader); got != MsgID(body) || len(got) != 64 {
		t.Errorf("Nats-Msg-Id %q, want the body's sha256 %q", got, MsgID(body))
	}
	if got := m.Header.Get(HeaderReceived); got != fixedNow.Format(time.RFC3339Nano) {
		t.Errorf("%s = %q, want an RFC 3339 time", HeaderReceived, got)
	}
	if got := m.Header.Get(HeaderRemote); got != "127.0.0.1:5555" {
		t.Errorf("%s = %q, want the sender's address", HeaderRemote, got)
	}

	// The stream was created with the relay's settings.
	js := jetStreamClient(t, srv.URL())
	s, err := js.Stream(context.Background(), "MIST")
	if err != nil {
		t.Fatal(err)
	}
	cfg := s.CachedInfo().Config
	if cfg.MaxAge != time.Hour || cfg.Replicas != 1 || len(cfg.Subjects) != 1 || cfg.Subjects[0] != "mist.>" {
		t.Errorf("created stream: max_age %v replicas %d subjects %v; want 1h, 1, [mist.>]", cfg.MaxAge, cfg.Replicas, cfg.Subjects)
	}
}

func TestRelayRefusalsPublishNothing(t *testing.T) {
	srv := natstest.Run(t)
	h, _ := relayFor(t, srv.URL(), StreamConfig{})
	good := []byte(`{"topic":"zone","events":[{"zone_id":"z"}]}`)
	for _, c := range []struct {
		name string
		body []byte
		sig  string
		want int
	}{
		{"bad signature", good, "00", 401},
		{"not json", []byte(`nope`), hmacSHA256("s3cret", []byte(`nope`)), 400},
		{"no topic", []byte(`{"events":[]}`), hmacSHA256("s3cret", []byte(`{"events":[]}`)), 400},
	} {
		w := post(h, http.MethodPost, "/", c.body, map[string]string{"X-Mist-Signature-v2": c.sig})
		if w.Code != c.want {
			t.Errorf("%s: %d, want %d", c.name, w.Code, c.want)
		}
	}
	if code, _ := signedPost(h, good); code != 200 {
		t.Fatalf("good POST = %d", code)
	}
	if msgs := streamMessages(t, srv.URL(), "MIST"); len(msgs) != 1 {
		t.Errorf("stream holds %d messages, want only the good one", len(msgs))
	}
}

func TestRelayDeduplicatesByBody(t *testing.T) {
	srv := natstest.Run(t)
	// Two relays, as behind a load balancer, both given the same delivery.
	h1, _ := relayFor(t, srv.URL(), StreamConfig{})
	h2, _ := relayFor(t, srv.URL(), StreamConfig{})
	body := []byte(`{"topic":"client-join","events":[{"mac":"001122334455"}]}`)
	other := []byte(`{"topic":"client-join","events":[{"mac":"001122334466"}]}`)
	for _, h := range []*Handler{h1, h2, h1} {
		if code, text := signedPost(h, body); code != 200 {
			t.Fatalf("POST = %d %s", code, text)
		}
	}
	if code, _ := signedPost(h2, other); code != 200 {
		t.Fatal("other POST failed")
	}
	msgs := streamMessages(t, srv.URL(), "MIST")
	if len(msgs) != 2 || string(msgs[0].Data) != string(body) || string(msgs[1].Data) != string(other) {
		t.Fatalf("stream holds %d messages, want the repeated one once and the other", len(msgs))
	}
}

func TestRelayUsesExistingStreamAsIs(t *testing.T) {
	srv := natstest.Run(t)
	js := jetStreamClient(t, srv.URL())
	ctx := context.Background()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "OPS", Subjects: []string{"mist.>"}, MaxAge: 7 * time.Hour, MaxMsgs: 1000}); err != nil {
		t.Fatal(err)
	}
	h, _ := relayFor(t, srv.URL(), StreamConfig{Name: "OPS", MaxAge: time.Minute, Replicas: 1})
	if code, text := signedPost(h, []byte(`{"topic":"zone","events":[]}`)); code != 200 {
		t.Fatalf("POST = %d %s", code, text)
	}
	s, _ := js.Stream(ctx, "OPS")
	if cfg := s.CachedInfo().Config; cfg.MaxAge != 7*time.Hour || cfg.MaxMsgs != 1000 {
		t.Errorf("existing stream changed: max_age %v max_msgs %d", cfg.MaxAge, cfg.MaxMsgs)
	}
	if n := s.CachedInfo().State.Msgs; n != 1 {
		t.Errorf("stream holds %d messages, want 1", n)
	}
}

func TestRelayBodyOverMaxPayloadIs413(t *testing.T) {
	srv := natstest.Run(t, func(o *server.Options) { o.MaxPayload = 4096 })
	h, _ := relayFor(t, srv.URL(), StreamConfig{})
	big := []byte(`{"topic":"zone","events":[{"pad":"` + strings.Repeat("x", 5000) + `"}]}`)
	code, text := signedPost(h, big)
	if code != 413 || !strings.Contains(text, "max_payload of 4 KiB") {
		t.Fatalf("POST of %d bytes = %d %q, want 413 naming max_payload of 4 KiB", len(big), code, text)
	}
	if st := h.Stats(); st.Rejected[ReasonTooLarge] != 1 {
		t.Errorf("too-large count %d, want 1", st.Rejected[ReasonTooLarge])
	}
	// A body that fits still goes through afterwards.
	if code, _ := signedPost(h, []byte(`{"topic":"zone","events":[]}`)); code != 200 {
		t.Errorf("small POST after 413 = %d, want 200", code)
	}
}

func healthOf(t *testing.T, h http.Handler) (int, map[string]any) {
	t.Helper()
	w := post(h, http.MethodGet, "/healthz", nil, nil)
	var body map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatalf("healthz body %q: %v", w.Body.String(), err)
	}
	return w.Code, body
}

// NATS down when the relay starts: 503 and a /healthz that says why, then
// service without a restart once NATS is up.
func TestRelayNATSDownAtStartThenRecovers(t *testing.T) {
	srv := natstest.Run(t)
	srv.Shutdown()
	h, _ := relayFor(t, srv.URL(), StreamConfig{})
	body := []byte(`{"topic":"zone","events":[{"zone_id":"z1"}]}`)
	code, text := signedPost(h, body)
	if code != 503 || !strings.Contains(text, "NATS unavailable") {
		t.Fatalf("POST with NATS down = %d %q, want 503 NATS unavailable", code, text)
	}
	hc, hb := healthOf(t, h)
	if hc != 503 || !strings.Contains(fmt.Sprint(hb["not_ready"]), srv.URL()[len("nats://"):]) {
		t.Errorf("healthz with NATS down = %d %v, want 503 naming the server", hc, hb["not_ready"])
	}
	if st := h.Stats(); st.Rejected[ReasonNotStored] != 1 || st.Messages != 0 {
		t.Errorf("stats: not-stored %d accepted %d, want 1 and 0", st.Rejected[ReasonNotStored], st.Messages)
	}
	srv.Start()
	eventually(t, "relay serves 200 after NATS came up", func() bool {
		code, _ := signedPost(h, body)
		return code == 200
	})
	if hc, hb := healthOf(t, h); hc != 200 || hb["nats_connected"] != true {
		t.Errorf("healthz after recovery = %d %v", hc, hb)
	}
	if msgs := streamMessages(t, srv.URL(), "MIST"); len(msgs) != 1 {
		t.Errorf("stream holds %d messages, want 1", len(msgs))
	}
}

func TestRelayNATSLostMidwayAnswers503NotOK(t *testing.T) {
	srv := natstest.Run(t)
	h, _ := relayFor(t, srv.URL(), StreamConfig{})
	if code, _ := signedPost(h, []byte(`{"topic":"zone","events":[{"n":1}]}`)); code != 200 {
		t.Fatal("first POST failed")
	}
	srv.Shutdown()
	for i := 2; i < 5; i++ {
		if code, text := signedPost(h, []byte(fmt.Sprintf(`{"topic":"zone","events":[{"n":%d}]}`, i))); code != 503 {
			t.Fatalf("POST %d with NATS gone = %d %q, want 503", i, code, text)
		}
	}
	srv.Start()
	eventually(t, "relay recovers", func() bool {
		code, _ := signedPost(h, []byte(`{"topic":"zone","events":[{"n":9}]}`))
		return code == 200
	})
	// The store survived the restart; nothing answered 503 was stored.
	msgs := streamMessages(t, srv.URL(), "MIST")
	if len(msgs) != 2 {
		t.Fatalf("stream holds %d messages, want the two answered 200", len(msgs))
	}
}

func TestDialNATSWrongCredentials(t *testing.T) {
	srv := natstest.Run(t, func(o *server.Options) { o.Username, o.Password = "relay", "right" })
	url := strings.Replace(srv.URL(), "nats://", "nats://relay:wrong@", 1)
	_, err := DialNATS(NATSConfig{URL: url})
	if err == nil {
		t.Fatal("dial with a wrong password succeeded")
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.Contains(msg, "127.0.0.1") || !strings.Contains(strings.ToLower(msg), "authorization") || strings.Contains(msg, "wrong") {
		t.Errorf("error %q: want one line naming the server and the refusal, without the password", msg)
	}
	if _, err := DialNATS(NATSConfig{URL: srv.URL(), Creds: "/nonexistent/x.creds"}); err == nil || !strings.Contains(err.Error(), "x.creds") {
		t.Errorf("missing creds file: %v, want an error naming it", err)
	}
}

// With three replicas, losing the stream leader costs at most a few 503s
// while a new one is elected; every 200 is stored, once.
func TestRelayClusterSurvivesLeaderLoss(t *testing.T) {
	c := natstest.RunCluster(t, 3)
	h, _ := relayFor(t, c.URLs(), StreamConfig{Replicas: 3})
	ok := map[int]bool{}
	send := func(i int) int {
		code, _ := signedPost(h, []byte(fmt.Sprintf(`{"topic":"zone","events":[{"n":%d}]}`, i)))
		if code == 200 {
			ok[i] = true
		} else if code != 503 {
			t.Fatalf("POST %d = %d, want 200 or 503", i, code)
		}
		return code
	}
	for i := 0; i < 20; i++ {
		send(i)
	}
	leader := c.StreamLeader("MIST")
	if leader == nil {
		t.Fatal("no stream leader")
	}
	leader.Shutdown()
	i := 20
	eventually(t, "a new leader stores again", func() bool { i++; return send(i) == 200 })
	leader.Start()
	for j := i + 1; j < i+20; j++ {
		send(j)
	}
	eventually(t, "a new leader", func() bool { return c.StreamLeader("MIST") != nil })
	stored := map[int]int{}
	for _, m := range streamMessages(t, c.URLs(), "MIST") {
		var v struct{ Events []struct{ N int } }
		if err := json.Unmarshal(m.Data, &v); err != nil {
			t.Fatal(err)
		}
		stored[v.Events[0].N]++
	}
	for n := range ok {
		if stored[n] != 1 {
			t.Errorf("event %d answered 200 is stored %d times, want 1", n, stored[n])
		}
	}
	for n, k := range stored {
		if k > 1 {
			t.Errorf("event %d stored %d times", n, k)
		}
	}
}

// A stream deleted under a running relay costs one 503; the next webhook
// finds it missing and creates it again.
func TestRelayRecreatesDeletedStream(t *testing.T) {
	srv := natstest.Run(t)
	h, _ := relayFor(t, srv.URL(), StreamConfig{})
	if code, _ := signedPost(h, []byte(`{"topic":"zone","events":[{"n":1}]}`)); code != 200 {
		t.Fatal("first POST failed")
	}
	js := jetStreamClient(t, srv.URL())
	if err := js.DeleteStream(context.Background(), "MIST"); err != nil {
		t.Fatal(err)
	}
	if code, text := signedPost(h, []byte(`{"topic":"zone","events":[{"n":2}]}`)); code != 503 {
		t.Fatalf("POST into a deleted stream = %d %q, want 503", code, text)
	}
	if code, text := signedPost(h, []byte(`{"topic":"zone","events":[{"n":3}]}`)); code != 200 {
		t.Fatalf("POST after = %d %q, want 200 (stream created again)", code, text)
	}
	if msgs := streamMessages(t, srv.URL(), "MIST"); len(msgs) != 1 || !strings.Contains(string(msgs[0].Data), `"n":3`) {
		t.Fatalf("recreated stream holds %d messages, want only n=3", len(msgs))
	}
}
