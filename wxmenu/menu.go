// Package wxmenu is the official account's custom menu as data, validated against WeChat's
// limits before it is pushed.
//
// The menu lives in menu.yaml (embedded; an admin may override it in the config directory). Load
// reads it, substitutes the service's public URL for {base} and validates it; WeChatButtons and
// JSON give what WeChat's menu/create expects, and Diff tells an admin what pushing would change.
package wxmenu

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/goccy/go-yaml"
	"github.com/silenceper/wechat/v2/officialaccount/menu"
)

// FileName is the menu file's name, embedded and looked up in the override directory.
const FileName = "menu.yaml"

// Placeholder is replaced in every url by the service's public URL when the menu is loaded.
const Placeholder = "{base}"

//go:embed menu.yaml
var embedded []byte

// Button types this package supports.
const (
	TypeClick       = "click"
	TypeView        = "view"
	TypeMiniprogram = "miniprogram"
)

// WeChat's limits (official docs: 自定义菜单).
const (
	maxTop      = 3
	maxSub      = 5
	maxTopBytes = 16
	maxTopWidth = 8 // half-width units: a Chinese character is 2, an ASCII character 1
	maxSubBytes = 60
	maxSubWidth = 16
	maxKeyBytes = 128
	maxURLBytes = 1024
)

const allowedTypesCN = "click、view 或 miniprogram"

// Button is one menu button. A parent (a top-level button with sub-buttons) has only Name and
// Sub; a leaf has a Type and the fields that type needs.
type Button struct {
	Name     string   `yaml:"name"`
	Type     string   `yaml:"type"` // click, view, miniprogram, or empty for a parent
	Key      string   `yaml:"key"`
	URL      string   `yaml:"url"`
	AppID    string   `yaml:"appid"`
	PagePath string   `yaml:"pagepath"`
	Sub      []Button `yaml:"sub_button"`
}

// Menu is menu.yaml.
type Menu struct {
	Buttons []Button `yaml:"button"`
}

// Load reads menu.yaml from dir when dir is non-empty and dir/menu.yaml exists, else the embedded
// one, replaces {base} in every url with base (trailing slash trimmed) and validates the result.
// The error lists every problem found, one a line.
func Load(dir, base string) (*Menu, error) {
	b, src, err := read(dir)
	if err != nil {
		return nil, err
	}
	var m Menu
	if err := yaml.UnmarshalWithOptions(b, &m, yaml.DisallowUnknownField()); err != nil {
		return nil, fmt.Errorf("%s: %s", src, yaml.FormatError(err, false, false))
	}
	base = strings.TrimRight(strings.TrimSpace(base), "/")
	if base == "" {
		if m.usesPlaceholder() {
			return nil, fmt.Errorf("%s：菜单链接使用了 %s，但未配置服务地址（http.public_url）", src, Placeholder)
		}
	} else if err := checkURL(base); err != nil {
		return nil, fmt.Errorf("%s：服务地址（http.public_url）“%s”无效：%v", src, base, err)
	}
	m.substitute(base)
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("%s：菜单校验未通过：\n%w", src, err)
	}
	return &m, nil
}

// read returns the override file when there is one, else the embedded file, and a name for it
// to use in errors.
func read(dir string) ([]byte, string, error) {
	if dir != "" {
		p := filepath.Join(dir, FileName)
		b, err := os.ReadFile(p)
		if err == nil {
			return b, p, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, "", err
		}
	}
	return embedded, FileName, nil
}

func (m *Menu) usesPlaceholder() bool {
	for _, b := range m.Buttons {
		if strings.Contains(b.URL, Placeholder) {
			return true
		}
		for _, s := range b.Sub {
			if strings.Contains(s.URL, Placeholder) {
				return true
			}
		}
	}
	return false
}

func (m *Menu) substitute(base string) {
	for i := range m.Buttons {
		b := &m.Buttons[i]
		b.URL = strings.ReplaceAll(b.URL, Placeholder, base)
		for j := range b.Sub {
			b.Sub[j].URL = strings.ReplaceAll(b.Sub[j].URL, Placeholder, base)
		}
	}
}

