package receiver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"time"
	"unsafe"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/model/jsonscan"
)

// Message is one saved webhook message.
type Message struct {
	Received time.Time // zero when the format records no time
	Line     int       // 1-based line where the message starts
	Body     []byte    // the message JSON, as Mist sent it
	Marker   bool      // Body is a surveyor's marker (model.ParseMarker), not a webhook message

	// Decoded is the message decoded, from StreamFile only (ReadMessages
	// leaves it nil). Events without a time carry Received, or the time
	// they were read when Received is zero.
	Decoded []model.Event
}

// Events decodes the message, or the marker, into events stamped received.
func (m Message) Events(received time.Time) ([]model.Event, error) {
	return m.EventsWith(received, model.DecodeOptions{})
}

// EventsWith is Events decoding with opts.
func (m Message) EventsWith(received time.Time, opts model.DecodeOptions) ([]model.Event, error) {
	return m.appendEvents(nil, received, opts)
}

// appendEvents appends the message's events, or its marker, to dst.
func (m Message) appendEvents(dst []model.Event, received time.Time, opts model.DecodeOptions) ([]model.Event, error) {
	if m.Marker {
		e, err := model.ParseMarker(m.Body)
		if err != nil {
			return dst, err
		}
		return append(dst, e), nil
	}
	if dst == nil { // a slice of its own, sized once, not grown by appends
		_, events, err := model.DecodeMessageWith(m.Body, received, opts)
		return events, err
	}
	_, all, err := model.AppendMessage(dst, m.Body, received, opts)
	return all, err
}

// yieldEvery is how many entries a parser decodes between yields: about
// a tenth of a millisecond of work.
const yieldEvery = 32

// LineError is an entry of a replay file that could not be loaded.
type LineError struct {
	File string
	Line int
	Err  error
}

func (e LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }
func (e LineError) Unwrap() error { return e.Err }

// ReadFile reads a replay file; see ReadMessages.
func ReadFile(path string) ([]Message, []LineError, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	return ReadMessages(path, f)
}

// ReadMessages reads saved messages in any of the formats mistwatch accepts:
// a single message (pretty-printed or not), a JSON array of messages,
// several messages one after another (NDJSON, or pretty-printed ones
// concatenated), and record lines {"received_at": …, "message": {…}}.
// Entries that are not JSON or not messages come back as LineErrors, and the
// rest still loads; after broken JSON between pretty-printed messages the
// read resumes at the next line starting with '{'. The error is only for
// failing to read r. It holds every message; StreamFile does not.
func ReadMessages(name string, r io.Reader) ([]Message, []LineError, error) {
	return readChunked(name, r, defaultChunk)
}

func readChunked(name string, r io.Reader, chunk int) ([]Message, []LineError, error) {
	sp := newSplitter(name, r, chunk)
	var msgs []Message
	var errs []LineError
	for {
		c, err := sp.next()
		if err != nil {
			return nil, nil, err
		}
		if c == nil {
			return msgs, errs, nil
		}
		p := c.parse(false)
		msgs, errs = append(msgs, p.msgs...), append(errs, p.errs...)
	}
}

// parser holds one file's state; offsets are into data.
type parser struct {
	name       string
	data       []byte
	lineBase   int  // lines before data in the file
	keepEvents bool // keep each message's decoded events
	decode     model.DecodeOptions
	events     []model.Event // every message's events, in order, when keepEvents
	nl         []int         // offsets of '\n', built on first use
	msgs       []Message
	entries    int // entries met, for yieldEvery
	errs       []LineError
}

// array reads [msg, msg, …]. A bad element is reported and skipped; broken
// JSON stops the read there, since nothing after it can be trusted.
func (p *parser) array(start int) {
	dec := json.NewDecoder(bytes.NewReader(p.data))
	if _, err := dec.Token(); err != nil { // the '['
		p.fail(start, jsonError(err))
		return
	}
	for dec.More() {
		off := p.skipSpaceComma(int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			p.failSyntax(off, err)
			return
		}
		p.entry(off, 0, raw)
	}
	end := p.skipSpace(int(dec.InputOffset()))
	if _, err := dec.Token(); err != nil { // the ']'
		p.failSyntax(end, err)
		return
	}
	if rest := p.skipSpace(int(dec.InputOffset())); rest < len(p.data) {
		p.fail(rest, errors.New("unexpected data after the array"))
	}
}

