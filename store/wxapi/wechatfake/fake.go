// Package wechatfake is a local stand-in for WeChat's API servers (api.weixin.qq.com) for tests
// and load runs. It serves the paths github.com/silenceper/wechat/v2 calls for one official
// account and one mini-program: access tokens (/cgi-bin/token and /cgi-bin/stable_token), the
// custom menu, web OAuth codes, mini-program login codes, template messages and subscribe
// messages. Clients reach it through an http.RoundTripper that rewrites
// https://api.weixin.qq.com to the fake's URL.
//
// It checks what WeChat checks: app ids and secrets; that every call carries a live access
// token of the right app (in Strict mode, issuing a token invalidates the app's previous one,
// which makes token races between processes visible as errcode 40001); that OAuth and login
// codes are used once and within five minutes; that menus have one to three buttons of at
// most five sub-buttons; that messages name a recipient and a template. Errors are answered
// the WeChat way: HTTP 200 with {"errcode":N,"errmsg":"..."}. Failures are scripted per API
// with FailNext, and template sends to users marked Unsubscribed answer 43004.
package wechatfake

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

const (
	tokenTTL = 7200 * time.Second // expires_in of access tokens
	codeTTL  = 5 * time.Minute    // lifetime of OAuth and login codes
)

// SentMessage is one accepted template or subscribe message.
type SentMessage struct {
	API        string // "template" or "subscribe"
	MsgID      int64  // the msgid answered to the sender
	ToUser     string
	TemplateID string
	URL        string            // template messages: the url field
	Page       string            // subscribe: page; template: miniprogram.pagepath
	Data       map[string]string // field -> value (subscribe values as fmt.Sprint of the JSON scalar)
	At         time.Time
}

// apis are the names FailNext accepts, one per served endpoint.
var apis = map[string]string{
	"/cgi-bin/token":                  "token",
	"/cgi-bin/stable_token":           "stable_token",
	"/cgi-bin/menu/create":            "menu/create",
	"/cgi-bin/menu/get":               "menu/get",
	"/sns/oauth2/access_token":        "oauth",
	"/sns/jscode2session":             "jscode2session",
	"/cgi-bin/message/template/send":  "template",
	"/cgi-bin/message/subscribe/send": "subscribe",
}

type appKind int

const (
	officialAccount appKind = iota
	miniProgram
)

type app struct {
	id, secret string
	kind       appKind
}

// token slots: /cgi-bin/token and /cgi-bin/stable_token hand out independent tokens, as on WeChat.
const (
	slotToken  = "token"
	slotStable = "stable"
)

type token struct {
	appID   string
	expires time.Time
	revoked bool
}

type code struct {
	appID, openID, sessionKey string
	expires                   time.Time
	used                      bool
}

type failure struct {
	code int
	msg  string
}

// Server is the fake. Point the WeChat client's HTTP transport at its URL.
type Server struct {
	*httptest.Server
	// Strict makes issuing an access token invalidate the app's previous token from the same
	// endpoint at once (WeChat keeps it a few minutes at most). Without it, old tokens stay
	// valid until they expire. Default true; set it before the first request.
	Strict bool
	// Now is WeChat's clock: tokens and codes expire by it and sent messages are stamped with
	// it. Tests pass the clock the code under test runs on.
	Now func() time.Time

	mu           sync.Mutex
	offset       time.Duration // added to Now (tests move the fake's time forward)
	apps         map[string]app
	tokens       map[string]*token
	current      map[string]string // appID + "/" + slot -> newest token
	tokenCalls   map[string]int
	posted       []byte          // last menu/create body
	live         json.RawMessage // button array menu/get answers; nil when there is no menu
	menuID       int64
	oauthCodes   map[string]*code
	mpCodes      map[string]*code
	sent         []SentMessage
	msgID        int64
	fails        map[string][]failure
	unsubscribed map[string]bool
}

