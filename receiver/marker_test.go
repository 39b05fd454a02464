package receiver

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// A marker is its own record line, read back as a marker between the
// messages around it, and refused nowhere else.
func TestRecordedMarkerReplays(t *testing.T) {
	rec, path := newTestRecorder(t)
	at := time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC)
	join := []byte(`{"topic":"client-join","events":[{"mac":"bc0963e1f4a2","rssi":-60}]}`)
	if err := rec.Record(at, join); err != nil {
		t.Fatal(err)
	}
	m, err := model.NewMarker(at.Add(time.Second), "Room 214, door open")
	if err != nil {
		t.Fatal(err)
	}
	if err := rec.RecordMarker(at.Add(time.Second), &m); err != nil {
		t.Fatal(err)
	}
	if err := rec.Record(at.Add(2*time.Second), join); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 3 || lines[1] != `{"received_at":"2026-12-02T09:30:01Z","marker":{"time":"2026-12-02T09:30:01Z","text":"Room 214, door open"}}` {
		t.Fatalf("record file:\n%s", data)
	}
	msgs, bad, err := ReadFile(path)
	if err != nil || len(bad) != 0 || len(msgs) != 3 {
		t.Fatalf("read back: %d messages, %v, %v", len(msgs), bad, err)
	}
	if msgs[0].Marker || !msgs[1].Marker || msgs[1].Line != 2 || !msgs[1].Received.Equal(at.Add(time.Second)) {
		t.Fatalf("messages %+v", msgs)
	}
	evs, err := msgs[1].Events(time.Now())
	if err != nil || len(evs) != 1 || evs[0].Kind != model.KindMarker || evs[0].Text != "Room 214, door open" ||
		!evs[0].Time.Equal(at.Add(time.Second)) {
		t.Fatalf("marker events %+v %v", evs, err)
	}

	// The player sends it in its place.
	out := make(chan []model.Event, 3)
	if err := NewPlayer(msgs, 0, out).Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	close(out)
	var topics []string
	for b := range out {
		for _, e := range b {
			topics = append(topics, e.Topic)
		}
	}
	if strings.Join(topics, ",") != "client-join,marker,client-join" {
		t.Errorf("played %v", topics)
	}
}

func TestBadMarkerLine(t *testing.T) {
	_, bad, err := ReadMessages("f", strings.NewReader(`{"received_at":"2026-12-02T09:30:01Z","marker":{"text":"no time"}}`+"\n"))
	if err != nil || len(bad) != 1 || !strings.Contains(bad[0].Error(), "f:1: marker: no time") {
		t.Fatalf("%v %v", bad, err)
	}
}

// A webhook whose topic happens to be "marker" is an ordinary event: no
// one can post a marker.
func TestPostedMarkerTopicIsNoMarker(t *testing.T) {
	ch := make(chan []model.Event, 1)
	h := NewHandler(Config{}, ch)
	if w := post(h, "POST", "/", []byte(`{"topic":"marker","events":[{"text":"x"}]}`), nil); w.Code != 200 {
		t.Fatalf("%d", w.Code)
	}
	if evs := <-ch; evs[0].Kind == model.KindMarker {
		t.Error("a posted event became a marker")
	}
}
