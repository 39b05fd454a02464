// Command loadtest measures mistwatch's live ingest against a naive
// reference receiver in the same run (issue 6): 8 senders post 10-event
// messages, every event distinct (a sequence number in each), to the
// reference and to mistwatch in turn (A B A B), and it prints events/s,
// POST latency (p50/p99/max), non-2xx answers, accepted vs stored+evicted
// from /healthz, peak RSS with RSS per stored event, and the receiver's CPU
// time per event (what decides the ratio when the cores are saturated).
// "in p99" is mistwatch's own p99 time in its handler since it started
// (/healthz): the rest of a POST's time was spent outside it, waiting for
// a core or on the network, as the reference's figures show.
//
//	go build -o /tmp/mw . && /tmp/mw --capacity 1000000 --listen :8080   # in tmux, TUI live
//	go run ./cmd/loadtest --target http://127.0.0.1:8080/ --pid $(pgrep -n mw)
//
// --rate fixes the message rate to measure latency at a normal load, each
// POST timed from when it was due (no coordinated omission);
// --write-record FILE writes a record file of --events events for the
// replay benchmark instead. At a fixed rate the "late p99" column is how
// late messages were sent after they were due, which every receiver's
// latency includes: the generator's own lateness (its timers, a busy
// machine) and, once all senders wait on answers, the receiver's backlog.
// --null adds a receiver that reads each body and answers 200, parsing
// nothing: it never backs up, so its latency and lateness are the
// generator's and the machine's share alone.
//
// --ceiling adds two receivers to each round, to show what the cores allow
// on this machine: "inspector" keeps each body's raw bytes and parses
// nothing (the most any receiver that stores events can do), "decoder"
// runs mistwatch's own decode of every event and keeps nothing (the least
// any receiver that shows events must do). They are yardsticks, not the
// issue's reference, which stays the naive receiver.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mistwatch/mistwatch/model/modeltest"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

type config struct {
	target      string
	pid         int
	rounds      int
	senders     int
	perMessage  int
	duration    time.Duration
	rate        float64
	writeRecord string
	events      int
	serveRef    string
	serveKind   string
	ceiling     bool
	null        bool
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	c := config{}
	fs.StringVar(&c.target, "target", "", "mistwatch's webhook URL (the real binary, started separately)")
	fs.IntVar(&c.pid, "pid", 0, "mistwatch's process id, for its RSS")
	fs.IntVar(&c.rounds, "rounds", 2, "rounds of reference then mistwatch (A B A B)")
	fs.IntVar(&c.senders, "senders", 8, "concurrent senders")
	fs.IntVar(&c.perMessage, "per-message", 10, "events per message")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "length of each round")
	fs.Float64Var(&c.rate, "rate", 0, "messages per second over all senders (0: as fast as answered)")
	fs.StringVar(&c.writeRecord, "write-record", "", "write a record file of --events distinct events and exit")
	fs.IntVar(&c.events, "events", 1000000, "events in the --write-record file")
	fs.StringVar(&c.serveRef, "serve-reference", "", "internal: run the reference receiver on this address")
	fs.StringVar(&c.serveKind, "serve-kind", "reference", "internal: which receiver --serve-reference runs (reference, null, inspector, decoder)")
	fs.BoolVar(&c.null, "null", false, "also drive a receiver that reads the body and answers 200, parsing nothing: the generator's and the machine's share of the latency")
	fs.BoolVar(&c.ceiling, "ceiling", false, "also drive an inspector (keeps raw bytes, parses nothing) and a decoder (mistwatch's decode, keeps nothing) each round")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case c.serveRef != "":
		return serveReceiver(c.serveRef, c.serveKind)
	case c.writeRecord != "":
		return writeRecord(c.writeRecord, c.events, c.perMessage)
	case c.target == "":
		return fmt.Errorf("--target URL is needed (or --write-record FILE)")
	}
	targets := []target{{name: "mistwatch", url: c.target, pid: c.pid}}
	kinds := []string{"reference"}
	if c.null {
		kinds = append(kinds, "null")
	}
	if c.ceiling {
		kinds = append(kinds, "inspector", "decoder")
	}
	for i, kind := range kinds {
		rcv, stop, err := startReceiver(kind)
		if err != nil {
			return err
		}
		defer stop()
		// The reference goes first and mistwatch last, as in A B A B.
		targets = slices.Insert(targets, i, rcv)
	}
	var seq atomic.Uint64
	fmt.Fprintf(out, "%d senders, %d events/message, %s rounds, rate %s\n", c.senders, c.perMessage, c.duration, rateText(c.rate))
	fmt.Fprintf(out, "%-10s %10s %8s %8s %8s %9s %8s %6s %10s %14s %9s %9s %9s\n", "receiver", "events/s", "p50", "p99", "max", "late p99", "in p99", "non2xx", "accepted", "stored+evicted", "peakRSS", "RSS/event", "CPU/event")
	for r := 0; r < c.rounds; r++ {
		for _, tg := range targets {
			before, cpuBefore := healthz(tg.url), cpuTime(tg.pid)
			res := drive(tg.url, c, &seq)
			after := healthz(tg.url)
			res.cpu = cpuTime(tg.pid) - cpuBefore
			fmt.Fprintln(out, res.line(tg.name, before, after, tg.pid))
		}
	}
	return nil
}

