package match

import (
	"slices"
	"strings"
)

// People a text names as its writer or as the one it speaks for: "我是华富街道的李秀兰",
// "我系布吉嘅冯建华" under the name 冯生, "其母亲张秀英的高龄津贴" phoned in by a daughter under
// her own name, "我是吴德明的女儿，代父亲反映". Follow-ups arrive so — a polite form or a
// relative's name on the form, the petitioner's name in the text — and the name in the text
// is then the one that finds and matches the petitioner's earlier items.
//
// A text that opens with a relative and goes on with the relative's story (我妈妈王秀兰的退休金
// 少了四百多, sent from a WeChat account without a name) is the relative's matter too: over the
// labelled files the relative is the petitioner far more often than the writer.
//
// Other people a text names are not taken: the other side (楼上那户的儿子王小军, 本人受雇于包工头
// 陈志勇), someone quoted (对方说：我是村长李国强), a relative who has died (the matter is the
// writer's), or the writer's relatives when the writer introduces themself (本人赖锦华…我父亲
// 赖春秋已经反映过) or names them further in (本人于1996年购买…我老公刘德胜在外地打工).

// selfMarkers introduce the writer. The name is the whole clause after the marker (我是林小华，)
// or ends it right after 的/嘅/是/叫 (我是上个月来过的廖文彬，).
var selfMarkers = []string{"我是", "我叫", "我系", "本人叫", "本人是", "本人", "我姓名", "自称"}

// kinWords are relatives a writer speaks for: "其母亲张秀英", "父亲：吴德铭", "其妻向春花".
var kinWords = []string{"其母亲", "其父亲", "母亲", "父亲", "老母亲", "老父亲", "妈妈", "爸爸", "阿爸", "阿妈", "丈夫", "妻子", "爱人", "老伴", "老公", "老婆",
	"儿子", "女儿", "其父", "其母", "其妻", "其夫", "其子", "其女", "哥哥", "姐姐", "弟弟", "妹妹", "奶奶", "爷爷", "外婆", "外公",
	"老妈", "老爸", "老豆", "妈", "爸",
	"阿婆", "阿公", "婆婆", "公公", "岳母", "岳父", "舅舅", "姑姑", "姨妈", "表姐", "表妹", "表哥", "表弟", "朋友", "闺蜜", "同事"}

// kinNames are the relatives' words that read as names (孙女: 孙 is a surname).
var kinNames = map[string]bool{}

func init() {
	for _, w := range append(append([]string{"孙仔", "孙儿"}, kinWords...), childOf...) {
		w = strings.TrimPrefix(strings.TrimPrefix(w, "之"), "的")
		if r := []rune(w); len(r) >= 2 && strings.ContainsRune(commonSurnames, r[0]) {
			kinNames[w] = true
		}
	}
	// The longest first: 其母亲 before 其母 and 母亲.
	slices.SortStableFunc(kinWords, func(a, b string) int { return len(b) - len(a) })
}

// childOf: what follows a parent's or grandparent's name in "（石永生之子）", "称是朱玉珍的儿子",
// "（罗亚妹孙女）" — or a spouse's, a sibling's, a child's (（谭志华之妻）, 我系曾志明的老婆, 是陈伟的
// 哥哥): whose relative calls or writes. (Over the 84 tuning files the spouse's, sibling's and
// child's wordings named the petitioner 24 times in 26; 的母亲 and 之母 were the two others, and
// are left out.)
var childOf = []string{"之子", "之女", "的儿子", "的女儿", "之孙", "的孙子", "的孙女", "的外孙", "外孙女", "外孙", "孙女", "孙子", "女儿", "儿子",
	"之妻", "之夫", "的妻子", "的丈夫", "的爱人", "的老婆", "的老公", "的妈妈", "的爸爸", "的父亲", "之兄", "之弟", "之姐", "之妹", "的哥哥", "的姐姐", "的弟弟", "的妹妹",
	// …and without 的 (肖红英（谭志刚妻子）来电, 来电人自称郑丽娟丈夫: over the 88 tuning files the
	// name so given was the petitioner each of the 11 times it was a name on a form)
	"妻子", "丈夫", "爱人", "老婆", "老公", "哥哥", "姐姐", "弟弟", "妹妹"}

