// Package wxapi talks to WeChat's API through silenceper/wechat: the access token shared by every
// instance, template and subscribe messages, web authorization and mini-program login.
package wxapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/silenceper/wechat/v2/cache"
	mpsubscribe "github.com/silenceper/wechat/v2/miniprogram/subscribe"

	"github.com/silenceper/wechat/v2/credential"
	"github.com/silenceper/wechat/v2/miniprogram"
	"github.com/silenceper/wechat/v2/officialaccount"
	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/officialaccount/oauth"
	"github.com/silenceper/wechat/v2/util"
	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/citizen"
	"github.com/szxinfang/xinfang/service/notify"
)

var _ cache.Cache = Cache{}
var _ credential.AccessTokenContextHandle = (*SharedToken)(nil)
var _ citizen.OAuth = (*OAuth)(nil)
var _ citizen.MPAuth = (*MPAuth)(nil)

// Cache adapts the shared cache to silenceper's cache.Cache, so everything the library
// caches (tickets…) is shared by every instance through Redis (go-redis v9).
type Cache struct{ C service.Cache }

func (w Cache) Get(key string) interface{} {
	v, err := w.C.Get(context.Background(), key)
	if err != nil {
		return nil // a miss, or the cache is down: the library then fetches afresh
	}
	return v
}

func (w Cache) Set(key string, val interface{}, timeout time.Duration) error {
	return w.C.Set(context.Background(), key, fmt.Sprint(val), timeout)
}

func (w Cache) IsExist(key string) bool {
	_, err := w.C.Get(context.Background(), key)
	return err == nil
}

func (w Cache) Delete(key string) error { return w.C.Del(context.Background(), key) }

// SharedToken is the access token of one app, shared by every instance: it lives in the shared
// cache and is refreshed under a lock there, so two instances never both fetch a new token (a
// fetch invalidates the previous token, and the other instance's calls would fail with 40001).
type SharedToken struct {
	Cache  service.Cache
	AppID  string
	Secret string
	Stable bool // /cgi-bin/stable_token
	// Wait bounds how long an instance waits for another's refresh.
	Wait time.Duration
}

func (t *SharedToken) key() string { return "wx:token:" + t.AppID }

func (t *SharedToken) GetAccessToken() (string, error) {
	return t.GetAccessTokenContext(context.Background())
}

// GetAccessTokenContext returns the cached token or fetches one under the refresh lock.
func (t *SharedToken) GetAccessTokenContext(ctx context.Context) (string, error) {
	if tok, err := t.Cache.Get(ctx, t.key()); err == nil {
		return tok, nil
	}
	owner := service.RandomToken(8)
	deadline := time.Now().Add(max(t.Wait, time.Second))
	for {
		ok, err := t.Cache.SetNX(ctx, t.key()+":lock", owner, 15*time.Second)
		if err != nil {
			return "", fmt.Errorf("wechat token lock: %w", err)
		}
		if ok {
			defer t.Cache.DelIfEqual(context.WithoutCancel(ctx), t.key()+":lock", owner)
			// Another instance may have refreshed between our miss and the lock.
			if tok, err := t.Cache.Get(ctx, t.key()); err == nil {
				return tok, nil
			}
			return t.fetch(ctx)
		}
		// Someone else is refreshing: wait for their token.
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if tok, err := t.Cache.Get(ctx, t.key()); err == nil {
			return tok, nil
		}
		if time.Now().After(deadline) {
			return "", errors.New("wechat token: timed out waiting for another instance's refresh")
		}
	}
}

func (t *SharedToken) fetch(ctx context.Context) (string, error) {
	var res credential.ResAccessToken
	var err error
	if t.Stable {
		var body []byte
		body, err = util.PostJSONContext(ctx, "https://api.weixin.qq.com/cgi-bin/stable_token",
			map[string]any{"grant_type": "client_credential", "appid": t.AppID, "secret": t.Secret})
		if err == nil {
			err = json.Unmarshal(body, &res)
		}
		if err == nil && res.ErrCode != 0 {
			err = fmt.Errorf("stable_token: errcode=%d errmsg=%s", res.ErrCode, res.ErrMsg)
		}
	} else {
		res, err = credential.GetTokenFromServerContext(ctx, fmt.Sprintf(
			"https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=%s&secret=%s", url.QueryEscape(t.AppID), url.QueryEscape(t.Secret)))
	}
	if err != nil {
		return "", scrubbed("wechat token", err)
	}
	// Refresh 5 minutes before WeChat's expiry.
	ttl := time.Duration(res.ExpiresIn)*time.Second - 5*time.Minute
	if ttl < time.Minute {
		ttl = time.Minute
	}
	if err := t.Cache.Set(ctx, t.key(), res.AccessToken, ttl); err != nil {
		return "", err
	}
	return res.AccessToken, nil
}

