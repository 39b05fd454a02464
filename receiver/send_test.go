package receiver

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mistwatch/mistwatch/model"
)

func TestSign(t *testing.T) {
	// RFC 4231 test case 2: a known answer computed outside this code.
	const rfc4231 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
	if got := Sign("Jefe", []byte("what do ya want for nothing?")); got != rfc4231 {
		t.Errorf("Sign = %s, want %s", got, rfc4231)
	}
	body := sample(t, "client-join.captured.json")
	if got := Sign("secret", body); got != hmacSHA256("secret", body) {
		t.Errorf("Sign = %s, crypto/hmac says %s", got, hmacSHA256("secret", body))
	}
}

func TestSendSigned(t *testing.T) {
	body := sample(t, "client-join.captured.json")
	const secret = "s3cret"
	var got *http.Request
	var gotBody []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		gotBody, _ = io.ReadAll(r.Body)
		io.WriteString(w, "ok 1 event\n")
	}))
	defer srv.Close()

	if err := Send(context.Background(), srv.Client(), srv.URL+"/mist", secret, body); err != nil {
		t.Fatal(err)
	}
	checks := map[string][2]string{
		"method":       {got.Method, "POST"},
		"path":         {got.URL.Path, "/mist"},
		"content type": {got.Header.Get("Content-Type"), "application/json"},
		"user agent":   {got.Header.Get("User-Agent"), "mistwatch-send"},
		"v2 signature": {got.Header.Get("X-Mist-Signature-v2"), hmacSHA256(secret, body)},
		"v1 signature": {got.Header.Get("X-Mist-Signature"), hmacSHA1(secret, body)},
		"body":         {string(gotBody), string(body)},
	}
	for what, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", what, c[0], c[1])
		}
	}
}

func TestSendUnsigned(t *testing.T) {
	var hdr http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hdr = r.Header }))
	defer srv.Close()
	if err := Send(context.Background(), nil, srv.URL, "", []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if hdr.Get("X-Mist-Signature-v2") != "" || hdr.Get("X-Mist-Signature") != "" {
		t.Errorf("signature headers sent without a secret: %v", hdr)
	}
}

// Send and Handler agree on signing, and a refusal's reason reaches the user.
func TestSendToHandler(t *testing.T) {
	body := sample(t, "zone.postman-doc.json")
	ch := make(chan []model.Event, 4)
	h := NewHandler(Config{Secret: "k"}, ch)
	srv := httptest.NewServer(h)
	defer srv.Close()
	if err := Send(context.Background(), srv.Client(), srv.URL, "k", body); err != nil {
		t.Fatalf("signed send: %v", err)
	}
	if len(ch) != 1 || h.Stats().Events != 3 {
		t.Errorf("handler got %d batches, stats %+v", len(ch), h.Stats())
	}
	err := Send(context.Background(), srv.Client(), srv.URL, "wrong", body)
	if err == nil || err.Error() != "send: 401 Unauthorized: bad signature" {
		t.Errorf("wrong secret: %v", err)
	}
	err = Send(context.Background(), srv.Client(), srv.URL, "", body)
	if err == nil || !strings.Contains(err.Error(), "missing X-Mist-Signature-v2") {
		t.Errorf("no secret: %v", err)
	}
}

func TestSendNon2xx(t *testing.T) {
	tests := []struct {
		status int
		body   string
		want   string
	}{
		{500, "disk full\nsecond line\n", "send: 500 Internal Server Error: disk full"},
		{404, "", "send: 404 Not Found"},
		{503, "  overloaded: dashboard is not keeping up  ", "send: 503 Service Unavailable: overloaded: dashboard is not keeping up"},
		{400, "evil \x1b[2Jtext", "send: 400 Bad Request: evil text"},
		{302, "moved", "send: 302 Found: moved"},
	}
	for _, tc := range tests {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if tc.status == 302 {
				w.Header().Set("Location", "")
			}
			w.WriteHeader(tc.status)
			io.WriteString(w, tc.body)
		}))
		err := Send(context.Background(), srv.Client(), srv.URL, "", []byte(`{}`))
		srv.Close()
		if err == nil || err.Error() != tc.want {
			t.Errorf("status %d: err = %v, want %q", tc.status, err, tc.want)
		}
	}
}

func TestSendErrors(t *testing.T) {
	if err := Send(context.Background(), nil, "://bad", "", nil); err == nil {
		t.Error("bad URL: no error")
	}
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	if err := Send(context.Background(), nil, url, "", nil); err == nil || !strings.HasPrefix(err.Error(), "send: ") {
		t.Errorf("closed server: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Send(ctx, nil, "http://127.0.0.1:1", "", nil); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("cancelled: %v", err)
	}
}
