package model

import (
	"strings"
	"testing"
	"time"
)

func TestClientsRememberStrongestOtherAPHeard(t *testing.T) {
	s := NewStore(100)
	at := time.Unix(1793610000, 0)
	scan := []byte(`{"topic":"sdkclient-scan-data","events":[{"mac":"70ef0071535f","connection_ap":"5c5b35000001","connection_rssi":-80,
		"scan_data":[{"ap":"5c5b35000001","rssi":-80},{"ap":"5c5b35000002","rssi":-71},{"ap":"5c5b35000003","rssi":-55}]}]}`)
	_, evs, err := DecodeMessage(scan, at)
	if err != nil {
		t.Fatal(err)
	}
	s.Append(evs)
	c, _ := s.Clients.Get("70ef0071535f")
	if c.HeardAP != "5c5b35000003" || c.HeardRSSI != -55 {
		t.Fatalf("want the strongest AP other than the connected one (…03 at -55), got %q %v", c.HeardAP, c.HeardRSSI)
	}
	entries := BuildTimeline(s, "70ef0071535f")
	if len(entries) != 1 || !strings.Contains(entries[0].Text, "heard 5c:5b:35:00:00:03 -55, 5c:5b:35:00:00:02 -71") {
		t.Fatalf("timeline should list the other APs heard, strongest first: %+v", entries)
	}
	// A join on another AP makes the old scan stale.
	_, evs, _ = DecodeMessage([]byte(`{"topic":"client-join","events":[{"mac":"70ef0071535f","ap":"5c5b35000003","rssi":-52}]}`), at.Add(time.Second))
	s.Append(evs)
	if c.HeardAP != "" {
		t.Fatalf("roaming to another AP should clear the heard AP, got %q", c.HeardAP)
	}
	row := ClientCSVRow(c, s.Names, at)
	if h := CSVHeader("rssi"); len(row) != len(h) || h[len(h)-1] != "heard_rssi" {
		t.Fatalf("CSV row and header should line up and end with heard_rssi: %v / %v", h, row)
	}
}