// New starts a fake that knows one official account (oaAppID/oaSecret) and one mini-program
// (mpAppID/mpSecret), on the clock now.
func New(oaAppID, oaSecret, mpAppID, mpSecret string, now func() time.Time) *Server {
	s := &Server{
		Strict: true,
		Now:    now,
		apps: map[string]app{
			oaAppID: {id: oaAppID, secret: oaSecret, kind: officialAccount},
			mpAppID: {id: mpAppID, secret: mpSecret, kind: miniProgram},
		},
		tokens:       map[string]*token{},
		current:      map[string]string{},
		tokenCalls:   map[string]int{},
		oauthCodes:   map[string]*code{},
		mpCodes:      map[string]*code{},
		fails:        map[string][]failure{},
		unsubscribed: map[string]bool{},
		msgID:        1000,
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// TokenCalls counts the /cgi-bin/token and /cgi-bin/stable_token calls for appID that answered
// an access token (a stable_token call answering the current token counts too; errors do not).
func (s *Server) TokenCalls(appID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenCalls[appID]
}

// Menu returns the last body posted to menu/create, exactly as received (nil if none).
func (s *Server) Menu() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.posted)
}

// SetMenu presets the live menu menu/get answers, in menu/create's shape ({"button":[...]}).
// Nil or empty removes the menu. It panics on a body menu/create would refuse. Menu is not
// changed.
func (s *Server) SetMenu(menuJSON []byte) {
	if len(bytes.TrimSpace(menuJSON)) == 0 {
		s.mu.Lock()
		s.live = nil
		s.mu.Unlock()
		return
	}
	buttons, code, msg := parseMenu(menuJSON)
	if code != 0 {
		panic(fmt.Sprintf("wechatfake: SetMenu: errcode %d %s", code, msg))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.menuID++
	s.live = buttons
}

// AddOAuthCode adds a web OAuth code of the official account (sns/oauth2/access_token) that
// answers openID. It is valid once and expires after five minutes.
func (s *Server) AddOAuthCode(code, openID string) {
	s.addCode(s.oauthCodes, officialAccount, code, openID, "")
}

// AddMPCode adds a mini-program login code (sns/jscode2session) that answers openID and
// sessionKey. It is valid once and expires after five minutes.
func (s *Server) AddMPCode(code, openID, sessionKey string) {
	s.addCode(s.mpCodes, miniProgram, code, openID, sessionKey)
}

func (s *Server) addCode(codes map[string]*code, kind appKind, c, openID, sessionKey string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var appID string
	for _, a := range s.apps {
		if a.kind == kind {
			appID = a.id
		}
	}
	codes[c] = &code{appID: appID, openID: openID, sessionKey: sessionKey, expires: s.now().Add(codeTTL)}
}

// Sent returns the accepted template and subscribe messages in order.
func (s *Server) Sent() []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SentMessage(nil), s.sent...)
}

// FailNext makes the next call of api answer errcode and errmsg instead of doing anything
// (e.g. 43004 require subscribe, 45009 api limit, -1 system busy). Calls queue up: FailNext
// twice fails the next two calls. api is "template" or "subscribe", or one of "token",
// "stable_token", "menu/create", "menu/get", "oauth", "jscode2session"; any other name panics.
// An empty errmsg gets a default.
func (s *Server) FailNext(api string, errcode int, errmsg string) {
	known := false
	for _, name := range apis {
		known = known || name == api
	}
	if !known {
		panic("wechatfake: FailNext: unknown api " + api)
	}
	if errmsg == "" {
		errmsg = defaultMsg(errcode)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails[api] = append(s.fails[api], failure{errcode, errmsg})
}

// Unsubscribed marks openID as not following the official account: template sends to it
// answer errcode 43004 "require subscribe".
func (s *Server) Unsubscribed(openID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unsubscribed[openID] = true
}

// advance moves the fake's clock forward (tokens and codes expire by it).
func (s *Server) advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offset += d
}

// now is the fake's clock; callers hold s.mu.
func (s *Server) now() time.Time { return s.Now().Add(s.offset) }

