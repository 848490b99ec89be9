package match

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Entity kinds. What a matter is about: the organisation complained about, the estate or
// building, the road and street, the school, the court, the business, the document.
const (
	EntOrg    uint8 = 1 + iota // 深圳市新科物业管理有限公司 → 新科物业管理
	EntEstate                  // 中海新村, 港湾大厦
	EntRoad                    // 布龙路, 北环大道
	EntStreet                  // 坑梓街道, 鹅埠镇 (mentioned in the text, not the form field)
	EntSchool                  // 大鹏第2小学
	EntCourt                   // 罗湖区人民法院
	EntShop                    // 服装店, 小餐馆
	EntDoc                     // 无犯罪记录证明
	// EntBrand is a company named without its kind word, by brand and trade ("在桥头宏达电子做了
	// 四年" → 宏达): weak — it matches a company of that brand but never tells two matters
	// apart, since a brand guessed from running text may be wrong.
	EntBrand
	numEntKinds
)

var entKindName = [...]string{"", "单位", "小区/楼宇", "道路", "街道", "学校", "法院", "店铺", "材料", "单位"}

// Trades that follow a company's brand in speech ("宏达电子", "美居装饰"); only trades specific
// enough that "brand + trade" is a company, not a phrase.
var brandTrades = []string{"电子", "科技", "五金", "制衣", "服装", "装饰", "物流", "塑胶", "模具", "包装", "印刷", "家具", "食品",
	"实业", "贸易", "餐饮", "光电", "精密", "机械", "制品", "纺织", "鞋业", "玩具", "灯饰", "建材", "快递", "劳务", "通讯", "电器",
	"健身", "体育", "家政", "美容", "新能源", "珠宝", "纸箱", "建设", "建筑", "置业", "生物", "制药", "药业"}

// notBrands are words of the sentence that stand before a trade word but name no company
// (同城快递, 金银珠宝, 外卖快递员).
var notBrands = []string{"拖欠", "克扣", "外卖", "同城", "商品", "沥青", "金银", "老花", "跨境", "动车", "城市", "市政", "工程", "基础", "住房",
	"规划", "交通", "水务", "生态", "环境", "卫生", "健康", "义务", "职业", "学前", "素质", "培训", "早期", "特殊", "小区", "房地", "管理",
	"违法", "违章", "街道", "社区", "非农", "偷倒", "倾倒", "集体", "乱搭", "私搭", "临时", "合法", "遗留", "城乡", "道路", "厂房",
	"学校", "课程", "住宅", "地铁", "施工", "停止", "投资", "征用", "主体", "监督", "组织", "附近", "空地", "供电", "公司", "集团"}

// Characters that cannot be part of a brand: pronouns, particles, verbs and measure words that
// stand before a trade word in running text ("这家电子厂", "在做电子").
const notBrand = "的了在是我你他她它们家个和与这那该做到从把被给对向去来上下一二三四五六七八九十几多些种类当干跑开进出回说叫"

// findBrands adds the companies clause c names by brand and trade without a kind word, unless
// a company of that brand was already found.
func findBrands(c []rune, out []Entity) []Entity {
	for i := 2; i < len(c); i++ {
		for _, t := range brandTrades {
			if !hasPrefix(c[i:], t) {
				continue
			}
			b := c[i-2 : i]
			if !isHan(b[0]) || !isHan(b[1]) || strings.ContainsRune(notBrand, b[0]) || strings.ContainsRune(notBrand, b[1]) || slices.Contains(notBrands, string(b)) {
				continue
			}
			brand := string(b)
			known := false
			for _, e := range out {
				if (e.Kind == EntOrg || e.Kind == EntBrand) && strings.HasPrefix(orgBrand(e.Text), brand) {
					known = true
				}
			}
			if !known {
				out = addEntity(out, Entity{Kind: EntBrand, Text: brand})
			}
		}
	}
	return out
}

// findInitials adds a company named by letters: the initials of its brand before its trade or
// kind (XDL五金厂, QHX学堂: 鑫达利, 启航星), or letters standing alone that may be initials or the
// brand spelt in pinyin (AJLY, YZZL, yunzhan) — as a brand, weak: it meets only a company
// whose Han brand reads so (brandNamings), never the same letters on the other side (XX公司,
// IT服务, APP may be anything), and never tells two apart. Three letters at least (two-letter
// initials fit too many brands: HR is 和润, 宏锐 and 恒锐), not a piece of an address, an e-mail
// or an identifier (liming@163.com, www.…, oQ3x_…), not a common abbreviation (latinWords),
// and at most two standing alone in a clause.
func findInitials(c []rune, out []Entity) []Entity {
	alone := 0
	for i := 0; i < len(c); i++ {
		if !asciiLetter(c[i]) || i > 0 && (asciiLetter(c[i-1]) || isDigit(c[i-1]) || strings.ContainsRune(latinJoin, c[i-1])) {
			continue
		}
		j := i
		for j < len(c) && asciiLetter(c[j]) {
			j++
		}
		n, w := j-i, string(c[i:j])
		if j < len(c) && (isDigit(c[j]) || strings.ContainsRune(latinJoin, c[j])) || n < 3 || latinWords[w] {
			i = j
			continue
		}
		switch {
		case n <= 5 && j < len(c) && orgWordAt(c[j:]):
			out = addEntity(out, Entity{Kind: EntBrand, Text: w})
		case n <= 12 && alone < 2:
			alone++
			out = addEntity(out, Entity{Kind: EntBrand, Text: w})
		}
		i = j
	}
	return out
}

// latinJoin: characters that join letters into an address, an e-mail or an identifier.
const latinJoin = "@./_-:#&=?%+"

// latinWords are abbreviations and words people write in letters that name no company.
var latinWords = map[string]bool{"www": true, "com": true, "http": true, "https": true, "html": true, "openid": true, "kpi": true, "ppt": true,
	"wifi": true, "atm": true, "tmd": true, "app": true, "ktv": true, "cbd": true, "led": true, "gps": true, "abc": true, "vip": true, "pdf": true,
	"okr": true, "ceo": true, "cfo": true, "boss": true, "dear": true, "thanks": true, "hello": true, "sorry": true, "please": true, "offer": true,
	"email": true, "wechat": true, "iphone": true, "ipad": true, "mall": true, "park": true, "plus": true, "pro": true, "max": true, "mini": true}

func asciiLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// orgWordAt reports whether c starts with a company's trade or kind word.
func orgWordAt(c []rune) bool {
	for _, w := range [][]string{orgIndustry, brandTrades, initialsKinds} {
		for _, t := range w {
			if hasPrefix(c, t) {
				return true
			}
		}
	}
	return false
}

// Kind words after a company's initials besides the trades (QH学堂, GH商砼, PL物贸).
var initialsKinds = []string{"公司", "厂", "集团", "学堂", "商砼", "物贸", "公寓"}

// brandInitials is the lower-case initials of a brand's syllables (鑫达利 → xdl), "" unless it
// has three to five Han characters whose sounds are known.
func brandInitials(b string) string {
	var out []byte
	for _, s := range brandSyllables(b, 3) {
		out = append(out, s[0])
	}
	return string(out)
}

