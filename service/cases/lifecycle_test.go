package cases_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/cases"
	"github.com/szxinfang/xinfang/service/notify"
	"github.com/szxinfang/xinfang/service/servicetest"
	"github.com/szxinfang/xinfang/store/storetest"
)

// bj is a Beijing wall-clock time.
func bj(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, service.Shanghai)
}

var (
	registrar  = servicetest.StaffCtx(service.RoleRegistrar)
	leader     = servicetest.StaffCtx(service.RoleLeader)
	supervisor = servicetest.StaffCtx(service.RoleSupervisor)
	yes, no    = true, false
)

// sent lists the SMS params of kind queued for case c, oldest first.
func sent(t *testing.T, r *caseRig, kind string, c *cases.Case) []map[string]string {
	t.Helper()
	msgs, err := r.db.ListOutbox(context.Background(), notify.Filter{Kind: kind, RefType: "case", RefID: fmt.Sprint(c.ID), Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for i := len(msgs) - 1; i >= 0; i-- {
		out = append(out, msgs[i].Params)
	}
	return out
}

func deadline(t *testing.T, d *cases.Detail, kind string) cases.DeadlineView {
	t.Helper()
	for _, x := range d.Deadlines {
		if x.Kind == kind {
			return x
		}
	}
	t.Fatalf("no %s deadline in %+v", kind, d.Deadlines)
	return cases.DeadlineView{}
}

func detail(t *testing.T, r *caseRig, ctx context.Context, id int64) *cases.Detail {
	t.Helper()
	d, err := r.svc.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func publicTimeline(p *cases.Progress) string {
	var b strings.Builder
	for _, s := range p.Timeline {
		b.WriteString(s.Date + " " + s.Text + "\n")
	}
	return b.String()
}

// The rest-day rule: a period whose last day is a rest day ends on the next working day.
func TestDueDatesSkipRestDays(t *testing.T) {
	rules := servicetest.Data(t).Deadlines
	for _, tc := range []struct {
		start time.Time
		kind  string
		want  service.Date
	}{
		{bj(2026, 12, 1, 9, 0), cases.DeadlineAccept, "2026-12-16"},    // a Wednesday
		{bj(2026, 9, 16, 9, 0), cases.DeadlineAccept, "2026-10-08"},    // 10-01 is 国庆节; 10-08 the first working day
		{bj(2026, 12, 17, 23, 59), cases.DeadlineAccept, "2027-01-04"}, // 元旦, then a weekend
		{bj(2026, 12, 1, 0, 30), cases.DeadlineReply, "2027-02-01"},    // 60 days is Saturday 2027-01-30
		{bj(2026, 12, 13, 10, 0), cases.WindowReviewRequest, "2027-01-12"},
	} {
		if got := rules.DueOf(tc.kind, tc.start); got != tc.want {
			t.Errorf("%s from %s: due %s, want %s", tc.kind, tc.start, got, tc.want)
		}
	}
}

// One case through every step: acceptance, an extension, the reply, the citizen's rating and
// 复查, then 复核 — after which the same facts are 不再受理. Wrong steps change nothing.
func TestLifecycleFullPath(t *testing.T) {
	forEachCaseRig(t, func(t *testing.T, r *caseRig) {
		ctx := context.Background()
		res, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "汪玉", Phone: "18399906667", District: "罗湖区", Content: archiveOnline})
		if err != nil {
			t.Fatal(err)
		}
		c := res.Case
		own := servicetest.HandlerCtx(c.Office)
		d := detail(t, r, own, c.ID)
		if a := deadline(t, d, cases.DeadlineAccept); a.Due != "2026-12-16" || a.Risk != cases.RiskOK || a.Basis == "" {
			t.Fatalf("accept deadline %+v", a)
		}
		if !strings.Contains(strings.Join(d.Actions, ","), cases.ActAccept) || strings.Contains(strings.Join(d.Actions, ","), cases.ActReply) {
			t.Fatalf("actions of a new case: %v", d.Actions)
		}

		// Replying before acceptance is refused, by name, and changes nothing.
		_, err = r.svc.Act(own, c.ID, cases.ActReply, cases.ActionInput{Version: c.Version, Outcome: "explained", Tag: "educated", Text: "答复"})
		if e := service.AsError(err); e.Code != service.EConflict || !strings.Contains(e.Message, "不能出具答复意见") {
			t.Fatalf("reply before acceptance: %v", err)
		}
		// A stale page is told so.
		_, err = r.svc.Act(own, c.ID, cases.ActAccept, cases.ActionInput{Version: c.Version + 3})
		if e := service.AsError(err); e.Code != service.EConflict || !strings.Contains(e.Message, "刷新") {
			t.Fatalf("stale version: %v", err)
		}
		if _, err := r.svc.Act(own, c.ID, cases.ActAccept, cases.ActionInput{}); service.ErrorCode(err) != service.EInvalid {
			t.Fatalf("without version: %v", err)
		}
		if d2 := detail(t, r, own, c.ID); d2.Case.Version != c.Version || d2.Case.Status != cases.StatusRegistered || len(d2.Notices) != 0 {
			t.Fatalf("refused actions changed the case: %+v", d2.Case)
		}

		r.clock.Set(bj(2026, 12, 3, 10, 0))
		c = act(t, r, own, c, cases.ActAccept, cases.ActionInput{})
		if c.Status != cases.StatusHandling {
			t.Fatalf("accepted: %s", c.Status)
		}
		if p := sent(t, r, "case_accepted", c); len(p) != 1 || p[0]["deadline"] != "2027年2月1日（周一）" || !strings.Contains(p[0]["unit"], "协调化解") {
			t.Fatalf("case_accepted SMS: %v", p)
		}
		d = detail(t, r, own, c.ID)
		if a := deadline(t, d, cases.DeadlineAccept); a.State != cases.DeadlineMet || a.Risk != cases.RiskMet {
			t.Fatalf("accept deadline after acceptance: %+v", a)
		}
		if len(d.Notices) != 1 || d.Notices[0].Number != "深信受〔2026〕1号" || d.Notices[0].Body.To != "汪玉" {
			t.Fatalf("acceptance notice: %+v", d.Notices)
		}

		// One extension, approved by a leader; its reason reaches the citizen.
		c = act(t, r, own, c, cases.ActExtend, cases.ActionInput{Days: 20, Reason: "需调取原始档案"})
		if _, err := r.svc.Act(own, c.ID, cases.ActExtend, cases.ActionInput{Version: c.Version, Days: 10, Reason: "再延"}); service.ErrorCode(err) != service.EConflict {
			t.Fatalf("second extension request: %v", err)
		}
		if _, err := r.svc.Act(own, c.ID, cases.ActApproveExtension, cases.ActionInput{Version: c.Version, Approve: &yes}); service.ErrorCode(err) != service.EForbidden {
			t.Fatalf("handler approved own extension: %v", err)
		}
		if _, err := r.svc.Act(own, c.ID, cases.ActExtend, cases.ActionInput{Version: c.Version, Days: 31, Reason: "x"}); service.ErrorCode(err) != service.EInvalid {
			t.Fatalf("31 days: %v", err)
		}
		c = act(t, r, leader, c, cases.ActApproveExtension, cases.ActionInput{Approve: &yes})
		// 2027-02-01 + 20 days is Sunday 2027-02-21: Monday the 22nd.
		if p := sent(t, r, "case_extended", c); len(p) != 1 || p[0]["deadline"] != "2027年2月22日（周一）" || p[0]["reason"] != "需调取原始档案" {
			t.Fatalf("case_extended SMS: %v", p)
		}
		if rd := deadline(t, detail(t, r, own, c.ID), cases.DeadlineReply); rd.Due != "2027-02-22" || rd.State != cases.DeadlineOpen {
			t.Fatalf("extended reply deadline %+v", rd)
		}

		r.clock.Set(bj(2026, 12, 13, 10, 0))
		c = act(t, r, own, c, cases.ActReply, cases.ActionInput{Outcome: "explained", Tag: "educated", Text: "经核查，您的档案已移交市档案馆。\n请携身份证前往查询。"})
		if len(sent(t, r, "reply_issued", c)) != 1 || len(sent(t, r, "satisfaction", c)) != 1 {
			t.Fatal("reply SMS and the invitation to rate")
		}

		// The citizen reads the timeline, rates, and asks for 复查.
		p, err := r.svc.Progress(ctx, c.CaseNo, c.QueryCode, "10.9.9.9")
		if err != nil {
			t.Fatal(err)
		}
		tl := publicTimeline(p)
		for _, want := range []string{"收到您的网上信访", "已受理", "经批准延期办理，答复期限延至2027年2月22日", "已出具答复意见（解释）"} {
			if !strings.Contains(tl, want) {
				t.Fatalf("citizen timeline lacks %q:\n%s", want, tl)
			}
		}
		if !p.CanRate || p.CanReview != "复查" || !strings.Contains(p.Next, "2027年1月12日") || !strings.Contains(p.Reply, "市档案馆") {
			t.Fatalf("progress after reply: %+v", p)
		}
		if _, err := r.svc.RateByQueryCode(ctx, c.CaseNo, c.QueryCode, "great", "10.9.9.9"); service.ErrorCode(err) != service.EInvalid {
			t.Fatalf("unknown rating: %v", err)
		}
		p, err = r.svc.RateByQueryCode(ctx, c.CaseNo, c.QueryCode, "unsatisfied", "10.9.9.9")
		if err != nil || p.Rating != "不满意" || p.CanRate || !strings.Contains(publicTimeline(p), "申请复查") {
			t.Fatalf("rating: %v %+v", err, p)
		}
		if _, err := r.svc.RateByQueryCode(ctx, c.CaseNo, c.QueryCode, "satisfied", "10.9.9.9"); service.ErrorCode(err) != service.EConflict {
			t.Fatalf("second rating: %v", err)
		}
		r.clock.Set(bj(2026, 12, 20, 10, 0))
		p, err = r.svc.ReviewByQueryCode(ctx, c.CaseNo, c.QueryCode, "10.9.9.9")
		if err != nil || p.Status != cases.StatusReviewRequested || !strings.Contains(p.Next, "2027年1月19日") {
			t.Fatalf("复查 request: %v %+v", err, p)
		}
		c, _ = r.db.CaseByID(ctx, c.ID)
		c = act(t, r, own, c, cases.ActReviewAnswer, cases.ActionInput{Outcome: "upheld", Text: "维持原答复意见。"})
		if p := sent(t, r, "case_review_answered", c); len(p) != 1 || p[0]["stage"] != "复查" {
			t.Fatalf("复查 SMS: %v", p)
		}
		c = act(t, r, registrar, c, cases.ActRecheckRequest, cases.ActionInput{})
		c = act(t, r, own, c, cases.ActRecheckAnswer, cases.ActionInput{Outcome: "upheld", Text: "维持复查意见。"})
		if c.Status != cases.StatusRechecked {
			t.Fatalf("after 复核: %s", c.Status)
		}
		d = detail(t, r, registrar, c.ID)
		var kinds []string
		for _, n := range d.Notices {
			kinds = append(kinds, n.Kind)
		}
		if strings.Join(kinds, ",") != "acceptance,extension,reply,review,recheck" {
			t.Fatalf("notices issued: %v", kinds)
		}
		if len(d.Actions) != 0 {
			t.Fatalf("a finished case offers %v", d.Actions)
		}
		for _, dl := range d.Deadlines {
			if dl.State == cases.DeadlineOpen {
				t.Fatalf("open deadline after 复核: %+v", dl)
			}
		}
		// The same facts again: 不再受理.
		again, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "letter", Name: "汪玉", Phone: "18399906667", District: "罗湖区", Content: archiveLetter})
		if err != nil || !again.Merged || !again.Case.NoReaccept {
			t.Fatalf("after 复核: %v %+v", err, again)
		}
	})
}

