package match

import (
	"sort"
	"strings"
)

// Categories are the domains staff own (index 0 = 其他, the fallback).
var Categories = []string{"其他", "劳动社保", "住房与不动产登记", "城市管理", "生态环境", "退役军人事务", "户籍与人才引进",
	"经济与企业服务", "教育", "涉法涉诉", "物业纠纷", "邻里纠纷"}

const (
	catOther = iota
	catLabour
	catHousing
	catCity
	catEnv
	catVeteran
	catHukou
	catEconomy
	catEducation
	catLitigation
	catProperty
	catNeighbour
)

// Purposes of a matter (信访条例).
var Purposes = []string{"申诉求决", "建议意见", "检举控告"}

const (
	purposeClaim = iota
	purposeSuggest
	purposeReport
)

type kw struct {
	w string
	s float64
}

// Weighted keywords per category. Strong words (3) name the matter on their own; weak ones
// (≤1) only tip a balance. Kept to domain vocabulary, not to any particular file's names.
var catWords = [...][]kw{
	catLabour: {{"欠薪", 3}, {"工资", 3}, {"工钱", 3}, {"薪资", 3}, {"加班费", 3}, {"工伤", 3}, {"社保", 2}, {"社会保险", 3}, {"养老保险", 2},
		{"失业金", 3}, {"劳动合同", 3}, {"劳动仲裁", 1}, {"辞退", 2}, {"解雇", 2}, {"经济补偿", 2}, {"劳动部门", 2}, {"员工", 1},
		{"老板", 1}, {"讨薪", 3}, {"农民工", 2}, {"劳务费", 2}, {"公积金", 1}, {"医保", 1}, {"退休金", 2}, {"拖欠", 1}, {"保洁", 1},
		{"上班", 1}, {"劳动站", 2}, {"劳动局", 2}, {"劳动办", 2}, {"劳动监察", 1}, {"欠薪垫付", 3}, {"垫付款", 2}, {"血汗钱", 3},
		{"公资", 3}, // 工资 as a phone's voice input writes it
		// gig workers' pay: a rider's or a courier's fees owed are their wages
		{"配送费", 3}, {"派件费", 3}, {"跑腿费", 2}, {"骑手", 1}, {"快递员", 1}},
	catHousing: {{"房产证", 3}, {"不动产", 3}, {"产权证", 3}, {"办证", 2}, {"开发商", 2}, {"过户", 2}, {"买房", 1}, {"购房", 2},
		{"商品房", 2}, {"保障房", 3}, {"公租房", 3}, {"安居房", 3}, {"人才房", 3}, {"网签", 2}, {"交房", 2}, {"交楼", 2}, {"保交楼", 3}, {"房屋逾期未交付", 2}, {"未交房", 2}, {"未交楼", 2}, {"烂尾", 3},
		{"房屋登记", 3}, {"产权", 1}, {"拆迁", 2}, {"征收", 1}, {"棚改", 2},
		// public and talent housing: its waiting list and its letting
		{"公共租赁住房", 3}, {"人才住房", 3}, {"保障性住房", 3}, {"保障性租赁住房", 3}, {"廉租房", 3}, {"轮候", 2}, {"配租", 3}, {"配售", 3}},
	catCity: {{"占道", 3}, {"摆摊", 3}, {"城管", 2}, {"违建", 3}, {"违章搭建", 3}, {"违法建筑", 3}, {"乱搭建", 3}, {"违规加建", 3}, {"私自加建", 3}, {"加建", 2}, {"市容", 2},
		{"流动摊贩", 3}, {"人行道", 1}, {"井盖", 2}, {"路灯", 2}, {"绿化", 1}, {"广告牌", 2}, {"垃圾", 1}, {"共享单车", 2},
		{"乱停", 1}, {"商户", 0.5}, {"二次供水", 3}, {"水质", 2}, {"消防通道", 3}},
	catEnv: {{"工地", 2}, {"施工", 1.5}, {"污染", 3}, {"排放", 2}, {"臭味", 2}, {"异味", 2}, {"废气", 3}, {"废水", 3}, {"污水", 2},
		{"环保", 2}, {"粉尘", 2}, {"扬尘", 3}, {"偷排", 3}, {"噪音", 1}, {"噪声", 1}, {"生态", 1}, {"环境", 0.5}, {"夜间施工", 2}, {"施工扰民", 2}, {"违规施工", 2}, {"作业", 0.5}},
	catVeteran: {{"退役", 3}, {"军人", 3}, {"入伍", 3}, {"参军", 3}, {"转业", 3}, {"复员", 3}, {"优抚", 3}, {"军龄", 3},
		{"部队", 2}, {"伤残军人", 3}, {"退伍", 3}, {"军属", 2}},
	catHukou: {{"落户", 3}, {"户籍", 3}, {"户口", 3}, {"人才引进", 3}, {"入户", 3}, {"迁户", 3}, {"居住证", 2}, {"人才补贴", 2},
		{"随迁", 2}, {"身份证办理", 2}, {"新引进人才", 3}, {"人才租房", 2}, {"生活补贴", 1}},
	catEconomy: {{"欠租", 3}, {"房东", 2}, {"租金", 2}, {"房租", 2}, {"营业", 2}, {"营商", 3}, {"减免", 1}, {"企业服务", 3}, {"补贴", 1},
		{"贷款", 1}, {"营业执照", 2}, {"个体户", 2}, {"商铺", 2}, {"店", 0.5}, {"锁门", 1}, {"停业", 1}, {"疫情", 0.5}},
	catEducation: {{"学位", 3}, {"入学", 3}, {"学校", 1.5}, {"小学", 1.5}, {"中学", 1.5}, {"幼儿园", 2}, {"学费", 2}, {"招生", 2},
		{"转学", 3}, {"教师", 1}, {"老师", 1}, {"积分", 0.5}, {"教育局", 1}, {"校车", 2}, {"课外", 1}},
	catLitigation: {{"法院", 3}, {"判决", 3}, {"胜诉", 3}, {"败诉", 3}, {"起诉", 3}, {"诉讼", 3}, {"仲裁", 2}, {"裁定", 2},
		{"裁决", 2}, {"强制执行", 3}, {"执行不到位", 3}, {"没有执行", 2}, {"执行", 1}, {"上诉", 3}, {"再审", 3}, {"立案", 1.5},
		{"律师", 1}, {"官司", 1}, {"合同纠纷", 2}, {"货款", 1}},
	catProperty: {{"物业费", 3}, {"物业公司", 2}, {"物业服务", 2}, {"物业管理", 1.5}, {"物业", 1.5}, {"业委会", 3},
		{"业主委员会", 3}, {"维修基金", 3}, {"管理费", 1}, {"停车费", 1.5}, {"乱收费", 1.5}, {"的物业", 1}, {"小区物业", 1}, {"电梯", 1}},
	catNeighbour: {{"邻居", 3}, {"楼上", 2}, {"楼下", 2}, {"住户", 1.5}, {"对门", 2}, {"隔壁", 2}, {"装修", 1}, {"漏水", 2},
		{"渗水", 2}, {"养狗", 2}, {"狗叫", 2}, {"楼道", 2}, {"邻里", 3}, {"宠物", 1}, {"高空抛物", 1}, {"空调外机", 2},
		{"沟通无效", 1}, {"影响我家", 1}, {"正常生活", 1}, {"调解", 1}},
}