// askedFor: people other than family, taken only when the writer says they ask for them
// (帮我朋友孙悦问一下; not 我朋友孙悦说…, the writer's own story).
var askedFor = []string{"朋友", "闺蜜", "同事"}

// speaksFor: words that say the writer writes or calls for someone else (代父亲反映, 帮我妈问).
var speaksFor = []string{"代", "替", "帮"}

// commonSurnames: the names taken must start with one. 陆 and 伍 also as the text folds them
// (六, 五: they are the financial numerals too).
const commonSurnames = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤温甘骆凌冼麦邝巫伍卜欧利练关植区岑赖翁庄柯康洪连阮容蓝简左詹" +
	"六五蒙庞施卓聂葛祁符饶鲁殷柳邢丘甄霍祝倪柴戚鲍屈冉滕季乔俞牛萧颜邬岳阎柏毕蒲池尤奚郎费廉卞穆湛禹狄米贝臧伏纪舒项闵席麻娄危盛刁樊虞支管裘缪解宗宣郁杭嵇裴荣荀惠曲芮储靳焦巴仲伊宫仇栾厉戎束幸韶郜薄宿邰鄂索蔺屠胥党翟劳姬申扶冀浦尚晏瞿慕茹艾庾耿匡寇阙巩晁敖冷辛阚鞠巢荆竺桓揭佘谌占鄢粟阳喻钮凤官易包章"

// wordSurnames are surnames that also begin everyday words (文员, 车主, 房东, 农民, 于是): a name
// in running text starting with one is taken only with three characters.
const wordSurnames = "文车宁常单古梅海房农华齐童苗谷时安明成乐司边门路景于"

// notInNames are characters of the sentence that a given name never holds (于去年, 李某).
const notInNames = "某们的嘅了是在和与被把给向对从到为因就都也还又很说称其我他她你这那个些有没不要会能可年月日号岁元去来本今昨此该谢讲问请反映市区街道路村厂司局院站所代帮陪替找拿做打写叫让已业工作户口"

const (
	maxNamed     = 4
	markerWindow = 16 // runes after a self-marker in which its clause must end
)