// Invalidate drops token after WeChat called it invalid (40001/42001), unless another instance
// has already replaced it.
func (t *SharedToken) Invalidate(ctx context.Context, token string) {
	_, _ = t.Cache.DelIfEqual(ctx, t.key(), token)
}

// RewriteTransport sends WeChat API calls to Base instead of https://api.weixin.qq.com (a local
// fake in tests and load runs).
type RewriteTransport struct {
	Base *url.URL
	Next http.RoundTripper
}

func (t *RewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host == "api.weixin.qq.com" {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host = t.Base.Scheme, t.Base.Host
		r.URL.Path = strings.TrimRight(t.Base.Path, "/") + r.URL.Path
		r.Host = t.Base.Host
	}
	return t.Next.RoundTrip(r)
}

// ConfigureHTTP sets the HTTP client silenceper/wechat uses for every API call: a timeout
// (the library's default client has none) and, when base is set, the rewrite to it. The library
// keeps this client in a package variable, so it is set once, by the composition root.
func ConfigureHTTP(base string, timeout time.Duration) error {
	httpConfig.Lock()
	defer httpConfig.Unlock()
	if httpConfig.done && httpConfig.base == base && httpConfig.timeout == timeout {
		return nil // several programs in one process (tests) share the setting
	}
	var rt http.RoundTripper = http.DefaultTransport
	if base != "" {
		u, err := url.Parse(base)
		if err != nil || u.Host == "" {
			return fmt.Errorf("XF_WECHAT_API_BASE: not a URL: %q", base)
		}
		rt = &RewriteTransport{Base: u, Next: http.DefaultTransport}
	}
	util.DefaultHTTPClient = &http.Client{Transport: rt, Timeout: timeout}
	httpConfig.done, httpConfig.base, httpConfig.timeout = true, base, timeout
	return nil
}

// httpConfig is what ConfigureHTTP last set.
var httpConfig struct {
	sync.Mutex
	done    bool
	base    string
	timeout time.Duration
}

// OAuth is web authorization (snsapi_base) through the official account.
type OAuth struct {
	OA *officialaccount.OfficialAccount
}

// The library's OfficialAccount.GetOauth and GetTemplate fill a cached field on first use without
// a lock, so two requests at once race on it; the helpers below are built per call from the
// account's (read-only) context instead.
func (o *OAuth) oauth() *oauth.Oauth { return oauth.NewOauth(o.OA.GetContext()) }

func (o *OAuth) AuthURL(redirectURI, state string) (string, error) {
	return o.oauth().GetRedirectURL(redirectURI, "snsapi_base", state)
}

func (o *OAuth) OpenID(ctx context.Context, code string) (string, error) {
	res, err := o.oauth().GetUserAccessTokenContext(ctx, code)
	if err != nil {
		return "", scrubbed("oauth", err)
	}
	if res.OpenID == "" {
		return "", errors.New("oauth: no openid")
	}
	return res.OpenID, nil
}

// MPAuth is the mini-program's code2session.
type MPAuth struct{ MP *miniprogram.MiniProgram }

func (m *MPAuth) Code2Session(ctx context.Context, code string) (string, string, error) {
	res, err := m.MP.GetAuth().Code2SessionContext(ctx, code)
	if err != nil {
		return "", "", scrubbed("code2session", err)
	}
	if res.ErrCode != 0 || res.OpenID == "" {
		return "", "", fmt.Errorf("code2session: errcode=%d errmsg=%s", res.ErrCode, res.ErrMsg)
	}
	return res.OpenID, res.SessionKey, nil
}

// scrubbed returns err without the request URL (which carries the AppSecret or the access
// token) and with any credential left in its text hidden.
func scrubbed(what string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = fmt.Errorf("%s %s: %w", ue.Op, ue.URL[:strings.Index(ue.URL+"?", "?")], ue.Err)
	}
	return fmt.Errorf("%s: %s", what, service.ScrubSecrets(err.Error()))
}

// Template is a WeChat notification template with ${param} field texts.
type Template struct {
	TemplateID string
	URL        string
	Page       string
	Fields     map[string]string
}

func (t Template) render(params map[string]string) map[string]string {
	out := make(map[string]string, len(t.Fields))
	for f, text := range t.Fields {
		for k, v := range params {
			text = strings.ReplaceAll(text, "${"+k+"}", v)
		}
		out[f] = text
	}
	return out
}

