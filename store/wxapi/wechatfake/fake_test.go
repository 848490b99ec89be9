package wechatfake

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/credential"
	"github.com/silenceper/wechat/v2/miniprogram"
	mpconfig "github.com/silenceper/wechat/v2/miniprogram/config"
	"github.com/silenceper/wechat/v2/miniprogram/subscribe"
	"github.com/silenceper/wechat/v2/officialaccount"
	oaconfig "github.com/silenceper/wechat/v2/officialaccount/config"
	"github.com/silenceper/wechat/v2/officialaccount/menu"
	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"
)

// The tests drive the fake through the real silenceper/wechat client. They swap the library's
// global util.DefaultHTTPClient, so none of them may run in parallel.

const (
	oaID, oaSecret = "wx0a00000000000001", "oa-secret-0123456789abcdef"
	mpID, mpSecret = "wx3b00000000000002", "mp-secret-0123456789abcdef"
)

// rewrite sends requests for api.weixin.qq.com to the fake and refuses any other host, so a
// test can never reach the real WeChat.
type rewrite struct{ target *url.URL }

func (rt rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != "api.weixin.qq.com" {
		return nil, fmt.Errorf("test transport: refusing %s", req.URL)
	}
	r := req.Clone(req.Context())
	r.URL.Scheme, r.URL.Host, r.Host = rt.target.Scheme, rt.target.Host, ""
	return http.DefaultTransport.RoundTrip(r)
}

// start starts a fake and points the library at it until the test ends.
func start(t *testing.T) *Server {
	t.Helper()
	s := New(oaID, oaSecret, mpID, mpSecret, time.Now)
	u, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	prev := util.DefaultHTTPClient
	util.DefaultHTTPClient = &http.Client{Transport: rewrite{u}, Timeout: 10 * time.Second}
	t.Cleanup(func() {
		util.DefaultHTTPClient = prev
		s.Close()
	})
	return s
}

// newOA is one process's official-account client: its own in-memory token cache.
func newOA(appID, secret string, stable bool) *officialaccount.OfficialAccount {
	return officialaccount.NewOfficialAccount(&oaconfig.Config{AppID: appID, AppSecret: secret, Cache: cache.NewMemory(), UseStableAK: stable})
}

func newMP(appID, secret string) *miniprogram.MiniProgram {
	return miniprogram.NewMiniProgram(&mpconfig.Config{AppID: appID, AppSecret: secret, Cache: cache.NewMemory()})
}

// wantErrcode checks err is the library's error for a WeChat errcode.
func wantErrcode(t *testing.T, err error, code int) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want errcode %d", code)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("errcode=%d ,", code)) {
		t.Fatalf("got %v, want errcode %d", err, code)
	}
}

// raw calls the fake directly and decodes its JSON answer.
func raw(t *testing.T, s *Server, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, m
}

func errcode(m map[string]any) int {
	f, _ := m["errcode"].(float64)
	return int(f)
}

func TestTokens(t *testing.T) {
	s := start(t)
	oa := newOA(oaID, oaSecret, false)
	tok, err := oa.GetAccessToken()
	if err != nil || tok == "" {
		t.Fatalf("GetAccessToken = %q, %v", tok, err)
	}
	if again, _ := oa.GetAccessToken(); again != tok {
		t.Fatalf("cached token changed: %q then %q", tok, again)
	}
	if n := s.TokenCalls(oaID); n != 1 {
		t.Fatalf("TokenCalls(oa) = %d, want 1 (the library caches)", n)
	}
	mp := newMP(mpID, mpSecret)
	mpTok, err := mp.GetContext().GetAccessToken()
	if err != nil || mpTok == "" || mpTok == tok {
		t.Fatalf("mini-program token = %q, %v (official account's %q)", mpTok, err, tok)
	}
	if n := s.TokenCalls(mpID); n != 1 {
		t.Fatalf("TokenCalls(mp) = %d, want 1", n)
	}

	_, err = newOA(oaID, "wrong", false).GetAccessToken()
	wantErrcode(t, err, 40125)
	_, err = newOA("wxunknown", oaSecret, false).GetAccessToken()
	wantErrcode(t, err, 40013)
	_, err = newMP(mpID, oaSecret).GetContext().GetAccessToken()
	wantErrcode(t, err, 40125)
	if n := s.TokenCalls(oaID); n != 1 {
		t.Fatalf("TokenCalls(oa) = %d after refused calls, want 1", n)
	}
	if code, m := raw(t, s, "GET", "/cgi-bin/token?grant_type=password&appid="+oaID+"&secret="+oaSecret, ""); code != 200 || errcode(m) != 40002 {
		t.Fatalf("bad grant_type: HTTP %d %v", code, m)
	}
}

