package wxmenu

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/silenceper/wechat/v2/officialaccount/menu"
)

const testBase = "https://x"

func mustLoad(t *testing.T) *Menu {
	t.Helper()
	m, err := Load("", testBase+"/")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return m
}

func TestEmbeddedMenuLoads(t *testing.T) {
	m := mustLoad(t)
	var names []string
	for _, b := range m.Buttons {
		names = append(names, b.Name)
	}
	if want := []string{"办事服务", "信访指南", "个人中心"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("top buttons = %v, want %v", names, want)
	}
	if err := m.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	urls := map[string]string{}
	for _, b := range m.Buttons {
		for _, s := range b.Sub {
			if strings.Contains(s.URL, Placeholder) {
				t.Errorf("%s/%s: %s not substituted: %s", b.Name, s.Name, Placeholder, s.URL)
			}
			if s.Type == TypeView {
				urls[s.Name] = s.URL
			}
		}
	}
	want := map[string]string{
		"网上预约": "https://x/h5/booking",
		"网上信访": "https://x/h5/petition",
		"进度查询": "https://x/h5/progress",
		"我的预约": "https://x/h5/my/bookings",
		"我的信访": "https://x/h5/my/cases",
	}
	if !reflect.DeepEqual(urls, want) {
		t.Fatalf("view urls = %v, want %v", urls, want)
	}
}

func TestLoadNeedsBase(t *testing.T) {
	if _, err := Load("", ""); err == nil || !strings.Contains(err.Error(), "http.public_url") {
		t.Fatalf("Load without base: %v, want an error about http.public_url", err)
	}
	if _, err := Load("", "ftp://x"); err == nil || !strings.Contains(err.Error(), "http.public_url") {
		t.Fatalf("Load with ftp base: %v, want an error about http.public_url", err)
	}
}

