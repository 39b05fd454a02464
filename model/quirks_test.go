package model

// The real-delivery quirks of ../shared/samples/README.md, one table case
// each, and the envelope errors.

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// TestQuirks covers each real-delivery quirk the decoder must tolerate.
func TestQuirks(t *testing.T) {
	const site = `"site_id":"4ac1dcf4-9d8b-7211-65c4-057819f0862b"`
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, evs []Event)
	}{
		{"float duration", msg("client-sessions", `{"mac":"70ef0071535f","duration":16709.393960068,"termination_reason":1,"timestamp":1695172665}`),
			func(t *testing.T, evs []Event) { eq(t, "Duration", evs[0].Duration, 16709.393960068) }},
		{"integer duration", msg("client-sessions", `{"duration":128}`),
			func(t *testing.T, evs []Event) { eq(t, "Duration", evs[0].Duration, 128.0) }},
		{"integer-valued connect_float", msg("client-join", `{"mac":"70ef0071535f","connect":1695172665,"connect_float":1695172665,"timestamp":1695172665,"rssi":-50}`),
			func(t *testing.T, evs []Event) {
				eq(t, "Time", evs[0].Time, unix(1695172665, 0))
				eq(t, "RSSI", evs[0].RSSI, -50.0)
			}},
		{"numeric-string timestamp", msg("mxedge-events", `{"timestamp":"1695194041.635342","type":"ME_CONFIG_CHANGED_BY_USER"}`),
			func(t *testing.T, evs []Event) {
				within(t, "Time", evs[0].Time, unix(1695194041, 635342000), 2*time.Microsecond)
			}},
		{"timestamp in milliseconds", msg("client-join", `{"timestamp":1695194041635}`),
			func(t *testing.T, evs []Event) {
				within(t, "Time", evs[0].Time, unix(1695194041, 635000000), time.Microsecond)
			}},
		{"float timestamp", msg("zone", `{"timestamp":1694166602.662786}`),
			func(t *testing.T, evs []Event) {
				within(t, "Time", evs[0].Time, unix(1694166602, 662786000), 2*time.Microsecond)
			}},
		{"missing timestamp → received time", msg("client-join", `{"mac":"70ef0071535f"}`),
			func(t *testing.T, evs []Event) { eq(t, "Time", evs[0].Time, recv) }},
		{"null timestamp → received time", msg("client-join", `{"timestamp":null}`),
			func(t *testing.T, evs []Event) { eq(t, "Time", evs[0].Time, recv) }},
		{"garbage timestamp → received time", msg("client-join", `{"timestamp":"soon"}`),
			func(t *testing.T, evs []Event) { eq(t, "Time", evs[0].Time, recv) }},
		{"masked non-UUID IDs kept as they came", msg("alarms", `{"org_id":"2818e386-8dec-2562-xxxx-xxxxxxxxxxxx","site_id":"4ac1dcf4-9d8b-7211-xxxx-xxxxxxxxxxxx","zone_id":"b83312a7-7269-4ae1-xxxx-xxxxxxxxxxxx "}`),
			func(t *testing.T, evs []Event) {
				eq(t, "OrgID", evs[0].OrgID, "2818e386-8dec-2562-xxxx-xxxxxxxxxxxx")
				eq(t, "SiteID", evs[0].SiteID, "4ac1dcf4-9d8b-7211-xxxx-xxxxxxxxxxxx")
				eq(t, "ZoneID", evs[0].ZoneID, "b83312a7-7269-4ae1-xxxx-xxxxxxxxxxxx ")
			}},
		{"valid UUIDs normalised to lower case", msg("zone", `{"org_id":"2818E386-8DEC-2562-9EDE-5B8A0FBBDC71","site_id":"4AC1DCF4-9D8B-7211-65C4-057819F0862B","zone_id":"B83312A7-7269-4AE1-9453-E3F9CC6476F4"}`),
			func(t *testing.T, evs []Event) {
				eq(t, "OrgID", evs[0].OrgID, "2818e386-8dec-2562-9ede-5b8a0fbbdc71")
				eq(t, "SiteID", evs[0].SiteID, "4ac1dcf4-9d8b-7211-65c4-057819f0862b")
				eq(t, "ZoneID", evs[0].ZoneID, "b83312a7-7269-4ae1-9453-e3f9cc6476f4")
			}},
		{"underscore topic device_events", `{"topic":"device_events","events":[{"mac":"5c5b350e55c8","device_name":"AP-B","type":"AP_RESTARTED"}]}`,
			func(t *testing.T, evs []Event) {
				eq(t, "Topic", evs[0].Topic, "device-events")
				eq(t, "Kind", evs[0].Kind, KindAlarm)
				eq(t, "AP (device MAC)", evs[0].AP, "5c5b350e55c8")
			}},
		{"underscore topic sdkclient_scan_data", `{"topic":"sdkclient_scan_data","events":[{"mac":"70ef0071535f","connection_rssi":-60}]}`,
			func(t *testing.T, evs []Event) {
				eq(t, "Topic", evs[0].Topic, "sdkclient-scan-data")
				eq(t, "Kind", evs[0].Kind, KindLocation)
			}},
		{"underscore topic client_sessions", `{"topic":"client_sessions","events":[{"mac":"70ef0071535f","termination_reason":3}]}`,
			func(t *testing.T, evs []Event) {
				eq(t, "Topic", evs[0].Topic, "client-sessions")
				eq(t, "Kind", evs[0].Kind, KindSession)
				eq(t, "Roam", evs[0].Roam, true)
			}},
		{"upper-case topic", `{"topic":" Client-Join ","events":[{}]}`,
			func(t *testing.T, evs []Event) { eq(t, "Topic", evs[0].Topic, "client-join") }},
		{`band "24"`, msg("client-join", `{"band":"24"}`), bandIs(Band24)},
		{`band "2.4"`, msg("client-join", `{"band":"2.4"}`), bandIs(Band24)},
		{`band "2.4GHz"`, msg("client-join", `{"band":"2.4GHz"}`), bandIs(Band24)},
		{`band "5"`, msg("client-join", `{"band":"5"}`), bandIs(Band5)},
		{`band "5GHz"`, msg("client-join", `{"band":"5GHz"}`), bandIs(Band5)},
		{`band 5 (number)`, msg("client-join", `{"band":5}`), bandIs(Band5)},
		{`band "6"`, msg("client-join", `{"band":"6"}`), bandIs(Band6)},
		{`band unknown kept`, msg("client-join", `{"band":"60GHz"}`), bandIs(Band("60"))},
		{`band null`, msg("client-join", `{"band":null}`), bandIs(BandNone)},
		{`boolean "true"`, msg("nac-events", `{"mac":"ac3eb179e535","random_mac":"true","ssid":"x"}`),
			func(t *testing.T, evs []Event) {
				eq(t, "MAC", evs[0].MAC, "ac3eb179e535")
				eq(t, "SSID", evs[0].SSID, "x")
			}},
		{`boolean true`, msg("nac-events", `{"mac":"ac3eb179e535","random_mac":true,"ssid":"x"}`),
			func(t *testing.T, evs []Event) {
				eq(t, "MAC", evs[0].MAC, "ac3eb179e535")
				eq(t, "SSID", evs[0].SSID, "x")
			}},
		{`rssi as string "-67"`, msg("client-join", `{"mac":"70ef0071535f","rssi":"-67"}`),
			func(t *testing.T, evs []Event) {
				eq(t, "RSSI", evs[0].RSSI, -67.0)
				eq(t, "HasRSSI", evs[0].HasRSSI, true)
			}},
		{`rssi as float`, msg("client-join", `{"rssi":-67.5}`),
			func(t *testing.T, evs []Event) { eq(t, "RSSI", evs[0].RSSI, -67.5) }},
		{`rssi not a number`, msg("client-join", `{"rssi":"weak"}`),
			func(t *testing.T, evs []Event) { eq(t, "HasRSSI", evs[0].HasRSSI, false) }},
		{"null fields", msg("client-sessions", `{"mac":null,"ap":null,"ap_name":null,"ssid":null,"band":null,"rssi":null,"duration":null,"termination_reason":null,"next_ap":null,"site_id":null,"site_name":null,"timestamp":null}`),
			func(t *testing.T, evs []Event) {
				e := evs[0]
				eq(t, "MAC", e.MAC, "")
				eq(t, "AP", e.AP, "")
				eq(t, "SSID", e.SSID, "")
				eq(t, "Band", e.Band, BandNone)
				eq(t, "HasRSSI", e.HasRSSI, false)
				eq(t, "Duration", e.Duration, 0.0)
				eq(t, "Roam", e.Roam, false)
				eq(t, "Time", e.Time, recv)
			}},
		{"objects and arrays where strings are expected", msg("client-join", `{"mac":{"a":1},"ssid":["x"],"rssi":{},"site_name":[1,2]}`),
			func(t *testing.T, evs []Event) {
				eq(t, "MAC", evs[0].MAC, "")
				eq(t, "SSID", evs[0].SSID, "")
				eq(t, "HasRSSI", evs[0].HasRSSI, false)
			}},
		{"number where a string is expected", msg("client-join", `{"ssid":12345,"site_id":42}`),
			func(t *testing.T, evs []Event) {
				eq(t, "SSID", evs[0].SSID, "12345")
				eq(t, "SiteID", evs[0].SiteID, "42")
			}},
		{"events that are not objects", `{"topic":"client-join","events":[42,"text",null,[1],{"mac":"70ef0071535f"}]}`,
			func(t *testing.T, evs []Event) {
				if len(evs) != 5 {
					t.Fatalf("%d events, want 5 (nothing received is dropped)", len(evs))
				}
				for i, want := range []string{`42`, `"text"`, `null`, `[1]`} {
					eq(t, "Raw", string(evs[i].Raw), want)
					eq(t, "Topic", evs[i].Topic, "client-join")
					eq(t, "MAC", evs[i].MAC, "")
					eq(t, "Time", evs[i].Time, recv)
				}
				eq(t, "MAC[4]", evs[4].MAC, "70ef0071535f")
			}},
		{"unknown topic → generic event", `{"topic":"Brand_New_Topic","events":[{"timestamp":1700000000,` + site + `,"site_name":"HQ","whatever":{"x":[1,2]}}]}`,
			func(t *testing.T, evs []Event) {
				e := evs[0]
				eq(t, "Topic", e.Topic, "brand-new-topic")
				eq(t, "Kind", e.Kind, KindOther)
				eq(t, "Time", e.Time, unix(1700000000, 0))
				eq(t, "SiteID", e.SiteID, "4ac1dcf4-9d8b-7211-65c4-057819f0862b")
				eq(t, "SiteName", e.SiteName, "HQ")
				eq(t, "Raw", string(e.Raw), `{"timestamp":1700000000,`+site+`,"site_name":"HQ","whatever":{"x":[1,2]}}`)
			}},
		{"occupancy-alerts flattened, site inherited", msg("occupancy-alerts", `{"site_id":"67970e46-4e12-11e6-8f42-0242ac110008","site_name":"MIST OFFICE","alert_events":[
			{"current_occupancy":10,"occupancy_limit":5,"type":"COMPLIANCE-VIOLATION","zone_id":"b83312a7-7269-4ae1-9453-e3f9cc6476f4","zone_name":"PLM","timestamp":1594861457},
			{"current_occupancy":20,"occupancy_limit":10,"type":"COMPLIANCE-VIOLATION","zone_name":"CSQA","timestamp":1594861458,"site_name":"Other"}]}`),
			func(t *testing.T, evs []Event) {
				if len(evs) != 2 {
					t.Fatalf("%d events, want 2", len(evs))
				}
				for _, e := range evs {
					eq(t, "Kind", e.Kind, KindZone)
					eq(t, "SiteID", e.SiteID, "67970e46-4e12-11e6-8f42-0242ac110008")
					eq(t, "Type", e.Type, "COMPLIANCE-VIOLATION")
				}
				eq(t, "SiteName[0] (inherited)", evs[0].SiteName, "MIST OFFICE")
				eq(t, "SiteName[1] (own)", evs[1].SiteName, "Other")
				eq(t, "ZoneName[0]", evs[0].ZoneName, "PLM")
				eq(t, "Occupancy[0]", evs[0].Occupancy, 10)
				eq(t, "Limit[0]", evs[0].Limit, 5)
				eq(t, "Occupancy[1]", evs[1].Occupancy, 20)
				eq(t, "Time[1]", evs[1].Time, unix(1594861458, 0))
				if !strings.Contains(string(evs[1].Raw), `"CSQA"`) || strings.Contains(string(evs[1].Raw), "alert_events") {
					t.Errorf("Raw of an alert should be that alert: %s", evs[1].Raw)
				}
			}},
		{"occupancy-alerts without alerts kept as one event", msg("occupancy-alerts", `{"site_id":"67970e46-4e12-11e6-8f42-0242ac110008","alert_events":[]}`),
			func(t *testing.T, evs []Event) {
				if len(evs) != 1 {
					t.Fatalf("%d events, want 1", len(evs))
				}
			}},
		{"roam: termination_reason 3", msg("client-sessions", `{"ap":"5c5b350e0001","next_ap":"000000000000","termination_reason":3}`),
			roamIs(true, "")},
		{"roam: next_ap set though reason 0", msg("client-sessions", `{"ap":"5c5b350e0001","next_ap":"5C:5B:35:0E:00:02","termination_reason":0}`),
			roamIs(true, "5c5b350e0002")},
		{"not a roam: null next_ap, reason 1", msg("client-sessions", `{"ap":"5c5b350e0001","next_ap":"000000000000","termination_reason":1}`),
			roamIs(false, "")},
		{"not a roam: reason 2, no next_ap", msg("client-sessions", `{"ap":"5c5b350e0001","termination_reason":2}`),
			roamIs(false, "")},
		{"not a roam: next_ap on a topic that is not client-sessions", msg("client-join", `{"next_ap":"5c5b350e0002","termination_reason":3}`),
			roamIs(false, "5c5b350e0002")},
		{"reason as a string", msg("client-sessions", `{"termination_reason":"3"}`),
			func(t *testing.T, evs []Event) { eq(t, "Reason", evs[0].Reason, 3); eq(t, "Roam", evs[0].Roam, true) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := decode(t, tt.body)
			if len(evs) == 0 {
				t.Fatal("no events")
			}
			tt.check(t, evs)
			for i := range evs {
				assertClean(t, &evs[i])
				assertRawJSON(t, &evs[i])
			}
		})
	}
}

