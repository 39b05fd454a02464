package model

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSummarize(t *testing.T) {
	// Names learned before the summarised events arrive.
	names := NewNames()
	for _, b := range []string{
		msg("client-join", `{"ap":"`+apA+`","ap_name":"AP-A","site_id":"`+siteHQ+`","site_name":"HQ"}`),
		msg("device-events", `{"mac":"`+apB+`","device_name":"AP-B"}`),
	} {
		for _, e := range decode(t, b) {
			names.Learn(&e)
		}
	}
	tests := []struct {
		name string
		body string
		want []string // substrings, in order
		not  []string
	}{
		{"join", msg("client-join", `{"mac":"70ef0071535f","ap":"`+apA+`","ap_name":"AP-A","band":"5","rssi":-54,"ssid":"Mist"}`),
			[]string{"70:ef:00:71:53:5f", "joined", `"Mist"`, "on", "AP-A", "5G", "-54dBm"}, nil},
		{"join, AP named only by an earlier event", msg("client-join", `{"mac":"70ef0071535f","ap":"`+apB+`","ssid":"Mist"}`),
			[]string{"joined", "AP-B"}, []string{"5c:5b:35:0e:00:02"}},
		{"roam", msg("client-sessions", `{"mac":"70ef0071535f","ap":"`+apA+`","next_ap":"`+apB+`","termination_reason":3,"duration":279.8,"rssi":-87,"ssid":"Mist"}`),
			[]string{"70:ef:00:71:53:5f", "roamed", "AP-A → AP-B", "4m40s", "-87dBm", `"Mist"`}, nil},
		{"roam to an unknown AP", msg("client-sessions", `{"mac":"70ef0071535f","ap":"`+apA+`","termination_reason":3}`),
			[]string{"roamed", "AP-A → ?"}, nil},
		{"roam to an unnamed AP shows its MAC", msg("client-sessions", `{"mac":"70ef0071535f","ap":"`+apA+`","next_ap":"5c5b350e0009"}`),
			[]string{"AP-A → 5c:5b:35:0e:00:09"}, nil},
		{"disconnect", msg("client-sessions", `{"mac":"70ef0071535f","ap":"`+apA+`","next_ap":"000000000000","termination_reason":1,"duration":16709.393960068}`),
			[]string{"70:ef:00:71:53:5f", "left", "AP-A", "(disassociated)", "4h38m"}, []string{"roamed", "→"}},
		{"disconnect, inactive", msg("client-sessions", `{"mac":"70ef0071535f","ap":"`+apA+`","termination_reason":2,"duration":47}`),
			[]string{"left AP-A (inactive)", "47s"}, nil},
		{"disconnect, odd reason", msg("client-sessions", `{"mac":"70ef0071535f","ap":"`+apA+`","termination_reason":7}`),
			[]string{"left AP-A (7)"}, nil},
		{"zone", msg("zone", `{"mac":"5684dae9ac8b","zone_id":"8ac84899-32db-6327-334c-9b6d58544cfe","zone_name":"Cafeteria","trigger":"exit"}`),
			[]string{"56:84:da:e9:ac:8b", "exit", "zone", "Cafeteria"}, nil},
		{"zone without name shows its id", msg("rssizone", `{"mac":"500291xxxxxx","rssizone_id":"e38f8e76-40db-4144-xxxx-xxxxxxxxxxxx","trigger":"enter"}`),
			[]string{"50:02:91:xx:xx:xx", "enter", "rssizone", "e38f8e76-40db-4144-xxxx-xxxxxxxxxxxx"}, nil},
		{"occupancy", msg("occupancy-alerts", `{"site_name":"MIST OFFICE","alert_events":[{"current_occupancy":10,"occupancy_limit":5,"type":"COMPLIANCE-VIOLATION","zone_name":"PLM and Leadership"}]}`),
			[]string{"PLM and Leadership", "occupancy", "10/5", "COMPLIANCE-VIOLATION"}, nil},
		{"alarm", msg("alarms", `{"type":"rogue-ap-detected","count":16,"aps":["`+apB+`"],"severity":"warn"}`),
			[]string{"warn", "rogue-ap-detected", "×16"}, nil},
		{"device event", msg("device-events", `{"mac":"`+apB+`","device_name":"AP-B","ev_type":"NOTICE","type":"AP_RESTARTED","text":"power_cycle"}`),
			[]string{"notice", "AP_RESTARTED", "AP-B", "power_cycle"}, []string{"×"}},
		{"device-updowns names the AP by MAC once learned", msg("device-updowns", `{"ap":"`+apB+`","type":"AP_DISCONNECTED"}`),
			[]string{"AP_DISCONNECTED", "AP-B"}, nil},
		{"scan data", msg("sdkclient-scan-data", `{"mac":"70ef0071535f","connection_ap":"`+apB+`","connection_band":"2.4","connection_rssi":-87,"scan_data":[{"ap":"x"},{"ap":"y"}]}`),
			[]string{"70:ef:00:71:53:5f", "on", "AP-B", "2.4G", "-87dBm", "heard 2 APs"}, nil},
		{"one AP heard", msg("sdkclient-scan-data", `{"mac":"70ef0071535f","connection_ap":"`+apB+`","connection_rssi":-87,"scan_data":[{"ap":"x"}]}`),
			[]string{"heard 1 AP"}, []string{"1 APs"}},
		{"ping", msg("ping", `{"name":"webhook event delivery test"}`), []string{"ping:", "webhook event delivery test"}, nil},
		{"audit", msg("audits", `{"message":"Add Webhook \"x\""}`), []string{`Add Webhook "x"`}, nil},
		{"unknown topic falls back to compact raw JSON", `{"topic":"brand-new","events":[ { "foo" : "bar",
			"n": [1, 2] } ]}`, []string{`{"foo":"bar","n":[1,2]}`}, nil},
		{"non-object event falls back to raw", `{"topic":"brand-new","events":[ 42 ]}`, []string{"42"}, nil},
		{"known topic with nothing read falls back to raw", msg("audits", `{"other":1}`), []string{`{"other":1}`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := decode1(t, tt.body)
			got := Summarize(&e, names)
			rest := got
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Errorf("Summarize = %q, want %q (in order)", got, w)
					break
				}
				rest = rest[i+len(w):]
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("Summarize = %q, must not contain %q", got, n)
				}
			}
			if why := dirty(got); why != "" {
				t.Errorf("Summarize = %q: %s", got, why)
			}
		})
	}
}