func TestTokenExpiry(t *testing.T) {
	s := start(t)
	oa := newOA(oaID, oaSecret, false)
	if _, err := oa.GetMenu().GetMenu(); err == nil {
		t.Fatal("GetMenu with no menu: no error")
	}
	s.advance(7200 * time.Second)
	// The library keeps the token 7200-1500 s by the real clock, so it sends the expired one.
	_, err := oa.GetMenu().GetMenu()
	wantErrcode(t, err, 42001)
}

func TestStrictStaleToken(t *testing.T) {
	s := start(t)
	// Two processes, each with its own token cache: the second fetch invalidates the first token.
	a, b := newOA(oaID, oaSecret, false), newOA(oaID, oaSecret, false)
	s.SetMenu([]byte(`{"button":[{"type":"click","name":"A","key":"a"}]}`))
	if _, err := a.GetMenu().GetMenu(); err != nil {
		t.Fatal(err)
	}
	if _, err := b.GetMenu().GetMenu(); err != nil {
		t.Fatal(err)
	}
	_, err := a.GetMenu().GetMenu()
	wantErrcode(t, err, 40001)
	if !strings.Contains(err.Error(), "access_token is invalid or not latest") {
		t.Fatalf("errmsg: %v", err)
	}
	if s.TokenCalls(oaID) != 2 {
		t.Fatalf("TokenCalls = %d, want 2", s.TokenCalls(oaID))
	}

	// Not strict: both tokens stay valid.
	s.Strict = false
	c, d := newOA(oaID, oaSecret, false), newOA(oaID, oaSecret, false)
	for _, oa := range []*officialaccount.OfficialAccount{c, d, c, d} {
		if _, err := oa.GetMenu().GetMenu(); err != nil {
			t.Fatalf("not strict: %v", err)
		}
	}
}

func TestStableToken(t *testing.T) {
	s := start(t)
	a, b := newOA(oaID, oaSecret, true), newOA(oaID, oaSecret, true)
	ta, err := a.GetAccessToken()
	if err != nil {
		t.Fatal(err)
	}
	tb, err := b.GetAccessToken()
	if err != nil {
		t.Fatal(err)
	}
	if ta != tb {
		t.Fatalf("stable_token without force_refresh gave %q then %q", ta, tb)
	}
	if n := s.TokenCalls(oaID); n != 2 {
		t.Fatalf("TokenCalls = %d, want 2", n)
	}

	// /cgi-bin/token tokens are separate from stable ones: fetching one does not revoke the other.
	if _, err := newOA(oaID, oaSecret, false).GetAccessToken(); err != nil {
		t.Fatal(err)
	}
	s.SetMenu([]byte(`{"button":[{"type":"click","name":"A","key":"a"}]}`))
	if _, err := a.GetMenu().GetMenu(); err != nil {
		t.Fatalf("stable token after a /cgi-bin/token call: %v", err)
	}

	// force_refresh issues a new token and, in Strict mode, revokes the old one.
	h := credential.NewStableAccessToken(oaID, oaSecret, "test", cache.NewMemory()).(*credential.StableAccessToken)
	res, err := h.GetAccessTokenDirectly(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	if res.AccessToken == ta || res.ExpiresIn != 7200 {
		t.Fatalf("force_refresh answered %+v", res)
	}
	_, err = a.GetMenu().GetMenu()
	wantErrcode(t, err, 40001)
	res2, err := h.GetAccessTokenDirectly(context.Background(), false)
	if err != nil || res2.AccessToken != res.AccessToken || res2.ExpiresIn <= 0 || res2.ExpiresIn > 7200 {
		t.Fatalf("stable_token after refresh = %+v, %v; want %q", res2, err, res.AccessToken)
	}

	bad := credential.NewStableAccessToken(oaID, "wrong", "test", cache.NewMemory()).(*credential.StableAccessToken)
	_, err = bad.GetAccessTokenDirectly(context.Background(), false)
	if err == nil || !strings.Contains(err.Error(), "errcode=40125") {
		t.Fatalf("wrong secret: %v", err)
	}
}

func TestTokenScope(t *testing.T) {
	s := start(t)
	mpTok, err := newMP(mpID, mpSecret).GetContext().GetAccessToken()
	if err != nil {
		t.Fatal(err)
	}
	oaTok, err := newOA(oaID, oaSecret, false).GetAccessToken()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		method, path, body string
		want               int
	}{
		{"GET", "/cgi-bin/menu/get?access_token=" + mpTok, "", 48001},
		{"POST", "/cgi-bin/message/template/send?access_token=" + mpTok, `{"touser":"o1","template_id":"t"}`, 48001},
		{"POST", "/cgi-bin/message/subscribe/send?access_token=" + oaTok, `{"touser":"o1","template_id":"t"}`, 48001},
		{"GET", "/cgi-bin/menu/get", "", 41001},
		{"GET", "/cgi-bin/menu/get?access_token=nonsense", "", 40001},
		{"GET", "/cgi-bin/menu/create?access_token=" + oaTok, "", 43002},
	} {
		code, m := raw(t, s, c.method, c.path, c.body)
		if code != 200 || errcode(m) != c.want {
			t.Errorf("%s %s: HTTP %d %v, want errcode %d", c.method, c.path, code, m, c.want)
		}
	}
	if len(s.Sent()) != 0 {
		t.Fatalf("refused calls recorded messages: %+v", s.Sent())
	}
}

