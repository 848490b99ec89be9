// Package cases is the registration platform (登记转交平台): every channel becomes one case, the
// same person's same matter is merged (the matcher is beneath, in match), cases are routed.
package cases

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/cases/match"
	"github.com/szxinfang/xinfang/service/citizen"
	"github.com/szxinfang/xinfang/service/notify"
)

// Case channels, for statistics (信访条例 channels).
const (
	ChannelVisit       = "visit"       // 来访
	ChannelLetter      = "letter"      // 来信 (EMS receipt number optional)
	ChannelEmail       = "email"       // 来邮 / 市长信箱
	ChannelOnline      = "online"      // 网上信访 (H5)
	ChannelWeChat      = "wechat"      // 微信信访
	ChannelMiniProgram = "miniprogram" // 手机信访 (mini-program)
	ChannelPhone       = "phone"       // 电话信访
	ChannelSuperior    = "superior"    // 上级交办
)

// ChannelNames are the channels as staff read them.
var ChannelNames = map[string]string{
	ChannelVisit: "来访", ChannelLetter: "来信", ChannelEmail: "来邮/市长信箱", ChannelOnline: "网上信访", ChannelWeChat: "微信信访",
	ChannelMiniProgram: "手机信访", ChannelPhone: "电话信访", ChannelSuperior: "上级交办",
}

// Case statuses of the registration platform (the case lifecycle adds its own later).
const (
	StatusRegistered = "registered" // 已登记，待转交
	StatusScreened   = "screened"   // 非信访事项，已告知渠道
	StatusMerged     = "merged"     // merged into another case
)

// Case is a petition case (信访事项): one matter of one petitioner, whatever the number of
// channels it arrived by.
type Case struct {
	ID              int64
	CaseNo          string
	QueryCode       string
	Status          string
	Version         int64
	Purpose         string
	Category        string
	District        string
	Street          string
	Department      string
	Office          string
	Owner           string
	FastTrack       bool
	NonPetition     bool
	ScreenKind      string
	ScreenGuidance  string // for the citizen: why, in plain words, and where to go
	ScreenWhy       string // for the registrar: the concepts and words that decided
	ScreenConfirmed bool
	RepeatAlert     bool // petitioned again after a reply: investigate on site
	NoReaccept      bool // same facts after 复核: 不再受理
	GroupID         int64
	Name            string
	Phone           string
	IDNumber        string
	Summary         string
	Channel         string
	Items           int
	ReceivedAt      time.Time
	LastReceivedAt  time.Time
	RepliedAt       time.Time
	ReplyOutcome    string    // supported 支持, explained 解释, not_supported 不予支持
	FinalReviewAt   time.Time // 复核 answered: the same facts are not accepted again
	CreatedAt       time.Time
	UpdatedAt       time.Time
	PhoneIdx        string
	IDIdx           string

	// The lifecycle.
	Unit               string    // the 责任单位 the case was forwarded (转送) or assigned (交办) to
	UnitMode           string    // forward or assign
	DecidedAt          time.Time // acceptance decided (either way) and the citizen told
	AcceptedAt         time.Time
	DecisionReason     string // not accepted: why
	DecisionGuidance   string // not accepted: where to go instead
	ReplyTag           string // 三到位一处理: solved, educated, aided, lawful
	ReplyText          string
	ExtensionDays      int
	ExtensionState     string // "", requested, approved, refused
	ExtensionReason    string
	ReviewRequestedAt  time.Time
	ReviewedAt         time.Time
	ReviewOutcome      string // upheld, changed
	ReviewText         string
	RecheckRequestedAt time.Time
	RecheckOutcome     string
	RecheckText        string
	ClosedAt           time.Time
	Satisfaction       string // satisfied, basically, unsatisfied
	RatedAt            time.Time
	OpenID             string // the citizen's WeChat identity, for notices (encrypted at rest)
	OpenIDKind         string // notify.ChannelWeChat or notify.ChannelMP
	BookingCode        string // the booking a visit came from
}

// Item is one received submission: its channel, text, time and attachments are kept
// whatever happens to the case.
type Item struct {
	ID          int64
	CaseID      int64
	ExternalID  string
	Channel     string
	EMSNo       string
	ReceivedAt  time.Time
	Name        string
	Phone       string
	IDNumber    string
	OpenID      string // not stored; its blind index is
	District    string
	Street      string
	Department  string
	Content     string
	Features    []byte
	NonPetition bool
	CreatedAt   time.Time
	PhoneIdx    string
	IDIdx       string
	OpenIDIdx   string
}

// CandidateKey is an index key and how many recent items sharing it to consider.
type CandidateKey struct {
	Value int64
	Cap   int
}

// CandidateItem is an earlier item found through the index, with what comparing needs.
type CandidateItem struct {
	ItemID, CaseID             int64
	PhoneIdx, IDIdx, OpenIDIdx string
	Features                   []byte
	CaseStatus                 string
	CaseRepliedAt, CaseFinalAt time.Time
}

// ReviewCandidate is a possible duplicate for a registrar to decide.
type ReviewCandidate struct {
	CandidateCaseID int64
	Reasons         string
	Person, Matter  float64
}

