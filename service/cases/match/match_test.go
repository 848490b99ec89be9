package match

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// Hand-made items. Names, companies and places are invented for the tests.
var (
	onlineWages = Doc{Name: "王建国", Phone: "13800138000", District: "龙岗区", Street: "布吉街道", Department: "市人力资源和社会保障局",
		Content: "我在深圳市华美电子有限公司工作，公司已经拖欠工资3个月，共计36000元，老板一直推脱不给。希望政府督促公司尽快发放工资。"}
	letterWages = Doc{Name: "王建国", District: "龙岗区",
		Content: "尊敬的领导：您好！本人王建国，身份证号440307…。深圳市华美电子有限公司拖欠我们工资三个月了，总额约3.6万元，多次讨要无果。恳请有关部门帮忙解决。此致 敬礼！"}
	coworkerWages = Doc{Name: "李秀英", Phone: "13900139000", District: "龙岗区", Street: "布吉街道",
		Content: "本人系深圳市华美电子有限公司员工，被拖欠三个月工资36,000元，请求劳动部门帮助追讨。"}
	otherEmployer = Doc{Name: "王建国", Phone: "13800138000", District: "龙岗区", Street: "布吉街道",
		Content: "深圳市宏发五金制品有限公司拖欠我工资5个月，共计52000元，请劳动部门帮助追讨。"}
)

func TestLetterWithoutPhoneMergesWithOnlineItem(t *testing.T) {
	r := Compare(Extract(letterWages), Extract(onlineWages), Identity{})
	if r.Verdict != Merge {
		t.Fatalf("verdict %v, want merge: %+v", r.Verdict, r)
	}
	reasons := strings.Join(r.Reasons, " ")
	for _, want := range []string{"姓名相同", "华美电子公司", "36000元", "3个月"} {
		if !strings.Contains(reasons, want) {
			t.Errorf("reasons %q lack %q", reasons, want)
		}
	}
}

func TestDifferentPersonSameMatterIsLinkNotMerge(t *testing.T) {
	r := Compare(Extract(coworkerWages), Extract(onlineWages), Identity{PhoneConflict: true})
	if r.Verdict != Link {
		t.Fatalf("verdict %v, want link (group petition): %+v", r.Verdict, r)
	}
	if r.Person > 0.2 || r.Matter < 0.8 {
		t.Errorf("person %.2f matter %.2f: want a different person on the same matter", r.Person, r.Matter)
	}
}

func TestSamePersonTwoMattersOfOneKindNotMerged(t *testing.T) {
	r := Compare(Extract(otherEmployer), Extract(onlineWages), Identity{SamePhone: true})
	if r.Verdict == Merge || r.Verdict == Review {
		t.Fatalf("verdict %v, want none: %+v", r.Verdict, r)
	}
	if r.Person < 0.9 {
		t.Errorf("person %.2f, want the same person", r.Person)
	}
	if !strings.Contains(strings.Join(r.Reasons, " "), "单位不同") {
		t.Errorf("reasons %v should name the differing employer", r.Reasons)
	}

	// Same kind, same district, same words: only the year joined differs.
	a := Doc{Name: "陈志强", Phone: "13700137000", District: "南山区", Content: "我是1995年入伍的退役军人，转业时个人档案丢失，现在无法办理相关待遇。"}
	b := Doc{Name: "陈志强", Phone: "13700137000", District: "南山区", Content: "我是2001年入伍的退役军人，转业时个人档案丢失，现在无法办理相关待遇。"}
	if r := Compare(Extract(b), Extract(a), Identity{SamePhone: true}); r.Verdict != None {
		t.Errorf("two veterans' files of one person (1995 / 2001): verdict %v, want none: %+v", r.Verdict, r)
	}

	// Same estate, different nuisance.
	c := Doc{Name: "周丽", Phone: "13600136000", District: "福田区", Content: "我住香蜜湖街道翠湖花园，楼上12楼邻居装修噪音，多次沟通无效。"}
	e := Doc{Name: "周丽", Phone: "13600136000", District: "福田区", Content: "我住香蜜湖街道翠湖花园，楼上12楼邻居漏水，多次沟通无效。"}
	if r := Compare(Extract(e), Extract(c), Identity{SamePhone: true}); r.Verdict == Merge {
		t.Errorf("renovation noise vs leak: verdict %v, want not merged: %+v", r.Verdict, r)
	}
}

func TestParaphraseAndTypoStillMerge(t *testing.T) {
	// A registrar's paraphrase with a dropped character in the company name, a wrong district
	// and the amount written the other way.
	visit := Doc{Name: "王建国", Phone: "13800138000", District: "罗湖区",
		Content: "来访人反映：本人系深圳市华电子有限公司员工，被拖欠3个月工资3.6万元。诉求：请求责令企业支付欠薪。"}
	r := Compare(Extract(visit), Extract(onlineWages), Identity{SamePhone: true})
	if r.Verdict != Merge {
		t.Fatalf("verdict %v, want merge: %+v", r.Verdict, r)
	}
}

func TestIdentitySignals(t *testing.T) {
	on, le := Extract(onlineWages), Extract(letterWages)
	if r := Compare(le, on, Identity{IDConflict: true}); r.Verdict == Merge || r.Verdict == Review {
		t.Errorf("ID numbers differ: verdict %v, want no merge", r.Verdict)
	}
	// Same name, different phone and different WeChat identity: another person of that name.
	if r := Compare(le, on, Identity{PhoneConflict: true, OpenIDConflict: true}); r.Verdict == Merge {
		t.Errorf("phone and openid differ: verdict %v, want no merge", r.Verdict)
	}
	// A person may use two phones: a different phone alone does not stop a merge.
	if r := Compare(le, on, Identity{PhoneConflict: true}); r.Verdict != Merge {
		t.Errorf("only the phone differs: verdict %v, want merge", r.Verdict)
	}
	// Same phone, different name: a family member; a registrar decides.
	other := letterWages
	other.Name = "王小明"
	other.Content = strings.Replace(other.Content, "本人王建国，", "", 1)
	if r := Compare(Extract(other), on, Identity{SamePhone: true}); r.Verdict != Review {
		t.Errorf("same phone, other name: verdict %v, want review", r.Verdict)
	}
	// …unless the letter says whose it is: written for 王建国 (本人王建国), it is his.
	other.Content = letterWages.Content
	if r := Compare(Extract(other), on, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Errorf("same phone, other name, the text names the petitioner: verdict %v, want merge", r.Verdict)
	}
	if r := Compare(le, on, Identity{SameID: true}); r.Verdict != Merge || r.Person < 0.95 {
		t.Errorf("same ID: %+v", r)
	}
}

func TestCompareCase(t *testing.T) {
	if r := CompareCase(nil); r.Verdict != None {
		t.Errorf("empty case: %v", r.Verdict)
	}
	rs := []Result{{Verdict: None, Person: 0.9, Matter: 0.1}, {Verdict: Link, Person: 0.1, Matter: 0.9}, {Verdict: Merge, Person: 0.8, Matter: 0.9}}
	if r := CompareCase(rs); r.Verdict != Merge {
		t.Errorf("best of case: %v", r.Verdict)
	}
	two := []Result{{Verdict: Review, Person: 0.95, Matter: 0.6}, {Verdict: Review, Person: 0.95, Matter: 0.55}}
	if r := CompareCase(two); r.Verdict != Merge {
		t.Errorf("two agreeing reviews: %v, want merge", r.Verdict)
	}
	if r := CompareCase(two[:1]); r.Verdict != Review {
		t.Errorf("one review: %v", r.Verdict)
	}
	// A case holding an online item (with phone and ID) and a letter (name only). Another
	// 王建国 with his own phone and ID raises the same matter: the letter alone matches him
	// by name, but the case's person has another ID number.
	namesake := onlineWages
	namesake.Phone, namesake.IDNumber = "13500135000", "440301199001011234"
	nf := Extract(namesake)
	byLetter := Compare(nf, Extract(letterWages), Identity{})
	if byLetter.Verdict != Merge {
		t.Fatalf("by name alone the letter matches: %v", byLetter.Verdict)
	}
	byOnline := Compare(nf, Extract(onlineWages), Identity{PhoneConflict: true, IDConflict: true})
	if r := CompareCase([]Result{byLetter, byOnline}); r.Verdict == Merge || r.Verdict == Review {
		t.Errorf("namesake with another ID merged into the case: %+v", r)
	} else if r.Verdict != Link {
		t.Errorf("namesake on the same matter: %v, want link", r.Verdict)
	}
	// With only a different phone in the case (people change phones) the merge stands.
	byOnline = Compare(nf, Extract(onlineWages), Identity{PhoneConflict: true})
	if r := CompareCase([]Result{byLetter, byOnline}); r.Verdict != Merge {
		t.Errorf("phone differs from the case's: %v, want merge", r.Verdict)
	}

	// CompareCase must not alias the caller's reasons.
	in := []Result{{Verdict: Review, Reasons: make([]string, 1, 4)}, {Verdict: Review, Reasons: []string{"x"}}}
	_ = CompareCase(in)
	if len(in[0].Reasons) != 1 || in[0].Reasons[:2][1] != "" {
		t.Errorf("caller's reasons modified: %v", in[0].Reasons[:2])
	}
}

func TestScreen(t *testing.T) {
	cases := []struct {
		name, content, kind, guide string
	}{
		{"litigation", "我与深圳市恒通贸易有限公司的合同纠纷已由南山区人民法院判决，对方应付12万元，但至今没有执行。", "litigation", "12368"},
		{"judgment", "某公司欠我货款30万，法院判了我胜诉，可一直执行不到位。请求督促法院执行。", "litigation", "法院"},
		{"neighbour", "我住西乡街道碧海花园，楼上邻居每天晚上装修噪音，多次沟通无效。希望社区帮忙调解。", "neighbour", "12348"},
		{"neighbour leak", "楼上住户家里漏水，把我家天花板泡坏了，找他几次都不管。", "neighbour", "调解"},
		{"property", "阳光花园小区物业服务差，物业费一年涨了三成，还乱收停车费。要求物业公司退还多收费用。", "property", "业主委员会"},
		// Said without the stock words.
		{"neighbour unworded", "上面那户的空调冷凝水天天滴在我家窗台上，滴答响一整夜，上去说了两次也不肯改。", "neighbour", "调解"},
		// 拒不归还 is the borrower refusing, not an organ saying "not ours" (不归我们管).
		{"loan refused", "前年借给老乡五万元，有借条和转账记录，他一直拒不归还，请政府帮忙追讨。", "litigation", "12348"},
		// "政府能不能帮" asks a question; it is no refusal by the government.
		{"loan question", "朋友借了我五万块，借条写得清清楚楚，现在把我拉黑了，政府能不能帮我要回来？", "litigation", "12348"},
		{"domestic work", "给一户人家做住家保姆半年，雇主最后两个月的工钱一直拖欠不给，还说要扣我钱。", "litigation", "12348"},
		{"village plots", "同村那户建新房把围墙往我家地界推了一米多，讲了几次都不改。", "neighbour", "调解"},
		{"children upstairs", "楼上那家的小孩每天晚上跑跳拍球到十一点，上去说了还被他家大人骂。", "neighbour", "调解"},
		// Someone else's business two words after a place: not an organ owing money.
		{"private loan", "华富街道的朋友欠我三万块钱，借条写好半年还，现在一直拖着不还，我想告他。", "litigation", "12368"},
		// A business that is open and refuses a customer's refund: a consumer dispute.
		{"consumer refund", "在一家家电商场买的洗衣机用了一周就漏电，店长说过了七天一律不退，只给修。", "litigation", "12348"},
		// The other side is family, named as people name them.
		{"maintenance", "我快八十了，儿子儿媳都不给赡养费，他们在宝安开厂有钱也不管我。", "litigation", "12348"},
		// An award made on a labour dispute: the overtime it names is what was decided.
		{"award disputed", "劳动仲裁的裁决书下来了，加班费只认了三个月，工资差额也没算，我觉得裁决不公平。", "litigation", "12368"},
	}
	for _, c := range cases {
		s := shipped.Screen(Doc{Content: c.content})
		if !s.NonPetition || s.Kind != c.kind {
			t.Errorf("%s: got %+v, want %s", c.name, s, c.kind)
			continue
		}
		if !strings.Contains(s.Reason, c.guide) {
			t.Errorf("%s: guidance %q should mention %q", c.name, s.Reason, c.guide)
		}
	}
}

func TestScreenKeepsGenuinePetitions(t *testing.T) {
	keptAll(t,
		// Works for a property company: a wage matter.
		"我在深圳市安居物业管理有限公司当保洁员，公司拖欠我4个月工资共计16000元，请劳动部门帮助追讨。",
		// Mentions the property company and a lawsuit in passing: a title-deed matter.
		"我们小区房产证拖了八年还没办下来，物业说是开发商股东打官司，请求尽快为业主办理不动产权证。",
		// Mentions a neighbour in passing: construction noise from a site.
		"邻居和我都被旁边工地的夜间施工吵得睡不着，深圳市宏达建筑工程有限公司凌晨两点还在作业，请环保部门查处。",
		"孩子申请福田实验学校学位被拒，积分计算有误。",
		// A security guard's wages owed by the estate's property company.
		"我是阳光花园小区物业的保安，物业公司拖欠我三个月工资，一直不给。",
		// A business below the flat is the source, not a neighbour.
		"楼下新开的火锅馆排风口正对我家阳台，油烟呛人，晚上吵到十二点，楼上住户都受不了，请环保部门检查。",
		// How a court's or an arbitration body's people work is the complaint.
		"我的执行案子承办人半年联系不上，财产线索交了也不查，要求监督执行人员的工作。",
		"仲裁委受理我的劳动争议已经半年，一直不开庭，已经超出法定期限，请求督办。",
		// An organ and its refusal in one clause, in words no list has.
		"我们小区物业公司交了电梯维修资金的使用申请，业主也表决同意了，区住建局拖了半年还不批，也不说为什么。",
		// The police turned a fraud report away as a civil matter: a complaint about the police.
		"在网上被人以合作为名骗了八万，派出所说是经济纠纷，让我去法院起诉，不予立案。请求公安机关立案侦查。",
		// A duty overrun names the organ's failing without naming the organ.
		"我申请的劳动仲裁受理后半年都没开庭，打电话只说在排期，再拖只能去法院了，请督促。",
		// The organ owes the money, a few words apart.
		"我们公司给街道做的道路修缮工程早已验收，街道至今尚欠工程款二十万元，请上级协调。",
		// The citizen asks the organ to use its powers on the management.
		"小区电梯年检过期还在运行，物业公司说在等报告。请市场监管局依法检查，责令停用整改。",
		// A business gone with its customers' prepaid money is for the market regulator.
		"小区门口那家游泳馆关门了，老板失联，我们几十个家长给孩子办的年卡都不给退。",
		// The customer turned to the regulator: kept for the registrar.
		"网上买的电饭煲是翻新机，商家拒绝退款，市场监管部门能不能管一下。",
		// A public hospital's charges are for its supervising bureau.
		"孩子在区人民医院住院，清单上一项检查收了两次，医院说系统生成的不给退。",
		// The social insurance office limits what the award gave: the office's work is the matter.
		"仲裁裁决公司给我补缴社保，社保中心说只能补两年，剩下的怎么办？",
		// The arbitration body's own delay, no one told the citizen why.
		"去年十月交的劳动仲裁申请，仲裁院说受理了，半年没开庭也没人通知延期。",
		// The writer says where they live; the noise is a street food stall's and the city
		// management's promise was not kept.
		"我是东湖花园的住户，晚上楼下卖宵夜的吵到两点，打了电话城管说会来，也没见来。",
		// A plant next door is no neighbour, and complaints went unanswered.
		"家隔壁的石材加工厂天天切石头，粉尘很大，半夜也在响，反映了几次没人管。",
		// A bureau as people call it, and someone is delaying.
		"加装电梯的补贴住建说批了，物业说钱没到，到底是谁在拖？",
		// An employer keeping back wages and a deposit: a labour matter, not a consumer one.
		"在快递网点干了三个月，网点老板克扣工资八百，辞职后押金三百也不同意退。",
		// The bureau approved the management's use of the repair fund over the owners' objection.
		"小区物业公司申请用维修资金翻新大堂，业主大多没签字，区住建局还是批准了，请求撤销审批。",
		// Renewal compensation compared with the neighbours' houses; 历史遗留 is no estate.
		"旧村改造把我家老屋定为历史遗留违建，补偿比同村别家少一半，请重新认定。",
		// An heir asks about land the government took from the family.
		"我父亲那辈的地当年修路被征了，补偿一直没给清，现在父亲去世了，我作为继承人能不能继续申请征地补偿？",
		// The bureau looked only at the form of forged ballots; who sees to it?
		"电梯维修资金的事 住建局说他们只做形式审查 业主的签名是物业代签的 这谁来管",
		// The police came and left without a record (no punctuation, as WeChat messages come).
		"楼下邻居喝了酒来砸我家门 我报了两次警 派出所来了就叫我们自己和解 笔录都没做 请问派出所这样处理对吗",
		// The arbitration body put the hearing months away while the company winds up.
		"仲裁委受理了 但开庭排到了九月 公司已经在注销 到时候赔偿还拿得到吗",
		// The police are asked to freeze accounts in a fraud.
		"投资了一家理财公司十二万，有合同和转账记录，现在老板失联，要求公安部门冻结公司账户。",
		// The enforcement office asked to stop a rooftop addition the management ignored.
		"小区12栋楼顶有业主违规加建铁皮房，跟物业说了没用，请求执法部门制止。",
		// The regulator closed a complaint without looking into it and said go to court.
		"在电脑城买的笔记本是翻新机，投诉后市场监管所只打了个电话就结案，没有调查，工作人员说你去法院告吧。",
		// The regulator answered "ordered to fix" while nothing changed; asked to inspect.
		"小区电梯一年困人四次，向特种设备监管部门举报两次，都说已督促整改，电梯照旧，请依法检验。",
		// The regulator asked in the request, not the question: still not a consumer dispute.
		"网上买的电饭煲是翻新机，商家拒绝退款。请市场监管部门处理。",
		// The relative is the one hurt, not the other side.
		"我老公在工厂上班被机器压伤了手，老板只给了医药费，后面的工伤待遇一直不管。",
		// The bureau left the owners' application unanswered.
		"小区电梯用了十八年，业主表决同意用维修资金更换，物业公司把申请报到区住建局，到现在五个月没有批复，请尽快审批。",
		// The citizen says whose duty it is: the police's, not a quarrel between neighbours.
		"楼下那家的狗没办证也不拴绳，把我孩子抓伤了，按养犬管理条例应由公安机关处理，不是邻居吵架。",
		// The station's requirement keeps a child's residence transfer from being done.
		"拿着生效的离婚判决给女儿迁户口，派出所非要孩子爸爸到场签字，户口长期无法办理。",
		// Public money owed for public works.
		"社区公园改造工程做完两年了，街道说财政资金没下达，还欠我们八十多万工程款。",
		// An arbitration body past its time limit.
		"仲裁委三月份受理的案子，按规定45日内结案，现在五个月了还没开庭，请督促依法审理。",
		// An office's requirement for a child's passport; the court is only where it sent them.
		"给子女办护照，出入境窗口要法院出证明才能单方办理，法院说不出这种证明，请出入境部门给个能办的要求。",
		// The bureau's reply copied a regulation and ignored the question about a school's refund.
		"区教育局对民办学校撤班退费的回复答非所问，只抄了收费办法，请认真答复学校违约后退费比例谁定。",
		// The police came three times and did nothing about threats over a debt.
		"因为欠款纠纷，对方天天上门砸门威胁，报警三次民警都说是经济纠纷让我们自己协商，未作处理。",
		// Public rental housing: the repairs are the public landlord's.
		"我租的公租房卫生间漏水渗到楼下，报修五次了都说等排期。",
	)
}

func TestClassify(t *testing.T) {
	cases := []struct {
		d                 Doc
		purpose, category string
	}{
		{onlineWages, "申诉求决", "劳动社保"},
		{Doc{Content: "孩子（女儿）申请南山外国语学校学位被拒，积分计算有误。请求教育局重新审核。"}, "申诉求决", "教育"},
		{Doc{Content: "办理人才引进落户时无犯罪记录证明被退回三次，每次理由都不一样。"}, "申诉求决", "户籍与人才引进"},
		{Doc{Content: "举报龙华区某电镀厂夜间偷排废水，河里都是臭味。"}, "检举控告", "生态环境"},
		{Doc{Content: "东门街道人民路夜市的商户长期占用人行道摆摊，行人无法通行。"}, "申诉求决", "城市管理"},
		{Doc{Content: "小区房产证拖了十年还没办下来，开发商说是股东打官司。"}, "申诉求决", "住房与不动产登记"},
		{Doc{Content: "我的服装店因欠租两个月被房东锁门，无法营业，希望街道协调。"}, "申诉求决", "经济与企业服务"},
		{Doc{Content: "本人2003年参军，退役后档案遗失，影响退休和优抚。"}, "申诉求决", "退役军人事务"},
		{Doc{Content: "建议在科技园地铁站出口增设非机动车停放点，方便市民出行。"}, "建议意见", "其他"},
		// wages owed at a building site (工钱, not its dust or noise)
		{Doc{Content: "俺在坂田一个盖楼的工地上干了四个月钢筋，工地到现在还欠着俺们的工钱，俺一个人就是一万九千五。"}, "申诉求决", "劳动社保"},
	}
	for _, c := range cases {
		p, cat := Classify(c.d)
		if p != c.purpose || cat != c.category {
			t.Errorf("%q: got %s/%s, want %s/%s", c.d.Content, p, cat, c.purpose, c.category)
		}
	}
}

