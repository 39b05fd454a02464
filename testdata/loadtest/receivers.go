package main

// The receivers a round drives besides mistwatch, each run as a process of
// its own: the naive reference, and the null and ceiling yardsticks (see
// the package doc).

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// target is one receiver driven in each round.
type target struct {
	name, url string
	pid       int
}

// startReceiver runs a receiver of the given kind as a process of its own
// (this binary again), so it competes for the cores as mistwatch does.
func startReceiver(kind string) (target, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return target{}, nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	self, err := os.Executable()
	if err != nil {
		return target{}, nil, err
	}
	cmd := exec.Command(self, "--serve-reference", addr, "--serve-kind", kind)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return target{}, nil, err
	}
	stop := func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			stop()
			return target{}, nil, fmt.Errorf("the %s receiver did not start on %s", kind, addr)
		}
	}
	return target{name: kind, url: "http://" + addr + "/", pid: cmd.Process.Pid}, stop, nil
}

// serveReceiver serves one kind of receiver on addr.
func serveReceiver(addr, kind string) error {
	switch kind {
	case "reference":
		return serveReference(addr)
	case "null":
		return http.ListenAndServe(addr, null())
	case "inspector":
		return http.ListenAndServe(addr, inspector())
	case "decoder":
		return http.ListenAndServe(addr, decoder())
	}
	return fmt.Errorf("--serve-kind %q: want reference, null, inspector or decoder", kind)
}

// null reads each body and answers 200, parsing and keeping nothing: its
// latency is the load generator's and the machine's own.
func null() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		w.WriteHeader(200)
	})
}

// inspector keeps every body's raw bytes and parses nothing: a generic
// webhook inspector, the ceiling for a receiver that stores what it gets.
func inspector() http.Handler {
	var mu sync.Mutex
	var kept [][]byte
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		mu.Lock()
		kept = append(kept, body)
		mu.Unlock()
		w.WriteHeader(200)
	})
}

// decoder runs mistwatch's decode of every event and keeps nothing: the
// work any receiver that shows the events must do before storing them.
func decoder() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		if _, _, err := model.DecodeMessage(body, time.Now()); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		w.WriteHeader(200)
	})
}

// serveReference is the fixed reference: read the whole body,
// json.Unmarshal into map[string]any, answer 200. Nothing else.
func serveReference(addr string) error {
	return http.ListenAndServe(addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		w.WriteHeader(200)
	}))
}
