// Package wechat answers the official account「深圳信访」: replies computed from configuration
// without I/O, retries de-duplicated through the shared cache, messages recorded in batches.
package wechat

import (
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/szxinfang/xinfang/service"
)

// InboundMessage is a message or event the official account received, already verified and
// decrypted by the handler.
type InboundMessage struct {
	ToUser     string
	OpenID     string // FromUserName
	CreateTime int64
	MsgType    string // text, image, voice, video, location, link, event
	Content    string
	MsgID      int64
	Event      string // subscribe, unsubscribe, CLICK, VIEW, SCAN, LOCATION…
	EventKey   string
	Ticket     string
	MenuID     string
	ReceivedAt time.Time
}

// dedupKey identifies a message across WeChat's retries: the MsgId for messages, sender and
// creation time (plus event) for events, which have none.
func (m *InboundMessage) dedupKey() string {
	if m.MsgID != 0 {
		return "m:" + strconv.FormatInt(m.MsgID, 10)
	}
	return "e:" + m.OpenID + ":" + strconv.FormatInt(m.CreateTime, 10) + ":" + m.Event + ":" + m.EventKey
}

// Reply is what the account answers: a text, or nothing (WeChat then shows nothing).
type Reply struct {
	Text string `json:"t,omitempty"`
}

// Replies are the configured texts (configs/wechat.yaml).
type Replies struct {
	Welcome  string
	Scan     map[string]string
	Clicks   map[string]string
	Keywords []KeywordReply
	Default  string
}

// KeywordReply answers a text containing any of Words.
type KeywordReply struct {
	Words []string
	Reply string
}

// Store records what the account receives, for staff.
type Store interface {
	// RecordWeChat appends messages and applies follow/unfollow events, in one transaction.
	RecordWeChat(ctx context.Context, msgs []InboundMessage) error
	ListWeChatMessages(ctx context.Context, openID string, beforeID int64, limit int) ([]Record, error)
}

