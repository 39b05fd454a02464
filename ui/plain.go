package ui

import (
	"bufio"
	"io"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// Plain prints one line per event instead of the dashboard, for logs and
// scripts: RFC 3339 time, topic, site, summary, separated by tabs. Lines are
// flushed per batch so `| grep` sees them at once. Once stop is closed (the
// intake has stopped) it prints whatever is still queued and returns, so
// nothing accepted goes unprinted. Like the dashboard it prints an event
// delivered twice (org- and site-level webhooks) once, unless keepDuplicates.
// counters, when given, count what was printed for /healthz; names, when
// given, are the --names files' names, which win over learned ones.
func Plain(in <-chan []model.Event, stop <-chan struct{}, w io.Writer, counters *Counters, keepDuplicates bool, names *model.NameTable) error {
	p := &plainPrinter{names: model.NewNames(), out: bufio.NewWriter(w), counters: counters}
	p.names.AddFileNames(names)
	if !keepDuplicates {
		p.dedupe = model.NewDeduper(model.DefaultCapacity)
	}
	for {
		select {
		case batch := <-in:
			if err := p.print(batch); err != nil {
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
}

func (p *plainPrinter) print(batch []model.Event) error {
	if p.counters != nil {
		p.counters.Pending.Store(int64(len(batch)))
	}
	printed := 0
	for i := range batch {
		e := &batch[i]
		if p.dedupe != nil && p.dedupe.Duplicate(e) {
			if p.counters != nil {
				p.counters.Duplicates.Add(1)
			}
			continue
		}
		printed++
		p.names.Learn(e)
		p.out.WriteString(e.Time.UTC().Format(time.RFC3339))
		p.out.WriteByte('\t')
		p.out.WriteString(e.Topic)
		p.out.WriteByte('\t')
		p.out.WriteString(p.names.Site(e.SiteID, e.SiteName))
		p.out.WriteByte('\t')
		p.out.WriteString(model.Summarize(e, p.names))
		p.out.WriteByte('\n')
	}
	err := p.out.Flush()
	if p.counters != nil && err == nil {
		p.counters.Total.Add(uint64(printed)) // printed, not kept: stored stays 0
		p.counters.Pending.Store(0)
	}
	return err
}
