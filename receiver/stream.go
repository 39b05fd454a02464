package receiver

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/mistwatch/mistwatch/model"
)

// Batch is one piece of a replay file, read and decoded.
type Batch struct {
	Messages []Message // in file order, with their Events
	// Events is every message's Decoded, in order, in one slice: handed on
	// as it is, without a copy per event.
	Events []model.Event
	Errs   []LineError // entries of the piece that did not load
	Read   int64       // bytes of the file read so far, this piece included
	Size   int64       // the file's size, 0 when unknown
	data   []byte      // the piece's buffer when the pool may reuse it
}

// StreamFile reads a replay file (any format ReadMessages reads) piece by
// piece, parses and decodes the pieces on every core, and calls emit with
// each piece in file order. Memory is bounded by a few pieces in flight,
// not by the file's size. It returns emit's first error, ctx's error once
// ctx ends, or the error of opening or reading the file.
func StreamFile(ctx context.Context, path string, emit func(Batch) error) error {
	return StreamFileWith(ctx, path, model.DecodeOptions{}, emit)
}

// StreamFileWith is StreamFile decoding with opts, for a reader that needs
// less than every field (the report's first pass).
func StreamFileWith(ctx context.Context, path string, opts model.DecodeOptions, emit func(Batch) error) error {
	return streamFile(ctx, path, opts, nil, emit)
}

// streamFile is StreamFileWith taking buffers from pool (nil: made new).
func streamFile(ctx context.Context, path string, opts model.DecodeOptions, pool *piecePool, emit func(Batch) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	sp := newSplitter(path, f, defaultChunk)
	sp.pool = pool
	return streamPieces(ctx, sp, size, opts, emit)
}

// eventGuess is how many events a piece of a file holds, from the pieces
// parsed so far (the first ones: one per 256 bytes): room for a piece's
// events is made once, a sixteenth more than the last pieces needed.
type eventGuess struct{ perMiB atomic.Int64 }

func (g *eventGuess) expect(size int) int {
	per := g.perMiB.Load()
	if per == 0 {
		return size / 256
	}
	return int(int64(size)*per>>20) * 17 / 16
}

func (g *eventGuess) learn(size, events int) {
	if size > 0 {
		g.perMiB.Store(int64(events) << 20 / int64(size))
	}
}

// job is one piece on its way through the workers; done gets its result.
type job struct {
	piece *piece
	done  chan *parser
}

func streamPieces(ctx context.Context, sp *splitter, size int64, opts model.DecodeOptions, emit func(Batch) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := runtime.GOMAXPROCS(0)
	order := make(chan *job, 2*workers) // in file order, for emit
	work := make(chan *job, 2*workers)  // the same jobs, for the workers
	var wg sync.WaitGroup
	var readErr error
	wg.Add(1)
	go func() { // the reader: cuts pieces, never decodes
		defer wg.Done()
		defer close(order)
		defer close(work)
		for {
			p, err := sp.next()
			if err != nil || p == nil {
				readErr = err
				return
			}
			j := &job{piece: p, done: make(chan *parser, 1)}
			for _, ch := range []chan *job{order, work} {
				select {
				case ch <- j:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	var guess eventGuess
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				size := len(j.piece.data)
				p := j.piece.parseInto(sp.pool.eventSlice(guess.expect(size)), opts)
				guess.learn(size, len(p.events))
				j.done <- p
			}
		}()
	}
	err := func() error {
		for j := range order {
			var p *parser
			select {
			case p = <-j.done:
			case <-ctx.Done():
				return ctx.Err()
			}
			if err := emit(Batch{Messages: p.msgs, Events: p.events, Errs: p.errs, Read: j.piece.end, Size: size, data: j.piece.own}); err != nil {
				return err
			}
		}
		return ctx.Err()
	}()
	cancel()
	wg.Wait()
	if err == nil {
		err = readErr
	}
	return err
}
