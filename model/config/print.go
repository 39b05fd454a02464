package config

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mistwatch/mistwatch/model"
)

// Write prints the effective settings as a config file, each key followed
// by where its value came from. The secret is masked; only its origin shows.
func (s *Settings) Write(w io.Writer, configPath string) error {
	var b strings.Builder
	if configPath != "" {
		fmt.Fprintf(&b, "# config file: %s\n", configPath)
	}
	line := func(key, value string) {
		fmt.Fprintf(&b, "%-12s = %-24s # %s\n", strings.TrimPrefix(key, "mist."), value, s.source(key))
	}
	line("listen", tomlQuote(s.Listen))
	line("path", tomlQuote(s.Path))
	secret := `""`
	if s.Secret != "" {
		secret = `"********"`
	}
	if s.SecretFrom != "" && s.SecretFrom != "MISTWATCH_SECRET" && s.SecretFrom != "--secret" {
		line("secret_file", tomlQuote(s.SecretFrom))
	} else {
		line("secret", secret)
	}
	quoted := make([]string, len(s.Names))
	for i, n := range s.Names {
		quoted[i] = tomlQuote(n)
	}
	line("names", "["+strings.Join(quoted, ", ")+"]")
	line("rssi_good", strconv.FormatFloat(s.RSSIGood, 'g', -1, 64))
	line("rssi_poor", strconv.FormatFloat(s.RSSIPoor, 'g', -1, 64))
	line("quiet_after", tomlQuote(s.QuietAfter.String()))
	line("bell", strconv.FormatBool(s.Bell))
	line("theme", tomlQuote(s.Theme))
	fmt.Fprintf(&b, "\n[pins] # %s\n", s.source("pins"))
	for _, p := range s.Pins {
		fmt.Fprintf(&b, "%s = %s\n", tomlQuote(model.FormatMAC(p.MAC)), tomlQuote(p.Label))
	}
	b.WriteString("\n[mist]\n")
	line("mist.host", tomlQuote(s.MistHost))
	line("mist.org", tomlQuote(s.MistOrg))
	line("mist.token_file", tomlQuote(s.MistToken))
	_, err := io.WriteString(w, b.String())
	return err
}

func (s *Settings) source(key string) string {
	if src, ok := s.Sources[key]; ok {
		return string(src)
	}
	return string(FromDefault)
}

// tomlQuote writes s as a TOML basic string: Go's %q escapes (\x01) are
// not TOML, so control characters are written as \uXXXX.
func tomlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