// brandPinyin is a brand spelt in pinyin without tones or spaces (云栈 → yunzhan), "" unless it
// has two to five Han characters whose sounds are known.
func brandPinyin(b string) string { return strings.Join(brandSyllables(b, 2), "") }

// brandSyllables are the toneless syllables of a brand of least to five Han characters whose
// sounds are all known, nil otherwise.
func brandSyllables(b string, least int) []string {
	r := []rune(b)
	if len(r) < least || len(r) > 5 {
		return nil
	}
	out := make([]string, len(r))
	for i, c := range r {
		s := sound(c)
		if s == 0 {
			return nil
		}
		out[i] = sounds().names[s]
	}
	return out
}

// entityRule finds entities by their generic suffix: a Chinese proper name is a short run of
// characters in front of a word that says what kind of thing it is (…有限公司, …花园, …小学).
type entityRule struct {
	kind      uint8
	suffixes  []string // longest first
	canon     func(suffix string) string
	maxPrefix int
	minPrefix int
	digits    bool     // the name may contain digits (第2小学)
	cuts      []string // the name starts after the last of these inside the window
}

// Words after which a name cannot continue backwards: administrative units, pronouns, verbs
// and particles that typically precede a name.
var placeCuts = []string{"街道", "社区", "镇", "区", "市", "省", "县", "道", "路", "号", "街", "住", "们", "在", "的", "是", "了", "于",
	"近", "到", "请", "我", "其", "他", "她", "业主", "位于", "附近", "对面", "旁边", "门口", "楼下", "楼上", "家", "个", "和", "与", "及"}

// sentenceCuts are words of the sentence before a name, never in one: when, who said it, the
// registrar's phrases ("今天街道", "上星期路", "电话反映雅园", "交办后镇", "讲坪地街道").
var sentenceCuts = []string{"今天", "昨天", "前天", "明天", "星期", "上周", "本周", "现在", "反映", "电话", "问题", "交办", "要求", "投诉", "举报",
	"讲", "称", "距",
	// …and the words of a sentence about a named thing, never in its name: what was done or
	// hoped of it, when, with whom (没有回应学校, 10天过去学校, 影响周边学校, 同事都可以证明, 已出具
	// 清税证明, 附上村委, 当年村委, 事跟厂, 直接找厂, 要退款机构, 充不同材料)
	"没有", "回应", "为了", "过去", "以及", "影响", "周边", "直达", "直接", "指定", "可以", "出具", "扣着", "不同",
	"通知", "当年", "附上", "搞", "去", "跟", "找", "要", "转出", "退款",
	// a question's words (要带么子材料, 需要哪些证明, 什么学校)
	"什么", "么子", "哪些"}

// copulaCuts end the words before a place's name too (本人系桃源实验学校家长, 我系航悦花园业主:
// what the writer is) — but, unlike sentenceCuts, are no sign of a phrase in a company's name
// (腾讯计算机系统).
var copulaCuts = []string{"系"}

func init() {
	for i := range rules {
		if rules[i].kind != EntOrg {
			rules[i].cuts = append(append(rules[i].cuts[:len(rules[i].cuts):len(rules[i].cuts)], sentenceCuts...), copulaCuts...)
		}
	}
}

// roadCuts also end a road's name at the words of "那条路", "这段路", "至凤凰大道", "连接路".
var roadCuts = append(append([]string(nil), placeCuts...), "那", "这", "条", "段", "至", "从", "往", "停", "连接", "外面", "里面")

var orgIndustry = []string{
	"城市更新", "房地产开发", "房地产", "物业管理", "物业服务", "物业", "餐饮管理", "餐饮服务", "餐饮", "五金制品", "五金", "制品", "建筑工程", "建筑",
	"装饰工程", "装饰", "工程", "教育咨询", "教育科技", "教育", "咨询", "科技", "电子", "贸易", "物流", "制衣", "服装", "实业", "投资",
	"发展", "信息技术", "信息", "技术", "网络", "文化传媒", "文化", "传媒", "医疗器械", "医疗", "器械", "食品", "家具", "印刷",
	"包装", "塑胶", "模具", "精密", "机械", "设备", "自动化", "光电", "新能源", "材料", "化工", "环保", "劳务派遣", "劳务",
	"人力资源", "保安服务", "保安", "清洁", "酒店管理", "酒店", "旅游", "汽车", "运输", "供应链", "金融", "商业", "百货", "超市",
	"管理", "服务", "开发", "集团", "控股", "国际", "中国", "深圳", "股份", "商贸", "置业", "地产", "建设", "生物", "智能",
	"体育", "健身", "乳业", "药业", "医药", "制药", "铝业", "港口", "股份合作",
	"测绘", "装修", "塑料", "注塑", "家居", "园林", "绿化", "住房租赁", "租赁", "公寓管理", "公寓", "中介", "保洁", "施工", "外包",
	"广告", "玩具", "电池", "珠宝首饰", "珠宝", "首饰", "眼镜", "纸箱", "混凝土", "配送", "加工",
	// services every city has one of, named by what they do (保险公司, 燃气公司, 配餐公司)
	"燃气", "水务", "地铁", "公交", "单车", "运营", "配餐", "评估", "派遣", "出租", "客运", "仓储", "储运",
	"电镀", "喷漆", "喷涂", "涂装", "表面处理", "装备", "元件", "集装箱",
}

