package receiver

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// Player replays saved messages onto the events channel, paced by the gaps
// between their recorded times. All methods are safe for concurrent use;
// Run should be called once at a time.
type Player struct {
	msgs []Message
	out  chan<- []model.Event
	wake chan struct{} // poked by every setter so a wait re-reads the settings

	mu       sync.Mutex
	speed    float64
	paused   bool
	loop     bool
	done     int       // messages played in the current pass
	recorded time.Time // Received of the last message played
	parked   bool      // Run is waiting on pause; tests read it
}

// NewPlayer returns a player of msgs at speed (0 = all at once, 1 = recorded
// pace, 10 = ten times faster).
func NewPlayer(msgs []Message, speed float64, out chan<- []model.Event) *Player {
	return &Player{msgs: msgs, out: out, speed: cleanSpeed(speed), wake: make(chan struct{}, 1)}
}

// Run plays every message, then, when looping, starts again. It returns nil
// when done, or ctx's error once ctx ends. A message that does not decode is
// skipped (ReadMessages never returns one).
func (p *Player) Run(ctx context.Context) error {
	for {
		var last time.Time // Received of the previous timed message
		sent := 0
		for i, m := range p.msgs {
			var gap time.Duration
			if !m.Received.IsZero() && !last.IsZero() && m.Received.After(last) {
				gap = m.Received.Sub(last)
			}
			if err := p.wait(ctx, gap); err != nil {
				return err
			}
			if !m.Received.IsZero() {
				last = m.Received
			}
			n, err := p.play(ctx, m)
			if err != nil {
				return err
			}
			sent += n
			p.mu.Lock()
			p.done, p.recorded = i+1, m.Received
			p.mu.Unlock()
		}
		if !p.Loop() || sent == 0 { // a pass that sends nothing would loop hot
			return ctx.Err()
		}
		p.mu.Lock()
		p.done = 0
		p.mu.Unlock()
	}
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
	select {
	case p.out <- events:
		return len(events), nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
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
	return p.recorded, p.done, len(p.msgs)
}

// isParked reports whether Run is held by pause right now.
func (p *Player) isParked() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.parked
}

// maxWait bounds one timer; SetSpeed or SetPaused wake a wait long before.
const maxWait = float64(1 << 62)

func cleanSpeed(x float64) float64 {
	if math.IsNaN(x) || x < 0 || math.IsInf(x, 1) {
		return 0
	}
	return x
}
