package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/store"
)

// A failed token fetch does not carry the AppSecret in its error (the URL has it).
func TestWeChatTokenErrorHidesSecret(t *testing.T) {
	if err := store.ConfigureWeChatHTTP("http://127.0.0.1:1", time.Second); err != nil {
		t.Fatal(err)
	}
	defer store.ConfigureWeChatHTTP("", 10*time.Second)
	c := store.NewMemoryCache(time.Now)
	defer c.Close()
	tok := &store.SharedToken{Cache: c, AppID: "wx123", Secret: "SUPERSECRET-VALUE", Wait: time.Second}
	_, err := tok.GetAccessTokenContext(context.Background())
	if err == nil || strings.Contains(err.Error(), "SUPERSECRET") {
		t.Fatalf("token error: %v", err)
	}
}
