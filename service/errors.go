package service

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"
)

// Error codes. The handler package maps each to an HTTP status in one place.
const (
	EInvalid      = "invalid"      // 400/422: the request is wrong; Field says where
	EUnauthorized = "unauthorized" // 401: not signed in, or the session ended
	EForbidden    = "forbidden"    // 403: signed in but not allowed
	ENotFound     = "not_found"    // 404
	EConflict     = "conflict"     // 409: the state changed, or a duplicate
	ETooMany      = "too_many"     // 429: rate limited; RetryAfter says when to come back
	EUnavailable  = "unavailable"  // 503: a dependency is down
	EInternal     = "internal"     // 500: a bug or an unexpected failure; Message is generic
	EPasswordOld  = "password_must_change"
)

// Error is the one error type that crosses the service boundary. Message is shown to people
// (Simplified Chinese); Err carries the detail for the log and never reaches a client.
type Error struct {
	Code       string
	Message    string
	Field      string        // the request field at fault, for EInvalid
	RetryAfter time.Duration // for ETooMany
	Data       any           // extra data a client can use (e.g. the nearest free sessions)
	// Fields lists every field at fault when a form had several problems (Field and Message
	// are the first of them).
	Fields []FieldError
	Err    error
}

// FieldError is one field's problem.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Check collects a form's problems so they are all shown at once.
type Check struct{ list []FieldError }

// Add records msg for field when bad (only the first problem of a field is kept) and reports
// bad.
func (c *Check) Add(bad bool, field, msg string) bool {
	if !bad {
		return false
	}
	for _, f := range c.list {
		if f.Field == field {
			return true
		}
	}
	c.list = append(c.list, FieldError{Field: field, Message: msg})
	return true
}

// AddErr adds the field problems of an EInvalid error (every one it carries) and reports
// whether err was one; any other error is left to the caller.
func (c *Check) AddErr(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.Code != EInvalid {
		return false
	}
	if len(e.Fields) == 0 {
		c.Add(true, e.Field, e.Message)
	}
	for _, f := range e.Fields {
		c.Add(true, f.Field, f.Message)
	}
	return true
}

// Has reports whether field has a problem already.
func (c *Check) Has(field string) bool {
	for _, f := range c.list {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err is nil when nothing was wrong, else an EInvalid *Error carrying every problem.
func (c *Check) Err() error {
	if len(c.list) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Field: c.list[0].Field, Message: c.list[0].Message, Fields: c.list}
}

func (e *Error) Error() string {
	msg := e.Code + ": " + e.Message
	if e.Field != "" {
		msg += " [" + e.Field + "]"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// What a store returns, for the service to say what it means to people. Without a more specific
// message from the service, AsError gives each a generic one with the right code.
var (
	// ErrNotFound: no such row.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate: a unique key is taken.
	ErrDuplicate = errors.New("duplicate key")
	// ErrStale: a version-checked change found the row changed meanwhile.
	ErrStale = errors.New("changed meanwhile")
	// ErrRetry: a unit of work lost a race another one won; the store runs it again (the next
	// run sees the winner's result).
	ErrRetry = errors.New("retry the unit of work")
)

// Errorf returns an *Error with the given code and people-facing message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid reports a bad value in the named field.
func Invalid(field, message string) *Error {
	return &Error{Code: EInvalid, Field: field, Message: message}
}

// Internal wraps an unexpected error; people see a generic message.
func Internal(err error) *Error {
	return &Error{Code: EInternal, Message: MsgInternal, Err: err}
}

// ErrorCode returns the code of err, EInternal for errors that are not *Error or a store
// sentinel, "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	return AsError(err).Code
}

// AsError returns err as an *Error: itself, a store sentinel with its generic message, or an
// internal error.
func AsError(err error) *Error {
	var e *Error
	switch {
	case errors.As(err, &e):
		if e.Code == EInternal && Transient(e) {
			return unavailable(err)
		}
		return e
	case errors.Is(err, ErrNotFound):
		return &Error{Code: ENotFound, Message: MsgNotFound, Err: err}
	case errors.Is(err, ErrStale):
		return &Error{Code: EConflict, Message: MsgAlreadyDone, Err: err}
	case errors.Is(err, ErrDuplicate):
		return &Error{Code: EConflict, Message: MsgDuplicate, Err: err}
	case Transient(err):
		return unavailable(err)
	default:
		return Internal(err)
	}
}

// RetryUnavailable is the Retry-After of an answer given while a dependency is down.
const RetryUnavailable = 5 * time.Second

func unavailable(err error) *Error {
	return &Error{Code: EUnavailable, Message: MsgUnavailable, RetryAfter: RetryUnavailable, Err: err}
}

// transientErrs are drivers' errors for a dependency that is down or broke off, registered by
// the stores that know them (mysql.ErrInvalidConn, redis.ErrPoolTimeout…).
var transientErrs []error

// RegisterTransient adds drivers' sentinel errors that mean "down or too slow, try later"; a
// store package calls it from init.
func RegisterTransient(errs ...error) { transientErrs = append(transientErrs, errs...) }

// Transient reports whether err is a dependency being down, unreachable or too slow — the
// request's deadline passed, a connection was refused or broke — rather than a fault in the
// request or the program: such a failure is answered 503 with Retry-After.
func Transient(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ne) {
		return true
	}
	for _, t := range transientErrs {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

// NewError returns an *Error with a ready-made people-facing message.
func NewError(code, message string) *Error { return &Error{Code: code, Message: message} }
