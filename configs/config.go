// Package configs holds the service's configuration: the documented defaults in config.yaml
// (embedded), the data files beside it (holiday calendar, routing, templates…), and the loader
// that applies a file and XF_… environment variables on top.
package configs

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
)

//go:embed config.yaml
var defaultYAML []byte

// Config is the whole configuration. Field tags: yaml names the key; secret:"true" marks a key
// that may only come from the environment.
type Config struct {
	Env            string        `yaml:"env"`
	DataDir        string        `yaml:"data_dir"`
	HTTP           HTTPConfig    `yaml:"http"`
	MySQL          MySQLConfig   `yaml:"mysql"`
	SQLite         SQLiteConfig  `yaml:"sqlite"`
	Redis          RedisConfig   `yaml:"redis"`
	MigrateOnStart bool          `yaml:"migrate_on_start"`
	PII            PIIConfig     `yaml:"pii"`
	Auth           AuthConfig    `yaml:"auth"`
	Log            LogConfig     `yaml:"log"`
	ConfigDir      string        `yaml:"config_dir"`
	SMS            SMSConfig     `yaml:"sms"`
	Outbox         OutboxConfig  `yaml:"outbox"`
	Verify         VerifyConfig  `yaml:"verify"`
	WeChat         WeChatConfig  `yaml:"wechat"`
	Booking        BookingLimits `yaml:"booking"`
	AttachmentsDir string        `yaml:"attachments_dir"`
	MetricsAddr    string        `yaml:"metrics_addr"`
}

type BookingLimits struct {
	Capacity    int `yaml:"capacity"`
	PerPhoneDay int `yaml:"per_phone_day"`
	PerIPHour   int `yaml:"per_ip_hour"`
}

type WeChatConfig struct {
	AppID       string        `yaml:"appid"`
	AppSecret   string        `yaml:"appsecret" secret:"true"`
	Token       string        `yaml:"token" secret:"true"`
	AESKey      string        `yaml:"aeskey" secret:"true"`
	Mode        string        `yaml:"mode"`
	APIBase     string        `yaml:"api_base"`
	StableToken bool          `yaml:"stable_token"`
	MaxSkew     time.Duration `yaml:"max_skew"`
	DedupTTL    time.Duration `yaml:"dedup_ttl"`
	MPAppID     string        `yaml:"mp_appid"`
	MPAppSecret string        `yaml:"mp_appsecret" secret:"true"`
	SessionTTL  time.Duration `yaml:"session_ttl"`
}

type SMSConfig struct {
	AccessKeyID     string        `yaml:"access_key_id"`
	AccessKeySecret string        `yaml:"access_key_secret" secret:"true"`
	SignName        string        `yaml:"sign_name"`
	Region          string        `yaml:"region"`
	Endpoint        string        `yaml:"endpoint"`
	Scheme          string        `yaml:"scheme"`
	Timeout         time.Duration `yaml:"timeout"`
	Disabled        bool          `yaml:"disabled"`
}

type OutboxConfig struct {
	Workers         int           `yaml:"workers"`
	Batch           int           `yaml:"batch"`
	Lease           time.Duration `yaml:"lease"`
	MaxAttempts     int           `yaml:"max_attempts"`
	BackoffBase     time.Duration `yaml:"backoff_base"`
	BackoffMax      time.Duration `yaml:"backoff_max"`
	Poll            time.Duration `yaml:"poll"`
	Linger          time.Duration `yaml:"linger"`
	ReceiptInterval time.Duration `yaml:"receipt_interval"`
}

type VerifyConfig struct {
	TTL            time.Duration `yaml:"ttl"`
	MaxTries       int           `yaml:"max_tries"`
	PerPhoneMinute int           `yaml:"per_phone_minute"`
	PerPhoneHour   int           `yaml:"per_phone_hour"`
	PerPhoneDay    int           `yaml:"per_phone_day"`
	PerIPHour      int           `yaml:"per_ip_hour"`
	PerIPDay       int           `yaml:"per_ip_day"`
}