// namedInText returns the normalised names the text gives for its writer or the one it
// speaks for, without own (the name on the form), at most maxNamed.
func namedInText(text []rune, own string) []string {
	var out []string
	add := func(n string) {
		if n != "" && n != own && !slices.Contains(out, n) && len(out) < maxNamed {
			out = append(out, n)
		}
	}
	// A letter signed at its end (…请复核并书面答复。孔令辉) under a name the form gives otherwise
	// (Kong Linghui, 阿辉).
	add(signature(text))
	selfNamed := false
	var kinOf []int // where "NAME的KIN" may start: right after a self-marker
	for i := 0; i < len(text); i++ {
		m := markerAt(text, i, selfMarkers)
		if m == 0 || quoted(text, i) {
			continue
		}
		at := i + m
		kinOf = append(kinOf, at)
		clause := clauseFrom(text[at:], markerWindow)
		if n := selfName(clause); n != "" {
			selfNamed = true
			add(n)
		}
		i = at - 1
	}
	if selfNamed || fullName(own) && slices.ContainsFunc(kinOf, func(at int) bool { return hasPrefixRunes(text[at:], own) }) {
		// The writer introduces themself: the relatives they name have matters of their own
		// ("我父亲赖春秋已经反映过，我是赖锦华").
		return out
	}
	forOther := containsAny(string(text), speaksFor)
	// A text that opens with the writer's relative and the relative's story ("我妈妈王秀兰的退休金
	// 少了", "尊敬的领导：我母亲黎秀珍今年八十岁") is the relative's matter — unless the relative
	// has died and the matter is the writer's own (我丈夫刘德胜…手术后第二天去世). (The text is
	// searched for a death only when it opens so.)
	leadKin := func() bool { return !containsAny(string(text), deathWords) }
	for i := 0; i < len(text); i++ {
		k := markerAt(text, i, kinWords)
		if k == 0 {
			continue
		}
		end := i + k
		// "我是吴德明的女儿": the name before 的, after a self-marker — straight after it, or
		// at the end of an address (我是坪东社区叶桂英的儿子).
		if i >= 3 && text[i-1] == '的' {
			for _, at := range kinOf {
				if n := i - 1 - at; n >= 2 && n <= 3 {
					if c := text[at : i-1]; plausibleName(c) {
						add(string(c))
					}
				} else if n > 3 && n <= markerWindow && isHan(text[i-5]) && strings.ContainsRune("区村镇道路苑园庭城", text[i-5]) {
					if c := text[i-4 : i-1]; plausibleName(c) && clauseFrom(text[at:], markerWindow) != nil {
						add(string(c))
					}
				}
			}
		}
		// "代父亲", "替母亲罗秀珍反映": the relative the writer speaks for, named right after.
		if i > 0 && strings.ContainsRune("代替帮", text[i-1]) {
			add(nameAfter(text[end:]))
		}
		// "其母亲张秀英（86岁", "父亲：吴德铭，", "其妻向春花工伤认定": the name after, when the
		// relative is the writer's and the writer speaks for them (其 in a registrar's record,
		// 代/替/帮 in a letter); not someone else's relative (楼上那户的儿子王小军).
		writers := strings.HasPrefix(string(text[i:end]), "其") || i > 0 && text[i-1] == '其' ||
			forOther && i > 0 && (text[i-1] == '我' || text[i-1] == '家' || i > 1 && string(text[i-2:i]) == "我的")
		if !writers && i > 0 && text[i-1] == '我' && opening(text[:i-1]) && !slices.Contains(askedFor, string(text[i:end])) && leadKin() {
			writers = true
		}
		if writers || i == 0 || forOther && !isHan(text[i-1]) {
			rest := text[end:]
			for len(rest) > 0 && (rest[0] == ':' || rest[0] == ' ') {
				rest = rest[1:]
			}
			// "我妈叫蒙秀英", "我爸名叫黎耀祖"
			if hasPrefixRunes(rest, "名叫") {
				rest = rest[2:]
			} else if len(rest) > 0 && rest[0] == '叫' {
				rest = rest[1:]
			}
			add(nameAfter(rest))
		}
		i = end - 1
	}
	// "我帮我老公问一下 他叫邱建林": the one spoken for, named after.
	if forOther {
		for i := 0; i+2 < len(text); i++ {
			if (text[i] == '他' || text[i] == '她') && text[i+1] == '叫' {
				add(nameAfter(text[i+2:]))
			}
		}
	}
	// "何伟换了号码来电", "贺兰的儿子来电，…", "王丽芳来电，…" under 王女士 or 何生: a registrar's
	// record that opens with whose matter it is.
	add(recordOpening(text))
	// "（石永生之子）", "称系赵玉兰之子", "称是朱玉珍的儿子": a registrar's record of whose child
	// calls — the parent is the petitioner.
	for at := 3; at+2 <= len(text); at++ {
		if markerAt(text, at, childOf) == 0 {
			continue
		}
		for _, n := range []int{3, 2} {
			if at-n-1 < 0 {
				continue
			}
			if lead := text[at-n-1]; lead == '系' || lead == '是' || lead == '(' || lead == '称' {
				if c := text[at-n : at]; plausibleName(c) {
					add(string(c))
					break
				}
			}
		}
	}
	// "本所受钟伟强委托", "接受邱国栋先生委托": a lawyer writes for the client; "我司员工肖楠",
	// "我司新入职员工张磊": an employer's personnel office for its employee. (Over the 86 tuning
	// files the client or the employee so named was the petitioner of the writer's item each time
	// the name came again on a form: 14 and 2 times.)
	add(clientOf(text))
	add(employeeOf(text))
	return out
}

// clientOf is the client a lawyer's letter names (受钟伟强委托, 受邓嘉欣女士委托), "" none.
func clientOf(text []rune) string {
	for i := 0; i+2 <= len(text); i++ {
		if !hasPrefixRunes(text[i:], "委托") {
			continue
		}
		for at := i - 1; at >= 0 && i-at <= 6; at-- {
			if text[at] != '受' {
				continue
			}
			c := text[at+1 : i]
			for _, w := range []string{"先生", "女士", "同志"} {
				if n := len([]rune(w)); len(c) > n && string(c[len(c)-n:]) == w {
					c = c[:len(c)-n]
					break
				}
			}
			if (len(c) == 2 || len(c) == 3) && plausibleName(c) {
				return string(c)
			}
			break
		}
	}
	return ""
}

