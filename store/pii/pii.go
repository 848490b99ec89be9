// Package pii encrypts phone and ID numbers at rest (AES-256-GCM, rotatable keys) and computes
// the keyed blind index that finds them without decrypting.
package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Cipher protects personal data at rest: AES-256-GCM encryption with the key id stored beside
// each ciphertext (so keys can rotate), and a keyed HMAC-SHA256 "blind index" that lets the
// store find rows by exact phone or ID number without storing either in the clear.
//
// Ciphertext format: "<key id>:<base64(nonce || sealed)>". The key id and the column name are
// bound in as additional data, so a value cannot be moved between columns unnoticed.
type Cipher struct {
	current string
	aeads   map[string]cipher.AEAD
	index   []byte
}

var keyIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,16}$`)

// NewCipher parses keys ("id:base64key[,id:base64key…]", the first encrypts) and the blind
// index key (base64, at least 32 bytes).
func NewCipher(keys, indexKey string) (*Cipher, error) {
	c := &Cipher{aeads: map[string]cipher.AEAD{}}
	for i, part := range strings.Split(keys, ",") {
		part = strings.TrimSpace(part)
		id, b64, ok := strings.Cut(part, ":")
		if !ok || !keyIDRE.MatchString(id) {
			return nil, fmt.Errorf("XF_PII_KEY entry %d: want id:base64key", i+1)
		}
		key, err := base64.StdEncoding.DecodeString(b64)
		if err != nil || len(key) != 32 {
			return nil, fmt.Errorf("XF_PII_KEY key %q: want 32 bytes, base64-encoded", id)
		}
		block, _ := aes.NewCipher(key)
		aead, _ := cipher.NewGCM(block)
		if _, dup := c.aeads[id]; dup {
			return nil, fmt.Errorf("XF_PII_KEY: key id %q appears twice", id)
		}
		c.aeads[id] = aead
		if i == 0 {
			c.current = id
		}
	}
	idx, err := base64.StdEncoding.DecodeString(strings.TrimSpace(indexKey))
	if err != nil || len(idx) < 32 {
		return nil, errors.New("XF_PII_INDEX_KEY: want at least 32 bytes, base64-encoded")
	}
	c.index = idx
	return c, nil
}

// Encrypt seals plaintext for the named column. The empty string stays empty.
func (c *Cipher) Encrypt(column, plaintext string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	aead := c.aeads[c.current]
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := aead.Seal(nonce, nonce, []byte(plaintext), []byte(c.current+"|"+column))
	return c.current + ":" + base64.StdEncoding.EncodeToString(sealed), nil
}

// Decrypt opens a value sealed by Encrypt with any configured key.
func (c *Cipher) Decrypt(column, ciphertext string) (string, error) {
	if ciphertext == "" {
		return "", nil
	}
	id, b64, ok := strings.Cut(ciphertext, ":")
	aead, known := c.aeads[id]
	if !ok || !known {
		return "", fmt.Errorf("decrypt %s: unknown key id %q", column, id)
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) < aead.NonceSize() {
		return "", fmt.Errorf("decrypt %s: malformed ciphertext", column)
	}
	pt, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(id+"|"+column))
	if err != nil {
		return "", fmt.Errorf("decrypt %s: %w", column, err)
	}
	return string(pt), nil
}

// NeedsRekey reports whether a ciphertext was sealed with a key other than the current one.
func (c *Cipher) NeedsRekey(ciphertext string) bool {
	id, _, _ := strings.Cut(ciphertext, ":")
	return ciphertext != "" && id != c.current
}

// BlindIndex returns the keyed hash used for exact lookups of a normalised value of a kind
// ("phone", "id", "openid"); "" for an empty value.
func (c *Cipher) BlindIndex(kind, value string) string {
	if value == "" {
		return ""
	}
	m := hmac.New(sha256.New, c.index)
	m.Write([]byte(kind + "\x00" + value))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// devKeys is the file the development mode keeps its generated keys in.
type devKeys struct {
	Key      string `json:"key"`
	IndexKey string `json:"index_key"`
}

// DevCipher loads the development keys from dir/pii-dev-key.json, creating them on first use.
// created reports a fresh key, which the caller warns about loudly.
func DevCipher(dir string) (c *Cipher, path string, created bool, err error) {
	path = filepath.Join(dir, "pii-dev-key.json")
	var k devKeys
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := json.Unmarshal(b, &k); err != nil {
			return nil, path, false, fmt.Errorf("%s: %w", path, err)
		}
	case errors.Is(err, os.ErrNotExist):
		// Several instances starting at once on one data directory must end up with one key:
		// the file is written aside and linked into place, which fails for all but the first;
		// the others read the winner's.
		k = devKeys{Key: "dev1:" + randomKey(), IndexKey: randomKey()}
		b, _ = json.MarshalIndent(k, "", "  ")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, path, false, err
		}
		tmp, err := os.CreateTemp(dir, ".pii-dev-key-*")
		if err != nil {
			return nil, path, false, err
		}
		defer os.Remove(tmp.Name())
		_, werr := tmp.Write(b)
		if cerr := tmp.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return nil, path, false, werr
		}
		if err := os.Link(tmp.Name(), path); errors.Is(err, os.ErrExist) {
			return DevCipher(dir)
		} else if err != nil {
			return nil, path, false, err
		}
		created = true
	default:
		return nil, path, false, err
	}
	c, err = NewCipher(k.Key, k.IndexKey)
	return c, path, created, err
}

func randomKey() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// NewRandomCipher returns a cipher with throw-away keys, for tests and benchmarks.
func NewRandomCipher() *Cipher {
	c, err := NewCipher("t1:"+randomKey(), randomKey())
	if err != nil {
		panic(err)
	}
	return c
}
