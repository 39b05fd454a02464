package ui

import (
	"bytes"
	"strings"
	"testing"

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
	if err := Plain(in, stop, &out, counters, false, nil); err != nil {
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
	if err := Plain(in, stop, &out, counters, false, nil); err != nil {
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
	if err := Plain(in, stop, &out, nil, false, names); err != nil {
		t.Fatal(err)
	}
	if want := "\trssizone\tHQ Building A\t70:ef:00:71:53:5f enter rssizone Survey Lab\n"; !strings.HasSuffix(out.String(), want) {
		t.Fatalf("got %q, want a line ending %q", out.String(), want)
	}
}
