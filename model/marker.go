package model

import (
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// TopicMarker is the topic of a marker: a surveyor's note stamped with a
// time ("Room 214, door open"). Markers are kept and shown like events but
// are not webhook messages: no listener accepts them, and /healthz counts
// them apart.
const TopicMarker = "marker"

// MaxMarkerText bounds a marker's note; a line in a prompt is never longer.
const MaxMarkerText = 200

// markerJSON is a marker as a record file holds it:
//
//	{"received_at":"…","marker":{"time":"2026-12-02T01:02:03Z","text":"Room 214"}}
type markerJSON struct {
	Time time.Time `json:"time"`
	Text string    `json:"text"`
}

// NewMarker makes a marker event; the text is sanitised and trimmed.
func NewMarker(at time.Time, text string) (Event, error) {
	text = strings.TrimSpace(Sanitize(text))
	if text == "" {
		return Event{}, errors.New("a marker needs some text")
	}
	if len([]rune(text)) > MaxMarkerText {
		text = string([]rune(text)[:MaxMarkerText])
	}
	e := Event{Topic: TopicMarker, Kind: KindMarker, Time: at.UTC(), Text: text}
	e.Raw, _ = json.Marshal(markerJSON{Time: e.Time, Text: e.Text}) // for the detail view
	return e, nil
}

// MarkerJSON is the marker's body in a record line.
func MarkerJSON(e *Event) []byte {
	b, _ := json.Marshal(markerJSON{Time: e.Time.UTC(), Text: e.Text})
	return b
}

// ParseMarker reads a record line's marker body back into an event.
func ParseMarker(raw []byte) (Event, error) {
	var m markerJSON
	if err := json.Unmarshal(raw, &m); err != nil {
		return Event{}, errors.New("marker: " + err.Error())
	}
	if m.Time.IsZero() {
		return Event{}, errors.New("marker: no time")
	}
	return NewMarker(m.Time, m.Text)
}
