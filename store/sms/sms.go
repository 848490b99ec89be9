// Package sms sends the outbox's SMS through Alibaba Cloud (dysmsapi), asks it whether an uncertain
// try arrived and fetches receipts; or, without credentials, writes messages to the log.
package sms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/notify"
)

var (
	_ notify.Sender        = (*Aliyun)(nil)
	_ notify.SendLookup    = (*Aliyun)(nil)
	_ notify.ReceiptSource = (*Aliyun)(nil)
	_ notify.Sender        = (*LogSender)(nil)
)

// Aliyun sends SMS through Alibaba Cloud's dysmsapi. The SDK's client is not safe for
// concurrent use, so it keeps a pool of clients, one per concurrent send.
type Aliyun struct {
	signName  string
	scheme    string
	endpoint  string
	templates *notify.Templates
	clients   chan *dysmsapi.Client
	loc       *time.Location
	now       func() time.Time
}

// AliyunOptions configure the sender.
type AliyunOptions struct {
	AccessKeyID, AccessKeySecret, SignName, Region string
	Endpoint                                       string // host[:port]; empty: Alibaba Cloud's
	Scheme                                         string // https, or http for a local fake
	Timeout                                        time.Duration
	Pool                                           int // clients (≥ dispatcher workers)
	Templates                                      *notify.Templates
	// Now is the clock that decides which days QuerySendDetails is asked about.
	Now func() time.Time
}

// newClient builds an SDK client. The SDK fills a package-level endpoint map on first use
// without a lock, so clients are built one at a time.
func newClient(region, id, secret string) (*dysmsapi.Client, error) {
	clientMu.Lock()
	defer clientMu.Unlock()
	return dysmsapi.NewClientWithAccessKey(region, id, secret)
}

var clientMu sync.Mutex

// NewAliyun builds the sender; it makes no network call.
func NewAliyun(o AliyunOptions) (*Aliyun, error) {
	s := &Aliyun{signName: o.SignName, scheme: strings.ToUpper(o.Scheme), endpoint: o.Endpoint, templates: o.Templates,
		clients: make(chan *dysmsapi.Client, max(o.Pool, 1)), loc: service.Shanghai, now: o.Now}
	if s.now == nil {
		return nil, errors.New("aliyun sms: a clock (Now) is required")
	}
	for i := 0; i < max(o.Pool, 1); i++ {
		c, err := newClient(o.Region, o.AccessKeyID, o.AccessKeySecret)
		if err != nil {
			return nil, fmt.Errorf("aliyun sms client: %w", err)
		}
		c.SetConnectTimeout(o.Timeout)
		c.SetReadTimeout(o.Timeout)
		// Retries are the outbox's job: the SDK's own would re-send blindly.
		c.GetConfig().AutoRetry = false
		if o.Endpoint != "" {
			c.Domain = o.Endpoint
		}
		s.clients <- c
	}
	return s, nil
}

