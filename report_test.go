package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportCommand runs the built binary as a user would: the demo survey
// to a page, and the ways it refuses bad input without writing anything.
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "mistwatch")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	run := func(env []string, args ...string) (code int, stdout, stderr string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, o.String(), e.String()
	}
	demo, err := filepath.Abs(demoFile)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("demo", func(t *testing.T) {
		code, _, stderr := run(nil, "report", demo, "-o", "survey.html", "--tz", "UTC", "--pin", "a8:a1:59:12:c7:e0=Laptop <b>", "--pin", "4c4fee3a9d17")
		if code != 0 || !strings.Contains(stderr, "wrote survey.html (671 events, 2 clients shown)") {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		page, err := os.ReadFile(filepath.Join(dir, "survey.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			"09:01:27–09:03:54 sticky on A-1F-Lobby: below -75 dBm for 2m27s without roaming",
			"09:01:35–09:01:46 ping-pong A-2F-Conf → A-2F-East → A-2F-Conf in 11s",
			"Laptop &lt;b&gt;", "every time is in UTC",
		} {
			if !bytes.Contains(page, []byte(want)) {
				t.Errorf("page lacks %q", want)
			}
		}
		if fi, _ := os.Stat(filepath.Join(dir, "survey.html")); fi.Mode().Perm() != 0o644 {
			t.Errorf("page mode %v: a deliverable should be readable by others", fi.Mode().Perm())
		}
	})

	t.Run("stdout", func(t *testing.T) {
		code, stdout, stderr := run(nil, "report", demo, "-o", "-", "--top", "1")
		if code != 0 || !strings.HasPrefix(stdout, "<!DOCTYPE html>") || strings.Count(stdout, `<article class="client"`) != 1 || stderr != "" {
			t.Errorf("exit %d, stderr %q, stdout %.80q", code, stderr, stdout)
		}
	})

	t.Run("bad-line-skipped", func(t *testing.T) {
		file := filepath.Join(dir, "mixed.ndjson")
		os.WriteFile(file, []byte("not json\n"+`{"topic":"client-join","events":[{"mac":"70ef0071535f","ap":"5c5b35a01c40","rssi":-60,"timestamp":1793610000}]}`+"\n"), 0o644)
		code, _, stderr := run(nil, "report", file, "-o", "mixed.html")
		if code != 0 || !strings.Contains(stderr, "skipped "+file+":1: not valid JSON") {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})

	refusals := []struct {
		name string
		env  []string
		args []string
		code int
		msg  string
	}{
		{"empty file", nil, []string{"empty.ndjson", "-o", "out.html"}, 1, "empty.ndjson: no webhook messages in the file"},
		{"missing file", nil, []string{"nothing.ndjson", "-o", "out.html"}, 1, "nothing.ndjson"},
		{"no file", nil, []string{"-o", "out.html"}, 2, "needs at least one FILE"},
		{"bad zone", nil, []string{demo, "-o", "out.html", "--tz", "Mars/Olympus"}, 2, `--tz "Mars/Olympus" is not a time zone`},
		{"bad pin", nil, []string{demo, "-o", "out.html", "--pin", "nope=x"}, 2, `"nope" is not a MAC address`},
		{"no browser", []string{"PATH=" + dir + "/nowhere", "MISTWATCH_CHROMIUM="}, []string{demo, "-o", "out.html", "--pdf", "out.pdf"}, 1, "apt-get install chromium"},
		{"pdf from stdout", nil, []string{demo, "-o", "-", "--pdf", "out.pdf"}, 2, "--pdf prints the page from a file"},
	}
	os.WriteFile(filepath.Join(dir, "empty.ndjson"), nil, 0o644)
	for _, r := range refusals {
		code, stdout, stderr := run(r.env, append([]string{"report"}, r.args...)...)
		if code != r.code || !strings.Contains(stderr, r.msg) || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and one line with %q", r.name, code, stderr, r.code, r.msg)
		}
		if _, err := os.Stat(filepath.Join(dir, "out.html")); err == nil {
			t.Fatalf("%s: a refused report wrote out.html", r.name)
		}
	}
}

func TestCommandLineQuotes(t *testing.T) {
	got := commandLine([]string{"/usr/bin/mistwatch", "report", "my walk.ndjson", "--pin", "aa:bb=Bob's phone", "-o", "x.html"})
	want := `mistwatch report 'my walk.ndjson' --pin 'aa:bb=Bob'\''s phone' -o x.html`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
