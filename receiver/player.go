package receiver

import (
	"context"
	"math"
	"os"
	"sync"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// Player replays saved messages onto the events channel, paced by the gaps
// between their recorded times. All methods are safe for concurrent use;
// Run should be called once at a time.
type Player struct {
	msgs  []Message
	files []string        // streamed instead of msgs, when set
	onBad func(LineError) // told of each entry of files that did not load
	// decode is how files are decoded (BorrowPieces).
	decode model.DecodeOptions
	lend   bool // set by LendPieces
	out    chan<- []model.Event
	wake   chan struct{} // poked by every setter so a wait re-reads the settings

	mu       sync.Mutex
	speed    float64
	paused   bool
	loop     bool
	done     int       // messages played in the current pass
	recorded time.Time // Received of the last message played
	parked   bool      // Run is waiting on pause; tests read it

	// Streaming files: bytes of this pass read and in all, events sent and
	// when the pass began, for the progress bar.
	read, size int64
	sent       int
	began      time.Time
}

// NewPlayer returns a player of msgs at speed (0 = all at once, 1 = recorded
// pace, 10 = ten times faster).
func NewPlayer(msgs []Message, speed float64, out chan<- []model.Event) *Player {
	return &Player{msgs: msgs, out: out, speed: cleanSpeed(speed), wake: make(chan struct{}, 1)}
}

// NewFilePlayer returns a player that streams files (see StreamFile) on
// every pass instead of holding them; onBad hears of every entry that does
// not load, as it is met.
func NewFilePlayer(files []string, speed float64, out chan<- []model.Event, onBad func(LineError)) *Player {
	p := NewPlayer(nil, speed, out)
	p.files, p.onBad = files, onBad
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			p.size += st.Size()
		}
	}
	return p
}

// BorrowPieces lets the events of a streamed file point into the piece of
// the file they came from instead of into a copy of every message (see
// model.DecodeOptions.BodyKept), for a receiver that copies whatever it
// keeps of them, as the store does: a string kept as it is keeps its whole
// piece (4 MiB) alive. Call it before Run.
func (p *Player) BorrowPieces() { p.decode.BodyKept = true }

// LendPieces hands each piece's events over leased (model.Lend), for a
// reader that gives every batch to model.Recycle once it has copied what
// it keeps, as the dashboard does: the piece's buffer and events slice are
// then reused for later pieces of the same file. Pieces are lent only when
// each goes over whole, as at full speed. Call it before Run.
func (p *Player) LendPieces() { p.lend = true }

// Run plays every message, then, when looping, starts again. It returns nil
// when done, or ctx's error once ctx ends. A message that does not decode is
// skipped (ReadMessages never returns one).
func (p *Player) Run(ctx context.Context) error {
	for {
		p.mu.Lock()
		p.done, p.read, p.sent, p.began = 0, 0, 0, time.Now()
		p.mu.Unlock()
		var sent int
		var err error
		if p.files != nil {
			sent, err = p.streamPass(ctx)
		} else {
			sent, err = p.pass(ctx)
		}
		if err != nil {
			return err
		}
		if !p.Loop() || sent == 0 { // a pass that sends nothing would loop hot
			return ctx.Err()
		}
	}
}

// pass plays msgs once.
func (p *Player) pass(ctx context.Context) (int, error) {
	var last time.Time // Received of the previous timed message
	sent := 0
	for i, m := range p.msgs {
		if err := p.wait(ctx, gapAfter(&last, m.Received)); err != nil {
			return sent, err
		}
		n, err := p.play(ctx, m)
		if err != nil {
			return sent, err
		}
		sent += n
		p.mu.Lock()
		p.done, p.recorded = i+1, m.Received
		p.mu.Unlock()
	}
	return sent, nil
}

// streamPass plays files once, reading them as it goes. At full speed each
// piece's events go over as one batch.
func (p *Player) streamPass(ctx context.Context) (int, error) {
	var last time.Time
	sent := 0
	var before int64 // bytes of the files already played
	for _, file := range p.files {
		var pieceStart int64 // where the current piece begins in the file
		var pool *piecePool  // one a file: let go of, with its buffers, once the file is played
		if p.lend {
			pool = newPiecePool()
		}
		err := streamFile(ctx, file, p.decode, pool, func(b Batch) error {
			for _, e := range b.Errs {
				p.onBad(e)
			}
			// The piece's events are decoded into one slice, in order: it is
			// handed on in parts, not copied (a tenth of a replay's CPU, and
			// a second copy of every event in flight). Each part is capped at
			// its end, so whoever gets it cannot append over the next.
			from, upto := 0, 0
			for i, m := range b.Messages {
				gap := gapAfter(&last, m.Received)
				if gap > 0 && p.Speed() > 0 && upto > from {
					if err := p.send(ctx, b.Events[from:upto:upto]); err != nil {
						return err
					}
					from = upto
				}
				if err := p.wait(ctx, gap); err != nil {
					return err
				}
				upto += len(m.Decoded)
				sent += len(m.Decoded)
				p.mu.Lock()
				p.done++
				p.recorded = m.Received
				// A paced piece plays for minutes: move through its bytes by
				// messages, so the position is not stuck at the piece's start.
				p.read = before + pieceStart + (b.Read-pieceStart)*int64(i+1)/int64(len(b.Messages))
				p.sent = sent
				p.mu.Unlock()
			}
			if err := p.sendLast(ctx, pool, b, from, upto); err != nil {
				return err
			}
			if len(b.Messages) == 0 { // bad entries only: no message moved through it
				p.mu.Lock()
				p.read = before + b.Read
				p.mu.Unlock()
			}
			pieceStart = b.Read
			return nil
		})
		if err != nil {
			return sent, err
		}
		if st, err := os.Stat(file); err == nil {
			before += st.Size()
		}
	}
	return sent, nil
}

