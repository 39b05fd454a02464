package ui

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// The compiled filter (symbol answers, per-value cell answers) must find
// exactly the rows the plain per-event evaluation finds: random queries made
// of pieces of what the events hold and what their cells show, over the
// demo survey and over a generated store with names files, learned names,
// every topic and odd values.

// randomEvents makes n events of every kind from small pools, so values
// repeat, with fields left empty at random.
func randomEvents(r *rand.Rand, n int) []model.Event {
	pick := func(pool ...string) string { return pool[r.IntN(len(pool))] }
	maybe := func(s string) string {
		if r.IntN(4) == 0 {
			return ""
		}
		return s
	}
	topics := []string{"client-join", "client-sessions", "zone", "rssizone", "vbeacon", "occupancy-alerts",
		"alarms", "device-events", "sdkclient-scan-data", "location", "audits", "ping", "odd-topic", "marker"}
	kinds := map[string]model.Kind{"client-join": model.KindJoin, "client-sessions": model.KindSession,
		"zone": model.KindZone, "rssizone": model.KindZone, "vbeacon": model.KindZone, "occupancy-alerts": model.KindZone,
		"alarms": model.KindAlarm, "device-events": model.KindAlarm, "location": model.KindLocation,
		"sdkclient-scan-data": model.KindLocation, "marker": model.KindMarker}
	out := make([]model.Event, n)
	for i := range out {
		topic := topics[r.IntN(len(topics))]
		e := model.Event{Topic: topic, Kind: kinds[topic], Time: t0.Add(time.Duration(r.IntN(7200)) * time.Second),
			SiteID: maybe(pick("site-1", "site-2", "ed5252f1-db82-4458-bf02-0427c10b4904")), SiteName: maybe(pick("HQ", "Lab East")),
			MAC: maybe(fmt.Sprintf("70ef00%06x", r.IntN(40))), AP: maybe(fmt.Sprintf("5c5b35%06x", r.IntN(6))),
			APName: maybe(pick("AP-1", "AP-12", "Hall AP")), NextAP: maybe(fmt.Sprintf("5c5b35%06x", r.IntN(6))),
			SSID: maybe(pick("Corp", "Guest WiFi", "IoT", "café")), Band: model.Band(maybe(pick("2.4", "5", "6", "7x"))),
			Hostname: maybe(pick("iphone-ana", "LAPTOP-7")), Family: maybe(pick("iPhone", "Android")),
			Model: maybe(pick("iPhone 15", "Galaxy S24")), OS: maybe(pick("iOS 17", "Android 14")),
			ZoneID: maybe(pick("419bf358-b4e7-4357-b657-176468ce86fc", "zone-2")), ZoneName: maybe(pick("Lobby", "Room 214")),
			Trigger: maybe(pick("enter", "exit")), Type: maybe(pick("AP_DISCONNECTED", "infra", "sta")),
			Severity: maybe(pick("critical", "warn")), Device: maybe(pick("sw-core", "AP-9")), Text: maybe(pick("door open", "×3 loud", "Ping")),
			Reason: r.IntN(6), Roam: r.IntN(2) == 0, Duration: float64(r.IntN(9000)) / 3,
			Occupancy: r.IntN(9), Limit: r.IntN(9), Count: r.IntN(4), HasXY: r.IntN(2) == 0, X: float64(r.IntN(100)) / 4,
			Raw: []byte(fmt.Sprintf(`{"seq":%d,"note":"Raw Only"}`, i))}
		if r.IntN(3) > 0 {
			e.RSSI, e.HasRSSI = float64(-30-r.IntN(60)), true
		}
		if e.Kind == model.KindLocation && r.IntN(2) == 0 {
			e.Scan = make([]model.ScanEntry, r.IntN(3))
		}
		if topic == "odd-topic" && r.IntN(2) == 0 {
			e = model.Event{Topic: topic, Time: e.Time, Raw: e.Raw} // nothing read: the summary is the payload
		}
		out[i] = e
	}
	return out
}

