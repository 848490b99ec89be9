package handler

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
	"github.com/szxinfang/xinfang/service/citizen"
)

// citizenBookings is what citizens' booking pages and API use.
type citizenBookings interface {
	Offers(ctx context.Context) ([]booking.SessionOffer, error)
	Window() (first, last service.Date)
	Book(ctx context.Context, who *citizen.Session, in booking.Input, idemKey, ip string) (*booking.Booking, error)
	Mine(ctx context.Context, who *citizen.Session) ([]*booking.Booking, error)
	Cancel(ctx context.Context, who *citizen.Session, code string) (*booking.Booking, error)
	Reschedule(ctx context.Context, who *citizen.Session, code, day, session string) (*booking.Booking, error)
	SessionName(code string) string
	Districts() map[string][]string
}

// citizenBookingJSON is a booking as its citizen sees it.
type citizenBookingJSON struct {
	Code        string    `json:"code"`
	Status      string    `json:"status"`
	StatusName  string    `json:"status_name"`
	Day         string    `json:"day"`
	DayLabel    string    `json:"day_label"`
	Session     string    `json:"session"`
	SessionName string    `json:"session_name"`
	Room        string    `json:"room,omitempty"`
	Leader      string    `json:"leader,omitempty"`
	Name        string    `json:"name"`
	Phone       string    `json:"phone"`
	Matter      string    `json:"matter"`
	District    string    `json:"district"`
	Street      string    `json:"street,omitempty"`
	Department  string    `json:"department,omitempty"`
	Reason      string    `json:"reason,omitempty"`
	Guidance    string    `json:"guidance,omitempty"`
	CanChange   bool      `json:"can_change"`
	CreatedAt   time.Time `json:"created_at"`
}

func (s *Server) citizenBookingView(b *booking.Booking) citizenBookingJSON {
	sess := s.sessionName(b.Session)
	return citizenBookingJSON{Code: b.Code, Status: b.Status, StatusName: booking.StatusNames[b.Status], Day: string(b.Day),
		DayLabel: b.Day.Chinese(), Session: b.Session, SessionName: sess, Room: b.Room, Leader: b.Leader, Name: b.Name,
		Phone: service.MaskPhone(b.Phone), Matter: b.Matter, District: b.District, Street: b.Street, Department: b.Department,
		Reason: b.Reason, Guidance: b.Guidance, CanChange: b.Status == booking.StatusPending || b.Status == booking.StatusConfirmed,
		CreatedAt: b.CreatedAt}
}

func (s *Server) sessionName(code string) string {
	if name := s.Booking.SessionName(code); name != "" {
		return name
	}
	return code
}

// bookingSessions lists bookable sessions and the choices of the form (districts, streets).
func (s *Server) bookingSessions(c *gin.Context) {
	offers, err := s.Booking.Offers(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	first, last := s.Booking.Window()
	c.JSON(http.StatusOK, gin.H{"sessions": offers, "first_day": first, "last_day": last, "districts": s.Booking.Districts()})
}

// createBooking books a reception (mini-program or any API client). A retried request with the
// same Idempotency-Key returns the first answer.
func (s *Server) createBooking(c *gin.Context) {
	var in booking.Input
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	b, err := s.Booking.Book(c.Request.Context(), s.citizenSession(c), in, c.GetHeader("Idempotency-Key"), c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"booking": s.citizenBookingView(b)})
}

func (s *Server) myBookings(c *gin.Context) {
	list, err := s.Booking.Mine(c.Request.Context(), s.citizenSession(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]citizenBookingJSON, len(list))
	for i, b := range list {
		out[i] = s.citizenBookingView(b)
	}
	c.JSON(http.StatusOK, gin.H{"bookings": out})
}

func (s *Server) cancelBooking(c *gin.Context) {
	b, err := s.Booking.Cancel(c.Request.Context(), s.citizenSession(c), c.Param("code"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"booking": s.citizenBookingView(b)})
}

type rescheduleRequest struct {
	Day     string `json:"day"`
	Session string `json:"session"`
}

func (s *Server) rescheduleBooking(c *gin.Context) {
	var req rescheduleRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	b, err := s.Booking.Reschedule(c.Request.Context(), s.citizenSession(c), c.Param("code"), req.Day, req.Session)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"booking": s.citizenBookingView(b)})
}

type phoneLoginRequest struct {
	Phone string `json:"phone"`
	Code  string `json:"code"`
}

// phoneLogin signs a citizen in with phone + SMS code and returns a bearer token (API clients).
func (s *Server) phoneLogin(c *gin.Context) {
	var req phoneLoginRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	sess, err := s.Citizens.PhoneLogin(c.Request.Context(), req.Phone, req.Code)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"token": sess.ID, "expires_in": int(s.Citizens.SessionTTL().Seconds())})
}

// bookingForm is what the H5 form shows and keeps between submits.
type bookingForm struct {
	In        booking.Input
	Offers    []booking.SessionOffer
	Days      []bookingDay // the days to choose from, then the session
	Districts []string
	Streets   map[string][]string
	Verified  bool // the session has verified this phone: no code needed
	CodeSent  bool
	Walkin    bool
	Choice    string // day|session|leader of the chosen session
	DayChoice string // the chosen day (or day|session|leader of a leader session)
	Nearest   []booking.SessionOffer
}