func TestNormalisedQuantities(t *testing.T) {
	a := Extract(Doc{Content: "公司拖欠工资四个月，共计4.1万，物业费一年涨了六成，凌晨两点还在施工，我是一九九六年入伍的。"})
	b := Extract(Doc{Content: "公司拖欠工资4个月，共计41,000元，物业费一年涨了6成，凌晨2点还在施工，我是1996年入伍的。"})
	if !reflect.DeepEqual(a.Nums, b.Nums) {
		t.Fatalf("quantities differ:\n%v\n%v", a.Nums, b.Nums)
	}
	want := map[uint8]int64{UnitMonths: 400, UnitMoney: 4100000, UnitTenth: 600, UnitHour: 200, UnitYear: 199600}
	for _, n := range a.Nums {
		if v, ok := want[n.Unit]; ok && v != n.Value {
			t.Errorf("unit %s: %d, want %d", unitName[n.Unit], n.Value, v)
		}
		delete(want, n.Unit)
	}
	if len(want) > 0 {
		t.Errorf("missing quantities %v in %v", want, a.Nums)
	}
	// Decimal amounts survive clause splitting; a number with a dropped digit is near, not different.
	c := Extract(Doc{Content: "总额约15.6元"})
	if len(c.Nums) != 1 || c.Nums[0] != (Num{UnitMoney, 1560}) {
		t.Errorf("decimal amount: %v", c.Nums)
	}
	if !numNear(25000, 250000) || !numNear(7, 27) || numNear(41000, 42000) {
		t.Error("numNear")
	}
}

func TestEntities(t *testing.T) {
	got := entsOf("来访人反映：中海新村的物业深圳市新科物业管理有限公司乱收费。坑梓街道布龙路2772号旁边的工地每天施工。" +
		"孩子申请大鹏第二小学学位被拒。我与对方的纠纷已在罗湖区人民法院判决。主要是无犯罪记录证明的问题。")
	for _, want := range []string{"单位:新科物业管理", "小区/楼宇:中海新村", "街道:坑梓街道", "道路:布龙路", "学校:大鹏第2小学",
		"法院:罗湖区法院", "材料:无犯罪记录证明"} {
		if !got[want] {
			t.Errorf("missing entity %s in %v", want, got)
		}
	}
	// The words before a place end its name; a street office or "that road" is no name.
	names := entsOf("找了街道，又说转街道。我在买莲花街道那套房时走的那条路，从南坪至凤凰大道。")
	for _, bad := range []string{"街道:找了街道", "街道:又说转街道", "道路:那条路", "道路:至凤凰大道", "街道:买莲花街道"} {
		if names[bad] {
			t.Errorf("junk entity %s in %v", bad, names)
		}
	}
	if !names["街道:莲花街道"] || !names["道路:凤凰大道"] {
		t.Errorf("missing 莲花街道 or 凤凰大道 in %v", names)
	}
	// What the writer is (本人系…家长, 我系…业主) and what they do (经营水果店) is no part of a name.
	names = entsOf("本人系桃源实验学校五年级学生家长。我系航悦花园业主。其在南新路经营水果店。")
	for _, want := range []string{"学校:桃源实验学校", "小区/楼宇:航悦花园", "店铺:水果店"} {
		if !names[want] {
			t.Errorf("missing %s in %v", want, names)
		}
	}
	// A court is named by its place or level; the sentence around 法院 is no name, nor is
	// what a company follows in a request (请信访局协调公司).
	names = entsOf("社区说让他找律师或者去法院。是不是只能去法院。请督促法院执行。能否请信访局协调公司先行赔付。我起诉到龙岗法院，深圳市中级人民法院二审。" +
		"测绘公司说按开发商的图纸测，装修公司不退钱。")
	for _, bad := range []string{"法院:找律师或者去法院", "法院:只能去法院", "法院:请督促法院", "法院:督促法院", "单位:能否请信访局协调", "单位:信访局协调",
		"单位:测绘", "单位:装修"} {
		if names[bad] {
			t.Errorf("junk entity %s in %v", bad, names)
		}
	}
	if !names["法院:龙岗法院"] || !names["法院:深圳市法院"] {
		t.Errorf("missing 龙岗法院 or 深圳市法院 in %v", names)
	}
	// Nor the case before a court, the court above or one of two (我老公的案子法院又延期了, 上级法院,
	// 法院或检察院); nor what the writer did about a company (怎么查公司, 问出租车公司, 要换物业公司,
	// 问工厂不给钱) or on a road (施工路, 上学路, 全线未通路, 自己行路).
	names = entsOf("我老公的案子法院又延期了。赔偿案法院还没判。要求上级法院纠正。找过法院或检察院。个人怎么查公司。我去问出租车公司。" +
		"业主要换物业公司。问工厂不给钱怎么办。地铁施工路面。孩子上学路上。全线未通路灯。佢自己行路去。我起诉到宝安区人民法院。深圳市鹏运出租汽车有限公司。")
	for _, bad := range []string{"法院:案子法院", "法院:赔偿案法院", "法院:上级法院", "法院:法院或检察院", "单位:个人怎么查", "单位:怎么查",
		"单位:问出租车", "单位:要换物业", "店铺:问工厂", "道路:地铁施工路", "道路:孩子上学路", "道路:全线未通路", "道路:佢自己行路", "道路:自己行路"} {
		if names[bad] {
			t.Errorf("junk entity %s in %v", bad, names)
		}
	}
	if !names["法院:宝安区法院"] || !names["单位:鹏运出租汽车"] {
		t.Errorf("missing 宝安区法院 or 鹏运出租汽车 in %v", names)
	}
	// Nor the words of a sentence around a school, a document, a shop or an estate (没有回应学校,
	// 10天过去学校, 同事都可以证明, 直接找厂, 附上村委), nor an old estate's kind (碧泉里老旧小区).
	names = entsOf("学校没有回应学校。十天过去学校也不管。同事都可以证明。我直接找厂里。附上村委的说明。碧泉里老旧小区改造。")
	for _, bad := range []string{"学校:没有回应学校", "学校:回应学校", "学校:10天过去学校", "材料:同事都可以证明", "材料:可以证明",
		"店铺:直接找厂", "小区/楼宇:附上村委", "小区/楼宇:泉里老旧"} {
		if names[bad] {
			t.Errorf("junk entity %s in %v", bad, names)
		}
	}
	if !names["小区/楼宇:碧泉里"] {
		t.Errorf("missing 碧泉里 in %v", names)
	}
	if names = entsOf("孩子在龙华希望小学读书。"); !names["学校:龙华希望小学"] {
		t.Errorf("missing 龙华希望小学 in %v", names)
	}
	if names = entsOf("问找劳动监察要带么子材料。需要哪些证明。"); len(names) > 0 {
		t.Errorf("a question's words read as a document: %v", names)
	}
	if names = entsOf("市民认为该公司一直拖着不退押金。"); len(names) > 0 {
		t.Errorf("a citizen's words read as a company: %v", names)
	}
	if compareNames("新科物业管理", "科物业管理") != same || compareNames("和谐餐饮管理", "万达餐饮管理") != differ ||
		compareNames("永利房地产开", "永房地产开发") != unsure {
		t.Error("compareNames")
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	for _, d := range []Doc{onlineWages, letterWages, coworkerWages, {}, {Name: "张三"}, {Name: "伍女士"}} {
		f := Extract(d)
		b := f.Marshal()
		g, err := Unmarshal(b)
		if err != nil {
			t.Fatalf("unmarshal: %v", err)
		}
		if !reflect.DeepEqual(normalizeNil(f), normalizeNil(g)) {
			t.Errorf("round trip differs:\n%+v\n%+v", f, g)
		}
		if len(b) > 600 {
			t.Errorf("features of %d bytes: keep them compact", len(b))
		}
		// JSON works too (the fields are exported and tagged).
		if _, err := json.Marshal(f); err != nil {
			t.Error(err)
		}
		// Truncated or corrupted input is an error, never a panic.
		for i := 0; i < len(b); i++ {
			if _, err := Unmarshal(b[:i]); err == nil {
				t.Errorf("truncated at %d: no error", i)
			}
		}
	}
	if _, err := Unmarshal([]byte{99, 1, 2}); err == nil {
		t.Error("foreign version accepted")
	}
}

func normalizeNil(f *Features) *Features {
	g := *f
	if len(g.Entities) == 0 {
		g.Entities = nil
	}
	if len(g.Nums) == 0 {
		g.Nums = nil
	}
	if len(g.Tags) == 0 {
		g.Tags = nil
	}
	if len(g.Shingles) == 0 {
		g.Shingles = nil
	}
	return &g
}

func TestKeys(t *testing.T) {
	on, le, co := Extract(onlineWages), Extract(letterWages), Extract(coworkerWages)
	for _, f := range []*Features{on, le, co} {
		ks := Keys(f)
		if len(ks) > 24 {
			t.Errorf("%d keys, want ≤ 24", len(ks))
		}
		var names, texts int
		seen := map[uint64]bool{}
		for _, k := range ks {
			if seen[k.Value] {
				t.Errorf("duplicate key %x", k.Value)
			}
			seen[k.Value] = true
			switch k.Kind {
			case KindName, KindVariant:
				names++
			case KindText:
				texts++
			default:
				t.Errorf("kind %q", k.Kind)
			}
		}
		if names == 0 || texts == 0 {
			t.Errorf("name keys %d, text keys %d", names, texts)
		}
		if !reflect.DeepEqual(ks, Keys(f)) {
			t.Error("keys not deterministic")
		}
	}
	shares := func(a, b *Features, kind string) bool {
		in := map[uint64]bool{}
		for _, k := range Keys(a) {
			if k.Kind == kind {
				in[k.Value] = true
			}
		}
		for _, k := range Keys(b) {
			if k.Kind == kind && in[k.Value] {
				return true
			}
		}
		return false
	}
	// The letter finds the online item through a name key, even with another district.
	moved := letterWages
	moved.District = "福田区"
	if !shares(Extract(moved), on, KindName) {
		t.Error("same person's letter shares no name key with the online item")
	}
	// The co-worker's item finds it through a text key (for the group link).
	if !shares(co, on, KindText) {
		t.Error("group petition shares no text key")
	}
	if shares(co, on, KindName) {
		t.Error("different names share a name key")
	}
	// No name, no name keys.
	for _, k := range Keys(Extract(Doc{Content: onlineWages.Content})) {
		if k.Kind == KindName {
			t.Error("name key without a name")
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	done := make(chan bool)
	for i := 0; i < 8; i++ {
		go func() {
			for j := 0; j < 20; j++ {
				a, b := Extract(letterWages), Extract(onlineWages)
				_ = Compare(a, b, Identity{})
				_ = Keys(a)
				_ = shipped.Screen(coworkerWages)
			}
			done <- true
		}()
	}
	for i := 0; i < 8; i++ {
		<-done
	}
}

func BenchmarkExtract(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Extract(letterWages)
	}
}

func BenchmarkCompare(b *testing.B) {
	x, y := Extract(letterWages), Extract(onlineWages)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Compare(x, y, Identity{SamePhone: true})
	}
}

func BenchmarkUnmarshal(b *testing.B) {
	buf := Extract(onlineWages).Marshal()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Unmarshal(buf); err != nil {
			b.Fatal(err)
		}
	}
}

func TestJaccardLongTexts(t *testing.T) {
	// Long letters keep a bottom-k sketch of their shingles; similarity stays meaningful.
	var b strings.Builder
	for i := 0; i < 400; i++ {
		b.WriteRune(rune(0x4e00 + (i*37)%2000))
	}
	long := Extract(Doc{Content: b.String()})
	if len(long.Shingles) != maxShingles {
		t.Fatalf("%d shingles, want the cap %d", len(long.Shingles), maxShingles)
	}
	if s := jaccard(long.Shingles, long.Shingles); s != 1 {
		t.Errorf("identical long texts: %.2f", s)
	}
	other := Extract(Doc{Content: strings.Repeat("完全不同的一封信内容关于别的事情", 30)})
	if s := jaccard(long.Shingles, other.Shingles); s > 0.1 {
		t.Errorf("unrelated long texts: %.2f", s)
	}
}

// Amounts read as people write them: Chinese numerals, the financial forms, the spoken
// shorthand after a magnitude, 万 after digits.
func TestAmountsInWords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"被欠三万二。", "被欠32000."},
		{"欠我三万二千块", "欠我32000块"},
		{"一万八千五", "18500"},
		{"两万一千六百元", "21600元"},
		{"贰万壹仟陆佰元", "21600元"},
		{"三万零二元", "30002元"},
		{"一百二十个人", "120个人"},
		{"一直统一", "一直统一"},
	} {
		if got := string(normalize(tc.in)); got != tc.want {
			t.Errorf("normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// One company named the ways people name it is one organisation.
func TestOrganisationNamedThreeWays(t *testing.T) {
	a := Extract(Doc{Name: "张三", District: "宝安区", Content: "深圳市宏达电子有限公司拖欠我三个月工资，老板跑路了。"})
	b := Extract(Doc{Name: "李四", District: "宝安区", Content: "我在福海街道那个宏达电子厂上班，厂里欠了我们三个月工资。"})
	d := matterEvidence(a, b)
	found := false
	for _, s := range d.shared {
		found = found || strings.Contains(s, "宏达")
	}
	if !found || d.conflict > 0 {
		t.Fatalf("shared %v, conflicts %v", d.shared, d.conflicts)
	}
	// One trade named inside the other: one company named shorter; two trades: two companies.
	for _, c := range []struct {
		x, y string
		same bool
	}{
		{"深圳市宏锐精密五金制品有限公司欠我们工资。", "宏锐五金厂欠我们工资。", true},
		{"和谐贸易有限公司欠我们工资。", "和谐餐饮公司欠我们工资。", false},
	} {
		d := matterEvidence(Extract(Doc{Content: c.x}), Extract(Doc{Content: c.y}))
		if got := d.strongEntities > 0; got != c.same {
			t.Errorf("%s / %s: one company %v, want %v (shared %v)", c.x, c.y, got, c.same, d.shared)
		}
	}
}

// A builder, a developer or a drug maker named by brand and trade (鹏坤建设的工地, 华峦置业,
// 瑞坪生物) meets the registered company in its district (the brand key), as an electronics
// factory does; a trade word after an ordinary word (城市建设, 违法建筑) names no brand. (地产,
// 医药, 教育 and 物业 are no trade words here: 房地产, 医药费, 区教育局 and 要求物业 would be.)
func TestBrandsOfMoreTrades(t *testing.T) {
	shares := func(x, y Doc) bool {
		kx := map[uint64]bool{}
		for _, k := range Keys(Extract(x)) {
			kx[k.Value] = true
		}
		for _, k := range Keys(Extract(y)) {
			if k.Kind == KindText && kx[k.Value] {
				return true
			}
		}
		return false
	}
	for _, c := range []struct{ x, y string }{
		{"深圳市鹏坤建设工程有限公司承包的安居房工地拖欠我们钢筋班工资。", "我在秀新那个工地扎钢筋，鹏坤建设的活，欠了三个月工资。"},
		{"华峦置业量的面积少了，阁楼没算。", "深圳市华峦置业有限公司旧改丈量面积不公。"},
		{"瑞坪生物晚上排臭气，熏得人头晕。", "深圳市瑞坪生物医药有限公司夜间排放异味。"},
	} {
		if !shares(Doc{District: "坪山区", Content: c.x}, Doc{District: "坪山区", Content: c.y}) {
			t.Errorf("no key in common: %s / %s", c.x, c.y)
		}
	}
	for _, text := range []string{"城市建设要以人为本，道路修了又挖。", "楼顶的违法建筑没人拆。", "街道建设的篮球场晚上很吵。"} {
		for _, e := range Extract(Doc{Content: text}).Entities {
			if e.Kind == EntBrand {
				t.Errorf("%s: brand %q", text, e.Text)
			}
		}
	}
}

// How long, how often, which month: people tell these as they remember them, so the same
// person's same matter told twice is not kept apart by them; another amount still does.
func TestDescriptiveQuantitiesDoNotVeto(t *testing.T) {
	a := Extract(Doc{Name: "黄志强", Phone: "13501923507", District: "宝安区",
		Content: "我是深圳市宏达电子有限公司的员工，老板联系不上了，厂里三个月工资都没发，我被欠两万一千多，工友两百多个。"})
	b := Extract(Doc{Name: "黄志强", Phone: "13501923507", District: "宝安区",
		Content: "宏达电子厂老板跑路，拖欠我11月至次年1月工资约21000元，干了4年了，前几天已来登记过，问进度。"})
	if r := Compare(b, a, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Fatalf("verdict %v, want merge: %+v", r.Verdict, r)
	}
	c := Extract(Doc{Name: "黄志强", Phone: "13501923507", District: "宝安区",
		Content: "宏达电子厂老板跑路，拖欠我工资约9600元，干了4年了，问进度。"})
	if r := Compare(c, a, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Fatalf("another amount: verdict %v, want no merge: %+v", r.Verdict, r)
	}
}

// The same person (an identifier in common) on the same request, told in other words with
// little text in common, is merged; on another request of the same kind, it is not.
func TestSamePersonSameRequestMerges(t *testing.T) {
	a := Extract(Doc{Name: "梁淑贞", District: "罗湖区", Content: "我有慢性肾病，每个月在医院做透析。今年一月起医院说门诊特定病种备案过期了，要全自费。去医保窗口办续期，说系统问题让等。"})
	b := Extract(Doc{Name: "梁淑贞", District: "罗湖区", Content: "本人七十四岁，尿毒症患者。门特备案续期一直没办好，这两个月透析费全部自己垫付，恳请尽快办理并报销。"})
	if r := Compare(b, a, Identity{SameID: true}); r.Verdict != Merge {
		t.Fatalf("same request: %v %+v", r.Verdict, r)
	}
	c := Extract(Doc{Name: "梁淑贞", District: "罗湖区", Content: "我家楼下的路灯坏了一个多月，晚上出门很危险，请尽快修好。"})
	if r := Compare(c, a, Identity{SameID: true}); r.Verdict == Merge {
		t.Fatalf("another request: %v %+v", r.Verdict, r)
	}
}

// A name one character off (a homophone typed or heard) with the same phone is the same
// person; two-character names are not compared that way (王芳 / 王方 share only a surname).
func TestNameOneCharacterOff(t *testing.T) {
	a, b := Extract(Doc{Name: "雷淑华"}), Extract(Doc{Name: "雷淑花"})
	if p, reasons := personScore(a, b, Identity{SamePhone: true}); p < 0.9 || !strings.Contains(strings.Join(reasons, " "), "姓名相近") {
		t.Fatalf("%.2f %v", p, reasons)
	}
	if p, _ := personScore(Extract(Doc{Name: "王芳"}), Extract(Doc{Name: "王方"}), Identity{SamePhone: true}); p > 0.5 {
		t.Fatalf("two-character names: %.2f", p)
	}
	// Without an identifier: a variant, short of a merge on its own (李秀英 / 李秀兰 are two
	// people as often as one).
	if p, _ := personScore(a, b, Identity{}); p != variantPerson || p >= mergePerson {
		t.Fatalf("near names without an identifier: %.2f", p)
	}
}

// Names of one kind that are garbled, generic or share a brand do not keep two matters
// apart; two brands or two numbers do.
func TestDistinctNames(t *testing.T) {
	for _, c := range []struct {
		kind uint8
		a, b string
		want bool
	}{
		{EntSchool, "划出翰林学校", "翰林实验学校", false},
		{EntSchool, "福田第3中学", "龙华第3中学", true},
		{EntSchool, "福田第3中学", "福田第5中学", true},
		{EntShop, "种校外培训机构", "思教育培训机构", false},
		{EntOrg, "鹏翔塑胶", "锦程五金", true},
		{EntOrg, "家塑胶", "锦程五金", false},
	} {
		if got := distinctNames(c.kind, c.a, c.b); got != c.want {
			t.Errorf("%s / %s: %v, want %v", c.a, c.b, got, c.want)
		}
	}
	f := Extract(Doc{Content: "力健健身跑路了，老板卷款跑路，我办的卡还有两年。"})
	for _, e := range f.Entities {
		if e.Kind == EntRoad {
			t.Errorf("a road in %v", f.Entities)
		}
	}
	g := Extract(Doc{Content: "三个月工资一共两万一千六，老板说年后一起发。"})
	if !slices.Contains(g.Nums, Num{UnitMoney, 2160000}) {
		t.Errorf("一共两万一千六: %v", g.Nums)
	}
}

// Names cut out of a sentence with its words glued on do not contradict the name itself.
func TestPhraseNamesDoNotContradict(t *testing.T) {
	if !tailOf("让奶茶店", "奶茶店") || tailOf("奶茶店", "茶店") || !phraseName("家民宿") || !phraseName("称其子小学") || phraseName("荔香苑") {
		t.Fatal("tailOf / phraseName")
	}
	for _, c := range []struct{ a, b, kind string }{
		// 称其子小学 is a phrase around 小学; 启航实验学校 a name.
		{"王女士来电，称其子小学学位申请积分核算有误，被调剂到很远的学校。", "孩子在启航实验学校读一年级，学位积分核算有误。", "学校"},
		// 反映海景路 / 头角海景路: text glued in front of one road.
		{"沙头角街道居民刘桂香反映海景路垃圾转运站异味扰民。", "沙头角海景路那边的垃圾中转站臭得不得了。", "道路"},
	} {
		d := matterEvidence(Extract(Doc{Content: c.a}), Extract(Doc{Content: c.b}))
		for _, x := range d.conflicts {
			if strings.Contains(x, c.kind) {
				t.Errorf("%s / %s: conflict %s", c.a, c.b, x)
			}
		}
	}
}

// A transcript names the caller by surname and a form of address; with the phone in common
// that is the same person, not a relative.
func TestPoliteNameOnSamePhone(t *testing.T) {
	for _, c := range []struct {
		a, b   string
		polite bool
	}{
		{"伍女士", "伍彩霞", true}, {"苏生", "苏志明", true}, {"欧阳先生", "欧阳明", true},
		{"伍女士", "陈彩霞", false}, {"伍彩霞", "伍志强", false}, {"李生华", "李明", false},
	} {
		fa, fb := Extract(Doc{Name: c.a}), Extract(Doc{Name: c.b})
		p, reasons := personScore(fa, fb, Identity{SamePhone: true})
		if got := p >= samePerson; got != c.polite || politeMatch(fa, fb) != c.polite {
			t.Errorf("%s / %s: p=%.2f %v, want same person %v", c.a, c.b, p, reasons, c.polite)
		}
	}
	// Without an identifier in common a form of address is a variant: short of a merge on its
	// own (see TestNameVariantsWithoutIdentifier).
	if p, _ := personScore(Extract(Doc{Name: "伍女士"}), Extract(Doc{Name: "伍彩霞"}), Identity{}); p != variantPerson || p >= mergePerson {
		t.Errorf("name-only polite match p=%.2f", p)
	}
}

// Features stored before the near-name hashes (codec version 2), before the surname
// (version 3) and before the names in the text (version 4) still decode; an unknown polite
// flag is refused.
func TestDecodesVersion2(t *testing.T) {
	f := Extract(Doc{Name: "王芳", Content: "深圳市宏达电子有限公司拖欠我三个月工资。"})
	b6 := f.Marshal()
	// Version 6 ends with the given name's hash (4 bytes) and the nickname flag; version 5
	// before them with the names in the text (none: a count of 0); version 4 before it with
	// the surname (4 bytes) and the polite flag; version 3 before them with the near-name
	// hashes (none: a count of 0).
	if f.Given == 0 || f.Nick {
		t.Fatalf("王芳 has a given name and is no nickname: %+v", f)
	}
	b5 := append([]byte{5}, b6[1:len(b6)-5]...)
	if b5[len(b5)-1] != 0 || len(f.Named) != 0 {
		t.Fatalf("no names in the text: %+v", f)
	}
	if g, err := Unmarshal(b5); err != nil || g.Given != 0 || g.Surname != f.Surname {
		t.Fatalf("version 5: %v %+v", err, g)
	}
	if g, err := Unmarshal(b6); err != nil || g.Given != f.Given {
		t.Fatalf("version 6: %v %+v", err, g)
	}
	b := append([]byte{4}, b5[1:len(b5)-1]...)
	v3 := append([]byte{3}, b[1:len(b)-5]...)
	if len(f.NameNear) != 0 || v3[len(v3)-1] != 0 || f.Surname == 0 || f.Polite {
		t.Fatalf("a two-character name has no near-name hashes and a surname: %+v", f)
	}
	v2 := append([]byte{2}, v3[1:len(v3)-1]...)
	for _, blob := range [][]byte{v2, v3} {
		g, err := Unmarshal(blob)
		if err != nil || g.Name != f.Name || len(g.Entities) != len(f.Entities) || len(g.Shingles) != len(f.Shingles) || g.Surname != 0 {
			t.Fatalf("version %d: %v %+v", blob[0], err, g)
		}
	}
	if g, err := Unmarshal(b); err != nil || g.Surname != f.Surname {
		t.Fatalf("version 4: %v %+v", err, g)
	}
	named := Extract(Doc{Name: "陈静", Content: "其母亲张秀英的高龄津贴停发了。"})
	if g, err := Unmarshal(named.Marshal()); err != nil || len(g.Named) != 1 || g.Named[0] != NameHash("张秀英") {
		t.Fatalf("version 5: %v %+v", err, g)
	}
	bad := append([]byte(nil), b...)
	bad[len(bad)-1] = 7
	if _, err := Unmarshal(bad); err == nil {
		t.Fatal("polite flag 7 accepted")
	}
	if _, err := Unmarshal(append([]byte{1}, b[1:]...)); err == nil {
		t.Fatal("version 1 accepted")
	}
}

// With the name and the matter's details in common, how often something happened may have
// changed between two tellings (refused twice, then five times), by name alone as with an
// identifier. (A rule that held such pairs for a registrar cost 37.7 points of recall summed
// over 74 labelled files for 0.4 of precision; of the pairs it held, 37 were one matter, 2 not.)
// Another document refused is another matter.
func TestNameAndMatterMergeThoughCountsDiffer(t *testing.T) {
	a := Extract(Doc{Name: "杨华", District: "深汕特别合作区", Content: "我申请人才引进落户，社保缴纳证明被退回五次，每次理由都不一样。请求公安部门给予指导。"})
	b := Extract(Doc{Name: "杨华", District: "深汕特别合作区", Content: "办理落户手续时社保缴纳证明屡次被打回（共2次），希望明确告知所需材料并尽快办理。"})
	if r := Compare(b, a, Identity{}); r.Verdict != Merge {
		t.Fatalf("name only: %v %+v", r.Verdict, r)
	}
	if r := Compare(b, a, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Fatalf("same phone: %v %+v", r.Verdict, r)
	}
	other := Extract(Doc{Name: "杨华", District: "深汕特别合作区", Content: "办理落户手续时无犯罪记录证明屡次被打回（共2次），希望明确告知所需材料并尽快办理。"})
	if r := Compare(other, a, Identity{}); r.Verdict == Merge {
		t.Fatalf("another document: %v %+v", r.Verdict, r)
	}
	// The district given wrongly on one item, the street alike: the place still agrees.
	c := Extract(Doc{Name: "柏建明", District: "龙华区", Street: "观澜街道", Content: "去年借给一起打工的老乡八千元，对方换了厂不还钱，微信也拉黑了。"})
	e := Extract(Doc{Name: "柏建明", District: "龙岗区", Street: "观澜街道", Content: "借给老乡的八千块，他在另一个厂上班，我知道地址，能不能派人去说一下。"})
	if r := Compare(e, c, Identity{}); r.Verdict != Merge {
		t.Fatalf("same street, district wrong: %v %+v", r.Verdict, r)
	}
	e.Street = "龙城街道"
	if r := Compare(e, c, Identity{}); r.Verdict == Merge {
		t.Fatalf("name only in two places: %v %+v", r.Verdict, r)
	}
}

// A short follow-up message and a long letter about one matter share little of the letter's
// wording but most of the message's: the same person, nothing that differs, something in
// common — one case. The same person's other matter of the same kind, told with another
// company, stays apart; so does a namesake's matter in another district.
func TestShortFollowUpJoinsLongLetter(t *testing.T) {
	letter := Extract(Doc{Name: "钟美华", Phone: "13611112222", District: "坪山区", Street: "坑梓街道",
		Content: "尊敬的领导：本人钟美华，家住坑梓街道。去年九月我向区里申请了高龄老人津贴，材料都交齐了，窗口说三个月内发放。现在半年过去了，津贴一分没有到账，打电话问只说在走流程。我母亲八十六岁，靠这点钱买药，请领导帮忙督促尽快发放。"})
	followUp := Extract(Doc{Name: "钟美华", OpenID: "oAbc", District: "坪山区",
		Content: "高龄津贴还是没到账，半年了，到底什么时候发？"})
	if r := Compare(followUp, letter, Identity{}); r.Verdict != Merge {
		t.Fatalf("follow-up by name in the same district: %v %+v", r.Verdict, r)
	}
	if r := Compare(followUp, letter, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Fatalf("follow-up with the same phone: %v %+v", r.Verdict, r)
	}
	namesake := Extract(Doc{Name: "钟美华", District: "宝安区", Content: "高龄津贴还是没到账，半年了，到底什么时候发？"})
	if r := Compare(namesake, letter, Identity{}); r.Verdict == Merge {
		t.Fatalf("a namesake in another district: %v %+v", r.Verdict, r)
	}
	a := Extract(Doc{Name: "钟美华", Phone: "13611112222", District: "坪山区", Content: "深圳市恒达五金制品有限公司拖欠我三个月工资一万五千元，请劳动监察部门处理。"})
	b := Extract(Doc{Name: "钟美华", Phone: "13611112222", District: "坪山区", Content: "深圳市永兴包装材料有限公司拖欠我两个月工资九千元，请劳动监察部门处理。"})
	if r := Compare(b, a, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Fatalf("two employers: %v %+v", r.Verdict, r)
	}
}

// Workers of one factory, each owed their own amount, named three ways: one group petition
// (linked), never one case. Workers of a namesake company in another trade, or of the same
// company in another street, are not linked on their figures alone.
func TestGroupPetitionWithOwnFigures(t *testing.T) {
	first := Extract(Doc{Name: "罗志明", Phone: "13700000001", District: "宝安区", Street: "沙井街道",
		Content: "我是深圳市金穗电子有限公司的员工，厂在沙井街道。老板上月起联系不上，欠我两个月工资一万二千元。"})
	second := Extract(Doc{Name: "覃小梅", Phone: "13700000002", District: "宝安区", Street: "沙井街道",
		Content: "金穗电子厂老板跑路了，欠我们工人工资，我这边八千五，请劳动部门帮我们讨薪。"})
	if r := Compare(second, first, Identity{PhoneConflict: true}); r.Verdict != Link {
		t.Fatalf("one factory, own amounts: %v %+v", r.Verdict, r)
	}
	// Named by brand and trade only, in running text.
	third := Extract(Doc{Name: "韦国强", Phone: "13700000003", District: "宝安区", Street: "沙井街道",
		Content: "我在沙井金穗电子干了三年，老板跑路了，欠我工资一万出头，请劳动部门帮我们讨薪。"})
	for _, old := range []*Features{first, second} {
		if r := Compare(third, old, Identity{PhoneConflict: true}); r.Verdict != Link {
			t.Fatalf("the company by brand and trade only: %v %+v", r.Verdict, r)
		}
	}
	if !sharesKey(Keys(third), Keys(first)) || !sharesKey(Keys(third), Keys(second)) {
		t.Fatal("the company by brand and trade only shares no index key with the others")
	}
	otherTrade := Extract(Doc{Name: "覃小梅", Phone: "13700000002", District: "宝安区", Street: "沙井街道",
		Content: "深圳市金穗餐饮管理有限公司欠我们工人工资，我这边八千五，请劳动部门帮我们讨薪。"})
	if r := Compare(otherTrade, first, Identity{PhoneConflict: true}); r.Verdict == Link || r.Verdict == Merge {
		t.Fatalf("a namesake company in another trade: %v %+v", r.Verdict, r)
	}
	otherStreet := Extract(Doc{Name: "覃小梅", Phone: "13700000002", District: "宝安区", Street: "松岗街道",
		Content: "金穗电子厂老板跑路了，欠我们工人工资，我这边八千五，请劳动部门帮我们讨薪。"})
	if r := Compare(otherStreet, first, Identity{PhoneConflict: true}); r.Verdict == Link || r.Verdict == Merge {
		t.Fatalf("another street, figures only: %v %+v", r.Verdict, r)
	}
}

func sharesKey(a, b []Key) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y && x.Kind == KindText {
				return true
			}
		}
	}
	return false
}

