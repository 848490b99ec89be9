package service

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// RandomToken returns n random bytes, base64url-encoded.
func RandomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashID is the SHA-256 of a session id or token, hex: cache keys built from it hold no usable
// secret.
func HashID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:20])
}

// codeAlphabet has no look-alikes (no 0/O, 1/I): codes are read aloud and typed from SMS.
const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// RandomCode returns n random characters of an alphabet without look-alikes.
func RandomCode(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i, c := range b {
		b[i] = codeAlphabet[int(c)%len(codeAlphabet)]
	}
	return string(b)
}
