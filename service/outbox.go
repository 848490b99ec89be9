package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Outbox channels.
const (
	ChannelSMS    = "sms"    // Alibaba Cloud SMS to a phone
	ChannelWeChat = "wechat" // official-account template message to an openid
	ChannelMP     = "mp"     // mini-program subscribe message to an openid
)

// Outbox message statuses.
const (
	MsgPending     = "pending"     // waiting, being sent, or waiting for a retry
	MsgSent        = "sent"        // the provider accepted it
	MsgDelivered   = "delivered"   // the provider's receipt says it arrived
	MsgUndelivered = "undelivered" // the receipt says it did not
	MsgFailed      = "failed"      // given up: a permanent error or too many tries
	MsgCancelled   = "cancelled"   // withdrawn before sending (e.g. a cancelled booking's reminder)
)

// OutboxMessage is one notification to send. A service builds it with Templates.Message and
// its store writes it in the same transaction as the business change, so the message exists
// exactly when the change does.
type OutboxMessage struct {
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

// OutboxFilter selects messages for the staff view, newest first.
type OutboxFilter struct {
	Status   string
	Kind     string
	RefType  string
	RefID    string
	BeforeID int64
	Limit    int
}

// OutboxStore keeps the outbox. Claims are exclusive: a message claimed by one dispatcher is
// invisible to the others until it is marked or its lease expires.
type OutboxStore interface {
	// Enqueue records messages on their own (when no other state changes, e.g. a verification
	// code). Keys already present are skipped.
	Enqueue(ctx context.Context, msgs ...*OutboxMessage) error
	// ClaimOutbox takes up to limit due pending messages for owner until leaseUntil.
	ClaimOutbox(ctx context.Context, owner string, now, leaseUntil time.Time, limit int) ([]*OutboxMessage, error)
	// MarkSent, MarkRetry and MarkFailed record a try's outcome; they do nothing (and report
	// false) when owner no longer holds the claim.
	MarkSent(ctx context.Context, id int64, owner, providerID string, at time.Time) (bool, error)
	MarkRetry(ctx context.Context, id int64, owner, code, msg string, uncertain bool, next, at time.Time) (bool, error)
	MarkFailed(ctx context.Context, id int64, owner, code, msg string, at time.Time) (bool, error)
	// ReleaseOutbox gives a claimed message back untried, due at once.
	ReleaseOutbox(ctx context.Context, id int64, owner string, at time.Time) (bool, error)
	// AwaitingReceipt lists sent messages of channel sent after since whose receipt was last
	// checked before checkedBefore.
	AwaitingReceipt(ctx context.Context, channel string, since, checkedBefore time.Time, limit int) ([]*OutboxMessage, error)
	// MarkReceipt records a receipt (status MsgDelivered/MsgUndelivered) or, with status "",
	// only that it was checked.
	MarkReceipt(ctx context.Context, id int64, status, code string, at time.Time) error
	ListOutbox(ctx context.Context, f OutboxFilter) ([]*OutboxMessage, error)
	// RequeueOutbox puts a failed message back to pending with a fresh try count.
	RequeueOutbox(ctx context.Context, id int64, at time.Time, audit AuditEntry) error
}

// SendError classifies a failed send.
type SendError struct {
	Code      string // the provider's code, e.g. isv.BUSINESS_LIMIT_CONTROL
	Message   string
	Retryable bool
	// Uncertain: the provider may have accepted it (timeout, 5xx); check before re-sending.
	Uncertain bool
	// After is the least wait before a retry (e.g. a per-minute limit), on top of back-off.
	After time.Duration
}

func (e *SendError) Error() string { return e.Code + ": " + e.Message }

// Sender delivers messages of one channel to its provider.
type Sender interface {
	// Send returns the provider's message id, or an error (a *SendError classifies it; other
	// errors count as retryable and uncertain).
	Send(ctx context.Context, m *OutboxMessage) (providerID string, err error)
}

// SendLookup is implemented by senders that can tell whether an earlier, uncertain try reached
// the provider (Alibaba's QuerySendDetails by OutId), so it is not sent twice.
type SendLookup interface {
	Lookup(ctx context.Context, m *OutboxMessage) (providerID string, found bool, err error)
}

// ReceiptSource is implemented by senders that report delivery.
type ReceiptSource interface {
	// Receipt returns MsgDelivered, MsgUndelivered or "" (not known yet).
	Receipt(ctx context.Context, m *OutboxMessage) (status, code string, err error)
}

// Templates validates messages before they are recorded: the recipient, the kind, and every
// parameter the registered template needs (present, non-empty, short enough). Rendering the
// text is for the log sender and the staff view.
type Templates struct {
	MaxLen int
	ByKind map[string]Template
	// WeChat lists, per WeChat channel (ChannelWeChat, ChannelMP), the kinds with a configured
	// template; their fields use the SMS kind's parameters.
	WeChat map[string]map[string]bool
}

// Template is one kind's registered text and its parameters.
type Template struct {
	Code   string
	Text   string
	Params []string
}

// Render substitutes params into the kind's text.
func (t *Templates) Render(kind string, params map[string]string) string {
	tpl, ok := t.ByKind[kind]
	if !ok {
		return kind
	}
	s := tpl.Text
	for k, v := range params {
		s = strings.ReplaceAll(s, "${"+k+"}", v)
	}
	return s
}

// SMS builds an SMS message of kind to phone. It fails with a field error for a bad phone
// number ("phone") or a parameter value that is empty or too long (the parameter's name), and
// with an internal error for an unknown kind or a parameter the code forgot: a message that
// cannot be sent is never queued.
func (t *Templates) SMS(kind, phone string, params map[string]string, key, refType, refID string) (*OutboxMessage, error) {
	phone = NormalizePhone(phone)
	if !ValidMobile(phone) {
		return nil, Invalid("phone", MsgPhoneBad)
	}
	if err := t.Check(kind, params); err != nil {
		return nil, err
	}
	return &OutboxMessage{Key: key, Channel: ChannelSMS, Kind: kind, Recipient: phone, RecipientMask: MaskPhone(phone),
		Params: params, RefType: refType, RefID: refID}, nil
}

// WeChatMessage builds a message of kind for a WeChat channel to openID, or returns nil when
// that channel has no template for kind (the citizen then gets the SMS alone). params must
// already have passed Check for the kind.
func (t *Templates) WeChatMessage(channel, kind, openID string, params map[string]string, key, refType, refID string) *OutboxMessage {
	if openID == "" || !t.WeChat[channel][kind] {
		return nil
	}
	return &OutboxMessage{Key: key, Channel: channel, Kind: kind, Recipient: openID, RecipientMask: MaskOpenID(openID),
		Params: params, RefType: refType, RefID: refID}
}

// Check validates params against kind's template.
func (t *Templates) Check(kind string, params map[string]string) error {
	tpl, ok := t.ByKind[kind]
	if !ok {
		return Internal(fmt.Errorf("no SMS template for kind %q", kind))
	}
	for _, p := range tpl.Params {
		v, ok := params[p]
		if !ok {
			return Internal(fmt.Errorf("SMS template %s: parameter %s missing", kind, p))
		}
		if strings.TrimSpace(v) == "" {
			return Invalid(p, fmt.Sprintf("短信内容“%s”不能为空", p))
		}
		if utf8.RuneCountInString(v) > t.MaxLen {
			return Invalid(p, fmt.Sprintf("短信内容“%s”过长，不能超过 %d 个字", p, t.MaxLen))
		}
	}
	for p := range params {
		if !slices.Contains(tpl.Params, p) {
			return Internal(fmt.Errorf("SMS template %s: unexpected parameter %s", kind, p))
		}
	}
	return nil
}

// Dispatcher sends pending outbox messages. Several may run (one per instance, or more): each
// message is claimed by one of them with a lease; a dispatcher that dies mid-send leaves its
// claim to expire and another re-sends, after asking the provider whether the first try
// arrived when the sender can tell.
type Dispatcher struct {
	Store   OutboxStore
	Senders map[string]Sender
	Log     *slog.Logger
	Now     func() time.Time

	Owner       string        // unique per dispatcher, e.g. host:pid:random
	Workers     int           // concurrent sends
	Batch       int           // messages claimed per round
	Lease       time.Duration // claim lifetime
	MaxAttempts int
	BackoffBase time.Duration
	BackoffMax  time.Duration
	Poll        time.Duration
	// SendTimeout is the longest one send may take. A claimed message is sent only while its
	// lease still outlasts two of them; otherwise its claim is released for the next round,
	// so a slow provider never makes a message outlive its lease mid-send (and go out twice).
	SendTimeout time.Duration

	kickOnce sync.Once
	kick     chan struct{}
}

func (d *Dispatcher) kickCh() chan struct{} {
	d.kickOnce.Do(func() { d.kick = make(chan struct{}, 1) })
	return d.kick
}

// Kick wakes the dispatcher now (a message was just recorded by this instance).
func (d *Dispatcher) Kick() {
	select {
	case d.kickCh() <- struct{}{}:
	default:
	}
}

// Run dispatches until ctx ends. Sends in flight when ctx ends are given up to the lease to
// finish, so a shutdown does not abandon a message the provider is accepting.
func (d *Dispatcher) Run(ctx context.Context) {
	for {
		n, err := d.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			d.Log.ErrorContext(ctx, "outbox dispatch", "err", err)
		}
		if n >= d.Batch && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-d.kickCh():
		case <-time.After(d.Poll):
		}
	}
}

