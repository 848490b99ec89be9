package match

import (
	"sort"
	"strconv"
)

// Key kinds.
const (
	KindName = "name" // person keys derived from the name
	KindText = "text" // matter keys: entities, quantities, MinHash LSH bands
)

// Key is one index entry of an item. Items sharing a key are compared on registration.
type Key struct {
	Kind  string
	Value uint64
}

// LSH parameters: lshBands bands of lshRows MinHash values each over the bigram shingles.
// Two texts with Jaccard similarity s share a band with probability 1-(1-s^r)^b: with r=2,
// b=6 that is 0.65 at s=0.4 and 0.98 at s=0.7.
const (
	lshBands = 6
	lshRows  = 2
)

// Key budget: at most 7 name keys and 15 text keys (22 in all).
const (
	maxNameEntityKeys = 4
	maxEntityKeys     = 5
	maxEntityNumKeys  = 2
)

// entity kinds in order of how well they pin down a matter (for key selection).
var keyEntityOrder = []uint8{EntOrg, EntEstate, EntSchool, EntCourt, EntDoc, EntRoad, EntShop, EntStreet}

// Keys returns the index keys of an item. Name keys: the name alone, with the district, with
// the category and with each leading entity — the last two survive a wrong district and stay
// selective when the name alone is common. Text keys: the leading entities, each with the
// leading quantity, the category with all quantities, and MinHash LSH bands.
func Keys(f *Features) []Key {
	keys := make([]Key, 0, 24)
	add := func(kind string, parts ...string) {
		v := fnv64(parts...)
		for _, k := range keys {
			if k.Value == v {
				return
			}
		}
		keys = append(keys, Key{Kind: kind, Value: v})
	}
	ents := keyEntities(f)
	if f.Name != 0 {
		name := strconv.FormatUint(f.Name, 36)
		add(KindName, "N", name)
		if f.District != "" {
			add(KindName, "ND", name, f.District)
		}
		if f.Category != 0 {
			add(KindName, "NC", name, strconv.Itoa(int(f.Category)))
		}
		for i, e := range ents {
			if i == maxNameEntityKeys {
				break
			}
			add(KindName, "NE", name, strconv.Itoa(int(e.Kind)), e.Text)
		}
	}
	var lead *Num
	for _, u := range []uint8{UnitMoney, UnitYear, UnitHouseNo, UnitYears, UnitMonths, UnitFloor, UnitTimes, UnitTenth} {
		for i := range f.Nums {
			if f.Nums[i].Unit == u {
				lead = &f.Nums[i]
				break
			}
		}
		if lead != nil {
			break
		}
	}
	for i, e := range ents {
		if i == maxEntityKeys {
			break
		}
		if e.Kind == EntStreet || e.Kind == EntShop || e.Kind == EntRoad && lead == nil {
			continue // too common on their own
		}
		add(KindText, "E", strconv.Itoa(int(e.Kind)), e.Text)
	}
	if lead != nil {
		for i, e := range ents {
			if i == maxEntityNumKeys {
				break
			}
			add(KindText, "EN", strconv.Itoa(int(e.Kind)), e.Text, strconv.Itoa(int(lead.Unit)), strconv.FormatInt(lead.Value, 10))
		}
	}
	if len(f.Nums) > 0 && f.Category != 0 {
		ns := make([]string, 0, len(f.Nums)+2)
		ns = append(ns, "Q", strconv.Itoa(int(f.Category)))
		vals := make([]string, 0, len(f.Nums))
		for _, n := range f.Nums {
			if n.Unit == UnitOrdinal {
				continue
			}
			vals = append(vals, strconv.Itoa(int(n.Unit))+":"+strconv.FormatInt(n.Value, 10))
		}
		sort.Strings(vals)
		if len(vals) > 0 {
			add(KindText, append(ns, vals...)...)
		}
	}
	if len(f.Shingles) >= 4 {
		mh := minHash(f.Shingles)
		for b := 0; b < lshBands; b++ {
			parts := []string{"L", strconv.Itoa(b)}
			for r := 0; r < lshRows; r++ {
				parts = append(parts, strconv.FormatUint(uint64(mh[b*lshRows+r]), 36))
			}
			add(KindText, parts...)
		}
	}
	return keys
}

// keyEntities orders an item's entities by how specific their kind is, keeping text order
// within a kind.
func keyEntities(f *Features) []Entity {
	out := make([]Entity, 0, len(f.Entities))
	for _, k := range keyEntityOrder {
		for _, e := range f.Entities {
			if e.Kind == k {
				out = append(out, e)
			}
		}
	}
	return out
}

func mix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

func minHash(sh []uint32) [lshBands * lshRows]uint32 {
	var mh [lshBands * lshRows]uint32
	for i := range mh {
		seed := uint64(i+1) * 0x9e3779b97f4a7c15
		m := ^uint64(0)
		for _, s := range sh {
			if h := mix64(uint64(s) ^ seed); h < m {
				m = h
			}
		}
		mh[i] = uint32(m >> 32)
	}
	return mh
}
