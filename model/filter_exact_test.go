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
