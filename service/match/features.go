package match

import (
	"sort"
	"strings"
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

// Features is what Compare needs of an item. It holds no phone or ID number, only hashes of
// the name and of the ID number's 4- and 6-digit region prefix, and is small enough to be
// stored next to each item (typically 200–400 bytes marshalled).
type Features struct {
	Name      uint64   `json:"n,omitempty"`   // hash of the normalised name; 0 = none
	IDRegion4 uint32   `json:"r4,omitempty"`  // hash of the first 4 digits of an ID number (form or letter text)
	IDRegion6 uint32   `json:"r6,omitempty"`  // hash of the first 6 digits
	District  string   `json:"d,omitempty"`   // 问题属地 district as given (may be wrong)
	Street    string   `json:"s,omitempty"`   // street as given
	Dept      uint32   `json:"dp,omitempty"`  // hash of the department named
	Category  uint8    `json:"c,omitempty"`   // index into Categories
	Purpose   uint8    `json:"p,omitempty"`   // index into Purposes
	Entities  []Entity `json:"e,omitempty"`   // organisations, places, schools… in text order
	Nums      []Num    `json:"q,omitempty"`   // quantities
	Tags      []uint16 `json:"g,omitempty"`   // attribute tags (group<<8 | value), sorted
	Shingles  []uint32 `json:"h,omitempty"`   // hashed character bigrams of the matter text, sorted, at most maxShingles
	Length    uint16   `json:"len,omitempty"` // length of the matter text in characters
}

const maxShingles = 160

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
	// Final avalanche (splitmix64) so that low bits are usable.
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

func normDistrict(s string) string {
	s = strings.TrimSpace(s)
	return s
}

// Extract computes an item's features. It is pure and safe for concurrent use.
func Extract(d Doc) *Features {
	f := &Features{
		Name:     NameHash(d.Name),
		District: normDistrict(d.District),
		Street:   strings.TrimSpace(d.Street),
	}
	if dep := strings.TrimSpace(d.Department); dep != "" {
		f.Dept = fnv32("dept", dep)
	}
	p := splitParts(d.Content)
	idp := ""
	if id := strings.TrimSpace(d.IDNumber); len(id) >= 6 {
		idp = id[:6]
	} else if p.idPre != "" {
		idp = p.idPre
	}
	if len(idp) >= 4 {
		f.IDRegion4 = fnv32("idr", idp[:4])
	}
	if len(idp) >= 6 {
		f.IDRegion6 = fnv32("idr", idp[:6])
	}
	var text []rune
	for _, c := range p.core {
		f.Entities = findEntities(c, f.Entities)
		f.Nums = findNumbers(c, f.Nums)
		f.Tags = findTags(c, f.Tags)
		for _, r := range c {
			if wordRune(r) {
				text = append(text, r)
			}
		}
	}
	sortUint16(f.Tags)
	if len(f.Entities) > 12 {
		f.Entities = f.Entities[:12]
	}
	if len(f.Nums) > 12 {
		f.Nums = f.Nums[:12]
	}
	f.Shingles = shingles(text)
	if len(text) > 65535 {
		f.Length = 65535
	} else {
		f.Length = uint16(len(text))
	}
	cat, _ := classify(p, d.Department)
	f.Category = uint8(cat)
	f.Purpose = uint8(purposeOf(p))
	return f
}

// shingles hashes the character bigrams of text; long texts keep the bottom-k hashes, which
// still estimate Jaccard similarity.
func shingles(text []rune) []uint32 {
	if len(text) == 0 {
		return nil
	}
	if len(text) == 1 {
		return []uint32{fnv32("sh", string(text))}
	}
	hs := make([]uint32, 0, len(text))
	var buf [8]byte
	for i := 0; i+1 < len(text); i++ {
		n := encodeRune(buf[:0], text[i])
		n = encodeRune(n, text[i+1])
		hs = append(hs, fnv32("sh", string(n)))
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i] < hs[j] })
	out := hs[:0]
	for i, h := range hs {
		if i == 0 || h != hs[i-1] {
			out = append(out, h)
		}
	}
	if len(out) > maxShingles {
		out = out[:maxShingles]
	}
	return append([]uint32(nil), out...)
}

func encodeRune(b []byte, r rune) []byte {
	return append(b, string(r)...)
}
