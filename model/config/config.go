// Package config reads mistwatch's config file and layers it under the
// environment and the command line: flags, then MISTWATCH_* variables, then
// the file, then the defaults. It knows nothing of the terminal or HTTP.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// File is config.toml. Every key is optional; a key not listed here is an
// error, so a typo never silently does nothing.
type File struct {
	Listen     *string           `toml:"listen"`
	Path       *string           `toml:"path"`
	SecretFile *string           `toml:"secret_file"`
	Pins       map[string]string `toml:"pins"` // MAC → label ("" for none)
	Names      []string          `toml:"names"`
	RSSIGood   *float64          `toml:"rssi_good"`
	RSSIPoor   *float64          `toml:"rssi_poor"`
	QuietAfter *string           `toml:"quiet_after"` // a Go duration: "30s", "1m"
	Bell       *bool             `toml:"bell"`
	Theme      *string           `toml:"theme"`
	Mist       struct {
		Host      *string `toml:"host"`
		Org       *string `toml:"org"`
		TokenFile *string `toml:"token_file"`
	} `toml:"mist"`
}

// DefaultPath is $XDG_CONFIG_HOME/mistwatch/config.toml (~/.config when
// XDG_CONFIG_HOME is unset), or "" when neither is known.
func DefaultPath(getenv func(string) string) string {
	return xdgPath(getenv, "XDG_CONFIG_HOME", ".config", "config.toml")
}

// xdgPath is $<env>/mistwatch/<name>, or $HOME/<fallback>/mistwatch/<name>
// when the variable is unset; "" when neither is known.
func xdgPath(getenv func(string) string, env, fallback, name string) string {
	dir := getenv(env)
	if dir == "" {
		home := getenv("HOME")
		if home == "" {
			return ""
		}
		dir = filepath.Join(home, fallback)
	}
	return filepath.Join(dir, "mistwatch", name)
}

// Load reads a config file. A missing file is an error only when required
// (the user named it with --config); the default path may be absent.
func Load(path string, required bool) (*File, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && !required {
		return &File{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, b)
}

// Parse decodes a config file's bytes; name is only for messages. Errors
// name the file, the line and, for an unknown key, the key.
func Parse(name string, b []byte) (*File, error) {
	var f File
	dec := toml.NewDecoder(bytes.NewReader(b)).DisallowUnknownFields()
	err := dec.Decode(&f)
	var strict *toml.StrictMissingError
	var decode *toml.DecodeError
	switch {
	case errors.As(err, &strict):
		var msgs []string
		for i := range strict.Errors {
			e := &strict.Errors[i]
			line, _ := e.Position()
			msgs = append(msgs, fmt.Sprintf("%s:%d: unknown key %q", name, line, strings.Join(e.Key(), ".")))
		}
		return nil, errors.New(strings.Join(msgs, "\n") + "\n(known keys: " + strings.Join(knownKeys, ", ") + ")")
	case errors.As(err, &decode):
		line, _ := decode.Position()
		msg := strings.TrimPrefix(decode.Error(), "toml: ")
		if k := decode.Key(); len(k) > 0 {
			return nil, fmt.Errorf("%s:%d: %s: %s", name, line, strings.Join(k, "."), msg)
		}
		return nil, fmt.Errorf("%s:%d: %s", name, line, msg)
	case err != nil:
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if f.QuietAfter != nil {
		if _, err := ParseQuietAfter(*f.QuietAfter); err != nil {
			return nil, fmt.Errorf("%s: quiet_after: %v", name, err)
		}
	}
	if f.Theme != nil {
		if err := CheckTheme(*f.Theme); err != nil {
			return nil, fmt.Errorf("%s: theme: %v", name, err)
		}
	}
	return &f, nil
}

// knownKeys are listed after an unknown key, so the fix is on screen.
var knownKeys = []string{"listen", "path", "secret_file", "pins", "names", "rssi_good", "rssi_poor",
	"quiet_after", "bell", "theme", "mist.host", "mist.org", "mist.token_file"}

// ParseQuietAfter reads a positive duration such as "30s".
func ParseQuietAfter(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (try 30s or 2m)", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q must be above zero", s)
	}
	return d, nil
}

// Themes are the accepted theme names: auto honours NO_COLOR, no-color
// never paints.
var Themes = []string{"auto", "no-color"}

// CheckTheme refuses a theme name that is not in Themes.
func CheckTheme(s string) error {
	for _, t := range Themes {
		if s == t {
			return nil
		}
	}
	return fmt.Errorf("%q is not a theme (one of %s)", s, strings.Join(Themes, ", "))
}
