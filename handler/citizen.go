package handler

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

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
	c.JSON(http.StatusAccepted, gin.H{"resend_after": int(wait.Seconds()), "expires_in": int(s.Verify.TTL.Seconds())})
}
