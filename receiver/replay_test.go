package receiver

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

func TestReadMessages(t *testing.T) {
	msg := func(mac string) string {
		return `{"topic":"client-join","events":[{"mac":"` + mac + `","rssi":-60}]}`
	}
	rec := func(at, mac string) string { return `{"received_at":"` + at + `","message":` + msg(mac) + `}` }
	t1 := time.Date(2024, 5, 6, 7, 8, 9, 500_000_000, time.UTC)
	pretty := "{\n  \"topic\": \"client-join\",\n  \"events\": [\n    {\"mac\": \"000000000001\"}\n  ]\n}\n"

	type want struct {
		line int
		mac  string
		at   time.Time
	}
	type wantErr struct {
		line int
		text string
	}
	tests := []struct {
		name  string
		input string
		msgs  []want
		errs  []wantErr
	}{
		{name: "empty", input: ""},
		{name: "only space", input: " \n\t\n"},
		{name: "one line", input: msg("000000000001"), msgs: []want{{1, "000000000001", time.Time{}}}},
		{name: "pretty single", input: pretty, msgs: []want{{1, "000000000001", time.Time{}}}},
		{name: "pretty after blank lines", input: "\n\n" + pretty, msgs: []want{{3, "000000000001", time.Time{}}}},
		{name: "byte order mark", input: "\xef\xbb\xbf" + msg("000000000001"), msgs: []want{{1, "000000000001", time.Time{}}}},
		{name: "single record", input: rec("2024-05-06T07:08:09.5Z", "000000000001"), msgs: []want{{1, "000000000001", t1}}},
		{
			name:  "array compact",
			input: "[" + msg("000000000001") + "," + msg("000000000002") + "]",
			msgs:  []want{{1, "000000000001", time.Time{}}, {1, "000000000002", time.Time{}}},
		},
		{
			name:  "array one per line with a bad element",
			input: "[\n" + msg("000000000001") + ",\n" + `{"events":[]}` + ",\n" + msg("000000000003") + "\n]\n",
			msgs:  []want{{2, "000000000001", time.Time{}}, {4, "000000000003", time.Time{}}},
			errs:  []wantErr{{3, `no "topic"`}},
		},
		{
			name:  "array of records",
			input: "[" + rec("2024-05-06T07:08:09.5Z", "000000000001") + "]",
			msgs:  []want{{1, "000000000001", t1}},
		},
		{
			name:  "array broken JSON stops there",
			input: "[\n" + msg("000000000001") + ",\n" + `{"topic": x}` + ",\n" + msg("000000000003") + "\n]",
			msgs:  []want{{2, "000000000001", time.Time{}}},
			errs:  []wantErr{{3, "not valid JSON: invalid character 'x'"}},
		},
		{
			name:  "array not closed",
			input: "[\n" + msg("000000000001") + ",\n" + msg("000000000002") + "\n",
			msgs:  []want{{2, "000000000001", time.Time{}}, {3, "000000000002", time.Time{}}},
			errs:  []wantErr{{3, "unexpected end of input"}},
		},
		{
			name:  "array then junk",
			input: "[" + msg("000000000001") + "]\nxyz",
			msgs:  []want{{1, "000000000001", time.Time{}}},
			errs:  []wantErr{{2, "unexpected data after the array"}},
		},
		{
			name:  "ndjson with a bad line in the middle",
			input: msg("000000000001") + "\n" + `{"topic":"client-join","events":[` + "\n" + msg("000000000003") + "\n",
			msgs:  []want{{1, "000000000001", time.Time{}}, {3, "000000000003", time.Time{}}},
			errs:  []wantErr{{2, "not valid JSON"}},
		},
		{
			name:  "ndjson with a bad first line",
			input: "garbage\n" + msg("000000000002") + "\n",
			msgs:  []want{{2, "000000000002", time.Time{}}},
			errs:  []wantErr{{1, "not valid JSON: invalid character 'g'"}},
		},
		{
			name:  "ndjson blank lines and CRLF",
			input: msg("000000000001") + "\r\n\r\n\n" + msg("000000000002") + "\r\n",
			msgs:  []want{{1, "000000000001", time.Time{}}, {4, "000000000002", time.Time{}}},
		},
		{
			name: "ndjson envelope errors",
			input: msg("000000000001") + "\n" + `{"events":[]}` + "\n" + `{"topic":"a","events":{}}` + "\n" + "42\n" +
				`["x"]` + "\n" + msg("000000000006"),
			msgs: []want{{1, "000000000001", time.Time{}}, {6, "000000000006", time.Time{}}},
			errs: []wantErr{{2, `no "topic"`}, {3, `"events" is not an array`}, {4, "not a JSON object"}, {5, "not a JSON object"}},
		},
		{
			name: "records",
			input: rec("2024-05-06T07:08:09.5Z", "000000000001") + "\n" +
				rec("2024-05-06T09:08:09.5+02:00", "000000000002") + "\n" +
				`{"message":` + msg("000000000003") + `}` + "\n" +
				`{"received_at":1715000000.25,"message":` + msg("000000000004") + `}` + "\n" +
				rec("yesterday", "000000000005") + "\n" +
				`{"received_at":"2024-05-06T07:08:09Z","message":{"events":[]}}` + "\n" +
				`{"received_at":"2024-05-06T07:08:09Z","message":"text"}`,
			msgs: []want{
				{1, "000000000001", t1}, {2, "000000000002", t1}, {3, "000000000003", time.Time{}},
				{4, "000000000004", time.Unix(1715000000, 250_000_000).UTC()},
			},
			errs: []wantErr{{5, `received_at "yesterday" is not an RFC 3339 time`}, {6, `no "topic"`}, {7, "not a JSON object"}},
		},
		{
			// Keys match as encoding/json matches them (case, escapes; the
			// last of a repeated key wins), and received_at may hold escapes.
			name: "records with escapes and folded keys",
			input: `{"Received_At":"2024-05-06T07:08:09.5\u005a","MESSAGE":` + msg("000000000001") + `}` + "\n" +
				`{"received_at":"yesterday","r\u0065ceived_at":"2024-05-06T07:08:09.5Z","message":` + msg("000000000002") + `}` + "\n" +
				`{"received_at":"2024-05-06T07:08:09.5Z","message":` + msg("000000000003") + `} x`,
			msgs: []want{{1, "000000000001", t1}, {2, "000000000002", t1}},
			errs: []wantErr{{3, `not valid JSON: invalid character 'x' after top-level value`}},
		},
		{
			name:  "records mixed with messages",
			input: msg("000000000001") + "\n" + rec("2024-05-06T07:08:09.5Z", "000000000002"),
			msgs:  []want{{1, "000000000001", time.Time{}}, {2, "000000000002", t1}},
		},
		{
			name:  "pretty messages concatenated",
			input: pretty + strings.Replace(pretty, "01", "02", 1),
			msgs:  []want{{1, "000000000001", time.Time{}}, {7, "000000000002", time.Time{}}},
		},
		{
			name:  "pretty messages, second broken",
			input: pretty + strings.Replace(pretty, `"events":`, `"events" [`, 1),
			msgs:  []want{{1, "000000000001", time.Time{}}},
			errs:  []wantErr{{9, "not valid JSON: invalid character '['"}},
		},
		{
			name:  "pretty message broken: one error where it breaks",
			input: strings.Replace(pretty, `"events":`, `"events" `, 1),
			errs:  []wantErr{{3, "not valid JSON: invalid character '[' after object key"}},
		},
		{
			name:  "pretty message truncated",
			input: pretty[:len(pretty)-3],
			errs:  []wantErr{{5, "unexpected end of input"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msgs, errs, err := ReadMessages("f.json", strings.NewReader(tc.input))
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) != len(tc.msgs) {
				t.Fatalf("%d messages, want %d; errors %v", len(msgs), len(tc.msgs), errs)
			}
			for i, w := range tc.msgs {
				m := msgs[i]
				_, evs, err := model.DecodeMessage(m.Body, m.Received)
				if err != nil || len(evs) != 1 {
					t.Fatalf("message %d does not decode: %v", i, err)
				}
				if m.Line != w.line || evs[0].MAC != w.mac || !m.Received.Equal(w.at) {
					t.Errorf("message %d: line %d mac %s at %v, want line %d mac %s at %v", i, m.Line, evs[0].MAC, m.Received, w.line, w.mac, w.at)
				}
			}
			if len(errs) != len(tc.errs) {
				t.Fatalf("errors %v, want %d", errs, len(tc.errs))
			}
			for i, w := range tc.errs {
				e := errs[i]
				if e.File != "f.json" || e.Line != w.line || !strings.Contains(e.Err.Error(), w.text) {
					t.Errorf("error %d = %q, want line %d containing %q", i, e.Error(), w.line, w.text)
				}
			}
		})
	}
}

