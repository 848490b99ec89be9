package service

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"time"
)

// CitizenSession is a signed-in citizen: through WeChat (OpenID), the mini-program (MPOpenID)
// or a verified phone. The session id is the cookie value or the bearer token.
type CitizenSession struct {
	ID        string    `json:"-"`
	OpenID    string    `json:"oid,omitempty"`
	MPOpenID  string    `json:"mid,omitempty"`
	Phone     string    `json:"ph,omitempty"`
	CreatedAt time.Time `json:"c"`
}

// WeChatOAuth exchanges a web authorization code for the user's openid.
type WeChatOAuth interface {
	AuthURL(redirectURI, state string) (string, error)
	OpenID(ctx context.Context, code string) (string, error)
}

// MPAuth exchanges a mini-program wx.login code for the openid and session key.
type MPAuth interface {
	Code2Session(ctx context.Context, code string) (openID, sessionKey string, err error)
}

// CitizenAuth keeps citizens' short sessions in the cache: WeChat web authorization inside
// WeChat, phone + SMS code outside it, and the mini-program's code2session. The mini-program's
// session_key is kept server-side with the session and never returned.
type CitizenAuth struct {
	Cache  Cache
	Verify *VerifyService
	OAuth  WeChatOAuth // nil when the official account is not configured
	MP     MPAuth      // nil when the mini-program is not configured
	Now    func() time.Time
	TTL    time.Duration
	Log    *slog.Logger
}

func citizenKey(id string) string { return "cit:" + HashID(id) }

func (a *CitizenAuth) start(ctx context.Context, s *CitizenSession, extra map[string]string) (*CitizenSession, error) {
	s.ID, s.CreatedAt = RandomToken(32), a.Now()
	b, _ := json.Marshal(s)
	if err := a.Cache.Set(ctx, citizenKey(s.ID), string(b), a.TTL); err != nil {
		return nil, Internal(err)
	}
	for k, v := range extra {
		if err := a.Cache.Set(ctx, citizenKey(s.ID)+":"+k, v, a.TTL); err != nil {
			return nil, Internal(err)
		}
	}
	return s, nil
}

// Session returns the live session with id, or EUnauthorized.
func (a *CitizenAuth) Session(ctx context.Context, id string) (*CitizenSession, error) {
	if id == "" || len(id) > 128 {
		return nil, Errorf(EUnauthorized, "请先登录")
	}
	raw, err := a.Cache.Get(ctx, citizenKey(id))
	if errors.Is(err, ErrCacheMiss) {
		return nil, Errorf(EUnauthorized, "登录已过期，请重新进入")
	} else if err != nil {
		return nil, &Error{Code: EUnavailable, Message: MsgUnavailable, Err: err}
	}
	var s CitizenSession
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return nil, Internal(err)
	}
	s.ID = id
	return &s, nil
}

// End signs the citizen out.
func (a *CitizenAuth) End(ctx context.Context, id string) error {
	if id == "" {
		return nil
	}
	return a.Cache.Del(ctx, citizenKey(id), citizenKey(id)+":sk")
}

// OAuthStart returns WeChat's authorization URL for a state the caller keeps in a cookie.
func (a *CitizenAuth) OAuthStart(redirectURI string) (authURL, state string, err error) {
	if a.OAuth == nil {
		return "", "", Errorf(ENotFound, "未配置微信公众号")
	}
	state = RandomToken(16)
	u, err := a.OAuth.AuthURL(redirectURI, state)
	if err != nil {
		return "", "", Internal(err)
	}
	return u, state, nil
}

// OAuthFinish checks the state against the one the browser kept (CSRF) and exchanges the code.
func (a *CitizenAuth) OAuthFinish(ctx context.Context, code, state, wantState string) (*CitizenSession, error) {
	if a.OAuth == nil {
		return nil, Errorf(ENotFound, "未配置微信公众号")
	}
	if state == "" || wantState == "" || len(state) != len(wantState) || state != wantState {
		return nil, Errorf(EForbidden, "授权请求已失效，请从公众号菜单重新进入")
	}
	if code == "" {
		return nil, Errorf(EForbidden, "您未同意授权，请从公众号菜单重新进入")
	}
	openID, err := a.OAuth.OpenID(ctx, code)
	if err != nil {
		a.Log.WarnContext(ctx, "wechat oauth code exchange failed", "err", err)
		return nil, Errorf(EForbidden, "微信授权失败，请从公众号菜单重新进入")
	}
	return a.start(ctx, &CitizenSession{OpenID: openID}, nil)
}

// PhoneLogin signs in with a phone and its SMS code (outside WeChat).
func (a *CitizenAuth) PhoneLogin(ctx context.Context, phone, code string) (*CitizenSession, error) {
	if err := a.Verify.Check(ctx, PurposeLogin, phone, code); err != nil {
		return nil, err
	}
	return a.start(ctx, &CitizenSession{Phone: NormalizePhone(phone)}, nil)
}

// StartVerified starts a session for a phone the caller has just verified (e.g. by the SMS code
// of a booking).
func (a *CitizenAuth) StartVerified(ctx context.Context, phone string) (*CitizenSession, error) {
	return a.start(ctx, &CitizenSession{Phone: NormalizePhone(phone)}, nil)
}

// MPLogin exchanges the mini-program's wx.login code for a session token.
func (a *CitizenAuth) MPLogin(ctx context.Context, code string) (*CitizenSession, error) {
	if a.MP == nil {
		return nil, Errorf(ENotFound, "未配置小程序")
	}
	if code = strings.TrimSpace(code); code == "" || len(code) > 128 {
		return nil, Invalid("code", "登录凭证无效，请重新进入小程序")
	}
	openID, sessionKey, err := a.MP.Code2Session(ctx, code)
	if err != nil {
		a.Log.WarnContext(ctx, "mini-program code2session failed", "err", err)
		return nil, Errorf(EUnauthorized, "登录凭证无效或已使用，请重新进入小程序")
	}
	return a.start(ctx, &CitizenSession{MPOpenID: openID}, map[string]string{"sk": sessionKey})
}
