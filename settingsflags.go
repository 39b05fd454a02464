package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/model/config"
	"github.com/mistwatch/mistwatch/receiver"
	"github.com/mistwatch/mistwatch/theme"
)

// configUsage is the help text of --config, shared by every command that takes it.
const configUsage = "config file (default $XDG_CONFIG_HOME/mistwatch/config.toml; env MISTWATCH_CONFIG)"

// loadSettings lays the defaults, the config file and the MISTWATCH_*
// variables; the flags go on top when they are parsed. It returns the
// config file read ("" when there was none).
func loadSettings(args []string, replay bool) (config.Settings, string, error) {
	listen := ":8080"
	if replay {
		listen = ""
	}
	s := config.Defaults(listen, theme.DefaultGood, theme.DefaultPoor, receiver.DefaultMistHost)
	// Pins remembered from the dashboard come first: the file, the
	// environment and the flags add to them and relabel them.
	if state := config.PinStatePath(os.Getenv); state != "" {
		remembered, err := config.LoadPinState(state)
		if err != nil {
			return s, "", err
		}
		for _, p := range remembered {
			_ = s.AddPin(p.MAC+"="+p.Label, config.FromState) // LoadPinState checked them
		}
	}
	path, required := configFlag(args)
	if path == "" {
		path = os.Getenv("MISTWATCH_CONFIG")
		required = path != ""
	}
	if path == "" {
		path = config.DefaultPath(os.Getenv)
	}
	if path != "" {
		file, err := config.Load(path, required)
		if err != nil {
			return s, "", err
		}
		if err := s.ApplyFile(file, filepath.Dir(path)); err != nil {
			return s, "", fmt.Errorf("%s: %v", path, err)
		}
		if _, err := os.Stat(path); err != nil {
			path = "" // the default file is absent: nothing was read
		}
	}
	if err := s.ApplyEnv(os.Getenv); err != nil {
		return s, "", err
	}
	if replay {
		// A replay listens only when --listen says so, whatever the
		// environment or the config file.
		s.Listen = ""
		delete(s.Sources, "listen")
	}
	return s, path, nil
}

// configFlag finds --config before the flags are parsed, since the file
// gives the flags their defaults.
func configFlag(args []string) (path string, given bool) {
	for i, a := range args {
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "config" {
			continue
		}
		if !hasValue && i+1 < len(args) {
			value = args[i+1]
		}
		return value, true
	}
	return "", false
}

// flagKeys maps the flags that override a setting to its config key.
var flagKeys = map[string]string{
	"listen": "listen", "path": "path", "secret": "secret", "secret-file": "secret", "pin": "pins",
	"names": "names", "rssi-good": "rssi_good", "rssi-poor": "rssi_poor", "quiet-after": "quiet_after",
	"no-bell": "bell", "theme": "theme", "mist-host": "mist.host", "mist-org": "mist.org",
	"mist-token-file": "mist.token_file",
}

// registerSettingsFlags adds the flags that override s, each defaulting to
// what the file and environment gave (the secret's default is never shown).
func registerSettingsFlags(fs *flag.FlagSet, s *config.Settings, replay bool) {
	set := func(key string) func(string) error {
		return func(v string) error { return s.Set(key, v, config.FromFlag) }
	}
	fs.String("config", "", configUsage)
	listenHelp := "address to listen on (env MISTWATCH_LISTEN)"
	if replay {
		listenHelp = "address to listen on besides replaying (only when given)"
	}
	fs.StringVar(&s.Listen, "listen", s.Listen, listenHelp)
	fs.StringVar(&s.Path, "path", s.Path, "webhook path prefix")
	fs.Func("secret", "webhook secret; when set, X-Mist-Signature-v2 must match (env MISTWATCH_SECRET)", set("secret"))
	fs.Func("secret-file", "file holding the webhook secret (env MISTWATCH_SECRET_FILE)", set("secret_file"))
	fs.Float64Var(&s.RSSIGood, "rssi-good", s.RSSIGood, "RSSI at or above this (dBm) is good")
	fs.Float64Var(&s.RSSIPoor, "rssi-poor", s.RSSIPoor, "RSSI below this (dBm) is poor")
	fs.Func("pin", "pin a client: MAC or MAC=Label, e.g. bc:09:63:e1:f4:a2=Bob-iPhone (repeatable)", set("pins"))
	fs.Func("names", namesUsage, set("names"))
	fs.DurationVar(&s.QuietAfter, "quiet-after", s.QuietAfter, "a pinned client with no reading for this long is quiet")
	fs.BoolFunc("no-bell", "never ring the terminal bell on alerts (B toggles it)", func(string) error {
		s.Bell = false
		return nil
	})
	fs.StringVar(&s.Theme, "theme", s.Theme, "auto (honours NO_COLOR) or no-color")
	fs.StringVar(&s.MistHost, "mist-host", s.MistHost, "Mist API host of your region (api.eu.mist.com, …) or a base URL like http://127.0.0.1:8443")
	fs.StringVar(&s.MistOrg, "mist-org", s.MistOrg, "Mist org ID whose names the dashboard fetches at startup (env MIST_ORG_ID)")
	fs.StringVar(&s.MistToken, "mist-token-file", s.MistToken, "file holding a Mist API token (else env MIST_API_TOKEN)")
}

// finishSettings records which settings the flags gave and checks the
// values the flag package could not.
func finishSettings(fs *flag.FlagSet, s *config.Settings) error {
	fs.Visit(func(fl *flag.Flag) {
		if key, ok := flagKeys[fl.Name]; ok {
			s.Sources[key] = config.FromFlag
		}
	})
	if s.QuietAfter <= 0 {
		return errors.New("--quiet-after must be above zero")
	}
	if err := config.CheckTheme(s.Theme); err != nil {
		return fmt.Errorf("--theme: %v", err)
	}
	return nil
}

// pinMACs lists the pinned MACs in order.
func pinMACs(pins []config.Pin) []string {
	macs := make([]string, len(pins))
	for i, p := range pins {
		macs[i] = p.MAC
	}
	return macs
}

// withPinLabels adds the pins' labels to the names as client names, so a
// label shows wherever names do; a pin's label wins over a names file's.
func withPinLabels(t *model.NameTable, pins []config.Pin) *model.NameTable {
	labels := model.NewNameTable()
	for _, p := range pins {
		if p.Label != "" {
			_ = labels.Set(model.NameClient, p.MAC, p.Label) // ParsePin checked the MAC
		}
	}
	if labels.Len() == 0 {
		return t
	}
	if t == nil {
		return labels
	}
	t.Merge(labels)
	return t
}

// rememberPins writes the dashboard's pins to the state file, for the next
// start; nil when there is no state directory.
func rememberPins() func(macs, labels []string) error {
	path := config.PinStatePath(os.Getenv)
	if path == "" {
		return nil
	}
	return func(macs, labels []string) error {
		pins := make([]config.Pin, len(macs))
		for i := range macs {
			pins[i] = config.Pin{MAC: macs[i], Label: labels[i]}
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		return writeFileAtomic(path, func(w io.Writer) error {
			_, err := w.Write(config.FormatPinState(pins))
			return err
		})
	}
}

// runConfig is `mistwatch config`: the effective configuration, the
// dashboard's flags applied, with the secret masked.
func runConfig(args []string, stdout, stderr io.Writer) int {
	f, _, err := parseDashboardFlags(args, false, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "mistwatch config:", err)
		return 2
	}
	if err := f.Settings.Write(stdout, f.configPath); err != nil {
		fmt.Fprintln(stderr, "mistwatch config:", err)
		return 1
	}
	return 0
}
