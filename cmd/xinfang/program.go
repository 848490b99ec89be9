package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/silenceper/wechat/v2/miniprogram"
	mpconfig "github.com/silenceper/wechat/v2/miniprogram/config"
	"github.com/silenceper/wechat/v2/officialaccount"
	oaconfig "github.com/silenceper/wechat/v2/officialaccount/config"

	"github.com/szxinfang/xinfang/configs"
	"github.com/szxinfang/xinfang/handler"
	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
	"github.com/szxinfang/xinfang/service/cases"
	"github.com/szxinfang/xinfang/service/citizen"
	"github.com/szxinfang/xinfang/service/notify"
	"github.com/szxinfang/xinfang/service/staff"
	"github.com/szxinfang/xinfang/service/wechat"
	"github.com/szxinfang/xinfang/store/cache"
	"github.com/szxinfang/xinfang/store/files"
	"github.com/szxinfang/xinfang/store/pii"
	"github.com/szxinfang/xinfang/store/sms"
	"github.com/szxinfang/xinfang/store/sqlstore"
	"github.com/szxinfang/xinfang/store/wxapi"
)

// Program is the composition root: it reads nothing global, builds every store, service and
// handler from its Config, and owns their lifetimes. Tests start the whole program on port 0
// with a temporary database.
type Program struct {
	Config *configs.Config
	Log    *slog.Logger
	// Stdout receives what an operator must see once (the first admin's password).
	Stdout io.Writer
	// Now is the clock for everything the program builds.
	Now func() time.Time

	DB         *sqlstore.DB
	Cache      service.Cache
	Auth       *staff.Service
	Templates  *notify.Templates
	Senders    map[string]notify.Sender
	Dispatcher *notify.Dispatcher
	Receipts   *notify.ReceiptPoller
	Verify     *citizen.Verifier
	Outbox     *notify.Service
	WeChat     *wechat.Service
	Citizens   *citizen.Auth
	OA         *officialaccount.OfficialAccount
	MP         *miniprogram.MiniProgram
	Booking    *booking.Service
	Cases      *cases.Service

	// Addr is the address the server listens on, known after Run; MetricsAddr the operations
	// listener's, when one is configured.
	Addr        string
	MetricsAddr string

	registry *prometheus.Registry
	recorder *wechat.Recorder
	server   *http.Server
	ops      *http.Server
	serveErr chan error
	bgCancel context.CancelFunc
	bg       sync.WaitGroup
	closers  []func() error
}

// NewProgram returns a program for cfg; nothing is opened until Open or Run.
func NewProgram(cfg *configs.Config, log *slog.Logger, stdout io.Writer) *Program {
	return &Program{Config: cfg, Log: log, Stdout: stdout, Now: time.Now}
}

// NewLogger builds the service's logger: JSON in production, text in development, with request
// ids and personal-data masking on every line.
func NewLogger(cfg *configs.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.Log.Level))
	opts := &slog.HandlerOptions{Level: level}
	format := cfg.Log.Format
	if format == "" {
		format = "text"
		if cfg.Production() {
			format = "json"
		}
	}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if format == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(service.NewLogHandler(h))
}

