// Package booking runs 预约接访: the schedule of sessions and rooms, citizens' bookings without
// overbooking, review and diversion, joint receptions, the hall's check-in and call board.
package booking

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/citizen"
	"github.com/szxinfang/xinfang/service/notify"
)

// Booking statuses.
const (
	StatusPending   = "pending"    // 待审核
	StatusConfirmed = "confirmed"  // 已确认，待来访
	StatusDiverted  = "diverted"   // 已分流
	StatusResolved  = "resolved"   // 预约期间已化解
	StatusDeclined  = "declined"   // 非信访事项
	StatusCancelled = "cancelled"  // 已取消
	StatusCheckedIn = "checked_in" // 已签到，候诊
	StatusCalled    = "called"     // 已叫号
	StatusVisited   = "visited"    // 已接待
	StatusNoShow    = "no_show"    // 未到访
)

// StatusNames are the statuses as people read them.
var StatusNames = map[string]string{
	StatusPending: "待审核", StatusConfirmed: "已确认", StatusDiverted: "已分流", StatusResolved: "已化解",
	StatusDeclined: "不予受理（非信访事项）", StatusCancelled: "已取消", StatusCheckedIn: "已签到", StatusCalled: "已叫号",
	StatusVisited: "已接待", StatusNoShow: "未到访",
}

// HoldsPlace reports whether a booking of this status occupies a place in its session.
func HoldsPlace(status string) bool { return status == StatusPending || status == StatusConfirmed }

// Booking channels.
const (
	ViaH5     = "h5"     // the H5 page (official account menu, the hall's QR code, a browser)
	ViaMP     = "mp"     // the mini-program
	ViaWalkIn = "walkin" // registered in the hall by staff
)

// SessionDef is a half-day session (configs/booking.yaml).
type SessionDef struct {
	Code, Name, Start, End string // am 上午 09:00 12:00
}

// Slot is one room in one session of one day, with its capacity.
type Slot struct {
	ID       int64        `json:"id"`
	Day      service.Date `json:"day"`
	Session  string       `json:"session"`
	Room     string       `json:"room"`
	Capacity int          `json:"capacity"`
	Booked   int          `json:"booked"`
	Closed   bool         `json:"closed"`
	Leader   string       `json:"leader,omitempty"`
}

// SessionOffer is a bookable session as citizens see it: the rooms summed up.
type SessionOffer struct {
	Day         service.Date `json:"day"`
	DayLabel    string       `json:"day_label"`
	Session     string       `json:"session"`
	SessionName string       `json:"session_name"`
	Leader      string       `json:"leader,omitempty"`
	Free        int          `json:"free"`
}

// Booking is one reception booking.
type Booking struct {
	ID           int64
	Code         string
	Status       string
	Version      int64
	SlotID       int64
	Day          service.Date
	Session      string
	Room         string
	Leader       string
	Name         string
	Phone        string
	IDNumber     string
	OpenID       string // official-account or mini-program openid, for WeChat notices
	OpenIDKind   string // ChannelWeChat or ChannelMP
	Channel      string
	Matter       string
	District     string
	Street       string
	Department   string
	History      string // first or repeat
	EarlierCases string
	Reason       string // of a review outcome or a cancellation
	Guidance     string
	DivertTo     string // diversion key (litigation, mediation…)
	ReviewedBy   string
	ReviewedAt   time.Time
	CheckedInAt  time.Time
	CalledAt     time.Time
	VisitedAt    time.Time
	Queue        int
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// MatterKey identifies the matter for "one active booking per person per matter".
	MatterKey string
	// PersonKey is the blind index of the phone (or ID number) that identifies the person.
	PersonKey string
	// CaseID is the petition case the visit was registered in (received, resolved, diverted).
	CaseID int64
	// Visitors is how many people come; from GroupVisitSize it is a group visit (集体访).
	Visitors int
}

// GroupVisitSize: five or more people about one matter are a group visit, who choose at most
// five representatives to be received (《信访工作条例》第二十三条).
const GroupVisitSize = 5

// GroupVisit reports whether b is a group visit.
func (b *Booking) GroupVisit() bool { return b.Visitors >= GroupVisitSize }

// Call is a desk's phone call to the citizen about a booking.
type Call struct {
	ID        int64     `json:"id"`
	BookingID int64     `json:"booking_id"`
	Staff     string    `json:"staff"`
	Outcome   string    `json:"outcome"` // guided, needs_visit, not_answered
	Note      string    `json:"note"`
	At        time.Time `json:"at"`
}

