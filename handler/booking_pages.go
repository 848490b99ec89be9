package handler

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
)

// The staff pages of 预约接访: the bookings to review and call (a desk sees its unit's only), a
// booking with its dossier and call log, the schedule, and the hall.

type bookingListPage struct {
	Status   string
	Day      string
	Bookings []*booking.Booking
	Statuses []option
}

func (s *Server) bookingsPage(c *gin.Context) {
	d := bookingListPage{Status: c.Query("status"), Day: c.Query("day")}
	for _, st := range []string{booking.StatusPending, booking.StatusConfirmed, booking.StatusCheckedIn, booking.StatusCalled,
		booking.StatusVisited, booking.StatusDiverted, booking.StatusResolved, booking.StatusDeclined, booking.StatusCancelled} {
		d.Statuses = append(d.Statuses, option{st, booking.StatusNames[st]})
	}
	f := booking.Filter{Status: d.Status, Limit: 100, BeforeID: queryInt(c, "before_id")}
	if d.Day != "" {
		day, err := service.ParseDate(d.Day)
		if err != nil {
			s.staffPageError(c, "admin_bookings", "预约接访", d, service.Invalid("day", "日期格式应为 2026-12-01"))
			return
		}
		f.Day = day
	}
	list, err := s.Booking.List(c.Request.Context(), f)
	if err != nil {
		s.staffPageError(c, "admin_bookings", "预约接访", d, err)
		return
	}
	d.Bookings = list
	s.staffPage(c, http.StatusOK, "admin_bookings", "预约接访", d)
}

type bookingPageData struct {
	D          *booking.Dossier
	Cfg        *booking.Config
	Diversions []booking.Diversion
	Revealed   [2]string
	Open       string
	CanReview  bool
}

func (s *Server) bookingPage(c *gin.Context, id int64) {
	s.renderBooking(c, id, bookingPageData{}, nil)
}

func (s *Server) renderBooking(c *gin.Context, id int64, d bookingPageData, formErr error) {
	dossier, err := s.Booking.Dossier(c.Request.Context(), id, s.CaseLookup)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	d.D, d.Cfg = dossier, s.Booking.Config()
	for _, v := range d.Cfg.Diversions {
		d.Diversions = append(d.Diversions, v)
	}
	sort.Slice(d.Diversions, func(i, j int) bool { return d.Diversions[i].Key < d.Diversions[j].Key })
	u := currentUser(c)
	d.CanReview = u.Has(service.RoleRegistrar) || (u.HasExactly(service.RoleDesk) && u.Department == dossier.Booking.Department)
	title := "预约 " + dossier.Booking.Code
	if formErr != nil {
		msg, fields := formErrors(formErr)
		s.render(c, statusOf(service.AsError(formErr).Code), "admin_booking", pageData{Title: title, Error: msg, Errors: fields, Data: d})
		return
	}
	s.render(c, http.StatusOK, "admin_booking", pageData{Title: title, Flash: flashes[c.Query("done")], Data: d})
}

// bookingForm runs one form of the booking page: done on success, the page with the form open
// and its problems otherwise.
func (s *Server) bookingForm(c *gin.Context, id int64, form, done string, run func() error) {
	if err := run(); err != nil {
		if service.ErrorCode(err) == service.EForbidden {
			s.errorPage(c, err)
			return
		}
		s.renderBooking(c, id, bookingPageData{Open: form}, err)
		return
	}
	redirectDone(c, fmt.Sprintf("/admin/bookings/%d", id), done)
}

func (s *Server) bookingReviewForm(c *gin.Context, id int64) {
	in := booking.ReviewInput{Action: c.PostForm("action"), Room: c.PostForm("room"), Divert: c.PostForm("divert"),
		Reason: c.PostForm("reason"), Guidance: c.PostForm("guidance"), Result: c.PostForm("result")}
	in.Version, _ = strconv.ParseInt(c.PostForm("version"), 10, 64)
	s.bookingForm(c, id, "review", "reviewed", func() error {
		_, err := s.Booking.Review(c.Request.Context(), id, in)
		return err
	})
}