// Open connects the database and the cache (and migrates when configured). CLI subcommands use
// it without starting the server.
func (p *Program) Open(ctx context.Context) error {
	cfg := p.Config
	pii, err := p.cipher()
	if err != nil {
		return err
	}
	opts := sqlstore.Options{
		MySQLDSN:        cfg.MySQL.DSN,
		SQLitePath:      cfg.SQLite.Path,
		MaxOpenConns:    cfg.MySQL.MaxOpenConns,
		MaxIdleConns:    cfg.MySQL.MaxIdleConns,
		ConnMaxLifetime: cfg.MySQL.ConnMaxLifetime,
		ConnMaxIdleTime: cfg.MySQL.ConnMaxIdleTime,
	}
	if opts.SQLitePath == "" {
		opts.SQLitePath = filepath.Join(cfg.DataDir, "xinfang.db")
	}
	if p.DB, err = sqlstore.Open(ctx, opts, pii, p.Now); err != nil {
		return err
	}
	p.closers = append(p.closers, p.DB.Close)
	if p.DB.Dialect == sqlstore.SQLite {
		p.Log.Info("database: embedded SQLite", "path", opts.SQLitePath)
		if cfg.Production() {
			p.Log.Warn("production mode on SQLite: set XF_MYSQL_DSN to share the database between instances")
		}
	} else {
		p.Log.Info("database: MySQL/MariaDB")
	}

	if len(cfg.Redis.Addr) > 0 {
		client := cache.NewRedisClient(cache.RedisOptions{Addrs: cfg.Redis.Addr, MasterName: cfg.Redis.MasterName,
			Username: cfg.Redis.Username, Password: cfg.Redis.Password, DB: cfg.Redis.DB})
		p.closers = append(p.closers, client.Close)
		pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := client.Ping(pingCtx).Err(); err != nil {
			return fmt.Errorf("connect redis: %w", err)
		}
		p.Cache = &cache.RedisCache{Client: client, Prefix: cfg.Redis.KeyPrefix}
		p.Log.Info("cache: Redis", "addrs", len(cfg.Redis.Addr))
	} else {
		mc := cache.NewMemoryCache(p.Now)
		p.closers = append(p.closers, func() error { mc.Close(); return nil })
		p.Cache = mc
		p.Log.Info("cache: in-process (single instance only)")
	}

	if err := p.buildServices(); err != nil {
		return err
	}
	if cfg.MigrateOnStart {
		start := time.Now()
		n, err := p.DB.Migrate(ctx, nil)
		if err != nil {
			return err
		}
		if n > 0 {
			p.Log.Info("migrations applied", "count", n, "ms", time.Since(start).Milliseconds())
		}
	}
	return nil
}

// cipher returns the PII cipher: from XF_PII_KEY/XF_PII_INDEX_KEY, or in development a key
// generated once and kept under data_dir.
func (p *Program) cipher() (*pii.Cipher, error) {
	cfg := p.Config
	if cfg.PII.Key != "" || cfg.PII.IndexKey != "" {
		return pii.NewCipher(cfg.PII.Key, cfg.PII.IndexKey)
	}
	c, path, created, err := pii.DevCipher(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("development PII key: %w", err)
	}
	msg := "using the development PII key: personal data is encrypted with a key stored next to the database; set XF_PII_KEY and XF_PII_INDEX_KEY for real data"
	if created {
		msg = "generated a development PII key: personal data is encrypted with a key stored next to the database; set XF_PII_KEY and XF_PII_INDEX_KEY for real data"
	}
	p.Log.Warn(msg, "path", path)
	return c, nil
}

