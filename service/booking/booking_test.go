package booking_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/configs"
	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
	"github.com/szxinfang/xinfang/service/citizen"
	"github.com/szxinfang/xinfang/service/notify"
	"github.com/szxinfang/xinfang/service/servicetest"
	"github.com/szxinfang/xinfang/store/cache"
	"github.com/szxinfang/xinfang/store/sqlstore"
	"github.com/szxinfang/xinfang/store/storetest"
)

type bookingRig struct {
	svc   *booking.Service
	db    *sqlstore.DB
	clock *storetest.Clock
	start time.Time
	// days are the bookable working days from the clock's start, soonest first.
	days []service.Date
}

// newBookingRig builds the booking service on backend b with a clock starting at clock's time.
// The tests speak of days relative to that start (r.day(0) is the first bookable working day),
// so they hold at every instant they run at.
func newBookingRig(t testing.TB, b storetest.Backend, clock *storetest.Clock) *bookingRig {
	t.Helper()
	db := b.Open(t, clock.Now)
	cache := cache.NewMemoryCache(clock.Now)
	t.Cleanup(cache.Close)
	tpl := servicetest.Templates(t)
	cal, err := configs.Calendar("")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := configs.BookingConfig("", tpl.MaxLen)
	if err != nil {
		t.Fatal(err)
	}
	verify := &citizen.Verifier{Cache: cache, Outbox: db, Templates: tpl, Hash: db.PII.BlindIndex, Now: clock.Now, Log: servicetest.Discard,
		TTL: 5 * time.Minute, MaxTries: 5, PerPhoneMinute: 1, PerPhoneHour: 5, PerPhoneDay: 10, PerIPHour: 1000, PerIPDay: 1000}
	svc := &booking.Service{Store: sqlstore.Bookings{DB: db}, Cal: cal, Cfg: cfg, Verify: verify, Templates: tpl, Cache: cache, Hash: db.PII.BlindIndex,
		Now: clock.Now, Log: servicetest.Discard, Users: db, Units: servicetest.Data(t).Units, PerPhoneDay: 5, PerIPHour: 30}
	if err := svc.EnsureSchedule(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := &bookingRig{svc: svc, db: db, clock: clock, start: clock.Now()}
	first, last := svc.Window()
	for d := first; d <= last; d = d.AddDays(1) {
		if cal.IsWorkday(d) {
			r.days = append(r.days, d)
		}
	}
	if len(r.days) < 6 {
		t.Fatalf("only %d bookable days from %s", len(r.days), r.start)
	}
	return r
}

// day is the i-th bookable working day from the rig's start.
func (r *bookingRig) day(i int) service.Date { return r.days[i] }

// ds is the i-th bookable working day as a string, for inputs.
func (r *bookingRig) ds(i int) string { return string(r.days[i]) }

func input(phone, day, session string) booking.Input {
	return booking.Input{Name: "赵先生", Phone: phone, Matter: "培训机构因疫情停业拖欠房租，房东锁门无法营业，请求协调开锁", District: "福田区",
		Street: "园岭街道", Department: "市人力资源和社会保障局", Day: day, Session: session}
}

func verified(phone string) *citizen.Session { return &citizen.Session{Phone: phone} }

// outbox lists the messages about a booking, by kind.
func (r *bookingRig) outbox(t testing.TB, id int64) map[string][]*notify.Message {
	t.Helper()
	list, err := r.db.ListOutbox(context.Background(), notify.Filter{RefType: "booking", RefID: fmt.Sprint(id), Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]*notify.Message{}
	for _, m := range list {
		out[m.Kind] = append(out[m.Kind], m)
	}
	return out
}

// A 调休 Saturday can be booked; a holiday Monday cannot.
func TestBookingFollowsTheHolidayCalendar(t *testing.T) {
	r := newBookingRig(t, storetest.Backends()[0], storetest.NewClock(time.Date(2026, 9, 28, 1, 0, 0, 0, time.UTC))) // Monday 2026-09-28
	ctx := context.Background()
	if err := r.svc.EnsureSchedule(ctx); err != nil {
		t.Fatal(err)
	}
	offers, _ := r.svc.Offers(ctx)
	days := map[service.Date]bool{}
	for _, o := range offers {
		days[o.Day] = true
	}
	if !days["2026-10-10"] || days["2026-10-05"] || days["2026-10-03"] || !days["2026-09-29"] || days["2026-09-28"] {
		t.Fatalf("offered days %v", days)
	}
	if _, err := r.svc.Book(ctx, verified("13800000001"), input("13800000001", "2026-10-10", "am"), "", "1.1.1.1"); err != nil {
		t.Fatalf("调休 Saturday: %v", err)
	}
	_, err := r.svc.Book(ctx, verified("13800000002"), input("13800000002", "2026-10-05", "am"), "", "1.1.1.1")
	if e := service.AsError(err); e.Field != "day" || !strings.Contains(e.Message, "国庆节") {
		t.Fatalf("holiday Monday: %v", err)
	}
}

// forEachBookingRig runs fn on every backend at every instant.
func forEachBookingRig(t *testing.T, fn func(t *testing.T, r *bookingRig)) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			storetest.ForEachInstant(t, func(t *testing.T, clock *storetest.Clock) { fn(t, newBookingRig(t, b, clock)) })
		})
	}
}