type HTTPConfig struct {
	Addr              string        `yaml:"addr"`
	PublicURL         string        `yaml:"public_url"`
	TrustedProxies    []string      `yaml:"trusted_proxies"`
	ReadHeaderTimeout time.Duration `yaml:"read_header_timeout"`
	ReadTimeout       time.Duration `yaml:"read_timeout"`
	WriteTimeout      time.Duration `yaml:"write_timeout"`
	IdleTimeout       time.Duration `yaml:"idle_timeout"`
	ShutdownTimeout   time.Duration `yaml:"shutdown_timeout"`
	MaxBodyBytes      int64         `yaml:"max_body_bytes"`
	RequestTimeout    time.Duration `yaml:"request_timeout"`
	LongTimeout       time.Duration `yaml:"long_request_timeout"`
}

type MySQLConfig struct {
	DSN             string        `yaml:"dsn" secret:"true"`
	MaxOpenConns    int           `yaml:"max_open_conns"`
	MaxIdleConns    int           `yaml:"max_idle_conns"`
	ConnMaxLifetime time.Duration `yaml:"conn_max_lifetime"`
	ConnMaxIdleTime time.Duration `yaml:"conn_max_idle_time"`
}

type SQLiteConfig struct {
	Path string `yaml:"path"`
}

type RedisConfig struct {
	Addr       []string `yaml:"addr"`
	MasterName string   `yaml:"master_name"`
	Username   string   `yaml:"username" secret:"true"`
	Password   string   `yaml:"password" secret:"true"`
	DB         int      `yaml:"db"`
	KeyPrefix  string   `yaml:"key_prefix"`
}

type PIIConfig struct {
	Key      string `yaml:"key" secret:"true"`
	IndexKey string `yaml:"index_key" secret:"true"`
}

type AuthConfig struct {
	SessionIdle     time.Duration `yaml:"session_idle"`
	SessionAbsolute time.Duration `yaml:"session_absolute"`
	MaxFailures     int           `yaml:"max_failures"`
	Lockout         time.Duration `yaml:"lockout"`
	BootstrapAdmin  string        `yaml:"bootstrap_admin"`
	HashWorkers     int           `yaml:"hash_workers"`
}

type LogConfig struct {
	Level  string `yaml:"level"`
	Format string `yaml:"format"`
}

// Production reports whether the service runs in production mode.
func (c *Config) Production() bool { return c.Env == "production" }

// Load builds the configuration: embedded defaults, then the file at path (when not empty), then
// the environment as returned by getenv. Errors name the offending key or variable.
func Load(path string, getenv func(string) string) (*Config, error) {
	var c Config
	if err := applyYAML(&c, defaultYAML, true); err != nil {
		return nil, fmt.Errorf("embedded config.yaml: %w", err)
	}
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("config file: %w", err)
		}
		if err := applyYAML(&c, b, false); err != nil {
			return nil, fmt.Errorf("config file %s: %w", path, err)
		}
	}
	if err := applyEnv(reflect.ValueOf(&c).Elem(), "", getenv); err != nil {
		return nil, err
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// applyYAML sets the keys a YAML document names. Values go through the same parser as
// environment variables, so both accept the same spellings and fail with the same messages.
func applyYAML(c *Config, b []byte, allowSecrets bool) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return errors.New(yaml.FormatError(err, false, false))
	}
	flat := map[string]any{}
	flatten(doc, "", flat)
	fields := map[string]reflect.Value{}
	secret := map[string]bool{}
	root := reflect.ValueOf(c).Elem()
	walk(root.Type(), "", func(key string, f reflect.StructField) {
		fields[key] = fieldByKey(root, key)
		secret[key] = f.Tag.Get("secret") == "true"
	})
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fv, ok := fields[k]
		if !ok {
			return fmt.Errorf("unknown key %s", k)
		}
		raw := scalar(flat[k])
		if secret[k] && !allowSecrets && raw != "" {
			return fmt.Errorf("%s is a secret: set %s in the environment instead", k, EnvName(k))
		}
		if err := setValue(fv, raw); err != nil {
			return fmt.Errorf("key %s: %w", k, err)
		}
	}
	return nil
}

func flatten(m map[string]any, prefix string, out map[string]any) {
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			flatten(sub, prefix+k+".", out)
			continue
		}
		out[prefix+k] = v
	}
}

func scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, ",")
	default:
		return fmt.Sprint(x)
	}
}

func fieldByKey(v reflect.Value, key string) reflect.Value {
	for _, part := range strings.Split(key, ".") {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).Tag.Get("yaml") == part {
				v = v.Field(i)
				break
			}
		}
	}
	return v
}