// A comma separates thousands only before exactly three digits: "欠我14000，两个月了" is 14000元
// and 2个月, not 140002个月; "共计10,000元" is ten thousand.
func TestCommaBetweenNumbers(t *testing.T) {
	f := Extract(Doc{Content: "平湖顺通达物流欠我14000，两个月了，老板说等客户回款"})
	want := map[string]bool{"14000元": false, "2个月": false}
	for _, n := range f.Nums {
		if _, ok := want[formatNum(n)]; ok {
			want[formatNum(n)] = true
		}
	}
	for k, ok := range want {
		if !ok {
			t.Errorf("%s not found in %v", k, f.Nums)
		}
	}
	g := Extract(Doc{Content: "公司已经拖欠工资四个月,共计10,000元,老板一直推脱不给"})
	found := false
	for _, n := range g.Nums {
		found = found || formatNum(n) == "10000元"
	}
	if !found {
		t.Errorf("10,000元 not read as 10000元: %v", g.Nums)
	}
}

// A writer who says it is another matter is believed unless a specific detail joins them; one
// person's wage claims told from two streets are two matters unless a detail says otherwise.
func TestAnotherMatterStaysApart(t *testing.T) {
	a := Extract(Doc{Name: "欧阳明", Phone: "13600000011", District: "福田区", Street: "沙头街道",
		Content: "我们楼顶有人加建了两层铁皮房，向城管举报三次都说已处理，实际还在建。"})
	b := Extract(Doc{Name: "欧阳明", Phone: "13600000011", District: "福田区", Street: "沙头街道",
		Content: "另外反映一个问题：隔壁那栋楼顶也在加建，跟我们楼那件不是同一件事，也请城管处理。"})
	if r := Compare(b, a, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Fatalf("said to be another matter: %v %+v", r.Verdict, r)
	}
	// Said with a numeral, which the text normalisation turns into a digit.
	e := Extract(Doc{Name: "欧阳明", Phone: "13600000011", District: "福田区", Street: "沙头街道",
		Content: "后面那栋楼顶也有人在加建铁皮房，跟我们楼是两回事，请城管一起处理。"})
	if r := Compare(e, a, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Fatalf("两回事: %v %+v", r.Verdict, r)
	}
	// As registrars record it (本次为另一事项, 已另行反映).
	for _, text := range []string{"来电人称楼顶铁皮房还在，请城管查处。来电人另有漏水问题已另行反映。", "来访人再次反映楼顶加建，本次为另一事项。"} {
		f := Extract(Doc{Name: "欧阳明", Phone: "13600000011", District: "福田区", Street: "沙头街道", Content: text})
		if !hasTagGroup(f, TagApart) {
			t.Errorf("%s: not read as another matter", text)
		}
	}
	c := Extract(Doc{Name: "欧阳明", Phone: "13600000011", District: "龙岗区", Street: "坪地街道",
		Content: "坪地一个住宅工地的班组长拖欠我工资，人已经找不到了，请求总包单位先行垫付。"})
	d := Extract(Doc{Name: "欧阳明", Phone: "13600000011", District: "龙岗区", Street: "横岗街道",
		Content: "我在横岗一家装饰公司做油漆，老板欠我工钱一直拖着不给。"})
	if r := Compare(d, c, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Fatalf("two streets, nothing specific in common: %v %+v", r.Verdict, r)
	}
}

// A follow-up that says it is one ("上次反映的…还是没") shares almost no wording with the
// first item; proven the same person by an identifier (or by name from the same street) and
// with nothing that tells the two apart, it joins that matter. By name from elsewhere, against
// an item the writer set apart,
// or against a matter that differs in a detail (another company), it does not.
func TestFollowUpThatSaysSoJoinsByIdentifier(t *testing.T) {
	first := Extract(Doc{Name: "余晓红", Phone: "13838434833", District: "龙岗区", Street: "吉华街道",
		Content: "反映吉华街道执法队员暂扣其摊点物品未出具清单，且态度粗暴，要求退还物品并调查执法人员。"})
	back := Extract(Doc{Name: "余晓红", Phone: "13838434833", District: "龙岗区", Street: "吉华街道",
		Content: "水果摊被收的事，上次来访后还是没退东西，队员也没人道歉。"})
	if r := Compare(back, first, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Fatalf("follow-up by phone: %v %+v", r.Verdict, r)
	}
	plain := Extract(Doc{Name: "余晓红", Phone: "13838434833", District: "龙岗区", Street: "吉华街道",
		Content: "水果摊被收了，东西没退，队员也没人道歉。"})
	if r := Compare(plain, first, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Fatalf("the same words without referring back decide as before (no merge on so little): %v %+v", r.Verdict, r)
	}
	if r := Compare(back, first, Identity{}); r.Verdict != Merge {
		t.Fatalf("by name from the same street: %v %+v", r.Verdict, r)
	}
	elsewhere := *back
	elsewhere.Street = "布吉街道"
	if r := Compare(&elsewhere, first, Identity{}); r.Verdict == Merge {
		t.Fatalf("by name from another street: %v %+v", r.Verdict, r)
	}
	apart := Extract(Doc{Name: "余晓红", Phone: "13838434833", District: "龙岗区",
		Content: "另外反映一个问题：我母亲的高龄津贴三个月没发了。"})
	if r := Compare(back, apart, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Fatalf("against an item set apart by its writer: %v %+v", r.Verdict, r)
	}
	wages := Extract(Doc{Name: "余晓红", Phone: "13838434833", District: "龙岗区",
		Content: "深圳市恒达五金制品有限公司拖欠我三个月工资一万五千元。"})
	other := Extract(Doc{Name: "余晓红", Phone: "13838434833", District: "龙岗区",
		Content: "再次反映永兴包装材料有限公司拖欠工资的事，九千元至今未付。"})
	if r := Compare(other, wages, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Fatalf("a follow-up of another company's wages: %v %+v", r.Verdict, r)
	}
}

// Words of the sentence before a place's name are not part of it: "电话反映翠竹路" names 翠竹路,
// "今天街道打电话" names no street.
func TestSentenceWordsEndPlaceNames(t *testing.T) {
	f := Extract(Doc{Content: "来电人电话反映翠竹路工地夜间施工，今天街道打电话说已经处理。"})
	var got []string
	for _, e := range f.Entities {
		got = append(got, entKindName[e.Kind]+":"+e.Text)
	}
	if !slices.Contains(got, "道路:翠竹路") || slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "街道:") }) {
		t.Fatalf("entities %v", got)
	}
}

// A street is one of the city's: "系龙城街道" names 龙城街道 and "来信后街道" names none. A place
// in front of an estate's or a company's name is not part of it ("坪山锦绣华庭", "龙田恒昌厂"),
// unless nothing of the name would be left (南山花园) or it numbers a school (大鹏第2小学).
func TestPlacesInNames(t *testing.T) {
	ents := func(content string) []string {
		var out []string
		for _, e := range Extract(Doc{Content: content}).Entities {
			out = append(out, entKindName[e.Kind]+":"+e.Text)
		}
		return out
	}
	for content, want := range map[string][]string{
		"本人系龙城街道御景湾花园业主。":  {"小区/楼宇:御景湾花园", "街道:龙城街道"},
		"前次来信后街道打过一次电话。":   nil,
		"我在坪山锦绣华庭二期做水电。":   {"小区/楼宇:锦绣华庭"},
		"龙田恒昌厂搬去惠州，不给补偿。":  {"单位:恒昌"},
		"我家住南山花园。":         {"小区/楼宇:南山花园"},
		"孩子在大鹏第二小学读书。":     {"学校:大鹏第2小学"},
		"孩子被派到离家十公里外学校。":   nil,
		"新安街道一家普惠性幼儿园乱收费。": {"街道:新安街道"},
		"我们悦澜府一百多户业主办不了证。": {"小区/楼宇:悦澜府"},
		"经过坂田锦澜花府的工地。":     {"小区/楼宇:锦澜花府"},
		"请区人民政府督促。":        nil,
		"孩子在龙华中心小学读三年级。":   {"学校:龙华中心小学"},
		"招商蛇口有限公司的项目。":     {"单位:招商蛇口"},
		"光明乳业有限公司的项目。":     {"单位:光明乳业"},
	} {
		if got := ents(content); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", content, got, want)
		}
	}
	// Workers of one factory, one naming it with its place and kind word, the other by its
	// registered name: one group petition.
	a := Extract(Doc{Name: "李秀英", District: "坪山区", Street: "龙田街道", Content: "龙田恒昌厂要搬去惠州，不给补偿，逼我们自离，我做了七年。"})
	b := Extract(Doc{Name: "卢小红", District: "坪山区", Street: "龙田街道", Content: "我是深圳市恒昌电子科技有限公司员工，公司要整体搬迁到惠州，不给经济补偿，逼员工自离。"})
	shared := false
	bk := map[uint64]bool{}
	for _, k := range Keys(b) {
		bk[k.Value] = true
	}
	for _, k := range Keys(a) {
		shared = shared || bk[k.Value]
	}
	if !shared {
		t.Fatal("the factory named two ways shares no index key")
	}
}

// A name heard differently (刘贵英 / 刘桂英) or said politely (王女士 / 王秀梅), with no identifier
// in common: the items meet through the index, and a follow-up that refers back from the same
// street joins; without the reference the most is a registrar's review — a worker of the same
// factory with the same surname is another person on the same matter.
func TestNameVariantsWithoutIdentifier(t *testing.T) {
	letter := Extract(Doc{Name: "刘桂英", District: "罗湖区", Street: "东门街道", Department: "罗湖区民政局",
		Content: "我叫刘桂英，今年八十一岁，住东门街道。我每个月有二百元的高龄津贴，从今年一月起就没有发了，社区说在核查。请领导帮忙问问。"})
	back := Extract(Doc{Name: "刘贵英", District: "罗湖区", Street: "东门街道", Department: "罗湖区民政局",
		Content: "上月我写过一封信，说我高龄补贴没有发的事，到现在还没有消息。"})
	if !sharesAnyKey(back, letter, "刘志强") { // the masked-name key, not the surname's
		t.Fatal("刘贵英 / 刘桂英: no key in common")
	}
	if r := Compare(back, letter, Identity{}); r.Verdict != Merge {
		t.Fatalf("a follow-up under a name heard differently: %v %+v", r.Verdict, r)
	}
	plain := Extract(Doc{Name: "刘贵英", District: "罗湖区", Street: "东门街道", Department: "罗湖区民政局",
		Content: "我的高龄津贴从一月起没有发，社区说在核查，请帮忙。"})
	if r := Compare(plain, letter, Identity{}); r.Verdict == Merge {
		t.Fatalf("no reference back: %v %+v", r.Verdict, r)
	}
	full := Extract(Doc{Name: "王秀梅", Phone: "13700000001", District: "坪山区", Street: "龙田街道",
		Content: "我是深圳市恒昌电子科技有限公司员工，公司拖欠我两个月工资一万二千元，老板联系不上。"})
	polite := Extract(Doc{Name: "王女士", Phone: "13700000002", District: "坪山区", Street: "龙田街道",
		Content: "王女士来电，称恒昌电子拖欠她两个月工资一万二千元，老板联系不上。"})
	if !sharesAnyKey(polite, full, "郑志强") || !sharesAnyKey(full, polite, "郑志强") {
		t.Fatal("王女士 / 王秀梅: no key in common, one way or the other")
	}
	// …but a full name does not look up every other full name of its surname in the street.
	other := Extract(Doc{Name: "王建国", Phone: "13700000003", District: "坪山区", Street: "龙田街道", Content: "我家楼下的路灯坏了。"})
	if sharesAnyKey(other, full, "郑志强") {
		t.Fatal("王建国 finds 王秀梅 by the surname")
	}
	if r := Compare(polite, full, Identity{PhoneConflict: true}); r.Verdict == Merge {
		t.Fatalf("a polite name on another phone, no reference back: %v %+v", r.Verdict, r)
	}
}

// sharesAnyKey reports whether a and b share an index key that a would not share with b under
// the name unrelated instead: the key the names themselves give (a company's brand does not
// count).
func sharesAnyKey(a, b *Features, unrelated string) bool {
	other := *a
	other.Name, other.NameNear = NameHash(unrelated), NameNear(unrelated)
	other.Surname, other.Polite = surnameHash(unrelated)
	ok := map[uint64]bool{}
	for _, v := range lookedUp(&other, b) {
		ok[v] = true
	}
	for _, v := range lookedUp(a, b) {
		if !ok[v] {
			return true
		}
	}
	return false
}