var rules = []entityRule{
	{kind: EntOrg, suffixes: []string{"有限责任公司", "股份有限公司", "有限公司", "有限公", "有公司", "限公司", "集团", "公司", "工厂", "厂"},
		canon: func(string) string { return "" }, maxPrefix: 16, minPrefix: 2},
	{kind: EntSchool, suffixes: []string{"幼儿园", "实验学校", "外国语学校", "学校", "小学", "中学", "大学", "学院", "职校", "高中", "初中"},
		canon: func(s string) string { return s }, maxPrefix: 6, minPrefix: 2, digits: true,
		cuts: []string{"申请", "但", "在", "的", "是", "读", "进", "上", "到", "孩子", "我", "儿子", "女儿", "就读", "被", "对", "和", "与", "区", "市",
			"所", "某", "说", "家", "街道", "社区", "镇", "公里", "外"}}, // "1所小学", "某小学", "1家幼儿园", "10公里外学校": a school, not its name
	{kind: EntCourt, suffixes: []string{"中级人民法院", "人民法院", "法院", "仲裁委员会", "仲裁委", "检察院"},
		canon: func(s string) string {
			if strings.HasSuffix(s, "法院") {
				return "法院"
			}
			return s
		}, maxPrefix: 6, minPrefix: 2,
		// (and the verbs a court follows: 督促法院, 请法院, 找法院 are no court's name)
		cuts: []string{"已在", "在", "向", "到", "被", "的", "经", "由", "了", "是", "我", "与", "属", "督促", "请", "找", "去", "让", "催", "要求"}},
	{kind: EntEstate, suffixes: []string{"小区", "花园", "新村", "公寓", "大厦", "家园", "名苑", "雅苑", "雅居", "豪庭", "华庭", "山庄",
		"广场", "华府", "公馆", "名城", "新城", "大院", "嘉园", "雅园", "名园", "花城", "宿舍", "大楼", "商城", "中心", "村委", "城中村",
		// estates named with one character (荷风苑, 悦澜府)
		"苑", "府"},
		canon: func(s string) string {
			if s == "小区" {
				return ""
			}
			return s
		}, maxPrefix: 4, minPrefix: 2, cuts: placeCuts},
	{kind: EntRoad, suffixes: []string{"大道", "路"},
		canon: func(s string) string { return s }, maxPrefix: 4, minPrefix: 1, cuts: roadCuts},
	{kind: EntStreet, suffixes: []string{"街道", "镇"},
		canon: func(s string) string { return s }, maxPrefix: 3, minPrefix: 2,
		// …and the verbs of "找了街道", "又说转街道", "买莲花街道": the street office or a
		// place, not a street's name.
		cuts: []string{"区", "市", "县", "在", "住", "我", "的", "居", "于", "和", "与", "是", "到",
			"了", "说", "转", "找", "买", "下", "向", "给", "去", "由", "被", "让", "叫", "把", "对"}},
	{kind: EntShop, suffixes: []string{"培训机构", "机构", "店", "馆", "工厂", "厂", "超市", "诊所", "药房"},
		canon: func(s string) string { return s }, maxPrefix: 3, minPrefix: 1,
		cuts: []string{"家", "的", "了", "开", "个", "在", "我", "是", "间", "和", "与", "说", "经营",
			// a shop closed or sealed (健身闭店, 不改就封店, 突然闭店), a clinic thought of
			// (认为诊所): what happened to a shop, not its name
			"闭", "封", "关", "就", "认为", "突然",
			// asked of a factory (问工厂不给钱), hoped of an institution (希望机构…): not its name
			// (a school may be a 希望小学: not a school's cut)
			"问", "希望"}},
	{kind: EntDoc, suffixes: []string{"证明", "材料", "证书", "执照", "许可证"},
		canon: func(s string) string { return s }, maxPrefix: 6, minPrefix: 2,
		cuts: []string{"是", "的", "时", "交", "了", "份", "提供", "缺", "办理", "所需", "需要", "开具", "开", "补", "和", "与", "及", "等"}},
}

// generic names that are not proper names ("物业公司", "开发商", "这个小区").
var genericNames = map[string]bool{
	"这个": true, "那个": true, "该": true, "本": true, "我们": true, "所在": true, "附近": true, "有关": true, "相关": true,
	"马": true, "道": true, "公": true, "一": true, "1": true, "上": true, "下": true, "出": true, "回": true, "前": true,
	"商": true, "饭": true, "个": true, "公立": true, "公办": true, "民办": true, "私立": true, "普惠": true, "普惠性": true,
	"统租": true, "城中村": true, "证明": true, "书面": true, "骗子": true, "黑心": true,
	"工": true, // 工厂: a factory, not its name
	// a time before a factory (1998年厂里)
	"年": true, "日": true, "月": true,
}

// findEntities scans clause c for all rules. Matches do not overlap: the first (leftmost)
// match wins and a later suffix directly following a match ("东方公寓小区") is absorbed.
func findEntities(c []rune, out []Entity) []Entity {
	taken := make([]bool, len(c))
	for _, ru := range rules {
		for i := 0; i < len(c); i++ {
			if taken[i] {
				continue
			}
			var suf string
			for _, s := range ru.suffixes {
				if hasPrefix(c[i:], s) {
					suf = s
					break
				}
			}
			if suf == "" {
				continue
			}
			end := i + utf8.RuneCountInString(suf)
			if ru.kind == EntOrg && (suf == "限公司" && i > 0 && c[i-1] == '有' || suf == "有限公" && end < len(c) && c[end] == '司') {
				continue // inside 有限公司, which was read (or refused) at its own start
			}
			if suf == "厂" && end < len(c) && c[end] == '房' {
				continue // 出租厂房: premises, not a factory's name
			}
			// The name: ideographs (and digits for schools) in front of the suffix.
			// Look a little further back than a name can be long, so that a cut word just
			// outside the name ("…街道人民南路") is still seen.
			st := i
			for st > 0 && i-st < ru.maxPrefix+4 && !taken[st-1] && (isHan(c[st-1]) || ru.digits && isDigit(c[st-1])) {
				st--
			}
			name := c[st:i]
			if ru.kind == EntOrg {
				name = orgCore(name)
				// 龙田恒昌厂 is 恒昌's factory in 龙田, unless the place is the brand (福田汽车).
				if n := stripPlace(name, 2); len([]rune(orgBrand(string(n)))) >= 2 {
					name = n
				}
			} else {
				name = cutAfterLast(name, ru.cuts)
				if stripsPlaces(ru.kind) {
					name = stripPlaceInside(name)
				}
				if ru.kind == EntEstate {
					// 碧泉里老旧小区 is 碧泉里: an old estate's kind, not its name
					name = []rune(strings.TrimSuffix(string(name), "老旧"))
				}
			}
			if len(name) > ru.maxPrefix {
				name = name[len(name)-ru.maxPrefix:]
			}
			if stripsPlaces(ru.kind) {
				// 坪山锦绣华庭 is 锦绣华庭.
				if n := stripPlace(name, 2); len(n) > 0 && n[0] != '第' && !isDigit(n[0]) {
					name = n
				}
			}
			st = i - len(name)
			if len(name) < ru.minPrefix || genericNames[string(name)] {
				continue
			}
			text := string(name) + ru.canon(suf)
			if ru.kind == EntOrg {
				if utf8.RuneCountInString(orgBrand(string(name))) < 2 {
					// "物业公司": an industry, not a name; "家电子厂", "某装饰公司", "但股份公司": a
					// word of the sentence before an industry — a brand has two characters at least.
					continue
				}
				text = string(name)
			}
			if ru.kind == EntEstate && suf == "府" && name[len(name)-1] == '政' {
				continue // 政府 is no estate
			}
			if ru.kind == EntEstate && suf == "中心" && officeCentre(string(name)) {
				continue // 不动产登记中心, 社康中心, 政务服务中心: an office, not an estate
			}
			if ru.kind == EntCourt && courtJunk(string(name)) {
				continue // "只能去法院", "她认为法院": a court, not its name
			}
			if ru.kind == EntStreet {
				// Only a street of the city: "来信后街道" is the street office, not a street.
				if text = knownStreet(text); text == "" {
					continue
				}
			}
			if ru.kind == EntRoad && (string(name) == "马" || string(name) == "道" || string(name) == "公" || strings.HasSuffix(string(name), "线") ||
				strings.ContainsRune("跑走出思套让带赶问半进占堵挡修封行破盏", name[len(name)-1]) ||
				containsAny(string(name), roadJunkWords)) {
				continue // 跑路, 走路, 出路, 行路, 破路, 施工路, 上学路, 未通路…: a verb, not a road
			}
			// Absorb a following generic suffix ("公寓小区", "路路口" stays a road).
			for _, s := range []string{"小区"} {
				if hasPrefix(c[end:], s) {
					end += utf8.RuneCountInString(s)
				}
			}
			for k := st; k < end && k < len(c); k++ {
				taken[k] = true
			}
			out = addEntity(out, Entity{Kind: ru.kind, Text: text})
			i = end - 1
		}
	}
	return out
}

