package notify_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/configs"
	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/notify"
	"github.com/szxinfang/xinfang/service/servicetest"
	"github.com/szxinfang/xinfang/store/sms"
	"github.com/szxinfang/xinfang/store/sms/aliyunfake"
	"github.com/szxinfang/xinfang/store/sqlstore"
	"github.com/szxinfang/xinfang/store/storetest"
)

func templates(t testing.TB) *notify.Templates {
	t.Helper()
	st, err := configs.LoadSMSTemplates("")
	if err != nil {
		t.Fatal(err)
	}
	out := &notify.Templates{MaxLen: st.MaxLen, ByKind: map[string]notify.Template{}}
	for k, v := range st.Templates {
		out.ByKind[k] = notify.Template{Code: v.Code, Text: v.Text, Params: v.Params}
	}
	return out
}

// smsRig is a database, the fake Alibaba Cloud endpoint, a real sender pointed at it and a
// clock the test moves.
type smsRig struct {
	db    *sqlstore.DB
	fake  *aliyunfake.Server
	sms   *sms.Aliyun
	tpl   *notify.Templates
	clock *storetest.Clock
}

// newRig builds the rig on backend b; the database, the fake provider and the sender all run on
// clock.
func newRig(t testing.TB, b storetest.Backend, clock *storetest.Clock, timeout time.Duration) *smsRig {
	t.Helper()
	db := b.Open(t, clock.Now)
	fake := aliyunfake.New("test-key-id", "test-key-secret", clock.Now)
	t.Cleanup(fake.Close)
	tpl := servicetest.Templates(t)
	sms, err := sms.NewAliyun(sms.AliyunOptions{AccessKeyID: "test-key-id", AccessKeySecret: "test-key-secret",
		SignName: "深圳信访", Region: "cn-hangzhou", Endpoint: fake.Host(), Scheme: "http", Timeout: timeout, Pool: 8, Templates: tpl,
		Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return &smsRig{db: db, fake: fake, sms: sms, tpl: tpl, clock: clock}
}

func (r *smsRig) dispatcher(owner string, sender notify.Sender) *notify.Dispatcher {
	return &notify.Dispatcher{Store: r.db, Senders: map[string]notify.Sender{notify.ChannelSMS: sender}, Log: servicetest.Discard,
		Now: r.clock.Now, Owner: owner, Workers: 4, Batch: 20, Lease: time.Minute, MaxAttempts: 6,
		BackoffBase: 2 * time.Second, BackoffMax: time.Minute, Poll: 10 * time.Millisecond}
}

func (r *smsRig) enqueue(t testing.TB, n int, phone string) []*notify.Message {
	t.Helper()
	var msgs []*notify.Message
	for i := 0; i < n; i++ {
		m, err := r.tpl.SMS("case_received", phone, map[string]string{"case_no": fmt.Sprintf("XF2026112700%04d", i), "query_code": "ABCD1234"},
			fmt.Sprintf("test:%d", i), "case", fmt.Sprint(i))
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m)
	}
	if err := r.db.Enqueue(context.Background(), msgs...); err != nil {
		t.Fatal(err)
	}
	return msgs
}

func (r *smsRig) message(t testing.TB, id int64) *notify.Message {
	t.Helper()
	list, err := r.db.ListOutbox(context.Background(), notify.Filter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("message %d not found", id)
	return nil
}

// drain runs the dispatcher, moving the clock past every back-off, until nothing is due.
func (r *smsRig) drain(t testing.TB, d *notify.Dispatcher, rounds int) {
	t.Helper()
	for i := 0; i < rounds; i++ {
		if _, err := d.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		r.clock.Add(2 * time.Minute)
	}
}

func sentTo(fake *aliyunfake.Server, outID int64) int {
	n := 0
	for _, m := range fake.Sent() {
		if m.OutID == fmt.Sprint(outID) {
			n++
		}
	}
	return n
}

// The outbox tests run at every instant: a message first tried at 23:59:59 Beijing on the last
// day of a month is looked up on that day and the next.
func TestDispatchRetries(t *testing.T) {
	for _, b := range storetest.Backends() {
		storetest.ForEachInstant(t, func(t *testing.T, clock *storetest.Clock) {
			t.Run(b.Name, func(t *testing.T) { testDispatchRetries(t, b, clock) })
		})
	}
}

func testDispatchRetries(t *testing.T, b storetest.Backend, start *storetest.Clock) {
	{
		{
			cases := []struct {
				name      string
				script    []aliyunfake.Reply
				status    string
				attempts  int
				sends     int
				errorCode string
			}{
				{"throttled then ok", []aliyunfake.Reply{aliyunfake.Throttle}, notify.StatusSent, 2, 1, ""},
				{"500 three times then ok", []aliyunfake.Reply{aliyunfake.HTTP500, aliyunfake.HTTP500, aliyunfake.HTTP500}, notify.StatusSent, 4, 1, ""},
				{"accepted but answered 500: not sent again", []aliyunfake.Reply{aliyunfake.AcceptThen500}, notify.StatusSent, 2, 1, ""},
				{"illegal number: failed, not retried", []aliyunfake.Reply{aliyunfake.IllegalNumber}, notify.StatusFailed, 1, 0, "isv.MOBILE_NUMBER_ILLEGAL"},
				{"always 500: gives up", []aliyunfake.Reply{aliyunfake.HTTP500, aliyunfake.HTTP500, aliyunfake.HTTP500, aliyunfake.HTTP500, aliyunfake.HTTP500, aliyunfake.HTTP500}, notify.StatusFailed, 6, 0, "isp.SYSTEM_ERROR"},
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					r := newRig(t, b, storetest.NewClock(start.Now()), 5*time.Second)
					r.fake.Script(tc.script...)
					m := r.enqueue(t, 1, "13800138000")[0]
					r.drain(t, r.dispatcher("d1", r.sms), 8)
					got := r.message(t, m.ID)
					if got.Status != tc.status || got.Attempts != tc.attempts || sentTo(r.fake, m.ID) != tc.sends || got.ErrorCode != tc.errorCode {
						t.Fatalf("status %s attempts %d sends %d code %q (%s); want %s %d %d %q",
							got.Status, got.Attempts, sentTo(r.fake, m.ID), got.ErrorCode, got.LastError, tc.status, tc.attempts, tc.sends, tc.errorCode)
					}
					if tc.status == notify.StatusSent && got.ProviderID == "" {
						t.Fatal("no provider id recorded")
					}
				})
			}
		}
	}
}