// Not accepted (with the channel to use), forwarded to a unit, withdrawn; and the windows the
// citizen has are enforced.
func TestLifecycleOtherPaths(t *testing.T) {
	forEachCaseRig(t, func(t *testing.T, r *caseRig) {
		ctx := context.Background()
		reg := func(name, phone, district, content string) *cases.Case {
			res, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: name, Phone: phone, District: district, Content: content})
			if err != nil {
				t.Fatal(err)
			}
			return res.Case
		}
		a := reg("钟小玉", "19600827027", "坪山区", noise)
		own := servicetest.HandlerCtx(a.Office)
		if _, err := r.svc.Act(own, a.ID, cases.ActNotAccept, cases.ActionInput{Version: a.Version, Reason: "已进入诉讼程序"}); service.ErrorCode(err) != service.EInvalid {
			t.Fatalf("not accepted without guidance: %v", err)
		}
		a = act(t, r, own, a, cases.ActNotAccept, cases.ActionInput{Reason: "已进入诉讼程序", Guidance: "向人民法院了解案件进展"})
		if a.Status != cases.StatusNotAccepted {
			t.Fatalf("status %s", a.Status)
		}
		if p := sent(t, r, "case_not_accepted", a); len(p) != 1 || p[0]["guidance"] != "向人民法院了解案件进展" {
			t.Fatalf("not accepted SMS: %v", p)
		}
		p, _ := r.svc.Progress(ctx, a.CaseNo, a.QueryCode, "10.0.0.1")
		if p.Guidance != "向人民法院了解案件进展" || p.CanRate || p.CanReview != "" {
			t.Fatalf("progress of a case not accepted: %+v", p)
		}

		// Forwarded to a district unit: the citizen learns which.
		b := reg("李四", "13912345678", "南山区", "南山区西丽街道某小区物业乱收停车费，业主多次向街道办投诉未获处理，请求住建部门查处。")
		ownB := servicetest.HandlerCtx(b.Office)
		if _, err := r.svc.Act(ownB, b.ID, cases.ActTransfer, cases.ActionInput{Version: b.Version, Unit: "不存在的局"}); service.ErrorCode(err) != service.EInvalid {
			t.Fatalf("unknown unit: %v", err)
		}
		b = act(t, r, ownB, b, cases.ActTransfer, cases.ActionInput{Unit: "南山区住房和建设局"})
		if sms := sent(t, r, "case_forwarded", b); len(sms) != 1 || sms[0]["unit"] != "南山区住房和建设局" || b.Status != cases.StatusTransferred {
			t.Fatalf("forwarded: %s %v", b.Status, sms)
		}
		b = act(t, r, ownB, b, cases.ActAccept, cases.ActionInput{})
		if sms := sent(t, r, "case_accepted", b); len(sms) != 1 || sms[0]["unit"] != "南山区住房和建设局" {
			t.Fatalf("accepted by the unit: %v", sms)
		}
		// Withdrawn at the citizen's request: its deadlines are cancelled.
		b = act(t, r, ownB, b, cases.ActWithdraw, cases.ActionInput{Reason: "信访人书面申请撤回"})
		for _, dl := range detail(t, r, registrar, b.ID).Deadlines {
			if dl.State == cases.DeadlineOpen {
				t.Fatalf("withdrawn case keeps deadline %+v", dl)
			}
		}
		if _, err := r.svc.Act(ownB, b.ID, cases.ActAccept, cases.ActionInput{Version: b.Version}); service.ErrorCode(err) != service.EConflict {
			t.Fatalf("acting on a withdrawn case: %v", err)
		}

		// The 复查 window closes 30 days after the reply (on the next working day when it ends
		// on a rest day).
		c := reg("王五", "13800001111", "福田区", "福田区华强北某商场电梯长期故障，多次反映未修复，存在安全隐患。")
		ownC := servicetest.HandlerCtx(c.Office)
		c = act(t, r, ownC, c, cases.ActAccept, cases.ActionInput{})
		c = act(t, r, ownC, c, cases.ActReply, cases.ActionInput{Outcome: "supported", Tag: "solved", Text: "已责令商场修复电梯。"})
		r.clock.Add(45 * 24 * time.Hour)
		if _, err := r.svc.ReviewByQueryCode(ctx, c.CaseNo, c.QueryCode, "10.0.0.2"); service.ErrorCode(err) != service.EConflict ||
			!strings.Contains(service.AsError(err).Message, "届满") {
			t.Fatalf("复查 after the window: %v", err)
		}
		if _, err := r.svc.RateByQueryCode(ctx, c.CaseNo, c.QueryCode, "satisfied", "10.0.0.2"); service.ErrorCode(err) != service.EConflict {
			t.Fatalf("rating after the window: %v", err)
		}
		c = act(t, r, ownC, c, cases.ActClose, cases.ActionInput{})
		if _, err := r.svc.Act(supervisor, c.ID, cases.ActSupervise, cases.ActionInput{Version: c.Version, Text: "请说明"}); service.ErrorCode(err) != service.EConflict {
			t.Fatalf("督办 of a closed case: %v", err)
		}

		// A case merged into another by a registrar: its citizen follows, rates and asks for 复查
		// on the case it joined, with their own number and query code.
		x := reg("赵六", "13700002222", "罗湖区", "罗湖区东门某商铺长期占用消防通道堆放货物，请求消防部门查处。")
		y := reg("赵六", "13700003333", "罗湖区", "东门那家商铺把消防通道堵了，一直没人管，请消防来查。")
		if y.ID == x.ID {
			t.Skip("the matcher merged them already")
		}
		if err := r.svc.MergeCases(registrar, x.ID, y.ID, "同一人同一事项"); err != nil {
			t.Fatal(err)
		}
		x, _ = r.db.CaseByID(ctx, x.ID)
		ownX := servicetest.HandlerCtx(x.Office)
		x = act(t, r, ownX, x, cases.ActAccept, cases.ActionInput{})
		x = act(t, r, ownX, x, cases.ActReply, cases.ActionInput{Outcome: "supported", Tag: "solved", Text: "已责令清理消防通道。"})
		p, err := r.svc.Progress(ctx, y.CaseNo, y.QueryCode, "10.0.0.3")
		if err != nil || p.CaseNo != x.CaseNo || !strings.Contains(publicTimeline(p), "合并办理，编号 "+x.CaseNo) || !p.CanRate {
			t.Fatalf("progress of a merged case: %v %+v", err, p)
		}
		if p, err = r.svc.RateByQueryCode(ctx, y.CaseNo, y.QueryCode, "satisfied", "10.0.0.3"); err != nil || p.Rating != "满意" {
			t.Fatalf("rating through the merged case: %v %+v", err, p)
		}
		if p, err = r.svc.ReviewByQueryCode(ctx, y.CaseNo, y.QueryCode, "10.0.0.3"); err != nil || p.Status != cases.StatusReviewRequested {
			t.Fatalf("复查 through the merged case: %v %+v", err, p)
		}
	})
}

