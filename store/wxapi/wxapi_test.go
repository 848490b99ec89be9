package wxapi_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	mpconfig "github.com/silenceper/wechat/v2/miniprogram/config"
	"github.com/silenceper/wechat/v2/officialaccount"
	oaconfig "github.com/silenceper/wechat/v2/officialaccount/config"

	"github.com/silenceper/wechat/v2/miniprogram"
	"github.com/szxinfang/xinfang/service/notify"
	"github.com/szxinfang/xinfang/store/cache"
	"github.com/szxinfang/xinfang/store/wxapi"
	"github.com/szxinfang/xinfang/store/wxapi/wechatfake"
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

// Subscribe message values longer than their field type allows are cut to fit (WeChat refuses
// the whole message otherwise), against the fake server that enforces the limits.
func TestSubscribeValuesFitTheirTypes(t *testing.T) {
	clock := func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
	fake := wechatfake.New("wxoa0000000000001", "oa-secret", "wxmp0000000000001", "mp-secret", clock)
	defer fake.Close()
	if err := wxapi.ConfigureHTTP(fake.URL, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	defer wxapi.ConfigureHTTP("", 10*time.Second)
	c := cache.NewMemoryCache(clock)
	defer c.Close()
	tok := &wxapi.SharedToken{Cache: c, AppID: "wxmp0000000000001", Secret: "mp-secret", Wait: time.Second}
	mp := miniprogram.NewMiniProgram(&mpconfig.Config{AppID: "wxmp0000000000001", AppSecret: "mp-secret", Cache: wxapi.Cache{C: c}})
	mp.SetAccessTokenHandle(tok)
	sender := &wxapi.SubscribeSender{MP: mp, Token: tok, Templates: map[string]wxapi.Template{"case_extended": {TemplateID: "TPL",
		Page: "pages/case/detail", Fields: map[string]string{"character_string1": "${case_no}", "phrase2": "延期办理",
			"thing3": "延期理由：${reason}"}}}}
	_, err := sender.Send(context.Background(), &notify.Message{ID: 7, Kind: "case_extended", Recipient: "oMini1",
		Params: map[string]string{"case_no": "XF20261201000001", "reason": "需调取原始档案并征求相关部门意见"}})
	if err != nil {
		t.Fatal(err)
	}
	sent := fake.Sent()
	if len(sent) != 1 || sent[0].Data["thing3"] != "延期理由：需调取原始档案并征求相关部门…" || sent[0].Data["character_string1"] != "XF20261201000001" {
		t.Fatalf("sent %+v", sent)
	}
}

// One official account serves the dispatcher's concurrent template sends and concurrent OAuth
// callbacks; under -race this fails if a send or a callback touches shared library state
// unguarded (the library's GetTemplate and GetOauth cache a field without a lock).
func TestConcurrentSendsAndOAuthShareOneAccount(t *testing.T) {
	clock := func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
	fake := wechatfake.New("wxoa0000000000001", "oa-secret", "wxmp0000000000001", "mp-secret", clock)
	defer fake.Close()
	if err := wxapi.ConfigureHTTP(fake.URL, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	defer wxapi.ConfigureHTTP("", 10*time.Second)
	c := cache.NewMemoryCache(clock)
	defer c.Close()
	tok := &wxapi.SharedToken{Cache: c, AppID: "wxoa0000000000001", Secret: "oa-secret", Wait: time.Second}
	oa := officialaccount.NewOfficialAccount(&oaconfig.Config{AppID: "wxoa0000000000001", AppSecret: "oa-secret", Cache: wxapi.Cache{C: c}})
	oa.SetAccessTokenHandle(tok)
	sender := &wxapi.TemplateSender{OA: oa, Token: tok, Templates: map[string]wxapi.Template{"reply_issued": {TemplateID: "TPL",
		Fields: map[string]string{"keyword1": "${case_no}"}}}}
	auth := &wxapi.OAuth{OA: oa}
	const n = 8
	for i := 0; i < n; i++ {
		fake.AddOAuthCode(fmt.Sprintf("code-%d", i), fmt.Sprintf("oFollower%023d", i))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for i := 0; i < n; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := sender.Send(context.Background(), &notify.Message{ID: int64(i + 1), Kind: "reply_issued",
				Recipient: fmt.Sprintf("oFollower%023d", i), Params: map[string]string{"case_no": "XF1"}})
			errs <- err
		}()
		go func() {
			defer wg.Done()
			openID, err := auth.OpenID(context.Background(), fmt.Sprintf("code-%d", i))
			if err == nil && openID != fmt.Sprintf("oFollower%023d", i) {
				err = fmt.Errorf("code-%d gave %s", i, openID)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := len(fake.Sent()); got != n {
		t.Fatalf("sent %d of %d", got, n)
	}
}
