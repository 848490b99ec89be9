package main

import (
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/store/sms/aliyunfake"
	"github.com/szxinfang/xinfang/store/sqlstore"
	"github.com/szxinfang/xinfang/store/storetest"
)

type sessionsAnswer struct {
	Sessions []struct {
		Day     string `json:"day"`
		Session string `json:"session"`
		Free    int    `json:"free"`
		Leader  string `json:"leader"`
	} `json:"sessions"`
}

type bookingAnswer struct {
	Booking struct {
		Code, Status, Day, Session, Room, Phone string
	} `json:"booking"`
}

// codeFor requests a verification code and reads it from the fake provider.
func codeFor(t *testing.T, c *client, fake *aliyunfake.Server, phone, purpose string) string {
	t.Helper()
	before := 0
	for _, m := range fake.Sent() {
		if m.Phone == phone && m.TemplateCode == "SMS_XF0001" {
			before++
		}
	}
	if code := c.postJSON("/api/v1/sms/code", map[string]string{"phone": phone, "purpose": purpose}, nil); code != 202 {
		t.Fatalf("sms code: %d", code)
	}
	var got string
	waitFor(t, "the code SMS", func() bool {
		n := 0
		for _, m := range fake.Sent() {
			if m.Phone == phone && m.TemplateCode == "SMS_XF0001" {
				if n++; n > before {
					got = m.Params["code"]
				}
			}
		}
		return got != ""
	})
	return got
}

func TestBookingEndToEnd(t *testing.T) {
	for _, b := range backends() {
		for _, at := range storetest.Instants() {
			t.Run(b+"/"+at.Name, func(t *testing.T) {
				testClockAt(t, at.At)
				testBookingEndToEnd(t, b)
			})
		}
	}
}

