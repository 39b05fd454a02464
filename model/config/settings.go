package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// Source says where a setting's value came from.
type Source string

const (
	FromDefault Source = "default"
	FromFile    Source = "file"
	FromEnv     Source = "env"
	FromFlag    Source = "flag"
)

// Pin is a client MAC kept in view, with an optional label ("Bob-iPhone").
type Pin struct{ MAC, Label string }

// Settings are the effective configuration. Sources maps a key (the config
// file's spelling: "listen", "mist.host") to where its value came from.
type Settings struct {
	Listen, Path string
	Secret       string // never printed; SecretFrom says where it came from
	SecretFrom   string
	Pins         []Pin
	Names        []string
	RSSIGood     float64
	RSSIPoor     float64
	QuietAfter   time.Duration
	Bell         bool
	Theme        string
	MistHost     string
	MistOrg      string
	MistToken    string // the token file's path; the token itself is read when used
	Sources      map[string]Source
}

// Defaults are the settings before any file, variable or flag.
func Defaults(listen string, rssiGood, rssiPoor float64, mistHost string) Settings {
	return Settings{Listen: listen, Path: "/", RSSIGood: rssiGood, RSSIPoor: rssiPoor,
		QuietAfter: 30 * time.Second, Bell: true, Theme: "auto", MistHost: mistHost, Sources: map[string]Source{}}
}

// ApplyFile lays a config file's keys over s.
func (s *Settings) ApplyFile(f *File, dir string) error {
	str := func(key string, dst *string, v *string) {
		if v != nil {
			*dst, s.Sources[key] = *v, FromFile
		}
	}
	str("listen", &s.Listen, f.Listen)
	str("path", &s.Path, f.Path)
	str("theme", &s.Theme, f.Theme)
	str("mist.host", &s.MistHost, f.Mist.Host)
	str("mist.org", &s.MistOrg, f.Mist.Org)
	if f.Mist.TokenFile != nil {
		s.MistToken, s.Sources["mist.token_file"] = besideFile(dir, *f.Mist.TokenFile), FromFile
	}
	if f.SecretFile != nil {
		if err := s.readSecret(besideFile(dir, *f.SecretFile), FromFile); err != nil {
			return err
		}
	}
	for mac, label := range f.Pins {
		if err := s.AddPin(mac+"="+label, FromFile); err != nil {
			return fmt.Errorf("pins: %v", err)
		}
	}
	for _, n := range f.Names {
		s.Names = append(s.Names, besideFile(dir, n))
		s.Sources["names"] = FromFile
	}
	if f.RSSIGood != nil {
		s.RSSIGood, s.Sources["rssi_good"] = *f.RSSIGood, FromFile
	}
	if f.RSSIPoor != nil {
		s.RSSIPoor, s.Sources["rssi_poor"] = *f.RSSIPoor, FromFile
	}
	if f.QuietAfter != nil {
		s.QuietAfter, _ = ParseQuietAfter(*f.QuietAfter) // checked by Parse
		s.Sources["quiet_after"] = FromFile
	}
	if f.Bell != nil {
		s.Bell, s.Sources["bell"] = *f.Bell, FromFile
	}
	return nil
}

// besideFile resolves a relative path in the config file against the
// file's directory, so the file means the same from any working directory.
func besideFile(dir, p string) string {
	if dir == "" || filepath.IsAbs(p) || strings.HasPrefix(p, "~") {
		return p
	}
	return filepath.Join(dir, p)
}

// envKeys maps each MISTWATCH_* variable to its config key.
var envKeys = []struct{ env, key string }{
	{"MIST_API_HOST", "mist.host"}, {"MIST_ORG_ID", "mist.org"}, // the names command's older spellings
	{"MISTWATCH_LISTEN", "listen"}, {"MISTWATCH_PATH", "path"},
	{"MISTWATCH_SECRET_FILE", "secret_file"}, {"MISTWATCH_SECRET", "secret"},
	{"MISTWATCH_PINS", "pins"}, {"MISTWATCH_NAMES", "names"},
	{"MISTWATCH_RSSI_GOOD", "rssi_good"}, {"MISTWATCH_RSSI_POOR", "rssi_poor"},
	{"MISTWATCH_QUIET_AFTER", "quiet_after"}, {"MISTWATCH_BELL", "bell"}, {"MISTWATCH_THEME", "theme"},
	{"MISTWATCH_MIST_HOST", "mist.host"}, {"MISTWATCH_MIST_ORG", "mist.org"},
	{"MISTWATCH_MIST_TOKEN_FILE", "mist.token_file"},
}