// lookedUp returns the keys through which new finds old as the store does: new's keys it looks
// up among old's keys it is filed under.
func lookedUp(newItem, old *Features) []uint64 {
	filed := map[uint64]bool{}
	for _, k := range Keys(old) {
		if !k.LookupOnly {
			filed[k.Value] = true
		}
	}
	var out []uint64
	for _, k := range Keys(newItem) {
		if !k.StoreOnly && filed[k.Value] {
			out = append(out, k.Value)
		}
	}
	return out
}

// Prices are said "1块5" (one and a half yuan), but "4800块一个学期" is 4800; a near name
// with another surname (孙丽萍 / 许丽萍) is another family, not a variant.
func TestPricesAndSurnames(t *testing.T) {
	money := func(content string) []string {
		var out []string
		for _, n := range Extract(Doc{Content: content}).Nums {
			if n.Unit == UnitMoney {
				out = append(out, formatNum(n))
			}
		}
		return out
	}
	if got := money("城中村公寓电费收1块5一度的事"); !reflect.DeepEqual(got, []string{"1.5元"}) {
		t.Errorf("1块5: %v", got)
	}
	if got := money("研学费4800块一个学期"); !reflect.DeepEqual(got, []string{"4800元"}) {
		t.Errorf("4800块一个学期: %v", got)
	}
	if p, _ := personScore(Extract(Doc{Name: "孙丽萍"}), Extract(Doc{Name: "许丽萍"}), Identity{}); p >= reviewPerson {
		t.Errorf("孙丽萍 / 许丽萍 without an identifier: %.2f", p)
	}
}

// Referring back is no licence to join any earlier matter of the writer's: a follow-up of
// another kind with nothing in common stays apart.
func TestReferringBackNeedsTheSameMatter(t *testing.T) {
	wages := Extract(Doc{Name: "余晓红", Phone: "13838434833", District: "龙岗区", Street: "吉华街道",
		Content: "深圳市恒达五金制品有限公司拖欠我三个月工资一万五千元，请劳动监察部门处理。"})
	for _, c := range []string{
		"再次反映：孩子的户口迁入一直办不下来，派出所说材料不全。",
		"楼下装修噪音很大，再次反映，依然没人管。",
	} {
		f := Extract(Doc{Name: "余晓红", Phone: "13838434833", District: "龙岗区", Street: "吉华街道", Content: c})
		if r := Compare(f, wages, Identity{SamePhone: true}); r.Verdict == Merge {
			t.Errorf("%s: %v %+v", c, r.Verdict, r)
		}
	}
}

// A case's other items re-weigh the person (another phone there), but a follow-up that refers
// back stays joined; and a name variant on another phone is never merged by two agreeing items.
func TestCaseReweighingKeepsFollowUps(t *testing.T) {
	letter := Extract(Doc{Name: "刘桂英", District: "罗湖区", Street: "东门街道", Department: "罗湖区民政局",
		Content: "我叫刘桂英，今年八十一岁，住东门街道。我每个月有二百元的高龄津贴，从今年一月起就没有发了，社区说在核查。"})
	back := Extract(Doc{Name: "刘桂英", Phone: "13900000001", District: "罗湖区", Street: "东门街道",
		Content: "上月我写过一封信，说我高龄补贴没有发的事，到现在还没有消息。"})
	r := Compare(back, letter, Identity{})
	other := Compare(back, letter, Identity{PhoneConflict: true})
	other.Verdict = None
	if got := CompareCase([]Result{r, other}); got.Verdict != Merge {
		t.Fatalf("follow-up re-weighed in its case: %v %+v", got.Verdict, got)
	}
	variant := Extract(Doc{Name: "刘贵英", Phone: "13900000002", District: "罗湖区", Street: "东门街道", Department: "罗湖区民政局",
		Content: "我的高龄津贴从今年一月起就没有发了，社区说在核查，我八十一岁了，住东门街道。"})
	a := Compare(variant, letter, Identity{PhoneConflict: true})
	if !a.variant || a.Verdict == Merge {
		t.Fatalf("variant on another phone: %v %+v", a.Verdict, a)
	}
	if got := CompareCase([]Result{a, a}); got.Verdict == Merge {
		t.Fatalf("two agreeing items made a variant a merge: %+v", got)
	}
}

// One school named with more or fewer kind words is one school; two levels of one name are two.
func TestSchoolNames(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"景秀实验学校", "景秀学校", true}, {"景秀实验", "景秀实验学校", true},
		{"育才小学", "育才中学", false}, {"第3中学", "第5中学", false},
	} {
		if got := sameSchool(c.a, c.b); got != c.same {
			t.Errorf("%s / %s: %v", c.a, c.b, got)
		}
	}
}

// The matcher knows exactly the districts and streets routing.yaml offers.
func TestStreetsAreRoutings(t *testing.T) {
	b, err := os.ReadFile("../../../configs/routing.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Districts map[string][]string `yaml:"districts"`
	}
	if err := yaml.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(districtStreets, r.Districts) {
		t.Fatalf("places.go and routing.yaml differ:\nmatcher %v\nrouting %v", districtStreets, r.Districts)
	}
}

// A letter in traditional characters is the same letter as one in simplified: the name, the
// office and the details compare, and the same wording screens it.
func TestTraditionalCharactersFold(t *testing.T) {
	hant := Doc{Name: "黃麗華", District: "罗湖区", Street: "东门街道",
		Content: "來信人黃麗華反映：本人在東門步行街擺賣鞋墊，被東門街道執法隊暫扣三輪車及貨物，未開具暫扣清單。請求歸還財物。"}
	hans := Doc{Name: "黄丽华", Phone: "13700001111", District: "罗湖区", Street: "东门街道",
		Content: "黄丽华反映：她在东门步行街摆卖鞋垫，东门街道执法队暂扣了她的三轮车和货物，没有开暂扣清单，要求归还。"}
	hant.Street, hant.Department = "東門街道", "羅湖區城市管理和綜合執法局"
	hans.Department = "罗湖区城市管理和综合执法局"
	a, b := Extract(hant), Extract(hans)
	if a.Name != b.Name {
		t.Errorf("黃麗華 and 黄丽华 hash apart")
	}
	if a.Street != b.Street || a.Dept != b.Dept {
		t.Errorf("the form's street or department in traditional characters: %q/%q %v/%v", a.Street, b.Street, a.Dept, b.Dept)
	}
	if got := string(normalize("欠款參萬元未還。")); got != "欠款30000元未还." {
		t.Errorf("參萬元 (the financial numeral): %s", got)
	}
	if r := Compare(a, b, Identity{}); r.Verdict != Merge {
		t.Errorf("verdict %v, want merge: %+v", r.Verdict, r)
	}
	s := shipped.Screen(Doc{Content: "樓上鄰居家衛生間漏水，滲到我家天花板，跟鄰居說了幾次都不修，要求鄰居維修並賠償。"})
	if !s.NonPetition || s.Kind != "neighbour" {
		t.Errorf("a neighbour's leak in traditional characters: %+v", s)
	}
}

// A polite form or a name heard differently, with nothing that says it is another person, on a
// matter that agrees in two specific details and everything else told: the same letter again.
// One detail alone (the company) is not enough, nor is another phone.
func TestVariantNameOnTheSameDetails(t *testing.T) {
	full := Extract(Doc{Name: "王秀梅", Phone: "13700000001", District: "坪山区", Street: "龙田街道",
		Content: "我是深圳市恒昌电子科技有限公司员工，公司拖欠我两个月工资一万二千元，老板联系不上。"})
	letter := Extract(Doc{Name: "王女士", District: "坪山区", Street: "龙田街道",
		Content: "王女士来信，称恒昌电子拖欠她两个月工资一万二千元，老板联系不上。"})
	if r := Compare(letter, full, Identity{}); r.Verdict != Merge {
		t.Errorf("the same details under a polite name: %v %+v", r.Verdict, r)
	}
	if r := Compare(letter, full, Identity{PhoneConflict: true}); r.Verdict == Merge {
		t.Errorf("…on another phone: %v %+v", r.Verdict, r)
	}
	other := Extract(Doc{Name: "王女士", District: "坪山区", Street: "龙田街道",
		Content: "王女士来信，称恒昌电子去年没有给她交社保，要求补缴。"})
	if r := Compare(other, full, Identity{}); r.Verdict == Merge {
		t.Errorf("only the company in common: %v %+v", r.Verdict, r)
	}
}

// …but not a name one character off (brothers are named so), nor members of a group who tell
// the same company and the same total (the review's cases).
func TestVariantNameMergeSparesGroupsAndBrothers(t *testing.T) {
	group := "我们宏达五金厂32名工人被拖欠三个月工资共计48万元，老板跑了，请求劳动部门追讨。"
	full := Extract(Doc{Name: "陈志强", Phone: "13700000011", District: "宝安区", Street: "福永街道", Content: "陈志强反映：" + group})
	polite := Extract(Doc{Name: "陈先生", District: "宝安区", Street: "福永街道", Content: "陈先生来信：" + group})
	if r := Compare(polite, full, Identity{}); r.Verdict == Merge {
		t.Errorf("a group member under a polite name: %v %+v", r.Verdict, r)
	}
	brother := Extract(Doc{Name: "陈志刚", District: "宝安区", Street: "福永街道", Content: "陈志刚反映：" + group})
	if r := Compare(brother, full, Identity{}); r.Verdict == Merge {
		t.Errorf("a name one character off: %v %+v", r.Verdict, r)
	}
}

// A polite form from the same street telling the same kind of matter again in other words,
// with nothing in it that differs: the citizen's follow-up. Not from another street, not on
// another phone, not for a group, not about another kind of matter.
func TestPoliteFormFollowUpInOtherWords(t *testing.T) {
	full := Extract(Doc{Name: "李娟", Phone: "13700000021", District: "宝安区", Street: "新安街道",
		Content: "孩子读的幼儿园课后托管每学期收1500元，老师在家长群里说不报名的孩子放学只能在门口等，这不是变相强制收费吗？请教育局查一下。"})
	call := Doc{Name: "李女士", District: "宝安区", Street: "新安街道",
		Content: "来电人反映其孩子所在幼儿园课后托管变相强制报名，收费标准不公开，要求教育部门核查。"}
	if r := Compare(Extract(call), full, Identity{}); r.Verdict != Merge || !slices.Contains(r.Reasons, politeSameKind) {
		t.Errorf("the follow-up under a polite name: %v %+v", r.Verdict, r)
	}
	if r := Compare(Extract(call), full, Identity{PhoneConflict: true}); r.Verdict == Merge {
		t.Errorf("…on another phone: %v %+v", r.Verdict, r)
	}
	elsewhere := call
	elsewhere.Street = "西乡街道"
	if r := Compare(Extract(elsewhere), full, Identity{}); r.Verdict == Merge {
		t.Errorf("…from another street: %v %+v", r.Verdict, r)
	}
	group := call
	group.Content = "来电人反映我们几个家长的孩子所在幼儿园课后托管变相强制报名，收费标准不公开，要求教育部门核查。"
	if r := Compare(Extract(group), full, Identity{}); r.Verdict == Merge {
		t.Errorf("…for a group of parents: %v %+v", r.Verdict, r)
	}
	other := call
	other.Content = "来电人反映楼上邻居装修每天早上七点开始打电钻，物业不管，要求有人出面处理。"
	if r := Compare(Extract(other), full, Identity{}); r.Verdict == Merge {
		t.Errorf("…about another kind of matter: %v %+v", r.Verdict, r)
	}
}

// The same name from the same street, the matter retold in other words with nothing in it that
// differs (the classifier's unsure reading of two kinds aside): the follow-up. Not from another
// street, not when the item says it is another matter; how often it happened may differ.
func TestNamedFollowUpInOtherWords(t *testing.T) {
	first := Extract(Doc{Name: "赵秀英", District: "南山区", Street: "桃源街道",
		Content: "我七十二岁，随儿子来深圳住，去社区办居住证，工作站说我没有劳动合同也没有房产不给办，没有居住证办不了长者卡。"})
	later := Doc{Name: "赵秀英", District: "南山区", Street: "桃源街道",
		Content: "社区工作站还要我儿子单位开证明才给办居住证，我儿子是自由职业没有单位，怎么办？"}
	if r := Compare(Extract(later), first, Identity{}); r.Verdict != Merge || !r.quiet {
		t.Errorf("the follow-up under the same name: %v %+v", r.Verdict, r)
	}
	// By the phone too, from a message that names no place (so no quiet repeat): the
	// classifier's unsure reading of two kinds is set aside.
	wechat := later
	wechat.Phone, wechat.District, wechat.Street = "13700000042", "", ""
	firstByPhone := Extract(Doc{Name: "赵秀英", Phone: "13700000042", District: "南山区", Street: "桃源街道",
		Content: "我七十二岁，随儿子来深圳住，去社区办居住证，工作站说我没有劳动合同也没有房产不给办，没有居住证办不了长者卡。"})
	if r := Compare(Extract(wechat), firstByPhone, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Errorf("…by the phone, from nowhere: %v %+v", r.Verdict, r)
	}
	// Another phone on each side: the classifier's two kinds are no longer set aside.
	phoned := later
	phoned.Phone = "13700000042"
	firstPhoned := Extract(Doc{Name: "赵秀英", Phone: "13900000043", District: "南山区", Street: "桃源街道",
		Content: "我七十二岁，随儿子来深圳住，去社区办居住证，工作站说我没有劳动合同也没有房产不给办，没有居住证办不了长者卡。"})
	if r := Compare(Extract(phoned), firstPhoned, Identity{PhoneConflict: true}); r.Verdict == Merge {
		t.Errorf("…with another phone: %v %+v", r.Verdict, r)
	}
	elsewhere := later
	elsewhere.Street = "西丽街道"
	if r := Compare(Extract(elsewhere), first, Identity{}); r.Verdict == Merge {
		t.Errorf("…from another street: %v %+v", r.Verdict, r)
	}
	apart := later
	for _, say := range []string{"另外反映一个事：", "养老金的事另有反映，此次只反映居住证："} {
		apart.Content = say + later.Content
		if r := Compare(Extract(apart), first, Identity{}); r.Verdict == Merge {
			t.Errorf("…saying it is another matter (%s): %v %+v", say, r.Verdict, r)
		}
	}

	twice := Extract(Doc{Name: "杨华", District: "坪山区", Street: "坑梓街道",
		Content: "申请人才引进落户，社保缴纳证明被公安窗口退回2次，每次说法都不一样，请给个明确的材料清单。"})
	five := Doc{Name: "杨华", District: "坪山区", Street: "坑梓街道",
		Content: "我办落户，材料被退回5次了，窗口每次说的都不一样，希望一次性告知需要什么。"}
	if r := Compare(Extract(five), twice, Identity{}); r.Verdict != Merge {
		t.Errorf("by name alone, twice and five times: %v %+v", r.Verdict, r)
	}
	if r := Compare(Extract(five), twice, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Errorf("…on one phone: %v %+v", r.Verdict, r)
	}
}

// The quiet repeats' limits (review): namesakes on two phones are two people; a polite form
// must not be taken on easier terms than the full name (how often differs); an earlier item
// that said it was another matter is not what a later one follows up; and when another item
// of the case says it is another person, the merge and its reason both go.
func TestQuietRepeatLimits(t *testing.T) {
	first := Extract(Doc{Name: "赵秀英", Phone: "13700000041", District: "南山区", Street: "桃源街道",
		Content: "我七十二岁，随儿子来深圳住，去社区办居住证，工作站说我没有劳动合同也没有房产不给办，没有居住证办不了长者卡。"})
	later := Doc{Name: "赵秀英", District: "南山区", Street: "桃源街道",
		Content: "社区工作站还要我儿子单位开证明才给办居住证，我儿子是自由职业没有单位，怎么办？"}
	if r := Compare(Extract(later), first, Identity{PhoneConflict: true}); r.Verdict == Merge {
		t.Errorf("the same name on another phone: %v %+v", r.Verdict, r)
	}
	apartFirst := Extract(Doc{Name: "赵秀英", District: "南山区", Street: "桃源街道", Content: "另外反映一个事：" + "去社区办居住证，工作站说我没有劳动合同也没有房产不给办，没有居住证办不了长者卡。"})
	if r := Compare(Extract(later), apartFirst, Identity{}); r.Verdict == Merge {
		t.Errorf("following up an item that said it was another matter: %v %+v", r.Verdict, r)
	}

	twice := Extract(Doc{Name: "杨华", District: "坪山区", Street: "坑梓街道",
		Content: "申请人才引进落户，社保缴纳证明被公安窗口退回2次，每次说法都不一样，请给个明确的材料清单。"})
	polite := Extract(Doc{Name: "杨先生", District: "坪山区", Street: "坑梓街道",
		Content: "来电人反映其办理人才引进落户，社保缴纳证明被退回5次，每次说法都不一样，请求明确材料清单。"})
	if r := Compare(polite, twice, Identity{}); r.Verdict == Merge {
		t.Errorf("a polite form where how often differs: %v %+v", r.Verdict, r)
	}

	// A case of two items: the follow-up matches the first quietly, but the case's other item
	// carries another phone than the follow-up's.
	fu := Extract(Doc{Name: "赵秀英", Phone: "13700000042", District: "南山区", Street: "桃源街道", Content: later.Content})
	noPhone := Extract(Doc{Name: "赵秀英", District: "南山区", Street: "桃源街道",
		Content: "我七十二岁，随儿子来深圳住，去社区办居住证，工作站说我没有劳动合同也没有房产不给办，没有居住证办不了长者卡。"})
	quiet := Compare(fu, noPhone, Identity{})
	if quiet.Verdict != Merge || !quiet.quiet {
		t.Fatalf("setup: the follow-up alone: %v %+v", quiet.Verdict, quiet)
	}
	r := CompareCase([]Result{quiet, Compare(fu, first, Identity{PhoneConflict: true})})
	if r.Verdict == Merge || slices.Contains(r.Reasons, sameKindRepeat) {
		t.Errorf("another phone in the case: %v, reasons %v", r.Verdict, r.Reasons)
	}
}

// Words cut out of the sentence are no names and tell nothing apart (a follow-up's "这种公司"
// against the letter's 宇辰包装公司); real names are still names.
func TestPhraseNames(t *testing.T) {
	for _, s := range []string{"这种", "他们小", "要等", "某城中村", "但", "小孩过马", "出租车绕", "上次派遣", "之后", "依法责令股份", "目前", "劳动监察约谈后"} {
		if !phraseName(s) {
			t.Errorf("%s read as a name", s)
		}
	}
	for _, s := range []string{"宇辰包装", "顺发建筑劳务", "新科物业管理", "鹏城泰置业", "恒丰装饰工程", "锦绣澜庭", "民悦", "固戍二"} {
		if phraseName(s) {
			t.Errorf("%s read as a phrase", s)
		}
	}
}

func entsOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, e := range Extract(Doc{Content: s}).Entities {
		m[entKindName[e.Kind]+":"+e.Text] = true
	}
	return m
}

func hasYear(s string, y int64) bool {
	for _, n := range Extract(Doc{Content: s}).Nums {
		if n.Unit == UnitYear && n.Value == y*100 {
			return true
		}
	}
	return false
}

func phoneReasons(a, b string) string {
	r := Compare(Extract(Doc{Content: a}), Extract(Doc{Content: b}), Identity{SamePhone: true})
	return fmt.Sprintf("%v %v", r.Verdict, r.Reasons)
}

// A date at the end of a text is a date of the matter: the year stays (a signature rule
// once took them away, and two matters a year apart merged).
func TestNamesSignOffMatterDate(t *testing.T) {
	for _, c := range []struct {
		s string
		y int64
	}{
		{"老板跑路，拖欠我们三个月工资。事发时间：2025年12月31日", 2025},
		{"宏达电子厂拖欠我三个月工资，一直不给。入职日期2023年3月1日", 2023},
		{"宏达电子厂拖欠我三个月工资。离职2025年6月30日", 2025},
		{"宏达电子厂拖欠工资，2025年12月31日，老板跑路", 2025},
		{"开发商一直不交房。约定交房2024年12月31日", 2024},
		{"2025年12月20日，宏达电子厂老板跑路欠我们工资", 2025}, // two clauses: the opening date is "in the last two"
	} {
		if !hasYear(c.s, c.y) {
			t.Errorf("matter year %d lost: %q", c.y, c.s)
		}
	}
}

func TestNamesSignOffCompare(t *testing.T) {
	a := "宏达电子厂拖欠我三个月工资，老板跑路了。事发时间：2024年12月31日"
	b := "宏达电子厂拖欠我三个月工资，老板跑路了。事发时间：2025年12月31日"
	if r := phoneReasons(a, b); !strings.Contains(r, "2024年") {
		t.Errorf("2024 vs 2025 event no longer told apart: %s", r)
	}
	a = "2024年12月20日，宏达电子厂老板跑路欠我们三个月工资"
	b = "2025年12月20日，宏达电子厂老板跑路欠我们三个月工资"
	if r := phoneReasons(a, b); !strings.Contains(r, "2024年") {
		t.Errorf("opening dates 2024 vs 2025 no longer told apart: %s", r)
	}
}

