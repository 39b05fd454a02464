package model

import "testing"

// TestAbsurdNumbersAreMissing: readings outside their physical range decode
// as absent and are counted; readings at the edges are kept.
func TestAbsurdNumbersAreMissing(t *testing.T) {
	before := ValuesDropped()
	e := decode1(t, msg("client-join", `{"mac":"70ef00000001","rssi":1e308,"connection_rssi":-128,"channel":234}`))
	eq(t, "HasRSSI", e.HasRSSI, false)
	eq(t, "Channel", e.Channel, 0)
	s := decode1(t, msg("client-sessions", `{"mac":"70ef00000001","duration":34560001,"rssi":"5"}`))
	eq(t, "Duration", s.Duration, 0.0)
	eq(t, "HasRSSI", s.HasRSSI, false)
	z := decode1(t, msg("zone", `{"zone_id":"z","current_occupancy":-1,"occupancy_limit":-2}`))
	eq(t, "Occupancy", z.Occupancy, 0)
	a := decode1(t, msg("alarms", `{"type":"x","count":-4}`))
	eq(t, "Count", a.Count, 0)
	if got := ValuesDropped() - before; got != 8 {
		t.Errorf("%d values dropped, want 8", got)
	}

	before = ValuesDropped()
	ok := decode1(t, msg("client-join", `{"mac":"70ef00000001","rssi":-127,"channel":233}`))
	eq(t, "RSSI at -127", ok.RSSI, -127.0)
	eq(t, "Channel 233", ok.Channel, 233)
	ok = decode1(t, msg("client-join", `{"mac":"70ef00000001","rssi":0,"channel":1}`))
	eq(t, "RSSI at 0", ok.HasRSSI, true)
	if got := ValuesDropped() - before; got != 0 {
		t.Errorf("%d values dropped at the edges of the ranges, want 0", got)
	}
}
