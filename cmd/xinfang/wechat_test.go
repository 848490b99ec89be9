package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/notify"
	"github.com/szxinfang/xinfang/store/wxapi/wechatfake"
)

const (
	wxAppID  = "wx2c2769f8efd9abc2"
	wxSecret = "oa-secret"
	wxToken  = "spamtest"
	wxAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	mpAppID  = "wxmp000000000001"
	mpSecret = "mp-secret"
)

// withFakeWeChat configures the official account and mini-program against a local fake.
func withFakeWeChat(t *testing.T, env map[string]string) *wechatfake.Server {
	fake := wechatfake.New(wxAppID, wxSecret, mpAppID, mpSecret, testClock(t).Now)
	t.Cleanup(fake.Close)
	env["XF_WECHAT_APPID"] = wxAppID
	env["XF_WECHAT_APPSECRET"] = wxSecret
	env["XF_WECHAT_TOKEN"] = wxToken
	env["XF_WECHAT_AESKEY"] = wxAESKey
	env["XF_WECHAT_MODE"] = "compatible"
	env["XF_WECHAT_API_BASE"] = fake.URL
	env["XF_WECHAT_MP_APPID"] = mpAppID
	env["XF_WECHAT_MP_APPSECRET"] = mpSecret
	return fake
}

// wxSend posts a message the way WeChat does (signed; encrypted in safe form when encrypt is
// true) and returns the status and the reply's text ("" for "success" or an empty body).
func wxSend(t *testing.T, base, plainXML string, encrypt bool, ts time.Time) (int, string) {
	t.Helper()
	timestamp, nonce := strconv.FormatInt(ts.Unix(), 10), strconv.FormatInt(ts.UnixNano()%1e9, 10)
	q := url.Values{"signature": {util.Signature(wxToken, timestamp, nonce)}, "timestamp": {timestamp}, "nonce": {nonce},
		"openid": {"o-sender"}}
	body := []byte(plainXML)
	if encrypt {
		enc, err := util.EncryptMsg([]byte("0123456789abcdef"), body, wxAppID, wxAESKey)
		if err != nil {
			t.Fatal(err)
		}
		q.Set("encrypt_type", "aes")
		q.Set("msg_signature", util.Signature(wxToken, timestamp, nonce, string(enc)))
		body = []byte("<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[" + string(enc) + "]]></Encrypt></xml>")
	}
	resp, err := http.Post(base+"/wechat/callback?"+q.Encode(), "text/xml", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(out) == "success" || len(out) == 0 {
		return resp.StatusCode, ""
	}
	raw := out
	if encrypt {
		var env struct{ Encrypt, MsgSignature, TimeStamp, Nonce string }
		if err := xml.Unmarshal(out, &env); err != nil {
			t.Fatalf("reply envelope: %v: %s", err, out)
		}
		if env.MsgSignature != util.Signature(wxToken, env.TimeStamp, env.Nonce, env.Encrypt) {
			t.Fatal("reply signature does not verify")
		}
		if _, raw, err = util.DecryptMsg(wxAppID, env.Encrypt, wxAESKey); err != nil {
			t.Fatalf("reply decrypt: %v", err)
		}
	}
	var reply struct{ ToUserName, FromUserName, MsgType, Content string }
	if err := xml.Unmarshal(raw, &reply); err != nil {
		t.Fatalf("reply: %v: %s", err, raw)
	}
	if reply.ToUserName != "oUserOpenID0000000000000001" || reply.MsgType != "text" {
		t.Fatalf("reply header %+v", reply)
	}
	return resp.StatusCode, reply.Content
}

func textMsg(content string, msgID int64, ts time.Time) string {
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oUserOpenID0000000000000001]]></FromUserName><CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content><MsgId>%d</MsgId></xml>`, ts.Unix(), content, msgID)
}

func eventMsg(event, key string, ts time.Time) string {
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oUserOpenID0000000000000001]]></FromUserName><CreateTime>%d</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[%s]]></Event><EventKey><![CDATA[%s]]></EventKey></xml>`, ts.Unix(), event, key)
}

