package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"runtime/trace"
	"time"
)

// startProfile writes a CPU profile of the whole run to the file named by
// MISTWATCH_CPUPROFILE, an execution trace to MISTWATCH_TRACE, and a heap
// profile at exit to MISTWATCH_MEMPROFILE, for measuring the real binary
// under load (see BENCHMARKS.md). It returns the function that ends the
// profiles.
func startProfile(stderr io.Writer) func() {
	stopCPU := startCPUProfile(stderr)
	stopTrace := startTrace(stderr)
	return func() {
		stopCPU()
		stopTrace()
		writeHeapProfile(stderr)
		if os.Getenv("MISTWATCH_CPUPROFILE") != "" {
			reportScheduling(stderr)
		}
	}
}

// reportScheduling says, after a profiled run, how long goroutines waited
// for a core and how long the collector stopped the world: what a CPU
// profile cannot show about POST latency.
func reportScheduling(w io.Writer) {
	samples := []metrics.Sample{{Name: "/sched/latencies:seconds"}, {Name: "/sched/pauses/total/gc:seconds"}}
	metrics.Read(samples)
	for _, s := range samples {
		if s.Value.Kind() != metrics.KindFloat64Histogram {
			continue
		}
		h := s.Value.Float64Histogram()
		fmt.Fprintf(w, "mistwatch: %s p50 %s p99 %s p99.9 %s max %s\n", s.Name,
			quantile(h, 0.5), quantile(h, 0.99), quantile(h, 0.999), quantile(h, 1))
	}
}

// quantile is the upper bound of the bucket holding quantile q.
func quantile(h *metrics.Float64Histogram, q float64) time.Duration {
	var total uint64
	for _, c := range h.Counts {
		total += c
	}
	if total == 0 {
		return 0
	}
	want := uint64(q * float64(total))
	var seen uint64
	for i, c := range h.Counts {
		seen += c
		if seen >= want && c > 0 {
			upper := h.Buckets[i+1]
			if math.IsInf(upper, 1) {
				upper = h.Buckets[i]
			}
			return time.Duration(upper * float64(time.Second))
		}
	}
	return 0
}

// writeHeapProfile writes what is live at exit (the store is still
// referenced by then only if the dashboard is; the profile shows
// allocation sites of what survived the last collection).
func writeHeapProfile(stderr io.Writer) {
	path := os.Getenv("MISTWATCH_MEMPROFILE")
	if path == "" {
		return
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(stderr, "mistwatch: MISTWATCH_MEMPROFILE:", err)
		return
	}
	defer f.Close()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		fmt.Fprintln(stderr, "mistwatch: MISTWATCH_MEMPROFILE:", err)
	}
}

// startCPUProfile writes a CPU profile to MISTWATCH_CPUPROFILE.
func startCPUProfile(stderr io.Writer) func() {
	return startRecording(stderr, "MISTWATCH_CPUPROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile)
}

// startTrace writes an execution trace to MISTWATCH_TRACE: when each
// goroutine waited, and for what (go tool trace), which a CPU profile
// cannot show.
func startTrace(stderr io.Writer) func() {
	return startRecording(stderr, "MISTWATCH_TRACE", trace.Start, trace.Stop)
}

// startRecording starts a recording into the file the environment variable
// names (none if unset) and returns what stops it; a failure is said on
// stderr and the program runs on unrecorded.
func startRecording(stderr io.Writer, env string, start func(io.Writer) error, stop func()) func() {
	path := os.Getenv(env)
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(stderr, "mistwatch: %s: %v\n", env, err)
		return func() {}
	}
	if err := start(f); err != nil {
		fmt.Fprintf(stderr, "mistwatch: %s: %v\n", env, err)
		f.Close()
		return func() {}
	}
	return func() {
		stop()
		f.Close()
	}
}
