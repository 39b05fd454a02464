package model

import (
	"fmt"
	"testing"
)

// BenchmarkNamesDevicesFill is Names.Learn's largest table as a store of
// --capacity 1000000 fills with a new client per event: a million MACs put
// with their device, the table growing all along.
func BenchmarkNamesDevicesFill(b *testing.B) {
	const n = 1000000
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("70ef%08x", i)
	}
	b.ReportAllocs()
	cpu0, faults0 := cpuTime(), minorFaults()
	for b.Loop() {
		m := newBoundedMap[device](n)
		for _, k := range keys {
			m.put(k, device{"Apple", "iPhone 15"})
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N*n), "cpu-ns/key")
	b.ReportMetric(float64(minorFaults()-faults0)/float64(b.N*n), "faults/key")
}
