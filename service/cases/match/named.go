package match

import (
	"slices"
	"strings"
)

// People a text names as its writer or as the one it speaks for: "我是华富街道的李秀兰",
// "我系布吉嘅冯建华" under the name 冯生, "其母亲张秀英的高龄津贴" phoned in by a daughter under
// her own name, "我是吴德明的女儿". Follow-ups arrive so — a polite form or a relative's name
// on the form, the petitioner's name in the text — and the name in the text is then the one
// that finds and matches the petitioner's earlier items. Other people a text names (包工头陈某,
// 老板林志强) are not taken: only a name right after a self-introduction or a word of kin,
// or right before "的" and a word of kin.

// selfMarkers introduce the writer; the name is the end of what follows, up to punctuation
// ("我是上个月来过的廖文彬，").
var selfMarkers = []string{"我是", "我叫", "我系", "本人叫", "本人是", "本人", "我姓名"}

// kinWords are relatives a caller speaks for: "其母亲张秀英", "父亲：吴德铭", "其妻向春花".
var kinWords = []string{"母亲", "父亲", "老母亲", "老父亲", "妈妈", "爸爸", "阿爸", "阿妈", "丈夫", "妻子", "爱人", "老伴", "老公", "老婆",
	"儿子", "女儿", "其父", "其母", "其妻", "其夫", "其子", "其女", "哥哥", "姐姐", "弟弟", "妹妹", "奶奶", "爷爷", "外婆", "外公"}

// commonSurnames: the names taken must start with one (a text's words seldom do and then
// end at punctuation too).
const commonSurnames = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤温甘骆凌冼麦邝巫伍卜欧利练关植区岑赖翁庄柯康洪郑连阮容蓝简左詹"

// notInNames are characters of the sentence that a name never holds (于去年, 李某, 陈述了).
const notInNames = "某们的嘅了是在和与被把给向对从到为因就都也还又很说称其我他她你这那个些有没不要会能可年月日号岁元去来讲问请反映市区街道路村厂司局院站所代帮陪替找拿做打写叫让已"

const maxNamed = 4

// namedInText returns the normalised names the text gives for its writer or the one it
// speaks for, without own (the name on the form), at most maxNamed.
func namedInText(text []rune, own string) []string {
	var out []string
	self := false
	add := func(n string) {
		if n == own && n != "" {
			self = true
		}
		if n != "" && n != own && !slices.Contains(out, n) && len(out) < maxNamed {
			out = append(out, n)
		}
	}
	s := string(text)
	for _, m := range selfMarkers {
		for i := 0; ; {
			j := strings.Index(s[i:], m)
			if j < 0 {
				break
			}
			at := i + j + len(m)
			add(nameBefore(clauseFrom([]rune(s[at:]), 16)))
			i = at
		}
	}
	if self {
		// The writer introduces themself by the name on the form: the relatives they name
		// ("我父亲赖春秋已经反映过，我是赖锦华") have matters of their own.
		return out
	}
	for _, k := range kinWords {
		for i := 0; ; {
			j := strings.Index(s[i:], k)
			if j < 0 {
				break
			}
			start := i + j
			end := start + len(k)
			// "吴德明的女儿": the name before 的.
			if strings.HasSuffix(s[:start], "的") {
				before := []rune(strings.TrimSuffix(s[:start], "的"))
				add(nameBefore(before[max(0, len(before)-3):]))
			}
			// "其母亲张秀英（86岁", "父亲：吴德铭，", "其妻向春花工伤认定": the name after.
			rest := []rune(strings.TrimLeft(s[end:], ":"))
			add(nameAfter(rest))
			i = end
		}
	}
	return out
}

// clauseFrom returns the runes of r up to the first punctuation, space or digit, or nil when
// there is none within max runes (a long stretch is not an introduction).
func clauseFrom(r []rune, max int) []rune {
	for i, c := range r {
		if i > max {
			return nil
		}
		if !isHan(c) {
			return r[:i]
		}
	}
	if len(r) > max {
		return nil
	}
	return r
}

func nameStop(c rune) bool {
	return !isHan(c) || c == '的' || c == '嘅'
}

// nameBefore takes the name at the end of r: three characters when they start with a
// surname, else two.
func nameBefore(r []rune) string {
	for _, n := range []int{3, 2} {
		if len(r) >= n {
			if c := r[len(r)-n:]; plausibleName(c) {
				return string(c)
			}
		}
	}
	return ""
}

// nameAfter takes the name at the start of r: three characters when they make a name, else
// two followed by a stop or a word of the sentence (女儿陈静代笔).
func nameAfter(r []rune) string {
	if len(r) >= 3 && plausibleName(r[:3]) {
		return string(r[:3])
	}
	if len(r) >= 2 && plausibleName(r[:2]) && (len(r) == 2 || nameStop(r[2]) || strings.ContainsRune(notInNames, r[2])) {
		return string(r[:2])
	}
	return ""
}

func plausibleName(r []rune) bool {
	if !strings.ContainsRune(commonSurnames, r[0]) {
		return false
	}
	for i, c := range r {
		// The surname may be a word elsewhere (向, 于): only the given name is checked.
		if !isHan(c) || i > 0 && strings.ContainsRune(notInNames, c) {
			return false
		}
	}
	return true
}
