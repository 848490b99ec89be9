package handler

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/cases"
	"github.com/szxinfang/xinfang/service/cases/match"
)

// staffCases is what the registration platform's staff handlers use.
type staffCases interface {
	Receive(ctx context.Context, in cases.ItemInput) (*cases.RegisterResult, error)
	List(ctx context.Context, f cases.Filter) ([]*cases.Case, error)
	Get(ctx context.Context, id int64) (*cases.Detail, error)
	Edit(ctx context.Context, id int64, e cases.Edit) (*cases.Case, error)
	Reviews(ctx context.Context, status string) ([]cases.DedupReview, error)
	DecideReview(ctx context.Context, id int64, decision string) error
	MergeCases(ctx context.Context, target, from int64, reason string) error
	UndoMerge(ctx context.Context, mergeID int64) (*cases.Case, error)
	Act(ctx context.Context, id int64, action string, in cases.ActionInput) (*cases.Case, error)
	RevealPhone(ctx context.Context, id int64) (string, error)
	Notice(ctx context.Context, id int64) (*cases.Notice, error)
	Reminders(ctx context.Context, limit int) ([]cases.Reminder, error)
	Supervisions(ctx context.Context, state string, limit int) ([]cases.Supervision, error)
	Stats(ctx context.Context, q cases.StatsQuery) (*cases.Stats, error)
	Queue(ctx context.Context, limit int) ([]cases.QueueEntry, error)
	Options() cases.Options
	Flow(ctx context.Context, from, to service.Date) (*cases.Flow, error)
	ScreenExamples(ctx context.Context, all bool) ([]cases.ScreenExample, error)
	ScreenKinds() []match.KindSpec
	ScreenKindNames() map[string]string
	WithdrawScreenExample(ctx context.Context, id int64) error
	Attach(ctx context.Context, caseID, itemID int64, filename string, r io.Reader) (*cases.Attachment, error)
	OpenAttachment(ctx context.Context, id int64) (*cases.Attachment, io.ReadCloser, error)
	ExportList(ctx context.Context, f cases.Filter, fn func(c *cases.Case) error) error
}

type caseJSON struct {
	ID              int64      `json:"id"`
	CaseNo          string     `json:"case_no"`
	Status          string     `json:"status"`
	Version         int64      `json:"version"`
	Purpose         string     `json:"purpose"`
	Category        string     `json:"category"`
	District        string     `json:"district"`
	Street          string     `json:"street,omitempty"`
	Department      string     `json:"department,omitempty"`
	Office          string     `json:"office"`
	Owner           string     `json:"owner,omitempty"`
	FastTrack       bool       `json:"fast_track"`
	NonPetition     bool       `json:"non_petition"`
	ScreenKind      string     `json:"screen_kind,omitempty"`
	ScreenGuidance  string     `json:"screen_guidance,omitempty"`
	ScreenWhy       string     `json:"screen_why,omitempty"`
	ScreenConfirmed bool       `json:"screen_confirmed"`
	RepeatAlert     bool       `json:"repeat_alert"`
	NoReaccept      bool       `json:"no_reaccept"`
	GroupID         int64      `json:"group_id,omitempty"`
	Name            string     `json:"name"`
	Phone           string     `json:"phone,omitempty"`
	IDNumber        string     `json:"id_number,omitempty"`
	Summary         string     `json:"summary"`
	Channel         string     `json:"channel"`
	Items           int        `json:"items"`
	ReceivedAt      time.Time  `json:"received_at"`
	RepliedAt       *time.Time `json:"replied_at,omitempty"`
	FinalReviewAt   *time.Time `json:"final_review_at,omitempty"`

	StatusName       string     `json:"status_name"`
	Unit             string     `json:"unit,omitempty"`
	UnitMode         string     `json:"unit_mode,omitempty"`
	AcceptedAt       *time.Time `json:"accepted_at,omitempty"`
	DecidedAt        *time.Time `json:"decided_at,omitempty"`
	DecisionReason   string     `json:"decision_reason,omitempty"`
	DecisionGuidance string     `json:"decision_guidance,omitempty"`
	ReplyOutcome     string     `json:"reply_outcome,omitempty"`
	ReplyTag         string     `json:"reply_tag,omitempty"`
	ReplyText        string     `json:"reply_text,omitempty"`
	ExtensionState   string     `json:"extension_state,omitempty"`
	ExtensionDays    int        `json:"extension_days,omitempty"`
	ExtensionReason  string     `json:"extension_reason,omitempty"`
	ReviewOutcome    string     `json:"review_outcome,omitempty"`
	ReviewText       string     `json:"review_text,omitempty"`
	RecheckOutcome   string     `json:"recheck_outcome,omitempty"`
	RecheckText      string     `json:"recheck_text,omitempty"`
	ClosedAt         *time.Time `json:"closed_at,omitempty"`
	Satisfaction     string     `json:"satisfaction,omitempty"`
	BookingCode      string     `json:"booking_code,omitempty"`
}