// sendLast sends the last part of a piece's events, b.Events[from:upto],
// lent from pool when it is the whole piece and the player lends.
func (p *Player) sendLast(ctx context.Context, pool *piecePool, b Batch, from, upto int) error {
	part := b.Events[from:upto:upto]
	if pool == nil || from > 0 || upto == 0 {
		return p.send(ctx, part)
	}
	pool.lend(b.Events[:upto], part, b.data) // from 0: the pool takes back the room past upto too
	err := p.send(ctx, part)
	if err != nil {
		model.Recycle(part) // never handed over: the lease ends here
	}
	return err
}

// gapAfter is the recorded time between the previous timed message and one
// received at at (0 when either has no time), moving last on.
func gapAfter(last *time.Time, at time.Time) time.Duration {
	var gap time.Duration
	if !at.IsZero() && !last.IsZero() && at.After(*last) {
		gap = at.Sub(*last)
	}
	if !at.IsZero() {
		*last = at
	}
	return gap
}

// send hands a batch to the dashboard.
func (p *Player) send(ctx context.Context, events []model.Event) error {
	if len(events) == 0 {
		return nil
	}
	// A streamed piece is thousands of events: let only a few wait in the
	// channel, so a replay holds a few pieces, not the file, and live
	// webhooks sharing the channel still find room.
	for p.files != nil && len(p.out) >= maxQueuedPieces {
		t := time.NewTimer(time.Millisecond)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
	select {
	case p.out <- events:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Progress is how far the current pass of a file player has played (bytes
// of size, moving message by message within a piece) and how fast it hands
// events over. Size is 0 for a player of messages held in memory.
func (p *Player) Progress() (read, size int64, eventsPerSec float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if el := time.Since(p.began).Seconds(); el > 0 {
		eventsPerSec = float64(p.sent) / el
	}
	return p.read, p.size, eventsPerSec
}

// play decodes one message and sends its events, returning how many.
func (p *Player) play(ctx context.Context, m Message) (int, error) {
	received := m.Received
	if received.IsZero() {
		received = time.Now()
	}
	events, err := m.Events(received)
	if err != nil || len(events) == 0 {
		return 0, ctx.Err()
	}
	if err := p.send(ctx, events); err != nil {
		return 0, err
	}
	return len(events), nil
}

// wait lets gap of recorded time pass at the current speed, staying put
// while paused. Progress is kept in recorded time, so a speed change
// mid-wait applies to what is left of the gap, not to the whole gap again.
func (p *Player) wait(ctx context.Context, gap time.Duration) error {
	var progress time.Duration
	for {
		p.mu.Lock()
		speed, paused := p.speed, p.paused
		p.parked = paused
		p.mu.Unlock()
		if err := ctx.Err(); err != nil {
			return err
		}
		if paused {
			select {
			case <-p.wake:
				continue
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if speed == 0 || progress >= gap {
			return nil
		}
		left := math.Min(float64(gap-progress)/speed, maxWait) // a tiny speed must not overflow
		start := time.Now()
		t := time.NewTimer(time.Duration(left))
		select {
		case <-t.C:
			return nil
		case <-p.wake:
			t.Stop()
			progress += time.Duration(float64(time.Since(start)) * speed)
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// poke wakes a waiting Run without blocking: one pending wake is enough,
// since the waiter re-reads every setting.
func (p *Player) poke() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// SetPaused stops or resumes playing between messages.
func (p *Player) SetPaused(paused bool) {
	p.mu.Lock()
	p.paused = paused
	p.mu.Unlock()
	p.poke()
}

// Paused reports whether playing is paused.
func (p *Player) Paused() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paused
}

// SetSpeed changes the pace, taking effect even in the middle of a wait.
// Negative and NaN mean 0: as fast as the channel takes them.
func (p *Player) SetSpeed(x float64) {
	p.mu.Lock()
	p.speed = cleanSpeed(x)
	p.mu.Unlock()
	p.poke()
}

// Speed is the current pace.
func (p *Player) Speed() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.speed
}

// SetLoop makes Run start again at the first message after the last.
func (p *Player) SetLoop(loop bool) {
	p.mu.Lock()
	p.loop = loop
	p.mu.Unlock()
}

// Loop reports whether Run loops.
func (p *Player) Loop() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.loop
}

// Position is the recorded time of the last message played (zero when it
// had none), how many messages of this pass are played, and how many there are.
func (p *Player) Position() (recorded time.Time, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.files != nil { // streamed: how far through the bytes
		return p.recorded, int(p.read), int(p.size)
	}
	return p.recorded, p.done, len(p.msgs)
}

// isParked reports whether Run is held by pause right now.
func (p *Player) isParked() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.parked
}

// maxQueuedPieces is how many streamed batches may wait in the channel.
const maxQueuedPieces = 4

// maxWait bounds one timer; SetSpeed or SetPaused wake a wait long before.
const maxWait = float64(1 << 62)

func cleanSpeed(x float64) float64 {
	if math.IsNaN(x) || x < 0 || math.IsInf(x, 1) {
		return 0
	}
	return x
}
