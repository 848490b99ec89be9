// Package servicetest holds what the services' tests share: the SMS templates, a fixed clock,
// a logger that discards, and contexts signed in as staff of a given role.
package servicetest

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/configs"
	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/notify"
	"github.com/szxinfang/xinfang/store/storetest"
)

// Discard is a logger for tests that do not read the log.
var Discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// FixedNow is 09:00 Beijing on Tuesday 2026-12-01: the instant of tests whose subject is not
// time (those that are run at every storetest.Instants()).
var FixedNow = time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)

// FixedClock is a clock starting at FixedNow.
func FixedClock() *storetest.Clock { return storetest.NewClock(FixedNow) }

// Data returns the embedded data files (templates, calendar, schedule, routing, units), loaded
// and checked as the program loads them, with the official account's templates enabled.
func Data(tb testing.TB) *configs.Data {
	tb.Helper()
	d, err := configs.LoadData("", "http://localhost:8080", "wechat", "mp")
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// Templates returns the SMS templates of configs/sms.yaml.
func Templates(tb testing.TB) *notify.Templates {
	tb.Helper()
	st, err := configs.LoadSMSTemplates("")
	if err != nil {
		tb.Fatal(err)
	}
	out := &notify.Templates{MaxLen: st.MaxLen, ByKind: map[string]notify.Template{}}
	for k, v := range st.Templates {
		out.ByKind[k] = notify.Template{Code: v.Code, Text: v.Text, Params: v.Params}
	}
	return out
}

// StaffCtx is signed in as staff1 with roles, desk of 市人力资源和社会保障局.
func StaffCtx(roles ...service.Role) context.Context {
	u := &service.User{ID: 900, Username: "staff1", DisplayName: "工作人员", Roles: roles, Department: "深圳市人力资源和社会保障局"}
	return service.WithActor(context.Background(), service.Actor{UserID: u.ID, Username: u.Username, IP: "10.1.1.1", User: u})
}

// HandlerCtx is signed in as handler1, a handler of office.
func HandlerCtx(office string) context.Context {
	u := &service.User{ID: 901, Username: "handler1", DisplayName: "承办人", Roles: []service.Role{service.RoleHandler}, Office: office}
	return service.WithActor(context.Background(), service.Actor{UserID: u.ID, Username: u.Username, IP: "10.1.1.2", User: u})
}

// System acts as the service itself (the CLI, jobs).
var System = service.SystemActor(context.Background(), "test")
