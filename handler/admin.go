package handler

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/staff"
)

// accounts is what the staff sign-in and account handlers use.
type accounts interface {
	Login(ctx context.Context, username, password, ip string) (*staff.Session, *service.User, error)
	Authenticate(ctx context.Context, id string) (*service.User, *staff.Session, error)
	Logout(ctx context.Context, id string) error
	ChangePassword(ctx context.Context, u *service.User, oldPw, newPw string) (*staff.Session, error)
	CreateUser(ctx context.Context, in staff.NewUserInput) (*service.User, string, error)
	ResetPassword(ctx context.Context, username string) (string, error)
	SetDisabled(ctx context.Context, username string, disabled bool) (*service.User, error)
	ListUsers(ctx context.Context) ([]*service.User, error)
	ListAudit(ctx context.Context, f service.AuditFilter) ([]service.AuditEntry, error)
	RecordDenied(ctx context.Context, method, path string) error
}

const staffCookie = "xf_staff"

func (s *Server) setSessionCookie(c *gin.Context, id string) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: staffCookie, Value: id, Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: staffCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode,
	})
}

// paths a user who must change their password may still reach.
var passwordChangePaths = map[string]bool{
	"/admin/password": true, "/admin/api/password": true, "/admin/logout": true, "/admin/api/logout": true, "/admin/api/me": true,
}

// staffAuth requires a live staff session. Pages redirect to the login page; the API answers
// 401. An account that must change its password can reach only the password pages.
func (s *Server) staffAuth() gin.HandlerFunc {
	return func(c *gin.Context) {
		api := strings.HasPrefix(c.FullPath(), "/admin/api/")
		id, _ := c.Cookie(staffCookie)
		u, sess, err := s.Auth.Authenticate(c.Request.Context(), id)
		if err != nil {
			if service.ErrorCode(err) == service.EUnauthorized && id != "" {
				s.clearSessionCookie(c)
			}
			if api {
				s.fail(c, err)
				return
			}
			if service.ErrorCode(err) != service.EUnauthorized {
				s.errorPage(c, err)
				return
			}
			c.Redirect(http.StatusSeeOther, "/admin/login?next="+c.Request.URL.EscapedPath())
			c.Abort()
			return
		}
		ctx := service.WithActor(c.Request.Context(), service.Actor{UserID: u.ID, Username: u.Username, IP: c.ClientIP(), User: u})
		c.Request = c.Request.WithContext(ctx)
		c.Set("session", sess)
		if u.MustChangePassword && !passwordChangePaths[c.FullPath()] {
			if api {
				s.fail(c, service.Errorf(service.EPasswordOld, staff.MsgMustChangePass))
				return
			}
			c.Redirect(http.StatusSeeOther, "/admin/password")
			c.Abort()
			return
		}
		c.Next()
	}
}

func currentUser(c *gin.Context) *service.User { return service.ActorFrom(c.Request.Context()).User }

// safeNext keeps post-login redirects inside the staff pages.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/admin/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\") {
		return next
	}
	return "/admin/"
}

func (s *Server) loginPage(c *gin.Context) {
	s.render(c, http.StatusOK, "admin_login", pageData{Data: safeNext(c.Query("next"))})
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// login accepts the login form or JSON. Success replaces any existing session with a new one.
func (s *Server) login(c *gin.Context) {
	var req loginRequest
	isJSON := strings.HasPrefix(c.ContentType(), "application/json")
	if isJSON {
		if err := bindJSON(c, &req); err != nil {
			s.fail(c, err)
			return
		}
	} else {
		req.Username, req.Password = c.PostForm("username"), c.PostForm("password")
	}
	ctx := c.Request.Context()
	if old, _ := c.Cookie(staffCookie); old != "" {
		_ = s.Auth.Logout(ctx, old)
	}
	sess, u, err := s.Auth.Login(ctx, req.Username, req.Password, c.ClientIP())
	if err != nil {
		if isJSON {
			s.fail(c, err)
			return
		}
		e := service.AsError(err)
		if e.RetryAfter > 0 {
			c.Header("Retry-After", strconv.Itoa(int(e.RetryAfter/time.Second)+1))
		}
		s.render(c, statusOf(e.Code), "admin_login", pageData{Error: e.Message, Field: "username", Data: safeNext(c.PostForm("next"))})
		return
	}
	s.setSessionCookie(c, sess.ID)
	if isJSON {
		c.JSON(http.StatusOK, gin.H{"user": userView(u)})
		return
	}
	next := safeNext(c.PostForm("next"))
	if u.MustChangePassword {
		next = "/admin/password"
	}
	c.Redirect(http.StatusSeeOther, next)
}

func (s *Server) logout(c *gin.Context) {
	id, _ := c.Cookie(staffCookie)
	if err := s.Auth.Logout(c.Request.Context(), id); err != nil {
		s.fail(c, err)
		return
	}
	s.clearSessionCookie(c)
	if strings.HasPrefix(c.FullPath(), "/admin/api/") {
		c.Status(http.StatusNoContent)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/login")
}

func (s *Server) passwordPage(c *gin.Context) {
	s.render(c, http.StatusOK, "admin_password", pageData{})
}

func (s *Server) changePasswordForm(c *gin.Context) {
	sess, err := s.Auth.ChangePassword(c.Request.Context(), currentUser(c), c.PostForm("old_password"), c.PostForm("new_password"))
	if err != nil {
		e := service.AsError(err)
		s.render(c, statusOf(e.Code), "admin_password", pageData{Error: e.Message, Field: e.Field})
		return
	}
	s.setSessionCookie(c, sess.ID)
	c.Redirect(http.StatusSeeOther, "/admin/")
}

type passwordRequest struct {
	OldPassword string `json:"old_password"`
	NewPassword string `json:"new_password"`
}

func (s *Server) changePassword(c *gin.Context) {
	var req passwordRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	sess, err := s.Auth.ChangePassword(c.Request.Context(), currentUser(c), req.OldPassword, req.NewPassword)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setSessionCookie(c, sess.ID)
	c.Status(http.StatusNoContent)
}

func (s *Server) me(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"user": userView(currentUser(c))})
}