// Courts named by any place stay courts…
func TestNamesCourtsDropped(t *testing.T) {
	for _, c := range []struct{ s, want string }{
		{"我在前海法院起诉了公司。", "前海"},
		{"我在老家邵东县人民法院起诉。", "邵东县"},
		{"东莞法院判了我胜诉。", "东莞"},
		{"案件在深圳破产法院审理。", "破产"},
	} {
		found := false
		for k := range entsOf(c.s) {
			if strings.HasPrefix(k, "法院:") && strings.Contains(k, c.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: real court dropped: %v", c.s, entsOf(c.s))
		}
	}
	if r := phoneReasons("我已经在福田法院起诉老板，判了也不执行。", "我已经在前海法院起诉老板，判了也不执行。"); !strings.Contains(r, "法院不同") {
		t.Errorf("福田法院 vs 前海法院 not told apart: %s", r)
	}
}

// …and the sentence around 法院 is no court.
func TestNamesCourtsJunk(t *testing.T) {
	for _, c := range []struct{ s, bad string }{
		{"诉讼中法院冻结了他的账户。", "法院:诉讼中法院"},
		{"社区说法院判了才能处理。", "法院:社区说法院"},
		{"市场监管局说法院判决后再处理。", "法院:市场监管局说法院"},
	} {
		if entsOf(c.s)[c.bad] {
			t.Errorf("%q: junk court %s", c.s, c.bad)
		}
	}
	if r := phoneReasons("我已经在福田法院起诉老板，判了也不执行。", "社区说法院判了才能处理，老板还是不给钱。"); strings.Contains(r, "法院不同") {
		t.Errorf("junk court stands as another court: %s", r)
	}
}

// Names with 因/他/过/破/等/那 are names (基因, 维他奶, 过滤), and a pronoun in front of a
// company (我们鑫宏达电子厂) is cut off, not the name given up.
func TestNamesPhraseRealNames(t *testing.T) {
	for _, s := range []string{"华大基因股份", "维他奶", "宏达过滤设备", "宏达破碎机械", "恒通等离子科技", "荣源那里花园", "过翰林实验学校"} {
		if phraseName(s) {
			t.Errorf("%s read as a phrase", s)
		}
	}
}

func TestNamesPhraseCompare(t *testing.T) {
	other := "深圳市新科物业管理有限公司拖欠我三个月工资，一直不给。"
	for _, s := range []string{
		"深圳华大基因股份有限公司拖欠我三个月工资，一直不给。",
		"维他奶公司拖欠我三个月工资，一直不给。",
		"宏达过滤设备有限公司拖欠我三个月工资，一直不给。",
		"我们鑫宏达电子厂拖欠我三个月工资，一直不给。",
	} {
		r := phoneReasons(s, other)
		if !strings.Contains(r, "单位不同") {
			t.Errorf("%s vs 新科物业: no 'another company': %s", s, r)
		}
	}
}

// A company named by its trade alone (中介公司, 园林绿化有限公司) or an insult (骗子公司) names none.
func TestNamesTrades(t *testing.T) {
	for _, c := range []struct{ s, bad string }{
		{"中介公司不退押金。", "单位:中介"},
		{"保洁公司拖欠工资。", "单位:保洁"},
		{"施工公司拖欠工资。", "单位:施工"},
		{"外包公司拖欠工资。", "单位:外包"},
		{"广告公司拖欠工资。", "单位:广告"},
		{"玩具厂拖欠工资。", "单位:玩具"},
		{"骗子公司不退钱。", "单位:骗子"},
		{"深圳市园林绿化有限公司拖欠工资。", "单位:园林绿化有"},
	} {
		if entsOf(c.s)[c.bad] {
			t.Errorf("%q: junk company %s", c.s, c.bad)
		}
	}
	t.Logf("trade junk compare: %s", phoneReasons("中介公司拖欠我三个月工资，一直不给。", "深圳市新科物业管理有限公司拖欠我三个月工资，一直不给。"))
}

// An amount told in round figures (两万多, 一万八) is the exact amount told again, not another
// one; two amounts told as precisely (4.1万 / 4.2万) still differ. A document's serial
// (深信访交〔2026〕0317号) is not a house number.
func TestRoundAmountsAndDocumentNumbers(t *testing.T) {
	for _, c := range []struct {
		a, b int64
		want bool
	}{
		{23000, 20000, true}, {18600, 18000, true}, {2318, 2300, true}, {14300, 14000, true},
		{41000, 42000, false}, {39000, 42000, false}, {150000, 110000, false}, {800, 750, false}, {9600, 21000, false},
		// the round one is the other cut or rounded at its last digit, and within a seventh
		{19800, 20000, true}, {18000, 20500, false}, {20000, 23900, false}, {10000, 11500, true}, {10000, 12500, false},
	} {
		if got := roughly(c.a*100, c.b*100); got != c.want {
			t.Errorf("roughly(%d, %d) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	old := Extract(Doc{Name: "周丽娟", Phone: "15905652652", District: "龙岗区", Street: "横岗街道",
		Content: "来访人周丽娟反映：其系深圳市宏骏电子科技有限公司（六约北工业区3栋）组装车间拉长，节后厂门紧锁、老板电话关机，拖欠我工资18600元。"})
	again := Extract(Doc{Name: "周丽娟", Phone: "15905652652", District: "龙岗区", Street: "横岗街道",
		Content: "市信访局交办（深信访交〔2026〕0317号）：信访人周丽娟反映，六约宏骏电子厂停产关门，老板失联，欠其工资一万八千多元。"})
	for _, n := range again.Nums {
		if n.Unit == UnitHouseNo {
			t.Errorf("document serial read as a house number: %v", again.Nums)
		}
	}
	if r := Compare(again, old, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Fatalf("verdict %v, want merge: %+v", r.Verdict, r)
	}
	other := Extract(Doc{Name: "周丽娟", Phone: "15905652652", District: "龙岗区", Street: "横岗街道",
		Content: "六约宏骏电子厂停产关门，老板失联，欠其工资九千六百元。"})
	if r := Compare(other, old, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Fatalf("another amount: verdict %v, want no merge: %+v", r.Verdict, r)
	}
}

// A wage claim and its arbitration are one matter told from two sides: the classifier's two
// kinds (劳动社保/涉法涉诉) do not keep a follow-up about the arbitration apart. A lawsuit over
// a loan by the same person stays another matter.
func TestKindsThatAreFacetsOfOneMatter(t *testing.T) {
	claim := Extract(Doc{Name: "邵婷", Phone: "19950734444", District: "福田区", Street: "福田街道",
		Content: "本人因公司违法解除劳动合同于2026年1月向福田区劳动人事争议仲裁委员会申请仲裁，1月20日立案，至今已五个月未开庭。请求人社部门督促仲裁委尽快审理。"})
	again := Extract(Doc{Name: "邵婷", Phone: "19950734444", District: "福田区", Street: "福田街道",
		Content: "来电人邵婷反映：其劳动仲裁案件立案五个多月仍未开庭，多次电话询问仲裁委均称案件多需排队，来电人认为超出法定期限，要求督办。"})
	if r := Compare(again, claim, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Fatalf("arbitration follow-up: verdict %v, want merge: %+v", r.Verdict, r)
	}
	loan := Extract(Doc{Name: "邵婷", Phone: "19950734444", District: "福田区", Street: "福田街道",
		Content: "我借给朋友8万元，法院判决后对方一直不还，申请强制执行半年没有结果，请督促法院执行。"})
	if r := Compare(loan, claim, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Fatalf("a loan's lawsuit: verdict %v, want no merge: %+v", r.Verdict, r)
	}
	if facets(catCity, catEnv) || !facets(catLitigation, catLabour) {
		t.Error("facets")
	}
	// Read as two kinds, the claim and its arbitration still join.
	wages := Extract(Doc{Name: "邵婷", Phone: "19950734444", District: "福田区", Street: "福田街道",
		Content: "公司拖欠我三个月工资共2.4万元，老板说没钱，我已经向区劳动人事争议仲裁委员会申请仲裁。"})
	hearing := Extract(Doc{Name: "邵婷", Phone: "19950734444", District: "福田区", Street: "福田街道",
		Content: "我告公司拖欠三个月工资的仲裁案子立案五个多月了还没开庭，仲裁委说案件多要排队，法院也说要等，请督办。"})
	if wages.Category != catLabour || hearing.Category != catLitigation {
		t.Fatalf("kinds %s / %s, want 劳动社保 / 涉法涉诉", Categories[wages.Category], Categories[hearing.Category])
	}
	if r := Compare(hearing, wages, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Fatalf("the arbitration of the claim: verdict %v, want merge: %+v", r.Verdict, r)
	}
}

// Public housing is told as 公租房, 公共租赁住房, 人才住房 or 配租: one kind and one topic,
// even when the letter gives 户籍 or 社保 as the reason it was refused. An office passing a
// matter back (转回) is not a social-insurance transfer.
func TestPublicHousingWordings(t *testing.T) {
	first := Extract(Doc{Name: "崔海燕", Phone: "18963149980", District: "坪山区", Street: "坪山街道",
		Content: "公共租赁住房轮候，去年我排在1203名，今年反而变成1587名，户籍年限都没变，请住建局解释排序依据。"})
	again := Extract(Doc{Name: "崔海燕", Phone: "18963149980", District: "坪山区", Street: "坪山街道",
		Content: "公租房排名倒退的事情能查一下吗，上次网上反映过了，住建局转给街道，街道又转回住建局。"})
	if first.Category != catHousing || again.Category != catHousing {
		t.Errorf("kinds %s / %s, want 住房与不动产登记", Categories[first.Category], Categories[again.Category])
	}
	if len(topics(first)) == 0 || !slices.Equal(topics(first), topics(again)) {
		t.Errorf("topics %v / %v", topics(first), topics(again))
	}
	if r := Compare(again, first, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Fatalf("verdict %v, want merge: %+v", r.Verdict, r)
	}
}

func topics(f *Features) []uint16 {
	var out []uint16
	for _, t := range f.Tags {
		if uint8(t>>8) == TagTopic {
			out = append(out, t)
		}
	}
	return out
}

// A stench and the sewage it comes from, or the missing contributions and the pension they
// withhold, are one matter's two sides: a follow-up naming the other side still joins. Wages
// and social insurance from one employer stay two matters.
func TestTopicsThatAreFacetsOfOneMatter(t *testing.T) {
	first := Extract(Doc{Name: "程晓峰", Phone: "17694454352", District: "龙华区", Street: "民治街道",
		Content: "悦澜山花园东门外新建的转运站每天早晚臭味熏天，蚊蝇成群，请城管部门处理。"})
	again := Extract(Doc{Name: "程晓峰", Phone: "17694454352", District: "龙华区", Street: "民治街道",
		Content: "悦澜山花园门口那个转运站的污水流到人行道上，还是没人管。"})
	if r := Compare(again, first, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Fatalf("the stench's sewage: verdict %v, want merge: %+v", r.Verdict, r)
	}
	wages := Extract(Doc{Name: "罗志坚", Phone: "19864813925", District: "龙岗区", Street: "坂田街道",
		Content: "深圳市锐丰精密五金有限公司两个月工资合计13600元至今未发放，请劳动监察督促支付。"})
	social := Extract(Doc{Name: "罗志坚", Phone: "19864813925", District: "龙岗区", Street: "坂田街道",
		Content: "锐丰精密五金一直没给员工缴纳社保，要求社保部门责令补缴。"})
	if r := Compare(social, wages, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Fatalf("wages and social insurance: verdict %v, want no merge: %+v", r.Verdict, r)
	}
}

// Place names that cannot tell two matters apart: an estate named short (澜庭 for 锦绣澜庭花园),
// a "road" that is a word of the sentence (红路 for 红绿灯 misheard), an office's 中心
// (不动产登记中心) read as an estate. 红路灯 is a traffic light, not a street lamp.
func TestPlaceNamesThatDoNotContradict(t *testing.T) {
	if !partName("澜庭", "锦绣澜庭花园") || !partName("红路", "观光路") || partName("桃源雅居", "御景雅居") || partName("宝安大道", "观澜大道") {
		t.Error("partName")
	}
	f := Extract(Doc{Content: "我去不动产登记中心和社康中心都问过，住在锦绣澜庭花园。"})
	for _, e := range f.Entities {
		if e.Kind == EntEstate && strings.HasSuffix(e.Text, "中心") {
			t.Errorf("an office read as an estate: %v", f.Entities)
		}
	}
	first := Extract(Doc{Name: "陈美玲", Phone: "13612345678", District: "宝安区", Street: "西乡街道",
		Content: "锦绣澜庭花园南门外的红绿灯坏了两个月，早上上学的孩子过马路很危险，请交通部门尽快修复。"})
	again := Extract(Doc{Name: "陈美玲", Phone: "13612345678", District: "宝安区", Street: "西乡街道",
		Content: "澜庭门口的红路灯还是坏的，上次反映过，孩子过马路很危险。"})
	if r := Compare(again, first, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Fatalf("verdict %v, want merge: %+v", r.Verdict, r)
	}
}

// The name a text gives for its writer or the one it speaks for; not the other people it names.
func TestNamedInText(t *testing.T) {
	for _, c := range []struct {
		own, text string
		want      []string
	}{
		{"冯生", "我系布吉嘅冯建华，公租房资格被取消嗰件事", []string{"冯建华"}},
		{"肖红英", "肖红英（谭志刚妻子）来电：丈夫去年在工地摔伤，工伤认定还没下来。", []string{"谭志刚"}},
		{"李先生", "来电人自称郑丽娟丈夫，代其妻反映被辞退的事。", []string{"郑丽娟"}},
		{"陈静", "来电人陈静称：其母亲张秀英（86岁，户籍横岗保安社区）的高龄津贴自去年11月停发", []string{"张秀英"}},
		{"吴德铭", "尊敬的领导：我是吴德明的女儿，代父亲再次反映。父亲：吴德铭，现住南山区", []string{"吴德明"}},
		{"李军", "来电人李军称其妻向春花工伤认定一事，人社局说已补齐材料", []string{"向春花"}},
		{"林", "信访局：我是林小华，上次打电话讲借钱的事", []string{"林小华"}},
		{"廖文彬", "信访局：我是上个月来过的廖文彬，腿摔断的那个。", nil},
		{"张秀英", "我叫张秀英，今年八十六岁。张秀英 口述  女儿陈静代笔", nil},
		// A relative named in the writer's own matter, someone else's relative, the other
		// side, someone quoted: none of them is who the text speaks for.
		{"赵玉梅", "我丈夫刘德胜今年3月在区中心医院做手术后第二天去世", nil},
		{"李明", "楼上那户的儿子王小军天天半夜拖椅子", nil},
		{"王强", "本人受雇于包工头陈志勇，在锦绣花园工地做了三个月", nil},
		{"王强", "对方说：我是村长李国强，你去告吧", nil},
		{"赖锦华", "本人赖锦华系坪地街道村民，我父亲赖春秋已经反映过，我和父亲分户", nil},
		{"赖生", "我是赖锦华，我父亲赖春秋已经反映过拆迁的事", []string{"赖锦华"}},
		{"王芳", "我是碧桂园小区业主，本人在宝安区工作，本人户口在龙岗", nil},
		{"陈静", "我替我妈妈张秀英问一下高龄津贴的事", []string{"张秀英"}},
		{"王建国", "包工头陈志勇跑了，老板林某电话关机，我是送外卖的 今天中午", nil},
		{"赖锦华", "您好，我父亲赖春秋已经去信访局反映过，我是同村的赖锦华，和父亲分户", nil},
		{"周文", "本人于1996年购买原单位房改房，我母亲于去年去世，我老公中风瘫了", nil},
		// Whose child calls, as a registrar records it; the one spoken for; a name at the end of
		// an address after 我是.
		{"石先生", "来电人石先生(石永生之子)代父亲询问异地就医报销的事", []string{"石永生"}},
		{"孙伟", "来电人孙伟称系赵玉兰之子，替母亲催问加装电梯补贴的拨付进度", []string{"赵玉兰"}},
		{"黄志成", "来电人黄志成，称是朱玉珍的儿子。母亲上个月去区里反映", []string{"朱玉珍"}},
		// A relative's word is no name (孙: a surname): the grandparent is who is spoken for.
		{"钟晓彤", "你好 我是钟天福的孙女 帮阿公发的 阿公住坑梓秀新老村", []string{"钟天福"}},
		// A lawyer's client, an employer's employee; not the lawyer's other words (委托人将依法…)
		// nor a company's staff named as the other side.
		{"许文博", "大鹏新区消防救援大队：本所受邓嘉欣女士委托，就其民宿被临时查封一事致函。", []string{"邓嘉欣"}},
		{"黎国权", "广东鹏衡律师事务所接受邱国栋先生委托，就其名下宝安区西乡一处房产", []string{"邱国栋"}},
		{"孙倩", "市人力资源和社会保障局：我司员工肖楠（2039届硕士毕业生）申请人才补贴被驳回", []string{"肖楠"}},
		{"任晓彤", "市公安局户政管理部门：我司新入职员工张磊（2039届本科）申请应届毕业生落户", []string{"张磊"}},
		{"吴振邦", "请于五日内重新审查，否则委托人将依法申请行政复议", nil},
		{"王强", "物业公司员工刘大伟把我的车拖走了", nil},
		{"陈洁", "我司员工反映较多，其中我司员工黄振华的落户材料被退回两次", []string{"黄振华"}},
		// …or whose spouse or sibling.
		{"周玉兰", "来电人周玉兰（谭志华之妻）反映：其丈夫申请食品经营许可证超期未办结", []string{"谭志华"}},
		{"曾志明", "我系曾志明的老婆，用我老公的名字写信", nil}, // (the name on the form already)
		{"刘芳", "我系曾志明的老婆，押金两万二还没退", []string{"曾志明"}},
		// A record that opens with whose matter it is: the petitioner's relative calling, a new
		// phone; not a polite form, and not a name further in.
		{"邓姨", "邓秀兰的女儿来电，问随迁入户为什么又被退件", []string{"邓秀兰"}},
		{"何生", "何志伟换了号码来电，说工伤认定书还没拿到", []string{"何志伟"}},
		{"王女士", "来电：王丽芳来电，公租房资格复核暂停的事", []string{"王丽芳"}},
		{"陈生", "陈先生来电，楼下烧烤店油烟太大", nil},
		{"何生", "何志伟用另一个号码来电，问工伤认定", []string{"何志伟"}},
		{"周生", "周末来电，问公租房轮候", nil},
		{"罗生", "罗湖来访，反映旧改补偿", nil},
		{"陈生", "陈老板来电，称员工讨薪", nil},
		{"王女士", "王姐来电，问高龄津贴", nil},
		{"赵伯", "楼下的赵国平来电骂人，说我家空调滴水", nil},
		{"陈慧", "来电人陈慧替母亲罗秀珍反映，草埔的公交线路取消后至今没有替代线路", []string{"罗秀珍"}},
		{"黄国新", "我是坪地坪东社区叶桂英的儿子。我母亲今年八十五岁", []string{"叶桂英"}},
		{"李明", "被打伤后才知道，对方是邻居家的儿子，叫王小军", nil},
		// Surnames beyond the commonest (蒙, 霍), 陆 as the text folds it (六: a financial numeral
		// too); a surname that also begins words (房东, 农民) makes a name only with three
		// characters.
		{"", "我是陆桂英的女儿 我爸去年去世了", []string{"六桂英"}},
		{"刘佳", "我替我母亲蒙秀英问一下养老金的事", []string{"蒙秀英"}},
		{"张志刚", "来电人张志刚称系霍玉兰之子，问补贴", []string{"霍玉兰"}},
		{"李明", "我是房东，租客三个月不交租", nil},
		{"李明", "我是农民，土地被占了", nil},
		{"李明", "我是文丽华的儿子，代母亲反映", []string{"文丽华"}},
		// A message that opens with a relative and the relative's story; the one spoken for
		// named by 他叫; a polite form on the form is no self-introduction (廖 / 我是廖国强的儿子).
		{"", "我妈妈王秀兰的退休金少了四百多 之前打过电话", []string{"王秀兰"}},
		{"刘佳", "尊敬的信访局领导：我母亲冯淑珍今年八十岁了，养老金停发", []string{"冯淑珍"}},
		{"", "你好 我帮我老公问一下 他叫邱建林 上个月打电话反映欠工资", []string{"邱建林"}},
		{"", "帮我妈何春梅问 社保说多发了两万多要退回", []string{"何春梅"}},
		{"廖", "我是廖国强的儿子 帮我爸问下 翔运那个社保", []string{"廖国强"}},
		{"王丽", "你好，我爸叫黎耀祖，帮他问下高龄津贴", []string{"黎耀祖"}},
		{"赵玉梅", "我老公刘德胜在区医院手术后去世，医院要负责", nil},
		{"赵玉梅", "本人于1996年购买房改房，我老公刘德胜中风瘫了", nil},
		// A letter signed at its end under another form of the name; not a registrar's own
		// name, nor thanks.
		{"Kong Linghui", "请对该行政处罚决定予以复核并书面答复。孔令辉", []string{"孔令辉"}},
		{"阿强", "请督促公司尽快支付拖欠的工资。邝国强 敬上", []string{"邝国强"}},
		{"王女士", "已告知其可向法院起诉。记录人：李娜", nil},
		{"王女士", "请尽快处理，谢谢", nil},
		{"嘉欣", "我父亲黄炳坤（80岁）的高龄津贴还没批，请尽快审核。\n黄嘉欣（女儿）", []string{"黄嘉欣", "黄炳坤"}},
		{"胡伯", "请政府督促医院在开庭前协商。\n胡振东 东门街道", []string{"胡振东"}},
		{"李晓慧", "来电人李女士（罗亚妹孙女）反映其奶奶的赡养费判决至今没有履行", []string{"罗亚妹"}},
		{"蔡俊鹏", "来电人自称陈秀英之子，反映其母亲养老保险补缴问题", []string{"陈秀英"}},
		// grandparents, in-laws, cousins and friends the writer asks for
		{"梁子豪", "帮我阿婆谢金凤反映 居家养老服务商虚报服务时长", []string{"谢金凤"}},
		{"梁晓", "帮我朋友孙悦问一下，她的押金退了没有", []string{"孙悦"}},
		{"李明", "我朋友孙悦说楼上漏水，我家也漏", nil},
	} {
		got := namedInText(normalize(c.text), string(normalize(c.own)))
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %q → %v, want %v", c.own, c.text, got, c.want)
		}
	}
}

// A daughter phones under her own name and phone about her mother's matter, naming her: the
// call joins the mother's letter. A widow and a son each naming the man who died have matters
// of their own.
func TestRelativeNamesThePetitioner(t *testing.T) {
	letter := Extract(Doc{Name: "张秀英", District: "龙岗区", Street: "横岗街道",
		Content: "尊敬的领导：我叫张秀英，今年八十六岁，户口在横岗街道保安社区。我每个月有高龄津贴，从去年十一月起就没有发了，社区说系统里显示我户口迁走了。恳请领导帮我查一查，把钱补上。"})
	call := Extract(Doc{Name: "陈静", Phone: "13757343358", District: "龙岗区", Street: "横岗街道",
		Content: "来电人陈静称：其母亲张秀英（86岁，户籍横岗保安社区）的高龄津贴自去年11月停发，社区称系统显示户籍已迁出，但实际未迁。3月初已寄信反映，问办理进度。"})
	if !keysMeet(Keys(call), Keys(letter)) {
		t.Fatal("the call does not find the letter")
	}
	if r := Compare(call, letter, Identity{}); r.Verdict != Merge {
		t.Fatalf("verdict %v, want merge: %+v", r.Verdict, r)
	}
	// The other side of a dispute, named as someone else's relative, is not the writer.
	below := Extract(Doc{Name: "李明", District: "南山区", Street: "南头街道",
		Content: "楼上那户的儿子王小军天天半夜拖椅子，咚咚响，敲门沟通过两次都没用，请社区调解。"})
	above := Extract(Doc{Name: "王小军", District: "南山区", Street: "南头街道",
		Content: "楼下住户天天拿棍子捅天花板，说我们半夜拖椅子，我们根本没有，请社区调解。"})
	if r := Compare(above, below, Identity{}); r.Verdict == Merge || r.Verdict == Review {
		t.Fatalf("two sides of one quarrel: verdict %v, want neither merge nor review: %+v", r.Verdict, r)
	}
}

func keysMeet(a, b []Key) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Value == y.Value && !x.StoreOnly && !y.LookupOnly {
				return true
			}
		}
	}
	return false
}

