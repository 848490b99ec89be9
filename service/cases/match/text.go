package match

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// isHan reports whether r is a CJK ideograph.
func isHan(r rune) bool {
	return r >= 0x3400 && r <= 0x9fff || r >= 0xf900 && r <= 0xfaff || r >= 0x20000 && r <= 0x2fa1f
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// wordRune reports whether r belongs to the matter text proper (ideographs, digits, letters).
func wordRune(r rune) bool {
	return isHan(r) || isDigit(r) || r < 0x80 && unicode.IsLetter(r)
}

// sepRune reports whether r ends a clause.
func sepRune(r rune) bool {
	switch r {
	case ',', '.', '!', '?', ';', ':', '\n', '\r', '|':
		return true
	}
	return false
}

// foldRune maps traditional characters to simplified ones (hant.go), full-width forms to ASCII
// and Chinese punctuation to its ASCII counterpart, so that "黃" and "黄", "，" and "," or "４" and
// "4" read the same.
func foldRune(r rune) rune {
	if f := foldForm(r); f != r {
		return f
	}
	// A traditional character reads as its simplified form (黃 → 黄) — after the forms below,
	// where 參 is the financial 三 (參萬元) though its simplified form is 参 of 参加.
	return foldForm(hans(r))
}

// foldForm is foldRune without the traditional characters: widths, punctuation, the financial
// numerals, ASCII case.
func foldForm(r rune) rune {
	switch {
	case r >= 0xff01 && r <= 0xff5e:
		r -= 0xfee0
	case r == 0x3000 || r == '\t' || r == 0xa0:
		return ' '
	}
	switch r {
	case '，', '、':
		return ','
	case '。', '．', '…':
		return '.'
	case '！':
		return '!'
	case '？':
		return '?'
	case '；':
		return ';'
	case '：':
		return ':'
	case '（', '【', '〔', '[', '{':
		return '('
	case '）', '】', '〕', ']', '}':
		return ')'
	case '“', '”', '‘', '’', '「', '」', '『', '』', '《', '》':
		return '"'
	case '〇':
		return '零'
	case '壹':
		return '一'
	case '贰', '貳':
		return '二'
	case '叁', '參':
		return '三'
	case '肆':
		return '四'
	case '伍':
		return '五'
	case '陆', '陸':
		return '六'
	case '柒':
		return '七'
	case '捌':
		return '八'
	case '玖':
		return '九'
	case '拾':
		return '十'
	case '佰':
		return '百'
	case '仟':
		return '千'
	case '萬':
		return '万'
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

var cnDigit = map[rune]int64{'零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

func isCNNumeral(r rune) bool {
	if _, ok := cnDigit[r]; ok {
		return true
	}
	switch r {
	case '十', '百', '千', '万', '亿':
		return true
	}
	return false
}

// measureRunes follow a number when it counts something ("三个月", "六成", "两点"). Chinese
// numerals are converted to digits only in front of one of these (or after 第/共), so that
// "一直" or "统一" stay words.
const measureRunes = "个次成年月日天岁点楼层号元块人名户套间倍周季小分栋期届级辆台项份张条座米亩吨斤公平趟遍回位家所处笔单封"

// parseCN parses a run of Chinese numerals ("二十", "一百二十三", "三万", "二零二零").
func parseCN(run []rune) (int64, bool) {
	hasUnit := false
	for _, c := range run {
		if _, ok := cnDigit[c]; !ok {
			hasUnit = true
		}
	}
	if !hasUnit {
		var v int64
		for _, c := range run {
			v = v*10 + cnDigit[c]
		}
		return v, len(run) > 0
	}
	// A last digit right after a magnitude counts in the next lower one, as people say amounts:
	// 三万二 = 32000, 一万八千五 = 18500, 一百二 = 120 (but 三万零二 = 30002).
	var total, section, num int64
	var last rune
	zero := false
	for _, c := range run {
		if d, ok := cnDigit[c]; ok {
			num = d
			zero = zero || c == '零'
			continue
		}
		last, zero = c, false
		switch c {
		case '十':
			if num == 0 {
				num = 1
			}
			section += num * 10
		case '百':
			section += num * 100
		case '千':
			section += num * 1000
		case '万':
			total = (total + section + num) * 10000
			section = 0
		case '亿':
			total = (total + section + num) * 100000000
			section = 0
		}
		num = 0
	}
	if num != 0 && !zero {
		switch last {
		case '万':
			num *= 1000
		case '千':
			num *= 100
		case '百':
			num *= 10
		}
	}
	return total + section + num, true
}

// normalize folds widths and punctuation, turns counted Chinese numerals into digits, drops
// thousands separators and expands 万/千 amounts, so that "四个月" = "4个月" and
// "4.1万" = "41,000元" = "41000元".
func normalize(s string) []rune {
	in := []rune(s)
	for i, r := range in {
		in[i] = foldRune(r)
	}
	// Chinese numerals.
	out := make([]rune, 0, len(in)+8)
	for i := 0; i < len(in); {
		if !isCNNumeral(in[i]) {
			out = append(out, in[i])
			i++
			continue
		}
		j := i
		for j < len(in) && isCNNumeral(in[j]) {
			j++
		}
		run := in[i:j]
		convert := false
		for _, c := range run {
			if _, ok := cnDigit[c]; ok || c == '十' {
				convert = true
				break
			}
		}
		if convert {
			k := j
			for k < len(in) && (in[k] == '多' || in[k] == '余' || in[k] == '来') && k-j < 1 {
				k++
			}
			next := rune(0)
			if k < len(in) {
				next = in[k]
			}
			prev := rune(0)
			if i > 0 {
				prev = in[i-1]
			}
			// A magnitude (十/百/千/万) makes an amount even without a measure word after it
			// ("被欠三万二。"), unless a word goes on ("三千多年前" keeps its measure).
			magnitude := false
			for _, c := range run {
				if c == '万' || c == '千' || c == '百' {
					magnitude = true
				}
			}
			convert = strings.ContainsRune(measureRunes, next) || prev == '第' || prev == '共' || prev == '约' ||
				magnitude && len(run) >= 2 && (next == 0 || !isHan(next)) ||
				k+1 < len(in) && (next == '中' || next == '小') && in[k+1] == '学' // 三中学 = 第三中学
		}
		if convert {
			if v, ok := parseCN(run); ok {
				if len(out) > 0 && isDigit(out[len(out)-1]) {
					// "12315一个月": two numbers, not 123151个月.
					out = append(out, ' ')
				}
				out = append(out, []rune(strconv.FormatInt(v, 10))...)
				i = j
				continue
			}
		}
		out = append(out, run...)
		i = j
	}
	// Thousands separators and 万/千 magnitudes after Arabic digits.
	res := make([]rune, 0, len(out)+8)
	for i := 0; i < len(out); i++ {
		r := out[i]
		if r == ',' && i > 0 && isDigit(out[i-1]) && groupSep(out, i) {
			continue
		}
		if !isDigit(r) {
			res = append(res, r)
			continue
		}
		// Read a number: digits, separators between digits, an optional decimal part.
		j := i
		var digits []rune
		for j < len(out) {
			if isDigit(out[j]) {
				digits = append(digits, out[j])
				j++
				continue
			}
			if out[j] == ',' && groupSep(out, j) && j > i {
				j++
				continue
			}
			break
		}
		frac := []rune(nil)
		if j+1 < len(out) && out[j] == '.' && isDigit(out[j+1]) {
			k := j + 1
			for k < len(out) && isDigit(out[k]) {
				frac = append(frac, out[k])
				k++
			}
			j = k
		}
		mult := int64(0)
		if j < len(out) {
			switch out[j] {
			case '万':
				mult = 10000
			case '千':
				mult = 1000
			}
		}
		if mult > 0 && len(digits) <= 6 {
			v, _ := strconv.ParseFloat(string(digits)+"."+string(frac)+"0", 64)
			n := int64(v*float64(mult) + 0.5)
			res = append(res, []rune(strconv.FormatInt(n, 10))...)
			j++ // the magnitude
			// "4.1万" is money unless another unit follows ("3万平方米", "2万人").
			next := rune(0)
			if j < len(out) {
				next = out[j]
			}
			if next != '元' && next != '块' && !strings.ContainsRune("平人户名米亩吨字张件个套份次", next) {
				res = append(res, '元')
			}
			i = j - 1
			continue
		}
		res = append(res, digits...)
		if frac != nil {
			res = append(res, '.')
			res = append(res, frac...)
		}
		i = j - 1
	}
	return res
}

// clause is one comma- or stop-delimited piece of the normalised text.
type clause []rune

func splitClauses(n []rune) []clause {
	var out []clause
	start := 0
	for i := 0; i <= len(n); i++ {
		if i < len(n) && n[i] == '.' && i > 0 && i+1 < len(n) && isDigit(n[i-1]) && isDigit(n[i+1]) {
			continue // a decimal point, not a full stop
		}
		if i == len(n) || sepRune(n[i]) {
			c := trimSpace(n[start:i])
			if len(c) > 0 {
				out = append(out, c)
			}
			start = i + 1
		}
	}
	return out
}

func trimSpace(r []rune) []rune {
	for len(r) > 0 && (r[0] == ' ' || r[0] == '"') {
		r = r[1:]
	}
	for len(r) > 0 && (r[len(r)-1] == ' ' || r[len(r)-1] == '"') {
		r = r[:len(r)-1]
	}
	return r
}

// hasPrefix reports whether r starts with p (without converting p).
func hasPrefix(r []rune, p string) bool {
	i := 0
	for _, c := range p {
		if i >= len(r) || r[i] != c {
			return false
		}
		i++
	}
	return true
}

func indexRunes(r []rune, p []rune) int {
	if len(p) == 0 {
		return 0
	}
outer:
	for i := 0; i+len(p) <= len(r); i++ {
		for j, c := range p {
			if r[i+j] != c {
				continue outer
			}
		}
		return i
	}
	return -1
}

func containsStr(r []rune, p string) bool { return indexRunes(r, []rune(p)) >= 0 }

// Greetings, salutations and reporting formulas carry nothing about the matter; they are
// stripped from the front of a clause ("来访人反映：", "您好！", "尊敬的领导：").
var leadFormulas = []string{
	"尊敬的各位领导", "尊敬的领导同志", "尊敬的领导", "尊敬的市长", "尊敬的", "领导同志", "各位领导", "领导您好", "领导好",
	"您好", "你好", "大家好", "紧急求助", "求助", "来访人反映", "来电人反映", "来信人反映", "来访反映", "来电反映", "来信反映",
	"信访人反映", "网民反映", "群众反映", "现反映", "特此反映", "反映情况", "反映", "主要诉求", "诉求", "情况说明", "事由",
}

// Clauses that are nothing but a formula (or what a slip left of one: "你，") are dropped.
var formulaClauses = []string{"此致", "敬礼", "此致敬礼", "谢谢", "谢谢您", "感谢", "万分感谢", "盼复", "盼回复", "望回复", "致礼",
	"你", "您", "领导", "市长", "好"}

// Request clauses ("希望…", "请求…") vary from one submission of a matter to the next; they
// say what the petitioner wants, not what the matter is, and are kept apart.
var requestLeads = []string{"强烈要求", "恳请", "请求", "希望", "要求", "敬请", "烦请", "务必", "盼望", "期望"}

// A clause starting with a bare 请/望/盼 is a request only if it asks for an action ("请城管
// 部门加强管理", not "请假三天被扣工资").
var weakRequestLeads = []string{"请", "望", "盼", "麻烦"}
var requestVerbs = []string{"处理", "解决", "管理", "查处", "帮助", "帮忙", "协调", "督促", "给予", "追讨", "整治", "核实", "调查", "落实",
	"尽快", "依法", "加强", "答复", "回复", "审核", "办理", "关注", "过问", "主持", "维护", "责令", "制止", "取缔", "部门"}

func stripLead(c []rune) []rune {
	for changed := true; changed && len(c) > 0; {
		changed = false
		for _, f := range leadFormulas {
			if hasPrefix(c, f) {
				c = trimSpace(c[utf8.RuneCountInString(f):])
				changed = true
				break
			}
		}
	}
	return c
}

func isFormula(c []rune) bool {
	s := string(c)
	for _, f := range formulaClauses {
		if s == f {
			return true
		}
	}
	return false
}

func isRequest(c []rune) bool {
	for _, f := range requestLeads {
		if hasPrefix(c, f) {
			return true
		}
	}
	for _, f := range weakRequestLeads {
		if hasPrefix(c, f) {
			for _, v := range requestVerbs {
				if containsStr(c, v) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// isSelfIntro reports clauses that introduce the writer of a letter ("本人张三",
// "身份证号4403…", "现居福田街道") rather than the matter.
func isSelfIntro(c []rune, next []rune) bool {
	if containsStr(c, "身份证") || hasPrefix(c, "现居") || hasPrefix(c, "现住址") || hasPrefix(c, "联系电话") ||
		hasPrefix(c, "联系方式") || hasPrefix(c, "手机号") || hasPrefix(c, "电话号码") {
		return true
	}
	if hasPrefix(c, "本人") && len(c) >= 4 && len(c) <= 6 && next != nil &&
		(containsStr(next, "身份证") || hasPrefix(next, "现居") || hasPrefix(next, "现住址") || hasPrefix(next, "联系电话")) {
		for _, r := range c[2:] {
			if !isHan(r) {
				return false
			}
		}
		return true
	}
	return false
}

// parts splits a submission into the matter proper (core) and the request.
type parts struct {
	core    []clause
	request []clause
}

// splitParts splits normalised text (normalize) into the matter's clauses and its request's.
func splitParts(norm []rune) parts {
	var p parts
	cl := splitClauses(norm)
	for i := range cl {
		cl[i] = stripLead(cl[i])
	}
	for i, c := range cl {
		if len(c) == 0 || isFormula(c) {
			continue
		}
		var next []rune
		if i+1 < len(cl) {
			next = cl[i+1]
		}
		if isSelfIntro(c, next) {
			continue
		}
		if isRequest(c) {
			p.request = append(p.request, c)
			continue
		}
		p.core = append(p.core, c)
	}
	if len(p.core) == 0 {
		// Nothing but a request: the request is the matter.
		p.core, p.request = p.request, nil
	}
	return p
}

// groupSep reports whether the comma at out[i] separates thousands: exactly three digits follow
// it. "14000，两个月" (a comma, then 2个月 once numerals are digits) is two numbers, not 140002.
func groupSep(out []rune, i int) bool {
	if i+3 >= len(out) {
		return false
	}
	for k := i + 1; k <= i+3; k++ {
		if !isDigit(out[k]) {
			return false
		}
	}
	return i+4 >= len(out) || !isDigit(out[i+4])
}