func caseView(c *cases.Case) caseJSON {
	v := caseJSON{ID: c.ID, CaseNo: c.CaseNo, Status: c.Status, Version: c.Version, Purpose: c.Purpose, Category: c.Category,
		District: c.District, Street: c.Street, Department: c.Department, Office: c.Office, Owner: c.Owner, FastTrack: c.FastTrack,
		NonPetition: c.NonPetition, ScreenKind: c.ScreenKind, ScreenGuidance: c.ScreenGuidance, ScreenWhy: c.ScreenWhy, ScreenConfirmed: c.ScreenConfirmed,
		RepeatAlert: c.RepeatAlert, NoReaccept: c.NoReaccept, GroupID: c.GroupID, Name: c.Name, Summary: c.Summary, Channel: c.Channel,
		Items: c.Items, ReceivedAt: c.ReceivedAt, RepliedAt: timePtr(c.RepliedAt), FinalReviewAt: timePtr(c.FinalReviewAt),
		StatusName: cases.StatusNames[c.Status], Unit: c.Unit, UnitMode: c.UnitMode, AcceptedAt: timePtr(c.AcceptedAt),
		DecidedAt: timePtr(c.DecidedAt), DecisionReason: c.DecisionReason, DecisionGuidance: c.DecisionGuidance,
		ReplyOutcome: c.ReplyOutcome, ReplyTag: c.ReplyTag, ReplyText: c.ReplyText, ExtensionState: c.ExtensionState,
		ExtensionDays: c.ExtensionDays, ExtensionReason: c.ExtensionReason, ReviewOutcome: c.ReviewOutcome, ReviewText: c.ReviewText,
		RecheckOutcome: c.RecheckOutcome, RecheckText: c.RecheckText, ClosedAt: timePtr(c.ClosedAt), Satisfaction: c.Satisfaction,
		BookingCode: c.BookingCode}
	if c.Phone != "" {
		v.Phone = service.MaskPhone(c.Phone)
	}
	if c.IDNumber != "" {
		v.IDNumber = service.MaskID(c.IDNumber)
	}
	return v
}

type itemJSON struct {
	ID         int64     `json:"id"`
	ExternalID string    `json:"external_id,omitempty"`
	Channel    string    `json:"channel"`
	EMSNo      string    `json:"ems_no,omitempty"`
	ReceivedAt time.Time `json:"received_at"`
	Name       string    `json:"name"`
	Phone      string    `json:"phone,omitempty"`
	IDNumber   string    `json:"id_number,omitempty"`
	District   string    `json:"district"`
	Street     string    `json:"street,omitempty"`
	Department string    `json:"department,omitempty"`
	Content    string    `json:"content"`
}

func itemView(it *cases.Item) itemJSON {
	v := itemJSON{ID: it.ID, ExternalID: it.ExternalID, Channel: it.Channel, EMSNo: it.EMSNo, ReceivedAt: it.ReceivedAt, Name: it.Name,
		District: it.District, Street: it.Street, Department: it.Department, Content: it.Content}
	if it.Phone != "" {
		v.Phone = service.MaskPhone(it.Phone)
	}
	if it.IDNumber != "" {
		v.IDNumber = service.MaskID(it.IDNumber)
	}
	return v
}

func registerView(r *cases.RegisterResult) gin.H {
	return gin.H{"case": caseView(r.Case), "item_id": r.ItemID, "merged": r.Merged, "reasons": r.Reasons, "reviews": r.Reviews,
		"links": r.Links, "duplicate": r.Duplicate}
}