// TestSummarizeRawFallbackIsClean: the raw-JSON fallback is cut to a bounded
// length without splitting a UTF-8 sequence, and carries no control text.
func TestSummarizeRawFallbackIsClean(t *testing.T) {
	for pad := 0; pad < 8; pad++ {
		long := strings.Repeat("x", pad) + strings.Repeat("é‑📶", 80)
		e := decode1(t, `{"topic":"brand-new","events":[{"note":"`+long+`","evil":"\u001b[2J\u009b1m\u202e"}]}`)
		got := Summarize(&e, NewNames())
		if why := dirty(got); why != "" {
			t.Fatalf("pad %d: Summarize = %q: %s", pad, got, why)
		}
		if !strings.HasSuffix(got, "…") {
			t.Errorf("pad %d: long raw not marked as cut: %q", pad, got)
		}
		if n := utf8.RuneCountInString(got); n > 161 {
			t.Errorf("pad %d: %d runes, want at most 161", pad, n)
		}
	}
}

func TestSummarizeSamplesClean(t *testing.T) {
	names := NewNames()
	for _, s := range loadSamples(t) {
		_, evs, err := DecodeMessage(s.body, recv)
		if err != nil {
			t.Fatal(err)
		}
		for i := range evs {
			names.Learn(&evs[i])
			got := Summarize(&evs[i], names)
			if got == "" {
				t.Errorf("%s: empty summary", s.name)
			}
			if why := dirty(got); why != "" {
				t.Errorf("%s: Summarize = %q: %s", s.name, got, why)
			}
		}
	}
}

func TestDurationText(t *testing.T) {
	for _, tt := range []struct {
		sec  float64
		want string
	}{
		{0, ""}, {-5, ""}, {0.6, "1s"}, {47, "47s"}, {59.6, "1m00s"}, {60, "1m00s"}, {723, "12m03s"},
		{3599, "59m59s"}, {3600, "1h00m"}, {16709.393960068, "4h38m"},
	} {
		eq(t, "DurationText", DurationText(tt.sec), tt.want)
	}
}