// buildServices builds every service from the configuration and its data files. Each part
// gets what it depends on when it is made and nothing changes it afterwards.
func (p *Program) buildServices() error {
	cfg := p.Config
	w := cfg.WeChat
	oaOn, mpOn := w.AppID != "" && w.AppSecret != "", w.MPAppID != "" && w.MPAppSecret != ""
	var enabled []string
	if oaOn {
		enabled = append(enabled, notify.ChannelWeChat)
	}
	if mpOn {
		enabled = append(enabled, notify.ChannelMP)
	}
	data, err := configs.LoadData(cfg.ConfigDir, cfg.HTTP.PublicURL, enabled...)
	if err != nil {
		return err
	}
	if cfg.Booking.Capacity > 0 {
		data.Booking.Capacity = cfg.Booking.Capacity
	}
	p.Templates = data.Templates

	// The outbox: senders per channel, the dispatcher, receipts, the staff's view.
	smsSender, err := p.smsSender()
	if err != nil {
		return err
	}
	p.Senders = map[string]notify.Sender{notify.ChannelSMS: smsSender}
	// silenceper/wechat keeps its HTTP client in a package variable (it offers no per-app
	// client): the composition root sets it, once.
	if err := wxapi.ConfigureHTTP(w.APIBase, 10*time.Second); err != nil {
		return err
	}
	tpls := wechatTemplates(data.WeChat)
	var oauth citizen.OAuth
	var mpAuth citizen.MPAuth
	if oaOn {
		tok := &wxapi.SharedToken{Cache: p.Cache, AppID: w.AppID, Secret: w.AppSecret, Stable: w.StableToken, Wait: 10 * time.Second}
		p.OA = officialaccount.NewOfficialAccount(&oaconfig.Config{AppID: w.AppID, AppSecret: w.AppSecret, Token: w.Token,
			EncodingAESKey: w.AESKey, Cache: wxapi.Cache{C: p.Cache}, UseStableAK: w.StableToken})
		p.OA.SetAccessTokenHandle(tok)
		p.Senders[notify.ChannelWeChat] = &wxapi.TemplateSender{OA: p.OA, Token: tok, Templates: tpls[notify.ChannelWeChat]}
		oauth = &wxapi.OAuth{OA: p.OA}
	}
	if mpOn {
		tok := &wxapi.SharedToken{Cache: p.Cache, AppID: w.MPAppID, Secret: w.MPAppSecret, Stable: w.StableToken, Wait: 10 * time.Second}
		p.MP = miniprogram.NewMiniProgram(&mpconfig.Config{AppID: w.MPAppID, AppSecret: w.MPAppSecret,
			Cache: wxapi.Cache{C: p.Cache}, UseStableAK: w.StableToken})
		p.MP.SetAccessTokenHandle(tok)
		p.Senders[notify.ChannelMP] = &wxapi.SubscribeSender{MP: p.MP, Token: tok, Templates: tpls[notify.ChannelMP]}
		mpAuth = &wxapi.MPAuth{MP: p.MP}
	}
	host, _ := os.Hostname()
	p.Dispatcher = &notify.Dispatcher{
		Store: p.DB, Senders: p.Senders, Log: p.Log, Now: p.Now,
		Owner:   fmt.Sprintf("%s:%d:%s", host, os.Getpid(), service.RandomToken(4)),
		Workers: cfg.Outbox.Workers, Batch: cfg.Outbox.Batch, Lease: cfg.Outbox.Lease, MaxAttempts: cfg.Outbox.MaxAttempts,
		BackoffBase: cfg.Outbox.BackoffBase, BackoffMax: cfg.Outbox.BackoffMax, Poll: cfg.Outbox.Poll, Linger: cfg.Outbox.Linger,
		SendTimeout: 2 * cfg.SMS.Timeout, // the SDK's connect and read timeouts, one after the other
	}
	kick := p.Dispatcher.Kick
	p.Receipts = &notify.ReceiptPoller{Store: p.DB, Senders: p.Senders, Log: p.Log, Now: p.Now,
		Window: 72 * time.Hour, Every: cfg.Outbox.ReceiptInterval}
	p.Outbox = &notify.Service{Store: sqlstore.Outbox{DB: p.DB}, Templates: p.Templates, Now: p.Now, Kick: kick}

	// Sign-in: staff, and citizens with their verification codes.
	p.Auth = &staff.Service{
		Users: sqlstore.Staff{DB: p.DB}, Units: data.Units, Cache: p.Cache, Hasher: staff.NewHasher(cfg.Auth.HashWorkers, 2*time.Second), Log: p.Log, Now: p.Now,
		SessionIdle: cfg.Auth.SessionIdle, SessionAbsolute: cfg.Auth.SessionAbsolute,
		MaxFailures: cfg.Auth.MaxFailures, Lockout: cfg.Auth.Lockout,
	}
	p.Verify = &citizen.Verifier{
		Cache: p.Cache, Outbox: p.DB, Templates: p.Templates, Hash: p.DB.PII.BlindIndex, Now: p.Now, Kick: kick, Log: p.Log,
		TTL: cfg.Verify.TTL, MaxTries: cfg.Verify.MaxTries, PerPhoneMinute: cfg.Verify.PerPhoneMinute,
		PerPhoneHour: cfg.Verify.PerPhoneHour, PerPhoneDay: cfg.Verify.PerPhoneDay,
		PerIPHour: cfg.Verify.PerIPHour, PerIPDay: cfg.Verify.PerIPDay,
	}
	p.Citizens = &citizen.Auth{Cache: p.Cache, Verify: p.Verify, OAuth: oauth, MP: mpAuth, Now: p.Now, TTL: w.SessionTTL, Log: p.Log}

	// The official account's answers.
	replies := &wechat.Replies{Welcome: data.WeChat.Replies.Welcome, Scan: data.WeChat.Replies.Scan, Clicks: data.WeChat.Replies.Clicks,
		Default: data.WeChat.Replies.Default}
	for _, k := range data.WeChat.Replies.Keywords {
		replies.Keywords = append(replies.Keywords, wechat.KeywordReply{Words: k.Words, Reply: k.Reply})
	}
	recorder := &wechat.Recorder{Store: p.DB, Log: p.Log, Batch: 200, Every: 200 * time.Millisecond}
	p.recorder = recorder
	p.closers = append(p.closers, func() error { recorder.Close(); return nil })
	p.WeChat = &wechat.Service{Cache: p.Cache, Replies: replies, Recorder: recorder, Store: p.DB, Log: p.Log, DedupTTL: w.DedupTTL}

	// 预约接访 and the registration platform.
	p.Booking = &booking.Service{Store: sqlstore.Bookings{DB: p.DB}, Cal: data.Calendar, Cfg: data.Booking, Verify: p.Verify,
		Templates: p.Templates, Cache: p.Cache, Hash: p.DB.PII.BlindIndex, Now: p.Now, Kick: kick, Log: p.Log, Users: p.DB, Units: data.Units,
		PerPhoneDay: cfg.Booking.PerPhoneDay, PerIPHour: cfg.Booking.PerIPHour}
	attachments := cfg.AttachmentsDir
	if attachments == "" {
		attachments = filepath.Join(cfg.DataDir, "attachments")
	}
	p.Cases = &cases.Service{Store: sqlstore.Cases{DB: p.DB}, Routing: data.Routing, Templates: p.Templates, Hash: p.DB.PII.BlindIndex,
		Now: p.Now, Kick: kick, Log: p.Log, Files: files.DiskFiles{Dir: attachments},
		PersonCap: 200, NameCap: 50, TextCap: 20, Verify: p.Verify, Cache: p.Cache, Rules: data.Deadlines}
	p.Booking.Visits = visitDesk{p.Cases}
	return nil
}