// Participant joins a confirmed booking's reception (联合接访).
type Participant struct {
	ID        int64     `json:"id"`
	BookingID int64     `json:"booking_id"`
	Kind      string    `json:"kind"` // district, department, lawyer, other
	Unit      string    `json:"unit"`
	UserID    int64     `json:"user_id,omitempty"`
	Contact   string    `json:"contact"`
	Phone     string    `json:"-"`
	PhoneMask string    `json:"phone,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Filter selects bookings for staff.
type Filter struct {
	Status     string
	Day        service.Date
	From, To   service.Date
	Department string
	PersonKey  string
	OpenID     string
	Limit      int
	BeforeID   int64
}

// Stats are the dashboard's counts (the article: 216 bookings → 80 visits).
type Stats struct {
	Bookings  int `json:"bookings"`
	Reviewed  int `json:"reviewed"`
	Confirmed int `json:"confirmed"`
	Visited   int `json:"visited"`
	Diverted  int `json:"diverted"`
	Resolved  int `json:"resolved"`
	Declined  int `json:"declined"`
	Cancelled int `json:"cancelled"`
	NoShows   int `json:"no_shows"`
	Pending   int `json:"pending"`
}

// MaxActiveBookings is how many sessions one person may hold places in at once.
const MaxActiveBookings = 3

// ErrSessionFull is returned by CreateBooking and MoveBooking when no room in the session has
// a place left.
var ErrSessionFull = service.Errorf(service.EConflict, "该时段已约满，请选择其他时段")

// ErrIdempotentReplay carries the booking an earlier request with the same Idempotency-Key made.
type ErrIdempotentReplay struct{ BookingID int64 }

func (e *ErrIdempotentReplay) Error() string {
	return fmt.Sprintf("idempotent replay of booking %d", e.BookingID)
}

// Store keeps slots and bookings. Reads are direct; every change runs in a unit of work the
// service opens with InTx and commits once.
type Store interface {
	// InTx runs fn in one transaction: committed when fn returns nil, rolled back otherwise,
	// run again when it lost a race (a deadlock, or service.ErrRetry).
	InTx(ctx context.Context, fn func(tx Tx) error) error
	// EnsureSlots creates missing slots (existing ones keep their capacity and state).
	EnsureSlots(ctx context.Context, slots []Slot) error
	ListSlots(ctx context.Context, from, to service.Date) ([]Slot, error)
	// IdempotentBooking returns the booking an earlier request with this key made, and the
	// proof that request gave of the phone (a keyed hash of its SMS code, or "").
	IdempotentBooking(ctx context.Context, scope, key string) (id int64, proof string, found bool, err error)
	BookingByID(ctx context.Context, id int64) (*Booking, error)
	BookingByCode(ctx context.Context, code string) (*Booking, error)
	ListBookings(ctx context.Context, f Filter) ([]*Booking, error)
	ListCalls(ctx context.Context, bookingID int64) ([]Call, error)
	ListParticipants(ctx context.Context, bookingID int64) ([]Participant, error)
	BookingStats(ctx context.Context, from, to service.Date) (Stats, error)
	// DueNoShows lists confirmed bookings of sessions that ended before cutoff.
	DueNoShows(ctx context.Context, before service.Date, sessionEnded map[service.Date][]string) ([]*Booking, error)
}

// Tx is one unit of work's row primitives. Nothing is visible to others until it commits.
type Tx interface {
	// LockBooking reads a booking and keeps others from changing it until the commit.
	LockBooking(id int64) (*Booking, error)
	// IdempotencyKey finds the booking an earlier request with (scope, key) made.
	IdempotencyKey(scope, key string) (bookingID int64, found bool, err error)
	// SaveIdempotencyKey records the key; service.ErrDuplicate when another request raced in.
	SaveIdempotencyKey(scope, key string, bookingID int64, proof string) error
	// HoldPlace counts one more place held by person, unless they hold max already (false).
	HoldPlace(person string, max int) (bool, error)
	// ReleaseHold counts one place fewer held by person.
	ReleaseHold(person string) error
	// TakePlace takes a place in the first room of (day, session, leader) with one left, by a
	// conditional update; nil when none is left.
	TakePlace(day service.Date, session, leader string) (*Slot, error)
	// TakeRoom takes a place in that room of the session; nil when it is full or closed,
	// service.ErrNotFound when the room has no slot in the session.
	TakeRoom(day service.Date, session, leader, room string) (*Slot, error)
	// ReleasePlace gives a place back to its slot.
	ReleasePlace(slotID int64) error
	// InsertBooking stores b and sets its ID; service.ErrDuplicate when the person holds an
	// active booking of the same matter already.
	InsertBooking(b *Booking) error
	// UpdateBooking saves b's changeable fields if it is still at prevVersion (else
	// service.ErrStale) and sets b.Version to the next one.
	UpdateBooking(b *Booking, prevVersion int64) error
	// NextQueue is the day's next queue number in the hall.
	NextQueue(day service.Date) (int, error)
	// NextWaiting locks the first checked-in visitor of day not locked by another caller; nil
	// when nobody waits.
	NextWaiting(day service.Date) (*Booking, error)
	// SetSlot sets a slot's capacity and closed flag unless capacity is below the places taken
	// (ok false); the slot as it is afterwards.
	SetSlot(id int64, capacity int, closed bool) (slot *Slot, ok bool, err error)
	InsertCall(c *Call) error
	InsertParticipant(p *Participant) error
	// AppendOutbox records messages (keys already present are skipped).
	AppendOutbox(msgs ...*notify.Message) error
	// CancelOutbox withdraws the pending messages of kinds about a business object.
	CancelOutbox(refType, refID string, kinds ...string) error
	AppendAudit(e service.AuditEntry) error
}

// UserLookup finds a staff account by its login name (participants of a joint reception).
type UserLookup interface {
	UserByUsername(ctx context.Context, username string) (*service.User, error)
}

// Diversion is a diversion channel offered to reviewers (configs/booking.yaml).
type Diversion struct {
	Key, Name, Channel, Guidance, Hotline string
}

// Config is the schedule and its rules.
type Config struct {
	Address      string
	Hotline      string
	Sessions     []SessionDef
	Rooms        []string
	Capacity     int
	HorizonDays  int
	ChangeCutoff time.Duration
	ReminderTime string // "10:00"
	NoShowAfter  time.Duration
	LeaderDays   []Slot
	Diversions   map[string]Diversion
	Districts    map[string][]string
}

func (c *Config) session(code string) (SessionDef, bool) {
	for _, s := range c.Sessions {
		if s.Code == code {
			return s, true
		}
	}
	return SessionDef{}, false
}

// Service runs 预约接访: the schedule, citizens' bookings, review and diversion, the hall
// and the counts.
type Service struct {
	Store     Store
	Cal       *service.Calendar
	Cfg       *Config
	Verify    *citizen.Verifier
	Templates *notify.Templates
	Cache     service.Cache
	Hash      func(kind, value string) string
	Now       func() time.Time
	Kick      func()
	Log       *slog.Logger
	// Users resolves participant accounts.
	Users UserLookup
	// Units is the directory of units departments are named from.
	Units *service.Directory
	// Visits registers receptions as petition items (nil: they are not registered).
	Visits Visits
	// Booking attempts allowed per phone per day and per client IP per hour.
	PerPhoneDay, PerIPHour int
}

func (s *Service) kick() {
	if s.Kick != nil {
		s.Kick()
	}
}

// Window is the range of bookable days now: from the next working day to the horizon.
func (s *Service) Window() (first, last service.Date) {
	today := service.DateOf(s.Now())
	return s.Cal.NextWorkday(today), today.AddDays(s.Cfg.HorizonDays)
}

// EnsureSchedule creates the slots of every working day in the window (and leader sessions).
func (s *Service) EnsureSchedule(ctx context.Context) error {
	today := service.DateOf(s.Now())
	_, last := s.Window()
	var slots []Slot
	for d := today; d <= last; d = d.AddDays(1) {
		if !s.Cal.IsWorkday(d) {
			continue
		}
		for _, sess := range s.Cfg.Sessions {
			for _, room := range s.Cfg.Rooms {
				slots = append(slots, Slot{Day: d, Session: sess.Code, Room: room, Capacity: s.Cfg.Capacity})
			}
		}
	}
	for _, l := range s.Cfg.LeaderDays {
		if l.Day >= today && l.Day <= last {
			slots = append(slots, l)
		}
	}
	if y := s.Cal.Unofficial(today, last); len(y) > 0 {
		s.Log.WarnContext(ctx, "holiday calendar is provisional or missing for years in the booking window; update configs/holidays.yaml from the State Council's notice", "years", fmt.Sprint(y))
	}
	return s.Store.EnsureSlots(ctx, slots)
}

// Offers lists the sessions citizens can book now, with places left, soonest first. It only
// reads: the slots are created at start-up and by the hourly schedule job (EnsureSchedule), so a
// day entering the window at midnight is offered within the hour.
func (s *Service) Offers(ctx context.Context) ([]SessionOffer, error) {
	first, last := s.Window()
	slots, err := s.Store.ListSlots(ctx, first, last)
	if err != nil {
		return nil, err
	}
	return s.offers(slots), nil
}

func (s *Service) offers(slots []Slot) []SessionOffer {
	type key struct {
		day          service.Date
		sess, leader string
	}
	free := map[key]int{}
	var order []key
	for _, sl := range slots {
		if !s.Cal.IsWorkday(sl.Day) && sl.Leader == "" {
			continue
		}
		k := key{sl.Day, sl.Session, sl.Leader}
		if _, seen := free[k]; !seen {
			order = append(order, k)
			free[k] = 0
		}
		if !sl.Closed && sl.Capacity > sl.Booked {
			free[k] += sl.Capacity - sl.Booked
		}
	}
	sessIdx := map[string]int{}
	for i, sd := range s.Cfg.Sessions {
		sessIdx[sd.Code] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].day != order[j].day {
			return order[i].day < order[j].day
		}
		if order[i].sess != order[j].sess {
			return sessIdx[order[i].sess] < sessIdx[order[j].sess]
		}
		return order[i].leader < order[j].leader
	})
	out := make([]SessionOffer, 0, len(order))
	for _, k := range order {
		sd, _ := s.Cfg.session(k.sess)
		out = append(out, SessionOffer{Day: k.day, DayLabel: k.day.Chinese(), Session: k.sess, SessionName: sd.Name, Leader: k.leader, Free: free[k]})
	}
	return out
}

// nearestFree returns up to n sessions with places, nearest to day first.
func (s *Service) nearestFree(ctx context.Context, day service.Date, n int) []SessionOffer {
	offers, err := s.Offers(ctx)
	if err != nil {
		return nil
	}
	var free []SessionOffer
	for _, o := range offers {
		if o.Free > 0 && o.Leader == "" {
			free = append(free, o)
		}
	}
	dist := func(d service.Date) int {
		x := int(d.Time().Sub(day.Time()).Hours() / 24)
		if x < 0 {
			return -x
		}
		return x
	}
	sort.SliceStable(free, func(i, j int) bool { return dist(free[i].Day) < dist(free[j].Day) })
	if len(free) > n {
		free = free[:n]
	}
	return free
}

// Input is what a citizen (or the mini-program) submits.
type Input struct {
	Name         string `json:"name"`
	Phone        string `json:"phone"`
	Code         string `json:"code"` // SMS verification code, unless the session verified the phone
	IDNumber     string `json:"id_number"`
	Matter       string `json:"matter"`
	District     string `json:"district"`
	Street       string `json:"street"`
	Department   string `json:"department"`
	History      string `json:"history"` // first or repeat
	EarlierCases string `json:"earlier_cases"`
	Day          string `json:"day"`
	Session      string `json:"session"`
	Leader       string `json:"leader"`
	// Visitors is how many people will come (1 when not said).
	Visitors int `json:"visitors"`
}

var (
	nameRE    = regexp.MustCompile(`^[\p{Han}A-Za-z·・.\s]{2,20}$`)
	caseNoRE  = regexp.MustCompile(`^[A-Za-z0-9-]{4,32}$`)
	spaceRE   = regexp.MustCompile(`\s+`)
	nonWordRE = regexp.MustCompile(`[\p{P}\p{S}\s]+`)
)

func (s *Service) validate(in *Input, more ...func(*service.Check)) error {
	var ck service.Check
	in.Name = strings.TrimSpace(spaceRE.ReplaceAllString(in.Name, " "))
	service.CheckName(&ck, "name", in.Name)
	in.Phone = service.NormalizePhone(in.Phone)
	ck.Add(!service.ValidMobile(in.Phone), "phone", service.MsgPhoneBad)
	in.IDNumber = service.NormalizeID(in.IDNumber)
	ck.Add(in.IDNumber != "" && !service.ValidIDNumber(in.IDNumber), "id_number", service.MsgIDBad)
	in.Matter = strings.TrimSpace(in.Matter)
	ck.Add(service.Meaningful(in.Matter) < 10, "matter", "请用至少 10 个字说明来访事项（标点、空格和表情不计）")
	ck.Add(utf8.RuneCountInString(in.Matter) > 2000, "matter", "来访事项请控制在 2000 字以内，详细材料可来访时提交")
	in.District = strings.TrimSpace(in.District)
	streets, ok := s.Cfg.Districts[in.District]
	ck.Add(!ok, "district", "请选择问题所在的区")
	in.Street = strings.TrimSpace(in.Street)
	ck.Add(ok && in.Street != "" && !slices.Contains(streets, in.Street), "street", "所选街道不属于"+in.District)
	// The unit's full name when the directory knows it (市人社局 → 深圳市人力资源和社会保障局), so
	// the department's desk sees the booking whatever name the citizen used.
	in.Department = s.Units.Canonical(in.Department)
	ck.Add(utf8.RuneCountInString(in.Department) > 50, "department", "投诉部门名称过长（50 字以内）")
	switch in.History {
	case "", "first":
		in.History = "first"
	case "repeat":
		for _, c := range strings.FieldsFunc(in.EarlierCases, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' }) {
			ck.Add(!caseNoRE.MatchString(c), "earlier_cases", "信访件编号格式有误，多个编号请用逗号分隔")
		}
	default:
		ck.Add(true, "history", "请选择是否首次信访")
	}
	ck.Add(utf8.RuneCountInString(in.EarlierCases) > 200, "earlier_cases", "信访件编号过长")
	if day, err := service.ParseDate(in.Day); err != nil {
		ck.Add(true, "day", "请选择来访日期")
	} else {
		first, last := s.Window()
		switch {
		case day < first || day > last:
			ck.Add(true, "day", fmt.Sprintf("可预约 %s 至 %s 之间的工作日", first.Chinese(), last.Chinese()))
		case !s.Cal.IsWorkday(day) && in.Leader == "":
			name := s.Cal.Holiday(day)
			if name == "" {
				name = "休息日"
			}
			ck.Add(true, "day", day.Chinese()+"是"+name+"，不接待来访，请选择工作日")
		}
	}
	_, ok = s.Cfg.session(in.Session)
	ck.Add(!ok, "session", "请选择上午或下午")
	if in.Visitors == 0 {
		in.Visitors = 1
	}
	ck.Add(in.Visitors < 1 || in.Visitors > 50, "visitors", "来访人数须在 1 到 50 人之间")
	for _, m := range more {
		m(&ck)
	}
	return ck.Err()
}

// MatterKey normalises a matter text for exact-duplicate detection.
func MatterKey(text string) string {
	t := strings.ToLower(nonWordRE.ReplaceAllString(text, ""))
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:12])
}

// similarMatter reports whether two matter texts are about the same thing: character-bigram
// Jaccard similarity at least 0.5 of the shorter text's bigrams.
func similarMatter(a, b string) bool {
	grams := func(s string) map[string]bool {
		r := []rune(strings.ToLower(nonWordRE.ReplaceAllString(s, "")))
		out := map[string]bool{}
		for i := 0; i+1 < len(r); i++ {
			out[string(r[i:i+2])] = true
		}
		return out
	}
	ga, gb := grams(a), grams(b)
	if len(ga) == 0 || len(gb) == 0 {
		return false
	}
	inter := 0
	for g := range ga {
		if gb[g] {
			inter++
		}
	}
	smaller := min(len(ga), len(gb))
	return float64(inter)/float64(smaller) >= 0.5
}

// NewCode returns a booking code: Y and 7 characters without look-alikes.
func NewCode() string { return "Y" + service.RandomCode(7) }

// Book makes a booking. The phone is proven by the citizen's session (a verified phone) or by
// the SMS code in the input. The citizen gets the acknowledgement SMS with the booking code;
// the booking waits for review (待审核).
func (s *Service) Book(ctx context.Context, who *citizen.Session, in Input, idemKey, ip string) (*Booking, error) {
	// Every problem of the form at once, the missing SMS code among them.
	needCode := who == nil || who.Phone != service.NormalizePhone(in.Phone)
	if err := s.validate(&in, func(ck *service.Check) {
		ck.Add(needCode && strings.TrimSpace(in.Code) == "", "code", "请输入短信验证码")
	}); err != nil {
		return nil, err
	}
	if len(idemKey) > 128 {
		return nil, service.Invalid("Idempotency-Key", "Idempotency-Key 过长")
	}
	personKey := s.Hash("phone", in.Phone)
	// A retried submit returns the first answer (its SMS code is spent by then).
	proof := ""
	if in.Code != "" {
		proof = s.Hash("idem-proof", in.Phone+"|"+in.Code)
	}
	if idemKey != "" {
		if id, prevProof, ok, err := s.Store.IdempotentBooking(ctx, personKey, idemKey); err != nil {
			return nil, err
		} else if ok {
			prev, err := s.Store.BookingByID(ctx, id)
			if err != nil {
				return nil, err
			}
			// Only the caller who made it gets it back: the same verified phone or WeChat
			// identity, or the same request again with its (now spent) SMS code. Anyone else
			// goes on to prove the phone like a new booking.
			owner := who != nil && (who.Phone == prev.Phone || (prev.OpenID != "" && (who.OpenID == prev.OpenID || who.MPOpenID == prev.OpenID)))
			if owner || (proof != "" && proof == prevProof) {
				return prev, nil
			}
		}
	}
	if who == nil || who.Phone != in.Phone {
		if in.Code == "" {
			return nil, service.Invalid("code", "请输入短信验证码")
		}
		if err := s.Verify.Check(ctx, citizen.PurposeBooking, in.Phone, in.Code); err != nil {
			return nil, err
		}
	}
	if err := s.limit(ctx, personKey, ip, who); err != nil {
		return nil, err
	}
	// One active booking per person per matter: exact repeats are refused by the database;
	// similar wording is caught here.
	active, err := s.Store.ListBookings(ctx, Filter{PersonKey: personKey, Limit: 50})
	if err != nil {
		return nil, err
	}
	for _, b := range active {
		if !HoldsPlace(b.Status) {
			continue
		}
		if similarMatter(b.Matter, in.Matter) {
			return nil, &service.Error{Code: service.EConflict, Field: "matter", Message: fmt.Sprintf("您已就该事项预约（预约码 %s，%s%s），请勿重复预约；如需改期请在“我的预约”中改约", b.Code, b.Day.Chinese(), s.SessionName(b.Session))}
		}
	}
	day, _ := service.ParseDate(in.Day)
	now := s.Now()
	b := &Booking{
		Visitors: in.Visitors,
		Code:     NewCode(), Status: StatusPending, Version: 1, Day: day, Session: in.Session, Leader: strings.TrimSpace(in.Leader),
		Name: in.Name, Phone: in.Phone, IDNumber: in.IDNumber, Channel: ViaH5, Matter: in.Matter, District: in.District,
		Street: in.Street, Department: in.Department, History: in.History, EarlierCases: strings.TrimSpace(in.EarlierCases),
		CreatedAt: now, UpdatedAt: now, MatterKey: MatterKey(in.Matter), PersonKey: personKey,
	}
	if who != nil {
		switch {
		case who.MPOpenID != "":
			b.Channel, b.OpenID, b.OpenIDKind = ViaMP, who.MPOpenID, notify.ChannelMP
		case who.OpenID != "":
			b.OpenID, b.OpenIDKind = who.OpenID, notify.ChannelWeChat
		}
	}
	msgs := func(b *Booking) ([]*notify.Message, error) {
		m, err := s.Templates.SMS("booking_received", b.Phone, map[string]string{"code": b.Code, "date": b.Day.Short(), "session": s.SessionName(b.Session)},
			fmt.Sprintf("booking:%d:received", b.ID), "booking", fmt.Sprint(b.ID))
		if err != nil {
			return nil, err
		}
		return []*notify.Message{m}, nil
	}
	audit := service.NewAudit(ctx, now, "booking.create", "booking", "", fmt.Sprintf("day=%s session=%s channel=%s", b.Day, b.Session, b.Channel))
	if audit.Actor == "anonymous" {
		audit.Actor = "citizen"
	}
	err = s.create(ctx, b, personKey, idemKey, proof, msgs, audit)
	var replay *ErrIdempotentReplay
	switch {
	case err == nil:
		s.kick()
		return b, nil
	case asReplay(err, &replay):
		return s.Store.BookingByID(ctx, replay.BookingID)
	case err == ErrSessionFull:
		e := *ErrSessionFull
		e.Field = "session"
		e.Data = map[string]any{"nearest": s.nearestFree(ctx, day, 3)}
		return nil, &e
	default:
		return nil, err
	}
}

func asReplay(err error, out **ErrIdempotentReplay) bool {
	r, ok := err.(*ErrIdempotentReplay)
	if ok {
		*out = r
	}
	return ok
}

// limit counts booking attempts per phone and per WeChat identity (a day) and per client IP
// (an hour).
func (s *Service) limit(ctx context.Context, personKey, ip string, who *citizen.Session) error {
	now := s.Now().In(service.Shanghai)
	type window struct {
		key   string
		limit int64
		ttl   time.Duration
	}
	day := now.Format("20060102")
	limits := []window{
		{"bk:p:" + personKey + ":" + day, int64(s.PerPhoneDay), 25 * time.Hour},
		{"bk:ip:" + ip, int64(s.PerIPHour), time.Hour}, // the hour opens with the first attempt
	}
	if who != nil {
		for _, id := range []string{who.OpenID, who.MPOpenID} {
			if id != "" {
				limits = append(limits, window{"bk:o:" + s.Hash("openid", id) + ":" + day, int64(s.PerPhoneDay), 25 * time.Hour})
			}
		}
	}
	for _, l := range limits {
		n, err := s.Cache.Incr(ctx, l.key, l.ttl)
		if err != nil {
			return service.Internal(err)
		}
		if n > l.limit {
			wait, _ := s.Cache.TTL(ctx, l.key)
			return &service.Error{Code: service.ETooMany, Message: "预约提交过于频繁，请稍后再试", RetryAfter: max(wait, time.Minute)}
		}
	}
	return nil
}

// SessionName is the session's name as people read it (上午, 下午).
func (s *Service) SessionName(code string) string {
	sd, _ := s.Cfg.session(code)
	return sd.Name
}

// Mine lists the citizen's bookings (by verified phone or WeChat identity), newest first.
func (s *Service) Mine(ctx context.Context, who *citizen.Session) ([]*Booking, error) {
	if who == nil {
		return nil, service.Errorf(service.EUnauthorized, "请先登录")
	}
	var out []*Booking
	seen := map[int64]bool{}
	add := func(f Filter) error {
		list, err := s.Store.ListBookings(ctx, f)
		for _, b := range list {
			if !seen[b.ID] {
				seen[b.ID] = true
				out = append(out, b)
			}
		}
		return err
	}
	if who.Phone != "" {
		if err := add(Filter{PersonKey: s.Hash("phone", who.Phone), Limit: 50}); err != nil {
			return nil, err
		}
	}
	for _, id := range []string{who.OpenID, who.MPOpenID} {
		if id != "" {
			if err := add(Filter{OpenID: id, Limit: 50}); err != nil {
				return nil, err
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out, nil
}

// owned returns the citizen's booking with code, or not found.
func (s *Service) owned(ctx context.Context, who *citizen.Session, code string) (*Booking, error) {
	mine, err := s.Mine(ctx, who)
	if err != nil {
		return nil, err
	}
	for _, b := range mine {
		if b.Code == strings.ToUpper(strings.TrimSpace(code)) {
			return b, nil
		}
	}
	return nil, service.Errorf(service.ENotFound, "未找到该预约")
}

func (s *Service) beforeCutoff(b *Booking) error {
	sd, _ := s.Cfg.session(b.Session)
	if s.Now().After(b.Day.At(sd.Start).Add(-s.Cfg.ChangeCutoff)) {
		return service.NewError(service.EConflict, fmt.Sprintf("距来访时间不足 %d 小时，无法在网上取消或改约，请致电 %s", int(s.Cfg.ChangeCutoff.Hours()), s.Cfg.Hotline))
	}
	return nil
}

// Cancel cancels the citizen's own booking before the cut-off; its place and its pending
// reminder are withdrawn.
func (s *Service) Cancel(ctx context.Context, who *citizen.Session, code string) (*Booking, error) {
	b, err := s.owned(ctx, who, code)
	if err != nil {
		return nil, err
	}
	if b.Status == StatusCancelled {
		return b, nil
	}
	if !HoldsPlace(b.Status) {
		return nil, service.NewError(service.EConflict, "该预约当前状态为“"+StatusNames[b.Status]+"”，不能取消")
	}
	if err := s.beforeCutoff(b); err != nil {
		return nil, err
	}
	return s.apply(ctx, b.ID, change{To: StatusCancelled, From: []string{StatusPending, StatusConfirmed}, Version: b.Version, Release: true,
		Set:         func(x *Booking) { x.Reason = "本人取消" },
		CancelKinds: []string{"booking_reminder"},
		Messages: func(x *Booking) ([]*notify.Message, error) {
			return s.sms(x, "booking_cancelled", map[string]string{"code": x.Code, "date": x.Day.Short(), "session": s.SessionName(x.Session), "reason": "应您的要求"})
		},
		Audit: s.audit(ctx, "booking.cancel", b, "by citizen")})
}

// Reschedule moves the citizen's booking to another session with places, before the cut-off.
func (s *Service) Reschedule(ctx context.Context, who *citizen.Session, code, dayStr, session string) (*Booking, error) {
	b, err := s.owned(ctx, who, code)
	if err != nil {
		return nil, err
	}
	if !HoldsPlace(b.Status) {
		return nil, service.NewError(service.EConflict, "该预约当前状态为“"+StatusNames[b.Status]+"”，不能改约")
	}
	if err := s.beforeCutoff(b); err != nil {
		return nil, err
	}
	in := Input{Name: b.Name, Phone: b.Phone, Matter: b.Matter, District: b.District, Department: b.Department, Day: dayStr, Session: session}
	if err := s.validate(&in); err != nil {
		return nil, err
	}
	day, _ := service.ParseDate(dayStr)
	if day == b.Day && session == b.Session {
		return b, nil
	}
	// The new time is reviewed again, like a new booking: the citizen is told so.
	moved, err := s.move(ctx, b.ID, b.Version, day, session, "", true, func(x *Booking) ([]*notify.Message, error) {
		return s.sms(x, "booking_received", map[string]string{"code": x.Code, "date": x.Day.Short(), "session": s.SessionName(x.Session)})
	}, []string{"booking_reminder"}, s.audit(ctx, "booking.reschedule", b, fmt.Sprintf("to %s %s", day, session)))
	if err == ErrSessionFull {
		e := *ErrSessionFull
		e.Field = "session"
		e.Data = map[string]any{"nearest": s.nearestFree(ctx, day, 3)}
		return nil, &e
	}
	return moved, err
}

// orDash is a room for an SMS: its name, or 接待室待定 before one is assigned.
func orDash(s string) string {
	if s == "" {
		return "接待室待定"
	}
	return s
}

func (s *Service) audit(ctx context.Context, action string, b *Booking, detail string) service.AuditEntry {
	e := service.NewAudit(ctx, s.Now(), action, "booking", fmt.Sprint(b.ID), detail)
	if e.Actor == "anonymous" {
		e.Actor = "citizen"
	}
	return e
}

// sms builds the booking's SMS of kind plus its WeChat counterpart when the citizen has one.
func (s *Service) sms(b *Booking, kind string, params map[string]string) ([]*notify.Message, error) {
	var out []*notify.Message
	key := fmt.Sprintf("booking:%d:%s:%d", b.ID, kind, b.Version)
	if b.Phone != "" {
		m, err := s.Templates.SMS(kind, b.Phone, params, key, "booking", fmt.Sprint(b.ID))
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	} else if err := s.Templates.Check(kind, params); err != nil {
		return nil, err
	}
	if b.OpenID != "" {
		if m := s.Templates.WeChatMessage(b.OpenIDKind, kind, b.OpenID, params, key+":"+b.OpenIDKind, "booking", fmt.Sprint(b.ID)); m != nil {
			out = append(out, m)
		}
	}
	return out, nil
}

// reminder schedules the day-before reminder, or nothing when that time has passed.
func (s *Service) reminder(b *Booking) []*notify.Message {
	when := s.Cal.PrevWorkday(b.Day).At(s.Cfg.ReminderTime)
	if !when.After(s.Now()) || b.Phone == "" {
		return nil
	}
	m, err := s.Templates.SMS("booking_reminder", b.Phone, map[string]string{"date": b.Day.Short(), "session": s.SessionName(b.Session),
		"code": b.Code, "address": s.Cfg.Address}, fmt.Sprintf("booking:%d:reminder:%s:%s", b.ID, b.Day, b.Session), "booking", fmt.Sprint(b.ID))
	if err != nil {
		return nil
	}
	m.NextAt = when
	return []*notify.Message{m}
}

// Districts are the districts and their streets a citizen chooses from.
func (s *Service) Districts() map[string][]string { return s.Cfg.Districts }

// Config is the schedule's configuration (rooms, sessions, diversions) forms offer.
func (s *Service) Config() *Config { return s.Cfg }
