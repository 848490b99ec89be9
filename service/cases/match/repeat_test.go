package match

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
)

// lenient is the shipped model merging from 0.85: the examples below score 0.89 with it, and the
// tests are of what a learnt merge does, not of where the threshold lies.
func lenient() *RepeatModel {
	m := *shippedRepeat
	m.Threshold = 0.85
	return &m
}

// A letter and, weeks later, the writer's short call about it: one matter told in other words,
// with little wording in common. The rules find the same person but not the matter; the
// learnt second reading merges it and says so.
func TestRepeatModelMergesAFollowUpInOtherWords(t *testing.T) {
	letter := Extract(Doc{Name: "邓秀梅", District: "龙岗区", Street: "坪地街道",
		Content: "我家住坪地街道年丰村，村口那家塑料回收场每天晚上烧东西，一股刺鼻的焦臭味飘进屋里，孩子夜里咳嗽醒好几次。请环保部门晚上来查一查，让他们停止焚烧。"})
	call := Extract(Doc{Name: "邓秀梅", District: "龙岗区",
		Content: "来电人邓秀梅称，年丰村那边有人焚烧废品，烟很呛，家里老人小孩受不了，请派人看看。"})
	rules := Compare(call, letter, Identity{})
	if rules.Verdict == Merge {
		t.Fatalf("the rules alone merge the pair (%v): the test no longer exercises the model", rules.Reasons)
	}
	r := lenient().Compare(call, letter, Identity{})
	if r.Verdict != Merge || !r.learnt {
		t.Fatalf("verdict %v (learnt %v), want a learnt merge; reasons %v", r.Verdict, r.learnt, r.Reasons)
	}
	if last := r.Reasons[len(r.Reasons)-1]; !strings.HasPrefix(last, learntReason) {
		t.Errorf("last reason %q, want the model's with its score", last)
	}
}

// The model is not asked where the rules read a detail that tells the matters apart, nor about
// a variant of the name on another phone, nor about two people.
func TestRepeatModelLeavesWhatTheRulesTellApart(t *testing.T) {
	wages := func(name, company string) *Features {
		return Extract(Doc{Name: name, District: "宝安区", Street: "沙井街道",
			Content: company + "拖欠我们三个月工资，老板一直推脱，请劳动部门帮忙追讨。"})
	}
	for _, c := range []struct {
		name string
		n, o *Features
		id   Identity
	}{
		{"another company", wages("黄英", "深圳市瑞丰制衣有限公司"), wages("黄英", "深圳市天成贸易有限公司"), Identity{SamePhone: true}},
		{"a polite form on another phone", wages("黄女士", "深圳市瑞丰制衣有限公司"), wages("黄英", "深圳市瑞丰制衣有限公司"), Identity{PhoneConflict: true}},
		{"another person", wages("陈志刚", "深圳市瑞丰制衣有限公司"), wages("黄英", "深圳市瑞丰制衣有限公司"), Identity{}},
		{"another ID number", wages("黄英", "深圳市瑞丰制衣有限公司"), wages("黄英", "深圳市瑞丰制衣有限公司"), Identity{IDConflict: true}},
	} {
		rules := Compare(c.n, c.o, c.id)
		r := shippedRepeat.Compare(c.n, c.o, c.id)
		if r.Verdict != rules.Verdict || r.learnt {
			t.Errorf("%s: verdict %v (learnt %v), the rules' %v; reasons %v", c.name, r.Verdict, r.learnt, rules.Verdict, r.Reasons)
		}
	}
}