// LinkCandidate is a case about the same matter by another person (group petition).
type LinkCandidate struct {
	CaseID  int64
	Reasons string
}

// RecheckWhy starts the reason of a screened case a follow-up put back before the registrar.
const RecheckWhy = "后续来件反映机关履职问题"

// Registration is everything one registration writes, in one transaction.
type Registration struct {
	Item *Item
	Keys []int64
	// MergeInto is the case the item joins (0: a new case, NewCase).
	MergeInto      int64
	NewCase        *Case
	MergeReasons   string
	Person, Matter float64
	RepeatAlert    bool
	NoReaccept     bool
	// Recheck: the merged item complains about an organ's own work (the keep rules' wording) and
	// the case it joins was screened out. The case goes back to the registrars' queue: a rule,
	// or an earlier decision about the first letter, must not silently drop a later petition.
	Recheck  string
	Reviews  []ReviewCandidate
	Links    []LinkCandidate
	Messages func(c *Case) ([]*notify.Message, error)
	Audit    service.AuditEntry
	// Case is the case the item ended in, once registered.
	Case *Case
}

// Filter selects cases for staff, newest first.
type Filter struct {
	Status, Office, Owner, Category, District, Channel string
	NonPetition                                        *bool
	RepeatAlert                                        bool
	// From and To bound the receipt (Beijing dates, inclusive).
	From, To service.Date
	// Risk selects cases with an open deadline overdue ("overdue") or due within the first
	// reminder's days ("due_soon"), as of Today.
	Risk             string
	Today, SoonUntil service.Date
	// Query searches: a case number, or a name and the matter's specific details (units,
	// estates, schools, roads…) through the duplicate index (Keys, set by the service).
	Query string
	Keys  []int64
	// ExtensionRequested selects the cases waiting for a leader's decision on an extension.
	ExtensionRequested bool
	// ScreenPending selects the screening decisions a registrar has not confirmed: items
	// screened out, petitions kept although they read like a non-petition matter (by the rules
	// or the learnt model, with or without a kind suggested), and screened cases a later item
	// put back (Registration.Recheck).
	ScreenPending bool
	// MineOffice and MineOwner restrict a handler to the cases of their office or owned by
	// them (set by the service, not by callers).
	MineOffice, MineOwner string
	// BeforeID (and BeforeAt, when the list is by receipt) is the last case of the previous
	// page. A list with a receipt range is ordered by receipt, newest first (ByReceipt says
	// so); otherwise by registration.
	BeforeID int64
	BeforeAt time.Time
	Limit    int
}

// ByReceipt reports whether the list is ordered by receipt time (a receipt range is set).
func (f Filter) ByReceipt() bool { return f.From != "" || f.To != "" }

// Merge is a recorded merge: which item joined which case, why, and whether it was undone.
type Merge struct {
	ID         int64     `json:"id"`
	CaseID     int64     `json:"case_id"`
	ItemID     int64     `json:"item_id"`
	FromCaseID int64     `json:"from_case_id,omitempty"`
	Reasons    []string  `json:"reasons"`
	Person     float64   `json:"person_score"`
	Matter     float64   `json:"matter_score"`
	Actor      string    `json:"actor"`
	At         time.Time `json:"at"`
	UndoneAt   time.Time `json:"undone_at,omitzero"`
	UndoneBy   string    `json:"undone_by,omitempty"`
}

// DedupReview is a pair queued for a registrar: the new item's case and a candidate.
type DedupReview struct {
	ID              int64     `json:"id"`
	ItemID          int64     `json:"item_id"`
	CaseID          int64     `json:"case_id"`
	CandidateCaseID int64     `json:"candidate_case_id"`
	Reasons         []string  `json:"reasons"`
	Person          float64   `json:"person_score"`
	Matter          float64   `json:"matter_score"`
	Status          string    `json:"status"` // pending, merged, separate
	DecidedBy       string    `json:"decided_by,omitempty"`
	CreatedAt       time.Time `json:"created_at"`
}

// Link is a link between cases about the same matter (group petition, 集体访).
type Link struct {
	OtherCaseID int64    `json:"case_id"`
	Kind        string   `json:"kind"`
	Reasons     []string `json:"reasons"`
}

// Attachment is a file received with an item.
type Attachment struct {
	ID          int64     `json:"id"`
	ItemID      int64     `json:"item_id"`
	CaseID      int64     `json:"case_id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	StorageKey  string    `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
}

