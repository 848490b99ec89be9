// Package staff signs staff members in and keeps their accounts: argon2id passwords on a bounded
// pool, lockout, server-side sessions, roles and scopes.
package staff

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/szxinfang/xinfang/service"
)

// Service signs staff in and out, keeps their server-side sessions, locks accounts after
// repeated failures and manages accounts. Sessions live in the shared Cache so every instance
// sees them.
type Service struct {
	Users Store
	// Units is the directory accounts' offices and departments are picked from.
	Units  *service.Directory
	Cache  service.Cache
	Hasher *Hasher
	Log    *slog.Logger
	Now    func() time.Time

	SessionIdle     time.Duration // 30m
	SessionAbsolute time.Duration // 12h
	MaxFailures     int           // 5
	Lockout         time.Duration // 15m
}

// Session is a signed-in staff member's server-side session. ID is the cookie value; the cache
// key is its hash, so a cache dump holds no usable session id.
type Session struct {
	ID          string    `json:"-"`
	UserID      int64     `json:"uid"`
	AuthVersion int64     `json:"av"`
	CreatedAt   time.Time `json:"created"`
	LastSeen    time.Time `json:"seen"`
	IP          string    `json:"ip"`
}

func sessionKey(id string) string { return "sess:" + service.HashID(id) }

// Keys of an account name's password attempts and lock, by its canonical form.
func attemptKey(username string) string { return "login:try:" + username }
func lockKey(username string) string    { return "login:lock:" + username }

// reserveAttempt counts one password check against username before it is made: past
// MaxFailures within the window the check is refused unmade (ETooMany), however many requests
// arrive at once. The reservation is given back when the check is not made after all.
func (s *Service) reserveAttempt(ctx context.Context, username string) (n int64, err error) {
	if ttl, err := s.Cache.TTL(ctx, lockKey(username)); err != nil {
		return 0, &service.Error{Code: service.EUnavailable, Message: service.MsgUnavailable, Err: fmt.Errorf("login lock: %w", err)}
	} else if ttl > 0 {
		return 0, s.locked(ttl)
	}
	n, err = s.Cache.Incr(ctx, attemptKey(username), s.Lockout)
	if err != nil {
		return 0, &service.Error{Code: service.EUnavailable, Message: service.MsgUnavailable, Err: fmt.Errorf("login attempts: %w", err)}
	}
	if n > int64(s.MaxFailures) {
		ttl, _ := s.Cache.TTL(ctx, attemptKey(username))
		if lt, _ := s.Cache.TTL(ctx, lockKey(username)); lt > ttl {
			ttl = lt
		}
		return n, s.locked(max(ttl, time.Second))
	}
	return n, nil
}

func (s *Service) locked(ttl time.Duration) error {
	mins := int((ttl + time.Minute - 1) / time.Minute)
	return &service.Error{Code: service.ETooMany, Message: fmt.Sprintf(MsgLocked, mins), RetryAfter: ttl}
}

// failed records a wrong password that used the n-th reserved attempt: the last one locks the
// name for Lockout.
func (s *Service) failed(ctx context.Context, username string, n int64) {
	if n >= int64(s.MaxFailures) {
		if err := s.Cache.Set(ctx, lockKey(username), "1", s.Lockout); err != nil {
			s.Log.ErrorContext(ctx, "lock account", "err", err)
		}
		s.Log.WarnContext(ctx, "account locked after failed password checks", "username", username, "failures", n)
	}
}