// Reminders 3 and 1 days before each deadline go to the owner once; a missed deadline is
// escalated to the supervisors with a 督办单, which the handler answers.
func TestDeadlineRemindersAndEscalation(t *testing.T) {
	forEachCaseRig(t, func(t *testing.T, r *caseRig) {
		res, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "汪玉", Phone: "18399906667", District: "罗湖区", Content: archiveOnline})
		if err != nil {
			t.Fatal(err)
		}
		c := res.Case
		own := servicetest.HandlerCtx(c.Office)
		pass := func(at time.Time) cases.PassResult {
			t.Helper()
			r.clock.Set(at)
			res, err := r.svc.DeadlinePass(servicetest.System, at)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		// Both deadlines are due Wednesday 2026-12-16: reminders at 09:00 three days before — a
		// Sunday, so on Friday the 11th — and on the 15th.
		if got := pass(bj(2026, 12, 11, 8, 59)); got.Reminders != 0 || got.Checked != 0 {
			t.Fatalf("before the first reminder: %+v", got)
		}
		if got := pass(bj(2026, 12, 11, 9, 0)); got.Reminders != 2 {
			t.Fatalf("3 days before: %+v", got)
		}
		if got := pass(bj(2026, 12, 13, 9, 1)); got.Reminders != 0 {
			t.Fatalf("again: %+v", got)
		}
		if rem, _ := r.svc.Reminders(own, 10); len(rem) != 2 || rem[0].CaseNo != c.CaseNo || rem[0].Due != "2026-12-16" {
			t.Fatalf("reminders listed: %+v", rem)
		}
		r.clock.Set(bj(2026, 12, 14, 10, 0))
		c = act(t, r, own, c, cases.ActAssign, cases.ActionInput{Office: c.Office, Owner: "handler1"})
		if got := pass(bj(2026, 12, 15, 9, 0)); got.Reminders != 1 {
			t.Fatalf("1 day before (the assign deadline met): %+v", got)
		}
		if d := deadline(t, detail(t, r, own, c.ID), cases.DeadlineAccept); d.Risk != cases.RiskDueSoon {
			t.Fatalf("risk the day before: %+v", d)
		}
		if got := pass(bj(2026, 12, 16, 23, 59)); got.Escalations != 0 {
			t.Fatalf("on the due day: %+v", got)
		}
		if got := pass(bj(2026, 12, 17, 0, 0)); got.Escalations != 1 {
			t.Fatalf("the day after: %+v", got)
		}
		if got := pass(bj(2026, 12, 18, 0, 0)); got.Escalations != 0 || got.Checked != 0 {
			t.Fatalf("escalated twice: %+v", got)
		}
		d := detail(t, r, own, c.ID)
		if dl := deadline(t, d, cases.DeadlineAccept); dl.Risk != cases.RiskOverdue {
			t.Fatalf("overdue: %+v", dl)
		}
		sups, err := r.svc.Supervisions(supervisor, cases.SupervisionOpen, 10)
		if err != nil || len(sups) != 1 || sups[0].Kind != cases.SuperviseOverdue || !strings.Contains(sups[0].Request, "告知是否受理") {
			t.Fatalf("督办单: %v %+v", err, sups)
		}
		if _, err := r.svc.Supervisions(own, "", 10); service.ErrorCode(err) != service.EForbidden {
			t.Fatalf("a handler lists every 督办单: %v", err)
		}
		c = act(t, r, own, c, cases.ActAnswerSupervision, cases.ActionInput{SupervisionID: sups[0].ID, Text: "已联系信访人，本周内告知。"})
		if sups, _ := r.svc.Supervisions(supervisor, cases.SupervisionAnswered, 10); len(sups) != 1 || sups[0].AnsweredBy != "handler1" {
			t.Fatalf("answered 督办单: %+v", sups)
		}
		// Accepting late meets the deadline, late.
		c = act(t, r, own, c, cases.ActAccept, cases.ActionInput{})
		if dl := deadline(t, detail(t, r, own, c.ID), cases.DeadlineAccept); dl.Risk != cases.RiskLate {
			t.Fatalf("late acceptance: %+v", dl)
		}
	})
}

