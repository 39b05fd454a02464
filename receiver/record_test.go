package receiver

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// Every sample posted through a recording handler comes back from the file
// as the same events, with the time it was received.
func TestRecordReplayRoundTrip(t *testing.T) {
	samples := allSamples(t)
	rec, path := newTestRecorder(t)
	ch := make(chan []model.Event, len(samples))
	h := NewHandler(Config{Recorder: rec, Now: clock}, ch)
	var names []string
	for name, body := range samples {
		if w := post(h, "POST", "/", body, nil); w.Code != 200 {
			t.Fatalf("%s: %d %q", name, w.Code, w.Body)
		}
		names = append(names, name)
	}
	msgs, lineErrs, err := ReadFile(path)
	if err != nil || len(lineErrs) != 0 {
		t.Fatalf("ReadFile: %v %v", err, lineErrs)
	}
	if len(msgs) != len(names) {
		t.Fatalf("%d messages read back, %d posted", len(msgs), len(names))
	}
	for i, m := range msgs {
		name := names[i]
		if !m.Received.Equal(fixedNow) || m.Line != i+1 {
			t.Errorf("%s: received %v line %d, want %v line %d", name, m.Received, m.Line, fixedNow, i+1)
		}
		wantTopic, want, err := model.DecodeMessage(samples[name], fixedNow)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		gotTopic, got, err := model.DecodeMessage(m.Body, m.Received)
		if err != nil {
			t.Fatalf("%s replayed: %v", name, err)
		}
		if gotTopic != wantTopic || len(got) != len(want) || len(got) == 0 {
			t.Fatalf("%s: topic %q with %d events, want %q with %d", name, gotTopic, len(got), wantTopic, len(want))
		}
		got, want = compactRaw(t, got), compactRaw(t, want)
		for j := range want {
			g, w := got[j], want[j]
			if g.Topic != w.Topic || g.MAC != w.MAC || g.RSSI != w.RSSI || !g.Time.Equal(w.Time) || !bytes.Equal(g.Raw, w.Raw) {
				t.Errorf("%s event %d: got %s %s %v %v, want %s %s %v %v", name, j, g.Topic, g.MAC, g.RSSI, g.Time, w.Topic, w.MAC, w.RSSI, w.Time)
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s event %d differs:\n got %+v\nwant %+v", name, j, g, w)
			}
		}
	}
}

func TestRecorderLineFormat(t *testing.T) {
	rec, path := newTestRecorder(t)
	if rec.Path() != path {
		t.Errorf("Path() = %q, want %q", rec.Path(), path)
	}
	at := time.Date(2024, 1, 2, 3, 4, 5, 600, time.FixedZone("CEST", 2*3600))
	body := []byte("{\n  \"topic\": \"ping\",\n  \"events\": [ {\"name\": \"a\\nb\"} ]\n}\n")
	if err := rec.Record(at, body); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	want := `{"received_at":"2024-01-02T01:04:05.0000006Z","message":{"topic":"ping","events":[{"name":"a\nb"}]}}` + "\n"
	if string(got) != want {
		t.Fatalf("line\n got %q\nwant %q", got, want)
	}
	var line struct {
		ReceivedAt time.Time       `json:"received_at"`
		Message    json.RawMessage `json:"message"`
	}
	if err := json.Unmarshal(got, &line); err != nil || !line.ReceivedAt.Equal(at) {
		t.Errorf("line does not parse back: %v %v", err, line.ReceivedAt)
	}
}

func TestRecorderRefusesInvalidJSON(t *testing.T) {
	rec, path := newTestRecorder(t)
	if err := rec.Record(fixedNow, []byte(`{"topic":"a","events":[]}`)); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	for _, b := range [][]byte{[]byte("not json"), []byte(`{"topic":`), nil} {
		if err := rec.Record(fixedNow, b); err == nil || !strings.Contains(err.Error(), "not valid JSON") {
			t.Errorf("Record(%q) = %v, want a not-valid-JSON error", b, err)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Errorf("invalid JSON changed the file: %q", after)
	}
}

func TestRecorderAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rec.ndjson")
	const old = `{"received_at":"2020-01-01T00:00:00Z","message":{"topic":"a","events":[]}}` + "\n"
	if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	rec, err := NewRecorder(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := rec.Record(fixedNow, []byte(`{"topic":"b","events":[]}`)); err != nil {
		t.Fatal(err)
	}
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(got), old) || strings.Count(string(got), "\n") != 2 {
		t.Fatalf("file not appended to: %q", got)
	}
}

func TestRecorderCreatesWith0644(t *testing.T) {
	_, path := newTestRecorder(t)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	// The umask may only take bits away.
	if fi.Mode().Perm()&^0o644 != 0 || fi.Mode().Perm()&0o600 != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
}

func TestNewRecorderUnwritable(t *testing.T) {
	dir := t.TempDir()
	for _, path := range []string{filepath.Join(dir, "missing", "rec.ndjson"), dir} {
		_, err := NewRecorder(path)
		if err == nil || !strings.Contains(err.Error(), "cannot record to "+path+": ") {
			t.Errorf("NewRecorder(%q) = %v", path, err)
		}
	}
}

func TestRecorderClosed(t *testing.T) {
	rec, _ := newTestRecorder(t)
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	if err := rec.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := rec.Record(fixedNow, []byte(`{}`)); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Record after Close = %v, want ErrClosed", err)
	}
}
