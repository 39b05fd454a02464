package model

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	apA    = "5c5b350e0001"
	apB    = "5c5b350e0002"
	siteHQ = "4ac1dcf4-9d8b-7211-65c4-057819f0862b"
)

func TestNamesNextAPAndSite(t *testing.T) {
	for _, teacher := range []struct {
		name string
		body string
	}{
		{"client-join names the AP", msg("client-join", `{"ap":"5c:5b:35:0e:00:02","ap_name":"AP-B","site_id":"`+siteHQ+`","site_name":"HQ"}`)},
		{"device-events names the AP by mac/device_name", msg("device-events", `{"mac":"5C-5B-35-0E-00-02","device_name":"AP-B","site_id":"`+siteHQ+`","site_name":"HQ","type":"AP_RESTARTED"}`)},
		{"device-events names the AP by ap/ap_name", msg("device_events", `{"ap":"5c5b350e0002","ap_name":"AP-B","mac":"5c5b350e0002","site_id":"`+siteHQ+`","site_name":"HQ"}`)},
		{"device-updowns names the AP", msg("device-updowns", `{"ap":"5c5b350e0002","ap_name":"AP-B","site_id":"`+siteHQ+`","site_name":"HQ"}`)},
	} {
		t.Run(teacher.name, func(t *testing.T) {
			s := NewStore(10)
			roam := decode1(t, msg("client-sessions", `{"mac":"70ef0071535f","ap":"`+apA+`","ap_name":"AP-A","next_ap":"`+apB+`","termination_reason":3,"site_id":"`+siteHQ+`"}`))
			zone := decode1(t, msg("zone", `{"zone_id":"8ac84899-32db-6327-334c-9b6d58544cfe","site_id":"`+siteHQ+`","trigger":"enter","mac":"70ef0071535f"}`))

			// Before anything named them: the MAC with colons, the short site ID.
			eq(t, "AP(next) before", s.Names.AP(roam.NextAP, ""), "5c:5b:35:0e:00:02")
			eq(t, "Site before", s.Names.Site(zone.SiteID, zone.SiteName), "4ac1dcf4")
			eq(t, "APName before", s.Names.APName(apB), "")

			s.Append(decode(t, teacher.body))
			s.Append([]Event{roam, zone})
			eq(t, "AP(next) after", s.Names.AP(roam.NextAP, ""), "AP-B")
			eq(t, "AP(ap) from the event itself", s.Names.AP(roam.AP, roam.APName), "AP-A")
			eq(t, "APName(next)", s.Names.APName(apB), "AP-B")
			eq(t, "Site after", s.Names.Site(zone.SiteID, zone.SiteName), "HQ")
			eq(t, "SiteName", s.Names.SiteName(siteHQ), "HQ")
			if sum := Summarize(&roam, s.Names); !strings.Contains(sum, "AP-A → AP-B") {
				t.Errorf("Summarize(roam) = %q, want it to show AP-A → AP-B", sum)
			}
		})
	}
}

func TestNamesVersion(t *testing.T) {
	n := NewNames()
	v0 := n.Version()
	learn := func(body string) uint64 {
		for _, e := range decode(t, body) {
			n.Learn(&e)
		}
		return n.Version()
	}
	join := msg("client-join", `{"ap":"`+apA+`","ap_name":"AP-A","site_id":"`+siteHQ+`","site_name":"HQ"}`)
	v1 := learn(join)
	if v1 == v0 {
		t.Fatal("Version did not change when names were learned")
	}
	if v := learn(join); v != v1 {
		t.Errorf("Version changed (%d → %d) though nothing new was learned", v1, v)
	}
	if v := learn(msg("zone", `{"site_id":"`+siteHQ+`"}`)); v != v1 {
		t.Errorf("Version changed on an event that names nothing")
	}
	if v := learn(msg("alarms", `{"ap":"`+apB+`","ap_name":"ignored"}`)); v != v1 {
		t.Errorf("Version changed on a topic that does not name APs")
	}
	v2 := learn(msg("client-join", `{"ap":"`+apA+`","ap_name":"AP-A renamed"}`))
	if v2 == v1 {
		t.Error("Version did not change when an AP was renamed")
	}
	eq(t, "renamed AP", n.AP(apA, ""), "AP-A renamed")
	v3 := learn(msg("ping", `{"site_id":"21134243-0667-44ae-8f58-42b640ad39bb","site_name":"Lab"}`))
	if v3 == v2 {
		t.Error("Version did not change when a site was learned")
	}
}

