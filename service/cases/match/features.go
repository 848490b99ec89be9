package match

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Doc is one incoming item as the registration platform sees it.
type Doc struct {
	Name, Phone, IDNumber, OpenID, District, Street, Department, Content string
}

// Entity is a named thing the matter is about.
type Entity struct {
	Kind uint8  `json:"k"`
	Text string `json:"t"`
}

// Num is a quantity quoted in the matter text; Value is the amount ×100 (so 4.5个月 = 450).
type Num struct {
	Unit  uint8 `json:"u"`
	Value int64 `json:"v"`
}

// Features is what Compare needs of an item. It holds no phone, ID number or openid (the
// store compares those through its blind indexes and passes the outcome as Identity) and
// only a hash of the name; it is small enough to be stored next to each item (about 200–400
// bytes marshalled).
type Features struct {
	Name      uint64   `json:"n,omitempty"`  // hash of the normalised name; 0 = none
	District  string   `json:"d,omitempty"`  // 问题属地 district as given (may be wrong)
	Street    string   `json:"s,omitempty"`  // street as given
	Dept      uint32   `json:"dp,omitempty"` // hash of the department named
	Category  uint8    `json:"c,omitempty"`  // index into Categories
	CatMargin uint8    `json:"cm,omitempty"` // lead of Category over the runner-up, in tenths of a keyword point
	Entities  []Entity `json:"e,omitempty"`  // organisations, places, schools… in text order
	Nums      []Num    `json:"q,omitempty"`  // quantities
	Tags      []uint16 `json:"g,omitempty"`  // attribute tags (group<<8 | value), sorted
	Shingles  []uint32 `json:"h,omitempty"`  // hashed character bigrams of the matter text, sorted, at most maxShingles
	NameNear  []uint32 `json:"nn,omitempty"` // hashes of the name with one character masked (names of 3+ characters)
	Surname   uint32   `json:"sn,omitempty"` // hash of the surname; 0 = none
	Polite    bool     `json:"pl,omitempty"` // the name is a surname and a form of address (伍女士, 苏生)
	// Named: hashes (as Name) of the names the text gives for its writer or the one it speaks
	// for, other than Name ("我系冯建华" under 冯生; "其母亲张秀英" from a daughter).
	Named []uint64 `json:"nm,omitempty"`
	// Given: hash of the last character of the given name — of a full name (刘玮 → 玮, 钟晓燕
	// → 燕) or of a WeChat-style nickname without a surname (小玮, 晓燕, 燕子, 豪仔); Nick marks
	// the nickname. A nickname meets the full names of its street through it (nickMatch).
	Given uint32 `json:"gv,omitempty"`
	Nick  bool   `json:"nk,omitempty"`
}

const maxShingles = 160

// fnv64 hashes its parts (FNV-1a with a separator between parts, then a splitmix64
// finaliser so that every bit is usable).
func fnv64(parts ...string) uint64 {
	h := uint64(14695981039346656037)
	for i, p := range parts {
		if i > 0 {
			h ^= 0xff
			h *= 1099511628211
		}
		for j := 0; j < len(p); j++ {
			h ^= uint64(p[j])
			h *= 1099511628211
		}
	}
	return mixHash(h)
}