func TestMenuRoundTrip(t *testing.T) {
	s := start(t)
	oa := newOA(oaID, oaSecret, false)
	_, err := oa.GetMenu().GetMenu()
	wantErrcode(t, err, 46003)
	if s.Menu() != nil {
		t.Fatalf("Menu() = %s before any create", s.Menu())
	}

	buttons := []*menu.Button{
		new(menu.Button).SetViewButton("官网", "https://example.com/?a=1&b=2"),
		new(menu.Button).SetSubButton("服务", []*menu.Button{
			new(menu.Button).SetClickButton("预约", "BOOK"),
			new(menu.Button).SetClickButton("进度", "PROGRESS"),
		}),
	}
	if err := oa.GetMenu().SetMenu(buttons); err != nil {
		t.Fatal(err)
	}
	var posted struct {
		Button []*menu.Button `json:"button"`
	}
	if err := json.Unmarshal(s.Menu(), &posted); err != nil {
		t.Fatalf("Menu() = %s: %v", s.Menu(), err)
	}
	if !reflect.DeepEqual(posted.Button, buttons) {
		t.Fatalf("posted %s", s.Menu())
	}
	if !strings.Contains(string(s.Menu()), "a=1&b=2") {
		t.Fatalf("Menu() is not the body as sent (the library does not escape &): %s", s.Menu())
	}

	res, err := oa.GetMenu().GetMenu()
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Menu.Button) != 2 || res.Menu.MenuID == 0 {
		t.Fatalf("GetMenu = %+v", res.Menu)
	}
	got := []*menu.Button{&res.Menu.Button[0], &res.Menu.Button[1]}
	if !reflect.DeepEqual(got, buttons) {
		gj, _ := json.Marshal(got)
		t.Fatalf("GetMenu buttons = %s, want as posted %s", gj, s.Menu())
	}

	// Refused bodies change nothing.
	before := s.Menu()
	for body, want := range map[string]int{
		`not json`:                 47001,
		`{"button":[]}`:            40016,
		`{"menu":[]}`:              40016,
		`{"button":{}}`:            40016,
		`{"button":[1]}`:           47001,
		`{"button":[{},{},{},{}]}`: 40016,
		`{"button":[{"name":"x","sub_button":[{},{},{},{},{},{}]}]}`: 40023,
	} {
		wantErrcode(t, oa.GetMenu().SetMenuByJSON(body), want)
	}
	if string(s.Menu()) != string(before) {
		t.Fatalf("a refused create changed Menu() to %s", s.Menu())
	}

	// SetMenuByJSON stores the raw string.
	body := `{"button":[{"type":"click","name":"Only","key":"ONLY"}]}`
	if err := oa.GetMenu().SetMenuByJSON(body); err != nil {
		t.Fatal(err)
	}
	if string(s.Menu()) != body {
		t.Fatalf("Menu() = %s, want %s", s.Menu(), body)
	}
}

