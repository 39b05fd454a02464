package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/receiver"
)

// namesFilesFlag collects repeated --names FILE values.
type namesFilesFlag []string

func (n *namesFilesFlag) String() string { return strings.Join(*n, ",") }
func (n *namesFilesFlag) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("needs a file")
	}
	*n = append(*n, v)
	return nil
}

// namesUsage is the help text of --names, shared by every command that takes it.
const namesUsage = "names for sites, APs, zones, maps and WLANs: CSV kind,id,name or the JSON 'mistwatch names' writes (repeatable; later files win)"

// loadNames reads the --names files; nil when none were given.
func loadNames(files []string) (*model.NameTable, error) {
	if len(files) == 0 {
		return nil, nil
	}
	return model.LoadNamesFiles(files)
}

// mistFlags are how a command reaches the Mist REST API.
type mistFlags struct {
	host, tokenFile string
}

// register adds the flags, defaulting to what m holds (the config file's
// and environment's values).
func (m *mistFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&m.host, "mist-host", m.host,
		"Mist API host of your region (api.eu.mist.com, …) or a base URL like http://127.0.0.1:8443 (env MIST_API_HOST)")
	fs.StringVar(&m.tokenFile, "mist-token-file", m.tokenFile, "file holding a Mist API token (else env MIST_API_TOKEN)")
}

// client builds the API client. The token comes from the file, else from
// MIST_API_TOKEN; it is never printed.
func (m *mistFlags) client() (*receiver.MistAPI, error) {
	token := os.Getenv("MIST_API_TOKEN")
	if m.tokenFile != "" {
		b, err := os.ReadFile(m.tokenFile)
		if err != nil {
			return nil, fmt.Errorf("--mist-token-file: %w", err)
		}
		token = string(b)
		if strings.TrimSpace(token) == "" {
			return nil, fmt.Errorf("--mist-token-file %s is empty", m.tokenFile)
		}
	}
	return receiver.NewMistAPI(m.host, token)
}

// runNames is `mistwatch names`: fetch an org's names from the Mist API and
// write them as JSON for --names.
func runNames(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mistwatch names", flag.ContinueOnError)
	fs.SetOutput(stderr)
	settings, _, err := loadSettings(args, false)
	if err != nil {
		fmt.Fprintln(stderr, "mistwatch names:", err)
		return 2
	}
	mf := mistFlags{host: settings.MistHost, tokenFile: settings.MistToken}
	mf.register(fs)
	fs.String("config", "", configUsage)
	org := fs.String("org", settings.MistOrg, "Mist org ID (env MIST_ORG_ID; config mist.org)")
	out := fs.String("o", "", "write to this file (replaced only when the fetch succeeds) instead of stdout")
	maxCalls := fs.Int("max-calls", 4000, "refuse an org whose names need more API calls than this (0: no limit)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: mistwatch names --org ORG_ID [--mist-host HOST] [--mist-token-file FILE] [-o FILE]\n\n"+
			"Fetches the names of the org's sites and WLANs and of each site's zones, rssizones,\n"+
			"vbeacons, maps and APs (2 + 5 API calls per site), for 'mistwatch --names FILE'.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseQuietly(fs, args, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "mistwatch names:", err)
		return 2
	}
	switch {
	case strings.TrimSpace(*org) == "":
		fmt.Fprintln(stderr, "mistwatch names: needs --org ORG_ID")
		return 2
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "mistwatch names: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	api, err := mf.client()
	if err != nil {
		fmt.Fprintln(stderr, "mistwatch names:", err)
		return 2
	}
	api.MaxCalls = *maxCalls
	if isTerminal(stderr) {
		api.Progress = func(i, n int) { fmt.Fprintf(stderr, "\rmistwatch names: site %d of %d", i, n) }
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	names, err := api.FetchNames(ctx, *org)
	if api.Progress != nil {
		fmt.Fprint(stderr, "\r\x1b[K")
	}
	if err != nil {
		fmt.Fprintln(stderr, "mistwatch names:", model.Sanitize(err.Error()))
		return 1
	}
	if *out != "" {
		err = writeFileAtomic(*out, names.WriteJSON)
	} else {
		err = names.WriteJSON(stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "mistwatch names:", err)
		return 1
	}
	fmt.Fprintf(stderr, "mistwatch names: %s in %d API calls\n", namesSummary(names), api.Calls())
	return 0
}

// namesSummary counts a table's names by kind: "2 sites, 1 WLAN, 10 zones, …".
func namesSummary(t *model.NameTable) string {
	var parts []string
	for _, k := range []model.NameKind{model.NameSite, model.NameWLAN, model.NameZone, model.NameRSSIZone,
		model.NameVBeacon, model.NameMap, model.NameAP} {
		word := k.String()
		if k == model.NameAP || k == model.NameWLAN {
			word = strings.ToUpper(word)
		}
		if n := t.Count(k); n != 1 {
			word += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", t.Count(k), word))
	}
	return strings.Join(parts, ", ")
}

// writeFileAtomic writes through a temporary file beside path and renames
// it, so a failed write leaves the old file whole.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	// CreateTemp makes the file 0600; what is written here (a names file, a
	// report) is meant to be read by others, like any file the user writes.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// namesFetcher runs the dashboard's background names fetch: once at startup
// and again on demand (ctrl+r, once the ui wires it). One fetch runs at a
// time; the result is handed back as a tea.Msg built by wrap, to be applied
// on the bubbletea goroutine (Store.Names.AddFileNames), so the UI never
// blocks and a failure changes nothing but the status line.
type namesFetcher struct {
	api     *receiver.MistAPI
	running atomic.Bool
}

// newNamesFetcher is the dashboard's fetcher when a token is at hand
// (--mist-token-file or MIST_API_TOKEN), nil when none is.
func newNamesFetcher(f *dashboardFlags) (*namesFetcher, error) {
	if f.MistToken == "" && os.Getenv("MIST_API_TOKEN") == "" {
		return nil, nil
	}
	mf := mistFlags{host: f.MistHost, tokenFile: f.MistToken}
	api, err := mf.client()
	if err != nil {
		return nil, err
	}
	return &namesFetcher{api: api}, nil
}

// Cmd returns the command that fetches org's names, or nil while a fetch
// is running.
func (f *namesFetcher) Cmd(ctx context.Context, org string, wrap func(*model.NameTable, string, error) tea.Msg) tea.Cmd {
	if !f.running.CompareAndSwap(false, true) {
		return nil
	}
	return func() tea.Msg {
		defer f.running.Store(false)
		before := f.api.Calls()
		t, err := f.api.FetchNames(ctx, org)
		if err != nil {
			return wrap(nil, "", errors.New("names: "+model.Sanitize(err.Error())+" (keeping the names we have)"))
		}
		return wrap(t, "names: "+namesSummary(t)+fmt.Sprintf(" from the Mist API (%d calls)", f.api.Calls()-before), nil)
	}
}
