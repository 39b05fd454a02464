package receiver

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/mistwatch/mistwatch/model"
)

// FuzzHandler posts arbitrary bodies and headers through the whole handler
// (signature, limits, decode, hand-off, record) and checks what must hold
// for any input: a known status; 200 exactly when the body decodes, with
// its events handed on and recorded so they read back the same; every
// request counted once, as accepted or refused; and nothing a terminal
// would act on in the refusal text the dashboard prints.
func FuzzHandler(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join(samplesDir, "*.json"))
	for _, n := range names {
		if b, err := os.ReadFile(n); err == nil {
			f.Add(b, uint8(0), "")
			f.Add(b, uint8(1), "")
		}
	}
	f.Add([]byte(`{"topic":7,"events":[]}`), uint8(0), "")
	f.Add([]byte(`{"topic":"ping","events":[{"x":"\u001b[2J"}]}`), uint8(2), "\x1b[31m")
	f.Add([]byte(`{"topic":"zone","events":{}}`), uint8(3), "zz")
	f.Add([]byte("\x00\xff{"), uint8(0), "POST")

	// One record file per fuzzing process, emptied for each input: a fresh
	// directory per input would make file system calls most of the work.
	path := filepath.Join(f.TempDir(), "rec.ndjson")
	f.Fuzz(func(t *testing.T, body []byte, mode uint8, header string) {
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		rec, err := NewRecorder(path)
		if err != nil {
			t.Fatal(err)
		}
		defer rec.Close()
		out := make(chan []model.Event, 1)
		cfg := Config{Recorder: rec, MaxBody: 1 << 16, Now: clock}
		hdr := map[string]string{}
		switch mode % 4 {
		case 1: // signed, correctly
			cfg.Secret = "k"
			hdr[HeaderSignatureV2] = hmacSHA256("k", body)
		case 2: // signed with whatever the fuzzer wrote
			cfg.Secret = "k"
			hdr[HeaderSignatureV2] = header
		case 3: // a stray header the handler must not care about
			hdr["X-Stray"] = header
		}
		h := NewHandler(cfg, out)
		w := post(h, http.MethodPost, "/", body, hdr)

		switch w.Code {
		case 200, 400, 401, 413:
		default:
			t.Fatalf("status %d for %q", w.Code, body)
		}
		s := h.Stats()
		if s.Messages+s.RejectedTotal != 1 {
			t.Fatalf("one request counted %d times: %+v", s.Messages+s.RejectedTotal, s)
		}
		for _, r := range s.LastError {
			if r != ' ' && (unicode.IsControl(r) || !unicode.IsPrint(r)) {
				t.Fatalf("refusal text carries %U: %q", r, s.LastError)
			}
		}
		_, want, decodeErr := model.DecodeMessage(body, fixedNow)
		signedOK := mode%4 != 2 || (header != "" && w.Code != 401)
		if w.Code == 200 {
			if decodeErr != nil || !signedOK {
				t.Fatalf("200 for a body that does not decode (%v) or is not signed: %q", decodeErr, body)
			}
			if !strings.HasPrefix(w.Body.String(), "ok "+strconv.Itoa(len(want))+" event") {
				t.Fatalf("answer %q for %d events", w.Body, len(want))
			}
			if len(want) > 0 && len(<-out) != len(want) {
				t.Fatal("the handed-on batch differs from the decoded events")
			}
			rec.Close()
			msgs, bad, err := ReadFile(path)
			if err != nil || len(bad) != 0 || len(msgs) != 1 {
				t.Fatalf("record reads back %d messages, %v, %v", len(msgs), bad, err)
			}
			if _, got, err := model.DecodeMessage(msgs[0].Body, fixedNow); err != nil || len(got) != len(want) {
				t.Fatalf("recorded message decodes to %d events (%v), want %d", len(got), err, len(want))
			}
			return
		}
		if decodeErr == nil && mode%4 != 2 && len(body) <= 1<<16 {
			t.Fatalf("status %d (%q) for a body that decodes", w.Code, w.Body)
		}
		if data, _ := os.ReadFile(path); len(data) != 0 || len(out) != 0 {
			t.Fatalf("a refused request was recorded or handed on: %q", data)
		}
	})
}
