package match

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// Sounds: each Han character of the basic and extension-A blocks is given the number of its
// toneless pinyin syllable (its first reading), so that names are compared by sound without
// allocating. Built once, when first needed (about 30k characters, 55 kB). Syllables are
// numbered in sorted order, but keys are written with the syllables themselves (soundKey):
// stored keys must not depend on how a table was built.
const soundFirst, soundLast = 0x3400, 0x9fff

type soundTable struct {
	of    []uint16 // code point - soundFirst → syllable number (0: none)
	names []string // syllable number → syllable
}

var sounds = sync.OnceValue(func() *soundTable {
	args := pinyin.NewArgs() // toneless
	first := map[rune]string{}
	seen := map[string]bool{}
	for cp := range pinyin.PinyinDict {
		if cp < soundFirst || cp > soundLast {
			continue
		}
		if p := pinyin.SinglePinyin(rune(cp), args); len(p) > 0 && p[0] != "" {
			first[rune(cp)] = p[0]
			seen[p[0]] = true
		}
	}
	t := &soundTable{of: make([]uint16, soundLast-soundFirst+1), names: []string{""}}
	t.names = append(t.names, slices.Sorted(maps.Keys(seen))...)
	ids := make(map[string]uint16, len(t.names))
	for i, n := range t.names {
		ids[n] = uint16(i)
	}
	for r, p := range first {
		t.of[r-soundFirst] = ids[p]
	}
	return t
})

// sound is r's syllable number, 0 when r is no Han character the table knows.
func sound(r rune) uint16 {
	if r < soundFirst || r > soundLast {
		return 0
	}
	return sounds().of[r-soundFirst]
}

// soundKey spells a name by its sounds, for an index key: names typed from a phone call or a
// visit are written with other characters of the same sound — 恒辉 and 恒晖, 悦澜府 and 越澜府,
// 宏展, 红展 and 鸿展 — and have one key ("heng hui"; other characters as they are).
func soundKey(s string) string {
	var b strings.Builder
	for i, r := range []rune(s) {
		if i > 0 {
			b.WriteByte(' ')
		}
		if id := sound(r); id != 0 {
			b.WriteString(sounds().names[id])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sameSound reports whether two names of equal length sound the same, character by character.
func sameSound(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && (sound(a[i]) == 0 || sound(a[i]) != sound(b[i])) {
			return false
		}
	}
	return true
}

// soundAlike reports whether two names sound the same, or the shorter, of three characters or
// more, sounds like the longer one's end (华章悦澜府 / 越澜府): a name heard, not read.
func soundAlike(a, b []rune) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	return len(a) == len(b) && sameSound(a, b) || len(b) >= 3 && sameSound(a[len(a)-len(b):], b)
}

// estateTail is the end of an estate's name that says which estate it is: the two characters
// before its kind word and the kind word (华章悦澜府 → 悦澜府, 坂田华信花园 → 华信花园); "" when
// the name is shorter.
func estateTail(s string) string {
	r := []rune(s)
	for _, suf := range estateSuffixes {
		n := len([]rune(suf))
		if strings.HasSuffix(s, suf) && len(r) >= n+2 {
			return string(r[len(r)-n-2:])
		}
	}
	return ""
}

// estateSuffixes are the estate rule's kind words, longest first.
var estateSuffixes = func() []string {
	for _, ru := range rules {
		if ru.kind == EntEstate {
			out := append([]string(nil), ru.suffixes...)
			slices.SortStableFunc(out, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
			return out
		}
	}
	return nil
}()
