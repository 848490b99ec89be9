package citizen

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/szxinfang/xinfang/service"
)

// Session is a signed-in citizen: through WeChat (OpenID), the mini-program (MPOpenID)
// or a verified phone. The session id is the cookie value or the bearer token.
type Session struct {
	ID        string    `json:"-"`
	OpenID    string    `json:"oid,omitempty"`
	MPOpenID  string    `json:"mid,omitempty"`
	Phone     string    `json:"ph,omitempty"`
	CreatedAt time.Time `json:"c"`
}

// OAuth exchanges a web authorization code for the user's openid.
type OAuth interface {
	AuthURL(redirectURI, state string) (string, error)
	OpenID(ctx context.Context, code string) (string, error)
}

// MPAuth exchanges a mini-program wx.login code for the openid and session key.
type MPAuth interface {
	Code2Session(ctx context.Context, code string) (openID, sessionKey string, err error)
}

// Auth keeps citizens' short sessions in the cache: WeChat web authorization inside
// WeChat, phone + SMS code outside it, and the mini-program's code2session. The mini-program's
// session_key is kept server-side with the session and never returned.
type Auth struct {
	Cache  service.Cache
	Verify *Verifier
	OAuth  OAuth  // nil when the official account is not configured
	MP     MPAuth // nil when the mini-program is not configured
	Now    func() time.Time
	TTL    time.Duration
	Log    *slog.Logger
}

func citizenKey(id string) string { return "cit:" + service.HashID(id) }

func (a *Auth) start(ctx context.Context, s *Session, extra map[string]string) (*Session, error) {
	s.ID, s.CreatedAt = service.RandomToken(32), a.Now()
	b, _ := json.Marshal(s)
	if err := a.Cache.Set(ctx, citizenKey(s.ID), string(b), a.TTL); err != nil {
		return nil, service.Internal(err)
	}
	for k, v := range extra {
		if err := a.Cache.Set(ctx, citizenKey(s.ID)+":"+k, v, a.TTL); err != nil {
			return nil, service.Internal(err)
		}
	}
	return s, nil
}

// Session returns the live session with id, or EUnauthorized.
func (a *Auth) Session(ctx context.Context, id string) (*Session, error) {
	if id == "" || len(id) > 128 {
		return nil, service.Errorf(service.EUnauthorized, "请先登录")
	}
	raw, err := a.Cache.Get(ctx, citizenKey(id))
	if errors.Is(err, service.ErrCacheMiss) {
		return nil, service.Errorf(service.EUnauthorized, "登录已过期，请重新进入")
	} else if err != nil {
		return nil, &service.Error{Code: service.EUnavailable, Message: service.MsgUnavailable, Err: err}
	}
	var s Session
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return nil, service.Internal(err)
	}
	s.ID = id
	return &s, nil
}

// End signs the citizen out.
func (a *Auth) End(ctx context.Context, id string) error {
	if id == "" {
		return nil
	}
	return a.Cache.Del(ctx, citizenKey(id), citizenKey(id)+":sk")
}

// OAuthStart returns WeChat's authorization URL for a state the caller keeps in a cookie.
func (a *Auth) OAuthStart(redirectURI string) (authURL, state string, err error) {
	if a.OAuth == nil {
		return "", "", service.Errorf(service.ENotFound, "未配置微信公众号")
	}
	state = service.RandomToken(16)
	u, err := a.OAuth.AuthURL(redirectURI, state)
	if err != nil {
		return "", "", service.Internal(err)
	}
	return u, state, nil
}

// OAuthFinish checks the state against the one the browser kept (CSRF) and exchanges the code.
func (a *Auth) OAuthFinish(ctx context.Context, code, state, wantState string) (*Session, error) {
	if a.OAuth == nil {
		return nil, service.Errorf(service.ENotFound, "未配置微信公众号")
	}
	if state == "" || wantState == "" || len(state) != len(wantState) || state != wantState {
		return nil, service.Errorf(service.EForbidden, "授权请求已失效，请从公众号菜单重新进入")
	}
	if code == "" {
		return nil, service.Errorf(service.EForbidden, "您未同意授权，请从公众号菜单重新进入")
	}
	openID, err := a.OAuth.OpenID(ctx, code)
	if err != nil {
		a.Log.WarnContext(ctx, "wechat oauth code exchange failed", "err", err)
		return nil, service.Errorf(service.EForbidden, "微信授权失败，请从公众号菜单重新进入")
	}
	return a.start(ctx, &Session{OpenID: openID}, nil)
}

// PhoneLogin signs in with a phone and its SMS code (outside WeChat).
func (a *Auth) PhoneLogin(ctx context.Context, phone, code string) (*Session, error) {
	if err := a.Verify.Check(ctx, PurposeLogin, phone, code); err != nil {
		return nil, err
	}
	return a.start(ctx, &Session{Phone: service.NormalizePhone(phone)}, nil)
}

// StartVerified starts a session for a phone the caller has just verified (e.g. by the SMS code
// of a booking).
func (a *Auth) StartVerified(ctx context.Context, phone string) (*Session, error) {
	return a.start(ctx, &Session{Phone: service.NormalizePhone(phone)}, nil)
}

// MPLogin exchanges the mini-program's wx.login code for a session token.
func (a *Auth) MPLogin(ctx context.Context, code string) (*Session, error) {
	if a.MP == nil {
		return nil, service.Errorf(service.ENotFound, "未配置小程序")
	}
	if code = strings.TrimSpace(code); code == "" || len(code) > 128 {
		return nil, service.Invalid("code", "登录凭证无效，请重新进入小程序")
	}
	openID, sessionKey, err := a.MP.Code2Session(ctx, code)
	if err != nil {
		a.Log.WarnContext(ctx, "mini-program code2session failed", "err", err)
		return nil, service.Errorf(service.EUnauthorized, "登录凭证无效或已使用，请重新进入小程序")
	}
	return a.start(ctx, &Session{MPOpenID: openID}, map[string]string{"sk": sessionKey})
}

// SessionTTL is how long a citizen's session lives.
func (a *Auth) SessionTTL() time.Duration { return a.TTL }

// HasOAuth reports whether WeChat web authorization is configured (the official account).
func (a *Auth) HasOAuth() bool { return a.OAuth != nil }
