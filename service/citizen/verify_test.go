package citizen_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/citizen"
	"github.com/szxinfang/xinfang/service/notify"
	"github.com/szxinfang/xinfang/service/servicetest"
	"github.com/szxinfang/xinfang/store/cache"
	"github.com/szxinfang/xinfang/store/sqlstore"
	"github.com/szxinfang/xinfang/store/storetest"
)

func newVerify(t *testing.T, cache service.Cache, clock *storetest.Clock) (*citizen.Verifier, *sqlstore.DB) {
	t.Helper()
	db := storetest.OpenSQLite(t, clock.Now)
	return &citizen.Verifier{Cache: cache, Outbox: db, Templates: servicetest.Templates(t), Hash: db.PII.BlindIndex, Now: clock.Now, Log: servicetest.Discard,
		TTL: 5 * time.Minute, MaxTries: 5, PerPhoneMinute: 1, PerPhoneHour: 5, PerPhoneDay: 10, PerIPHour: 30, PerIPDay: 100}, db
}

// sentCode reads the newest verification code from the outbox, as the SMS would carry it.
func sentCode(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	list, err := db.ListOutbox(context.Background(), notify.Filter{Kind: "verify_code", Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("no code queued: %v", err)
	}
	return list[0].Params["code"]
}

func TestVerificationCode(t *testing.T) {
	for _, cb := range storetest.Caches() {
		t.Run(cb.Name, func(t *testing.T) {
			clock := storetest.NewClock(servicetest.FixedNow)
			v, db := newVerify(t, cb.Open(t, clock.Now), clock)
			ctx := context.Background()
			if _, err := v.Send(ctx, citizen.PurposeBooking, "1380013800", "1.2.3.4"); service.AsError(err).Field != "phone" {
				t.Fatalf("bad phone: %v", err)
			}
			if _, err := v.Send(ctx, citizen.PurposeBooking, "13800138000", "1.2.3.4"); err != nil {
				t.Fatal(err)
			}
			code := sentCode(t, db)
			if len(code) != 6 {
				t.Fatalf("code %q", code)
			}
			wrong := fmt.Sprintf("%06d", (atoi(code)+1)%1000000)
			for i := 4; i >= 1; i-- {
				err := v.Check(ctx, citizen.PurposeBooking, "13800138000", wrong)
				if e := service.AsError(err); e.Field != "code" || e.Message != fmt.Sprintf("验证码错误，还可尝试 %d 次", i) {
					t.Fatalf("wrong try: %v", err)
				}
			}
			if err := v.Check(ctx, citizen.PurposeQuery, "13800138000", code); err == nil {
				t.Fatal("a booking code worked for another purpose")
			}
			if err := v.Check(ctx, citizen.PurposeBooking, "13800138000", code); err != nil {
				t.Fatalf("right code after 4 wrong tries: %v", err)
			}
			if err := v.Check(ctx, citizen.PurposeBooking, "13800138000", code); err == nil {
				t.Fatal("a used code worked again")
			}

			// Five wrong tries withdraw the code.
			v.Send(ctx, citizen.PurposeQuery, "13900139000", "1.2.3.4")
			code = sentCode(t, db)
			wrong = fmt.Sprintf("%06d", (atoi(code)+1)%1000000)
			for i := 0; i < 5; i++ {
				v.Check(ctx, citizen.PurposeQuery, "13900139000", wrong)
			}
			// The right code no longer works, and the answer keeps saying why and what to do (not
			// "expired").
			if err := v.Check(ctx, citizen.PurposeQuery, "13900139000", code); err == nil || !strings.Contains(service.AsError(err).Message, "错误次数过多") ||
				!strings.Contains(service.AsError(err).Message, "获取验证码") {
				t.Fatalf("the right code after five wrong tries: %v", err)
			}

			// A second code within the minute is refused with the wait.
			_, err := v.Send(ctx, citizen.PurposeQuery, "13900139000", "1.2.3.4")
			if e := service.AsError(err); e.Code != service.ETooMany || e.RetryAfter <= 0 || e.RetryAfter > time.Minute {
				t.Fatalf("second code in a minute: %+v", e)
			}
			// A new code (the minute's limit raised, rather than waited for: Redis keeps real time)
			// works after the withdrawn one.
			v.PerPhoneMinute = 5
			clock.Add(time.Second) // a new message key (they carry the send time)
			if _, err := v.Send(ctx, citizen.PurposeQuery, "13900139000", "1.2.3.4"); err != nil {
				t.Fatal(err)
			}
			if err := v.Check(ctx, citizen.PurposeQuery, "13900139000", sentCode(t, db)); err != nil {
				t.Fatalf("a new code after the withdrawn one: %v", err)
			}
		})
	}
}

func atoi(s string) int {
	n := 0
	fmt.Sscan(s, &n)
	return n
}

// Time-window limits, on the in-process cache whose clock the test can move, at every instant:
// the hour's window opens with the first code (no fresh allowance at the top of the clock
// hour), the day is the Beijing calendar day.
func TestVerificationLimits(t *testing.T) {
	storetest.ForEachInstant(t, testVerificationLimits)
}

func testVerificationLimits(t *testing.T, clock *storetest.Clock) {
	cache := cache.NewMemoryCache(clock.Now)
	defer cache.Close()
	v, db := newVerify(t, cache, clock)
	ctx := context.Background()
	phone := "13700137000"
	for i := 0; i < 5; i++ {
		if _, err := v.Send(ctx, citizen.PurposeBooking, phone, "10.0.0.1"); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
		clock.Add(61 * time.Second)
	}
	_, err := v.Send(ctx, citizen.PurposeBooking, phone, "10.0.0.1")
	if e := service.AsError(err); e.Code != service.ETooMany || e.RetryAfter <= 0 {
		t.Fatalf("6th in an hour: %v", err)
	}
	// The code still expires after five minutes.
	code := sentCode(t, db)
	clock.Add(5 * time.Minute)
	if err := v.Check(ctx, citizen.PurposeBooking, phone, code); err == nil {
		t.Fatal("an expired code worked")
	}
	// 10 a Beijing day: from 08:00 the next day, ten codes an hour apart, then the 11th is
	// refused until midnight, and the day after it is allowed again.
	next := service.DateOf(clock.Now()).AddDays(1)
	clock.Set(next.At("08:00"))
	for i := 0; i < 10; i++ {
		if _, err := v.Send(ctx, citizen.PurposeBooking, phone, "10.0.0.1"); err != nil {
			t.Fatalf("send %d on %s: %v", i+1, next, err)
		}
		clock.Add(time.Hour + time.Second)
	}
	_, err = v.Send(ctx, citizen.PurposeBooking, phone, "10.0.0.1")
	e := service.AsError(err)
	if e.Code != service.ETooMany || e.Message != "该手机号今日获取验证码次数已达上限，请明天再试" {
		t.Fatalf("11th today: %v", err)
	}
	if left := next.AddDays(1).At("00:00").Sub(clock.Now()); e.RetryAfter <= 0 || e.RetryAfter > left {
		t.Fatalf("retry after %v, midnight is %v away", e.RetryAfter, left)
	}
	clock.Set(next.AddDays(1).At("00:00").Add(time.Second))
	if _, err := v.Send(ctx, citizen.PurposeBooking, phone, "10.0.0.1"); err != nil {
		t.Fatalf("first code of the next day: %v", err)
	}
	// Per IP: many phones from one address.
	for i := 0; i < 30; i++ {
		v.Send(ctx, citizen.PurposeBooking, fmt.Sprintf("1350000%04d", i), "10.9.9.9")
	}
	if _, err := v.Send(ctx, citizen.PurposeBooking, "13600000000", "10.9.9.9"); service.ErrorCode(err) != service.ETooMany {
		t.Fatalf("31st from one IP in an hour: %v", err)
	}
}

// A client over its own limit spends nobody's quota: requests from an address that has used
// up its codes do not count against the phone they name, so nobody can lock a citizen out of
// sign-in until midnight.
func TestCallerLimitsComeBeforeThePhoneQuota(t *testing.T) {
	clock := servicetest.FixedClock()
	cache := cache.NewMemoryCache(clock.Now)
	defer cache.Close()
	v, _ := newVerify(t, cache, clock)
	ctx := context.Background()
	for i := 0; i < 30; i++ {
		if _, err := v.Send(ctx, citizen.PurposeLogin, fmt.Sprintf("1350000%04d", i), "10.6.6.6"); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	victim := "13912345678"
	for i := 0; i < 12; i++ {
		_, err := v.Send(ctx, citizen.PurposeLogin, victim, "10.6.6.6")
		if e := service.AsError(err); e.Code != service.ETooMany || e.Message != service.MsgTooMany {
			t.Fatalf("attacker's request %d: %v", i, err)
		}
	}
	if _, err := v.Send(ctx, citizen.PurposeLogin, victim, "10.1.2.3"); err != nil {
		t.Fatalf("the victim's own request: %v", err)
	}
}