// roadJunkWords in front of 路 tell what was done on a road, not its name (施工路, 上学路, 全线未通路).
var roadJunkWords = []string{"施工", "上学", "未通", "不通"}

// officeCentre reports whether the words before 中心 name a service (登记中心, 社康中心,
// 分中心), not a building.
func officeCentre(name string) bool {
	return containsAny(name, officeCentreWords)
}

var officeCentreWords = []string{"登记", "服务", "分", "社康", "健康", "管理", "调解", "政务", "受理", "指挥", "救助", "培训", "就业",
	"医疗", "卫生", "检测", "鉴定", "办事", "保障", "征收", "交易", "公证", "仲裁", "执法", "咨询", "客服", "急救", "疾控", "档案"}

// courtJunk reports whether the words in front of 法院 (仲裁委, 检察院) are the sentence around
// the word, not a court's name: a verb, a pronoun or a conjunction (找律师或者去法院, 她认为法院,
// 社区说法院, 诉讼中法院), or nothing but 人民 (向人民法院起诉). Courts are named by a place, any
// place (前海, 邵东县, 东莞), or a field.
func courtJunk(name string) bool {
	return strings.TrimSuffix(name, "人民") == "" || containsAny(name, courtJunkWords)
}

var courtJunkWords = []string{"去", "找", "告", "说", "认为", "只能", "或者", "律师", "让", "她", "他", "你", "我", "们", "被", "请",
	"督促", "要求", "诉讼", "的", "了", "是", "能", "会", "要", "到", "向", "跟", "问", "申请", "在", "给", "归", "这", "事",
	// the case before the court (案子法院, 赔偿案法院, 官司法院), the court above (上级法院), one of
	// two (法院或检察院), an office's act (撤销法院…)
	"案", "官司", "上级", "或", "撤销"}

// stripsPlaces reports whether a place in front of a name of kind k is not part of it (坪山锦绣
// 华庭 is 锦绣华庭). Not for streets and roads, which are places; not for schools (龙华中心小学
// and 南山中心小学 are two schools); a company's name is cut its own way (orgCore).
func stripsPlaces(k uint8) bool {
	return k != EntOrg && k != EntStreet && k != EntRoad && k != EntSchool
}

func addEntity(out []Entity, e Entity) []Entity {
	for _, o := range out {
		if o.Kind == e.Kind && o.Text == e.Text {
			return out
		}
	}
	return append(out, e)
}

// cutAfterLast returns what follows the last occurrence of any cut word in name.
func cutAfterLast(name []rune, cuts []string) []rune {
	best := 0
	for _, w := range cuts {
		wl := utf8.RuneCountInString(w)
		for i := len(name) - wl; i >= 0; i-- {
			if hasPrefix(name[i:], w) {
				if i+wl > best {
					best = i + wl
				}
				break
			}
		}
	}
	return name[best:]
}

// notCity: characters before 市 that make it part of a word (城市更新, 超市, 门市部, 夜市, 都市,
// 上市), not the end of a city's name.
const notCity = "城超门夜都上"

// orgCore reduces the text in front of 有限公司 to brand + industry: "本人系深圳市新科物业管理"
// → "新科物业管理". A city prefix (…市) is the usual start of a registered company name.
func orgCore(name []rune) []rune {
	for i := len(name) - 1; i >= 0; i-- {
		// (市民: a citizen — 市民认为该公司… — not a city before a name)
		if name[i] == '市' && i+1 < len(name) && name[i+1] != '民' && (i == 0 || !strings.ContainsRune(notCity, name[i-1])) {
			return name[i+1:]
		}
	}
	if i := indexRunes(name, []rune("深圳")); i >= 0 && i+2 < len(name) {
		return name[i+2:]
	}
	return cutAfterLast(name, []string{"本人系", "我系", "其在", "我在", "在", "与", "系", "是", "因", "被", "向", "对", "欠", "的", "出示", "提供", "找", "去", "跟", "说", "让", "叫",
		"我们", "他们", "她们",
		"请", "协调", "督促", "要求", // verbs a company follows (请信访局协调公司): no part of its name
		"了", "开发商", "为", "我", "和", "那个", "这个", "那家", "这家", "那边", "这边", "那间", "街道", "社区", "工业区", "工业园", "村", "该",
		// what is said of a company before its name: reported (投诉恒辉表面处理公司), one of
		// several (有家电镀厂), where it stands (村旁恒晖电镀厂)
		"投诉", "举报", "反映", "有家", "一家", "有个", "一个", "旁边", "旁", "附近", "隔壁", "对面",
		// what the writer did or found about a company (怎么查公司, 问出租车公司, 最近发现公司,
		// 要换物业公司, 找不到公司, 多家公司, 再拖公司)
		"怎么", "查", "问", "发现", "最近", "换", "不到", "多家", "再",
		"公司"}) // (another company before this one's name: 公司这几年…)
}