// A pass after the service was down catches up: the deadline passed meanwhile is escalated at
// once, without the reminders it missed.
func TestDeadlinePassCatchesUp(t *testing.T) {
	forEachCaseRig(t, func(t *testing.T, r *caseRig) {
		if _, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "汪玉", Phone: "18399906667", District: "罗湖区", Content: archiveOnline}); err != nil {
			t.Fatal(err)
		}
		at := bj(2026, 12, 20, 3, 0)
		r.clock.Set(at)
		got, err := r.svc.DeadlinePass(servicetest.System, at)
		if err != nil || got.Escalations != 2 || got.Reminders != 0 {
			t.Fatalf("catch-up pass: %v %+v", err, got)
		}
		// Down until the day before the due day: only the latest reminder is sent.
		if _, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "钟小玉", Phone: "19600827027", District: "坪山区", Content: noise}); err != nil {
			t.Fatal(err)
		}
		// Received 12-20, due Monday 2027-01-04; both reminder days (元旦, a Sunday) move to
		// Thursday 12-31, and the pass comes after them.
		at = bj(2027, 1, 3, 12, 0)
		r.clock.Set(at)
		got, err = r.svc.DeadlinePass(servicetest.System, at)
		if err != nil || got.Reminders != 2 || got.Escalations != 0 {
			t.Fatalf("late pass before the due day: %v %+v", err, got)
		}
		rem, _ := r.svc.Reminders(registrar, 10)
		for _, x := range rem[:2] {
			if x.Stage != 1 {
				t.Fatalf("the missed 3-day reminder was sent late: %+v", x)
			}
		}
	})
}

// Three instances running the pass at once send each reminder and each escalation once.
func TestDeadlinePassOnThreeInstances(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			clock := storetest.NewClock(servicetest.FixedNow)
			dbs := b.OpenShared(t, clock.Now, 3)
			rigs := make([]*caseRig, 3)
			for i, db := range dbs {
				rigs[i] = newCaseRig(t, db, clock)
			}
			const n = 60
			for i := 0; i < n; i++ {
				content := fmt.Sprintf("第%d号：%s", i, []string{archiveOnline, noise}[i%2])
				if _, err := rigs[i%3].svc.Register(servicetest.System, cases.ItemInput{Channel: "phone", Name: fmt.Sprintf("张%03d", i),
					Phone: fmt.Sprintf("139%08d", i), District: "罗湖区", Content: content}); err != nil {
					t.Fatal(err)
				}
			}
			for _, tc := range []struct {
				at                     time.Time
				reminders, escalations int
			}{
				{bj(2026, 12, 13, 9, 0), 2 * n, 0},
				{bj(2026, 12, 15, 9, 30), 2 * n, 0},
				{bj(2026, 12, 17, 0, 5), 0, 2 * n},
			} {
				clock.Set(tc.at)
				var wg sync.WaitGroup
				results := make([]cases.PassResult, 3)
				errs := make([]error, 3)
				for i := range rigs {
					wg.Add(1)
					go func() {
						defer wg.Done()
						results[i], errs[i] = rigs[i].svc.DeadlinePass(servicetest.System, tc.at)
					}()
				}
				wg.Wait()
				var rem, esc int
				for i := range results {
					if errs[i] != nil {
						t.Fatal(errs[i])
					}
					rem += results[i].Reminders
					esc += results[i].Escalations
				}
				if rem != tc.reminders || esc != tc.escalations {
					t.Fatalf("pass at %s: %d reminders, %d escalations (want %d, %d); per instance %+v", tc.at, rem, esc, tc.reminders, tc.escalations, results)
				}
			}
			rem, _ := rigs[0].svc.Reminders(registrar, 500)
			sups, _ := rigs[1].svc.Supervisions(supervisor, "", 500)
			if len(rem) != 4*n || len(sups) != 2*n {
				t.Fatalf("stored: %d reminders, %d 督办单", len(rem), len(sups))
			}
		})
	}
}

