package model

import (
	"strings"
	"testing"
	"time"
)

func TestChannelAndBSSID(t *testing.T) {
	s := NewStore(100)
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	post := func(body string) {
		t.Helper()
		_, evs, err := DecodeMessage([]byte(body), at)
		if err != nil {
			t.Fatal(err)
		}
		s.Append(evs)
	}
	const bob = "bc0963e1f4a2"
	post(`{"topic":"client-join","events":[{"mac":"bc0963e1f4a2","ap":"5c5b35a01c40","ap_name":"A-1F-East","rssi":-59,"band":"5","connection_channel":36,"bssid":"xxxx16f918xx","timestamp":1796202000}]}`)
	c, ok := s.Clients.Get(bob)
	if !ok || c.Channel() != 36 || c.BSSID() != "xxxx16f918xx" {
		t.Fatalf("client %+v: channel from connection_channel, masked BSSID kept as it came", c)
	}
	// The AP moves the client to channel 44 (no roam): a timeline line says so.
	post(`{"topic":"location-client","events":[{"mac":"bc0963e1f4a2","ap":"5c5b35a01c40","rssi":-61,"channel":44,"timestamp":1796202010}]}`)
	// A roam, then readings on the new AP's channel: no channel-change line for those.
	post(`{"topic":"client-sessions","events":[{"mac":"bc0963e1f4a2","ap":"5c5b35a01c40","next_ap":"5c5b35a02d80","termination_reason":3,"rssi":-70,"channel":44,"timestamp":1796202020}]}`)
	post(`{"topic":"location-client","events":[{"mac":"bc0963e1f4a2","ap":"5c5b35a02d80","rssi":-58,"channel":149,"timestamp":1796202030}]}`)
	if c.Channel() != 149 || c.BSSID() != "" {
		t.Errorf("after the roam: channel %d bssid %q (the old AP's BSSID must go)", c.Channel(), c.BSSID())
	}
	var lines []string
	for _, e := range BuildTimeline(s, bob) {
		lines = append(lines, e.Kind.String()+": "+e.Text)
	}
	got := strings.Join(lines, "\n")
	want := strings.Join([]string{
		`join: joined on A-1F-East 5G ch 36 -59 dBm`,
		`channel: channel 36 → 44 on A-1F-East`,
		`rssi: -61 dBm on A-1F-East ch 44 (location-client)`,
		`roam: A-1F-East → 5c:5b:35:a0:2d:80, roamed, -70 dBm`,
		`rssi: -58 dBm on 5c:5b:35:a0:2d:80 ch 149 (location-client)`,
	}, "\n")
	if got != want {
		t.Errorf("timeline:\n%s\nwant:\n%s", got, want)
	}
}
