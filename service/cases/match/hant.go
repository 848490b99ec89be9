package match

import (
	_ "embed"
	"strings"
)

// A letter written in traditional characters (黃麗華, 東門街道執法隊) is the same letter as one in
// simplified: every text, name and configured wording is folded to simplified characters
// before anything is compared, character by character (OpenCC's table, hant.txt).

//go:embed hant.txt
var hantTable string

// The common ideographs (U+3400–U+9FFF) by table, the few beyond by map.
const hantLo, hantHi = 0x3400, 0x9fff

var hantDense, hantRest = func() (*[hantHi - hantLo + 1]rune, map[rune]rune) {
	dense, rest := new([hantHi - hantLo + 1]rune), map[rune]rune{}
	for line := range strings.Lines(hantTable) {
		rs := []rune(strings.TrimSpace(line))
		if len(rs) != 2 || rs[0] == '#' {
			continue
		}
		if rs[0] >= hantLo && rs[0] <= hantHi {
			dense[rs[0]-hantLo] = rs[1]
		} else {
			rest[rs[0]] = rs[1]
		}
	}
	return dense, rest
}()

// hans is r in simplified characters (r itself when it has no traditional form).
func hans(r rune) rune {
	switch {
	case r < hantLo:
		return r
	case r <= hantHi:
		if s := hantDense[r-hantLo]; s != 0 {
			return s
		}
		return r
	}
	if s, ok := hantRest[r]; ok {
		return s
	}
	return r
}
