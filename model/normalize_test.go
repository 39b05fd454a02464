package model

import (
	"reflect"
	"strings"
	"testing"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain ASCII", "Pradeep_Guest", "Pradeep_Guest"},
		{"empty", "", ""},
		{"normal Unicode", "Café Wi‑Fi", "Café Wi‑Fi"},
		{"emoji", "📶 Guest 🚀", "📶 Guest 🚀"},
		{"emoji ZWJ sequence kept", "👩\u200d💻 dev", "👩\u200d💻 dev"},
		{"CJK", "访客网络", "访客网络"},
		{"clear screen", "a\x1b[2Jb", "ab"},
		{"SGR colours", "\x1b[31mEvil\x1b[0m", "Evil"},
		{"CSI with params and intermediates", "x\x1b[?1049hy\x1b[1;31;40mz", "xyz"},
		{"cursor movement", "a\x1b[10;20Hb\x1b[Kc", "abc"},
		{"OSC 8 hyperlink (BEL)", "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07", "click"},
		{"OSC 8 hyperlink (ST)", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"OSC title (BEL)", "\x1b]0;pwned\x07ok", "ok"},
		{"OSC title (ST)", "\x1b]2;pwned\x1b\\ok", "ok"},
		{"unterminated OSC swallows the rest", "ok\x1b]0;pwned", "ok"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"two-character escapes", "a\x1bcb\x1b7c\x1b(Bd", "abcd"},
		{"lone ESC at end", "abc\x1b", "abc"},
		{"C1 CSI", "a\u009b2Jb", "ab"},
		{"C1 CSI with SGR", "\u009b31mred\u009b0m", "red"},
		{"other C1 controls", "a\u0085b\u009dc", "abc"},
		{"raw C1 byte (invalid UTF-8)", "a\x9b2Jb", "a2Jb"},
		{"BEL", "ring\x07ring", "ringring"},
		{"backspace", "abc\x08\x08x", "abcx"},
		{"DEL", "a\x7fb", "ab"},
		{"NUL", "a\x00b", "ab"},
		{"CR LF tab become spaces", "a\r\nb\tc", "a  b c"},
		{"invalid UTF-8", "ok\xff\xfe\xc3", "ok"},
		{"truncated rune", "caf\xc3", "caf"},
		{"bidi override", "abc\u202Eevil\u202C", "abcevil"},
		{"bidi isolates", "\u2066x\u2069\u2067y\u2068z\u2069", "xyz"},
		{"LRM/RLM and ALM", "a\u200eb\u200fc\u061cd", "abcd"},
		{"zero-width space and BOM", "\ufeffa\u200bb", "ab"},
		{"line and paragraph separators", "a\u2028b\u2029c", "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if why := dirty(got); why != "" {
				t.Errorf("Sanitize(%q) = %q: %s", tt.in, got, why)
			}
			if again := Sanitize(got); again != got {
				t.Errorf("Sanitize is not idempotent: %q → %q", got, again)
			}
		})
	}
}

func TestSanitizePlainDoesNotAllocate(t *testing.T) {
	s := "Primary Site / Pradeep_Guest 5c5b350e55c8"
	if n := testing.AllocsPerRun(100, func() { _ = Sanitize(s) }); n != 0 {
		t.Errorf("Sanitize of plain ASCII allocates %v times", n)
	}
}

