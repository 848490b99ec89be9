package service

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"
)

// InboundMessage is a message or event the official account received, already verified and
// decrypted by the handler.
type InboundMessage struct {
	ToUser     string
	OpenID     string // FromUserName
	CreateTime int64
	MsgType    string // text, image, voice, video, location, link, event
	Content    string
	MsgID      int64
	Event      string // subscribe, unsubscribe, CLICK, VIEW, SCAN, LOCATION…
	EventKey   string
	Ticket     string
	MenuID     string
	ReceivedAt time.Time
}

// dedupKey identifies a message across WeChat's retries: the MsgId for messages, sender and
// creation time (plus event) for events, which have none.
func (m *InboundMessage) dedupKey() string {
	if m.MsgID != 0 {
		return "m:" + strconv.FormatInt(m.MsgID, 10)
	}
	return "e:" + m.OpenID + ":" + strconv.FormatInt(m.CreateTime, 10) + ":" + m.Event + ":" + m.EventKey
}

// WeChatReply is what the account answers: a text, or nothing (WeChat then shows nothing).
type WeChatReply struct {
	Text string `json:"t,omitempty"`
}

// WeChatReplies are the configured texts (configs/wechat.yaml).
type WeChatReplies struct {
	Welcome  string
	Scan     map[string]string
	Clicks   map[string]string
	Keywords []KeywordReply
	Default  string
}

// KeywordReply answers a text containing any of Words.
type KeywordReply struct {
	Words []string
	Reply string
}

// WeChatStore records what the account receives, for staff.
type WeChatStore interface {
	// RecordWeChat appends messages and applies follow/unfollow events, in one transaction.
	RecordWeChat(ctx context.Context, msgs []InboundMessage) error
	ListWeChatMessages(ctx context.Context, openID string, beforeID int64, limit int) ([]WeChatRecord, error)
}

// WeChatRecord is a received message as staff see it.
type WeChatRecord struct {
	ID         int64     `json:"id"`
	OpenID     string    `json:"openid"`
	MsgType    string    `json:"msg_type"`
	Event      string    `json:"event,omitempty"`
	EventKey   string    `json:"event_key,omitempty"`
	Content    string    `json:"content,omitempty"`
	MsgID      int64     `json:"msg_id,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	ReceivedAt time.Time `json:"received_at"`
}

// WeChatService answers the official account's messages. Answers are computed from
// configuration (no I/O), so the reply is immediate; the only synchronous I/O is one cache
// write that de-duplicates WeChat's retries and remembers the answer so a retry gets the same
// one. Recording for staff happens in the background, in batches.
type WeChatService struct {
	Cache    Cache
	Replies  *WeChatReplies
	Recorder *WeChatRecorder
	Log      *slog.Logger
	DedupTTL time.Duration
}

// Handle answers m. A retry of a message already answered gets the same answer and no second
// processing. A cache failure does not stop the answer: WeChat's user is served, at the risk of
// recording a retry twice.
func (s *WeChatService) Handle(ctx context.Context, m InboundMessage) (*WeChatReply, error) {
	reply := s.answer(&m)
	enc, _ := json.Marshal(reply)
	key := "wx:dup:" + m.dedupKey()
	first, err := s.Cache.SetNX(ctx, key, string(enc), s.DedupTTL)
	if err != nil {
		s.Log.WarnContext(ctx, "wechat de-duplication unavailable", "err", err)
		first = true
	}
	if !first {
		prev, err := s.Cache.Get(ctx, key)
		var r WeChatReply
		if err == nil && json.Unmarshal([]byte(prev), &r) == nil {
			return &r, nil
		}
		return reply, nil
	}
	s.Recorder.Add(m)
	return reply, nil
}

// answer picks the reply for m from the configured texts.
func (s *WeChatService) answer(m *InboundMessage) *WeChatReply {
	r := s.Replies
	switch m.MsgType {
	case "event":
		switch strings.ToLower(m.Event) {
		case "subscribe":
			// Following by scanning a parametric QR code: EventKey is qrscene_<scene>.
			if scene, ok := strings.CutPrefix(m.EventKey, "qrscene_"); ok {
				if t := r.Scan[scene]; t != "" {
					return &WeChatReply{Text: r.Welcome + "\n\n" + t}
				}
			}
			return &WeChatReply{Text: r.Welcome}
		case "scan":
			if t := r.Scan[m.EventKey]; t != "" {
				return &WeChatReply{Text: t}
			}
			return &WeChatReply{Text: r.Welcome}
		case "click":
			if t := r.Clicks[m.EventKey]; t != "" {
				return &WeChatReply{Text: t}
			}
			return &WeChatReply{Text: r.Default}
		default:
			// unsubscribe, VIEW, LOCATION, template send results…: recorded, no answer.
			return &WeChatReply{}
		}
	case "text":
		for _, k := range r.Keywords {
			for _, w := range k.Words {
				if strings.Contains(m.Content, w) {
					return &WeChatReply{Text: k.Reply}
				}
			}
		}
		return &WeChatReply{Text: r.Default}
	default:
		return &WeChatReply{Text: r.Default}
	}
}

// WeChatRecorder writes received messages to the store in batches from a background goroutine.
// Add never blocks the reply for long: when the queue is full it waits for room (back-pressure
// rather than loss). Close flushes what is queued.
type WeChatRecorder struct {
	Store WeChatStore
	Log   *slog.Logger
	// Batch is the most messages per transaction; Every the longest a message waits.
	Batch int
	Every time.Duration

	once sync.Once
	ch   chan InboundMessage
	done chan struct{}
}

func (r *WeChatRecorder) init() {
	r.once.Do(func() {
		r.ch = make(chan InboundMessage, 4*r.Batch)
		r.done = make(chan struct{})
		go r.loop()
	})
}

// Add queues m for recording.
func (r *WeChatRecorder) Add(m InboundMessage) {
	r.init()
	r.ch <- m
}

// Close flushes the queue and stops the writer.
func (r *WeChatRecorder) Close() {
	r.init()
	close(r.ch)
	<-r.done
}

func (r *WeChatRecorder) loop() {
	defer close(r.done)
	batch := make([]InboundMessage, 0, r.Batch)
	t := time.NewTicker(r.Every)
	defer t.Stop()
	flush := func() {
		if len(batch) == 0 {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		for attempt := 0; attempt < 3; attempt++ {
			err := r.Store.RecordWeChat(ctx, batch)
			if err == nil {
				break
			}
			r.Log.Error("record wechat messages", "count", len(batch), "attempt", attempt+1, "err", err)
			time.Sleep(time.Duration(attempt+1) * 200 * time.Millisecond)
		}
		batch = batch[:0]
	}
	for {
		select {
		case m, ok := <-r.ch:
			if !ok {
				flush()
				return
			}
			batch = append(batch, m)
			if len(batch) >= r.Batch {
				flush()
			}
		case <-t.C:
			flush()
		}
	}
}

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