func (s *Aliyun) client(ctx context.Context) (*dysmsapi.Client, func(), error) {
	select {
	case c := <-s.clients:
		return c, func() { s.clients <- c }, nil
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
}

// Send calls SendSms with OutId set to the outbox id, so an uncertain try can be looked up.
func (s *Aliyun) Send(ctx context.Context, m *notify.Message) (string, error) {
	tpl, ok := s.templates.ByKind[m.Kind]
	if !ok {
		return "", &notify.SendError{Code: "NO_TEMPLATE", Message: "no template for kind " + m.Kind}
	}
	params, _ := json.Marshal(m.Params)
	c, release, err := s.client(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	req := dysmsapi.CreateSendSmsRequest()
	req.Scheme = s.scheme
	req.PhoneNumbers = m.Recipient
	req.SignName = s.signName
	req.TemplateCode = tpl.Code
	req.TemplateParam = string(params)
	req.OutId = strconv.FormatInt(m.ID, 10)
	resp, err := c.SendSms(req)
	if err != nil {
		return "", classifySDKError(err)
	}
	if resp.Code != "OK" {
		return "", classifyCode(resp.Code, resp.Message)
	}
	return resp.BizId, nil
}

// Lookup asks QuerySendDetails whether a message with this outbox id reached Alibaba Cloud
// on the day of its first try (or the day after).
func (s *Aliyun) Lookup(ctx context.Context, m *notify.Message) (string, bool, error) {
	first := m.FirstTryAt
	if first.IsZero() {
		first = m.CreatedAt
	}
	days := []string{first.In(s.loc).Format("20060102")}
	if next := first.In(s.loc).AddDate(0, 0, 1).Format("20060102"); next <= s.now().In(s.loc).Format("20060102") {
		days = append(days, next)
	}
	want := strconv.FormatInt(m.ID, 10)
	for _, day := range days {
		list, err := s.details(ctx, m.Recipient, day, "")
		if err != nil {
			return "", false, err
		}
		for _, d := range list {
			if d.OutId == want {
				return "lookup:" + want, true, nil
			}
		}
	}
	return "", false, nil
}

// Receipt reports delivery: SendStatus 3 delivered, 2 failed, 1 still waiting.
func (s *Aliyun) Receipt(ctx context.Context, m *notify.Message) (string, string, error) {
	biz := m.ProviderID
	if strings.HasPrefix(biz, "lookup:") {
		biz = ""
	}
	list, err := s.details(ctx, m.Recipient, m.SentAt.In(s.loc).Format("20060102"), biz)
	if err != nil {
		return "", "", err
	}
	want := strconv.FormatInt(m.ID, 10)
	for _, d := range list {
		if biz == "" && d.OutId != want {
			continue
		}
		switch d.SendStatus {
		case 3:
			return notify.StatusDelivered, d.ErrCode, nil
		case 2:
			return notify.StatusUndelivered, d.ErrCode, nil
		}
	}
	return "", "", nil
}

func (s *Aliyun) details(ctx context.Context, phone, day, biz string) ([]dysmsapi.SmsSendDetailDTO, error) {
	c, release, err := s.client(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	req := dysmsapi.CreateQuerySendDetailsRequest()
	req.Scheme = s.scheme
	req.PhoneNumber = phone
	req.SendDate = day
	req.PageSize = "50"
	req.CurrentPage = "1"
	req.BizId = biz
	resp, err := c.QuerySendDetails(req)
	if err != nil {
		return nil, classifySDKError(err)
	}
	if resp.Code != "OK" {
		return nil, classifyCode(resp.Code, resp.Message)
	}
	return resp.SmsSendDetailDTOs.SmsSendDetailDTO, nil
}

// classifyCode maps a business error code (HTTP 200, Code != OK) to a SendError.
func classifyCode(code, msg string) *notify.SendError {
	e := &notify.SendError{Code: code, Message: msg}
	switch {
	case code == "isv.BUSINESS_LIMIT_CONTROL":
		// Per-number flow control: wait out the window the message names.
		e.Retryable = true
		switch {
		case strings.Contains(msg, "天级"):
			e.After = time.Hour
		case strings.Contains(msg, "小时级"):
			e.After = 10 * time.Minute
		default:
			e.After = time.Minute
		}
	case strings.HasPrefix(code, "isp."), strings.HasPrefix(code, "Throttling"), code == "ServiceUnavailable":
		e.Retryable = true
	default:
		// isv.MOBILE_NUMBER_ILLEGAL, isv.TEMPLATE_MISSING_PARAMETERS, isv.INVALID_JSON_PARAM,
		// isv.SMS_TEMPLATE_ILLEGAL, isv.SMS_SIGNATURE_ILLEGAL, isv.AMOUNT_NOT_ENOUGH,
		// isv.DAY_LIMIT_CONTROL, SignatureDoesNotMatch, InvalidAccessKeyId…: retrying cannot
		// help; staff see the reason.
	}
	return e
}

// classifySDKError maps transport and HTTP errors: 5xx and timeouts are retryable and
// uncertain (the provider may have accepted the message).
func classifySDKError(err error) *notify.SendError {
	var se *sdkerrors.ServerError
	if errors.As(err, &se) {
		e := classifyCode(se.ErrorCode(), se.Message())
		if se.HttpStatus() >= http.StatusInternalServerError {
			e.Retryable, e.Uncertain = true, true
			if e.Code == "" {
				e.Code = "HTTP_" + strconv.Itoa(se.HttpStatus())
			}
		}
		return e
	}
	code := "NETWORK"
	var ce *sdkerrors.ClientError
	if errors.As(err, &ce) {
		code = ce.ErrorCode()
	}
	return &notify.SendError{Code: code, Message: scrubQuery(err.Error()), Retryable: true, Uncertain: true}
}

var urlQueryRE = regexp.MustCompile(`(?i)(https?://[^\s?"']+)\?[^\s"']*`)

// scrubQuery drops the query of every URL in an error message. The SDK's transport errors quote
// the request URL, whose query holds the template parameters (a live verification code), the
// phone number and the signed access key; none of it may reach the log or the outbox's
// last_error, which staff read.
func scrubQuery(s string) string { return urlQueryRE.ReplaceAllString(s, "$1?…") }

// LogSender writes each message to the log instead of sending it: the development sender (where
// the log is how a developer reads the verification code), and production's when SMS is
// switched off explicitly, where HideCodes keeps verification codes out of the log.
type LogSender struct {
	Log       *slog.Logger
	Templates *notify.Templates
	HideCodes bool
}

func (s *LogSender) Send(ctx context.Context, m *notify.Message) (string, error) {
	params := m.Params
	if s.HideCodes && params["code"] != "" && m.Kind == "verify_code" {
		params = maps.Clone(params)
		params["code"] = "******"
	}
	msg := "短信（开发模式：未发送，仅记录）"
	if s.HideCodes {
		msg = "短信已关闭（sms.disabled）：未发送"
	}
	s.Log.InfoContext(ctx, msg, "to", m.RecipientMask, "kind", m.Kind, "text", s.Templates.Render(m.Kind, params))
	return "log-" + strconv.FormatInt(m.ID, 10), nil
}
