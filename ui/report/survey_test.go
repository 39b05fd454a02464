package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mistwatch/mistwatch/model"
)

// dataText writes the report's numbers, one fact a line, for the golden file.
func dataText(r *Report) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("span %s – %s", r.Clock(r.From), r.Clock(r.Until))
	p("events %d, duplicates %d, sites %v, APs %d, clients %d", r.Events, r.Duplicates, r.Sites, r.APCount, r.ClientCount)
	for _, t := range r.Topics {
		p("topic %s %d", t.Name, t.N)
	}
	for _, c := range r.Clients {
		p("client %s %q: %d readings, min/avg/max %s/%.1f/%s, %d marks, %s–%s", model.FormatMAC(c.MAC), c.Label,
			c.Readings, f0(c.Min), c.Avg, f0(c.Max), len(c.Marks), r.Time(c.From), r.Time(c.Until))
		for _, ro := range c.ListedRoams() {
			p("  roam %s %s → %s", r.Time(ro.Time), ro.From, ro.To)
		}
		for _, f := range c.ListedFindings() {
			p("  finding %s–%s %s", r.Time(f.From), r.Time(f.Until), f.Text)
		}
		var st []string
		for _, s := range c.Stretches {
			st = append(st, fmt.Sprintf("%s %s–%s", s.AP, r.Time(s.From), r.Time(s.Until)))
		}
		p("  stretches %s", strings.Join(st, ", "))
	}
	for _, ap := range r.APs {
		p("ap %s (%s): %d clients, %d readings, min/q1/median/q3/max %s/%s/%s/%s/%s, mean %.1f, roams in %d out %d, disconnects %v",
			ap.Name, model.FormatMAC(ap.MAC), ap.Clients, ap.Readings, f0(ap.Min), f0(ap.Q1), f0(ap.Median), f0(ap.Q3), f0(ap.Max),
			ap.Mean, ap.RoamsIn, ap.RoamsOut, ap.Disconnects)
	}
	for i, from := range r.Roams.APs {
		for j, to := range r.Roams.APs {
			if n := r.Roams.Counts[i][j]; n > 0 {
				pp := ""
				if r.Roams.PingPong[i][j] {
					pp = " ping-pong"
				}
				p("roams %s → %s: %d%s", from, to, n, pp)
			}
		}
	}
	for _, m := range r.Maps {
		grades := map[string]int{}
		for _, pt := range m.Points {
			g := "none"
			if pt.HasRSSI {
				g = grade(pt.RSSI, r.Good, r.Poor)
			}
			grades[g]++
		}
		p("map %s (%s): %d positions, %d drawn, %v", m.Name, m.Site, m.Total, len(m.Points), grades)
	}
	for _, a := range r.Alarms {
		p("alarm %s–%s %s %s on %s: %s, %d events, count %d, %q", r.Time(a.First), r.Time(a.Last), a.Topic, a.Type, a.Where,
			a.Severity, a.Events, a.Count, a.Text)
	}
	return b.String()
}

func TestDemoSurveyData(t *testing.T) {
	checkGolden(t, "demo-survey.golden", dataText(demoReport(t)))
}

// The report's findings are the timeline's: the same function over the same
// entries, whether the store or the report built them.
func TestFindingsAreTheTimelines(t *testing.T) {
	msgs := readMessages(t, demoFile)
	r := build(t, msgs, demoOptions())
	store := model.NewStore(100000)
	for _, m := range msgs {
		evs, _ := m.Events(m.Received)
		store.Append(evs)
	}
	for _, c := range r.Clients {
		want := model.DetectPatterns(model.BuildTimeline(store, c.MAC), r.Poor, store.Names)
		if fmt.Sprint(c.ListedFindings()) != fmt.Sprint(want) || c.Findings != len(want) {
			t.Errorf("%s: report findings (%d)\n%v\ntimeline's\n%v", c.MAC, c.Findings, c.ListedFindings(), want)
		}
	}
	found := map[string]string{}
	for _, c := range r.Clients {
		for _, f := range c.ListedFindings() {
			found[c.MAC] += f.Kind + ";"
		}
	}
	if !strings.Contains(found["a8a15912c7e0"], model.FindingSticky) || !strings.Contains(found["4c4fee3a9d17"], model.FindingPingPong) {
		t.Errorf("the demo's sticky laptop and ping-pong phone are not found: %v", found)
	}
}

func TestPinsReplaceTheTopClients(t *testing.T) {
	opts := demoOptions()
	opts.Pins = []Pin{{MAC: "4C:4F:EE:3A:9D:17", Label: "Surveyor Pixel"}, {MAC: "000000000001"}}
	r := build(t, readMessages(t, demoFile), opts)
	if len(r.Clients) != 2 || r.Clients[0].MAC != "4c4fee3a9d17" || r.Clients[0].Label != "Surveyor Pixel" {
		t.Fatalf("clients = %+v", r.Clients)
	}
	if c := r.Clients[1]; c.MAC != "000000000001" || c.Readings != 0 {
		t.Errorf("a pinned MAC never seen should be shown empty, got %+v", c)
	}
	html := render(t, r)
	if !strings.Contains(pageText(article(t, html, "000000000001")), "no RSSI readings for this client") {
		t.Error("the empty client's chart does not say it has no readings")
	}
}

func TestTopLimitsTheClients(t *testing.T) {
	opts := demoOptions()
	opts.Top = 2
	r := build(t, readMessages(t, demoFile), opts)
	if len(r.Clients) != 2 {
		t.Fatalf("%d clients, want 2", len(r.Clients))
	}
	if r.Clients[0].Readings < r.Clients[1].Readings {
		t.Errorf("clients not by readings: %d then %d", r.Clients[0].Readings, r.Clients[1].Readings)
	}
}

// A topic subscribed at org and at site level arrives twice: counted once.
func TestDuplicatesCountOnce(t *testing.T) {
	join := `{"topic":"client-join","events":[{"mac":"70ef0071535f","ap":"5c5b35a01c40","ap_name":"A-1","rssi":-60,"timestamp":1793610000}]}`
	r := build(t, fromLines(t, join, join), demoOptions())
	if r.Events != 1 || r.Duplicates != 1 || len(r.Clients) != 1 || r.Clients[0].Readings != 1 || r.APs[0].Readings != 1 {
		t.Errorf("events %d dups %d clients %+v", r.Events, r.Duplicates, r.Clients)
	}
}

func TestAPQuartiles(t *testing.T) {
	ap := &AP{}
	ap.Min, ap.Max = 0, -200
	for _, v := range []float64{-80, -70, -60, -50, -40, -90, -65, -55} {
		ap.observe(v)
	}
	got := []float64{ap.quantile(0.25), ap.quantile(0.5), ap.quantile(0.75)}
	want := []float64{-80, -65, -55} // sorted: -90 -80 -70 -65 -60 -55 -50 -40; nearest ranks 2, 4, 6
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("quartiles %v, want %v", got, want)
	}
	if ap.Min != -90 || ap.Max != -40 || ap.Readings != 8 {
		t.Errorf("min %v max %v n %d", ap.Min, ap.Max, ap.Readings)
	}
}
