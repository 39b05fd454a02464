package modeltest_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/model/modeltest"
)

// TestLoadMessagesAreDistinct: every event the load sends decodes, no two
// are alike (dedupe cannot help the receiver), and the topic alternates
// every message.
func TestLoadMessagesAreDistinct(t *testing.T) {
	seen := map[string]bool{}
	for first := uint64(0); first < 40; first += 10 {
		var b bytes.Buffer
		modeltest.LoadMessage(&b, first, 10)
		_, evs, err := model.DecodeMessage(b.Bytes(), time.Now())
		if err != nil || len(evs) != 10 {
			t.Fatalf("message at %d: %v, %d events", first, err, len(evs))
		}
		want := "client-join"
		if first/10%2 == 1 {
			want = "client-sessions"
		}
		for _, e := range evs {
			if seen[string(e.Raw)] || seen[e.MAC] {
				t.Fatalf("event repeated: %s", e.Raw)
			}
			seen[string(e.Raw)], seen[e.MAC] = true, true
			if e.Topic != want {
				t.Fatalf("message at %d: topic %q, want %q", first, e.Topic, want)
			}
		}
	}
}