// Back-off grows: a retryable failure is not tried again before its back-off has passed.
func TestDispatchBackoff(t *testing.T) {
	storetest.ForEachInstant(t, testDispatchBackoff)
}

func testDispatchBackoff(t *testing.T, clock *storetest.Clock) {
	r := newRig(t, storetest.Backends()[0], clock, 5*time.Second)
	r.fake.Script(aliyunfake.Throttle)
	m := r.enqueue(t, 1, "13800138000")[0]
	d := r.dispatcher("d1", r.sms)
	d.RunOnce(context.Background())
	got := r.message(t, m.ID)
	if wait := got.NextAt.Sub(r.clock.Now()); wait < time.Minute || wait > 2*time.Minute {
		t.Fatalf("a per-minute throttle should wait about a minute, waits %v", wait)
	}
	r.clock.Add(30 * time.Second)
	if n, _ := d.RunOnce(context.Background()); n != 0 {
		t.Fatal("retried before the back-off passed")
	}
	r.clock.Add(2 * time.Minute)
	if n, _ := d.RunOnce(context.Background()); n != 1 || r.message(t, m.ID).Status != notify.StatusSent {
		t.Fatal("not retried after the back-off")
	}
}

// A send that times out after the provider accepted it is looked up, not sent again.
func TestDispatchTimeoutLooksUpBeforeResending(t *testing.T) {
	storetest.ForEachInstant(t, testDispatchTimeoutLooksUpBeforeResending)
}

func testDispatchTimeoutLooksUpBeforeResending(t *testing.T, clock *storetest.Clock) {
	r := newRig(t, storetest.Backends()[0], clock, 300*time.Millisecond)
	r.fake.Script(aliyunfake.AcceptThenHang)
	m := r.enqueue(t, 1, "13800138000")[0]
	r.drain(t, r.dispatcher("d1", r.sms), 3)
	if got := r.message(t, m.ID); got.Status != notify.StatusSent || sentTo(r.fake, m.ID) != 1 {
		t.Fatalf("status %s, sends %d", got.Status, sentTo(r.fake, m.ID))
	}
}