// The four indicators on a small seeded set equal the values computed by hand.
func TestStatsMatchHandComputed(t *testing.T) {
	forEachCaseRig(t, func(t *testing.T, r *caseRig) {
		ctx := context.Background()
		reg := func(name, phone, district, content string) *cases.Case {
			res, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: name, Phone: phone, District: district, Content: content})
			if err != nil || res.Merged {
				t.Fatalf("register %s: %v %+v", name, err, res)
			}
			return res.Case
		}
		// All received 2026-12-01 09:00 (accept due 12-16).
		a := reg("甲某", "13900000001", "罗湖区", archiveOnline)
		b := reg("乙某", "13900000002", "罗湖区", noise)
		c := reg("丙某", "13900000003", "福田区", "福田区华强北某商场电梯长期故障，多次反映未修复，存在安全隐患。")
		d := reg("丁某", "13900000004", "福田区", "福田区某学校周边占道经营严重，上下学时段交通拥堵，请求整治。")
		e := reg("戊某", "13900000005", "福田区", "福田区某小区二次供水水质发黄，物业不予处理，请求卫生部门检测。")
		g := reg("己某", "13900000006", "罗湖区", "罗湖区东门某商铺长期占用消防通道堆放货物，请求消防部门查处。")
		h1, h2 := servicetest.HandlerCtx("office1"), servicetest.HandlerCtx("office2")
		at := func(m time.Month, day int) { r.clock.Set(bj(2026, m, day, 9, 0)) }
		at(12, 2)
		if err := r.svc.MergeCases(registrar, a.ID, g.ID, "同一事项"); err != nil { // g no longer counts
			t.Fatal(err)
		}
		at(12, 3)
		a, _ = r.db.CaseByID(ctx, a.ID)
		a = act(t, r, h1, a, cases.ActAccept, cases.ActionInput{})
		at(12, 5)
		e = act(t, r, h2, e, cases.ActAccept, cases.ActionInput{})
		at(12, 10)
		c = act(t, r, h2, c, cases.ActNotAccept, cases.ActionInput{Reason: "属于民事纠纷", Guidance: "向人民法院起诉"})
		at(12, 20)
		b = act(t, r, h1, b, cases.ActAccept, cases.ActionInput{}) // late: due 12-16
		a = act(t, r, h1, a, cases.ActReply, cases.ActionInput{Outcome: "supported", Tag: "solved", Text: "已协调恢复档案。"})
		at(12, 28)
		b = act(t, r, h1, b, cases.ActReply, cases.ActionInput{Outcome: "explained", Tag: "educated", Text: "施工许可合法。"})
		at(12, 29)
		for _, x := range []struct {
			c      *cases.Case
			rating string
		}{{a, "satisfied"}, {b, "unsatisfied"}} {
			if _, err := r.svc.RateByQueryCode(ctx, x.c.CaseNo, x.c.QueryCode, x.rating, "10.1.1.1"); err != nil {
				t.Fatal(err)
			}
		}
		_ = d // never decided: overdue on 12-31
		r.clock.Set(bj(2026, 12, 31, 18, 0))
		if _, err := r.svc.Stats(h1, cases.StatsQuery{}); service.ErrorCode(err) != service.EForbidden {
			t.Fatalf("a handler reads the statistics: %v", err)
		}
		st, err := r.svc.Stats(leader, cases.StatsQuery{From: "2026-12-01", To: "2026-12-31", By: "office"})
		if err != nil {
			t.Fatal(err)
		}
		f := func(v *float64) string {
			if v == nil {
				return "nil"
			}
			return fmt.Sprintf("%.4f", *v)
		}
		tot := st.Total
		// Received 5 (a b c d e; g merged away). Acceptance decidable: a, b, c decided, d overdue;
		// on time a and c → 2/4. Replies due or made: a and b, both on time → 2/2. Rated 2 of 2
		// replied, satisfied 1 → 1/2. Overdue: d. Handling days: a 19, b 27 → 23.
		got := fmt.Sprintf("received=%d acc=%d/%d %s reply=%d/%d %s sat=%d/%d %s part=%s overdue=%d days=%s", tot.Received,
			tot.AcceptedOnTime, tot.AcceptDecidable, f(tot.TimelyAcceptance), tot.RepliedOnTime, tot.ReplyDecidable, f(tot.OnTimeCompletion),
			tot.Satisfied, tot.Rated, f(tot.Satisfaction), f(tot.Participation), tot.Overdue, f(tot.AvgHandlingDays))
		want := "received=5 acc=2/4 0.5000 reply=2/2 1.0000 sat=1/2 0.5000 part=1.0000 overdue=1 days=23.0000"
		if got != want {
			t.Fatalf("totals\n got %s\nwant %s", got, want)
		}
		if len(st.Rows) != 2 || st.Rows[0].Key != "office1" || st.Rows[0].Name != "协调化解一处" || st.Rows[0].Received != 2 ||
			f(st.Rows[0].TimelyAcceptance) != "0.5000" || st.Rows[1].Received != 3 || f(st.Rows[1].TimelyAcceptance) != "0.5000" ||
			st.Rows[1].Overdue != 1 || st.Rows[1].Participation != nil {
			t.Fatalf("by office: %+v", st.Rows)
		}
		if st.Definitions["timely_acceptance_rate"] == "" {
			t.Fatal("definitions missing")
		}
		if _, err := r.svc.Stats(leader, cases.StatsQuery{From: "2026-12-31", To: "2026-12-01"}); service.ErrorCode(err) != service.EInvalid {
			t.Fatalf("reversed period: %v", err)
		}
	})
}

