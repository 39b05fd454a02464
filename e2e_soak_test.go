package main

// The soak (issue 7's batteries): millions of distinct events from 8
// senders into the live dashboard, then every event accounted for.

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// soakEvents is how many events the soak sends: MISTWATCH_SOAK_EVENTS, or a
// CI-sized default (the full run in BENCHMARKS.md is 2,000,000).
func soakEvents(t *testing.T) int { return envCount(t, "MISTWATCH_SOAK_EVENTS", 100_000) }

// soakCapacity is issue 7's --capacity 100000, or a fifth of a smaller run,
// so the store is full (and memory should level off) well before half-way.
func soakCapacity(events int) int { return min(100_000, events/5) }

const (
	soakSenders = 8
	soakPerMsg  = 10 // events per message
)

// soakMessage is message i: soakPerMsg client-joins, each a distinct
// client at a distinct time, so none is a duplicate.
func soakMessage(i int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"topic":"client-join","events":[`)
	for j := range soakPerMsg {
		if j > 0 {
			b.WriteByte(',')
		}
		n := i*soakPerMsg + j
		fmt.Fprintf(&b, `{"mac":"02%010x","ap":"d420b0%06x","ap_name":"AP-%d","ssid":"Soak","band":"5","rssi":%d,"site_id":"e2e0e2e0-0000-4000-8000-000000000001","site_name":"Soak Site","timestamp":%d}`,
			n, n%64, n%64, -40-n%50, 1793610000+n)
	}
	b.WriteString("]}")
	return b.Bytes()
}

func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak skipped under -short")
	}
	total := soakEvents(t)
	messages := (total + soakPerMsg - 1) / soakPerMsg
	capacity := soakCapacity(total)
	bin := e2eBinary(t)
	addr := freeAddr(t)
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc to read memory from")
	}
	d, pid, status := keptPane(t, bin, "--listen", addr, "--capacity", strconv.Itoa(capacity))
	baseline := int(health(t, addr)["goroutines"].(float64))

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: soakSenders}}
	var next, accepted, busy atomic.Int64
	var rss []float64 // VmRSS in MB at each tenth of the run
	var rssMu sync.Mutex
	start := time.Now()
	var wg sync.WaitGroup
	for range soakSenders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= messages {
					return
				}
				if i > 0 && i%(messages/10+1) == 0 {
					rssMu.Lock()
					rss = append(rss, currentRSS(pid))
					rssMu.Unlock()
				}
				body := soakMessage(i)
				for {
					resp, err := client.Post("http://"+addr+"/", "application/json", bytes.NewReader(body))
					if err != nil {
						t.Errorf("message %d: %v", i, err)
						return
					}
					resp.Body.Close()
					if resp.StatusCode == http.StatusOK {
						accepted.Add(soakPerMsg)
						break
					}
					if resp.StatusCode != http.StatusServiceUnavailable {
						t.Errorf("message %d: status %d", i, resp.StatusCode)
						return
					}
					busy.Add(1) // the dashboard is behind: wait and send it again
					time.Sleep(20 * time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	rss = append(rss, currentRSS(pid))
	client.CloseIdleConnections()

	// Wait for the dashboard to have taken in everything answered 200.
	want := accepted.Load()
	var h map[string]any
	deadline := time.Now().Add(waitTimeout)
	for {
		h = health(t, addr)
		if num(h, "stored")+num(h, "evicted")+num(h, "duplicates") == want || time.Now().After(deadline) {
			break
		}
		time.Sleep(pollEvery)
	}
	t.Logf("%d events in %d messages from %d senders at --capacity %d in %v (%.0f events/s); %d answered 503 and resent; RSS by tenths (MB): %.0f",
		want, messages, soakSenders, capacity, took.Round(time.Millisecond), float64(want)/took.Seconds(), busy.Load(), rss)
	if want != int64(messages*soakPerMsg) {
		t.Errorf("%d events accepted, want all %d", want, messages*soakPerMsg)
	}
	if got := num(h, "events"); got != want {
		t.Errorf("/healthz counts %d events accepted, the senders %d", got, want)
	}
	if s, e, dup := num(h, "stored"), num(h, "evicted"), num(h, "duplicates"); s+e+dup != want || s != int64(capacity) || dup != 0 {
		t.Errorf("stored %d + evicted %d + duplicates %d != accepted %d (want stored = capacity %d, no duplicates)", s, e, dup, want, capacity)
	}
	if got := num(h, "rejected_total"); got != busy.Load() || int64(count(h, "overloaded")+count(h, "busy")) != busy.Load() {
		t.Errorf("senders got %d 503s; /healthz rejected_total %d, %v", busy.Load(), got, h["rejected"])
	}
	// The live dashboard shows the same count.
	d.waitFor(`events ` + strconv.FormatInt(num(h, "shown_total"), 10) + ` `)

	// RSS flat over the last half: no sample past half-way above 1.2× the
	// one at half-way.
	if half := len(rss) / 2; half > 0 {
		for _, r := range rss[half:] {
			if r > rss[half-1]*1.2 {
				t.Errorf("RSS grew over the second half: %.0f MB at half-way, then %.0f", rss[half-1], rss[half:])
				break
			}
		}
	}
	// Goroutines back to the baseline once the senders are gone.
	deadline = time.Now().Add(waitTimeout)
	for {
		g := int(health(t, addr)["goroutines"].(float64))
		if g <= baseline+1 { // +1: the /healthz request itself
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("%d goroutines %v after the load, baseline %d", g, waitTimeout, baseline)
			break
		}
		time.Sleep(pollEvery)
	}
	d.keys("q")
	if got := status(); got != 0 {
		t.Errorf("exit status %d after q", got)
	}
}

func num(h map[string]any, key string) int64 {
	f, _ := h[key].(float64)
	return int64(f)
}

var vmRSS = regexp.MustCompile(`VmRSS:\s+(\d+) kB`)

// currentRSS is the process's resident set now, in MB (0 if unknown).
func currentRSS(pid int) float64 {
	data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	m := vmRSS.FindSubmatch(data)
	if m == nil {
		return 0
	}
	kb, _ := strconv.ParseFloat(strings.TrimSpace(string(m[1])), 64)
	return kb / 1024
}
