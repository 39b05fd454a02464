package ui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

func TestPlainPrintsOneSanitisedLinePerEvent(t *testing.T) {
	in := make(chan []model.Event, 2)
	a := join(1, "Corp", "AP-Lobby", -60)
	b := join(2, "Guest", "AP-Cafe", -70)
	in <- []model.Event{a, b}
	in <- []model.Event{roam(3, a.AP, b.AP)}
	stop := make(chan struct{})
	close(stop) // the intake has stopped: what is queued must still print
	var out bytes.Buffer
	counters := &Counters{}
	if err := Plain(in, stop, &out, PlainOptions{Counters: counters}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 3 || counters.Total.Load() != 3 {
		t.Fatalf("want 3 lines and a count of 3, got %d lines, count %d:\n%s", len(lines), counters.Total.Load(), out.String())
	}
	if f := strings.Split(lines[0], "\t"); len(f) != 4 || f[0] != "2026-11-02T09:00:01Z" || f[1] != "client-join" || f[2] != "HQ" {
		t.Fatalf("line should be time, topic, site, summary separated by tabs: %q", lines[0])
	}
	if !strings.Contains(lines[2], "AP-Lobby → AP-Cafe") {
		t.Fatalf("roam line should name both APs learned from the joins: %q", lines[2])
	}
}

func TestPlainSanitisesAndPrintsARepeatOnce(t *testing.T) {
	body := []byte(`{"topic":"client-join","events":[{"mac":"70ef0071535f","ssid":"\u001b[2JEvil\u009b31m","rssi":-50,"timestamp":1793610000}]}`)
	_, first, err := model.DecodeMessage(body, t0)
	if err != nil {
		t.Fatal(err)
	}
	_, again, _ := model.DecodeMessage(body, t0) // the same event from a site-level webhook
	in := make(chan []model.Event, 2)
	in <- first
	in <- again
	stop := make(chan struct{})
	close(stop)
	var out bytes.Buffer
	counters := &Counters{}
	if err := Plain(in, stop, &out, PlainOptions{Counters: counters}); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); strings.Count(got, "\n") != 1 || counters.Duplicates.Load() != 1 {
		t.Fatalf("the repeat should be counted, not printed: %q (dups %d)", got, counters.Duplicates.Load())
	}
	if got := out.String(); strings.ContainsAny(got, "\x1b\u009b") || !strings.Contains(got, `"Evil"`) {
		t.Fatalf("payload text must reach stdout sanitised: %q", got)
	}
}

// --names: the file's names replace the IDs and the names events carry.
func TestPlainUsesNamesFile(t *testing.T) {
	body := []byte(`{"topic":"rssizone","events":[{"mac":"70ef0071535f","rssizone_id":"419bf358-b4e7-4357-b657-176468ce86fc","trigger":"enter",` +
		`"site_id":"ed5252f1-db82-4458-bf02-0427c10b4904","site_name":"HQ","timestamp":1793610000}]}`)
	_, evs, err := model.DecodeMessage(body, t0)
	if err != nil {
		t.Fatal(err)
	}
	names, err := model.ParseNameTable("n.csv", []byte("rssizone,419bf358-b4e7-4357-b657-176468ce86fc,Survey Lab\nsite,ed5252f1-db82-4458-bf02-0427c10b4904,HQ Building A\n"))
	if err != nil {
		t.Fatal(err)
	}
	in := make(chan []model.Event, 1)
	in <- evs
	stop := make(chan struct{})
	close(stop)
	var out bytes.Buffer
	if err := Plain(in, stop, &out, PlainOptions{Names: names}); err != nil {
		t.Fatal(err)
	}
	if want := "\trssizone\tHQ Building A\t70:ef:00:71:53:5f enter rssizone Survey Lab\n"; !strings.HasSuffix(out.String(), want) {
		t.Fatalf("got %q, want a line ending %q", out.String(), want)
	}
}

func TestPlainAlertsForPinnedClients(t *testing.T) {
	bob := join(1, "Corp", "AP-Lobby", -60)
	labels := model.NewNameTable()
	if err := labels.Set(model.NameClient, bob.MAC, "Bob-iPhone"); err != nil {
		t.Fatal(err)
	}
	weak := join(2, "Corp", "AP-Lobby", -80)
	weaker := join(3, "Corp", "AP-Lobby", -85) // same episode: no second alert
	other := join(4, "Corp", "AP-Lobby", -90)  // not pinned
	other.MAC = "aabbccddeeff"
	r := roam(5, bob.AP, "5c5b35000009")
	for _, e := range []*model.Event{&weak, &weaker, &r} {
		e.MAC, e.AP = bob.MAC, bob.AP
	}
	marker, _ := model.NewMarker(t0.Add(6*time.Second), "Room 214")
	in := make(chan []model.Event, 1)
	in <- []model.Event{bob, weak, weaker, other, r, marker}
	stop := make(chan struct{})
	close(stop)
	var out bytes.Buffer
	counters := &Counters{}
	err := Plain(in, stop, &out, PlainOptions{Counters: counters, Names: labels, Pins: []string{bob.MAC}, Poor: -75, QuietAfter: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	var alerts []string
	for _, l := range strings.Split(out.String(), "\n") {
		if f := strings.Split(l, "\t"); len(f) == 4 && f[1] == "ALERT" {
			alerts = append(alerts, f[2]+": "+f[3])
		}
	}
	want := "poor: Bob-iPhone poor signal -80 dBm on AP-Lobby|roam: Bob-iPhone roamed AP-Lobby → 5c:5b:35:00:00:09"
	if strings.Join(alerts, "|") != want {
		t.Errorf("alerts %q, want %q\n%s", alerts, want, out.String())
	}
	if !strings.Contains(out.String(), "2026-11-02T09:00:06Z\tmarker\t\t▼ Room 214\n") {
		t.Errorf("no marker line:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "\tBob-iPhone joined") {
		t.Errorf("the label does not replace the MAC:\n%s", out.String())
	}
	if counters.Total.Load() != 5 || counters.Markers.Load() != 1 {
		t.Errorf("total %d markers %d: markers are counted apart", counters.Total.Load(), counters.Markers.Load())
	}
}

func TestPlainQuietAlertOnReplayClock(t *testing.T) {
	bob := join(1, "Corp", "AP", -60)
	later := join(2, "Corp", "AP", -60)
	later.MAC = "aabbccddeeff"
	later.Time = bob.Time.Add(2 * time.Minute) // the replay clock moves on; Bob says nothing
	in := make(chan []model.Event, 1)
	in <- []model.Event{bob, later}
	stop := make(chan struct{})
	close(stop) // the replay has ended: the last check for silences runs at its clock
	var out bytes.Buffer
	if err := Plain(in, stop, &out, PlainOptions{Pins: []string{bob.MAC}, Poor: -75, QuietAfter: 30 * time.Second}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2026-11-02T09:02:01Z\tALERT\tquiet\t"+model.FormatMAC(bob.MAC)+" quiet 2m") {
		t.Errorf("no quiet alert at the replay's last time:\n%s", out.String())
	}
}

func TestHealthCountsMarkersApart(t *testing.T) {
	counters := &Counters{}
	m := New(Options{Capacity: 100, Counters: counters})
	marker, _ := model.NewMarker(t0, "Room 214")
	m.Update(EventsMsg{join(1, "Corp", "A", -60), marker, join(2, "Corp", "A", -60)})
	h := counters.Health()
	if h["stored"] != uint64(2) || h["shown_total"] != uint64(2) || h["markers"] != uint64(1) {
		t.Errorf("health %v: a marker is not a stored webhook event", h)
	}
}
