package cases

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/notify"
)

// Event is one step on a case's timeline. Public events are shown to the citizen in Text; staff
// see every event with its Detail.
type Event struct {
	ID     int64     `json:"id"`
	CaseID int64     `json:"case_id"`
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"`
	Actor  string    `json:"actor"`
	Public bool      `json:"public"`
	Text   string    `json:"text,omitempty"`
	Detail string    `json:"detail,omitempty"`
}

// Written notices (书面告知) and their titles.
var NoticeTitles = map[string]string{
	"acceptance": "受理告知书", "non_acceptance": "不予受理告知书", "extension": "延期办理告知书", "reply": "答复意见书",
	"review": "复查意见书", "recheck": "复核意见书",
}

// noticePrefix numbers each kind of notice: 深信受〔2026〕12号.
var noticePrefix = map[string]string{
	"acceptance": "深信受", "non_acceptance": "深信不受", "extension": "深信延", "reply": "深信答", "review": "深信复查", "recheck": "深信复核",
}

// Notice is a written notice issued on a case, kept as issued (printable as an A4 page).
type Notice struct {
	ID       int64        `json:"id"`
	CaseID   int64        `json:"case_id"`
	Kind     string       `json:"kind"`
	Title    string       `json:"title"`
	Number   string       `json:"number"`
	IssuedAt time.Time    `json:"issued_at"`
	IssuedBy string       `json:"issued_by"`
	Body     NoticeFields `json:"body"`
}

// NoticeFields are what a notice says.
type NoticeFields struct {
	To         string   `json:"to"`
	CaseNo     string   `json:"case_no"`
	Received   string   `json:"received"`
	Matter     string   `json:"matter"`
	Paragraphs []string `json:"paragraphs"`
	Basis      string   `json:"basis"`
	Issuer     string   `json:"issuer"`
	Date       string   `json:"date"`
}

// NumberPrefix is the start of a notice's number; the store adds the year and the sequence.
func (n *Notice) NumberPrefix() string { return noticePrefix[n.Kind] }

// notice issues a written notice of kind with the given paragraphs (the store numbers it).
func (st *step) notice(kind string, paras []string, basis string) {
	c := st.c
	summary := []rune(c.Summary)
	if len(summary) > 120 {
		summary = append(summary[:120], '…')
	}
	st.notices = append(st.notices, &Notice{CaseID: c.ID, Kind: kind, Title: NoticeTitles[kind], IssuedAt: st.now, IssuedBy: st.actor,
		Body: NoticeFields{To: c.Name, CaseNo: c.CaseNo, Received: service.DateOf(c.ReceivedAt).Formal(), Matter: string(summary),
			Paragraphs: paras, Basis: basis, Issuer: "深圳市信访局", Date: service.DateOf(st.now).Formal()}})
}

// TimelineEntry is one line of the case page's timeline, whatever it came from.
type TimelineEntry struct {
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"` // item, merge, merge_undone, route, a lifecycle event, notice, message
	Actor  string    `json:"actor,omitempty"`
	Text   string    `json:"text"`
	Public bool      `json:"public"`
	Ref    int64     `json:"ref,omitempty"` // the item, merge, notice or outbox message
}

// DeadlineView is a deadline as a page shows it.
type DeadlineView struct {
	Deadline
	Name  string `json:"name"`
	Risk  string `json:"risk"`
	Basis string `json:"basis"`
}

// deadlineViews says how each deadline stands now.
func (s *Service) deadlineViews(ds []Deadline) []DeadlineView {
	now := s.Now()
	out := make([]DeadlineView, len(ds))
	for i, d := range ds {
		r := s.Rules.ByKind[d.Kind]
		out[i] = DeadlineView{Deadline: d, Name: r.Name, Risk: s.Rules.Risk(d, now), Basis: r.Basis}
	}
	return out
}

