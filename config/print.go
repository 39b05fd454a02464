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
	line("listen", strconv.Quote(s.Listen))
	line("path", strconv.Quote(s.Path))
	secret := `""`
	if s.Secret != "" {
		secret = `"********"`
	}
	if s.SecretFrom != "" && s.SecretFrom != "MISTWATCH_SECRET" && s.SecretFrom != "--secret" {
		line("secret_file", strconv.Quote(s.SecretFrom))
	} else {
		line("secret", secret)
	}
	quoted := make([]string, len(s.Names))
	for i, n := range s.Names {
		quoted[i] = strconv.Quote(n)
	}
	line("names", "["+strings.Join(quoted, ", ")+"]")
	line("rssi_good", strconv.FormatFloat(s.RSSIGood, 'g', -1, 64))
	line("rssi_poor", strconv.FormatFloat(s.RSSIPoor, 'g', -1, 64))
	line("quiet_after", strconv.Quote(s.QuietAfter.String()))
	line("bell", strconv.FormatBool(s.Bell))
	line("theme", strconv.Quote(s.Theme))
	fmt.Fprintf(&b, "\n[pins] # %s\n", s.source("pins"))
	for _, p := range s.Pins {
		fmt.Fprintf(&b, "%q = %q\n", model.FormatMAC(p.MAC), p.Label)
	}
	b.WriteString("\n[mist]\n")
	line("mist.host", strconv.Quote(s.MistHost))
	line("mist.org", strconv.Quote(s.MistOrg))
	line("mist.token_file", strconv.Quote(s.MistToken))
	_, err := io.WriteString(w, b.String())
	return err
}

func (s *Settings) source(key string) string {
	if src, ok := s.Sources[key]; ok {
		return string(src)
	}
	return string(FromDefault)
}
