package handler

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
	"unicode/utf8"
)

// WeChat's messages are flat XML: <xml><Name><![CDATA[text]]></Name><Number>1</Number>…</xml>.
// encoding/xml is general and slow for that; the callback's cost is dominated by parsing, so
// scanFlatXML reads exactly that shape and reports false for anything else (a prolog,
// attributes, nesting, entities, CR, control characters, repeated elements…), and the caller
// then uses encoding/xml. FuzzFlatXMLMatchesEncodingXML checks both always agree.

// scanFlatXML calls set for each element of the <xml> root and reports whether the input was
// entirely of the simple shape.
func scanFlatXML(b []byte, set func(name string, value []byte) bool) bool {
	i := skipSpace(b, 0)
	if !bytes.HasPrefix(b[i:], []byte("<xml>")) {
		return false
	}
	i += len("<xml>")
	seen := map[string]bool{}
	for {
		i = skipSpace(b, i)
		if bytes.HasPrefix(b[i:], []byte("</xml>")) {
			i += len("</xml>")
			return skipSpace(b, i) == len(b)
		}
		if i >= len(b) || b[i] != '<' {
			return false
		}
		j := i + 1
		for j < len(b) && isNameByte(b[j]) {
			j++
		}
		if j == i+1 || j >= len(b) || b[j] != '>' {
			return false
		}
		name := string(b[i+1 : j])
		if seen[name] {
			return false
		}
		seen[name] = true
		i = j + 1
		var value []byte
		for bytes.HasPrefix(b[i:], []byte("<![CDATA[")) {
			end := bytes.Index(b[i+9:], []byte("]]>"))
			if end < 0 {
				return false
			}
			value = append(value, b[i+9:i+9+end]...)
			i += 9 + end + 3
		}
		if value == nil {
			end := bytes.IndexByte(b[i:], '<')
			if end < 0 {
				return false
			}
			value = b[i : i+end]
			if bytes.IndexByte(value, '&') >= 0 || bytes.IndexByte(value, '>') >= 0 {
				return false
			}
			i += end
		}
		closing := "</" + name + ">"
		if !bytes.HasPrefix(b[i:], []byte(closing)) || !plainText(value) {
			return false
		}
		i += len(closing)
		if !set(name, value) {
			return false
		}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t') {
		i++
	}
	return i
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// plainText: valid UTF-8 without the characters XML forbids or normalises.
func plainText(v []byte) bool {
	if !utf8.Valid(v) {
		return false
	}
	for _, r := range string(v) {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// parseInt matches encoding/xml: an empty value is zero, surrounding space is ignored.
func parseInt(v []byte) (int64, bool) {
	if len(v) == 0 {
		return 0, true
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(v)), 10, 64)
	return n, err == nil
}

// parseInbound decodes a plaintext message, fast when it has WeChat's usual shape.
func parseInbound(b []byte) (*wxInbound, error) {
	if m, ok := scanInbound(b); ok {
		return m, nil
	}
	var m wxInbound
	if err := xml.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// scanInbound is parseInbound's fast path.
func scanInbound(b []byte) (*wxInbound, bool) {
	var m wxInbound
	ok := scanFlatXML(b, func(name string, v []byte) bool {
		var good = true
		switch name {
		case "ToUserName":
			m.ToUserName = string(v)
		case "FromUserName":
			m.FromUserName = string(v)
		case "CreateTime":
			m.CreateTime, good = parseInt(v)
		case "MsgType":
			m.MsgType = string(v)
		case "Content":
			m.Content = string(v)
		case "MsgId":
			m.MsgID, good = parseInt(v)
		case "Event":
			m.Event = string(v)
		case "EventKey":
			m.EventKey = string(v)
		case "Ticket":
			m.Ticket = string(v)
		case "MenuId":
			m.MenuID = string(v)
		}
		return good
	})
	return &m, ok
}

// parseEnvelope decodes the encrypted form.
func parseEnvelope(b []byte) (*wxEnvelope, error) {
	if e, ok := scanEnvelope(b); ok {
		return e, nil
	}
	var e wxEnvelope
	if err := xml.Unmarshal(b, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// scanEnvelope is parseEnvelope's fast path.
func scanEnvelope(b []byte) (*wxEnvelope, bool) {
	var e wxEnvelope
	ok := scanFlatXML(b, func(name string, v []byte) bool {
		switch name {
		case "ToUserName":
			e.ToUserName = string(v)
		case "Encrypt":
			e.Encrypt = string(v)
		}
		return true
	})
	return &e, ok
}

// appendCDATA writes s as CDATA, splitting any "]]>" inside it.
func appendCDATA(buf []byte, s string) []byte {
	buf = append(buf, "<![CDATA["...)
	buf = append(buf, strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>")...)
	return append(buf, "]]>"...)
}

// textReplyXML is the passive text reply.
func textReplyXML(to, from string, createTime int64, content string) []byte {
	buf := make([]byte, 0, 256+len(content))
	buf = append(buf, "<xml><ToUserName>"...)
	buf = appendCDATA(buf, to)
	buf = append(buf, "</ToUserName><FromUserName>"...)
	buf = appendCDATA(buf, from)
	buf = append(buf, "</FromUserName><CreateTime>"...)
	buf = strconv.AppendInt(buf, createTime, 10)
	buf = append(buf, "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>"...)
	buf = appendCDATA(buf, content)
	return append(buf, "</Content></xml>"...)
}

// encryptedReplyXML is the safe-mode envelope of a reply.
func encryptedReplyXML(encrypt, signature string, timestamp int64, nonce string) []byte {
	buf := make([]byte, 0, 128+len(encrypt))
	buf = append(buf, "<xml><Encrypt>"...)
	buf = appendCDATA(buf, encrypt)
	buf = append(buf, "</Encrypt><MsgSignature>"...)
	buf = appendCDATA(buf, signature)
	buf = append(buf, "</MsgSignature><TimeStamp>"...)
	buf = strconv.AppendInt(buf, timestamp, 10)
	buf = append(buf, "</TimeStamp><Nonce>"...)
	buf = appendCDATA(buf, nonce)
	return append(buf, "</Nonce></xml>"...)
}