// A number in words right after one in digits is another number ("12315一个月": the hotline
// and a month), and a corridor piled with cardboard is the stairwell nuisance told otherwise.
func TestNumbersInWordsAfterDigitsAndCorridors(t *testing.T) {
	f := Extract(Doc{Content: "投诉12315一个月没下文，店还在营业。"})
	if !slices.Contains(f.Nums, Num{UnitMonths, 100}) || slices.ContainsFunc(f.Nums, func(n Num) bool { return n.Unit == UnitMonths && n.Value != 100 }) {
		t.Errorf("want one month alone: %v", f.Nums)
	}
	a := Extract(Doc{Content: "对门住户长期在楼道堆放杂物，影响通行。"})
	b := Extract(Doc{Content: "对门阿婆将啲纸皮旧家私堆满走廊，我出入都要侧身。"})
	if !slices.ContainsFunc(b.Tags, func(t uint16) bool { return slices.Contains(a.Tags, t) && uint8(t>>8) == TagNuisance }) {
		t.Errorf("no nuisance in common: %v / %v", a.Tags, b.Tags)
	}
}

// A home not handed over on time is told as 交房, 交楼, 保交楼 or 逾期未交付: one kind, one topic.
func TestHandoverWordings(t *testing.T) {
	a := Extract(Doc{Content: "来访人称其购买的锦澜华府5栋房屋逾期未交付，每月房贷8600元，请求政府介入保交楼。"})
	b := Extract(Doc{Content: "锦澜华府烂尾了吗？去年底就该交楼，现在工地一个人都没有。"})
	if a.Category != catHousing || b.Category != catHousing || len(topics(a)) == 0 || !slices.Equal(topics(a), topics(b)) {
		t.Errorf("kinds %s / %s, topics %v / %v", Categories[a.Category], Categories[b.Category], topics(a), topics(b))
	}
}

// Noise told by what makes it (拖椅子, 咚咚) and smoke drifting in from a neighbour are two
// nuisances: one person's complaints about each are two matters.
func TestNoiseAndSmokeAreTwoNuisances(t *testing.T) {
	noise := Extract(Doc{Name: "林婉清", Phone: "15864900830", District: "南山区", Street: "南头街道",
		Content: "南头街道这边，楼上天天半夜拖椅子、砸东西，还有小孩在地板上蹦，十二点了还咚咚咚，谁能管管？"})
	smoke := Extract(Doc{Name: "林婉清", Phone: "15864900830", District: "南山区", Street: "南头街道",
		Content: "楼下那户每天在阳台抽烟，烟味全往我家飘，孩子有哮喘。南头街道这边，有没有人能出面协调一下？"})
	if r := Compare(smoke, noise, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Fatalf("verdict %v, want no merge: %+v", r.Verdict, r)
	}
}

// A polite form on another phone retells a nuisance in other words: the same street, the same
// kind, the thing in common (漏水) and nothing differing. It joins, though the texts share
// little wording; a polite form on another kind of matter does not.
func TestPoliteFormSharesTheThing(t *testing.T) {
	first := Extract(Doc{Name: "叶翠华", OpenID: "o1", District: "福田区", Street: "梅林街道",
		Content: "楼上卫生间漏水 我家天花板都发霉了 去敲门楼上说不是他们的问题 不让进去看 怎么办"})
	again := Extract(Doc{Name: "叶女士", Phone: "13848851708", District: "福田区", Street: "梅林街道",
		Content: "叶女士来电，称楼上住户卫生间渗水至其家中，对方拒绝配合检测，双方已吵过两次，请求有关方面出面协调。"})
	if r := Compare(again, first, Identity{}); r.Verdict != Merge {
		t.Fatalf("verdict %v, want merge: %+v", r.Verdict, r)
	}
	other := Extract(Doc{Name: "叶女士", Phone: "13848851708", District: "福田区", Street: "梅林街道",
		Content: "叶女士来电，称其孩子今年小学入学申请学位被拒，积分计算有误，请求教育局复核。"})
	if r := Compare(other, first, Identity{}); r.Verdict == Merge {
		t.Fatalf("another kind: verdict %v, want no merge: %+v", r.Verdict, r)
	}
}

// The name and an identifier both, from the same street, on a matter of the same known kind
// with nothing differing, but little wording and no detail or request in common: not enough to
// merge. A blind set's man asked about his 人才补贴 and, months later, about his 落户 (one kind,
// 户籍与人才引进); merged, two matters became one.
func TestNameAndIdentifierOnOneKind(t *testing.T) {
	subsidy := Extract(Doc{Name: "刘炜", Phone: "13774850892", District: "南山区", Street: "粤海街道",
		Content: "本人去年7月入职南山一家科技公司，硕士学历，9月在网上提交新引进人才租房和生活补贴申请，至今显示区级审核中，已近半年。多次致电区人力资源局，答复均为按顺序审核。"})
	hukou := Extract(Doc{Name: "刘炜", Phone: "13774850892", District: "南山区", Street: "粤海街道",
		Content: "人才引进落户（在职人才引进）申请，3月提交，状态来回在待补正和单位待确认之间跳，单位HR说已经确认了三次。请帮忙查一下到底哪个环节卡住了。"})
	if subsidy.Category != catHukou || hukou.Category != catHukou {
		t.Fatalf("kinds %s / %s, want 户籍与人才引进 both", Categories[subsidy.Category], Categories[hukou.Category])
	}
	if r := Compare(hukou, subsidy, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Fatalf("two matters of one kind: verdict %v, want no merge: %+v", r.Verdict, r)
	}
	again := Extract(Doc{Name: "刘炜", Phone: "13774850892", District: "南山区", Street: "粤海街道",
		Content: "人才补贴的事还是显示区级审核中，人社局说按顺序审核，请帮忙催一下。"})
	if r := Compare(again, subsidy, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Fatalf("the subsidy again: verdict %v, want merge: %+v", r.Verdict, r)
	}
}

// What a matter costs the writer is not what it is about: a worker owed wages who cannot pay
// the rent is in a wage matter, told to the labour station (劳动站) or in a phone's 公资.
func TestHardshipIsNotTheMatter(t *testing.T) {
	for _, c := range []string{
		"佳美厂的公资什么时候能发 劳动站叫我们登记了 登记完就没消息了 房租都交不起了",
		"上次说的饼干厂 劳动局来登记了 说要等 我们等得起房东等不起啊",
	} {
		if f := Extract(Doc{Content: c}); f.Category != catLabour {
			t.Errorf("%s: %s, want 劳动社保", c, Categories[f.Category])
		}
	}
	if f := Extract(Doc{Content: "租客欠了我半年房租，房东我自己也要还房贷，请政府帮忙。"}); f.Category != catEconomy {
		t.Errorf("a rent dispute: %s", Categories[f.Category])
	}
	if f := Extract(Doc{Content: "水果店把货架摆到人行道上，推婴儿车都过不去"}); len(topics(f)) == 0 {
		t.Errorf("goods on the pavement: no topic")
	}
}

// A bar's noise told once with its customers' shouting and smoking and once as 噪声: the
// noise is in common, so the smoking told on one side is no other nuisance.
func TestNoiseToldWithOtherNuisances(t *testing.T) {
	a := Extract(Doc{Content: "楼下酒吧开业以来天天扰民，门口还有客人抽烟喝酒、大声喧哗到凌晨。"})
	b := Extract(Doc{Content: "农林路酒吧夜间噪声问题，酒吧只是关了窗户，低频噪声仍然很严重。"})
	if !slices.ContainsFunc(b.Tags, func(t uint16) bool { return uint8(t>>8) == TagNuisance && slices.Contains(a.Tags, t) }) {
		t.Errorf("no nuisance in common: %v / %v", a.Tags, b.Tags)
	}
}

// A WeChat nickname (晓燕, 小玮, 豪仔) is the given name of a full name in the same street: with
// the thing in common and nothing differing, the follow-up joins; without, it does not.
func TestNicknames(t *testing.T) {
	for _, c := range []struct {
		nick, full string
		want       bool
	}{
		{"晓燕", "钟晓燕", true}, {"小玮", "刘玮", true}, {"豪仔", "陈家豪", true}, {"燕子", "韦小燕", true},
		{"萍姐", "吴丽萍", true}, {"强哥", "陈志强", true}, {"军", "谢志军", true},
		{"晓燕", "钟晓梅", false}, {"王女士", "王晓燕", false}, {"晓燕", "晓燕", false}, {"老王", "李小王", false}, {"王", "李小王", false},
	} {
		if got := nickMatch(Extract(Doc{Name: c.nick}), Extract(Doc{Name: c.full})); got != c.want {
			t.Errorf("%s / %s: %v, want %v", c.nick, c.full, got, c.want)
		}
	}
	full := Extract(Doc{Name: "刘玮", Phone: "17734541078", District: "罗湖区", Street: "笋岗街道",
		Content: "我申请罗湖区公租房资格，审核结果不通过，理由是我名下在老家有房产，但那是我父母的自建房。"})
	nick := Extract(Doc{Name: "小玮", OpenID: "oX2f", District: "罗湖区", Street: "笋岗街道",
		Content: "公租房复核的事 交了不动产证明以后一直没有结果 想问下进度"})
	if !keysMeet(Keys(nick), Keys(full)) {
		t.Fatal("the nickname does not find the full name")
	}
	if !keysMeet(Keys(full), Keys(nick)) {
		t.Fatal("the full name after the nickname does not find it")
	}
	// Two full names ending alike (刘玮, 陈玮) and two nicknames (小玮, 阿玮) are two people
	// and never meet through the given name.
	given := func(k Key) bool { return k.Kind == KindVariant }
	onlyGiven := func(f *Features) []Key { return slices.DeleteFunc(Keys(f), func(k Key) bool { return !given(k) }) }
	for _, pair := range [][2]string{{"刘玮", "陈玮"}, {"小玮", "阿玮"}} {
		a := Extract(Doc{Name: pair[0], District: "罗湖区", Street: "笋岗街道"})
		b := Extract(Doc{Name: pair[1], District: "罗湖区", Street: "笋岗街道"})
		if keysMeet(onlyGiven(a), onlyGiven(b)) {
			t.Errorf("%s and %s meet through a variant key", pair[0], pair[1])
		}
	}
	if r := Compare(nick, full, Identity{}); r.Verdict != Merge {
		t.Fatalf("verdict %v, want merge: %+v", r.Verdict, r)
	}
	other := Extract(Doc{Name: "小玮", OpenID: "oX2f", District: "罗湖区", Street: "笋岗街道",
		Content: "笋岗那个路口的红绿灯坏了好几天了 晚上很危险"})
	if r := Compare(other, full, Identity{}); r.Verdict == Merge {
		t.Fatalf("another matter: verdict %v, want no merge: %+v", r.Verdict, r)
	}
}

// A follow-up that names too little of its matter joins its writer's only candidate case, and
// only then: not when the writer has two, not when it says it is another matter, not when an
// identifier says the case is someone else's, not when it is surely another kind of matter.
func TestSoleFollowUp(t *testing.T) {
	doc := func(name, phone, content string) *Features {
		return Extract(Doc{Name: name, Phone: phone, District: "罗湖区", Street: "清水河街道", Content: content})
	}
	bus := doc("范志明", "15333174561", "关于恢复M576路公交线路的建议：M576路是草埔片区直达东门、罗湖区人民医院的唯一线路，老人比例高。建议恢复该线路。")
	wages := doc("范志明", "15333174561", "深圳市恒达五金制品有限公司拖欠我三个月工资一万五千元，请劳动监察部门处理。")
	other := doc("范志明", "13900000000", "深圳市恒达五金制品有限公司拖欠我三个月工资一万五千元，请劳动监察部门处理。")
	backText := "前次建议已收到交通部门回复，称客流量低予以撤销。但客流低是因为发车间隔长，并非没有需求。上次的答复我不满意，请求复查。"
	// Sent from another street (where the writer lives, not where the bus ran): Compare
	// alone does not take it.
	back := Extract(Doc{Name: "范志明", District: "罗湖区", Street: "笋岗街道", Content: backText})
	cmp := func(n *Features, olds ...*Features) []Result {
		var rs []Result
		for _, o := range olds {
			rs = append(rs, Compare(n, o, Identity{}))
		}
		return rs
	}
	if r := CompareCase(cmp(back, bus)); r.Verdict == Merge {
		t.Fatalf("the pair alone already merges; the test needs a follow-up Compare misses: %+v", r)
	}
	i, r := SoleFollowUp(back, [][]Result{cmp(back, bus)})
	if i != 0 || r.Verdict != Merge || !slices.Contains(r.Reasons, soleFollowUp) {
		t.Fatalf("follow-up of the writer's only case: %d %+v", i, r)
	}
	if i, _ := SoleFollowUp(back, [][]Result{cmp(back, bus), cmp(back, wages)}); i != -1 {
		t.Errorf("two cases of the writer: joined %d", i)
	}
	// A case under another phone of the same name is someone else's: the bus case is still the only one.
	withPhone := doc("范志明", "15333174561", backText)
	otherRs := []Result{Compare(withPhone, other, Identity{PhoneConflict: true})}
	if i, _ := SoleFollowUp(withPhone, [][]Result{otherRs, {Compare(withPhone, bus, Identity{SamePhone: true})}}); i != 1 {
		t.Errorf("another person's case of the name counted: joined %d", i)
	}
	apart := doc("范志明", "", "上次反映的公交线路是另一件事，这次另外反映：小区门口的路灯坏了三个月。")
	// A son calling from his own phone for his father, naming him: the phone differs, the
	// follow-up is still the father's.
	son := Extract(Doc{Name: "范小明", Phone: "13900000001", District: "罗湖区", Street: "笋岗街道",
		Content: "来电人范小明替父亲范志明反映，上次提的公交线路建议，交通部门的答复不满意，要求复查。"})
	if i, _ := SoleFollowUp(son, [][]Result{{Compare(son, bus, Identity{PhoneConflict: true})}}); i != 0 {
		t.Errorf("a relative's follow-up on their own phone: joined %d", i)
	}
	if i, _ := SoleFollowUp(apart, [][]Result{cmp(apart, bus)}); i != -1 {
		t.Errorf("another matter joined the writer's case")
	}
	fresh := doc("范志明", "", "小区门口的路灯坏了三个月，晚上老人出门很危险。")
	if i, _ := SoleFollowUp(fresh, [][]Result{cmp(fresh, bus)}); i != -1 {
		t.Errorf("an item that does not refer back joined")
	}
	stranger := doc("郑志明", "", backText)
	if i, _ := SoleFollowUp(stranger, [][]Result{cmp(stranger, bus)}); i != -1 {
		t.Errorf("another person's follow-up joined")
	}
	for _, c := range []string{
		"再次反映：孩子的户口迁入一直办不下来，派出所说材料不全。",
		"楼下装修噪音很大，再次反映，依然没人管。",
	} {
		f := doc("范志明", "15333174561", c)
		if i, _ := SoleFollowUp(f, [][]Result{{Compare(f, wages, Identity{SamePhone: true})}}); i != -1 {
			t.Errorf("%s: joined the wages", c)
		}
	}
}

// 老王 and a letter signed 王 are Wang told politely or by the surname alone: they meet the
// full names of the surname as 王女士 does.
func TestSurnameAloneAndFamiliarForms(t *testing.T) {
	for _, c := range []struct{ name, surname string }{{"老王", "王"}, {"王", "王"}, {"老周", "周"}, {"林", "林"}} {
		if s, polite := Surname(c.name); s != c.surname || !polite {
			t.Errorf("%s: %q %v, want %q polite", c.name, s, polite, c.surname)
		}
	}
	if s, polite := Surname("老师"); polite || s == "老" {
		t.Errorf("老师 alone read as a surname: %q %v", s, polite)
	}
	if !politeMatch(Extract(Doc{Name: "老王"}), Extract(Doc{Name: "王建国"})) {
		t.Error("老王 does not meet 王建国")
	}
}

// A WeChat message often gives no street: its name's variants meet the items of its district,
// with a street or without; items of two different streets still do not meet through them.
func TestVariantKeysWithoutAStreet(t *testing.T) {
	full := Extract(Doc{Name: "吴丽萍", District: "龙岗区", Street: "南湾街道", Content: "沙湾农贸市场改造清场，摊主没有安置。"})
	nick := Extract(Doc{Name: "萍姐", District: "龙岗区", Content: "沙湾市场拆了 临时摊位在哪里"})
	polite := Extract(Doc{Name: "吴女士", District: "龙岗区", Content: "市场摊位的事还是没消息"})
	otherPolite := Extract(Doc{Name: "吴女士", District: "龙岗区", Street: "坂田街道", Content: "坂田的路灯坏了。"})
	variants := func(f *Features) []Key {
		return slices.DeleteFunc(Keys(f), func(k Key) bool { return k.Kind != KindVariant })
	}
	for _, c := range []struct {
		what     string
		new, old *Features
		want     bool
	}{
		{"nickname without a street → full name", nick, full, true},
		{"polite form without a street → full name", polite, full, true},
		// (not the other way round: a full name with a street does not look through its
		// district's street-less items — no labelled set had a repeat found so)
		{"full name → earlier nickname without a street", full, nick, false},
		{"polite form in another street → full name", otherPolite, full, false},
		{"another street's polite form → polite form without a street", otherPolite, polite, true},
	} {
		if got := keysMeet(variants(c.new), variants(c.old)); got != c.want {
			t.Errorf("%s: meet %v, want %v", c.what, got, c.want)
		}
	}
}

// A WeChat message gives no street: a group member's message naming the estate and the request
// links to the other owners' letters of the district — not when a figure differs, and not on a
// matter by nature one person's (a child's school place).
func TestGroupLinkWithoutAStreet(t *testing.T) {
	letter := Extract(Doc{Name: "廖志刚", Phone: "15856057786", District: "坪山区", Street: "坑梓街道",
		Content: "本人于2022年购买坑梓街道汇锦华庭3栋一套住房，合同约定2025年12月31日交房，项目已停工半年成了烂尾楼，开发商不见人。请求政府协调复工。"})
	wechat := Extract(Doc{Name: "芳芳妈妈", OpenID: "oG1", District: "坪山区",
		Content: "请问坑梓那个烂尾楼有人管吗 汇锦华庭 我们全家积蓄都在里面"})
	if r := Compare(wechat, letter, Identity{}); r.Verdict != Link {
		t.Errorf("group member without a street: %v %+v", r.Verdict, r)
	}
	school := Extract(Doc{Name: "孔静红", District: "坪山区", Street: "坑梓街道", Content: "我女儿符合入学条件，但坑梓实验学校学位申请没有通过。请求教育局重新审核学位申请。"})
	other := Extract(Doc{Name: "陆杰", District: "坪山区", Content: "女儿申请坑梓实验学校学位没有通过，希望给孩子安排学位。"})
	if r := Compare(other, school, Identity{}); r.Verdict == Link {
		t.Errorf("two parents' school places linked: %+v", r)
	}
}

// A follow-up that only says it is one (上次反映的事…) joins its writer's case — unless the writer
// has two cases it could be of: then a registrar places it.
func TestAmbiguousFollowUpGoesToARegistrar(t *testing.T) {
	doc := func(content string) *Features {
		return Extract(Doc{Name: "范志明", Phone: "15333174561", District: "罗湖区", Street: "清水河街道", Content: content})
	}
	bus := doc("关于恢复M576路公交线路的建议：M576路是草埔片区直达东门的唯一线路，老人比例高。建议恢复该线路。")
	lamp := doc("草埔片区小区门口的路灯坏了三个月，晚上老人出门很危险，请修复。")
	back := doc("上次反映的事到现在还是没有结果，请领导督办。")
	one := []Result{Compare(back, bus, Identity{SamePhone: true})}
	two := []Result{Compare(back, lamp, Identity{SamePhone: true})}
	r := CompareCase(one)
	if r.Verdict != Merge || !r.back {
		t.Fatalf("the test needs a merge on the follow-up's word alone: %+v", r)
	}
	if AmbiguousBack(r, [][]Result{one}) {
		t.Error("the writer's only case: ambiguous")
	}
	if !AmbiguousBack(r, [][]Result{one, two}) {
		t.Error("the writer's two cases: not ambiguous")
	}
	if w := WithAmbiguousBack(r); w.Verdict != Review || !slices.Contains(w.Reasons, ambiguousBack) || slices.Contains(r.Reasons, ambiguousBack) {
		t.Errorf("review: %+v (from %+v)", w, r)
	}
	// A merge on the matter itself is not touched.
	again := doc("关于恢复M576路公交线路的建议：M576路是草埔片区直达东门的唯一线路，再次建议恢复该线路。")
	if m := CompareCase([]Result{Compare(again, bus, Identity{SamePhone: true})}); AmbiguousBack(m, [][]Result{one, two}) && !m.back {
		t.Errorf("a merge on the matter treated as a bare follow-up: %+v", m)
	}
}