// A handler's list holds their office's cases and those they own elsewhere, filters applied
// to both; nothing else.
func TestHandlerListScope(t *testing.T) {
	forEachCaseRig(t, func(t *testing.T, r *caseRig) {
		reg := func(name, phone, district, content string) *cases.Case {
			res, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "letter", Name: name, Phone: phone, District: district, Content: content})
			if err != nil {
				t.Fatal(err)
			}
			return res.Case
		}
		a := reg("甲某", "13900000001", "罗湖区", archiveOnline)                     // office1
		b := reg("乙某", "13900000002", "福田区", "福田区华强北某商场电梯长期故障，多次反映未修复，存在安全隐患。") // office2
		c := reg("丙某", "13900000003", "福田区", "福田区某学校周边占道经营严重，上下学时段交通拥堵，请求整治。")  // office2
		// handler1 of office2 is made the owner of a (office1).
		a = act(t, r, registrar, a, cases.ActAssign, cases.ActionInput{Office: "office1", Owner: "handler1"})
		list, err := r.svc.List(servicetest.HandlerCtx("office2"), cases.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, x := range list {
			got = append(got, x.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint([]int64{c.ID, b.ID, a.ID}) {
			t.Fatalf("handler's list %v, want %v", got, []int64{c.ID, b.ID, a.ID})
		}
		list, _ = r.svc.List(servicetest.HandlerCtx("office2"), cases.Filter{District: "罗湖区"})
		if len(list) != 1 || list[0].ID != a.ID {
			t.Fatalf("filtered: %+v", list)
		}
		list, _ = r.svc.List(servicetest.HandlerCtx("office3"), cases.Filter{})
		for _, x := range list {
			if x.ID == b.ID || x.ID == c.ID {
				t.Fatalf("office3 handler sees %s", x.CaseNo)
			}
		}
		if _, err := r.svc.List(registrar, cases.Filter{Status: "nonsense"}); service.ErrorCode(err) != service.EInvalid {
			t.Fatalf("bad status: %v", err)
		}
	})
}

// A list with a receipt range is in receipt order and pages through every case of the range once.
func TestListByReceiptPages(t *testing.T) {
	forEachCaseRig(t, func(t *testing.T, r *caseRig) {
		// Registered in one order, received in another (old letters registered late).
		for i, day := range []int{5, 3, 9, 1, 7} {
			_, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "letter", Name: fmt.Sprintf("张%d", i), Phone: fmt.Sprintf("1390000%04d", i),
				District: "罗湖区", ReceivedAt: bj(2026, 11, day, 10, 0), Content: fmt.Sprintf("第%d件：%s", i, noise)})
			if err != nil {
				t.Fatal(err)
			}
		}
		f := cases.Filter{From: "2026-11-02", To: "2026-11-30", Limit: 2}
		var days []string
		for page := 0; page < 5; page++ {
			list, err := r.svc.List(registrar, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range list {
				days = append(days, string(service.DateOf(c.ReceivedAt)))
			}
			if len(list) < f.Limit {
				break
			}
			last := list[len(list)-1]
			f.BeforeID, f.BeforeAt = last.ID, last.ReceivedAt
		}
		if got := strings.Join(days, " "); got != "2026-11-09 2026-11-07 2026-11-05 2026-11-03" {
			t.Fatalf("pages by receipt: %s", got)
		}
	})
}

// A matter that reads like a property dispute but complains about the organ that should act is
// kept as a petition, says why, and waits for the registrar to confirm.
func TestUncertainScreeningIsKeptAndQueued(t *testing.T) {
	forEachCaseRig(t, func(t *testing.T, r *caseRig) {
		res, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "邵丽君", Phone: "13900000011", District: "龙华区",
			Content: "小区物业公司未经业主表决动用维修基金更换电梯，账目不公开。我多次向区住建局反映，住建局只转给物业公司回复，从不派人核查。请住建局履行监管职责。"})
		if err != nil {
			t.Fatal(err)
		}
		c := res.Case
		if c.NonPetition || c.Status != cases.StatusRegistered || c.ScreenKind != "property" || !strings.Contains(c.ScreenWhy, "履职") ||
			!strings.Contains(c.ScreenWhy, "物业服务企业（“物业公司”）") {
			t.Fatalf("kept as a petition with the doubt said: %+v", c)
		}
		list, _ := r.svc.List(registrar, cases.Filter{ScreenPending: true})
		if len(list) != 1 || list[0].ID != c.ID {
			t.Fatalf("the registrar's queue: %+v", list)
		}
		np := false
		if _, err := r.svc.Edit(registrar, c.ID, cases.Edit{Version: c.Version, NonPetition: &np}); err != nil {
			t.Fatal(err)
		}
		if list, _ := r.svc.List(registrar, cases.Filter{ScreenPending: true}); len(list) != 0 {
			t.Fatalf("confirmed but still queued: %+v", list)
		}
		// A plain property dispute is still screened out.
		res, _ = r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "王某", Phone: "13900000012", District: "龙华区",
			Content: "小区物业费去年涨了三成，物业公司服务却越来越差，电梯经常坏，保安也不巡逻。要求物业公司降低物业费。"})
		if !res.Case.NonPetition {
			t.Fatalf("a property-fee dispute: %+v", res.Case)
		}
	})
}

// A text no rule recognises but the learnt model reads firmly as another channel's matter is
// kept as a petition, says why, and waits in the registrar's queue — with no kind suggested
// when the rules saw none.
func TestModelDoubtIsKeptAndQueued(t *testing.T) {
	forEachCaseRig(t, func(t *testing.T, r *caseRig) {
		res, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "wechat", Name: "阿敏", OpenID: "oWx3Ftest0000000000000000001", District: "龙华区",
			Content: "我家门口的车位是我们租的，对面那家天天停他们的车，贴纸条也没用，昨天还把我车剐了。"})
		if err != nil {
			t.Fatal(err)
		}
		c := res.Case
		if c.NonPetition || c.Status != cases.StatusRegistered || !strings.HasPrefix(c.ScreenWhy, "全文读来像") || !strings.Contains(c.ScreenWhy, "请登记员确认") {
			t.Fatalf("kept as a petition with the model's doubt said: %+v", c)
		}
		list, _ := r.svc.List(registrar, cases.Filter{ScreenPending: true})
		if len(list) != 1 || list[0].ID != c.ID {
			t.Fatalf("the registrar's queue: %+v", list)
		}
		no := false
		if _, err := r.svc.Edit(registrar, c.ID, cases.Edit{Version: c.Version, NonPetition: &no}); err != nil {
			t.Fatal(err)
		}
		if list, _ := r.svc.List(registrar, cases.Filter{ScreenPending: true}); len(list) != 0 {
			t.Fatalf("confirmed but still queued: %+v", list)
		}
		// Confirming the doubt made an example: the same text again follows it and says so.
		res, err = r.svc.Register(servicetest.System, cases.ItemInput{Channel: "wechat", Name: "阿华", OpenID: "oWx3Ftest0000000000000000002", District: "龙华区",
			Content: "我家门口的车位是我们租的，对面那家天天停他们的车，贴纸条也没用，昨天还把我车剐了。"})
		if err != nil || res.Case.NonPetition || !strings.Contains(res.Case.ScreenWhy, "人工认定") {
			t.Fatalf("the same text after the registrar's decision: %v %+v", err, res.Case)
		}
	})
}