// randomQuery makes a query from pieces of stored values and shown cells.
func randomQuery(r *rand.Rand, m *Model, seqs []uint64) string {
	piece := func() string {
		e, ok := m.store.Get(seqs[r.IntN(len(seqs))])
		if !ok {
			return "x"
		}
		tab := m.events[r.IntN(len(m.events))]
		texts := cellTexts(tab.spec.cols, e, m.store.Names, nil)
		texts = append(texts, e.SSID, e.MAC, model.FormatMAC(e.AP), e.Type, e.Hostname, e.ZoneID, model.Summarize(e, m.store.Names))
		s := texts[r.IntN(len(texts))]
		if s == "" {
			return "corp"
		}
		runes := []rune(s)
		lo := r.IntN(len(runes))
		hi := lo + 1 + r.IntN(min(6, len(runes)-lo))
		return string(runes[lo:hi])
	}
	word := func() string {
		w := strings.ReplaceAll(piece(), `"`, "")
		switch {
		case strings.TrimSpace(w) == "":
			return "corp"
		case strings.Contains(w, " "):
			return `"` + w + `"`
		case strings.ContainsAny(w, ":<>=!~,-") || strings.HasPrefix(w, "rssi"):
			return `"` + w + `"` // a word, not a field term or a comparison
		}
		return w
	}
	var terms []string
	for n := 1 + r.IntN(2); n > 0; n-- {
		var t string
		negate := r.IntN(6) == 0
		switch r.IntN(10) {
		case 0:
			t = pick(r, model.Fields[:8]...) + ":" + strings.Trim(strings.ReplaceAll(word(), `"`, ""), ",=-") + "," + pick(r, "corp", "ap", "zz")
		case 1:
			t = pick(r, "ssid:=Corp", "type:=sta", "site:=hq", "ap:=ap-1", "zone:=lobby", "band:5", "band:2.4,6",
				"type:roamed", "type:inact", "type:disassoc", "type:4", "type:6/", "type:vbeacon", "ap:→", "ap:?", "mac:ana", "zone:stock")
		case 2:
			t = pick(r, "rssi<-70", "rssi>=-45", "rssi:-50")
		case 3, 4:
			t = pick(r, model.Fields[:8]...) + ":" + strings.Trim(strings.ReplaceAll(word(), `"`, ""), ",=-")
		case 5:
			t = pick(r, "joined", "roamed", "→", "dbm", "5g", "occupancy", "heard", "ended", "(random", "ping:", `"raw only"`, `"at ("`, "disassoc", "×")
			negate = negate || r.IntN(3) == 0 // words only cells show: -x must hide them
		default:
			t = word()
			negate = negate || r.IntN(4) == 0
		}
		if strings.HasSuffix(t, ":") {
			t += "a"
		}
		if negate {
			t = "-" + t
		}
		terms = append(terms, t)
	}
	return strings.Join(terms, " ")
}

func pick(r *rand.Rand, pool ...string) string { return pool[r.IntN(len(pool))] }

