// Package citizen signs citizens in: SMS verification codes (kept only as keyed hashes, limited
// per phone and per caller), phone sign-in, WeChat web authorization and mini-program login.
package citizen

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/notify"
)

// Verification code purposes.
const (
	PurposeBooking = "booking" // booking a reception
	PurposeQuery   = "query"   // looking up bookings and cases
	PurposeLogin   = "login"   // H5 sign-in outside WeChat
)

// Verifier sends and checks the 6-digit SMS verification codes citizens use to prove a
// phone is theirs. Codes are kept only as keyed hashes, live TTL, allow MaxTries wrong tries and
// are deleted once used. Sending is limited per phone (like Alibaba Cloud's own limits, so our
// refusal comes first and says why) and per client IP.
type Verifier struct {
	Cache  service.Cache
	Outbox interface {
		Enqueue(ctx context.Context, msgs ...*notify.Message) error
	}
	Templates *notify.Templates
	// Hash is a keyed hash (the PII blind index), so a cache dump reveals neither phones nor
	// codes.
	Hash func(kind, value string) string
	Now  func() time.Time
	Kick func()
	Log  *slog.Logger

	TTL            time.Duration
	MaxTries       int
	PerPhoneMinute int
	PerPhoneHour   int
	PerPhoneDay    int
	PerIPHour      int
	PerIPDay       int
}

func validPurpose(p string) bool {
	return p == PurposeBooking || p == PurposeQuery || p == PurposeLogin
}

// Send issues a new code for purpose to phone. It returns how long until another may be sent.
func (s *Verifier) Send(ctx context.Context, purpose, phone, ip string) (time.Duration, error) {
	phone = service.NormalizePhone(phone)
	if !service.ValidMobile(phone) {
		return 0, service.Invalid("phone", service.MsgPhoneBad)
	}
	if !validPurpose(purpose) {
		return 0, service.Invalid("purpose", "用途无效")
	}
	now := s.Now().In(service.Shanghai)
	ph := s.Hash("phone", phone)
	day := now.Format("20060102")
	untilMidnight := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, service.Shanghai).Sub(now)

	// The caller's own limits come first: a client over its limit spends nobody's quota.
	// Hour windows open with the first code (a fixed clock hour would allow twice the limit
	// across its top); days are Beijing calendar days, like the provider's.
	for _, l := range []service.Limit{
		{Key: "vc:ih:" + ip, Max: s.PerIPHour, Window: time.Hour, Message: service.MsgTooMany},
		{Key: "vc:id:" + ip + ":" + day, Max: s.PerIPDay, Window: untilMidnight, Message: service.MsgTooMany},
	} {
		if err := l.Count(ctx, s.Cache); err != nil {
			return 0, err
		}
	}
	// The phone's quota counts only codes actually sent: each window is counted (atomically, so
	// concurrent requests cannot pass a limit together) and every count is given back when a
	// limit refuses or the code is not sent.
	var counted []string
	undo := func() {
		bg := context.WithoutCancel(ctx)
		for _, k := range counted {
			_ = s.Cache.Decr(bg, k)
		}
	}
	for _, l := range []service.Limit{
		{Key: "vc:pm:" + ph, Max: s.PerPhoneMinute, Window: time.Minute, Message: ""},
		{Key: "vc:ph:" + ph, Max: s.PerPhoneHour, Window: time.Hour, Message: "该手机号一小时内获取验证码次数过多，请稍后再试"},
		{Key: "vc:pd:" + ph + ":" + day, Max: s.PerPhoneDay, Window: untilMidnight, Message: "该手机号今日获取验证码次数已达上限，请明天再试"},
	} {
		err := l.Count(ctx, s.Cache)
		if err == nil || service.ErrorCode(err) == service.ETooMany {
			counted = append(counted, l.Key)
		}
		if err != nil {
			undo()
			e := service.AsError(err)
			e.Field = "phone"
			if e.Code == service.ETooMany && l.Message == "" {
				e.Message = fmt.Sprintf("验证码发送过于频繁，请 %d 秒后再试", int((e.RetryAfter+time.Second-1)/time.Second))
			}
			return 0, e
		}
	}

	code := randomDigits(6)
	entry, _ := json.Marshal(codeEntry{Hash: s.Hash("vcode", purpose+"|"+phone+"|"+code)})
	key := "vc:code:" + purpose + ":" + ph
	msg, err := s.Templates.SMS("verify_code", phone, map[string]string{"code": code},
		// Each code is its own message: two codes asked for within one clock tick must not
		// share a key (the second would be taken for a repeat of the first and never sent).
		fmt.Sprintf("vcode:%s:%s:%d:%s", purpose, ph, now.UnixNano(), service.RandomToken(6)), "verify", purpose)
	if err != nil {
		undo()
		return 0, err
	}
	// The code is valid once stored; the SMS follows through the outbox. A failure to record the
	// SMS withdraws the code, so the citizen is never left waiting for a text that will not come.
	if err := s.Cache.Set(ctx, key, string(entry), s.TTL); err != nil {
		undo()
		return 0, service.Internal(err)
	}
	_ = s.Cache.Del(ctx, "vc:try:"+purpose+":"+ph, spentKey(purpose, ph))
	if err := s.Outbox.Enqueue(ctx, msg); err != nil {
		_ = s.Cache.Del(ctx, key)
		undo()
		return 0, service.Internal(err)
	}
	if s.Kick != nil {
		s.Kick()
	}
	s.Log.InfoContext(ctx, "verification code issued", "purpose", purpose, "to", service.MaskPhone(phone))
	return time.Minute, nil
}

