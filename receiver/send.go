package receiver

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/mistwatch/mistwatch/model"
)

// Sign returns the X-Mist-Signature-v2 value for body: lower-case hex
// HMAC-SHA256 keyed with secret.
func Sign(secret string, body []byte) string {
	return hex.EncodeToString(macOf(sha256.New, secret, body))
}

// sendClient is used when Send is given no client: never wait forever on a
// receiver that accepts the connection and then says nothing.
var sendClient = &http.Client{Timeout: 30 * time.Second}

// Send POSTs one message to url the way Mist does, signed when secret is
// set. A non-2xx answer is an error naming the status and the receiver's
// reason (the first line of its body).
func Send(ctx context.Context, client *http.Client, url, secret string, body []byte) error {
	if client == nil {
		client = sendClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("send: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "mistwatch-send")
	if secret != "" {
		req.Header.Set(HeaderSignatureV2, Sign(secret, body))
		req.Header.Set(HeaderSignatureV1, hex.EncodeToString(macOf(sha1.New, secret, body)))
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("send: %w", err)
	}
	defer resp.Body.Close()
	// Read a little of the body for the reason, then drain a bounded amount
	// so the connection can be reused for the next file.
	reason, _ := bufio.NewReader(io.LimitReader(resp.Body, 4<<10)).ReadString('\n')
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// The reason is printed on a terminal and came from whatever answered.
		if reason = strings.TrimSpace(model.Sanitize(reason)); reason != "" {
			return fmt.Errorf("send: %s: %s", model.Sanitize(resp.Status), reason)
		}
		return fmt.Errorf("send: %s", model.Sanitize(resp.Status))
	}
	return nil
}
