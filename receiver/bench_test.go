package receiver

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"github.com/mistwatch/mistwatch/model"
)

// BenchmarkHandler measures the whole accept path for a client-join: read,
// verify the signature, decode, hand off to a drained channel.
func BenchmarkHandler(b *testing.B) {
	body := sample(b, "client-join.captured.json")
	const secret = "bench"
	sig := hmacSHA256(secret, body)
	ch := make(chan []model.Event, 1024)
	go func() {
		for range ch {
		}
	}()
	defer close(ch)
	h := NewHandler(Config{Secret: secret}, ch)

	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		req.Header.Set(HeaderSignatureV2, sig)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
	b.ReportMetric(float64(h.Stats().Events)/b.Elapsed().Seconds(), "events/s")
}