func TestSetMenu(t *testing.T) {
	s := start(t)
	oa := newOA(oaID, oaSecret, false)
	s.SetMenu([]byte(`{"button":[{"type":"view","name":"Live","url":"https://example.com/"}]}`))
	res, err := oa.GetMenu().GetMenu()
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Menu.Button) != 1 || res.Menu.Button[0].Name != "Live" || res.Menu.Button[0].URL != "https://example.com/" {
		t.Fatalf("GetMenu = %+v", res.Menu)
	}
	if s.Menu() != nil {
		t.Fatalf("SetMenu changed Menu() to %s", s.Menu())
	}
	s.SetMenu(nil)
	_, err = oa.GetMenu().GetMenu()
	wantErrcode(t, err, 46003)

	defer func() {
		if recover() == nil {
			t.Fatal("SetMenu with an invalid menu did not panic")
		}
	}()
	s.SetMenu([]byte(`{"button":[]}`))
}

func TestOAuthCode(t *testing.T) {
	s := start(t)
	oauth := newOA(oaID, oaSecret, false).GetOauth()
	s.AddOAuthCode("CODE1", "oUser1")
	res, err := oauth.GetUserAccessToken("CODE1")
	if err != nil {
		t.Fatal(err)
	}
	if res.OpenID != "oUser1" || res.Scope != "snsapi_base" || res.AccessToken == "" || res.RefreshToken == "" || res.ExpiresIn != 7200 {
		t.Fatalf("GetUserAccessToken = %+v", res)
	}
	_, err = oauth.GetUserAccessToken("CODE1")
	wantErrcode(t, err, 40029) // used
	_, err = oauth.GetUserAccessToken("NOPE")
	wantErrcode(t, err, 40029) // unknown

	s.AddOAuthCode("CODE2", "oUser2")
	_, err = newOA(oaID, "wrong", false).GetOauth().GetUserAccessToken("CODE2")
	wantErrcode(t, err, 40125)
	_, err = newOA("wxother", oaSecret, false).GetOauth().GetUserAccessToken("CODE2")
	wantErrcode(t, err, 40013)
	if res, err := oauth.GetUserAccessToken("CODE2"); err != nil || res.OpenID != "oUser2" {
		t.Fatalf("code after refused attempts = %+v, %v", res, err)
	}

	s.AddOAuthCode("CODE3", "oUser3")
	s.advance(5*time.Minute + time.Second)
	_, err = oauth.GetUserAccessToken("CODE3")
	wantErrcode(t, err, 40029) // expired

	// A mini-program login code is not an OAuth code.
	s.AddMPCode("JS1", "oMini", "key")
	_, err = oauth.GetUserAccessToken("JS1")
	wantErrcode(t, err, 40029)
	if s.TokenCalls(oaID) != 0 {
		t.Fatalf("OAuth exchanges counted as token calls: %d", s.TokenCalls(oaID))
	}
}

func TestJSCode2Session(t *testing.T) {
	s := start(t)
	auth := newMP(mpID, mpSecret).GetAuth()
	s.AddMPCode("JS1", "oMini1", "c2Vzc2lvbmtleQ==")
	res, err := auth.Code2Session("JS1")
	if err != nil {
		t.Fatal(err)
	}
	if res.OpenID != "oMini1" || res.SessionKey != "c2Vzc2lvbmtleQ==" {
		t.Fatalf("Code2Session = %+v", res)
	}
	_, err = auth.Code2Session("JS1")
	wantErrcode(t, err, 40163)
	_, err = auth.Code2Session("JS2")
	wantErrcode(t, err, 40029)
	s.AddMPCode("JS3", "oMini3", "k")
	_, err = newMP(mpID, "wrong").GetAuth().Code2Session("JS3")
	wantErrcode(t, err, 40125)
	s.AddOAuthCode("WEB1", "oWeb")
	_, err = auth.Code2Session("WEB1")
	wantErrcode(t, err, 40029)
	s.advance(6 * time.Minute)
	_, err = auth.Code2Session("JS3")
	wantErrcode(t, err, 40029)
}

func templateMsg(to string) *message.TemplateMessage {
	m := &message.TemplateMessage{
		ToUser:     to,
		TemplateID: "TPL-ORDER",
		URL:        "https://example.com/orders/1?x=1&y=2",
		Data: map[string]*message.TemplateDataItem{
			"thing1": {Value: "翠苑三区 3-201"},
			"time2":  {Value: "2025-01-02 15:04", Color: "#173177"},
		},
	}
	m.MiniProgram.PagePath = "pages/order?id=1"
	return m
}