func TestJSON(t *testing.T) {
	b, err := mustLoad(t).JSON()
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Button []map[string]any `json:"button"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("JSON is not valid: %v\n%s", err, b)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil || len(raw) != 1 || raw["button"] == nil {
		t.Fatalf("JSON must be exactly {\"button\":[...]}, got:\n%s", b)
	}
	if len(got.Button) != 3 {
		t.Fatalf("got %d top buttons, want 3:\n%s", len(got.Button), b)
	}
	top := got.Button[0]
	if len(top) != 2 || top["name"] != "办事服务" || top["sub_button"] == nil {
		t.Fatalf("a parent must have only name and sub_button, got %v", top)
	}
	first := top["sub_button"].([]any)[0]
	want := map[string]any{"type": "view", "name": "网上预约", "url": "https://x/h5/booking"}
	if !reflect.DeepEqual(first, want) {
		t.Fatalf("first sub-button = %v, want %v", first, want)
	}
	click := got.Button[1]["sub_button"].([]any)[0]
	if want := map[string]any{"type": "click", "name": "办事指南", "key": "GUIDE"}; !reflect.DeepEqual(click, want) {
		t.Fatalf("first click button = %v, want %v", click, want)
	}
	if !strings.Contains(string(b), "\n  \"button\"") {
		t.Fatalf("JSON is not indented:\n%s", b)
	}
	if !strings.Contains(string(b), `"name": "办事服务"`) {
		t.Fatalf("Chinese must not be escaped:\n%s", b)
	}
}

func TestJSONDoesNotEscapeAmpersand(t *testing.T) {
	m := &Menu{Buttons: []Button{{Name: "预约", Type: TypeView, URL: "https://x/a?b=1&c=2"}}}
	b, err := m.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "https://x/a?b=1&c=2") {
		t.Fatalf("url escaped:\n%s", b)
	}
}

func TestWeChatButtons(t *testing.T) {
	m := &Menu{Buttons: []Button{
		{Name: "服务", Sub: []Button{{Name: "小程序", Type: TypeMiniprogram, AppID: "wx123", PagePath: "pages/index", URL: "https://x/m"}}},
		{Name: "指南", Type: TypeClick, Key: "GUIDE"},
	}}
	got := m.WeChatButtons()
	want := []*menu.Button{
		{Name: "服务", SubButtons: []*menu.Button{{Type: "miniprogram", Name: "小程序", AppID: "wx123", PagePath: "pages/index", URL: "https://x/m"}}},
		{Type: "click", Name: "指南", Key: "GUIDE"},
	}
	if !reflect.DeepEqual(got, want) {
		gb, _ := json.Marshal(got)
		wb, _ := json.Marshal(want)
		t.Fatalf("WeChatButtons = %s, want %s", gb, wb)
	}
	if err := m.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
}

// valid returns a small valid menu for the table tests to break.
func valid() *Menu {
	return &Menu{Buttons: []Button{
		{Name: "办事服务", Sub: []Button{
			{Name: "网上预约", Type: TypeView, URL: "https://x/h5/booking"},
			{Name: "网上信访", Type: TypeView, URL: "https://x/h5/petition"},
		}},
		{Name: "信访指南", Sub: []Button{
			{Name: "办事指南", Type: TypeClick, Key: "GUIDE"},
			{Name: "政策法规", Type: TypeClick, Key: "LAWS"},
		}},
		{Name: "热线", Type: TypeClick, Key: "HOTLINE"},
	}}
}

func TestValidate(t *testing.T) {
	if err := valid().Validate(); err != nil {
		t.Fatalf("valid menu: %v", err)
	}
	subs := func(n int) []Button {
		var out []Button
		for i := range n {
			out = append(out, Button{Name: "子" + string(rune('A'+i)), Type: TypeClick, Key: "K" + string(rune('A'+i))})
		}
		return out
	}
	tests := []struct {
		name   string
		change func(m *Menu)
		want   []string // substrings of one error
	}{
		{"no buttons", func(m *Menu) { m.Buttons = nil }, []string{"至少需要 1 个一级菜单"}},
		{"4 top buttons", func(m *Menu) {
			m.Buttons = append(m.Buttons, Button{Name: "第四", Type: TypeClick, Key: "FOURTH"})
		}, []string{"按钮“第四”", "最多 3 个"}},
		{"6 sub-buttons", func(m *Menu) { m.Buttons[0].Sub = subs(6) }, []string{"按钮“办事服务”", "最多 5 个，当前 6 个"}},
		{"parent without type or subs", func(m *Menu) { m.Buttons[2].Type, m.Buttons[2].Key = "", "" }, []string{"按钮“热线”", "sub_button"}},
		{"parent with type and subs", func(m *Menu) { m.Buttons[0].Type = TypeView }, []string{"按钮“办事服务”", "不能同时设置"}},
		{"parent with url", func(m *Menu) { m.Buttons[0].URL = "https://x" }, []string{"按钮“办事服务”", "url"}},
		{"sub with subs", func(m *Menu) { m.Buttons[0].Sub[0].Sub = subs(1) }, []string{"按钮“办事服务/网上预约”", "不能再有子菜单"}},
		{"sub without type", func(m *Menu) { m.Buttons[1].Sub[0].Type = "" }, []string{"按钮“信访指南/办事指南”", "缺少类型"}},
		{"top name 5 Chinese characters", func(m *Menu) { m.Buttons[0].Name = "办事服务区" }, []string{"按钮“办事服务区”", "过长", "最多 4 个汉字"}},
		{"top name 9 ASCII characters", func(m *Menu) { m.Buttons[2].Name = "ABCDEFGHI" }, []string{"按钮“ABCDEFGHI”", "过长", "4.5 个汉字"}},
		{"sub name 9 Chinese characters", func(m *Menu) { m.Buttons[0].Sub[1].Name = "网上信访网上信访网" }, []string{"按钮“办事服务/网上信访网上信访网”", "过长", "最多 8 个汉字"}},
		{"empty name", func(m *Menu) { m.Buttons[0].Sub[1].Name = "  " }, []string{"按钮“办事服务/第2个”", "不能为空"}},
		{"click without key", func(m *Menu) { m.Buttons[1].Sub[1].Key = "" }, []string{"按钮“信访指南/政策法规”", "需要设置 key"}},
		{"click key too long", func(m *Menu) { m.Buttons[1].Sub[1].Key = strings.Repeat("K", 129) }, []string{"按钮“信访指南/政策法规”", "128 字节"}},
		{"click with url", func(m *Menu) { m.Buttons[1].Sub[1].URL = "https://x" }, []string{"按钮“信访指南/政策法规”", "不使用 url"}},
		{"duplicate keys", func(m *Menu) { m.Buttons[2].Key = "GUIDE" }, []string{"按钮“热线”", "GUIDE", "信访指南/办事指南", "重复"}},
		{"view without url", func(m *Menu) { m.Buttons[0].Sub[0].URL = "" }, []string{"按钮“办事服务/网上预约”", "需要设置 url"}},
		{"view with ftp url", func(m *Menu) { m.Buttons[0].Sub[0].URL = "ftp://x/h5" }, []string{"按钮“办事服务/网上预约”", "http:// 或 https://"}},
		{"view without host", func(m *Menu) { m.Buttons[0].Sub[0].URL = "https:///h5" }, []string{"按钮“办事服务/网上预约”", "缺少域名"}},
		{"view url too long", func(m *Menu) { m.Buttons[0].Sub[0].URL = "https://x/" + strings.Repeat("a", 1015) }, []string{"按钮“办事服务/网上预约”", "1024 字节"}},
		{"miniprogram without appid and pagepath", func(m *Menu) {
			m.Buttons[0].Sub[0] = Button{Name: "小程序", Type: TypeMiniprogram, URL: "https://x"}
		}, []string{"按钮“办事服务/小程序”", "appid"}},
		{"miniprogram without fallback url", func(m *Menu) {
			m.Buttons[0].Sub[0] = Button{Name: "小程序", Type: TypeMiniprogram, AppID: "wx1", PagePath: "p/i"}
		}, []string{"按钮“办事服务/小程序”", "备用网页 url"}},
		{"unknown type", func(m *Menu) { m.Buttons[0].Sub[0].Type = "scancode_push" }, []string{"按钮“办事服务/网上预约”", "“scancode_push”不支持"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := valid()
			tt.change(m)
			err := m.Validate()
			if err == nil {
				t.Fatal("Validate passed, want an error")
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if containsAll(line, tt.want) {
					return
				}
			}
			t.Fatalf("no error line contains all of %q; got:\n%v", tt.want, err)
		})
	}
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

func TestValidateReportsEveryProblem(t *testing.T) {
	m := valid()
	m.Buttons[0].Sub[0].URL = "ftp://x"
	m.Buttons[1].Sub[0].Key = ""
	m.Buttons[2].Name = ""
	err := m.Validate()
	if err == nil {
		t.Fatal("Validate passed")
	}
	if n := len(strings.Split(err.Error(), "\n")); n != 3 {
		t.Fatalf("got %d problems, want 3:\n%v", n, err)
	}
}

func TestNameWidth(t *testing.T) {
	ok := []string{"办事服务", "ABCDEFGH", "我的ABCD", "FAQ"}
	for _, name := range ok {
		m := &Menu{Buttons: []Button{{Name: name, Type: TypeClick, Key: "K"}}}
		if err := m.Validate(); err != nil {
			t.Errorf("top name %q: %v", name, err)
		}
	}
	// Two ASCII characters count as one Chinese character: 8 ASCII fit, 9 units do not.
	for _, name := range []string{"ABCDEFGH办", "我的ABCDE"} {
		m := &Menu{Buttons: []Button{{Name: name, Type: TypeClick, Key: "K"}}}
		if err := m.Validate(); err == nil {
			t.Errorf("top name %q passed", name)
		}
	}
	// Sub-buttons: 8 Chinese characters fit, 16 ASCII fit, 17 ASCII do not.
	for name, fits := range map[string]bool{"网上信访网上信访": true, strings.Repeat("a", 16): true, strings.Repeat("a", 17): false} {
		m := &Menu{Buttons: []Button{{Name: "服务", Sub: []Button{{Name: name, Type: TypeClick, Key: "K"}}}}}
		if err := m.Validate(); (err == nil) != fits {
			t.Errorf("sub name %q: fits=%v, err=%v", name, fits, err)
		}
	}
}

// liveOf returns what WeChat's menu/get would return after pushing m.
func liveOf(t *testing.T, m *Menu) []menu.Button {
	t.Helper()
	b, err := m.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var res menu.ResMenu
	if err := json.Unmarshal([]byte(`{"menu":`+string(b)+`}`), &res); err != nil {
		t.Fatal(err)
	}
	return res.Menu.Button
}

func TestDiff(t *testing.T) {
	m := mustLoad(t)
	if d := m.Diff(liveOf(t, m)); len(d) != 0 {
		t.Fatalf("Diff with itself = %q, want empty", d)
	}

	live := liveOf(t, m)
	live[0].SubButtons[1].URL = "https://old/h5/petition"
	d := m.Diff(live)
	if len(d) != 1 || !containsAll(d[0], []string{"按钮“办事服务/网上信访”", "url", "https://old/h5/petition", "https://x/h5/petition"}) {
		t.Fatalf("changed url: Diff = %q", d)
	}

	live = liveOf(t, m)
	live[2].SubButtons = live[2].SubButtons[:1]
	d = m.Diff(live)
	if len(d) != 1 || !containsAll(d[0], []string{"按钮“个人中心/我的信访”", "线上没有"}) {
		t.Fatalf("missing sub-button: Diff = %q", d)
	}

	live = liveOf(t, m)
	live = live[:2]
	d = m.Diff(live)
	if len(d) != 1 || !containsAll(d[0], []string{"按钮“个人中心”", "线上没有"}) {
		t.Fatalf("missing top button: Diff = %q", d)
	}

	live = liveOf(t, m)
	live[1].SubButtons = append(live[1].SubButtons, &menu.Button{Type: "click", Name: "旧按钮", Key: "OLD"})
	d = m.Diff(live)
	if len(d) != 1 || !containsAll(d[0], []string{"按钮“信访指南/旧按钮”", "配置中没有"}) {
		t.Fatalf("extra sub-button: Diff = %q", d)
	}

	live = liveOf(t, m)
	live = append(live, menu.Button{Type: "view", Name: "多余", URL: "https://x"})
	d = m.Diff(live)
	if len(d) != 1 || !containsAll(d[0], []string{"按钮“多余”", "配置中没有"}) {
		t.Fatalf("extra top button: Diff = %q", d)
	}

	live = liveOf(t, m)
	live[1].SubButtons[2].Type, live[1].SubButtons[2].Key, live[1].SubButtons[2].URL = "view", "", "https://x/contact"
	d = m.Diff(live)
	if len(d) != 3 {
		t.Fatalf("click changed to view: Diff = %q, want type, key and url", d)
	}

	if d := m.Diff(nil); len(d) != 3 {
		t.Fatalf("Diff with no live menu = %q, want the 3 top buttons", d)
	}
}

func TestLoadFromDir(t *testing.T) {
	dir := t.TempDir()
	// No menu.yaml in dir: the embedded one.
	m, err := Load(dir, testBase)
	if err != nil || len(m.Buttons) != 3 {
		t.Fatalf("Load from a dir without menu.yaml: %v, %v", m, err)
	}

	override := `button:
  - name: 预约
    type: view
    url: "{base}/h5/booking"
  - name: 指南
    sub_button:
      - name: 办事指南
        type: click
        key: GUIDE
`
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(override), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err = Load(dir, "https://xinfang.example.gov.cn/")
	if err != nil {
		t.Fatalf("Load override: %v", err)
	}
	want := &Menu{Buttons: []Button{
		{Name: "预约", Type: TypeView, URL: "https://xinfang.example.gov.cn/h5/booking"},
		{Name: "指南", Sub: []Button{{Name: "办事指南", Type: TypeClick, Key: "GUIDE"}}},
	}}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("Load override = %+v, want %+v", m, want)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, FileName), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	write("button:\n  - name: 预约\n    type: view\n    link: https://x\n")
	_, err := Load(dir, testBase)
	if err == nil || !strings.Contains(err.Error(), "link") || !strings.Contains(err.Error(), filepath.Join(dir, FileName)) {
		t.Fatalf("unknown field: %v, want an error naming the field and the file", err)
	}

	write(`button:
  - name: 办事服务区域
    sub_button:
      - name: 网上预约
        type: view
        url: "ftp://x"
  - name: 指南
    type: click
`)
	_, err = Load(dir, testBase)
	if err == nil {
		t.Fatal("invalid menu loaded")
	}
	for _, want := range []string{"按钮“办事服务区域”：名称", "按钮“办事服务区域/网上预约”：url", "按钮“指南”：click 类型需要设置 key"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}
