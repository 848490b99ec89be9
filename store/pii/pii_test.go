package pii_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/szxinfang/xinfang/store/pii"
)

func TestCipher(t *testing.T) {
	c := pii.NewRandomCipher()
	ct, err := c.Encrypt("phone", "13812341234")
	if err != nil || strings.Contains(ct, "13812341234") || !strings.HasPrefix(ct, "t1:") {
		t.Fatalf("ciphertext %q %v", ct, err)
	}
	pt, err := c.Decrypt("phone", ct)
	if err != nil || pt != "13812341234" {
		t.Fatalf("decrypt %q %v", pt, err)
	}
	if _, err := c.Decrypt("id_number", ct); err == nil {
		t.Fatal("ciphertext moved to another column decrypted")
	}
	if c.BlindIndex("phone", "13812341234") != c.BlindIndex("phone", "13812341234") ||
		c.BlindIndex("phone", "13812341234") == c.BlindIndex("id", "13812341234") {
		t.Fatal("blind index not deterministic per kind")
	}
}

func TestCipherRotation(t *testing.T) {
	oldKey := "k1:" + strings.Repeat("A", 43) + "="
	newKey := "k2:" + strings.Repeat("B", 43) + "="
	idx := strings.Repeat("C", 43) + "="
	old, err := pii.NewCipher(oldKey, idx)
	if err != nil {
		t.Fatal(err)
	}
	ct, _ := old.Encrypt("phone", "13900000000")
	rotated, err := pii.NewCipher(newKey+","+oldKey, idx)
	if err != nil {
		t.Fatal(err)
	}
	if pt, err := rotated.Decrypt("phone", ct); err != nil || pt != "13900000000" {
		t.Fatalf("old ciphertext after rotation: %q %v", pt, err)
	}
	if !rotated.NeedsRekey(ct) {
		t.Fatal("old ciphertext should need re-keying")
	}
	if old.BlindIndex("phone", "13900000000") != rotated.BlindIndex("phone", "13900000000") {
		t.Fatal("blind index changed with the encryption key")
	}
	for _, bad := range []string{"", "nokey", "k1:short", "k1:" + strings.Repeat("A", 43) + "=,k1:" + strings.Repeat("A", 43) + "="} {
		if _, err := pii.NewCipher(bad, idx); err == nil {
			t.Errorf("NewCipher(%q) accepted", bad)
		}
	}
}

// Instances starting at once on one data directory agree on one development key.
func TestDevCipherCreatedOnce(t *testing.T) {
	dir := t.TempDir()
	const n = 8
	ciphers := make([]*pii.Cipher, n)
	created := make([]bool, n)
	var wg sync.WaitGroup
	for i := range ciphers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if ciphers[i], _, created[i], err = pii.DevCipher(dir); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	fresh := 0
	for i := range ciphers {
		if created[i] {
			fresh++
		}
		if ciphers[i].BlindIndex("phone", "13800138000") != ciphers[0].BlindIndex("phone", "13800138000") {
			t.Fatalf("instance %d has another key", i)
		}
	}
	if fresh != 1 {
		t.Fatalf("%d instances say they created the key", fresh)
	}
}
