package receiver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// DefaultMistHost is the Mist cloud's global API host.
const DefaultMistHost = "api.mist.com"

// MistAPI reads the names of an org's sites, WLANs, zones, maps and APs from
// the Mist REST API. It is used from one goroutine at a time.
type MistAPI struct {
	base   string // scheme://host, no trailing slash
	token  string
	client *http.Client

	// PageLimit is the page size asked for (query "limit").
	PageLimit int
	// MaxRetries bounds the retries of one request answered 429.
	MaxRetries int
	// MaxCalls, when above 0, refuses a fetch that would need more calls
	// (known once the sites are listed), before spending them.
	MaxCalls int
	// Progress, when set, is told each site as its names are fetched.
	Progress func(site, sites int)
	// sleep waits out a backoff; tests replace it to record the waits.
	sleep func(ctx context.Context, d time.Duration) error

	calls, retries int
}

// maxPages bounds the pages read for one list, so a server that ignores
// paging cannot keep a fetch going.
const maxPages = 1000

// maxBackoff caps one wait after a 429.
const maxBackoff = 2 * time.Minute

// maxPageBytes bounds one response body.
const maxPageBytes = 64 << 20

// NewMistAPI returns a client for host: a bare host name (api.mist.com,
// api.eu.mist.com, …; HTTPS) or a full base URL such as
// http://127.0.0.1:8443. The token is sent as "Authorization: Token …" and
// never appears in an error.
func NewMistAPI(host, token string) (*MistAPI, error) {
	base, err := mistBase(host)
	if err != nil {
		return nil, err
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return nil, errors.New("no Mist API token (give --mist-token-file or set MIST_API_TOKEN)")
	}
	for _, r := range token {
		if r <= ' ' || r == 0x7f {
			return nil, errors.New("the Mist API token has spaces or control characters in it")
		}
	}
	return &MistAPI{base: base, token: token, client: &http.Client{Timeout: 60 * time.Second},
		PageLimit: 1000, MaxRetries: 5, sleep: sleepCtx}, nil
}

func mistBase(host string) (string, error) {
	host = strings.TrimSpace(host)
	if host == "" {
		host = DefaultMistHost
	}
	if strings.Contains(host, "://") {
		u, err := url.Parse(host)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.User != nil {
			return "", fmt.Errorf("--mist-host %q: want a host like api.eu.mist.com or a base URL like http://127.0.0.1:8443", model.Sanitize(host))
		}
		return u.Scheme + "://" + u.Host + strings.TrimRight(u.Path, "/"), nil
	}
	if strings.ContainsAny(host, "/?#@ ") {
		return "", fmt.Errorf("--mist-host %q: want a host like api.eu.mist.com or a base URL like http://127.0.0.1:8443", model.Sanitize(host))
	}
	return "https://" + host, nil
}

// Calls is the number of requests sent so far, retries included.
func (c *MistAPI) Calls() int { return c.calls }

// Retries is how many of those were retries after a 429.
func (c *MistAPI) Retries() int { return c.retries }

// apiItem holds the fields of any listed object that name it.
type apiItem struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	SSID string `json:"ssid"`
	MAC  string `json:"mac"`
}

// FetchNames reads the org's sites and WLANs, then per site its zones,
// rssizones, vbeacons, maps and APs: 2 + 5 × sites requests, more only for
// paging and 429 retries. Objects without a name are left out.
func (c *MistAPI) FetchNames(ctx context.Context, orgID string) (*model.NameTable, error) {
	orgID = strings.TrimSpace(orgID)
	if orgID == "" {
		return nil, errors.New("no Mist org ID (give --org)")
	}
	start := c.calls
	t := model.NewNameTable()
	t.OrgID = model.Sanitize(orgID)
	org := "/api/v1/orgs/" + url.PathEscape(orgID)
	sites, err := c.list(ctx, org+"/sites", "")
	if err != nil {
		return nil, err
	}
	addNames(t, model.NameSite, sites, func(it apiItem) (string, string) { return it.ID, it.Name })
	if need := c.calls - start + 1 + 5*len(sites); c.MaxCalls > 0 && need > c.MaxCalls {
		return nil, fmt.Errorf("the org has %d sites: its names take at least %d API calls, over the limit of %d (a token has about 5,000 an hour)",
			len(sites), need, c.MaxCalls)
	}
	wlans, err := c.list(ctx, org+"/wlans", "")
	if err != nil {
		return nil, err
	}
	addNames(t, model.NameWLAN, wlans, func(it apiItem) (string, string) { return it.ID, it.SSID })
	perSite := []struct {
		kind  model.NameKind
		path  string
		query string
	}{
		{model.NameZone, "zones", ""},
		{model.NameRSSIZone, "rssizones", ""},
		{model.NameVBeacon, "vbeacons", ""},
		{model.NameMap, "maps", ""},
		{model.NameAP, "devices", "type=ap"},
	}
	for i, site := range sites {
		if site.ID == "" {
			continue
		}
		if c.Progress != nil {
			c.Progress(i+1, len(sites))
		}
		for _, p := range perSite {
			items, err := c.list(ctx, "/api/v1/sites/"+url.PathEscape(site.ID)+"/"+p.path, p.query)
			if err != nil {
				return nil, err
			}
			id := func(it apiItem) (string, string) { return it.ID, it.Name }
			if p.kind == model.NameAP {
				id = func(it apiItem) (string, string) { return it.MAC, it.Name }
			}
			addNames(t, p.kind, items, id)
		}
	}
	return t, nil
}

