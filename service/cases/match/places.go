package match

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Shenzhen's districts and their streets (and the towns of 深汕特别合作区), as in
// configs/routing.yaml — TestStreetsAreRoutings checks that they are the same.
// The matcher uses them to tell a street's name from words glued in front of 街道 ("来信后街道",
// "系龙城街道" → 龙城街道) and to take a place name off the front of a company's or an estate's
// name ("龙田恒昌厂" → 恒昌, "坪山锦绣华庭" → 锦绣华庭), so that people who say where a thing is and
// people who do not name it alike.
var districtStreets = map[string][]string{
	"福田区":     {"园岭街道", "南园街道", "福田街道", "沙头街道", "香蜜湖街道", "梅林街道", "莲花街道", "华富街道", "福保街道", "华强北街道"},
	"罗湖区":     {"桂园街道", "黄贝街道", "东门街道", "翠竹街道", "东晓街道", "南湖街道", "笋岗街道", "东湖街道", "莲塘街道", "清水河街道"},
	"南山区":     {"南头街道", "南山街道", "沙河街道", "蛇口街道", "招商街道", "粤海街道", "桃源街道", "西丽街道"},
	"盐田区":     {"梅沙街道", "盐田街道", "沙头角街道", "海山街道"},
	"宝安区":     {"新安街道", "西乡街道", "航城街道", "福永街道", "福海街道", "沙井街道", "新桥街道", "松岗街道", "燕罗街道", "石岩街道"},
	"龙岗区":     {"平湖街道", "坂田街道", "布吉街道", "南湾街道", "横岗街道", "龙城街道", "龙岗街道", "坪地街道", "吉华街道", "宝龙街道", "园山街道"},
	"龙华区":     {"观湖街道", "民治街道", "龙华街道", "大浪街道", "福城街道", "观澜街道"},
	"坪山区":     {"坪山街道", "马峦街道", "碧岭街道", "石井街道", "坑梓街道", "龙田街道"},
	"光明区":     {"光明街道", "公明街道", "新湖街道", "凤凰街道", "玉塘街道", "马田街道"},
	"大鹏新区":    {"葵涌街道", "大鹏街道", "南澳街道"},
	"深汕特别合作区": {"鹅埠镇", "小漠镇", "鲘门镇", "赤石镇"},
}

var (
	streetNames []string // full names, longest first
	placeNames  []string // short names of districts and streets (坪山, 香蜜湖), longest first
	placeSet    map[string]bool
)

func init() {
	short := map[string]bool{"深圳": true}
	for d, ss := range districtStreets {
		short[strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(d, "特别合作区"), "新区"), "区")] = true
		for _, s := range ss {
			streetNames = append(streetNames, s)
			short[strings.TrimSuffix(strings.TrimSuffix(s, "街道"), "镇")] = true
		}
	}
	placeSet = short
	for s := range short {
		placeNames = append(placeNames, s)
	}
	longestFirst := func(a []string) {
		sort.Slice(a, func(i, j int) bool {
			if len(a[i]) != len(a[j]) {
				return len(a[i]) > len(a[j])
			}
			return a[i] < a[j]
		})
	}
	longestFirst(streetNames)
	longestFirst(placeNames)
}

// knownStreet returns the street (or town) that s ends with, "" when it names none: "系龙城街道"
// is 龙城街道, "来信后街道" and "坪山某镇" are no street.
func knownStreet(s string) string {
	for _, n := range streetNames {
		if strings.HasSuffix(s, n) {
			return n
		}
	}
	return ""
}

// stripPlace takes district and street names off the front of a name while at least keep
// characters remain ("坪山锦绣" → "锦绣"; "南山" stays: a place name can be the name itself).
func stripPlace(name []rune, keep int) []rune {
	orig := name
	for again := true; again; {
		again = false
		for _, p := range placeNames {
			if n := utf8.RuneCountInString(p); len(name)-n >= keep && hasPrefix(name, p) {
				name = name[n:]
				again = true
				break
			}
		}
	}
	if placeSet[string(name)] {
		return orig // 招商蛇口: only a place name would be left, so the whole is the name
	}
	return name
}

// stripPlaceInside cuts a name after the last district or street name in it when at least two
// characters follow ("经过坂田锦澜花" → "锦澜花"): the window in front of a kind word reaches
// further back than a name, so the place may sit anywhere in it.
func stripPlaceInside(name []rune) []rune {
	best := 0
	for _, p := range placeNames {
		n := utf8.RuneCountInString(p)
		for i := len(name) - n; i >= 0; i-- {
			if hasPrefix(name[i:], p) {
				// (not before a number: 大鹏第2小学 is not 第2小学)
				if e := i + n; e > best && len(name)-e >= 2 && name[e] != '第' && !isDigit(name[e]) && !placeSet[string(name[e:])] {
					best = e
				}
				break
			}
		}
	}
	return name[best:]
}
