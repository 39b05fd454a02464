package ui

import (
	"bufio"
	"io"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// PlainOptions configure --plain.
type PlainOptions struct {
	Counters       *Counters        // count what was printed for /healthz (nil: none)
	KeepDuplicates bool             // print every copy of an event delivered twice
	Names          *model.NameTable // the names files' names (and pin labels), which win over learned ones
	Pins           []string         // watched client MACs: their roams, drops, poor signal and silences print ALERT lines
	Poor           float64          // dBm: below is poor
	QuietAfter     time.Duration    // a pinned client silent this long is quiet (0: never)
	Now            func() time.Time // the wall clock when live; nil in a replay, where the newest event time counts
}

// Plain prints one line per event instead of the dashboard, for logs and
// scripts: RFC 3339 time, topic, site, summary, separated by tabs. Lines are
// flushed per batch so `| grep` sees them at once. Once stop is closed (the
// intake has stopped) it prints whatever is still queued and returns, so
// nothing accepted goes unprinted. Like the dashboard it prints an event
// delivered twice (org- and site-level webhooks) once, unless
// KeepDuplicates. Alerts about pinned clients are lines of their own:
// time, ALERT, kind, text.
func Plain(in <-chan []model.Event, stop <-chan struct{}, w io.Writer, opts PlainOptions) error {
	p := &plainPrinter{names: model.NewNames(), out: bufio.NewWriter(w), counters: opts.Counters, now: opts.Now}
	p.names.AddFileNames(opts.Names)
	if !opts.KeepDuplicates {
		p.dedupe = model.NewDeduper(model.DefaultCapacity)
	}
	if len(opts.Pins) > 0 {
		p.alerts = model.NewAlerts(opts.Poor, opts.QuietAfter)
		for _, mac := range opts.Pins {
			p.alerts.Watch(mac)
		}
	}
	quiet := time.NewTicker(time.Second)
	defer quiet.Stop()
	for {
		select {
		case batch := <-in:
			if err := p.print(batch); err != nil {
				return err
			}
		case <-quiet.C:
			if err := p.tick(); err != nil {
				return err
			}
		case <-stop:
			for {
				select {
				case batch := <-in:
					if err := p.print(batch); err != nil {
						return err
					}
				default:
					// The last check for silences, at the clock the
					// replay ended on (or now, live).
					if err := p.tick(); err != nil {
						return err
					}
					return p.out.Flush()
				}
			}
		}
	}
}

type plainPrinter struct {
	names    *model.Names
	out      *bufio.Writer
	counters *Counters
	dedupe   *model.Deduper // nil: print every copy
	alerts   *model.Alerts  // nil: no pins
	alerted  []model.Alert
	now      func() time.Time
	newest   time.Time // the newest event time printed: the replay clock
}

func (p *plainPrinter) print(batch []model.Event) error {
	if p.counters != nil {
		p.counters.Pending.Store(int64(len(batch)))
	}
	printed, markers := 0, 0
	for i := range batch {
		e := &batch[i]
		if p.dedupe != nil && p.dedupe.Duplicate(e) {
			if p.counters != nil {
				p.counters.Duplicates.Add(1)
			}
			continue
		}
		if e.Kind == model.KindMarker {
			markers++
		} else {
			printed++
		}
		if e.Time.After(p.newest) {
			p.newest = e.Time
		}
		p.names.Learn(e)
		p.line(e.Time, e.Topic, p.names.Site(e.SiteID, e.SiteName), model.Summarize(e, p.names))
		if p.alerts != nil {
			p.alerted = p.alerts.Observe(p.alerted[:0], e)
			p.printAlerts()
		}
	}
	err := p.out.Flush()
	if p.counters != nil && err == nil {
		p.counters.Total.Add(uint64(printed)) // printed, not kept: stored stays 0
		p.counters.Pending.Store(0)
		p.counters.Markers.Add(uint64(markers))
	}
	return err
}

// tick prints quiet alerts: silence is measured against the wall clock when
// live, and against the newest event time in a replay.
func (p *plainPrinter) tick() error {
	if p.alerts == nil {
		return nil
	}
	now := p.newest
	if p.now != nil {
		now = p.now()
	}
	p.alerted = p.alerts.Tick(p.alerted[:0], now)
	p.printAlerts()
	return p.out.Flush()
}

func (p *plainPrinter) printAlerts() {
	for _, a := range p.alerted {
		p.line(a.Time, "ALERT", a.Kind.String(), a.Text(p.names))
	}
}

func (p *plainPrinter) line(t time.Time, fields ...string) {
	p.out.WriteString(t.UTC().Format(time.RFC3339))
	for _, f := range fields {
		p.out.WriteByte('\t')
		p.out.WriteString(f)
	}
	p.out.WriteByte('\n')
}