// nameCore is what tells one named thing of a kind from another: the brand of an
// organisation, a school or a shop without the words its kind always has ("翰林实验学校" →
// "翰林", "校外培训机构" → "").
func nameCore(kind uint8, s string) string {
	switch kind {
	case EntOrg:
		return orgBrand(s)
	case EntSchool, EntShop:
		for changed := true; changed; {
			changed = false
			for _, w := range kindWords {
				if strings.HasSuffix(s, w) && len(s) > len(w) || s == w {
					s, changed = strings.TrimSuffix(s, w), true
				}
			}
		}
		return orgBrand(s)
	}
	return s
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if isDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hanOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if isHan(r) && r != '第' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Words a school's or shop's name has for its kind.
var kindWords = []string{"外国语学校", "实验学校", "培训机构", "培训班", "学校", "小学", "中学", "幼儿园", "学院", "机构", "校外", "培训",
	"实验", "外国语", "第", "店", "馆", "超市", "诊所", "药房", "餐", "菜", "湘菜", "川菜", "粤菜", "美容", "健身", "教育"}

// distinctNames reports whether two names of one kind clearly name two things: both have a
// core of two characters or more and the cores share no two characters in a row. A garbled
// or generic name ("这种校外培训机构") or cores sharing a brand ("划出翰林" / "翰林") are not
// clear enough to keep two matters apart.
func distinctNames(kind uint8, a, b string) bool {
	// Numbers in a name (第3中学 / 第5中学) tell two apart; the rest is compared as ideographs.
	da, db := digitsOf(a), digitsOf(b)
	if da != "" && db != "" && da != db {
		return true
	}
	ca, cb := []rune(hanOnly(nameCore(kind, a))), []rune(hanOnly(nameCore(kind, b)))
	if len(ca) < 2 || len(cb) < 2 {
		return false
	}
	for i := 0; i+1 < len(ca); i++ {
		if strings.Contains(string(cb), string(ca[i:i+2])) {
			return false
		}
	}
	return true
}

// sameSchool reports whether two school names have the same core of at least two characters
// and the same number, if any (景秀实验学校 / 景秀学校; not 第3中学 / 第5中学).
func sameSchool(a, b string) bool {
	ca := schoolCore(a)
	la, lb := schoolLevel(a), schoolLevel(b)
	return ca != "" && ca == schoolCore(b) && digitsOf(a) == digitsOf(b) && (la == lb || la == "" || lb == "")
}

// schoolCore is what names a school without its kind words (景秀实验学校 → 景秀), "" when less
// than two characters are left.
func schoolCore(s string) string {
	if c := hanOnly(nameCore(EntSchool, s)); utf8.RuneCountInString(c) >= 2 {
		return c
	}
	return ""
}

// schoolLevel is the level a school's name states (育才小学 / 育才中学 are two schools), "" when
// it states none (景秀学校).
func schoolLevel(s string) string {
	for _, l := range []string{"幼儿园", "小学", "初中", "高中", "中学", "大学", "学院", "职校"} {
		if strings.HasSuffix(s, l) {
			return l
		}
	}
	return ""
}

// orgBrand strips industry words from the end of an organisation core: "新科物业管理" → "新科".
func orgBrand(core string) string {
	for changed := true; changed; {
		changed = false
		for _, w := range orgIndustry {
			if strings.HasSuffix(core, w) && len(core) > 0 {
				core = strings.TrimSuffix(core, w)
				changed = true
			}
		}
	}
	return core
}

// Numbers: a quantity is a value with its unit. Two submissions of one matter quote the
// same wages owed, months, years, floors, house numbers; two different matters of one kind
// rarely agree on all of them.
const (
	UnitMoney   uint8 = 1 + iota // 元
	UnitMonths                   // 个月
	UnitYear                     // calendar year: 1996年
	UnitYears                    // duration: 7年
	UnitTimes                    // 次
	UnitTenth                    // 成 (tenths)
	UnitPercent                  // %
	UnitFloor                    // 楼/层
	UnitHouseNo                  // 号
	UnitHour                     // 点 (time of day)
	UnitAge                      // 岁
	UnitDays                     // 天
	UnitPeople                   // 人/名/户
	UnitArea                     // 平方米
	UnitOrdinal                  // 第N
	numUnits
)

var unitName = [...]string{"", "元", "个月", "年", "年", "次", "成", "%", "楼", "号", "点", "岁", "天", "人", "平方米", "第"}

// Words in front of a bare number that make it an amount of money ("货款750,000").
const moneyContext = "款额计付欠资费金钱赔偿约租共"

// owedTo reports whether the number at c[i] follows a verb of paying and a person ("欠我14000",
// "赔他5000", "退了3000"): an amount of money.
func owedTo(c []rune, i int) bool {
	return i >= 2 && strings.ContainsRune("欠赔付还退补", c[i-2]) && strings.ContainsRune("我他她你了们", c[i-1])
}

// docNumber reports whether the number at c[i] follows a year in brackets, as the serial
// of a document does (深信访交〔2026〕0317号, normalised to "(2026)0317号").
func docNumber(c []rune, i int) bool {
	if i < 6 || c[i-1] != ')' || c[i-6] != '(' {
		return false
	}
	for _, r := range c[i-5 : i-1] {
		if !isDigit(r) {
			return false
		}
	}
	return true
}

func findNumbers(c []rune, out []Num) []Num {
	for i := 0; i < len(c); i++ {
		if !isDigit(c[i]) {
			continue
		}
		j := i
		for j < len(c) && isDigit(c[j]) {
			j++
		}
		frac := ""
		if j+1 < len(c) && c[j] == '.' && isDigit(c[j+1]) {
			k := j + 1
			for k < len(c) && isDigit(c[k]) {
				k++
			}
			frac = string(c[j+1 : k])
			j = k
		}
		ip := string(c[i:j])
		if frac != "" {
			ip = string(c[i:j-len(frac)-1]) + "." + frac
		}
		v, err := strconv.ParseFloat(ip, 64)
		if err != nil || len(c[i:j]) > 12 {
			i = j
			continue
		}
		prev := rune(0)
		if i > 0 {
			prev = c[i-1]
		}
		k := j
		for k < len(c) && (c[k] == '多' || c[k] == '余' || c[k] == '来') && k-j < 1 {
			k++
		}
		rest := c[k:]
		unit := uint8(0)
		switch {
		case docNumber(c, i):
			// A document's number (深信访交〔2026〕0317号), not a house's.
		case prev == '第':
			unit = UnitOrdinal
		case hasPrefix(rest, "个月"), hasPrefix(rest, "月了"), hasPrefix(rest, "月工资"), hasPrefix(rest, "个多月"):
			unit = UnitMonths
		case hasPrefix(rest, "元"), hasPrefix(rest, "块"), hasPrefix(rest, "rmb"):
			unit = UnitMoney
			if frac == "" && v < 100 && len(rest) >= 2 && rest[0] == '块' && isDigit(rest[1]) &&
				(len(rest) == 2 || !isDigit(rest[2]) && !strings.ContainsRune(measureRunes, rest[2])) {
				// "1块5" is one and a half yuan, said the way prices are.
				v += float64(rest[1]-'0') / 10
				j = k + 2
			}
		case hasPrefix(rest, "年"):
			// A calendar year; a three-digit "990年" is one with a digit dropped, not a
			// duration of centuries.
			if frac == "" && (v >= 1900 && v <= 2100 || v >= 100 && v < 1000) {
				unit = UnitYear
			} else {
				unit = UnitYears
			}
		case hasPrefix(rest, "次"), hasPrefix(rest, "回"), hasPrefix(rest, "趟"):
			unit = UnitTimes
		case hasPrefix(rest, "成"):
			unit = UnitTenth
		case hasPrefix(rest, "%"):
			unit = UnitPercent
		case hasPrefix(rest, "楼"), hasPrefix(rest, "层"):
			unit = UnitFloor
		case hasPrefix(rest, "号"), hasPrefix(rest, "栋"), hasPrefix(rest, "座"):
			unit = UnitHouseNo
		case hasPrefix(rest, "点"):
			unit = UnitHour
		case hasPrefix(rest, "岁"):
			unit = UnitAge
		case hasPrefix(rest, "天"):
			unit = UnitDays
		case hasPrefix(rest, "人"), hasPrefix(rest, "名"), hasPrefix(rest, "户"):
			unit = UnitPeople
		case hasPrefix(rest, "平"):
			unit = UnitArea
		case v >= 100 && (strings.ContainsRune(moneyContext, prev) || owedTo(c, i)) && (len(rest) == 0 || !isHan(rest[0])):
			unit = UnitMoney
		case frac == "" && j-i == 4 && v >= 1940 && v <= 2100 && len(rest) > 0 && isHan(rest[0]):
			unit = UnitYear // "1990参军": a year with 年 dropped
		}
		if unit != 0 {
			out = addNum(out, Num{Unit: unit, Value: int64(v*100 + 0.5)})
		}
		i = j
	}
	return out
}

func addNum(out []Num, n Num) []Num {
	for _, o := range out {
		if o == n {
			return out
		}
	}
	return append(out, n)
}

// Attribute tags: closed vocabularies for what a kind of matter varies in — whose child, what
// time of day, what nuisance, what kind of spot. A tag is a (group, value) pair; two
// submissions naming values of one group without any in common describe different matters.
type tagDef struct {
	group uint8
	value uint8
	words []string
}

const (
	TagKin uint8 = 1 + iota
	TagTime
	TagNuisance
	TagVenue
	TagTopic
	// TagApart: the writer says this is another matter ("另外反映一个问题", "跟低保是两回事").
	TagApart
	// TagProgress: the matter has moved on — part paid, the rest owed ("先转了五千", "尚欠").
	TagProgress
	// TagBack: the writer refers back to what they submitted before ("再次来信", "上次反映的",
	// "补充之前提交的", "还是没发"): a follow-up of an earlier matter of theirs.
	TagBack
	// TagCollective: the writer speaks for many ("我们工友", "全体员工", "联名"): a group matter,
	// where two members tell the same company and the same total.
	TagCollective
	// TagNewPhone: the text says its phone is not the petitioner's usual one ("换了号码来电",
	// "来电号码为其儿子手机"): a phone that differs says nothing against the person.
	TagNewPhone
	// TagOrgan: what the department the writer named does (its function, not its level: 区人力资源局
	// and 市人社局 alike), read from the form's department field, not the text (organTag).
	TagOrgan
	// TagAbove: a note registered at a group's visit that says its matter is the one registered
	// just before it (反映同上, 诉求同上, 同上。): the group's (sameAsAbove).
	TagAbove
	numTagGroups
)

var tagGroupName = [...]string{"", "亲属", "时段", "问题", "地点", "诉求", "另一事项", "进展", "续报", "集体", "号码", "投诉部门", "同上"}

var tagDefs = []tagDef{
	{TagApart, 1, []string{"另外反映", "另一件事", "另一事项", "另一个事项", "另行反映", "另一个问题", "另外一个问题", "另外一件事", "还有一件事", "不是同一", "不是一回事", "另一回事",
		"两回事", "两件事", "另案", "另一个事", "另外一个事", "别的事", "问个别的", "另外问",
		// the other matter told elsewhere, this one only here (理财被骗的事另有反映，此次只反映电梯)
		"另有反映", "此次只反映", "这次只反映", "本次只反映",
		// (不是同一 before a measure word reads 不是同1次 once numerals are digits)
		"不是同一次", "不是同一个", "不是同一件", "不是同一笔", "不是同一单", "不是同一回", "不是同一份"}},
	{TagProgress, 1, []string{"已支付", "已经支付", "支付了", "已付了", "拿到了一部分", "拿到一部分", "款的一部分", "钱的一部分", "先转了", "转了一部分", "剩下的钱", "剩下的款",
		"剩余款", "余款", "尚欠", "第二笔", "部分款", "付了一半", "拨了一半", "退了一部分", "发了一半", "退了一半", "还了一半", "剩余一半", "剩下一半", "另一半", "还差"}},
	{TagBack, 1, []string{"再次", "再一次", "又一次", "上次", "上回", "此前", "之前反映", "之前提交", "之前投诉", "之前说", "之前来", "之前的事",
		"之前那", "前面写过", "前面反映", "补充之前", "补充上次", "补充材料", "补充一下", "补充说明", "补充反映", "跟进", "催办", "催一下", "有无进展",
		"有没有进展", "什么进展", "有无回复", "有没有回复", "有无答复", "有没有答复", "还是没", "还是不", "依然", "依旧", "登记过", "反映过",
		"投诉过", "来过信", "来访过", "写过信", "写过一封", "发过邮件", "提交过", "我来过", "来过你们", "曾来信", "曾来访", "曾来电",
		"之前写信", "之前网上", "后续", "二次来访", "第2次来", "第3次来", "第2次反映", "第3次反映", "第4次反映", "第2次投诉", "第3次投诉", "第2次打", "第3次打", "第2次写", "第3次写", "第2次找", "第3次找", "你们说", "你们上次", "你们答复", "回复说", "答复说", "又来信", "又来电", "又来访", "再来信", "再来电",
		// the matter pointed at as known ("借钱不还的那个事", "押金的事还没…"), a message left,
		// a suggestion made, a visit last month
		"那个事", "那件事", "的事还", "的事情还", "留过言", "留言过", "提过", "上个月来",
		// reported or phoned in before
		"举报过", "之前举报", "之前反应", "打过电话", "打过12345", "之前打电话", "之前打过",
		// told before by another channel; asking how far it has got
		"邮件反映", "网上反映", "通过邮件", "之前在", "有没有结果", "有结果没", "进展没", "有进展", "办理进度", "处理进度",
		// a review of an office's answer in the petition procedure (复查, 复核) is of a matter
		// already petitioned and answered (not a doctor's 要求复查 or an assessment's 复核意见)
		"申请复查", "提出复查", "复查申请", "申请复核", "提出复核", "复核申请",
		"复查答复", "复核答复", "答复意见不服", "不服答复", "对答复不服", "处理意见不服"}},
	// (only wordings about the caller's own phone: 儿子手机上查不到, 其他号码都没人接 and 借用 are
	// about something else)
	{TagNewPhone, 1, []string{"新号码", "换了号码", "换号码", "换了手机号", "号码换了", "换号了", "新手机号", "用另一个号码", "用别的号码",
		"用儿子手机", "用女儿手机", "用儿子的手机", "用女儿的手机", "用家人手机", "用家人的手机", "用老伴手机", "用其儿子", "用其女儿",
		"来电号码为其", "号码为其儿子", "号码为其女儿", "为其儿子手机", "为其女儿手机", "儿子代拨", "女儿代拨", "家属代拨", "代拨"}},
	{TagCollective, 1, []string{"工友", "全体", "集体", "联名", "班组", "大家", "我们工人", "我们员工", "我们这些", "我们几个", "我们一起", "同事们",
		"工人们", "一行", "等人", "所有员工", "所有工人", "整个厂", "全厂", "职工们"}},
	{TagKin, 1, []string{"儿子"}}, {TagKin, 2, []string{"女儿"}}, {TagKin, 3, []string{"父亲", "爸爸", "老父"}},
	{TagKin, 4, []string{"母亲", "妈妈", "老母"}}, {TagKin, 5, []string{"妻子", "老婆", "爱人"}}, {TagKin, 6, []string{"丈夫", "老公"}},
	{TagKin, 7, []string{"孙子"}}, {TagKin, 8, []string{"孙女"}},
	{TagTime, 1, []string{"凌晨"}}, {TagTime, 2, []string{"早上", "清晨", "早晨", "早餐时间", "早餐时段", "早高峰"}}, {TagTime, 3, []string{"上午"}},
	{TagTime, 4, []string{"中午", "午休", "午间"}}, {TagTime, 5, []string{"下午"}}, {TagTime, 6, []string{"傍晚"}},
	{TagTime, 7, []string{"晚上", "夜间", "深夜", "半夜", "夜里", "晚间"}}, {TagTime, 8, []string{"周末", "节假日"}},
	{TagTime, 9, []string{"全天", "整天", "24小时"}},
	{TagNuisance, 1, []string{"装修"}}, {TagNuisance, 2, []string{"狗", "犬", "宠物", "猫", "鸽子"}}, {TagNuisance, 3, []string{"漏水", "渗水", "滴水"}},
	{TagNuisance, 4, []string{"楼道", "杂物", "堆放", "走廊", "过道", "纸皮"}}, {TagNuisance, 5, []string{"油烟"}}, {TagNuisance, 6, []string{"噪音", "噪声", "吵闹", "喧哗", "太吵", "很吵", "吵得", "低频", "咚咚", "拖椅子", "拖家具", "砸东西", "跺脚"}},
	{TagNuisance, 7, []string{"空调外机"}}, {TagNuisance, 8, []string{"高空抛物"}}, {TagNuisance, 9, []string{"停车", "车位"}},
	{TagNuisance, 10, []string{"抽烟", "烟味", "二手烟", "吸烟"}},
	{TagVenue, 1, []string{"美食街"}}, {TagVenue, 2, []string{"夜市"}}, {TagVenue, 3, []string{"档口"}}, {TagVenue, 4, []string{"路口"}},
	{TagVenue, 5, []string{"菜市场", "农贸市场"}}, {TagVenue, 6, []string{"地铁站", "地铁口"}}, {TagVenue, 7, []string{"公交站"}},
	{TagVenue, 8, []string{"学校门口", "校门口"}}, {TagVenue, 9, []string{"天桥"}}, {TagVenue, 10, []string{"商场"}},
	// What is asked for, finer than the category: one person's two matters of one kind are
	// most often two of these (社保转移 and 失业金, 扬尘 and 污水), told in words that share
	// little; one matter told twice names the same one, however reworded.
	{TagTopic, 1, []string{"工资", "工钱", "欠薪", "薪水", "讨薪", "血汗钱", "加班费", "劳务费"}},
	{TagTopic, 2, []string{"断缴", "补缴", "没买社保", "没交社保", "不交社保", "缴纳社保", "断社保", "社保断", "扣了两次", "多扣",
		"欠缴社保", "社保欠缴", "社保没交", "扣了钱没交"}},
	{TagTopic, 3, []string{"转移", "转入", "转出", "转到深圳"}},
	{TagTopic, 4, []string{"失业金", "失业保险"}},
	{TagTopic, 5, []string{"工伤", "伤残鉴定", "工亡"}},
	{TagTopic, 6, []string{"退休金", "养老金", "退休待遇", "高龄津贴", "津贴"}},
	{TagTopic, 7, []string{"医保", "报销", "门特", "透析", "门诊特定病种"}},
	{TagTopic, 8, []string{"房产证", "不动产权证", "产权证", "办证", "转移登记", "不动产登记"}},
	{TagTopic, 9, []string{"公租房", "保障房", "人才房", "安居房", "人才公寓", "保障性住房", "公共租赁住房", "人才住房", "保障性租赁住房", "廉租房", "配租"}},
	{TagTopic, 10, []string{"拆迁", "旧改", "城市更新", "征收", "祖屋", "过渡费", "安置费"}},
	{TagTopic, 11, []string{"烂尾", "停工", "交房", "交楼", "延期交付", "逾期交付", "房屋逾期未交付", "未交房", "未交楼"}},
	{TagTopic, 12, []string{"外墙", "裂缝", "危房", "安全鉴定", "脱落", "排危"}},
	{TagTopic, 13, []string{"占道", "摆摊", "摊贩", "占用人行道", "流动摊", "卖菜的", "人行道被", "占满人行道", "摆满人行道", "摆到马路", "摆到人行道", "货架摆", "桌椅摆", "桌子摆"}},
	{TagTopic, 14, []string{"违建", "加盖", "搭建", "违法建筑", "违章建筑", "加建", "铁皮房", "私搭"}},
	{TagTopic, 15, []string{"路灯"}},
	{TagTopic, 16, []string{"修剪", "砍树", "行道树", "绿化带", "古树"}},
	{TagTopic, 17, []string{"货车", "限行", "红绿灯", "红路灯", "信号灯", "拥堵", "测速", "斑马线"}},
	{TagTopic, 18, []string{"垃圾站", "垃圾清运", "垃圾堆", "中转站"}},
	{TagTopic, 19, []string{"打桩", "夜间施工", "施工噪音", "施工到凌晨", "半夜施工"}},
	{TagTopic, 20, []string{"扬尘", "灰尘", "粉尘", "裸土", "土方车"}},
	{TagTopic, 21, []string{"污水", "排污", "废水", "偷排", "雨水井", "泛泡沫"}},
	{TagTopic, 22, []string{"异味", "臭味", "废气", "恶臭", "刺鼻"}},
	{TagTopic, 23, []string{"学位", "入学", "学区", "招生", "转学"}},
	{TagTopic, 24, []string{"培训机构", "预付学费", "课时", "培训班"}},
	{TagTopic, 25, []string{"跑路", "预付卡", "会员卡", "办卡", "续卡", "卷款"}},
	{TagTopic, 26, []string{"租金减免", "减免租金", "免租"}},
	{TagTopic, 27, []string{"档案"}},
	{TagTopic, 28, []string{"落户", "入户", "迁户", "人才引进"}},
	{TagTopic, 29, []string{"电梯"}},
	{TagTopic, 30, []string{"停车费", "车位费", "月卡", "车位月租"}},
	{TagTopic, 31, []string{"物业费", "管理费"}},
	{TagTopic, 32, []string{"充电桩"}},
	{TagTopic, 33, []string{"公积金"}},
	{TagTopic, 34, []string{"押金"}},
	{TagTopic, 35, []string{"补贴", "补助"}},
	{TagTopic, 36, []string{"经济补偿", "赔偿金", "N+1", "2N"}},
	{TagTopic, 37, []string{"交通事故", "追尾", "被撞", "撞伤", "撞倒", "刮倒", "事故认定", "肇事"}},
	{TagTopic, 38, []string{"通行证", "运输证", "营运证", "驾驶员证"}},
	{TagTopic, 40, []string{"低保", "最低生活保障", "特困", "临时救助"}},
	{TagTopic, 41, []string{"借款", "借条", "借给", "欠条", "借钱给", "借钱不还", "找我借钱", "向我借钱"}},
	{TagTopic, 42, []string{"理财", "集资", "P2P", "爆雷", "投资平台"}},
	{TagTopic, 43, []string{"扣车", "车被扣", "扣押车辆", "放车"}},
	{TagTopic, 44, []string{"医疗事故", "误诊", "医疗纠纷", "医疗损害"}},
	{TagTopic, 45, []string{"残疾证", "残疾人"}},
	{TagTopic, 46, []string{"赡养", "养老送终"}},
	{TagTopic, 47, []string{"欠租", "欠房租", "拖欠房租", "拖欠租金", "租客欠", "欠咗租", "不交租"}},
	{TagTopic, 48, []string{"分红"}},
	{TagTopic, 49, []string{"坑洼", "坑坑洼洼", "井盖"}},
	{TagTopic, 50, []string{"公益林", "生态补偿"}},
	{TagTopic, 51, []string{"地界", "界址", "砌了一道", "砌了一堵"}},
	// maternity pay (生育津贴, read as 生育金 by findTags: not an old person's 津贴)
	{TagTopic, 52, []string{"生育金", "生育保险"}},
}

// organDefs are the functions of the departments writers name (TagOrgan values): an office of
// general competence (人民政府, 街道办事处, 管委会, 信访局, 社区工作站) has none. A follow-up is
// most often sent to the office of the first letter or to one above it; one person's two
// matters go to two offices of different work (the health commission, then market
// supervision about a pharmacy). Over the 83 hand-written sets eval–eval83: among one person's
// items whose departments both have a function, the same matter named two functions in 27
// pairs of 2,616, two matters in 264 of 494.
var organDefs = []tagDef{
	{TagOrgan, 1, []string{"人力资源", "人社", "劳动", "社保", "社会保险", "社会保障"}},
	{TagOrgan, 2, []string{"医疗保障", "医保"}},
	{TagOrgan, 3, []string{"卫生健康", "卫健", "卫生局", "疾控"}},
	{TagOrgan, 4, []string{"民政"}},
	{TagOrgan, 5, []string{"公安", "派出所", "交警", "警察"}},
	// A building, its land and its renewal are one field: a stalled 旧改 goes to 住建, 规自 and
	// 城市更新 in turn. Prices are market supervision's; a river's water is the environment's.
	{TagOrgan, 6, []string{"住房和建设", "住建", "建设局", "公房", "住房保障", "规划和自然资源", "规自", "规划", "国土", "不动产", "城市更新", "土地整备"}},
	{TagOrgan, 7, []string{"教育", "学位"}},
	{TagOrgan, 8, []string{"市场监督", "市场监管", "市监", "发展和改革", "发改", "价格"}},
	{TagOrgan, 9, []string{"城市管理", "城管", "综合执法", "执法队"}},
	{TagOrgan, 12, []string{"交通"}},
	{TagOrgan, 13, []string{"生态环境", "环保", "环境", "水务"}},
	{TagOrgan, 14, []string{"残疾人", "残联"}},
	{TagOrgan, 15, []string{"退役军人"}},
	{TagOrgan, 16, []string{"司法", "法院", "仲裁", "调解"}},
	{TagOrgan, 19, []string{"税务"}},
	{TagOrgan, 20, []string{"工业和信息化", "工信", "科技创新"}},
	{TagOrgan, 21, []string{"金融"}},
	{TagOrgan, 22, []string{"农业", "海洋", "渔业"}},
	{TagOrgan, 23, []string{"文化", "旅游", "文体"}},
	{TagOrgan, 24, []string{"应急", "消防"}},
	{TagOrgan, 25, []string{"公积金"}},
}

// organTag is the TagOrgan of a department as the form names it, 0 when it names none or an
// office of general competence (人民政府 holds 民政, and is taken out first).
func organTag(dept string) uint16 {
	dept = strings.ReplaceAll(dept, "人民政府", "") // (already in its folded form)
	for _, d := range organDefs {
		for _, w := range d.words {
			if strings.Contains(dept, w) {
				return tagOf(d.group, d.value)
			}
		}
	}
	return 0
}

// Tag wordings are compared with normalised text, so they are normalised too (扣了两次 →
// 扣了2次, 两回事 → 2回事).
func init() {
	for _, defs := range [][]tagDef{tagDefs, organDefs} {
		for i := range defs {
			for j, w := range defs[i].words {
				defs[i].words[j] = foldWord(w)
			}
		}
	}
}

func findTags(c []rune, out []uint16) []uint16 {
	// (交房租 is paying rent, not a flat handed over: 交房)
	s := strings.ReplaceAll(string(c), "交房租", "交租")
	// (生育津贴 is maternity pay, not the 津贴 of the old: 生育金)
	s = strings.ReplaceAll(s, "生育津贴", "生育金")
	if apartRef(c) {
		s += "|另外反映" // "不是夜宵摊那件": said of another matter by pointing at it
	} else if knownRef(c) {
		s += "|那个事" // "坑梓那个停水的事": the matter pointed at as known
	}
	for _, d := range tagDefs {
		for _, w := range d.words {
			if strings.Contains(s, w) {
				out = addTag(out, tagOf(d.group, d.value))
				break
			}
		}
	}
	return out
}

// tagOf is the tag of value v in group g (group<<8 | value, as Features.Tags holds it).
func tagOf(g, v uint8) uint16 { return uint16(g)<<8 | uint16(v) }

// addTag adds t to tags unless it is there.
func addTag(tags []uint16, t uint16) []uint16 {
	if slices.Contains(tags, t) {
		return tags
	}
	return append(tags, t)
}

// apartRef reports whether clause c points at another matter to set it aside: 不是 followed
// within a few characters by 那件 / 那个事 ("不是夜宵摊那件", "不是户口那件事").
func apartRef(c []rune) bool {
	for i := 0; i+1 < len(c); i++ {
		if c[i] != '不' || c[i+1] != '是' {
			continue
		}
		for j := i + 2; j < len(c) && j <= i+10; j++ {
			if hasPrefix(c[j:], "那件") || hasPrefix(c[j:], "那个事") || hasPrefix(c[j:], "那1件") {
				return true
			}
		}
	}
	return false
}

// knownRef reports whether the clause points at a matter as one already known: 那个 and,
// within a few characters, 的事 or 的问题 ("那个停水的事", "那个押金的问题"); not 不是 before it
// (apartRef).
func knownRef(c []rune) bool {
	for i := 0; i+1 < len(c); i++ {
		if c[i] != '那' || c[i+1] != '个' {
			continue
		}
		for j := i + 3; j < len(c) && j <= i+10; j++ {
			if !isHan(c[j-1]) {
				break
			}
			if hasPrefix(c[j:], "的事") || hasPrefix(c[j:], "的问题") {
				return true
			}
		}
	}
	return false
}

func tagWord(t uint16) string {
	for _, defs := range [][]tagDef{tagDefs, organDefs} {
		for _, d := range defs {
			if tagOf(d.group, d.value) == t {
				return d.words[0]
			}
		}
	}
	return ""
}

func sortUint16(a []uint16) { sort.Slice(a, func(i, j int) bool { return a[i] < a[j] }) }
