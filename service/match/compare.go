package match

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Verdict is what registration should do with a new item against an earlier case.
type Verdict int

const (
	None   Verdict = iota // unrelated
	Link                  // same matter, different person: group petition (集体访), link the cases
	Review                // maybe the same person's same matter: a registrar decides
	Merge                 // the same person's same matter: merge into the case
)

func (v Verdict) String() string {
	switch v {
	case Link:
		return "link"
	case Review:
		return "review"
	case Merge:
		return "merge"
	}
	return "none"
}

// Result explains a decision. Person and Matter are confidences in 0..1 that the two items
// come from the same person and concern the same matter.
type Result struct {
	Verdict Verdict
	Person  float64
	Matter  float64
	Reasons []string
}

// Identity is the store's comparison of the identifiers it keeps blind-indexed. SameX means
// both items carry X and the values are equal; XConflict means both carry X and they differ.
//
// OpenIDConflict (an addition to the brief's fields) should be set only when both openids are
// comparable — from the same WeChat app, or both unionids; a person's official-account and
// mini-program openids differ by design.
type Identity struct {
	SamePhone, SameID, SameOpenID, PhoneConflict, IDConflict bool
	OpenIDConflict                                           bool
}

// Decision thresholds.
const (
	mergePerson  = 0.75 // at least: same name (with nothing contradicting it)
	reviewPerson = 0.45
	matterHigh   = 0.75
	matterMid    = 0.5
	linkMatter   = 0.8
)

// personScore weighs the identity signals. An ID number is decisive both ways; a phone or
// WeChat openid is strong when equal but weak when different (people change and share
// phones); a name is what a letter without phone has, and a different name is a different
// person unless an identifier says otherwise.
func personScore(n, o *Features, id Identity) (float64, []string) {
	var reasons []string
	nameEq := n.Name != 0 && n.Name == o.Name
	nameMissing := n.Name == 0 || o.Name == 0
	var p float64
	switch {
	case id.IDConflict:
		reasons = append(reasons, "身份证号不同")
		p = 0.02
		if nameEq {
			reasons = append(reasons, "姓名相同")
		}
		return p, reasons
	case id.SameID:
		reasons = append(reasons, "身份证号相同")
		p = 0.99
		if nameEq {
			reasons = append(reasons, "姓名相同")
		}
	case id.SamePhone || id.SameOpenID:
		if id.SamePhone {
			reasons = append(reasons, "手机号相同")
		}
		if id.SameOpenID {
			reasons = append(reasons, "微信身份相同")
		}
		switch {
		case nameEq:
			reasons = append(reasons, "姓名相同")
			p = 0.98
		case nameMissing:
			p = 0.9
		default:
			reasons = append(reasons, "姓名不同")
			p = 0.4 // a family member using the same phone
		}
	case nameEq:
		reasons = append(reasons, "姓名相同")
		p = 0.8
	case nameMissing:
		p = 0.3
	default:
		p = 0.02
	}
	if !id.SameID {
		// The ID number's region prefix, from the form or quoted in a letter.
		switch {
		case n.IDRegion6 != 0 && o.IDRegion6 != 0:
			if n.IDRegion6 != o.IDRegion6 {
				p = math.Min(p, 0.1)
				reasons = append(reasons, "身份证地区码不同")
			}
		case n.IDRegion4 != 0 && o.IDRegion4 != 0:
			if n.IDRegion4 != o.IDRegion4 {
				p = math.Min(p, 0.1)
				reasons = append(reasons, "身份证地区码不同")
			}
		}
	}
	if !id.SamePhone && !id.SameID && !id.SameOpenID {
		// People change phones, so a different phone alone says little; a different phone
		// and a different WeChat identity together point to another person of the same name.
		if id.PhoneConflict {
			reasons = append(reasons, "手机号不同")
			p *= 0.95
		}
		if id.OpenIDConflict {
			reasons = append(reasons, "微信身份不同")
			p *= 0.7
			if id.PhoneConflict {
				p *= 0.6
			}
		}
	}
	return p, reasons
}

var entWeight = [numEntKinds]float64{EntOrg: 1.5, EntEstate: 1.5, EntRoad: 0.8, EntStreet: 0.8, EntSchool: 1.5, EntCourt: 0.7, EntShop: 0.8, EntDoc: 1.2}