// Login checks the password and starts a fresh session (a new id every time, so a session id
// planted before login is useless). A wrong username or password gives the same MsgBadLogin and
// is audited. The name is taken in its canonical form (CanonicalUsername), so every spelling of
// an account shares one lock. At most MaxFailures password checks per name and lock window are
// made, reserved before the slow hash so parallel guesses cannot all be evaluated; after the
// last failed one the name is locked for Lockout, whether or not it exists, so the lock reveals
// nothing either.
func (s *Service) Login(ctx context.Context, username, password, ip string) (*Session, *service.User, error) {
	name, valid := CanonicalUsername(username)
	now := s.Now()
	audit := func(reason string, u *service.User) {
		e := service.NewAudit(ctx, now, "auth.login", "user", name, reason)
		e.Actor, e.IP, e.Outcome = name, ip, "denied"
		if u != nil {
			e.ActorID, e.TargetID = u.ID, fmt.Sprint(u.ID)
		}
		if err := s.Users.AppendAudit(ctx, e); err != nil {
			s.Log.ErrorContext(ctx, "audit failed login", "err", err)
		}
	}
	if name == "" || len(password) > 1024 {
		audit("bad input", nil)
		return nil, nil, service.Errorf(service.EUnauthorized, MsgBadLogin)
	}
	n, err := s.reserveAttempt(ctx, name)
	if err != nil {
		if service.ErrorCode(err) == service.ETooMany {
			audit("locked", nil)
		}
		return nil, nil, err
	}
	var u *service.User
	if valid {
		if u, err = s.Users.UserByUsername(ctx, name); err != nil && service.ErrorCode(err) != service.ENotFound {
			_ = s.Cache.Decr(context.WithoutCancel(ctx), attemptKey(name))
			return nil, nil, err
		}
	}
	hash := ""
	if u != nil {
		hash = u.PasswordHash
	}
	ok, err := s.Hasher.Check(ctx, hash, password)
	if err != nil {
		_ = s.Cache.Decr(context.WithoutCancel(ctx), attemptKey(name)) // not checked: no attempt spent
		return nil, nil, err
	}
	ok = ok && u != nil
	if !ok || u.Disabled {
		s.failed(ctx, name, n)
		reason := "wrong password"
		if u == nil {
			reason = "unknown user"
		} else if u.Disabled && ok {
			reason = "disabled"
		}
		audit(reason, u)
		return nil, nil, service.Errorf(service.EUnauthorized, MsgBadLogin)
	}
	_ = s.Cache.Del(ctx, attemptKey(name))
	sess, err := s.newSession(ctx, u, ip)
	if err != nil {
		return nil, nil, err
	}
	e := service.NewAudit(ctx, now, "auth.login", "user", fmt.Sprint(u.ID), "")
	e.ActorID, e.Actor, e.IP = u.ID, u.Username, ip
	if err := s.Users.AppendAudit(ctx, e); err != nil {
		_ = s.Cache.Del(ctx, sessionKey(sess.ID))
		return nil, nil, service.Internal(err)
	}
	return sess, u, nil
}

// newSession starts a session with a fresh random id.
func (s *Service) newSession(ctx context.Context, u *service.User, ip string) (*Session, error) {
	now := s.Now()
	sess := &Session{ID: service.RandomToken(32), UserID: u.ID, AuthVersion: u.AuthVersion, CreatedAt: now, LastSeen: now, IP: ip}
	if err := s.saveSession(ctx, sess); err != nil {
		return nil, err
	}
	return sess, nil
}

func (s *Service) saveSession(ctx context.Context, sess *Session) error {
	ttl := s.SessionIdle
	if left := sess.CreatedAt.Add(s.SessionAbsolute).Sub(sess.LastSeen); left < ttl {
		ttl = left
	}
	if ttl <= 0 {
		return service.Errorf(service.EUnauthorized, MsgSessionEnded)
	}
	b, _ := json.Marshal(sess)
	if err := s.Cache.Set(ctx, sessionKey(sess.ID), string(b), ttl); err != nil {
		return service.Internal(fmt.Errorf("save session: %w", err))
	}
	return nil
}

// Authenticate returns the user of a live session and extends its idle timeout. It fails with
// EUnauthorized after SessionIdle without activity, SessionAbsolute after login, or when the
// account was disabled or changed since.
func (s *Service) Authenticate(ctx context.Context, id string) (*service.User, *Session, error) {
	if id == "" || len(id) > 128 {
		return nil, nil, service.Errorf(service.EUnauthorized, service.MsgLoginRequired)
	}
	raw, err := s.Cache.Get(ctx, sessionKey(id))
	if errors.Is(err, service.ErrCacheMiss) {
		return nil, nil, service.Errorf(service.EUnauthorized, MsgSessionEnded)
	} else if err != nil {
		return nil, nil, &service.Error{Code: service.EUnavailable, Message: service.MsgUnavailable, Err: err}
	}
	var sess Session
	if err := json.Unmarshal([]byte(raw), &sess); err != nil {
		return nil, nil, service.Internal(fmt.Errorf("decode session: %w", err))
	}
	sess.ID = id
	now := s.Now()
	if now.Sub(sess.CreatedAt) >= s.SessionAbsolute || now.Sub(sess.LastSeen) >= s.SessionIdle {
		_ = s.Cache.Del(ctx, sessionKey(id))
		return nil, nil, service.Errorf(service.EUnauthorized, MsgSessionEnded)
	}
	u, err := s.Users.UserByID(ctx, sess.UserID)
	if service.ErrorCode(err) == service.ENotFound || (err == nil && (u.Disabled || u.AuthVersion != sess.AuthVersion)) {
		_ = s.Cache.Del(ctx, sessionKey(id))
		return nil, nil, service.Errorf(service.EUnauthorized, MsgSessionEnded)
	} else if err != nil {
		return nil, nil, err
	}
	// Touch at most once a minute: keeps the idle window within a minute of exact and saves a
	// cache write per request.
	if now.Sub(sess.LastSeen) >= time.Minute {
		sess.LastSeen = now
		if err := s.saveSession(ctx, &sess); err != nil {
			return nil, nil, err
		}
	}
	return u, &sess, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, id string) error {
	if id == "" {
		return nil
	}
	if err := s.Cache.Del(ctx, sessionKey(id)); err != nil {
		return service.Internal(err)
	}
	a := service.ActorFrom(ctx)
	if a.UserID != 0 {
		if err := s.Users.AppendAudit(ctx, service.NewAudit(ctx, s.Now(), "auth.logout", "user", fmt.Sprint(a.UserID), "")); err != nil {
			s.Log.ErrorContext(ctx, "audit logout", "err", err)
		}
	}
	return nil
}