// subscribeLimits are the longest values (in characters) of the mini-program subscribe message
// field types; a longer value fails the whole message with errcode 47003.
var subscribeLimits = map[string]int{"thing": 20, "phrase": 5, "character_string": 32, "name": 10, "number": 32, "letter": 32,
	"symbol": 5, "car_number": 8}

// SubscribeLimit is the length limit of a subscribe message field (thing3 → 20), if its type
// has one.
func SubscribeLimit(field string) (int, bool) {
	typ := strings.TrimRight(field, "0123456789")
	n, ok := subscribeLimits[typ]
	return n, ok
}

// clip shortens v to n characters, marking the cut.
func clip(v string, n int) string {
	r := []rune(v)
	if len(r) <= n {
		return v
	}
	return string(r[:n-1]) + "…"
}

var errcodeRE = regexp.MustCompile(`errcode=(-?\d+)`)

// wechatErrcode extracts WeChat's errcode from the library's error (a *util.CommonError or a
// formatted message).
func wechatErrcode(err error) int64 {
	var ce *util.CommonError
	if errors.As(err, &ce) {
		return ce.ErrCode
	}
	if m := errcodeRE.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.ParseInt(m[1], 10, 64)
		return n
	}
	return 0
}

// classifyWeChat maps a send error: an invalid token is dropped and retried; limits and
// "system busy" are retried; a follower who left (43004), refused subscription (43101), a bad
// openid (40003) or template (40037) are permanent.
func classifyWeChat(err error, tok *SharedToken, token string) *notify.SendError {
	code := wechatErrcode(err)
	e := &notify.SendError{Code: "wechat:" + strconv.FormatInt(code, 10), Message: scrubbed("wechat", err).Error()}
	switch code {
	case 40001, 42001, 40014:
		if tok != nil {
			tok.Invalidate(context.Background(), token)
		}
		e.Retryable = true
	case -1, 45009, 45047:
		e.Retryable = true
		e.After = time.Minute
	case 0:
		e.Code, e.Retryable, e.Uncertain = "NETWORK", true, true
	}
	return e
}

// TemplateSender sends the outbox's "wechat" channel: official-account template
// messages to followers.
type TemplateSender struct {
	OA        *officialaccount.OfficialAccount
	Token     *SharedToken
	Templates map[string]Template
}

func (s *TemplateSender) Send(ctx context.Context, m *notify.Message) (string, error) {
	t, ok := s.Templates[m.Kind]
	if !ok {
		return "", &notify.SendError{Code: "NO_TEMPLATE", Message: "no WeChat template for " + m.Kind}
	}
	data := map[string]*message.TemplateDataItem{}
	for f, v := range t.render(m.Params) {
		data[f] = &message.TemplateDataItem{Value: v}
	}
	token, _ := s.Token.GetAccessTokenContext(ctx)
	id, err := message.NewTemplate(s.OA.GetContext()).Send(&message.TemplateMessage{ToUser: m.Recipient, TemplateID: t.TemplateID, URL: t.URL,
		Data: data, ClientMsgID: "xf-" + strconv.FormatInt(m.ID, 10)})
	if err != nil {
		return "", classifyWeChat(err, s.Token, token)
	}
	return strconv.FormatInt(id, 10), nil
}

// SubscribeSender sends the outbox's "mp" channel: mini-program subscribe messages.
type SubscribeSender struct {
	MP        *miniprogram.MiniProgram
	Token     *SharedToken
	Templates map[string]Template
}

func (s *SubscribeSender) Send(ctx context.Context, m *notify.Message) (string, error) {
	t, ok := s.Templates[m.Kind]
	if !ok {
		return "", &notify.SendError{Code: "NO_TEMPLATE", Message: "no mini-program template for " + m.Kind}
	}
	data := map[string]*mpsubscribe.DataItem{}
	for f, v := range t.render(m.Params) {
		if limit, ok := SubscribeLimit(f); ok {
			v = clip(v, limit)
		}
		data[f] = &mpsubscribe.DataItem{Value: v}
	}
	token, _ := s.Token.GetAccessTokenContext(ctx)
	if err := s.MP.GetSubscribe().Send(&mpsubscribe.Message{ToUser: m.Recipient, TemplateID: t.TemplateID, Page: t.Page, Data: data}); err != nil {
		return "", classifyWeChat(err, s.Token, token)
	}
	return "mp-" + strconv.FormatInt(m.ID, 10), nil
}