func TestWeChatCallback(t *testing.T) {
	for _, b := range backends() {
		t.Run(b, func(t *testing.T) {
			env := testEnv(t, b)
			withFakeWeChat(t, env)
			tp := MustRunProgram(t, env)
			now := tp.clock.Now()

			// URL verification echoes only with a good signature.
			ts := strconv.FormatInt(now.Unix(), 10)
			resp, _ := http.Get(tp.base + "/wechat/callback?signature=" + util.Signature(wxToken, ts, "42") + "&timestamp=" + ts + "&nonce=42&echostr=hello123")
			b1, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || string(b1) != "hello123" {
				t.Fatalf("verification: %d %q", resp.StatusCode, b1)
			}
			resp, _ = http.Get(tp.base + "/wechat/callback?signature=bad&timestamp=" + ts + "&nonce=42&echostr=hello123")
			b1, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 403 || strings.Contains(string(b1), "hello123") {
				t.Fatalf("forged verification: %d %q", resp.StatusCode, b1)
			}

			for _, encrypt := range []bool{true, false} {
				_, reply := wxSend(t, tp.base, eventMsg("subscribe", "", now), encrypt, now)
				if !strings.Contains(reply, "欢迎关注「深圳信访」") || !strings.Contains(reply, tp.Config.HTTP.PublicURL+"/h5/booking") {
					t.Fatalf("subscribe (encrypted %v): %q", encrypt, reply)
				}
				now = now.Add(time.Second)
			}
			_, reply := wxSend(t, tp.base, eventMsg("subscribe", "qrscene_hall", now), true, now)
			if !strings.Contains(reply, "walkin=1") {
				t.Fatalf("subscribe by scanning the hall code: %q", reply)
			}
			_, reply = wxSend(t, tp.base, eventMsg("SCAN", "hall", now.Add(time.Second)), true, now)
			if !strings.Contains(reply, "来访接待大厅") || !strings.Contains(reply, "/h5/booking?walkin=1") {
				t.Fatalf("scan: %q", reply)
			}
			_, reply = wxSend(t, tp.base, eventMsg("CLICK", "GUIDE", now.Add(2*time.Second)), true, now)
			if !strings.Contains(reply, "办事指南") {
				t.Fatalf("click: %q", reply)
			}
			if code, reply := wxSend(t, tp.base, eventMsg("VIEW", tp.Config.HTTP.PublicURL+"/h5/booking", now.Add(3*time.Second)), true, now); code != 200 || reply != "" {
				t.Fatalf("view should be recorded and answered success: %d %q", code, reply)
			}
			_, reply = wxSend(t, tp.base, textMsg("我想预约来访", 9001, now), true, now)
			if !strings.Contains(reply, "/h5/booking") {
				t.Fatalf("keyword: %q", reply)
			}
			_, reply = wxSend(t, tp.base, textMsg("你好，我的电话13812345678", 9002, now), false, now)
			if !strings.Contains(reply, "不受理留言") {
				t.Fatalf("default: %q", reply)
			}
			// WeChat retries a message it got no answer for: same answer, processed once.
			_, again := wxSend(t, tp.base, textMsg("我想预约来访", 9001, now), true, now.Add(5*time.Second))
			if again == "" || !strings.Contains(again, "/h5/booking") {
				t.Fatalf("retry answered differently: %q", again)
			}
			wxSend(t, tp.base, eventMsg("unsubscribe", "", now.Add(4*time.Second)), true, now)

			// Replay, forgery, oversize, garbage: refused, no panic.
			if code, _ := wxSend(t, tp.base, textMsg("旧消息", 9003, now), true, now.Add(-6*time.Minute)); code != 403 {
				t.Fatalf("replay: %d", code)
			}
			resp, _ = http.Post(tp.base+"/wechat/callback?signature=x&timestamp="+ts+"&nonce=1", "text/xml", strings.NewReader(textMsg("伪造", 9004, now)))
			resp.Body.Close()
			if resp.StatusCode != 403 {
				t.Fatalf("forged: %d", resp.StatusCode)
			}
			big := textMsg(strings.Repeat("长", 400000), 9005, now)
			q := "signature=" + util.Signature(wxToken, ts, "7") + "&timestamp=" + ts + "&nonce=7"
			resp, _ = http.Post(tp.base+"/wechat/callback?"+q, "text/xml", strings.NewReader(big))
			resp.Body.Close()
			if resp.StatusCode != 413 {
				t.Fatalf("oversized: %d", resp.StatusCode)
			}
			resp, _ = http.Post(tp.base+"/wechat/callback?"+q, "text/xml", strings.NewReader("<xml><From"))
			resp.Body.Close()
			if resp.StatusCode != 400 {
				t.Fatalf("malformed: %d", resp.StatusCode)
			}

			// Staff see every message once (after the background writer flushed).
			c := adminClient(t, tp)
			var list struct {
				Messages []struct {
					OpenID, Content, Event string
					MsgID                  int64  `json:"msg_id"`
					MsgType                string `json:"msg_type"`
				} `json:"messages"`
			}
			waitFor(t, "messages recorded", func() bool {
				c.getJSON("/admin/api/wechat/messages?openid=oUserOpenID0000000000000001", &list)
				// 3 subscribes, scan, click, view, 2 texts (one retried), unsubscribe.
				return len(list.Messages) == 9
			})
			n9001 := 0
			for _, m := range list.Messages {
				if m.MsgID == 9001 {
					n9001++
				}
			}
			if n9001 != 1 {
				t.Fatalf("retried message recorded %d times", n9001)
			}
			var subscribed int
			tp.DB.QueryRow(`SELECT subscribed FROM wechat_followers WHERE openid = 'oUserOpenID0000000000000001'`).Scan(&subscribed)
			if subscribed != 0 {
				t.Fatal("unsubscribe not recorded")
			}
			var raw string
			tp.DB.QueryRow(`SELECT content_enc FROM wechat_messages WHERE msg_id = 9002`).Scan(&raw)
			if strings.Contains(raw, "13812345678") {
				t.Fatal("message text with a phone number stored in the clear")
			}
			logs := tp.out.String()
			if strings.Contains(logs, "oUserOpenID0000000000000001") || strings.Contains(logs, "13812345678") {
				t.Fatal("openid or phone in the log")
			}
		})
	}
}

