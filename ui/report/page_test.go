package report

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The "done": the page names the sticky laptop's and the ping-pong
// phone's findings with their APs and times, in the zone asked for.
func TestDemoPageNamesTheFindings(t *testing.T) {
	r := demoReport(t)
	html := render(t, r)
	sticky := pageText(article(t, html, "a8a15912c7e0"))
	if !strings.Contains(sticky, "09:01:27–09:03:54 sticky on A-1F-Lobby: below -75 dBm for 2m27s without roaming") {
		t.Errorf("sticky finding missing from a8:a1:59:12:c7:e0's section:\n%s", sticky)
	}
	pingpong := pageText(article(t, html, "4c4fee3a9d17"))
	for _, want := range []string{
		"09:01:35–09:01:46 ping-pong A-2F-Conf → A-2F-East → A-2F-Conf in 11s",
		"09:01:56–09:02:32 ping-pong A-2F-Conf → A-2F-West → A-2F-Conf in 36s",
		"09:01:25 A-2F-West → A-2F-Conf", // the roams list
	} {
		if !strings.Contains(pingpong, want) {
			t.Errorf("%q missing from 4c:4f:ee:3a:9d:17's section:\n%s", want, pingpong)
		}
	}
	text := pageText(html)
	for _, want := range []string{
		"2026-11-02 09:00:00 – 2026-11-02 09:09:55 (9m56s)", "every time is in UTC (UTC, UTC+00:00)",
		"HQ Building A, Warehouse North", "Markers none", "mistwatch report testdata/demo-survey.ndjson",
		"sdkclient-scan-data 322", "Roam matrix", "Positions", "rogue-ap-detected", "AP restarted after power cycle",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("page text lacks %q", want)
		}
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no zoneinfo:", err)
	}
	r.Location = paris
	if text := pageText(render(t, r)); !strings.Contains(text, "2026-11-02 10:00:00 – 2026-11-02 10:09:55") ||
		!strings.Contains(text, "Europe/Paris (CET, UTC+01:00)") {
		t.Errorf("times are not shown in Europe/Paris:\n%.400s", text)
	}
}

var (
	svgRe    = regexp.MustCompile(`(?s)<svg class="chart rssi".*?</svg>`)
	circleRe = regexp.MustCompile(`<circle class="pt (good|fair|poor)" cx="([-\d.]+)" cy="([-\d.]+)"`)
)

// Each client's chart draws every reading (the demo has fewer than
// MaxChartPoints per client), at its place on the dBm axis.
func TestChartsDrawTheReadings(t *testing.T) {
	r := demoReport(t)
	html := render(t, r)
	for _, c := range r.Clients {
		svg := svgRe.FindString(article(t, html, c.MAC))
		pts := circleRe.FindAllStringSubmatch(svg, -1)
		if len(pts) != c.Readings || len(c.Points) != c.Readings || c.Readings == 0 {
			t.Errorf("%s: chart draws %d points of %d, the data has %d readings", c.MAC, len(pts), len(c.Points), c.Readings)
			continue
		}
		lo, hi := rssiRange(c.Min, c.Max)
		for i, p := range pts {
			var cy float64
			fmt.Sscan(p[3], &cy)
			want := plotTop + (hi-c.Points[i].RSSI)/(hi-lo)*(plotBottom-plotTop)
			if d := cy - want; d > 0.06 || d < -0.06 || p[1] != grade(c.Points[i].RSSI, r.Good, r.Poor) {
				t.Fatalf("%s point %d: %s at y=%v, reading %v should be at %v", c.MAC, i, p[1], cy, c.Points[i].RSSI, want)
			}
		}
		if got := strings.Count(svg, `class="mark `); got != len(c.Marks) {
			t.Errorf("%s: %d marks drawn, %d joins, roams and disconnects", c.MAC, got, len(c.Marks))
		}
		if got := strings.Count(svg, `class="finding"`); got != c.Findings {
			t.Errorf("%s: %d findings shaded, %d found", c.MAC, got, c.Findings)
		}
	}
	if n := len(html); n > 5<<20 {
		t.Errorf("page is %d bytes", n)
	}
}

func TestPageHasNoScriptNorNetwork(t *testing.T) {
	html := render(t, demoReport(t))
	for _, bad := range []string{"<script", "http://", "https://", "<link", "@import", "url("} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("page contains %q: it must render offline and run nothing", bad)
		}
	}
}