// employers are how a company's letter calls itself before its employee (我司员工肖楠).
var employers = []string{"我司", "本公司", "我公司", "我单位", "本单位"}

// employeeOf is the employee an employer's letter speaks for (我司新入职员工张磊), "" none.
func employeeOf(text []rune) string {
	for i := 0; i+2 <= len(text); i++ {
		if !hasPrefixRunes(text[i:], "员工") && !hasPrefixRunes(text[i:], "职工") {
			continue
		}
		for at := max(0, i-8); at < i; at++ {
			if slices.ContainsFunc(employers, func(e string) bool { return hasPrefixRunes(text[at:i], e) }) {
				if n := nameAfter(text[i+2:]); n != "" {
					return n
				}
				break
			}
		}
	}
	return ""
}

// signOffs follow a signature (孔令辉 敬上).
var signOffs = []string{"敬上", "谨上", "拜上", "上"}

// signature returns the name a text ends with, after the last punctuation or space and before
// a sign-off (…答复。孔令辉, …。陈志强 敬上): two or three characters that make a name; "" when it
// ends otherwise.
func signature(text []rune) string {
	r := text
	trim := func() {
		for len(r) > 0 && !isHan(r[len(r)-1]) {
			// a note in brackets after the name (黄嘉欣（女儿）, 谢国栋（招商街道）)
			if r[len(r)-1] == ')' {
				if i := lastIndex(r, '('); i >= 0 && len(r)-i <= 12 {
					r = r[:i]
					continue
				}
			}
			r = r[:len(r)-1]
		}
	}
	trim()
	// an address after the name (胡振东 东门街道)
	if i := lastClause(r); i > 0 && i < len(r) && (placeSet[string(r[i:])] || isStreetName(string(r[i:]))) {
		r = r[:i]
		trim()
	}
	for _, w := range signOffs {
		if n := len([]rune(w)); len(r) > n && string(r[len(r)-n:]) == w {
			r = r[:len(r)-n]
			for len(r) > 0 && r[len(r)-1] == ' ' {
				r = r[:len(r)-1]
			}
			break
		}
	}
	i := lastClause(r)
	if i == 0 || i == len(r) { // the whole text is one clause, or no name at the end
		return ""
	}
	if r[i-1] == ':' && i >= 2 && strings.ContainsRune("人员", r[i-2]) {
		return "" // who took it down (记录人：李娜, 接待员：王芳), not who wrote
	}
	if c := r[i:]; (len(c) == 2 || len(c) == 3) && plausibleName(c) {
		return string(c)
	}
	return ""
}

// lastIndex returns the index of the last c in r, -1 when there is none.
func lastIndex(r []rune, c rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == c {
			return i
		}
	}
	return -1
}

// lastClause returns where the run of ideographs that ends r begins.
func lastClause(r []rune) int {
	i := len(r)
	for i > 0 && isHan(r[i-1]) {
		i--
	}
	return i
}

// isStreetName reports whether s names a street or a district (东门街道, 宝安区).
func isStreetName(s string) bool {
	for _, suf := range []string{"街道", "区", "镇"} {
		if t := strings.TrimSuffix(s, suf); t != s && placeSet[t] {
			return true
		}
	}
	return strings.HasSuffix(s, "社区")
}

// deathWords say someone has died.
var deathWords = []string{"去世", "过世", "病逝", "离世", "病故", "身故", "身亡", "死亡", "遇难", "逝世"}

// greetings open a message before its story.
var greetings = []string{"你好", "您好", "领导好", "领导您好", "在吗", "打扰了"}

// opening reports whether r, what comes before a word, is only the message's opening: nothing,
// a greeting, or an address ending in a colon (尊敬的信访局领导：).
func opening(r []rune) bool {
	for len(r) > 0 && !isHan(r[len(r)-1]) && r[len(r)-1] != ':' {
		r = r[:len(r)-1]
	}
	if len(r) == 0 {
		return true
	}
	if r[len(r)-1] == ':' {
		return len(r) <= 20 && !slices.Contains(r[:len(r)-1], ':')
	}
	return len(r) <= 6 && slices.Contains(greetings, string(r))
}

// fullName reports whether a name on the form is a full name, not a surname with a form of
// address (廖, 王女士) that a text naming the writer in full begins with.
func fullName(name string) bool {
	if s, polite := Surname(name); s == "" || polite {
		return false
	}
	return true
}