type codeEntry struct {
	Hash string `json:"h"`
}

// Check verifies a code. The code is consumed on success; after MaxTries wrong tries it is
// withdrawn and a new one must be requested.
func (s *Verifier) Check(ctx context.Context, purpose, phone, code string) error {
	phone = service.NormalizePhone(phone)
	if !service.ValidMobile(phone) {
		return service.Invalid("phone", service.MsgPhoneBad)
	}
	if len(code) != 6 {
		return service.Invalid("code", "请输入 6 位短信验证码")
	}
	ph := s.Hash("phone", phone)
	key, tryKey := "vc:code:"+purpose+":"+ph, "vc:try:"+purpose+":"+ph
	raw, err := s.Cache.Get(ctx, key)
	if errors.Is(err, service.ErrCacheMiss) {
		// Withdrawn after too many wrong tries: say so again (not "expired"), and how to go on.
		if _, err := s.Cache.Get(ctx, spentKey(purpose, ph)); err == nil {
			return service.Invalid("code", msgTooManyTries)
		}
		return service.Invalid("code", "验证码已失效，请点“获取验证码”重新获取")
	} else if err != nil {
		return service.Internal(err)
	}
	var e codeEntry
	if err := json.Unmarshal([]byte(raw), &e); err != nil {
		return service.Internal(err)
	}
	tries, err := s.Cache.Incr(ctx, tryKey, s.TTL)
	if err != nil {
		return service.Internal(err)
	}
	if tries > int64(s.MaxTries) {
		s.withdraw(ctx, key, tryKey, purpose, ph)
		return service.Invalid("code", msgTooManyTries)
	}
	want := s.Hash("vcode", purpose+"|"+phone+"|"+code)
	if subtle.ConstantTimeCompare([]byte(want), []byte(e.Hash)) != 1 {
		left := int64(s.MaxTries) - tries
		if left <= 0 {
			s.withdraw(ctx, key, tryKey, purpose, ph)
			return service.Invalid("code", msgTooManyTries)
		}
		return service.Invalid("code", fmt.Sprintf("验证码错误，还可尝试 %d 次", left))
	}
	// Consume: only the first of two concurrent correct checks wins.
	if ok, err := s.Cache.DelIfEqual(ctx, key, raw); err != nil {
		return service.Internal(err)
	} else if !ok {
		return service.Invalid("code", "验证码已失效，请重新获取")
	}
	_ = s.Cache.Del(ctx, tryKey)
	return nil
}

const msgTooManyTries = "验证码错误次数过多，已作废，请点“获取验证码”重新获取"

// spentKey marks a phone whose code was withdrawn after too many wrong tries.
func spentKey(purpose, ph string) string { return "vc:spent:" + purpose + ":" + ph }

// withdraw removes a code after too many wrong tries and remembers why until a new one is sent.
func (s *Verifier) withdraw(ctx context.Context, key, tryKey, purpose, ph string) {
	_ = s.Cache.Del(ctx, key, tryKey)
	_ = s.Cache.Set(ctx, spentKey(purpose, ph), "1", s.TTL)
}

func randomDigits(n int) string {
	b := make([]byte, n)
	for i := range b {
		d, _ := rand.Int(rand.Reader, big.NewInt(10))
		b[i] = byte('0' + d.Int64())
	}
	return string(b)
}

// CodeTTL is how long a verification code lives.
func (s *Verifier) CodeTTL() time.Duration { return s.TTL }