// Names from payloads are text on the page: a hostname "<script>" stays
// text, escape sequences and invalid UTF-8 never reach it.
func TestHostileNamesAreEscaped(t *testing.T) {
	msgs := fromLines(t,
		`{"topic":"client-join","events":[{"mac":"70ef0071535f","ap":"5c5b35a01c40","ap_name":"<img src=x onerror=alert(1)>","hostname":"<script>alert('x')</script>","ssid":"Evil\u001b[2J\u001b]0;title\u0007SSID","rssi":-60,"timestamp":1793610000,"site_id":"ed5252f1-db82-4458-bf02-0427c10b4904","site_name":"Site \"&\" <b>"}]}`,
		"{\"topic\":\"client-sessions\",\"events\":[{\"mac\":\"70ef00715360\",\"ap\":\"5c5b35a01c40\",\"next_ap\":\"5c5b35a01c41\",\"termination_reason\":3,\"rssi\":-70,\"timestamp\":1793610030,\"client_hostname\":\"bad\xff\xfe<u>utf8\"}]}",
		`{"topic":"alarms","events":[{"type":"</td><script>x()</script>","aps":["5c5b35a01c40"],"timestamp":1793610040,"text":"a\u001b[31mred"}]}`,
	)
	opts := demoOptions()
	opts.Command = "mistwatch report '<script>'.ndjson"
	opts.Files = []string{"<script>.ndjson"}
	html := render(t, build(t, msgs, opts))
	if strings.Contains(html, "<script") || strings.Contains(html, "<img") || strings.Contains(html, "<u>") || strings.Contains(html, "<b>") {
		t.Errorf("payload markup reached the page as markup:\n%s", html)
	}
	if strings.ContainsAny(html, "\x1b\x07") || !utf8.ValidString(html) {
		t.Error("escape sequences or invalid UTF-8 reached the page")
	}
	text := pageText(html)
	for _, want := range []string{"<img src=x onerror=alert(1)>", "<script>alert('x')</script>", `Site "&" <b>`, "</td><script>x()</script>", "bad<u>utf8"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q is not shown as text", want)
		}
	}
}

func TestPageWithoutReadings(t *testing.T) {
	msgs := fromLines(t,
		`{"topic":"alarms","events":[{"type":"device_down","aps":["5c5b35a01c40"],"timestamp":1793610040,"severity":"critical"}]}`,
		`{"topic":"zone","events":[{"mac":"70ef0071535f","zone_id":"846f7bee-5ded-4733-8250-84a7611d7ff0","name":"Lobby","trigger":"enter","timestamp":1793610041}]}`)
	r := build(t, msgs, demoOptions())
	text := pageText(render(t, r))
	for _, want := range []string{"No client readings in these files.", "No client was seen on an AP.", "No roams in these files.",
		"No location events with x and y in these files.", "device_down", "critical"} {
		if !strings.Contains(text, want) {
			t.Errorf("page text lacks %q:\n%s", want, text)
		}
	}
}

func TestPageWithOneEvent(t *testing.T) {
	r := build(t, fromLines(t, `{"topic":"client-join","events":[{"mac":"70ef0071535f","ap":"5c5b35a01c40","ap_name":"A-1","rssi":-80,"timestamp":1793610000}]}`), demoOptions())
	html := render(t, r)
	svg := svgRe.FindString(article(t, html, "70ef0071535f"))
	if pts := circleRe.FindAllStringSubmatch(svg, -1); len(pts) != 1 || pts[0][1] != "poor" {
		t.Errorf("one reading of -80 should be one poor point, got %v", pts)
	}
	if !strings.Contains(pageText(html), "(0s)") || strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
		t.Errorf("a one-instant span should draw, not divide by zero:\n%s", svg)
	}
}

