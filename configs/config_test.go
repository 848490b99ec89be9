package configs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDefaults(t *testing.T) {
	c, err := Load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Addr != ":8080" || c.Env != "development" || c.Auth.SessionIdle != 30*time.Minute || c.Auth.SessionAbsolute != 12*time.Hour {
		t.Fatalf("unexpected defaults: %+v", c)
	}
	if c.Auth.MaxFailures != 5 || c.Auth.Lockout != 15*time.Minute {
		t.Fatalf("lockout defaults: %+v", c.Auth)
	}
}

func TestEnvOverridesEveryKind(t *testing.T) {
	c, err := Load("", env(map[string]string{
		"XF_HTTP_ADDR":            "127.0.0.1:9999",
		"XF_REDIS_ADDR":           "a:1, b:2",
		"XF_AUTH_SESSION_IDLE":    "10m",
		"XF_MIGRATE_ON_START":     "false",
		"XF_MYSQL_MAX_OPEN_CONNS": "7",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Addr != "127.0.0.1:9999" || len(c.Redis.Addr) != 2 || c.Redis.Addr[1] != "b:2" ||
		c.Auth.SessionIdle != 10*time.Minute || c.MigrateOnStart || c.MySQL.MaxOpenConns != 7 {
		t.Fatalf("env not applied: %+v", c)
	}
}

func TestBadEnvNamesTheVariable(t *testing.T) {
	_, err := Load("", env(map[string]string{"XF_AUTH_LOCKOUT": "soon"}))
	if err == nil || !strings.Contains(err.Error(), "XF_AUTH_LOCKOUT") {
		t.Fatalf("want error naming XF_AUTH_LOCKOUT, got %v", err)
	}
}

func TestMalformedFileNamesTheKey(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"unknown key":  "http:\n  adress: x\n",
		"wrong type":   "auth:\n  max_failures: many\n",
		"bad value":    "log:\n  level: loud\n",
		"secret":       "pii:\n  key: abc\n",
		"bad duration": "auth:\n  lockout: forever\n",
	}
	want := map[string]string{
		"unknown key":  "adress",
		"wrong type":   "max_failures",
		"bad value":    "log.level",
		"secret":       "XF_PII_KEY",
		"bad duration": "lockout",
	}
	for name, body := range cases {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".yaml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Load(p, env(nil))
		if err == nil || !strings.Contains(err.Error(), want[name]) {
			t.Errorf("%s: want error mentioning %q, got %v", name, want[name], err)
		}
	}
}

func TestProductionNeedsPIIKey(t *testing.T) {
	_, err := Load("", env(map[string]string{"XF_ENV": "production"}))
	if err == nil || !strings.Contains(err.Error(), "XF_PII_KEY") {
		t.Fatalf("want refusal naming XF_PII_KEY, got %v", err)
	}
	_, err = Load("", env(map[string]string{"XF_ENV": "production", "XF_PII_KEY": "k1:x", "XF_PII_INDEX_KEY": "y", "XF_SMS_DISABLED": "true"}))
	if err != nil {
		t.Fatal(err)
	}
}

// Production does not quietly write verification codes to the log: it needs SMS credentials,
// or SMS switched off on purpose.
func TestProductionNeedsSMSOrAnExplicitOff(t *testing.T) {
	prod := map[string]string{"XF_ENV": "production", "XF_PII_KEY": "k1:x", "XF_PII_INDEX_KEY": "y"}
	if _, err := Load("", env(prod)); err == nil || !strings.Contains(err.Error(), "XF_SMS_DISABLED") {
		t.Fatalf("production without SMS keys: %v", err)
	}
	prod["XF_SMS_ACCESS_KEY_ID"], prod["XF_SMS_ACCESS_KEY_SECRET"] = "id", "secret"
	if _, err := Load("", env(prod)); err != nil {
		t.Fatal(err)
	}
	prod["XF_SMS_DISABLED"] = "true"
	if _, err := Load("", env(prod)); err == nil {
		t.Fatal("credentials and sms.disabled together were accepted")
	}
	if _, err := Load("", env(nil)); err != nil {
		t.Fatalf("development without SMS keys: %v", err)
	}
}

func TestFileOverridesDefaults(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("http:\n  addr: \":9090\"\n"), 0o600)
	c, err := Load(p, env(map[string]string{}))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Addr != ":9090" || c.HTTP.PublicURL == "" {
		t.Fatalf("file not merged over defaults: %+v", c.HTTP)
	}
}

// The README's configuration table must list every variable.
func TestReadmeListsEveryVariable(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Keys() {
		if !strings.Contains(string(b), "`"+k.Env+"`") {
			t.Errorf("README.md does not document %s", k.Env)
		}
	}
}

// The README documents every SMS template's code and exact text for registration.
func TestReadmeListsSMSTemplates(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	st, err := LoadSMSTemplates("")
	if err != nil {
		t.Fatal(err)
	}
	for kind, tpl := range st.Templates {
		if !strings.Contains(string(b), tpl.Code) || !strings.Contains(string(b), tpl.Text) {
			t.Errorf("README.md does not list template %s (%s) with its text", kind, tpl.Code)
		}
	}
}

func TestSMSTemplatesOverride(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "sms.yaml"), []byte("max_len: 20\ntemplates:\n  x:\n    code: SMS_1\n    text: \"hi ${name} ${extra}\"\n    params: [name]\n"), 0o600)
	if _, err := LoadSMSTemplates(dir); err == nil || !strings.Contains(err.Error(), "extra") {
		t.Fatalf("undeclared variable accepted: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "sms.yaml"), []byte("max_len: 20\ntemplates:\n  x:\n    code: SMS_1\n    text: \"hi ${name}\"\n    params: [name]\n"), 0o600)
	st, err := LoadSMSTemplates(dir)
	if err != nil || st.MaxLen != 20 || st.Templates["x"].Code != "SMS_1" {
		t.Fatalf("override: %+v %v", st, err)
	}
}