// A follow-up whose form names the district only (a phone note, an e-mail) is no word from
// another street: under a polite form it joins the letter from a street of that district, of
// the same kind of matter. Not when the classifier reads another kind, not from another
// district, and not when neither side names a street.
func TestStreetOnOneSideOnly(t *testing.T) {
	letter := Extract(Doc{Name: "杨建国", District: "罗湖区", Street: "南湖街道", Department: "罗湖区残疾人联合会",
		Content: "本人持肢体二级残疾证，重度残疾人护理补贴从今年4月起停发，社区说是系统年审没通过，但我从没收到任何通知。请求查明原因并补发。"})
	call := Doc{Name: "杨生", District: "罗湖区",
		Content: "来电：杨先生，残疾人护理补贴停发问题，询问区残联核查结果。"}
	if r := Compare(Extract(call), letter, Identity{}); r.Verdict != Merge || !slices.Contains(r.Reasons, "称呼与姓氏相符，同区（一方未填街道）再次来件，同类事项、无不同之处") {
		t.Errorf("the phone note naming the district only, said so: %v %+v", r.Verdict, r)
	}
	other := call
	other.Content = "来电：杨先生，楼上邻居每晚十二点后拖椅子、跺脚，吵得睡不着，要求有人管。"
	if r := Compare(Extract(other), letter, Identity{}); r.Verdict == Merge {
		t.Errorf("…about another kind of matter: %v %+v", r.Verdict, r)
	}
	away := call
	away.District = "福田区"
	if r := Compare(Extract(away), letter, Identity{}); r.Verdict == Merge {
		t.Errorf("…from another district: %v %+v", r.Verdict, r)
	}
	noStreet := Extract(Doc{Name: "杨建国", District: "罗湖区", Content: "本人持肢体二级残疾证，重度残疾人护理补贴从今年4月起停发，社区说是系统年审没通过，但我从没收到任何通知。请求查明原因并补发。"})
	if r := Compare(Extract(call), noStreet, Identity{}); r.Verdict == Merge {
		t.Errorf("…when neither names a street: %v %+v", r.Verdict, r)
	}
}

// A request for a review of an office's answer (复查, 复核) is by law about a matter already
// petitioned and answered: it refers back to the writer's earlier matter however little of its
// wording it repeats. Not to another person's, and not to an item its writer set apart.
func TestReviewRequestRefersBack(t *testing.T) {
	letter := Extract(Doc{Name: "魏国强", Phone: "13700000051", District: "龙岗区", Street: "龙城街道",
		Content: "本人祖屋在爱联旧改项目范围内，开发商只按合法面积回迁，两百多平方米被认定为超出部分只给货币补偿，比同村标准低。请求区城市更新局重新核定补偿面积。"})
	review := Doc{Name: "魏国强", Phone: "13700000051", District: "龙岗区", Street: "龙城街道",
		Content: "魏国强来访，对旧改补偿面积的答复意见不服，提出复查申请，带来隔壁邻居的协议复印件作对比。"}
	if r := Compare(Extract(review), letter, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Errorf("the review request on the same phone: %v %+v", r.Verdict, r)
	}
	plain := review
	plain.Content = "魏国强来访，对旧改补偿面积有意见，带来隔壁邻居的协议复印件作对比。"
	if r := Compare(Extract(plain), letter, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Errorf("the same visit without the review request decides as before: %v %+v", r.Verdict, r)
	}
	other := review
	other.Name, other.Phone = "陈秀兰", "13700000052"
	other.Content = "陈秀兰来访，对区里的答复意见不服，提出复查申请。"
	if r := Compare(Extract(other), letter, Identity{PhoneConflict: true}); r.Verdict == Merge {
		t.Errorf("another person's review request: %v %+v", r.Verdict, r)
	}
}

// A company named by its brand and one of the newer trades (昶盛新能源, 金瑞珠宝) is that
// company; one named with the trade (长盛电池厂) meets it by the brand's sound.
func TestBrandsOfNewerTrades(t *testing.T) {
	if !entsOf("我在昶盛新能源上班，11月到现在没发工资")["单位:昶盛"] {
		t.Errorf("昶盛新能源: %v", entsOf("我在昶盛新能源上班，11月到现在没发工资"))
	}
	if b := orgBrand("长盛电池"); b != "长盛" {
		t.Errorf("orgBrand(长盛电池) = %q", b)
	}
	if b := orgBrand("金瑞珠宝首饰加工"); b != "金瑞" {
		t.Errorf("orgBrand(金瑞珠宝首饰加工) = %q", b)
	}
}

// A phone the text says is new or a relative's ("来电号码为其儿子手机", "换了号码") says nothing
// against the person: a polite form on it is taken as on no phone at all. Without the words, a
// differing phone still counts against.
func TestNewOrBorrowedPhone(t *testing.T) {
	letter := Extract(Doc{Name: "刘建平", Phone: "13700000061", District: "龙岗区", Street: "龙城街道",
		Content: "我是龙城街道爱联社区原村民刘建平，2000年前后村里的地被征了，说好的被征地农民养老保险一直没给我们办，别的村都办了。请求政府给我们办理被征地农民养老保险。"})
	call := Doc{Name: "刘伯", Phone: "13700000062", District: "龙岗区", Street: "龙城街道",
		Content: "来电：刘伯（爱联），询问被征地农民养老保险办理结果，来电号码为其儿子手机。"}
	if r := Compare(Extract(call), letter, Identity{PhoneConflict: true}); r.Verdict != Merge {
		t.Errorf("on the son's phone, said so: %v %+v", r.Verdict, r)
	}
	plain := call
	plain.Content = "来电：刘伯（爱联），询问被征地农民养老保险办理结果。"
	if r := Compare(Extract(plain), letter, Identity{PhoneConflict: true}); r.Verdict == Merge {
		t.Errorf("on another phone, not said: %v %+v", r.Verdict, r)
	}
}

// The review's cases against the new follow-up and phone words: a phone said to be another's
// only when the text says whose the caller's phone is; a doctor's 复查 or an assessment's
// 复核意见 is no petition review; words before a trade that are no brand.
func TestFollowUpAndPhoneWordsStayNarrow(t *testing.T) {
	letter := Extract(Doc{Name: "刘建平", Phone: "13700000061", District: "龙岗区", Street: "龙城街道",
		Content: "我是龙城街道爱联社区原村民刘建平，2000年前后村里的地被征了，说好的被征地农民养老保险一直没给我们办，别的村都办了。请求政府给我们办理被征地农民养老保险。"})
	for _, c := range []string{
		"来电：刘伯（爱联），询问被征地农民养老保险办理结果，说儿子手机上查不到参保记录。",
		"来电：刘伯（爱联），询问被征地农民养老保险办理结果，打了社保局其他号码都没人接。",
		"来电：刘伯（爱联），询问被征地农民养老保险办理结果，当年村里借用我家的地建了厂房。",
		"来电：刘伯（爱联），询问被征地农民养老保险办理结果，社保局说要等复核意见。",
		"来电：刘伯（爱联），术后医生要求复查，问被征地农民养老保险能不能报销。",
	} {
		call := Doc{Name: "刘伯", Phone: "13700000062", District: "龙岗区", Street: "龙城街道", Content: c}
		if r := Compare(Extract(call), letter, Identity{PhoneConflict: true}); r.Verdict == Merge {
			t.Errorf("%s: on another phone: %v %+v", c, r.Verdict, r)
		}
	}
	for _, c := range []struct{ s, bad string }{
		{"站点拖欠配送费两个月。", "单位:拖欠"},
		{"同城快递把我的包裹弄丢了。", "单位:同城"},
		{"在店里买的金银珠宝是假的。", "单位:金银"},
	} {
		if entsOf(c.s)[c.bad] {
			t.Errorf("%q: junk company %s", c.s, c.bad)
		}
	}
}

// A text that opens with 还是/又是 follows up its writer's earlier matter ("还是小橙星退费的事"),
// as does one that counts the times it was told (第三次反映) or quotes the office's answer
// (回复说, 你们答复); "还是我，这次讲…" says only who writes again.
func TestOpeningSaysItIsAFollowUp(t *testing.T) {
	back := func(s string) bool { return hasTagGroup(Extract(Doc{Content: s}), TagBack) }
	for _, c := range []string{"还是小橙星退费，说好这个月15号退第一笔，没退", "  又是养老金少算的问题，社保说档案少一张表", "“还是幼儿园退费”，园长电话打不通",
		// the count of times told, the office's answer quoted, "you" said
		"第三次反映楼上噪音了，铺了一个礼拜地垫又收起来了", "回复说已责令整改，结果只安静了两天", "你们答复说要等市里统一处理，等到什么时候",
		// the matter pointed at as known (那个…的事), reported or phoned in before
		"坑梓那个停水的事，物业后来给开了，但是说要收滞纳金", "之前举报的平湖那个黑诊所，今天还开着", "我打过12345，说转城管了"} {
		if !back(c) {
			t.Errorf("%s: not read as a follow-up", c)
		}
	}
	for _, c := range []string{"还是我，溪涌村的老温，这次讲自来水，水龙头出来的水都是黄的", "我想问还是先去仲裁吗",
		"那个老板跑了，工资没发", "小区门口那个垃圾站很臭"} {
		if back(c) {
			t.Errorf("%s: read as a follow-up", c)
		}
	}
	// The writer's only case takes the short follow-up that names little of it.
	first := Extract(Doc{Name: "吴佩珊", Phone: "13524232513", District: "龙华区", Street: "民治街道",
		Content: "孩子读小班刚入园一个月，幼儿园突然停办，交了一学期费用一万三千元。要求退费。"})
	next := Extract(Doc{Name: "吴佩珊", District: "龙华区", Street: "民治街道", Content: "还是退费的事，说好的这个月15号退第一笔，又没了，能不能给个准话"})
	if i, r := SoleFollowUp(next, [][]Result{{Compare(next, first, Identity{})}}); i != 0 || r.Verdict != Merge {
		t.Errorf("the writer's only case: %d %+v", i, r)
	}
}

// What stands before 公司 or 厂 is a company's name only when it has a brand of two to four
// characters: a word of the sentence before a trade (一家电子厂, 某装饰公司) or a service every
// city has (燃气公司) names none; the sentence itself (担心老板注销公司) or a place before a
// trade (沙井五金厂) may be the company the writer wrote of before, and tells no two apart.
func TestOrganisationNamesThatAreNoNames(t *testing.T) {
	got := entsOf("我在沙井一家电子厂做了两年，某装饰公司也欠我钱，燃气公司说管道要换。")
	for k := range got {
		if strings.HasPrefix(k, entKindName[EntOrg]+":") {
			t.Errorf("junk organisation %s in %v", k, got)
		}
	}
	for _, c := range []struct{ x, y string }{
		{"深圳市云枢智能科技有限公司拖欠员工6月至8月工资，本人应发合计约6.3万元。", "来电人询问欠薪处理进展，担心老板注销公司跑掉。"},
		{"深圳市鑫达精密五金制品有限公司拖欠我四月工资5800元。", "沙井五金厂的工资还是没发，四月的5800元。"},
	} {
		d := matterEvidence(Extract(Doc{Content: c.y}), Extract(Doc{Content: c.x}))
		for _, s := range d.conflicts {
			if strings.HasPrefix(s, entKindName[EntOrg]) {
				t.Errorf("%s / %s: %v", c.x, c.y, d.conflicts)
			}
		}
	}
	// Two companies with brands still differ, a long brand of a trade the list does not know
	// and factories of two places too.
	for _, c := range []struct{ x, y string }{
		{"深圳市宏利包装制品有限公司欠我工资。", "深圳市新达五金制品有限公司欠我工资。"},
		{"深圳市腾讯计算机系统有限公司欠我工资。", "深圳市海王星辰医药连锁有限公司欠我工资。"},
		{"沙井五金厂欠我工资。", "松岗五金厂欠我工资。"},
	} {
		if d := matterEvidence(Extract(Doc{Content: c.x}), Extract(Doc{Content: c.y})); d.hard == 0 {
			t.Errorf("%s / %s read alike: shared %v", c.x, c.y, d.shared)
		}
	}
}

// One person's two matters of one kind both name the writer's street and the relative they are
// about (儿子): that is who and where, not what about, and makes no kin of them. A company in
// common does.
func TestWhoIsNoMatterDetail(t *testing.T) {
	id := Identity{SamePhone: true}
	a := Extract(Doc{Name: "程大勇", District: "光明区", Street: "马田街道", Content: "领导你好，我住马田街道，儿子去年订婚按老家习俗给了彩礼二十八万八，还有三金。现在两人分手了，没有领结婚证，女方家一分钱都不肯退，媒人也躲着不见，亲戚朋友都看笑话，我老伴气得血压升高住院。"})
	b := Extract(Doc{Name: "程大勇", District: "光明区", Street: "马田街道", Content: "来电人称：儿子上周傍晚放学经过马田街道村口，被邻居散养的大黄狗扑倒咬伤小腿，送医打狂犬疫苗、清创缝针花费两千多元，狗主人拒不认账。"})
	if r := Compare(b, a, id); r.Verdict == Merge {
		t.Errorf("two matters merged on the street and the son: %v %v", r.Verdict, r.Reasons)
	}
	c := Extract(Doc{Name: "王建国", District: "宝安区", Street: "沙井街道", Content: "沙井街道宏达电子厂拖欠我儿子三个月工资。"})
	d := Extract(Doc{Name: "王建国", District: "宝安区", Street: "沙井街道", Content: "宏达电子厂的事，我儿子说厂里还是不发钱。"})
	if r := Compare(d, c, id); r.Verdict != Merge {
		t.Errorf("one matter with the company in common: %v %v", r.Verdict, r.Reasons)
	}
}

// A company shortened to its brand's first two characters (云栈科技 for 深圳市云栈智联科技有限公司)
// meets the full name: an index key and a brand in common, so that its workers' items link.
func TestBrandShortenedToTwoCharacters(t *testing.T) {
	full := Extract(Doc{Name: "陈伟", District: "南山区", Street: "粤海街道",
		Content: "深圳市云栈智联科技有限公司自今年3月起拖欠全体员工工资，老板失联。请求劳动监察立案处理。"})
	short := Extract(Doc{Name: "林晓琳", District: "南山区", Street: "粤海街道",
		Content: "我们在云栈科技上班，工资三个月没发了，工友都在等消息。"})
	keys := map[string]bool{}
	for _, k := range Keys(full) {
		keys[fmt.Sprint(k.Kind, k.Value)] = true
	}
	found := false
	for _, k := range Keys(short) {
		found = found || keys[fmt.Sprint(k.Kind, k.Value)] && !k.StoreOnly
	}
	if !found {
		t.Errorf("no key in common")
	}
	if b := sharedBrand(short, full); b != "云栈智联" {
		t.Errorf("brand in common %q, want 云栈智联", b)
	}
	if r := Compare(short, full, Identity{}); r.Verdict != Link {
		t.Errorf("two workers of one company: %v %v", r.Verdict, r.Reasons)
	}
}

// A company named by its brand's initials in Latin letters (XDL五金厂, QH学堂) meets the company
// whose brand has them (鑫达利, 启航): a key and a brand in common. Other initials do not.
func TestBrandInitials(t *testing.T) {
	if got := brandInitials("鑫达利"); got != "xdl" {
		t.Errorf("brandInitials(鑫达利) = %q", got)
	}
	full := Extract(Doc{Name: "罗伟", District: "宝安区", Street: "沙井街道",
		Content: "深圳市鑫达利五金制品有限公司拖欠我们三个月工资，老板失联。请求劳动监察处理。"})
	short := Extract(Doc{Name: "覃海军", District: "宝安区", Street: "沙井街道",
		Content: "XDL五金厂欠我们工资三个月了，厂门都锁了，工友都在等。"})
	keys := map[string]bool{}
	for _, k := range Keys(full) {
		keys[fmt.Sprint(k.Kind, k.Value)] = true
	}
	found := false
	for _, k := range Keys(short) {
		found = found || keys[fmt.Sprint(k.Kind, k.Value)] && !k.StoreOnly
	}
	if !found {
		t.Errorf("no key in common")
	}
	if b := sharedBrand(short, full); b != "鑫达利" {
		t.Errorf("brand in common %q, want 鑫达利", b)
	}
	if r := Compare(short, full, Identity{}); r.Verdict != Link {
		t.Errorf("two workers of one company: %v %v", r.Verdict, r.Reasons)
	}
	other := Extract(Doc{Name: "覃海军", District: "宝安区", Content: "HX五金厂欠我们工资三个月了。"})
	if b := sharedBrand(other, full); b != "" {
		t.Errorf("other initials share %q", b)
	}
}

// Letters standing alone meet a company whose brand they spell — its initials (YZZL for
// 云栈智联) or its pinyin (yunzhan for 云栈) — but the same letters on two sides (APP, CBD) are
// no company in common: they may be any word.
func TestLoneLettersSpellABrand(t *testing.T) {
	full := Extract(Doc{Name: "陈伟", District: "南山区", Content: "深圳市云栈智联科技有限公司自3月起拖欠全体员工工资，老板失联。"})
	short := Extract(Doc{Name: "林晓琳", District: "南山区", Content: "YZZL欠薪的事 我们工友都在等 劳动监察去了没"})
	if b := sharedBrand(short, full); b != "云栈智联" {
		t.Errorf("initials: brand in common %q", b)
	}
	pin := Extract(Doc{Name: "Kevin", District: "南山区", Content: "我在yunzhan上班 工资三个月没发了"})
	if b := sharedBrand(pin, Extract(Doc{Content: "云栈科技欠我们三个月工资。"})); b != "云栈" {
		t.Errorf("pinyin: brand in common %q", b)
	}
	a := Extract(Doc{Content: "通过深圳人才引进APP申请入户，审核卡了两个月。"})
	b := Extract(Doc{Content: "通过深圳交通APP申请网约车运输证，两个月没结果。"})
	if s := sharedBrand(a, b); s != "" {
		t.Errorf("two apps share %q", s)
	}
}

// What letters are not: the same letters on two sides (XX公司 hides a name, IT服务 is a trade),
// two-letter initials (HX物业 fits 海鑫 and 恒信), pieces of an e-mail or a web address, and a
// brand's first two characters against a three-character brand (宏达 is not 宏达兴).
func TestLettersThatNameNoCompany(t *testing.T) {
	for _, c := range []struct{ x, y string }{
		{"来电人反映XX公司拖欠其三个月工资。", "来电人反映XX公司拖欠其两个月工资。"},
		{"IT服务外包公司拖欠我们工资。", "我们是IT服务外包的，工资没发。"},
		{"HX物业乱收停车费。", "深圳市海鑫物业管理有限公司乱收停车费。"},
		{"我发邮件到liming@163.com举报过，网址是https://www.baidu.com。", "深圳市黎明电子有限公司拖欠工资。"},
		{"宏达电子拖欠工资。", "深圳市宏达兴塑胶制品有限公司拖欠工资。"},
	} {
		if b := sharedBrand(Extract(Doc{Content: c.x}), Extract(Doc{Content: c.y})); b != "" {
			t.Errorf("%s / %s: brand in common %q", c.x, c.y, b)
		}
	}
}

// A group petition about one estate: owners name it with their property company after it
// (溪岭雅苑物业) or the estate itself (溪岭雅苑), and a letter may give no district at all. They
// find each other and link; another estate's company does not.
func TestEstateGroupAcrossNamings(t *testing.T) {
	estate := Extract(Doc{Name: "钟美玲", OpenID: "oA1", District: "坪山区", Content: "溪岭雅苑的佳邻物业太过分了 地下车位月租从300涨到480 没开业主大会没公示 不交的直接把门禁卡停了 能不能管管"})
	company := Extract(Doc{Name: "张先生", Phone: "13900000001", District: "坪山区", Street: "碧岭街道",
		Content: "来电人张先生反映，碧岭街道溪岭雅苑物业公司擅自上调停车费，并对未缴纳新标准费用的业主停用门禁。来电人要求信访部门让物业恢复门禁。"})
	if !sharesKey(Keys(company), Keys(estate)) {
		t.Errorf("an estate's company and the estate share no key")
	}
	if r := Compare(company, estate, Identity{PhoneConflict: true}); r.Verdict != Link {
		t.Errorf("an estate's company and the estate: %v %+v", r.Verdict, r)
	}
	other := Extract(Doc{Name: "张先生", Phone: "13900000001", District: "坪山区", Street: "碧岭街道",
		Content: "来电人张先生反映，碧岭街道翠湖花园物业公司擅自上调停车费，并对未缴纳新标准费用的业主停用门禁。来电人要求信访部门让物业恢复门禁。"})
	if r := Compare(other, estate, Identity{PhoneConflict: true}); r.Verdict == Link || r.Verdict == Merge {
		t.Errorf("another estate's company: %v %+v", r.Verdict, r)
	}
	// A letter without its district names the estate after its developer; a message from the
	// district names it alone.
	letter := Extract(Doc{Name: "刘洋", Content: "标题：HL置业澜湾府烂尾问题。我是澜湾府2栋的业主刘洋。项目从去年秋天停工到现在，住建部门有没有掌握停工原因？监管账户里还有多少钱？"})
	message := Extract(Doc{Name: "黄丽萍", OpenID: "oA2", District: "光明区", Street: "新湖街道", Content: "你好 我想问下澜湾府什么时候能交楼 工地一个人都没有 塔吊都不动 已经烂尾了 政府管不管"})
	if !sharesKey(Keys(letter), Keys(message)) {
		t.Errorf("an estate named with and without a district share no key")
	}
	if r := Compare(letter, message, Identity{}); r.Verdict != Link {
		t.Errorf("a letter without a district and a message about one estate: %v %+v", r.Verdict, r)
	}
}

// One buyer's two matters about one stalled estate: the stalled works, and the housing fund
// that will not let her draw on it for the loan. Told on one phone, they stay two (公积金 is a
// request of its own, like 社保 or 医保); the works told again are the same matter.
func TestHousingFundIsARequestOfItsOwn(t *testing.T) {
	works := Extract(Doc{Name: "刘洋", Phone: "13900000031", District: "光明区", Street: "新湖街道",
		Content: "澜湾府项目从去年秋天停工到现在，已经烂尾了，住建部门有没有掌握停工原因？监管账户里还有多少钱？"})
	fund := Extract(Doc{Name: "刘洋", Phone: "13900000031", District: "光明区", Street: "新湖街道",
		Content: "我在澜湾府买的期房，想申请提取公积金还贷，窗口说期房没有不动产权证不能按偿还购房贷款提取。"})
	if r := Compare(fund, works, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Errorf("the housing fund and the stalled works: %v %+v", r.Verdict, r)
	}
	chaser := Extract(Doc{Name: "刘洋", District: "光明区", Street: "新湖街道", Content: "公积金提取的事有答复了吗 我是澜湾府业主刘洋 问的是还贷提取"})
	if r := Compare(chaser, works, Identity{}); r.Verdict == Merge || !slices.Contains(r.Reasons, "诉求不同（公积金／烂尾）") {
		t.Errorf("a chaser about the housing fund and the stalled works: %v %+v", r.Verdict, r)
	}
	again := Extract(Doc{Name: "刘洋", Phone: "13900000031", District: "光明区", Street: "新湖街道",
		Content: "澜湾府烂尾的事再问一下，工地还是一个人都没有，塔吊都不动了。"})
	if r := Compare(again, works, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Errorf("the stalled works told again: %v %+v", r.Verdict, r)
	}
}