func (s *Server) bookingFormData(c *gin.Context, in booking.Input) (*bookingForm, error) {
	offers, err := s.Booking.Offers(c.Request.Context())
	if err != nil {
		return nil, err
	}
	f := &bookingForm{In: in, Offers: offers, Streets: s.Booking.Districts(), Walkin: c.Query("walkin") == "1" || c.PostForm("walkin") == "1"}
	for _, d := range districtOrder {
		if _, ok := s.Booking.Districts()[d]; ok {
			f.Districts = append(f.Districts, d)
		}
	}
	if sess := s.citizenSession(c); sess != nil && sess.Phone != "" {
		f.Verified = true
		if f.In.Phone == "" {
			f.In.Phone = sess.Phone
		}
	}
	f.Choice = in.Day + "|" + in.Session + "|" + in.Leader
	// One choice per day (then 上午/下午), leader reception sessions as choices of their own.
	byDay := map[string]*bookingDay{}
	for _, o := range offers {
		if o.Leader != "" {
			f.Days = append(f.Days, bookingDay{Value: string(o.Day) + "|" + o.Session + "|" + o.Leader, Label: o.DayLabel + o.SessionName +
				" 领导接访日（" + o.Leader + "）", Free: o.Free})
			continue
		}
		d := byDay[string(o.Day)]
		if d == nil {
			f.Days = append(f.Days, bookingDay{Value: string(o.Day), Label: o.DayLabel})
			d = &f.Days[len(f.Days)-1]
			byDay[string(o.Day)] = d
		}
		d.Free += o.Free
	}
	for i := range f.Days {
		if f.Days[i].Free == 0 {
			f.Days[i].Label += "（已约满）"
		}
	}
	f.DayChoice = in.Day
	if in.Leader != "" {
		f.DayChoice = f.Choice
	}
	return f, nil
}

// bookingDay is one choice of the form's day list.
type bookingDay struct {
	Value, Label string
	Free         int
}

// districtOrder is the order districts appear in forms.
var districtOrder = []string{"福田区", "罗湖区", "南山区", "盐田区", "宝安区", "龙岗区", "龙华区", "坪山区", "光明区", "大鹏新区", "深汕特别合作区"}

func formBooking(c *gin.Context) booking.Input {
	day, session, leader := "", "", ""
	// A day and a session (the form), a leader session's day|session|leader, or a slot of both.
	slot := c.PostForm("slot")
	if v := c.PostForm("day"); v != "" {
		slot = v
		if !strings.Contains(v, "|") {
			slot = v + "|" + c.PostForm("session") + "|"
		}
	}
	if parts := strings.SplitN(slot, "|", 3); len(parts) == 3 {
		day, session, leader = parts[0], parts[1], parts[2]
	}
	return booking.Input{Name: c.PostForm("name"), Phone: c.PostForm("phone"), Code: c.PostForm("code"),
		IDNumber: c.PostForm("id_number"), Matter: c.PostForm("matter"), District: c.PostForm("district"), Street: c.PostForm("street"),
		Department: c.PostForm("department"), History: c.PostForm("history"), EarlierCases: c.PostForm("earlier_cases"),
		Day: day, Session: session, Leader: leader, Visitors: atoiOr(c.PostForm("visitors"), 1)}
}

// atoiOr reads a form number, def when it is empty (a non-number reads as 0, refused later).
func atoiOr(v string, def int) int {
	if strings.TrimSpace(v) == "" {
		return def
	}
	n, _ := strconv.Atoi(strings.TrimSpace(v))
	return n
}

func (s *Server) h5BookingPage(c *gin.Context) {
	f, err := s.bookingFormData(c, booking.Input{History: "first"})
	if err != nil {
		s.errorPage(c, err)
		return
	}
	s.render(c, http.StatusOK, "h5_booking", pageData{Data: f})
}

// h5BookingCode sends the verification code and shows the form again with everything kept.
func (s *Server) h5BookingCode(c *gin.Context) {
	in := formBooking(c)
	f, err := s.bookingFormData(c, in)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	s.pageCode(c, citizen.PurposeBooking, in.Phone, "h5_booking", f, func() { f.CodeSent = true })
}

func (s *Server) h5BookingSubmit(c *gin.Context) {
	in := formBooking(c)
	key := c.PostForm("idempotency_key")
	b, err := s.Booking.Book(c.Request.Context(), s.citizenSession(c), in, key, c.ClientIP())
	if err != nil {
		f, ferr := s.bookingFormData(c, in)
		if ferr != nil {
			s.errorPage(c, ferr)
			return
		}
		e := service.AsError(err)
		f.CodeSent = in.Code != ""
		if data, ok := e.Data.(map[string]any); ok {
			f.Nearest, _ = data["nearest"].([]booking.SessionOffer)
		}
		msg, fields := formErrors(err)
		s.render(c, statusOf(e.Code), "h5_booking", pageData{Error: msg, Errors: fields, Data: f})
		return
	}
	// The phone is proven now: keep the citizen signed in to see and change the booking.
	if sess := s.citizenSession(c); sess == nil || sess.Phone != b.Phone {
		if ns, err := s.Citizens.StartVerified(c.Request.Context(), b.Phone); err == nil {
			s.setCitizenCookie(c, citizenCookie, ns.ID, int(s.Citizens.SessionTTL().Seconds()))
		}
	}
	c.Redirect(http.StatusSeeOther, "/h5/my/bookings?new="+url.QueryEscape(b.Code))
}

