package handler

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/szxinfang/xinfang/service"
)

// codes sends citizens their SMS verification codes.
type codes interface {
	Send(ctx context.Context, purpose, phone, ip string) (time.Duration, error)
	CodeTTL() time.Duration
}

type smsCodeRequest struct {
	Phone   string `json:"phone"`
	Purpose string `json:"purpose"`
}

// pageCode sends a verification code asked for from a page's form and shows the page again:
// with the problem next to the phone field, or (after sent marks the form) with where the code
// went.
func (s *Server) pageCode(c *gin.Context, purpose, phone, page string, data any, sent func()) {
	if _, err := s.Verify.Send(c.Request.Context(), purpose, phone, c.ClientIP()); err != nil {
		e := service.AsError(err)
		s.render(c, statusOf(e.Code), page, pageData{Error: e.Message, Field: e.Field, Data: data})
		return
	}
	sent()
	flash := fmt.Sprintf("验证码已发送至 %s，%d 分钟内有效", service.MaskPhone(service.NormalizePhone(phone)), int(s.Verify.CodeTTL().Minutes()))
	s.render(c, http.StatusOK, page, pageData{Flash: flash, Data: data})
}

// sendSMSCode sends a verification code: 202 with when another may be requested, 422 for a bad
// phone number, 429 with Retry-After when a limit is reached.
func (s *Server) sendSMSCode(c *gin.Context) {
	var req smsCodeRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	wait, err := s.Verify.Send(c.Request.Context(), req.Purpose, req.Phone, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, gin.H{"resend_after": int(wait.Seconds()), "expires_in": int(s.Verify.CodeTTL().Seconds())})
}