func TestPositionsAreColouredByTheReadingThen(t *testing.T) {
	r := build(t, fromLines(t,
		`{"topic":"client-join","events":[{"mac":"70ef0071535f","ap":"5c5b35a01c40","rssi":-80,"timestamp":1793610000}]}`,
		`{"topic":"location-client","events":[{"mac":"70ef0071535f","map_id":"580baa42-0838-4e7f-a59c-18b98f857bd7","x":3,"y":4,"timestamp":1793610030}]}`,
		`{"topic":"location-client","events":[{"mac":"70ef0071535f","map_id":"580baa42-0838-4e7f-a59c-18b98f857bd7","x":5,"y":4,"timestamp":1793610200}]}`,
		`{"topic":"location-client","events":[{"mac":"70ef0071535f","map_id":"580baa42-0838-4e7f-a59c-18b98f857bd7","x":6,"y":4,"rssi":-50,"timestamp":1793610201}]}`,
	), demoOptions())
	if len(r.Maps) != 1 || len(r.Maps[0].Points) != 3 {
		t.Fatalf("maps %+v", r.Maps)
	}
	p := r.Maps[0].Points
	if !p[0].HasRSSI || p[0].RSSI != -80 || p[1].HasRSSI || !p[2].HasRSSI || p[2].RSSI != -50 {
		t.Errorf("points %+v: want the join's -80 within a minute, none after 3 minutes, then its own -50", p)
	}
	svg := positionsChart(r.Maps[0], r)
	if got := strings.Count(string(svg), `<circle class="pos `); got != 3 {
		t.Errorf("%d positions drawn", got)
	}
}

// Markers (the surveyor's notes in a record file) are listed in the header
// and flagged on the charts of the clients whose span they fall in.
func TestMarkersListedAndFlagged(t *testing.T) {
	msgs := fromLines(t,
		`{"topic":"client-join","events":[{"mac":"70ef0071535f","ap":"5c5b35a01c40","rssi":-60,"timestamp":1793610000}]}`,
		`{"received_at":"2026-11-02T09:01:00Z","marker":{"time":"2026-11-02T09:01:00Z","text":"Room 214 <door open>"}}`,
		`{"topic":"client-sessions","events":[{"mac":"70ef0071535f","ap":"5c5b35a01c40","termination_reason":2,"rssi":-70,"timestamp":1793610120}]}`,
		`{"topic":"client-join","events":[{"mac":"70ef00715360","ap":"5c5b35a01c40","rssi":-65,"timestamp":1793610300}]}`,
		`{"topic":"client-join","events":[{"mac":"70ef00715360","ap":"5c5b35a01c40","rssi":-66,"timestamp":1793610310}]}`,
	)
	r := build(t, msgs, demoOptions())
	if r.Events != 4 || len(r.Markers) != 1 || r.Markers[0].Text != "Room 214 <door open>" {
		t.Fatalf("events %d (markers are not events), markers %+v", r.Events, r.Markers)
	}
	html := render(t, r)
	if !strings.Contains(pageText(html), "Markers ▼ 09:01:00 Room 214 <door open>") || strings.Contains(html, "<door") {
		t.Errorf("the marker is not listed as text in the header:\n%.1500s", pageText(html))
	}
	inSpan := svgRe.FindString(article(t, html, "70ef0071535f"))
	outside := svgRe.FindString(article(t, html, "70ef00715360"))
	if strings.Count(inSpan, `class="mark marker"`) != 1 || strings.Contains(outside, `class="mark marker"`) {
		t.Errorf("the marker should flag the first client's chart only")
	}
}

// A walk of 60,000 readings and 20,000 ping-pong roams still makes a page of
// a few megabytes: points decimated, marks thinned, lists cut.
func TestPageStaysSmallForALongWalk(t *testing.T) {
	lines := longWalk(60000, 0)
	r := build(t, fromLines(t, lines...), demoOptions())
	c := r.Clients[0]
	if c.Readings != 60000 || c.Roams != 20000 || c.Findings < 10000 {
		t.Fatalf("%d readings, %d roams, %d findings", c.Readings, c.Roams, c.Findings)
	}
	html := render(t, r)
	svg := svgRe.FindString(html)
	points := len(circleRe.FindAllString(svg, -1))
	if len(html) > 5<<20 || points > MaxChartPoints || strings.Count(svg, `class="stretch`) > plotRight-plotLeft || strings.Count(svg, `class="mark `) > maxChartMarks ||
		strings.Count(svg, `class="finding"`) > maxChartMarks {
		t.Errorf("page %d bytes, %d points, %d marks", len(html), points, strings.Count(svg, `class="mark `))
	}
	text := pageText(html)
	if !strings.Contains(text, "… and 19950 more roams") || !strings.Contains(text, fmt.Sprintf("… and %d more findings", c.Findings-maxListed)) {
		t.Error("the cut lists do not say how many more there are")
	}
}