// Validate checks the menu against WeChat's rules. It returns nil or the errors.Join of every
// problem, each naming the button by its path, e.g. 按钮“办事服务/网上预约”：….
func (m *Menu) Validate() error {
	if m == nil || len(m.Buttons) == 0 {
		return errors.New("菜单：至少需要 1 个一级菜单")
	}
	v := validator{keys: map[string]string{}}
	for i, b := range m.Buttons {
		path := label(b.Name, i)
		if i >= maxTop {
			v.addf(path, "一级菜单最多 %d 个，这是第 %d 个", maxTop, i+1)
		}
		v.name(path, b.Name, maxTopBytes, maxTopWidth, "一级")
		switch {
		case len(b.Sub) > 0 && b.Type != "":
			v.addf(path, "不能同时设置类型（type）和二级菜单（sub_button），父菜单只填名称")
		case len(b.Sub) == 0 && b.Type == "":
			v.addf(path, "需要设置类型（type）或 1 到 %d 个二级菜单（sub_button）", maxSub)
		case len(b.Sub) > 0:
			v.parentFields(path, b)
		default:
			v.leaf(path, b)
		}
		if len(b.Sub) > maxSub {
			v.addf(path, "二级菜单最多 %d 个，当前 %d 个", maxSub, len(b.Sub))
		}
		for j, s := range b.Sub {
			sp := path + "/" + label(s.Name, j)
			v.name(sp, s.Name, maxSubBytes, maxSubWidth, "二级")
			if len(s.Sub) > 0 {
				v.addf(sp, "二级菜单不能再有子菜单（sub_button）")
			}
			if s.Type == "" {
				v.addf(sp, "缺少类型（type），应为 %s", allowedTypesCN)
				continue
			}
			v.leaf(sp, s)
		}
	}
	return errors.Join(v.errs...)
}

// label is how errors and diffs name a button: its name, or its position when it has none.
func label(name string, i int) string {
	if strings.TrimSpace(name) == "" {
		return "第" + strconv.Itoa(i+1) + "个"
	}
	return name
}

type validator struct {
	errs []error
	keys map[string]string // click key → path of the first button using it
}

func (v *validator) addf(path, format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf("按钮“%s”：%s", path, fmt.Sprintf(format, args...)))
}

func (v *validator) name(path, name string, maxBytes, maxWidth int, level string) {
	if strings.TrimSpace(name) == "" {
		v.addf(path, "名称（name）不能为空")
		return
	}
	if w := width(name); len(name) > maxBytes || w > maxWidth {
		v.addf(path, "名称“%s”过长：%s菜单名称最多 %d 个汉字（两个英文字母或数字算一个汉字）、%d 字节，当前相当于 %s 个汉字、%d 字节",
			name, level, maxWidth/2, maxBytes, strconv.FormatFloat(float64(w)/2, 'f', -1, 64), len(name))
	}
}

// width is a name's width in half-width units: an ASCII character is 1, anything else (a Chinese
// character, full-width punctuation, an emoji) is 2.
func width(s string) int {
	n := 0
	for _, r := range s {
		if r < 0x80 {
			n++
		} else {
			n += 2
		}
	}
	return n
}

// parentFields reports a parent's fields that WeChat would ignore.
func (v *validator) parentFields(path string, b Button) {
	for _, f := range []struct{ name, value string }{
		{"key", b.Key}, {"url", b.URL}, {"appid", b.AppID}, {"pagepath", b.PagePath},
	} {
		if f.value != "" {
			v.addf(path, "父菜单（有二级菜单）只填名称，不能设置 %s", f.name)
		}
	}
}

// leaf checks a button with a type: the fields it needs and none it does not use.
func (v *validator) leaf(path string, b Button) {
	switch b.Type {
	case TypeClick:
		switch {
		case b.Key == "":
			v.addf(path, "click 类型需要设置 key")
		case len(b.Key) > maxKeyBytes:
			v.addf(path, "key 最长 %d 字节，当前 %d 字节", maxKeyBytes, len(b.Key))
		}
		if b.Key != "" {
			if first, dup := v.keys[b.Key]; dup {
				v.addf(path, "key“%s”与按钮“%s”重复，click 按钮的 key 在整个菜单中必须唯一", b.Key, first)
			} else {
				v.keys[b.Key] = path
			}
		}
		v.unused(path, b.Type, "url", b.URL, "appid", b.AppID, "pagepath", b.PagePath)
	case TypeView:
		v.url(path, b.URL, "view 类型需要设置 url")
		v.unused(path, b.Type, "key", b.Key, "appid", b.AppID, "pagepath", b.PagePath)
	case TypeMiniprogram:
		if b.AppID == "" {
			v.addf(path, "miniprogram 类型需要设置小程序的 appid")
		}
		if b.PagePath == "" {
			v.addf(path, "miniprogram 类型需要设置小程序页面路径 pagepath")
		}
		v.url(path, b.URL, "miniprogram 类型需要设置备用网页 url（不支持小程序的客户端打开）")
		v.unused(path, b.Type, "key", b.Key)
	default:
		v.addf(path, "类型（type）“%s”不支持，应为 %s", b.Type, allowedTypesCN)
	}
}

// unused reports the fields, given as name, value pairs, that a button of type typ sets but
// WeChat ignores.
func (v *validator) unused(path, typ string, fieldValues ...string) {
	for i := 0; i+1 < len(fieldValues); i += 2 {
		if fieldValues[i+1] != "" {
			v.addf(path, "%s 类型不使用 %s，请删除", typ, fieldValues[i])
		}
	}
}

