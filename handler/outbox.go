package handler

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/notify"
)

// outboxView is the staff's view of the outbox.
type outboxView interface {
	List(ctx context.Context, f notify.Filter) ([]*notify.Message, error)
	Requeue(ctx context.Context, id int64) error
	Render(kind string, params map[string]string) string
}

// outboxJSON is a message as staff see it: masked recipient, the text (verification codes
// hidden), status and the provider's answer.
type outboxJSON struct {
	ID         int64      `json:"id"`
	Channel    string     `json:"channel"`
	Kind       string     `json:"kind"`
	To         string     `json:"to"`
	Text       string     `json:"text"`
	RefType    string     `json:"ref_type,omitempty"`
	RefID      string     `json:"ref_id,omitempty"`
	Status     string     `json:"status"`
	Attempts   int        `json:"attempts"`
	NextAt     *time.Time `json:"next_at,omitempty"`
	ProviderID string     `json:"provider_id,omitempty"`
	ErrorCode  string     `json:"error_code,omitempty"`
	LastError  string     `json:"last_error,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	SentAt     *time.Time `json:"sent_at,omitempty"`
	ReceiptAt  *time.Time `json:"receipt_at,omitempty"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (s *Server) outboxView(m *notify.Message) outboxJSON {
	params := m.Params
	if _, secret := params["code"]; secret && m.Kind == "verify_code" {
		params = map[string]string{"code": "******"}
	}
	v := outboxJSON{ID: m.ID, Channel: m.Channel, Kind: m.Kind, To: m.RecipientMask, Text: s.Outbox.Render(m.Kind, params),
		RefType: m.RefType, RefID: m.RefID, Status: m.Status, Attempts: m.Attempts, ProviderID: m.ProviderID,
		ErrorCode: m.ErrorCode, LastError: m.LastError, CreatedAt: m.CreatedAt, SentAt: timePtr(m.SentAt), ReceiptAt: timePtr(m.ReceiptAt)}
	if m.Status == notify.StatusPending {
		v.NextAt = timePtr(m.NextAt)
	}
	return v
}

func (s *Server) listOutbox(c *gin.Context) {
	f := notify.Filter{Status: c.Query("status"), Kind: c.Query("kind"), RefType: c.Query("ref_type"), RefID: c.Query("ref_id")}
	for name, dst := range map[string]*int64{"before_id": &f.BeforeID} {
		if v := c.Query(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				s.fail(c, &service.Error{Code: EBadRequest, Field: name, Message: "参数 " + name + " 须为整数"})
				return
			}
			*dst = n
		}
	}
	if v := c.Query("limit"); v != "" {
		f.Limit, _ = strconv.Atoi(v)
	}
	msgs, err := s.Outbox.List(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]outboxJSON, len(msgs))
	for i, m := range msgs {
		out[i] = s.outboxView(m)
	}
	c.JSON(http.StatusOK, gin.H{"messages": out})
}

func (s *Server) requeueOutbox(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, service.Errorf(service.ENotFound, service.MsgNotFound))
		return
	}
	if err := s.Outbox.Requeue(c.Request.Context(), id); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
