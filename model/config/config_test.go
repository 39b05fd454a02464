package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseFile(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret")
	if err := os.WriteFile(secret, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Parse("config.toml", []byte(`
listen = "127.0.0.1:9000"
path = "/mist"
secret_file = "secret"
names = ["names.json", "/abs/extra.csv"]
rssi_good = -65
rssi_poor = -78.5
quiet_after = "45s"
bell = false
theme = "no-color"

[pins]
"BC:09:63:E1:F4:A2" = "Bob-iPhone"
"4c4f-ee3a-9d17" = ""

[mist]
host = "api.eu.mist.com"
org = "org-1"
token_file = "/etc/mist/token"
`))
	if err != nil {
		t.Fatal(err)
	}
	s := Defaults(":8080", -67, -75, "api.mist.com")
	if err := s.ApplyFile(f, dir); err != nil {
		t.Fatal(err)
	}
	if s.Listen != "127.0.0.1:9000" || s.Path != "/mist" || s.Secret != "s3cret" || s.SecretFrom != secret {
		t.Errorf("listen %q path %q secret %q from %q", s.Listen, s.Path, s.Secret, s.SecretFrom)
	}
	if want := []string{filepath.Join(dir, "names.json"), "/abs/extra.csv"}; strings.Join(s.Names, "|") != strings.Join(want, "|") {
		t.Errorf("names %v, want %v (relative to the file's directory)", s.Names, want)
	}
	if s.RSSIGood != -65 || s.RSSIPoor != -78.5 || s.QuietAfter != 45*time.Second || s.Bell || s.Theme != "no-color" {
		t.Errorf("thresholds %v %v quiet %v bell %v theme %q", s.RSSIGood, s.RSSIPoor, s.QuietAfter, s.Bell, s.Theme)
	}
	if s.MistHost != "api.eu.mist.com" || s.MistOrg != "org-1" || s.MistToken != "/etc/mist/token" {
		t.Errorf("mist %q %q %q", s.MistHost, s.MistOrg, s.MistToken)
	}
	labels := map[string]string{}
	for _, p := range s.Pins {
		labels[p.MAC] = p.Label
	}
	if len(labels) != 2 || labels["bc0963e1f4a2"] != "Bob-iPhone" || labels["4c4fee3a9d17"] != "" {
		t.Errorf("pins %v", s.Pins)
	}
	if s.Sources["listen"] != FromFile || s.Sources["secret"] != FromFile || s.Sources["pins"] != FromFile {
		t.Errorf("sources %v", s.Sources)
	}
}

func TestParseFileErrors(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"unknown key names key and line", "listen = \":1\"\n\nlisten_addr = \":2\"\n", `config.toml:3: unknown key "listen_addr"`},
		{"unknown nested key", "[mist]\nhost = \"h\"\ntoken = \"abc\"\n", `config.toml:3: unknown key "mist.token"`},
		{"wrong type names key and line", "bell = \"yes\"\n", "config.toml:1: bell"},
		{"syntax error has a line", "listen = \n", "config.toml:1:"},
		{"bad duration", "quiet_after = \"soon\"\n", `quiet_after: "soon" is not a duration`},
		{"bad theme", "theme = \"neon\"\n", `"neon" is not a theme`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("config.toml", []byte(c.text))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestBadPinInFile(t *testing.T) {
	f, err := Parse("c", []byte("[pins]\n\"not-a-mac\" = \"x\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := Defaults("", -67, -75, "")
	if err := s.ApplyFile(f, ""); err == nil || !strings.Contains(err.Error(), `"not-a-mac" is not a MAC`) {
		t.Fatalf("error %v", err)
	}
}

func TestLoadMissing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.toml")
	if f, err := Load(missing, false); err != nil || f.Listen != nil {
		t.Errorf("an absent default file: %v %v", f, err)
	}
	if _, err := Load(missing, true); err == nil || !strings.Contains(err.Error(), "none.toml") {
		t.Errorf("an absent named file must be an error naming it: %v", err)
	}
}

func TestEnvOverFile(t *testing.T) {
	f, err := Parse("c", []byte("listen = \":1\"\nrssi_poor = -80\nbell = true\n[pins]\n\"aa:bb:cc:dd:ee:ff\" = \"A\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := Defaults(":8080", -67, -75, "api.mist.com")
	if err := s.ApplyFile(f, ""); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MISTWATCH_LISTEN": ":2", "MISTWATCH_BELL": "false", "MISTWATCH_SECRET": "  env-secret ",
		"MISTWATCH_PINS": "aa:bb:cc:dd:ee:ff=Alice,11:22:33:44:55:66", "MIST_API_HOST": "old", "MISTWATCH_MIST_HOST": "new"}
	if err := s.ApplyEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if s.Listen != ":2" || s.Bell || s.RSSIPoor != -80 || s.Secret != "env-secret" || s.MistHost != "new" {
		t.Errorf("listen %q bell %v poor %v secret %q host %q", s.Listen, s.Bell, s.RSSIPoor, s.Secret, s.MistHost)
	}
	if len(s.Pins) != 2 || s.Pins[0].Label != "Alice" || s.Pins[1].MAC != "112233445566" {
		t.Errorf("pins %v: the environment relabels and adds", s.Pins)
	}
	if s.Sources["listen"] != FromEnv || s.Sources["rssi_poor"] != FromFile || s.Sources["quiet_after"] != "" {
		t.Errorf("sources %v", s.Sources)
	}
	bad := map[string]string{"MISTWATCH_RSSI_GOOD": "loud"}
	if err := s.ApplyEnv(func(k string) string { return bad[k] }); err == nil || !strings.Contains(err.Error(), "MISTWATCH_RSSI_GOOD") {
		t.Errorf("a bad variable must be named: %v", err)
	}
}

func TestWriteMasksSecret(t *testing.T) {
	s := Defaults(":8080", -67, -75, "api.mist.com")
	if err := s.Set("secret", "hunter2", FromEnv); err != nil {
		t.Fatal(err)
	}
	if err := s.AddPin("bc:09:63:e1:f4:a2=Bob-iPhone", FromFlag); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := s.Write(&b, "/x/config.toml"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "hunter2") {
		t.Fatalf("the secret was printed:\n%s", out)
	}
	for _, want := range []string{`secret       = "********"`, "# env", `"bc:09:63:e1:f4:a2" = "Bob-iPhone"`,
		`quiet_after  = "30s"`, `[pins] # flag`, `host         = "api.mist.com"`, "# config file: /x/config.toml"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	// What it prints is itself a config file (less the masked secret).
	if _, err := Parse("printed", []byte(strings.Replace(out, `secret       = "********"`, "", 1))); err != nil {
		t.Errorf("the printed config does not read back: %v\n%s", err, out)
	}
}

func TestParsePinLabelSanitised(t *testing.T) {
	p, err := ParsePin("bc0963e1f4a2=Bob\x1b[2J-iPhone")
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsRune(p.Label, 0x1b) {
		t.Errorf("label %q keeps an escape", p.Label)
	}
}

func TestPinState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mistwatch", "pins")
	if pins, err := LoadPinState(path); err != nil || pins != nil {
		t.Fatalf("no file: %v %v", pins, err)
	}
	want := []Pin{{MAC: "bc0963e1f4a2", Label: "Bob iPhone"}, {MAC: "4c4fee3a9d17"}}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, FormatPinState(want), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := LoadPinState(path)
	if err != nil || len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("read back %v %v", got, err)
	}
	if err := os.WriteFile(path, []byte("bc0963e1f4a2 A\nnonsense B\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadPinState(path); err == nil || !strings.Contains(err.Error(), "pins:2:") {
		t.Errorf("a damaged line must be named: %v", err)
	}
	if p := PinStatePath(func(k string) string { return map[string]string{"HOME": "/h"}[k] }); p != "/h/.local/state/mistwatch/pins" {
		t.Errorf("default path %q", p)
	}
}
