package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/szxinfang/xinfang/configs"
	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
	"github.com/szxinfang/xinfang/service/notify"
	"github.com/szxinfang/xinfang/store/sqlstore"
)

func init() {
	register(scenario{name: "booking-tx", help: "the booking transaction alone, in process on a scratch database (-mysql): take a place, insert the booking, insert its SMS; one commit each",
		local: func(ctx context.Context, o options) error {
			_, err := bareBookingTx(ctx, o)
			return err
		}})
}

// txResult is what the bare transaction did.
type txResult struct {
	count    int
	elapsed  time.Duration
	p50, p99 time.Duration
}

func (r txResult) rate() float64 { return float64(r.count) / r.elapsed.Seconds() }

// bareBookingTx runs the booking's own unit of work — the conditional UPDATE of a place, the
// INSERT of the booking (its personal fields encrypted, as the service stores them) and the
// INSERT of its SMS into the outbox, one commit (and fsync) each — with -workers goroutines for
// -duration, and prints its throughput: what the database allows a booking at best, the
// yardstick of the HTTP booking scenario.
func bareBookingTx(ctx context.Context, o options) (txResult, error) {
	db, cleanup, err := outboxBench{mysqlDSN: o.MySQLDSN}.open(ctx)
	if err != nil {
		return txResult{}, err
	}
	defer cleanup()
	tpl, err := benchTemplates()
	if err != nil {
		return txResult{}, err
	}
	day := service.DateOf(time.Now()).AddDays(1)
	if err := db.EnsureSlots(ctx, []booking.Slot{{Day: day, Session: "am", Room: "一号接待室", Capacity: 10_000_000}}); err != nil {
		return txResult{}, err
	}
	store := sqlstore.Bookings{DB: db}
	var n atomic.Int64
	one := func(i int64) error {
		return store.InTx(ctx, func(tx booking.Tx) error {
			sl, err := tx.TakePlace(day, "am", "")
			if err != nil || sl == nil {
				return fmt.Errorf("take a place: %v", err)
			}
			now := time.Now()
			phone := fmt.Sprintf("199%08d", i)
			b := &booking.Booking{Code: booking.NewCode(), Status: booking.StatusPending, Version: 1, Day: day, Session: "am", SlotID: sl.ID,
				Room: sl.Room, Name: "测试群众", Phone: phone, Channel: booking.ViaH5, Matter: fmt.Sprintf("压力测试事项第%d号：小区道路长期积水", i),
				District: "福田区", CreatedAt: now, UpdatedAt: now, MatterKey: fmt.Sprint("k", i), PersonKey: fmt.Sprint("p", i), Visitors: 1}
			if err := tx.InsertBooking(b); err != nil {
				return err
			}
			m, err := tpl.SMS("booking_received", phone, map[string]string{"code": b.Code, "date": day.Short(), "session": "上午"},
				fmt.Sprintf("booking:%d:received", b.ID), "booking", fmt.Sprint(b.ID))
			if err != nil {
				return err
			}
			return tx.AppendOutbox(m)
		})
	}
	// Warm up, then measure.
	for n.Load() < 50 {
		if err := one(n.Add(1)); err != nil {
			return txResult{}, err
		}
	}
	deadline := time.Now().Add(o.Duration)
	var mu sync.Mutex
	var lat []time.Duration
	var failed atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for w := uint64(0); w < o.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) && failed.Load() == nil {
				t0 := time.Now()
				if err := one(n.Add(1)); err != nil {
					failed.Store(err)
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		return txResult{}, err
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	r := txResult{count: len(lat), elapsed: time.Since(start)}
	if len(lat) > 0 {
		r.p50, r.p99 = lat[len(lat)/2], lat[len(lat)*99/100]
	}
	printTx(o.Out, o, r)
	return r, nil
}

func printTx(w io.Writer, o options, r txResult) {
	where := "SQLite"
	if o.MySQLDSN != "" {
		where = "MariaDB/MySQL"
	}
	fmt.Fprintf(w, "booking transaction alone on %s, %d workers, %s: %d commits, %.1f/s, p50 %s, p99 %s\n",
		where, o.Workers, o.Duration, r.count, r.rate(), round(r.p50), round(r.p99))
}

func benchTemplates() (*notify.Templates, error) {
	st, err := configs.LoadSMSTemplates("")
	if err != nil {
		return nil, err
	}
	tpl := &notify.Templates{MaxLen: st.MaxLen, ByKind: map[string]notify.Template{}}
	for k, v := range st.Templates {
		tpl.ByKind[k] = notify.Template{Code: v.Code, Text: v.Text, Params: v.Params}
	}
	return tpl, nil
}