func TestCompiledFilterEqualsPerEventMatch(t *testing.T) {
	files := model.NewNameTable()
	for _, kv := range [][3]string{{"site", "ed5252f1-db82-4458-bf02-0427c10b4904", "HQ (file)"},
		{"ap", "5c5b35000002", "Atrium AP"}, {"client", "70ef00000003", "Ana's phone"},
		{"zone", "zone-2", "Stock room"}} {
		k, _ := model.ParseNameKind(kv[0])
		if err := files.Set(k, kv[1], kv[2]); err != nil {
			t.Fatal(err)
		}
	}
	gen := New(Options{Capacity: 5000, Theme: theme.New(true, -67, -75), Names: files})
	gen.resize(160, 30)
	r := rand.New(rand.NewPCG(6, 3))
	for i := 0; i < 3; i++ {
		gen.Update(EventsMsg(randomEvents(r, 500)))
	}
	plain := New(Options{Capacity: 5000, Theme: theme.New(true, -67, -75)}) // no label: other shortcuts
	plain.resize(160, 30)
	plain.Update(EventsMsg(randomEvents(r, 1000)))
	// Chunks of 312 events with more distinct clients, hostnames and
	// readings than a chunk index codes: those columns are read per record.
	distinct := New(Options{Capacity: 5000, Theme: theme.New(true, -67, -75), Names: files})
	distinct.resize(160, 30)
	for i := 0; i < 2; i++ {
		evs := randomEvents(r, 500)
		for k := range evs {
			if evs[k].MAC != "" {
				evs[k].MAC = fmt.Sprintf("70ef01%06x", i*500+k)
			}
			if evs[k].Hostname != "" {
				evs[k].Hostname += fmt.Sprint(k)
			}
			evs[k].RSSI += float64(k%10) / 10
		}
		distinct.Update(EventsMsg(evs))
	}
	demo := demoModel(t, 160, 30)
	for _, c := range []struct {
		name string
		m    *Model
	}{{"generated", gen}, {"generated without names files", plain}, {"generated, distinct clients", distinct}, {"demo", demo}} {
		m := c.m
		var seqs []uint64
		m.store.Each(func(e *model.Event) bool { seqs = append(seqs, e.Seq); return true })
		some, refined, negated := 0, 0, 0
		for n := 0; n < 90; n++ {
			q := randomQuery(r, m, seqs)
			if _, err := model.ParseQuery(q); err != nil {
				continue
			}
			m.rows.inline = 1 << 30
			if n%2 == 0 {
				m.rows.inline = 0 // as a command, as at a million
			}
			if n%3 == 0 {
				sortRandomly(t, r, m)
			}
			for _, text := range []string{q, q + pick(r, "e", "1", " corp", "", " -joined", ` -"at ("`, " -→", " -dbm", " -a")} {
				if m.rows.shown.String() != "" {
					if nq, err := model.ParseQuery(text); err == nil && nq.Narrows(m.rows.shown) {
						refined++
					}
				}
				if m.applyFilter(text); m.rows.pending != nil {
					finish(t, m)
				}
				checkRows(t, m, c.name+" "+text)
				if negatedCellsDiffer(m) {
					negated++
				}
				if rows := len(m.tabs[tabAll].base().table.ids); rows > 0 && rows < len(seqs) {
					some++
				}
			}
		}
		// The queries must tell rows apart, refining must be tried, and
		// negated words must hide rows that only their cells tell apart.
		if some < 30 || refined < 15 || negated < 3 {
			t.Fatalf("%s: only %d filters matched some but not all rows, %d refined, %d negated a word only cells show: the test proves little",
				c.name, some, refined, negated)
		}
		m.applyFilter("")
	}
}

// negatedCellsDiffer reports whether the filter hides a row that its fields
// alone would keep (a negated word that lies in a cell only): what taking
// the fields' answer for the row's got wrong.
func negatedCellsDiffer(m *Model) bool {
	q := m.query
	differ := false
	m.store.Each(func(e *model.Event) bool {
		if e.Seq < m.shownTo && q.Match(e, m.store.Names) {
			for _, t := range m.events {
				if t.accepts(e) && !t.matchEvent(q, e) {
					differ = true
				}
			}
		}
		return !differ
	})
	return differ
}

// sortRandomly sorts each event tab by a random column (or none), either
// way, and checks the rows the job lands.
func sortRandomly(t *testing.T, r *rand.Rand, m *Model) {
	t.Helper()
	for _, tab := range m.events {
		tab.sort = sortState{col: -1}
		if col := r.IntN(len(tab.spec.cols) + 1); col < len(tab.spec.cols) && !tab.table.cols[col].nosort {
			tab.sort = sortState{col: col, desc: r.IntN(2) == 0}
		}
	}
	if m.startRows(m.allEvents(), "sorting…"); m.rows.pending != nil {
		finish(t, m)
	}
	checkRows(t, m, fmt.Sprintf("sorted (%s)", m.query))
}

// TestClockMayHold: every piece of every time of day clock writes may lie
// in the Time cell; a word no time holds is ruled out.
func TestClockMayHold(t *testing.T) {
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.Local)
	for s := 0; s < 86400; s += 7 {
		text := clock(day.Add(time.Duration(s) * time.Second))
		for lo := 0; lo < len(text); lo++ {
			for hi := lo + 1; hi <= len(text); hi++ {
				if !clockMayHold(text[lo:hi]) {
					t.Fatalf("%q lies in %q, yet is ruled out", text[lo:hi], text)
				}
			}
		}
	}
	for _, w := range []string{"67", "99", "3:6", "1:2:3:4", "00:00:00:"} {
		if clockMayHold(w) {
			t.Errorf("%q lies in no time of day, yet may", w)
		}
	}
	if !clockMayHold(clock(time.Time{})) {
		t.Error("a zero time's text is ruled out")
	}
}
