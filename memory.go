package main

import "runtime/debug"

// maxStoreBytesCeiling caps the default --max-store-bytes on big machines.
const maxStoreBytesCeiling = 4 << 30

// defaultMaxStoreBytes is a quarter of physical memory, at most 4 GiB (1 GiB
// where the memory size is unknown): a flood of huge events cannot take the
// machine, and a laptop keeps room for everything else it runs.
func defaultMaxStoreBytes() int64 {
	return storeBudget(physicalMemory())
}

func storeBudget(physical uint64) int64 {
	if physical == 0 {
		return 1 << 30
	}
	return int64(min(physical/4, maxStoreBytesCeiling))
}

// dashboardGCPercent is the collector's GOGC for the dashboard. The store
// is a large heap that lives as long as the process and is mostly free of
// pointers, while ingest makes little garbage per event: at Go's default of
// 100 the heap grows to twice the live store before a collection, so a full
// store of 1M events took 2.2× its live heap in RSS. At 25 it takes about
// 1.25×, for a few more (cheap) marks of the pointer-holding part.
const dashboardGCPercent = 25

// setDashboardGC applies dashboardGCPercent unless the user set GOGC.
func setDashboardGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(dashboardGCPercent)
	}
}