var unitWeight = [numUnits]float64{UnitMoney: 1.5, UnitMonths: 0.8, UnitYear: 1.2, UnitYears: 0.8, UnitTimes: 0.7, UnitTenth: 0.8,
	UnitPercent: 0.8, UnitFloor: 0.8, UnitHouseNo: 1.0, UnitHour: 0.7, UnitAge: 0.7, UnitDays: 0.6, UnitPeople: 0.6, UnitArea: 0.8,
	UnitOrdinal: 0.3}

var tagWeight = [numTagGroups]float64{TagKin: 1.0, TagTime: 0.7, TagNuisance: 0.8, TagVenue: 0.7}

// oneDeletion reports whether a and b are equal or one is the other with a single character
// dropped — the commonest typing slip in transcribed Chinese text.
func oneDeletion(a, b string) bool {
	if a == b {
		return true
	}
	ar, br := []rune(a), []rune(b)
	if len(ar) < len(br) {
		ar, br = br, ar
	}
	if len(ar) != len(br)+1 || len(br) < 2 {
		return false
	}
	i := 0
	for i < len(br) && ar[i] == br[i] {
		i++
	}
	for ; i < len(br); i++ {
		if ar[i+1] != br[i] {
			return false
		}
	}
	return true
}

func entityMatch(kind uint8, a, b string) bool {
	if oneDeletion(a, b) {
		return true
	}
	// A longer form containing the shorter one ("港湾大厦" / "港湾大厦A座"); only for names
	// long enough not to be a generic word.
	if len([]rune(a)) >= 3 && len([]rune(b)) >= 3 && (strings.Contains(a, b) || strings.Contains(b, a)) {
		return true
	}
	return false
}

func numNear(a, b int64) bool {
	if a == b {
		return true
	}
	// A dropped digit ("250,00元" for 250,000元).
	return oneDeletion(strconv.FormatInt(a, 10), strconv.FormatInt(b, 10))
}

// Jaccard similarity of two sorted hash sets.
func jaccard(a, b []uint32) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	i, j, inter := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// matterDetail is the evidence about the matter, kept for reasons and tuning.
type matterDetail struct {
	sim       float64
	support   float64
	conflict  float64
	shared    []string
	conflicts []string
}

func matterEvidence(n, o *Features) matterDetail {
	var d matterDetail
	d.sim = jaccard(n.Shingles, o.Shingles)
	// Entities by kind.
	for k := uint8(1); k < numEntKinds; k++ {
		var hasA, hasB, matched bool
		var shared, a1, b1 string
		for _, a := range n.Entities {
			if a.Kind != k {
				continue
			}
			hasA = true
			if a1 == "" {
				a1 = a.Text
			}
			for _, b := range o.Entities {
				if b.Kind != k {
					continue
				}
				if entityMatch(k, a.Text, b.Text) && !matched {
					matched = true
					shared = a.Text
				}
			}
		}
		for _, b := range o.Entities {
			if b.Kind == k {
				hasB = true
				if b1 == "" {
					b1 = b.Text
				}
			}
		}
		if !hasA || !hasB {
			continue
		}
		if matched {
			d.support += entWeight[k]
			d.shared = append(d.shared, displayEntity(k, shared))
		} else {
			d.conflict += entWeight[k]
			d.conflicts = append(d.conflicts, fmt.Sprintf("%s不同（%s／%s）", entKindName[k], displayEntity(k, a1), displayEntity(k, b1)))
		}
	}
	// Quantities by unit.
	for u := uint8(1); u < numUnits; u++ {
		var hasA, hasB, matched, near bool
		var sv, a1, b1 int64
		for _, a := range n.Nums {
			if a.Unit != u {
				continue
			}
			if !hasA {
				a1 = a.Value
			}
			hasA = true
			for _, b := range o.Nums {
				if b.Unit != u {
					continue
				}
				if a.Value == b.Value {
					if !matched {
						sv = a.Value
					}
					matched = true
				} else if numNear(a.Value/100, b.Value/100) && a.Value%100 == 0 && b.Value%100 == 0 {
					near = true
				}
			}
		}
		for _, b := range o.Nums {
			if b.Unit == u {
				if !hasB {
					b1 = b.Value
				}
				hasB = true
			}
		}
		if !hasA || !hasB {
			continue
		}
		switch {
		case matched:
			d.support += unitWeight[u]
			d.shared = append(d.shared, formatNum(Num{u, sv}))
		case near:
		default:
			d.conflict += unitWeight[u]
			d.conflicts = append(d.conflicts, fmt.Sprintf("数额不同（%s／%s）", formatNum(Num{u, a1}), formatNum(Num{u, b1})))
		}
	}
	// Attribute tags by group.
	for g := uint8(1); g < numTagGroups; g++ {
		var hasA, hasB, matched bool
		var st, a1, b1 uint16
		for _, a := range n.Tags {
			if uint8(a>>8) != g {
				continue
			}
			if !hasA {
				a1 = a
			}
			hasA = true
			for _, b := range o.Tags {
				if b == a && !matched {
					matched = true
					st = a
				}
			}
		}
		for _, b := range o.Tags {
			if uint8(b>>8) == g {
				if !hasB {
					b1 = b
				}
				hasB = true
			}
		}
		if !hasA || !hasB {
			continue
		}
		if matched {
			d.support += tagWeight[g] / 2
			d.shared = append(d.shared, tagWord(st))
		} else {
			d.conflict += tagWeight[g]
			d.conflicts = append(d.conflicts, fmt.Sprintf("%s不同（%s／%s）", tagGroupName[g], tagWord(a1), tagWord(b1)))
		}
	}
	// Kind of matter.
	if n.Category != 0 && o.Category != 0 {
		if n.Category == o.Category {
			// One person rarely has two matters of one kind open; when they do, the details
			// (company, amount, year, place…) differ and count as conflicts above.
			d.support += 1.5
		} else {
			d.conflict += 2
			d.conflicts = append(d.conflicts, fmt.Sprintf("事项类别不同（%s／%s）", Categories[n.Category], Categories[o.Category]))
		}
	}
	return d
}

