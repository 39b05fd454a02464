package model

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// The repository is always checked out with /work/shared beside it, so the
// shared fixtures are two levels up from the package directory.
const (
	samplesDir = "../../shared/samples"
	seedsDir   = "../../shared/seeds"
)

// recv is the "received" time handed to DecodeMessage throughout the tests.
var recv = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

type sampleFile struct {
	name  string // file name
	topic string // the prefix before the first dot
	body  []byte
}

// loadSamples reads every *.json file of shared/samples; it skips the test
// only when the directory is missing.
func loadSamples(tb testing.TB) []sampleFile {
	tb.Helper()
	if _, err := os.Stat(samplesDir); os.IsNotExist(err) {
		skipUnlessCI(tb, samplesDir)
	}
	paths, err := filepath.Glob(filepath.Join(samplesDir, "*.json"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(paths) == 0 {
		tb.Fatalf("no samples in %s", samplesDir)
	}
	sort.Strings(paths)
	out := make([]sampleFile, 0, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		name := filepath.Base(p)
		out = append(out, sampleFile{name: name, topic: strings.SplitN(name, ".", 2)[0], body: b})
	}
	return out
}

// sample returns the decoded events of the sample whose file name starts
// with prefix.
func sample(tb testing.TB, prefix string) []Event {
	tb.Helper()
	for _, s := range loadSamples(tb) {
		if strings.HasPrefix(s.name, prefix+".") {
			_, evs, err := DecodeMessage(s.body, recv)
			if err != nil {
				tb.Fatalf("%s: %v", s.name, err)
			}
			return evs
		}
	}
	tb.Fatalf("no sample %s.*.json", prefix)
	return nil
}

// decode decodes a message that must be accepted.
func decode(tb testing.TB, body string) []Event {
	tb.Helper()
	_, evs, err := DecodeMessage([]byte(body), recv)
	if err != nil {
		tb.Fatalf("DecodeMessage(%s): %v", body, err)
	}
	return evs
}

// decode1 decodes a message that must yield exactly one event.
func decode1(tb testing.TB, body string) Event {
	tb.Helper()
	evs := decode(tb, body)
	if len(evs) != 1 {
		tb.Fatalf("DecodeMessage(%s): %d events, want 1", body, len(evs))
	}
	return evs[0]
}

// msg wraps one event object in an envelope.
func msg(topic, event string) string {
	return fmt.Sprintf(`{"topic":%q,"events":[%s]}`, topic, event)
}

// unsafeRune reports a rune a terminal could act on, or that Sanitize
// promises to remove: C0, DEL, C1, line/paragraph separators and format
// characters (bidi overrides …) other than the zero-width joiner.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0x2028, r == 0x2029:
		return true
	case unicode.Is(unicode.Cf, r) && r != 0x200d:
		return true
	}
	return false
}

// dirty explains why s is unsafe to print, or returns "".
func dirty(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for i, r := range s {
		if unsafeRune(r) {
			return fmt.Sprintf("rune %U at byte %d", r, i)
		}
	}
	return ""
}

// eachString calls fn with the path and value of every string-kinded field
// of v (Event, ScanEntry and the slices of ScanEntry inside an Event),
// including named string types such as Band.
func eachString(v reflect.Value, path string, fn func(path, s string)) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			eachString(v.Elem(), path, fn)
		}
	case reflect.String:
		fn(path, v.String())
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			return
		}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			eachString(v.Field(i), path+"."+f.Name, fn)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 { // Raw: bytes, not text
			return
		}
		for i := 0; i < v.Len(); i++ {
			eachString(v.Index(i), fmt.Sprintf("%s[%d]", path, i), fn)
		}
	}
}

// assertClean fails when any string field of e is unsafe to print.
func assertClean(tb testing.TB, e *Event) {
	tb.Helper()
	eachString(reflect.ValueOf(e), "Event", func(path, s string) {
		if why := dirty(s); why != "" {
			tb.Errorf("%s = %q: %s", path, s, why)
		}
	})
}

func isHex12(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// checkMACField: a MAC field is empty, 12 lower-case hex digits, or text that
// is not a MAC in any spelling (masked, filler), kept as normalised.
func checkMACField(tb testing.TB, name, v string) {
	tb.Helper()
	if v == "" || isHex12(v) {
		return
	}
	if NormalizeMAC(v) != v {
		tb.Errorf("%s = %q is not normalised: NormalizeMAC gives %q", name, v, NormalizeMAC(v))
	}
}

// assertMACs checks every MAC-valued field of e.
func assertMACs(tb testing.TB, e *Event) {
	tb.Helper()
	checkMACField(tb, "MAC", e.MAC)
	checkMACField(tb, "AP", e.AP)
	checkMACField(tb, "NextAP", e.NextAP)
	if e.NextAP == "000000000000" {
		tb.Errorf("NextAP holds the null MAC")
	}
	for i, s := range e.Scan {
		checkMACField(tb, fmt.Sprintf("Scan[%d].AP", i), s.AP)
		checkMACField(tb, fmt.Sprintf("Scan[%d].BSSID", i), s.BSSID)
	}
}

func assertRawJSON(tb testing.TB, e *Event) {
	tb.Helper()
	if !json.Valid(e.Raw) {
		tb.Errorf("Raw is not valid JSON: %q", e.Raw)
	}
}

// unix returns the UTC time of fractional epoch seconds, for expectations.
func unix(sec int64, nsec int64) time.Time { return time.Unix(sec, nsec).UTC() }

// near reports whether a and b are within d of each other.
func near(a, b time.Time, d time.Duration) bool {
	diff := a.Sub(b)
	return diff <= d && diff >= -d
}

// skipUnlessCI skips a test whose fixtures (../shared) are missing, except
// under CI, where a missing fixture must fail rather than pass untested.
func skipUnlessCI(tb testing.TB, dir string) {
	tb.Helper()
	if ci := os.Getenv("CI"); ci != "" && ci != "false" && ci != "0" {
		tb.Fatalf("%s not present, and CI=%s must run this test", dir, ci)
	}
	tb.Skipf("%s not present", dir)
}

// storedEvents is a copy of every event s holds, oldest first.
func storedEvents(s *Store) []Event {
	var evs []Event
	s.Each(func(e *Event) bool { evs = append(evs, *e); return true })
	return evs
}

// appendFilled appends n events with every field set (filledEvent), one
// Append each, and returns them.
func appendFilled(s *Store, n int) []Event {
	var want []Event
	for i := range n {
		e := filledEvent(i)
		want = append(want, e)
		s.Append([]Event{e})
	}
	return want
}
