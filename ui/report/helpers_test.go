package report

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/receiver"
	"github.com/mistwatch/mistwatch/theme"
)

var update = flag.Bool("update", false, "rewrite the golden files and the README screenshot")

const demoFile = "../../testdata/demo-survey.ndjson"

// demoOptions are the report's defaults, with times in UTC.
func demoOptions() Options {
	return Options{Location: time.UTC, Good: theme.DefaultGood, Poor: theme.DefaultPoor,
		Command: "mistwatch report testdata/demo-survey.ndjson", Files: []string{"testdata/demo-survey.ndjson"}}
}

// eventsOf decodes messages as the report command does.
func eventsOf(tb testing.TB, msgs []receiver.Message) []model.Event {
	tb.Helper()
	var events []model.Event
	for _, m := range msgs {
		evs, err := m.Events(m.Received)
		if err != nil {
			tb.Fatalf("line %d: %v", m.Line, err)
		}
		events = append(events, evs...)
	}
	return events
}

// longWalk is a client walking between two APs, n readings 3 s apart and a
// roam every third: a ping-pong every two roams; a marker every markerEvery
// readings (none if 0).
func longWalk(n, markerEvery int) []string {
	var lines []string
	aps := [2]string{"5c5b35a01c40", "5c5b35a01c41"}
	for i := range n {
		ts := 1793610000 + i*3
		lines = append(lines, fmt.Sprintf(`{"topic":"location-client","events":[{"mac":"70ef0071535f","ap":"%s","rssi":%d,"timestamp":%d}]}`,
			aps[i/3%2], -60-i%30, ts))
		if i%3 == 2 {
			lines = append(lines, fmt.Sprintf(`{"topic":"client-sessions","events":[{"mac":"70ef0071535f","ap":"%s","next_ap":"%s","termination_reason":3,"timestamp":%d}]}`,
				aps[i/3%2], aps[(i/3+1)%2], ts+1))
		}
		if markerEvery > 0 && i%markerEvery == 0 {
			lines = append(lines, fmt.Sprintf(`{"topic":"marker","events":[{"text":"step %d","timestamp":%d}]}`, i, ts))
		}
	}
	return lines
}

// build runs both passes over the messages, as the report command does.
func build(tb testing.TB, msgs []receiver.Message, opts Options) *Report {
	tb.Helper()
	return surveyOf(eventsOf(tb, msgs), opts, reorderLimit)
}

// surveyOf runs both passes over decoded events, with a reorder window of
// at most limit entries per shown client.
func surveyOf(events []model.Event, opts Options, limit int) *Report {
	s := NewSurvey(opts)
	s.reorderLimit = limit
	for i := range events {
		s.Scan(&events[i])
	}
	s.EndScan()
	for i := range events {
		s.Collect(&events[i])
	}
	return s.Report()
}

func readMessages(tb testing.TB, file string) []receiver.Message {
	tb.Helper()
	msgs, bad, err := receiver.ReadFile(file)
	if err != nil || len(bad) > 0 {
		tb.Fatalf("reading %s: %v %v", file, err, bad)
	}
	return msgs
}

// fromLines reads messages given inline, one JSON message a line.
func fromLines(tb testing.TB, lines ...string) []receiver.Message {
	tb.Helper()
	msgs, bad, err := receiver.ReadMessages("inline", strings.NewReader(strings.Join(lines, "\n")))
	if err != nil || len(bad) > 0 {
		tb.Fatalf("inline messages: %v %v", err, bad)
	}
	return msgs
}

func demoReport(tb testing.TB) *Report {
	tb.Helper()
	return build(tb, readMessages(tb, demoFile), demoOptions())
}

func render(tb testing.TB, r *Report) string {
	tb.Helper()
	var b bytes.Buffer
	if err := WriteHTML(&b, r); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := "testdata/" + name
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui/report -run %s -update to write it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./ui/report -run %s -update rewrites it); got:\n%s", path, t.Name(), got)
	}
}

var tags = regexp.MustCompile(`<[^>]*>`)

// pageText is the page's text, roughly: tags dropped, entities decoded,
// spaces squeezed.
func pageText(page string) string {
	s := tags.ReplaceAllString(page, " ")
	s = html.UnescapeString(s)
	return strings.Join(strings.Fields(s), " ")
}

// article returns the HTML of one client's section.
func article(t *testing.T, html, mac string) string {
	t.Helper()
	start := strings.Index(html, `<article class="client" id="client-`+mac+`">`)
	if start < 0 {
		t.Fatalf("no section for client %s", mac)
	}
	end := strings.Index(html[start:], "</article>")
	return html[start : start+end]
}

func f0(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.0f", v)
}
