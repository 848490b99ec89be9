package match

import (
	"bytes"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
)

// TaxonomySpec is the screening taxonomy as written in configs/screening.yaml: the kinds of
// matter the petition system does not take, how each is recognised and where the citizen goes.
type TaxonomySpec struct {
	Threshold float64    `yaml:"threshold"`
	Lead      float64    `yaml:"lead"`
	Kinds     []KindSpec `yaml:"kinds"`
	Keep      KeepSpec   `yaml:"keep"`
	Note      NoteSpec   `yaml:"note"`
	Model     ModelSpec  `yaml:"model"`
	// Corroborator names the learnt corroboration of screening out (Corroborator).
	Corroborator CorroboratorSpec `yaml:"corroborator"`
}

// CorroboratorSpec names the corroborator's file and the probability at which it corroborates.
type CorroboratorSpec struct {
	File  string  `yaml:"file"`  // beside screening.yaml; "" screens out by the rules alone
	Above float64 `yaml:"above"` // in (0.5, 1): a probability can round to 1
	// Kinds it may corroborate: disputes between private parties. A text in which the rules
	// see anything of another kind (an organ's decision, a reconsideration, a question) is
	// left to the rules.
	Kinds []string `yaml:"kinds"`
	// NoParty: where the rules found none of a kind's required ideas (for most kinds, who the
	// dispute is with).
	NoParty NoPartySpec `yaml:"no_party"`
}

// NoPartySpec says when the corroborator may corroborate a kind whose required ideas the rules
// did not find: only the kinds listed (a kind whose required idea is what makes it a dispute
// at all, such as a claim on a hospital, is not), and with less evidence than Evidence the
// citizen is told the general channel of Fallback (one of the corroborator's kinds) rather
// than a kind hardly shown. (As everywhere it corroborates, the text must say more of the kind
// than of any petition category.)
type NoPartySpec struct {
	Kinds    []string `yaml:"kinds"`
	Evidence float64  `yaml:"evidence"`
	Fallback string   `yaml:"fallback"`
}

// ModelSpec names the learnt second reading (Model) and how far it may doubt the rules. Its
// scores are the model's log odds of a non-petition (0: as likely as not).
type ModelSpec struct {
	File string `yaml:"file"` // beside screening.yaml; "" runs the rules alone
	// DoubtBelow: a rule's screening-out stands only when the model's score is above this;
	// otherwise the item is kept as a petition for the registrar to confirm.
	DoubtBelow float64 `yaml:"doubt_below"`
	// QueueAbove: an item the rules keep goes to the confirmation queue, kept as a petition,
	// when the model's score is above this.
	QueueAbove float64 `yaml:"queue_above"`
	// CorroborateAbove: where the rules saw a kind the corroborator may corroborate but could
	// not corroborate it, and the corroborator stayed short of its threshold, a score above
	// this corroborates it as the corroborator's probability would (0: never).
	CorroborateAbove float64 `yaml:"corroborate_above"`
	// ScreenAbove: an item the rules keep — no organ's work complained of, nothing seen but the
	// kinds the corroborator may corroborate (the private disputes), or nothing at all — is
	// screened out when the model's score is above this, as the kind the rules saw most of or
	// the corroborator's general channel (NoPartySpec.Fallback) (0: never; nor without a
	// corroborator, whose kinds and channel it uses).
	ScreenAbove float64 `yaml:"screen_above"`
	// ScreenAboveNoOffice: the same at a lower score where the citizen's part of the text
	// names no office but the generic ones (政府, 有关部门: KeepSpec.Generic) — no office whose
	// own work the citizen might mean, which the rules read and the statistics do not (0: as
	// ScreenAbove).
	ScreenAboveNoOffice float64 `yaml:"screen_above_no_office"`
}

// NoteSpec recognises a registrar's note in the record of a visit or a call that the citizen
// was told the lawful route (已告知可向法院起诉, 已引导至物业纠纷调解室): the desk has judged the
// matter. The note counts as a concept of whichever kind the text shows, and what it tells the
// citizen (向检察机关申请监督) is not the citizen's complaint about an organ.
type NoteSpec struct {
	Opens  []string `yaml:"opens"`  // how the note begins (已告知, 接待人员告知)
	Routes []string `yaml:"routes"` // the lawful routes it names (法院, 仲裁, 调解)
	// Passes: the note hands (part of) the matter to an office (转劳动监察处理): that part is
	// a petition, so the note counts for nothing.
	Passes []string `yaml:"passes"`
	Weight float64  `yaml:"weight"`
	// Verdict: the note names what the matter is (已告知属租赁合同纠纷, 经解释，此为民事纠纷).
	Verdict VerdictSpec `yaml:"verdict"`
}

// VerdictSpec recognises a registrar's note that names the matter a dispute between the
// parties: one of Says (属, 系) and, within Within characters after it, one of Disputes (纠纷,
// 民间借贷). The registrar who heard the whole story has judged it; the item is screened out as
// the kind the citizen's part shows most of, or as Fallback when it shows none — whatever the
// citizen asked an office to do, and whatever the learnt model reads.
type VerdictSpec struct {
	Says     []string `yaml:"says"`
	Within   int      `yaml:"within"`
	Disputes []string `yaml:"disputes"`
	// Kinds: the kinds a verdict screens out as (disputes between parties); Fallback, one of
	// them, when the citizen's part shows none.
	Kinds    []string `yaml:"kinds"`
	Fallback string   `yaml:"fallback"`
	// Routed: the note names the dispute by the route it tells (民间借贷纠纷可向人民法院起诉,
	// 可申请医疗纠纷人民调解).
	Routed RoutedSpec `yaml:"routed"`
}

// RoutedSpec recognises a note that names the matter a dispute by telling its route: a short
// subject ending in one of the verdict's Disputes, then one of Modals (可, 应) and, within
// Within characters, one of Routes (法院, 调解) — 民间借贷纠纷可向人民法院起诉; or a clause opening
// with a modal whose route is for a kind of dispute — 可申请医疗纠纷人民调解.
type RoutedSpec struct {
	Modals []string `yaml:"modals"`
	Routes []string `yaml:"routes"`
	Within int      `yaml:"within"`
}

// KindSpec is one kind of non-petition matter.
type KindSpec struct {
	Key      string `yaml:"key"`
	Name     string `yaml:"name"`
	Category string `yaml:"category"` // the category a screened case is given
	What     string `yaml:"what"`
	Basis    string `yaml:"basis"`    // the legal basis
	Channel  string `yaml:"channel"`  // where to go instead, with contacts
	Plain    string `yaml:"plain"`    // why, in plain words, for the citizen
	Guidance string `yaml:"guidance"` // the channel as told to the citizen
	// Confirm: never screened out by the rule — a match is kept as a petition and queued for
	// the registrar with the kind suggested (a kind whose non-petitions a word list cannot tell
	// from the petitions around them).
	Confirm  bool          `yaml:"confirm"`
	Concepts []ConceptSpec `yaml:"concepts"`
}

// ConceptSpec is one idea with the ways people word it.
type ConceptSpec struct {
	Name     string  `yaml:"name"`
	Weight   float64 `yaml:"weight"`
	Required bool    `yaml:"required"`
	// Words: the wordings. One with an ellipsis (已向…起诉) is its parts in that order within one
	// clause, whatever lies between (已向罗湖区人民法院提起诉讼).
	Words   []string `yaml:"words"`
	Except  []string `yaml:"except"`   // look-alike wordings, taken out first
	Unless  []string `yaml:"unless"`   // a wording does not count in a clause with one of these
	NotWith []string `yaml:"not_with"` // the concept does not count in a text that names one of these
	// Absorbs lists petition categories whose words this concept explains: once an award on
	// a labour dispute has been made, the wages and overtime the text names are what was
	// decided, not a petition about them.
	Absorbs []string `yaml:"absorbs"`
	// Context: who the citizen is or where they live (业主, 小区) — evidence for the kind, but
	// not one of the two ideas that corroborate screening out: a resident of an estate raises
	// every kind of matter.
	Context bool `yaml:"context"`
}