// forEachInstantRig runs fn on SQLite at every instant.
func forEachInstantRig(t *testing.T, fn func(t *testing.T, r *bookingRig)) {
	storetest.ForEachInstant(t, func(t *testing.T, clock *storetest.Clock) { fn(t, newBookingRig(t, storetest.Backends()[0], clock)) })
}

func TestBookAndAcknowledge(t *testing.T) {
	forEachBookingRig(t, func(t *testing.T, r *bookingRig) {
		db := r.db
		ctx := context.Background()
		b, err := r.svc.Book(ctx, verified("13812345678"), input("13812345678", r.ds(0), "am"), "", "1.1.1.1")
		if err != nil {
			t.Fatal(err)
		}
		if b.Status != booking.StatusPending || len(b.Code) != 8 || b.Room != "一号接待室" || b.SlotID == 0 {
			t.Fatalf("booking %+v", b)
		}
		msgs := r.outbox(t, b.ID)
		if len(msgs["booking_received"]) != 1 || msgs["booking_received"][0].Params["code"] != b.Code {
			t.Fatalf("acknowledgement %v", msgs)
		}
		// The same person and matter again is refused, also with other wording.
		in := input("13812345678", r.ds(1), "pm")
		in.Matter = "培训机构疫情期间停业，拖欠房租后房东锁门，无法营业，请求协调"
		_, err = r.svc.Book(ctx, verified("13812345678"), in, "", "1.1.1.1")
		if e := service.AsError(err); e.Code != service.EConflict || !strings.Contains(e.Message, b.Code) {
			t.Fatalf("same matter twice: %v", err)
		}
		// A different matter is fine.
		in.Matter = "小区门口道路长期积水，雨天无法通行，请求市政部门维修排水"
		if _, err := r.svc.Book(ctx, verified("13812345678"), in, "", "1.1.1.1"); err != nil {
			t.Fatal(err)
		}
		// Without a verified session the SMS code is required and checked.
		if _, err := r.svc.Book(ctx, nil, input("13900000000", r.ds(0), "am"), "", "1.1.1.1"); service.AsError(err).Field != "code" {
			t.Fatalf("no code: %v", err)
		}
		// Personal data is not in the database in the clear.
		var phone, matter string
		db.QueryRow(`SELECT phone_enc, matter_enc FROM bookings WHERE id = ?`, b.ID).Scan(&phone, &matter)
		if strings.Contains(phone, "13812345678") || strings.Contains(matter, "房租") {
			t.Fatal("phone or matter stored in the clear")
		}
	})
}

func TestBookingValidation(t *testing.T) {
	forEachInstantRig(t, testBookingValidation)
}

func testBookingValidation(t *testing.T, r *bookingRig) {
	ctx := context.Background()
	today := service.DateOf(r.start)
	_, last := r.svc.Window()
	restDay := service.Date("")
	for d := r.day(0); d <= last; d = d.AddDays(1) {
		if !r.svc.Cal.IsWorkday(d) && r.svc.Cal.Holiday(d) == "" {
			restDay = d
			break
		}
	}
	cases := []struct {
		name   string
		mutate func(*booking.Input)
		field  string
		msg    string
	}{
		{"landline", func(in *booking.Input) { in.Phone = "0755-88888888" }, "phone", "11 位手机号码"},
		{"bad ID check digit", func(in *booking.Input) { in.IDNumber = "440304199001011235" }, "id_number", "身份证号码有误"},
		{"today", func(in *booking.Input) { in.Day = string(today) }, "day", "可预约"},
		{"beyond the horizon", func(in *booking.Input) { in.Day = string(last.AddDays(1)) }, "day", "可预约"},
		{"a weekend day", func(in *booking.Input) { in.Day = string(restDay) }, "day", "休息日"},
		{"no matter", func(in *booking.Input) { in.Matter = "房租" }, "matter", "至少 10 个字"},
		{"unknown district", func(in *booking.Input) { in.District = "东城区" }, "district", "请选择"},
		{"street elsewhere", func(in *booking.Input) { in.Street = "蛇口街道" }, "street", "不属于福田区"},
		{"bad session", func(in *booking.Input) { in.Session = "night" }, "session", "上午或下午"},
		{"bad name", func(in *booking.Input) { in.Name = "x" }, "name", "姓名"},
		{"bad earlier case", func(in *booking.Input) { in.History = "repeat"; in.EarlierCases = "编号!!" }, "earlier_cases", "编号"},
	}
	for _, tc := range cases {
		in := input("13812345678", r.ds(0), "am")
		if tc.name == "a weekend day" && restDay == "" {
			continue // the window holds no plain weekend day (holidays only)
		}
		tc.mutate(&in)
		_, err := r.svc.Book(ctx, verified(in.Phone), in, "", "1.1.1.1")
		e := service.AsError(err)
		if e.Code != service.EInvalid || e.Field != tc.field || !strings.Contains(e.Message, tc.msg) {
			t.Errorf("%s: got %+v", tc.name, e)
		}
	}
	list, _ := r.db.ListBookings(ctx, booking.Filter{Limit: 10})
	if len(list) != 0 {
		t.Fatal("an invalid booking was stored")
	}
	msgs, _ := r.db.ListOutbox(ctx, notify.Filter{Limit: 10})
	if len(msgs) != 0 {
		t.Fatal("an invalid booking sent an SMS")
	}
}