// A dispatcher that dies after the provider accepted a message but before recording it leaves
// the claim to expire; the next dispatcher delivers it: at most one extra send, never zero.
func TestDispatcherCrashAfterAccept(t *testing.T) {
	for _, b := range storetest.Backends() {
		storetest.ForEachInstant(t, func(t *testing.T, clock *storetest.Clock) {
			t.Run(b.Name, func(t *testing.T) { testDispatcherCrashAfterAccept(t, b, clock) })
		})
	}
}

func testDispatcherCrashAfterAccept(t *testing.T, b storetest.Backend, clock *storetest.Clock) {
	{
		{
			r := newRig(t, b, clock, 5*time.Second)
			msgs := r.enqueue(t, 3, "13800138000")
			ctx := context.Background()
			now := r.clock.Now()
			claimed, err := r.db.ClaimOutbox(ctx, "dead-instance", now, now.Add(time.Minute), 10)
			if err != nil || len(claimed) != 3 {
				t.Fatalf("claim: %d %v", len(claimed), err)
			}
			// It sent the first one; then the process died.
			if _, err := r.sms.Send(ctx, claimed[0]); err != nil {
				t.Fatal(err)
			}
			d := r.dispatcher("survivor", r.sms)
			if n, _ := d.RunOnce(ctx); n != 0 {
				t.Fatal("a live claim was taken over")
			}
			r.clock.Add(61 * time.Second)
			r.drain(t, d, 2)
			for _, m := range msgs {
				got, sends := r.message(t, m.ID), sentTo(r.fake, m.ID)
				if got.Status != notify.StatusSent || sends < 1 || sends > 2 {
					t.Errorf("message %d: status %s, sends %d", m.ID, got.Status, sends)
				}
			}
			// With the lookup, the accepted one is in fact not sent twice.
			if sends := sentTo(r.fake, claimed[0].ID); sends != 1 {
				t.Errorf("accepted message sent %d times", sends)
			}
			// The dead instance coming back cannot record over the survivor's outcome.
			if held, _ := r.db.MarkFailed(ctx, claimed[1].ID, "dead-instance", "X", "late", r.clock.Now()); held {
				t.Error("an expired claim recorded an outcome")
			}
		}
	}
}

// Two dispatchers on one database (two instances): every message is sent exactly once.
func TestTwoDispatchersSendEachOnce(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			r := newRig(t, b, servicetest.FixedClock(), 5*time.Second)
			msgs := r.enqueue(t, 200, "13800138000")
			other, err := sms.NewAliyun(sms.AliyunOptions{AccessKeyID: "test-key-id", AccessKeySecret: "test-key-secret",
				SignName: "深圳信访", Region: "cn-hangzhou", Endpoint: r.fake.Host(), Scheme: "http", Timeout: 5 * time.Second, Pool: 8, Templates: r.tpl,
				Now: r.clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			ds := []*notify.Dispatcher{r.dispatcher("instance-a", r.sms), r.dispatcher("instance-b", other)}
			var wg sync.WaitGroup
			counts := make([]int, 2)
			for i, d := range ds {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						n, err := d.RunOnce(context.Background())
						if err != nil {
							t.Error(err)
							return
						}
						if n == 0 {
							return
						}
						counts[i] += n
					}
				}()
			}
			wg.Wait()
			for _, m := range msgs {
				if s := sentTo(r.fake, m.ID); s != 1 {
					t.Fatalf("message %d sent %d times", m.ID, s)
				}
			}
			if counts[0]+counts[1] != 200 {
				t.Fatalf("handled %v", counts)
			}
			t.Logf("instance a sent %d, b sent %d", counts[0], counts[1])
		})
	}
}

