package ui

import (
	"bufio"
	"context"
	"io"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// Plain prints one line per event instead of the dashboard, for logs and
// scripts: RFC 3339 time, topic, site, summary, separated by tabs. Lines are
// flushed per batch so `| grep` sees them at once. It returns when ctx ends
// or in is closed. counters, when given, count what was printed for /healthz.
func Plain(ctx context.Context, in <-chan []model.Event, w io.Writer, counters *Counters) error {
	names := model.NewNames()
	out := bufio.NewWriter(w)
	for {
		select {
		case <-ctx.Done():
			return out.Flush()
		case batch, ok := <-in:
			if !ok {
				return out.Flush()
			}
			for i := range batch {
				e := &batch[i]
				names.Learn(e)
				out.WriteString(e.Time.UTC().Format(time.RFC3339))
				out.WriteByte('\t')
				out.WriteString(e.Topic)
				out.WriteByte('\t')
				out.WriteString(names.Site(e.SiteID, e.SiteName))
				out.WriteByte('\t')
				out.WriteString(model.Summarize(e, names))
				out.WriteByte('\n')
			}
			if counters != nil {
				counters.Total.Add(uint64(len(batch))) // printed, not kept: stored stays 0
			}
			if err := out.Flush(); err != nil {
				return err
			}
		}
	}
}
