package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// testHome is the run's own directory: config, state, the built binary.
var testHome string

// TestMain gives the tests, and every binary they start, config and state
// directories of their own, so neither the user's config file nor their
// remembered pins reach a test (and no test writes into them).
func TestMain(m *testing.M) {
	var err error
	testHome, err = os.MkdirTemp("", "mistwatch-test-home-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CONFIG_HOME", filepath.Join(testHome, "config"))
	os.Setenv("XDG_STATE_HOME", filepath.Join(testHome, "state"))
	for _, k := range []string{"MISTWATCH_CONFIG", "MISTWATCH_SECRET", "MISTWATCH_LISTEN"} {
		os.Unsetenv(k)
	}
	code := m.Run()
	os.RemoveAll(testHome)
	os.Exit(code)
}
