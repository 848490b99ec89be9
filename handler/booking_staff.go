package handler

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
)

// staffBookings is what the staff's booking, hall and schedule handlers use.
type staffBookings interface {
	List(ctx context.Context, f booking.Filter) ([]*booking.Booking, error)
	Get(ctx context.Context, id int64) (*booking.Booking, error)
	Review(ctx context.Context, id int64, in booking.ReviewInput) (*booking.Booking, error)
	RecordCall(ctx context.Context, id int64, outcome, note string) (*booking.Call, error)
	AddParticipant(ctx context.Context, id int64, in booking.ParticipantInput) (*booking.Participant, error)
	Dossier(ctx context.Context, id int64, cases booking.CaseLookup) (*booking.Dossier, error)
	Reveal(ctx context.Context, id int64) (phone, idNumber string, err error)
	CheckIn(ctx context.Context, code string) (*booking.Booking, error)
	WalkIn(ctx context.Context, in booking.WalkInInput) (*booking.Booking, error)
	CallNext(ctx context.Context, room string) (*booking.Booking, error)
	Received(ctx context.Context, id int64) (*booking.Booking, error)
	Board(ctx context.Context) (*booking.Board, error)
	Stats(ctx context.Context, from, to service.Date) (booking.Stats, error)
	Slots(ctx context.Context, from, to service.Date) ([]booking.Slot, error)
	UpdateSlot(ctx context.Context, id int64, capacity int, closed bool, reason string) (*booking.Slot, []*booking.Booking, error)
	AddLeaderSession(ctx context.Context, day, session, leader, room string, capacity int) (*booking.Slot, error)
	Config() *booking.Config
}

