package receiver

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/model/jsonscan"
)

// defaultChunk is how much of a replay file is read, parsed and decoded as
// one piece; a few of them in flight bound a replay's memory.
const defaultChunk = 4 << 20

// layout is how a replay file's entries are laid out.
type layout int

const (
	layoutLines  layout = iota // one entry per line: NDJSON, records
	layoutValues               // values one after another, spread over lines
	layoutArray                // one JSON array; read whole
)

// splitter cuts a replay file into chunks that end between entries, so each
// chunk parses on its own and the file is never held whole (except a JSON
// array, whose elements cannot be told apart without its brackets).
type splitter struct {
	name   string
	r      io.Reader
	chunk  int
	buf    []byte // read, not yet handed out
	eof    bool
	lines  int   // newlines handed out so far
	offset int64 // bytes handed out so far
	layout layout
	ready  bool       // layout decided
	whole  int        // layoutValues: buf[:whole] is whole values, already walked
	pool   *piecePool // where fill gets its buffers; nil: made new
	array  []byte     // the buffer fill last made, from its start
}

// piece is one chunk of a file, ready to parse.
type piece struct {
	name     string
	data     []byte
	lineBase int
	layout   layout
	end      int64 // file offset just past data
	// own is data's whole buffer when no other piece uses it, nil
	// otherwise: it may be reused once data's events are recycled.
	own []byte
}

func newSplitter(name string, r io.Reader, chunk int) *splitter {
	return &splitter{name: name, r: r, chunk: chunk}
}

// parse reads the piece's entries.
func (c *piece) parse(keepEvents bool) *parser {
	return c.parseWith(keepEvents, model.DecodeOptions{}, 0)
}

// parseWith reads the piece's entries, decoding them with opts. A parser
// that keeps events makes room for expect of them at once (see
// eventGuess): grown by appends, each growth copies every event decoded so
// far.
func (c *piece) parseWith(keepEvents bool, opts model.DecodeOptions, expect int) *parser {
	if keepEvents {
		return c.parseInto(make([]model.Event, 0, expect), opts)
	}
	return c.parseAll(&parser{name: c.name, data: c.data, lineBase: c.lineBase, decode: opts})
}

// parseInto reads the piece's entries, decoding their events into events.
func (c *piece) parseInto(events []model.Event, opts model.DecodeOptions) *parser {
	return c.parseAll(&parser{name: c.name, data: c.data, lineBase: c.lineBase, keepEvents: true, decode: opts, events: events})
}

func (c *piece) parseAll(p *parser) *parser {
	switch c.layout {
	case layoutArray:
		p.array(p.skipSpace(0))
	case layoutValues:
		p.stream(0)
	default:
		p.lines()
	}
	if p.keepEvents {
		p.repoint()
	}
	return p
}

// repoint points every message's Decoded into the piece's final events: a
// message decoded before the slice last grew still points into an outgrown
// array, a second copy of its events kept alive with the piece.
func (p *parser) repoint() {
	off := 0
	for i := range p.msgs {
		end := off + len(p.msgs[i].Decoded)
		p.msgs[i].Decoded = p.events[off:end:end]
		off = end
	}
}

// fill reads at least one more chunk's worth, or to the end.
func (s *splitter) fill() error {
	if s.eof {
		return nil
	}
	end := cap(s.buf)
	if end-len(s.buf) < s.chunk {
		// Grow geometrically: an entry longer than a chunk is read in
		// doubling steps, not copied once per chunk.
		end = len(s.buf) + max(s.chunk, len(s.buf))
		// A reused buffer may be the one s.buf is the tail of: copy
		// moves it to the front, and no piece uses it any more.
		nb := s.pool.bytes(len(s.buf), end)
		copy(nb, s.buf)
		s.buf, s.array = nb, nb
	}
	n, err := io.ReadFull(s.r, s.buf[len(s.buf):end])
	s.buf = s.buf[:len(s.buf)+n]
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		s.eof = true
	case err != nil:
		return fmt.Errorf("reading %s: %w", s.name, err)
	}
	return nil
}