func TestTemplateSend(t *testing.T) {
	s := start(t)
	tpl := newOA(oaID, oaSecret, false).GetTemplate()
	id1, err := tpl.Send(templateMsg("oUser1"))
	if err != nil {
		t.Fatal(err)
	}
	id2, err := tpl.Send(templateMsg("oUser2"))
	if err != nil {
		t.Fatal(err)
	}
	if id1 <= 0 || id2 <= id1 {
		t.Fatalf("msgids %d then %d", id1, id2)
	}
	sent := s.Sent()
	if len(sent) != 2 {
		t.Fatalf("Sent() = %+v", sent)
	}
	m := sent[0]
	want := SentMessage{API: "template", MsgID: id1, ToUser: "oUser1", TemplateID: "TPL-ORDER",
		URL: "https://example.com/orders/1?x=1&y=2", Page: "pages/order?id=1",
		Data: map[string]string{"thing1": "翠苑三区 3-201", "time2": "2025-01-02 15:04"}, At: m.At}
	if !reflect.DeepEqual(m, want) || time.Since(m.At) > time.Minute {
		t.Fatalf("Sent()[0] = %+v\nwant %+v", m, want)
	}
	if sent[1].ToUser != "oUser2" || sent[1].MsgID != id2 {
		t.Fatalf("Sent()[1] = %+v", sent[1])
	}

	_, err = tpl.Send(templateMsg(""))
	wantErrcode(t, err, 40003)
	noTpl := templateMsg("oUser1")
	noTpl.TemplateID = ""
	_, err = tpl.Send(noTpl)
	wantErrcode(t, err, 40037)
	if len(s.Sent()) != 2 {
		t.Fatalf("refused sends recorded: %+v", s.Sent())
	}
}