// RunOnce claims one batch and sends it; it returns how many messages it handled.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	now := d.Now()
	msgs, err := d.Store.ClaimOutbox(ctx, d.Owner, now, now.Add(d.Lease), d.Batch)
	if err != nil || len(msgs) == 0 {
		return 0, err
	}
	// Sends outlive a cancelled ctx up to the lease: the claim is ours that long anyway.
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.Lease)
	defer cancel()
	work := make(chan *OutboxMessage)
	var wg sync.WaitGroup
	for i := 0; i < max(1, d.Workers); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range work {
				d.deliver(sendCtx, m, now.Add(d.Lease))
			}
		}()
	}
	for _, m := range msgs {
		work <- m
	}
	close(work)
	wg.Wait()
	return len(msgs), nil
}

// deliver makes one try at m and records the outcome.
func (d *Dispatcher) deliver(ctx context.Context, m *OutboxMessage, leaseUntil time.Time) {
	log := d.Log.With("outbox_id", m.ID, "kind", m.Kind, "channel", m.Channel, "to", m.RecipientMask)
	if d.SendTimeout > 0 && leaseUntil.Sub(d.Now()) < 2*d.SendTimeout {
		if _, err := d.Store.ReleaseOutbox(ctx, m.ID, d.Owner, d.Now()); err != nil {
			log.ErrorContext(ctx, "outbox: releasing a claim failed; it will be retried after its lease", "err", err)
		}
		return
	}
	sender, ok := d.Senders[m.Channel]
	if !ok {
		d.record(ctx, log, m, "", &SendError{Code: "NO_SENDER", Message: "no sender for channel " + m.Channel})
		return
	}
	// An earlier try may have reached the provider (a timeout, or a dispatcher that died
	// mid-send): ask before sending again.
	if m.Uncertain || m.PrevOwner != "" {
		if lk, ok := sender.(SendLookup); ok {
			id, found, err := lk.Lookup(ctx, m)
			if err != nil {
				log.WarnContext(ctx, "outbox lookup before re-send failed; re-sending", "err", err)
			} else if found {
				log.InfoContext(ctx, "outbox: earlier try had reached the provider; not re-sending", "provider_id", id)
				d.record(ctx, log, m, id, nil)
				return
			}
		}
	}
	id, err := sender.Send(ctx, m)
	d.record(ctx, log, m, id, err)
}

