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
// nothing accepted goes unprinted. counters, when given, count what was
// printed for /healthz.
func Plain(in <-chan []model.Event, stop <-chan struct{}, w io.Writer, counters *Counters) error {
	p := &plainPrinter{names: model.NewNames(), out: bufio.NewWriter(w), counters: counters}
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
}

func (p *plainPrinter) print(batch []model.Event) error {
	for i := range batch {
		e := &batch[i]
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
	if p.counters != nil {
		p.counters.Total.Add(uint64(len(batch))) // printed, not kept: stored stays 0
	}
	return p.out.Flush()
}