// registerCase registers a submission from any channel (registrars: letters, e-mails, visits,
// phone calls, superior-assigned cases).
func (s *Server) registerCase(c *gin.Context) {
	var in cases.ItemInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.Cases.Receive(c.Request.Context(), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	status := http.StatusCreated
	if res.Duplicate {
		status = http.StatusOK
	}
	c.JSON(status, registerView(res))
}

// caseFilter reads a case list's filter from the query string (the JSON list, the page and the
// exports share it).
func caseFilter(c *gin.Context) cases.Filter {
	f := cases.Filter{Status: c.Query("status"), Office: c.Query("office"), Owner: c.Query("owner"), Category: c.Query("category"),
		District: c.Query("district"), Channel: c.Query("channel"), RepeatAlert: c.Query("repeat_alert") == "true",
		From: service.Date(c.Query("from")), To: service.Date(c.Query("to")), Risk: c.Query("risk"), Query: c.Query("q"),
		ExtensionRequested: c.Query("extension") == "requested", BeforeID: queryInt(c, "before_id"), Limit: int(queryInt(c, "limit"))}
	if ns := queryInt(c, "before_at"); ns > 0 {
		f.BeforeAt = time.Unix(0, ns).UTC()
	}
	if v := c.Query("non_petition"); v != "" {
		b := v == "true"
		f.NonPetition = &b
	}
	return f
}

func (s *Server) listCases(c *gin.Context) {
	list, err := s.Cases.List(c.Request.Context(), caseFilter(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]caseJSON, len(list))
	for i, x := range list {
		out[i] = caseView(x)
	}
	next := gin.H{"next_before_id": int64(0)}
	if len(list) > 0 {
		last := list[len(list)-1]
		next["next_before_id"] = last.ID
		next["next_before_at"] = last.ReceivedAt.UnixNano()
	}
	c.JSON(http.StatusOK, gin.H{"cases": out, "next_before_id": next["next_before_id"], "next_before_at": next["next_before_at"]})
}

func (s *Server) getCase(c *gin.Context, id int64) {
	d, err := s.Cases.Get(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	items := make([]itemJSON, len(d.Items))
	for i, it := range d.Items {
		items[i] = itemView(it)
	}
	merges, links, atts := d.Merges, d.Links, d.Attachments
	if merges == nil {
		merges = []cases.Merge{}
	}
	if links == nil {
		links = []cases.Link{}
	}
	if atts == nil {
		atts = []cases.Attachment{}
	}
	c.JSON(http.StatusOK, gin.H{"case": caseView(d.Case), "status": d.Case.Status, "version": d.Case.Version, "items": items,
		"merges": merges, "links": links, "attachments": atts, "deadlines": orEmpty(d.Deadlines), "timeline": orEmpty(d.Timeline),
		"notices": orEmpty(d.Notices), "supervisions": orEmpty(d.Supervisions), "actions": orEmpty(d.Actions)})
}

func (s *Server) editCase(c *gin.Context, id int64) {
	var e cases.Edit
	if err := bindJSON(c, &e); err != nil {
		s.fail(c, err)
		return
	}
	x, err := s.Cases.Edit(c.Request.Context(), id, e)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"case": caseView(x)})
}

type mergeRequest struct {
	FromCaseID int64  `json:"from_case_id"`
	Reason     string `json:"reason"`
}

func (s *Server) mergeCases(c *gin.Context, id int64) {
	var req mergeRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.Cases.MergeCases(c.Request.Context(), id, req.FromCaseID, req.Reason); err != nil {
		s.fail(c, err)
		return
	}
	s.getCase(c, id)
}

func (s *Server) undoMerge(c *gin.Context, id int64) {
	x, err := s.Cases.UndoMerge(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"case": caseView(x)})
}

