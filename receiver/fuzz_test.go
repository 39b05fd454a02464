package receiver

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

func FuzzReadMessages(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join(samplesDir, "*.json"))
	var all [][]byte
	for _, n := range names {
		if b, err := os.ReadFile(n); err == nil {
			f.Add(b)
			all = append(all, b)
		}
	}
	if len(all) > 1 {
		f.Add(bytes.Join(all[:3], nil))                                              // pretty, concatenated
		f.Add(append(append([]byte("["), bytes.Join(all[:2], []byte(","))...), ']')) // array
	}
	ping := `{"topic":"ping","events":[{"name":"x"}]}`
	f.Add([]byte(`{"received_at":"2024-05-06T07:08:09.5Z","message":` + ping + "}\n" +
		`{"received_at":"bad","message":` + ping + "}\n" +
		`{"received_at":1715000000,"message":{"events":[]}}` + "\n"))
	f.Add([]byte(ping + "\n{\"topic\":\n" + ping + "\r\n\n"))
	f.Add([]byte("[" + ping + ",\n{\"topic\": x}]"))
	f.Add([]byte("\xef\xbb\xbf[" + ping + "]junk"))
	f.Add([]byte("{\n\"topic\": \"a\",\n\"events\" [\n]}"))
	f.Add([]byte("42\n\"s\"\nnull\n[]"))

	f.Fuzz(func(t *testing.T, data []byte) {
		msgs, errs, err := ReadMessages("fuzz", bytes.NewReader(data))
		if err != nil {
			t.Fatalf("reading from memory failed: %v", err)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for i, m := range msgs {
			if _, _, err := model.DecodeMessage(m.Body, time.Now()); err != nil {
				t.Fatalf("message %d (line %d) does not decode: %v\n%q", i, m.Line, err, m.Body)
			}
			if m.Line < 1 || m.Line > lines {
				t.Fatalf("message %d: line %d outside 1..%d", i, m.Line, lines)
			}
			if i > 0 && m.Line < msgs[i-1].Line {
				t.Fatalf("message %d: line %d before the previous message's %d", i, m.Line, msgs[i-1].Line)
			}
		}
		for _, e := range errs {
			if e.Line < 1 || e.Line > lines || e.File != "fuzz" || e.Err == nil {
				t.Fatalf("bad LineError %+v (file has %d lines)", e, lines)
			}
		}
		// Read in small pieces, as a big file is streamed, it reads the same.
		if got := sameAsChunked(data, 7, msgs, errs); got != "" {
			t.Fatal(got)
		}
	})
}