type myBookingsPage struct {
	Bookings []citizenBookingJSON
	Offers   []booking.SessionOffer
	New      string
}

func (s *Server) h5MyBookings(c *gin.Context) {
	flash := ""
	switch code := c.Query("code"); c.Query("done") {
	case "cancelled":
		flash = "预约 " + code + " 已取消。"
	case "rescheduled":
		flash = "预约 " + code + " 已改期，工作人员会重新审核并以短信通知您。"
	}
	s.renderMyBookings(c, http.StatusOK, "", "", flash)
}

// h5ConfirmCancel asks before cancelling: one tap must not cancel a visit.
func (s *Server) h5ConfirmCancel(c *gin.Context) {
	list, err := s.Booking.Mine(c.Request.Context(), s.citizenSession(c))
	if err != nil {
		s.errorPage(c, err)
		return
	}
	for _, b := range list {
		if b.Code == c.Param("code") {
			s.render(c, http.StatusOK, "h5_cancel", pageData{Data: s.citizenBookingView(b)})
			return
		}
	}
	s.errorPage(c, service.Errorf(service.ENotFound, "未找到该预约"))
}

func (s *Server) renderMyBookings(c *gin.Context, status int, errMsg, field, flash string) {
	list, err := s.Booking.Mine(c.Request.Context(), s.citizenSession(c))
	if err != nil {
		s.errorPage(c, err)
		return
	}
	offers, err := s.Booking.Offers(c.Request.Context())
	if err != nil {
		s.errorPage(c, err)
		return
	}
	d := myBookingsPage{Offers: offers, New: c.Query("new")}
	for _, b := range list {
		d.Bookings = append(d.Bookings, s.citizenBookingView(b))
	}
	if d.New != "" && flash == "" {
		flash = "预约已提交（预约码 " + d.New + "），确认短信已发送。工作人员审核后会再以短信通知您。"
	}
	s.render(c, status, "h5_my_bookings", pageData{Error: errMsg, Field: field, Flash: flash, Data: d})
}

func (s *Server) h5CancelBooking(c *gin.Context) {
	b, err := s.Booking.Cancel(c.Request.Context(), s.citizenSession(c), c.Param("code"))
	if err != nil {
		e := service.AsError(err)
		s.renderMyBookings(c, statusOf(e.Code), e.Message, e.Field, "")
		return
	}
	c.Redirect(http.StatusSeeOther, "/h5/my/bookings?done=cancelled&code="+url.QueryEscape(b.Code))
}

func (s *Server) h5RescheduleBooking(c *gin.Context) {
	parts := strings.SplitN(c.PostForm("slot"), "|", 3)
	if len(parts) != 3 {
		s.renderMyBookings(c, http.StatusUnprocessableEntity, "请选择新的来访时段", "slot", "")
		return
	}
	b, err := s.Booking.Reschedule(c.Request.Context(), s.citizenSession(c), c.Param("code"), parts[0], parts[1])
	if err != nil {
		e := service.AsError(err)
		s.renderMyBookings(c, statusOf(e.Code), e.Message, e.Field, "")
		return
	}
	c.Redirect(http.StatusSeeOther, "/h5/my/bookings?done=rescheduled&code="+url.QueryEscape(b.Code))
}

// h5BookingQR is the booking's QR code (its booking code) for check-in at the hall.
func (s *Server) h5BookingQR(c *gin.Context) {
	list, err := s.Booking.Mine(c.Request.Context(), s.citizenSession(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, b := range list {
		if b.Code == c.Param("code") {
			png, err := qrcode.Encode(b.Code, qrcode.Medium, 256)
			if err != nil {
				s.fail(c, service.Internal(err))
				return
			}
			c.Header("Cache-Control", "private, no-store")
			c.Data(http.StatusOK, "image/png", png)
			return
		}
	}
	s.fail(c, service.Errorf(service.ENotFound, "未找到该预约"))
}

type leaderSessionRequest struct {
	Day      string `json:"day"`
	Session  string `json:"session"`
	Leader   string `json:"leader"`
	Room     string `json:"room"`
	Capacity int    `json:"capacity"`
}

// staffAddLeaderSession adds a leader reception session (领导接访日).
func (s *Server) staffAddLeaderSession(c *gin.Context) {
	var req leaderSessionRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	sl, err := s.Booking.AddLeaderSession(c.Request.Context(), req.Day, req.Session, req.Leader, req.Room, req.Capacity)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"slot": sl})
}