// smsSender is Alibaba Cloud SMS with credentials, else the log.
func (p *Program) smsSender() (notify.Sender, error) {
	cfg := p.Config
	if cfg.SMS.AccessKeyID == "" {
		if cfg.SMS.Disabled {
			p.Log.Warn("sms: switched off (XF_SMS_DISABLED): messages are logged without verification codes and not sent")
		} else {
			p.Log.Warn("sms: no XF_SMS_ACCESS_KEY_ID, messages are written to the log and not sent (development)")
		}
		return &sms.LogSender{Log: p.Log, Templates: p.Templates, HideCodes: cfg.Production()}, nil
	}
	s, err := sms.NewAliyun(sms.AliyunOptions{
		AccessKeyID: cfg.SMS.AccessKeyID, AccessKeySecret: cfg.SMS.AccessKeySecret, SignName: cfg.SMS.SignName,
		Region: cfg.SMS.Region, Endpoint: cfg.SMS.Endpoint, Scheme: cfg.SMS.Scheme, Timeout: cfg.SMS.Timeout,
		Pool: cfg.Outbox.Workers + 2, Templates: p.Templates, Now: p.Now,
	})
	if err != nil {
		return nil, err
	}
	p.Log.Info("sms: Alibaba Cloud", "endpoint", cmp.Or(cfg.SMS.Endpoint, "dysmsapi.aliyuncs.com"))
	return s, nil
}

// wechatTemplates are wechat.yaml's notification templates as the WeChat senders use them.
func wechatTemplates(d *configs.WeChatData) map[string]map[string]wxapi.Template {
	out := map[string]map[string]wxapi.Template{}
	for channel, kinds := range d.Notifications {
		out[channel] = map[string]wxapi.Template{}
		for kind, t := range kinds {
			out[channel][kind] = wxapi.Template{TemplateID: t.TemplateID, URL: t.URL, Page: t.Page, Fields: t.Fields}
		}
	}
	return out
}