// Store keeps cases, their items, the duplicate index and the merge history. Reads are
// direct; every change runs in a unit of work the service opens with InTx and commits once.
type Store interface {
	// InTx runs fn in one transaction: committed when fn returns nil, rolled back otherwise,
	// run again when it lost a race (a deadlock, or service.ErrRetry).
	InTx(ctx context.Context, fn func(tx Tx) error) error
	ItemByExternalID(ctx context.Context, externalID string) (*Item, *Case, error)
	ItemByID(ctx context.Context, id int64) (*Item, error)
	// Candidates returns the items sharing a key, at most Cap most recent per key, in the order
	// they were filed (by id): match.CompareCase breaks its ties by the order of a case's items.
	Candidates(ctx context.Context, keys []CandidateKey) ([]CandidateItem, error)
	CaseByID(ctx context.Context, id int64) (*Case, error)
	CaseByNo(ctx context.Context, caseNo string) (*Case, error)
	ListCases(ctx context.Context, f Filter) ([]*Case, error)
	CaseItems(ctx context.Context, caseID int64) ([]*Item, error)
	CaseMerges(ctx context.Context, caseID int64) ([]Merge, error)
	CaseLinks(ctx context.Context, caseID int64) ([]Link, error)
	ListReviews(ctx context.Context, status string, limit int) ([]DedupReview, error)
	Review(ctx context.Context, id int64) (*DedupReview, error)
	Merge(ctx context.Context, id int64) (*Merge, error)
	ExportItems(ctx context.Context, fn func(item *Item, c *Case) error) error
	// ItemsAfter lists up to limit items with an id above afterID, in id order.
	ItemsAfter(ctx context.Context, afterID int64, limit int) ([]*Item, error)
	Attachment(ctx context.Context, id int64) (*Attachment, error)
	ListAttachments(ctx context.Context, caseID int64) ([]Attachment, error)

	// The lifecycle's reads.
	Events(ctx context.Context, caseID int64) ([]Event, error)
	Deadlines(ctx context.Context, caseID int64) ([]Deadline, error)
	Routes(ctx context.Context, caseID int64) ([]Route, error)
	Notices(ctx context.Context, caseID int64) ([]Notice, error)
	Notice(ctx context.Context, id int64) (*Notice, error)
	Supervisions(ctx context.Context, f SupervisionFilter) ([]Supervision, error)
	Reminders(ctx context.Context, owner, office string, limit int) ([]Reminder, error)
	ListOutbox(ctx context.Context, f notify.Filter) ([]*notify.Message, error)
	// CasesByKeys lists the cases with an item indexed under any of keys (a citizen's phone or
	// WeChat identity), newest first.
	CasesByKeys(ctx context.Context, keys []int64, limit int) ([]*Case, error)
	// DeadlineQueue lists open deadlines, nearest due first, with their cases: those of office
	// or owned by owner (every case when both are empty).
	DeadlineQueue(ctx context.Context, office, owner string, limit int) ([]QueueEntry, error)
	// ItemCounts counts the items received in [from, to) by Beijing day and channel, and the
	// merges made then that stand.
	ItemCounts(ctx context.Context, from, to time.Time) ([]DayCount, int, error)
	// ScreenExamples lists the registrars' screening examples, newest first (withdrawn ones
	// too when all).
	ScreenExamples(ctx context.Context, all bool, limit int) ([]ScreenExample, error)
	// StatCases calls fn with each petition case received in [from, to) that is neither merged
	// nor screened out.
	StatCases(ctx context.Context, from, to time.Time, fn func(c *StatCase) error) error
}

// Tx is one unit of work's row primitives. Nothing is visible to others until it commits.
type Tx interface {
	// LockCase reads a case and keeps others from changing it until the commit.
	LockCase(id int64) (*Case, error)
	// InsertCase stores a new case with the day's next case number (and a fresh query code if
	// its own is taken) and sets its ID.
	InsertCase(c *Case) error
	// UpdateCase saves every changeable field of c if it is still at prevVersion (else
	// service.ErrStale) and sets c.Version to the next one.
	UpdateCase(c *Case, prevVersion int64) error
	// InsertItem stores an item and sets its ID; service.ErrDuplicate when its external id is
	// registered already.
	InsertItem(it *Item) error
	// LockItem reads an item and keeps others from changing it until the commit.
	LockItem(id int64) (*Item, error)
	// InsertKeys indexes an item of caseID under keys.
	InsertKeys(itemID, caseID int64, receivedAt time.Time, keys []int64) error
	// ReindexItem replaces an item's stored features and index keys (under the case it is in
	// when the transaction runs).
	ReindexItem(itemID int64, receivedAt time.Time, features []byte, keys []int64) error
	// MoveItems moves every item of case from (and its index keys) into case to and returns
	// their ids; MoveItem moves one.
	MoveItems(from, to int64) ([]int64, error)
	MoveItem(itemID, from, to int64) error
	InsertMerge(m *Merge) error
	LockMerge(id int64) (*Merge, error)
	// UndoMerge marks a merge undone.
	UndoMerge(id int64, at time.Time, by string) error
	InsertReview(r *DedupReview) error
	LockReview(id int64) (*DedupReview, error)
	// DecideReview records a registrar's decision on a queued pair.
	DecideReview(id int64, status, by string, at time.Time) error
	// Link links c with other cases about the same matter, both ways, and gives the group one id
	// (its oldest case's); c.GroupID is set.
	Link(c *Case, links []LinkCandidate) error
	// InsertRoute records a change of office or owner with its reason.
	InsertRoute(caseID int64, office, owner, reason, actor string) error
	InsertAttachment(a *Attachment) error
	AppendOutbox(msgs ...*notify.Message) error
	AppendAudit(e service.AuditEntry) error

	// The lifecycle's primitives.
	InsertEvent(e *Event) error
	// UpsertDeadline stores d, replacing the case's deadline of its kind, and sets d.ID.
	UpsertDeadline(d *Deadline) error
	// CaseDeadline reads the case's deadline of kind (service.ErrNotFound when it has none).
	CaseDeadline(caseID int64, kind string) (Deadline, error)
	// EndDeadlines marks the case's open deadlines of kinds (all when kinds is nil) met or
	// cancelled at at.
	EndDeadlines(caseID int64, kinds []string, state string, at time.Time) error
	// ClaimDeadlines locks up to limit open deadlines whose next action is due at now, skipping
	// those another caller holds, with their case's number, owner and office.
	ClaimDeadlines(now time.Time, limit int) ([]Deadline, error)
	// UpdateDeadlines saves claimed deadlines' stage and next action.
	UpdateDeadlines(ds []Deadline) error
	// InsertNotice numbers and stores a notice (sets ID and Number).
	InsertNotice(n *Notice) error
	// InsertReminders stores the reminders whose deadline's stage has none yet and says how many.
	InsertReminders(rs []*Reminder) (int, error)
	// InsertSupervision stores a 督办单 unless its deadline has one already (false).
	InsertSupervision(s *Supervision) (bool, error)
	LockSupervision(id int64) (*Supervision, error)
	// InsertScreenExample keeps a registrar's screening decision as an example.
	InsertScreenExample(e *ScreenExample) error
	// WithdrawScreenExample stops an example from guiding (service.ErrNotFound when there is no
	// active one).
	WithdrawScreenExample(id int64, by string, at time.Time) error
	UpdateSupervision(s *Supervision) error
}