// KeepSpec says when a matter stays a petition whatever dispute lies behind it.
type KeepSpec struct {
	Organs      []string `yaml:"organs"`
	Inaction    []string `yaml:"inaction"`
	OrganParty  []string `yaml:"organ_party"`  // right after an organ: it is the other side
	OrganObject []string `yaml:"organ_object"` // right before an organ: it is to be pressed
	// Right after an organ, before anything it is said to have said: what it is asked to do
	// with its own powers (交通局督促公司退押金, 住建部门能不能管一下, 消防能不能来查).
	OrganActs []string `yaml:"organ_acts"`
	// Courts and arbitration: an organ asked to press them (督促法院执行) points at their channel.
	Courts []string `yaml:"courts"`
	// Right after an organ, its approval (街道已经同意备案), with one of Undo anywhere (请求撤销):
	// the citizen contests the organ's decision. An approval the citizen relies on (供电局已经
	// 同意，物业不给出具同意书) asks nothing undone.
	Approvals  []string `yaml:"approvals"`
	Undo       []string `yaml:"undo"`
	Misconduct []string `yaml:"misconduct"`
	// Conduct words that are misconduct only when an organ is named (态度恶劣, 刁难: a
	// property manager can be rude too, and that is a property dispute).
	Conduct []string `yaml:"conduct"`
	// Request words right before a specific organ (请街道明确…): the citizen asks that office
	// to act on its own remit. Not before Generic organs (请政府出面, 请有关部门…): anyone asks
	// "the government" to settle a private quarrel.
	Request []string `yaml:"request"`
	Generic []string `yaml:"generic"`
	Mediate []string `yaml:"mediate"` // after the organ: asked to mediate, not to act
	// A letter addressed to an office (交通运输局领导：…) that asks it, by a word pointing back
	// at the addressee (Pointers: 请领导督促, 恳请贵局查处), to do one of OrganActs asks that
	// office as if it named it again. Salutation: the words that close the address (领导, 您好).
	Pointers   []string `yaml:"pointers"`
	Salutation []string `yaml:"salutation"`
	// A follow-up of a report made before (之前写信反映, 上次来访讲的…) asking what came of it (有回复吗,
	// 处置进展) or saying nothing did (还是没人管): how the report was handled is asked, whatever the
	// matter behind it.
	FollowUp FollowUpSpec `yaml:"follow_up"`
	// Orders an organ gives that the citizen contests: an organ followed closely by one of
	// OrderVerbs (要求, 通知, 限) and one of these in the same clause (搬离, 清场, 拆除).
	Orders     []string `yaml:"orders"`
	OrderVerbs []string `yaml:"order_verbs"`
	// Duty words that name an organ's failing by themselves, whoever is named (超期未审理,
	// 受理后…没有安排): only a body with a legal duty and a time limit can overrun it.
	Duty []string `yaml:"duty"`
	// Violations: a report of one (违建) is for an enforcement office whoever else is named;
	// ViolationsExcept are look-alike wordings taken out first (历史遗留违建, a title).
	Violations       []string `yaml:"violations"`
	ViolationsExcept []string `yaml:"violations_except"`
	// A business that vanished (Vanished: 跑路, 失联) where the text shows it as the kind whose
	// collapse an office oversees (VanishedWith: 公寓, 长租 — a rental company), unless one of
	// VanishedExcept says it was a private party (二房东).
	Vanished       []string `yaml:"vanished"`
	VanishedWith   []string `yaml:"vanished_with"`
	VanishedExcept []string `yaml:"vanished_except"`
	// CivilReason: an office that declined because the matter is civil (派出所说是经济纠纷不立案)
	// sent the dispute on its lawful route; the clause that says so is no complaint about the
	// office's work and is left out before the other keep rules read the text.
	CivilReason []string `yaml:"civil_reason"`
	// RefusingParty: the other side, named between an office and a refusal, is who refused
	// (派出所调解过一次他不签字): no refusal of the office's.
	RefusingParty []string `yaml:"refusing_party"`
}

// FollowUpSpec finds a follow-up of an earlier report: one of Earlier followed within a few
// characters of its clause by one of Reported, and after them one of Outcome.
type FollowUpSpec struct {
	Earlier  []string `yaml:"earlier"`
	Reported []string `yaml:"reported"`
	Outcome  []string `yaml:"outcome"`
}

// Taxonomy is a checked, ready-to-use TaxonomySpec. It is immutable and safe for concurrent use.
type Taxonomy struct {
	spec         TaxonomySpec
	kinds        []kindRule
	byKey        map[string]int
	model        *Model        // nil: the rules alone
	corroborator *Corroborator // nil: the rules screen out alone
}

// ModelFile is the model file the taxonomy names ("" for none).
func (t *Taxonomy) ModelFile() string { return t.spec.Model.File }

// Model is the learnt second reading in use (nil: the rules alone).
func (t *Taxonomy) Model() *Model { return t.model }