// One person's two matters in one street, nothing in either contradicting the other: a school
// place and cracks from a tunnel's works. They share next to no wording, so the model is not
// asked (learntMinSim); asked all the same, it must not take them for one.
func TestRepeatModelKeepsOnePersonsTwoMatters(t *testing.T) {
	school := Extract(Doc{Name: "曾庆华", District: "宝安区", Street: "燕罗街道",
		Content: "我女儿今年读小一，家住燕罗塘下涌自己的房子，申请学位的时候系统把我们算成租房积分，结果派到很远的学校，请教育局重新核一下。"})
	cracks := Extract(Doc{Name: "曾庆华", District: "宝安区", Street: "燕罗街道",
		Content: "自今年夏天隧道施工以来，我家两栋房屋均出现开裂、渗水，多次向施工方项目部反映无果，恳请政府组织第三方鉴定，督促施工方赔偿。"})
	id := Identity{SamePhone: true}
	rules, p, d := compare(cracks, school, id)
	if rules.Verdict == Merge || d.sim >= learntMinSim || repeatAsked(rules, p, id, d, cracks, school) {
		t.Fatalf("rules %v, wording in common %.3f: the model should not be asked", rules.Verdict, d.sim)
	}
	if r := shippedRepeat.Compare(cracks, school, id); r.Verdict == Merge {
		t.Fatalf("merged one person's two matters: %v", r.Reasons)
	}
	if s := shippedRepeat.score(repeatFeatures(shippedRepeat, cracks, school, id, p, d)); s >= shippedRepeat.Threshold {
		t.Errorf("asked, the model would merge one person's two matters (%.2f)", s)
	}
}

func TestRepeatModelNilIsTheRules(t *testing.T) {
	letter := Extract(Doc{Name: "邓秀梅", District: "龙岗区", Street: "坪地街道",
		Content: "我家住坪地街道年丰村，村口那家塑料回收场每天晚上烧东西，一股刺鼻的焦臭味飘进屋里，孩子夜里咳嗽醒好几次。请环保部门晚上来查一查，让他们停止焚烧。"})
	call := Extract(Doc{Name: "邓秀梅", District: "龙岗区", Content: "来电人邓秀梅称，年丰村那边有人焚烧废品，烟很呛，家里老人小孩受不了，请派人看看。"})
	if r := lenient().Compare(call, letter, Identity{}); !r.learnt {
		t.Fatalf("the shipped model does not merge the pair (%v): the test no longer exercises it", r.Verdict)
	}
	var m *RepeatModel
	a, b := m.Compare(call, letter, Identity{}), Compare(call, letter, Identity{})
	if a.Verdict != b.Verdict || a.learnt || !slices.Equal(a.Reasons, b.Reasons) {
		t.Errorf("nil model %v %v, rules %v %v", a.Verdict, a.Reasons, b.Verdict, b.Reasons)
	}
}

// The model file names its columns: the features and the names must stay one to one.
func TestRepeatFeaturesAreNamed(t *testing.T) {
	n := Extract(Doc{Name: "邓秀梅", District: "龙岗区", Content: "来电人邓秀梅称，年丰村那边有人焚烧废品。"})
	o := Extract(Doc{Name: "邓秀梅", District: "龙岗区", Street: "坪地街道", Content: "村口那家塑料回收场每天晚上烧东西。"})
	if x := repeatFeatures(shippedRepeat, n, o, Identity{}, 0.8, matterEvidence(n, o)); len(x) != len(repeatFeatureNames) {
		t.Fatalf("%d features, %d names", len(x), len(repeatFeatureNames))
	}
}