func TestReadFileSamples(t *testing.T) {
	for name, body := range allSamples(t) {
		msgs, errs, err := ReadFile(filepath.Join(samplesDir, name))
		if err != nil || len(errs) != 0 || len(msgs) != 1 {
			t.Errorf("%s: %d messages, %v, %v", name, len(msgs), errs, err)
			continue
		}
		if string(msgs[0].Body) != strings.TrimSpace(string(body)) || msgs[0].Line != 1 || !msgs[0].Received.IsZero() {
			t.Errorf("%s: body or line or time changed: %+v", name, msgs[0])
		}
	}
}

func TestReadFileMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "survey.ndjson")
	_, _, err := ReadFile(path)
	if !errors.Is(err, fs.ErrNotExist) || err.Error() != path+": no such file or directory" {
		t.Fatalf("ReadFile missing = %v", err)
	}
}

func TestReadFileDirectory(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := ReadFile(dir); err == nil || !strings.Contains(err.Error(), dir) {
		t.Fatalf("ReadFile(dir) = %v", err)
	}
}

func TestLineError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndjson")
	if err := os.WriteFile(path, []byte("\n\n{\"events\":[]}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errs, err := ReadFile(path)
	if err != nil || len(errs) != 1 {
		t.Fatalf("%v %v", errs, err)
	}
	if got, want := errs[0].Error(), path+`:3: message has no "topic"`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(errs[0], model.ErrNoTopic) {
		t.Errorf("LineError does not unwrap to ErrNoTopic")
	}
}

// TestRecordLineShortcut: a line read by the recorder-layout shortcut gives
// the message the general reader gives, and every other line is left to it.
func TestRecordLineShortcut(t *testing.T) {
	demo, err := os.ReadFile("../testdata/demo-survey.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(demo)), "\n")
	ping := `{"topic":"ping","events":[{"mac":"aabbccddeeff","timestamp":1}]}`
	taken := len(lines)
	lines = append(lines,
		`{"received_at":"2024-05-06T07:08:09Z","message":`+ping+`}`,
		`{"received_at":"2024-05-06T07:08:09Z","message": `+ping+` }`,
		`{"received_at":"2024-05-06T07:08:09\u005a","message":`+ping+`}`,
	)
	leftOut := []string{
		`{"received_at":"2024-05-06T07:08:09Z","message":` + ping + `,"topic":"x"}`,
		`{"received_at":"2024-05-06T07:08:09Z","message":` + ping + `,"message":` + ping + `}`,
		`{"received_at":"yesterday","message":` + ping + `}`,
		`{"received_at":"2024-05-06T07:08:09Z","message":"text"}`,
		`{"received_at":"2024-05-06T07:08:09Z","message":{"events":[]}}`,
		`{"received_at":"2024-05-06T07:08:09Z","message":{"topic":"a","events":[]}}}`,
		`{"received_at":"2024-05-06T07:08:09Z","marker":{"text":"x"}}`,
		`{"message":` + ping + `,"received_at":"2024-05-06T07:08:09Z"}`,
	}
	for i, line := range append(lines, leftOut...) {
		fast, ok := recordLine([]byte(line), decoding{})
		if wantOK := i < len(lines); ok != wantOK {
			t.Fatalf("line %d: shortcut taken %v, want %v: %s", i+1, ok, wantOK, line)
		}
		slow, err := parseObject([]byte(line), decoding{})
		if !ok {
			continue
		}
		if err != nil {
			t.Fatalf("line %d: the general reader fails (%v) where the shortcut did not", i+1, err)
		}
		if !fast.Received.Equal(slow.Received) || string(fast.Body) != string(slow.Body) ||
			!reflect.DeepEqual(fast.Decoded, slow.Decoded) {
			t.Fatalf("line %d: shortcut %v %s %d events, general reader %v %s %d events",
				i+1, fast.Received, fast.Body, len(fast.Decoded), slow.Received, slow.Body, len(slow.Decoded))
		}
	}
	if taken < 100 {
		t.Fatalf("demo survey has %d lines", taken)
	}
}

// FuzzRecordLineShortcut: whatever the line, the shortcut either leaves it
// to the general reader or gives exactly the message that reader gives.
func FuzzRecordLineShortcut(f *testing.F) {
	ping := `{"topic":"ping","events":[{"mac":"aabbccddeeff","timestamp":1}]}`
	for _, s := range []string{
		`{"received_at":"2024-05-06T07:08:09Z","message":` + ping + `}`,
		`{"received_at":"2024-05-06T07:08:09\u005a","message": ` + ping + ` }`,
		`{"received_at":"2024-05-06T07:08:09Z","message":` + ping + `,"topic":"x"}`,
		`{"received_at":"2024-05-06T07:08:09Z","message":{"topic":"a","events":[1,{"rssi":"-5"}]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		fast, ok := recordLine(line, decoding{})
		if !ok {
			return
		}
		slow, err := parseObject(line, decoding{})
		if err != nil {
			t.Fatalf("%q: the shortcut read it, the general reader says %v", line, err)
		}
		if !fast.Received.Equal(slow.Received) || string(fast.Body) != string(slow.Body) || fast.Marker != slow.Marker ||
			!reflect.DeepEqual(fast.Decoded, slow.Decoded) {
			t.Fatalf("%q: shortcut %v %q, general reader %v %q", line, fast.Received, fast.Body, slow.Received, slow.Body)
		}
	})
}
