package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile of the whole run to the file named by
// MISTWATCH_CPUPROFILE, for measuring the real binary under load (see
// BENCHMARKS.md). It returns the function that ends the profile.
func startProfile(stderr io.Writer) func() {
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
