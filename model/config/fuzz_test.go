package config

import (
	"strings"
	"testing"
)

// Any bytes: Parse never panics, and a file it accepts lays over the
// defaults either cleanly or with an error (a bad pin), never half-way into
// a settings value that Write cannot print back as a readable file.
func FuzzParseConfig(f *testing.F) {
	for _, seed := range []string{
		"listen = \":8080\"\n[pins]\n\"bc:09:63:e1:f4:a2\" = \"Bob\"\n",
		"quiet_after = \"30s\"\nbell = false\ntheme = \"no-color\"\n[mist]\nhost = \"api.eu.mist.com\"\n",
		"names = [\"a.json\", \"b.csv\"]\nrssi_good = -60\nrssi_poor = -80.5\n",
		"lisen = 1\n", "[mist\n", "pins = 3\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := Parse("fuzz.toml", b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.toml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		s := Defaults(":8080", -67, -75, "api.mist.com")
		if file.SecretFile != nil {
			return // reads a file: not for a fuzzer
		}
		if err := s.ApplyFile(file, ""); err != nil {
			return
		}
		var out strings.Builder
		if err := s.Write(&out, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := Parse("printed", []byte(strings.Replace(out.String(), `secret       = ""`, "", 1))); err != nil {
			t.Fatalf("accepted settings print as an unreadable file: %v\n%s", err, out.String())
		}
	})
}

func TestWriteQuotesForTOML(t *testing.T) {
	s := Defaults("a\x01\"b\\", -67, -75, "h")
	var out strings.Builder
	if err := s.Write(&out, ""); err != nil {
		t.Fatal(err)
	}
	f, err := Parse("printed", []byte(strings.Replace(out.String(), `secret       = ""`, "", 1)))
	if err != nil || f.Listen == nil || *f.Listen != "a\x01\"b\\" {
		t.Fatalf("listen did not round-trip: %v %v\n%s", f, err, out.String())
	}
}