// userJSON is a staff account as the API shows it (never the password hash).
type userJSON struct {
	ID                 int64     `json:"id"`
	Username           string    `json:"username"`
	DisplayName        string    `json:"display_name"`
	Roles              []string  `json:"roles"`
	Office             string    `json:"office"`
	Department         string    `json:"department"`
	Disabled           bool      `json:"disabled"`
	MustChangePassword bool      `json:"must_change_password"`
	CreatedAt          time.Time `json:"created_at"`
}

func userView(u *service.User) userJSON {
	roles := make([]string, len(u.Roles))
	for i, r := range u.Roles {
		roles[i] = string(r)
	}
	return userJSON{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Roles: roles, Office: u.Office,
		Department: u.Department, Disabled: u.Disabled, MustChangePassword: u.MustChangePassword, CreatedAt: u.CreatedAt}
}

func (s *Server) listUsers(c *gin.Context) {
	users, err := s.Auth.ListUsers(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]userJSON, len(users))
	for i, u := range users {
		out[i] = userView(u)
	}
	c.JSON(http.StatusOK, gin.H{"users": out})
}

type createUserRequest struct {
	Username    string   `json:"username"`
	DisplayName string   `json:"display_name"`
	Roles       []string `json:"roles"`
	Office      string   `json:"office"`
	Department  string   `json:"department"`
}

func (s *Server) createUser(c *gin.Context) {
	var req createUserRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	in := staff.NewUserInput{Username: req.Username, DisplayName: req.DisplayName, Office: req.Office, Department: req.Department}
	for _, r := range req.Roles {
		role, ok := service.ParseRole(r)
		if !ok {
			s.fail(c, service.Invalid("roles", staff.MsgRoleBad))
			return
		}
		in.Roles = append(in.Roles, role)
	}
	u, pw, err := s.Auth.CreateUser(c.Request.Context(), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"user": userView(u), "initial_password": pw})
}

func (s *Server) resetPassword(c *gin.Context) {
	pw, err := s.Auth.ResetPassword(c.Request.Context(), c.Param("username"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"initial_password": pw})
}

func (s *Server) setDisabled(disabled bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, err := s.Auth.SetDisabled(c.Request.Context(), c.Param("username"), disabled)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"user": userView(u)})
	}
}

func (s *Server) listAudit(c *gin.Context) {
	var f service.AuditFilter
	var err error
	parseInt := func(name string) int64 {
		if err != nil || c.Query(name) == "" {
			return 0
		}
		var n int64
		n, err = strconv.ParseInt(c.Query(name), 10, 64)
		if err != nil {
			err = &service.Error{Code: EBadRequest, Field: name, Message: "参数 " + name + " 须为整数"}
		}
		return n
	}
	f.ActorID, f.BeforeID, f.Limit = parseInt("actor_id"), parseInt("before_id"), int(parseInt("limit"))
	f.Action, f.TargetType, f.TargetID = c.Query("action"), c.Query("target_type"), c.Query("target_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	entries, err := s.Auth.ListAudit(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	if entries == nil {
		entries = []service.AuditEntry{}
	}
	c.JSON(http.StatusOK, gin.H{"entries": entries})
}