func TestNamesFallbacks(t *testing.T) {
	n := NewNames()
	eq(t, "Site(masked id)", n.Site("xxxxxx0a4-2770", ""), "xxxxxx0a4-2770")
	eq(t, "Site(uuid)", n.Site(siteHQ, ""), "4ac1dcf4")
	eq(t, "Site(name given)", n.Site(siteHQ, "Given"), "Given")
	eq(t, "AP(masked)", n.AP("xx2316ed6axx", ""), "xx:23:16:ed:6a:xx")
	eq(t, "AP(filler)", n.AP("device_mac4", ""), "device_mac4")
	eq(t, "AP(empty)", n.AP("", ""), "")
}

func seqEvents(n int) []Event {
	evs := make([]Event, n)
	for i := range evs {
		evs[i] = Event{Topic: "ping", Text: fmt.Sprintf("e%d", i+1), Time: recv.Add(time.Duration(i) * time.Second)}
	}
	return evs
}

func TestStoreEviction(t *testing.T) {
	s := NewStore(3)
	eq(t, "Cap", s.Cap(), 3)
	eq(t, "Len empty", s.Len(), 0)
	eq(t, "Total empty", s.Total(), uint64(0))
	if _, ok := s.Get(1); ok {
		t.Error("Get on an empty store succeeded")
	}

	out := s.Append(seqEvents(2))
	if len(out) != 2 || out[0].Seq != 1 || out[1].Seq != 2 {
		t.Fatalf("Append returned %v", out)
	}
	out = s.Append(seqEvents(5)[2:]) // e3, e4, e5
	if len(out) != 3 || out[0].Seq != 3 || out[2].Seq != 5 {
		t.Fatalf("Append returned seqs %d..%d", out[0].Seq, out[len(out)-1].Seq)
	}

	eq(t, "Len", s.Len(), 3)
	eq(t, "Evicted", s.Evicted(), uint64(2))
	eq(t, "Total", s.Total(), uint64(5))
	eq(t, "FirstSeq", s.FirstSeq(), uint64(3))
	for _, seq := range []uint64{0, 1, 2, 6, 100} {
		if e, ok := s.Get(seq); ok {
			t.Errorf("Get(%d) = %v, true; want false", seq, e.Text)
		}
	}
	for seq := uint64(3); seq <= 5; seq++ {
		e, ok := s.Get(seq)
		if !ok {
			t.Fatalf("Get(%d) = false, want the held event", seq)
		}
		eq(t, "Get.Seq", e.Seq, seq)
		eq(t, "Get.Text", e.Text, fmt.Sprintf("e%d", seq))
	}
	for i := 0; i < s.Len(); i++ {
		eq(t, fmt.Sprintf("At(%d).Seq", i), s.At(i).Seq, uint64(3+i))
	}
	var seqs []uint64
	s.Each(func(e *Event) bool { seqs = append(seqs, e.Seq); return true })
	eq(t, "Each", fmt.Sprint(seqs), "[3 4 5]")

	// Each stops when fn returns false.
	calls := 0
	s.Each(func(*Event) bool { calls++; return false })
	eq(t, "Each early stop", calls, 1)
}

func TestStoreSeqsContiguousAcrossWraps(t *testing.T) {
	s := NewStore(7)
	var total int
	for batch := 1; batch <= 20; batch++ {
		s.Append(seqEvents(batch % 5)) // includes empty batches
		total += batch % 5
		eq(t, "Total", s.Total(), uint64(total))
		held := min(total, 7)
		eq(t, "Len", s.Len(), held)
		eq(t, "Evicted", s.Evicted(), uint64(total-held))
		prev := s.FirstSeq() - 1
		s.Each(func(e *Event) bool {
			if e.Seq != prev+1 {
				t.Fatalf("Seq %d after %d: not contiguous", e.Seq, prev)
			}
			if g, ok := s.Get(e.Seq); !ok || !reflect.DeepEqual(g, e) {
				t.Fatalf("Get(%d) does not return the held event", e.Seq)
			}
			prev = e.Seq
			return true
		})
		eq(t, "last Seq", prev, uint64(total))
	}
}