func TestWrongSecretIsRefusedBySignature(t *testing.T) {
	r := newRig(t, storetest.Backends()[0], servicetest.FixedClock(), 5*time.Second)
	bad, _ := sms.NewAliyun(sms.AliyunOptions{AccessKeyID: "test-key-id", AccessKeySecret: "not-the-secret",
		SignName: "深圳信访", Region: "cn-hangzhou", Endpoint: r.fake.Host(), Scheme: "http", Timeout: 5 * time.Second, Pool: 1, Templates: r.tpl,
		Now: r.clock.Now})
	m := r.enqueue(t, 1, "13800138000")[0]
	r.drain(t, r.dispatcher("d1", bad), 2)
	got := r.message(t, m.ID)
	if got.Status != notify.StatusFailed || got.ErrorCode != "SignatureDoesNotMatch" || r.fake.BadSignatures() != 1 || len(r.fake.Sent()) != 0 {
		t.Fatalf("status %s code %s bad signatures %d sent %d", got.Status, got.ErrorCode, r.fake.BadSignatures(), len(r.fake.Sent()))
	}
}

func TestReceipts(t *testing.T) {
	storetest.ForEachInstant(t, testReceipts)
}

func testReceipts(t *testing.T, clock *storetest.Clock) {
	r := newRig(t, storetest.Backends()[0], clock, 5*time.Second)
	msgs := r.enqueue(t, 2, "13800138000")
	r.drain(t, r.dispatcher("d1", r.sms), 1)
	for _, sm := range r.fake.Sent() {
		if sm.OutID == fmt.Sprint(msgs[1].ID) {
			r.fake.SetStatus(sm.BizID, 2)
		}
	}
	p := &notify.ReceiptPoller{Store: r.db, Senders: map[string]notify.Sender{notify.ChannelSMS: r.sms}, Log: servicetest.Discard,
		Now: r.clock.Now, Window: 72 * time.Hour, Every: time.Minute}
	n, err := p.RunOnce(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("receipts: %d %v", n, err)
	}
	if s := r.message(t, msgs[0].ID).Status; s != notify.StatusDelivered {
		t.Fatalf("first: %s", s)
	}
	if s := r.message(t, msgs[1].ID); s.Status != notify.StatusUndelivered || s.ReceiptAt.IsZero() {
		t.Fatalf("second: %+v", s)
	}
}

func TestEnqueueIsIdempotentAndCancellable(t *testing.T) {
	storetest.ForEachDB(t, servicetest.FixedClock().Now, func(t *testing.T, db *sqlstore.DB) {
		tpl := servicetest.Templates(t)
		m1, _ := tpl.SMS("case_received", "13800138000", map[string]string{"case_no": "XF1", "query_code": "Q"}, "same-key", "case", "1")
		m2, _ := tpl.SMS("case_received", "13800138000", map[string]string{"case_no": "XF1", "query_code": "Q"}, "same-key", "case", "1")
		ctx := context.Background()
		if err := db.Enqueue(ctx, m1); err != nil {
			t.Fatal(err)
		}
		if err := db.Enqueue(ctx, m2); err != nil {
			t.Fatal(err)
		}
		list, _ := db.ListOutbox(ctx, notify.Filter{Limit: 10})
		if len(list) != 1 || m2.ID != 0 {
			t.Fatalf("same key recorded twice: %d", len(list))
		}
		if list[0].Recipient != "13800138000" || list[0].RecipientMask != "138****8000" || list[0].Params["case_no"] != "XF1" {
			t.Fatalf("read back %+v", list[0])
		}
		var raw string
		db.QueryRowContext(ctx, `SELECT recipient_enc FROM outbox`).Scan(&raw)
		if strings.Contains(raw, "13800138000") {
			t.Fatal("phone stored in the clear")
		}
	})
}

func TestTemplateValidation(t *testing.T) {
	tpl := servicetest.Templates(t)
	if _, err := tpl.SMS("case_received", "12345", map[string]string{"case_no": "1", "query_code": "2"}, "k", "", ""); service.ErrorCode(err) != service.EInvalid {
		t.Fatalf("bad phone: %v", err)
	}
	if _, err := tpl.SMS("case_received", "13800138000", map[string]string{"case_no": "1"}, "k", "", ""); service.ErrorCode(err) != service.EInternal {
		t.Fatalf("missing param: %v", err)
	}
	_, err := tpl.SMS("booking_diverted", "13800138000", map[string]string{"code": "1", "channel": "法院", "hotline": "12345",
		"guidance": strings.Repeat("很长的指引", 10)}, "k", "", "")
	if e := service.AsError(err); e.Code != service.EInvalid || e.Field != "guidance" {
		t.Fatalf("too long: %v", err)
	}
	if _, err := tpl.SMS("no_such_kind", "13800138000", nil, "k", "", ""); service.ErrorCode(err) != service.EInternal {
		t.Fatalf("unknown kind: %v", err)
	}
}

