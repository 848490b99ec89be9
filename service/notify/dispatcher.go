package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"
)

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
	Send(ctx context.Context, m *Message) (providerID string, err error)
}

// SendLookup is implemented by senders that can tell whether an earlier, uncertain try reached
// the provider (Alibaba's QuerySendDetails by OutId), so it is not sent twice.
type SendLookup interface {
	Lookup(ctx context.Context, m *Message) (providerID string, found bool, err error)
}

// ReceiptSource is implemented by senders that report delivery.
type ReceiptSource interface {
	// Receipt returns StatusDelivered, StatusUndelivered or "" (not known yet).
	Receipt(ctx context.Context, m *Message) (status, code string, err error)
}

// Dispatcher sends pending outbox messages. Several may run (one per instance, or more): each
// message is claimed by one of them with a lease; a dispatcher that dies mid-send leaves its
// claim to expire and another re-sends, after asking the provider whether the first try
// arrived when the sender can tell.
type Dispatcher struct {
	Store   Queue
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
	// Linger is how long a dispatcher woken by a new message waits for more before it claims:
	// at a peak, one claim and one "sent" write then cover many messages instead of one each.
	Linger time.Duration
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
			if d.Linger > 0 {
				select {
				case <-ctx.Done():
					return
				case <-time.After(d.Linger):
				}
			}
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
	work := make(chan *Message)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		sent []Sent
	)
	for i := 0; i < max(1, d.Workers); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range work {
				if id, ok := d.deliver(sendCtx, m, now.Add(d.Lease)); ok {
					mu.Lock()
					sent = append(sent, Sent{ID: m.ID, ProviderID: id, At: d.Now()})
					mu.Unlock()
				}
			}
		}()
	}
	for _, m := range msgs {
		work <- m
	}
	close(work)
	wg.Wait()
	d.markSent(ctx, sent)
	return len(msgs), nil
}

// markSent records sent messages in one write, even when ctx has ended (a shutdown waits for
// it). If it fails they stay claimed and are tried again after the lease, asking the provider
// first (the claim is a doubt by then).
func (d *Dispatcher) markSent(ctx context.Context, sent []Sent) {
	if len(sent) == 0 {
		return
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if held, err := d.Store.MarkSent(wctx, d.Owner, sent, d.Now()); err != nil {
		d.Log.ErrorContext(ctx, "outbox: recording sent messages failed; they will be looked up and retried after their lease", "err", err, "messages", len(sent))
	} else if held < len(sent) {
		d.Log.WarnContext(ctx, "outbox: lease lost before sent messages were recorded", "messages", len(sent)-held)
	}
}

// deliver makes one try at m. A message the provider took (now or on an earlier try) and can
// be asked about is reported with its provider id, for the round's one "sent" write: if that
// write is lost, the next sender looks it up before sending again. Any other outcome is
// recorded here, a send the provider cannot be asked about at once.
func (d *Dispatcher) deliver(ctx context.Context, m *Message, leaseUntil time.Time) (providerID string, sent bool) {
	log := d.Log.With("outbox_id", m.ID, "kind", m.Kind, "channel", m.Channel, "to", m.RecipientMask)
	if d.SendTimeout > 0 && leaseUntil.Sub(d.Now()) < 2*d.SendTimeout {
		// A reclaimed message (its earlier owner never reported back) stays uncertain.
		if _, err := d.Store.ReleaseOutbox(ctx, m.ID, d.Owner, m.Uncertain || m.PrevOwner != "", d.Now()); err != nil {
			log.ErrorContext(ctx, "outbox: releasing a claim failed; it will be retried after its lease", "err", err)
		}
		return "", false
	}
	sender, ok := d.Senders[m.Channel]
	if !ok {
		d.record(ctx, log, m, &SendError{Code: "NO_SENDER", Message: "no sender for channel " + m.Channel})
		return "", false
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
				return id, true
			}
		}
	}
	id, err := sender.Send(ctx, m)
	if err == nil {
		if _, askable := sender.(SendLookup); !askable {
			d.markSent(ctx, []Sent{{ID: m.ID, ProviderID: id, At: d.Now()}})
			return "", false
		}
		return id, true
	}
	d.record(ctx, log, m, err)
	return "", false
}

// record records a failed try: failed for good, or due again after a back-off.
func (d *Dispatcher) record(ctx context.Context, log *slog.Logger, m *Message, sendErr error) {
	now := d.Now()
	var (
		held bool
		err  error
	)
	var se *SendError
	switch {
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