// staffBookingJSON is a booking as staff see it: personal data masked (a reveal is separate and
// audited).
type staffBookingJSON struct {
	ID           int64      `json:"id"`
	Code         string     `json:"code"`
	Status       string     `json:"status"`
	StatusName   string     `json:"status_name"`
	Version      int64      `json:"version"`
	Day          string     `json:"day"`
	Session      string     `json:"session"`
	Room         string     `json:"room,omitempty"`
	Leader       string     `json:"leader,omitempty"`
	Name         string     `json:"name"`
	Phone        string     `json:"phone,omitempty"`
	IDNumber     string     `json:"id_number,omitempty"`
	Channel      string     `json:"channel"`
	Matter       string     `json:"matter"`
	District     string     `json:"district"`
	Street       string     `json:"street,omitempty"`
	Department   string     `json:"department,omitempty"`
	History      string     `json:"history"`
	EarlierCases string     `json:"earlier_cases,omitempty"`
	Reason       string     `json:"reason,omitempty"`
	Guidance     string     `json:"guidance,omitempty"`
	DivertTo     string     `json:"divert_to,omitempty"`
	ReviewedBy   string     `json:"reviewed_by,omitempty"`
	ReviewedAt   *time.Time `json:"reviewed_at,omitempty"`
	CheckedInAt  *time.Time `json:"checked_in_at,omitempty"`
	Queue        int        `json:"queue,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	CaseID       int64      `json:"case_id,omitempty"`
	Visitors     int        `json:"visitors"`
	GroupVisit   bool       `json:"group_visit"`
}

func staffBookingView(b *booking.Booking) staffBookingJSON {
	v := staffBookingJSON{ID: b.ID, Code: b.Code, Status: b.Status, StatusName: booking.StatusNames[b.Status], Version: b.Version,
		Day: string(b.Day), Session: b.Session, Room: b.Room, Leader: b.Leader, Name: b.Name, Channel: b.Channel, Matter: b.Matter,
		District: b.District, Street: b.Street, Department: b.Department, History: b.History, EarlierCases: b.EarlierCases,
		Reason: b.Reason, Guidance: b.Guidance, DivertTo: b.DivertTo, ReviewedBy: b.ReviewedBy, ReviewedAt: timePtr(b.ReviewedAt),
		CheckedInAt: timePtr(b.CheckedInAt), Queue: b.Queue, CreatedAt: b.CreatedAt, CaseID: b.CaseID, Visitors: b.Visitors,
		GroupVisit: b.GroupVisit()}
	if b.Phone != "" {
		v.Phone = service.MaskPhone(b.Phone)
	}
	if b.IDNumber != "" {
		v.IDNumber = service.MaskID(b.IDNumber)
	}
	return v
}

func staffBookingViews(list []*booking.Booking) []staffBookingJSON {
	out := make([]staffBookingJSON, len(list))
	for i, b := range list {
		out[i] = staffBookingView(b)
	}
	return out
}

func pathID(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	return id, err == nil && id > 0
}

// dateQuery reads an optional YYYY-MM-DD query parameter.
func dateQuery(c *gin.Context, name string) (service.Date, error) {
	v := c.Query(name)
	if v == "" {
		return "", nil
	}
	d, err := service.ParseDate(v)
	if err != nil {
		return "", &service.Error{Code: EBadRequest, Field: name, Message: "日期格式应为 YYYY-MM-DD"}
	}
	return d, nil
}

func (s *Server) staffListBookings(c *gin.Context) {
	f := booking.Filter{Status: c.Query("status"), Department: c.Query("department"), BeforeID: queryInt(c, "before_id"),
		Limit: int(queryInt(c, "limit"))}
	var err error
	for name, dst := range map[string]*service.Date{"day": &f.Day, "from": &f.From, "to": &f.To} {
		if *dst, err = dateQuery(c, name); err != nil {
			s.fail(c, err)
			return
		}
	}
	list, err := s.Booking.List(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"bookings": staffBookingViews(list)})
}

// withID runs fn with the path's numeric id, answering 404 for a malformed one.
func (s *Server) withID(fn func(c *gin.Context, id int64)) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := pathID(c)
		if !ok {
			s.fail(c, service.Errorf(service.ENotFound, service.MsgNotFound))
			return
		}
		fn(c, id)
	}
}

func (s *Server) staffGetBooking(c *gin.Context, id int64) {
	b, err := s.Booking.Get(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"booking": staffBookingView(b)})
}

func (s *Server) staffDossier(c *gin.Context, id int64) {
	d, err := s.Booking.Dossier(c.Request.Context(), id, s.CaseLookup)
	if err != nil {
		s.fail(c, err)
		return
	}
	cases := d.Cases
	if cases == nil {
		cases = []booking.CaseSummary{}
	}
	calls, parts := d.Calls, d.Participants
	if calls == nil {
		calls = []booking.Call{}
	}
	if parts == nil {
		parts = []booking.Participant{}
	}
	c.JSON(http.StatusOK, gin.H{"booking": staffBookingView(d.Booking), "earlier_bookings": staffBookingViews(d.Earlier),
		"related_bookings": staffBookingViews(d.Related), "cases": cases, "calls": calls, "participants": parts})
}

func (s *Server) staffReview(c *gin.Context, id int64) {
	var in booking.ReviewInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	b, err := s.Booking.Review(c.Request.Context(), id, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"booking": staffBookingView(b)})
}

type callRequest struct {
	Outcome string `json:"outcome"`
	Note    string `json:"note"`
}

func (s *Server) staffRecordCall(c *gin.Context, id int64) {
	var req callRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	call, err := s.Booking.RecordCall(c.Request.Context(), id, req.Outcome, req.Note)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"call": call})
}

func (s *Server) staffAddParticipant(c *gin.Context, id int64) {
	var in booking.ParticipantInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.Booking.AddParticipant(c.Request.Context(), id, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"participant": p})
}

// staffReveal shows the full phone and ID number; every reveal is in the audit log.
func (s *Server) staffReveal(c *gin.Context, id int64) {
	phone, idn, err := s.Booking.Reveal(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"phone": phone, "id_number": idn})
}

func (s *Server) staffReceived(c *gin.Context, id int64) {
	b, err := s.Booking.Received(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"booking": staffBookingView(b)})
}

func (s *Server) staffSlots(c *gin.Context) {
	first, last := s.Booking.Window()
	from, err := dateQuery(c, "from")
	if err != nil {
		s.fail(c, err)
		return
	}
	to, err := dateQuery(c, "to")
	if err != nil {
		s.fail(c, err)
		return
	}
	if from == "" {
		from = first
	}
	if to == "" {
		to = last
	}
	slots, err := s.Booking.Slots(c.Request.Context(), from, to)
	if err != nil {
		s.fail(c, err)
		return
	}
	if slots == nil {
		slots = []booking.Slot{}
	}
	c.JSON(http.StatusOK, gin.H{"slots": slots})
}

type slotUpdateRequest struct {
	Capacity int    `json:"capacity"`
	Closed   bool   `json:"closed"`
	Reason   string `json:"reason"`
}

func (s *Server) staffUpdateSlot(c *gin.Context, id int64) {
	var req slotUpdateRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	sl, affected, err := s.Booking.UpdateSlot(c.Request.Context(), id, req.Capacity, req.Closed, req.Reason)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"slot": sl, "affected": staffBookingViews(affected)})
}

func (s *Server) staffStats(c *gin.Context) {
	from, err := dateQuery(c, "from")
	if err != nil {
		s.fail(c, err)
		return
	}
	to, err := dateQuery(c, "to")
	if err != nil {
		s.fail(c, err)
		return
	}
	if from == "" || to == "" {
		s.fail(c, &service.Error{Code: EBadRequest, Field: "from", Message: "请给出统计的起止日期 from 和 to"})
		return
	}
	st, err := s.Booking.Stats(c.Request.Context(), from, to)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"from": from, "to": to, "stats": st})
}

type checkInRequest struct {
	Code string `json:"code"`
}

func (s *Server) hallCheckIn(c *gin.Context) {
	var req checkInRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	b, err := s.Booking.CheckIn(c.Request.Context(), req.Code)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"booking": staffBookingView(b)})
}

func (s *Server) hallWalkIn(c *gin.Context) {
	var in booking.WalkInInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	in.Key = c.GetHeader("Idempotency-Key")
	b, err := s.Booking.WalkIn(c.Request.Context(), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"booking": staffBookingView(b)})
}

type callNextRequest struct {
	Room string `json:"room"`
}

func (s *Server) hallCallNext(c *gin.Context) {
	var req callNextRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	b, err := s.Booking.CallNext(c.Request.Context(), req.Room)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"booking": staffBookingView(b)})
}

// hallBoard is the call board for the hall's screen: masked names and rooms, refreshed by a
// small script every few seconds (and readable without it).
func (s *Server) hallBoard(c *gin.Context) {
	b, err := s.Booking.Board(c.Request.Context())
	if err != nil {
		s.errorPage(c, err)
		return
	}
	s.render(c, http.StatusOK, "hall_board", pageData{Data: b})
}

func (s *Server) hallBoardJSON(c *gin.Context) {
	b, err := s.Booking.Board(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, b)
}