// slowSender takes "seconds" of the test clock per send.
type slowSender struct {
	clock *storetest.Clock
	per   time.Duration
	sent  []int64
	mu    sync.Mutex
}

func (s *slowSender) Send(_ context.Context, m *notify.Message) (string, error) {
	s.clock.Add(s.per)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, m.ID)
	return fmt.Sprint("p", m.ID), nil
}

// A send is not started when the claim's lease may run out before it ends: the message goes
// back to the queue instead, and is sent next round.
func TestSlowSendsDoNotOutliveTheLease(t *testing.T) {
	r := newRig(t, storetest.Backends()[0], servicetest.FixedClock(), 5*time.Second)
	msgs := r.enqueue(t, 5, "13800138000")
	slow := &slowSender{clock: r.clock, per: 4 * time.Second}
	d := r.dispatcher("d1", slow)
	d.Workers, d.Lease, d.SendTimeout = 1, 20*time.Second, 5*time.Second
	n, err := d.RunOnce(context.Background())
	if err != nil || n != 5 {
		t.Fatalf("round 1: %d %v", n, err)
	}
	// 20 s lease, 10 s margin, 4 s per send: sends start at 0, 4 and 8 s; the rest go back.
	if len(slow.sent) != 3 {
		t.Fatalf("sent %d in the first round, want 3", len(slow.sent))
	}
	for _, m := range msgs[3:] {
		got := r.message(t, m.ID)
		if got.Status != notify.StatusPending || got.Attempts != 0 || got.PrevOwner != "" || got.Uncertain {
			t.Fatalf("released message %+v", got)
		}
	}
	if n, _ := d.RunOnce(context.Background()); n != 2 || len(slow.sent) != 5 {
		t.Fatalf("second round handled %d, sent %d", n, len(slow.sent))
	}
}

// An instance dies while its message is at the provider. The instance that reclaims it has too
// little lease left to start a send and gives it back; the release must not forget that the
// dead instance may have sent it: the next claim asks the provider (one lookup) and finds it —
// one send in all.
func TestReleaseKeepsTheDoubt(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			r := newRig(t, b, servicetest.FixedClock(), 5*time.Second)
			m := r.enqueue(t, 1, "13800138000")[0]
			ctx := context.Background()
			now := r.clock.Now()
			claimed, err := r.db.ClaimOutbox(ctx, "dead-instance", now, now.Add(time.Minute), 10)
			if err != nil || len(claimed) != 1 {
				t.Fatalf("claim: %d %v", len(claimed), err)
			}
			if _, err := r.sms.Send(ctx, claimed[0]); err != nil {
				t.Fatal(err)
			}
			r.clock.Add(61 * time.Second)
			// A short lease for its send timeout: it reclaims, and releases at once.
			short := r.dispatcher("short", r.sms)
			short.Lease, short.SendTimeout = 20*time.Second, 15*time.Second
			if n, err := short.RunOnce(ctx); err != nil || n != 1 {
				t.Fatalf("reclaim: %d %v", n, err)
			}
			if got := r.message(t, m.ID); got.Status != notify.StatusPending || !got.Uncertain {
				t.Fatalf("released without the doubt: %+v", got)
			}
			if sentTo(r.fake, m.ID) != 1 || r.fake.Calls("QuerySendDetails") != 0 {
				t.Fatalf("the release sent or asked: sends %d", sentTo(r.fake, m.ID))
			}
			r.drain(t, r.dispatcher("next", r.sms), 2)
			got := r.message(t, m.ID)
			if got.Status != notify.StatusSent || sentTo(r.fake, m.ID) != 1 || r.fake.Calls("QuerySendDetails") != 1 {
				t.Fatalf("status %s, sends %d, lookups %d", got.Status, sentTo(r.fake, m.ID), r.fake.Calls("QuerySendDetails"))
			}
		})
	}
}