func init() {
	for _, words := range catWords {
		sort.SliceStable(words, func(i, j int) bool { return len(words[i].w) > len(words[j].w) })
	}
}

// hardships are what a matter costs the writer, not what it is about: a worker owed wages
// who cannot pay the rent is not in a rent dispute.
var hardships = []string{"房租都交不起", "房租也交不起", "交不起房租", "付不起房租", "房租都付不起", "房租都欠", "房租也欠", "房东等不起", "房东天天催"}

// Department names map to a domain (a hint only: people often name the wrong department).
var deptHints = []struct {
	w   string
	cat int
	s   float64
}{
	{"人力资源", catLabour, 1.5}, {"社会保障", catLabour, 1.5}, {"社保", catLabour, 1.5},
	{"规划和自然资源", catHousing, 1.5}, {"不动产", catHousing, 1.5}, {"住房", catHousing, 1}, {"住建", catHousing, 1},
	{"城市管理", catCity, 1.5}, {"城管", catCity, 1.5}, {"综合执法", catCity, 1},
	{"生态环境", catEnv, 1.5}, {"环保", catEnv, 1.5},
	{"退役军人", catVeteran, 1.5},
	{"公安", catHukou, 1}, {"教育", catEducation, 1.5},
	{"法院", catLitigation, 1.5}, {"司法", catLitigation, 0.5},
	{"市场监督", catEconomy, 1}, {"商务", catEconomy, 1}, {"工业和信息化", catEconomy, 1}, {"发展和改革", catEconomy, 1},
}

