package receiver

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"net/http"
	"strings"
)

// Signature headers Mist sets when a webhook has a secret.
const (
	HeaderSignatureV2 = "X-Mist-Signature-v2" // hex HMAC-SHA256 of the raw body
	HeaderSignatureV1 = "X-Mist-Signature"    // hex HMAC-SHA1, older deliveries
)

// The headers' keys as net/http stores them: looked up by these, a
// request's header is read without canonicalising the key again.
var (
	sigV2Key = http.CanonicalHeaderKey(HeaderSignatureV2)
	sigV1Key = http.CanonicalHeaderKey(HeaderSignatureV1)
)

var (
	errMissingSignature = errors.New("missing " + HeaderSignatureV2)
	errBadSignature     = errors.New("bad signature")
)

// verify checks a request's signature against each secret in turn (during
// a rotation there are two). The v2 header is preferred; v1 is checked only
// when v2 is absent, so a wrong v2 cannot be rescued by the weaker hash.
func verify(secrets []string, body []byte, hdr http.Header) error {
	h, got := sha256.New, hdr.Get(sigV2Key)
	if got == "" {
		h, got = sha1.New, hdr.Get(sigV1Key)
	}
	if got == "" {
		return errMissingSignature
	}
	err := errBadSignature
	for _, secret := range secrets {
		if err = compareMAC(h, secret, body, got); err == nil {
			return nil
		}
	}
	return err
}

// hasSignature reports whether either signature header is present, which
// can be checked before reading the body.
func hasSignature(hdr http.Header) bool {
	return hdr.Get(sigV2Key) != "" || hdr.Get(sigV1Key) != ""
}

// compareMAC decodes the hex first so that upper-case hex matches too, then
// compares in constant time.
func compareMAC(h func() hash.Hash, secret string, body []byte, got string) error {
	sig, err := hex.DecodeString(strings.TrimSpace(got))
	if err != nil {
		return errBadSignature
	}
	if !hmac.Equal(sig, macOf(h, secret, body)) {
		return errBadSignature
	}
	return nil
}

func macOf(h func() hash.Hash, secret string, body []byte) []byte {
	m := hmac.New(h, []byte(secret))
	m.Write(body)
	return m.Sum(nil)
}