// When the SMS endpoint cannot be reached, the transport error quotes the request URL, whose
// query holds the template parameters: the live verification code must reach neither the log
// nor the outbox's last_error, which staff read.
func TestUnreachableEndpointLeaksNoCode(t *testing.T) {
	clock := servicetest.FixedClock()
	db := storetest.OpenSQLite(t, clock.Now)
	tpl := servicetest.Templates(t)
	sms, err := sms.NewAliyun(sms.AliyunOptions{AccessKeyID: "test-key-id", AccessKeySecret: "test-key-secret",
		SignName: "深圳信访", Region: "cn-hangzhou", Endpoint: "127.0.0.1:1", Scheme: "http", Timeout: time.Second, Pool: 1, Templates: tpl,
		Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	m, err := tpl.SMS("verify_code", "13800138000", map[string]string{"code": "246810"}, "vc:1", "verify", "booking")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Enqueue(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	log := slog.New(service.NewLogHandler(slog.NewTextHandler(&logs, nil)))
	d := &notify.Dispatcher{Store: db, Senders: map[string]notify.Sender{notify.ChannelSMS: sms}, Log: log, Now: clock.Now, Owner: "d1",
		Workers: 1, Batch: 5, Lease: time.Minute, MaxAttempts: 5, BackoffBase: time.Second, BackoffMax: time.Minute, Poll: time.Second}
	if _, err := d.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	list, _ := db.ListOutbox(context.Background(), notify.Filter{Limit: 1})
	t.Logf("last_error: %s", list[0].LastError)
	if len(list) != 1 || list[0].LastError == "" {
		t.Fatalf("no error recorded: %+v", list)
	}
	for where, text := range map[string]string{"last_error": list[0].LastError, "log": logs.String()} {
		for _, secret := range []string{"246810", "13800138000", "test-key-id"} {
			if strings.Contains(text, secret) {
				t.Errorf("%s shows %s: %s", where, secret, text)
			}
		}
	}
}

// countingQueue counts the claims and "sent" writes a dispatcher makes of the real outbox.
type countingQueue struct {
	notify.Queue
	mu            sync.Mutex
	calls         int // every claim, empty ones too
	claims, marks int
	claimed       []int
}

func (q *countingQueue) ClaimOutbox(ctx context.Context, owner string, now, leaseUntil time.Time, limit int) ([]*notify.Message, error) {
	ms, err := q.Queue.ClaimOutbox(ctx, owner, now, leaseUntil, limit)
	q.mu.Lock()
	defer q.mu.Unlock()
	q.calls++
	if len(ms) > 0 {
		q.claims++
		q.claimed = append(q.claimed, len(ms))
	}
	return ms, err
}

func (q *countingQueue) MarkSent(ctx context.Context, owner string, sent []notify.Sent, at time.Time) (int, error) {
	q.mu.Lock()
	q.marks++
	q.mu.Unlock()
	return q.Queue.MarkSent(ctx, owner, sent, at)
}

// Messages arriving in a burst are claimed together and recorded as sent in one write, each with
// its own provider id: a woken dispatcher lingers for the rest of the burst.
func TestBurstIsClaimedAndRecordedOnce(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			r := newRig(t, b, storetest.NewClock(servicetest.FixedNow), 5*time.Second)
			q := &countingQueue{Queue: r.db}
			d := r.dispatcher("burst", r.sms)
			d.Store, d.Poll, d.Linger = q, time.Hour, time.Second
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { d.Run(ctx); close(done) }()
			defer func() { cancel(); <-done }()
			// Run looks once when it starts; the burst comes to an idle dispatcher.
			for idle := false; !idle; time.Sleep(5 * time.Millisecond) {
				q.mu.Lock()
				idle = q.calls > 0
				q.mu.Unlock()
			}
			var msgs []*notify.Message
			for i := 0; i < 5; i++ {
				m, err := r.tpl.SMS("case_received", fmt.Sprintf("1390000%04d", i), map[string]string{"case_no": fmt.Sprintf("XF2026112700%04d", i), "query_code": "ABCD1234"},
					fmt.Sprintf("burst:%d", i), "case", fmt.Sprint(i))
				if err != nil {
					t.Fatal(err)
				}
				if err := r.db.Enqueue(context.Background(), m); err != nil {
					t.Fatal(err)
				}
				msgs = append(msgs, m)
				d.Kick()
				time.Sleep(20 * time.Millisecond)
			}
			deadline := time.Now().Add(10 * time.Second)
			for len(r.fake.Sent()) < 5 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			bizID := map[string]string{}
			for _, f := range r.fake.Sent() {
				bizID[f.OutID] = f.BizID
			}
			for _, m := range msgs {
				got := r.message(t, m.ID)
				for got.Status != notify.StatusSent && time.Now().Before(deadline) {
					time.Sleep(10 * time.Millisecond)
					got = r.message(t, m.ID)
				}
				if got.Status != notify.StatusSent || got.Attempts != 1 || sentTo(r.fake, m.ID) != 1 {
					t.Fatalf("message %d: %+v (sent %d times)", m.ID, got, sentTo(r.fake, m.ID))
				}
				if want := bizID[fmt.Sprint(m.ID)]; want == "" || got.ProviderID != want {
					t.Fatalf("message %d: provider id %q, the provider gave it %q", m.ID, got.ProviderID, want)
				}
			}
			q.mu.Lock()
			defer q.mu.Unlock()
			if q.claims != 1 || q.marks != 1 {
				t.Fatalf("a burst of 5: %d claims %v and %d sent writes, want 1 and 1", q.claims, q.claimed, q.marks)
			}
		})
	}
}

