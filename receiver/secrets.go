package receiver

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"sync"
	"time"
)

// DefaultSecretGrace is how long the secret before a rotation is still
// accepted: deliveries Mist signed with it may still be in flight or retried.
const DefaultSecretGrace = 10 * time.Minute

// Keyring holds the webhook secret and, for a grace period after a
// rotation, the one before it. Safe for concurrent use.
type Keyring struct {
	grace time.Duration
	now   func() time.Time

	mu            sync.Mutex
	current       string
	previous      string
	previousUntil time.Time
}

// NewKeyring starts with secret ("" checks no signatures).
func NewKeyring(secret string, grace time.Duration, now func() time.Time) *Keyring {
	if now == nil {
		now = time.Now
	}
	return &Keyring{grace: grace, now: now, current: secret}
}

// Rotate makes secret the current one; the old one is still accepted for
// the grace period. It reports whether anything changed.
func (k *Keyring) Rotate(secret string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if secret == k.current {
		return false
	}
	k.previous, k.previousUntil = k.current, k.now().Add(k.grace)
	k.current = secret
	return true
}

// Secrets are the secrets a signature may be made with now: the current
// one first, then the previous one while its grace lasts. Nil when no
// secret is set.
func (k *Keyring) Secrets() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.current == "" {
		return nil
	}
	if k.previous != "" && k.now().Before(k.previousUntil) {
		return []string{k.current, k.previous}
	}
	return []string{k.current}
}

// WatchSecretFile re-reads path when its size, time or identity changes and
// rotates k to what it holds, until ctx ends. say gets one line per
// rotation or problem; the secret itself is never in it. A file that is
// missing, unreadable or empty (mid-write) keeps the current secret.
func WatchSecretFile(ctx context.Context, path string, k *Keyring, every time.Duration, say func(string)) {
	var last os.FileInfo // nil: read it at the first tick, in case it changed since startup
	failing := false
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		fi, err := os.Stat(path)
		if err == nil && last != nil && os.SameFile(fi, last) && fi.ModTime().Equal(last.ModTime()) && fi.Size() == last.Size() {
			continue
		}
		var b []byte
		if err == nil {
			b, err = os.ReadFile(path)
		}
		secret := string(bytes.TrimSpace(b))
		if err == nil && secret == "" {
			err = fmt.Errorf("it is empty")
		}
		if err != nil {
			if !failing {
				say(fmt.Sprintf("secret file %s: %v (the current secret stays in force)", path, unwrapPath(err)))
			}
			failing = true
			continue
		}
		last, failing = fi, false
		if k.Rotate(secret) {
			say(fmt.Sprintf("webhook secret rotated from %s; the previous one is accepted for %v more", path, k.grace))
		}
	}
}
