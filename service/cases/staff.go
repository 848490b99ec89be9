package cases

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/cases/match"
	"github.com/szxinfang/xinfang/service/citizen"
	"github.com/szxinfang/xinfang/service/notify"
)

var emsRE = regexp.MustCompile(`^([A-Z]{2}\d{9}[A-Z]{2}|\d{13})$`)

// FileStore keeps attachment bytes (disk in the embedded default; object storage behind the
// same interface).
type FileStore interface {
	Put(ctx context.Context, key string, r io.Reader) (int64, error)
	Open(ctx context.Context, key string) (io.ReadCloser, error)
}

// Detail is a case with everything staff see about it.
type Detail struct {
	Case         *Case
	Items        []*Item
	Merges       []Merge
	Links        []Link
	Attachments  []Attachment
	Deadlines    []DeadlineView
	Timeline     []TimelineEntry
	Notices      []Notice
	Supervisions []Supervision
	// Actions are those the viewer may take on the case now.
	Actions []string
}

func caseStaff(ctx context.Context) (*service.User, error) {
	return service.RequireStaff(ctx, service.RoleRegistrar, service.RoleHandler, service.RoleLeader, service.RoleSupervisor)
}

// canSeeCase: registrars, leaders and supervisors see every case; handlers those of their office.
func canSeeCase(u *service.User, c *Case) bool {
	if u.Has(service.RoleRegistrar, service.RoleLeader, service.RoleSupervisor) {
		return true
	}
	return u.Office != "" && (u.Office == c.Office || u.Username == c.Owner)
}

