package receiver

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/receiver/mistapitest"
)

const (
	mistAPIDir = "../../shared/mist-api"
	testOrg    = "a97c1b22-a4e9-411e-9bfd-d8695a0f9e61"
	testToken  = "s3cr3t-T0KEN-abcdef0123456789"
)

// mistServer starts the stand-in Mist API with sites sites.
func mistServer(t *testing.T, sites int) *mistapitest.Server {
	t.Helper()
	if _, err := os.Stat(mistAPIDir); err != nil {
		skipUnlessCI(t, "shared/mist-api not found (shared/ not checked out beside the repo)")
	}
	s, err := mistapitest.New(mistAPIDir, testOrg, testToken, sites)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// mistClient is a client of srv whose backoff waits are recorded, not slept.
func mistClient(t *testing.T, srv *mistapitest.Server, token string) (*MistAPI, *[]time.Duration) {
	t.Helper()
	c, err := NewMistAPI(srv.URL, token)
	if err != nil {
		t.Fatal(err)
	}
	var waits []time.Duration
	c.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	return c, &waits
}

func TestFetchNamesPagingAndRateLimit(t *testing.T) {
	const sites = 3
	srv := mistServer(t, sites)
	srv.RateLimit = map[string]int{"/wlans": 1, "/sites/" + mistapitest.SiteID(2) + "/devices": 1}
	c, waits := mistClient(t, srv, testToken)
	c.PageLimit = 2 // three sites: two pages of sites
	var progress []int
	c.Progress = func(i, n int) { progress = append(progress, i*10+n) }

	// The first 429 (wlans) comes with Retry-After: 3; the second without.
	srv.RetryAfter = "3"
	c.sleep = func(_ context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		srv.SetRetryAfter("") // the next 429 has none: the client backs off on its own
		return nil
	}
	tab, err := c.FetchNames(context.Background(), testOrg)
	if err != nil {
		t.Fatal(err)
	}

	budget := 2 + 5*sites
	const pagingCalls = 1 // the second page of sites
	const retries = 2
	if c.Calls() != budget+pagingCalls+retries || srv.Total() != c.Calls() || c.Retries() != retries {
		t.Errorf("calls %d (server saw %d, retries %d), want %d = 2 + 5×%d sites + %d paging + %d retries\n%v",
			c.Calls(), srv.Total(), c.Retries(), budget+pagingCalls+retries, sites, pagingCalls, retries, srv.Calls())
	}
	if len(*waits) != 2 || (*waits)[0] != 3*time.Second || (*waits)[1] != time.Second {
		t.Errorf("waits %v, want [3s (Retry-After) 1s (backoff)]", *waits)
	}
	if got := srv.Calls()["/api/v1/orgs/"+testOrg+"/sites"]; got != 2 {
		t.Errorf("sites list read in %d requests, want 2 pages", got)
	}
	if len(progress) != sites || progress[2] != 33 {
		t.Errorf("progress %v", progress)
	}

	want := []struct {
		k        model.NameKind
		id, name string
	}{
		{model.NameSite, mistapitest.SiteID(1), "Site 1"},
		{model.NameSite, mistapitest.SiteID(3), "Site 3"},
		{model.NameWLAN, "53f10664-3ce8-4c27-b382-0ef66432349f", "corporate"},
		{model.NameAP, mistapitest.APMAC(2), "Site 2 conference room"},
		{model.NameZone, mistapitest.ObjectID("zones", 1), "Site 1 string"},
		{model.NameRSSIZone, mistapitest.ObjectID("rssizones", 3), "Site 3 string"},
		{model.NameVBeacon, mistapitest.ObjectID("vbeacons", 2), "Site 2 string"},
		{model.NameMap, mistapitest.ObjectID("maps", 3), "Site 3 string"},
	}
	for _, w := range want {
		if got := tab.Get(w.k, w.id); got != w.name {
			t.Errorf("%s %s: %q, want %q", w.k, w.id, got, w.name)
		}
	}
	if n := tab.Len(); n != 3+1+5*sites {
		t.Errorf("%d names, want %d", n, 3+1+5*sites)
	}
	var out bytes.Buffer
	if err := tab.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), testToken) || !strings.Contains(out.String(), testOrg) {
		t.Errorf("names JSON: token present or org missing:\n%s", out.String())
	}
}

func TestFetchNamesUnauthorized(t *testing.T) {
	srv := mistServer(t, 2)
	c, _ := mistClient(t, srv, "wrong-"+testToken)
	_, err := c.FetchNames(context.Background(), testOrg)
	if err == nil {
		t.Fatal("a wrong token was accepted")
	}
	msg := err.Error()
	if !strings.Contains(msg, "401") || strings.Contains(msg, "\n") || strings.Contains(msg, testToken) {
		t.Errorf("want one line naming the 401 without the token: %q", msg)
	}
	if c.Calls() != 1 {
		t.Errorf("%d calls after a 401, want 1 (stop at once)", c.Calls())
	}
}

func TestFetchNamesRateLimitedForGood(t *testing.T) {
	srv := mistServer(t, 1)
	srv.RateLimit = map[string]int{"/sites": 100}
	srv.RetryAfter = "7"
	c, waits := mistClient(t, srv, testToken)
	c.MaxRetries = 3
	_, err := c.FetchNames(context.Background(), testOrg)
	if err == nil || !strings.Contains(err.Error(), "429") {
		t.Fatalf("err %v, want a 429 error", err)
	}
	if c.Calls() != 4 || len(*waits) != 3 || (*waits)[2] != 7*time.Second {
		t.Errorf("calls %d, waits %v: want 1 + 3 retries, each waiting Retry-After", c.Calls(), *waits)
	}
}