// LoadModel returns the taxonomy with the learnt readings its spec names (the model and the
// corroborator), read by read (a file beside the taxonomy); t itself when it names none.
func (t *Taxonomy) LoadModel(read func(name string) ([]byte, error)) (*Taxonomy, error) {
	if file := t.spec.Model.File; file != "" {
		b, err := read(file)
		if err != nil {
			return nil, fmt.Errorf("model: %w", err)
		}
		m, err := ParseModel(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if t, err = t.WithModel(m); err != nil {
			return nil, err
		}
	}
	if file := t.spec.Corroborator.File; file != "" {
		b, err := read(file)
		if err != nil {
			return nil, fmt.Errorf("corroborator: %w", err)
		}
		c, err := ParseCorroborator(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		return t.WithCorroborator(c)
	}
	return t, nil
}

// Corroborator is the learnt corroboration in use (nil: the rules screen out alone).
func (t *Taxonomy) Corroborator() *Corroborator { return t.corroborator }

// WithCorroborator returns the taxonomy with its learnt corroboration (CorroboratorSpec).
func (t *Taxonomy) WithCorroborator(m *Corroborator) (*Taxonomy, error) {
	if t.spec.Corroborator.File == "" {
		return nil, errors.New("corroborator: no file is named in the taxonomy")
	}
	c := *t
	c.corroborator = m
	return &c, nil
}

// WithModel returns the taxonomy with its learnt second reading (ModelSpec).
func (t *Taxonomy) WithModel(m *Model) (*Taxonomy, error) {
	s := t.spec.Model
	if s.File == "" {
		return nil, errors.New("model: no file is named in the taxonomy")
	}
	if s.QueueAbove <= s.DoubtBelow {
		return nil, fmt.Errorf("model: queue_above (%g) must be above doubt_below (%g)", s.QueueAbove, s.DoubtBelow)
	}
	if s.CorroborateAbove != 0 && s.CorroborateAbove <= s.QueueAbove {
		return nil, fmt.Errorf("model: corroborate_above (%g) must be above queue_above (%g)", s.CorroborateAbove, s.QueueAbove)
	}
	if s.ScreenAbove != 0 && s.ScreenAbove <= max(s.QueueAbove, s.CorroborateAbove) {
		return nil, fmt.Errorf("model: screen_above (%g) must be above queue_above and corroborate_above", s.ScreenAbove)
	}
	if s.ScreenAboveNoOffice != 0 && (s.ScreenAbove == 0 || s.ScreenAboveNoOffice > s.ScreenAbove || s.ScreenAboveNoOffice <= s.QueueAbove) {
		return nil, fmt.Errorf("model: screen_above_no_office (%g) must be above queue_above and at most screen_above", s.ScreenAboveNoOffice)
	}
	c := *t
	c.model = m
	return &c, nil
}

type kindRule struct {
	spec         *KindSpec
	corroborated bool // the corroborator may corroborate it (CorroboratorSpec.Kinds)
	noParty      bool // … without its required ideas too (NoPartySpec.Kinds)
	cat          int  // index in Categories
	concepts     []conceptRule
}

type conceptRule struct {
	name     string
	weight   float64
	required bool
	words    []string   // longest first
	gaps     [][]string // wordings with an ellipsis: their parts, in order within one clause
	except   []string
	unless   []string
	notWith  []string
	absorbs  []int // category indexes
	context  bool
}

// ParseTaxonomy reads a screening taxonomy (YAML; an unknown key is an error) and checks it.
func ParseTaxonomy(b []byte) (*Taxonomy, error) {
	var spec TaxonomySpec
	if err := yaml.UnmarshalWithOptions(b, &spec, yaml.DisallowUnknownField()); err != nil {
		return nil, errors.New(yaml.FormatError(err, false, false))
	}
	return NewTaxonomy(spec)
}

// NewTaxonomy checks spec: every kind has a key, a name, a known category, the citizen's
// guidance and at least one required concept; every concept a positive weight and wordings.
func NewTaxonomy(spec TaxonomySpec) (*Taxonomy, error) {
	if spec.Threshold <= 0 || spec.Lead < 0 {
		return nil, errors.New("threshold must be positive and lead not negative")
	}
	if len(spec.Kinds) == 0 {
		return nil, errors.New("no kinds")
	}
	if f := spec.Model.File; strings.ContainsAny(f, `/\`) || strings.HasPrefix(f, ".") {
		return nil, fmt.Errorf("model: file %q must be a plain file name beside the taxonomy", f)
	}
	if c := spec.Corroborator; strings.ContainsAny(c.File, `/\`) || strings.HasPrefix(c.File, ".") {
		return nil, fmt.Errorf("corroborator: file %q must be a plain file name beside the taxonomy", c.File)
	} else if c.File != "" && !(c.Above > 0.5 && c.Above < 1) {
		return nil, fmt.Errorf("corroborator: above (%g) must be a probability above 0.5 and below 1 (to turn it off, name no file)", c.Above)
	} else if c.File != "" && len(c.Kinds) == 0 {
		return nil, errors.New("corroborator: kinds lists none")
	}
	t := &Taxonomy{spec: spec, byKey: map[string]int{}}
	for i := range t.spec.Kinds {
		k := &t.spec.Kinds[i]
		where := fmt.Sprintf("kinds[%d]", i)
		if k.Key == "" || k.Key == KindPetition || k.Name == "" || k.Guidance == "" || k.Plain == "" || k.Basis == "" || k.Channel == "" {
			return nil, fmt.Errorf("%s: key (not %q), name, basis, channel, plain and guidance are required", where, KindPetition)
		}
		if _, dup := t.byKey[k.Key]; dup {
			return nil, fmt.Errorf("%s: key %q twice", where, k.Key)
		}
		cat := categoryIndex(k.Category)
		if cat < 0 {
			return nil, fmt.Errorf("%s (%s): category %q is not one of the matcher's categories", where, k.Key, k.Category)
		}
		r := kindRule{spec: k, cat: cat}
		required := false
		for j, c := range k.Concepts {
			if c.Name == "" || c.Weight <= 0 || len(c.Words) == 0 {
				return nil, fmt.Errorf("%s (%s): concepts[%d]: name, a positive weight and words are required", where, k.Key, j)
			}
			required = required || c.Required
			if c.Required && c.Context {
				return nil, fmt.Errorf("%s (%s): concepts[%d]: a required concept cannot be context (it would count for the kind but never as an idea)", where, k.Key, j)
			}
			cr := conceptRule{name: c.Name, weight: c.Weight, required: c.Required, context: c.Context,
				except: foldWords(c.Except), unless: foldWords(c.Unless), notWith: foldWords(c.NotWith)}
			for _, w := range c.Words {
				if !strings.Contains(w, gapMark) {
					cr.words = append(cr.words, foldWords([]string{w})...)
					continue
				}
				parts := foldWords(strings.Split(w, gapMark))
				if len(parts) < 2 {
					return nil, fmt.Errorf("%s (%s): concepts[%d]: wording %q: an ellipsis needs words on both sides", where, k.Key, j, w)
				}
				cr.gaps = append(cr.gaps, parts)
			}
			for _, name := range c.Absorbs {
				cat := categoryIndex(name)
				if cat <= catOther {
					return nil, fmt.Errorf("%s (%s): concepts[%d]: absorbs %q, not one of the matcher's categories", where, k.Key, j, name)
				}
				cr.absorbs = append(cr.absorbs, cat)
			}
			sort.SliceStable(cr.words, func(a, b int) bool { return len(cr.words[a]) > len(cr.words[b]) })
			r.concepts = append(r.concepts, cr)
		}
		if !required {
			return nil, fmt.Errorf("%s (%s): no required concept (who the dispute is with)", where, k.Key)
		}
		t.byKey[k.Key] = len(t.kinds)
		t.kinds = append(t.kinds, r)
	}
	for _, key := range spec.Corroborator.Kinds {
		i, ok := t.byKey[key]
		if !ok {
			return nil, fmt.Errorf("corroborator: kind %q is not in the taxonomy", key)
		}
		if t.kinds[i].spec.Confirm {
			return nil, fmt.Errorf("corroborator: kind %q is screened only by hand (confirm)", key)
		}
		t.kinds[i].corroborated = true
	}
	for _, key := range spec.Corroborator.NoParty.Kinds {
		if !slices.Contains(spec.Corroborator.Kinds, key) {
			return nil, fmt.Errorf("corroborator: no_party kind %q is not one of its kinds", key)
		}
		t.kinds[t.byKey[key]].noParty = true
	}
	if c := spec.Corroborator; c.File != "" && len(c.NoParty.Kinds) > 0 && !slices.Contains(c.Kinds, c.NoParty.Fallback) {
		return nil, fmt.Errorf("corroborator: no_party fallback %q is not one of its kinds", c.NoParty.Fallback)
	}
	if n := &t.spec.Note; len(n.Opens) > 0 {
		if len(n.Routes) == 0 || n.Weight <= 0 {
			return nil, errors.New("note: routes and a positive weight are required with opens")
		}
		n.Opens, n.Routes, n.Passes = foldWords(n.Opens), foldWords(n.Routes), foldWords(n.Passes)
		if v := &n.Verdict; len(v.Says) > 0 {
			says, disputes := foldWords(v.Says), foldWords(v.Disputes)
			if len(says) != len(v.Says) || len(disputes) != len(v.Disputes) || len(disputes) == 0 || v.Within <= 0 {
				return nil, errors.New("note.verdict: non-empty says and disputes and a positive within are required")
			}
			v.Says, v.Disputes = says, disputes
			if r := &v.Routed; len(r.Modals) > 0 {
				modals, routes := foldWords(r.Modals), foldWords(r.Routes)
				if len(modals) != len(r.Modals) || len(routes) != len(r.Routes) || len(routes) == 0 || r.Within <= 0 {
					return nil, errors.New("note.verdict.routed: non-empty modals and routes and a positive within are required")
				}
				r.Modals, r.Routes = modals, routes
			}
			for _, key := range v.Kinds {
				i, ok := t.byKey[key]
				if !ok || t.kinds[i].spec.Confirm {
					return nil, fmt.Errorf("note.verdict: kind %q is no kind that may be screened out", key)
				}
			}
			if !slices.Contains(v.Kinds, v.Fallback) {
				return nil, fmt.Errorf("note.verdict: fallback %q is not one of its kinds", v.Fallback)
			}
		}
	} else if len(n.Verdict.Says) > 0 {
		return nil, errors.New("note.verdict: a verdict is read in a note: opens are required")
	}
	if len(spec.Keep.Organs) == 0 || len(spec.Keep.Inaction) == 0 {
		return nil, errors.New("keep: organs and inaction are required")
	}
	// Keep wordings are compared with normalised text (十天 → 10天), and an empty one would
	// match everywhere.
	k := &t.spec.Keep
	for name, list := range map[string]*[]string{"organs": &k.Organs, "inaction": &k.Inaction, "organ_party": &k.OrganParty,
		"organ_object": &k.OrganObject, "organ_acts": &k.OrganActs, "courts": &k.Courts, "approvals": &k.Approvals, "undo": &k.Undo, "misconduct": &k.Misconduct, "duty": &k.Duty, "conduct": &k.Conduct,
		"violations": &k.Violations, "violations_except": &k.ViolationsExcept,
		"vanished": &k.Vanished, "vanished_with": &k.VanishedWith, "vanished_except": &k.VanishedExcept, "civil_reason": &k.CivilReason, "refusing_party": &k.RefusingParty,
		"request": &k.Request, "generic": &k.Generic, "mediate": &k.Mediate, "orders": &k.Orders, "order_verbs": &k.OrderVerbs} {
		for i, w := range *list {
			if strings.TrimSpace(w) == "" {
				return nil, fmt.Errorf("keep.%s[%d] is empty", name, i)
			}
		}
		*list = foldWords(*list)
	}
	return t, nil
}

// categoryIndex is name's index in Categories, -1 when it is not one.
func categoryIndex(name string) int {
	for c, n := range Categories {
		if n == name {
			return c
		}
	}
	return -1
}

// foldWords folds each wording, dropping the empty ones.
func foldWords(ws []string) []string {
	var out []string
	for _, w := range ws {
		if w = foldWord(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// foldWord puts a configured wording into the form texts are compared in: folded runes and
// numerals as digits (一审 → 1审, 两家 → 2家), as normalize does to every text.
func foldWord(w string) string {
	return string(normalize(strings.TrimSpace(w)))
}

// KindPetition is the example kind that says "this is a petition" (never a taxonomy key).
const KindPetition = "petition"

// Kinds lists the kinds in the file's order.
func (t *Taxonomy) Kinds() []KindSpec { return t.spec.Kinds }

// Kind returns the kind of key.
func (t *Taxonomy) Kind(key string) (KindSpec, bool) {
	i, ok := t.byKey[key]
	if !ok {
		return KindSpec{}, false
	}
	return *t.kinds[i].spec, true
}

// Guidance is the channel a kind sends the citizen to ("" for an unknown kind).
func (t *Taxonomy) Guidance(key string) string {
	k, _ := t.Kind(key)
	return k.Guidance
}

// Hit is one concept found in a text, with the wording that showed it.
type Hit struct {
	Concept string
	Word    string
	Weight  float64 // what it counted (half in the request only)
}

// kindScore is the evidence for one kind.
type kindScore struct {
	score    float64
	required bool
	hits     []Hit
	absorbs  []int // petition categories the hits explain
	context  int   // of hits, the context concepts' (no idea of the matter)
}

func (t *Taxonomy) score(core, req string, r *kindRule) kindScore {
	var ks kindScore
	for i := range r.concepts {
		c := &r.concepts[i]
		hit := Hit{Concept: c.name}
		if containsAny(core+"|"+req, c.notWith) {
			continue // the text names what makes the concept something else, wherever it is
		}
		if w := c.find(core); w != "" {
			hit.Word, hit.Weight = w, c.weight
		} else if w := c.find(req); w != "" {
			hit.Word, hit.Weight = w, c.weight/2
		} else {
			continue
		}
		ks.score += hit.Weight
		ks.required = ks.required || c.required
		ks.context += b2i(c.context)
		ks.absorbs = append(ks.absorbs, c.absorbs...)
		ks.hits = append(ks.hits, hit)
	}
	return ks
}

// find returns the first of c's wordings in text (clauses separated by '|'), "" when none.
func (c *conceptRule) find(text string) string {
	text = removeAll(text, c.except)
	for _, w := range c.words {
		if !strings.Contains(text, w) {
			continue
		}
		if len(c.unless) == 0 {
			return w
		}
		for clause := range strings.SplitSeq(text, "|") {
			if strings.Contains(clause, w) && !containsAny(clause, c.unless) {
				return w
			}
		}
	}
	for _, parts := range c.gaps {
		for clause := range strings.SplitSeq(text, "|") {
			if inOrder(clause, parts) && !containsAny(clause, c.unless) {
				return strings.Join(parts, gapMark)
			}
		}
	}
	return ""
}

// gapMark separates the parts of a concept's wording that may stand apart in a clause.
const gapMark = "…"

// inOrder reports whether s holds parts in that order, none overlapping the one before.
func inOrder(s string, parts []string) bool {
	for _, p := range parts {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return true
}

func containsAny(s string, words []string) bool { return firstIn(s, words) != "" }

// firstIn returns the first of words found in s, "" when none is.
func firstIn(s string, words []string) string {
	for _, w := range words {
		if strings.Contains(s, w) {
			return w
		}
	}
	return ""
}

// removeAll blanks every occurrence of the wordings in s (with a separator, so that what is
// left on either side does not join into a wording).
func removeAll(s string, words []string) string {
	for _, w := range words {
		if strings.Contains(s, w) {
			s = strings.ReplaceAll(s, w, "|")
		}
	}
	return s
}

// screen decides an analysed item: kindScreening, then kept as an uncertain petition when it
// complains about an organ's work, the learnt corroboration and doubt — and last a registrar's
// verdict in the note (applyVerdict), which screens out what the keep rules or the model kept,
// but for misconduct reported. It returns the keep rules' wording too, for an item not screened
// out (Analysis.Keep): the rules run once per item.
func (t *Taxonomy) screen(a *analysis) (Screening, string) {
	r := t.rules(a)
	s, keep := r.s, r.keep
	// A complaint about an organ's own work — it did not act, did not file the case, only
	// passed the matter on — or misconduct reported is a petition whatever the dispute behind
	// it: kept, and left to the registrar to confirm rather than screened out by a rule.
	if s.NonPetition && keep != "" {
		s.NonPetition, s.Uncertain = false, true
		s.Reason = ""
		s.Why = "反映机关履职问题（“" + keep + "”），按信访事项登记，请登记员确认；" + s.Why
	}
	if t.corroborator != nil {
		s = t.corroborate(s, &r, a)
	}
	if t.model != nil {
		s = t.doubt(s, &r, a)
	}
	s = t.applyVerdict(s, &r)
	if s.NonPetition {
		keep = ""
	}
	return s, keep
}

// ruled is the rules' reading of an item.
type ruled struct {
	s    Screening // the best-supported kind (kindScreening)
	keep string    // the keep rules' wording ("" none)
	// Every kind's evidence in the citizen's part of the text (the registrar's note cut
	// off), in t.kinds' order.
	kinds []kindScore
	// verdict: the registrar's note names the matter a dispute (NoteSpec.Verdict), its words
	// ("已告知属租赁合同纠纷"); "" none. misconduct: the citizen's part reports misconduct (keep).
	verdict    string
	misconduct bool
	// citizen: the citizen's part of the text (the registrar's note cut off), which namesOffice
	// reads when the model's score calls for it.
	citizen string
}

// rules reads an item by the taxonomy's rules alone; each kind is scored once.
func (t *Taxonomy) rules(a *analysis) ruled {
	core, req := clausesString(a.p.core), clausesString(a.p.request)
	// A registrar's note (已告知…) is cut off: the kinds and the keep rules read the citizen's
	// part, and the note only adds to a kind that part shows.
	core, note, told := t.note(core)
	if note == "" {
		req, note, told = t.note(req)
	}
	kinds := make([]kindScore, len(t.kinds))
	for i := range t.kinds {
		kinds[i] = t.score(core, req, &t.kinds[i])
	}
	citizen := core + req
	keep, misconduct := t.keep(citizen)
	return ruled{s: t.kindScreening(a, kinds, note), keep: keep, kinds: kinds, verdict: t.verdict(note, told), misconduct: misconduct,
		citizen: citizen}
}

// rulesReading is the rules' reading of an item as the corroborator weighs it.
func (t *Taxonomy) rulesReading(a *analysis) ruleReading {
	r := t.rules(a)
	return t.reading(a, r.s, &r)
}

// reading is the rules' reading r of an item, s the decision it reached, as the corroborator
// weighs it: the kind, every kind's concepts found, the petition categories' evidence.
func (t *Taxonomy) reading(a *analysis, s Screening, r *ruled) ruleReading {
	out := ruleReading{kind: s.Kind, score: s.Score, hits: len(s.Hits), keep: r.keep != "", cats: a.scores[:]}
	for i, ks := range r.kinds {
		for _, h := range ks.hits {
			out.concepts = append(out.concepts, t.kinds[i].spec.Key+"/"+h.Concept)
		}
	}
	return out
}

// bestSeen is the kind the rules saw most of, with or without a party to it (-1 none), and
// its evidence.
func bestSeen(kinds []kindScore) (int, kindScore) {
	best, bestScore := -1, kindScore{}
	for i, ks := range kinds {
		if ks.score > bestScore.score {
			best, bestScore = i, ks
		}
	}
	return best, bestScore
}

// corroborate applies the learnt corroboration (Corroborator) where the rules saw a kind but
// not enough to screen out — short of the threshold, the lead or a second idea, or with no
// party to the dispute — and the text does not complain about an organ's work. At corroborator.above or more
// the item is screened out as that kind, with the probability and the words in the reason.
func (t *Taxonomy) corroborate(s Screening, r *ruled, a *analysis) Screening {
	if s.NonPetition || r.keep != "" {
		return s
	}
	var seen, told *kindRule // the kind the rules saw, and the one the citizen is told
	var hits []Hit
	var rules string
	switch {
	case s.Uncertain && s.Kind != "":
		seen, hits = &t.kinds[t.byKey[s.Kind]], s.Hits
		rules = strings.TrimSuffix(strings.TrimPrefix(s.Why, "疑似"), weakWhy)
		told = seen
	case !s.Uncertain:
		// Below the threshold or the lead: the kind the rules saw most of.
		i, ks := bestSeen(r.kinds)
		if i < 0 {
			return s // nothing of any kind seen: no channel to name
		}
		petition, petitionCat := t.bestPetition(a, ks)
		if ks.score <= petition {
			return s // the text says more of a petition than of the kind
		}
		seen, hits, told = &t.kinds[i], ks.hits, &t.kinds[i]
		rules = t.registrarText(seen.spec, ks, petition, petitionCat)
		if !ks.required {
			// None of the kind's required ideas (who the dispute is with) found.
			if !seen.noParty {
				return s
			}
			rules += "，未见纠纷的对方"
			if spec := t.spec.Corroborator.NoParty; ks.score < spec.Evidence {
				told = &t.kinds[t.byKey[spec.Fallback]]
				rules += "，不足以认定具体类别，按" + told.spec.Name + "告知"
			}
		}
	default:
		return s
	}
	if seen.spec.Confirm || !seen.corroborated {
		return s
	}
	if t.sawOtherKind(r.kinds) {
		return s // something of an organ's act or a question: the rules' alone
	}
	c := t.corroborator.read(a.norm, t.reading(a, s, r))
	var learnt string
	if c.P >= t.spec.Corroborator.Above {
		learnt = "学习模型判断为非信访事项的概率" + probability(c.P) + quoteGrams(c.Words)
	} else { // (a probability that is no number keeps the item, unless the model's reading is firm)
		// The whole text's reading may corroborate instead, when it is firm (ModelSpec).
		above := t.spec.Model.CorroborateAbove
		if t.model == nil || above == 0 {
			return s
		}
		m := t.model.read(a.norm)
		if !(m.Score > above) {
			return s
		}
		learnt = "学习模型通读全文，确信为非信访事项（评分" + strconv.FormatFloat(m.Score, 'f', 0, 64) + "）" + quoteGrams(m.Other)
	}
	return Screening{NonPetition: true, Corroborated: true, Kind: told.spec.Key, Category: told.spec.Category, Hits: hits, Score: s.Score,
		Reason: t.citizenText(told.spec, hits),
		Why:    rules + "；规则不足以自动筛除，" + learnt + "，予以印证"}
}

// sawOtherKind reports whether the rules saw anything of a kind the corroborator may not
// corroborate (an office's decision, a reconsideration, a question — never one screened only
// by hand: NewTaxonomy refuses those in the corroborator's kinds): what turns on an organ's
// act is the rules' alone, whatever the learnt readings say.
func (t *Taxonomy) sawOtherKind(kinds []kindScore) bool {
	for i, ks := range kinds {
		if ks.score > 0 && !t.kinds[i].corroborated {
			return true
		}
	}
	return false
}

// probability writes p for the registrar to two places, short of certainty: " 0.97", "超过 0.99".
func probability(p float64) string {
	if p > 0.99 {
		return "超过 0.99"
	}
	return fmt.Sprintf(" %.2f", p)
}

// weakWhy ends the registrar's reason for a kind seen without corroboration.
const weakWhy = "，证据不足，按信访事项登记，请登记员确认"

// doubt applies the learnt second reading (Model) to the rules' decision: it may keep what the
// rules screen out, or queue what they keep as a plain petition (not what the keep rules kept:
// keep is their wording), never screen anything out itself.
func (t *Taxonomy) doubt(s Screening, ru *ruled, a *analysis) Screening {
	spec := t.spec.Model
	switch {
	case s.NonPetition:
		r := t.model.read(a.norm)
		if r.Score > spec.DoubtBelow {
			return s
		}
		judged := "规则的判断："
		if s.Corroborated {
			judged = "规则与学习印证的判断："
		}
		s.NonPetition, s.Uncertain, s.Reason, s.Doubt, s.Corroborated = false, true, "", DoubtScreen, false
		s.Why = "全文读来更像信访事项" + quoteGrams(r.Petition) + "，按信访事项登记，请登记员确认；" + judged + s.Why
	case ru.keep == "" && (!s.Uncertain || s.Kind != "" && s.Doubt == ""):
		// (A complaint about an organ's own work is a petition whatever the model reads.)
		r := t.model.read(a.norm)
		above := spec.ScreenAbove
		if spec.ScreenAboveNoOffice != 0 && r.Score > spec.ScreenAboveNoOffice && r.Score <= spec.ScreenAbove && !t.namesOffice(ru.citizen) {
			above = spec.ScreenAboveNoOffice
		}
		if above != 0 && t.spec.Corroborator.NoParty.Fallback != "" && r.Score > above {
			if out, ok := t.modelScreens(s, ru, r); ok {
				return out
			}
		}
		if s.Uncertain || r.Score <= spec.QueueAbove {
			return s
		}
		// The kind the rules saw most of, short of screening, is suggested; none seen, none is.
		best, _ := bestSeen(ru.kinds)
		name := "非信访事项"
		if best >= 0 {
			s.Kind, name = t.kinds[best].spec.Key, t.kinds[best].spec.Name
		}
		s.Uncertain, s.Doubt = true, DoubtKeep
		s.Why = "全文读来像" + name + quoteGrams(r.Other) + "，规则未能确认，按信访事项登记，请登记员确认"
	}
	return s
}

// modelScreens screens out an item the rules keep that the model reads beyond ScreenAbove as
// another channel's matter, where the rules saw nothing but the private disputes' kinds (those
// the corroborator may corroborate) or nothing at all: as the kind they saw most of, or — with
// less of it than NoPartySpec.Evidence — the general channel for civil disputes. Not where
// they saw anything of another kind: an office's decision, a reconsideration, a question turn
// on what an organ did, which the rules read and the statistics do not.
func (t *Taxonomy) modelScreens(s Screening, ru *ruled, r ModelReading) (Screening, bool) {
	if t.sawOtherKind(ru.kinds) {
		return s, false
	}
	np := t.spec.Corroborator.NoParty
	told, hits := &t.kinds[t.byKey[np.Fallback]], []Hit(nil)
	rules := "规则未见机关履职问题，也未见足以筛除的纠纷类别"
	if best, ks := bestSeen(ru.kinds); best >= 0 {
		rules = "规则所见：" + t.registrarText(t.kinds[best].spec, ks, 0, catOther) + "，不足以自动筛除"
		if ks.score >= np.Evidence {
			told, hits = &t.kinds[best], ks.hits
		}
	}
	// The citizen is told the words the rules found; the model's are fragments of character
	// pairs and triples (“知属”), which say nothing to a citizen.
	reason := "经审查，" + told.spec.Plain + told.spec.Guidance
	if len(hits) > 0 {
		reason = t.citizenText(told.spec, hits)
	}
	return Screening{NonPetition: true, Corroborated: true, Kind: told.spec.Key, Category: told.spec.Category, Hits: hits, Score: s.Score,
		Reason: reason,
		Why: "学习模型通读全文，确信为非信访事项（评分" + strconv.FormatFloat(r.Score, 'f', 0, 64) + "）" + quoteGrams(r.Other) +
			"，按" + told.spec.Name + "筛除；" + rules + "，请登记员确认"}, true
}

// quoteGrams writes grams as （“欠薪”“街道”）, "" for none.
func quoteGrams(grams []string) string {
	if len(grams) == 0 {
		return ""
	}
	return "（“" + strings.Join(grams, "”“") + "”）"
}

// kindScreening is the best-supported kind, if it has a required concept, reaches the
// threshold and leads every petition category (NonPetition only with corroboration).
func (t *Taxonomy) kindScreening(a *analysis, kinds []kindScore, note string) Screening {
	// Organisation names stay: "商场管理公司" is who the dispute is with. An employer named
	// "华信物业管理有限公司" is outweighed by the wages the matter is about (lead).
	best, bestScore := -1, kindScore{}
	for i, ks := range kinds {
		if note != "" && ks.required {
			// The registrar's note told the route: it counts for the kind the citizen's part
			// shows, with who the dispute is with (a required concept) — never alone. (Clipped:
			// the kind's own evidence, kinds[i], keeps its hits.)
			ks.score += t.spec.Note.Weight
			ks.hits = append(slices.Clip(ks.hits), Hit{Concept: noteConcept, Word: note, Weight: t.spec.Note.Weight})
		}
		if ks.required && ks.score > bestScore.score {
			best, bestScore = i, ks
		}
	}
	if best < 0 || bestScore.score < t.spec.Threshold {
		return Screening{}
	}
	petition, petitionCat := t.bestPetition(a, bestScore)
	k := t.kinds[best].spec
	s := Screening{Kind: k.Key, Category: k.Category, Hits: bestScore.hits, Score: bestScore.score}
	lead := bestScore.score - petition
	if lead <= 0 {
		return Screening{}
	}
	s.Why = t.registrarText(k, bestScore, petition, petitionCat)
	// Screening out is the direction that can drop a real petition, so it needs corroboration:
	// the lead, and two ideas of the kind (who the dispute is with, and what about). Less is a
	// doubt for the registrar, kept as a petition meanwhile.
	if lead < t.spec.Lead || len(bestScore.hits)-bestScore.context < 2 {
		s.Uncertain = true
		s.Why = "疑似" + s.Why + weakWhy
		return s
	}
	if k.Confirm {
		s.Uncertain = true
		s.Why = "疑似" + s.Why + "，此类事项不自动筛除，按信访事项登记，请登记员确认"
		return s
	}
	s.NonPetition = true
	s.Reason = t.citizenText(k, bestScore.hits)
	return s
}

// bestPetition is the best petition category's score and index: what the text says that makes
// it a petition, less what a kind's concepts explain (absorbs).
func (t *Taxonomy) bestPetition(a *analysis, ks kindScore) (float64, int) {
	petition, petitionCat := 0.0, catOther
	for c, s := range a.scores {
		if !t.isDisputeCategory(c) && !slices.Contains(ks.absorbs, c) && s > petition {
			petition, petitionCat = s, c
		}
	}
	return petition, petitionCat
}

func (t *Taxonomy) isDisputeCategory(c int) bool {
	for _, k := range t.kinds {
		if k.cat == c {
			return true
		}
	}
	return false
}

// noteConcept names the registrar's note among a kind's hits.
const noteConcept = "接待时已告知法定途径"

// note splits clauses (separated by '|') at a registrar's note that tells the lawful route:
// the citizen's part before it, the note's opening words and the note itself from them on (""
// when there is no such note, and when the note passes part of the matter to an office). The
// note opens a clause and tells the citizen, not "us": "街道已告知我们可以去法院" is an office's
// answer the citizen reports, part of the complaint.
func (t *Taxonomy) note(text string) (citizen, opening, note string) {
	n := &t.spec.Note
	at, open := -1, ""
	for _, o := range n.Opens {
		for i := 0; i < len(text); {
			j := strings.Index(text[i:], o)
			if j < 0 {
				break
			}
			k := i + j
			if (k == 0 || text[k-1] == '|') && !strings.HasPrefix(text[k+len(o):], "我") && (at < 0 || k < at) {
				at, open = k, o
				break
			}
			i = k + len(o)
		}
	}
	if at < 0 {
		return text, "", ""
	}
	rest := text[at:]
	if !containsAny(rest, n.Routes) || containsAny(rest, n.Passes) {
		return text, "", ""
	}
	return text[:at], open, rest
}

// verdict returns the clause of a note (opening open, text note from the opening on) that
// names the matter a dispute — "已告知属租赁合同纠纷", or "此为租赁合同民事纠纷" after 经解释 — or
// "". Only the note's first two clauses are read (what follows may be the citizen's again),
// and in them only a clause that says it plainly: a short subject (此, 该事, 赔偿问题: at most
// verdictSubject characters), a verdict word (属, 系, 为, 是) that is no part of another word
// (认为, 行为, 关系, 还是, 属实, 是否), then the dispute within the clause — with nothing
// negated or supposed on the way (不应属于, 并非, 如系, 未必是).
func (t *Taxonomy) verdict(open, note string) string {
	v := &t.spec.Note.Verdict
	if open == "" || len(v.Says) == 0 {
		return ""
	}
	clauses := strings.SplitN(strings.TrimPrefix(note, open), "|", 3)
	for k, c := range clauses[:min(2, len(clauses))] {
		rc := []rune(c)
		w := verdictIn(rc, v)
		if w == "" {
			w = routedIn(rc, v)
		}
		if w != "" {
			if k == 0 {
				return open + w
			}
			return w
		}
	}
	return ""
}

// verdictSubject: the most characters a verdict clause has before its verdict word.
const verdictSubject = 10

// hearsay reports whether c opens with a word that makes what follows someone's opinion, not
// the desk's verdict (来电人坚持认为此事系…纠纷, 对方称属…).
func hearsay(c []rune) bool {
	for _, w := range hearsayWords {
		if hasPrefix(c, w) {
			return true
		}
	}
	return false
}

var hearsayWords = []string{"认为", "称", "坚持", "表示", "觉得", "说"}

// Characters that negate or suppose (不属, 并非, 如系, 若是, 未必, 无关), and those that make a
// verdict word part of another word, by the word: before it (认为, 关系, 家属, 还是) or after it
// (属实, 系统, 是否).
const verdictNot = "不非否未无如若假"

var verdictWordIn = map[string][2]string{
	"为": {"认行作因成称更", ""}, "系": {"关联体", "统列"}, "属": {"家亲金附", "实地"}, "是": {"还但就只也可于都或要总倒即", "否非"},
}

// verdictIn finds a verdict in clause c (VerdictSpec).
func verdictIn(c []rune, v *VerdictSpec) string {
	for i := 0; i < len(c) && i <= verdictSubject; i++ {
		if strings.ContainsRune(verdictNot, c[i]) || hearsay(c[i:]) {
			return ""
		}
		for _, w := range v.Says {
			if !hasPrefix(c[i:], w) {
				continue
			}
			from := i + utf8.RuneCountInString(w)
			in := verdictWordIn[string([]rune(w)[:1])]
			if i > 0 && strings.ContainsRune(in[0], c[i-1]) || from < len(c) && strings.ContainsRune(in[1], c[from]) {
				continue
			}
			for j := from; j < len(c) && j-from <= v.Within; j++ {
				if strings.ContainsRune(verdictNot, c[j]) {
					break
				}
				for _, d := range v.Disputes {
					if hasPrefix(c[j:], d) {
						return string(c[:j+utf8.RuneCountInString(d)])
					}
				}
			}
		}
	}
	return ""
}

// routedIn finds a verdict told by its route in clause c (RoutedSpec): a dispute within the
// first Within characters, nothing negated or supposed before it, then a modal and a route
// within Within characters (民间借贷纠纷可向人民法院起诉); or a clause that opens with a modal, a
// dispute and a route right after it (可申请医疗纠纷人民调解, 可通过物业纠纷调解委员会).
func routedIn(c []rune, v *VerdictSpec) string {
	r := &v.Routed
	if len(r.Modals) == 0 {
		return ""
	}
	modalAt := func(i int) int {
		for _, m := range r.Modals {
			if hasPrefix(c[i:], m) {
				return i + utf8.RuneCountInString(m)
			}
		}
		return -1
	}
	routeIn := func(from, n int) int {
		for j := from; j < len(c) && j-from <= n; j++ {
			for _, w := range r.Routes {
				if hasPrefix(c[j:], w) {
					return j + utf8.RuneCountInString(w)
				}
			}
		}
		return -1
	}
	opensModal := modalAt(0) > 0
	for i := 0; i < len(c) && i <= r.Within; i++ {
		if strings.ContainsRune(verdictNot, c[i]) || hearsay(c[i:]) {
			return ""
		}
		for _, d := range v.Disputes {
			if !hasPrefix(c[i:], d) {
				continue
			}
			from := i + utf8.RuneCountInString(d)
			if m := modalAt(from); m > 0 {
				if end := routeIn(m, r.Within); end > 0 {
					return string(c[:end])
				}
			}
			if opensModal {
				if end := routeIn(from, 6); end > 0 {
					return string(c[:end])
				}
			}
		}
	}
	return ""
}

// verdictConcept names the registrar's verdict among a kind's hits.
const verdictConcept = "接待时已认定纠纷性质"

// applyVerdict screens out an item whose registrar's note names it a dispute (NoteSpec.Verdict)
// as the dispute kind the rules saw, or saw most of, or the fallback kind — unless the citizen
// reports misconduct (挪用, 收受好处…): that stays with the keep rules and the registrar.
func (t *Taxonomy) applyVerdict(s Screening, r *ruled) Screening {
	v := &t.spec.Note.Verdict
	if s.NonPetition || r.verdict == "" || r.misconduct {
		return s
	}
	// The kind the rules settled on, if it is a dispute kind they saw; else the dispute kind they
	// saw most of.
	best := -1
	for i, ks := range r.kinds {
		key := t.kinds[i].spec.Key
		if ks.score <= 0 || !slices.Contains(v.Kinds, key) {
			continue
		}
		if key == s.Kind {
			best = i
			break
		}
		if best < 0 || ks.score > r.kinds[best].score {
			best = i
		}
	}
	k, hits := t.kinds[t.byKey[v.Fallback]].spec, []Hit(nil)
	if best >= 0 {
		k, hits = t.kinds[best].spec, r.kinds[best].hits
	}
	said := strings.ReplaceAll(r.verdict, "|", "，")
	hits = append(slices.Clip(hits), Hit{Concept: verdictConcept, Word: said})
	return Screening{NonPetition: true, Kind: k.Key, Category: k.Category, Hits: hits, Score: s.Score,
		Reason: "接待人员已告知您，" + k.Plain + k.Guidance,
		Why:    "接待时登记员已认定纠纷性质（“" + said + "”），按" + k.Name + "分流"}
}

// keep returns the wording that keeps a matter a petition ("" when none does), and whether it
// is misconduct reported (which a registrar's verdict does not overrule: applyVerdict).
func (t *Taxonomy) keep(text string) (string, bool) {
	if w := firstIn(text, t.spec.Keep.Misconduct); w != "" {
		return w, true
	}
	return t.keepWork(text), false
}

// keepWork is keep's reading of the complaint about an organ's work, misconduct aside.
func (t *Taxonomy) keepWork(text string) string {
	text = dropClauses(text, t.spec.Keep.CivilReason)
	if w := firstIn(text, t.spec.Keep.Duty); w != "" {
		return w
	}
	if w := firstIn(removeAll(text, t.spec.Keep.ViolationsExcept), t.spec.Keep.Violations); w != "" {
		return w
	}
	if w := firstIn(text, t.spec.Keep.Vanished); w != "" && !containsAny(text, t.spec.Keep.VanishedExcept) {
		if v := firstIn(text, t.spec.Keep.VanishedWith); v != "" {
			return w + "…" + v
		}
	}
	if w := t.spec.Keep.FollowUp.find(text, t.spec.Keep.Courts); w != "" {
		return w
	}
	organ := false
	for _, o := range t.spec.Keep.Organs {
		if !strings.Contains(text, o) {
			continue
		}
		organ = true
		for _, w := range t.spec.Keep.OrganParty {
			if partyAfter(text, o, w) {
				return o + "…" + w
			}
		}
		for _, w := range t.spec.Keep.OrganObject {
			// (A court or an arbitration body pressed — 督促仲裁委尽快裁决 — is pointed at its own
			// channel; reported — 投诉法官 — it is complained of.)
			if (w == "督促" || w == "责成") && containsAny(o, t.spec.Keep.Courts) {
				continue
			}
			if i := strings.Index(text, w); i >= 0 && organAfter(text[i+len(w):], o) {
				return w + o
			}
		}
	}
	if !organ {
		return ""
	}
	if w := organConduct(text, t.spec.Keep.Organs, t.spec.Keep.Conduct); w != "" {
		return w
	}
	if w := organRefused(text, t.spec.Keep.Organs, t.spec.Keep.RefusingParty, t.spec.Keep.Courts); w != "" {
		return w
	}
	if w := organPretext(text, t.spec.Keep.Organs); w != "" {
		return w
	}
	if w := organOrders(text, t.spec.Keep.Organs, t.spec.Keep.OrderVerbs, t.spec.Keep.Orders, t.spec.Keep.Courts); w != "" {
		return w
	}
	if w := t.requestToOrgan(text); w != "" {
		return w
	}
	if w := t.organActs(text); w != "" {
		return w
	}
	if w := t.addressedActs(text); w != "" {
		return w
	}
	return firstIn(text, t.spec.Keep.Inaction)
}

// dropClauses returns text (clauses separated by '|') without the clauses holding one of words.
func dropClauses(text string, words []string) string {
	if !containsAny(text, words) {
		return text
	}
	var kept []string
	for c := range strings.SplitSeq(text, "|") {
		if !containsAny(c, words) {
			kept = append(kept, c)
		}
	}
	return strings.Join(kept, "|")
}

// organRefused finds an organ and a refusal in one clause — the organ did not, would not or
// would not let ("区住建局半年了不批", "执法部门自己不来看", "窗口…拒绝受理"): the shape of a
// complaint about an organ's work, whatever words it uses. 街道 is left out: it is part of
// every address; so are courts and arbitration bodies (法官不采信, 法官没看证据): what they
// decide or do not is for their own channel, as for organActs.
func organRefused(text string, organs, parties, courts []string) string {
	for clause := range strings.SplitSeq(text, "|") {
		for _, o := range organs {
			if o == "街道" {
				continue
			}
			i := strings.Index(clause, o)
			if i < 0 {
				continue
			}
			if containsAny(tailRunes(clause[:i], 2)+o, courts) {
				continue // a court's or an arbitration body's own (法官不采信): their channel
			}
			after := []rune(clause[i+len(o):])
			for n, r := range after {
				if n >= organWindow || r == '说' {
					break // what the organ said is reported, not how it acted
				}
				if !strings.ContainsRune("不没未拒", r) {
					continue
				}
				if n > 0 && n+1 < len(after) && (after[n-1] == after[n+1] || after[n-1] == '有' && r == '没') {
					continue // a question: 能不能, 是不是, 有没有
				}
				if rest := string(after[n:]); strings.HasPrefix(rest, "未果") || strings.HasPrefix(rest, "不成") {
					continue // a mediation that failed between the parties
				}
				if containsAny(string(after[:n]), parties) {
					break // the other side refused, after the office had tried
				}
				return o + "…" + string(after[n:min(len(after), n+3)])
			}
		}
	}
	return ""
}

// organPretext finds an organ acting on a stated ground, in one clause: "街道以消防整治为由要求
// …搬离", "窗口以材料不全为由退回" — a decision of the organ that the citizen contests.
func organPretext(text string, organs []string) string {
	for m := range organMentions(text, organs) {
		if rest := m.after(); strings.HasPrefix(rest, "以") && strings.Contains(rest, "为由") {
			return m.organ + "以…为由"
		}
	}
	return ""
}

// organMention is an organ named in a clause: the clause, the organ's name as matched and its
// byte offset there.
type organMention struct {
	clause, organ string
	at            int
}

// after is the rest of the clause after the organ.
func (m organMention) after() string { return m.clause[m.at+len(m.organ):] }

// namesOffice reports whether text names an office (KeepSpec.Organs) other than the generic
// ones (政府, 有关部门, a court: KeepSpec.Generic) — not a street's name (organsIn).
func (t *Taxonomy) namesOffice(text string) bool {
	for m := range organMentions(text, t.spec.Keep.Organs) {
		if !containsAny(m.organ, t.spec.Keep.Generic) {
			return true
		}
	}
	return false
}

// organMentions yields every organ of organs named in each clause of text ('|'-separated), in
// that order — clause by clause, organ by organ, left to right (organsIn: not 街道 ending a
// street's name).
func organMentions(text string, organs []string) iter.Seq[organMention] {
	return func(yield func(organMention) bool) {
		for clause := range strings.SplitSeq(text, "|") {
			for _, o := range organs {
				for i := range organsIn(clause, o) {
					if !yield(organMention{clause, o, i}) {
						return
					}
				}
			}
		}
	}
}

// organsIn yields the byte offsets of organ o in clause, leaving out 街道 where it ends a
// street's name: "我租的民治街道白石龙村房子" gives an address, not the street office.
func organsIn(clause, o string) iter.Seq[int] {
	return func(yield func(int) bool) {
		for off := 0; ; {
			i := strings.Index(clause[off:], o)
			if i < 0 {
				return
			}
			i += off
			off = i + len(o)
			if o == "街道" && knownStreet(clause[:off]) != "" {
				continue
			}
			if !yield(i) {
				return
			}
		}
	}
}

// organConduct finds misconduct that needs an organ named (态度恶劣, 刁难) in a text that names
// one — not only as an address (我住龙华街道，…邻居态度恶劣). The organ's people may be named in
// another clause than their conduct ("民警称…", "再次报警时接警员态度恶劣").
func organConduct(text string, organs, conduct []string) string {
	w := firstIn(text, conduct)
	if w == "" {
		return ""
	}
	for _, o := range organs {
		for range organsIn(text, o) {
			return o + "…" + w
		}
	}
	return ""
}

// organOrders finds an organ ordering something the citizen contests, in one clause: "街道发通知
// 强制清场", "清场是街道发的通知" — the organ, soon after it an order (通知, 要求, 限), and what is
// ordered (搬离, 清场) anywhere in the clause.
func organOrders(text string, organs, verbs, orders, courts []string) string {
	for m := range organMentions(text, organs) {
		if containsAny(tailRunes(m.clause[:m.at], 4)+m.organ, courts) {
			continue // a court's order (法院执行局要求提供财产线索) is its proceedings'
		}
		if strings.ContainsAny(tailRunes(m.clause[:m.at], 2), "由请让求") {
			continue // the organ asked to order (能否由政府要求平台提供…): the citizen's request, no order given
		}
		if v := firstIn(headRunes(m.after(), organWindow), verbs); v != "" {
			if w := firstIn(m.clause, orders); w != "" {
				return m.organ + "…" + v + "…" + w
			}
		}
	}
	return ""
}

// organActs finds a specific organ asked to use its own powers, in one clause: the organ, and
// within a few characters after it one of acts ("交通局督促公司退押金", "住建部门能不能管一下"),
// or its approval (同意备案) that the citizen asks undone (请求撤销) — cut where the organ's own
// words begin (说, 称): "交通局说押金是合同纠纷" reports what it said.
// Not a generic organ (请政府管一管, 有关部门督促对方, 信访局督促…: anyone asks "the government" to
// settle a private quarrel) and not a court pressed to judge or enforce (督促法院执行), which is
// the court's own channel.
func (t *Taxonomy) organActs(text string) string {
	k := &t.spec.Keep
	for m := range organMentions(text, k.Organs) {
		if containsAny(tailRunes(m.clause[:m.at], 4)+m.organ, k.Generic) {
			continue
		}
		head := headRunes(m.after(), organActWindow)
		if j := strings.IndexAny(head, "说称"); j >= 0 {
			head = head[:j]
		}
		if containsAny(m.organ+head, k.Courts) {
			continue
		}
		if w := firstIn(head, k.OrganActs); w != "" {
			return m.organ + "…" + w
		}
		if w := firstIn(head, k.Approvals); w != "" {
			if u := firstIn(text, k.Undo); u != "" {
				return m.organ + "…" + w + "…" + u
			}
		}
	}
	return ""
}

// find is the wording of a follow-up of an earlier report asking what came of it ("" none),
// courts the words that make the progress asked a court's.
func (f *FollowUpSpec) find(text string, courts []string) string {
	for _, e := range f.Earlier {
		for rest := text; ; {
			i := strings.Index(rest, e)
			if i < 0 {
				break
			}
			rest = rest[i+len(e):]
			head, _, _ := strings.Cut(headRunes(rest, followUpWindow), "|")
			r := firstIn(head, f.Reported)
			if r == "" {
				continue
			}
			after := rest[strings.Index(rest, r)+len(r):]
			o := firstIn(after, f.Outcome)
			// Not a court's or an arbitration's progress told in between (法院执行局说已经
			// 立案执行，但进展很慢): that is their channel's.
			if o != "" && !containsAny(after[:strings.Index(after, o)], courts) {
				return e + "…" + r + "…" + o
			}
		}
	}
	return ""
}

// followUpWindow is how far after the word for "before" the report it speaks of is told.
const followUpWindow = 8

// addressedActs finds a letter addressed to a specific office (its first clause: 交通运输局领导,
// 尊敬的区教育局) that asks the addressee, pointed back at (请领导督促公司退押金, 恳请贵局查处), to do
// its work — the request organActs reads where the office is named again. "请领导帮我做主" asks
// no act of an office's; a letter to the government in general (区政府领导) names no office.
func (t *Taxonomy) addressedActs(text string) string {
	first, rest, ok := strings.Cut(text, "|")
	if !ok {
		return ""
	}
	k := &t.spec.Keep
	office := t.addressee(first)
	if office == "" {
		return ""
	}
	for _, w := range k.Request {
		for r := rest; ; {
			i := strings.Index(r, w)
			if i < 0 {
				break
			}
			r = r[i+len(w):]
			p := prefixIn(r, k.Pointers)
			if p == "" {
				continue
			}
			head, _, _ := strings.Cut(headRunes(r[len(p):], organActWindow), "|")
			if a := firstIn(head, k.OrganActs); a != "" {
				return office + "…" + p + a
			}
		}
	}
	return ""
}

// addressee is the office a letter's first clause addresses (尊敬的交通运输局领导 → 交通运输局),
// "" where the clause is no address to a specific office: longer than an address, not ending
// in an office's name once the salutation is taken off, or naming a generic one (政府, 信访).
func (t *Taxonomy) addressee(clause string) string {
	k := &t.spec.Keep
	clause = strings.TrimPrefix(strings.TrimPrefix(clause, "尊敬的"), "致")
	for trimmed := true; trimmed; {
		trimmed = false
		for _, w := range k.Salutation {
			if c, ok := strings.CutSuffix(clause, w); ok && c != "" {
				clause, trimmed = c, true
			}
		}
	}
	if utf8.RuneCountInString(clause) > addresseeMax || containsAny(clause, k.Generic) {
		return ""
	}
	for _, o := range k.Organs {
		if strings.HasSuffix(clause, o) {
			return clause
		}
	}
	return ""
}

// addresseeMax is the longest office's name an address holds (深圳市龙华区城市管理和综合执法局).
const addresseeMax = 18

// prefixIn is the first of words s starts with ("" none).
func prefixIn(s string, words []string) string {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return w
		}
	}
	return ""
}

// tailRunes is the last n characters of s (all of it when shorter).
func tailRunes(s string, n int) string {
	i := len(s)
	for ; i > 0 && n > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

// organActWindow is how far after an organ what it is asked to do counts (characters).
const organActWindow = 6

// requestToOrgan finds a request addressed to a specific organ ("请街道明确租户的过渡安排"): a
// request word directly followed by an organ's name that is none of the generic ones — not one
// asked only to make the other side pay or act (请卫健部门让诊所退钱赔偿, 请街道叫一楼住户签名:
// the parties' dispute).
func (t *Taxonomy) requestToOrgan(text string) string {
	for _, w := range t.spec.Keep.Request {
		for rest := text; ; {
			i := strings.Index(rest, w)
			if i < 0 {
				break
			}
			before := rest[:i]
			rest = rest[i+len(w):]
			if strings.HasSuffix(before, "申") || strings.HasSuffix(before, "邀") {
				continue // 申请, 邀请: not a request to anyone
			}
			if strings.HasSuffix(before, "可") || strings.HasSuffix(before, "可以") || strings.HasSuffix(before, "应") || strings.HasSuffix(before, "建议") {
				continue // 可向派出所反映: advice given, not a request made
			}
			head := headRunes(rest, 6)
			if strings.HasPrefix(head, "|") || containsAny(head, t.spec.Keep.Generic) {
				continue
			}
			for _, o := range t.spec.Keep.Organs {
				j := strings.Index(head, o)
				if j < 0 || strings.Contains(head[:j], "|") {
					continue
				}
				// Asked to mediate between the parties (要求社区工作站协调): the dispute is theirs.
				if containsAny(headRunes(rest[j+len(o):], 4), t.spec.Keep.Mediate) {
					continue
				}
				// Asked only to make the other side pay or act (请卫健部门让诊所退钱赔偿, 请街道叫
				// 一楼住户签名): the parties' dispute, not the office's work. (What the office
				// itself should do — 督促, 查处 — is read on: organActs.)
				after, _, _ := strings.Cut(headRunes(rest[j+len(o):], 16), "|")
				for _, suffix := range []string{"部门", "局", "委"} { // 卫健 | 部门
					after = strings.TrimPrefix(after, suffix)
				}
				if strings.HasPrefix(strings.TrimPrefix(after, "出面"), "让") || strings.HasPrefix(after, "叫") {
					continue
				}
				return w + head[:j+len(o)]
			}
		}
	}
	return ""
}

// headRunes is the first n characters of s (all of it when shorter).
func headRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// organWindow is how far after an organ a refusal counts (characters within the clause).
const organWindow = 12

// partyAfter reports whether organ o is followed within a few characters by w, with no 的
// between them ("街道至今尚欠尾款" — but not "街道的朋友欠我钱", where the organ names a place).
func partyAfter(text, o, w string) bool {
	for rest := text; ; {
		i := strings.Index(rest, o)
		if i < 0 {
			return false
		}
		rest = rest[i+len(o):]
		gap := []rune(rest)
		for n := 0; n <= 4 && n < len(gap); n++ {
			if gap[n] == '的' || gap[n] == '|' {
				break
			}
			if strings.HasPrefix(string(gap[n:]), w) {
				return true
			}
		}
	}
}

// organAfter reports whether an organ named with suffix o begins within a few characters of
// rest ("督促街道办", "督促区住建局", "投诉到区住建部门").
func organAfter(rest, o string) bool {
	n := 0
	for i := range rest {
		if n > 6 {
			return false
		}
		if strings.HasPrefix(rest[i:], o) {
			return true
		}
		n++
	}
	return false
}

// citizenText explains the decision in plain words: what the text said, what kind of matter
// that is, and where to go.
func (t *Taxonomy) citizenText(k *KindSpec, hits []Hit) string {
	var words []string
	for _, h := range hits {
		if len(words) < 3 {
			words = append(words, "“"+h.Word+"”")
		}
	}
	return "您反映的内容提到" + strings.Join(words, "") + "，" + k.Plain + k.Guidance
}

// registrarText names the kind, each concept with the wording found, and the evidence against
// the best petition category.
func (t *Taxonomy) registrarText(k *KindSpec, ks kindScore, petition float64, petitionCat int) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s：", k.Name)
	for i, h := range ks.hits {
		if i > 0 {
			b.WriteString("；")
		}
		fmt.Fprintf(&b, "%s（“%s”）", h.Concept, h.Word)
	}
	fmt.Fprintf(&b, "。证据 %.1f", ks.score)
	if petition > 0 {
		fmt.Fprintf(&b, "，高于%s %.1f", Categories[petitionCat], petition)
	}
	return b.String()
}

// Analyze returns everything registration needs of a new item in one pass: features, the
// screening under t, and the suggested purpose and category (a screened item's category is
// its kind's).
func (t *Taxonomy) Analyze(d Doc) Analysis {
	a := analyze(d)
	s, keep := t.screen(a)
	cat := Categories[a.cat]
	if s.NonPetition {
		cat = s.Category
	}
	return Analysis{Features: a.features(d), Screening: s, Purpose: Purposes[a.purpose], Category: cat, Keep: keep}
}

// Screen screens one item.
func (t *Taxonomy) Screen(d Doc) Screening {
	s, _ := t.screen(analyze(d))
	return s
}
