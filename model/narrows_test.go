package model

import (
	"strings"
	"testing"
)

// narrowFixture is the demo survey and every shared sample in one store,
// with a names file naming one of the survey's sites, APs and zones.
func narrowFixture(t *testing.T) *Store {
	t.Helper()
	s := ptLoadDemo(t)
	for _, f := range loadSamples(t) {
		if _, evs, err := DecodeMessage(f.body, recv); err == nil {
			s.Append(evs)
		}
	}
	files := NewNameTable()
	var site, ap, zone string
	s.Each(func(e *Event) bool {
		site, ap, zone = firstOf(site, e.SiteID), firstOf(ap, e.AP), firstOf(zone, e.ZoneID)
		return site == "" || ap == "" || zone == ""
	})
	for _, n := range []struct {
		k        NameKind
		id, name string
	}{{NameSite, site, "Filed Site"}, {NameAP, ap, "Filed-AP Atrium"}, {NameZone, zone, "Filed Zone"}} {
		if err := files.Set(n.k, n.id, n.name); err != nil {
			t.Fatal(err)
		}
	}
	s.Names.AddFileNames(files)
	return s
}

// fixtureQueries are hand-picked terms of every kind, plus terms made from
// the stored values themselves: pieces of sites, APs, SSIDs, zones, hosts
// and MACs (with separators), as field terms, bare words, negated,
// alternatives and exact.
func fixtureQueries(s *Store) []string {
	qs := []string{"", "corp", "CORP", "filed", "atrium", "site:filed", "ap:atrium", "zone:filed", "-site:filed",
		"rssi<-70", "rssi>=-65 band:5", "band:24,6", "topic:client_sessions", "type:roamed", "type:enter",
		"roamed", "disassociated", "5g", "\"Android Pixel\"", "mac:70:ef", "ap:5c-5b", "ssid:=Corp", "-topic:zone iphone",
		"site:=Filed Site", "zone:lobby,cafe", "ap:lobby,5c5b35", "nomatch-anywhere"}
	seen := map[string]bool{}
	add := func(v string) {
		v = strings.TrimSpace(strings.ToLower(v))
		if len(v) < 2 || strings.ContainsAny(v, "\" ") || strings.Contains(v, ":") && !looksLikeMAC(v) || seen[v] {
			return
		}
		seen[v] = true
		p := v[:min(len(v), 4)]
		qs = append(qs, p, "-"+p, "site:"+p, "ap:"+p, "zone:"+p, "ssid:"+p+",x", "type:"+p, "site:="+v, "ap:="+v, "zone:="+v)
	}
	s.Each(func(e *Event) bool {
		add(e.SiteName)
		add(s.Names.SiteName(e.SiteID))
		add(e.APName)
		add(s.Names.APName(e.NextAP))
		add(e.SSID)
		add(e.ZoneName)
		add(s.Names.ZoneName(e.ZoneID))
		add(e.Hostname)
		add(e.Type)
		if len(e.MAC) == 12 {
			add(FormatMAC(e.MAC)[:8])
		}
		return len(seen) < 60
	})
	return qs
}

func TestNarrows(t *testing.T) {
	tests := []struct {
		q, prev string
		want    bool
	}{
		{"corp", "", true},
		{"corp", "cor", true},
		{"cor p", "cor", true},
		{"ssid:corp", "ssid:cor", true},
		{"mac:70:ef:0", "mac:70:ef", true},
		{"ssid:corp site:hq", "ssid:corp", true},
		{"cor", "corp", false},             // wider
		{"-corp", "-cor", false},           // a longer negation excludes less
		{"ssid:cor,x", "ssid:cor", false},  // an alternative widens
		{"ssid:cor", "ssid:cor,x", false},  // alternatives are not compared
		{"ssid:=corp", "ssid:=cor", false}, // exact values are not substrings
		{"ssid:corp", "cor", false},        // another field
		{"rssi<-70", "rssi<-7", false},
		{"band:5,6", "band:5", false},
		{"band:6", "band:5", false},
		{"site:hq corp", "corp", false}, // terms compared in order
		{"rssi<-70 corp", "rssi<-70", true},
		{"ab:cd", "ab:c", true},
		{"-joined", "", true},                     // a negated term added narrows
		{"corp -joined", "corp", true},            // after others too
		{`corp -"android pixel"`, "corp", true},   // a negated phrase
		{"corp -joined -→", "corp -joined", true}, // and another
		{"-joined corp", "corp", false},           // terms compared in order
		{"corp -joine", "corp -joined", false},    // a shorter negation excludes more: not told (a full scan)
		{"corp joined", "corp -joined", false},    // the negation dropped
		{"corp -joined", "corp joined", false},    // or added to a kept term
	}
	for _, tt := range tests {
		q, err := ParseQuery(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		prev, err := ParseQuery(tt.prev)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.Narrows(prev); got != tt.want {
			t.Errorf("%q narrows %q: %v, want %v", tt.q, tt.prev, got, tt.want)
		}
	}
}

// Whenever Narrows says so, every event the narrower query matches is
// matched by the wider one: refining its result loses nothing.
func TestNarrowedQueriesMatchSubsets(t *testing.T) {
	s := narrowFixture(t)
	qs := fixtureQueries(s)
	var parsed []Query
	have := map[string]bool{}
	for _, text := range qs {
		// the query and every prefix of it, as typed key by key
		for i := 1; i <= len(text); i++ {
			if p, err := ParseQuery(text[:i]); err == nil && !have[p.String()] {
				have[p.String()] = true
				parsed = append(parsed, p)
			}
		}
	}
	events := make([]*Event, 0, s.Len())
	s.Each(func(e *Event) bool { events = append(events, e); return true })
	matched := make([][]bool, len(parsed))
	for i, q := range parsed {
		matched[i] = make([]bool, len(events))
		for k, e := range events {
			matched[i][k] = q.Match(e, s.Names)
		}
	}
	pairs := 0
	for i, q := range parsed {
		for j, prev := range parsed {
			if i == j || !q.Narrows(prev) {
				continue
			}
			pairs++
			for k, e := range events {
				if matched[i][k] && !matched[j][k] {
					t.Fatalf("%q narrows %q, yet matches #%d (%s) which %q does not", q, prev, e.Seq, e.Topic, prev)
				}
			}
		}
	}
	if pairs < 100 {
		t.Fatalf("only %d narrowing pairs checked", pairs)
	}
}