// Where the rules hold a merge back on purpose the model is not asked, however alike the texts.
func TestRepeatModelRespectsTheRulesHolds(t *testing.T) {
	letter := func(name string) *Features {
		return Extract(Doc{Name: name, District: "宝安区", Street: "沙井街道",
			Content: "我们是沙井恒发五金厂的工人，老板拖欠三个月工资跑路了，几十个工友都没拿到钱，请劳动部门帮我们追讨。"})
	}
	for _, c := range []struct {
		name string
		n, o *Features
		id   Identity
	}{
		{"brothers' names, one letter for a group", letter("陈志强"), letter("陈志刚"), Identity{}},
		{"a polite form on a group's letter", letter("陈先生"), letter("陈志刚"), Identity{}},
		// one writer's two offices of different work (organEvidence)
		{"the health commission, then market supervision",
			Extract(Doc{Name: "吴德明", District: "罗湖区", Street: "南湖街道", Department: "罗湖区卫生健康局", Content: "南湖街道社康中心签约家庭医生说好上门随访，一次未来，请督促。吴德明"}),
			Extract(Doc{Name: "吴德明", District: "罗湖区", Street: "南湖街道", Department: "罗湖区市场监督管理局", Content: "南湖街道大药房药价比社康贵好几倍，不明码标价，请查处。吴德明"}), Identity{}},
		// one writer's two stories from one phone with next to no wording in common (learntMinSim)
		{"a boat sold, a raft removed",
			Extract(Doc{Name: "黎亚兴", Phone: "13061784162", District: "大鹏新区", Street: "南澳街道", Content: "我去年把自己一条旧渔船卖给惠东一个老板，合同写好分两次付，第二笔4万到现在没给，电话也拉黑了。请政府帮我把钱追回来，我是南澳东山的渔民黎亚兴。"}),
			Extract(Doc{Name: "黎亚兴", Phone: "13061784162", District: "大鹏新区", Street: "南澳街道", Content: "我在东山外海的蚝排去年有登记的，今年整治专班一声不响就拆了，说是没有海域使用证。可是我们这一片几十年都是这样养，以前没人说要证。"}),
			Identity{SamePhone: true}},
	} {
		rules, p, d := compare(c.n, c.o, c.id)
		if repeatAsked(rules, p, c.id, d, c.n, c.o) {
			t.Errorf("%s: the model is asked (rules %v)", c.name, rules.Verdict)
		}
		if r := shippedRepeat.Compare(c.n, c.o, c.id); r.Verdict != rules.Verdict || r.learnt {
			t.Errorf("%s: %v, the rules' %v", c.name, r.Verdict, rules.Verdict)
		}
	}
}