// Record is a received message as staff see it.
type Record struct {
	ID         int64     `json:"id"`
	OpenID     string    `json:"openid"`
	MsgType    string    `json:"msg_type"`
	Event      string    `json:"event,omitempty"`
	EventKey   string    `json:"event_key,omitempty"`
	Content    string    `json:"content,omitempty"`
	MsgID      int64     `json:"msg_id,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	ReceivedAt time.Time `json:"received_at"`
}

// Service answers the official account's messages. Answers are computed from
// configuration (no I/O), so the reply is immediate; the only synchronous I/O is one cache
// write that de-duplicates WeChat's retries and remembers the answer so a retry gets the same
// one. Recording for staff happens in the background, in batches.
type Service struct {
	Cache    service.Cache
	Replies  *Replies
	Recorder *Recorder
	Store    Store
	Log      *slog.Logger
	DedupTTL time.Duration
}

// Messages lists what the account received, newest first, for registrars and supervisors;
// openID narrows it to one follower.
func (s *Service) Messages(ctx context.Context, openID string, beforeID int64, limit int) ([]Record, error) {
	if _, err := service.RequireStaff(ctx, service.RoleRegistrar, service.RoleSupervisor); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return s.Store.ListWeChatMessages(ctx, openID, beforeID, limit)
}

// Handle answers m. A retry of a message already answered gets the same answer and no second
// processing. A cache failure does not stop the answer: WeChat's user is served, at the risk of
// recording a retry twice.
func (s *Service) Handle(ctx context.Context, m InboundMessage) (*Reply, error) {
	reply := s.answer(&m)
	enc, _ := json.Marshal(reply)
	key := "wx:dup:" + m.dedupKey()
	first, err := s.Cache.SetNX(ctx, key, string(enc), s.DedupTTL)
	if err != nil {
		s.Log.WarnContext(ctx, "wechat de-duplication unavailable", "err", err)
		first = true
	}
	if !first {
		prev, err := s.Cache.Get(ctx, key)
		var r Reply
		if err == nil && json.Unmarshal([]byte(prev), &r) == nil {
			return &r, nil
		}
		return reply, nil
	}
	s.Recorder.Add(m)
	return reply, nil
}

// answer picks the reply for m from the configured texts.
func (s *Service) answer(m *InboundMessage) *Reply {
	r := s.Replies
	switch m.MsgType {
	case "event":
		switch strings.ToLower(m.Event) {
		case "subscribe":
			// Following by scanning a parametric QR code: EventKey is qrscene_<scene>.
			if scene, ok := strings.CutPrefix(m.EventKey, "qrscene_"); ok {
				if t := r.Scan[scene]; t != "" {
					return &Reply{Text: r.Welcome + "\n\n" + t}
				}
			}
			return &Reply{Text: r.Welcome}
		case "scan":
			if t := r.Scan[m.EventKey]; t != "" {
				return &Reply{Text: t}
			}
			return &Reply{Text: r.Welcome}
		case "click":
			if t := r.Clicks[m.EventKey]; t != "" {
				return &Reply{Text: t}
			}
			return &Reply{Text: r.Default}
		default:
			// unsubscribe, VIEW, LOCATION, template send results…: recorded, no answer.
			return &Reply{}
		}
	case "text":
		for _, k := range r.Keywords {
			for _, w := range k.Words {
				if strings.Contains(m.Content, w) {
					return &Reply{Text: k.Reply}
				}
			}
		}
		return &Reply{Text: r.Default}
	default:
		return &Reply{Text: r.Default}
	}
}

// Recorder writes received messages to the store in batches from a background goroutine.
// Add never blocks the reply: WeChat wants it within 5 s whatever the database is doing, so
// when the queue is full (the database is slow or down) the message is not recorded — counted
// (Unrecorded, a metric) and logged — and the citizen is answered all the same. Close flushes
// what is queued.
//
// The queue is a slice under a mutex, not a channel: a channel wakes the writer for every
// message (2,000 wake-ups a second at a peak, each putting it ahead of the requests on a
// core); the writer wakes when a batch is full or every Every.
type Recorder struct {
	Store Store
	Log   *slog.Logger
	// Batch is the most messages per transaction; Every the longest a message waits.
	Batch int
	Every time.Duration

	once       sync.Once
	mu         sync.Mutex
	queue      []InboundMessage
	closed     bool
	wake       chan struct{} // a batch is full
	stop, done chan struct{}
	unrecorded atomic.Int64
}

func (r *Recorder) init() {
	r.once.Do(func() {
		r.wake = make(chan struct{}, 1)
		r.stop, r.done = make(chan struct{}), make(chan struct{})
		go r.loop()
	})
}

// Add queues m for recording without waiting.
func (r *Recorder) Add(m InboundMessage) {
	r.init()
	batch := r.batch()
	r.mu.Lock()
	closed := r.closed
	if closed || len(r.queue) >= 4*batch {
		r.mu.Unlock()
		// Logged at the 1st, 2nd, 4th, 8th… loss: an outage is seen without a line per message.
		if n := r.unrecorded.Add(1); n&(n-1) == 0 {
			why := "wechat: recording queue full; message answered but not recorded"
			if closed {
				why = "wechat: recorder closed; message answered but not recorded"
			}
			r.Log.Warn(why, "unrecorded_total", n, "msg_type", m.MsgType)
		}
		return
	}
	r.queue = append(r.queue, m)
	full := len(r.queue) >= batch
	r.mu.Unlock()
	if full {
		select {
		case r.wake <- struct{}{}:
		default: // already woken
		}
	}
}

// batch is the most messages per transaction (at least one).
func (r *Recorder) batch() int { return max(1, r.Batch) }

// Unrecorded counts the messages answered but not recorded because the queue was full.
func (r *Recorder) Unrecorded() int64 { return r.unrecorded.Load() }

// Close flushes the queue and stops the writer; later messages are counted as unrecorded.
func (r *Recorder) Close() {
	r.init()
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		<-r.done
		return
	}
	r.closed = true
	r.mu.Unlock()
	close(r.stop)
	<-r.done
}

func (r *Recorder) loop() {
	defer close(r.done)
	t := time.NewTicker(r.Every)
	defer t.Stop()
	for {
		select {
		case <-r.wake:
		case <-t.C:
		case <-r.stop:
			r.drain()
			return
		}
		r.drain()
	}
}

// drain writes everything queued, a batch per transaction.
func (r *Recorder) drain() {
	r.mu.Lock()
	queued := r.queue
	r.queue = nil
	r.mu.Unlock()
	for len(queued) > 0 {
		n := min(len(queued), r.batch())
		r.flush(queued[:n])
		queued = queued[n:]
	}
}

func (r *Recorder) flush(batch []InboundMessage) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for attempt := 0; attempt < 3; attempt++ {
		err := r.Store.RecordWeChat(ctx, batch)
		if err == nil {
			return
		}
		r.Log.Error("record wechat messages", "count", len(batch), "attempt", attempt+1, "err", err)
		time.Sleep(time.Duration(attempt+1) * 200 * time.Millisecond)
	}
}
