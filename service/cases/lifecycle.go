package cases

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/notify"
)

// The statuses of a case's life after registration (StatusRegistered, StatusScreened and
// StatusMerged are the registration platform's).
const (
	StatusAssigned         = "assigned"          // 已交办承办处室
	StatusTransferred      = "transferred"       // 已转送/交办责任单位
	StatusHandling         = "handling"          // 已受理，正在办理
	StatusNotAccepted      = "not_accepted"      // 不予受理
	StatusReplied          = "replied"           // 已答复
	StatusReviewRequested  = "review_requested"  // 复查中
	StatusReviewed         = "reviewed"          // 已复查
	StatusRecheckRequested = "recheck_requested" // 复核中
	StatusRechecked        = "rechecked"         // 已复核（终结）
	StatusClosed           = "closed"            // 已办结
	StatusWithdrawn        = "withdrawn"         // 已撤回
)

// StatusNames are the statuses as people read them.
var StatusNames = map[string]string{
	StatusRegistered: "已登记，正在转交办理", StatusScreened: "不属于信访事项，已告知办理渠道", StatusMerged: "已与同一事项合并办理",
	StatusAssigned: "已交承办处室，正在审查是否受理", StatusTransferred: "已转送责任单位办理", StatusHandling: "已受理，正在办理",
	StatusNotAccepted: "不予受理，已告知办理渠道", StatusReplied: "已出具答复意见", StatusReviewRequested: "复查中", StatusReviewed: "已出具复查意见",
	StatusRecheckRequested: "复核中", StatusRechecked: "已出具复核意见", StatusClosed: "已办结", StatusWithdrawn: "已撤回",
}

// open reports whether a case is still being worked on.
func open(status string) bool {
	switch status {
	case StatusClosed, StatusWithdrawn, StatusMerged, StatusScreened, StatusNotAccepted, StatusRechecked:
		return false
	}
	return true
}

// Reply outcomes, 三到位一处理 tags, review outcomes and ratings.
var (
	ReplyOutcomes  = map[string]string{"supported": "支持", "explained": "解释", "not_supported": "不予支持"}
	ReplyTags      = map[string]string{"solved": "诉求合理的解决到位", "educated": "诉求无理的思想教育到位", "aided": "生活困难的帮扶救助到位", "lawful": "行为违法的依法处理"}
	ReviewOutcomes = map[string]string{"upheld": "维持原处理意见", "changed": "撤销或变更原处理意见"}
	Ratings        = map[string]string{"satisfied": "满意", "basically": "基本满意", "unsatisfied": "不满意"}
)

// Actions staff take on a case (POST /admin/api/cases/{id}/actions/{action}).
const (
	ActAssign            = "assign"
	ActTransfer          = "transfer"
	ActAccept            = "accept"
	ActNotAccept         = "not_accept"
	ActReply             = "reply"
	ActExtend            = "extend"
	ActApproveExtension  = "approve_extension"
	ActReviewRequest     = "review_request"
	ActReviewAnswer      = "review_answer"
	ActRecheckRequest    = "recheck_request"
	ActRecheckAnswer     = "recheck_answer"
	ActSupervise         = "supervise"
	ActAnswerSupervision = "answer_supervision"
	ActWithdraw          = "withdraw"
	ActClose             = "close"
)

// ActionNames are the actions as staff read them.
var ActionNames = map[string]string{
	ActAssign: "交办处室", ActTransfer: "转送责任单位", ActAccept: "受理", ActNotAccept: "不予受理", ActReply: "出具答复意见",
	ActExtend: "申请延期", ActApproveExtension: "审批延期", ActReviewRequest: "登记复查申请", ActReviewAnswer: "出具复查意见",
	ActRecheckRequest: "登记复核申请", ActRecheckAnswer: "出具复核意见", ActSupervise: "督办", ActAnswerSupervision: "回复督办",
	ActWithdraw: "撤回", ActClose: "办结",
}