// EnvName is the environment variable that overrides a dotted key.
func EnvName(key string) string {
	return "XF_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// Keys lists every configuration key in declaration order, with whether it is secret.
func Keys() []Key {
	var out []Key
	walk(reflect.TypeOf(Config{}), "", func(key string, f reflect.StructField) {
		out = append(out, Key{Name: key, Env: EnvName(key), Secret: f.Tag.Get("secret") == "true"})
	})
	return out
}

// Key describes one configuration key.
type Key struct {
	Name   string
	Env    string
	Secret bool
}

func walk(t reflect.Type, prefix string, fn func(string, reflect.StructField)) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := prefix + f.Tag.Get("yaml")
		if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeOf(time.Duration(0)) {
			walk(f.Type, key+".", fn)
			continue
		}
		fn(key, f)
	}
}

func applyEnv(v reflect.Value, prefix string, getenv func(string) string) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := prefix + f.Tag.Get("yaml")
		fv := v.Field(i)
		if f.Type.Kind() == reflect.Struct {
			if err := applyEnv(fv, key+".", getenv); err != nil {
				return err
			}
			continue
		}
		name := EnvName(key)
		raw, ok := lookup(getenv, name)
		if !ok {
			continue
		}
		if err := setValue(fv, strings.TrimSpace(raw)); err != nil {
			return fmt.Errorf("%s (%s): %w", name, key, err)
		}
	}
	return nil
}

func lookup(getenv func(string) string, name string) (string, bool) {
	v := getenv(name)
	return v, v != ""
}

func setValue(fv reflect.Value, raw string) error {
	switch fv.Interface().(type) {
	case time.Duration:
		d, err := time.ParseDuration(raw)
		if err != nil {
			return fmt.Errorf("not a duration like 30s or 15m: %q", raw)
		}
		fv.SetInt(int64(d))
		return nil
	case []string:
		var list []string
		for _, s := range strings.Split(raw, ",") {
			if s = strings.TrimSpace(s); s != "" {
				list = append(list, s)
			}
		}
		fv.Set(reflect.ValueOf(list))
		return nil
	}
	switch fv.Kind() {
	case reflect.String:
		fv.SetString(raw)
	case reflect.Bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return fmt.Errorf("not a boolean (true/false): %q", raw)
		}
		fv.SetBool(b)
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return fmt.Errorf("not an integer: %q", raw)
		}
		fv.SetInt(n)
	case reflect.Float64:
		n, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return fmt.Errorf("not a number: %q", raw)
		}
		fv.SetFloat(n)
	default:
		return fmt.Errorf("unsupported type %s", fv.Type())
	}
	return nil
}