// SupervisionFilter selects 督办单, newest first.
type SupervisionFilter struct {
	State  string
	CaseID int64
	Limit  int
}

// Office is one coordination office and what it owns.
type Office struct {
	Code, Name string
	Districts  []string
	CityLevel  bool
	Owners     map[string]string // category → username
}

// RoutingConfig maps districts, departments and categories to offices and owners.
type RoutingConfig struct {
	Offices   []Office
	Districts map[string][]string
	// Units is the directory of units that routes a matter by the unit it is about.
	Units               *service.Directory
	FastTrackCategories []string
	Purposes            []string
	Categories          []string
	// Screening is the taxonomy of non-petition matters (configs/screening.yaml).
	Screening *match.Taxonomy
	// Repeat is the learnt second reading of merging (configs/repeat_model.tsv); nil: the
	// matcher's rules alone.
	Repeat *match.RepeatModel
}

// route returns the office and owner of a matter: the office the directory of units routes
// the district and department to, and the office's owner of the category.
func (r *RoutingConfig) route(district, department, category string) (office, owner string) {
	o, ok := r.Units.RouteOffice(district, department)
	if !ok {
		return "", ""
	}
	for _, x := range r.Offices {
		if x.Code == o.Code {
			return x.Code, x.Owners[category]
		}
	}
	return o.Code, ""
}

// Service is the registration platform (登记转交平台): every channel becomes one case;
// the same person's same matter is merged; cases reach the office and owner of their region and
// domain.
type Service struct {
	Store     Store
	Routing   *RoutingConfig
	Templates *notify.Templates
	Hash      func(kind, value string) string
	Now       func() time.Time
	Kick      func()
	Log       *slog.Logger
	Files     FileStore
	// Caps on candidates per key: person keys (phone, ID, openid), name keys, text keys.
	PersonCap, NameCap, TextCap int
	// Verify proves a citizen's phone by SMS code; Cache keeps the citizen-facing rate limits.
	Verify *citizen.Verifier
	Cache  service.Cache
	// Rules are the lifecycle's time limits.
	Rules *Rules
}

// Limits on citizens' own submissions and lookups.
const (
	PetitionsPerCitizenHour = 5  // per verified phone or WeChat identity
	PetitionsPerCitizenDay  = 20 //
	PetitionsPerIPHour      = 30
	ProgressPerIPHour       = 60 // progress lookups per client IP
	ProgressPerCaseHour     = 20 // lookups of one case number (right or wrong query code)
)

// ItemInput is one received submission, from any channel.
type ItemInput struct {
	ExternalID string    `json:"external_id"`
	Channel    string    `json:"channel"`
	ReceivedAt time.Time `json:"received_at"`
	Name       string    `json:"name"`
	Phone      string    `json:"phone"`
	IDNumber   string    `json:"id_number"`
	OpenID     string    `json:"openid"`
	District   string    `json:"district"`
	Street     string    `json:"street"`
	Department string    `json:"department"`
	Content    string    `json:"content"`
	EMSNo      string    `json:"ems_no"`
	// BookingCode links a visit to the booking it came from.
	BookingCode string `json:"-"`
	// NotifyOpenID is a WeChat identity to notify (of kind NotifyOpenIDKind) that the citizen
	// did not submit through (a booking's); it proves nothing about who they are.
	NotifyOpenID     string `json:"-"`
	NotifyOpenIDKind string `json:"-"`
	// Quiet sends no acknowledgement (the citizen was told otherwise, e.g. by the booking's SMS).
	Quiet bool `json:"-"`
	// Citizen marks a submission by the citizen themself (online, mini-program): it joins an
	// earlier case automatically only when an identifier proves the same person (a verified
	// phone, the same ID number or openid); a name alone sends the pair to a registrar, so
	// nobody learns another person's case number or adds to their case by using their name.
	Citizen bool `json:"-"`
}