// scoreCategories scores the matter text (core counts fully, the request half) and the
// department named. Organisation names are taken out first: "华信物业管理有限公司" says who the
// employer is, not that the matter is about property management.
func scoreCategories(p parts, orgs []string, dept string) [len(catWords)]float64 {
	var sc [len(catWords)]float64
	core := clausesString(p.core)
	req := clausesString(p.request)
	for _, o := range orgs {
		core = strings.ReplaceAll(core, o, "")
		req = strings.ReplaceAll(req, o, "")
	}
	for _, h := range hardships {
		core = strings.ReplaceAll(core, h, "|")
		req = strings.ReplaceAll(req, h, "|")
	}
	for c, words := range catWords {
		// Longer keywords first, and a matched keyword is blanked out so that its parts do
		// not count again ("物业公司" is not also "物业").
		ct, rt := core, req
		for _, k := range words {
			switch {
			case strings.Contains(ct, k.w):
				sc[c] += k.s
				ct = strings.ReplaceAll(ct, k.w, "|")
			case strings.Contains(rt, k.w):
				sc[c] += k.s / 2
				rt = strings.ReplaceAll(rt, k.w, "|")
			}
		}
	}
	for _, h := range deptHints {
		if strings.Contains(dept, h.w) {
			sc[h.cat] += h.s
			break
		}
	}
	return sc
}

func clausesString(cs []clause) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(string(c))
		b.WriteByte('|')
	}
	return b.String()
}

// bestCategory returns the best category and its lead over the runner-up.
func bestCategory(sc [len(catWords)]float64) (int, float64) {
	best, second := catOther, 0.0
	bs := 0.0
	for c := 1; c < len(sc); c++ {
		if sc[c] > bs {
			second = bs
			best, bs = c, sc[c]
		} else if sc[c] > second {
			second = sc[c]
		}
	}
	if bs < 2 {
		return catOther, bs
	}
	return best, bs - second
}

var reportWords = []string{"举报", "检举", "控告", "揭发", "贪污", "受贿", "腐败", "行贿", "索贿", "违纪", "违法违规", "违规", "违法", "偷排",
	"查处", "渎职", "不作为", "乱作为", "滥用职权", "徇私"}
var suggestWords = []string{"建议", "提议", "意见", "倡议", "献策", "能否增设", "可否", "是否可以", "希望增设", "希望增加", "希望开通"}

func purposeOf(p parts) int {
	all := clausesString(p.core) + clausesString(p.request)
	rep, sug := 0, 0
	for _, w := range reportWords {
		if strings.Contains(all, w) {
			rep++
		}
	}
	for _, w := range suggestWords {
		if strings.Contains(all, w) {
			sug++
		}
	}
	claim := 0
	for _, w := range []string{"请求", "要求", "帮忙", "帮助", "追讨", "解决", "退还", "赔偿", "补发", "恢复", "办理", "安排", "协调", "拖欠", "被拒"} {
		if strings.Contains(all, w) {
			claim++
		}
	}
	switch {
	case rep > 0 && rep >= claim:
		return purposeReport
	case sug > 0 && sug >= claim:
		return purposeSuggest
	case rep > 0 && claim <= 1:
		return purposeReport
	}
	return purposeClaim
}

// Classify suggests the purpose (建议意见 / 检举控告 / 申诉求决) and the category of an item.
func Classify(d Doc) (purpose, category string) {
	a := analyze(d)
	return Purposes[a.purpose], Categories[a.cat]
}

// Screening.Doubt values.
const (
	DoubtScreen = "screen"
	DoubtKeep   = "keep"
)

// Screening says whether an item is a matter the petition system does not accept and where
// to send the citizen instead (see Taxonomy).
type Screening struct {
	NonPetition bool
	Kind        string // a taxonomy kind's key
	Category    string // that kind's category
	Reason      string // for the citizen: what the text said, what kind of matter, where to go
	// Uncertain: the text reads like Kind but complains about an organ's work, so it is kept as
	// a petition and the registrar confirms.
	Uncertain bool
	// Doubt says the learnt model made the item uncertain: DoubtScreen, the rules would have
	// screened it out; DoubtKeep, the rules would have kept it as a plain petition.
	Doubt string
	// Corroborated: the learnt corroboration (Corroborator) supplied what the rules lacked to
	// screen the item out.
	Corroborated bool
	// Why explains the decision to the registrar: the concepts and the words that showed them.
	Why   string
	Hits  []Hit
	Score float64
}