func TestWeChatSafeModeRefusesPlaintext(t *testing.T) {
	env := testEnv(t, "sqlite")
	withFakeWeChat(t, env)
	env["XF_WECHAT_MODE"] = "safe"
	tp := MustRunProgram(t, env)
	now := tp.clock.Now()
	if code, _ := wxSend(t, tp.base, textMsg("明文", 1, now), false, now); code != 403 {
		t.Fatalf("plaintext in safe mode: %d", code)
	}
	if _, reply := wxSend(t, tp.base, textMsg("进度", 2, now), true, now); !strings.Contains(reply, "/h5/progress") {
		t.Fatalf("encrypted in safe mode: %q", reply)
	}
}

func TestWeChatOAuthSignIn(t *testing.T) {
	env := testEnv(t, "sqlite")
	fake := withFakeWeChat(t, env)
	tp := MustRunProgram(t, env)
	c := newClient(t, tp.base)
	resp := c.do("GET", "/h5/oauth/start?next=/h5/my/bookings", "", nil, "User-Agent", "Mozilla/5.0 MicroMessenger/8.0")
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != 302 || loc.Host != "open.weixin.qq.com" || loc.Query().Get("scope") != "snsapi_base" || loc.Query().Get("appid") != wxAppID {
		t.Fatalf("authorize redirect: %d %s", resp.StatusCode, loc)
	}
	state := loc.Query().Get("state")
	if len(state) < 16 || !strings.HasPrefix(loc.Query().Get("redirect_uri"), tp.Config.HTTP.PublicURL+"/h5/oauth/callback") {
		t.Fatalf("state %q redirect %q", state, loc.Query().Get("redirect_uri"))
	}
	// A forged state (CSRF) is refused, and the code is not spent on it.
	fake.AddOAuthCode("code-1", "oWebUser000000000000000001")
	evil := newClient(t, tp.base)
	evil.cookies["xf_oauth"] = "attacker-state|/h5/"
	resp = evil.do("GET", "/h5/oauth/callback?code=code-1&state="+state, "", nil)
	resp.Body.Close()
	if resp.StatusCode != 403 || evil.cookies["xf_citizen"] != "" {
		t.Fatalf("forged state: %d", resp.StatusCode)
	}
	resp = c.do("GET", "/h5/oauth/callback?code=code-1&state="+state, "", nil)
	resp.Body.Close()
	if resp.StatusCode != 302 || resp.Header.Get("Location") != "/h5/my/bookings" || c.cookies["xf_citizen"] == "" {
		t.Fatalf("callback: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	sess, err := tp.Citizens.Session(t.Context(), c.cookies["xf_citizen"])
	if err != nil || sess.OpenID != "oWebUser000000000000000001" {
		t.Fatalf("session %+v %v", sess, err)
	}
}

func TestPhoneSignInOutsideWeChat(t *testing.T) {
	env := testEnv(t, "sqlite")
	fake := withFakeSMS(t, env)
	tp := MustRunProgram(t, env)
	c := newClient(t, tp.base)
	resp := c.postForm("/h5/login/code", url.Values{"phone": {"1381234"}, "next": {"/h5/my/bookings"}})
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(string(b), service.MsgPhoneBad) || !strings.Contains(string(b), `aria-invalid="true"`) {
		t.Fatalf("bad phone: %d", resp.StatusCode)
	}
	resp = c.postForm("/h5/login/code", url.Values{"phone": {"13812345678"}, "next": {"/h5/my/bookings"}})
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "138****5678") || !strings.Contains(string(b), `name="code"`) {
		t.Fatalf("code step: %d", resp.StatusCode)
	}
	waitFor(t, "the SMS", func() bool { return len(fake.Sent()) == 1 })
	resp = c.postForm("/h5/login", url.Values{"phone": {"13812345678"}, "code": {"000000"}, "next": {"/h5/my/bookings"}})
	resp.Body.Close()
	if resp.StatusCode != 422 {
		t.Fatalf("wrong code: %d", resp.StatusCode)
	}
	resp = c.postForm("/h5/login", url.Values{"phone": {"13812345678"}, "code": {fake.Sent()[0].Params["code"]}, "next": {"https://evil.example/"}})
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/h5/" || c.cookies["xf_citizen"] == "" {
		t.Fatalf("login: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestMiniProgramLogin(t *testing.T) {
	env := testEnv(t, "sqlite")
	fake := withFakeWeChat(t, env)
	tp := MustRunProgram(t, env)
	fake.AddMPCode("mp-code-1", "oMP00000000000000000000001", "session-key-secret-value")
	c := newClient(t, tp.base)
	var out map[string]any
	if code := c.postJSON("/api/v1/mp/login", map[string]string{"code": "mp-code-1"}, &out); code != 200 {
		t.Fatalf("mp login: %d %v", code, out)
	}
	raw, _ := json.Marshal(out)
	if strings.Contains(string(raw), "session-key-secret-value") || out["token"] == "" {
		t.Fatalf("answer %s", raw)
	}
	sess, err := tp.Citizens.Session(t.Context(), out["token"].(string))
	if err != nil || sess.MPOpenID != "oMP00000000000000000000001" {
		t.Fatalf("session %+v %v", sess, err)
	}
	var e apiError
	if code := c.postJSON("/api/v1/mp/login", map[string]string{"code": "mp-code-1"}, &e); code != 401 {
		t.Fatalf("reused code: %d", code)
	}
	if code := c.postJSON("/api/v1/mp/login", map[string]string{"code": ""}, &e); code != 422 || e.Error.Field != "code" {
		t.Fatalf("empty code: %d", code)
	}
}

// Two instances sharing Redis fetch the access token once; neither invalidates the other's.
func TestAccessTokenSharedByInstances(t *testing.T) {
	if len(backends()) < 2 {
		t.Skip("needs XF_TEST_MYSQL_DSN and XF_TEST_REDIS_ADDR: two instances must share a real database and Redis")
	}
	env := testEnv(t, "mysql")
	fake := withFakeWeChat(t, env)
	a := MustRunProgram(t, env)
	env2 := map[string]string{}
	for k, v := range env {
		env2[k] = v
	}
	env2["XF_DATA_DIR"] = t.TempDir()
	b := MustRunProgram(t, env2)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := 0; i < 20; i++ {
		for _, p := range []*testProgram{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				m := p.Templates.WeChatMessage(notify.ChannelWeChat, "reply_issued", "oFollower0000000000000001",
					map[string]string{"case_no": "XF1", "query_code": "Q1"}, service.RandomToken(8), "case", "1")
				_, err := p.Senders[notify.ChannelWeChat].Send(t.Context(), m)
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("send failed: %v", err)
		}
	}
	if n := fake.TokenCalls(wxAppID); n != 1 {
		t.Fatalf("token fetched %d times by two instances", n)
	}
	if len(fake.Sent()) != 40 {
		t.Fatalf("sent %d", len(fake.Sent()))
	}
}

func TestWeChatNotificationThroughOutbox(t *testing.T) {
	env := testEnv(t, "sqlite")
	fake := withFakeWeChat(t, env)
	tp := MustRunProgram(t, env)
	params := map[string]string{"date": "2026年12月1日", "session": "上午", "room": "一号接待室", "code": "Y12345", "address": "福田区"}
	msgs := []*notify.Message{
		tp.Templates.WeChatMessage(notify.ChannelWeChat, "booking_confirmed", "oFollower0000000000000001", params, "k-oa", "booking", "1"),
		tp.Templates.WeChatMessage(notify.ChannelMP, "booking_confirmed", "oMP00000000000000000000001", params, "k-mp", "booking", "1"),
	}
	if tp.Templates.WeChatMessage(notify.ChannelWeChat, "booking_received", "o1", params, "k", "", "") != nil {
		t.Fatal("a kind without a WeChat template produced a message")
	}
	// The first send meets a stale token: the sender drops it and the retry succeeds.
	fake.FailNext("template", 40001, "invalid credential")
	if err := tp.DB.Enqueue(t.Context(), msgs...); err != nil {
		t.Fatal(err)
	}
	tp.Dispatcher.Kick()
	waitFor(t, "the first try of both", func() bool {
		list, _ := tp.DB.ListOutbox(t.Context(), notify.Filter{Status: notify.StatusPending, Limit: 10})
		return len(fake.Sent()) == 1 && len(list) == 1 && list[0].Attempts == 1
	})
	tp.clock.Add(time.Minute) // past the retry's back-off
	tp.Dispatcher.Kick()
	waitFor(t, "both sent", func() bool { return len(fake.Sent()) == 2 })
	for _, s := range fake.Sent() {
		joined := fmt.Sprint(s.Data)
		if !strings.Contains(joined, "2026年12月1日上午") || !strings.Contains(joined, "Y12345") {
			t.Fatalf("%s data %v", s.API, s.Data)
		}
	}
	waitFor(t, "outbox settled", func() bool {
		list, _ := tp.DB.ListOutbox(t.Context(), notify.Filter{Status: notify.StatusSent, Limit: 10})
		return len(list) == 2
	})
}

func TestMenuCommands(t *testing.T) {
	env := testEnv(t, "sqlite")
	fake := withFakeWeChat(t, env)
	getenv := func(k string) string { return env[k] }
	var out, errOut strings.Builder
	if err := run(t.Context(), []string{"menu", "diff"}, &out, &errOut, getenv); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "配置中有，线上没有") {
		t.Fatalf("diff against no menu: %s", out.String())
	}
	out.Reset()
	if err := run(t.Context(), []string{"menu", "push"}, &out, &errOut, getenv); err != nil {
		t.Fatal(err)
	}
	var pushed struct {
		Button []struct {
			Name      string `json:"name"`
			SubButton []struct {
				Name, Type, URL, Key string
			} `json:"sub_button"`
		} `json:"button"`
	}
	if err := json.Unmarshal(fake.Menu(), &pushed); err != nil || len(pushed.Button) != 3 || pushed.Button[0].Name != "办事服务" ||
		pushed.Button[0].SubButton[0].URL != "http://localhost:8080/h5/booking" {
		t.Fatalf("pushed %s (%v)", fake.Menu(), err)
	}
	out.Reset()
	if err := run(t.Context(), []string{"menu", "diff"}, &out, &errOut, getenv); err != nil || !strings.Contains(out.String(), "一致") {
		t.Fatalf("diff after push: %v %s", err, out.String())
	}
	if err := run(t.Context(), []string{"menu", "frobnicate"}, &out, &errOut, getenv); err != errUsage {
		t.Fatalf("bad menu command: %v", err)
	}
}
