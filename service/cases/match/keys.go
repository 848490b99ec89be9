package match

import (
	"sort"
	"strconv"
)

// Key kinds.
const (
	KindName = "name" // person keys derived from the name
	KindText = "text" // matter keys: entities, quantities, MinHash LSH bands
	// KindVariant: person keys for the name's variants (a character masked, the surname):
	// broad buckets, which the store caps like text keys.
	KindVariant = "variant"
)

// Key is one index entry of an item. Items sharing a key are compared on registration.
type Key struct {
	Kind  string
	Value uint64
	// StoreOnly: file the item under the key without looking it up; LookupOnly: look the key
	// up without filing the item under it. A full name is filed under its surname for a
	// later 王女士 to find, and looks up only the polite forms of its surname: 王秀梅 has no
	// use for every 王 in her street.
	StoreOnly, LookupOnly bool
}

// LSH parameters: lshBands bands of lshRows MinHash values each over the bigram shingles.
// Two texts with Jaccard similarity s share a band with probability 1-(1-s^r)^b: with r=3,
// b=4 that is 0.41 at s=0.5, 0.94 at s=0.8 and 0.996 at s=0.9 — a net for copied and lightly
// edited texts (group petitions are often one text signed by many), not for paraphrases,
// which the entity keys catch. Wider bands would mostly collect items of one template.
const (
	lshBands = 4
	lshRows  = 3
)

// Key budget: 8 name keys; one variant key per character of the name (masked) and one for the
// surname; 15 text keys plus one per school, and up to four per company among the leading
// entities (its brand's sound, first two characters, initials and pinyin) and two per run of
// letters. About 22 in all for a typical item (dev set, 2026-12-03).
const (
	maxNameEntityKeys = 4
	maxEntityKeys     = 5
	maxEntityNumKeys  = 2
)

// entity kinds in order of how well they pin down a matter (for key selection).
var keyEntityOrder = []uint8{EntOrg, EntEstate, EntSchool, EntCourt, EntDoc, EntRoad, EntShop, EntStreet}