func (s *Server) bookingCallForm(c *gin.Context, id int64) {
	s.bookingForm(c, id, "call", "called", func() error {
		_, err := s.Booking.RecordCall(c.Request.Context(), id, c.PostForm("outcome"), c.PostForm("note"))
		return err
	})
}

func (s *Server) bookingParticipantForm(c *gin.Context, id int64) {
	in := booking.ParticipantInput{Kind: c.PostForm("kind"), Unit: c.PostForm("unit"), Username: c.PostForm("username"),
		Contact: c.PostForm("contact"), Phone: c.PostForm("phone")}
	s.bookingForm(c, id, "participant", "participant", func() error {
		_, err := s.Booking.AddParticipant(c.Request.Context(), id, in)
		return err
	})
}

func (s *Server) bookingReceivedForm(c *gin.Context, id int64) {
	s.bookingForm(c, id, "received", "received", func() error {
		_, err := s.Booking.Received(c.Request.Context(), id)
		return err
	})
}

// bookingRevealForm shows the booking's full phone and ID number once (audited).
func (s *Server) bookingRevealForm(c *gin.Context, id int64) {
	phone, idn, err := s.Booking.Reveal(c.Request.Context(), id)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	s.renderBooking(c, id, bookingPageData{Revealed: [2]string{phone, idn}}, nil)
}

type schedulePage struct {
	Slots    []booking.Slot
	Cfg      *booking.Config
	From, To service.Date
}

// schedulePage lists the sessions of the next two weeks with their rooms and capacities; staff
// change a capacity, close a session's room, or add a leader reception day.
func (s *Server) schedulePage(c *gin.Context) { s.renderSchedule(c, nil) }

func (s *Server) renderSchedule(c *gin.Context, formErr error) {
	today := service.DateOf(s.Now())
	d := schedulePage{Cfg: s.Booking.Config(), From: today, To: today.AddDays(14)}
	slots, err := s.Booking.Slots(c.Request.Context(), d.From, d.To)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	d.Slots = slots
	sortSlots(d.Slots, d.Cfg)
	if formErr != nil {
		s.staffPageError(c, "admin_schedule", "接访安排", d, formErr)
		return
	}
	s.staffPage(c, http.StatusOK, "admin_schedule", "接访安排", d)
}

func (s *Server) slotForm(c *gin.Context, id int64) {
	capacity, _ := strconv.Atoi(c.PostForm("capacity"))
	if _, _, err := s.Booking.UpdateSlot(c.Request.Context(), id, capacity, c.PostForm("closed") == "true", c.PostForm("reason")); err != nil {
		if service.ErrorCode(err) == service.EForbidden {
			s.errorPage(c, err)
			return
		}
		s.renderSchedule(c, err)
		return
	}
	redirectDone(c, "/admin/bookings/schedule", "slot_saved")
}

func (s *Server) leaderSessionForm(c *gin.Context) {
	capacity, _ := strconv.Atoi(c.PostForm("capacity"))
	_, err := s.Booking.AddLeaderSession(c.Request.Context(), c.PostForm("day"), c.PostForm("session"), c.PostForm("leader"), c.PostForm("room"), capacity)
	if err != nil {
		if service.ErrorCode(err) == service.EForbidden {
			s.errorPage(c, err)
			return
		}
		s.renderSchedule(c, err)
		return
	}
	redirectDone(c, "/admin/bookings/schedule", "leader_session")
}

type hallPage struct {
	Today   service.Date
	Slots   []booking.Slot
	Waiting []*booking.Booking
	Called  []*booking.Booking
	Cfg     *booking.Config
	Code    string
	Walk    booking.WalkInInput
	Last    *booking.Booking
	Key     string // the walk-in form's key: submitted twice, it registers once
}