// next returns the next piece, or nil at the end.
func (s *splitter) next() (*piece, error) {
	if !s.ready {
		if err := s.decide(); err != nil {
			return nil, err
		}
	}
	for {
		if len(s.buf) == 0 && s.eof {
			return nil, nil
		}
		cut := -1
		if len(s.buf) >= s.chunk || s.eof {
			cut = s.cutPoint()
		}
		if cut > 0 {
			return s.take(cut), nil
		}
		if err := s.fill(); err != nil {
			return nil, err
		}
	}
}

// take hands out buf[:n] as a piece. The piece keeps its bytes: what is
// read later goes past them, never over them.
func (s *splitter) take(n int) *piece {
	c := &piece{name: s.name, data: s.buf[:n:n], lineBase: s.lines, layout: s.layout}
	s.lines += bytes.Count(c.data, []byte{'\n'})
	s.offset += int64(n)
	c.end = s.offset
	s.buf = s.buf[n:]
	s.whole = 0
	if s.ownsAll(c.data) {
		c.own = s.array[:0]
	}
	return c
}

// ownsAll reports whether data, just taken, is the only piece its buffer
// will hold: it starts the buffer, and what is left after it is nothing
// at the end of the file, or else less than a piece that the next fill
// copies into another buffer.
func (s *splitter) ownsAll(data []byte) bool {
	if len(data) == 0 || cap(s.array) == 0 || &data[0] != &s.array[:1][0] {
		return false
	}
	if s.eof {
		return len(s.buf) == 0
	}
	return len(s.buf) < s.chunk && cap(s.buf)-len(s.buf) < s.chunk
}

// cutPoint is where the buffer can be cut between entries, or -1 when more
// must be read first. At the end of the file it is the whole buffer.
func (s *splitter) cutPoint() int {
	if s.eof {
		return len(s.buf)
	}
	switch s.layout {
	case layoutLines:
		return bytes.LastIndexByte(s.buf, '\n') + 1 // 0: no whole line yet
	case layoutValues:
		return s.valuesCut()
	}
	return -1 // an array is read to the end
}

// valuesCut walks whole values up to about a chunk. Broken JSON is cut at
// the next line starting with '{', where the parser resumes too.
func (s *splitter) valuesCut() int {
	pos := s.whole
	defer func() { s.whole = pos }()
	for {
		at := jsonscan.SkipSpace(s.buf, pos)
		if at == len(s.buf) || pos >= s.chunk {
			return pos
		}
		end, err := jsonscan.Skip(s.buf, at)
		switch {
		case err == nil:
			pos = end
			continue
		case errors.Is(err, io.ErrUnexpectedEOF):
			return pos // the value goes on past what is read
		}
		if next := resyncPoint(s.buf, at); next < len(s.buf) {
			return next
		}
		return pos
	}
}

// decide reads the start of the file to find its layout: a first value
// spread over several lines means pretty-printed values one after another;
// otherwise one entry per line.
func (s *splitter) decide() error {
	for len(s.buf) < 3 && !s.eof {
		if err := s.fill(); err != nil {
			return err
		}
	}
	if bytes.HasPrefix(s.buf, []byte("\xef\xbb\xbf")) { // editors on Windows add a BOM
		s.buf = s.buf[3:]
	}
	s.ready = true
	for {
		start := jsonscan.SkipSpace(s.buf, 0)
		if start == len(s.buf) && s.eof {
			return nil
		}
		if start < len(s.buf) && s.buf[start] == '[' {
			s.layout = layoutArray
			for !s.eof {
				if err := s.fill(); err != nil {
					return err
				}
			}
			return nil
		}
		end, err := jsonscan.Skip(s.buf, start)
		if errors.Is(err, io.ErrUnexpectedEOF) && !s.eof {
			if err := s.fill(); err != nil {
				return err
			}
			continue
		}
		s.layout = layoutLines
		if err == nil {
			if bytes.IndexByte(s.buf[start:end], '\n') >= 0 {
				s.layout = layoutValues
			}
			return nil
		}
		// Broken at once. A value that breaks on a later line than it
		// began, in a file where line by line nothing loads, is one broken
		// pretty-printed message: one error where it broke beats one per line.
		p := &parser{data: s.buf}
		if p.lineOf(p.syntaxOffset(start)) > p.lineOf(start) {
			trial := piece{data: s.buf[:max(s.cutPoint(), 0)]}
			if len(trial.parse(false).msgs) == 0 {
				s.layout = layoutValues
			}
		}
		return nil
	}
}
