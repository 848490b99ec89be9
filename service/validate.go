package service

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var personNameRE = regexp.MustCompile(`^[\p{Han}A-Za-z·・.\s]+$`)

// CheckName checks a person's name (2–20 characters: Chinese characters, letters, the middle dot)
// and says exactly what is wrong with it.
func CheckName(ck *Check, field, name string) {
	n := utf8.RuneCountInString(name)
	switch {
	case strings.TrimSpace(name) == "":
		ck.Add(true, field, "请填写姓名")
	case n > 20:
		ck.Add(true, field, "姓名不能超过 20 个字")
	case !personNameRE.MatchString(name):
		ck.Add(true, field, "姓名只能包含汉字、字母和间隔号“·”，不能有数字、符号或表情")
	case n < 2:
		ck.Add(true, field, "姓名至少 2 个字")
	}
}

// Meaningful counts the characters of s that carry meaning: letters (Chinese characters
// included) and digits — not spaces, punctuation, symbols or emoji.
func Meaningful(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}