// recordLeads are what a registrar writes before the petitioner's name at the head of a
// record; recordFollows what follows the name there: a relative calling, a new phone — which
// take a name of two characters or three — or the bare call or visit (recordVisits), which
// takes three only (周末来电, 罗湖来访, 张总来电 are no names).
var (
	recordLeads   = []string{"来电人", "来访人", "来电：", "来电:", "来访：", "来访:", "来电", "来访"}
	recordFollows = []string{"的儿子", "的女儿", "的妻子", "的丈夫", "的老伴", "的爱人", "的孙子", "的孙女", "的家属", "的亲属",
		"换了号码", "换号码", "换了手机", "用新号码", "用另一个号码", "用其他号码", "用别的号码", "用家人"}
	recordVisits = []string{"再次来电", "再次来访", "又来电", "又来访", "来电", "来访"}
	// titles that end a word which is no name (陈老板, 李师傅, 王经理)
	recordTitles = []string{"老板", "师傅", "经理", "老师", "主任", "书记", "总", "姐", "哥", "叔", "婶"}
)

func init() {
	// The text is normalised (另一个 reads 另1个): so are the markers.
	for _, l := range [][]string{recordLeads, recordFollows, recordVisits} {
		for i, w := range l {
			l[i] = foldWord(w)
		}
	}
}

// recordOpening returns the name a registrar's record opens with ("何伟换了号码来电",
// "贺兰的儿子来电", "王丽芳来电"), "" when it opens otherwise or with a polite form (陈先生来电:
// the form already says as much), a title or a place.
func recordOpening(text []rune) string {
	at := 0
	if n := markerAt(text, 0, recordLeads); n > 0 {
		at = n
	}
	for _, n := range []int{3, 2} {
		if at+n >= len(text) {
			continue
		}
		c := text[at : at+n]
		if !plausibleName(c) {
			continue
		}
		if markerAt(text, at+n, recordFollows) == 0 && (n != 3 || markerAt(text, at+n, recordVisits) == 0) {
			continue
		}
		name := string(c)
		if _, polite := Surname(name); polite || placeSet[name] || placeSet[string(c[:2])] || slices.ContainsFunc(recordTitles, func(t string) bool { return strings.HasSuffix(name, t) }) {
			return ""
		}
		return name
	}
	return ""
}

// markerAt returns the length of the first of markers found at text[i:], 0 when none is.
func markerAt(text []rune, i int, markers []string) int {
	for _, m := range markers {
		if hasPrefixRunes(text[i:], m) {
			return len([]rune(m))
		}
	}
	return 0
}

func hasPrefixRunes(r []rune, s string) bool {
	j := 0
	for _, c := range s {
		if j >= len(r) || r[j] != c {
			return false
		}
		j++
	}
	return true
}

// quoted reports whether the marker at text[i] is someone else's words: right after 说, 称 or
// a colon or an opening quote (对方说：我是村长李国强).
func quoted(text []rune, i int) bool {
	if i > 0 && (text[i-1] == '"' || text[i-1] == '说' || text[i-1] == '称') {
		return true
	}
	return i > 1 && text[i-1] == ':' && (text[i-2] == '说' || text[i-2] == '称')
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

// selfName is the writer's name in the clause after a self-marker: the whole clause, or its
// last two or three characters right after 的, 嘅, 是 or 叫.
func selfName(clause []rune) string {
	if (len(clause) == 2 || len(clause) == 3) && plausibleName(clause) {
		return string(clause)
	}
	for _, n := range []int{3, 2} {
		if len(clause) > n && strings.ContainsRune("的嘅是叫", clause[len(clause)-n-1]) {
			if c := clause[len(clause)-n:]; plausibleName(c) {
				return string(c)
			}
		}
	}
	return ""
}

func nameStop(c rune) bool {
	return !isHan(c) || c == '的' || c == '嘅'
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
	if kinNames[string(r)] {
		return false // 孙女 in "我是钟天福的孙女", 岳母: a relative, not a name
	}
	if len(r) == 0 || !strings.ContainsRune(commonSurnames, r[0]) && (len(r) != 3 || !strings.ContainsRune(wordSurnames, r[0])) {
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
