package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/receiver"
)

// runSend is `mistwatch send`: POST saved messages to a receiver, signed the
// way Mist signs, one request per message in file order.
func runSend(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mistwatch send", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "", "receiver URL, e.g. http://localhost:8080/")
	secret := fs.String("secret", os.Getenv("MISTWATCH_SECRET"), "sign with this secret (env MISTWATCH_SECRET)")
	timeout := fs.Duration("timeout", 10*time.Second, "per-request timeout")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: mistwatch send --url URL [--secret S] FILE...\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseQuietly(fs, args, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "mistwatch send:", err)
		return 2
	}
	if *url == "" || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "mistwatch send: needs --url and at least one FILE")
		return 2
	}
	client := &http.Client{Timeout: *timeout}
	sent, failed := 0, 0
	for _, file := range fs.Args() {
		msgs, bad, err := receiver.ReadFile(file)
		if err != nil {
			fmt.Fprintln(stderr, "mistwatch send:", err)
			return 1
		}
		for _, le := range bad {
			fmt.Fprintln(stderr, "mistwatch send: skipped", model.Sanitize(le.Error()))
		}
		for _, msg := range msgs {
			if err := receiver.Send(context.Background(), client, *url, *secret, msg.Body); err != nil {
				fmt.Fprintf(stderr, "mistwatch send: %s:%d: %s\n", file, msg.Line, model.Sanitize(err.Error()))
				failed++
				var netErr net.Error
				if errors.As(err, &netErr) || errors.Is(err, syscall.ECONNREFUSED) {
					// Nothing is listening (or it stopped answering): the
					// rest would fail the same way.
					fmt.Fprintf(stdout, "sent %d message(s) to %s, then stopped: %v\n", sent, *url, err)
					return 1
				}
				continue
			}
			sent++
		}
	}
	fmt.Fprintf(stdout, "sent %d message(s) to %s", sent, *url)
	if failed > 0 {
		fmt.Fprintf(stdout, ", %d failed\n", failed)
		return 1
	}
	fmt.Fprintln(stdout)
	return 0
}