func rateText(r float64) string {
	if r <= 0 {
		return "unlimited"
	}
	return strconv.FormatFloat(r, 'f', 0, 64) + " msg/s"
}

// result is one round against one receiver.
type result struct {
	events  int
	non2xx  int
	elapsed time.Duration
	lat     []time.Duration
	late    []time.Duration // at a fixed rate: from when each message was due to when a sender sent it
	cpu     time.Duration   // the receiver's CPU time (user+system) during the round
}

func (r result) line(name string, before, after map[string]float64, pid int) string {
	slices.Sort(r.lat)
	slices.Sort(r.late)
	pct := func(p float64) string { return quantile(r.lat, p) }
	accepted, kept, inside := "-", "-", "-"
	rss, perEvent := "-", "-"
	if after != nil {
		inside = strconv.FormatFloat(after["handler_p99_ms"], 'f', 2, 64) + "ms"
		accepted = strconv.FormatFloat(after["events"]-before["events"], 'f', 0, 64)
		kept = strconv.FormatFloat(after["stored"]+after["evicted"]+after["duplicates"]-before["stored"]-before["evicted"]-before["duplicates"], 'f', 0, 64)
	}
	if cur, peak, ok := memory(pid); ok {
		rss = fmt.Sprintf("%.0fMB", peak/1024)
		if stored := after["stored"]; stored > 0 {
			perEvent = fmt.Sprintf("%.0fB", cur*1024/stored)
		}
	}
	cpu := "-"
	if r.events > 0 && r.cpu > 0 {
		cpu = strconv.FormatFloat(float64(r.cpu)/float64(time.Microsecond)/float64(r.events), 'f', 1, 64) + "µs"
	}
	return fmt.Sprintf("%-10s %10.0f %8s %8s %8s %9s %8s %6d %10s %14s %9s %9s %9s", name,
		float64(r.events)/r.elapsed.Seconds(), pct(0.50), pct(0.99), pct(1), quantile(r.late, 0.99), inside, r.non2xx, accepted, kept, rss, perEvent, cpu)
}

// quantile is the p quantile of sorted durations, "-" when there are none.
func quantile(sorted []time.Duration, p float64) string {
	if len(sorted) == 0 {
		return "-"
	}
	return fmtDur(sorted[min(len(sorted)-1, int(p*float64(len(sorted))))])
}

func fmtDur(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64) + "ms"
}

