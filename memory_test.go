package main

import (
	"io"
	"runtime/debug"
	"strings"
	"testing"
)

func TestStoreBudget(t *testing.T) {
	for _, c := range []struct {
		physical uint64
		want     int64
	}{
		{0, 1 << 30},              // unknown: 1 GiB
		{8 << 30, 2 << 30},        // a laptop: a quarter
		{64 << 30, 4 << 30},       // a server: at most 4 GiB
		{1 << 30, 256 << 20},      // a small VM
		{6<<30 + 4, 1536<<20 + 1}, // a quarter, not rounded
		{1 << 40, maxStoreBytesCeiling},
	} {
		if got := storeBudget(c.physical); got != c.want {
			t.Errorf("storeBudget(%d) = %d, want %d", c.physical, got, c.want)
		}
	}
	if got := defaultMaxStoreBytes(); got <= 0 || got > maxStoreBytesCeiling {
		t.Errorf("defaultMaxStoreBytes() = %d on this machine", got)
	}
}

func TestMaxStoreBytesFlag(t *testing.T) {
	for _, v := range []string{"0", "-5"} {
		_, _, err := parseDashboardFlags([]string{"--max-store-bytes", v}, false, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "--max-store-bytes must be positive") {
			t.Errorf("--max-store-bytes %s: %v, want the reason", v, err)
		}
	}
	f, _, err := parseDashboardFlags([]string{"--max-store-bytes", "123456"}, false, io.Discard)
	if err != nil || f.maxStoreBytes != 123456 {
		t.Errorf("--max-store-bytes 123456: %v, %+v", err, f)
	}
	if f, _, err := parseDashboardFlags(nil, false, io.Discard); err != nil || f.maxStoreBytes != defaultMaxStoreBytes() {
		t.Errorf("no --max-store-bytes: %v, got %d, want the default", err, f.maxStoreBytes)
	}
}

func TestDashboardGCPercent(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	setDashboardGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != dashboardGCPercent {
		t.Errorf("without GOGC the dashboard runs at GOGC=%d, want %d", got, dashboardGCPercent)
	}
	debug.SetGCPercent(77) // as if the user's GOGC=77 had been read at start
	setDashboardGC(func(k string) string {
		if k == "GOGC" {
			return "77"
		}
		return ""
	})
	if got := debug.SetGCPercent(100); got != 77 {
		t.Errorf("with GOGC=77 set by the user the dashboard runs at GOGC=%d", got)
	}
}