func (v *validator) url(path, u, missing string) {
	if u == "" {
		v.addf(path, "%s", missing)
		return
	}
	if len(u) > maxURLBytes {
		v.addf(path, "url 最长 %d 字节，当前 %d 字节", maxURLBytes, len(u))
		return
	}
	if err := checkURL(u); err != nil {
		v.addf(path, "url“%s”无效：%v", u, err)
	}
}

// checkURL reports, in Chinese, why u is not an absolute http(s) URL with a host.
func checkURL(u string) error {
	if strings.ContainsFunc(u, unicode.IsSpace) {
		return errors.New("不能包含空白字符")
	}
	p, err := url.Parse(u)
	if err != nil {
		return errors.New("无法解析")
	}
	if p.Scheme != "http" && p.Scheme != "https" {
		return errors.New("必须以 http:// 或 https:// 开头")
	}
	if p.Host == "" {
		return errors.New("缺少域名")
	}
	return nil
}

// WeChatButtons converts the menu to silenceper's buttons; a parent has only Name and
// SubButtons. It does not validate: call Validate (Load does) first.
func (m *Menu) WeChatButtons() []*menu.Button {
	out := make([]*menu.Button, 0, len(m.Buttons))
	for _, b := range m.Buttons {
		if len(b.Sub) == 0 {
			out = append(out, leafButton(b))
			continue
		}
		subs := make([]*menu.Button, 0, len(b.Sub))
		for _, s := range b.Sub {
			subs = append(subs, leafButton(s))
		}
		out = append(out, &menu.Button{Name: b.Name, SubButtons: subs})
	}
	return out
}

func leafButton(b Button) *menu.Button {
	return &menu.Button{
		Type:     b.Type,
		Name:     b.Name,
		Key:      b.Key,
		URL:      b.URL,
		AppID:    b.AppID,
		PagePath: b.PagePath,
	}
}

// JSON returns the body WeChat's menu/create expects, {"button":[...]}, indented for display.
// Like silenceper's client it does not escape &, < and > as \u0026 etc.
func (m *Menu) JSON() ([]byte, error) {
	body := struct {
		Button []*menu.Button `json:"button"`
	}{m.WeChatButtons()}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(body); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Diff compares this menu with the live one (menu.ResMenu.Menu.Button from WeChat's menu/get)
// button by button, by position, and returns the differences in Chinese, one a line, in menu
// order; it is empty when pushing this menu would change nothing. A button is named by its path
// in this menu, or in the live one when this menu has no button there.
func (m *Menu) Diff(live []menu.Button) []string {
	var d differ
	for i := 0; i < max(len(m.Buttons), len(live)); i++ {
		switch {
		case i >= len(live):
			d.missing(label(m.Buttons[i].Name, i))
		case i >= len(m.Buttons):
			d.extra(label(live[i].Name, i))
		default:
			b, l := m.Buttons[i], live[i]
			path := label(b.Name, i)
			d.fields(path, b, &l)
			for j := 0; j < max(len(b.Sub), len(l.SubButtons)); j++ {
				var ls *menu.Button
				if j < len(l.SubButtons) {
					ls = l.SubButtons[j]
				}
				switch {
				case j >= len(b.Sub) && ls != nil:
					d.extra(path + "/" + label(ls.Name, j))
				case j >= len(b.Sub):
					d.extra(path + "/" + label("", j))
				case ls == nil:
					d.missing(path + "/" + label(b.Sub[j].Name, j))
				default:
					d.fields(path+"/"+label(b.Sub[j].Name, j), b.Sub[j], ls)
				}
			}
		}
	}
	return d.out
}

type differ struct{ out []string }

func (d *differ) missing(path string) {
	d.out = append(d.out, fmt.Sprintf("按钮“%s”：配置中有，线上没有", path))
}

func (d *differ) extra(path string) {
	d.out = append(d.out, fmt.Sprintf("按钮“%s”：线上有，配置中没有", path))
}

func (d *differ) fields(path string, b Button, l *menu.Button) {
	for _, f := range []struct{ name, want, got string }{
		{"名称", b.Name, l.Name},
		{"类型", b.Type, l.Type},
		{"key ", b.Key, l.Key},
		{"url ", b.URL, l.URL},
		{"appid ", b.AppID, l.AppID},
		{"pagepath ", b.PagePath, l.PagePath},
	} {
		if f.want != f.got {
			d.out = append(d.out, fmt.Sprintf("按钮“%s”：%s线上为“%s”，配置为“%s”", path, f.name, orEmpty(f.got), orEmpty(f.want)))
		}
	}
}

func orEmpty(s string) string {
	if s == "" {
		return "（空）"
	}
	return s
}