// List returns cases for staff; handlers see their office's.
func (s *Service) List(ctx context.Context, f Filter) ([]*Case, error) {
	u, err := caseStaff(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.scopeFilter(u, &f); err != nil {
		return nil, err
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	f.Limit = min(f.Limit, 500)
	return s.Store.ListCases(ctx, f)
}

// Risks are the deadline risks a list filters by.
var Risks = map[string]string{"overdue": "已逾期", "due_soon": "临近期限"}

// scopeFilter checks a list filter and limits it to what u may see: a handler the cases of their
// office or owned by them; registrars, leaders and supervisors every case.
func (s *Service) scopeFilter(u *service.User, f *Filter) error {
	f.MineOffice, f.MineOwner, f.Keys = "", "", nil
	if !u.Has(service.RoleRegistrar, service.RoleLeader, service.RoleSupervisor) {
		f.MineOffice, f.MineOwner = u.Office, u.Username
	}
	if f.Status != "" {
		if _, ok := StatusNames[f.Status]; !ok {
			return service.Invalid("status", "未知的状态")
		}
	}
	if f.Office != "" {
		o, ok := s.Routing.Units.Office(f.Office)
		if !ok {
			return service.Invalid("office", "未知的处室")
		}
		f.Office = o.Code
	}
	if f.Channel != "" {
		if _, ok := ChannelNames[f.Channel]; !ok {
			return service.Invalid("channel", "未知的渠道")
		}
	}
	for field, d := range map[string]service.Date{"from": f.From, "to": f.To} {
		if d == "" {
			continue
		}
		if _, err := service.ParseDate(string(d)); err != nil {
			return service.Invalid(field, "日期格式应为 2026-12-01")
		}
	}
	if f.From != "" && f.To != "" && f.From > f.To {
		return service.Invalid("from", "起始日期不能晚于截止日期")
	}
	if f.Risk != "" {
		if _, ok := Risks[f.Risk]; !ok {
			return service.Invalid("risk", "期限风险须为 overdue 或 due_soon")
		}
		f.Today = service.DateOf(s.Now())
		f.SoonUntil = f.Today
		if len(s.Rules.ReminderDays) > 0 {
			f.SoonUntil = f.Today.AddDays(s.Rules.ReminderDays[0])
		}
	}
	f.Query = strings.TrimSpace(f.Query)
	if utf8.RuneCountInString(f.Query) > 100 {
		return service.Invalid("q", "搜索内容不能超过 100 个字")
	}
	if f.Query != "" {
		f.Keys = searchKeys(f.Query)
	}
	return nil
}

// searchKeys are the duplicate index's keys of a search: the query as a name (2–4 Chinese
// characters) and the specific details the matcher finds in it.
func searchKeys(q string) []int64 {
	doc := match.Doc{Content: q}
	if n := utf8.RuneCountInString(q); n >= 2 && n <= 4 && isHan(q) {
		doc.Name = q
	}
	var out []int64
	for _, k := range match.Keys(match.Extract(doc)) {
		out = append(out, int64(k.Value))
	}
	return out
}

func isHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

// ExportList calls fn with every case of the filtered list (as List shows it, without the page
// limit), for the CSV and Excel exports; the export is audited with its filter.
func (s *Service) ExportList(ctx context.Context, f Filter, fn func(c *Case) error) error {
	u, err := service.RequireStaff(ctx, service.RoleRegistrar, service.RoleLeader, service.RoleSupervisor, service.RoleHandler)
	if err != nil {
		return err
	}
	if err := s.scopeFilter(u, &f); err != nil {
		return err
	}
	err = s.Store.InTx(ctx, func(tx Tx) error {
		return tx.AppendAudit(service.NewAudit(ctx, s.Now(), "case.export", "case", "", f.Describe()))
	})
	if err != nil {
		return err
	}
	f.Limit, f.BeforeID, f.BeforeAt = 500, 0, time.Time{}
	for {
		list, err := s.Store.ListCases(ctx, f)
		if err != nil {
			return err
		}
		for _, c := range list {
			if err := fn(c); err != nil {
				return err
			}
		}
		if len(list) < f.Limit {
			return nil
		}
		last := list[len(list)-1]
		f.BeforeID, f.BeforeAt = last.ID, last.ReceivedAt
	}
}

// Describe is the filter as the audit log records it: its set fields.
func (f Filter) Describe() string {
	var parts []string
	for _, kv := range [][2]string{{"status", f.Status}, {"office", f.Office}, {"owner", f.Owner}, {"category", f.Category},
		{"district", f.District}, {"channel", f.Channel}, {"from", string(f.From)}, {"to", string(f.To)}, {"risk", f.Risk},
		{"q", f.Query}, {"mine", f.MineOffice + "/" + f.MineOwner}} {
		if kv[1] != "" && kv[1] != "/" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	if f.NonPetition != nil {
		parts = append(parts, fmt.Sprintf("non_petition=%v", *f.NonPetition))
	}
	if f.RepeatAlert {
		parts = append(parts, "repeat_alert")
	}
	if len(parts) == 0 {
		return "all"
	}
	return strings.Join(parts, " ")
}

// Get returns a case with its items, merges, links and attachments.
func (s *Service) Get(ctx context.Context, id int64) (*Detail, error) {
	u, err := caseStaff(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Store.CaseByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !canSeeCase(u, c) {
		return nil, service.Errorf(service.EForbidden, service.MsgForbidden)
	}
	d := &Detail{Case: c}
	if d.Items, err = s.Store.CaseItems(ctx, id); err != nil {
		return nil, err
	}
	if d.Merges, err = s.Store.CaseMerges(ctx, id); err != nil {
		return nil, err
	}
	if d.Links, err = s.Store.CaseLinks(ctx, id); err != nil {
		return nil, err
	}
	if d.Attachments, err = s.Store.ListAttachments(ctx, id); err != nil {
		return nil, err
	}
	ds, err := s.Store.Deadlines(ctx, id)
	if err != nil {
		return nil, err
	}
	d.Deadlines = s.deadlineViews(ds)
	events, err := s.Store.Events(ctx, id)
	if err != nil {
		return nil, err
	}
	routes, err := s.Store.Routes(ctx, id)
	if err != nil {
		return nil, err
	}
	msgs, err := s.Store.ListOutbox(ctx, notify.Filter{RefType: "case", RefID: fmt.Sprint(id), Limit: 200})
	if err != nil {
		return nil, err
	}
	d.Timeline = timeline(d, events, routes, msgs)
	if d.Notices, err = s.Store.Notices(ctx, id); err != nil {
		return nil, err
	}
	if d.Supervisions, err = s.Store.Supervisions(ctx, SupervisionFilter{CaseID: id, Limit: 50}); err != nil {
		return nil, err
	}
	d.Actions = s.allowed(u, c, d.Supervisions)
	return d, nil
}

// allowed lists the actions u may take on c in its status (answering a 督办单 while one is open).
func (s *Service) allowed(u *service.User, c *Case, sups []Supervision) []string {
	openSup := slices.ContainsFunc(sups, func(x Supervision) bool { return x.State == SupervisionOpen })
	var out []string
	for _, name := range []string{ActAssign, ActTransfer, ActAccept, ActNotAccept, ActExtend, ActApproveExtension, ActReply,
		ActReviewRequest, ActReviewAnswer, ActRecheckRequest, ActRecheckAnswer, ActSupervise, ActAnswerSupervision, ActWithdraw, ActClose} {
		a := actions[name]
		if !u.Has(a.roles...) || !a.scope(u, c) || (len(a.from) > 0 && !slices.Contains(a.from, c.Status)) {
			continue
		}
		switch {
		case name == ActExtend && c.ExtensionState != "":
		case name == ActApproveExtension && c.ExtensionState != "requested":
		case name == ActSupervise && !open(c.Status):
		case name == ActAnswerSupervision && !openSup:
		default:
			out = append(out, name)
		}
	}
	return out
}

// screenExample is the example a screening decision makes (nil when it only repeats the
// rules' confident decision): before is the case, after the edited copy.
func (s *Service) screenExample(ctx context.Context, before, after *Case, e Edit) *ScreenExample {
	if e.NonPetition == nil {
		return nil
	}
	overrides := before.NonPetition != after.NonPetition
	doubtful := (before.ScreenKind != "" || before.ScreenWhy != "") && !before.NonPetition && !before.ScreenConfirmed
	if !overrides && !doubtful {
		return nil
	}
	items, err := s.Store.CaseItems(ctx, before.ID)
	if err != nil || len(items) == 0 {
		return nil
	}
	kind := match.KindPetition
	if after.NonPetition {
		kind = after.ScreenKind
		if _, ok := s.Routing.Screening.Kind(kind); !ok {
			return nil
		}
	}
	// The text decided about: the first item's, or — for a case a follow-up put back — the
	// latest, which is what the registrar weighed (the first is still the dispute it was).
	decided := items[0]
	if strings.HasPrefix(before.ScreenWhy, RecheckWhy) {
		for _, it := range items {
			if it.ID > decided.ID {
				decided = it // the last registered (a letter may be received before it is registered)
			}
		}
	}
	who := service.ActorFrom(ctx).Username
	return &ScreenExample{CaseID: before.ID, CaseNo: before.CaseNo, Kind: kind, Features: decided.Features, CreatedBy: who, CreatedAt: s.Now()}
}

// Edit is a registrar's change of classification, screening or routing.
type Edit struct {
	Version     int64   `json:"version"`
	Purpose     *string `json:"purpose"`
	Category    *string `json:"category"`
	NonPetition *bool   `json:"non_petition"` // the registrar confirms or overrides screening
	ScreenKind  *string `json:"screen_kind"`
	Guidance    *string `json:"guidance"`
	Office      *string `json:"office"`
	Owner       *string `json:"owner"`
	Reason      string  `json:"reason"` // required when re-routing
	FastTrack   *bool   `json:"fast_track"`
}

// Edit applies a registrar's changes; re-routing needs a reason and is kept in the history.
func (s *Service) Edit(ctx context.Context, id int64, e Edit) (*Case, error) {
	if _, err := service.RequireStaff(ctx, service.RoleRegistrar, service.RoleLeader); err != nil {
		return nil, err
	}
	c, err := s.Store.CaseByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if e.Version != 0 && e.Version != c.Version {
		return nil, &service.Error{Code: service.EConflict, Message: service.MsgAlreadyDone, Data: map[string]any{"version": c.Version}}
	}
	// Validate and learn what changes on a copy; then apply the same to the locked case.
	probe := *c
	changes, route, err := s.edit(&probe, e)
	if err != nil {
		return nil, err
	}
	if len(changes) == 0 {
		return c, nil
	}
	audit := service.NewAudit(ctx, s.Now(), "case.edit", "case", fmt.Sprint(id), strings.Join(changes, " "))
	// A registrar's screening decision that overrides the rules, or settles a doubtful case,
	// becomes an example later items follow.
	example := s.screenExample(ctx, c, &probe, e)
	return s.update(ctx, id, c.Version, func(tx Tx, c *Case) error {
		was := c.Status
		if _, _, err := s.edit(c, e); err != nil {
			return err
		}
		if example != nil {
			if err := tx.InsertScreenExample(example); err != nil {
				return err
			}
			if err := tx.AppendAudit(service.NewAudit(ctx, s.Now(), "screening.example", "case", fmt.Sprint(c.ID), example.Kind)); err != nil {
				return err
			}
		}
		// Screening decided by the registrar: a screened case has no deadlines; a case taken
		// back as a petition starts them (counted from its receipt).
		switch {
		case was != StatusScreened && c.Status == StatusScreened:
			return tx.EndDeadlines(c.ID, nil, DeadlineCancelled, s.Now())
		case was == StatusScreened && c.Status == StatusRegistered:
			return s.startCase(tx, c, s.Now())
		}
		return nil
	}, route, audit)
}

// edit applies e to c and says what changed (for the audit log) and the reason of a re-routing.
// A field sent with the value it already has is no change: a form posts every field, and only
// what the registrar altered is recorded (and only a real re-routing needs a reason).
func (s *Service) edit(c *Case, e Edit) (changes []string, route string, err error) {
	if e.Purpose != nil && *e.Purpose != c.Purpose {
		if !slices.Contains(s.Routing.Purposes, *e.Purpose) {
			return nil, "", service.Invalid("purpose", "信访目的须为：建议意见、检举控告或申诉求决")
		}
		c.Purpose = *e.Purpose
		changes = append(changes, "purpose="+c.Purpose)
	}
	if e.Category != nil && *e.Category != c.Category {
		if !slices.Contains(s.Routing.Categories, *e.Category) {
			return nil, "", service.Invalid("category", "类别无效")
		}
		c.Category = *e.Category
		changes = append(changes, "category="+c.Category)
	}
	if e.ScreenKind != nil && *e.ScreenKind != c.ScreenKind {
		if _, ok := s.Routing.Screening.Kind(*e.ScreenKind); !ok && *e.ScreenKind != "" {
			var keys []string
			for _, k := range s.Routing.Screening.Kinds() {
				keys = append(keys, k.Key)
			}
			return nil, "", service.Invalid("screen_kind", "非信访事项类型须为 "+strings.Join(keys, "、")+" 之一")
		}
		c.ScreenKind = *e.ScreenKind
		changes = append(changes, "screen_kind="+c.ScreenKind)
	}
	if e.NonPetition != nil {
		wasPetition := !c.NonPetition
		// Saying again what the rules said still confirms it (it leaves the doubt queue).
		if *e.NonPetition != c.NonPetition || !c.ScreenConfirmed {
			changes = append(changes, fmt.Sprintf("non_petition=%v", *e.NonPetition))
		}
		c.NonPetition, c.ScreenConfirmed = *e.NonPetition, true
		if c.NonPetition {
			if e.Guidance == nil || strings.TrimSpace(*e.Guidance) == "" {
				if wasPetition || c.ScreenGuidance == "" {
					c.ScreenGuidance = s.Routing.Screening.Guidance(c.ScreenKind)
				}
				if c.ScreenGuidance == "" {
					return nil, "", service.Invalid("guidance", "请填写告知信访人的办理渠道，或选择非信访事项的类型")
				}
			}
			c.Status = StatusScreened
		} else if c.Status == StatusScreened {
			c.Status = StatusRegistered
		}
	}
	if e.Guidance != nil && c.NonPetition && strings.TrimSpace(*e.Guidance) != "" && strings.TrimSpace(*e.Guidance) != c.ScreenGuidance {
		if utf8.RuneCountInString(*e.Guidance) > 200 {
			return nil, "", service.Invalid("guidance", "指引不能超过 200 字")
		}
		c.ScreenGuidance = strings.TrimSpace(*e.Guidance)
		changes = append(changes, "guidance")
	}
	if e.FastTrack != nil && *e.FastTrack != c.FastTrack {
		c.FastTrack = *e.FastTrack
		changes = append(changes, fmt.Sprintf("fast_track=%v", c.FastTrack))
	}
	officeChanged := e.Office != nil && *e.Office != c.Office
	ownerChanged := e.Owner != nil && strings.TrimSpace(*e.Owner) != c.Owner
	if officeChanged || ownerChanged {
		if strings.TrimSpace(e.Reason) == "" {
			return nil, "", service.Invalid("reason", "改变承办处室或承办人须填写原因")
		}
		if officeChanged {
			ok := false
			for _, o := range s.Routing.Offices {
				ok = ok || o.Code == *e.Office
			}
			if !ok {
				return nil, "", service.Invalid("office", "处室无效")
			}
			c.Office = *e.Office
		}
		if ownerChanged {
			c.Owner = strings.TrimSpace(*e.Owner)
			if utf8.RuneCountInString(c.Owner) > 64 {
				return nil, "", service.Invalid("owner", "承办人账号过长")
			}
		}
		route = e.Reason
		changes = append(changes, "route="+c.Office+"/"+c.Owner)
	}
	return changes, route, nil
}

// Reviews lists the registrar's duplicate queue.
func (s *Service) Reviews(ctx context.Context, status string) ([]DedupReview, error) {
	if _, err := service.RequireStaff(ctx, service.RoleRegistrar); err != nil {
		return nil, err
	}
	if status == "" {
		status = "pending"
	}
	return s.Store.ListReviews(ctx, status, 200)
}

// DecideReview settles a queued pair: "merge" (same person, same matter) or "separate".
func (s *Service) DecideReview(ctx context.Context, id int64, decision string) error {
	u, err := service.RequireStaff(ctx, service.RoleRegistrar)
	if err != nil {
		return err
	}
	r, err := s.Store.Review(ctx, id)
	if err != nil {
		return err
	}
	status := map[string]string{"merge": "merged", "separate": "separate", "link": "linked"}[decision]
	if r.Status != "pending" {
		if r.Status == status {
			return nil // the same decision again
		}
		return service.NewError(service.EConflict, service.MsgAlreadyDone)
	}
	if status == "" {
		return service.Invalid("decision", "请选择合并（merge）、不是同一事项（separate）或关联为集体访（link）")
	}
	now := s.Now()
	audit := service.NewAudit(ctx, now, "dedup.review."+decision, "case", fmt.Sprint(r.CaseID), fmt.Sprintf("review %d candidate %d", id, r.CandidateCaseID))
	return s.Store.InTx(ctx, func(tx Tx) error {
		r, err := tx.LockReview(id)
		if err != nil {
			return err
		}
		if r.Status != "pending" {
			return service.NewError(service.EConflict, service.MsgAlreadyDone)
		}
		if err := tx.DecideReview(id, status, u.Username, now); err != nil {
			return err
		}
		switch status {
		case "merged":
			reasons := append([]string{"登记员确认为同一人同一事项"}, r.Reasons...)
			if err := mergeInto(tx, r.CandidateCaseID, r.CaseID, reasons, r.Person, r.Matter, u.Username, now); err != nil {
				return err
			}
		case "linked":
			// The same matter raised by other people: a group petition (集体访), kept apart.
			c, err := tx.LockCase(r.CaseID)
			if err != nil {
				return err
			}
			if err := tx.Link(c, []LinkCandidate{{CaseID: r.CandidateCaseID, Reasons: "登记员确认为同一事项的集体访；" + strings.Join(r.Reasons, "；")}}); err != nil {
				return err
			}
		}
		return tx.AppendAudit(audit)
	})
}

// MergeCases merges case from into target by a registrar's decision.
func (s *Service) MergeCases(ctx context.Context, target, from int64, reason string) error {
	u, err := service.RequireStaff(ctx, service.RoleRegistrar)
	if err != nil {
		return err
	}
	if target == from {
		return service.Invalid("from_case_id", "不能与自身合并")
	}
	if strings.TrimSpace(reason) == "" {
		return service.Invalid("reason", "请说明合并理由")
	}
	now := s.Now()
	audit := service.NewAudit(ctx, now, "case.merge", "case", fmt.Sprint(target), fmt.Sprintf("from %d: %s", from, reason))
	return s.Store.InTx(ctx, func(tx Tx) error {
		if err := mergeInto(tx, target, from, []string{"登记员判定：" + strings.TrimSpace(reason)}, 0, 0, u.Username, now); err != nil {
			return err
		}
		return tx.AppendAudit(audit)
	})
}

// UndoMerge takes a merged item out of its case again.
func (s *Service) UndoMerge(ctx context.Context, mergeID int64) (*Case, error) {
	u, err := service.RequireStaff(ctx, service.RoleRegistrar)
	if err != nil {
		return nil, err
	}
	m, err := s.Store.Merge(ctx, mergeID)
	if err != nil {
		return nil, err
	}
	if !m.UndoneAt.IsZero() {
		return nil, service.NewError(service.EConflict, "该合并已撤销")
	}
	now := s.Now()
	nc := &Case{Status: StatusRegistered, Version: 1, QueryCode: NewQueryCode(), CreatedAt: now, UpdatedAt: now}
	return s.undo(ctx, mergeID, nc, u.Username, service.NewAudit(ctx, now, "case.merge.undo", "case", fmt.Sprint(m.CaseID), fmt.Sprintf("merge %d item %d", mergeID, m.ItemID)))
}

// Progress is what a citizen sees with the case number and query code.
type Progress struct {
	CaseNo     string        `json:"case_no"`
	Status     string        `json:"status"`
	StatusName string        `json:"status_name"`
	Channel    string        `json:"channel"`
	Received   string        `json:"received"`
	Guidance   string        `json:"guidance,omitempty"`
	Office     string        `json:"office,omitempty"`
	Timeline   []CitizenStep `json:"timeline"`
	Next       string        `json:"next,omitempty"`
	Reply      string        `json:"reply,omitempty"`
	Review     string        `json:"review,omitempty"`
	Recheck    string        `json:"recheck,omitempty"`
	// What the citizen may do now: rate (评价) and ask for 复查 or 复核.
	CanRate   bool   `json:"can_rate"`
	Rating    string `json:"rating,omitempty"`
	CanReview string `json:"can_review,omitempty"` // 复查 or 复核, when the citizen may ask for it
	QueryCode string `json:"-"`
}

// Progress looks a case up by its number and query code (both must match). Lookups are
// limited per client IP and per case number, and the code is compared in constant time, so
// query codes cannot be guessed.
func (s *Service) Progress(ctx context.Context, caseNo, queryCode, ip string) (*Progress, error) {
	c, err := s.byQueryCode(ctx, caseNo, queryCode, ip)
	if err != nil {
		return nil, err
	}
	return s.progress(ctx, c)
}

// byQueryCode finds the case a citizen names by number and query code, within the limits.
func (s *Service) byQueryCode(ctx context.Context, caseNo, queryCode, ip string) (*Case, error) {
	caseNo, queryCode = strings.ToUpper(strings.TrimSpace(caseNo)), strings.ToUpper(strings.TrimSpace(queryCode))
	if caseNo == "" || queryCode == "" {
		return nil, service.Invalid("query_code", "请填写信访编号和查询码")
	}
	if len(caseNo) > 32 || len(queryCode) > 32 {
		return nil, service.Errorf(service.ENotFound, "信访编号或查询码不正确，请核对短信")
	}
	for _, l := range []service.Limit{
		{Key: "pg:ip:" + ip, Max: ProgressPerIPHour, Window: time.Hour, Message: "查询过于频繁，请稍后再试"},
		{Key: "pg:case:" + caseNo, Max: ProgressPerCaseHour, Window: time.Hour, Message: "该信访编号查询过于频繁，请一小时后再试"},
	} {
		if err := l.Count(ctx, s.Cache); err != nil {
			return nil, err
		}
	}
	c, err := s.Store.CaseByNo(ctx, caseNo)
	if err != nil && service.ErrorCode(err) != service.ENotFound {
		return nil, err
	}
	if err != nil || subtle.ConstantTimeCompare([]byte(c.QueryCode), []byte(queryCode)) != 1 {
		return nil, service.Errorf(service.ENotFound, "信访编号或查询码不正确，请核对短信")
	}
	return c, nil
}

// progress is what the citizen reads of c: the timeline in plain Chinese, the reply, the next
// deadline and what they may do now.
func (s *Service) progress(ctx context.Context, c *Case) (*Progress, error) {
	if into, m := s.mergedInto(ctx, c); into != nil {
		// The items are in the case it was merged into; show that one.
		p, err := s.progress(ctx, into)
		if p != nil {
			p.Timeline = append([]CitizenStep{{Date: service.DateOf(m.At).Chinese(),
				Text: "您的事项（编号 " + c.CaseNo + "）与同一事项合并办理，编号 " + into.CaseNo}}, p.Timeline...)
		}
		return p, err
	}
	p := &Progress{CaseNo: c.CaseNo, Status: c.Status, StatusName: StatusNames[c.Status], Channel: ChannelNames[c.Channel],
		Received: service.DateOf(c.ReceivedAt).Chinese(), Reply: c.ReplyText, Review: c.ReviewText, Recheck: c.RecheckText,
		Rating: Ratings[c.Satisfaction], QueryCode: c.QueryCode}
	if c.NonPetition {
		p.Guidance = c.ScreenGuidance
	}
	if c.Status == StatusNotAccepted {
		p.Guidance = c.DecisionGuidance
	}
	if !c.NonPetition {
		p.Office = s.handlingUnit(c)
	}
	items, err := s.Store.CaseItems(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	events, err := s.Store.Events(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	ds, err := s.Store.Deadlines(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	p.Timeline = citizenTimeline(c, items, events)
	p.Next = s.nextForCitizen(c, ds)
	today := service.DateOf(s.Now())
	p.CanRate = !c.RepliedAt.IsZero() && c.Satisfaction == "" && today <= service.DateOf(c.RepliedAt).AddDays(s.Rules.RatingDays)
	switch {
	case c.Status == StatusReplied && today <= s.Rules.DueOf(WindowReviewRequest, c.RepliedAt):
		p.CanReview = "复查"
	case c.Status == StatusReviewed && today <= s.Rules.DueOf(WindowRecheckRequest, c.ReviewedAt):
		p.CanReview = "复核"
	}
	return p, nil
}

// mergedInto is the case c was merged into (and the merge), or nil when c stands on its own.
func (s *Service) mergedInto(ctx context.Context, c *Case) (*Case, *Merge) {
	if c.Status != StatusMerged {
		return nil, nil
	}
	ms, err := s.Store.CaseMerges(ctx, c.ID)
	if err != nil {
		return nil, nil
	}
	for i := range ms {
		if m := ms[i]; m.FromCaseID == c.ID && m.UndoneAt.IsZero() {
			if into, err := s.Store.CaseByID(ctx, m.CaseID); err == nil {
				return into, &ms[i]
			}
		}
	}
	return nil, nil
}

// citizenCase is the case a citizen acts on: c, or the one it was merged into.
func (s *Service) citizenCase(ctx context.Context, c *Case) *Case {
	if into, _ := s.mergedInto(ctx, c); into != nil {
		return into
	}
	return c
}

// RateByQueryCode records the rating of the citizen who holds the case's number and query code.
func (s *Service) RateByQueryCode(ctx context.Context, caseNo, queryCode, rating, ip string) (*Progress, error) {
	c, err := s.byQueryCode(ctx, caseNo, queryCode, ip)
	if err != nil {
		return nil, err
	}
	if c, err = s.rate(ctx, s.citizenCase(ctx, c), rating, "citizen"); err != nil {
		return nil, err
	}
	return s.progress(ctx, c)
}

// ReviewByQueryCode records the request for 复查 (or 复核, after 复查) of the citizen who holds the
// case's number and query code.
func (s *Service) ReviewByQueryCode(ctx context.Context, caseNo, queryCode, ip string) (*Progress, error) {
	c, err := s.byQueryCode(ctx, caseNo, queryCode, ip)
	if err != nil {
		return nil, err
	}
	if c, err = s.citizenReview(ctx, s.citizenCase(ctx, c), "citizen"); err != nil {
		return nil, err
	}
	if s.Kick != nil {
		s.Kick()
	}
	return s.progress(ctx, c)
}

// MyCases lists the signed-in citizen's cases (those with an item under their verified phone or
// their WeChat identity), each with its progress.
func (s *Service) MyCases(ctx context.Context, who *citizen.Session) ([]*Progress, error) {
	if who == nil {
		return nil, service.Errorf(service.EUnauthorized, "请先登录")
	}
	var keys []int64
	if who.Phone != "" {
		keys = append(keys, service.IndexKey(s.Hash("phone", who.Phone)))
	}
	for _, id := range []string{who.OpenID, who.MPOpenID} {
		if id != "" {
			keys = append(keys, service.IndexKey(s.Hash("openid", id)))
		}
	}
	list, err := s.Store.CasesByKeys(ctx, keys, 50)
	if err != nil {
		return nil, err
	}
	out := make([]*Progress, 0, len(list))
	for _, c := range list {
		if c.Status == StatusMerged {
			continue
		}
		p, err := s.progress(ctx, c)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// mine returns the signed-in citizen's case caseNo, or not found.
func (s *Service) mine(ctx context.Context, who *citizen.Session, caseNo string) (*Case, error) {
	list, err := s.MyCases(ctx, who)
	if err != nil {
		return nil, err
	}
	for _, p := range list {
		if p.CaseNo == strings.ToUpper(strings.TrimSpace(caseNo)) {
			return s.Store.CaseByNo(ctx, p.CaseNo)
		}
	}
	return nil, service.Errorf(service.ENotFound, "未找到该信访事项")
}

// RateMine and ReviewMine are RateByQueryCode and ReviewByQueryCode for the signed-in citizen's
// own case (我的信访, the mini-program).
func (s *Service) RateMine(ctx context.Context, who *citizen.Session, caseNo, rating string) (*Progress, error) {
	c, err := s.mine(ctx, who, caseNo)
	if err != nil {
		return nil, err
	}
	if c, err = s.rate(ctx, c, rating, "citizen"); err != nil {
		return nil, err
	}
	return s.progress(ctx, c)
}

func (s *Service) ReviewMine(ctx context.Context, who *citizen.Session, caseNo string) (*Progress, error) {
	c, err := s.mine(ctx, who, caseNo)
	if err != nil {
		return nil, err
	}
	if c, err = s.citizenReview(ctx, c, "citizen"); err != nil {
		return nil, err
	}
	if s.Kick != nil {
		s.Kick()
	}
	return s.progress(ctx, c)
}

// PetitionInput is a citizen's own online petition (网上信访 on H5, or the mini-program).
type PetitionInput struct {
	Name       string `json:"name"`
	Phone      string `json:"phone"`
	Code       string `json:"code"` // SMS code, unless the session verified the phone
	IDNumber   string `json:"id_number"`
	District   string `json:"district"`
	Street     string `json:"street"`
	Department string `json:"department"`
	Content    string `json:"content"`
}

// Petition registers a citizen's own submission. The citizen proves the phone (by their
// session or the SMS code, checked only once the rest of the form is valid, so a mistake does not
// spend the code); the session's openid names the channel. Submissions are limited per citizen
// and per client IP. What the form claims beyond that (an ID number, a name) never joins the
// citizen to someone else's case: such a match goes to a registrar.
func (s *Service) Petition(ctx context.Context, who *citizen.Session, in PetitionInput, ip string) (*RegisterResult, error) {
	item := ItemInput{Channel: ChannelOnline, Name: in.Name, Phone: in.Phone, IDNumber: in.IDNumber, District: in.District,
		Street: in.Street, Department: in.Department, Content: in.Content, Citizen: true}
	if who != nil {
		switch {
		case who.MPOpenID != "":
			item.Channel, item.OpenID = ChannelMiniProgram, who.MPOpenID
		case who.OpenID != "":
			item.Channel, item.OpenID = ChannelWeChat, who.OpenID
		}
	}
	// Every problem of the form at once: the citizen's own rules (a real name, a phone, a
	// matter said in words, the SMS code) and the registration's.
	var ck service.Check
	service.CheckName(&ck, "name", strings.TrimSpace(in.Name))
	phone := service.NormalizePhone(in.Phone)
	ck.Add(!service.ValidMobile(phone), "phone", service.MsgPhoneBad)
	ck.Add(service.Meaningful(in.Content) < 10, "content", "请用至少 10 个字写明反映的问题（标点、空格和表情不计）")
	p, err := s.Prepare(item)
	if err != nil && !ck.AddErr(err) {
		return nil, err
	}
	needCode := who == nil || who.Phone != phone
	ck.Add(needCode && strings.TrimSpace(in.Code) == "", "code", "请输入短信验证码")
	if err := ck.Err(); err != nil {
		return nil, err
	}
	if needCode {
		if err := s.Verify.Check(ctx, citizen.PurposeQuery, phone, in.Code); err != nil {
			return nil, err
		}
	}
	limits := []service.Limit{
		{Key: "pet:ip:" + ip, Max: PetitionsPerIPHour, Window: time.Hour, Message: "提交过于频繁，请稍后再试"},
		{Key: "pet:ph:" + s.Hash("phone", phone), Max: PetitionsPerCitizenHour, Window: time.Hour, Message: "您一小时内提交的信访事项较多，请稍后再试；如需补充材料，可在原事项中说明"},
		{Key: "pet:pd:" + s.Hash("phone", phone), Max: PetitionsPerCitizenDay, Window: 24 * time.Hour, Message: "您今天提交的信访事项已达上限，请明天再试"},
	}
	if item.OpenID != "" {
		limits = append(limits, service.Limit{Key: "pet:o:" + s.Hash("openid", item.OpenID), Max: PetitionsPerCitizenHour, Window: time.Hour, Message: "您一小时内提交的信访事项较多，请稍后再试"})
	}
	for _, l := range limits {
		if err := l.Count(ctx, s.Cache); err != nil {
			return nil, err
		}
	}
	return s.Commit(ctx, p)
}

// Allowed attachment types, sniffed from the bytes (not the client's word).
var attachmentTypes = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}

// MaxAttachment is the largest attachment accepted.
const MaxAttachment = 10 << 20

// Attach stores a file with an item of a case. Images (JPEG, PNG) and PDF only, at most 10 MB.
func (s *Service) Attach(ctx context.Context, caseID, itemID int64, filename string, r io.Reader) (*Attachment, error) {
	c, err := s.Store.CaseByID(ctx, caseID)
	if err != nil {
		return nil, err
	}
	if a := service.ActorFrom(ctx); a.User != nil && !canSeeCase(a.User, c) {
		return nil, service.Errorf(service.EForbidden, service.MsgForbidden)
	}
	items, err := s.Store.CaseItems(ctx, caseID)
	if err != nil {
		return nil, err
	}
	found := false
	for _, it := range items {
		if it.ID == itemID || (itemID == 0 && !found) {
			itemID, found = it.ID, true
		}
	}
	if !found {
		return nil, service.Invalid("item_id", "该件不属于此信访事项")
	}
	br := bufio.NewReader(io.LimitReader(r, MaxAttachment+1))
	head, _ := br.Peek(512)
	ct := http.DetectContentType(head)
	if i := strings.Index(ct, ";"); i > 0 {
		ct = ct[:i]
	}
	ext, ok := attachmentTypes[ct]
	if !ok {
		return nil, service.Invalid("file", "附件只能是图片（JPG、PNG）或 PDF 文件")
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, br)
	if err != nil {
		return nil, service.Internal(err)
	}
	if n > MaxAttachment {
		return nil, service.Invalid("file", "附件不能超过 10 MB")
	}
	if n == 0 {
		return nil, service.Invalid("file", "附件为空")
	}
	sum := sha256.Sum256(buf.Bytes())
	hexsum := hex.EncodeToString(sum[:])
	key := path.Join(hexsum[:2], hexsum[2:4], hexsum+ext)
	if _, err := s.Files.Put(ctx, key, bytes.NewReader(buf.Bytes())); err != nil {
		return nil, service.Internal(err)
	}
	name := strings.TrimSpace(path.Base(strings.ReplaceAll(filename, "\\", "/")))
	if name == "" || name == "." || name == "/" || utf8.RuneCountInString(name) > 100 {
		name = "附件" + ext
	}
	a := &Attachment{ItemID: itemID, CaseID: caseID, Filename: name, ContentType: ct, Size: n, SHA256: hexsum, StorageKey: key, CreatedAt: s.Now()}
	audit := service.NewAudit(ctx, s.Now(), "case.attachment", "case", fmt.Sprint(caseID), name)
	if err := s.Store.InTx(ctx, func(tx Tx) error {
		if err := tx.InsertAttachment(a); err != nil {
			return err
		}
		return tx.AppendAudit(audit)
	}); err != nil {
		return nil, err
	}
	return a, nil
}

// OpenAttachment returns an attachment's bytes for staff allowed to see its case.
func (s *Service) OpenAttachment(ctx context.Context, id int64) (*Attachment, io.ReadCloser, error) {
	u, err := caseStaff(ctx)
	if err != nil {
		return nil, nil, err
	}
	a, err := s.Store.Attachment(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.Store.CaseByID(ctx, a.CaseID)
	if err != nil {
		return nil, nil, err
	}
	if !canSeeCase(u, c) {
		return nil, nil, service.Errorf(service.EForbidden, service.MsgForbidden)
	}
	rc, err := s.Files.Open(ctx, a.StorageKey)
	if err != nil {
		return nil, nil, service.Internal(err)
	}
	return a, rc, nil
}

// Export calls fn for every item with the case it ended in (import tools, statistics).
func (s *Service) Export(ctx context.Context, fn func(item *Item, c *Case) error) error {
	if a := service.ActorFrom(ctx); !a.System && !a.User.Has(service.RoleRegistrar, service.RoleLeader, service.RoleSupervisor) {
		return service.Errorf(service.EForbidden, service.MsgForbidden)
	}
	return s.Store.ExportItems(ctx, fn)
}
