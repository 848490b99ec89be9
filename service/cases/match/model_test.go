package match

import (
	"bytes"
	"strings"
	"testing"
)

// A small labelled corpus: property-fee quarrels are not petitions, wage arrears are.
// modelTestProperty is the one kind of the small taxonomies the model's tests screen with.
var modelTestProperty = KindSpec{Key: "property", Name: "物业服务纠纷", Category: "物业纠纷", Basis: "b", Channel: "c", Plain: "p", Guidance: "g",
	Concepts: []ConceptSpec{
		{Name: "物业", Weight: 3, Required: true, Words: []string{"物业公司"}},
		{Name: "收费", Weight: 1, Words: []string{"收费", "物业费"}},
	}}

var modelCorpus = []ModelExample{
	{Content: "物业公司乱收停车费，业主不同意", Petition: false},
	{Content: "物业公司不修电梯还涨物业费", Petition: false},
	{Content: "小区物业公司收费不公开，业主要求退钱", Petition: false},
	{Content: "物业公司把业主的车锁了", Petition: false},
	{Content: "工厂拖欠三个月工资，老板跑了，请劳动监察追讨", Petition: true},
	{Content: "公司拖欠工资半年，请求劳动部门处理", Petition: true},
	{Content: "工地拖欠农民工工资，请街道督促发放", Petition: true},
	{Content: "餐馆拖欠工资两个月，劳动站不管", Petition: true},
	{Content: "街道办对违建不作为，请求查处", Petition: true},
	{Content: "请街道督促整改，已经反映三次", Petition: true},
	{Content: "请街道督促落实，已经反映半年", Petition: true},
}

