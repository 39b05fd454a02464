package receiver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/model/modeltest"
)

// BenchmarkHandler measures the whole accept path for a client-join: read,
// verify the signature, decode, hand off to a drained channel.
func BenchmarkHandler(b *testing.B) {
	body := sample(b, "client-join.captured.json")
	const secret = "bench"
	sig := hmacSHA256(secret, body)
	h := drainedHandler(b, secret)

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

// tenEvents is a 10-event client-join message, every event distinct.
func tenEvents() []byte {
	var b bytes.Buffer
	b.WriteString(`{"topic":"client-join","events":[`)
	for i := range 10 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"seq":%d,"mac":"70ef%08x","ap":"5c5b35%06x","ap_name":"AP43 Floor %d","band":"5","channel":36,`+
			`"org_id":"6748cfa6-4e12-11e6-8f42-0242ac110008","site_id":"d761985e-49b1-4506-8f42-0242ac110008","site_name":"HQ",`+
			`"ssid":"corp","rssi":-%d,"timestamp":%d,"client_family":"iPhone","client_os":"17.1","client_manufacture":"Apple"}`,
			i, i, i, i, 40+i, 1700000000+i)
	}
	b.WriteString("]}")
	return b.Bytes()
}

// BenchmarkHandlerTen is the accept path (signature, decode, hand-off) for
// a 10-event message, beside BenchmarkHandlerReference: the naive receiver's
// handler (read all, encoding/json into map[string]any) on the same body.
func BenchmarkHandlerTen(b *testing.B) {
	body := tenEvents()
	const secret = "bench"
	sig := hmacSHA256(secret, body)
	h := drainedHandler(b, secret)
	benchServe(b, h, body, map[string]string{HeaderSignatureV2: sig})
}

func BenchmarkHandlerReference(b *testing.B) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		var m map[string]any
		if err == nil {
			err = json.Unmarshal(body, &m)
		}
		if err != nil {
			http.Error(w, err.Error(), 400)
		}
	})
	benchServe(b, h, tenEvents(), nil)
}

func benchServe(b *testing.B, h http.Handler, body []byte, hdr map[string]string) {
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
	b.ReportMetric(float64(b.N*10)/b.Elapsed().Seconds(), "events/s")
}

// drainedHandler is a handler whose events channel is read and dropped.
func drainedHandler(b *testing.B, secret string) *Handler {
	ch := make(chan []model.Event, 1024)
	go func() {
		for range ch {
		}
	}()
	b.Cleanup(func() { close(ch) })
	return NewHandler(Config{Secret: secret}, ch)
}

// BenchmarkStreamPiece reads and decodes one 4 MiB piece of a record file
// of 10-event client-join messages, as a dashboard replay's stream workers
// do.
func BenchmarkStreamPiece(b *testing.B) {
	var data []byte
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for i := 0; len(data) < defaultChunk; i++ {
		var evs []string
		for j := range 10 {
			n := i*10 + j
			evs = append(evs, fmt.Sprintf(`{"ap":"5c5b%08x","ap_name":"AP %d","band":"5","mac":"a8%010x","rssi":-%d,"site_id":"%08x-0000-4000-8000-0000000e2e00","site_name":"Site %d","ssid":"Corp","timestamp":1793610000,"version":2}`, n%2000, n%2000, n, 40+n%50, n%200, n%200))
		}
		data = fmt.Appendf(data, `{"received_at":%q,"message":{"topic":"client-join","events":[%s]}}`+"\n",
			at.Add(time.Duration(i)*time.Millisecond).Format(time.RFC3339Nano), strings.Join(evs, ","))
	}
	b.SetBytes(int64(len(data)))
	var events int
	var guess eventGuess // room for the events as the stream's workers make it
	for b.Loop() {
		p := (&piece{name: "bench", data: data}).parseWith(true, model.DecodeOptions{BodyKept: true}, guess.expect(len(data)))
		events = len(p.events)
		guess.learn(len(data), events)
	}
	b.ReportMetric(float64(events*b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkHandlerStore is the live path on one goroutine, from the
// request to the store, for the load tool's 10-event messages (every event
// distinct): the handler copying the body and the events (copy) beside it
// lending them to the store, which recycles them once stored (lend).
func BenchmarkHandlerStore(b *testing.B) {
	const ring = 4096
	bodies := make([][]byte, ring)
	for i := range bodies {
		bodies[i] = modeltest.LoadMessageBytes(i*10, 10)
	}
	for _, lend := range []bool{false, true} {
		name := map[bool]string{false: "copy", true: "lend"}[lend]
		b.Run(name, func(b *testing.B) {
			ch := make(chan []model.Event, 1)
			h := NewHandler(Config{Recycles: lend}, ch)
			store := model.NewStore(100000)
			store.Dedupe = false // the ring repeats its messages
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				req := httptest.NewRequest("POST", "/", bytes.NewReader(bodies[i%ring]))
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != 200 {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
				batch := <-ch
				store.Append(batch)
				model.Recycle(batch)
				i++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*10), "ns/event")
		})
	}
}