// TestDecodeSanitisesEndToEnd: an SSID carrying escape sequences reaches the
// event (and every other string field) clean.
func TestDecodeSanitisesEndToEnd(t *testing.T) {
	evil := `\u001b[31mEvil\u001b[0m\u001b[2J`
	body := msg("client-join", `{"ssid":"`+evil+`","ap_name":"AP\u009b2J\u0007 1","site_name":"HQ\u001b]0;t\u0007\u202e","mac":"70:EF:00:71:53:5F","ap":"\u001b[1m5c5b350e55c8","band":"5\u001b[0m","hostname":"h\u0000\u0008ost","type":"\u001b[2Jx","timestamp":1695172665}`)
	e := decode1(t, body)
	eq(t, "SSID", e.SSID, "Evil")
	eq(t, "APName", e.APName, "AP 1")
	eq(t, "SiteName", e.SiteName, "HQ")
	eq(t, "MAC", e.MAC, "70ef0071535f")
	eq(t, "Band", e.Band, Band5)
	eq(t, "Hostname", e.Hostname, "host")
	eq(t, "Type", e.Type, "x")
	assertClean(t, &e)
	if s := Summarize(&e, NewNames()); dirty(s) != "" || strings.Contains(s, "\x1b") {
		t.Errorf("Summarize = %q: %s", s, dirty(s))
	}

	// Every string field, including scan entries, across the topics that fill them.
	bodies := []string{
		msg("sdkclient-scan-data", `{"mac":"\u001b[2J","connection_ap":"\u009b5c5b","scan_data":[{"ap":"\u001b[0m","bssid":"\u0007b","band":"\u001b[2J","ssid":"\u001b]8;;x\u0007s\u001b]8;;\u0007"}]}`),
		msg("client-sessions", `{"next_ap":"\u001b[2Jnext","client_family":"\u001b[5m","client_model":"\u202e","client_os":"\u0008","client_manufacture":"\u009b1m","ap_name":"\u007f"}`),
		msg("zone", `{"zone_name":"\u001b[2Jz","zone_id":"\u001b[2J","trigger":"\u001b[2Jenter","name":"\u001b"}`),
		msg("alarms", `{"severity":"\u001b[2J","device_name":"\u009b","text":"\u001bc","aps":["\u001b[2J"],"reason":"\u0000"}`),
		msg("mxedge-events", `{"ev_type":"\u001b[2J","mxedge_name":"\u001b[2Jme"}`),
		`{"topic":"\u001b[31mzone\u001b[0m","events":[{"org_id":"\u001b[2J","site_id":"\u001b[2J"}]}`,
	}
	for _, b := range bodies {
		for _, e := range decode(t, b) {
			assertClean(t, &e)
			assertMACs(t, &e)
			if s := Summarize(&e, NewNames()); dirty(s) != "" {
				t.Errorf("Summarize = %q: %s", s, dirty(s))
			}
		}
	}
}

// TestEachStringSeesEveryField guards the reflective helper the fuzz target
// relies on: it must visit every string field of Event and ScanEntry.
func TestEachStringSeesEveryField(t *testing.T) {
	e := Event{Scan: []ScanEntry{{}}}
	var want int
	for _, typ := range []reflect.Type{reflect.TypeOf(Event{}), reflect.TypeOf(ScanEntry{})} {
		for i := 0; i < typ.NumField(); i++ {
			if typ.Field(i).IsExported() && typ.Field(i).Type.Kind() == reflect.String {
				want++
			}
		}
	}
	var got int
	eachString(reflect.ValueOf(&e), "Event", func(string, string) { got++ })
	if got != want || want < 25 {
		t.Errorf("eachString visited %d string fields, want %d", got, want)
	}
}

func TestNormalizeMAC(t *testing.T) {
	tests := []struct{ in, want string }{
		{"70ef0071535f", "70ef0071535f"},
		{"70:ef:00:71:53:5f", "70ef0071535f"},
		{"70-ef-00-71-53-5f", "70ef0071535f"},
		{"70EF.0071.535F", "70ef0071535f"},
		{"70ef.0071.535f", "70ef0071535f"},
		{"70:EF:00:71:53:5F", "70ef0071535f"},
		{"70EF0071535F", "70ef0071535f"},
		{"", ""},
		{"70ef00", "70ef00"},                             // too short: kept
		{"70:ef:00", "70:ef:00"},                         // too short with colons: kept
		{"70ef0071535f00", "70ef0071535f00"},             // too long: kept
		{"70:ef:00:71:53:5f:00", "70:ef:00:71:53:5f:00"}, // too long: kept
		{"xx2316ed6axx", "xx2316ed6axx"},                 // masked: kept
		{"5C5B35XXXXXX", "5c5b35xxxxxx"},                 // masked, lower-cased
		{"device_mac4", "device_mac4"},                   // filler: kept
		{"mac8", "mac8"},
		{"70ef0071535g", "70ef0071535g"},
		{"\x1b[31m70ef0071535f", "70ef0071535f"},
		{"70:ef:00:71:53:5f\x1b[0m", "70ef0071535f"},
		{"AA:BB:CC:DD:EE:F\u200bF", "aabbccddeeff"},
	}
	for _, tt := range tests {
		got := NormalizeMAC(tt.in)
		if got != tt.want {
			t.Errorf("NormalizeMAC(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := NormalizeMAC(got); again != got {
			t.Errorf("NormalizeMAC not idempotent: %q → %q → %q", tt.in, got, again)
		}
	}
}

func TestMACDigits(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"70:ef:00:71:53:5f", "70ef0071535f"},
		{"70-EF-00-71-53-5F", "70ef0071535f"},
		{"70ef.0071.535f", "70ef0071535f"},
		{"70ef0071535f", "70ef0071535f"},
		{"70:ef", "70ef"},
		{"iPhone", "iphone"},
	} {
		eq(t, "MACDigits("+tt.in+")", MACDigits(tt.in), tt.want)
	}
}

