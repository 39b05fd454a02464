package receiver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// Recorder appends accepted messages to a file, one line each:
//
//	{"received_at":"<RFC 3339 UTC>","message":<the body, compacted>}
//
// ReadMessages reads the format back. Safe for concurrent use.
type Recorder struct {
	path string
	mu   sync.Mutex
	f    *os.File
	buf  bytes.Buffer // reused line buffer, guarded by mu
	err  error        // the last write's error, nil once a write succeeds; guarded by mu
}

// NewRecorder opens path for appending, creating it if needed.
func NewRecorder(path string) (*Recorder, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot record to %s: %w", path, unwrapPath(err))
	}
	return &Recorder{path: path, f: f}, nil
}

// Record appends one message. Each line goes to the file in a single write
// with no buffer in between, so a crash loses at most the line being written.
func (r *Recorder) Record(received time.Time, body []byte) error {
	return r.writeLine(received, "message", func(b *bytes.Buffer) error {
		// Compacting also validates, and keeps the message on one line.
		if err := json.Compact(b, body); err != nil {
			return fmt.Errorf("record: message is not valid JSON: %w", err)
		}
		return nil
	})
}

// RecordMarker appends a surveyor's marker as its own line, which replay
// reads back as a marker, not a webhook message:
//
//	{"received_at":"<RFC 3339 UTC>","marker":{"time":"…","text":"Room 214"}}
func (r *Recorder) RecordMarker(received time.Time, marker *model.Event) error {
	return r.writeLine(received, "marker", func(b *bytes.Buffer) error {
		b.Write(model.MarkerJSON(marker))
		return nil
	})
}

// writeLine writes {"received_at":…,"<key>":<what value writes>} and a newline.
func (r *Recorder) writeLine(received time.Time, key string, value func(*bytes.Buffer) error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return fmt.Errorf("record to %s: %w", r.path, os.ErrClosed)
	}
	r.buf.Reset()
	r.buf.WriteString(`{"received_at":"`)
	r.buf.WriteString(received.UTC().Format(time.RFC3339Nano))
	r.buf.WriteString(`","` + key + `":`)
	if err := value(&r.buf); err != nil {
		return err
	}
	r.buf.WriteString("}\n")
	_, err := r.f.Write(r.buf.Bytes())
	if r.buf.Cap() > 1<<20 {
		r.buf = bytes.Buffer{} // don't pin one rare huge body's memory
	}
	r.err = nil
	if err != nil {
		r.err = fmt.Errorf("record to %s: %w", r.path, unwrapPath(err))
	}
	return r.err
}

// Err is why recording is failing now: the last write's error, nil once a
// write has succeeded again (or before any write).
func (r *Recorder) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// Path is the file being recorded to.
func (r *Recorder) Path() string { return r.path }

// Close closes the file; later Records fail.
func (r *Recorder) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}

// unwrapPath drops the *os.PathError wrapper whose path and op we already
// name, keeping the reason ("permission denied").
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
