// Package notify tells citizens by SMS and WeChat through a durable outbox: messages recorded
// with the business change, validated against their templates, dispatched once, receipts fetched.
package notify

import (
	"context"
	"time"

	"github.com/szxinfang/xinfang/service"
)

// Outbox channels.
const (
	ChannelSMS    = "sms"    // Alibaba Cloud SMS to a phone
	ChannelWeChat = "wechat" // official-account template message to an openid
	ChannelMP     = "mp"     // mini-program subscribe message to an openid
)

// Outbox message statuses.
const (
	StatusPending     = "pending"     // waiting, being sent, or waiting for a retry
	StatusSent        = "sent"        // the provider accepted it
	StatusDelivered   = "delivered"   // the provider's receipt says it arrived
	StatusUndelivered = "undelivered" // the receipt says it did not
	StatusFailed      = "failed"      // given up: a permanent error or too many tries
	StatusCancelled   = "cancelled"   // withdrawn before sending (e.g. a cancelled booking's reminder)
)

// Message is one notification to send. A service builds it with Templates.Message and
// its store writes it in the same transaction as the business change, so the message exists
// exactly when the change does.
type Message struct {
	ID int64
	// Key is unique: recording a message with an existing key is a no-op, so a retried
	// operation or a job that runs twice notifies once.
	Key           string
	Channel       string
	Kind          string
	Recipient     string // phone or openid; encrypted at rest
	RecipientMask string
	Params        map[string]string
	RefType       string // the business object, e.g. "booking"
	RefID         string

	Status     string
	Attempts   int
	NextAt     time.Time
	PrevOwner  string // set on claim when an earlier claim never reported back
	Uncertain  bool   // an earlier try may have reached the provider
	ProviderID string
	ErrorCode  string
	LastError  string
	CreatedAt  time.Time
	SentAt     time.Time
	ReceiptAt  time.Time
	FirstTryAt time.Time
}

// Filter selects messages for the staff view, newest first.
type Filter struct {
	Status   string
	Kind     string
	RefType  string
	RefID    string
	BeforeID int64
	Limit    int
}

// Sent is a message the provider accepted, with its id there and when.
type Sent struct {
	ID         int64
	ProviderID string
	At         time.Time
}

// Queue is what a dispatcher needs of the outbox. Claims are exclusive: a message claimed by
// one dispatcher is invisible to the others until it is marked or its lease expires.
type Queue interface {
	// ClaimOutbox takes up to limit due pending messages for owner until leaseUntil.
	ClaimOutbox(ctx context.Context, owner string, now, leaseUntil time.Time, limit int) ([]*Message, error)
	// MarkSent, MarkRetry and MarkFailed record a try's outcome; they do nothing (and report
	// false) when owner no longer holds the claim. MarkSent records a round's sent messages in
	// one write (each sent at its own At; at is when it is recorded) and reports how many owner
	// still held.
	MarkSent(ctx context.Context, owner string, sent []Sent, at time.Time) (int, error)
	MarkRetry(ctx context.Context, id int64, owner, code, msg string, uncertain bool, next, at time.Time) (bool, error)
	MarkFailed(ctx context.Context, id int64, owner, code, msg string, at time.Time) (bool, error)
	// ReleaseOutbox gives a claimed message back untried, due at once; uncertain marks that an
	// earlier try may have reached the provider (kept across the release).
	ReleaseOutbox(ctx context.Context, id int64, owner string, uncertain bool, at time.Time) (bool, error)
}

// ReceiptStore is what the receipt poller needs of the outbox.
type ReceiptStore interface {
	// AwaitingReceipt lists sent messages of channel sent after since whose receipt was last
	// checked before checkedBefore.
	AwaitingReceipt(ctx context.Context, channel string, since, checkedBefore time.Time, limit int) ([]*Message, error)
	// MarkReceipt records a receipt (status StatusDelivered/StatusUndelivered) or, with status "",
	// only that it was checked.
	MarkReceipt(ctx context.Context, id int64, status, code string, at time.Time) error
}

// Store is the staff's view of the outbox: the list, and re-queueing in a unit of work with its
// audit entry.
type Store interface {
	ListOutbox(ctx context.Context, f Filter) ([]*Message, error)
	InTx(ctx context.Context, fn func(tx Tx) error) error
}

// Tx is one unit of work's row primitives.
type Tx interface {
	// Requeue puts a failed message back to pending with a fresh try count, due at; false when
	// the message is not failed.
	Requeue(id int64, at time.Time) (bool, error)
	AppendAudit(e service.AuditEntry) error
}