// A registrar's screening decision is an example later items follow, saying so; withdrawn, it
// guides no more.
func TestRegistrarCorrectionsGuideLaterItems(t *testing.T) {
	forEachCaseRig(t, func(t *testing.T, r *caseRig) {
		first := "我们楼的电梯坏了三个月没人修，说要等维修资金审批，老人上下楼太难了，希望尽快修好。"
		res, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "甲某", Phone: "13900000021", District: "福田区", Content: first})
		if err != nil {
			t.Fatal(err)
		}
		c := res.Case
		if c.NonPetition {
			t.Fatalf("the rules alone should keep a broken lift as a petition: %+v", c)
		}
		// The registrar decides it is a property-management dispute.
		yes, kind := true, "property"
		c, err = r.svc.Edit(registrar, c.ID, cases.Edit{Version: c.Version, NonPetition: &yes, ScreenKind: &kind})
		if err != nil || !c.NonPetition || !strings.Contains(c.ScreenGuidance, "物业") {
			t.Fatalf("registrar's decision: %v %+v", err, c)
		}
		examples, _ := r.svc.ScreenExamples(registrar, false)
		if len(examples) != 1 || examples[0].Kind != "property" || examples[0].CaseNo != c.CaseNo {
			t.Fatalf("examples: %+v", examples)
		}
		// Another citizen, nearly the same words: screened the same way, saying why.
		later, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "乙某", Phone: "13900000022", District: "福田区",
			Content: "我们楼的电梯坏了快三个月没人修，说要等维修资金审批，老人上下楼太难了，请尽快修好。"})
		if err != nil {
			t.Fatal(err)
		}
		// The registrar sees which case it follows; the citizen, in plain words, that it is like
		// one decided before (never another citizen's case number) and where to go.
		if lc := later.Case; !lc.NonPetition || !strings.Contains(lc.ScreenWhy, "与已人工认定为物业服务纠纷的事项相似") ||
			!strings.Contains(lc.ScreenWhy, c.CaseNo) || strings.Contains(lc.ScreenGuidance, c.CaseNo) ||
			!strings.HasPrefix(lc.ScreenGuidance, "您反映的事项与已人工认定为物业服务纠纷的事项相似。") || !strings.Contains(lc.ScreenGuidance, "业主委员会") {
			t.Fatalf("the later item: %+v", later.Case)
		}
		// Withdrawn: the next one is judged by the rules alone again.
		if err := r.svc.WithdrawScreenExample(registrar, examples[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := r.svc.WithdrawScreenExample(registrar, examples[0].ID); service.ErrorCode(err) != service.ENotFound {
			t.Fatalf("withdrawn twice: %v", err)
		}
		third, _ := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "丙某", Phone: "13900000023", District: "福田区",
			Content: "我们楼的电梯坏了三个月没人修，说要等维修资金审批，老人上下楼太难了，希望尽快修好！"})
		if strings.Contains(third.Case.ScreenWhy+third.Case.ScreenGuidance, "人工认定") {
			t.Fatalf("a withdrawn example still guides: %+v", third.Case)
		}
	})
}

// The registrars' standing decisions are training texts for the screening model: every item of
// a decided case, labelled as the registrar last decided; a case whose last decision was
// withdrawn teaches nothing (not the decision that one overrode).
func TestRegistrarDecisionsAreTrainingTexts(t *testing.T) {
	forEachCaseRig(t, func(t *testing.T, r *caseRig) {
		noise := "楼上邻居每晚装修噪音扰民，吵到凌晨，严重影响休息。"
		res, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "戊某", Phone: "13900000051", District: "南山区", Content: noise})
		if err != nil || !res.Case.NonPetition {
			t.Fatalf("a neighbour's noise: %v %+v", err, res.Case)
		}
		again := "再次反映楼上邻居装修噪音的事，还是吵到凌晨。"
		if res2, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "戊某", Phone: "13900000051", District: "南山区", Content: again}); err != nil || !res2.Merged {
			t.Fatalf("the follow-up: %v %+v", err, res2)
		}
		if texts, err := r.svc.TrainingTexts(servicetest.System); err != nil || len(texts) != 0 {
			t.Fatalf("before any decision: %v %+v", err, texts)
		}
		// The registrar makes it a petition, then a neighbour dispute again: two decisions.
		d, err := r.svc.Get(registrar, res.Case.ID)
		if err != nil {
			t.Fatal(err)
		}
		no, yes := false, true
		c, err := r.svc.Edit(registrar, d.Case.ID, cases.Edit{Version: d.Case.Version, NonPetition: &no})
		if err != nil {
			t.Fatal(err)
		}
		texts, err := r.svc.TrainingTexts(servicetest.System)
		if err != nil || len(texts) != 2 || !texts[0].Petition || !texts[1].Petition {
			t.Fatalf("after the first decision (a petition): %v %+v", err, texts)
		}
		if _, err = r.svc.Edit(registrar, c.ID, cases.Edit{Version: c.Version, NonPetition: &yes}); err != nil {
			t.Fatal(err)
		}
		texts, err = r.svc.TrainingTexts(servicetest.System)
		if err != nil || len(texts) != 2 {
			t.Fatalf("after the second decision: %v %+v", err, texts)
		}
		for _, x := range texts {
			if x.Petition || x.Content != noise && x.Content != again {
				t.Errorf("a training text: %+v (the last decision, not a petition, stands)", x)
			}
		}
		// The last decision withdrawn: the case teaches nothing, not the petition it overrode.
		examples, _ := r.svc.ScreenExamples(registrar, false)
		if len(examples) != 2 {
			t.Fatalf("examples: %+v", examples)
		}
		if err := r.svc.WithdrawScreenExample(registrar, examples[0].ID); err != nil { // newest first
			t.Fatal(err)
		}
		if texts, err := r.svc.TrainingTexts(servicetest.System); err != nil || len(texts) != 0 {
			t.Fatalf("after withdrawing the last decision: %v %+v", err, texts)
		}
	})
}