// stream reads whitespace-separated values, however they are laid out.
// Broken JSON skips ahead to the next line that starts with '{', where a
// pretty-printed message begins, and says how much it skipped.
func (p *parser) stream(start int) {
	for off := p.skipSpace(start); off < len(p.data); off = p.skipSpace(off) {
		end, err := jsonscan.Skip(p.data, off)
		if err == nil {
			p.entry(off, 0, p.data[off:end])
			off = end
			continue
		}
		// Where it breaks is looked for only up to the next message, so the
		// line named is the same however the file is cut into pieces.
		next := resyncPoint(p.data, off)
		at := syntaxOffset(p.data[:next], off)
		skipped := fmt.Sprintf("skipped %s", plural(next-off, "byte"))
		if next < len(p.data) {
			skipped += fmt.Sprintf(" to the next message at line %d", p.lineOf(next))
		}
		p.fail(at, fmt.Errorf("%w; %s", jsonError(err), skipped))
		off = next
	}
}

// resyncPoint is the first line after off that starts with '{', or the end.
func resyncPoint(data []byte, off int) int {
	if i := bytes.Index(data[off:], []byte("\n{")); i >= 0 {
		return off + i + 1
	}
	return len(data)
}

// lines reads one entry per non-blank line.
func (p *parser) lines() {
	n := p.lineBase // counted here: no search of the line index per entry
	for off := 0; off < len(p.data); {
		n++
		end := bytes.IndexByte(p.data[off:], '\n')
		if end < 0 {
			end = len(p.data)
		} else {
			end += off
		}
		if line := bytes.TrimSpace(p.data[off:end]); len(line) > 0 {
			p.entry(off, n, line)
		}
		off = end + 1
	}
}

// entry validates one value and keeps it as a message or a LineError; line
// is where off is, 0 when not known yet.
func (p *parser) entry(off, line int, raw []byte) {
	if p.entries++; p.entries%yieldEvery == 0 {
		// Decoding runs on every core beside the dashboard, whose goroutine
		// is a replay's slowest stage: a piece is tens of milliseconds of
		// work, and a goroutine is preempted only after 10 ms, so without
		// yielding the dashboard (or a POST) waits for a decoder's slice.
		runtime.Gosched()
	}
	d := decoding{opts: p.decode}
	if p.keepEvents {
		d.into = &p.events
	}
	m, err := parseEntry(raw, d)
	if err != nil {
		p.fail(off, err)
		return
	}
	if line == 0 {
		line = p.lineOf(off)
	}
	m.Line = line
	if !p.keepEvents {
		m.Decoded = nil
	}
	p.msgs = append(p.msgs, m)
}

// parseEntry reads one message or record, checking that the message decodes
// exactly as the live handler would decode it.
func parseEntry(raw []byte, opts decoding) (Message, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		var v json.RawMessage
		if err := json.Unmarshal(raw, &v); err != nil {
			return Message{}, jsonError(err)
		}
		return Message{}, errors.New("not a JSON object")
	}
	if m, ok := recordLine(raw, opts); ok {
		return m, nil
	}
	return parseObject(raw, opts)
}

// parseObject is parseEntry for any object: a message, or a record or
// marker line in any layout.
func parseObject(raw []byte, opts decoding) (Message, error) {
	var topic, message, marker, receivedAt []byte
	it, _ := jsonscan.Open(raw, 0, 0)
	for it.Next() {
		// Matched as encoding/json matches struct fields; the last wins.
		switch it.Name() {
		case "topic":
			topic = it.Value()
		case "message":
			message = it.Value()
		case "marker":
			marker = it.Value()
		case "received_at":
			receivedAt = it.Value()
		default:
			it.Value()
		}
	}
	if err := it.EndOfInput(); err != nil {
		return Message{}, jsonError(err)
	}
	m := Message{Body: raw}
	if topic == nil && message != nil { // a record line
		t, err := parseReceived(receivedAt)
		if err != nil {
			return Message{}, err
		}
		m = Message{Received: t, Body: message}
	} else if topic == nil && marker != nil { // a marker line
		t, err := parseReceived(receivedAt)
		if err != nil {
			return Message{}, err
		}
		m = Message{Received: t, Body: marker, Marker: true}
	}
	if err := m.decodeNow(opts); err != nil {
		return Message{}, err
	}
	return m, nil
}

// decodeNow fills Decoded; events without a time of their own carry
// Received, or now when the format records no time.
func (m *Message) decodeNow(d decoding) error {
	received := m.Received
	if received.IsZero() {
		received = time.Now()
	}
	var dst []model.Event
	if d.into != nil {
		dst = *d.into
	}
	n := len(dst)
	all, err := m.appendEvents(dst, received, d.opts)
	if err != nil {
		return err
	}
	if d.into != nil {
		*d.into = all
	}
	m.Decoded = all[n:len(all):len(all)]
	return nil
}

