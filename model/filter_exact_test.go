package model

import (
	"strings"
	"testing"
)

func TestExactTermsMatchTheWholeValue(t *testing.T) {
	n := NewNames()
	corp := &Event{Topic: "client-join", SSID: "Corp", MAC: "70ef0071535f"}
	guest := &Event{Topic: "client-join", SSID: "Corp-Guest", MAC: "70ef00715360"}
	comma := &Event{Topic: "client-join", SSID: "Guest,5G"}
	cases := []struct {
		query string
		ev    *Event
		want  bool
	}{
		{"ssid:=corp", corp, true},
		{"ssid:=corp", guest, false},
		{"ssid:corp", guest, true},
		{`ssid:="Guest,5G"`, comma, true},
		{`ssid:="Guest,5G"`, guest, false},
		{"mac:=70:ef:00:71:53:5f", corp, true},
		{"mac:=70:ef:00", corp, false},
		{"-ssid:=corp", guest, true},
	}
	for _, c := range cases {
		q, err := ParseQuery(c.query)
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if got := q.Match(c.ev, n); got != c.want {
			t.Errorf("%s on SSID %q: %v, want %v", c.query, c.ev.SSID, got, c.want)
		}
	}
}

func TestRandomMACFlagDecodesFromBoolOrString(t *testing.T) {
	for _, v := range []string{`true`, `"true"`} {
		_, evs, err := DecodeMessage([]byte(`{"topic":"client-join","events":[{"mac":"6a1f0c88e4d1","random_mac":`+v+`}]}`), recv)
		if err != nil || len(evs) != 1 || !evs[0].RandomMAC {
			t.Fatalf("random_mac %s: %+v %v", v, evs, err)
		}
		if s := Summarize(&evs[0], NewNames()); !strings.Contains(s, "(random MAC)") {
			t.Fatalf("the join summary should say the MAC is random: %q", s)
		}
	}
}

func TestSeverityIsNormalisedAndImplied(t *testing.T) {
	cases := []struct{ body, want string }{
		{`{"topic":"device-updowns","events":[{"ap":"5c5b35000001","type":"AP_DISCONNECTED"}]}`, "warn"},
		{`{"topic":"device-updowns","events":[{"ap":"5c5b35000001","type":"AP_CONNECTED"}]}`, "info"},
		{`{"topic":"device-events","events":[{"mac":"5c5b35000001","ev_type":"WARN","type":"AP_RESTARTED"}]}`, "warn"},
		{`{"topic":"alarms","events":[{"severity":"Critical","type":"device_down"}]}`, "critical"},
	}
	for _, c := range cases {
		_, evs, err := DecodeMessage([]byte(c.body), recv)
		if err != nil || evs[0].Severity != c.want {
			t.Errorf("%s: severity %q, want %q (%v)", c.body, evs[0].Severity, c.want, err)
		}
	}
}

func TestEventsThatAreNoRowOfATabGoToAllOnly(t *testing.T) {
	cases := []struct {
		body string
		last Kind // the kind of the last event, a real one; the others are KindOther
	}{
		{`{"topic":"client-join","events":[null,5,"x",{},{"mac":"70ef0071535f"}]}`, KindJoin}, // no client
		{`{"topic":"alarms","events":[1,"x",null,{"type":"device_down"}]}`, KindAlarm},        // not objects
	}
	for _, c := range cases {
		_, evs, err := DecodeMessage([]byte(c.body), recv)
		if err != nil || len(evs) < 2 {
			t.Fatalf("%s: every event is kept: %d %v", c.body, len(evs), err)
		}
		for i, e := range evs[:len(evs)-1] {
			if e.Kind != KindOther {
				t.Errorf("%s: event %d: kind %v, want KindOther", c.body, i, e.Kind)
			}
		}
		if got := evs[len(evs)-1].Kind; got != c.last {
			t.Errorf("%s: the real event has kind %v, want %v", c.body, got, c.last)
		}
	}
}

func TestTimesRoundToMicroseconds(t *testing.T) {
	_, evs, _ := DecodeMessage([]byte(`{"topic":"ping","events":[{"timestamp":1793610005.889622}]}`), recv)
	if got := evs[0].Time.Nanosecond(); got != 889622000 {
		t.Fatalf("float noise should round away: %d ns", got)
	}
}

func TestSpacedComparisonIsAnError(t *testing.T) {
	for _, q := range []string{"rssi < -70", "rssi <-70", "rssi >= -65"} {
		if _, err := ParseQuery(q); err == nil || !strings.Contains(err.Error(), "without spaces") {
			t.Errorf("%q should say to write the comparison without spaces, got %v", q, err)
		}
	}
}

func TestNamesLearnClientHostAndDevice(t *testing.T) {
	n := NewNames()
	n.Learn(&Event{Topic: "client-sessions", Kind: KindSession, MAC: "bc0963e1f4a2", Family: "iPhone", Model: "iPhone 15"})
	if got := n.Client("bc0963e1f4a2"); got != "iPhone 15" { // the family is not repeated (issue 8 item 11)
		t.Fatalf("device from client-sessions: %q", got)
	}
	n.Learn(&Event{Topic: "client-info", MAC: "bc0963e1f4a2", Hostname: "surveyor-phone"})
	if got := n.Client("bc0963e1f4a2"); got != "surveyor-phone" {
		t.Fatalf("a hostname (client-info) names the client first: %q", got)
	}
}