// The case page posts every field of its edit form: what is sent unchanged is no change, so
// saving only the screening decision needs no re-routing reason and records only that.
func TestEditRecordsOnlyWhatChanged(t *testing.T) {
	forEachCaseRig(t, func(t *testing.T, r *caseRig) {
		res, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "丁某", Phone: "13900000031", District: "南山区",
			Content: "楼上邻居每晚装修噪音扰民，吵到凌晨，严重影响休息。"})
		if err != nil {
			t.Fatal(err)
		}
		c := res.Case
		if !c.NonPetition {
			t.Fatalf("a neighbour's noise is screened by the rules: %+v", c)
		}
		purpose, category, office, kind, guidance, no := c.Purpose, c.Category, c.Office, c.ScreenKind, "", false
		form := cases.Edit{Version: c.Version, Purpose: &purpose, Category: &category, Office: &office, ScreenKind: &kind, Guidance: &guidance, NonPetition: &no}
		after, err := r.svc.Edit(registrar, c.ID, form)
		if err != nil {
			t.Fatalf("saving the form unchanged but for the decision: %v", err)
		}
		if after.NonPetition || after.Status != cases.StatusRegistered || after.Office != office || after.Version != c.Version+1 {
			t.Fatalf("after: %+v", after)
		}
		// The same form saved again (now current) changes nothing: the version stays.
		form.Version = after.Version
		again, err := r.svc.Edit(registrar, c.ID, form)
		if err != nil || again.Version != after.Version {
			t.Fatalf("an unchanged form: %v %+v", err, again)
		}
		// A real re-routing still needs its reason.
		other := "office2"
		if other == office {
			other = "office1"
		}
		form.Office = &other
		if _, err := r.svc.Edit(registrar, c.ID, form); !isFieldError(err, "reason") {
			t.Fatalf("re-routing without a reason: %v", err)
		}
	})
}

func isFieldError(err error, field string) bool {
	var e *service.Error
	return errors.As(err, &e) && e.Code == service.EInvalid && e.Field == field
}

// A follow-up that complains about an organ's own work, merged into a case screened out as a
// neighbour dispute (and confirmed so), puts the case back before the registrars with the
// reason: the petition that came later is not dropped silently. A follow-up that only repeats
// the dispute leaves the decision alone.
func TestFollowUpComplainingOfAnOrganReopensScreening(t *testing.T) {
	forEachCaseRig(t, func(t *testing.T, r *caseRig) {
		res, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "钟慧玲", Phone: "13900000031", District: "罗湖区", Street: "黄贝街道",
			Content: "楼上邻居家卫生间漏水，渗到我家天花板，墙皮都掉了，跟邻居说了几次都不修，要求邻居维修并赔偿。"})
		if err != nil {
			t.Fatal(err)
		}
		c := res.Case
		if !c.NonPetition || c.ScreenKind != "neighbour" {
			t.Fatalf("a neighbour's leak: %+v", c)
		}
		yes := true
		if c, err = r.svc.Edit(registrar, c.ID, cases.Edit{Version: c.Version, NonPetition: &yes}); err != nil {
			t.Fatal(err)
		}
		if list, _ := r.svc.List(registrar, cases.Filter{ScreenPending: true}); len(list) != 0 {
			t.Fatalf("confirmed, yet queued: %+v", list)
		}
		// The same dispute again: merged, decision unchanged.
		res, err = r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "钟慧玲", Phone: "13900000031", District: "罗湖区", Street: "黄贝街道",
			Content: "再次反映楼上邻居卫生间漏水的事，渗到我家天花板，邻居还是不修。"})
		if err != nil || !res.Merged || res.Case.ID != c.ID {
			t.Fatalf("the same dispute again: %v %+v", err, res)
		}
		if list, _ := r.svc.List(registrar, cases.Filter{ScreenPending: true}); len(list) != 0 {
			t.Fatalf("a repeat of the dispute reopened the decision: %+v", list)
		}
		// Now about the offices: merged, and back in the queue with the reason.
		res, err = r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "钟慧玲", Phone: "13900000031", District: "罗湖区", Street: "黄贝街道",
			Content: "再次反映楼上邻居漏水的事，我向黄贝街道执法队投诉了三次，执法队一直不来现场核查，社区工作站也推来推去。"})
		if err != nil || !res.Merged || res.Case.ID != c.ID {
			t.Fatalf("the follow-up about the offices: %v %+v", err, res)
		}
		list, _ := r.svc.List(registrar, cases.Filter{ScreenPending: true})
		if len(list) != 1 || list[0].ID != c.ID || !strings.Contains(list[0].ScreenWhy, "后续来件反映机关履职问题") || list[0].ScreenConfirmed {
			t.Fatalf("the registrar's queue: %+v", list)
		}
		// The registrar makes it a petition: the example learnt is the follow-up's text, so a
		// plain leak between neighbours is still screened out afterwards.
		no := false
		if _, err := r.svc.Edit(registrar, c.ID, cases.Edit{Version: list[0].Version, NonPetition: &no}); err != nil {
			t.Fatal(err)
		}
		res, err = r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "严志斌", Phone: "13900000032", District: "罗湖区", Street: "黄贝街道",
			Content: "楼上邻居家卫生间漏水，渗到我家天花板，墙皮都掉了，跟邻居说了几次都不修，要求邻居维修并赔偿。"})
		if err != nil || !res.Case.NonPetition {
			t.Fatalf("another neighbour's leak after the decision: %v %+v", err, res.Case)
		}
	})
}

// A case a registrar made a non-petition without naming a kind is put back too.
func TestFollowUpReopensAKindlessDecision(t *testing.T) {
	forEachCaseRig(t, func(t *testing.T, r *caseRig) {
		res, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "邝国良", Phone: "13900000041", District: "罗湖区",
			Content: "我家门口的路灯坏了两个月，晚上出门很不方便，希望尽快修好。"})
		if err != nil {
			t.Fatal(err)
		}
		yes, guidance := true, "请拨打12345反映路灯维修。"
		c, err := r.svc.Edit(registrar, res.Case.ID, cases.Edit{Version: res.Case.Version, NonPetition: &yes, Guidance: &guidance})
		if err != nil || !c.NonPetition || c.ScreenKind != "" {
			t.Fatalf("a registrar's decision without a kind: %v %+v", err, c)
		}
		res, err = r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "邝国良", Phone: "13900000041", District: "罗湖区",
			Content: "再次反映门口路灯坏了的事，我向街道城管科报了三次，城管科一直不派人来修。"})
		if err != nil || !res.Merged || res.Case.ID != c.ID {
			t.Fatalf("the follow-up: %v %+v", err, res)
		}
		if list, _ := r.svc.List(registrar, cases.Filter{ScreenPending: true}); len(list) != 1 || list[0].ID != c.ID {
			t.Fatalf("the registrar's queue: %+v", list)
		}
	})
}