func TestStoreCountKindAndNextSeq(t *testing.T) {
	s := NewStore(3)
	eq(t, "NextSeq empty", s.NextSeq(), uint64(1))
	kinds := []Kind{KindJoin, KindJoin, KindZone, KindAlarm, KindJoin}
	for i, k := range kinds {
		s.Append([]Event{{Kind: k}})
		eq(t, "NextSeq", s.NextSeq(), uint64(i+2))
	}
	// Held: zone, alarm, join (the first two joins were evicted).
	eq(t, "CountKind(join)", s.CountKind(KindJoin), 1)
	eq(t, "CountKind(zone)", s.CountKind(KindZone), 1)
	eq(t, "CountKind(alarm)", s.CountKind(KindAlarm), 1)
	eq(t, "CountKind(other)", s.CountKind(KindOther), 0)
	var sum int
	for k := KindOther; k <= KindLocation; k++ {
		sum += s.CountKind(k)
	}
	eq(t, "sum of CountKind", sum, s.Len())
}

func TestStoreDefaultCapacity(t *testing.T) {
	eq(t, "NewStore(0).Cap", NewStore(0).Cap(), DefaultCapacity)
	eq(t, "NewStore(-1).Cap", NewStore(-1).Cap(), DefaultCapacity)
}

// TestClientsRSSI: readings from every topic that carries a client's RSSI
// aggregate per MAC; alarm and zone events do not count.
func TestClientsRSSI(t *testing.T) {
	const mac = "70ef0071535f"
	s := NewStore(100)
	steps := []struct {
		body string
		rssi float64 // reading expected to be added; NaN = none
	}{
		{msg("client-join", `{"mac":"70:ef:00:71:53:5f","ap":"`+apA+`","ap_name":"AP-A","band":"5","rssi":-50,"ssid":"Corp","site_id":"`+siteHQ+`","site_name":"HQ","timestamp":1700000001}`), -50},
		{msg("client-sessions", `{"mac":"70ef0071535f","ap":"`+apA+`","next_ap":"`+apB+`","termination_reason":3,"rssi":-70,"timestamp":1700000002}`), -70},
		{msg("sdkclient-scan-data", `{"mac":"70-ef-00-71-53-5f","connection_ap":"`+apB+`","connection_band":"2.4","connection_rssi":-87,"last_seen":1700000003}`), -87},
		{msg("location-client", `{"mac":"70ef0071535f","rssi":"-60","timestamp":1700000004}`), -60},
		{msg("discovered-raw-rssi", `{"mac":"70ef0071535f","rssi":-65,"timestamp":1700000005}`), -65},
		{msg("alarms", `{"mac":"70ef0071535f","rssi":-10,"type":"x","timestamp":1700000006}`), math.NaN()},
		{msg("zone", `{"mac":"70ef0071535f","rssi":-11,"trigger":"enter","timestamp":1700000007}`), math.NaN()},
		{msg("rssizone", `{"mac":"70ef0071535f","rssi":-12,"timestamp":1700000008}`), math.NaN()},
		{msg("device-events", `{"mac":"70ef0071535f","rssi":-13,"timestamp":1700000009}`), math.NaN()},
		{msg("client-join", `{"mac":"70ef0071535f","timestamp":1700000010}`), math.NaN()}, // no rssi
		{msg("wifi-conn-raw", `{"client_id":"70-ef-00-71-53-5f","ap_id":"`+apB+`","packets":[{"band":"5GHz","rssi":-80},{"band":"2.4GHz","rssi":-75}],"timestamp":1700000011}`), -75},
	}
	var want []float64
	for _, st := range steps {
		s.Append(decode(t, st.body))
		if !math.IsNaN(st.rssi) {
			want = append(want, st.rssi)
		}
	}
	// Another client, from asset-raw-rssi, in its own row.
	s.Append(sample(t, "asset-raw-rssi"))

	c, ok := s.Clients.Get(mac)
	if !ok {
		t.Fatal("client not tracked")
	}
	eq(t, "Count", c.Count(), len(want))
	var sum float64
	mn, mx := want[0], want[0]
	for _, r := range want {
		sum += r
		mn, mx = math.Min(mn, r), math.Max(mx, r)
	}
	eq(t, "Min", c.Min(), mn)
	eq(t, "Max", c.Max(), mx)
	if math.Abs(c.Avg()-sum/float64(len(want))) > 1e-9 {
		t.Errorf("Avg = %v, want %v", c.Avg(), sum/float64(len(want)))
	}
	eq(t, "Last.RSSI", c.Last().RSSI, -75.0)
	eq(t, "LastTopic", c.LastTopic(), "wifi-conn-raw")
	eq(t, "AP (latest)", c.AP(), apB)
	eq(t, "Band (strongest packet)", c.Band(), Band24)
	eq(t, "SSID (from the join)", c.SSID(), "Corp")
	eq(t, "SiteName", c.SiteName(), "HQ")
	eq(t, "LastSeen", c.LastSeen(), unix(1700000011, 0))
	rec := c.Recent()
	if len(rec) != len(want) {
		t.Fatalf("Recent: %d readings, want %d", len(rec), len(want))
	}
	for i, r := range rec {
		eq(t, fmt.Sprintf("Recent[%d]", i), r.RSSI, want[i])
	}
	eq(t, "Updated (Seq of the wifi-conn-raw event)", c.Updated(), uint64(len(steps)))

	eq(t, "clients", s.Clients.Len(), 3)
	for _, m := range []string{"ed2cc53f2770", "ed2cc53f2771"} {
		if a, ok := s.Clients.Get(m); !ok || a.Count() != 1 {
			t.Errorf("asset-raw-rssi client %s not tracked with one reading", m)
		}
	}
	eq(t, "At(0) (first seen)", s.Clients.At(0).MAC(), mac)
	for i := range s.Clients.Len() {
		eq(t, "ID (first-seen position)", s.Clients.At(i).ID(), i+1)
	}

	// A client seen only by alarms and zones has no row.
	if _, ok := s.Clients.Get("000000000001"); ok {
		t.Error("unexpected client")
	}
	s.Append(decode(t, msg("zone", `{"mac":"000000000001","rssi":-40}`)))
	s.Append(decode(t, msg("alarms", `{"mac":"000000000001","rssi":-40}`)))
	if _, ok := s.Clients.Get("000000000001"); ok {
		t.Error("zone/alarm rssi created a client row")
	}
}