func TestModelLearnsAndExplains(t *testing.T) {
	m, err := TrainModel(modelCorpus, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	if m.Len() == 0 {
		t.Fatal("no grams learnt")
	}
	fee := m.Read("物业公司乱收费，业主很不满")
	wage := m.Read("老板拖欠工资不给")
	if fee.Score <= 0 || wage.Score >= 0 {
		t.Fatalf("a fee quarrel should lean non-petition and wages petition: %+v, %+v", fee, wage)
	}
	if !strings.Contains(strings.Join(fee.Other, ""), "物业") || len(fee.Other) > 3 {
		t.Errorf("the fee quarrel's reasons: %v", fee.Other)
	}
	for i, a := range fee.Other {
		for _, b := range fee.Other[i+1:] {
			if strings.Contains(a, b) || strings.Contains(b, a) {
				t.Errorf("overlapping reasons %q and %q", a, b)
			}
		}
	}
	if !strings.Contains(strings.Join(wage.Petition, ""), "工资") || len(wage.Petition) > 3 {
		t.Errorf("the arrears' reasons: %v", wage.Petition)
	}
	// Width and script are folded as for matching: 物業 is 物业.
	if got := m.Read("物業公司亂收費，業主很不滿"); got.Score != fee.Score {
		t.Errorf("traditional script reads %v, simplified %v", got.Score, fee.Score)
	}
	// Grams seen fewer than minCount times are not kept.
	if _, ok := m.weights["锁了"]; ok {
		t.Error("a gram seen once was kept with minCount 2")
	}
}

func TestModelRoundTripAndErrors(t *testing.T) {
	m, err := TrainModel(modelCorpus, 1, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	b := m.Marshal()
	m2, err := ParseModel(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m2.Marshal(), b) {
		t.Error("a parsed model writes differently")
	}
	for _, text := range []string{"物业公司收费", "拖欠工资", "无关的话"} {
		if a, b := m.Read(text).Score, m2.Read(text).Score; abs(a-b) > 1e-3 {
			t.Errorf("%s: %v before, %v after the round trip", text, a, b)
		}
	}
	if _, err := TrainModel(modelCorpus[:4], 1, 0); err == nil {
		t.Error("training on non-petitions only succeeded")
	}
	for _, bad := range []string{"工资\t-1\n", "#prior\t-1\n工资 -1\n", "#prior\t-1\n工资\tx\n", "#prior\t-1\n工资\t-1\n工资\t-2\n",
		"#prior\tNaN\n", "#prior\t-1\n工资\t+Inf\n", "#prior\t-1\n#prior\t-2\n"} {
		if _, err := ParseModel([]byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// The model doubts the rules in both directions and never screens anything out on its own.
func TestModelDoubtsTheRules(t *testing.T) {
	spec := TaxonomySpec{Threshold: 3, Lead: 1, Keep: KeepSpec{Organs: []string{"街道办"}, Inaction: []string{"不作为"}},
		Model: ModelSpec{File: "m.tsv", DoubtBelow: 0, QueueAbove: 1},
		Kinds: []KindSpec{modelTestProperty}}
	rules, err := NewTaxonomy(spec)
	if err != nil {
		t.Fatal(err)
	}
	m, err := TrainModel(modelCorpus, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	both, err := rules.WithModel(m)
	if err != nil {
		t.Fatal(err)
	}
	// The rules' confident screening of a fee quarrel stands: the model agrees.
	if s := both.Screen(Doc{Content: "物业公司乱收物业费，业主不满"}); !s.NonPetition {
		t.Errorf("an agreed fee quarrel: %+v", s)
	}
	// The rules screen it (物业公司, 收费); the model reads a petition (请街道督促, 已经反映) —
	// kept, for the registrar, with both readings.
	wages := Doc{Content: "物业公司收费，请街道督促，已经反映三次"}
	if s := rules.Screen(wages); !s.NonPetition {
		t.Fatalf("the rules alone should screen this for the test to mean anything: %+v", s)
	}
	s := both.Screen(wages)
	if s.NonPetition || !s.Uncertain || s.Doubt != DoubtScreen || s.Reason != "" || !strings.Contains(s.Why, "全文读来更像信访事项（“") ||
		!strings.Contains(s.Why, "物业服务纠纷") {
		t.Errorf("a rule's screening the model doubts: %+v", s)
	}
	// A quarrel the rules do not recognise (no required concept) but the model reads firmly:
	// kept and queued, the kind the rules saw most of suggested.
	quarrel := Doc{Content: "小区业主不同意乱收停车费，收费不公开"}
	if s := rules.Screen(quarrel); s.NonPetition || s.Uncertain {
		t.Fatalf("the rules alone should keep this: %+v", s)
	}
	s = both.Screen(quarrel)
	if s.NonPetition || !s.Uncertain || s.Doubt != DoubtKeep || s.Kind != "property" || !strings.Contains(s.Why, "全文读来像物业服务纠纷") {
		t.Errorf("a quarrel the model doubts: %+v", s)
	}
	// A complaint about an organ's work the keep rules recognise is a petition, whatever the
	// model reads (a model that queues everything here).
	eager := spec
	eager.Model.DoubtBelow, eager.Model.QueueAbove = -20, -10
	e, err := NewTaxonomy(eager)
	if err != nil {
		t.Fatal(err)
	}
	if e, err = e.WithModel(m); err != nil {
		t.Fatal(err)
	}
	if s := e.Screen(Doc{Content: "小区业主不同意乱收停车费，收费不公开"}); s.Doubt != DoubtKeep {
		t.Fatalf("the eager model should queue a plain quarrel: %+v", s)
	}
	if s := e.Screen(Doc{Content: "小区业主不同意乱收停车费，收费不公开，街道办不作为"}); s.NonPetition || s.Uncertain || s.Doubt != "" {
		t.Errorf("an organ's inaction queued by the model: %+v", s)
	}
	// A petition both read as one stays as it was.
	if s := both.Screen(Doc{Content: "工厂拖欠工资，请劳动监察追讨"}); s.NonPetition || s.Uncertain || s.Doubt != "" {
		t.Errorf("a plain petition: %+v", s)
	}

	bad := spec
	bad.Model.QueueAbove = -1
	if t2, _ := NewTaxonomy(bad); t2 != nil {
		if _, err := t2.WithModel(m); err == nil {
			t.Error("queue_above below doubt_below accepted")
		}
	}
	bad = spec
	bad.Model.File = ""
	if t2, _ := NewTaxonomy(bad); t2 != nil {
		if _, err := t2.WithModel(m); err == nil {
			t.Error("a model without a file named accepted")
		}
	}
	bad.Model.File = "../secret.tsv"
	if _, err := NewTaxonomy(bad); err == nil {
		t.Error("a model file outside the configuration directory accepted")
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// BenchmarkAnalyze is registration's reading of an item — a letter about wages (nothing of
// any kind), a neighbours' quarrel the rules see without corroboration, a shop's sale with a
// kind's idea and no party — by the rules alone, with the model, and with the model and the
// corroborator, to see what each adds.
func BenchmarkAnalyze(b *testing.B) {
	withModel := *shipped
	withModel.corroborator = nil
	for _, bc := range []struct {
		name string
		t    *Taxonomy
	}{{"Rules", rulesAlone(shipped)}, {"RulesAndModel", &withModel}, {"RulesModelCorroborator", shipped}} {
		for _, d := range []struct {
			name string
			doc  Doc
		}{{"Wages", letterWages}, {"Neighbours", Doc{Content: "来电人称邻居在两家中间砌了一堵墙，要求政府马上叫停。"}},
			{"Shop", Doc{Content: "在龙华一家宠物店买了只猫两千八，抱回家第三天就病死了，店家说出了门概不负责，要求退钱"}}} {
			b.Run(bc.name+"/"+d.name, func(b *testing.B) {
				for b.Loop() {
					bc.t.Analyze(d.doc)
				}
			})
		}
	}
}

// Where the rules keep an item and see nothing but the private disputes' kinds (or nothing),
// a firm enough reading of the model screens it out, says so to the registrar and tells the
// citizen the channel; never a complaint about an organ's work, never where the rules saw a
// kind of an organ's act.
func TestModelScreensWhatItReadsFirmly(t *testing.T) {
	spec := TaxonomySpec{Threshold: 3, Lead: 1, Keep: KeepSpec{Organs: []string{"街道办"}, Inaction: []string{"不作为"}},
		Model: ModelSpec{File: "m.tsv", DoubtBelow: 0, QueueAbove: 0.5, ScreenAbove: 1},
		Corroborator: CorroboratorSpec{File: "c.tsv", Above: 0.9, Kinds: []string{"property"},
			NoParty: NoPartySpec{Kinds: []string{"property"}, Evidence: 2, Fallback: "property"}},
		Kinds: []KindSpec{modelTestProperty,
			{Key: "review", Name: "不服行政处罚", Category: "涉法涉诉", Basis: "b", Channel: "c2", Plain: "p2", Guidance: "g2",
				Concepts: []ConceptSpec{{Name: "处罚", Weight: 2, Required: true, Words: []string{"罚款"}}}}}}
	rules, err := NewTaxonomy(spec)
	if err != nil {
		t.Fatal(err)
	}
	m, err := TrainModel(modelCorpus, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	both, err := rules.WithModel(m)
	if err != nil {
		t.Fatal(err)
	}
	quarrel := Doc{Content: "小区业主不同意乱收停车费，收费不公开"}
	if sc := m.read(normalize(quarrel.Content)).Score; sc <= spec.Model.ScreenAbove {
		t.Fatalf("the model should read the quarrel firmly for the test to mean anything: %.1f", sc)
	}
	s := both.Screen(quarrel)
	if !s.NonPetition || s.Kind != "property" || !strings.Contains(s.Why, "学习模型通读全文，确信为非信访事项") ||
		!strings.Contains(s.Why, "请登记员确认") || s.Reason != "经审查，pg" {
		t.Errorf("a quarrel the model reads firmly: %+v", s)
	}
	// Not a complaint about an organ's work, not with a kind of an organ's act in the text.
	if s := both.Screen(Doc{Content: "小区业主不同意乱收停车费，收费不公开，街道办不作为"}); s.NonPetition {
		t.Errorf("an organ's inaction screened out: %+v", s)
	}
	fined := Doc{Content: "小区业主不同意乱收停车费，收费不公开，还被罚款"}
	if sc := m.read(normalize(fined.Content)).Score; sc <= spec.Model.ScreenAbove {
		t.Fatalf("the model should read the penalty firmly for the test to mean anything: %.1f", sc)
	}
	if s := both.Screen(fined); s.NonPetition {
		t.Errorf("a penalty screened out by the model: %+v", s)
	}
	off := spec
	off.Model.ScreenAbove = 0
	o, _ := NewTaxonomy(off)
	if o, err = o.WithModel(m); err != nil {
		t.Fatal(err)
	}
	if s := o.Screen(quarrel); s.NonPetition || s.Doubt != DoubtKeep {
		t.Errorf("without screen_above the model only queues: %+v", s)
	}
	bad := spec
	bad.Model.ScreenAbove = 0.5
	if t2, _ := NewTaxonomy(bad); t2 != nil {
		if _, err := t2.WithModel(m); err == nil {
			t.Error("screen_above at queue_above accepted")
		}
	}
	// Without a corroborator (whose kinds and channel it uses) the model only queues.
	none := spec
	none.Corroborator = CorroboratorSpec{}
	n, _ := NewTaxonomy(none)
	if n, err = n.WithModel(m); err != nil {
		t.Fatal(err)
	}
	if s := n.Screen(quarrel); s.NonPetition {
		t.Errorf("screened out by the model with no corroborator named: %+v", s)
	}
}

// Where the text names no office but the generic ones, a less firm reading of the model is
// enough to screen out; an office named (whose own work the citizen may mean) needs the firmer
// one, and is queued below it.
func TestModelScreensSoonerWhereNoOfficeIsNamed(t *testing.T) {
	m, err := TrainModel(modelCorpus, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	quarrel := "小区业主不同意乱收停车费，收费不公开"
	sc := m.read(normalize(quarrel)).Score
	if sc <= 1 {
		t.Fatalf("the model should read the quarrel firmly for the test to mean anything: %.1f", sc)
	}
	spec := TaxonomySpec{Threshold: 3, Lead: 1,
		Keep:  KeepSpec{Organs: []string{"街道办", "住建局", "政府"}, Inaction: []string{"不作为"}, Generic: []string{"政府"}},
		Model: ModelSpec{File: "m.tsv", DoubtBelow: 0, QueueAbove: 0.5, ScreenAbove: sc + 100, ScreenAboveNoOffice: 1},
		Corroborator: CorroboratorSpec{File: "c.tsv", Above: 0.9, Kinds: []string{"property"},
			NoParty: NoPartySpec{Kinds: []string{"property"}, Evidence: 2, Fallback: "property"}},
		Kinds: []KindSpec{modelTestProperty}}
	rules, err := NewTaxonomy(spec)
	if err != nil {
		t.Fatal(err)
	}
	both, err := rules.WithModel(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text string
		out  bool
	}{
		{quarrel, true},
		{quarrel + "，请政府管管", true},   // the generic word names no office
		{quarrel + "，请住建局看看", false}, // an office named: the firmer reading is needed
	} {
		s := both.Screen(Doc{Content: c.text})
		if s.NonPetition != c.out {
			t.Errorf("%s: screened out %v, want %v (%+v)", c.text, s.NonPetition, c.out, s)
		}
		if !c.out && s.Doubt != DoubtKeep {
			t.Errorf("%s: an office named, the model's reading should queue it: %+v", c.text, s)
		}
	}
	for _, bad := range []float64{0.5, sc + 101} { // at queue_above; above screen_above
		b := spec
		b.Model.ScreenAboveNoOffice = bad
		if t2, _ := NewTaxonomy(b); t2 != nil {
			if _, err := t2.WithModel(m); err == nil {
				t.Errorf("screen_above_no_office %g accepted", bad)
			}
		}
	}
}