func addNames(t *model.NameTable, k model.NameKind, items []apiItem, pick func(apiItem) (string, string)) {
	for _, it := range items {
		id, name := pick(it)
		_ = t.Set(k, id, name) // nameless or malformed objects are left out
	}
}

// list reads every page of a list endpoint.
func (c *MistAPI) list(ctx context.Context, path, query string) ([]apiItem, error) {
	var all []apiItem
	for page := 1; page <= maxPages; page++ {
		q := url.Values{}
		if query != "" {
			if parsed, err := url.ParseQuery(query); err == nil {
				q = parsed
			}
		}
		q.Set("limit", strconv.Itoa(c.PageLimit))
		q.Set("page", strconv.Itoa(page))
		items, total, err := c.get(ctx, path, q.Encode())
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		switch {
		case len(items) == 0:
			return all, nil
		case total >= 0 && page*c.PageLimit >= total:
			return all, nil
		case total < 0 && len(items) < c.PageLimit:
			return all, nil // no X-Page-Total: a short page is the last
		}
	}
	return all, nil
}

// get sends one request, retrying after 429 with backoff (Retry-After when
// given). total is X-Page-Total, -1 when absent.
func (c *MistAPI) get(ctx context.Context, path, query string) ([]apiItem, int, error) {
	backoff := time.Second
	for try := 0; ; try++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path+"?"+query, nil)
		if err != nil {
			return nil, 0, c.redact(fmt.Errorf("Mist API %s: %v", path, err))
		}
		req.Header.Set("Authorization", "Token "+c.token)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "mistwatch-names")
		c.calls++
		resp, err := c.client.Do(req)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) && ctx.Err() == nil {
				err = ue.Err // the URL is ours: say where, not the whole request
			}
			return nil, 0, c.redact(fmt.Errorf("cannot reach the Mist API at %s (%s): %v", c.base, path, err))
		}
		if resp.StatusCode == http.StatusTooManyRequests && try < c.MaxRetries {
			wait := retryAfter(resp.Header.Get("Retry-After"), backoff)
			drain(resp)
			backoff = min(backoff*2, maxBackoff)
			c.retries++
			if err := c.sleep(ctx, wait); err != nil {
				return nil, 0, err
			}
			continue
		}
		items, total, err := c.decode(resp, path)
		return items, total, c.redact(err)
	}
}

func (c *MistAPI) decode(resp *http.Response, path string) ([]apiItem, int, error) {
	defer drain(resp)
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return nil, 0, errors.New("the Mist API refused the token (401 Unauthorized): check --mist-token-file or MIST_API_TOKEN; a token unused for 90 days is removed")
	case resp.StatusCode == http.StatusForbidden:
		return nil, 0, fmt.Errorf("the Mist API token may not read %s (403 Forbidden): its admin needs access to the org", path)
	case resp.StatusCode == http.StatusTooManyRequests:
		return nil, 0, fmt.Errorf("the Mist API is still rate limiting after %d retries (429): the token's hourly budget may be spent; try again later", c.MaxRetries)
	case resp.StatusCode == http.StatusNotFound:
		return nil, 0, fmt.Errorf("Mist API %s: 404 Not Found (is the org ID right, and the host the org's region?)", path)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return nil, 0, fmt.Errorf("Mist API %s: %s", path, model.Sanitize(resp.Status))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPageBytes+1))
	if err != nil {
		return nil, 0, fmt.Errorf("Mist API %s: %v", path, err)
	}
	if len(body) > maxPageBytes {
		return nil, 0, fmt.Errorf("Mist API %s: answer larger than %d MiB", path, maxPageBytes>>20)
	}
	var items []apiItem
	if err := json.Unmarshal(body, &items); err != nil {
		return nil, 0, fmt.Errorf("Mist API %s: not a JSON list: %v", path, err)
	}
	total := -1
	if v, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("X-Page-Total"))); err == nil && v >= 0 {
		total = v
	}
	return items, total, nil
}

// redact keeps the token out of an error whatever produced it.
func (c *MistAPI) redact(err error) error {
	if err == nil || !strings.Contains(err.Error(), c.token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), c.token, "[token]"))
}

// retryAfter reads Retry-After (seconds or an HTTP date), else def.
func retryAfter(v string, def time.Duration) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return def
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return min(time.Duration(s)*time.Second, maxBackoff)
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(time.Until(t), 0), maxBackoff)
	}
	return def
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
