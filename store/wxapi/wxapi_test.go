package wxapi_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/store/cache"
	"github.com/szxinfang/xinfang/store/wxapi"
)

// A failed token fetch does not carry the AppSecret in its error (the URL has it).
func TestWeChatTokenErrorHidesSecret(t *testing.T) {
	if err := wxapi.ConfigureHTTP("http://127.0.0.1:1", time.Second); err != nil {
		t.Fatal(err)
	}
	defer wxapi.ConfigureHTTP("", 10*time.Second)
	c := cache.NewMemoryCache(time.Now)
	defer c.Close()
	tok := &wxapi.SharedToken{Cache: c, AppID: "wx123", Secret: "SUPERSECRET-VALUE", Wait: time.Second}
	_, err := tok.GetAccessTokenContext(context.Background())
	if err == nil || strings.Contains(err.Error(), "SUPERSECRET") {
		t.Fatalf("token error: %v", err)
	}
}