func (c *Config) validate() error {
	bad := func(key, msg string) error { return fmt.Errorf("config %s (%s): %s", key, EnvName(key), msg) }
	switch c.Env {
	case "development", "production":
	default:
		return bad("env", fmt.Sprintf("must be development or production, got %q", c.Env))
	}
	if c.HTTP.Addr == "" {
		return bad("http.addr", "must not be empty")
	}
	if !strings.HasPrefix(c.HTTP.PublicURL, "http://") && !strings.HasPrefix(c.HTTP.PublicURL, "https://") {
		return bad("http.public_url", "must start with http:// or https://")
	}
	c.HTTP.PublicURL = strings.TrimRight(c.HTTP.PublicURL, "/")
	if c.HTTP.MaxBodyBytes <= 0 {
		return bad("http.max_body_bytes", "must be positive")
	}
	if c.HTTP.ShutdownTimeout <= 0 {
		return bad("http.shutdown_timeout", "must be positive")
	}
	if c.MySQL.MaxOpenConns <= 0 || c.MySQL.MaxIdleConns < 0 {
		return bad("mysql.max_open_conns", "must be positive")
	}
	if c.Auth.SessionIdle <= 0 || c.Auth.SessionAbsolute < c.Auth.SessionIdle {
		return bad("auth.session_absolute", "must be at least auth.session_idle, both positive")
	}
	if c.Auth.MaxFailures <= 0 || c.Auth.Lockout <= 0 {
		return bad("auth.max_failures", "max_failures and lockout must be positive")
	}
	if c.Auth.BootstrapAdmin == "" {
		return bad("auth.bootstrap_admin", "must not be empty")
	}
	if c.Auth.HashWorkers < 0 {
		return bad("auth.hash_workers", "must not be negative (0: one per CPU core)")
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return bad("log.level", fmt.Sprintf("must be debug, info, warn or error, got %q", c.Log.Level))
	}
	switch c.Log.Format {
	case "", "text", "json":
	default:
		return bad("log.format", fmt.Sprintf("must be text or json, got %q", c.Log.Format))
	}
	if c.Production() && (c.PII.Key == "" || c.PII.IndexKey == "") {
		return bad("pii.key", "production mode needs XF_PII_KEY and XF_PII_INDEX_KEY (personal data must be encrypted with a key you keep)")
	}
	if c.DataDir == "" {
		return bad("data_dir", "must not be empty")
	}
	switch c.SMS.Scheme {
	case "http", "https":
	default:
		return bad("sms.scheme", fmt.Sprintf("must be http or https, got %q", c.SMS.Scheme))
	}
	if (c.SMS.AccessKeyID == "") != (c.SMS.AccessKeySecret == "") {
		return bad("sms.access_key_secret", "set both XF_SMS_ACCESS_KEY_ID and XF_SMS_ACCESS_KEY_SECRET, or neither (messages go to the log)")
	}
	if c.SMS.AccessKeyID != "" && c.SMS.SignName == "" {
		return bad("sms.sign_name", "required when SMS credentials are set")
	}
	if c.Production() && c.SMS.AccessKeyID == "" && !c.SMS.Disabled {
		return bad("sms.access_key_id", "production mode needs XF_SMS_ACCESS_KEY_ID and XF_SMS_ACCESS_KEY_SECRET; to run without SMS on purpose set XF_SMS_DISABLED=true (citizens then get no verification codes)")
	}
	if c.SMS.Disabled && c.SMS.AccessKeyID != "" {
		return bad("sms.disabled", "SMS credentials are set: remove them or XF_SMS_DISABLED")
	}
	o := c.Outbox
	if o.Workers <= 0 || o.Batch <= 0 || o.MaxAttempts <= 0 || o.Lease <= 0 || o.BackoffBase <= 0 || o.BackoffMax < o.BackoffBase || o.Poll <= 0 {
		return bad("outbox", "workers, batch, max_attempts, lease, backoff_base, poll must be positive and backoff_max >= backoff_base")
	}
	if o.Linger < 0 || o.Linger >= o.Poll {
		return bad("outbox.linger", "must be at least 0 and shorter than outbox.poll")
	}
	if o.Lease < 5*c.SMS.Timeout {
		return bad("outbox.lease", "must be at least 5 × sms.timeout: a send (connect + read) may start only while twice its length of the lease is left")
	}
	w := c.WeChat
	switch w.Mode {
	case "plain", "compatible", "safe":
	default:
		return bad("wechat.mode", fmt.Sprintf("must be plain, compatible or safe, got %q", w.Mode))
	}
	if w.AESKey != "" && len(w.AESKey) != 43 {
		return bad("wechat.aeskey", "EncodingAESKey must be 43 characters")
	}
	if w.Mode != "plain" && w.Token != "" && w.AESKey == "" {
		return bad("wechat.aeskey", "compatible and safe modes need XF_WECHAT_AESKEY (or set XF_WECHAT_MODE=plain)")
	}
	if w.Token != "" && w.AppID == "" {
		return bad("wechat.appid", "required with XF_WECHAT_TOKEN")
	}
	if w.APIBase != "" && !strings.HasPrefix(w.APIBase, "http://") && !strings.HasPrefix(w.APIBase, "https://") {
		return bad("wechat.api_base", "must start with http:// or https://")
	}
	if w.MaxSkew <= 0 || w.DedupTTL <= 0 || w.SessionTTL <= 0 {
		return bad("wechat.max_skew", "max_skew, dedup_ttl and session_ttl must be positive")
	}
	if c.Booking.Capacity < 0 || c.Booking.PerPhoneDay <= 0 || c.Booking.PerIPHour <= 0 {
		return bad("booking", "capacity must not be negative; per_phone_day and per_ip_hour must be positive")
	}
	v := c.Verify
	if v.TTL <= 0 || v.MaxTries <= 0 || v.PerPhoneMinute <= 0 || v.PerPhoneHour <= 0 || v.PerPhoneDay <= 0 || v.PerIPHour <= 0 || v.PerIPDay <= 0 {
		return bad("verify", "every limit must be positive")
	}
	return nil
}