func defaultMsg(code int) string {
	switch code {
	case -1:
		return "system error"
	case 40001:
		return "invalid credential, access_token is invalid or not latest"
	case 43004:
		return "require subscribe"
	case 43101:
		return "user refuse to accept the msg"
	case 45009:
		return "reach max api daily quota limit"
	case 45011:
		return "api minute-quota reach limit  mustslower  retry next minute"
	}
	return "fake failure"
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; encoding=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func errReply(w http.ResponseWriter, code int, msg string) {
	reply(w, http.StatusOK, map[string]any{"errcode": code, "errmsg": msg})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	api, ok := apis[r.URL.Path]
	if !ok {
		reply(w, http.StatusNotFound, map[string]any{"errcode": -1, "errmsg": "wechatfake: unknown api " + r.URL.Path})
		return
	}
	s.mu.Lock()
	var f *failure
	if q := s.fails[api]; len(q) > 0 {
		f = &q[0]
		s.fails[api] = q[1:]
	}
	s.mu.Unlock()
	if f != nil {
		errReply(w, f.code, f.msg)
		return
	}
	switch api {
	case "token":
		s.token(w, r)
	case "stable_token":
		s.stableToken(w, r)
	case "menu/create":
		s.menuCreate(w, r)
	case "menu/get":
		s.menuGet(w, r)
	case "oauth":
		s.oauth(w, r)
	case "jscode2session":
		s.jscode2session(w, r)
	case "template":
		s.template(w, r)
	case "subscribe":
		s.subscribe(w, r)
	}
}

// checkApp checks an appid/secret pair; it answers and returns false when they are wrong.
func (s *Server) checkApp(w http.ResponseWriter, appID, secret string) (app, bool) {
	if appID == "" {
		errReply(w, 41002, "appid missing")
		return app{}, false
	}
	if secret == "" {
		errReply(w, 41004, "appsecret missing")
		return app{}, false
	}
	a, ok := s.apps[appID] // never written after New
	if !ok {
		errReply(w, 40013, "invalid appid")
		return app{}, false
	}
	if a.secret != secret {
		errReply(w, 40125, "invalid appsecret")
		return app{}, false
	}
	return a, true
}

// issue answers an access token of a's slot: a new one, or the current one if reuse is set and
// it is still valid.
func (s *Server) issue(w http.ResponseWriter, a app, slot string, reuse bool) {
	s.mu.Lock()
	now := s.now()
	key := a.id + "/" + slot
	old := s.current[key]
	if t := s.tokens[old]; reuse && t != nil && !t.revoked && now.Before(t.expires) {
		s.tokenCalls[a.id]++
		s.mu.Unlock()
		reply(w, http.StatusOK, map[string]any{"access_token": old, "expires_in": int64(t.expires.Sub(now) / time.Second)})
		return
	}
	if t := s.tokens[old]; t != nil && s.Strict {
		t.revoked = true
	}
	tok := randomHex(32)
	s.tokens[tok] = &token{appID: a.id, expires: now.Add(tokenTTL)}
	s.current[key] = tok
	s.tokenCalls[a.id]++
	s.mu.Unlock()
	reply(w, http.StatusOK, map[string]any{"access_token": tok, "expires_in": int64(tokenTTL / time.Second)})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("grant_type") != "client_credential" {
		errReply(w, 40002, "invalid grant_type")
		return
	}
	a, ok := s.checkApp(w, q.Get("appid"), q.Get("secret"))
	if !ok {
		return
	}
	s.issue(w, a, slotToken, false)
}

func (s *Server) stableToken(w http.ResponseWriter, r *http.Request) {
	if !requirePost(w, r) {
		return
	}
	var req struct {
		GrantType    string `json:"grant_type"`
		AppID        string `json:"appid"`
		Secret       string `json:"secret"`
		ForceRefresh bool   `json:"force_refresh"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		errReply(w, 47001, "data format error")
		return
	}
	if req.GrantType != "client_credential" {
		errReply(w, 40002, "invalid grant_type")
		return
	}
	a, ok := s.checkApp(w, req.AppID, req.Secret)
	if !ok {
		return
	}
	s.issue(w, a, slotStable, !req.ForceRefresh)
}

func requirePost(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodPost {
		errReply(w, 43002, "require POST method")
		return false
	}
	return true
}

// auth checks the access_token parameter belongs to an app of kind; it answers and returns
// false when it does not.
func (s *Server) auth(w http.ResponseWriter, r *http.Request, kind appKind) bool {
	tok := r.URL.Query().Get("access_token")
	if tok == "" {
		errReply(w, 41001, "access_token missing")
		return false
	}
	s.mu.Lock()
	t, ok := s.tokens[tok]
	var tk token
	if ok {
		tk = *t
	}
	now := s.now()
	s.mu.Unlock()
	switch {
	case !ok || tk.revoked:
		errReply(w, 40001, "invalid credential, access_token is invalid or not latest")
	case !now.Before(tk.expires):
		errReply(w, 42001, "access_token expired")
	case s.apps[tk.appID].kind != kind:
		errReply(w, 48001, "api unauthorized")
	default:
		return true
	}
	return false
}

// parseMenu checks a menu/create body and returns its button array, or a WeChat error.
func parseMenu(body []byte) (json.RawMessage, int, string) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil || m == nil {
		return nil, 47001, "data format error"
	}
	var buttons []json.RawMessage
	if err := json.Unmarshal(m["button"], &buttons); err != nil || len(buttons) == 0 || len(buttons) > 3 {
		return nil, 40016, "invalid button size"
	}
	for _, b := range buttons {
		var btn map[string]json.RawMessage
		if err := json.Unmarshal(b, &btn); err != nil || btn == nil {
			return nil, 47001, "data format error"
		}
		if sub, ok := btn["sub_button"]; ok {
			var subs []json.RawMessage
			if err := json.Unmarshal(sub, &subs); err != nil || len(subs) > 5 {
				return nil, 40023, "invalid sub button size"
			}
		}
	}
	return bytes.Clone(m["button"]), 0, ""
}

func (s *Server) menuCreate(w http.ResponseWriter, r *http.Request) {
	if !requirePost(w, r) || !s.auth(w, r, officialAccount) {
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		errReply(w, -1, "system error")
		return
	}
	buttons, code, msg := parseMenu(body)
	if code != 0 {
		errReply(w, code, msg)
		return
	}
	s.mu.Lock()
	s.posted = body
	s.live = buttons
	s.menuID++
	s.mu.Unlock()
	errReply(w, 0, "ok")
}

func (s *Server) menuGet(w http.ResponseWriter, r *http.Request) {
	if !s.auth(w, r, officialAccount) {
		return
	}
	s.mu.Lock()
	buttons, id := s.live, s.menuID
	s.mu.Unlock()
	if buttons == nil {
		errReply(w, 46003, "menu no exist")
		return
	}
	type menu struct {
		Button json.RawMessage `json:"button"`
		MenuID int64           `json:"menuid"`
	}
	reply(w, http.StatusOK, map[string]any{"menu": menu{buttons, id}})
}

// takeCode checks the appid/secret/code/grant_type parameters of a code exchange and uses the
// code. It answers and returns nil on failure; usedCode is the errcode for a used code.
func (s *Server) takeCode(w http.ResponseWriter, r *http.Request, codes map[string]*code, param string, usedCode int, usedMsg string) *code {
	q := r.URL.Query()
	a, ok := s.checkApp(w, q.Get("appid"), q.Get("secret"))
	if !ok {
		return nil
	}
	if q.Get("grant_type") != "authorization_code" {
		errReply(w, 40002, "invalid grant_type")
		return nil
	}
	if q.Get(param) == "" {
		errReply(w, 41008, "missing code")
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := codes[q.Get(param)]
	switch {
	case c == nil || c.appID != a.id || !s.now().Before(c.expires):
		errReply(w, 40029, "invalid code")
		return nil
	case c.used:
		errReply(w, usedCode, usedMsg)
		return nil
	}
	c.used = true
	return c
}

func (s *Server) oauth(w http.ResponseWriter, r *http.Request) {
	c := s.takeCode(w, r, s.oauthCodes, "code", 40029, "invalid code")
	if c == nil {
		return
	}
	reply(w, http.StatusOK, map[string]any{
		"access_token":  randomHex(32),
		"expires_in":    int64(tokenTTL / time.Second),
		"refresh_token": randomHex(32),
		"openid":        c.openID,
		"scope":         "snsapi_base",
	})
}

func (s *Server) jscode2session(w http.ResponseWriter, r *http.Request) {
	c := s.takeCode(w, r, s.mpCodes, "js_code", 40163, "code been used")
	if c == nil {
		return
	}
	reply(w, http.StatusOK, map[string]any{"openid": c.openID, "session_key": c.sessionKey})
}

// record stores an accepted message and answers its msgid.
func (s *Server) record(w http.ResponseWriter, m SentMessage) {
	s.mu.Lock()
	s.msgID++
	m.MsgID = s.msgID
	m.At = s.now()
	s.sent = append(s.sent, m)
	s.mu.Unlock()
	reply(w, http.StatusOK, map[string]any{"errcode": 0, "errmsg": "ok", "msgid": m.MsgID})
}

func (s *Server) template(w http.ResponseWriter, r *http.Request) {
	if !requirePost(w, r) || !s.auth(w, r, officialAccount) {
		return
	}
	var req struct {
		ToUser      string `json:"touser"`
		TemplateID  string `json:"template_id"`
		URL         string `json:"url"`
		MiniProgram struct {
			PagePath string `json:"pagepath"`
		} `json:"miniprogram"`
		Data map[string]struct {
			Value string `json:"value"`
		} `json:"data"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		errReply(w, 47001, "data format error")
		return
	}
	if req.ToUser == "" {
		errReply(w, 40003, "invalid openid")
		return
	}
	if req.TemplateID == "" {
		errReply(w, 40037, "invalid template_id")
		return
	}
	s.mu.Lock()
	unsub := s.unsubscribed[req.ToUser]
	s.mu.Unlock()
	if unsub {
		errReply(w, 43004, "require subscribe")
		return
	}
	data := make(map[string]string, len(req.Data))
	for k, v := range req.Data {
		data[k] = v.Value
	}
	s.record(w, SentMessage{API: "template", ToUser: req.ToUser, TemplateID: req.TemplateID, URL: req.URL,
		Page: req.MiniProgram.PagePath, Data: data})
}

func (s *Server) subscribe(w http.ResponseWriter, r *http.Request) {
	if !requirePost(w, r) || !s.auth(w, r, miniProgram) {
		return
	}
	var req struct {
		ToUser     string `json:"touser"`
		TemplateID string `json:"template_id"`
		Page       string `json:"page"`
		Data       map[string]struct {
			Value any `json:"value"`
		} `json:"data"`
	}
	dec := json.NewDecoder(r.Body)
	dec.UseNumber() // keep numbers as sent: 12345678, not 1.2345678e+07
	if err := dec.Decode(&req); err != nil {
		errReply(w, 47001, "data format error")
		return
	}
	if req.ToUser == "" {
		errReply(w, 40003, "invalid openid")
		return
	}
	if req.TemplateID == "" {
		errReply(w, 40037, "invalid template_id")
		return
	}
	data := make(map[string]string, len(req.Data))
	for k, v := range req.Data {
		switch v.Value.(type) {
		case string, json.Number, bool:
			data[k] = fmt.Sprint(v.Value)
		default: // null, object or array
			errReply(w, 47003, "argument invalid! data."+k+".value invalid")
			return
		}
		// The field types' length limits (thing: 20 characters, phrase: 5, …).
		if limit, ok := subscribeLimits[strings.TrimRight(k, "0123456789")]; ok && utf8.RuneCountInString(data[k]) > limit {
			errReply(w, 47003, "argument invalid! data."+k+".value invalid")
			return
		}
	}
	s.record(w, SentMessage{API: "subscribe", ToUser: req.ToUser, TemplateID: req.TemplateID, Page: req.Page, Data: data})
}

// subscribeLimits are WeChat's length limits of subscribe message field types, in characters.
var subscribeLimits = map[string]int{"thing": 20, "phrase": 5, "character_string": 32, "name": 10, "number": 32, "letter": 32,
	"symbol": 5, "car_number": 8}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
