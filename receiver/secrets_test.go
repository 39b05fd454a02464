package receiver

import (
	"context"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// After a rotation both secrets sign valid deliveries until the grace
// period ends; then only the new one does.
func TestKeyringGrace(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	k := NewKeyring("old", 10*time.Minute, func() time.Time { return now })
	h := NewHandler(Config{Keyring: k}, make(chan []model.Event, 8))
	body := []byte(`{"topic":"ping","events":[]}`)
	status := func(secret string) int {
		return post(h, "POST", "/", body, map[string]string{HeaderSignatureV2: hmacSHA256(secret, body)}).Code
	}
	if status("old") != 200 || status("new") != 401 {
		t.Fatal("before the rotation only the old secret is good")
	}
	if !k.Rotate("new") || k.Rotate("new") {
		t.Fatal("Rotate reports a change once")
	}
	if got := k.Secrets(); !slices.Equal(got, []string{"new", "old"}) {
		t.Fatalf("during the grace: %q", got)
	}
	if status("new") != 200 || status("old") != 200 || status("other") != 401 {
		t.Fatal("during the grace both secrets are good, no other")
	}
	// v1 (SHA-1) signatures rotate the same way.
	if w := post(h, "POST", "/", body, map[string]string{HeaderSignatureV1: hmacSHA1("old", body)}); w.Code != 200 {
		t.Errorf("v1 with the old secret during the grace: %d", w.Code)
	}
	now = now.Add(10*time.Minute + time.Second)
	if status("new") != 200 || status("old") != 401 {
		t.Fatal("after the grace only the new secret is good")
	}
}

// The watcher picks up a new secret, ignores an empty file mid-write, says
// so without ever saying the secret.
func TestWatchSecretFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secret")
	write := func(s string) {
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("first-Secret-1\n")
	k := NewKeyring("first-Secret-1", time.Hour, nil)
	var mu sync.Mutex
	var said []string
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		WatchSecretFile(ctx, path, k, 5*time.Millisecond, func(s string) { mu.Lock(); said = append(said, s); mu.Unlock() })
	}()
	waitSecrets := func(want ...string) {
		t.Helper()
		deadline := time.Now().Add(guard)
		for !slices.Equal(k.Secrets(), want) {
			if time.Now().After(deadline) {
				t.Fatalf("secrets %d, want %d", len(k.Secrets()), len(want))
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	// Wait for what the watcher says rather than sleeping: on a loaded machine a
	// fixed sleep can end before its next poll.
	waitSaid := func(what string) {
		t.Helper()
		deadline := time.Now().Add(guard)
		for {
			mu.Lock()
			text := strings.Join(said, "\n")
			mu.Unlock()
			if strings.Contains(text, what) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the watcher never said %q; it said:\n%s", what, text)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	write("")
	waitSaid("is empty")
	if got := k.Secrets(); !slices.Equal(got, []string{"first-Secret-1"}) {
		t.Fatal("an empty file replaced the secret")
	}
	write("second-Secret-2\n")
	waitSecrets("second-Secret-2", "first-Secret-1")
	os.Remove(path)
	waitSaid("no such file")
	cancel()
	<-done
	waitSecrets("second-Secret-2", "first-Secret-1")
	mu.Lock()
	defer mu.Unlock()
	text := strings.Join(said, "\n")
	if !strings.Contains(text, "is empty") || !strings.Contains(text, "rotated") || !strings.Contains(text, "no such file") {
		t.Errorf("the watcher said:\n%s", text)
	}
	if strings.Contains(text, "Secret-") {
		t.Errorf("a secret leaked into what the watcher said:\n%s", text)
	}
}

// A delivery signed with the new secret whose body is still arriving when
// the secret rotates is checked against the secrets in force once the body
// is in, not those of when it started: the rotation must not refuse it.
func TestRotationWhileBodyArrives(t *testing.T) {
	k := NewKeyring("old", time.Hour, nil)
	h := NewHandler(Config{Keyring: k}, make(chan []model.Event, 8))
	body := []byte(`{"topic":"ping","events":[]}`)
	pr, pw := io.Pipe()
	req := httptest.NewRequest("POST", "/", pr)
	req.Header.Set(HeaderSignatureV2, hmacSHA256("new", body))
	w := httptest.NewRecorder()
	served := make(chan struct{})
	go func() { defer close(served); h.ServeHTTP(w, req) }()
	// A pipe write returns once the handler has read it: the handler is
	// past its first look at the keyring and reading the body.
	if _, err := pw.Write(body[:10]); err != nil {
		t.Fatal(err)
	}
	k.Rotate("new")
	if _, err := pw.Write(body[10:]); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	select {
	case <-served:
	case <-time.After(guard):
		t.Fatal("the handler never answered")
	}
	if w.Code != 200 {
		t.Errorf("signed with the new secret, rotated in while the body arrived: %d %s, want 200", w.Code, w.Body)
	}
}