func (s *Server) listReviews(c *gin.Context) {
	list, err := s.Cases.Reviews(c.Request.Context(), c.Query("status"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if list == nil {
		list = []cases.DedupReview{}
	}
	c.JSON(http.StatusOK, gin.H{"reviews": list})
}

type reviewDecision struct {
	Decision string `json:"decision"`
}

func (s *Server) decideReview(c *gin.Context, id int64) {
	var req reviewDecision
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.Cases.DecideReview(c.Request.Context(), id, req.Decision); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// uploadAttachment stores a multipart "file" with an item of the case ("item_id", optional).
func (s *Server) uploadAttachment(c *gin.Context, id int64) {
	fh, err := c.FormFile("file")
	if err != nil {
		s.fail(c, uploadError(err))
		return
	}
	a, err := s.attach(c, id, queryFormInt(c, "item_id"), fh)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"attachment": a})
}

func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) || strings.Contains(err.Error(), "too large") {
		return service.Errorf(ETooLarge, "附件不能超过 10 MB")
	}
	return &service.Error{Code: service.EInvalid, Field: "file", Message: "请选择要上传的文件", Err: err}
}

func queryFormInt(c *gin.Context, name string) int64 {
	n, _ := strconv.ParseInt(c.PostForm(name), 10, 64)
	return n
}

func (s *Server) attach(c *gin.Context, caseID, itemID int64, fh *multipart.FileHeader) (*cases.Attachment, error) {
	if fh.Size > cases.MaxAttachment {
		return nil, service.Invalid("file", "附件不能超过 10 MB")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, service.Internal(err)
	}
	defer f.Close()
	return s.Cases.Attach(c.Request.Context(), caseID, itemID, fh.Filename, f)
}

func (s *Server) downloadAttachment(c *gin.Context, id int64) {
	a, rc, err := s.Cases.OpenAttachment(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer rc.Close()
	c.Header("Content-Type", a.ContentType)
	c.Header("Content-Disposition", fmt.Sprintf("attachment; filename*=UTF-8''%s", url.PathEscape(a.Filename)))
	c.Header("X-Content-Type-Options", "nosniff")
	c.Status(http.StatusOK)
	io.Copy(c.Writer, rc)
}

var exportHeader = []string{"信访编号", "状态", "收到时间（北京时间）", "登记渠道", "件数", "事项类别", "属地", "承办处室", "承办人",
	"责任单位", "是否信访事项", "重复信访", "满意度"}

// exportCases writes exactly the filtered list (the query string of the list page) as CSV
// (UTF-8 with BOM, opens in Excel) or XLSX, one row per case; the export is audited.
func (s *Server) exportCases(c *gin.Context) {
	format := c.DefaultQuery("format", "csv")
	if format != "csv" && format != "xlsx" {
		s.fail(c, &service.Error{Code: service.EInvalid, Field: "format", Message: "格式须为 csv 或 xlsx"})
		return
	}
	var rows [][]string
	err := s.Cases.ExportList(c.Request.Context(), caseFilter(c), func(cs *cases.Case) error {
		rows = append(rows, []string{cs.CaseNo, cases.StatusNames[cs.Status], cs.ReceivedAt.In(service.Shanghai).Format("2006-01-02 15:04"),
			cases.ChannelNames[cs.Channel], fmt.Sprint(cs.Items), cs.Category, cs.District, s.officeName(cs.Office), cs.Owner, cs.Unit,
			yesNo(!cs.NonPetition), yesNo(cs.RepeatAlert), cases.Ratings[cs.Satisfaction]})
		return nil
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	name := "信访事项-" + service.DateOf(s.Now()).Short()
	switch format {
	case "csv":
		c.Header("Content-Disposition", fmt.Sprintf("attachment; filename*=UTF-8''%s.csv", url.PathEscape(name)))
		c.Header("Content-Type", "text/csv; charset=utf-8")
		c.Writer.WriteString("\ufeff")
		w := csv.NewWriter(c.Writer)
		w.Write(exportHeader)
		w.WriteAll(rows)
	case "xlsx":
		f := excelize.NewFile()
		defer f.Close()
		sheet := "Sheet1"
		f.SetSheetRow(sheet, "A1", &exportHeader)
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			row := r
			f.SetSheetRow(sheet, cell, &row)
		}
		c.Header("Content-Disposition", fmt.Sprintf("attachment; filename*=UTF-8''%s.xlsx", url.PathEscape(name)))
		c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		if err := f.Write(c.Writer); err != nil {
			s.Log.ErrorContext(c.Request.Context(), "write xlsx", "err", err)
		}
	}
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// officeName is an office's Chinese name (its code when unknown).
func (s *Server) officeName(code string) string {
	if s.Units == nil {
		return code
	}
	if o, ok := s.Units.Office(code); ok {
		return o.Name
	}
	return code
}