// ApplyEnv lays the MISTWATCH_* variables that are set over s. A bad value
// is an error naming the variable.
func (s *Settings) ApplyEnv(getenv func(string) string) error {
	for _, ek := range envKeys {
		v := getenv(ek.env)
		if v == "" {
			continue
		}
		if err := s.Set(ek.key, v, FromEnv); err != nil {
			return fmt.Errorf("%s: %v", ek.env, err)
		}
	}
	return nil
}

// Set gives one key (the config file's spelling, or "secret") a value
// written as text, as an environment variable or a flag writes it.
func (s *Settings) Set(key, v string, src Source) error {
	var err error
	switch key {
	case "listen":
		s.Listen = v
	case "path":
		s.Path = v
	case "secret":
		s.Secret, s.SecretFrom = strings.TrimSpace(v), "MISTWATCH_SECRET"
		if src == FromFlag {
			s.SecretFrom = "--secret"
		}
	case "secret_file":
		err = s.readSecret(v, src)
	case "pins":
		for _, p := range strings.Split(v, ",") {
			if err = s.AddPin(p, src); err != nil {
				return err
			}
		}
	case "names":
		s.Names = append(s.Names, filepath.SplitList(v)...)
	case "rssi_good":
		s.RSSIGood, err = strconv.ParseFloat(v, 64)
	case "rssi_poor":
		s.RSSIPoor, err = strconv.ParseFloat(v, 64)
	case "quiet_after":
		s.QuietAfter, err = ParseQuietAfter(v)
	case "bell":
		s.Bell, err = strconv.ParseBool(v)
	case "theme":
		s.Theme, err = v, CheckTheme(v)
	case "mist.host":
		s.MistHost = v
	case "mist.org":
		s.MistOrg = v
	case "mist.token_file":
		s.MistToken = v
	}
	if err != nil {
		return err
	}
	if key == "secret_file" {
		key = "secret"
	}
	s.Sources[key] = src
	return nil
}

// SecretFile is the file the secret was read from, "" when it was given
// directly (--secret, MISTWATCH_SECRET) or not at all: a file can be
// watched for a rotated secret.
func (s *Settings) SecretFile() string {
	switch s.SecretFrom {
	case "", "--secret", "MISTWATCH_SECRET":
		return ""
	}
	return s.SecretFrom
}

// readSecret takes the webhook secret from a file (trailing newline and
// spaces trimmed, as editors leave them).
func (s *Settings) readSecret(path string, src Source) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("secret file: %w", err)
	}
	secret := strings.TrimSpace(string(b))
	if secret == "" {
		return fmt.Errorf("secret file %s is empty", path)
	}
	s.Secret, s.SecretFrom, s.Sources["secret"] = secret, path, src
	return nil
}

// AddPin adds "MAC" or "MAC=Label"; a MAC pinned again takes the new label
// when it has one.
func (s *Settings) AddPin(spec string, src Source) error {
	p, err := ParsePin(spec)
	if err != nil {
		return err
	}
	s.Sources["pins"] = src
	for i := range s.Pins {
		if s.Pins[i].MAC == p.MAC {
			if p.Label != "" {
				s.Pins[i].Label = p.Label
			}
			return nil
		}
	}
	s.Pins = append(s.Pins, p)
	return nil
}

// ParsePin reads "bc:09:63:e1:f4:a2=Bob-iPhone" (the MAC in any spelling,
// the label optional).
func ParsePin(spec string) (Pin, error) {
	macText, label, _ := strings.Cut(spec, "=")
	mac := model.NormalizeMAC(strings.TrimSpace(macText))
	if len(mac) != 12 || strings.Trim(mac, "0123456789abcdef") != "" {
		return Pin{}, fmt.Errorf("%q is not a MAC address", strings.TrimSpace(macText))
	}
	label = model.Sanitize(strings.TrimSpace(label))
	return Pin{MAC: mac, Label: label}, nil
}
