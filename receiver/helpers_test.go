package receiver

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// samplesDir holds the shared Mist payloads; the repo is checked out with
// shared/ beside it.
const samplesDir = "../../shared/samples"

// guard bounds how long a test waits for something that must happen; it is
// a hang guard, never a timing assertion (generous: a JetStream server
// restarting on a loaded 2-core machine took over 10 s).
const guard = 30 * time.Second

func sample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(samplesDir, name))
	if os.IsNotExist(err) {
		skipUnlessCI(t, "sample "+name+" not found (shared/ not checked out beside the repo)")
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// allSamples returns every sample file by name, sorted.
func allSamples(t testing.TB) map[string][]byte {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(samplesDir, "*.json"))
	if len(names) == 0 {
		skipUnlessCI(t, "no samples in "+samplesDir)
	}
	sort.Strings(names)
	out := map[string][]byte{}
	for _, n := range names {
		out[filepath.Base(n)] = sample(t, filepath.Base(n))
	}
	return out
}

// hmacSHA256 and hmacSHA1 compute signatures straight from crypto/hmac, so
// the tests do not trust the code under test to sign.
func hmacSHA256(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

func hmacSHA1(secret string, body []byte) string {
	m := hmac.New(sha1.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// post runs one request through h and returns the recorded response.
func post(h http.Handler, method, path string, body []byte, hdr map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.RemoteAddr = "127.0.0.1:5555"
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// recvBatch waits for one batch or fails the test after the hang guard.
func recvBatch(t *testing.T, ch <-chan []model.Event) []model.Event {
	t.Helper()
	select {
	case b := <-ch:
		return b
	case <-time.After(guard):
		t.Fatal("no batch arrived")
		return nil
	}
}

// eventually polls cond until it holds or the hang guard runs out.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(guard)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never happened: %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// compactRaw makes events comparable whatever whitespace their raw JSON had.
func compactRaw(t testing.TB, evs []model.Event) []model.Event {
	t.Helper()
	out := make([]model.Event, len(evs))
	for i, e := range evs {
		var b bytes.Buffer
		if err := json.Compact(&b, e.Raw); err != nil {
			t.Fatalf("event %d raw: %v", i, err)
		}
		e.Raw = b.Bytes()
		out[i] = e
	}
	return out
}

// fixedNow is the clock injected into handlers under test.
var fixedNow = time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)

func clock() time.Time { return fixedNow }

func contextWithCancel(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithCancel(r.Context())
}

// skipUnlessCI skips a test whose fixtures (../shared) are missing, except
// under CI, where a missing fixture must fail rather than pass untested.
func skipUnlessCI(t testing.TB, why string) {
	t.Helper()
	if ci := os.Getenv("CI"); ci != "" && ci != "false" && ci != "0" {
		t.Fatalf("%s, and CI=%s must run this test", why, ci)
	}
	t.Skip(why)
}
