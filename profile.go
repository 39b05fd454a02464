package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile of the whole run to the file named by
// MISTWATCH_CPUPROFILE, and a heap profile at exit to MISTWATCH_MEMPROFILE,
// for measuring the real binary under load (see BENCHMARKS.md). It returns
// the function that ends the profiles.
func startProfile(stderr io.Writer) func() {
	stopCPU := startCPUProfile(stderr)
	return func() {
		stopCPU()
		writeHeapProfile(stderr)
	}
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

func startCPUProfile(stderr io.Writer) func() {
	path := os.Getenv("MISTWATCH_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(stderr, "mistwatch: MISTWATCH_CPUPROFILE:", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(stderr, "mistwatch: MISTWATCH_CPUPROFILE:", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