// setSession leaves exactly places free in (day, session), spread over the rooms.
func (r *bookingRig) setSession(t testing.TB, day service.Date, session string, caps ...int) {
	t.Helper()
	slots, err := r.db.ListSlots(context.Background(), day, day)
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for _, sl := range slots {
		if sl.Session != session || sl.Leader != "" {
			continue
		}
		if _, _, err := r.svc.UpdateSlot(servicetest.StaffCtx(service.RoleAdmin), sl.ID, caps[i], false, ""); err != nil {
			t.Fatal(err)
		}
		i++
	}
}

// 1,000 concurrent requests for the last 50 places: exactly 50 bookings.
func TestNoOverbookingUnderConcurrency(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			r := newBookingRig(t, b, servicetest.FixedClock())
			r.setSession(t, r.day(0), "am", 20, 20, 10)
			ctx := context.Background()
			var wg sync.WaitGroup
			var mu sync.Mutex
			ok, full, other := 0, 0, []error{}
			start := make(chan struct{})
			for i := 0; i < 1000; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					phone := fmt.Sprintf("139%08d", i)
					_, err := r.svc.Book(ctx, verified(phone), input(phone, r.ds(0), "am"), "", fmt.Sprintf("10.0.%d.%d", i/250, i%250))
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						ok++
					case service.AsError(err).Message == "该时段已约满，请选择其他时段":
						full++
					default:
						other = append(other, err)
					}
				}()
			}
			close(start)
			wg.Wait()
			if len(other) > 0 {
				t.Fatalf("unexpected errors (%d), first: %v", len(other), other[0])
			}
			if ok != 50 || full != 950 {
				t.Fatalf("%d booked, %d refused as full; want 50 and 950", ok, full)
			}
			slots, _ := r.db.ListSlots(ctx, r.day(0), r.day(0))
			booked := 0
			for _, sl := range slots {
				if sl.Session == "am" {
					booked += sl.Booked
					if sl.Booked > sl.Capacity {
						t.Errorf("room %s: %d booked of %d", sl.Room, sl.Booked, sl.Capacity)
					}
				}
			}
			list, _ := r.db.ListBookings(ctx, booking.Filter{Day: r.day(0), Limit: 1000})
			msgs, _ := r.db.ListOutbox(ctx, notify.Filter{Kind: "booking_received", Limit: 1000})
			if booked != 50 || len(list) != 50 || len(msgs) != 50 {
				t.Fatalf("slots count %d, bookings %d, acknowledgements %d", booked, len(list), len(msgs))
			}
		})
	}
}

func TestFullSessionOffersNearest(t *testing.T) {
	forEachInstantRig(t, testFullSessionOffersNearest)
}

func testFullSessionOffersNearest(t *testing.T, r *bookingRig) {
	r.setSession(t, r.day(0), "am", 0, 0, 1)
	ctx := context.Background()
	if _, err := r.svc.Book(ctx, verified("13800000001"), input("13800000001", r.ds(0), "am"), "", "1.1.1.1"); err != nil {
		t.Fatal(err)
	}
	_, err := r.svc.Book(ctx, verified("13800000002"), input("13800000002", r.ds(0), "am"), "", "1.1.1.1")
	e := service.AsError(err)
	if e.Code != service.EConflict || e.Message != "该时段已约满，请选择其他时段" {
		t.Fatalf("full: %v", err)
	}
	nearest := e.Data.(map[string]any)["nearest"].([]booking.SessionOffer)
	if len(nearest) != 3 || nearest[0].Day != r.day(0) || nearest[0].Session != "pm" || nearest[0].Free != 12 {
		t.Fatalf("nearest %+v", nearest)
	}
}

func TestIdempotentSubmit(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) { testIdempotentSubmit(t, newBookingRig(t, b, servicetest.FixedClock())) })
	}
}

func testIdempotentSubmit(t *testing.T, r *bookingRig) {
	{
		db := r.db
		ctx := context.Background()
		first, err := r.svc.Book(ctx, verified("13812345678"), input("13812345678", r.ds(0), "am"), "key-1", "1.1.1.1")
		if err != nil {
			t.Fatal(err)
		}
		again, err := r.svc.Book(ctx, verified("13812345678"), input("13812345678", r.ds(0), "am"), "key-1", "1.1.1.1")
		if err != nil || again.Code != first.Code {
			t.Fatalf("retry: %v %+v", err, again)
		}
		list, _ := db.ListBookings(ctx, booking.Filter{Limit: 10})
		if len(list) != 1 || len(r.outbox(t, first.ID)["booking_received"]) != 1 {
			t.Fatalf("a retried submit booked %d, acknowledged %d", len(list), len(r.outbox(t, first.ID)["booking_received"]))
		}
	}
}

