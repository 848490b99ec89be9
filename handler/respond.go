package handler

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/szxinfang/xinfang/service"
)

// Handler-level codes, beside the service's.
const (
	EBadRequest = "bad_request" // malformed body or query
	ETooLarge   = "too_large"
	EMethod     = "method_not_allowed"
)

// statusOf maps an error code to its HTTP status: the one place this mapping lives.
func statusOf(code string) int {
	switch code {
	case service.EInvalid:
		return http.StatusUnprocessableEntity
	case EBadRequest:
		return http.StatusBadRequest
	case service.EUnauthorized:
		return http.StatusUnauthorized
	case service.EForbidden, service.EPasswordOld:
		return http.StatusForbidden
	case service.ENotFound:
		return http.StatusNotFound
	case EMethod:
		return http.StatusMethodNotAllowed
	case service.EConflict:
		return http.StatusConflict
	case ETooLarge:
		return http.StatusRequestEntityTooLarge
	case service.ETooMany:
		return http.StatusTooManyRequests
	case service.EUnavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// errorBody is the JSON shape of every error answer.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
		// Fields lists every field at fault when there were several.
		Fields []service.FieldError `json:"fields,omitempty"`
		Data   any                  `json:"data,omitempty"`
	} `json:"error"`
	RequestID string `json:"request_id,omitempty"`
}

// fail answers with err as JSON. Internal errors are logged with their detail and shown as a
// generic message; nothing of a database error reaches the client.
func (s *Server) fail(c *gin.Context, err error) {
	e := service.AsError(err)
	status := statusOf(e.Code)
	ctx := c.Request.Context()
	if status >= 500 {
		s.Log.ErrorContext(ctx, "request failed", "route", c.FullPath(), "code", e.Code, "err", err)
	} else if e.Err != nil {
		s.Log.InfoContext(ctx, "request refused", "route", c.FullPath(), "code", e.Code, "err", e.Err)
	}
	if e.Code == service.EForbidden {
		s.recordDenied(c)
	}
	retryAfter(c, e)
	var body errorBody
	body.Error.Code = e.Code
	body.Error.Message = e.Message
	if status >= 500 && e.Code == service.EInternal {
		body.Error.Message = service.MsgInternal
	}
	body.Error.Field = e.Field
	body.Error.Fields = e.Fields
	body.Error.Data = e.Data
	body.RequestID = service.RequestID(ctx)
	c.AbortWithStatusJSON(status, body)
}

// bindJSON decodes the body into v, refusing unknown fields, trailing data and oversized bodies
// with a 400/413 that names the problem.
func bindJSON(c *gin.Context, v any) error {
	if ct := c.ContentType(); ct != "application/json" {
		return service.Errorf(EBadRequest, "请以 JSON 格式提交（Content-Type: application/json）")
	}
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return service.Errorf(EBadRequest, "请求体只能包含一个 JSON 对象")
	}
	return nil
}

func jsonError(err error) error {
	var tooBig *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &tooBig):
		return service.Errorf(ETooLarge, service.MsgBodyTooLarge)
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return service.Errorf(EBadRequest, "请求体须为 JSON 对象（{…}），不能是%s", jsonKind(typeErr.Value))
	case errors.As(err, &typeErr):
		return &service.Error{Code: EBadRequest, Field: typeErr.Field, Message: fmt.Sprintf("字段 %s 应为%s，不能是%s", typeErr.Field,
			jsonKind(typeErr.Type.Kind().String()), jsonKind(typeErr.Value))}
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return service.Errorf(EBadRequest, "JSON 格式有误")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &service.Error{Code: EBadRequest, Field: field, Message: fmt.Sprintf("不认识的字段 %s", field)}
	default:
		return &service.Error{Code: EBadRequest, Message: service.MsgBadRequest, Err: err}
	}
}

// wantsJSON reports whether the client asked for JSON rather than a page.
func wantsJSON(c *gin.Context) bool {
	return strings.HasPrefix(c.ContentType(), "application/json") ||
		strings.Contains(c.GetHeader("Accept"), "application/json")
}

func (s *Server) notFound(c *gin.Context) {
	err := service.Errorf(service.ENotFound, "页面不存在")
	if wantsJSON(c) || strings.Contains(c.Request.URL.Path, "/api/") {
		s.fail(c, err)
		return
	}
	s.errorPage(c, err)
}

// queryInt reads an optional integer query parameter; malformed values count as absent.
func queryInt(c *gin.Context, name string) int64 {
	n, _ := strconv.ParseInt(c.Query(name), 10, 64)
	return n
}

// recordDenied audits a refused request of a signed-in staff member.
func (s *Server) recordDenied(c *gin.Context) {
	if s.Auth == nil {
		return
	}
	if err := s.Auth.RecordDenied(c.Request.Context(), c.Request.Method, c.Request.URL.Path); err != nil {
		s.Log.ErrorContext(c.Request.Context(), "audit a refused request", "err", err)
	}
}

// jsonKind names a JSON value's kind (as encoding/json reports it) for people.
func jsonKind(v string) string {
	switch v {
	case "array", "slice":
		return "数组"
	case "object", "struct", "map":
		return "对象"
	case "string":
		return "字符串"
	case "number", "int", "int64", "int32", "float64", "uint", "uint64":
		return "数字"
	case "bool":
		return "布尔值"
	}
	if strings.HasPrefix(v, "number") {
		return "数字"
	}
	return v
}

// retryAfter tells a client refused for load or an outage when to come back (an outage without
// its own estimate: service.RetryUnavailable).
func retryAfter(c *gin.Context, e *service.Error) {
	ra := e.RetryAfter
	if e.Code == service.EUnavailable && ra <= 0 {
		ra = service.RetryUnavailable
	}
	if (e.Code == service.ETooMany || e.Code == service.EUnavailable) && ra > 0 {
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(ra.Seconds()))))
	}
}