func bandIs(want Band) func(t *testing.T, evs []Event) {
	return func(t *testing.T, evs []Event) { eq(t, "Band", evs[0].Band, want) }
}

func roamIs(want bool, next string) func(t *testing.T, evs []Event) {
	return func(t *testing.T, evs []Event) {
		eq(t, "Roam", evs[0].Roam, want)
		eq(t, "NextAP", evs[0].NextAP, next)
	}
}

func TestBooleansDecodeAlike(t *testing.T) {
	// The event has no boolean field today, so "true" vs true must not change
	// anything but Raw.
	a := decode1(t, msg("nac-events", `{"mac":"ac3eb179e535","random_mac":"true","timestamp":1691512031}`))
	b := decode1(t, msg("nac-events", `{"mac":"ac3eb179e535","random_mac":true,"timestamp":1691512031}`))
	a.Raw, b.Raw = nil, nil
	if !equalEvents(a, b) {
		t.Errorf(`"true" and true decode differently:\n%+v\n%+v`, a, b)
	}
	for _, tt := range []struct {
		in          string
		v, validity bool
	}{
		{`true`, true, true}, {`"true"`, true, true}, {`"TRUE"`, true, true}, {`1`, true, true}, {`"yes"`, true, true},
		{`false`, false, true}, {`"false"`, false, true}, {`0`, false, true},
		{`null`, false, false}, {`"maybe"`, false, false}, {`{}`, false, false},
	} {
		var fb flexBool
		if err := json.Unmarshal([]byte(tt.in), &fb); err != nil {
			t.Errorf("flexBool(%s): %v", tt.in, err)
		}
		if fb.V != tt.v || fb.Valid != tt.validity {
			t.Errorf("flexBool(%s) = %+v, want {%v %v}", tt.in, fb, tt.v, tt.validity)
		}
	}
}