func displayEntity(k uint8, s string) string {
	if k == EntOrg {
		return s + "公司"
	}
	return s
}

func formatNum(n Num) string {
	v := strconv.FormatFloat(float64(n.Value)/100, 'f', -1, 64)
	switch n.Unit {
	case UnitOrdinal:
		return "第" + v
	case UnitYear:
		return v + "年"
	}
	return v + unitName[n.Unit]
}

// matterScore turns the evidence into a confidence: text similarity and agreeing details
// raise it, a detail both items state differently (another company, another amount, another
// year) lowers it sharply — that is what tells two matters of one kind apart.
func matterScore(d matterDetail, n, o *Features) float64 {
	e := 3*d.sim + d.support - 2.5*d.conflict
	if n.District != "" && n.District == o.District {
		e += 0.3
	}
	if n.Street != "" && n.Street == o.Street {
		e += 0.2
	}
	if n.Dept != 0 && n.Dept == o.Dept {
		e += 0.1
	}
	return 1 / (1 + math.Exp(-2*(e-2.3)))
}

// Compare decides about a new item against one earlier item.
func Compare(newItem, old *Features, id Identity) Result {
	p, reasons := personScore(newItem, old, id)
	d := matterEvidence(newItem, old)
	m := matterScore(d, newItem, old)
	r := Result{Person: round2(p), Matter: round2(m)}
	if len(d.shared) > 0 {
		reasons = append(reasons, "均提及："+strings.Join(d.shared, "、"))
	}
	reasons = append(reasons, fmt.Sprintf("事项文本相似度 %.2f", d.sim))
	reasons = append(reasons, d.conflicts...)
	r.Reasons = reasons
	switch {
	case p >= mergePerson && m >= matterHigh:
		r.Verdict = Merge
	case p >= reviewPerson && m >= matterHigh, p >= 0.9 && m >= matterMid:
		r.Verdict = Review
	case p < reviewPerson && m >= linkMatter:
		r.Verdict = Link
	}
	return r
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// CompareCase decides against a case from the results of comparing the new item with each
// of its items: the strongest verdict wins; two or more items that each make the same
// person's same matter likely turn a Review into a Merge.
func CompareCase(results []Result) Result {
	if len(results) == 0 {
		return Result{}
	}
	best := 0
	for i, r := range results {
		b := results[best]
		if r.Verdict > b.Verdict || r.Verdict == b.Verdict && r.Person*r.Matter > b.Person*b.Matter {
			best = i
		}
	}
	out := results[best]
	out.Reasons = append([]string(nil), out.Reasons...)
	if out.Verdict == Review {
		agree := 0
		for _, r := range results {
			if r.Verdict >= Review {
				agree++
			}
		}
		if agree >= 2 {
			out.Verdict = Merge
			out.Reasons = append(out.Reasons, fmt.Sprintf("与该件中 %d 份材料均相符", agree))
		}
	}
	return out
}
