package wechat_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/service/servicetest"
	"github.com/szxinfang/xinfang/service/wechat"
	"github.com/szxinfang/xinfang/store/storetest"
)

func recorded(t *testing.T, s wechat.Store) int {
	t.Helper()
	list, err := s.ListWeChatMessages(context.Background(), "", 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func message(i int, at time.Time) wechat.InboundMessage {
	return wechat.InboundMessage{ToUser: "gh_test", OpenID: fmt.Sprintf("oA24recorder%04d", i), CreateTime: at.Unix(), MsgType: "text",
		Content: "预约", MsgID: int64(7000 + i), ReceivedAt: at}
}

// A full batch wakes the writer, which writes everything queued by then; what is left is
// written on Close — nothing waits for the timer — and a message added after Close is counted,
// not lost silently (nor a panic). A zero Batch still records (one a time).
func TestRecorderBatchesAndFlushes(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			clock := storetest.NewClock(servicetest.FixedNow)
			db := b.Open(t, clock.Now)
			r := &wechat.Recorder{Store: db, Log: servicetest.Discard, Batch: 10, Every: time.Hour}
			for i := 0; i < 25; i++ {
				r.Add(message(i, clock.Now()))
			}
			// The first full batch wakes the writer, which takes everything queued by then (at
			// least those ten); the timer is an hour away.
			deadline := time.Now().Add(10 * time.Second)
			for recorded(t, db) < 10 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if n := recorded(t, db); n < 10 {
				t.Fatalf("a full batch, the timer an hour away: %d recorded", n)
			}
			r.Close()
			if n := recorded(t, db); n != 25 {
				t.Fatalf("after Close: %d recorded, want 25", n)
			}
			r.Add(message(99, clock.Now()))
			if r.Unrecorded() != 1 {
				t.Fatalf("a message after Close: unrecorded %d", r.Unrecorded())
			}
			r.Close() // twice is harmless
		})
	}
}

func TestRecorderZeroBatch(t *testing.T) {
	clock := storetest.NewClock(servicetest.FixedNow)
	db := storetest.Backends()[0].Open(t, clock.Now)
	r := &wechat.Recorder{Store: db, Log: servicetest.Discard, Every: time.Hour}
	for i := 0; i < 3; i++ {
		r.Add(message(i, clock.Now()))
	}
	r.Close()
	if n := recorded(t, db); n != 3 || r.Unrecorded() != 0 {
		t.Fatalf("Batch 0: %d recorded, %d unrecorded", n, r.Unrecorded())
	}
}
