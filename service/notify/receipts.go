package notify

import (
	"context"
	"log/slog"
	"time"
)

// ReceiptPoller fetches delivery receipts for sent messages from senders that report them.
type ReceiptPoller struct {
	Store   ReceiptStore
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
