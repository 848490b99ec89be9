package service

import (
	"context"
)

type ctxKey int

const (
	ctxRequestID ctxKey = iota
	ctxActor
)

// WithRequestID returns ctx carrying the request id that every log line of the request shows.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxRequestID, id)
}

// RequestID returns the request id in ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(ctxRequestID).(string)
	return id
}

// Actor is who performs an action, for authorization and the audit log.
type Actor struct {
	UserID   int64  // 0 for citizens and the system
	Username string // staff login name, "system", "citizen" or "anonymous"
	IP       string
	User     *User // the staff account, nil for citizens and the system
	System   bool  // the service itself: start-up, the CLI, scheduled jobs
}

// SystemActor returns ctx acting as the service itself (start-up, CLI, scheduled jobs), which
// may do what an admin may.
func SystemActor(ctx context.Context, name string) context.Context {
	return WithActor(ctx, Actor{Username: name, System: true})
}

// WithActor returns ctx carrying the actor of the request.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, ctxActor, a)
}

// ActorFrom returns the actor in ctx; without one, an anonymous actor with no rights.
func ActorFrom(ctx context.Context) Actor {
	a, ok := ctx.Value(ctxActor).(Actor)
	if !ok {
		return Actor{Username: "anonymous"}
	}
	return a
}

// RequireStaff returns the signed-in staff member when they hold one of roles (any staff member
// when none is given), or a forbidden error.
func RequireStaff(ctx context.Context, roles ...Role) (*User, error) {
	a := ActorFrom(ctx)
	if a.User == nil || (len(roles) > 0 && !a.User.Has(roles...)) {
		return nil, Errorf(EForbidden, MsgForbidden)
	}
	return a.User, nil
}
