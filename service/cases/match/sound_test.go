package match

import (
	"slices"
	"strings"
	"testing"
)

func TestSoundAlike(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"恒辉", "恒晖", true},
		{"宏展", "红展", true},
		{"宏展", "鸿展", true},
		{"悦澜府", "越澜府", true},
		{"华章悦澜府", "越澜府", true}, // the developer's name in front
		{"御珑华庭", "玉龙华庭", true},
		{"恒辉", "恒达", false},
		{"华章悦澜府", "澜府", false}, // two characters are too few to say which estate
		{"悦澜府", "悦澜苑", false},
		{"ABC", "ABC", true},
	} {
		if got := soundAlike([]rune(c.a), []rune(c.b)); got != c.want {
			t.Errorf("soundAlike(%s, %s) = %v", c.a, c.b, got)
		}
		if c.want && len([]rune(c.a)) == len([]rune(c.b)) && soundKey(c.a) != soundKey(c.b) {
			t.Errorf("soundKey(%s) != soundKey(%s)", c.a, c.b)
		}
	}
	if soundKey("恒辉") == soundKey("恒达") {
		t.Error("two sounds, one key")
	}
	// Keys are stored: they are the syllables, whatever order the table was built in.
	for s, want := range map[string]string{"恒辉": "heng hui", "越澜府": "yue lan fu", "A座宏展": "A zuo hong zhan"} {
		if got := soundKey(s); got != want {
			t.Errorf("soundKey(%s) = %q, want %q", s, got, want)
		}
	}
	for s, want := range map[string]string{"华章悦澜府": "悦澜府", "坂田华信花园": "华信花园", "锦绣澜庭花园": "澜庭花园", "澜府": "", "政府": ""} {
		if got := estateTail(s); got != want {
			t.Errorf("estateTail(%s) = %q, want %q", s, got, want)
		}
	}
}

// A group's company heard on the phone (恒晖电镀厂) meets its registered name by sound, and
// an estate named with its developer in front meets its short, misheard name.
func TestGroupNamesMeetBySound(t *testing.T) {
	a := Extract(Doc{District: "光明区", Street: "玉塘街道", Content: "玉塘街道田寮社区的深圳市恒辉电镀有限公司晚上偷排废水，河沟发臭。"})
	b := Extract(Doc{District: "光明区", Content: "村旁恒晖电镀厂近半年来排放异味，河沟里鱼全部死光。"})
	if !shareKey(a, b) {
		t.Errorf("no key in common: %v / %v", featStr(a), featStr(b))
	}
	c := Extract(Doc{District: "光明区", Street: "凤凰街道", Content: "购买的华章悦澜府项目逾期未交付，开发商停工。"})
	d := Extract(Doc{District: "光明区", Content: "越澜府延期交房，现在连外墙都没做完。"})
	if !shareKey(c, d) {
		t.Errorf("no key in common: %v / %v", featStr(c), featStr(d))
	}
	if r := Compare(d, c, Identity{}); !slices.ContainsFunc(r.Reasons, func(s string) bool { return strings.HasPrefix(s, "均提及：") && strings.Contains(s, "澜府") }) {
		t.Errorf("the estate by sound: %+v", r)
	}
}

func shareKey(a, b *Features) bool {
	for _, x := range Keys(a) {
		for _, y := range Keys(b) {
			if x.Value == y.Value && x.Kind == KindText && y.Kind == KindText {
				return true
			}
		}
	}
	return false
}

// Words glued to a name are not the name: an estate asked about (问悦澜府), a shop closed
// (健身闭店) or sealed (不改就封店), a bare 工厂.
func TestGluedWordsAreNoName(t *testing.T) {
	if !estateAlike("问悦澜府", "华章悦澜府") || estateAlike("悦澜府", "悦澜苑") {
		t.Error("estateAlike")
	}
	for _, text := range []string{"那家健身闭店了，卡里还有三千块", "执法队说三天内不改就封店", "他认为诊所没有责任", "我在工厂上班"} {
		for _, e := range Extract(Doc{Content: text}).Entities {
			if e.Kind == EntShop || e.Kind == EntOrg {
				t.Errorf("%s: %s %q", text, entKindName[e.Kind], e.Text)
			}
		}
	}
	if f := Extract(Doc{Content: "我在口腔诊所补牙"}); len(f.Entities) == 0 {
		t.Error("a named clinic was lost")
	}
}
