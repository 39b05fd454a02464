package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // --tz works on machines without a zoneinfo database

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/model/config"
	"github.com/mistwatch/mistwatch/receiver"
	"github.com/mistwatch/mistwatch/theme"
	"github.com/mistwatch/mistwatch/ui/report"
)

// reportPins collects repeated --pin MAC[=label] values.
type reportPins []report.Pin

func (p *reportPins) String() string { return fmt.Sprint(*p) }
func (p *reportPins) Set(v string) error {
	pin, err := config.ParsePin(v)
	if err != nil {
		return err
	}
	*p = append(*p, report.Pin{MAC: pin.MAC, Label: pin.Label})
	return nil
}

// runReport is `mistwatch report`: a self-contained HTML page (and PDF) of
// recorded or saved payload files.
func runReport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mistwatch report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		pins  reportPins
		names namesFilesFlag
	)
	out := fs.String("o", "survey.html", "write the page to this file ('-': stdout)")
	pdf := fs.String("pdf", "", "also print the page to this PDF file (needs Chromium)")
	tz := fs.String("tz", "", "time zone of every time shown: an IANA name (Europe/Paris) or UTC (default: the machine's local zone)")
	top := fs.Int("top", report.DefaultTop, "clients shown when none are pinned: those with most readings")
	good := fs.Float64("rssi-good", theme.DefaultGood, "RSSI at or above this (dBm) is good")
	poor := fs.Float64("rssi-poor", theme.DefaultPoor, "RSSI below this (dBm) is poor")
	fs.Var(&pins, "pin", "show this client MAC, with an optional label: --pin MAC[=label] (repeatable; replaces the top clients)")
	fs.Var(&names, "names", namesUsage)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: mistwatch report [flags] FILE... [-o survey.html] [--pdf survey.pdf]\n\n"+
			"Writes one self-contained HTML page (no script, no network) of a recorded walk:\n"+
			"per-client RSSI charts with roams and findings, per-AP distributions, the roam\n"+
			"matrix, positions per map, alarms and device events.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	fail := func(code int, err error) int {
		fmt.Fprintln(stderr, "mistwatch report:", err)
		return code
	}
	if err := parseQuietly(fs, args, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return fail(2, err)
	}
	loc := time.Local
	if *tz != "" {
		var err error
		if loc, err = time.LoadLocation(*tz); err != nil {
			return fail(2, fmt.Errorf("--tz %q is not a time zone: give an IANA name like Europe/Paris, or UTC", *tz))
		}
	}
	switch {
	case fs.NArg() == 0:
		return fail(2, errors.New("needs at least one FILE (recorded or saved payloads)"))
	case *top <= 0:
		return fail(2, errors.New("--top must be positive"))
	case *poor > *good:
		return fail(2, errors.New("--rssi-poor must not be above --rssi-good"))
	case *out == "-" && *pdf != "":
		return fail(2, errors.New("--pdf prints the page from a file: give -o FILE"))
	}
	browser := ""
	if *pdf != "" {
		var err error
		if browser, err = report.FindBrowser(); err != nil {
			return fail(1, err) // before the work, not after
		}
	}
	table, err := loadNames(names)
	if err != nil {
		return fail(1, err)
	}
	files := fs.Args()
	s := report.NewSurvey(report.Options{Pins: pins, Top: *top, Location: loc, Good: *good, Poor: *poor,
		Names: table, Command: commandLine(append([]string{"mistwatch", "report"}, args...)), Files: files})
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	// The first pass counts events and readings: the APs each scan heard
	// are left undecoded (the same events, the same fields otherwise).
	if err := streamEvents(ctx, files, model.DecodeOptions{NoScanLists: true}, s.Scan, stderr); err != nil {
		return fail(1, err)
	}
	s.EndScan()
	if err := streamEvents(ctx, files, model.DecodeOptions{}, s.Collect, nil); err != nil {
		return fail(1, err)
	}
	rep := s.Report()
	if rep.Late > 0 {
		fmt.Fprintf(stderr, "mistwatch report: %d timeline entries came further out of time order than could be placed (up to %s late, at most %d held a client): counted where read; a finding next to one may be off\n",
			rep.Late, rep.ReorderText(), rep.ReorderLimit)
	}
	if *out == "-" {
		err = report.WriteHTML(stdout, rep)
	} else {
		err = writeFileAtomic(*out, func(w io.Writer) error { return report.WriteHTML(w, rep) })
	}
	if err != nil {
		return fail(1, err)
	}
	if *out != "-" {
		fmt.Fprintf(stderr, "mistwatch report: wrote %s (%d events, %d clients shown)\n", *out, rep.Events, len(rep.Clients))
	}
	if *pdf != "" {
		if err := report.PrintPDF(context.Background(), browser, *out, *pdf); err != nil {
			return fail(1, err)
		}
		fmt.Fprintf(stderr, "mistwatch report: wrote %s\n", *pdf)
	}
	return 0
}

// streamEvents hands every event of the files to fn in file order, reading
// each file as replay does: streamed, so memory does not grow with the file.
// With stderr set (the first pass) each bad entry is reported there. A file
// without a single message is an error: there is nothing to report from it.
func streamEvents(ctx context.Context, files []string, opts model.DecodeOptions, fn func(*model.Event), stderr io.Writer) error {
	for _, file := range files {
		messages := 0
		err := receiver.StreamFileWith(ctx, file, opts, func(b receiver.Batch) error {
			for _, le := range b.Errs {
				if stderr != nil {
					fmt.Fprintln(stderr, "mistwatch report: skipped", model.Sanitize(le.Error()))
				}
			}
			for _, m := range b.Messages {
				messages++
				events := m.Decoded
				if m.Received.IsZero() {
					// Decoded stamps untimed events with the time they were
					// read; the report leaves them out of the span instead.
					events, _ = m.EventsWith(time.Time{}, opts)
				}
				for i := range events {
					fn(&events[i])
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if messages == 0 {
			return fmt.Errorf("%s: no webhook messages in the file", model.Sanitize(file))
		}
	}
	return nil
}

// commandLine writes args as a shell would take them back.
func commandLine(args []string) string {
	quoted := make([]string, len(args))
	for i, a := range args {
		if a != "" && strings.Trim(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,@+") == "" {
			quoted[i] = a
		} else {
			quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return filepath.Base(quoted[0]) + " " + strings.Join(quoted[1:], " ")
}