func testBookingEndToEnd(t *testing.T, b string) {
	{
		{
			env := testEnv(t, b)
			env["XF_VERIFY_PER_PHONE_MINUTE"] = "2" // a booking code, then a login code
			fake := withFakeSMS(t, env)
			tp := MustRunProgram(t, env)
			citizen := newClient(t, tp.base)

			var sessions sessionsAnswer
			if code := citizen.getJSON("/api/v1/booking/sessions", &sessions); code != 200 || len(sessions.Sessions) < 10 {
				t.Fatalf("sessions: %d %d", code, len(sessions.Sessions))
			}
			// The last session offered: far enough ahead to be cancelled online.
			first := sessions.Sessions[len(sessions.Sessions)-1]
			phone := "13812345678"
			in := map[string]string{"name": "赵先生", "phone": phone, "matter": "培训机构因疫情停业拖欠房租，房东锁门无法营业，请求协调开锁",
				"district": "福田区", "street": "园岭街道", "department": "市人力资源和社会保障局", "id_number": "11010519491231002X",
				"day": first.Day, "session": first.Session}
			var e apiError
			if code := citizen.postJSON("/api/v1/bookings", in, &e); code != 422 || e.Error.Field != "code" {
				t.Fatalf("without code: %d %+v", code, e)
			}
			in["code"] = codeFor(t, citizen, fake, phone, "booking")
			var ans bookingAnswer
			if code := citizen.postJSON("/api/v1/bookings", in, &ans, "Idempotency-Key", "retry-me"); code != 201 || ans.Booking.Status != "pending" || ans.Booking.Phone != "138****5678" {
				t.Fatalf("book: %d %+v", code, ans)
			}
			var again bookingAnswer
			if code := citizen.postJSON("/api/v1/bookings", in, &again, "Idempotency-Key", "retry-me"); code != 201 || again.Booking.Code != ans.Booking.Code {
				t.Fatalf("retried submit: %d %+v", code, again)
			}
			waitFor(t, "the acknowledgement", func() bool {
				for _, m := range fake.Sent() {
					if m.TemplateCode == "SMS_XF0002" && m.Params["code"] == ans.Booking.Code {
						return true
					}
				}
				return false
			})

			// Staff confirm it; the citizen gets the confirmation with the room and the code.
			staff := adminClient(t, tp)
			var list struct {
				Bookings []struct {
					ID      int64  `json:"id"`
					Code    string `json:"code"`
					Version int64  `json:"version"`
					Phone   string `json:"phone"`
				} `json:"bookings"`
			}
			if code := staff.getJSON("/admin/api/bookings?status=pending", &list); code != 200 || len(list.Bookings) != 1 || list.Bookings[0].Phone != "138****5678" {
				t.Fatalf("staff list: %d %+v", code, list)
			}
			id := list.Bookings[0].ID
			var rev bookingAnswer
			if code := staff.postJSON(fmt.Sprintf("/admin/api/bookings/%d/review", id), map[string]any{"action": "confirm", "version": list.Bookings[0].Version}, &rev); code != 200 || rev.Booking.Status != "confirmed" {
				t.Fatalf("confirm: %d %+v", code, rev)
			}
			if code := staff.postJSON(fmt.Sprintf("/admin/api/bookings/%d/review", id), map[string]any{"action": "divert", "divert": "mediation", "version": list.Bookings[0].Version}, &e); code != 409 {
				t.Fatalf("stale review: %d", code)
			}
			waitFor(t, "the confirmation", func() bool {
				for _, m := range fake.Sent() {
					if m.TemplateCode == "SMS_XF0003" && m.Params["code"] == ans.Booking.Code && m.Params["room"] == "一号接待室" {
						return true
					}
				}
				return false
			})
			var dossier map[string]any
			if code := staff.getJSON(fmt.Sprintf("/admin/api/bookings/%d/dossier", id), &dossier); code != 200 || dossier["booking"] == nil {
				t.Fatalf("dossier: %d", code)
			}
			var reveal map[string]string
			if code := staff.getJSON(fmt.Sprintf("/admin/api/bookings/%d/reveal", id), nil); code != 405 {
				t.Fatalf("reveal by GET (it writes the audit log): %d", code)
			}
			if code := staff.postJSON(fmt.Sprintf("/admin/api/bookings/%d/reveal", id), nil, &reveal); code != 200 || reveal["phone"] != phone {
				t.Fatalf("reveal: %d %v", code, reveal)
			}

			// The citizen, signed in by phone, sees and cancels it.
			var tok struct {
				Token string `json:"token"`
			}
			if code := citizen.postJSON("/api/v1/login/phone", map[string]string{"phone": phone, "code": codeFor(t, citizen, fake, phone, "login")}, &tok); code != 200 {
				t.Fatalf("phone login: %d", code)
			}
			mine := newClient(t, tp.base)
			var my struct {
				Bookings []struct{ Code, Status string } `json:"bookings"`
			}
			if code := mine.getJSON("/api/v1/bookings", &e); code != 401 {
				t.Fatalf("mine without token: %d", code)
			}
			req := func(method, path string, out any) int {
				resp := mine.do(method, path, "application/json", strings.NewReader("{}"), "Authorization", "Bearer "+tok.Token, "Accept", "application/json")
				return decode(t, resp, out)
			}
			if code := req("GET", "/api/v1/bookings", &my); code != 200 || len(my.Bookings) != 1 || my.Bookings[0].Status != "confirmed" {
				t.Fatalf("mine: %d %+v", code, my)
			}
			resp := mine.do("GET", "/h5/my/bookings/"+ans.Booking.Code+"/qr.png", "", nil, "Authorization", "Bearer "+tok.Token)
			png, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || len(png) < 100 {
				t.Fatalf("qr: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			var cancelled bookingAnswer
			if code := req("POST", "/api/v1/bookings/"+ans.Booking.Code+"/cancel", &cancelled); code != 200 || cancelled.Booking.Status != "cancelled" {
				t.Fatalf("cancel: %d %+v", code, cancelled)
			}

			// No phone or ID number in a plain dump of the database.
			dumpHasNo(t, tp.DB, phone, "11010519491231002X")
		}
	}
}

// dumpHasNo reads every text value of every table and fails if any contains a secret.
func dumpHasNo(t *testing.T, db *sqlstore.DB, secrets ...string) {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if db.Dialect == sqlstore.MySQL {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	values := 0
	for _, table := range tables {
		r, err := db.Query("SELECT * FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		for r.Next() {
			vals := make([]sql.RawBytes, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				values++
				for _, s := range secrets {
					if strings.Contains(string(v), s) {
						t.Errorf("table %s column %s holds %s in the clear", table, cols[i], service.MaskPhone(s))
					}
				}
			}
		}
		r.Close()
	}
	if values < 100 {
		t.Fatalf("dumped only %d values", values)
	}
}

func TestHallBoardPage(t *testing.T) {
	tp := MustRunProgram(t, testEnv(t, "sqlite"))
	c := newClient(t, tp.base)
	resp := c.do("GET", "/hall/board", "", nil)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), "叫号") || !strings.Contains(string(b), `aria-live="polite"`) {
		t.Fatalf("board: %d", resp.StatusCode)
	}
	var board struct {
		Waiting int `json:"waiting"`
	}
	if code := c.getJSON("/hall/board.json", &board); code != 200 {
		t.Fatalf("board.json: %d", code)
	}
	var doc map[string]any
	if code := c.getJSON("/api/openapi.json", &doc); code != 200 || doc["openapi"] != "3.0.3" {
		t.Fatalf("openapi: %d", code)
	}
}