// hallPage is the hall's desk: check-in by booking code (a QR scanner types the code), walk-in
// registration, calling the next visitor to a room, and who is waiting.
func (s *Server) hallPage(c *gin.Context) {
	d := hallPage{}
	if id := queryInt(c, "last"); id > 0 {
		if b, err := s.Booking.Get(c.Request.Context(), id); err == nil {
			d.Last = b
		}
	}
	s.renderHall(c, d, nil)
}

func (s *Server) renderHall(c *gin.Context, d hallPage, formErr error) {
	ctx := c.Request.Context()
	d.Today, d.Cfg = service.DateOf(s.Now()), s.Booking.Config()
	if d.Key == "" {
		d.Key = service.RandomToken(12)
	}
	slots, err := s.Booking.Slots(ctx, d.Today, d.Today)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	d.Slots = slots
	sortSlots(d.Slots, d.Cfg)
	for _, st := range []string{booking.StatusCheckedIn, booking.StatusCalled} {
		list, err := s.Booking.List(ctx, booking.Filter{Day: d.Today, Status: st, Limit: 200})
		if err != nil {
			s.errorPage(c, err)
			return
		}
		if st == booking.StatusCheckedIn {
			d.Waiting = list
		} else {
			d.Called = list
		}
	}
	sort.Slice(d.Waiting, func(i, j int) bool { return d.Waiting[i].Queue < d.Waiting[j].Queue })
	if formErr != nil {
		s.staffPageError(c, "admin_hall", "来访大厅", d, formErr)
		return
	}
	s.staffPage(c, http.StatusOK, "admin_hall", "来访大厅", d)
}

func (s *Server) hallCheckInForm(c *gin.Context) {
	code := c.PostForm("code")
	b, err := s.Booking.CheckIn(c.Request.Context(), code)
	if err != nil {
		s.renderHall(c, hallPage{Code: code}, err)
		return
	}
	s.renderHallDone(c, b, "checked_in")
}

func (s *Server) hallWalkInForm(c *gin.Context) {
	in := booking.WalkInInput{Name: c.PostForm("name"), Phone: c.PostForm("phone"), IDNumber: c.PostForm("id_number"),
		Matter: c.PostForm("matter"), District: c.PostForm("district"), Street: c.PostForm("street"), Department: c.PostForm("department"),
		Key: c.PostForm("form_key"), Visitors: atoiOr(c.PostForm("visitors"), 1)}
	b, err := s.Booking.WalkIn(c.Request.Context(), in)
	if err != nil {
		s.renderHall(c, hallPage{Walk: in, Key: in.Key}, err)
		return
	}
	s.renderHallDone(c, b, "walked_in")
}

func (s *Server) hallCallForm(c *gin.Context) {
	b, err := s.Booking.CallNext(c.Request.Context(), c.PostForm("room"))
	if err != nil {
		s.renderHall(c, hallPage{}, err)
		return
	}
	s.renderHallDone(c, b, "called_next")
}

// renderHallDone answers a hall form with the hall page showing what just happened (the
// visitor's queue number or room), by redirect so a reload does not register twice.
func (s *Server) renderHallDone(c *gin.Context, b *booking.Booking, done string) {
	redirectDone(c, fmt.Sprintf("/admin/hall?last=%d", b.ID), done)
}

// sortSlots orders slots by day, then session and room in the configuration's order.
func sortSlots(slots []booking.Slot, cfg *booking.Config) {
	index := func(list []string, v string) int {
		for i, x := range list {
			if x == v {
				return i
			}
		}
		return len(list)
	}
	var sessions []string
	for _, s := range cfg.Sessions {
		sessions = append(sessions, s.Code)
	}
	sort.SliceStable(slots, func(i, j int) bool {
		a, b := slots[i], slots[j]
		if a.Day != b.Day {
			return a.Day < b.Day
		}
		if x, y := index(sessions, a.Session), index(sessions, b.Session); x != y {
			return x < y
		}
		return index(cfg.Rooms, a.Room) < index(cfg.Rooms, b.Room)
	})
}