// ChangePassword replaces the signed-in user's own password after checking the old one. Every
// session of the user ends (AuthVersion changes) and a new one is returned for this browser.
//
// The old password is checked like a login: it spends one of the account's attempts, a wrong
// one is audited, and the last wrong one locks the account (a stolen session cannot be used to
// guess the password without limit).
func (s *Service) ChangePassword(ctx context.Context, u *service.User, oldPw, newPw string) (*Session, error) {
	n, err := s.reserveAttempt(ctx, u.Username)
	if err != nil {
		return nil, err
	}
	ok, err := s.Hasher.Check(ctx, u.PasswordHash, oldPw)
	if err != nil {
		_ = s.Cache.Decr(context.WithoutCancel(ctx), attemptKey(u.Username))
		return nil, err
	}
	if !ok {
		s.failed(ctx, u.Username, n)
		e := service.NewAudit(ctx, s.Now(), "auth.password.change", "user", fmt.Sprint(u.ID), "wrong old password")
		e.Outcome = "denied"
		if err := s.Users.AppendAudit(ctx, e); err != nil {
			s.Log.ErrorContext(ctx, "audit failed password change", "err", err)
		}
		return nil, service.Invalid("old_password", "原密码不正确")
	}
	_ = s.Cache.Del(ctx, attemptKey(u.Username))
	if oldPw == newPw {
		return nil, service.Invalid("new_password", MsgSamePassword)
	}
	if err := CheckPasswordPolicy(newPw); err != nil {
		return nil, service.Invalid("new_password", MsgWeakPassword)
	}
	if err := s.setPassword(ctx, u, newPw, false, "auth.password.change"); err != nil {
		return nil, err
	}
	return s.newSession(ctx, u, service.ActorFrom(ctx).IP)
}

func (s *Service) setPassword(ctx context.Context, u *service.User, pw string, mustChange bool, action string) error {
	hash, err := s.Hasher.Hash(ctx, pw)
	if err != nil {
		return err
	}
	next := *u
	next.PasswordHash, next.MustChangePassword, next.UpdatedAt = hash, mustChange, s.Now()
	if err := s.save(ctx, &next, service.NewAudit(ctx, s.Now(), action, "user", fmt.Sprint(u.ID), "")); err != nil {
		return err
	}
	*u = next
	return nil
}

// save writes a changed account and its audit entry in one unit of work; a conflict when it
// changed since it was read.
func (s *Service) save(ctx context.Context, u *service.User, audit service.AuditEntry) error {
	return s.Users.InTx(ctx, func(tx Tx) error {
		if err := tx.UpdateUser(u); err != nil {
			return err
		}
		return tx.AppendAudit(audit)
	})
}

// CreateUser adds a staff account with a random first password that must be changed at first
// login. Only admins may call it (the system actor is the CLI).
func (s *Service) CreateUser(ctx context.Context, in NewUserInput) (*service.User, string, error) {
	if err := s.requireAdmin(ctx); err != nil {
		return nil, "", err
	}
	if err := in.validate(s.Units); err != nil {
		return nil, "", err
	}
	pw := RandomPassword()
	hash, err := s.Hasher.Hash(ctx, pw)
	if err != nil {
		return nil, "", err
	}
	now := s.Now()
	u := &service.User{Username: in.Username, DisplayName: in.DisplayName, Roles: in.Roles, Office: strings.TrimSpace(in.Office),
		Department: strings.TrimSpace(in.Department), PasswordHash: hash, MustChangePassword: true, AuthVersion: 1,
		CreatedAt: now, UpdatedAt: now}
	detail := fmt.Sprintf("roles=%s office=%s department=%s", u.RoleList(), u.Office, u.Department)
	audit := service.NewAudit(ctx, now, "user.create", "user", in.Username, detail)
	err = s.Users.InTx(ctx, func(tx Tx) error {
		if err := tx.InsertUser(u); errors.Is(err, service.ErrDuplicate) {
			return &service.Error{Code: service.EConflict, Field: "username", Message: MsgUsernameTaken, Err: err}
		} else if err != nil {
			return err
		}
		audit.TargetID = fmt.Sprint(u.ID)
		return tx.AppendAudit(audit)
	})
	if err != nil {
		return nil, "", err
	}
	return u, pw, nil
}