func (d *Dispatcher) record(ctx context.Context, log *slog.Logger, m *OutboxMessage, providerID string, sendErr error) {
	now := d.Now()
	var (
		held bool
		err  error
	)
	var se *SendError
	switch {
	case sendErr == nil:
		held, err = d.Store.MarkSent(ctx, m.ID, d.Owner, providerID, now)
	case errors.As(sendErr, &se) && !se.Retryable:
		log.WarnContext(ctx, "outbox: permanent failure", "code", se.Code, "err", se.Message)
		held, err = d.Store.MarkFailed(ctx, m.ID, d.Owner, se.Code, se.Message, now)
	default:
		if se == nil {
			se = &SendError{Code: "SEND_ERROR", Message: sendErr.Error(), Retryable: true, Uncertain: true}
		}
		if m.Attempts+1 >= d.MaxAttempts {
			log.WarnContext(ctx, "outbox: giving up after retries", "attempts", m.Attempts+1, "code", se.Code, "err", se.Message)
			held, err = d.Store.MarkFailed(ctx, m.ID, d.Owner, se.Code, fmt.Sprintf("%d 次尝试均失败：%s", m.Attempts+1, se.Message), now)
			break
		}
		wait := d.backoff(m.Attempts + 1)
		if se.After > wait {
			wait = se.After
		}
		log.InfoContext(ctx, "outbox: will retry", "attempt", m.Attempts+1, "in", wait.String(), "code", se.Code, "uncertain", se.Uncertain)
		held, err = d.Store.MarkRetry(ctx, m.ID, d.Owner, se.Code, se.Message, se.Uncertain || m.Uncertain, now.Add(wait), now)
	}
	if err != nil {
		log.ErrorContext(ctx, "outbox: recording the outcome failed; the message will be retried after its lease", "err", err)
	} else if !held {
		log.WarnContext(ctx, "outbox: lease lost before the outcome was recorded")
	}
}

