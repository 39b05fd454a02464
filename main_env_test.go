package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestMain gives the tests, and every binary they start, config and state
// directories of their own, so neither the user's config file nor their
// remembered pins reach a test (and no test writes into them).
func TestMain(m *testing.M) {
	home, err := os.MkdirTemp("", "mistwatch-test-home-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	os.Setenv("XDG_STATE_HOME", filepath.Join(home, "state"))
	for _, k := range []string{"MISTWATCH_CONFIG", "MISTWATCH_SECRET", "MISTWATCH_LISTEN"} {
		os.Unsetenv(k)
	}
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}
