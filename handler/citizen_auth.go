package handler

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/citizen"
	"github.com/szxinfang/xinfang/service/wechat"
)

// citizenSessions signs citizens in and out.
type citizenSessions interface {
	Session(ctx context.Context, id string) (*citizen.Session, error)
	End(ctx context.Context, id string) error
	OAuthStart(redirectURI string) (authURL, state string, err error)
	OAuthFinish(ctx context.Context, code, state, wantState string) (*citizen.Session, error)
	PhoneLogin(ctx context.Context, phone, code string) (*citizen.Session, error)
	StartVerified(ctx context.Context, phone string) (*citizen.Session, error)
	MPLogin(ctx context.Context, code string) (*citizen.Session, error)
	SessionTTL() time.Duration
	HasOAuth() bool
}

// wechatInbox shows staff what the official account received.
type wechatInbox interface {
	Messages(ctx context.Context, openID string, beforeID int64, limit int) ([]wechat.Record, error)
}

const (
	citizenCookie = "xf_citizen"
	oauthCookie   = "xf_oauth"
)

func (s *Server) setCitizenCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true, Secure: true,
		SameSite: http.SameSiteLaxMode})
}

// inWeChat reports whether the page is opened inside WeChat's browser.
func inWeChat(c *gin.Context) bool {
	return strings.Contains(c.GetHeader("User-Agent"), "MicroMessenger")
}

// safeH5Next keeps redirects inside the citizen pages.
func safeH5Next(next string) string {
	if strings.HasPrefix(next, "/h5/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\") {
		return next
	}
	return "/h5/"
}

// citizenSession returns the citizen's session found by citizenIdentity, or nil.
func (s *Server) citizenSession(c *gin.Context) *citizen.Session {
	if v, ok := c.Get("citizen"); ok {
		return v.(*citizen.Session)
	}
	return nil
}

// citizenIdentity looks up the citizen's session from the bearer token (mini-program) or the
// cookie (H5). An expired or unknown one is no session; but when the session store cannot be
// reached the request is answered 503 at once — a signed-in citizen must not be told to enter
// an SMS code because Redis is down.
func (s *Server) citizenIdentity() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := ""
		if h := c.GetHeader("Authorization"); strings.HasPrefix(h, "Bearer ") {
			id = strings.TrimPrefix(h, "Bearer ")
		} else if !strings.HasPrefix(c.Request.URL.Path, "/admin") {
			id, _ = c.Cookie(citizenCookie)
		}
		if id == "" || s.Citizens == nil {
			c.Next()
			return
		}
		sess, err := s.Citizens.Session(c.Request.Context(), id)
		switch {
		case err == nil:
			c.Set("citizen", sess)
		case service.ErrorCode(err) != service.EUnauthorized:
			if strings.HasPrefix(c.Request.URL.Path, "/api/") {
				s.fail(c, err)
			} else {
				s.errorPage(c, err)
			}
			return
		}
		c.Next()
	}
}

// citizenPage requires a signed-in citizen for a page: inside WeChat through web authorization
// (silent, snsapi_base), elsewhere through phone + SMS code.
func (s *Server) citizenPage() gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.citizenSession(c) != nil {
			c.Next()
			return
		}
		next := url.QueryEscape(c.Request.URL.RequestURI())
		if inWeChat(c) && s.Citizens.HasOAuth() {
			c.Redirect(http.StatusFound, "/h5/oauth/start?next="+next)
		} else {
			c.Redirect(http.StatusFound, "/h5/login?next="+next)
		}
		c.Abort()
	}
}

// citizenAPI requires a citizen session for the JSON API (401 otherwise).
func (s *Server) citizenAPI() gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.citizenSession(c) == nil {
			s.fail(c, service.Errorf(service.EUnauthorized, "请先登录"))
			return
		}
		c.Next()
	}
}

func (s *Server) h5Home(c *gin.Context) {
	s.render(c, http.StatusOK, "h5_home", pageData{})
}

type loginPageData struct {
	Next     string
	Phone    string
	CodeSent bool
}

func (s *Server) h5LoginPage(c *gin.Context) {
	s.render(c, http.StatusOK, "h5_login", pageData{Data: loginPageData{Next: safeH5Next(c.Query("next"))}})
}

// h5LoginCode sends the login code (the form works without JavaScript: step one).
func (s *Server) h5LoginCode(c *gin.Context) {
	d := loginPageData{Next: safeH5Next(c.PostForm("next")), Phone: c.PostForm("phone")}
	s.pageCode(c, citizen.PurposeLogin, d.Phone, "h5_login", &d, func() { d.CodeSent = true })
}

func (s *Server) h5Login(c *gin.Context) {
	d := loginPageData{Next: safeH5Next(c.PostForm("next")), Phone: c.PostForm("phone"), CodeSent: true}
	sess, err := s.Citizens.PhoneLogin(c.Request.Context(), d.Phone, c.PostForm("code"))
	if err != nil {
		e := service.AsError(err)
		s.render(c, statusOf(e.Code), "h5_login", pageData{Error: e.Message, Field: e.Field, Data: d})
		return
	}
	s.setCitizenCookie(c, citizenCookie, sess.ID, int(s.Citizens.SessionTTL().Seconds()))
	c.Redirect(http.StatusSeeOther, d.Next)
}

// h5OAuthStart sends the browser to WeChat's authorization page; the state goes into a
// short-lived cookie and must come back unchanged (CSRF).
func (s *Server) h5OAuthStart(c *gin.Context) {
	next := safeH5Next(c.Query("next"))
	authURL, state, err := s.Citizens.OAuthStart(s.PublicURL + "/h5/oauth/callback")
	if err != nil {
		s.errorPage(c, err)
		return
	}
	s.setCitizenCookie(c, oauthCookie, state+"|"+next, 600)
	c.Redirect(http.StatusFound, authURL)
}

func (s *Server) h5OAuthCallback(c *gin.Context) {
	kept, _ := c.Cookie(oauthCookie)
	wantState, next, _ := strings.Cut(kept, "|")
	s.setCitizenCookie(c, oauthCookie, "", -1)
	sess, err := s.Citizens.OAuthFinish(c.Request.Context(), c.Query("code"), c.Query("state"), wantState)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	s.setCitizenCookie(c, citizenCookie, sess.ID, int(s.Citizens.SessionTTL().Seconds()))
	c.Redirect(http.StatusFound, safeH5Next(next))
}

func (s *Server) h5Logout(c *gin.Context) {
	id, _ := c.Cookie(citizenCookie)
	_ = s.Citizens.End(c.Request.Context(), id)
	s.setCitizenCookie(c, citizenCookie, "", -1)
	c.Redirect(http.StatusSeeOther, "/h5/")
}

type mpLoginRequest struct {
	Code string `json:"code"`
}

// mpLogin exchanges wx.login's code for our session token. The session_key stays on the server.
func (s *Server) mpLogin(c *gin.Context) {
	var req mpLoginRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	sess, err := s.Citizens.MPLogin(c.Request.Context(), req.Code)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"token": sess.ID, "expires_in": int(s.Citizens.SessionTTL().Seconds())})
}

func (s *Server) listWeChatMessages(c *gin.Context) {
	recs, err := s.WeChat.Messages(c.Request.Context(), c.Query("openid"), queryInt(c, "before_id"), int(queryInt(c, "limit")))
	if err != nil {
		s.fail(c, err)
		return
	}
	if recs == nil {
		recs = []wechat.Record{}
	}
	c.JSON(http.StatusOK, gin.H{"messages": recs})
}