// decoding is how entries are decoded: with opts, and, when into is set,
// appended to one slice for the whole piece (see Batch.Events).
type decoding struct {
	opts model.DecodeOptions
	into *[]model.Event
}

// recordLine reads a line exactly as the recorder writes it,
// {"received_at":"…","message":{…}}, validating the message once, as it is
// decoded, instead of once more to find where it ends. Any other shape, or
// a message that does not decode, is not ok: parseEntry reads it the long
// way, with the same result and its own wording of any error.
func recordLine(raw []byte, opts decoding) (Message, bool) {
	const head, mid = `{"received_at":`, `,"message":`
	if !bytes.HasPrefix(raw, []byte(head)) || raw[len(raw)-1] != '}' || len(raw) < len(head)+2 || raw[len(head)] != '"' {
		return Message{}, false
	}
	end, _, err := jsonscan.String(raw, len(head))
	if err != nil || !bytes.HasPrefix(raw[end:], []byte(mid)) {
		return Message{}, false
	}
	t, err := parseReceived(raw[len(head):end])
	if err != nil {
		return Message{}, false
	}
	// The message is everything up to the closing brace: DecodeMessage
	// accepts it only if it is one JSON object, so the line is one too.
	m := Message{Received: t, Body: bytes.TrimSpace(raw[end+len(mid) : len(raw)-1])}
	if m.decodeNow(opts) != nil {
		return Message{}, false
	}
	return m, true
}

// parseReceived reads received_at: RFC 3339 as the recorder writes it, or
// Unix seconds for hand-made files. Absent or null is a zero time.
func parseReceived(raw []byte) (time.Time, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, nil
	}
	if raw[0] == '"' {
		// As the recorder writes it: no escapes. Not copied, as it was for
		// every line: nothing keeps it once parsed (UTC drops any zone).
		s := unsafe.String(unsafe.SliceData(raw[1:]), len(raw)-2)
		if bytes.IndexByte(raw, '\\') >= 0 {
			var unescaped string // on the heap (Unmarshal takes its address): only here
			if json.Unmarshal(raw, &unescaped) != nil {
				unescaped = ""
			}
			s = unescaped
		}
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UTC(), nil
		}
	} else {
		var sec float64
		if err := json.Unmarshal(raw, &sec); err == nil && sec > 0 && sec < 1e11 {
			whole := int64(sec)
			return time.Unix(whole, int64((sec-float64(whole))*1e9)).UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("received_at %s is not an RFC 3339 time", raw)
}

// jsonError words a decoding error for a person reading a file.
func jsonError(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return errors.New("not valid JSON: unexpected end of input")
	}
	var se *jsonscan.SyntaxError
	if errors.As(err, &se) {
		return errors.New("not valid JSON: " + se.Msg) // its offset is the reader's business
	}
	return fmt.Errorf("not valid JSON: %v", err)
}

func (p *parser) fail(off int, err error) {
	p.errs = append(p.errs, LineError{File: p.name, Line: p.lineOf(off), Err: err})
}

// failSyntax reports broken JSON at the line where it breaks, not where the
// value began: that is where the reader has to look.
func (p *parser) failSyntax(start int, err error) {
	p.fail(p.syntaxOffset(start), jsonError(err))
}

// syntaxOffset finds where the value starting at start breaks.
func (p *parser) syntaxOffset(start int) int { return syntaxOffset(p.data, start) }

func syntaxOffset(data []byte, start int) int {
	if start >= len(data) {
		return len(data) - 1
	}
	_, err := jsonscan.Skip(data, start)
	var se *jsonscan.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return len(bytes.TrimRight(data, " \t\r\n")) - 1
	case errors.As(err, &se):
		return se.Offset
	}
	return start
}

// lineOf is the 1-based line holding offset off.
func (p *parser) lineOf(off int) int {
	if p.nl == nil {
		p.nl = []int{}
		for i, c := range p.data {
			if c == '\n' {
				p.nl = append(p.nl, i)
			}
		}
	}
	return p.lineBase + sort.SearchInts(p.nl, off) + 1
}

func (p *parser) skipSpace(off int) int {
	for off < len(p.data) && isSpace(p.data[off]) {
		off++
	}
	return off
}

// skipSpaceComma finds where the next array element starts.
func (p *parser) skipSpaceComma(off int) int {
	for off < len(p.data) && (isSpace(p.data[off]) || p.data[off] == ',') {
		off++
	}
	return off
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