// A cancelled fetch (ctrl+r pressed again, the dashboard quitting) stops
// while it waits out a 429.
func TestFetchNamesCancelledDuringBackoff(t *testing.T) {
	srv := mistServer(t, 1)
	srv.RateLimit = map[string]int{"/sites": 100}
	srv.RetryAfter = "3600"
	c, err := NewMistAPI(srv.URL, testToken)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := c.FetchNames(ctx, testOrg); done <- err }()
	eventually(t, "the first 429 answered", func() bool { return srv.Total() > 0 })
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a cancelled fetch returned names")
		}
	case <-time.After(guard):
		t.Fatal("the fetch did not stop when cancelled")
	}
}

// Errors never carry the token, even when what answered put it in a URL
// (a redirect to a closed port).
func TestMistAPITokenNeverInErrors(t *testing.T) {
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://127.0.0.1:1/"+strings.TrimPrefix(r.Header.Get("Authorization"), "Token "), http.StatusFound)
	}))
	defer echo.Close()
	for _, host := range []string{"http://127.0.0.1:1", echo.URL} {
		c, err := NewMistAPI(host, testToken)
		if err != nil {
			t.Fatal(err)
		}
		c.client.Timeout = guard
		_, err = c.FetchNames(context.Background(), testOrg)
		if err == nil || strings.Contains(err.Error(), testToken) {
			t.Errorf("%s: %v", host, err)
		}
	}
	// Whatever else may quote it, the last guard redacts it.
	c, _ := NewMistAPI("", testToken)
	if got := c.redact(errors.New("GET /x/" + testToken + ": refused")).Error(); got != "GET /x/[token]: refused" {
		t.Errorf("redact: %q", got)
	}
}

func TestNewMistAPI(t *testing.T) {
	tests := []struct{ host, base, err string }{
		{"", "https://api.mist.com", ""},
		{"api.eu.mist.com", "https://api.eu.mist.com", ""},
		{"https://api.gc1.mist.com/", "https://api.gc1.mist.com", ""},
		{"http://127.0.0.1:8443", "http://127.0.0.1:8443", ""},
		{"ftp://api.mist.com", "", "want a host"},
		{"api.mist.com/api/v1", "", "want a host"},
		{"http://user:pw@api.mist.com", "", "want a host"},
	}
	for _, tt := range tests {
		c, err := NewMistAPI(tt.host, "tok")
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%q: err %v, want %q", tt.host, err, tt.err)
		case tt.err == "" && (err != nil || c.base != tt.base):
			t.Errorf("%q: %v %v, want base %s", tt.host, c, err, tt.base)
		}
	}
	for _, tok := range []string{"", "  ", "two words", "tab\there"} {
		_, err := NewMistAPI("", tok)
		if err == nil || (strings.TrimSpace(tok) != "" && strings.Contains(err.Error(), tok)) {
			t.Errorf("token %q: %v", tok, err)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	date := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	tests := []struct {
		v    string
		want func(time.Duration) bool
	}{
		{"", func(d time.Duration) bool { return d == 5*time.Second }},
		{"12", func(d time.Duration) bool { return d == 12*time.Second }},
		{"99999", func(d time.Duration) bool { return d == maxBackoff }},
		{"soon", func(d time.Duration) bool { return d == 5*time.Second }},
		{date, func(d time.Duration) bool { return d == maxBackoff }},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.v, 5*time.Second); !tt.want(got) {
			t.Errorf("Retry-After %q: %v", tt.v, got)
		}
	}
}

// Without X-Page-Total a full page asks for the next and a short one ends
// the list.
func TestFetchNamesPagingWithoutTotal(t *testing.T) {
	calls := map[string]int{}
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls[r.URL.Path]++
		mu.Unlock()
		if !strings.HasSuffix(r.URL.Path, "/sites") {
			_, _ = w.Write([]byte(`[]`))
			return
		}
		switch r.URL.Query().Get("page") {
		case "1":
			_, _ = w.Write([]byte(`[{"id":"s1","name":"One"},{"id":"s2","name":"Two"},{"id":"s3","name":"Three"}]`))
		case "2":
			_, _ = w.Write([]byte(`[{"id":"s4","name":"Four"}]`))
		default:
			t.Errorf("page %s asked for after a short page", r.URL.Query().Get("page"))
		}
	}))
	defer srv.Close()
	c, err := NewMistAPI(srv.URL, testToken)
	if err != nil {
		t.Fatal(err)
	}
	c.PageLimit = 3
	tab, err := c.FetchNames(context.Background(), testOrg)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Count(model.NameSite) != 4 || tab.Get(model.NameSite, "s4") != "Four" {
		t.Errorf("sites: %d", tab.Count(model.NameSite))
	}
	if c.Calls() != 2+1+5*4 || calls["/api/v1/orgs/"+testOrg+"/sites"] != 2 {
		t.Errorf("calls %d %v, want 2 pages of sites + wlans + 5 × 4 sites", c.Calls(), calls)
	}
}

// An org too big for the call limit is refused once its sites are listed,
// before the per-site calls are spent.
func TestFetchNamesMaxCalls(t *testing.T) {
	srv := mistServer(t, 3)
	c, _ := mistClient(t, srv, testToken)
	c.MaxCalls = 2 + 5*3 - 1
	_, err := c.FetchNames(context.Background(), testOrg)
	if err == nil || !strings.Contains(err.Error(), "3 sites") || !strings.Contains(err.Error(), "17 API calls") {
		t.Fatalf("err %v", err)
	}
	if c.Calls() != 1 {
		t.Errorf("%d calls spent before refusing, want 1 (the sites list)", c.Calls())
	}
	c.MaxCalls = 2 + 5*3
	if _, err := c.FetchNames(context.Background(), testOrg); err != nil {
		t.Errorf("at the limit: %v", err)
	}
}