func TestReviewOutcomes(t *testing.T) {
	forEachBookingRig(t, func(t *testing.T, r *bookingRig) {
		db := r.db
		ctx := context.Background()
		reg := servicetest.StaffCtx(service.RoleRegistrar)
		book := func(phone string) *booking.Booking {
			b, err := r.svc.Book(ctx, verified(phone), input(phone, r.ds(1), "am"), "", "1.1.1.1")
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		free := func() int {
			slots, _ := db.ListSlots(ctx, r.day(1), r.day(1))
			n := 0
			for _, sl := range slots {
				if sl.Session == "am" {
					n += sl.Capacity - sl.Booked
				}
			}
			return n
		}
		cases := []struct {
			in       booking.ReviewInput
			status   string
			kind     string
			contains string
			frees    bool
		}{
			{booking.ReviewInput{Action: "confirm", Room: "二号接待室"}, booking.StatusConfirmed, "booking_confirmed", "二号接待室", false},
			{booking.ReviewInput{Action: "divert", Divert: "litigation"}, booking.StatusDiverted, "booking_diverted", "12368", true},
			{booking.ReviewInput{Action: "divert", Divert: "mediation"}, booking.StatusDiverted, "booking_diverted", "人民调解", true},
			{booking.ReviewInput{Action: "divert", Divert: "business", Guidance: "人社局劳动监察窗口（福田区福民路123号）办理"}, booking.StatusDiverted, "booking_diverted", "福民路123号", true},
			{booking.ReviewInput{Action: "resolve", Result: "已协调房东开锁，恢复营业"}, booking.StatusResolved, "booking_resolved", "房东开锁", true},
			{booking.ReviewInput{Action: "decline", Reason: "属于已生效判决的执行事项", Divert: "litigation"}, booking.StatusDeclined, "booking_declined", "已生效判决", true},
		}
		for i, tc := range cases {
			b := book(fmt.Sprintf("1371234%04d", i))
			before := free()
			tc.in.Version = b.Version
			got, err := r.svc.Review(reg, b.ID, tc.in)
			if err != nil {
				t.Fatalf("%s: %v", tc.in.Action, err)
			}
			if got.Status != tc.status || got.ReviewedBy != "staff1" {
				t.Fatalf("%s: %+v", tc.in.Action, got)
			}
			msgs := r.outbox(t, b.ID)[tc.kind]
			if len(msgs) != 1 || !strings.Contains(r.svc.Templates.Render(tc.kind, msgs[0].Params), tc.contains) {
				t.Fatalf("%s: message %v", tc.in.Action, msgs)
			}
			if freed := free() - before; (freed == 1) != tc.frees {
				t.Fatalf("%s: freed %d places", tc.in.Action, freed)
			}
			// The same decision again: no change, no second message.
			if _, err := r.svc.Review(reg, b.ID, tc.in); err != nil {
				t.Fatalf("%s repeated: %v", tc.in.Action, err)
			}
			if n := len(r.outbox(t, b.ID)[tc.kind]); n != 1 {
				t.Fatalf("%s repeated sent %d messages", tc.in.Action, n)
			}
		}
		// Confirmation schedules the reminder at 10:00 Beijing on the working day before.
		b := book("13600000001")
		c, _ := r.svc.Review(reg, b.ID, booking.ReviewInput{Action: "confirm", Version: b.Version})
		rem := r.outbox(t, b.ID)["booking_reminder"]
		if len(rem) != 1 || !rem[0].NextAt.Equal(r.svc.Cal.PrevWorkday(r.day(1)).At("10:00")) {
			t.Fatalf("reminder %+v", rem)
		}
		// A stale decision (someone else decided meanwhile) is refused.
		_, err := r.svc.Review(servicetest.StaffCtx(service.RoleRegistrar), b.ID, booking.ReviewInput{Action: "divert", Divert: "mediation", Version: b.Version})
		if service.ErrorCode(err) != service.EConflict {
			t.Fatalf("stale decision: %v", err)
		}
		// Diverting the confirmed booking withdraws its reminder.
		if _, err := r.svc.Review(servicetest.StaffCtx(service.RoleRegistrar), b.ID, booking.ReviewInput{Action: "divert", Divert: "mediation", Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		if rem := r.outbox(t, b.ID)["booking_reminder"]; rem[0].Status != notify.StatusCancelled {
			t.Fatalf("reminder of a diverted booking: %s", rem[0].Status)
		}
		// Field errors: guidance too long for an SMS variable, unknown channel, no action.
		b2 := book("13600000002")
		for _, in := range []booking.ReviewInput{
			{Action: "divert", Divert: "business", Guidance: strings.Repeat("很长", 30)},
			{Action: "divert", Divert: "nowhere"},
			{Action: "approve"},
			{Action: "decline"},
		} {
			in.Version = b2.Version
			if _, err := r.svc.Review(reg, b2.ID, in); service.ErrorCode(err) != service.EInvalid || service.AsError(err).Field == "version" {
				t.Errorf("%+v: %v", in, err)
			}
		}
		// The version is required: a decision must say which state it was taken on.
		if _, err := r.svc.Review(reg, b2.ID, booking.ReviewInput{Action: "confirm"}); service.AsError(err).Field != "version" {
			t.Errorf("review without a version: %v", err)
		}
		// A desk sees only its department; a hall staff member may not review.
		if _, err := r.svc.Review(servicetest.StaffCtx(service.RoleHall), b2.ID, booking.ReviewInput{Action: "confirm"}); service.ErrorCode(err) != service.EForbidden {
			t.Fatalf("hall reviewed: %v", err)
		}
		desk := servicetest.StaffCtx(service.RoleDesk)
		if _, err := r.svc.RecordCall(desk, b2.ID, "not_answered", "两次未接"); err != nil {
			t.Fatalf("desk call: %v", err)
		}
		if _, err := r.svc.Review(desk, b2.ID, booking.ReviewInput{Action: "divert", Divert: "business", Version: b2.Version}); err != nil {
			t.Fatalf("desk divert: %v", err)
		}
	})
}

func TestCitizenCancelAndReschedule(t *testing.T) {
	forEachInstantRig(t, testCitizenCancelAndReschedule)
}

func testCitizenCancelAndReschedule(t *testing.T, r *bookingRig) {
	ctx := context.Background()
	who := verified("13812345678")
	b, _ := r.svc.Book(ctx, who, input("13812345678", r.ds(1), "am"), "", "1.1.1.1")
	c, _ := r.svc.Review(servicetest.StaffCtx(service.RoleRegistrar), b.ID, booking.ReviewInput{Action: "confirm", Version: b.Version})
	moved, err := r.svc.Reschedule(ctx, who, b.Code, r.ds(2), "pm")
	// A confirmed booking moved by the citizen is reviewed again: the new time is a new request.
	if err != nil || moved.Day != r.day(2) || moved.Session != "pm" || moved.Status != booking.StatusPending || moved.ReviewedBy != "" {
		t.Fatalf("reschedule: %v %+v", err, moved)
	}
	msgs := r.outbox(t, b.ID)
	if len(msgs["booking_received"]) != 2 || msgs["booking_received"][0].Params["date"] != r.day(2).Short() || len(msgs["booking_reminder"]) != 1 {
		t.Fatalf("after reschedule %v", msgs)
	}
	for _, m := range msgs["booking_reminder"] {
		if m.Status != notify.StatusCancelled {
			t.Fatal("the old day's reminder is still pending")
		}
	}
	// Confirmed again for the new time: a new reminder.
	if _, err := r.svc.Review(servicetest.StaffCtx(service.RoleRegistrar), b.ID, booking.ReviewInput{Action: "confirm", Version: moved.Version}); err != nil {
		t.Fatal(err)
	}
	_ = c
	// Someone else cannot touch it.
	if _, err := r.svc.Cancel(ctx, verified("13900000000"), b.Code); service.ErrorCode(err) != service.ENotFound {
		t.Fatalf("stranger cancelled: %v", err)
	}
	// Past the cut-off (12 h before the session) it can no longer be changed online.
	r.clock.Set(r.day(2).At("08:00")) // the session is at 14:00
	if _, err := r.svc.Cancel(ctx, who, b.Code); service.ErrorCode(err) != service.EConflict {
		t.Fatalf("cancel after cut-off: %v", err)
	}
	r.clock.Set(r.start)
	cancelled, err := r.svc.Cancel(ctx, who, b.Code)
	if err != nil || cancelled.Status != booking.StatusCancelled {
		t.Fatalf("cancel: %v", err)
	}
	for _, m := range r.outbox(t, b.ID)["booking_reminder"] {
		if m.Status == notify.StatusPending {
			t.Fatal("a cancelled booking keeps a pending reminder")
		}
	}
	if len(r.outbox(t, b.ID)["booking_cancelled"]) != 1 {
		t.Fatal("no cancellation SMS")
	}
}

func TestClosingASessionMovesItsBookings(t *testing.T) {
	forEachInstantRig(t, testClosingASessionMovesItsBookings)
}

func testClosingASessionMovesItsBookings(t *testing.T, r *bookingRig) {
	ctx := context.Background()
	r.setSession(t, r.day(1), "pm", 1, 0, 0)
	r.setSession(t, r.day(1), "am", 1, 0, 0)
	a, _ := r.svc.Book(ctx, verified("13800000001"), input("13800000001", r.ds(1), "am"), "", "1.1.1.1")
	slots, _ := r.db.ListSlots(ctx, r.day(1), r.day(1))
	var amRoom1 int64
	for _, sl := range slots {
		if sl.Session == "am" && sl.Room == "一号接待室" {
			amRoom1 = sl.ID
		}
	}
	_, affected, err := r.svc.UpdateSlot(servicetest.StaffCtx(service.RoleRegistrar), amRoom1, 1, true, "接待室临时维修")
	if err != nil || len(affected) != 1 {
		t.Fatalf("close: %v %d", err, len(affected))
	}
	got, _ := r.db.BookingByID(ctx, a.ID)
	if got.Status != booking.StatusPending || got.Day != r.day(1) || got.Session != "pm" {
		t.Fatalf("moved to %s %s (%s)", got.Day, got.Session, got.Status)
	}
	if m := r.outbox(t, a.ID)["booking_moved"]; len(m) != 1 || m[0].Params["reason"] != "接待室临时维修" {
		t.Fatalf("moved SMS %v", m)
	}
	// Capacity can't go below the places taken.
	for _, sl := range slots {
		if sl.Session == "pm" && sl.Room == "一号接待室" {
			if _, _, err := r.svc.UpdateSlot(servicetest.StaffCtx(service.RoleRegistrar), sl.ID, 0, false, ""); service.AsError(err).Field != "capacity" {
				t.Fatalf("capacity below bookings: %v", err)
			}
		}
	}
}

func TestHallCheckInCallBoardAndCounts(t *testing.T) {
	forEachBookingRig(t, func(t *testing.T, r *bookingRig) {
		ctx := context.Background()
		reg, hall := servicetest.StaffCtx(service.RoleRegistrar), servicetest.StaffCtx(service.RoleHall)
		var codes []string
		for i, name := range []string{"赵先生", "钱女士", "孙先生"} {
			in := input(fmt.Sprintf("1350000000%d", i), r.ds(0), "am")
			in.Name = name
			b, err := r.svc.Book(ctx, verified(in.Phone), in, "", "1.1.1.1")
			if err != nil {
				t.Fatal(err)
			}
			c, err := r.svc.Review(reg, b.ID, booking.ReviewInput{Action: "confirm", Version: b.Version})
			if err != nil {
				t.Fatal(err)
			}
			codes = append(codes, c.Code)
		}
		// Not today yet.
		if _, err := r.svc.CheckIn(hall, codes[0]); service.ErrorCode(err) != service.EConflict {
			t.Fatalf("check-in a day early: %v", err)
		}
		r.clock.Set(r.day(0).At("08:30")) // on the day
		for _, code := range codes[:2] {
			if _, err := r.svc.CheckIn(hall, strings.ToLower(code)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := r.svc.CheckIn(hall, "YNOTHING"); service.AsError(err).Field != "code" {
			t.Fatalf("unknown code: %v", err)
		}
		// A walk-in without a phone is registered by ID number and received.
		if _, err := r.svc.WalkIn(hall, booking.WalkInInput{Name: "李大爷", Matter: "养老金待遇核定有疑问", District: "罗湖区"}); service.AsError(err).Field != "id_number" {
			t.Fatalf("walk-in without phone or ID: %v", err)
		}
		w, err := r.svc.WalkIn(hall, booking.WalkInInput{Name: "李大爷", IDNumber: "11010519491231002X", Matter: "养老金待遇核定有疑问", District: "罗湖区"})
		if err != nil || w.Status != booking.StatusCheckedIn || w.Queue != 3 {
			t.Fatalf("walk-in: %v %+v", err, w)
		}
		called, err := r.svc.CallNext(hall, "一号接待室")
		if err != nil || called.Code != codes[0] {
			t.Fatalf("call next: %v %+v", err, called)
		}
		board, _ := r.svc.Board(ctx)
		if board.Waiting != 2 || len(board.Calling) != 1 || board.Calling[0].Name != "赵**" || board.Calling[0].Room != "一号接待室" {
			t.Fatalf("board %+v", board)
		}
		if _, err := r.svc.Received(hall, called.ID); err != nil {
			t.Fatal(err)
		}
		// After the morning session the unchecked booking is a no-show.
		r.clock.Set(r.day(0).At("12:31"))
		if n, err := r.svc.MarkNoShows(service.SystemActor(ctx, "job")); err != nil || n != 1 {
			t.Fatalf("no-shows %d %v", n, err)
		}
		st, err := r.svc.Stats(reg, service.DateOf(r.start), service.DateOf(r.start).AddDays(30))
		if err != nil {
			t.Fatal(err)
		}
		want := booking.Stats{Bookings: 3, Reviewed: 3, Confirmed: 3, Visited: 3, NoShows: 1}
		if st != want {
			t.Fatalf("stats %+v, want %+v", st, want)
		}
	})
}

func TestJointReceptionAndDossier(t *testing.T) {
	r := newBookingRig(t, storetest.Backends()[0], servicetest.FixedClock())
	ctx := context.Background()
	reg := servicetest.StaffCtx(service.RoleRegistrar)
	earlier, _ := r.svc.Book(ctx, verified("13812345678"), input("13812345678", r.ds(0), "am"), "", "1.1.1.1")
	r.svc.Review(reg, earlier.ID, booking.ReviewInput{Action: "resolve", Result: "已协调解决", Version: earlier.Version})
	in := input("13812345678", r.ds(2), "am")
	in.Matter = "社保缴费年限认定有误，要求人社部门重新核定，影响退休待遇"
	b, _ := r.svc.Book(ctx, verified("13812345678"), in, "", "1.1.1.1")
	if _, err := r.svc.AddParticipant(reg, b.ID, booking.ParticipantInput{Kind: "lawyer", Unit: "公益律师", Phone: "13700000000"}); service.ErrorCode(err) != service.EConflict {
		t.Fatalf("participants before confirmation: %v", err)
	}
	c, _ := r.svc.Review(reg, b.ID, booking.ReviewInput{Action: "confirm", Version: b.Version})
	p, err := r.svc.AddParticipant(reg, c.ID, booking.ParticipantInput{Kind: "lawyer", Unit: "公益律师", Contact: "王律师", Phone: "13700000000"})
	if err != nil || p.PhoneMask != "137****0000" {
		t.Fatalf("participant: %v %+v", err, p)
	}
	if m := r.outbox(t, b.ID)["booking_joint"]; len(m) != 1 || m[0].Recipient != "13700000000" {
		t.Fatalf("joint notice %v", m)
	}
	d, err := r.svc.Dossier(reg, b.ID, nil)
	if err != nil || len(d.Earlier) != 1 || d.Earlier[0].ID != earlier.ID || len(d.Participants) != 1 {
		t.Fatalf("dossier: %v %+v", err, d)
	}
	// Only the staff who phone the citizen may reveal the full number (registrars, the
	// department's desk); hall staff, leaders and supervisors see it masked.
	for _, role := range []service.Role{service.RoleHall, service.RoleLeader, service.RoleSupervisor, service.RoleHandler} {
		if _, _, err := r.svc.Reveal(servicetest.StaffCtx(role), b.ID); service.ErrorCode(err) != service.EForbidden {
			t.Errorf("%s revealed the phone: %v", role, err)
		}
	}
	// Revealing the full phone number is audit-logged.
	phone, _, err := r.svc.Reveal(reg, b.ID)
	if err != nil || phone != "13812345678" {
		t.Fatal(err)
	}
	entries, _ := r.db.ListAudit(ctx, service.AuditFilter{Action: "pii.reveal", Limit: 5})
	if len(entries) != 1 || entries[0].Actor != "staff1" || entries[0].TargetID != fmt.Sprint(b.ID) {
		t.Fatalf("reveal audit %+v", entries)
	}
}

func TestLeaderReceptionDay(t *testing.T) {
	forEachInstantRig(t, testLeaderReceptionDay)
}

func testLeaderReceptionDay(t *testing.T, r *bookingRig) {
	ctx := context.Background()
	if _, err := r.svc.AddLeaderSession(servicetest.StaffCtx(service.RoleHall), r.ds(4), "am", "王局长", "一号接待室", 6); service.ErrorCode(err) != service.EForbidden {
		t.Fatalf("hall added a leader session: %v", err)
	}
	if _, err := r.svc.AddLeaderSession(servicetest.StaffCtx(service.RoleRegistrar), r.ds(4), "am", "王局长", "九号接待室", 6); service.AsError(err).Field != "room" {
		t.Fatalf("unknown room: %v", err)
	}
	sl, err := r.svc.AddLeaderSession(servicetest.StaffCtx(service.RoleRegistrar), r.ds(4), "am", "王局长", "一号接待室", 6)
	if err != nil || sl.Leader != "王局长" || sl.Capacity != 6 {
		t.Fatalf("leader session: %v %+v", err, sl)
	}
	offers, _ := r.svc.Offers(ctx)
	found := false
	for _, o := range offers {
		if o.Leader == "王局长" && o.Day == r.day(4) && o.Free == 6 {
			found = true
		}
	}
	if !found {
		t.Fatalf("leader session not offered: %+v", offers)
	}
	in := input("13812345678", r.ds(4), "am")
	in.Leader = "王局长"
	b, err := r.svc.Book(ctx, verified(in.Phone), in, "", "1.1.1.1")
	if err != nil || b.Leader != "王局长" || b.Room != "一号接待室" {
		t.Fatalf("book leader session: %v %+v", err, b)
	}
}

func TestBookingLimitsPerOpenID(t *testing.T) {
	r := newBookingRig(t, storetest.Backends()[0], servicetest.FixedClock())
	ctx := context.Background()
	who := &citizen.Session{MPOpenID: "oMP-abuser"}
	var err error
	for i := 0; i < 6; i++ {
		phone := fmt.Sprintf("1380000%04d", i)
		who.Phone = phone
		in := input(phone, r.ds(0), "am")
		_, err = r.svc.Book(ctx, who, in, "", fmt.Sprintf("10.9.0.%d", i))
	}
	if e := service.AsError(err); e.Code != service.ETooMany {
		t.Fatalf("6th booking from one mini-program user: %v", err)
	}
}

func TestConfirmIntoAnotherRoomTakesItsPlace(t *testing.T) {
	r := newBookingRig(t, storetest.Backends()[0], servicetest.FixedClock())
	r.setSession(t, r.day(0), "am", 2, 1, 0) // rooms sort as 一号, 三号, 二号
	ctx := context.Background()
	b, _ := r.svc.Book(ctx, verified("13800000001"), input("13800000001", r.ds(0), "am"), "", "1.1.1.1")
	reg := servicetest.StaffCtx(service.RoleRegistrar)
	if _, err := r.svc.Review(reg, b.ID, booking.ReviewInput{Action: "confirm", Room: "二号接待室", Version: b.Version}); service.AsError(err).Field != "room" {
		t.Fatalf("confirm into a full room: %v", err)
	}
	c, err := r.svc.Review(reg, b.ID, booking.ReviewInput{Action: "confirm", Room: "三号接待室", Version: b.Version})
	if err != nil || c.Room != "三号接待室" {
		t.Fatalf("confirm into a free room: %v %+v", err, c)
	}
	slots, _ := r.db.ListSlots(ctx, r.day(0), r.day(0))
	for _, sl := range slots {
		want := map[string]int{"一号接待室": 0, "二号接待室": 0, "三号接待室": 1}[sl.Room]
		if sl.Session == "am" && sl.Booked != want {
			t.Errorf("%s booked %d, want %d", sl.Room, sl.Booked, want)
		}
	}
}

func TestIdempotentReplayOnlyForItsOwner(t *testing.T) {
	r := newBookingRig(t, storetest.Backends()[0], servicetest.FixedClock())
	ctx := context.Background()
	in := input("13812345678", r.ds(0), "am")
	first, err := r.svc.Book(ctx, verified(in.Phone), in, "k-1", "1.1.1.1")
	if err != nil {
		t.Fatal(err)
	}
	// Someone else who knows the key and the phone gets no booking without the code.
	if _, err := r.svc.Book(ctx, verified("13900000000"), in, "k-1", "1.1.1.2"); service.AsError(err).Field != "code" {
		t.Fatalf("stranger's replay: %v", err)
	}
	again, err := r.svc.Book(ctx, verified(in.Phone), in, "k-1", "1.1.1.1")
	if err != nil || again.ID != first.ID {
		t.Fatalf("owner's replay: %v", err)
	}
}

func TestActiveBookingLimitUnderConcurrency(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			r := newBookingRig(t, b, servicetest.FixedClock())
			ctx := context.Background()
			matters := []string{
				"培训机构因疫情停业拖欠房租，房东锁门无法营业，请求协调开锁",
				"小区门口道路长期积水，雨天无法通行，请求市政部门维修排水",
				"孩子申请小学学位被拒，积分计算有误，请求教育局重新核定",
				"退役后个人档案遗失，影响优抚待遇办理，请求协助查找档案",
				"企业租金补贴申请提交半年仍未审批，请求经济部门加快办理",
			}
			var wg sync.WaitGroup
			var mu sync.Mutex
			ok := 0
			for i, m := range matters {
				wg.Add(1)
				go func() {
					defer wg.Done()
					in := input("13812345678", r.ds(i), "am")
					in.Matter = m
					if _, err := r.svc.Book(ctx, verified(in.Phone), in, "", fmt.Sprintf("10.2.0.%d", i)); err == nil {
						mu.Lock()
						ok++
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			if ok != booking.MaxActiveBookings {
				t.Fatalf("%d concurrent bookings by one person succeeded, want %d", ok, booking.MaxActiveBookings)
			}
		})
	}
}

func TestDossierScopeForDesk(t *testing.T) {
	r := newBookingRig(t, storetest.Backends()[0], servicetest.FixedClock())
	ctx := context.Background()
	other := input("13812345678", r.ds(0), "am")
	other.Department = "市教育局"
	other.Matter = "孩子申请小学学位被拒，积分计算有误，请求教育局重新核定"
	r.svc.Book(ctx, verified(other.Phone), other, "", "1.1.1.1")
	b, _ := r.svc.Book(ctx, verified(other.Phone), input("13812345678", r.ds(1), "am"), "", "1.1.1.1")
	desk := servicetest.StaffCtx(service.RoleDesk) // 市人力资源和社会保障局
	d, err := r.svc.Dossier(desk, b.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Earlier) != 0 {
		t.Fatalf("the desk sees the person's booking about another department")
	}
	d, _ = r.svc.Dossier(servicetest.StaffCtx(service.RoleRegistrar), b.ID, nil)
	if len(d.Earlier) != 1 {
		t.Fatalf("the registrar should see it: %d", len(d.Earlier))
	}
}

// A desk of 深圳市人力资源和社会保障局 sees and reviews a booking about 市人社局: departments are
// kept by their full name from the directory of units.
func TestDeskSeesItsUnitUnderAnyName(t *testing.T) {
	r := newBookingRig(t, storetest.Backends()[0], servicetest.FixedClock())
	ctx := context.Background()
	in := input("13812345678", r.ds(0), "am")
	in.Department = "市人社局"
	b, err := r.svc.Book(ctx, verified(in.Phone), in, "", "1.1.1.1")
	if err != nil {
		t.Fatal(err)
	}
	if b.Department != "深圳市人力资源和社会保障局" {
		t.Fatalf("department stored as %q", b.Department)
	}
	desk := servicetest.StaffCtx(service.RoleDesk) // desk of 市人力资源和社会保障局
	list, err := r.svc.List(desk, booking.Filter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("desk sees %d bookings: %v", len(list), err)
	}
	if _, err := r.svc.Review(desk, b.ID, booking.ReviewInput{Action: "divert", Divert: "business", Version: b.Version}); err != nil {
		t.Fatalf("desk review: %v", err)
	}
}