func TestFormatMAC(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"70ef0071535f", "70:ef:00:71:53:5f"},
		{"", ""},
		{"xx2316ed6axx", "xx:23:16:ed:6a:xx"}, // masked capture: still reads as a MAC
		{"5c5b35xxxxxx", "5c:5b:35:xx:xx:xx"},
		{"mac_address1", "mac_address1"}, // 12 characters of filler: unchanged
		{"hello world!", "hello world!"},
		{"70EF0071535F", "70EF0071535F"}, // not normalised: unchanged
		{"70ef00", "70ef00"},
		{"70:ef:00:71:53:5f", "70:ef:00:71:53:5f"},
	} {
		eq(t, "FormatMAC("+tt.in+")", FormatMAC(tt.in), tt.want)
	}
}

func TestIsNullMAC(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"", true}, {"000000000000", true}, {"5c5b350e55c8", false}, {"00000000000", false}, {"xx0000000000", false},
	} {
		eq(t, "IsNullMAC("+tt.in+")", IsNullMAC(tt.in), tt.want)
	}
	// The null MAC in any spelling is recognised once normalised.
	eq(t, "IsNullMAC(NormalizeMAC(00:00:...))", IsNullMAC(NormalizeMAC("00:00:00:00:00:00")), true)
}

func TestNormalizeBand(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Band
		str  string
	}{
		{"24", Band24, "2.4G"}, {"2.4", Band24, "2.4G"}, {"2.4GHz", Band24, "2.4G"}, {"2.4 GHz", Band24, "2.4G"}, {"band_24", Band24, "2.4G"},
		{"5", Band5, "5G"}, {"5GHz", Band5, "5G"}, {"5ghz", Band5, "5G"}, {" 5 ", Band5, "5G"},
		{"6", Band6, "6G"}, {"6GHz", Band6, "6G"},
		{"", BandNone, ""},
		{"60", Band("60"), "60"},
		{"band6", Band("band6"), "band6"},
		{"\x1b[2J5", Band5, "5G"},
	} {
		got := NormalizeBand(tt.in)
		eq(t, "NormalizeBand("+tt.in+")", got, tt.want)
		eq(t, "Band.String("+tt.in+")", got.String(), tt.str)
	}
}

func TestNormalizeID(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"4AC1DCF4-9D8B-7211-65C4-057819F0862B", "4ac1dcf4-9d8b-7211-65c4-057819f0862b"},
		{"4ac1dcf4-9d8b-7211-65c4-057819f0862b", "4ac1dcf4-9d8b-7211-65c4-057819f0862b"},
		{"4ac1dcf4-9d8b-7211-xxxx-xxxxxxxxxxxx", "4ac1dcf4-9d8b-7211-xxxx-xxxxxxxxxxxx"},
		{"xxxx0047-ccbb-46b8-a04e-d8240ddxxxxx", "xxxx0047-ccbb-46b8-a04e-d8240ddxxxxx"},
		{"XXXX0047-CCBB", "XXXX0047-CCBB"}, // odd: kept exactly, not lower-cased
		{"", ""},
		{"\x1b[2Jabc", "abc"},
	} {
		eq(t, "NormalizeID("+tt.in+")", NormalizeID(tt.in), tt.want)
	}
}

func TestNormalizeTopic(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"device_events", "device-events"},
		{"sdkclient_scan_data", "sdkclient-scan-data"},
		{"client_sessions", "client-sessions"},
		{"Client-Join", "client-join"},
		{" zone ", "zone"},
		{"occupancy-alerts", "occupancy-alerts"},
	} {
		eq(t, "NormalizeTopic("+tt.in+")", NormalizeTopic(tt.in), tt.want)
	}
}