func TestDataFilesLoad(t *testing.T) {
	b, err := LoadBooking("")
	if err != nil {
		t.Fatal(err)
	}
	if b.ChangeCutoff != 12*time.Hour || b.NoShowAfter != 30*time.Minute || b.Capacity != 4 || len(b.Rooms) != 3 || b.Diversions["litigation"].Hotline != "12368" {
		t.Fatalf("booking.yaml: %+v", b)
	}
	h, err := LoadHolidays("")
	if err != nil {
		t.Fatal(err)
	}
	y := h.Years[2026]
	if y.Status != "official" || y.Holidays[1].From != "2026-02-15" || y.Workdays[0].Date != "2026-01-04" {
		t.Fatalf("holidays.yaml 2026: %+v", y)
	}
	if h.Years[2027].Status != "provisional" {
		t.Fatal("2027 should be provisional until the State Council's notice is in")
	}
	r, err := LoadRouting("")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Districts) != 11 || len(r.Offices) != 3 {
		t.Fatalf("routing.yaml: %d districts, %d offices", len(r.Districts), len(r.Offices))
	}
}

// screening.yaml names its learnt model; an admin's copy beside config.yaml replaces the
// shipped one, and a broken one stops the program with the file named.
func TestScreeningLoadsItsModel(t *testing.T) {
	tx, err := Screening("")
	if err != nil {
		t.Fatal(err)
	}
	if tx.ModelFile() != "screening_model.tsv" || tx.Model() == nil || tx.Model().Len() < 1000 {
		t.Fatalf("the shipped model: %q %v", tx.ModelFile(), tx.Model())
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "screening_model.tsv"), []byte("#prior\t-1\n工资\t-2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if tx, err = Screening(dir); err != nil || tx.Model().Len() != 1 {
		t.Fatalf("an admin's model: %v %v", err, tx)
	}
	if err := os.WriteFile(filepath.Join(dir, "screening_model.tsv"), []byte("工资 -2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err = Screening(dir); err == nil || !strings.Contains(err.Error(), "screening_model.tsv") {
		t.Fatalf("a broken model: %v", err)
	}
}

// screening.yaml names its learnt corroboration too, replaced and checked the same way.
func TestScreeningLoadsItsCorroborator(t *testing.T) {
	tx, err := Screening("")
	if err != nil {
		t.Fatal(err)
	}
	if tx.Corroborator() == nil || tx.Corroborator().Len() < 10000 {
		t.Fatalf("the shipped corroborator: %v", tx.Corroborator())
	}
	rules, err := ScreeningRules("")
	if err != nil || rules.Corroborator() != nil || rules.Model() != nil {
		t.Fatalf("the rules alone: %v %v", err, rules)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "screening_corroborator.tsv"), []byte("#bias\t-1\n邻居\t2\t1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if tx, err = Screening(dir); err != nil || tx.Corroborator().Len() != 1 {
		t.Fatalf("an admin's corroborator: %v %v", err, tx)
	}
	if err := os.WriteFile(filepath.Join(dir, "screening_corroborator.tsv"), []byte("邻居\t2\t1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err = Screening(dir); err == nil || !strings.Contains(err.Error(), "screening_corroborator.tsv") {
		t.Fatalf("a broken corroborator: %v", err)
	}
}

// The learnt second reading of merging loads from the shipped file; an admin's file in the
// config dir replaces it, and a broken one stops the start, naming the file.
func TestRepeatModelLoads(t *testing.T) {
	m, err := RepeatModel("")
	if err != nil || m == nil || m.Threshold <= 0 {
		t.Fatalf("the shipped model: %v %v", err, m)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "repeat_model.tsv"), []byte("#threshold\t0.9\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err = RepeatModel(dir); err == nil || !strings.Contains(err.Error(), "repeat_model.tsv") || !strings.Contains(err.Error(), "no #bias") {
		t.Fatalf("a broken model: %v", err)
	}
}

// wechat.yaml is checked against sms.yaml where it is loaded: a WeChat field may use only its SMS
// kind's parameters, and a WeChat template must stand for an SMS kind.
func TestWeChatTemplatesCheckedAgainstSMS(t *testing.T) {
	d, err := LoadData("", "https://x.example", "wechat")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Templates.WeChat["wechat"]) == 0 || len(d.Templates.WeChat["mp"]) != 0 {
		t.Fatalf("enabled channels %v", d.Templates.WeChat)
	}
	orig, err := ReadData("", "wechat.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ from, to, want string }{
		{"${case_no}", "${case_number}", "does not have"},
		{"case_accepted:", "case_nonexistent:", "no SMS template"},
	} {
		if !strings.Contains(string(orig), tc.from) {
			t.Fatalf("wechat.yaml lacks %q", tc.from)
		}
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "wechat.yaml"), []byte(strings.Replace(string(orig), tc.from, tc.to, 1)), 0o600)
		if _, err := LoadData(dir, "https://x.example"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s → %s: %v", tc.from, tc.to, err)
		}
	}
}