// drive posts for c.duration from c.senders senders.
func drive(url string, c config, seq *atomic.Uint64) result {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c.senders * 2}}
	ctx, cancel := context.WithTimeout(context.Background(), c.duration)
	defer cancel()
	var mu sync.Mutex
	var res result
	var due chan time.Time
	if c.rate > 0 {
		due = make(chan time.Time, 1<<16)
		go schedule(ctx, due, time.Duration(float64(time.Second)/c.rate))
	}
	start := time.Now()
	var wg sync.WaitGroup
	for range c.senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			var lat, late []time.Duration
			events, non2xx := 0, 0
			for ctx.Err() == nil {
				var at time.Time
				if due != nil {
					select {
					case at = <-due:
					case <-ctx.Done():
						continue
					}
				}
				buf.Reset()
				first := seq.Add(uint64(c.perMessage)) - uint64(c.perMessage)
				modeltest.LoadMessage(&buf, first, c.perMessage)
				t0 := time.Now()
				if !at.IsZero() {
					late = append(late, t0.Sub(at))
					// From when the message was due: a stall delays the
					// messages queued behind it too, and a latency taken
					// from the actual send would hide that.
					t0 = at
				}
				resp, err := client.Post(url, "application/json", bytes.NewReader(buf.Bytes()))
				if err != nil {
					if ctx.Err() == nil {
						non2xx++
					}
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				lat = append(lat, time.Since(t0))
				if resp.StatusCode/100 == 2 {
					events += c.perMessage
				} else {
					non2xx++
				}
			}
			mu.Lock()
			res.events += events
			res.non2xx += non2xx
			res.lat = append(res.lat, lat...)
			res.late = append(res.late, late...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	client.CloseIdleConnections()
	return res
}

// schedule puts the time each message is due on due, interval apart from
// now, whether or not the senders keep up (a ticker would drop the ticks a
// stalled receiver made late, and with them the latency it caused).
func schedule(ctx context.Context, due chan<- time.Time, interval time.Duration) {
	t := time.NewTimer(interval)
	defer t.Stop()
	next := time.Now()
	for {
		next = next.Add(interval)
		t.Reset(time.Until(next))
		select {
		case <-t.C:
		case <-ctx.Done():
			return
		}
		select {
		case due <- next:
		default: // 65k messages behind: the run is lost anyway
		}
	}
}

// healthz reads mistwatch's counters; nil for the reference, which has none.
func healthz(webhook string) map[string]float64 {
	u := strings.TrimSuffix(webhook, "/")
	if i := strings.Index(u[len("http://"):], "/"); i >= 0 {
		u = u[:len("http://")+i]
	}
	resp, err := http.Get(u + "/healthz")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	var raw map[string]any
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&raw) != nil {
		return nil
	}
	out := map[string]float64{}
	for k, v := range raw {
		if f, ok := v.(float64); ok {
			out[k] = f
		}
	}
	return out
}

// memory is a process's current and peak RSS in KB, from /proc.
func memory(pid int) (cur, peak float64, ok bool) {
	if pid <= 0 {
		return 0, 0, false
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		field := func(name string) (float64, bool) {
			rest, found := strings.CutPrefix(line, name)
			if !found {
				return 0, false
			}
			v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return v, err == nil
		}
		if v, found := field("VmRSS:"); found {
			cur = v
		}
		if v, found := field("VmHWM:"); found {
			peak = v
		}
	}
	return cur, peak, cur > 0
}

// cpuTime is a process's user+system CPU time so far, from /proc (0 when
// unknown).
func cpuTime(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces: count from its ')'.
	fields := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	if len(fields) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	const ticksPerSecond = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticksPerSecond
}

// writeRecord writes a record file (the format --record writes) of events
// distinct events, perMessage to a message, a millisecond apart.
func writeRecord(path string, events, perMessage int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bytes.Buffer{}
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	var msg bytes.Buffer
	for first := 0; first < events; first += perMessage {
		msg.Reset()
		modeltest.LoadMessage(&msg, uint64(first), min(perMessage, events-first))
		fmt.Fprintf(&w, `{"received_at":%q,"message":`, at.Add(time.Duration(first)*time.Millisecond).Format(time.RFC3339Nano))
		w.Write(msg.Bytes())
		w.WriteString("}\n")
		if w.Len() > 1<<20 {
			if _, err := f.Write(w.Bytes()); err != nil {
				f.Close()
				return err
			}
			w.Reset()
		}
	}
	if _, err := f.Write(w.Bytes()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
