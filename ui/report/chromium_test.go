package report

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// screenshotFile is the README's picture of the demo survey's report.
const screenshotFile = "../../testdata/report-demo.png"

// requireBrowser finds Chromium; in CI (which installs it) a missing one fails.
func requireBrowser(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("headless Chromium test skipped under -short")
	}
	browser, err := FindBrowser()
	if err != nil {
		if ci := os.Getenv("CI"); ci != "" && ci != "false" && ci != "0" {
			t.Fatalf("CI=%s but %v", ci, err)
		}
		t.Skip(err)
	}
	return browser
}

// chartInfo is what the page's layout says about one SVG chart.
type chartInfo struct {
	Class    string  `json:"class"`
	Client   string  `json:"client"` // the article's MAC, for client charts
	Width    float64 `json:"width"`
	Height   float64 `json:"height"`
	Children int     `json:"children"`
	Points   int     `json:"points"`
}

// layoutJS measures every chart as laid out, and whether the page overflows.
const layoutJS = `({
	overflow: document.documentElement.scrollWidth > window.innerWidth,
	sections: [...document.querySelectorAll("section h2")].map(h => h.textContent),
	charts: [...document.querySelectorAll("svg.chart")].map(s => {
		const r = s.getBoundingClientRect(), a = s.closest("article");
		return {class: s.getAttribute("class"), client: a ? a.id.replace("client-", "") : "",
			width: r.width, height: r.height, children: s.childElementCount,
			points: s.querySelectorAll("circle.pt").length};
	})
})`

// TestPageInChromium opens the demo survey's page in headless Chromium: no
// console errors, no network request, every chart laid out with something
// drawn, each client's chart with as many points as readings; it saves a
// screenshot (and with -update, the README's).
func TestPageInChromium(t *testing.T) {
	browser := requireBrowser(t)
	r := demoReport(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "survey.html")
	if err := os.WriteFile(page, []byte(render(t, r)), 0o644); err != nil {
		t.Fatal(err)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser),
		chromedp.WindowSize(1100, 1400), chromedp.UserDataDir(filepath.Join(dir, "profile")))
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()

	var (
		mu       sync.Mutex
		problems []string
		requests []string
	)
	if err := chromedp.Do(ctx); err != nil { // start the browser and the tab
		t.Fatalf("starting %s: %v", browser, err)
	}
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == "error" || ev.Type == "warning" || ev.Type == "assert" {
				problems = append(problems, "console "+string(ev.Type))
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				problems = append(problems, "log: "+ev.Entry.Text)
			}
		case *network.EventRequestWillBeSent:
			requests = append(requests, ev.Request.URL)
		}
	}); err != nil {
		t.Fatal(err)
	}
	run, stop := context.WithTimeout(ctx, time.Minute)
	defer stop()
	if _, err := chromedp.Call(run, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(run, log.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(run, chromedp.Navigate("file://"+page)); err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(run, chromedp.Evaluate[[]byte](layoutJS))
	if err != nil {
		t.Fatal(err)
	}
	var layout struct {
		Overflow bool        `json:"overflow"`
		Sections []string    `json:"sections"`
		Charts   []chartInfo `json:"charts"`
	}
	if err := json.Unmarshal(raw, &layout); err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(run, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(t.TempDir(), "survey.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(screenshotFile, shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("the page logged errors: %v", problems)
	}
	for _, u := range requests {
		if u != "file://"+page {
			t.Errorf("the page requested %s: it must need no network", u)
		}
	}
	if layout.Overflow {
		t.Error("the page is wider than the window")
	}
	if want := "Clients APs Roam matrix Positions Alarms and device events"; strings.Join(layout.Sections, " ") != want {
		t.Errorf("sections %q, want %q", layout.Sections, want)
	}
	readings := map[string]int{}
	for _, c := range r.Clients {
		readings[c.MAC] = c.Readings
	}
	var rssi, boxes, maps int
	for _, c := range layout.Charts {
		if c.Width < 100 || c.Height < 50 || c.Children < 5 {
			t.Errorf("chart %q %s is %vx%v with %d elements: nothing drawn", c.Class, c.Client, c.Width, c.Height, c.Children)
		}
		switch c.Class {
		case "chart rssi":
			rssi++
			if c.Points != readings[c.Client] {
				t.Errorf("client %s: %d points drawn, %d readings", c.Client, c.Points, readings[c.Client])
			}
		case "chart boxes":
			boxes++
		case "chart map":
			maps++
		}
	}
	if rssi != len(r.Clients) || boxes != 1 || maps != len(r.Maps) {
		t.Errorf("%d client charts (want %d), %d box plots (want 1), %d maps (want %d)", rssi, len(r.Clients), boxes, maps, len(r.Maps))
	}
}

// TestPrintPDF prints the demo page through the browser, as --pdf does.
func TestPrintPDF(t *testing.T) {
	browser := requireBrowser(t)
	dir := t.TempDir()
	page, pdf := filepath.Join(dir, "survey.html"), filepath.Join(dir, "survey.pdf")
	if err := os.WriteFile(page, []byte(render(t, demoReport(t))), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := PrintPDF(context.Background(), browser, page, pdf); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	// A page holds a few clients: a one-page PDF would mean the print CSS
	// or the page failed.
	pages := regexp.MustCompile(`/Type\s*/Page\b`).FindAll(data, -1)
	if !bytes.HasPrefix(data, []byte("%PDF-")) || len(pages) < 3 {
		t.Errorf("want a PDF of several pages: %d bytes, %d pages", len(data), len(pages))
	}
}

func TestPrintPDFWithoutBrowser(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("MISTWATCH_CHROMIUM", "")
	if _, err := FindBrowser(); err != ErrNoBrowser || !strings.Contains(err.Error(), "apt-get install chromium") {
		t.Errorf("FindBrowser without a browser: %v", err)
	}
}
