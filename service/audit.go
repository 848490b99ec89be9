package service

import (
	"context"
	"time"
)

// AuditEntry is one line of the append-only audit log: who did what, to what, from where, with
// what outcome. Stores write it in the same transaction as the change it records.
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id"`
	Actor      string    `json:"actor"`
	Action     string    `json:"action"`
	TargetType string    `json:"target_type"`
	TargetID   string    `json:"target_id"`
	IP         string    `json:"ip"`
	Outcome    string    `json:"outcome"` // ok, denied, failed
	Detail     string    `json:"detail"`
	RequestID  string    `json:"request_id"`
}

// NewAudit fills who/where/when from the context's actor.
func NewAudit(ctx context.Context, now time.Time, action, targetType, targetID, detail string) AuditEntry {
	a := ActorFrom(ctx)
	return AuditEntry{
		At: now.UTC(), ActorID: a.UserID, Actor: a.Username, IP: a.IP, Action: action,
		TargetType: targetType, TargetID: targetID, Outcome: "ok", Detail: detail, RequestID: RequestID(ctx),
	}
}

// AuditFilter selects audit entries, newest first.
type AuditFilter struct {
	ActorID    int64
	Action     string
	TargetType string
	TargetID   string
	Since      time.Time
	Until      time.Time
	BeforeID   int64 // paging: entries older than this id
	Limit      int
}
