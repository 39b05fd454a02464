package config

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/mistwatch/mistwatch/model"
)

// FromState marks pins remembered from the last run.
const FromState Source = "state"

// PinStatePath is $XDG_STATE_HOME/mistwatch/pins (~/.local/state when
// XDG_STATE_HOME is unset), or "" when neither is known.
func PinStatePath(getenv func(string) string) string {
	return xdgPath(getenv, "XDG_STATE_HOME", filepath.Join(".local", "state"), "pins")
}

// LoadPinState reads the pins the dashboard remembered: one "MAC label"
// per line (the label optional). A missing file is no pins. A bad line is
// an error naming the file and line: the file is ours, so it means damage.
func LoadPinState(path string) ([]Pin, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("remembered pins: %w", err)
	}
	var pins []Pin
	sc := bufio.NewScanner(bytes.NewReader(b))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		mac, label, _ := strings.Cut(text, " ")
		p, err := ParsePin(mac + "=" + label)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		pins = append(pins, p)
	}
	return pins, nil
}

// FormatPinState is the pin file's text for pins.
func FormatPinState(pins []Pin) []byte {
	var b bytes.Buffer
	b.WriteString("# pins mistwatch remembers (MAC label); unpin in the dashboard to forget one\n")
	for _, p := range pins {
		b.WriteString(strings.TrimSpace(model.FormatMAC(p.MAC) + " " + p.Label))
		b.WriteByte('\n')
	}
	return b.Bytes()
}