func equalEvents(a, b Event) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func TestFlexNum(t *testing.T) {
	for _, tt := range []struct {
		in    string
		v     float64
		valid bool
	}{
		{`-67`, -67, true}, {`-67.5`, -67.5, true}, {`"-67"`, -67, true}, {`" 12 "`, 12, true},
		{`16709.393960068`, 16709.393960068, true}, {`1e3`, 1000, true}, {`"1695194041.635342"`, 1695194041.635342, true},
		{`null`, 0, false}, {`true`, 0, false}, {`"abc"`, 0, false}, {`[1]`, 0, false}, {`{}`, 0, false}, {`""`, 0, false},
	} {
		var n flexNum
		if err := json.Unmarshal([]byte(tt.in), &n); err != nil {
			t.Errorf("flexNum(%s): %v", tt.in, err)
		}
		if n.Valid != tt.valid || n.V != tt.v {
			t.Errorf("flexNum(%s) = %+v, want {%v %v}", tt.in, n, tt.v, tt.valid)
		}
	}
	// NaN/Inf spelled as strings must not become readings or times.
	for _, bad := range []string{`"NaN"`, `"nan"`, `"Inf"`, `"-Infinity"`} {
		e := decode1(t, msg("client-join", `{"rssi":`+bad+`,"timestamp":`+bad+`,"duration":`+bad+`}`))
		eq(t, "HasRSSI ("+bad+")", e.HasRSSI, false)
		eq(t, "Time ("+bad+")", e.Time, recv)
		if math.IsNaN(e.Duration) || math.IsInf(e.Duration, 0) {
			t.Errorf("duration %s decoded as %v", bad, e.Duration)
		}
		if s := Summarize(&e, NewNames()); strings.Contains(strings.ToLower(s), "nan") || strings.Contains(s, "Inf") {
			t.Errorf("Summarize = %q", s)
		}
	}
}