// Run opens everything, creates the first admin when there is no account, and starts serving.
// It returns once the listener is up; Close stops it.
func (p *Program) Run(ctx context.Context) error {
	if err := p.Open(ctx); err != nil {
		return err
	}
	if pw, created, err := p.Auth.Bootstrap(ctx, p.Config.Auth.BootstrapAdmin); err != nil {
		return fmt.Errorf("create first admin: %w", err)
	} else if created {
		if err := p.announceFirstAdmin(pw); err != nil {
			return err
		}
	}

	if err := p.Booking.EnsureSchedule(service.SystemActor(ctx, "startup")); err != nil {
		return fmt.Errorf("booking schedule: %w", err)
	}
	p.registry = prometheus.NewRegistry()
	p.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(p.DB.DB, string(p.DB.Dialect)),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "xinfang_wechat_unrecorded_total",
			Help: "WeChat messages answered but not recorded because the recording queue was full (database slow or down)."},
			func() float64 { return float64(p.recorder.Unrecorded()) }),
	)
	srv := &handler.Server{
		Log: p.Log, Registry: p.registry, Now: p.Now, Auth: p.Auth, Verify: p.Verify, Outbox: p.Outbox,
		WeChat: p.WeChat, Citizens: p.Citizens, Booking: p.Booking,
		Cases: p.Cases, CaseLookup: p.DB, Units: p.Cases.Routing.Units, Templates: p.Templates, Rules: p.Cases.Rules, Calendar: p.Booking.Cal,
		WeChatProto: handler.WeChatProtocol{AppID: p.Config.WeChat.AppID, Token: p.Config.WeChat.Token,
			AESKey: p.Config.WeChat.AESKey, Mode: p.Config.WeChat.Mode, MaxSkew: p.Config.WeChat.MaxSkew},
		Ready: []handler.Checker{
			{Name: "database", Check: p.DB.Ping},
			{Name: "cache", Check: p.Cache.Ping},
		},
		TrustedProxies: p.Config.HTTP.TrustedProxies,
		PublicURL:      p.Config.HTTP.PublicURL,
		MaxBodyBytes:   p.Config.HTTP.MaxBodyBytes,
		RequestTimeout: p.Config.HTTP.RequestTimeout, LongRequestTimeout: p.Config.HTTP.LongTimeout,
		WebDir: os.Getenv("XF_WEB_DIR"),
	}
	srv.MetricsPublic = p.Config.MetricsAddr == "" && !p.Config.Production()
	h, err := srv.Handler()
	if err != nil {
		return err
	}
	if err := p.serveOps(); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", p.Config.HTTP.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", p.Config.HTTP.Addr, err)
	}
	p.Addr = ln.Addr().String()
	hc := p.Config.HTTP
	p.server = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: hc.ReadHeaderTimeout,
		ReadTimeout:       hc.ReadTimeout,
		WriteTimeout:      hc.WriteTimeout,
		IdleTimeout:       hc.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(p.Log.Handler(), slog.LevelWarn),
	}
	p.serveErr = make(chan error, 1)
	go func() {
		if err := p.server.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			p.serveErr <- err
		}
		close(p.serveErr)
	}()

	bgCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	p.bgCancel = cancel
	p.startBackground(bgCtx)
	p.Log.Info("listening", "addr", p.Addr, "env", p.Config.Env)
	return nil
}

// announceFirstAdmin tells the operator the first admin's one-time password: on the terminal
// in development; in production, where stdout ends up in collected logs, in a file only this
// user can read, whose path is printed instead.
func (p *Program) announceFirstAdmin(pw string) error {
	name := p.Config.Auth.BootstrapAdmin
	if !p.Config.Production() {
		fmt.Fprintf(p.Stdout, "\n==================================================================\n"+
			" First start: created the admin account.\n   username: %s\n   password: %s\n"+
			" This password is shown only now; you must change it at first login.\n"+
			"==================================================================\n\n", name, pw)
		return nil
	}
	path := filepath.Join(p.Config.DataDir, "initial-admin-password")
	if err := os.MkdirAll(p.Config.DataDir, 0o700); err != nil {
		return fmt.Errorf("first admin password: %w", err)
	}
	content := fmt.Sprintf("username: %s\npassword: %s\n# one-time password: change it at first login, then delete this file\n", name, pw)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		return fmt.Errorf("first admin password: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("first admin password: %w", err)
	}
	fmt.Fprintf(p.Stdout, "First start: created the admin account %q; its one-time password is in %s (mode 0600). Delete the file after the first login.\n", name, path)
	return nil
}

