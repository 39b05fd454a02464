package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// browsers are the names a Chromium-based browser goes by on PATH.
var browsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}

// ErrNoBrowser says why --pdf cannot work here, and what to install.
var ErrNoBrowser = errors.New("--pdf needs Chromium or Google Chrome on PATH (Debian/Ubuntu: apt-get install chromium; or set MISTWATCH_CHROMIUM to the browser)")

// FindBrowser returns a headless-capable browser: $MISTWATCH_CHROMIUM, else
// the first of chromium, chromium-browser, google-chrome… on PATH.
func FindBrowser() (string, error) {
	if p := os.Getenv("MISTWATCH_CHROMIUM"); p != "" {
		return exec.LookPath(p)
	}
	for _, name := range browsers {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBrowser
}

// PrintPDF prints the HTML file to a PDF with the browser's own
// --print-to-pdf: the same page, laid out by its @media print rules.
func PrintPDF(ctx context.Context, browser, htmlFile, pdfFile string) error {
	abs, err := filepath.Abs(htmlFile)
	if err != nil {
		return err
	}
	out, err := filepath.Abs(pdfFile)
	if err != nil {
		return err
	}
	profile, err := os.MkdirTemp("", "mistwatch-chromium-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	args := []string{"--headless", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
		"--user-data-dir=" + profile, "--print-to-pdf=" + out, "file://" + abs}
	if os.Geteuid() == 0 {
		args = append([]string{"--no-sandbox"}, args...) // Chromium refuses to run as root with its sandbox
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, browser, args...)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s --print-to-pdf: %v: %s", filepath.Base(browser), err, lastLine(stderr.Bytes()))
	}
	head := make([]byte, 5)
	f, err := os.Open(out)
	if err != nil {
		return fmt.Errorf("%s wrote no PDF: %s", filepath.Base(browser), lastLine(stderr.Bytes()))
	}
	defer f.Close()
	if _, err := f.Read(head); err != nil || string(head) != "%PDF-" {
		return fmt.Errorf("%s did not write a PDF to %s", filepath.Base(browser), pdfFile)
	}
	return nil
}

func lastLine(b []byte) string {
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	return string(lines[len(lines)-1])
}