// RegisterResult tells what registration did.
type RegisterResult struct {
	Case      *Case
	ItemID    int64
	Merged    bool     // joined an existing case
	Reasons   []string // why it merged
	Reviews   int      // pairs queued for a registrar
	Links     int      // group petitions linked
	Duplicate bool     // the external id was registered before: nothing changed
}

const maxContent = 5000

func (s *Service) validate(in *ItemInput) error {
	var ck service.Check
	in.Channel = strings.TrimSpace(in.Channel)
	_, ok := ChannelNames[in.Channel]
	ck.Add(!ok, "channel", "来源渠道无效（visit、letter、email、online、wechat、miniprogram、phone、superior）")
	in.Content = strings.TrimSpace(in.Content)
	ck.Add(in.Content == "", "content", "请填写反映的问题")
	ck.Add(utf8.RuneCountInString(in.Content) > maxContent, "content", fmt.Sprintf("内容不能超过 %d 字，详细材料请作为附件上传", maxContent))
	in.Name = strings.TrimSpace(in.Name)
	ck.Add(in.Name == "", "name", "请填写信访人姓名")
	ck.Add(utf8.RuneCountInString(in.Name) > 32, "name", "姓名不能超过 32 个字")
	in.Phone = service.NormalizePhone(in.Phone)
	ck.Add(in.Phone != "" && !service.ValidMobile(in.Phone), "phone", service.MsgPhoneBad)
	in.IDNumber = service.NormalizeID(in.IDNumber)
	ck.Add(in.IDNumber != "" && !service.ValidIDNumber(in.IDNumber), "id_number", service.MsgIDBad)
	in.District = strings.TrimSpace(in.District)
	_, ok = s.Routing.Districts[in.District]
	ck.Add(!ok, "district", "问题属地（区）无效，请选择深圳市的区")
	in.Street = strings.TrimSpace(in.Street)
	ck.Add(utf8.RuneCountInString(in.Street) > 32, "street", "街道名称过长")
	in.Department = strings.TrimSpace(in.Department)
	ck.Add(utf8.RuneCountInString(in.Department) > 64, "department", "部门名称过长")
	ck.Add(len(in.OpenID) > 64, "openid", "openid 过长")
	in.EMSNo = strings.ToUpper(strings.TrimSpace(in.EMSNo))
	ck.Add(in.EMSNo != "" && (in.Channel != ChannelLetter || !emsRE.MatchString(in.EMSNo)), "ems_no", "EMS 回执号格式有误（仅来信填写）")
	ck.Add(len(in.ExternalID) > 128, "external_id", "external_id 过长")
	return ck.Err()
}

// Receive registers a submission a registrar took in from any channel (a letter, an e-mail, a
// visit, a phone call, a case assigned from above). Registrars only.
func (s *Service) Receive(ctx context.Context, in ItemInput) (*RegisterResult, error) {
	if _, err := service.RequireStaff(ctx, service.RoleRegistrar); err != nil {
		return nil, err
	}
	in.Citizen = false
	return s.Register(ctx, in)
}

// Register registers one submission through screening, classification, duplicate detection
// and routing. Idempotent on ExternalID.
func (s *Service) Register(ctx context.Context, in ItemInput) (*RegisterResult, error) {
	p, err := s.Prepare(in)
	if err != nil {
		return nil, err
	}
	return s.Commit(ctx, p)
}

// Prepared is a validated submission with its features and index keys, ready to register.
// Two submissions can only find each other through a shared key, so submissions without common
// keys may be committed in any order or at once (the importer relies on this).
type Prepared struct {
	in                ItemInput
	feats             *match.Features
	screen            match.Screening
	keep              string // the keep rules' wording (Analysis.Keep)
	purpose, category string
	item              *Item
	keys              []CandidateKey
	stored            []int64
}

// Keys are the index keys the submission is found by and searches with.
func (p *Prepared) Keys() []int64 { return p.stored }