// serveOps starts the operations listener (/metrics, /debug/pprof/) when metrics_addr is set:
// reachable from the monitoring network only, never on the public address in production.
func (p *Program) serveOps() error {
	if p.Config.MetricsAddr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", p.Config.MetricsAddr)
	if err != nil {
		return fmt.Errorf("listen %s (metrics_addr): %w", p.Config.MetricsAddr, err)
	}
	p.MetricsAddr = ln.Addr().String()
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(p.registry, promhttp.HandlerOpts{Registry: p.registry}))
	// Profiles, on this listener only (go tool pprof http://OPS/debug/pprof/profile?seconds=30).
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	p.ops = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(p.Log.Handler(), slog.LevelWarn)}
	go func() {
		if err := p.ops.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			p.Log.Error("operations listener stopped", "err", err)
		}
	}()
	return nil
}

// startBackground starts the outbox dispatcher and the periodic jobs.
func (p *Program) startBackground(ctx context.Context) {
	p.bg.Add(1)
	go func() {
		defer p.bg.Done()
		p.Dispatcher.Run(ctx)
	}()
	p.every(ctx, "booking-schedule", time.Hour, p.Booking.EnsureSchedule)
	p.every(ctx, "booking-no-shows", 10*time.Minute, func(ctx context.Context) error {
		_, err := p.Booking.MarkNoShows(ctx)
		return err
	})
	// Every instance runs the deadline pass: the database hands each due deadline to one of them.
	p.everyInstance(ctx, "case-deadlines", time.Minute, func(ctx context.Context) error {
		_, err := p.Cases.DeadlinePass(ctx, p.Now())
		return err
	})
	p.every(ctx, "sms-receipts", p.Config.Outbox.ReceiptInterval, func(ctx context.Context) error {
		_, err := p.Receipts.RunOnce(ctx)
		return err
	})
}

// every runs fn each interval on one instance at a time (a lease in the shared cache).
func (p *Program) every(ctx context.Context, name string, interval time.Duration, fn func(context.Context) error) {
	p.bg.Add(1)
	go func() {
		defer p.bg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			jobCtx := service.SystemActor(ctx, "job:"+name)
			if _, err := service.RunExclusive(jobCtx, p.Cache, name, p.Dispatcher.Owner, interval, fn); err != nil && ctx.Err() == nil {
				p.Log.Error("periodic job failed", "job", name, "err", err)
			}
		}
	}()
}

// everyInstance runs fn each interval on this instance, whatever the others do (fn itself must
// make concurrent runs safe); the first run is at start, so a pass missed while the service was
// down catches up at once.
func (p *Program) everyInstance(ctx context.Context, name string, interval time.Duration, fn func(context.Context) error) {
	p.bg.Add(1)
	go func() {
		defer p.bg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			jobCtx := service.SystemActor(ctx, "job:"+name)
			if err := fn(jobCtx); err != nil && ctx.Err() == nil {
				p.Log.Error("periodic job failed", "job", name, "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// Done is closed when the server stops on its own; a value is the error it stopped with.
func (p *Program) Done() <-chan error { return p.serveErr }

// Close stops accepting requests, lets in-flight ones finish (up to http.shutdown_timeout),
// stops background work and closes the cache and the database.
func (p *Program) Close() error {
	var errs []error
	if p.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), p.Config.HTTP.ShutdownTimeout)
		if err := p.server.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("shutdown: %w", err))
		}
		cancel()
	}
	if p.ops != nil {
		if err := p.ops.Close(); err != nil {
			errs = append(errs, fmt.Errorf("operations listener: %w", err))
		}
	}
	if p.bgCancel != nil {
		p.bgCancel()
		p.bg.Wait()
	}
	for i := len(p.closers) - 1; i >= 0; i-- {
		if err := p.closers[i](); err != nil {
			errs = append(errs, err)
		}
	}
	p.closers = nil
	return errors.Join(errs...)
}
