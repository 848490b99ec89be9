package service

import (
	"encoding/binary"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode/utf8"
)

// NormalizePhone strips spaces, dashes and a +86/0086 prefix. It does not validate.
func NormalizePhone(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\u00a0' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	for _, p := range []string{"+86", "0086"} {
		if strings.HasPrefix(s, p) && len(s) == len(p)+11 {
			return s[len(p):]
		}
	}
	return s
}

// ValidMobile reports whether s (normalised) is a mainland China mobile number: 11 digits
// starting with 1[3-9].
func ValidMobile(s string) bool {
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// NormalizeID upper-cases the check character and trims spaces.
func NormalizeID(s string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
}

// ValidIDNumber reports whether s is an 18-character resident identity number (GB 11643-1999)
// with a plausible birth date and a correct ISO 7064 MOD 11-2 check character.
func ValidIDNumber(s string) bool {
	if len(s) != 18 {
		return false
	}
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		sum += int(c-'0') * weights[i]
	}
	check := "10X98765432"[sum%11]
	if s[17] != check {
		return false
	}
	month := int(s[10]-'0')*10 + int(s[11]-'0')
	day := int(s[12]-'0')*10 + int(s[13]-'0')
	year := int(s[6]-'0')*1000 + int(s[7]-'0')*100 + int(s[8]-'0')*10 + int(s[9]-'0')
	return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31
}

// MaskPhone shows the first 3 and last 4 digits: 138****1234.
func MaskPhone(s string) string {
	if len(s) < 7 {
		return strings.Repeat("*", len(s))
	}
	return s[:3] + strings.Repeat("*", len(s)-7) + s[len(s)-4:]
}

// MaskID shows the first 4 and last 4 characters: 4403**********1234.
func MaskID(s string) string {
	if len(s) < 8 {
		return strings.Repeat("*", len(s))
	}
	return s[:4] + strings.Repeat("*", len(s)-8) + s[len(s)-4:]
}

// MaskName keeps the family name: 赵** (one star per hidden character, at least one).
func MaskName(s string) string {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if n == 0 {
		return ""
	}
	first, _ := utf8.DecodeRuneInString(s)
	stars := n - 1
	if stars < 1 {
		stars = 1
	}
	return string(first) + strings.Repeat("*", stars)
}

var secretParamRE = regexp.MustCompile(`(?i)((?:secret|access_token|appsecret|js_code|refresh_token|templateparam|signature)=)[^&\s"']*`)

// ScrubSecrets hides credentials that API URLs carry in their query (WeChat's secret and
// access_token): an HTTP client's error message quotes the URL.
func ScrubSecrets(s string) string {
	if !strings.Contains(s, "=") {
		return s
	}
	return secretParamRE.ReplaceAllString(s, "${1}***")
}

// RedactText masks anything in free text that looks like a mobile number or an ID number, and
// credentials in URLs, for log lines, stored error messages and previews.
func RedactText(s string) string {
	s = ScrubSecrets(s)
	b := []byte(s)
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if isDigit(b[i]) && (i == 0 || !isDigit(b[i-1])) {
			j := i
			for j < len(b) && (isDigit(b[j]) || ((b[j] == 'X' || b[j] == 'x') && j-i == 17)) {
				j++
			}
			run := string(b[i:j])
			switch {
			case len(run) == 11 && ValidMobile(run):
				out = append(out, MaskPhone(run)...)
			case len(run) == 18 || len(run) == 15:
				out = append(out, MaskID(run)...)
			default:
				out = append(out, run...)
			}
			i = j
			continue
		}
		out = append(out, b[i])
		i++
	}
	return string(out)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// MaskOpenID shortens an openid for logs: enough to correlate, not to identify.
func MaskOpenID(id string) string {
	if len(id) <= 8 {
		return "****"
	}
	return id[:6] + "…" + id[len(id)-2:]
}

// IndexKey turns a blind index (hex) into the case index key it is stored and searched under.
func IndexKey(idx string) int64 {
	b, err := hex.DecodeString(idx)
	if err != nil || len(b) < 8 {
		return 0
	}
	return int64(binary.BigEndian.Uint64(b[:8]))
}