// ActionInput is what an action carries; each action uses some of it.
type ActionInput struct {
	// Version is the case's version the person acted on: required, so a decision on a case
	// that changed meanwhile is refused instead of overwriting it.
	Version       int64  `json:"version"`
	Office        string `json:"office,omitempty"`   // assign
	Owner         string `json:"owner,omitempty"`    // assign
	Unit          string `json:"unit,omitempty"`     // transfer
	Mode          string `json:"mode,omitempty"`     // transfer: forward 转送 or assign 交办
	Reason        string `json:"reason,omitempty"`   // not_accept, extend, withdraw, close, assign
	Guidance      string `json:"guidance,omitempty"` // not_accept: where to go instead
	Outcome       string `json:"outcome,omitempty"`  // reply, review_answer, recheck_answer
	Tag           string `json:"tag,omitempty"`      // reply: 三到位一处理
	Text          string `json:"text,omitempty"`     // reply/answers/supervision request
	Days          int    `json:"days,omitempty"`     // extend
	Approve       *bool  `json:"approve,omitempty"`  // approve_extension
	SupervisionID int64  `json:"supervision_id,omitempty"`
}

// step is one action's unit of work: the locked case and what the action adds beside it.
type step struct {
	s       *Service
	ctx     context.Context
	tx      Tx
	c       *Case
	in      ActionInput
	now     time.Time
	actor   string
	events  []*Event
	notices []*Notice
	tell    []func() ([]*notify.Message, error) // built after the case is saved (its version)
	opened  []Deadline
	meet    []string
	cancel  bool
}

// event adds a timeline event: public (with text) when the citizen should see it.
func (st *step) event(kind, public, detail string) {
	st.events = append(st.events, &Event{CaseID: st.c.ID, At: st.now, Kind: kind, Actor: st.actor, Public: public != "", Text: public,
		Detail: detail})
}

// sms queues the citizen's SMS (and WeChat message) of kind once the case is saved.
func (st *step) sms(kind string, params func(c *Case) map[string]string) {
	st.tell = append(st.tell, func() ([]*notify.Message, error) { return st.s.tellCitizen(st.c, kind, params(st.c)) })
}

// Act performs a staff action on case id: checked against who may take it, from which
// statuses and the version acted on; its changes, deadlines, timeline events, written notices,
// messages to the citizen and audit entry commit together.
func (s *Service) Act(ctx context.Context, id int64, action string, in ActionInput) (*Case, error) {
	a, ok := actions[action]
	if !ok {
		return nil, service.Invalid("action", "未知的操作")
	}
	u, err := service.RequireStaff(ctx, a.roles...)
	if err != nil {
		return nil, err
	}
	if in.Version <= 0 {
		return nil, service.Invalid("version", "请提供事项的版本号（version），以免覆盖他人刚作的处理")
	}
	if err := a.check(s, &in); err != nil {
		return nil, err
	}
	now := s.Now()
	var out *Case
	err = s.Store.InTx(ctx, func(tx Tx) error {
		c, err := tx.LockCase(id)
		if err != nil {
			return err
		}
		if !a.scope(u, c) {
			return service.Errorf(service.EForbidden, service.MsgForbidden)
		}
		if c.Version != in.Version {
			return &service.Error{Code: service.EConflict, Message: "该事项已被他人处理（当前状态：" + StatusNames[c.Status] + "），请刷新后再操作",
				Data: map[string]any{"status": c.Status, "version": c.Version}}
		}
		if len(a.from) > 0 && !slices.Contains(a.from, c.Status) {
			return service.NewError(service.EConflict, fmt.Sprintf("事项当前状态为“%s”，不能%s", StatusNames[c.Status], ActionNames[action]))
		}
		st := &step{s: s, ctx: ctx, tx: tx, c: c, in: in, now: now, actor: u.Username}
		prev := c.Version
		if err := a.do(st); err != nil {
			return err
		}
		if err := tx.UpdateCase(c, prev); err != nil {
			return err
		}
		if err := s.commitStep(st); err != nil {
			return err
		}
		out = c
		return tx.AppendAudit(service.NewAudit(ctx, now, "case."+action, "case", fmt.Sprint(c.ID), fmt.Sprintf("status %s", c.Status)))
	})
	if err != nil {
		return nil, err
	}
	if s.Kick != nil {
		s.Kick()
	}
	return out, nil
}