func TestClientsRecentKeepsLast(t *testing.T) {
	cs := NewClients()
	n := ReadingsKept*2 + 5
	for i := 0; i < n; i++ {
		e := Event{Topic: "client-join", Kind: KindJoin, MAC: "70ef0071535f", RSSI: float64(-i), HasRSSI: true,
			Time: recv.Add(time.Duration(i) * time.Second), Seq: uint64(i + 1)}
		cs.Observe(&e)
		c, _ := cs.Get("70ef0071535f")
		rec := c.Recent()
		wantLen := min(i+1, ReadingsKept)
		if len(rec) != wantLen {
			t.Fatalf("after %d readings: Recent has %d, want %d", i+1, len(rec), wantLen)
		}
		for j, r := range rec {
			if want := float64(-(i + 1 - wantLen + j)); r.RSSI != want {
				t.Fatalf("after %d readings: Recent[%d] = %v, want %v", i+1, j, r.RSSI, want)
			}
		}
	}
	c, _ := cs.Get("70ef0071535f")
	eq(t, "Count", c.Count(), n)
	eq(t, "Max", c.Max(), 0.0)
	eq(t, "Min", c.Min(), float64(-(n - 1)))
	eq(t, "Updated", c.Updated(), uint64(n))
}

func TestClientsIgnoreNaN(t *testing.T) {
	cs := NewClients()
	cs.Observe(&Event{Kind: KindJoin, MAC: "70ef0071535f", HasRSSI: true, RSSI: math.NaN()})
	eq(t, "Len", cs.Len(), 0)
}

func TestAvgEmpty(t *testing.T) {
	var c Client
	eq(t, "Avg", c.Avg(), 0.0)
	eq(t, "Recent", len(c.Recent()), 0)
}
