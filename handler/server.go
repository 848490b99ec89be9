// Package handler is the HTTP layer: it binds and validates requests, authorizes them, calls one
// service method and renders the answer (JSON for APIs, HTML for pages). All routes are
// registered in routes(), grouped by the middleware they need.
package handler

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
	"github.com/szxinfang/xinfang/service/cases"
	"github.com/szxinfang/xinfang/service/notify"
)

// Checker is a readiness check (the database, the cache…).
type Checker struct {
	Name  string
	Check func(ctx context.Context) error
}

// Server holds what the handlers need. Build it in the composition root and call Handler.
type Server struct {
	Log      *slog.Logger
	Registry *prometheus.Registry
	Ready    []Checker
	Now      func() time.Time

	// The services, each as the interfaces its handlers declare beside them.
	Auth   accounts
	Verify codes
	Outbox outboxView
	WeChat interface {
		wechatAnswers
		wechatInbox
	}
	WeChatProto WeChatProtocol
	Citizens    citizenSessions
	Booking     interface {
		citizenBookings
		staffBookings
	}
	// CaseLookup finds petition cases for pre-visit dossiers.
	CaseLookup booking.CaseLookup
	Cases      interface {
		staffCases
		petitions
	}

	// Units is the directory of offices and units pages name and offer; the rest of the
	// configuration in force is shown to administrators.
	Units     *service.Directory
	Templates *notify.Templates
	Rules     *cases.Rules
	Calendar  *service.Calendar

	// TrustedProxies may set X-Forwarded-For/-Proto (nil: none).
	TrustedProxies []string
	// PublicURL is the external base URL; its origin is trusted for cross-origin checks.
	PublicURL string
	// MaxBodyBytes caps JSON and form bodies.
	MaxBodyBytes int64
	// RequestTimeout bounds each request's work, database and Redis calls included (0: none);
	// LongRequestTimeout is for exports and uploads.
	RequestTimeout, LongRequestTimeout time.Duration
	// WebDir, when set, serves templates and static files from disk (development).
	WebDir string
	// MetricsPublic serves /metrics on this handler (development without an operations
	// listener); otherwise /metrics lives on the operations listener only.
	MetricsPublic bool

	pages   *pages
	metrics *httpMetrics
	csrf    *http.CrossOriginProtection
}

// Handler builds the HTTP handler. It fails only on a bad trusted-proxy list or template.
func (s *Server) Handler() (http.Handler, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.ContextWithFallback = true
	if err := r.SetTrustedProxies(s.TrustedProxies); err != nil {
		return nil, err
	}
	var err error
	if s.pages, err = newPages(s.WebDir, s.pageFuncs()); err != nil {
		return nil, err
	}
	s.metrics = newHTTPMetrics(s.Registry)
	s.csrf = http.NewCrossOriginProtection()
	if s.PublicURL != "" {
		if err := s.csrf.AddTrustedOrigin(s.PublicURL); err != nil {
			return nil, err
		}
	}
	s.csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	s.routes(r)
	return r, nil
}