func TestReasonName(t *testing.T) {
	for _, tt := range []struct {
		r    int
		want string
	}{
		{0, ""}, {1, "disassociated"}, {2, "inactive"}, {3, "roamed"}, {7, "7"}, {-1, "-1"},
	} {
		eq(t, "ReasonName", ReasonName(tt.r), tt.want)
		e := Event{Reason: tt.r}
		eq(t, "ReasonText", e.ReasonText(), tt.want)
	}
}

// TestEnvelopeErrors: an unusable envelope fails with the exported error the
// receiver maps to a 400.
func TestEnvelopeErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		want error
	}{
		{"empty body", ``, ErrNotJSON},
		{"whitespace", " \n\t ", ErrNotJSON},
		{"not JSON", `hello`, ErrNotJSON},
		{"truncated JSON", `{"topic":"zone","events":[`, ErrNotJSON},
		{"trailing garbage", `{"topic":"zone","events":[]} x`, ErrNotJSON},
		{"array body", `[{"topic":"zone","events":[]}]`, ErrNotJSON},
		{"string body", `"zone"`, ErrNotJSON},
		{"no topic", `{"events":[{}]}`, ErrNoTopic},
		{"empty topic", `{"topic":"","events":[{}]}`, ErrNoTopic},
		{"blank topic", `{"topic":"   ","events":[{}]}`, ErrNoTopic},
		{"null topic", `{"topic":null,"events":[{}]}`, ErrNoTopic},
		{"topic only escapes", `{"topic":"\u001b[2J","events":[{}]}`, ErrNoTopic},
		{"topic a number", `{"topic":7,"events":[]}`, ErrTopicNotText},
		{"topic a bool", `{"topic":true,"events":[{}]}`, ErrTopicNotText},
		{"topic an object", `{"topic":{"name":"zone"},"events":[{}]}`, ErrTopicNotText},
		{"topic an array", `{"topic":["zone"],"events":[{}]}`, ErrTopicNotText},
		{"events an object", `{"topic":"zone","events":{"mac":"x"}}`, ErrEventsNotArr},
		{"events a string", `{"topic":"zone","events":"[]"}`, ErrEventsNotArr},
		{"events a number", `{"topic":"zone","events":3}`, ErrEventsNotArr},
		{"events null", `{"topic":"zone","events":null}`, ErrEventsNotArr},
		{"events missing", `{"topic":"zone"}`, ErrEventsNotArr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, evs, err := DecodeMessage([]byte(tt.body), recv)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if evs != nil {
				t.Errorf("events returned with an error: %v", evs)
			}
		})
	}
	// The errors are distinct, so the receiver can count them apart.
	if errors.Is(ErrNotJSON, ErrNoTopic) || errors.Is(ErrNoTopic, ErrEventsNotArr) || errors.Is(ErrNotJSON, ErrEventsNotArr) {
		t.Error("envelope errors are not distinct")
	}
}

func TestEmptyEventsArray(t *testing.T) {
	topic, evs, err := DecodeMessage([]byte(`{"topic":"zone","events":[]}`), recv)
	if err != nil || topic != "zone" || len(evs) != 0 {
		t.Fatalf("got %q %v %v, want zone, no events, no error", topic, evs, err)
	}
}

// TestRawIsAFreshCopy: Raw must not alias a body the caller may reuse (the
// receiver reads bodies into pooled buffers).
func TestRawIsAFreshCopy(t *testing.T) {
	body := []byte(msg("client-join", `{"mac":"70ef0071535f","ssid":"corp"}`))
	_, evs, err := DecodeMessage(body, recv)
	if err != nil {
		t.Fatal(err)
	}
	want := string(evs[0].Raw)
	for i := range body {
		body[i] = 'X'
	}
	eq(t, "Raw after the body was overwritten", string(evs[0].Raw), want)
}
