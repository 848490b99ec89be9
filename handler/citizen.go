package handler

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
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