// Training is deterministic, and a model read back from its file scores as the one trained.
func TestRepeatModelTrainsAndRoundTrips(t *testing.T) {
	set := func(prefix string) []RepeatExample {
		var out []RepeatExample
		add := func(person, matter, name, phone, street, content string) {
			out = append(out, RepeatExample{Person: prefix + person, Matter: prefix + matter,
				Doc: Doc{Name: name, Phone: phone, District: "南山区", Street: street, Content: content}})
		}
		add("a", "a1", "林小红", "13800000001", "西丽街道", "西丽某小区楼下的烧烤店每晚油烟很大，熏得我家不能开窗，请城管处理。")
		add("b", "b1", "郑国平", "13800000002", "蛇口街道", "我在蛇口一家物流公司上班，公司欠了两个月工资，请劳动监察帮忙。")
		add("a", "a1", "林小红", "", "", "烧烤店的油烟还是很大，昨晚又熏到半夜，城管来过一次就没下文了。")
		add("a", "a2", "林小红", "13800000001", "西丽街道", "孩子今年上小学，学位申请被退回，说社保年限不够，可我们交满了，到现在没下文。")
		add("b", "b1", "郑国平", "", "蛇口街道", "工资的事还是没解决，监察大队说在核实，已经过去一个月。")
		add("b", "b2", "郑国平", "13800000002", "蛇口街道", "楼上邻居家漏水，渗到我家天花板，物业说不管。")
		return out
	}
	sets := [][]RepeatExample{set("x"), set("y")}
	m, err := TrainRepeatModel(sets, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	if m.Pairs() == 0 {
		t.Fatal("learnt from no pair")
	}
	again, err := TrainRepeatModel(sets, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.Marshal(), again.Marshal()) {
		t.Error("two trainings on the same sets wrote different models")
	}
	back, err := ParseRepeatModel(m.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.Marshal(), m.Marshal()) {
		t.Error("a model read back writes another file")
	}
	n, o := Extract(sets[0][2].Doc), Extract(sets[0][0].Doc)
	d := matterEvidence(n, o)
	p, _ := personScore(n, o, Identity{})
	// The file keeps each IDF to three decimals.
	if a, b := m.score(repeatFeatures(m, n, o, Identity{}, p, d)), back.score(repeatFeatures(back, n, o, Identity{}, p, d)); math.Abs(a-b) > 1e-3 {
		t.Errorf("score %v, read back %v", a, b)
	}
	if _, err := TrainRepeatModel(nil, 0.9); err == nil {
		t.Error("trained on no set")
	}
}

func TestParseRepeatModelErrors(t *testing.T) {
	var good strings.Builder
	good.WriteString("#threshold\t0.9\n#bias\t-1\n#unseen\t9\n")
	for _, n := range repeatFeatureNames {
		good.WriteString("#w." + n + "\t0.5\n")
	}
	good.WriteString("0000abcd\t3.5\t7\n0000abce\t4\t0\n")
	if _, err := ParseRepeatModel([]byte(good.String())); err != nil {
		t.Fatalf("good model refused: %v", err)
	}
	// Threshold 1: the model never merges (how an admin turns it off).
	off, err := ParseRepeatModel([]byte(strings.Replace(good.String(), "#threshold\t0.9", "#threshold\t1", 1)))
	if err != nil {
		t.Fatalf("threshold 1 refused: %v", err)
	}
	if off.score(make([]float64, len(repeatFeatureNames))) >= off.Threshold {
		t.Error("a score reaches threshold 1")
	}
	for _, c := range []struct{ name, text, want string }{
		{"no threshold", strings.Replace(good.String(), "#threshold\t0.9\n", "", 1), "no #threshold"},
		{"threshold out of range", strings.Replace(good.String(), "#threshold\t0.9", "#threshold\t1.5", 1), "at most 1"},
		{"threshold zero", strings.Replace(good.String(), "#threshold\t0.9", "#threshold\t0", 1), "above 0"},
		{"a pair given twice", good.String() + "0000abcd\t3\t7\n", "given twice"},
		{"a negative IDF", good.String() + "0000abd0\t-1\t3\n", "negative"},
		{"a pair without its topic", good.String() + "0000abd1\t4\n", "topic"},
		{"a negative unseen", strings.Replace(good.String(), "#unseen\t9", "#unseen\t-9", 1), "negative"},
		{"two values for a key", strings.Replace(good.String(), "#bias\t-1", "#bias\t-1\t3", 1), "takes one value"},
		{"missing weight", strings.Replace(good.String(), "#w.topic_cosine\t0.5\n", "", 1), `no weight for feature "topic_cosine"`},
		{"unknown feature", good.String() + "#w.shoe_size\t1\n", `unknown feature "shoe_size"`},
		{"given twice", good.String() + "#bias\t2\n", "#bias given twice"},
		{"not a number", strings.Replace(good.String(), "#bias\t-1", "#bias\tNaN", 1), "not a finite number"},
		{"bad hash", good.String() + "zz\t1\n", "pair hash"},
		{"topic out of range", good.String() + "0000abcf\t1\t999\n", "topic"},
		{"no tab", good.String() + "garbage\n", "want key<TAB>value"},
	} {
		_, err := ParseRepeatModel([]byte(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}

// A learnt merge against one item of a case does not stand when another item of the case
// tells the matters apart: the model was never asked about that item. The rules' own verdicts
// stand — a merge of theirs against a third item included — and the model's merges do not
// count as items that agree.
func TestLearntMergeYieldsToAnotherItemThatDiffers(t *testing.T) {
	letter := Extract(Doc{Name: "邓秀梅", District: "龙岗区", Street: "坪地街道",
		Content: "我家住坪地街道年丰村，村口那家塑料回收场每天晚上烧东西，一股刺鼻的焦臭味飘进屋里，孩子夜里咳嗽醒好几次。请环保部门晚上来查一查，让他们停止焚烧。"})
	call := Extract(Doc{Name: "邓秀梅", District: "龙岗区", Content: "来电人邓秀梅称，年丰村那边有人焚烧废品，烟很呛，家里老人小孩受不了，请派人看看。"})
	learnt := lenient().Compare(call, letter, Identity{})
	if !learnt.learnt {
		t.Fatalf("no learnt merge to start from: %v %v", learnt.Verdict, learnt.Reasons)
	}
	if r := CompareCase([]Result{learnt}); r.Verdict != Merge || !slices.ContainsFunc(r.Reasons, learntReasonOf) {
		t.Fatalf("alone in its case: %v %v", r.Verdict, r.Reasons)
	}
	wages := func(company string) *Features {
		return Extract(Doc{Name: "邓秀梅", District: "龙岗区", Content: company + "拖欠我三个月工资，请劳动部门帮忙追讨。"})
	}
	differs := shippedRepeat.Compare(wages("深圳市瑞丰制衣有限公司"), wages("深圳市天成贸易有限公司"), Identity{})
	if !differs.differs {
		t.Fatalf("two companies read alike: %v", differs.Reasons)
	}
	r := CompareCase([]Result{learnt, differs})
	if r.Verdict != learnt.ruled || slices.ContainsFunc(r.Reasons, learntReasonOf) {
		t.Fatalf("with an item that differs: %v (the rules' %v), reasons %v", r.Verdict, learnt.ruled, r.Reasons)
	}
	// A rules' merge in the case stands, though the learnt one scored higher.
	ruled := Result{Verdict: Merge, Person: 0.8, Matter: 0.5, Reasons: []string{"规则合并"}}
	high := learnt
	high.Person, high.Matter = 0.99, 0.99
	if r := CompareCase([]Result{high, ruled, differs}); r.Verdict != Merge || !slices.Contains(r.Reasons, "规则合并") {
		t.Fatalf("the rules' merge was lost: %v %v", r.Verdict, r.Reasons)
	}
	// Two learnt merges the rules read as a review and nothing do not agree into a merge.
	review := learnt
	review.ruled = Review
	none := learnt
	none.ruled = None
	if r := CompareCase([]Result{review, none, differs}); r.Verdict == Merge {
		t.Fatalf("learnt merges counted as agreeing items: %v", r.Reasons)
	}
}

// A learnt merge where the writer has two candidate cases goes to a registrar.
func TestAmbiguousLearntMerge(t *testing.T) {
	letter := Extract(Doc{Name: "邓秀梅", District: "龙岗区", Street: "坪地街道",
		Content: "我家住坪地街道年丰村，村口那家塑料回收场每天晚上烧东西，一股刺鼻的焦臭味飘进屋里，孩子夜里咳嗽醒好几次。请环保部门晚上来查一查，让他们停止焚烧。"})
	school := Extract(Doc{Name: "邓秀梅", District: "龙岗区", Street: "坪地街道",
		Content: "孩子今年上小学，学位申请被退回，说社保年限不够，可我们交满了，请教育局重新核定。"})
	call := Extract(Doc{Name: "邓秀梅", District: "龙岗区", Content: "来电人邓秀梅称，年丰村那边有人焚烧废品，烟很呛，家里老人小孩受不了，请派人看看。"})
	merge := CompareCase([]Result{lenient().Compare(call, letter, Identity{})})
	if !merge.learnt {
		t.Fatalf("no learnt merge to start from: %v", merge.Reasons)
	}
	other := []Result{lenient().Compare(call, school, Identity{})}
	if AmbiguousBack(merge, [][]Result{{merge}}) {
		t.Error("one writer's case is ambiguous")
	}
	if !AmbiguousBack(merge, [][]Result{{merge}, other}) {
		t.Fatal("two of the writer's cases, the learnt merge not held")
	}
	if r := WithAmbiguousBack(merge); r.Verdict != Review || !slices.Contains(r.Reasons, ambiguousLearnt) {
		t.Errorf("held: %v %v", r.Verdict, r.Reasons)
	}
}