func mixHash(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

func fnv32(parts ...string) uint32 { return uint32(fnv64(parts...) >> 32) }

// normName folds widths, drops spaces and separator dots ("阿卜杜·热合曼").
func normName(s string) string {
	var b strings.Builder
	for _, r := range s {
		r = foldRune(r)
		if r == ' ' || r == '·' || r == '.' || r == '•' || r == '-' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// NameHash is the hash Features.Name holds for a name ("" → 0).
func NameHash(name string) uint64 {
	n := normName(name)
	if n == "" {
		return 0
	}
	return fnv64("name", n)
}

// NameNear hashes a name of three or more characters once per position with that character
// masked: two names one character apart (雷淑华 / 雷淑花, a homophone typed or heard) share
// one. Shorter names get none (王芳 / 王方 would share only the surname).
func NameNear(name string) []uint32 {
	r := []rune(normName(name))
	if len(r) < 3 {
		return nil
	}
	out := make([]uint32, len(r))
	for i := range r {
		m := slices.Clone(r)
		m[i] = '*'
		out[i] = uint32(fnv64("namenear", string(m)))
	}
	return out
}

// honorifics are the forms of address a transcript puts after a surname instead of the given
// name (王女士, 陈先生, and in Cantonese 苏生, 陈太).
var honorifics = []string{"女士", "先生", "小姐", "阿姨", "大姐", "大哥", "阿婆", "阿伯", "伯伯", "叔叔", "师傅", "老师", "生", "太", "伯", "姨", "婆", "叔"}

// compoundSurnames are two-character surnames (欧阳修's surname is 欧阳, not 欧).
var compoundSurnames = []string{"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "司徒", "令狐", "夏侯", "长孙", "宇文", "轩辕", "端木"}

// Surname returns the surname of a name and whether the name is only a surname with a form
// of address (伍女士 → 伍, true; 伍彩霞 → 伍, false); "" when the name is too short to tell.
func Surname(name string) (string, bool) {
	n := normName(name)
	if r := []rune(n); len(r) == 2 && r[0] == '老' && strings.ContainsRune(commonSurnames, r[1]) {
		return string(r[1]), true // 老王: Wang, addressed familiarly
	} else if len(r) == 1 && strings.ContainsRune(commonSurnames, r[0]) {
		return n, true // a letter signed with the surname alone (王, 林)
	}
	sur := ""
	for _, c := range compoundSurnames {
		if strings.HasPrefix(n, c) {
			sur = c
		}
	}
	for _, h := range honorifics {
		if n == h {
			return "", false // 先生, 女士 alone: no surname told
		}
	}
	r := []rune(n)
	if sur == "" && len(r) >= 2 {
		sur = string(r[0])
	}
	if sur == "" {
		return "", false
	}
	rest := strings.TrimPrefix(n, sur)
	for _, h := range honorifics {
		// A one-character form (生, 太) only right after the surname: 李生 is 李先生, 李生华 a name.
		if rest == h {
			return sur, true
		}
	}
	if rest == "" {
		return "", false
	}
	return sur, false
}

func surnameHash(name string) (uint32, bool) {
	s, polite := Surname(name)
	if s == "" {
		return 0, false
	}
	return fnv32("surname", s), polite
}

// politeMatch reports whether one item gives only a surname and a form of address and the
// other a name with that surname (伍女士 / 伍彩霞).
func politeMatch(a, b *Features) bool {
	return a.Surname != 0 && a.Surname == b.Surname && a.Polite != b.Polite
}

// namedSame reports whether one item's text names the other's petitioner as its writer or
// as the one it speaks for ("其母亲张秀英" and 张秀英's own letter; "我系冯建华" under 冯生 and
// 冯建华's form). Two texts naming one third person are not enough: a widow and a son each
// name the man who died, for matters of their own.
func namedSame(a, b *Features) bool {
	return b.Name != 0 && slices.Contains(a.Named, b.Name) || a.Name != 0 && slices.Contains(b.Named, a.Name)
}

// namedOnly reports whether the two items are one person only by a name one text gives (the
// names on the forms differ or one is missing): a relative speaking for the petitioner.
func namedOnly(a, b *Features) bool {
	return !(a.Name != 0 && a.Name == b.Name) && namedSame(a, b)
}

// givenHash hashes the last character of a name's given name, and reports whether the name is
// a nickname: no common surname in front (小玮, 晓燕, 建华, 燕子, 豪仔, 刚子, 萍姐, 强哥), or a
// single character that is no surname (军, 勇). A polite form (王女士, 老王, a surname alone)
// has no given name; a name of more than four characters has none either.
func givenHash(name string) (uint32, bool) {
	r := []rune(normName(name))
	if _, polite := Surname(name); polite || len(r) == 0 || len(r) > 4 {
		return 0, false
	}
	if len(r) == 1 {
		if !isHan(r[0]) {
			return 0, false
		}
		return fnv32("given", string(r)), true
	}
	for _, c := range r {
		if !isHan(c) {
			return 0, false
		}
	}
	if (strings.ContainsRune(commonSurnames, r[0]) || len(r) == 3 && strings.ContainsRune(wordSurnames, r[0])) && r[0] != '小' {
		if len(r) > 3 {
			return 0, false
		}
		return fnv32("given", string(r[len(r)-1])), false // 刘玮, 钟晓燕
	}
	// A nickname: 小/阿 in front and 子/仔/儿, 姐/哥 behind are forms of address, not the name.
	core := r
	if core[0] == '小' || core[0] == '阿' {
		core = core[1:]
	}
	if n := len(core); n > 1 && strings.ContainsRune("子仔儿姐哥", core[n-1]) {
		core = core[:n-1]
	}
	if len(core) == 0 || len(core) > 2 {
		return 0, false
	}
	return fnv32("given", string(core[len(core)-1])), true
}

// nickMatch reports whether one item gives a nickname and the other a full name whose given
// name ends in the nickname's character (晓燕 / 钟晓燕, 小玮 / 刘玮, 豪仔 / 陈家豪).
func nickMatch(a, b *Features) bool {
	return a.Given != 0 && a.Given == b.Given && a.Nick != b.Nick
}

// nameNear reports whether two items' names are one character apart.
func nameNear(a, b *Features) bool {
	if len(a.NameNear) != len(b.NameNear) {
		return false
	}
	for i := range a.NameNear {
		if a.NameNear[i] == b.NameNear[i] {
			return true
		}
	}
	return false
}

// backOpenings open a text that follows up its writer's earlier one: "还是小橙星退费的事",
// "又是我老郑养老金那个事情" (on the labelled files 76 of 79 texts that open so are repeats).
var backOpenings = []string{"还是", "又是", "仍然是", "仍是", "依然是", "依旧是"}

// opensBack reports whether the text, past leading punctuation and spaces, opens with one of
// backOpenings about the matter, not only the writer ("还是我，…").
// sameAsAbove reports whether a text says its matter is the one registered just before it, as
// a registrar notes the members of a group's visit after its representative (反映同上, 诉求同上：
// …, 同上。…): a clause that is 同上 or ends in it — not 合同上 (合同上写的…) — or 同上 in
// brackets' front (反映同上（湾区鸿基项目）).
func sameAsAbove(norm []rune) bool {
	if !hasRunePair(norm, '同', '上') {
		return false // (nearly every text: no clause is split)
	}
	for _, c := range splitClauses(norm) {
		s := string(c)
		if strings.HasSuffix(s, "同上") && !strings.HasSuffix(s, "合同上") || strings.Contains(s, "同上(") && !strings.Contains(s, "合同上(") {
			return true
		}
	}
	return false
}

// hasRunePair reports whether a is directly followed by b somewhere in r.
func hasRunePair(r []rune, a, b rune) bool {
	for i := 0; i+1 < len(r); i++ {
		if r[i] == a && r[i+1] == b {
			return true
		}
	}
	return false
}

func opensBack(norm []rune) bool {
	i := 0
	for i < len(norm) && !wordRune(norm[i]) {
		i++
	}
	for _, w := range backOpenings {
		if !hasPrefix(norm[i:], w) {
			continue
		}
		// "还是我，这次讲自来水": who is writing again, not what about.
		rest := norm[i+len([]rune(w)):]
		return !(len(rest) >= 1 && rest[0] == '我' && (len(rest) == 1 || !wordRune(rest[1])))
	}
	return false
}

// analysis is everything read from one item's text.
type analysis struct {
	norm    []rune // the whole text, normalised (read only: the clauses are slices of it)
	p       parts
	ents    []Entity
	nums    []Num
	tags    []uint16
	text    []rune // the matter text: ideographs, digits and letters of the core clauses
	scores  [len(catWords)]float64
	cat     int
	margin  float64
	purpose int
}

func analyze(d Doc) *analysis {
	norm := normalize(d.Content)
	a := &analysis{norm: norm, p: splitParts(norm)}
	for _, c := range a.p.core {
		a.ents = findEntities(c, a.ents)
		a.ents = findBrands(c, a.ents)
		a.ents = findInitials(c, a.ents)
		a.nums = findNumbers(c, a.nums)
		a.tags = findTags(c, a.tags)
		for _, r := range c {
			if wordRune(r) {
				a.text = append(a.text, r)
			}
		}
	}
	if sameAsAbove(norm) {
		a.tags = addTag(a.tags, tagOf(TagAbove, 1))
	}
	if opensBack(norm) {
		a.tags = addTag(a.tags, tagOf(TagBack, 1))
	}
	if t := organTag(string(normalize(d.Department))); t != 0 {
		a.tags = addTag(a.tags, t)
	}
	sortUint16(a.tags)
	var orgs []string
	for _, e := range a.ents {
		if e.Kind == EntOrg {
			orgs = append(orgs, e.Text)
		}
	}
	a.scores = scoreCategories(a.p, orgs, d.Department)
	a.cat, a.margin = bestCategory(a.scores)
	a.purpose = purposeOf(a.p)
	return a
}

// Analysis is the outcome of reading one item: its features, the screening and the suggested
// purpose and category (Taxonomy.Analyze reads the text once).
type Analysis struct {
	Features  *Features
	Screening Screening
	Purpose   string
	Category  string
	// Keep is the wording that shows the text complains about an organ's own work (the keep
	// rules), whatever kind of matter lies behind it; "" when none does or the item is screened
	// out. A follow-up saying so puts the screened case it joins back before a registrar.
	Keep string
}

// Extract computes an item's features. It is pure and safe for concurrent use.
func Extract(d Doc) *Features {
	return analyze(d).features(d)
}

func (a *analysis) features(d Doc) *Features {
	f := &Features{
		Name:     NameHash(d.Name),
		NameNear: NameNear(d.Name),
		// Folded like names: 東門街道 is 东门街道.
		District: normName(d.District),
		Street:   normName(d.Street),
		Entities: a.ents,
		Nums:     a.nums,
		Tags:     a.tags,
		Category: uint8(a.cat),
	}
	f.Surname, f.Polite = surnameHash(d.Name)
	f.Given, f.Nick = givenHash(d.Name)
	for _, n := range namedInText(a.norm, string(normalize(normName(d.Name)))) {
		if h := NameHash(n); h != f.Name {
			f.Named = append(f.Named, h)
		}
	}
	f.CatMargin = uint8(math.Min(255, math.Round(a.margin*10)))
	if dep := normName(d.Department); dep != "" {
		f.Dept = fnv32("dept", dep)
	}
	if len(f.Entities) > 12 {
		f.Entities = f.Entities[:12]
	}
	if len(f.Nums) > 12 {
		f.Nums = f.Nums[:12]
	}
	f.Shingles = shingles(a.text)
	return f
}

// shingles hashes the character bigrams of text, sorted and without repeats. A long text
// keeps the maxShingles smallest hashes (a bottom-k sketch; see jaccard).
func shingles(text []rune) []uint32 {
	if len(text) == 0 {
		return nil
	}
	if len(text) == 1 {
		return []uint32{fnv32("sh", string(text))}
	}
	hs := make([]uint32, 0, len(text))
	for i := 0; i+1 < len(text); i++ {
		hs = append(hs, pairHash(text[i], text[i+1]))
	}
	slices.Sort(hs)
	hs = slices.Compact(hs)
	if len(hs) > maxShingles {
		hs = hs[:maxShingles]
	}
	return slices.Clip(hs)
}

// pairHash is the shingle of the character pair a, b.
func pairHash(a, b rune) uint32 {
	var buf [8]byte
	p := utf8.AppendRune(buf[:0], a)
	p = utf8.AppendRune(p, b)
	return uint32(fnvBytes(p) >> 32)
}

// fnvBytes hashes a shingle like fnv64("sh", string(b)) would, without the conversion.
func fnvBytes(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range []byte("sh") {
		h ^= uint64(c)
		h *= 1099511628211
	}
	h ^= 0xff
	h *= 1099511628211
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return mixHash(h)
}
