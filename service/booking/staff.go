package booking

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/notify"
)

// canReview: registrars review every booking; a department's desk reviews those about it.
func canReview(u *service.User, b *Booking) bool {
	if u.Has(service.RoleRegistrar) {
		return true
	}
	return u != nil && slices.Contains(u.Roles, service.RoleDesk) && u.Department != "" && u.Department == b.Department
}

// reviewable returns booking id to the staff member who reviews it and phones the citizen: a
// registrar, or the desk of the booking's department.
func (s *Service) reviewable(ctx context.Context, id int64) (*service.User, *Booking, error) {
	u, err := service.RequireStaff(ctx, service.RoleRegistrar, service.RoleDesk)
	if err != nil {
		return nil, nil, err
	}
	b, err := s.Store.BookingByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !canReview(u, b) {
		return nil, nil, service.Errorf(service.EForbidden, service.MsgForbidden)
	}
	return u, b, nil
}

// List returns bookings for staff; desk staff see only their department's.
func (s *Service) List(ctx context.Context, f Filter) ([]*Booking, error) {
	u, err := service.RequireStaff(ctx, service.RoleRegistrar, service.RoleDesk, service.RoleHall, service.RoleHandler, service.RoleLeader, service.RoleSupervisor)
	if err != nil {
		return nil, err
	}
	if !u.Has(service.RoleRegistrar, service.RoleHall, service.RoleHandler, service.RoleLeader, service.RoleSupervisor) {
		f.Department = u.Department
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	return s.Store.ListBookings(ctx, f)
}

// Get returns one booking for staff allowed to see it.
func (s *Service) Get(ctx context.Context, id int64) (*Booking, error) {
	u, err := service.RequireStaff(ctx)
	if err != nil {
		return nil, err
	}
	b, err := s.Store.BookingByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !s.canSee(ctx, u, b) {
		return nil, service.Errorf(service.EForbidden, service.MsgForbidden)
	}
	return b, nil
}

func (s *Service) canSee(ctx context.Context, u *service.User, b *Booking) bool {
	if u.Has(service.RoleRegistrar, service.RoleHall, service.RoleHandler, service.RoleLeader, service.RoleSupervisor) || canReview(u, b) {
		return true
	}
	ps, err := s.Store.ListParticipants(ctx, b.ID)
	if err != nil {
		return false
	}
	for _, p := range ps {
		if p.UserID == u.ID {
			return true
		}
	}
	return false
}

// ReviewInput is a reviewer's decision on a pending (or confirmed) booking.
type ReviewInput struct {
	Action   string `json:"action"`  // confirm, divert, resolve, decline
	Version  int64  `json:"version"` // the version the reviewer saw
	Room     string `json:"room"`    // confirm: keep or change the room
	Divert   string `json:"divert"`  // divert: a configured channel (litigation, mediation, arbitration, business)
	Reason   string `json:"reason"`
	Guidance string `json:"guidance"` // divert/decline: overrides the channel's text
	Result   string `json:"result"`   // resolve: what was done
}

func within(field, v string, n int) error {
	if strings.TrimSpace(v) == "" {
		return service.Invalid(field, "请填写此项")
	}
	if utf8.RuneCountInString(v) > n {
		return service.Invalid(field, fmt.Sprintf("不能超过 %d 个字（短信变量限制）", n))
	}
	return nil
}

// Review applies a review outcome. It is idempotent (the same decision again changes nothing
// and sends nothing) and version-checked (a decision on a booking someone else changed meanwhile
// is refused with EConflict, so a booking is never double-confirmed). Diverting, resolving and
// declining free the place; the citizen is told by SMS (and WeChat).
func (s *Service) Review(ctx context.Context, id int64, in ReviewInput) (*Booking, error) {
	u, b, err := s.reviewable(ctx, id)
	if err != nil {
		return nil, err
	}
	target := map[string]string{"confirm": StatusConfirmed, "divert": StatusDiverted, "resolve": StatusResolved, "decline": StatusDeclined}[in.Action]
	if target == "" {
		return nil, service.Invalid("action", "请选择审核结果：确认来访、分流、已化解或不予受理")
	}
	if b.Status == target && b.ReviewedBy == u.Username {
		return b, nil // the same decision again
	}
	if in.Version <= 0 {
		return nil, service.Invalid("version", "请提供预约的版本号（version），以免覆盖他人刚作的审核")
	}
	if in.Version != b.Version {
		return nil, &service.Error{Code: service.EConflict, Message: service.MsgAlreadyDone, Data: map[string]any{"status": b.Status, "version": b.Version}}
	}
	hot := s.Cfg.Hotline
	t := change{To: target, From: []string{StatusPending}, Version: b.Version}
	now := s.Now()
	stamp := func(x *Booking) { x.ReviewedBy, x.ReviewedAt = u.Username, now }
	switch in.Action {
	case "confirm":
		room := strings.TrimSpace(in.Room)
		if room != "" && !slices.Contains(s.Cfg.Rooms, room) {
			return nil, service.Invalid("room", "接待室不存在")
		}
		t.Room = room
		t.Set = stamp
		t.Messages = func(x *Booking) ([]*notify.Message, error) {
			msgs, err := s.sms(x, "booking_confirmed", map[string]string{"date": x.Day.Short(), "session": s.SessionName(x.Session),
				"code": x.Code, "room": orDash(x.Room), "address": s.Cfg.Address})
			return append(msgs, s.reminder(x)...), err
		}
	case "divert":
		d, ok := s.Cfg.Diversions[in.Divert]
		if !ok {
			return nil, service.Invalid("divert", "请选择分流渠道")
		}
		guidance := strings.TrimSpace(in.Guidance)
		if guidance == "" {
			guidance = d.Guidance
		}
		if err := within("guidance", guidance, s.Templates.MaxLen); err != nil {
			return nil, err
		}
		t.From, t.Release = []string{StatusPending, StatusConfirmed}, true
		t.CancelKinds = []string{"booking_reminder"}
		t.Set = func(x *Booking) {
			stamp(x)
			x.DivertTo, x.Guidance, x.Reason = in.Divert, guidance, strings.TrimSpace(in.Reason)
		}
		t.Visit, t.VisitText = true, d.Channel+"："+guidance
		t.Messages = func(x *Booking) ([]*notify.Message, error) {
			return s.sms(x, "booking_diverted", map[string]string{"code": x.Code, "channel": d.Channel, "guidance": guidance, "hotline": d.Hotline})
		}
	case "resolve":
		if err := within("result", in.Result, s.Templates.MaxLen); err != nil {
			return nil, err
		}
		t.From, t.Release = []string{StatusPending, StatusConfirmed}, true
		t.CancelKinds = []string{"booking_reminder"}
		t.Set = func(x *Booking) { stamp(x); x.Reason = strings.TrimSpace(in.Result) }
		t.Visit, t.VisitText = true, strings.TrimSpace(in.Result)
		t.Messages = func(x *Booking) ([]*notify.Message, error) {
			return s.sms(x, "booking_resolved", map[string]string{"code": x.Code, "result": strings.TrimSpace(in.Result), "hotline": hot})
		}
	case "decline":
		if err := within("reason", in.Reason, s.Templates.MaxLen); err != nil {
			return nil, err
		}
		guidance := strings.TrimSpace(in.Guidance)
		if d, ok := s.Cfg.Diversions[in.Divert]; ok && guidance == "" {
			guidance = d.Guidance
		}
		if err := within("guidance", guidance, s.Templates.MaxLen); err != nil {
			return nil, err
		}
		t.From, t.Release = []string{StatusPending, StatusConfirmed}, true
		t.CancelKinds = []string{"booking_reminder"}
		t.Set = func(x *Booking) {
			stamp(x)
			x.Reason, x.Guidance, x.DivertTo = strings.TrimSpace(in.Reason), guidance, in.Divert
		}
		t.Messages = func(x *Booking) ([]*notify.Message, error) {
			// 建议您${guidance}: a channel's text starting 请 would read 建议您请….
			return s.sms(x, "booking_declined", map[string]string{"code": x.Code, "reason": strings.TrimSpace(in.Reason),
				"guidance": strings.TrimPrefix(guidance, "请"), "hotline": hot})
		}
	}
	t.Audit = s.audit(ctx, "booking."+in.Action, b, fmt.Sprintf("%s→%s %s", b.Status, target, in.Divert))
	return s.apply(ctx, b.ID, t)
}

// RecordCall records a desk's phone call to the citizen (including "phone not answered").
func (s *Service) RecordCall(ctx context.Context, id int64, outcome, note string) (*Call, error) {
	u, b, err := s.reviewable(ctx, id)
	if err != nil {
		return nil, err
	}
	switch outcome {
	case "guided", "needs_visit", "not_answered":
	default:
		return nil, service.Invalid("outcome", "请选择通话结果：已引导办理、需要来访或电话未接通")
	}
	if utf8.RuneCountInString(note) > 500 {
		return nil, service.Invalid("note", "备注不能超过 500 字")
	}
	c := &Call{BookingID: id, Staff: u.Username, Outcome: outcome, Note: strings.TrimSpace(note), At: s.Now()}
	if err := s.record(ctx, func(tx Tx) error { return tx.InsertCall(c) }, nil, s.audit(ctx, "booking.call", b, outcome)); err != nil {
		return nil, err
	}
	return c, nil
}

// ParticipantInput adds a participant to a joint reception.
type ParticipantInput struct {
	Kind     string `json:"kind"` // district, department, lawyer, other
	Unit     string `json:"unit"`
	Username string `json:"username"` // a staff account, who then sees the dossier
	Contact  string `json:"contact"`
	Phone    string `json:"phone"` // notified by SMS
}

// AddParticipant adds a participant to a confirmed booking's reception and notifies them.
func (s *Service) AddParticipant(ctx context.Context, id int64, in ParticipantInput) (*Participant, error) {
	if _, err := service.RequireStaff(ctx, service.RoleRegistrar); err != nil {
		return nil, err
	}
	b, err := s.Store.BookingByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if b.Status != StatusConfirmed {
		return nil, service.Errorf(service.EConflict, "只有已确认来访的预约可以安排联合接访")
	}
	switch in.Kind {
	case "district", "department", "lawyer", "other":
	default:
		return nil, service.Invalid("kind", "请选择参加单位类型：区、市直部门、律师或其他")
	}
	if err := within("unit", in.Unit, 20); err != nil {
		return nil, err
	}
	p := &Participant{BookingID: id, Kind: in.Kind, Unit: strings.TrimSpace(in.Unit), Contact: strings.TrimSpace(in.Contact), CreatedAt: s.Now()}
	if in.Username != "" {
		u, err := s.Users.UserByUsername(ctx, in.Username)
		if err != nil {
			return nil, service.Invalid("username", "工作人员账号不存在")
		}
		p.UserID = u.ID
		if p.Contact == "" {
			p.Contact = u.DisplayName
		}
	}
	var msgs []*notify.Message
	if in.Phone != "" {
		p.Phone = service.NormalizePhone(in.Phone)
		m, err := s.Templates.SMS("booking_joint", p.Phone, map[string]string{"date": b.Day.Short(), "session": s.SessionName(b.Session),
			"room": orDash(b.Room), "code": b.Code, "unit": p.Unit}, fmt.Sprintf("booking:%d:joint:%s", b.ID, s.Hash("phone", p.Phone)), "booking", fmt.Sprint(b.ID))
		if err != nil {
			return nil, err
		}
		msgs = append(msgs, m)
		p.PhoneMask = service.MaskPhone(p.Phone)
	}
	if p.UserID == 0 && p.Phone == "" {
		return nil, service.Invalid("phone", "请填写参加人员的工作人员账号或手机号，以便通知")
	}
	if err := s.record(ctx, func(tx Tx) error { return tx.InsertParticipant(p) }, msgs, s.audit(ctx, "booking.participant.add", b, p.Kind+" "+p.Unit)); err != nil {
		return nil, err
	}
	return p, nil
}

// Dossier is what the receiving staff see before a visit (心里有底): the petitioner's earlier
// bookings and cases, the related ones, the calls and the participants.
type Dossier struct {
	Booking      *Booking
	Earlier      []*Booking
	Related      []*Booking
	Calls        []Call
	Participants []Participant
	Cases        []CaseSummary
}

// CaseSummary is a petition case as a dossier lists it.
type CaseSummary struct {
	ID       int64     `json:"id"`
	CaseNo   string    `json:"case_no"`
	Status   string    `json:"status"`
	Summary  string    `json:"summary"`
	Received time.Time `json:"received_at"`
	Relation string    `json:"relation"` // same person, same matter
	// Office and Owner decide which handlers see the case (those who handle it).
	Office string `json:"office"`
	Owner  string `json:"owner,omitempty"`
}

// CaseLookup finds petition cases for a dossier (the registration platform implements it).
type CaseLookup interface {
	CasesForPerson(ctx context.Context, phoneKey, idKey string, limit int) ([]CaseSummary, error)
}

// Dossier assembles the pre-visit dossier for staff who may see the booking.
func (s *Service) Dossier(ctx context.Context, id int64, cases CaseLookup) (*Dossier, error) {
	b, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	u := service.ActorFrom(ctx).User
	// Desk staff and participants see the person's history about this department only; the
	// bureau's own staff see all of it, and registrars, leaders and supervisors the cases too.
	full := u.Has(service.RoleRegistrar, service.RoleHall, service.RoleHandler, service.RoleLeader, service.RoleSupervisor)
	d := &Dossier{Booking: b}
	all, err := s.Store.ListBookings(ctx, Filter{PersonKey: b.PersonKey, Limit: 100})
	if err != nil {
		return nil, err
	}
	for _, x := range all {
		if x.ID != b.ID && (full || x.Department == b.Department) {
			d.Earlier = append(d.Earlier, x)
		}
	}
	if b.Department != "" && full {
		rel, err := s.Store.ListBookings(ctx, Filter{Department: b.Department, From: b.Day.AddDays(-180), To: b.Day.AddDays(30), Limit: 100})
		if err != nil {
			return nil, err
		}
		for _, x := range rel {
			if x.ID != b.ID && x.PersonKey != b.PersonKey && x.District == b.District && similarMatter(x.Matter, b.Matter) {
				d.Related = append(d.Related, x)
			}
		}
	}
	if d.Calls, err = s.Store.ListCalls(ctx, id); err != nil {
		return nil, err
	}
	if d.Participants, err = s.Store.ListParticipants(ctx, id); err != nil {
		return nil, err
	}
	// The person's cases: registrars, leaders and supervisors see them all, a handler those of
	// their office or owned by them (with their history, on the case page).
	if cases != nil && u.Has(service.RoleRegistrar, service.RoleLeader, service.RoleSupervisor, service.RoleHandler) {
		idKey := ""
		if b.IDNumber != "" {
			idKey = s.Hash("id", b.IDNumber)
		}
		phoneKey := ""
		if b.Phone != "" {
			phoneKey = s.Hash("phone", b.Phone)
		}
		list, err := cases.CasesForPerson(ctx, phoneKey, idKey, 50)
		if err != nil {
			return nil, err
		}
		all := u.Has(service.RoleRegistrar, service.RoleLeader, service.RoleSupervisor)
		for _, c := range list {
			if all || (u.Office != "" && c.Office == u.Office) || (c.Owner != "" && c.Owner == u.Username) {
				d.Cases = append(d.Cases, c)
			}
		}
	}
	return d, nil
}

// Reveal returns a booking's full phone and ID number to the staff who phone the citizen about
// it: registrars (review, joint reception) and the desk of the booking's department. Every
// reveal is audit-logged; other roles see masked values only.
func (s *Service) Reveal(ctx context.Context, id int64) (phone, idNumber string, err error) {
	_, b, err := s.reviewable(ctx, id)
	if err != nil {
		return "", "", err
	}
	if err := s.record(ctx, func(Tx) error { return nil }, nil, s.audit(ctx, "pii.reveal", b, "phone and id number of a booking")); err != nil {
		return "", "", err
	}
	return b.Phone, b.IDNumber, nil
}

// CheckIn admits a visitor by booking code: the booking must be confirmed and for today.
func (s *Service) CheckIn(ctx context.Context, code string) (*Booking, error) {
	if _, err := service.RequireStaff(ctx, service.RoleHall, service.RoleRegistrar); err != nil {
		return nil, err
	}
	code = strings.ToUpper(strings.TrimSpace(code))
	b, err := s.Store.BookingByCode(ctx, code)
	if service.ErrorCode(err) == service.ENotFound {
		return nil, service.Invalid("code", "预约码不存在，请核对")
	} else if err != nil {
		return nil, err
	}
	today := service.DateOf(s.Now())
	switch {
	case b.Status == StatusCheckedIn || b.Status == StatusCalled || b.Status == StatusVisited:
		return b, nil
	case b.Status == StatusPending:
		return nil, service.Errorf(service.EConflict, "该预约尚未审核通过，请到服务台咨询")
	case b.Status != StatusConfirmed:
		return nil, service.NewError(service.EConflict, "该预约状态为“"+StatusNames[b.Status]+"”，不能签到")
	case b.Day != today:
		return nil, service.NewError(service.EConflict, "该预约的来访日期是"+b.Day.Chinese()+"，不是今天")
	}
	now := s.Now()
	return s.apply(ctx, b.ID, change{To: StatusCheckedIn, From: []string{StatusConfirmed}, Queue: true,
		Set: func(x *Booking) { x.CheckedInAt = now }, CancelKinds: []string{"booking_reminder"}, Audit: s.audit(ctx, "booking.checkin", b, "")})
}

// WalkInInput registers a visitor who came without a booking. A person without a phone is
// registered by ID number and still received.
type WalkInInput struct {
	Name       string `json:"name"`
	Phone      string `json:"phone"`
	IDNumber   string `json:"id_number"`
	Matter     string `json:"matter"`
	District   string `json:"district"`
	Street     string `json:"street"`
	Department string `json:"department"`
	// Visitors is how many people came (1 when not said); five or more is a group visit.
	Visitors int `json:"visitors"`
	// Key makes a resubmitted form (or a retried request: the Idempotency-Key header) register
	// the visitor once.
	Key string `json:"-"`
}

// WalkIn registers a walk-in visitor and puts them in today's queue.
func (s *Service) WalkIn(ctx context.Context, in WalkInInput) (*Booking, error) {
	if _, err := service.RequireStaff(ctx, service.RoleHall, service.RoleRegistrar); err != nil {
		return nil, err
	}
	in.Name = strings.TrimSpace(in.Name)
	if !nameRE.MatchString(in.Name) {
		return nil, service.Invalid("name", "请填写来访人姓名（2–20 个字）")
	}
	in.Phone, in.IDNumber = service.NormalizePhone(in.Phone), service.NormalizeID(in.IDNumber)
	if in.Phone != "" && !service.ValidMobile(in.Phone) {
		return nil, service.Invalid("phone", service.MsgPhoneBad)
	}
	if in.IDNumber != "" && !service.ValidIDNumber(in.IDNumber) {
		return nil, service.Invalid("id_number", service.MsgIDBad)
	}
	if in.Phone == "" && in.IDNumber == "" {
		return nil, service.Invalid("id_number", "没有手机号的来访人请登记身份证号码")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(in.Matter)); n < 2 || n > 2000 {
		return nil, service.Invalid("matter", "请简要登记来访事项")
	}
	if _, ok := s.Cfg.Districts[in.District]; !ok {
		return nil, service.Invalid("district", "请选择问题所在的区")
	}
	if in.Visitors == 0 {
		in.Visitors = 1
	}
	if in.Visitors < 1 || in.Visitors > 200 {
		return nil, service.Invalid("visitors", "来访人数须在 1 到 200 人之间")
	}
	now := s.Now()
	session := s.Cfg.Sessions[0].Code
	for _, sd := range s.Cfg.Sessions {
		if !now.Before(service.DateOf(now).At(sd.Start).Add(-time.Hour)) {
			session = sd.Code
		}
	}
	personKey := s.Hash("phone", in.Phone)
	if in.Phone == "" {
		personKey = s.Hash("id", in.IDNumber)
	}
	b := &Booking{Code: NewCode(), Status: StatusCheckedIn, Version: 1, Day: service.DateOf(now), Session: session, Name: in.Name, Visitors: in.Visitors,
		Phone: in.Phone, IDNumber: in.IDNumber, Channel: ViaWalkIn, Matter: strings.TrimSpace(in.Matter), District: in.District,
		Street: strings.TrimSpace(in.Street), Department: s.Units.Canonical(in.Department), History: "first", CheckedInAt: now,
		CreatedAt: now, UpdatedAt: now, MatterKey: MatterKey(in.Matter), PersonKey: personKey}
	audit := service.NewAudit(ctx, now, "booking.walkin", "booking", "", in.District)
	for attempt := 0; ; attempt++ {
		err := s.walkIn(ctx, b, strings.TrimSpace(in.Key), audit)
		var replay *ErrIdempotentReplay
		switch {
		case errors.Is(err, ErrReplan) && attempt < 3:
			continue
		case errors.As(err, &replay):
			return s.Store.BookingByID(ctx, replay.BookingID)
		case err != nil:
			return nil, err
		}
		return b, nil
	}
}

// walkIn stores a walk-in with its queue number and registers the visit, in one unit of work.
func (s *Service) walkIn(ctx context.Context, b *Booking, key string, audit service.AuditEntry) error {
	b.CaseID = 0
	visit, err := s.planVisit(ctx, b, StatusVisited, "")
	if err != nil {
		return err
	}
	scope := "walkin:" + service.ActorFrom(ctx).Username
	return s.Store.InTx(ctx, func(tx Tx) error {
		if key != "" {
			if prev, found, err := tx.IdempotencyKey(scope, key); err != nil {
				return err
			} else if found {
				return &ErrIdempotentReplay{BookingID: prev}
			}
		}
		q, err := tx.NextQueue(b.Day)
		if err != nil {
			return err
		}
		b.Queue = q
		if err := writeVisit(tx, visit, b); err != nil {
			return err
		}
		if err := tx.InsertBooking(b); err != nil {
			return err
		}
		if key != "" {
			if err := tx.SaveIdempotencyKey(scope, key, b.ID, ""); errors.Is(err, service.ErrDuplicate) {
				return fmt.Errorf("idempotency key raced: %w", service.ErrRetry)
			} else if err != nil {
				return err
			}
		}
		audit.TargetID = fmt.Sprint(b.ID)
		return tx.AppendAudit(audit)
	})
}

// CallNext calls the first waiting visitor of today to room.
func (s *Service) CallNext(ctx context.Context, room string) (*Booking, error) {
	if _, err := service.RequireStaff(ctx, service.RoleHall, service.RoleRegistrar, service.RoleHandler); err != nil {
		return nil, err
	}
	if !slices.Contains(s.Cfg.Rooms, room) {
		return nil, service.Invalid("room", "接待室不存在")
	}
	now := s.Now()
	audit := service.NewAudit(ctx, now, "booking.call_next", "booking", "", "room "+room)
	var out *Booking
	err := s.Store.InTx(ctx, func(tx Tx) error {
		b, err := tx.NextWaiting(service.DateOf(now))
		if err != nil {
			return err
		}
		if b == nil {
			return service.Errorf(service.ENotFound, "当前没有等候的来访人")
		}
		prev := b.Version
		b.Status, b.Room, b.CalledAt = StatusCalled, room, now
		if err := save(tx, b, prev, false); err != nil {
			return err
		}
		out = b
		audit.TargetID = fmt.Sprint(b.ID)
		return tx.AppendAudit(audit)
	})
	return out, err
}

// Received marks a called visitor as received (接待完毕).
func (s *Service) Received(ctx context.Context, id int64) (*Booking, error) {
	if _, err := service.RequireStaff(ctx, service.RoleHall, service.RoleRegistrar, service.RoleHandler); err != nil {
		return nil, err
	}
	b, err := s.Store.BookingByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if b.Status == StatusVisited {
		return b, nil
	}
	now := s.Now()
	return s.apply(ctx, b.ID, change{To: StatusVisited, From: []string{StatusCheckedIn, StatusCalled}, Visit: true,
		Set: func(x *Booking) { x.VisitedAt = now }, Audit: s.audit(ctx, "booking.received", b, "")})
}

// BoardEntry is a line of the hall's call board: masked name, room, queue number.
type BoardEntry struct {
	Name  string    `json:"name"`
	Room  string    `json:"room"`
	Queue int       `json:"queue"`
	At    time.Time `json:"called_at"`
}

// Board is the call board's content: who is called to which room, and how many wait.
type Board struct {
	Calling []BoardEntry `json:"calling"`
	Waiting int          `json:"waiting"`
	Date    string       `json:"date"`
}

// Board returns today's call board. Names are masked (赵**); nothing else is shown.
func (s *Service) Board(ctx context.Context) (*Board, error) {
	today := service.DateOf(s.Now())
	list, err := s.Store.ListBookings(ctx, Filter{Day: today, Limit: 500})
	if err != nil {
		return nil, err
	}
	bd := &Board{Date: today.Chinese(), Calling: []BoardEntry{}}
	for _, b := range list {
		switch b.Status {
		case StatusCheckedIn:
			bd.Waiting++
		case StatusCalled:
			bd.Calling = append(bd.Calling, BoardEntry{Name: service.MaskName(b.Name), Room: b.Room, Queue: b.Queue, At: b.CalledAt})
		}
	}
	// Most recently called first.
	for i := 0; i < len(bd.Calling); i++ {
		for j := i + 1; j < len(bd.Calling); j++ {
			if bd.Calling[j].At.After(bd.Calling[i].At) {
				bd.Calling[i], bd.Calling[j] = bd.Calling[j], bd.Calling[i]
			}
		}
	}
	if len(bd.Calling) > 8 {
		bd.Calling = bd.Calling[:8]
	}
	return bd, nil
}

// Stats counts bookings by visit day for the dashboard.
func (s *Service) Stats(ctx context.Context, from, to service.Date) (Stats, error) {
	if _, err := service.RequireStaff(ctx, service.RoleRegistrar, service.RoleLeader, service.RoleSupervisor, service.RoleHall); err != nil {
		return Stats{}, err
	}
	return s.Store.BookingStats(ctx, from, to)
}

// Slots lists the schedule for staff.
func (s *Service) Slots(ctx context.Context, from, to service.Date) ([]Slot, error) {
	if _, err := service.RequireStaff(ctx, service.RoleRegistrar, service.RoleHall, service.RoleLeader); err != nil {
		return nil, err
	}
	return s.Store.ListSlots(ctx, from, to)
}

// UpdateSlot changes a slot's capacity or closes it. Closing moves its bookings to the nearest
// session with room (SMS with the new time) or, when there is none, cancels them with notice.
func (s *Service) UpdateSlot(ctx context.Context, id int64, capacity int, closed bool, reason string) (*Slot, []*Booking, error) {
	if _, err := service.RequireStaff(ctx, service.RoleRegistrar, service.RoleAdmin); err != nil {
		return nil, nil, err
	}
	if capacity < 0 || capacity > 200 {
		return nil, nil, service.Invalid("capacity", "容量须在 0 到 200 之间")
	}
	if closed {
		if err := within("reason", reason, s.Templates.MaxLen); err != nil {
			return nil, nil, err
		}
	}
	// Close (or resize) first, so nobody books into the slot while its bookings move out; then
	// move them, each in its own transaction. Closing again picks up any left behind.
	var sl *Slot
	audit := service.NewAudit(ctx, s.Now(), "slot.update", "slot", fmt.Sprint(id), fmt.Sprintf("capacity=%d closed=%v %s", capacity, closed, reason))
	err := s.Store.InTx(ctx, func(tx Tx) error {
		var ok bool
		var err error
		if sl, ok, err = tx.SetSlot(id, capacity, closed); err != nil {
			return err
		} else if !ok {
			return service.Invalid("capacity", fmt.Sprintf("该时段已有 %d 人预约，容量不能低于 %d", sl.Booked, sl.Booked))
		}
		return tx.AppendAudit(audit)
	})
	if err != nil {
		return nil, nil, err
	}
	var affected []*Booking
	if closed {
		list, err := s.Store.ListBookings(ctx, Filter{Day: sl.Day, Limit: 500})
		if err != nil {
			return sl, nil, err
		}
		for _, b := range list {
			if b.SlotID != id || !HoldsPlace(b.Status) {
				continue
			}
			moved, err := s.moveOrCancel(ctx, b, sl, reason)
			if err != nil {
				return sl, affected, err
			}
			affected = append(affected, moved)
		}
	}
	s.kick()
	return sl, affected, nil
}

// AddLeaderSession adds a leader reception session (领导接访日) that citizens can book.
func (s *Service) AddLeaderSession(ctx context.Context, dayStr, session, leader, room string, capacity int) (*Slot, error) {
	if _, err := service.RequireStaff(ctx, service.RoleRegistrar, service.RoleLeader); err != nil {
		return nil, err
	}
	day, err := service.ParseDate(dayStr)
	if err != nil {
		return nil, service.Invalid("day", "日期格式应为 YYYY-MM-DD")
	}
	if first, last := s.Window(); day < first || day > last {
		return nil, service.Invalid("day", fmt.Sprintf("请选择 %s 至 %s 之间的日期", first.Chinese(), last.Chinese()))
	}
	if _, ok := s.Cfg.session(session); !ok {
		return nil, service.Invalid("session", "请选择上午或下午")
	}
	if err := within("leader", leader, 20); err != nil {
		return nil, err
	}
	if !slices.Contains(s.Cfg.Rooms, room) {
		return nil, service.Invalid("room", "接待室不存在")
	}
	if capacity <= 0 || capacity > 200 {
		return nil, service.Invalid("capacity", "容量须在 1 到 200 之间")
	}
	sl := Slot{Day: day, Session: session, Room: room, Leader: strings.TrimSpace(leader), Capacity: capacity}
	if err := s.Store.EnsureSlots(ctx, []Slot{sl}); err != nil {
		return nil, err
	}
	slots, err := s.Store.ListSlots(ctx, day, day)
	if err != nil {
		return nil, err
	}
	for _, x := range slots {
		if x.Session == sl.Session && x.Room == sl.Room && x.Leader == sl.Leader {
			return &x, nil
		}
	}
	return nil, service.Internal(fmt.Errorf("leader session not stored"))
}

func (s *Service) moveOrCancel(ctx context.Context, b *Booking, from *Slot, reason string) (*Booking, error) {
	for _, o := range s.nearestFree(ctx, b.Day, 6) {
		if o.Day == b.Day && o.Session == b.Session {
			continue
		}
		moved, err := s.move(ctx, b.ID, b.Version, o.Day, o.Session, "", false, func(x *Booking) ([]*notify.Message, error) {
			msgs, err := s.sms(x, "booking_moved", map[string]string{"code": x.Code, "date": x.Day.Short(), "session": s.SessionName(x.Session),
				"room": orDash(x.Room), "reason": reason})
			if err != nil || x.Status != StatusConfirmed {
				return msgs, err
			}
			return append(msgs, s.reminder(x)...), nil
		}, []string{"booking_reminder"}, s.audit(ctx, "booking.move", b, fmt.Sprintf("slot %d closed: to %s %s", from.ID, o.Day, o.Session)))
		if err == ErrSessionFull {
			continue
		}
		return moved, err
	}
	return s.apply(ctx, b.ID, change{To: StatusCancelled, From: []string{StatusPending, StatusConfirmed}, Version: b.Version, Release: true,
		Set: func(x *Booking) { x.Reason = reason }, CancelKinds: []string{"booking_reminder"},
		Messages: func(x *Booking) ([]*notify.Message, error) {
			return s.sms(x, "booking_cancelled", map[string]string{"code": x.Code, "date": x.Day.Short(), "session": s.SessionName(x.Session), "reason": reason})
		},
		Audit: s.audit(ctx, "booking.cancel", b, "slot closed, no free session")})
}

// MarkNoShows marks confirmed bookings whose session ended NoShowAfter ago without a check-in.
func (s *Service) MarkNoShows(ctx context.Context) (int, error) {
	now := s.Now()
	today := service.DateOf(now)
	ended := map[service.Date][]string{}
	for _, sd := range s.Cfg.Sessions {
		if now.After(today.At(sd.End).Add(s.Cfg.NoShowAfter)) {
			ended[today] = append(ended[today], sd.Code)
		}
	}
	list, err := s.Store.DueNoShows(ctx, today, ended)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, b := range list {
		_, err := s.apply(ctx, b.ID, change{To: StatusNoShow, From: []string{StatusConfirmed}, Version: b.Version,
			CancelKinds: []string{"booking_reminder"},
			Audit:       service.NewAudit(ctx, now, "booking.no_show", "booking", fmt.Sprint(b.ID), "")})
		if service.ErrorCode(err) == service.EConflict {
			continue // checked in meanwhile
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