func TestSubscribeSend(t *testing.T) {
	s := start(t)
	sub := newMP(mpID, mpSecret).GetSubscribe()
	err := sub.Send(&subscribe.Message{
		ToUser:     "oMini1",
		TemplateID: "SUB-1",
		Page:       "pages/index?from=msg",
		Data: map[string]*subscribe.DataItem{
			"thing1":            {Value: "维修完成"},
			"number2":           {Value: 12345678},
			"amount3":           {Value: 99.5},
			"phrase4":           {Value: true},
			"character_string5": {Value: "A-01"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	sent := s.Sent()
	if len(sent) != 1 {
		t.Fatalf("Sent() = %+v", sent)
	}
	m := sent[0]
	wantData := map[string]string{"thing1": "维修完成", "number2": "12345678", "amount3": "99.5", "phrase4": "true", "character_string5": "A-01"}
	if m.API != "subscribe" || m.ToUser != "oMini1" || m.TemplateID != "SUB-1" || m.Page != "pages/index?from=msg" ||
		m.URL != "" || m.MsgID <= 0 || !reflect.DeepEqual(m.Data, wantData) {
		t.Fatalf("Sent()[0] = %+v", m)
	}

	wantErrcode(t, sub.Send(&subscribe.Message{TemplateID: "SUB-1"}), 40003)
	wantErrcode(t, sub.Send(&subscribe.Message{ToUser: "oMini1"}), 40037)
	wantErrcode(t, sub.Send(&subscribe.Message{ToUser: "oMini1", TemplateID: "SUB-1",
		Data: map[string]*subscribe.DataItem{"thing1": {Value: []string{"x"}}}}), 47003)
	wantErrcode(t, sub.Send(&subscribe.Message{ToUser: "oMini1", TemplateID: "SUB-1",
		Data: map[string]*subscribe.DataItem{"thing1": {Value: nil}}}), 47003)
	// Each field type has a length limit: thing 20 characters, phrase 5.
	wantErrcode(t, sub.Send(&subscribe.Message{ToUser: "oMini1", TemplateID: "SUB-1",
		Data: map[string]*subscribe.DataItem{"thing1": {Value: strings.Repeat("字", 21)}}}), 47003)
	wantErrcode(t, sub.Send(&subscribe.Message{ToUser: "oMini1", TemplateID: "SUB-1",
		Data: map[string]*subscribe.DataItem{"phrase2": {Value: "意见已经作出"}}}), 47003)
	if len(s.Sent()) != 1 {
		t.Fatalf("refused sends recorded: %+v", s.Sent())
	}
}

func TestFailNext(t *testing.T) {
	s := start(t)
	tpl := newOA(oaID, oaSecret, false).GetTemplate()
	sub := newMP(mpID, mpSecret).GetSubscribe()
	subMsg := &subscribe.Message{ToUser: "oMini1", TemplateID: "SUB-1", Data: map[string]*subscribe.DataItem{"thing1": {Value: "x"}}}

	s.FailNext("template", 45009, "reach max api daily quota limit")
	s.FailNext("template", -1, "")
	s.FailNext("subscribe", 43101, "")
	_, err := tpl.Send(templateMsg("oUser1"))
	wantErrcode(t, err, 45009)
	_, err = tpl.Send(templateMsg("oUser1"))
	wantErrcode(t, err, -1)
	if !strings.Contains(err.Error(), "system error") {
		t.Fatalf("default errmsg: %v", err)
	}
	if _, err := tpl.Send(templateMsg("oUser1")); err != nil {
		t.Fatalf("third send: %v", err)
	}
	wantErrcode(t, sub.Send(subMsg), 43101)
	if err := sub.Send(subMsg); err != nil {
		t.Fatalf("second subscribe: %v", err)
	}
	sent := s.Sent()
	if len(sent) != 2 || sent[0].API != "template" || sent[1].API != "subscribe" {
		t.Fatalf("Sent() = %+v", sent)
	}

	// Token endpoints can fail too; the failed call issues nothing.
	s.FailNext("token", -1, "system busy")
	oa := newOA(oaID, oaSecret, false)
	_, err = oa.GetAccessToken()
	wantErrcode(t, err, -1)
	if _, err := oa.GetAccessToken(); err != nil {
		t.Fatal(err)
	}
	if n := s.TokenCalls(oaID); n != 2 { // the template client's token and this one
		t.Fatalf("TokenCalls = %d, want 2", n)
	}

	defer func() {
		if recover() == nil {
			t.Fatal("FailNext with an unknown api did not panic")
		}
	}()
	s.FailNext("templat", 1, "")
}

func TestUnsubscribed(t *testing.T) {
	s := start(t)
	tpl := newOA(oaID, oaSecret, false).GetTemplate()
	s.Unsubscribed("oGone")
	_, err := tpl.Send(templateMsg("oGone"))
	wantErrcode(t, err, 43004)
	if !strings.Contains(err.Error(), "require subscribe") {
		t.Fatalf("errmsg: %v", err)
	}
	if _, err := tpl.Send(templateMsg("oStays")); err != nil {
		t.Fatal(err)
	}
	if sent := s.Sent(); len(sent) != 1 || sent[0].ToUser != "oStays" {
		t.Fatalf("Sent() = %+v", sent)
	}
}

func TestUnknownAPI(t *testing.T) {
	s := start(t)
	code, m := raw(t, s, "GET", "/cgi-bin/user/info?access_token=x", "")
	if code != http.StatusNotFound || errcode(m) != -1 {
		t.Fatalf("HTTP %d %v", code, m)
	}
	// Through the library a 404 is an error too.
	oa := newOA(oaID, oaSecret, false)
	if _, err := oa.GetUser().GetUserInfo("oUser1"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("user/info through the library: %v", err)
	}
}

func TestConcurrentSends(t *testing.T) {
	s := start(t)
	tpl := newOA(oaID, oaSecret, false).GetTemplate()
	// Warm the token first: silenceper's cache.Memory reads its map without the lock, so only
	// concurrent reads of it are safe.
	if _, err := tpl.Send(templateMsg("oWarm")); err != nil {
		t.Fatal(err)
	}
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if _, err := tpl.Send(templateMsg(fmt.Sprintf("o%d-%d", w, i))); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	sent := s.Sent()
	if len(sent) != workers*each+1 {
		t.Fatalf("%d messages recorded, want %d", len(sent), workers*each+1)
	}
	ids := map[int64]bool{}
	for _, m := range sent {
		if ids[m.MsgID] {
			t.Fatalf("msgid %d answered twice", m.MsgID)
		}
		ids[m.MsgID] = true
	}
	if s.TokenCalls(oaID) != 1 {
		t.Fatalf("TokenCalls = %d, want 1", s.TokenCalls(oaID))
	}
}