// Keys returns the index keys of an item.
//
// Name keys (Kind "name"): the name alone, the name with the district, with the category,
// with each leading entity and with the leading quantity — those three survive a wrong
// district and stay selective when the name alone is common (王伟 has thousands of cases;
// 王伟 + 华美电子 a handful), so the store may cap every key at its most recent items — and,
// within the street on the form (else the district), the name with one character masked
// (刘贵英 meets 刘桂英) and the surname (王女士 meets 王秀梅).
//
// Text keys (Kind "text"): the leading entities (organisation, estate, school…), the first
// two of them with the leading quantity, the spot (street + road or estate), what it is about
// within the street on the form (the first two request, venue or nuisance tags), the category
// with all quantities, and MinHash LSH bands. They find the same matter raised by other
// people (group petitions) and the same person under another name spelling.
//
// Phones, ID numbers and openids are not here: the store indexes their blind hashes itself.
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
	// spelt files a Han brand under its initials and its pinyin within the district, for the
	// letters that spell it (brandNamings).
	spelt := func(b string) {
		if in := brandInitials(b); in != "" {
			add(KindText, "EI", f.District, in)
		}
		if py := brandPinyin(b); py != "" {
			add(KindText, "EP", f.District, py)
		}
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
	// The names the text gives find that person's items as the name on the form does.
	for _, h := range f.Named {
		name := strconv.FormatUint(h, 36)
		add(KindName, "N", name)
		if f.District != "" {
			add(KindName, "ND", name, f.District)
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
	if f.Street != "" || f.District != "" {
		// A name heard or typed differently (刘贵英 / 刘桂英) or said politely (王女士 / 王秀梅)
		// meets its other forms in the same street on the form: the street keeps a common
		// surname's bucket small, and it is what a variant's merge needs. An item without a
		// street (a WeChat message gives none) meets the items of its district: it is filed
		// under the district's street-less bucket and looks up the district's whole one, where
		// items with a street are filed too. Nicknames and polite forms with a street look up
		// the street-less bucket as well; full names do not (on 32 labelled sets that found no
		// repeat, and cost every registration two more lookups).
		type place struct {
			at            []string
			lookup, store bool
		}
		places := []place{{[]string{f.District, "*"}, true, true}, {[]string{f.District, "-"}, false, true}}
		if f.Street != "" {
			places = []place{{[]string{f.Street}, true, true}, {[]string{f.District, "*"}, false, true}}
			if f.Nick || f.Polite {
				places = append(places, place{[]string{f.District, "-"}, true, false})
			}
		}
		// variant adds a variant key at every place, looked up and filed as both the place and
		// the key's own direction allow (a polite form looks up full names; they are filed).
		variant := func(tag, value string, lookup, store bool, places []place) {
			for _, pl := range places {
				l, st := lookup && pl.lookup, store && pl.store
				if !l && !st {
					continue
				}
				at := len(keys)
				add(KindVariant, append(append([]string{tag}, pl.at...), value)...)
				if len(keys) > at {
					keys[at].LookupOnly, keys[at].StoreOnly = !st, !l
				}
			}
		}
		for i, h := range f.NameNear {
			if i == 0 {
				continue // the surname masked: a variant keeps its surname (孙丽萍 / 许丽萍 are two)
			}
			variant("NN", strconv.FormatUint(uint64(h), 36), true, true, places[:1]) // (a typing slip: the form's own place)
		}
		if f.Given != 0 {
			// "NG": a nickname (晓燕) looks for the full names whose given name ends alike
			// (钟晓燕), which are filed under it; "NK" the other way round, for a full name after
			// the nickname. (Neither finds names of its own sort: 钟晓燕 and 林晓燕 are two
			// people.)
			g := strconv.FormatUint(uint64(f.Given), 36)
			variant("NG", g, f.Nick, !f.Nick, places)
			variant("NK", g, !f.Nick, f.Nick, places)
		}
		if f.Surname != 0 {
			// "NS": full names of the surname, which 王女士 looks up; "NP": its polite forms,
			// which 王秀梅 and the other polite forms (王先生) look up.
			sn := strconv.FormatUint(uint64(f.Surname), 36)
			variant("NS", sn, f.Polite, !f.Polite, places)
			variant("NP", sn, true, f.Polite, places)
		}
	}
	if f.Name != 0 && lead != nil {
		// For matters named by a number rather than a name ("1996年入伍的退役军人").
		add(KindName, "NQ", strconv.FormatUint(f.Name, 36), strconv.Itoa(int(lead.Unit)), strconv.FormatInt(lead.Value, 10))
	}
	for i, e := range ents {
		if i == maxEntityKeys {
			break
		}
		if e.Kind == EntStreet || e.Kind == EntShop || e.Kind == EntRoad && lead == nil {
			continue // too common on their own
		}
		add(KindText, "E", strconv.Itoa(int(e.Kind)), e.Text)
		if e.Kind == EntSchool && f.District != "" {
			// One school named with more or fewer kind words (景秀实验学校, 景秀学校).
			if c := schoolCore(e.Text); c != "" {
				add(KindText, "ES", f.District, c, digitsOf(e.Text), schoolLevel(e.Text))
			}
		}
		if e.Kind == EntOrg {
			b := orgBrand(e.Text)
			// One company named three ways (深圳市宏达电子有限公司, 宏达电子厂, 宏达厂) meets by
			// its brand within a district.
			if f.District != "" && len([]rune(b)) >= 2 {
				add(KindText, "EH", f.District, soundKey(b)) // by its sound: 宏展 meets 红展
				if r := []rune(b); len(r) >= 4 {
					// …and by its first two characters, as people shorten it (云栈智联 → 云栈科技).
					add(KindText, "EH", f.District, soundKey(string(r[:2])))
				}
				spelt(b) // …and by its initials and pinyin (鑫达利 → XDL五金厂, 云栈 → yunzhan)
			}
			// A company named after its estate (溪岭雅苑物业) meets the estate (below).
			if t := estateTail(b); t != "" {
				add(KindText, "EE", soundKey(t))
			}
		}
		if e.Kind == EntEstate {
			// An estate named with its developer's name in front (华章悦澜府 / 悦澜府) or
			// heard (越澜府) meets by the sound of its own name — in any district: a form's
			// district is missing or wrong as often as an estate's name recurs elsewhere.
			if t := estateTail(e.Text); t != "" {
				add(KindText, "EE", soundKey(t))
			}
		}
	}
	if f.District != "" {
		road := false
		for _, e := range f.Entities {
			switch {
			case e.Kind == EntBrand && latinBrand(e.Text):
				// A company named by its initials meets the company whose brand has them, one
				// spelt in pinyin the company whose brand reads so.
				if len(e.Text) <= 5 {
					add(KindText, "EI", f.District, e.Text)
				}
				if len(e.Text) >= 4 {
					add(KindText, "EP", f.District, e.Text)
				}
			case e.Kind == EntBrand:
				// A company named by brand and trade only meets the company of that brand.
				add(KindText, "EH", f.District, soundKey(e.Text))
				spelt(e.Text)
			case e.Kind == EntRoad && !road && len([]rune(e.Text)) >= 3:
				// A named road within the district: a site's neighbours name the road, rarely
				// their street.
				add(KindText, "DR", f.District, e.Text)
				road = true
			}
		}
	}
	// The spot: a street (or town) with the road or estate in it.
	var street, spot *Entity
	for i := range f.Entities {
		e := &f.Entities[i]
		switch {
		case e.Kind == EntStreet && street == nil:
			street = e
		case (e.Kind == EntRoad || e.Kind == EntEstate) && spot == nil:
			spot = e
		}
	}
	if street != nil && spot != nil {
		add(KindText, "P", street.Text, strconv.Itoa(int(spot.Kind)), spot.Text)
	}
	if f.Street != "" {
		// What it is about within the street on the form (东纵路夜市 closed, 押金 kept by one
		// operator): the members of a group name the company or the spot each their own way,
		// or not at all. Over the 77 labelled files: group links +30.1 points summed, their
		// precision +4.7; dev candidates per item 36.4 → 37.3.
		n := 0
		for _, t := range f.Tags {
			if g := uint8(t >> 8); g != TagTopic && g != TagVenue && g != TagNuisance {
				continue
			}
			add(KindText, "ST", f.Street, strconv.Itoa(int(t)))
			if n++; n == 2 {
				break
			}
		}
	}
	if f.Street != "" {
		// A group's visit within the street on the form: its notes that say 同上 meet its
		// registration (one speaking for many), which is filed under it, and one another.
		above, many := hasTagGroup(f, TagAbove), speaksForMany(f)
		if above || many {
			at := len(keys)
			add(KindText, "GV", f.Street)
			if len(keys) > at && !above {
				keys[at].StoreOnly = true
			}
		}
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
