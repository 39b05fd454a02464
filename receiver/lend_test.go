package receiver

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/model/modeltest"
)

// A lent body is not reused while its events are out: a second request
// does not overwrite the first one's raw JSON before it is recycled.
func TestHandlerLendsBodiesUntilRecycled(t *testing.T) {
	ch := make(chan []model.Event, 2)
	h := NewHandler(Config{Recycles: true}, ch)
	before := model.Leases()
	first, second := modeltest.LoadMessageBytes(0, 10), modeltest.LoadMessageBytes(10, 10)
	for _, body := range [][]byte{first, second} {
		if w := post(h, "POST", "/", body, nil); w.Code != 200 || w.Body.String() != "ok 10 events\n" {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
	a, b := <-ch, <-ch
	if model.Leases() != before+2 {
		t.Errorf("Leases = %d, want %d: the handler did not lend both", model.Leases(), before+2)
	}
	if !bytes.Contains(first, a[0].Raw) || !bytes.Contains(second, b[0].Raw) || bytes.Equal(a[0].Raw, b[0].Raw) {
		t.Errorf("the first batch's raw JSON changed under it:\n%s\n%s", a[0].Raw, b[0].Raw)
	}
	model.Recycle(a)
	model.Recycle(b)
	if model.Leases() != before {
		t.Errorf("Leases = %d after recycling, want %d", model.Leases(), before)
	}
}

// A refused message's lease ends in the handler: nobody else will recycle it.
func TestHandlerRecyclesWhatItRefuses(t *testing.T) {
	ch := make(chan []model.Event) // never read: the hand-off times out
	h := NewHandler(Config{Recycles: true, EnqueueWait: time.Millisecond}, ch)
	before := model.Leases()
	if w := post(h, "POST", "/", modeltest.LoadMessageBytes(0, 10), nil); w.Code != 503 {
		t.Fatalf("status %d, want 503: %s", w.Code, w.Body)
	}
	h.Close()
	if w := post(h, "POST", "/", modeltest.LoadMessageBytes(10, 10), nil); w.Code != 503 {
		t.Fatalf("status %d after Close, want 503: %s", w.Code, w.Body)
	}
	if model.Leases() != before {
		t.Errorf("Leases = %d after two refusals, want %d", model.Leases(), before)
	}
}

// With a recorder the body is read after the hand-off, so it is copied,
// not lent, and the record holds it intact.
func TestHandlerDoesNotLendWhatItRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rec.ndjson")
	rec, err := NewRecorder(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rec.Close() })
	ch := make(chan []model.Event, 1)
	h := NewHandler(Config{Recycles: true, Recorder: rec}, ch)
	before := model.Leases()
	body := modeltest.LoadMessageBytes(0, 10)
	if w := post(h, "POST", "/", body, nil); w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	<-ch
	if model.Leases() != before {
		t.Errorf("Leases = %d, want %d: a recorded body was lent", model.Leases(), before)
	}
}