// timeline merges everything that happened to a case into one list, oldest first: the items
// from every channel, merges and undos, re-routings, lifecycle events, notices and the messages
// sent to the citizen (with their delivery).
func timeline(d *Detail, events []Event, routes []Route, msgs []*notify.Message) []TimelineEntry {
	var out []TimelineEntry
	for _, it := range d.Items {
		what := ChannelNames[it.Channel]
		if it.EMSNo != "" {
			what += "（EMS " + it.EMSNo + "）"
		}
		out = append(out, TimelineEntry{At: it.ReceivedAt, Kind: "item", Text: "收到" + what, Public: true, Ref: it.ID})
	}
	for _, m := range d.Merges {
		if m.FromCaseID != 0 && m.FromCaseID == d.Case.ID {
			out = append(out, TimelineEntry{At: m.At, Kind: "merge", Actor: m.Actor, Text: fmt.Sprintf("并入事项 %d：%s", m.CaseID, strings.Join(m.Reasons, "；")), Ref: m.ID})
			continue
		}
		out = append(out, TimelineEntry{At: m.At, Kind: "merge", Actor: m.Actor, Text: "合并同一事项：" + strings.Join(m.Reasons, "；"), Public: true, Ref: m.ID})
		if !m.UndoneAt.IsZero() {
			out = append(out, TimelineEntry{At: m.UndoneAt, Kind: "merge_undone", Actor: m.UndoneBy, Text: "撤销合并：该件单独登记", Ref: m.ID})
		}
	}
	for _, r := range routes {
		out = append(out, TimelineEntry{At: r.At, Kind: "route", Actor: r.Actor, Text: fmt.Sprintf("改派 %s %s：%s", r.Office, r.Owner, r.Reason)})
	}
	for _, e := range events {
		text := e.Detail
		if text == "" {
			text = e.Text
		}
		out = append(out, TimelineEntry{At: e.At, Kind: e.Kind, Actor: e.Actor, Text: text, Public: e.Public, Ref: e.ID})
	}
	for _, m := range msgs {
		state := map[string]string{notify.StatusPending: "待发送", notify.StatusSent: "已发送", notify.StatusDelivered: "已送达",
			notify.StatusUndelivered: "未送达", notify.StatusFailed: "发送失败", notify.StatusCancelled: "已撤回"}[m.Status]
		via := map[string]string{notify.ChannelSMS: "短信", notify.ChannelWeChat: "微信", notify.ChannelMP: "小程序消息"}[m.Channel]
		what := MessageNames[m.Kind]
		if what == "" {
			what = m.Kind
		}
		out = append(out, TimelineEntry{At: m.CreatedAt, Kind: "message", Text: fmt.Sprintf("%s“%s”（%s）%s", via, what, m.RecipientMask, state), Ref: m.ID})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// MessageNames are the messages a case sends its citizen, as the timeline names them.
var MessageNames = map[string]string{
	"case_received": "登记回执", "case_accepted": "受理告知", "case_not_accepted": "不予受理告知", "case_forwarded": "转送告知",
	"case_extended": "延期告知", "reply_issued": "答复告知", "satisfaction": "满意度评价邀请", "case_review_answered": "复查/复核意见告知",
	"case_split": "单独登记告知",
}

// Route is a re-routing of a case with its reason.
type Route struct {
	Office string    `json:"office"`
	Owner  string    `json:"owner"`
	Reason string    `json:"reason"`
	Actor  string    `json:"actor"`
	At     time.Time `json:"at"`
}

// CitizenStep is one line of the timeline a citizen reads.
type CitizenStep struct {
	Date string `json:"date"`
	Text string `json:"text"`
}

// citizenTimeline is what the citizen reads: received, merged with which case, sent to which
// unit, accepted, extended and why, replied (with the text), and the next deadline.
func citizenTimeline(c *Case, items []*Item, events []Event) []CitizenStep {
	var out []CitizenStep
	for i, it := range items {
		text := "收到您的" + ChannelNames[it.Channel]
		if i == 0 {
			text += "，已登记（编号 " + c.CaseNo + "）"
		} else {
			text += "，与同一事项合并办理"
		}
		out = append(out, CitizenStep{Date: service.DateOf(it.ReceivedAt).Chinese(), Text: text})
	}
	for _, e := range events {
		if e.Public && e.Text != "" {
			out = append(out, CitizenStep{Date: service.DateOf(e.At).Chinese(), Text: e.Text})
		}
	}
	return out
}

// nextForCitizen says what the citizen waits for next and by when.
func (s *Service) nextForCitizen(c *Case, ds []Deadline) string {
	due := func(kind string) (service.Date, bool) {
		for _, d := range ds {
			if d.Kind == kind && d.State == DeadlineOpen {
				return d.Due, true
			}
		}
		return "", false
	}
	switch c.Status {
	case StatusRegistered, StatusAssigned, StatusTransferred:
		if d, ok := due(DeadlineAccept); ok {
			return "我们将于" + d.Chinese() + "前书面告知您是否受理"
		}
	case StatusHandling:
		if d, ok := due(DeadlineReply); ok {
			return "我们将于" + d.Chinese() + "前作出书面答复"
		}
	case StatusReplied:
		return "如对答复意见不服，可于" + s.Rules.DueOf(WindowReviewRequest, c.RepliedAt).Chinese() + "前申请复查"
	case StatusReviewRequested:
		if d, ok := due(DeadlineReviewAnswer); ok {
			return "我们将于" + d.Chinese() + "前作出复查意见"
		}
	case StatusReviewed:
		return "如对复查意见不服，可于" + s.Rules.DueOf(WindowRecheckRequest, c.ReviewedAt).Chinese() + "前申请复核"
	case StatusRecheckRequested:
		if d, ok := due(DeadlineRecheckAnswer); ok {
			return "我们将于" + d.Chinese() + "前作出复核意见"
		}
	}
	return ""
}

// RevealPhone returns a case's full phone number to staff who call the citizen about it: the
// registrars, and the handlers of the case's office or its owner. Every reveal is audited.
func (s *Service) RevealPhone(ctx context.Context, id int64) (string, error) {
	u, err := service.RequireStaff(ctx, service.RoleRegistrar, service.RoleHandler, service.RoleLeader)
	if err != nil {
		return "", err
	}
	c, err := s.Store.CaseByID(ctx, id)
	if err != nil {
		return "", err
	}
	if !handles(u, c) {
		return "", service.Errorf(service.EForbidden, service.MsgForbidden)
	}
	if c.Phone == "" {
		return "", service.NewError(service.ENotFound, "该事项没有登记联系电话")
	}
	err = s.Store.InTx(ctx, func(tx Tx) error {
		return tx.AppendAudit(service.NewAudit(ctx, s.Now(), "pii.reveal", "case", fmt.Sprint(c.ID), "phone of a case"))
	})
	if err != nil {
		return "", err
	}
	return c.Phone, nil
}

// Notice returns a written notice for printing, to staff who see its case.
func (s *Service) Notice(ctx context.Context, id int64) (*Notice, error) {
	u, err := caseStaff(ctx)
	if err != nil {
		return nil, err
	}
	n, err := s.Store.Notice(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := s.Store.CaseByID(ctx, n.CaseID)
	if err != nil {
		return nil, err
	}
	if !canSeeCase(u, c) {
		return nil, service.Errorf(service.EForbidden, service.MsgForbidden)
	}
	return n, nil
}

// Reminders lists the signed-in handler's deadline reminders (theirs, and their office's for
// cases without an owner); registrars and leaders see everyone's.
func (s *Service) Reminders(ctx context.Context, limit int) ([]Reminder, error) {
	u, err := caseStaff(ctx)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	owner, office := u.Username, u.Office
	if u.Has(service.RoleRegistrar, service.RoleLeader, service.RoleSupervisor) {
		owner, office = "", ""
	}
	list, err := s.Store.Reminders(ctx, owner, office, limit)
	for i := range list {
		list[i].Name = s.Rules.ByKind[list[i].Kind].Name
	}
	return list, err
}

// Supervisions lists 督办单 (state: open, answered, or "" for every one) for supervisors,
// leaders and registrars.
func (s *Service) Supervisions(ctx context.Context, state string, limit int) ([]Supervision, error) {
	if _, err := service.RequireStaff(ctx, service.RoleSupervisor, service.RoleLeader, service.RoleRegistrar); err != nil {
		return nil, err
	}
	switch state {
	case "", SupervisionOpen, SupervisionAnswered:
	default:
		return nil, service.Invalid("state", "状态须为 open 或 answered")
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return s.Store.Supervisions(ctx, SupervisionFilter{State: state, Limit: limit})
}

// QueueEntry is a case in a handler's work queue with its nearest open deadline.
type QueueEntry struct {
	Case     *Case
	Deadline DeadlineView
}

// Queue is the signed-in handler's work: their office's and their own cases with an open
// deadline, nearest first, each flagged by risk (every case for registrars, leaders and
// supervisors). A case appears once, with its nearest deadline.
func (s *Service) Queue(ctx context.Context, limit int) ([]QueueEntry, error) {
	u, err := caseStaff(ctx)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	office, owner := "", ""
	if !u.Has(service.RoleRegistrar, service.RoleLeader, service.RoleSupervisor) {
		office, owner = u.Office, u.Username
	}
	rows, err := s.Store.DeadlineQueue(ctx, office, owner, 3*limit)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	seen := map[int64]bool{}
	var out []QueueEntry
	for _, r := range rows {
		if seen[r.Case.ID] || len(out) == limit {
			continue
		}
		seen[r.Case.ID] = true
		rule := s.Rules.ByKind[r.Deadline.Kind]
		r.Deadline.Name, r.Deadline.Risk, r.Deadline.Basis = rule.Name, s.Rules.Risk(r.Deadline.Deadline, now), rule.Basis
		out = append(out, r)
	}
	return out, nil
}