// ResetPassword gives the account a new random password that must be changed at next login.
func (s *Service) ResetPassword(ctx context.Context, username string) (string, error) {
	if err := s.requireAdmin(ctx); err != nil {
		return "", err
	}
	username, _ = CanonicalUsername(username)
	u, err := s.Users.UserByUsername(ctx, username)
	if err != nil {
		return "", err
	}
	pw := RandomPassword()
	if err := s.setPassword(ctx, u, pw, true, "user.password.reset"); err != nil {
		return "", err
	}
	_ = s.Cache.Del(ctx, attemptKey(username), lockKey(username))
	return pw, nil
}

// SetDisabled disables or re-enables an account; a disabled account's sessions end at once.
func (s *Service) SetDisabled(ctx context.Context, username string, disabled bool) (*service.User, error) {
	if err := s.requireAdmin(ctx); err != nil {
		return nil, err
	}
	username, _ = CanonicalUsername(username)
	u, err := s.Users.UserByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	if a := service.ActorFrom(ctx); disabled && a.UserID == u.ID {
		return nil, service.Invalid("username", "不能停用自己的账户")
	}
	action := "user.enable"
	if disabled {
		action = "user.disable"
	}
	next := *u
	next.Disabled, next.UpdatedAt = disabled, s.Now()
	if err := s.save(ctx, &next, service.NewAudit(ctx, s.Now(), action, "user", fmt.Sprint(u.ID), "")); err != nil {
		return nil, err
	}
	return &next, nil
}

// ListUsers returns every account (admins and supervisors only).
func (s *Service) ListUsers(ctx context.Context) ([]*service.User, error) {
	if a := service.ActorFrom(ctx); !a.System && !a.User.Has(service.RoleAdmin, service.RoleSupervisor) {
		return nil, service.Errorf(service.EForbidden, service.MsgForbidden)
	}
	return s.Users.ListUsers(ctx)
}

// ListAudit reads the audit log (admins, supervisors and leaders).
func (s *Service) ListAudit(ctx context.Context, f service.AuditFilter) ([]service.AuditEntry, error) {
	if a := service.ActorFrom(ctx); !a.System && !a.User.Has(service.RoleAdmin, service.RoleSupervisor, service.RoleLeader) {
		return nil, service.Errorf(service.EForbidden, service.MsgForbidden)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	return s.Users.ListAudit(ctx, f)
}

// Bootstrap creates the first admin account when there is none and returns its one-time
// password; created is false when accounts exist (or another instance won the race).
func (s *Service) Bootstrap(ctx context.Context, username string) (pw string, created bool, err error) {
	n, err := s.Users.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", false, err
	}
	ctx = service.SystemActor(ctx, "system")
	_, pw, err = s.CreateUser(ctx, NewUserInput{Username: username, DisplayName: "系统管理员", Roles: []service.Role{service.RoleAdmin}})
	if service.ErrorCode(err) == service.EConflict {
		return "", false, nil
	}
	return pw, err == nil, err
}

// requireAdmin allows admins and the system actor (the CLI and start-up).
func (s *Service) requireAdmin(ctx context.Context) error {
	a := service.ActorFrom(ctx)
	if a.System || a.User.Has(service.RoleAdmin) {
		return nil
	}
	return service.Errorf(service.EForbidden, service.MsgForbidden)
}

// RecordDenied audits a signed-in staff member's refused request (a forced action the page did
// not offer, a case of another office): who, what, where.
func (s *Service) RecordDenied(ctx context.Context, method, path string) error {
	if service.ActorFrom(ctx).User == nil {
		return nil
	}
	e := service.NewAudit(ctx, s.Now(), "access.denied", "route", path, method)
	e.Outcome = "denied"
	return s.Users.AppendAudit(ctx, e)
}