// routes registers every route, grouped by middleware.
func (s *Server) routes(r *gin.Engine) {
	r.Use(s.recoverer(), s.requestContext(), s.deadline(), s.metrics.middleware(), s.securityHeaders(), s.accessLog(), s.crossOrigin(),
		s.citizenIdentity())
	r.NoRoute(s.notFound)
	r.HandleMethodNotAllowed = true
	r.NoMethod(func(c *gin.Context) {
		s.fail(c, service.Errorf(EMethod, "不支持该请求方法"))
	})

	// Ops: unauthenticated, cheap.
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	if s.MetricsPublic {
		r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{Registry: s.Registry})))
	}
	r.GET("/static/*path", s.static)
	r.GET("/api/openapi.json", s.openAPI)
	r.GET("/", func(c *gin.Context) { c.Redirect(http.StatusFound, "/admin/") })

	// Staff: login is public; everything else needs a session. Cross-origin writes are refused
	// for every route by s.crossOrigin.
	admin := r.Group("/admin", s.limitBody(s.MaxBodyBytes), noStore)
	admin.GET("/login", s.loginPage)
	admin.POST("/login", s.login)
	staff := admin.Group("", s.staffAuth())
	staff.GET("/", s.adminHome)
	staff.GET("/password", s.passwordPage)
	staff.POST("/password", s.changePasswordForm)
	staff.POST("/logout", s.logout)
	staff.GET("/notices/:id", s.withID(s.noticePage))
	staff.GET("/cases", s.casesPage)
	staff.GET("/cases/new", s.caseNewPage)
	staff.POST("/cases/new", s.caseNewSubmit)
	staff.GET("/cases/:id", s.withID(s.casePage))
	staff.POST("/cases/:id/actions/:action", s.withID(s.caseActionForm))
	staff.POST("/cases/:id/edit", s.withID(s.caseEditForm))
	staff.POST("/cases/:id/reveal", s.withID(s.caseRevealForm))
	staff.POST("/merges/:id/undo", s.withID(s.undoMergeForm))
	staff.GET("/dedup", s.dedupPage)
	staff.GET("/screening", s.screeningPage)
	staff.POST("/screening/examples/:id/withdraw", s.withID(s.withdrawScreenExampleForm))
	staff.GET("/bookings", s.bookingsPage)
	staff.GET("/bookings/schedule", s.schedulePage)
	staff.POST("/bookings/schedule/slots/:id", s.withID(s.slotForm))
	staff.POST("/bookings/schedule/leader", s.leaderSessionForm)
	staff.GET("/bookings/:id", s.withID(s.bookingPage))
	staff.POST("/bookings/:id/review", s.withID(s.bookingReviewForm))
	staff.POST("/bookings/:id/calls", s.withID(s.bookingCallForm))
	staff.POST("/bookings/:id/participants", s.withID(s.bookingParticipantForm))
	staff.POST("/bookings/:id/received", s.withID(s.bookingReceivedForm))
	staff.POST("/bookings/:id/reveal", s.withID(s.bookingRevealForm))
	staff.GET("/users", s.usersPage)
	staff.POST("/users", s.createUserForm)
	staff.POST("/users/:username/reset-password", s.resetPasswordForm)
	staff.POST("/users/:username/disable", s.setDisabledForm(true))
	staff.POST("/users/:username/enable", s.setDisabledForm(false))
	staff.GET("/outbox", s.outboxPage)
	staff.POST("/outbox/:id/retry", s.withID(s.requeueForm))
	staff.GET("/audit", s.auditPage)
	staff.GET("/settings", s.settingsPage)
	staff.GET("/supervision", s.supervisionPage)
	staff.GET("/dashboard", s.dashboardPage)
	staff.GET("/hall", s.hallPage)
	staff.POST("/hall/checkin", s.hallCheckInForm)
	staff.POST("/hall/walkin", s.hallWalkInForm)
	staff.POST("/hall/call", s.hallCallForm)
	staff.POST("/dedup/:id", s.withID(s.dedupDecide))

	api := admin.Group("/api", s.staffAuth())
	api.GET("/openapi.json", s.staffOpenAPI)
	api.GET("/me", s.me)
	api.POST("/password", s.changePassword)
	api.POST("/logout", s.logout)
	api.GET("/users", s.listUsers)
	api.POST("/users", s.createUser)
	api.POST("/users/:username/reset-password", s.resetPassword)
	api.POST("/users/:username/disable", s.setDisabled(true))
	api.POST("/users/:username/enable", s.setDisabled(false))
	api.GET("/audit", s.listAudit)
	api.GET("/outbox", s.listOutbox)
	api.POST("/outbox/:id/retry", s.requeueOutbox)
	api.GET("/wechat/messages", s.listWeChatMessages)
	api.GET("/bookings", s.staffListBookings)
	api.GET("/bookings/:id", s.withID(s.staffGetBooking))
	api.GET("/bookings/:id/dossier", s.withID(s.staffDossier))
	api.POST("/bookings/:id/reveal", s.withID(s.staffReveal))
	api.POST("/bookings/:id/review", s.withID(s.staffReview))
	api.POST("/bookings/:id/calls", s.withID(s.staffRecordCall))
	api.POST("/bookings/:id/participants", s.withID(s.staffAddParticipant))
	api.POST("/bookings/:id/received", s.withID(s.staffReceived))
	api.GET("/booking/slots", s.staffSlots)
	api.POST("/booking/slots/:id", s.withID(s.staffUpdateSlot))
	api.POST("/booking/leader-sessions", s.staffAddLeaderSession)
	api.GET("/booking/stats", s.staffStats)
	api.POST("/hall/checkin", s.hallCheckIn)
	api.POST("/hall/walkins", s.hallWalkIn)
	api.POST("/hall/call", s.hallCallNext)
	api.POST("/cases", s.registerCase)
	api.GET("/cases", s.listCases)
	api.GET("/cases/export", s.exportCases)
	api.GET("/cases/:id", s.withID(s.getCase))
	api.POST("/cases/:id/edit", s.withID(s.editCase))
	api.POST("/cases/:id/merge", s.withID(s.mergeCases))
	api.POST("/cases/:id/actions/:action", s.withID(s.caseAction))
	api.POST("/cases/:id/reveal", s.withID(s.revealCasePhone))
	api.GET("/cases/stats", s.caseStats)
	api.GET("/notices/:id", s.withID(s.getNotice))
	api.GET("/reminders", s.listReminders)
	api.GET("/supervisions", s.listSupervisions)
	api.GET("/screening/examples", s.listScreenExamples)
	api.POST("/screening/examples/:id/withdraw", s.withID(s.withdrawScreenExample))
	api.POST("/merges/:id/undo", s.withID(s.undoMerge))
	api.GET("/dedup/reviews", s.listReviews)
	api.POST("/dedup/reviews/:id", s.withID(s.decideReview))
	api.GET("/attachments/:id", s.withID(s.downloadAttachment))
	uploads := r.Group("/admin/api", s.limitBody(3*cases.MaxAttachment+1<<20), noStore, s.staffAuth())
	uploads.POST("/cases/:id/attachments", s.withID(s.uploadAttachment))

	// The hall's call board: masked names only, for the screen in the hall.
	r.GET("/hall/board", s.hallBoard)
	r.GET("/hall/board.json", s.hallBoardJSON)

	// The official account's server URL: signature-checked, its own body limit.
	r.GET("/wechat/callback", s.wechatVerify)
	r.POST("/wechat/callback", s.wechatCallback)

	// Citizen pages (H5), opened from the official account's menu or a browser.
	h5 := r.Group("/h5", s.limitBody(s.MaxBodyBytes), noStore)
	h5.GET("/", s.h5Home)
	h5.GET("/login", s.h5LoginPage)
	h5.POST("/login/code", s.h5LoginCode)
	h5.POST("/login", s.h5Login)
	h5.POST("/logout", s.h5Logout)
	h5.GET("/oauth/start", s.h5OAuthStart)
	h5.GET("/oauth/callback", s.h5OAuthCallback)
	h5.GET("/booking", s.h5BookingPage)
	h5.POST("/booking/code", s.h5BookingCode)
	h5.POST("/booking", s.h5BookingSubmit)
	h5.GET("/petition", s.h5PetitionPage)
	h5.POST("/petition/code", s.h5PetitionCode)
	h5.GET("/guide", s.h5Guide)
	h5.GET("/progress", s.h5ProgressPage)
	h5.POST("/progress/rate", s.h5ProgressRate)
	h5.POST("/progress/review", s.h5ProgressReview)
	h5up := r.Group("/h5", s.limitBody(3*cases.MaxAttachment+1<<20), noStore)
	h5up.POST("/petition", s.h5PetitionSubmit)
	h5.GET("/petition/done", s.h5PetitionDone)
	h5my := h5.Group("/my", s.citizenPage())
	h5my.GET("/bookings", s.h5MyBookings)
	h5my.GET("/bookings/:code/cancel", s.h5ConfirmCancel)
	h5my.POST("/bookings/:code/cancel", s.h5CancelBooking)
	h5my.POST("/bookings/:code/reschedule", s.h5RescheduleBooking)
	h5my.GET("/bookings/:code/qr.png", s.h5BookingQR)
	h5my.GET("/cases", s.h5MyCases)
	h5my.POST("/cases/:case_no/rate", s.h5RateMine)
	h5my.POST("/cases/:case_no/review", s.h5ReviewMine)

	// Citizen API (mini-program and H5 pages).
	citizen := r.Group("/api/v1", s.limitBody(s.MaxBodyBytes), noStore)
	citizen.POST("/sms/code", s.sendSMSCode)
	citizen.POST("/mp/login", s.mpLogin)
	citizen.POST("/login/phone", s.phoneLogin)
	citizen.GET("/booking/sessions", s.bookingSessions)
	citizen.POST("/bookings", s.createBooking)
	citizen.POST("/petitions", s.submitPetition)
	citizen.GET("/cases/progress", s.caseProgress)
	citizen.POST("/cases/rate", s.rateByQueryCode)
	citizen.POST("/cases/review", s.reviewByQueryCode)
	mine := citizen.Group("", s.citizenAPI())
	mine.GET("/bookings", s.myBookings)
	mine.POST("/bookings/:code/cancel", s.cancelBooking)
	mine.POST("/bookings/:code/reschedule", s.rescheduleBooking)
	mine.GET("/my/cases", s.myCases)
	mine.POST("/my/cases/:case_no/rate", s.rateMine)
	mine.POST("/my/cases/:case_no/review", s.reviewMine)
}

func noStore(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Next()
}

func (s *Server) healthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.String(http.StatusOK, "ok\n")
}

// readyz answers 503 when the database or the cache cannot be reached, so a load balancer stops
// sending traffic to this instance.
func (s *Server) readyz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	status := http.StatusOK
	checks := gin.H{}
	for _, ch := range s.Ready {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		err := ch.Check(ctx)
		cancel()
		if err != nil {
			status = http.StatusServiceUnavailable
			checks[ch.Name] = "unavailable"
			s.Log.WarnContext(c.Request.Context(), "readiness check failed", "check", ch.Name, "err", err)
			continue
		}
		checks[ch.Name] = "ok"
	}
	state := "ok"
	if status != http.StatusOK {
		state = "unavailable"
	}
	c.JSON(status, gin.H{"status": state, "checks": checks})
}
