package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/szxinfang/xinfang/store/sms/aliyunfake"
)

func init() {
	register(scenario{name: "booking", help: "POST /api/v1/bookings by signed-in citizens (the server's SMS must go to -sms-fake)",
		prepare: prepareBooking, warmup: 5 * time.Second})
}

// prepareBooking signs in one citizen per booking the way a real one does — an SMS code (read
// from the local SMS fake the server is pointed at), then /api/v1/login/phone — and prepares one
// booking request per citizen, spread over the bookable sessions. The server must run with
// XF_SMS_ENDPOINT=<-sms-fake> XF_SMS_SCHEME=http XF_SMS_ACCESS_KEY_ID=bench
// XF_SMS_ACCESS_KEY_SECRET=bench, limits raised (XF_VERIFY_PER_IP_HOUR, XF_VERIFY_PER_IP_DAY,
// XF_BOOKING_PER_IP_HOUR) and enough places (XF_BOOKING_CAPACITY) on a fresh database.
func prepareBooking(ctx context.Context, o options) (vegeta.Targeter, func(), error) {
	fake, err := aliyunfake.Listen(o.SMSFake, "bench", "bench", time.Now)
	if err != nil {
		return nil, nil, fmt.Errorf("-sms-fake %s: %w", o.SMSFake, err)
	}
	n := max(4000, int(1500*(o.Duration+o.Warmup).Seconds())) // flat out: more than the server can take
	if o.Rate > 0 {
		n = int(float64(o.Rate)*(o.Duration+o.Warmup).Seconds()*1.05) + 50
	}
	client := &http.Client{Timeout: 30 * time.Second}

	// The sessions with places.
	resp, err := client.Get(o.Target + "/api/v1/booking/sessions")
	if err != nil {
		fake.Close()
		return nil, nil, err
	}
	var offers struct {
		Sessions []struct {
			Day, Session, Leader string
			Free                 int
		} `json:"sessions"`
	}
	json.NewDecoder(resp.Body).Decode(&offers)
	resp.Body.Close()
	type slot struct{ day, session string }
	var slots []slot
	free := 0
	for _, s := range offers.Sessions {
		if s.Free > 0 && s.Leader == "" {
			slots = append(slots, slot{s.Day, s.Session})
			free += s.Free
		}
	}
	if free < n {
		fake.Close()
		return nil, nil, fmt.Errorf("the server has %d free places for %d bookings: start it on a fresh database with XF_BOOKING_CAPACITY raised", free, n)
	}

	fmt.Fprintf(o.Out, "signing in %d citizens (SMS code + login) …\n", n)
	tokens, phones, err := signIn(ctx, &benchClient{target: o.Target, http: client}, fake, n)
	if err != nil {
		fake.Close()
		return nil, nil, err
	}

	targets := make([]vegeta.Target, n)
	for i := range targets {
		s := slots[i%len(slots)]
		body, _ := json.Marshal(map[string]string{"name": "测试群众", "phone": phones[i],
			"matter": fmt.Sprintf("压力测试事项第%d号：小区道路长期积水，请求维修排水设施", i), "district": "福田区",
			"department": "市城市管理和综合执法局", "day": s.day, "session": s.session})
		targets[i] = vegeta.Target{Method: http.MethodPost, URL: o.Target + "/api/v1/bookings", Body: body,
			Header: http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + tokens[i]}}}
	}
	var at atomic.Int64
	tr := func(t *vegeta.Target) error {
		i := at.Add(1) - 1
		if i >= int64(len(targets)) {
			return vegeta.ErrNoTargets
		}
		*t = targets[i]
		return nil
	}
	return tr, fake.Close, nil
}
