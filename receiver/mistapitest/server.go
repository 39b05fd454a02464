// Package mistapitest is a local stand-in for the Mist REST API, for tests
// only: it answers the names endpoints with the response shapes kept in
// shared/mist-api, pages by limit and page with X-Page-* headers, checks the
// token, and can answer 429 or 401 on cue. Nothing outside tests imports it.
package mistapitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Server is the stand-in. Its fields may be set before the first request.
type Server struct {
	*httptest.Server
	Org   string
	Token string
	// RateLimit maps a path suffix ("/wlans", "/devices") to how many
	// requests for it are answered 429 before the real answer;
	// RetryAfter, when set, is sent with each.
	RateLimit  map[string]int
	RetryAfter string

	mu    sync.Mutex
	sites []map[string]any
	lists map[string][]map[string]any // per-site endpoint → template objects
	wlans []map[string]any
	extra map[string][]map[string]any // "n/endpoint" → objects added by Add
	calls map[string]int
}

// SetRetryAfter changes the Retry-After sent with the next 429s.
func (s *Server) SetRetryAfter(v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.RetryAfter = v
}

// SetSite gives the n-th site (from 1) another ID and name.
func (s *Server) SetSite(n int, id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sites[n-1]["id"], s.sites[n-1]["name"] = id, name
}

// Add lists one more object in the n-th site's endpoint (zones, rssizones,
// vbeacons, maps, devices), shaped like the file's example; for devices id
// is the AP's MAC.
func (s *Server) Add(n int, endpoint, id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := clone(s.lists[endpoint][0])
	if endpoint == "devices" {
		o["mac"] = id
	} else {
		o["id"] = id
	}
	o["name"] = name
	key := strconv.Itoa(n) + "/" + endpoint
	s.extra[key] = append(s.extra[key], o)
}

// New serves the files of dir (shared/mist-api) for org with token, with
// sites copies of the org's one example site, each with its own ID and name
// (Site 1, Site 2, …); each site's zones, maps, APs etc. are the file's
// examples renamed "<Site n> <name>", so names are told apart.
func New(dir, org, token string, sites int) (*Server, error) {
	s := &Server{Org: org, Token: token, lists: map[string][]map[string]any{}, extra: map[string][]map[string]any{}, calls: map[string]int{}}
	var siteTmpl []map[string]any
	if err := load(dir, "org-sites.json", &siteTmpl); err != nil {
		return nil, err
	}
	if err := load(dir, "org-wlans.json", &s.wlans); err != nil {
		return nil, err
	}
	for _, ep := range []string{"zones", "rssizones", "vbeacons", "maps", "devices"} {
		var l []map[string]any
		if err := load(dir, "site-"+ep+".json", &l); err != nil {
			return nil, err
		}
		s.lists[ep] = l
	}
	for i := 1; i <= sites; i++ {
		site := clone(siteTmpl[0])
		site["id"] = SiteID(i)
		site["name"] = fmt.Sprintf("Site %d", i)
		site["org_id"] = org
		s.sites = append(s.sites, site)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s, nil
}

// SiteID is the ID of the n-th site (from 1).
func SiteID(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

// APMAC is the MAC the server gives the AP of the n-th site: the example's
// MAC with its last byte replaced by n.
func APMAC(n int) string { return fmt.Sprintf("5c5b350001%02x", n) }

// ObjectID is the ID the server gives the example object of an endpoint
// (zones, rssizones, vbeacons, maps) in the n-th site.
func ObjectID(endpoint string, n int) string {
	return fmt.Sprintf("%08x-0000-4000-8000-%012d", len(endpoint), n)
}

// Calls returns the requests answered per path (query left out), 429s included.
func (s *Server) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

// Total is the number of requests answered.
func (s *Server) Total() int {
	n := 0
	for _, v := range s.Calls() {
		n += v
	}
	return n
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock() // the whole answer: tests may change the server between requests
	s.calls[r.URL.Path]++
	limited := false
	for suffix, n := range s.RateLimit {
		if strings.HasSuffix(r.URL.Path, suffix) && n > 0 {
			s.RateLimit[suffix] = n - 1
			limited = true
		}
	}
	if r.Method != http.MethodGet {
		http.Error(w, `{"detail":"method not allowed"}`, http.StatusMethodNotAllowed)
		return
	}
	if r.Header.Get("Authorization") != "Token "+s.Token {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"detail":"Authentication credentials were not provided."}`))
		return
	}
	if limited {
		if s.RetryAfter != "" {
			w.Header().Set("Retry-After", s.RetryAfter)
		}
		http.Error(w, `{"detail":"Request was throttled."}`, http.StatusTooManyRequests)
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/") // api v1 orgs|sites ID endpoint
	if len(parts) != 5 || parts[0] != "api" || parts[1] != "v1" {
		http.NotFound(w, r)
		return
	}
	var items []map[string]any
	switch {
	case parts[2] == "orgs" && parts[3] == s.Org && parts[4] == "sites":
		items = s.sites
	case parts[2] == "orgs" && parts[3] == s.Org && parts[4] == "wlans":
		items = s.wlans
	case parts[2] == "sites":
		n := siteNumber(s.sites, parts[3])
		tmpl, ok := s.lists[parts[4]]
		if n == 0 || !ok {
			http.NotFound(w, r)
			return
		}
		if parts[4] == "devices" && r.URL.Query().Get("type") != "ap" {
			http.Error(w, "this stand-in answers devices?type=ap only", http.StatusBadRequest)
			return
		}
		for _, o := range tmpl {
			o = clone(o)
			o["name"] = fmt.Sprintf("Site %d %v", n, o["name"])
			o["site_id"] = parts[3]
			if parts[4] == "devices" {
				o["mac"] = APMAC(n)
			} else {
				o["id"] = ObjectID(parts[4], n)
			}
			items = append(items, o)
		}
		for _, o := range s.extra[strconv.Itoa(n)+"/"+parts[4]] {
			o = clone(o)
			o["site_id"] = parts[3]
			items = append(items, o)
		}
	default:
		http.NotFound(w, r)
		return
	}
	page(w, r, items)
}

// page answers one page as Mist does: limit and page (from 1) in the query,
// X-Page-Total, X-Page-Limit and X-Page-Page in the headers.
func page(w http.ResponseWriter, r *http.Request, items []map[string]any) {
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit <= 0 {
		limit = 100
	}
	p, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || p <= 0 {
		p = 1
	}
	from := min((p-1)*limit, len(items))
	to := min(from+limit, len(items))
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Page-Total", strconv.Itoa(len(items)))
	w.Header().Set("X-Page-Limit", strconv.Itoa(limit))
	w.Header().Set("X-Page-Page", strconv.Itoa(p))
	out := items[from:to]
	if out == nil {
		out = []map[string]any{}
	}
	_ = json.NewEncoder(w).Encode(out)
}

func siteNumber(sites []map[string]any, id string) int {
	for i, s := range sites {
		if s["id"] == id {
			return i + 1
		}
	}
	return 0
}

func load(dir, name string, v any) error {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	return nil
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
