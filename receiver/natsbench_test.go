package receiver

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/receiver/natstest"
)

// BenchmarkRelayThroughput posts signed one-event client-joins over real
// HTTP from parallel clients. "listener" hands them to a drained channel,
// as the dashboard does; "relay-R1" stores each in a JetStream stream on one
// in-process server before answering; "relay-R3" in a three-node cluster.
// Each body is distinct, so de-duplication stores every one. Compare the
// events/s of the three in the same run.
func BenchmarkRelayThroughput(b *testing.B) {
	ch := make(chan []model.Event, 1024)
	go func() {
		for range ch {
		}
	}()
	defer close(ch)
	b.Run("listener", func(b *testing.B) {
		benchPosts(b, NewHandler(Config{Secret: "bench"}, ch))
	})
	b.Run("relay-R1", func(b *testing.B) {
		srv := natstest.Run(b)
		benchPosts(b, benchRelay(b, srv.URL(), 1))
	})
	b.Run("relay-R3", func(b *testing.B) {
		c := natstest.RunCluster(b, 3)
		benchPosts(b, benchRelay(b, c.URLs(), 3))
	})
}

func benchRelay(b *testing.B, url string, replicas int) *Handler {
	link, err := DialNATS(NATSConfig{URL: url})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(link.Close)
	pub, err := NewPublisher(link, StreamConfig{Replicas: replicas})
	if err != nil {
		b.Fatal(err)
	}
	return NewHandler(Config{Secret: "bench", Publish: pub.Publish}, nil)
}

func benchPosts(b *testing.B, h *Handler) {
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var n atomic.Int64
	b.SetParallelism(8) // 8 senders per core, as Mist opens several connections
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			body := []byte(fmt.Sprintf(`{"topic":"client-join","events":[{"mac":"%012x","ssid":"Bench","rssi":-60,"ap":"5c5b35e2e001"}]}`, i))
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", bytes.NewReader(body))
			req.Header.Set(HeaderSignatureV2, hmacSHA256("bench", body))
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(h.Stats().Events)/b.Elapsed().Seconds(), "events/s")
}
