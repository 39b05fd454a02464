package receiver

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// A record file on a full disk: every POST is answered 500 and counted as
// rejected, /healthz says why, and Err clears once a write works again.
func TestRecordFailingIsSeen(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full here")
	}
	rec, err := NewRecorder("/dev/full")
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	h := NewHandler(Config{Recorder: rec}, make(chan []model.Event, 4))
	if rec.Err() != nil {
		t.Fatalf("Err before any write: %v", rec.Err())
	}
	w := post(h, "POST", "/", []byte(`{"topic":"ping","events":[{"x":1}]}`), nil)
	if w.Code != 500 || !errors.Is(rec.Err(), syscall.ENOSPC) {
		t.Fatalf("on a full disk: %d, Err %v; want 500 and ENOSPC", w.Code, rec.Err())
	}
	if s := h.Stats(); s.RejectedTotal != 1 || s.Rejected[ReasonRecordFailed] != 1 {
		t.Errorf("record-failed not counted as rejected: %+v", s)
	}
	var health struct {
		RecordError string `json:"record_error"`
	}
	_ = json.Unmarshal(post(h, "GET", "/healthz", nil, nil).Body.Bytes(), &health)
	if !strings.Contains(health.RecordError, "no space left on device") {
		t.Errorf("/healthz record_error %q", health.RecordError)
	}
	// The disk has room again.
	good, err := os.CreateTemp(t.TempDir(), "rec")
	if err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	rec.f.Close()
	rec.f = good
	rec.mu.Unlock()
	if err := rec.Record(time.Now(), []byte(`{"topic":"ping","events":[]}`)); err != nil || rec.Err() != nil {
		t.Fatalf("after a good write: %v, Err %v", err, rec.Err())
	}
}