// commitStep writes what a step added beside the case.
func (s *Service) commitStep(st *step) error {
	tx, c := st.tx, st.c
	if st.cancel {
		if err := tx.EndDeadlines(c.ID, nil, DeadlineCancelled, st.now); err != nil {
			return err
		}
	}
	if len(st.meet) > 0 {
		if err := tx.EndDeadlines(c.ID, st.meet, DeadlineMet, st.now); err != nil {
			return err
		}
	}
	for i := range st.opened {
		if err := tx.UpsertDeadline(&st.opened[i]); err != nil {
			return err
		}
	}
	for _, n := range st.notices {
		if err := tx.InsertNotice(n); err != nil {
			return err
		}
		st.event("notice", "", fmt.Sprintf("印发《%s》%s", NoticeTitles[n.Kind], n.Number))
	}
	for _, e := range st.events {
		if err := tx.InsertEvent(e); err != nil {
			return err
		}
	}
	for _, t := range st.tell {
		msgs, err := t()
		if err != nil {
			return err
		}
		if err := tx.AppendOutbox(msgs...); err != nil {
			return err
		}
	}
	return nil
}

// tellCitizen builds the citizen's SMS of kind (to the case's phone) and its WeChat
// counterpart where they follow the account; none when the case has neither (the written
// notice is posted).
func (s *Service) tellCitizen(c *Case, kind string, params map[string]string) ([]*notify.Message, error) {
	if err := s.Templates.Check(kind, params); err != nil {
		return nil, err
	}
	key := fmt.Sprintf("case:%d:%s:%d", c.ID, kind, c.Version)
	var out []*notify.Message
	if c.Phone != "" {
		m, err := s.Templates.SMS(kind, c.Phone, params, key, "case", fmt.Sprint(c.ID))
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if c.OpenID != "" {
		if m := s.Templates.WeChatMessage(c.OpenIDKind, kind, c.OpenID, params, key+":"+c.OpenIDKind, "case", fmt.Sprint(c.ID)); m != nil {
			out = append(out, m)
		}
	}
	return out, nil
}

// action is one lifecycle action: who may take it, on which cases (scope), from which
// statuses, the input it needs (check, before anything is locked) and what it does.
type action struct {
	roles []service.Role
	from  []string
	scope func(u *service.User, c *Case) bool
	check func(s *Service, in *ActionInput) error
	do    func(st *step) error
}

// anyCase: registrars, leaders and supervisors act on every case.
func anyCase(u *service.User, c *Case) bool { return true }

// handles: a handler acts on the cases of their office or owned by them; registrars and leaders
// on every case.
func handles(u *service.User, c *Case) bool {
	return u.Has(service.RoleRegistrar, service.RoleLeader) || (u.Office != "" && u.Office == c.Office) || u.Username == c.Owner
}

func noCheck(*Service, *ActionInput) error { return nil }

// text checks a required free text of at most n characters.
func text(field, v string, n int, what string) error {
	var ck service.Check
	checkText(&ck, field, v, n, what)
	return ck.Err()
}

// checkText adds the problem of a required free text of at most n characters to ck.
func checkText(ck *service.Check, field, v string, n int, what string) {
	v = strings.TrimSpace(v)
	ck.Add(v == "", field, "请填写"+what)
	ck.Add(utf8.RuneCountInString(v) > n, field, fmt.Sprintf("%s不能超过 %d 个字", what, n))
}

var beforeDecision = []string{StatusRegistered, StatusAssigned, StatusTransferred}

var actions map[string]action

func init() {
	actions = map[string]action{
		ActAssign: {roles: []service.Role{service.RoleRegistrar, service.RoleLeader, service.RoleHandler}, scope: handles,
			from: []string{StatusRegistered, StatusAssigned, StatusTransferred, StatusHandling},
			check: func(s *Service, in *ActionInput) error {
				o, ok := s.Routing.Units.Office(in.Office)
				if !ok || !o.Handles {
					return service.Invalid("office", "请选择承办处室：协调化解一处、二处或三处")
				}
				in.Office = o.Code
				if utf8.RuneCountInString(in.Owner) > 64 {
					return service.Invalid("owner", "承办人账号过长")
				}
				return nil
			},
			do: func(st *step) error {
				c, in := st.c, st.in
				moved := c.Office != in.Office || c.Owner != strings.TrimSpace(in.Owner)
				c.Office, c.Owner = in.Office, strings.TrimSpace(in.Owner)
				if c.Status == StatusRegistered || c.Status == StatusTransferred {
					c.Status = StatusAssigned
				}
				st.meet = append(st.meet, DeadlineAssign)
				if moved {
					if err := st.tx.InsertRoute(c.ID, c.Office, c.Owner, strings.TrimSpace(in.Reason), st.actor); err != nil {
						return err
					}
				}
				office := c.Office
				if o, ok := st.s.Routing.Units.Office(c.Office); ok {
					office = o.Name
				}
				st.event(ActAssign, "已交"+office+"办理", fmt.Sprintf("交办%s %s %s", office, c.Owner, in.Reason))
				return nil
			}},
		ActTransfer: {roles: []service.Role{service.RoleRegistrar, service.RoleHandler, service.RoleLeader}, scope: handles,
			from: []string{StatusRegistered, StatusAssigned},
			check: func(s *Service, in *ActionInput) error {
				u, ok := s.Routing.Units.Unit(in.Unit)
				if !ok {
					return service.Invalid("unit", "请从单位目录中选择责任单位")
				}
				in.Unit = u.Name
				switch in.Mode {
				case "", "forward":
					in.Mode = "forward"
				case "assign":
				default:
					return service.Invalid("mode", "请选择转送或交办")
				}
				return nil
			},
			do: func(st *step) error {
				c, in := st.c, st.in
				c.Unit, c.UnitMode, c.Status = in.Unit, in.Mode, StatusTransferred
				st.meet = append(st.meet, DeadlineAssign)
				verb := map[string]string{"forward": "转送", "assign": "交办"}[in.Mode]
				st.event(ActTransfer, "已"+verb+c.Unit+"办理", verb+c.Unit+" "+in.Reason)
				st.sms("case_forwarded", func(c *Case) map[string]string {
					return map[string]string{"case_no": c.CaseNo, "unit": c.Unit, "query_code": c.QueryCode}
				})
				return nil
			}},
		ActAccept: {roles: []service.Role{service.RoleHandler, service.RoleRegistrar, service.RoleLeader}, scope: handles,
			from: beforeDecision, check: noCheck,
			do: func(st *step) error {
				c, s := st.c, st.s
				c.Status, c.AcceptedAt, c.DecidedAt = StatusHandling, st.now, st.now
				st.meet = append(st.meet, DeadlineAssign, DeadlineAccept)
				reply := s.Rules.newDeadline(c, DeadlineReply, st.now)
				st.opened = append(st.opened, reply)
				unit := s.handlingUnit(c)
				st.event(ActAccept, fmt.Sprintf("已受理（承办单位：%s），将于%s前作出书面答复", unit, reply.Due.Chinese()), "受理")
				st.notice("acceptance", []string{
					fmt.Sprintf("你（单位）于%s提出的信访事项（编号%s），经审查，符合受理条件，本机关决定予以受理。", service.DateOf(c.ReceivedAt).Formal(), c.CaseNo),
					fmt.Sprintf("承办单位：%s。本机关将于%s前依法作出书面答复。", unit, reply.Due.Formal()),
				}, s.Rules.ByKind[DeadlineAccept].Basis)
				st.sms("case_accepted", func(c *Case) map[string]string {
					return map[string]string{"case_no": c.CaseNo, "unit": clip(unit, s.Templates.MaxLen), "deadline": reply.Due.Chinese()}
				})
				return nil
			}},
		ActNotAccept: {roles: []service.Role{service.RoleHandler, service.RoleRegistrar, service.RoleLeader}, scope: handles,
			from: beforeDecision,
			check: func(s *Service, in *ActionInput) error {
				var ck service.Check
				checkText(&ck, "reason", in.Reason, s.Templates.MaxLen, "不予受理的理由（短信中告知，35 字以内）")
				checkText(&ck, "guidance", in.Guidance, s.Templates.MaxLen, "告知信访人的办理渠道（35 字以内）")
				return ck.Err()
			},
			do: func(st *step) error {
				c, in := st.c, st.in
				c.Status, c.DecidedAt = StatusNotAccepted, st.now
				c.DecisionReason, c.DecisionGuidance = strings.TrimSpace(in.Reason), strings.TrimSpace(in.Guidance)
				st.meet = append(st.meet, DeadlineAssign, DeadlineAccept)
				st.cancel = true
				st.event(ActNotAccept, "不予受理："+c.DecisionReason+"。建议您"+c.DecisionGuidance, "不予受理")
				st.notice("non_acceptance", []string{
					fmt.Sprintf("你（单位）于%s提出的信访事项（编号%s），经审查，%s，本机关决定不予受理。", service.DateOf(c.ReceivedAt).Formal(), c.CaseNo, c.DecisionReason),
					"建议你" + c.DecisionGuidance + "。",
				}, st.s.Rules.ByKind[DeadlineAccept].Basis)
				st.sms("case_not_accepted", func(c *Case) map[string]string {
					return map[string]string{"case_no": c.CaseNo, "reason": c.DecisionReason, "guidance": c.DecisionGuidance}
				})
				return nil
			}},
		ActExtend: {roles: []service.Role{service.RoleHandler, service.RoleRegistrar}, scope: handles,
			from: []string{StatusHandling},
			check: func(s *Service, in *ActionInput) error {
				var ck service.Check
				ck.Add(in.Days < 1 || in.Days > s.Rules.ExtensionMaxDays, "days", fmt.Sprintf("延期天数须在 1 到 %d 天之间", s.Rules.ExtensionMaxDays))
				checkText(&ck, "reason", in.Reason, s.Templates.MaxLen, "延期理由（短信中告知信访人，35 字以内）")
				return ck.Err()
			},
			do: func(st *step) error {
				c := st.c
				if c.ExtensionState != "" {
					return service.NewError(service.EConflict, "办理期限只能延长一次（已"+map[string]string{"requested": "申请", "approved": "批准", "refused": "被驳回"}[c.ExtensionState]+"）")
				}
				c.ExtensionState, c.ExtensionDays, c.ExtensionReason = "requested", st.in.Days, strings.TrimSpace(st.in.Reason)
				st.event(ActExtend, "", fmt.Sprintf("申请延期 %d 天：%s", c.ExtensionDays, c.ExtensionReason))
				return nil
			}},
		ActApproveExtension: {roles: []service.Role{service.RoleLeader}, scope: anyCase,
			from: []string{StatusHandling},
			check: func(s *Service, in *ActionInput) error {
				if in.Approve == nil {
					return service.Invalid("approve", "请选择批准或不批准")
				}
				return nil
			},
			do: func(st *step) error {
				c, s := st.c, st.s
				if c.ExtensionState != "requested" {
					return service.NewError(service.EConflict, "该事项没有待审批的延期申请")
				}
				if !*st.in.Approve {
					c.ExtensionState = "refused"
					st.event(ActApproveExtension, "", "不批准延期："+st.in.Reason)
					return nil
				}
				d, err := st.tx.CaseDeadline(c.ID, DeadlineReply)
				if err != nil {
					return err
				}
				c.ExtensionState = "approved"
				d.Due = s.Rules.Due(d.Due.Time(), c.ExtensionDays)
				d.Stage = 0
				s.Rules.plan(&d)
				st.opened = append(st.opened, d)
				st.event(ActApproveExtension, fmt.Sprintf("因%s，经批准延期办理，答复期限延至%s", c.ExtensionReason, d.Due.Chinese()),
					fmt.Sprintf("批准延期 %d 天", c.ExtensionDays))
				st.notice("extension", []string{
					fmt.Sprintf("你（单位）提出的信访事项（编号%s），因%s，经本机关负责人批准，办理期限延长%d日，至%s前作出书面答复。", c.CaseNo, c.ExtensionReason, c.ExtensionDays, d.Due.Formal()),
				}, s.Rules.ByKind[DeadlineReply].Basis)
				st.sms("case_extended", func(c *Case) map[string]string {
					return map[string]string{"case_no": c.CaseNo, "reason": c.ExtensionReason, "deadline": d.Due.Chinese()}
				})
				return nil
			}},
		ActReply: {roles: []service.Role{service.RoleHandler, service.RoleRegistrar}, scope: handles,
			from: []string{StatusHandling},
			check: func(s *Service, in *ActionInput) error {
				var ck service.Check
				_, ok := ReplyOutcomes[in.Outcome]
				ck.Add(!ok, "outcome", "答复结果须为：支持、解释或不予支持")
				_, ok = ReplyTags[in.Tag]
				ck.Add(!ok, "tag", "请选择“三到位一处理”的情形")
				checkText(&ck, "text", in.Text, 5000, "答复意见")
				return ck.Err()
			},
			do: func(st *step) error {
				c, s, in := st.c, st.s, st.in
				c.Status, c.RepliedAt, c.ReplyOutcome, c.ReplyTag, c.ReplyText = StatusReplied, st.now, in.Outcome, in.Tag, strings.TrimSpace(in.Text)
				st.meet = append(st.meet, DeadlineReply)
				window := s.Rules.DueOf(WindowReviewRequest, st.now)
				st.event(ActReply, fmt.Sprintf("已出具答复意见（%s）。如不服，可于%s前申请复查", ReplyOutcomes[in.Outcome], window.Chinese()),
					"答复："+ReplyOutcomes[in.Outcome]+"；"+ReplyTags[in.Tag])
				st.notice("reply", append(paragraphs(c.ReplyText),
					fmt.Sprintf("处理意见：%s。", ReplyOutcomes[in.Outcome]),
					fmt.Sprintf("如不服本答复意见，可以自收到本答复意见书之日起30日内（%s前）向上一级行政机关请求复查。", window.Formal())),
					s.Rules.ByKind[DeadlineReply].Basis)
				st.sms("reply_issued", func(c *Case) map[string]string {
					return map[string]string{"case_no": c.CaseNo, "query_code": c.QueryCode}
				})
				st.sms("satisfaction", func(c *Case) map[string]string {
					return map[string]string{"case_no": c.CaseNo, "query_code": c.QueryCode}
				})
				return nil
			}},
		ActReviewRequest: {roles: []service.Role{service.RoleRegistrar, service.RoleHandler}, scope: handles,
			from: []string{StatusReplied}, check: noCheck,
			do: func(st *step) error { return st.s.requestReview(st, false) }},
		ActReviewAnswer: {roles: []service.Role{service.RoleHandler, service.RoleLeader}, scope: handles,
			from: []string{StatusReviewRequested}, check: checkAnswer,
			do: func(st *step) error { return st.s.answerReview(st, false) }},
		ActRecheckRequest: {roles: []service.Role{service.RoleRegistrar, service.RoleHandler}, scope: handles,
			from: []string{StatusReviewed}, check: noCheck,
			do: func(st *step) error { return st.s.requestReview(st, true) }},
		ActRecheckAnswer: {roles: []service.Role{service.RoleHandler, service.RoleLeader}, scope: handles,
			from: []string{StatusRecheckRequested}, check: checkAnswer,
			do: func(st *step) error { return st.s.answerReview(st, true) }},
		ActSupervise: {roles: []service.Role{service.RoleSupervisor, service.RoleLeader}, scope: anyCase,
			check: func(s *Service, in *ActionInput) error { return text("text", in.Text, 500, "督办要求") },
			do: func(st *step) error {
				if !open(st.c.Status) {
					return service.NewError(service.EConflict, "事项已"+StatusNames[st.c.Status]+"，无需督办")
				}
				sup := &Supervision{CaseID: st.c.ID, Kind: SuperviseManual, State: SupervisionOpen, RequestedBy: st.actor, RequestedAt: st.now,
					Request: strings.TrimSpace(st.in.Text)}
				if _, err := st.tx.InsertSupervision(sup); err != nil {
					return err
				}
				st.event(ActSupervise, "", fmt.Sprintf("督办（督办单 %d）：%s", sup.ID, sup.Request))
				return nil
			}},
		ActAnswerSupervision: {roles: []service.Role{service.RoleHandler, service.RoleRegistrar, service.RoleLeader}, scope: handles,
			check: func(s *Service, in *ActionInput) error {
				var ck service.Check
				ck.Add(in.SupervisionID <= 0, "supervision_id", "请选择要回复的督办单")
				checkText(&ck, "text", in.Text, 1000, "督办回复")
				return ck.Err()
			},
			do: func(st *step) error {
				sup, err := st.tx.LockSupervision(st.in.SupervisionID)
				if err != nil {
					return err
				}
				if sup.CaseID != st.c.ID {
					return service.Invalid("supervision_id", "该督办单不属于此事项")
				}
				if sup.State != SupervisionOpen {
					return service.NewError(service.EConflict, "该督办单已回复")
				}
				sup.State, sup.Answer, sup.AnsweredBy, sup.AnsweredAt = SupervisionAnswered, strings.TrimSpace(st.in.Text), st.actor, st.now
				sup.Outcome = strings.TrimSpace(st.in.Reason)
				if err := st.tx.UpdateSupervision(sup); err != nil {
					return err
				}
				st.event(ActAnswerSupervision, "", fmt.Sprintf("回复督办单 %d：%s", sup.ID, sup.Answer))
				return nil
			}},
		ActWithdraw: {roles: []service.Role{service.RoleRegistrar, service.RoleHandler}, scope: handles,
			from: []string{StatusRegistered, StatusAssigned, StatusTransferred, StatusHandling, StatusReviewRequested, StatusRecheckRequested},
			check: func(s *Service, in *ActionInput) error {
				return text("reason", in.Reason, 200, "撤回的原因（如信访人书面申请撤回）")
			},
			do: func(st *step) error {
				st.c.Status, st.c.ClosedAt = StatusWithdrawn, st.now
				st.cancel = true
				st.event(ActWithdraw, "信访人已撤回该事项", "撤回："+st.in.Reason)
				return nil
			}},
		ActClose: {roles: []service.Role{service.RoleHandler, service.RoleRegistrar, service.RoleLeader}, scope: handles,
			from:  []string{StatusReplied, StatusReviewed},
			check: noCheck,
			do: func(st *step) error {
				st.c.Status, st.c.ClosedAt = StatusClosed, st.now
				st.cancel = true
				st.event(ActClose, "已办结", "办结 "+st.in.Reason)
				return nil
			}},
	}
}

func checkAnswer(s *Service, in *ActionInput) error {
	var ck service.Check
	_, ok := ReviewOutcomes[in.Outcome]
	ck.Add(!ok, "outcome", "请选择：维持原处理意见，或撤销、变更原处理意见")
	checkText(&ck, "text", in.Text, 5000, "意见")
	return ck.Err()
}

// requestReview records the citizen's request for 复查 (recheck: 复核) within its window.
func (s *Service) requestReview(st *step, recheck bool) error {
	c := st.c
	stage, from, window, status, deadline := "复查", c.RepliedAt, WindowReviewRequest, StatusReviewRequested, DeadlineReviewAnswer
	if recheck {
		stage, from, window, status, deadline = "复核", c.ReviewedAt, WindowRecheckRequest, StatusRecheckRequested, DeadlineRecheckAnswer
	}
	if last := s.Rules.DueOf(window, from); service.DateOf(st.now) > last {
		return service.NewError(service.EConflict, fmt.Sprintf("申请%s的期限已于%s届满", stage, last.Chinese()))
	}
	if recheck {
		c.RecheckRequestedAt = st.now
	} else {
		c.ReviewRequestedAt = st.now
	}
	c.Status = status
	d := s.Rules.newDeadline(c, deadline, st.now)
	st.opened = append(st.opened, d)
	st.event(status, fmt.Sprintf("已收到您的%s申请，将于%s前作出%s意见", stage, d.Due.Chinese(), stage), stage+"申请")
	return nil
}

// answerReview records the 复查 (recheck: 复核) opinion. After 复核 the same facts are not
// accepted again.
func (s *Service) answerReview(st *step, recheck bool) error {
	c, in := st.c, st.in
	stage, kind, deadline := "复查", "review", DeadlineReviewAnswer
	if recheck {
		stage, kind, deadline = "复核", "recheck", DeadlineRecheckAnswer
	}
	txt := strings.TrimSpace(in.Text)
	var more string
	if recheck {
		c.Status, c.FinalReviewAt, c.RecheckOutcome, c.RecheckText = StatusRechecked, st.now, in.Outcome, txt
		more = "本复核意见为终结意见，信访人对复核意见不服，仍以同一事实和理由提出投诉请求的，不再受理。"
	} else {
		c.Status, c.ReviewedAt, c.ReviewOutcome, c.ReviewText = StatusReviewed, st.now, in.Outcome, txt
		more = fmt.Sprintf("如不服本复查意见，可以自收到之日起30日内（%s前）向复查机关的上一级行政机关请求复核。", s.Rules.DueOf(WindowRecheckRequest, st.now).Chinese())
	}
	st.meet = append(st.meet, deadline)
	st.event(kind+"_answered", fmt.Sprintf("已出具%s意见（%s）", stage, ReviewOutcomes[in.Outcome]), stage+"意见："+ReviewOutcomes[in.Outcome])
	st.notice(kind, append(paragraphs(txt), fmt.Sprintf("%s意见：%s。", stage, ReviewOutcomes[in.Outcome]), more), s.Rules.ByKind[deadline].Basis)
	st.sms("case_review_answered", func(c *Case) map[string]string {
		return map[string]string{"case_no": c.CaseNo, "stage": stage, "query_code": c.QueryCode}
	})
	return nil
}

// handlingUnit is who handles a case: the 责任单位 it was forwarded to, or the bureau's office.
func (s *Service) handlingUnit(c *Case) string {
	if c.Unit != "" {
		return c.Unit
	}
	if o, ok := s.Routing.Units.Office(c.Office); ok {
		return "深圳市信访局" + o.Name
	}
	return "深圳市信访局"
}

// clip cuts s to n characters (an SMS variable).
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Rate records the citizen's rating of a replied case (满意/基本满意/不满意), within the rating
// window; the case is found by its number and query code, or is one of the signed-in citizen's.
func (s *Service) rate(ctx context.Context, c *Case, rating, actor string) (*Case, error) {
	if _, ok := Ratings[rating]; !ok {
		return nil, service.Invalid("rating", "请选择满意、基本满意或不满意")
	}
	if c.RepliedAt.IsZero() {
		return nil, service.NewError(service.EConflict, "事项答复后才能评价")
	}
	now := s.Now()
	if last := service.DateOf(c.RepliedAt).AddDays(s.Rules.RatingDays); service.DateOf(now) > last {
		return nil, service.NewError(service.EConflict, fmt.Sprintf("评价期限已于%s届满", last.Chinese()))
	}
	var out *Case
	err := s.Store.InTx(ctx, func(tx Tx) error {
		c, err := tx.LockCase(c.ID)
		if err != nil {
			return err
		}
		if c.Satisfaction != "" {
			return service.NewError(service.EConflict, "您已评价过该事项")
		}
		prev := c.Version
		c.Satisfaction, c.RatedAt = rating, now
		if err := tx.UpdateCase(c, prev); err != nil {
			return err
		}
		text := "您的评价：" + Ratings[rating]
		if rating == "unsatisfied" && c.Status == StatusReplied {
			text += fmt.Sprintf("。如对答复意见不服，可于%s前申请复查", s.Rules.DueOf(WindowReviewRequest, c.RepliedAt).Chinese())
		}
		if err := tx.InsertEvent(&Event{CaseID: c.ID, At: now, Kind: "rated", Actor: actor, Public: true, Text: text, Detail: "满意度评价：" + Ratings[rating]}); err != nil {
			return err
		}
		out = c
		return tx.AppendAudit(service.NewAudit(ctx, now, "case.rate", "case", fmt.Sprint(c.ID), rating))
	})
	return out, err
}

// citizenReview records a citizen's own request for 复查 or 复核 (from the progress page or
// the mini-program).
func (s *Service) citizenReview(ctx context.Context, c *Case, actor string) (*Case, error) {
	var a, stage string
	switch c.Status {
	case StatusReplied:
		a, stage = ActReviewRequest, "复查"
	case StatusReviewed:
		a, stage = ActRecheckRequest, "复核"
	default:
		return nil, service.NewError(service.EConflict, "事项当前状态为“"+StatusNames[c.Status]+"”，不能申请复查或复核")
	}
	now := s.Now()
	var out *Case
	err := s.Store.InTx(ctx, func(tx Tx) error {
		c, err := tx.LockCase(c.ID)
		if err != nil {
			return err
		}
		if !slices.Contains(actions[a].from, c.Status) {
			return service.NewError(service.EConflict, "事项状态已变化，请刷新后查看")
		}
		st := &step{s: s, ctx: ctx, tx: tx, c: c, now: now, actor: actor}
		prev := c.Version
		if err := s.requestReview(st, a == ActRecheckRequest); err != nil {
			return err
		}
		if err := tx.UpdateCase(c, prev); err != nil {
			return err
		}
		if err := s.commitStep(st); err != nil {
			return err
		}
		out = c
		return tx.AppendAudit(service.NewAudit(ctx, now, "case."+a, "case", fmt.Sprint(c.ID), "by citizen: "+stage))
	})
	return out, err
}