// Prepare validates a submission and computes what registering it needs, without I/O.
func (s *Service) Prepare(in ItemInput) (*Prepared, error) {
	if err := s.validate(&in); err != nil {
		return nil, err
	}
	now := s.Now()
	if in.ReceivedAt.IsZero() {
		in.ReceivedAt = now
	}
	doc := match.Doc{Name: in.Name, Phone: in.Phone, IDNumber: in.IDNumber, OpenID: in.OpenID, District: in.District, Street: in.Street,
		Department: in.Department, Content: in.Content}
	a := s.Routing.Screening.Analyze(doc)
	p := &Prepared{in: in, feats: a.Features, screen: a.Screening, keep: a.Keep, purpose: a.Purpose, category: a.Category}
	item := &Item{ExternalID: in.ExternalID, Channel: in.Channel, EMSNo: in.EMSNo, ReceivedAt: in.ReceivedAt.UTC(), Name: in.Name,
		Phone: in.Phone, IDNumber: in.IDNumber, District: in.District, Street: in.Street, Department: in.Department, Content: in.Content,
		Features: p.feats.Marshal(), NonPetition: p.screen.NonPetition, CreatedAt: now}
	if in.Phone != "" {
		item.PhoneIdx = s.Hash("phone", in.Phone)
	}
	if in.IDNumber != "" {
		item.IDIdx = s.Hash("id", in.IDNumber)
	}
	if in.OpenID != "" {
		item.OpenIDIdx = openIDApp(in.Channel) + ":" + s.Hash("openid", in.OpenID)
	}
	p.item = item
	// The person's blind indexes, then the matcher's keys.
	mkeys := match.Keys(p.feats)
	p.stored = storedKeys(item, mkeys)
	for _, k := range personKeys(item) {
		p.keys = append(p.keys, CandidateKey{Value: k, Cap: s.PersonCap})
	}
	for _, k := range mkeys {
		if k.StoreOnly {
			continue
		}
		c := s.TextCap // text and name-variant keys: broad buckets
		if k.Kind == match.KindName {
			c = s.NameCap
		}
		p.keys = append(p.keys, CandidateKey{Value: int64(k.Value), Cap: c})
	}
	return p, nil
}

// personKeys are the index keys of an item's blind person indexes (phone, ID number, openid).
func personKeys(item *Item) []int64 {
	var out []int64
	for _, idx := range []string{item.PhoneIdx, item.IDIdx, openIDHash(item.OpenIDIdx)} {
		if k := service.IndexKey(idx); k != 0 {
			out = append(out, k)
		}
	}
	return out
}

// storedKeys are the keys an item is filed under: its person keys, then the matcher's keys
// that are not only looked up.
func storedKeys(item *Item, mkeys []match.Key) []int64 {
	out := personKeys(item)
	for _, k := range mkeys {
		if !k.LookupOnly {
			out = append(out, int64(k.Value))
		}
	}
	return out
}

// itemDoc is what the matcher reads of a stored item.
func itemDoc(it *Item) match.Doc {
	return match.Doc{Name: it.Name, Phone: it.Phone, IDNumber: it.IDNumber, District: it.District, Street: it.Street,
		Department: it.Department, Content: it.Content}
}

// Commit registers a prepared submission: candidates, decision, and the one transaction. A
// race with a registrar merging the chosen case away is retried from the candidates.
func (s *Service) Commit(ctx context.Context, p *Prepared) (*RegisterResult, error) {
	for attempt := 0; ; attempt++ {
		res, err := s.commit(ctx, p)
		if err == ErrMergedMeanwhile && attempt < 3 {
			continue
		}
		return res, err
	}
}

// ErrMergedMeanwhile is returned by RegisterItem when the case to join was merged into
// another one after the candidates were read.
var ErrMergedMeanwhile = service.NewError(service.EConflict, "该事项刚被合并，请重试")

func (s *Service) commit(ctx context.Context, p *Prepared) (*RegisterResult, error) {
	reg, dup, err := s.plan(ctx, p)
	if err != nil || dup != nil {
		return dup, err
	}
	in, item := p.in, p.item
	if err := s.register(ctx, reg); err != nil {
		if service.ErrorCode(err) == service.EConflict && in.ExternalID != "" {
			// The same external id raced in: answer as the winner did.
			if it, c, err2 := s.Store.ItemByExternalID(ctx, in.ExternalID); err2 == nil {
				return &RegisterResult{Case: c, ItemID: it.ID, Duplicate: true}, nil
			}
		}
		return nil, err
	}
	if s.Kick != nil && item.Phone != "" {
		s.Kick()
	}
	return reg.result(), nil
}

// result is what registering reg did.
func (reg *Registration) result() *RegisterResult {
	res := &RegisterResult{Case: reg.Case, ItemID: reg.Item.ID, Merged: reg.MergeInto != 0, Reviews: len(reg.Reviews), Links: len(reg.Links)}
	if res.Merged {
		res.Reasons = strings.Split(reg.MergeReasons, "；")
	}
	return res
}