// backoff is exponential with full jitter in [d/2, d].
func (d *Dispatcher) backoff(attempt int) time.Duration {
	b := d.BackoffBase
	for i := 1; i < attempt && b < d.BackoffMax; i++ {
		b *= 2
	}
	b = min(b, d.BackoffMax)
	return b/2 + time.Duration(rand.Int64N(int64(b/2)+1))
}

// ReceiptPoller fetches delivery receipts for sent messages from senders that report them.
type ReceiptPoller struct {
	Store   OutboxStore
	Senders map[string]Sender
	Log     *slog.Logger
	Now     func() time.Time
	// Window is how long after sending receipts are looked for (Alibaba keeps 30 days; a
	// receipt normally arrives within minutes).
	Window time.Duration
	// Every is the least time between two checks of one message.
	Every time.Duration
}

// RunOnce checks one batch and returns how many messages got a final receipt.
func (p *ReceiptPoller) RunOnce(ctx context.Context) (int, error) {
	done := 0
	for channel, s := range p.Senders {
		src, ok := s.(ReceiptSource)
		if !ok {
			continue
		}
		now := p.Now()
		msgs, err := p.Store.AwaitingReceipt(ctx, channel, now.Add(-p.Window), now.Add(-p.Every), 50)
		if err != nil {
			return done, err
		}
		for _, m := range msgs {
			status, code, err := src.Receipt(ctx, m)
			if err != nil {
				p.Log.WarnContext(ctx, "outbox receipt", "outbox_id", m.ID, "err", err)
				continue
			}
			if err := p.Store.MarkReceipt(ctx, m.ID, status, code, p.Now()); err != nil {
				return done, err
			}
			if status != "" {
				done++
			}
		}
	}
	return done, nil
}

// OutboxService is the staff's view of the outbox.
type OutboxService struct {
	Store     OutboxStore
	Templates *Templates
	Now       func() time.Time
	Kick      func()
}

// List returns messages for staff (admins, supervisors, leaders, registrars).
func (s *OutboxService) List(ctx context.Context, f OutboxFilter) ([]*OutboxMessage, error) {
	if a := ActorFrom(ctx); !a.System && !a.User.Has(RoleAdmin, RoleSupervisor, RoleLeader, RoleRegistrar) {
		return nil, Errorf(EForbidden, MsgForbidden)
	}
	switch f.Status {
	case "", MsgPending, MsgSent, MsgDelivered, MsgUndelivered, MsgFailed, MsgCancelled:
	default:
		return nil, Invalid("status", "状态无效")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	return s.Store.ListOutbox(ctx, f)
}

// Requeue sends a failed message again (after staff fixed the cause, e.g. the template).
func (s *OutboxService) Requeue(ctx context.Context, id int64) error {
	if a := ActorFrom(ctx); !a.System && !a.User.Has(RoleAdmin, RoleSupervisor) {
		return Errorf(EForbidden, MsgForbidden)
	}
	now := s.Now()
	if err := s.Store.RequeueOutbox(ctx, id, now, NewAudit(ctx, now, "outbox.requeue", "outbox", fmt.Sprint(id), "")); err != nil {
		return err
	}
	if s.Kick != nil {
		s.Kick()
	}
	return nil
}