// A deposit kept back is a request of its own: the same person's chaser about it joins it in
// other words, and the same person's wages at the same place are another matter.
func TestDepositIsARequestOfItsOwn(t *testing.T) {
	deposit := Extract(Doc{Name: "黄志伟", Phone: "13900000051", District: "罗湖区", Street: "笋岗街道",
		Content: "二房东不退押金，我住笋岗村一房一厅，押二付一，押金4800，提前一个月说了要退租，他说墙弄脏了要全部扣掉。"})
	chaser := Extract(Doc{Name: "黄志伟", Phone: "13900000051", District: "罗湖区", Street: "笋岗街道",
		Content: "押金的事还是没人管，房东电话也不接了，我该怎么办。"})
	if r := Compare(chaser, deposit, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Errorf("the deposit chased: %v %+v", r.Verdict, r)
	}
	wages := Extract(Doc{Name: "黄志伟", Phone: "13900000051", District: "罗湖区", Street: "笋岗街道",
		Content: "笋岗村楼下的制衣厂拖欠我三个月工资，老板说等货款回来再发，我该怎么办。"})
	if r := Compare(wages, deposit, Identity{SamePhone: true}); r.Verdict == Merge || !slices.Contains(r.Reasons, "诉求不同（工资／押金）") {
		t.Errorf("wages and a deposit: %v %+v", r.Verdict, r)
	}
}

// An allowance and a dismissal's compensation are requests of their own; an allowance called
// 津贴 once and 补贴 the next time is one.
func TestAllowanceAndCompensationAreRequests(t *testing.T) {
	allowance := Extract(Doc{Name: "何秀兰", Phone: "13900000061", District: "南山区", Street: "南头街道",
		Content: "我父亲今年满八十岁了，高龄津贴申请交上去三个月了还没有发放，社区说在审核。"})
	again := Extract(Doc{Name: "何秀兰", Phone: "13900000061", District: "南山区", Street: "南头街道",
		Content: "我爸的高龄补贴还是没发，社区一直说审核，到底卡在哪里。"})
	if r := Compare(again, allowance, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Errorf("the allowance chased as 补贴: %v %+v", r.Verdict, r)
	}
	compensation := Extract(Doc{Name: "何秀兰", Phone: "13900000061", District: "南山区", Street: "南头街道",
		Content: "我在南头一家超市做了六年收银，被公司辞退，经济补偿一分没有，社区说我可以去申请。"})
	if r := Compare(compensation, again, Identity{SamePhone: true}); r.Verdict == Merge || !slices.Contains(r.Reasons, "诉求不同（经济补偿／补贴）") {
		t.Errorf("compensation and an allowance: %v %+v", r.Verdict, r)
	}
}

// A quiet merge — the same person, nothing told differently, something in common — holds
// only while nothing in the case tells the matters apart. A fisherman's letter about his fuel
// subsidy, then a short chaser: a visit about a quarrel with his neighbour over a drying
// ground matches the chaser quietly, but the letter is surely another kind of matter.
func TestQuietMergeYieldsToTheCase(t *testing.T) {
	letter := Extract(Doc{Name: "杨金水", Phone: "13483724238", District: "大鹏新区", Street: "南澳街道",
		Content: "我叫杨金水，今年68岁，南澳南渔社区渔民。我家有一条12米的木质渔船，2033年度的渔业油价补贴我一直没有领到。去问，说船的所有权登记在我儿子名下，我儿子户口迁去了龙岗，所以不能发。请渔业主管部门按实际经营人发放补贴。"})
	chaser := Extract(Doc{Name: "杨金水", District: "大鹏新区", Street: "南澳街道",
		Content: "杨金水来访，称之前反映的事情一直没有结果，南渔社区的人都知道是他家在经营，要求尽快答复。"})
	quarrel := Extract(Doc{Name: "杨金水", District: "大鹏新区", Street: "南澳街道",
		Content: "来访人杨金水反映：其与同村邻居因海边晒网场的地界发生争执，邻居在两家中间砌了一道矮墙，占了来访人家约二十平方米晒网的地方，双方吵了几次。要求社区出面调解。"})
	quiet := Compare(quarrel, chaser, Identity{})
	if quiet.Verdict != Merge || !quiet.quiet {
		t.Fatalf("the chaser alone: %+v, want a quiet merge", quiet)
	}
	againstLetter := Compare(quarrel, letter, Identity{})
	if !againstLetter.otherKind {
		t.Fatalf("against the letter: %+v, want the kinds told apart", againstLetter)
	}
	if r := CompareCase([]Result{againstLetter, quiet}); r.Verdict == Merge {
		t.Errorf("the case: %+v, want no merge (its letter is another kind of matter)", r)
	}
	// Without the letter the chaser's case takes it: nothing tells them apart.
	if r := CompareCase([]Result{quiet}); r.Verdict != Merge {
		t.Errorf("the chaser's case alone: %+v, want a merge", r)
	}
}

// Members of one group name what happened each their own way — the night market on a road,
// "美食一条街", nothing at all — but on the same street and about the same thing: they meet by
// what it is about within the street on the form, and only there.
func TestGroupMembersMeetByWhatWithinTheStreet(t *testing.T) {
	a := Extract(Doc{Name: "林佳佳", District: "坪山区", Street: "坪山街道",
		Content: "坪山街道东纵路夜市要在4月30号关闭，街道贴了通知，事先没有任何征求意见。我们一百多个摊主靠夜市生活。"})
	b := Extract(Doc{Name: "叶春兰", District: "坪山区", Street: "坪山街道",
		Content: "来电人反映：美食一条街的夜市将于月底关闭，来电人在那里卖糖水四年，摊位费已交至年底，希望街道暂缓。"})
	if !shareKey(a, b) {
		t.Errorf("one street, one night market: no key in common")
	}
	c := Extract(Doc{Name: "叶春兰", District: "坪山区", Street: "龙田街道",
		Content: "来电人反映：美食一条街的夜市将于月底关闭，来电人在那里卖糖水四年，摊位费已交至年底，希望街道暂缓。"})
	if shareKey(a, c) {
		t.Errorf("another street: a key in common")
	}
}

// A company named in full on one side and only in passing on the other, with no kind word to
// find it by ("鑫达利欠我们三个月工资"), is one company: its brand's character pairs are all in
// the other's wording. Not a brand whose pairs are there only apart (鑫 … 达利 in another
// sense), nor when the other side names a company of its own.
func TestCompanyMentionedInPassing(t *testing.T) {
	full := Extract(Doc{Name: "覃永强", Phone: "13883156416", District: "宝安区", Street: "福海街道",
		Content: "覃永强反映：深圳市鑫达利电子有限公司拖欠其工资一万四千五百元，厂长电话关机。系集体访成员之一。"})
	passing := Extract(Doc{Name: "蒙志华", OpenID: "oQx7Kk6ghDMbZxQNgq0IXVh__atE", District: "宝安区", Street: "福海街道",
		Content: "鑫达利欠我们三个月工资，我那份一万六千八，去了信访局说转给人社局了，现在有进展吗"})
	r := Compare(passing, full, Identity{})
	if r.Verdict != Link || !slices.ContainsFunc(r.Reasons, func(s string) bool { return strings.HasPrefix(s, "均提及：") && strings.Contains(s, "鑫达利") }) {
		t.Errorf("the company in passing: %v %+v", r.Verdict, r)
	}
	apart := Extract(Doc{Name: "蒙志华", District: "宝安区", Street: "福海街道",
		Content: "达利说鑫源那边欠我们三个月工资，我那份一万六千八，现在有进展吗"})
	if b := mentioned(apart, full, EntOrg, brandCore); b != "" {
		t.Errorf("pairs found apart: %q", b)
	}
	other := Extract(Doc{Name: "蒙志华", District: "宝安区", Street: "福海街道",
		Content: "鑫达利介绍我去深圳市宏发五金有限公司上班，宏发欠我们三个月工资"})
	if b := mentioned(other, full, EntOrg, brandCore); b != "" {
		t.Errorf("a company of its own named: %q", b)
	}
}

// An estate named with its kind word on one side (望海湾花园) and without on the other
// (望海湾那边的学位) is one estate when the rest of its name is in the other's wording.
func TestEstateMentionedInPassing(t *testing.T) {
	full := Extract(Doc{Name: "杨帆", District: "南山区", Street: "蛇口街道",
		Content: "望海湾花园今年被从育才第二小学学区划到湾畔小学，业主事先不知情，请教育局说明依据。"})
	passing := Extract(Doc{Name: "高峰", District: "南山区", Street: "蛇口街道",
		Content: "我们望海湾那边的孩子今年学区被改了，离家远了两公里，请求恢复原来的划分。"})
	if e := mentioned(passing, full, EntEstate, estateCore); e != "望海湾" {
		t.Errorf("the estate in passing: %q", e)
	}
	if r := Compare(passing, full, Identity{}); !slices.ContainsFunc(r.Reasons, func(s string) bool { return strings.HasPrefix(s, "均提及：") && strings.Contains(s, "望海湾") }) {
		t.Errorf("not shared: %+v", r)
	}
	other := Extract(Doc{Name: "高峰", District: "南山区", Street: "蛇口街道",
		Content: "我们海湾那边望着学校很远，孩子今年学区被改了，请求恢复原来的划分。"})
	if e := mentioned(other, full, EntEstate, estateCore); e != "" {
		t.Errorf("pairs found apart: %q", e)
	}
}

// One person's matters of kinds the categories do not tell apart — a road accident and money
// lost to a wealth-management platform, a loan and a benefit — are read as two requests; a
// road accident and the car impounded after it are one matter's two sides.
func TestRequestsOfOneWriterTellMattersApart(t *testing.T) {
	doc := func(content string) *Features {
		return Extract(Doc{Name: "关志明", Phone: "13723456781", District: "宝安区", Street: "西乡街道", Content: content})
	}
	crash := doc("上周在西乡大道被一辆小车追尾，对方保险公司只赔修车费，请交警部门督促对方赔偿。")
	platform := doc("我在西乡一家理财公司投了二十万，现在门店关了，老板电话不接，请政府帮忙追回。")
	if r := Compare(platform, crash, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Errorf("an accident and a platform's collapse: merged %+v", r)
	}
	impound := doc("追尾那件事处理完一个月了，我的车还被扣在停车场，每天收费，请交警放车。")
	if r := Compare(impound, crash, Identity{SamePhone: true}); r.Verdict == None {
		t.Errorf("the accident's impounded car: verdict none %+v", r)
	}
	loan := doc("老乡向我借钱五万元写了借条，一年多不还，电话也不接，政府能不能帮忙追讨。")
	benefit := doc("我母亲申请低保被街道退回，说家里有车，车是我借钱买来跑运输的，请街道重新审核。")
	if r := Compare(benefit, loan, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Errorf("a loan and a benefit: merged %+v", r)
	}
	support := doc("我有三个儿子，大儿子二儿子都不给赡养费，我一个人住，吃饭都成问题，想问怎么办。")
	allowance := doc("我今年八十八岁，高龄津贴去年十月起停发了，社区说户籍地址不对，请民政局核查。")
	if r := Compare(support, allowance, Identity{SamePhone: true}); r.Verdict == Merge {
		t.Errorf("a son's support and an old-age allowance: merged %+v", r)
	}
	// Paying rent (交房租) is no flat handed over (交房).
	if rent := doc("租客三个月不交房租，还不肯搬走，政府能不能出面。"); slices.Contains(rent.Tags, tagOf(TagTopic, 11)) {
		t.Errorf("交房租 read as a flat handed over: %v", rent.Tags)
	}
	for _, f := range []*Features{crash, platform, impound, loan, benefit, support, allowance} {
		if len(topics(f)) == 0 {
			t.Errorf("no request read in %v", f.Tags)
		}
	}
}

// One writer's two matters sent to offices of different work (the health commission about a
// hospital's booking, market supervision about a pharmacy's prices) are two matters even with
// nothing in them that differs; one matter sent to two offices with its amount in common is one.
func TestDepartmentsOfDifferentWorkTellMattersApart(t *testing.T) {
	doc := func(dept, content string) *Features {
		return Extract(Doc{Name: "吴德明", Phone: "13723456781", District: "罗湖区", Street: "南湖街道", Department: dept, Content: content})
	}
	booking := doc("罗湖区卫生健康局", "本人吴德明，南湖街道社康中心签约家庭医生，说好每季度上门随访，至今一次未来，请督促落实。吴德明")
	pharmacy := doc("罗湖区市场监督管理局", "本人吴德明，南湖街道一家大药房降压药标价比社康贵好几倍，也不明码标价，请依法查处。吴德明")
	if r := Compare(pharmacy, booking, Identity{SamePhone: true}); r.Verdict == Merge || !slices.Contains(r.Reasons, "投诉部门不同（市场监督／卫生健康）") {
		t.Errorf("a family doctor and a pharmacy, told to two offices: %+v", r)
	}
	// The same departments' functions at another level (区 / 市), or a price sent to market
	// supervision after the price office, are one office's work.
	again := doc("深圳市卫生健康委员会", "本人吴德明，南湖街道社康中心签约家庭医生，说好每季度上门随访，至今一次未来，区里没有回复。吴德明")
	if r := Compare(again, booking, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Errorf("the family doctor told to the city's health commission: %+v", r)
	}
	fraud := doc("罗湖区市场监督管理局", "我父亲被上门推销的保健床垫骗走39800元，请市场监管部门查处这家公司。")
	police := doc("市公安局罗湖分局", "我父亲买保健床垫被骗39800元，派出所说是消费纠纷不立案，请公安机关重新审查。")
	if r := Compare(police, fraud, Identity{SamePhone: true}); r.Verdict != Merge {
		t.Errorf("one fraud told to market supervision and the police, its amount in common: %+v", r)
	}
	if organTag(string(normalize("南湖街道办事处"))) != 0 || organTag(string(normalize("罗湖区人民政府"))) != 0 {
		t.Error("an office of general competence read as one of a function")
	}
}

// Members of a group name their company in ways no rule joins, or not at all: one speaking for
// many and another asking the same from the same street are one group's matter, linked.
func TestGroupToldByTheRequestForMany(t *testing.T) {
	doc := func(name, content string) *Features {
		return Extract(Doc{Name: name, District: "罗湖区", Street: "笋岗街道", Content: content})
	}
	group := doc("黄伯坤", "来访人黄伯坤等6人集体来访，反映田心片区棚改拆迁项目过渡费停发三个月，要求区城市更新局督促发放。")
	member := doc("李桂英", "俺系田心村的李桂英，棚改拆迁那个公司过渡费三个月冇发了，俺一个老人家租屋住，请政府督促。")
	if r := Compare(member, group, Identity{}); r.Verdict != Link {
		t.Errorf("a member and the group visit: %+v", r)
	}
	alone := doc("黄伯坤", "我反映田心片区棚改拆迁项目过渡费停发三个月，要求区城市更新局督促发放。")
	if r := Compare(member, alone, Identity{}); r.Verdict == Link {
		t.Errorf("two people each on their own: linked %+v", r)
	}
	// The same company named from the same street, one side told for many, nothing else in
	// common: a member's short message beside the group's letter.
	wdoc := func(name, content string) *Features {
		return Extract(Doc{Name: name, District: "宝安区", Street: "沙井街道", Content: content})
	}
	workers := wdoc("罗伟", "我们工友三十多人在深圳市鑫达精密五金制品有限公司上班，老板上周失联，厂门锁了，请劳动部门处理。")
	worker := wdoc("覃海军", "鑫达五金老板失联了，我在厂里上班，请劳动监察来看看。")
	if r := Compare(worker, workers, Identity{}); r.Verdict != Link {
		t.Errorf("a member's message beside the group's letter: %+v", r)
	}
	single := wdoc("罗伟", "我在深圳市鑫达精密五金制品有限公司上班，老板上周失联，厂门锁了，请劳动部门处理。")
	if r := Compare(worker, single, Identity{}); r.Verdict == Link {
		t.Errorf("the company alone, no one speaking for many: linked %+v", r)
	}
	other := doc("黄伯坤", "来访人黄伯坤等6人集体来访，反映深圳市利民物业管理有限公司所在片区拆迁过渡费停发三个月，要求督促发放。")
	named := doc("李桂英", "深圳市利民制衣有限公司厂房拆迁，过渡费三个月冇发了，请政府督促。")
	if r := Compare(named, other, Identity{}); r.Verdict == Link {
		t.Errorf("two companies named: linked %+v", r)
	}
}

// One who writes for another names the family from their own place in it (the son's 母亲 is
// the grandmother's self, who speaks of her 孙女): no difference of relatives between them.
// Between two items of one writer it still is one.
func TestRelativesSeenFromTheWritersPlace(t *testing.T) {
	grandmother := Extract(Doc{Name: "郑丽华", District: "福田区", Content: "信访局领导：我是一个退休老人，孙女在启睿学堂学英语，是我用退休金给她交的学费一万二千元。现在人去楼空，恳请政府部门查一查这家机构收的钱去了哪里。"})
	son := Extract(Doc{Name: "符志强", District: "福田区", Phone: "13800000000", Content: "来电人符志强称：其母亲郑丽华随启睿学堂家长集体来访，母亲年纪大，由其代为询问教育局核查的结果，希望书面答复寄到家里。"})
	kinDiffers := func(r Result) bool {
		return slices.ContainsFunc(r.Reasons, func(s string) bool { return strings.HasPrefix(s, "亲属不同") })
	}
	if r := Compare(son, grandmother, Identity{}); kinDiffers(r) {
		t.Errorf("the son's 母亲 and the grandmother's 孙女 read as a difference: %v", r.Reasons)
	}
	herself := Extract(Doc{Name: "郑丽华", District: "福田区", Content: "我母亲今年九十岁，在启睿学堂旁边的养老院住，收费太高。"})
	if r := Compare(herself, grandmother, Identity{}); !kinDiffers(r) {
		t.Errorf("one writer's 母亲 and 孙女 should still differ: %v", r.Reasons)
	}
}

// The members of a group's visit whom the registrar notes after the representative (反映同上,
// 同上。) are the group's matter: each note links to the representative's registration and to
// the other notes from the same street, and finds them by a key of the street. Not from another
// street, not a note that tells another company, and 合同上 is no 同上.
func TestGroupVisitNotesSameAsAbove(t *testing.T) {
	doc := func(name, street, content string) *Features {
		return Extract(Doc{Name: name, District: "南山区", Street: street, Content: content})
	}
	rep := doc("周长林", "蛇口街道", "集体访（6人），代表周长林登记：我们是太子湾在建写字楼工地的工人，包工头黄某4月初跑路，拖欠我们6人工资共18万元。要求总包单位垫付。")
	notes := []*Features{
		doc("陈秋菊", "蛇口街道", "陈秋菊，反映同上。在黄老板手下做小工，被欠一万五千八。"),
		doc("罗德华", "蛇口街道", "来访人罗德华反映同上（太子湾工地包工头跑路欠薪），本人被欠31000元。"),
		doc("唐建国", "蛇口街道", "同上。本人被欠两万九。"),
	}
	for i, n := range notes {
		if !hasTagGroup(n, TagAbove) {
			t.Fatalf("note %d: no 同上 read: %v", i, n.Tags)
		}
		if r := Compare(n, rep, Identity{}); r.Verdict != Link {
			t.Errorf("note %d and the representative: %+v", i, r)
		}
		if !keysMeet(Keys(n), Keys(rep)) {
			t.Errorf("note %d does not find the representative", i)
		}
	}
	// (A note that tells nothing but 同上 and its own figure has nothing else to link by.)
	if r := Compare(notes[2], rep, Identity{}); !slices.Contains(r.Reasons, aboveReason) {
		t.Errorf("the bare note is linked for another reason: %+v", r)
	}
	if r := Compare(notes[1], notes[0], Identity{}); r.Verdict != Link {
		t.Errorf("two notes: %+v", r)
	}
	// The registration is filed under the street's group key; only notes look it up (two
	// registrations for many do not meet by it).
	gv := fnv64("GV", "蛇口街道")
	for _, k := range Keys(rep) {
		if k.Value == gv && !k.StoreOnly {
			t.Errorf("the registration looks up the group key: %+v", k)
		}
	}
	if r := Compare(doc("陈秋菊", "招商街道", "陈秋菊，反映同上。被欠一万五千八。"), rep, Identity{}); r.Verdict == Link {
		t.Errorf("a note from another street: %+v", r)
	}
	if f := doc("钟伟", "蛇口街道", "合同上写的是三年不涨租。"); hasTagGroup(f, TagAbove) {
		t.Errorf("合同上 read as 同上: %v", f.Tags)
	}
}

// Maternity pay (生育津贴) is not the 津贴 of the old, and contributions unpaid are one matter
// with the maternity pay they stop: a follow-up about either is no other request. Not with a
// hospital bill (医保): one person's pension gap and her reimbursement are two matters.
func TestContributionsAndWhatTheyPay(t *testing.T) {
	f := Extract(Doc{Content: "派遣公司的社保补交了三个月，生育津贴还是申请不了。"})
	if slices.Contains(f.Tags, tagOf(TagTopic, 6)) || !slices.Contains(f.Tags, tagOf(TagTopic, 52)) {
		t.Errorf("生育津贴 read as %v", f.Tags)
	}
	doc := func(content string) *Features {
		return Extract(Doc{Name: "黄丽", Phone: "18892577930", District: "盐田区", Street: "海山街道", Content: content})
	}
	differs := func(r Result) bool {
		return slices.ContainsFunc(r.Reasons, func(s string) bool { return strings.HasPrefix(s, "诉求不同") })
	}
	first := doc("派遣公司欠缴社保快一年了，我怀孕了，生育保险用不了。")
	if r := Compare(doc("社保补缴了三个月，生育津贴还是申请不了，请问还要等多久。"), first, Identity{SamePhone: true}); differs(r) {
		t.Errorf("arrears and the maternity pay they stop: %+v", r)
	}
	if r := Compare(doc("去年回老家住院花了两万多，回深圳报销医保只能按很低的比例报。"), doc("公司2015年至2017年欠缴社保，缺了三年养老保险。"), Identity{SamePhone: true}); !differs(r) {
		t.Errorf("a pension gap and a hospital bill: %+v", r)
	}
}