// The round's "sent" write leaves alone a message whose claim another dispatcher holds now.
func TestSentWriteNeedsTheClaim(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			r := newRig(t, b, storetest.NewClock(servicetest.FixedNow), 5*time.Second)
			r.enqueue(t, 2, "13900000001")
			ctx, now := context.Background(), r.clock.Now()
			a, err := r.db.ClaimOutbox(ctx, "a", now, now.Add(time.Minute), 1)
			if err != nil || len(a) != 1 {
				t.Fatalf("claim a: %v %v", a, err)
			}
			b, err := r.db.ClaimOutbox(ctx, "b", now, now.Add(time.Minute), 1)
			if err != nil || len(b) != 1 {
				t.Fatalf("claim b: %v %v", b, err)
			}
			sentAt := now.Add(-3 * time.Second) // sent before the round's write
			held, err := r.db.MarkSent(ctx, "a", []notify.Sent{{ID: a[0].ID, ProviderID: "pa", At: sentAt}, {ID: b[0].ID, ProviderID: "pb", At: sentAt}}, now)
			if err != nil || held != 1 {
				t.Fatalf("held %d, %v", held, err)
			}
			if m := r.message(t, a[0].ID); m.Status != notify.StatusSent || m.ProviderID != "pa" || !m.SentAt.Equal(sentAt) {
				t.Fatalf("a's message: %+v", m)
			}
			if m := r.message(t, b[0].ID); m.Status != notify.StatusPending || m.ProviderID != "" {
				t.Fatalf("b's message was marked by a: %+v", m)
			}
		})
	}
}

// blockingSender stands for a provider that cannot be asked whether a try arrived (no
// SendLookup, like WeChat's): the message with OutID hold waits until release is closed.
type blockingSender struct {
	hold    int64
	release chan struct{}
}

func (s *blockingSender) Send(ctx context.Context, m *notify.Message) (string, error) {
	if m.ID == s.hold {
		<-s.release
	}
	return fmt.Sprintf("wx-%d", m.ID), nil
}

// A message whose provider cannot be asked about it is recorded as sent at once, not with the
// round: were the round's write lost, it would go out again without a lookup.
func TestUnaskableSendsAreRecordedAtOnce(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			r := newRig(t, b, storetest.NewClock(servicetest.FixedNow), 5*time.Second)
			msgs := r.enqueue(t, 2, "13900000002")
			s := &blockingSender{hold: msgs[1].ID, release: make(chan struct{})}
			d := r.dispatcher("unaskable", s)
			done := make(chan error)
			go func() { _, err := d.RunOnce(context.Background()); done <- err }()
			deadline := time.Now().Add(10 * time.Second)
			for r.message(t, msgs[0].ID).Status != notify.StatusSent {
				if time.Now().After(deadline) {
					close(s.release)
					t.Fatalf("the first message was not recorded while the round went on: %+v", r.message(t, msgs[0].ID))
				}
				time.Sleep(10 * time.Millisecond)
			}
			close(s.release)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if m := r.message(t, msgs[1].ID); m.Status != notify.StatusSent || m.ProviderID != fmt.Sprintf("wx-%d", m.ID) {
				t.Fatalf("the second message: %+v", m)
			}
		})
	}
}