// plan reads a prepared submission's duplicate candidates and decides what registering it does:
// join which case, or start one; which pairs go to a registrar; the acknowledgement. dup is the
// earlier registration of the same external id, when there is one (nothing to write).
func (s *Service) plan(ctx context.Context, p *Prepared) (reg *Registration, dup *RegisterResult, err error) {
	in, feats, item, keys, stored := p.in, p.feats, p.item, p.keys, p.stored
	now := s.Now()
	if in.ExternalID != "" {
		if item, c, err := s.Store.ItemByExternalID(ctx, in.ExternalID); err == nil {
			return nil, &RegisterResult{Case: c, ItemID: item.ID, Duplicate: true}, nil
		} else if service.ErrorCode(err) != service.ENotFound {
			return nil, nil, err
		}
	}
	cands, err := s.Store.Candidates(ctx, keys)
	if err != nil {
		return nil, nil, err
	}
	byCase := map[int64][]match.Result{}
	info := map[int64]CandidateItem{}
	proven := map[int64]bool{} // an identifier (phone, ID, openid) matches an item of the case
	for _, c := range cands {
		old, err := match.Unmarshal(c.Features)
		if err != nil {
			// Stored by an older version of the matcher: extract again from the item itself.
			if old, err = s.reextract(ctx, c.ItemID); err != nil {
				s.Log.WarnContext(ctx, "stored features unreadable", "item", c.ItemID, "err", err)
				continue
			}
		}
		id := match.Identity{
			SamePhone: item.PhoneIdx != "" && item.PhoneIdx == c.PhoneIdx, PhoneConflict: item.PhoneIdx != "" && c.PhoneIdx != "" && item.PhoneIdx != c.PhoneIdx,
			SameID: item.IDIdx != "" && item.IDIdx == c.IDIdx, IDConflict: item.IDIdx != "" && c.IDIdx != "" && item.IDIdx != c.IDIdx,
		}
		id.SameOpenID, id.OpenIDConflict = compareOpenID(item.OpenIDIdx, c.OpenIDIdx)
		// What proves the person: for staff registrations any identifier they checked; for a
		// citizen's own submission only what the citizen proved (the phone whose SMS code they
		// entered, the openid of their session) — an ID number typed into a form is a claim.
		if id.SamePhone || id.SameOpenID || (id.SameID && !in.Citizen) {
			proven[c.CaseID] = true
		}
		byCase[c.CaseID] = append(byCase[c.CaseID], s.Routing.Repeat.Compare(feats, old, id))
		info[c.CaseID] = c
	}
	type scored struct {
		caseID int64
		res    match.Result
	}
	var ranked []scored
	for caseID, rs := range byCase {
		ranked = append(ranked, scored{caseID, match.CompareCase(rs)})
	}
	sort.Slice(ranked, func(i, j int) bool {
		a, b := ranked[i].res, ranked[j].res
		if a.Verdict != b.Verdict {
			return a.Verdict > b.Verdict
		}
		if a.Person+a.Matter != b.Person+b.Matter {
			return a.Person+a.Matter > b.Person+b.Matter
		}
		return ranked[i].caseID < ranked[j].caseID
	})

	// Every candidate case's results, in case id order (for the follow-up rules below).
	ids := make([]int64, 0, len(byCase))
	for id := range byCase {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	all := make([][]match.Result, len(ids))
	for i, id := range ids {
		all[i] = byCase[id]
	}
	// A follow-up that could be of several of its writer's cases is a registrar's to place.
	for i := range ranked {
		if match.AmbiguousBack(ranked[i].res, all) {
			ranked[i].res = match.WithAmbiguousBack(ranked[i].res)
		}
	}

	reg = &Registration{Item: item, Keys: stored}
	merge := func(caseID int64, res match.Result) {
		if in.Citizen && !proven[caseID] {
			// Already before a registrar as a Review: the new reasons replace the old.
			reg.Reviews = slices.DeleteFunc(reg.Reviews, func(r ReviewCandidate) bool { return r.CandidateCaseID == caseID })
			if len(reg.Reviews) < 3 {
				reg.Reviews = append(reg.Reviews, ReviewCandidate{CandidateCaseID: caseID, Person: res.Person, Matter: res.Matter,
					Reasons: strings.Join(append([]string{"网上提交，仅凭填写的姓名或证件号码与该事项相符，未经本人手机号或微信身份核实"}, res.Reasons...), "；")})
			}
			return
		}
		reg.MergeInto, reg.Person, reg.Matter = caseID, res.Person, res.Matter
		reg.MergeReasons = strings.Join(res.Reasons, "；")
		c := info[caseID]
		if c.CaseStatus == StatusScreened {
			reg.Recheck = p.keep
		}
		// The "food street" story: a matter petitioned again after its reply.
		reg.RepeatAlert = !c.CaseRepliedAt.IsZero()
		// After 复核 the same facts are not accepted again.
		reg.NoReaccept = !c.CaseFinalAt.IsZero()
	}
	for _, r := range ranked {
		switch {
		case r.res.Verdict == match.Merge && reg.MergeInto == 0:
			merge(r.caseID, r.res)
		case r.res.Verdict == match.Review && len(reg.Reviews) < 3:
			reg.Reviews = append(reg.Reviews, ReviewCandidate{CandidateCaseID: r.caseID, Reasons: strings.Join(r.res.Reasons, "；"),
				Person: r.res.Person, Matter: r.res.Matter})
		case r.res.Verdict == match.Link && len(reg.Links) < 20:
			reg.Links = append(reg.Links, LinkCandidate{CaseID: r.caseID, Reasons: strings.Join(r.res.Reasons, "；")})
		}
	}
	if reg.MergeInto == 0 && len(ranked) > 0 {
		// A follow-up no case took joins its writer's only candidate case (match.SoleFollowUp).
		if i, res := match.SoleFollowUp(feats, all); i >= 0 {
			merge(ids[i], res)
		}
	}
	if reg.MergeInto != 0 {
		reg.Reviews = nil // merged: nothing left for a registrar to decide about this item
	} else {
		if err := s.followExamples(ctx, p); err != nil {
			return nil, nil, err
		}
		reg.NewCase = s.newCase(p, len(reg.Links) > 0)
	}
	if item.Phone != "" && !in.Quiet {
		reg.Messages = func(c *Case) ([]*notify.Message, error) {
			m, err := s.Templates.SMS("case_received", item.Phone, map[string]string{"case_no": c.CaseNo, "query_code": c.QueryCode},
				fmt.Sprintf("case-item:%d:received", item.ID), "case", fmt.Sprint(c.ID))
			if err != nil {
				return nil, err
			}
			return []*notify.Message{m}, nil
		}
	}
	detail := fmt.Sprintf("channel=%s merged=%v reviews=%d links=%d", in.Channel, reg.MergeInto != 0, len(reg.Reviews), len(reg.Links))
	if reg.Recheck != "" {
		detail += " recheck=" + reg.Recheck
	}
	reg.Audit = service.NewAudit(ctx, now, "case.register", "case", "", detail)
	if reg.Audit.Actor == "anonymous" {
		reg.Audit.Actor = "citizen"
	}
	return reg, nil, nil
}

// newCase is the case a prepared submission starts when it joins none: screened, classified and
// routed.
func (s *Service) newCase(p *Prepared, grouped bool) *Case {
	in, item, now := p.in, p.item, s.Now()
	office, owner := s.Routing.route(in.District, in.Department, p.category)
	nc := &Case{Status: StatusRegistered, Version: 1, Purpose: p.purpose, Category: p.category, District: in.District, Street: in.Street,
		Department: in.Department, Office: office, Owner: owner, Name: in.Name, Phone: in.Phone, IDNumber: in.IDNumber,
		Summary: in.Content, Channel: in.Channel, Items: 1, ReceivedAt: item.ReceivedAt, LastReceivedAt: item.ReceivedAt,
		CreatedAt: now, UpdatedAt: now, PhoneIdx: item.PhoneIdx, IDIdx: item.IDIdx, QueryCode: NewQueryCode()}
	switch {
	case p.screen.NonPetition:
		nc.Status, nc.NonPetition, nc.ScreenKind, nc.ScreenGuidance, nc.ScreenWhy = StatusScreened, true, p.screen.Kind, p.screen.Reason, p.screen.Why
	case p.screen.Uncertain:
		// Kept as a petition; the registrar's queue shows why it may not be one.
		nc.ScreenKind, nc.ScreenWhy = p.screen.Kind, p.screen.Why
	}
	// The citizen's WeChat identity, for notices where they follow the account.
	nc.OpenID, nc.OpenIDKind = openIDFor(in)
	nc.BookingCode = in.BookingCode
	nc.FastTrack = !nc.NonPetition && !grouped && slices.Contains(s.Routing.FastTrackCategories, p.category)
	return nc
}

// Bulk returns the case, item and keys a prepared submission would be stored as on its own,
// for bulk loads of an already de-duplicated archive (and benchmarks).
func (s *Service) Bulk(p *Prepared) (*Case, *Item, []int64) {
	return s.newCase(p, false), p.item, p.stored
}

// openIDApp names the WeChat app an openid belongs to: the mini-program's openids differ from
// the official account's for the same person.
func openIDApp(channel string) string {
	if channel == ChannelMiniProgram {
		return "mp"
	}
	return "oa"
}

func openIDHash(idx string) string {
	_, h, _ := strings.Cut(idx, ":")
	return h
}

// compareOpenID: equal openids are the same person; different ones of the same app are two
// people (different apps prove nothing).
func compareOpenID(a, b string) (same, conflict bool) {
	if a == "" || b == "" {
		return false, false
	}
	appA, hA, _ := strings.Cut(a, ":")
	appB, hB, _ := strings.Cut(b, ":")
	return hA == hB, appA == appB && hA != hB
}

// reextract computes an item's features again from its stored text.
func (s *Service) reextract(ctx context.Context, itemID int64) (*match.Features, error) {
	it, err := s.Store.ItemByID(ctx, itemID)
	if err != nil {
		return nil, err
	}
	return match.Extract(itemDoc(it)), nil
}

// NewQueryCode returns a citizen's query code: 8 characters without look-alikes.
func NewQueryCode() string {
	return service.RandomCode(8)
}

// Districts are the districts and their streets a submission names.
func (s *Service) Districts() map[string][]string { return s.Routing.Districts }

// Options are the choices forms and filters offer, from the routing table and the directory.
type Options struct {
	Districts  map[string][]string
	Categories []string
	Purposes   []string
	Offices    []service.Office // the offices that handle cases
	Units      []service.Unit
}

// Options returns the choices forms offer.
func (s *Service) Options() Options {
	o := Options{Districts: s.Routing.Districts, Categories: s.Routing.Categories, Purposes: s.Routing.Purposes, Units: s.Routing.Units.Units()}
	for _, off := range s.Routing.Units.Offices() {
		if off.Handles {
			o.Offices = append(o.Offices, off)
		}
	}
	return o
}
