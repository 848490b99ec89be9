package handler

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

// The official-account sample (WECHAT_SMS.md, vector V1).
var v1 = struct {
	token, key, appID, ts, nonce, msgSig, encrypt, plain string
}{
	token: "spamtest", key: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", appID: "wx2c2769f8efd9abc2",
	ts: "1409735669", nonce: "1320562132", msgSig: "5d197aaffba7e9b25a30732f161a50dee96bd5fa",
	encrypt: "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=",
}

// The C#/WeCom sample (vector V2).
var v2 = struct {
	token, key, appID, ts, nonce, msgSig, encrypt string
}{
	token: "QDG6eK", key: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", appID: "wx5823bf96d3bd56c7",
	ts: "1409659813", nonce: "1372623149", msgSig: "477715d11cdb4164915debcba66cb864d751f3e6",
	encrypt: "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==",
}

func envelope(to, encrypt string) []byte {
	return []byte("<xml><ToUserName><![CDATA[" + to + "]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>")
}

func at(ts string) time.Time {
	t, _ := time.Parse("20060102150405", "19700101000000")
	var n int64
	for _, c := range ts {
		n = n*10 + int64(c-'0')
	}
	return t.Add(time.Duration(n) * time.Second)
}

func TestOfficialVectorsDecrypt(t *testing.T) {
	for _, v := range []struct{ token, key, appID, ts, nonce, msgSig, encrypt, from, content string }{
		{v1.token, v1.key, v1.appID, v1.ts, v1.nonce, v1.msgSig, v1.encrypt, "oyORnuP8q7ou2gfYjqLzSIWZf0rs", "abcdteT"},
		{v2.token, v2.key, v2.appID, v2.ts, v2.nonce, v2.msgSig, v2.encrypt, "mycreate", "hello"},
	} {
		p := &WeChatProtocol{AppID: v.appID, Token: v.token, AESKey: v.key, Mode: "safe", MaxSkew: 5 * time.Minute}
		q := callbackQuery{Signature: util.Signature(v.token, v.ts, v.nonce), Timestamp: v.ts, Nonce: v.nonce, EncryptType: "aes", MsgSignature: v.msgSig}
		m, encrypted, err := p.decodeCallback(q, envelope("gh", v.encrypt), at(v.ts))
		if err != nil {
			t.Fatalf("%s: %v", v.appID, err)
		}
		if !encrypted || m.FromUserName != v.from || m.Content != v.content || m.MsgType != "text" || m.MsgID == 0 {
			t.Fatalf("%s: decoded %+v", v.appID, m)
		}
	}
}

func TestCallbackRefusals(t *testing.T) {
	p := &WeChatProtocol{AppID: v1.appID, Token: v1.token, AESKey: v1.key, Mode: "compatible", MaxSkew: 5 * time.Minute}
	now := at(v1.ts)
	good := callbackQuery{Signature: util.Signature(v1.token, v1.ts, v1.nonce), Timestamp: v1.ts, Nonce: v1.nonce, EncryptType: "aes", MsgSignature: v1.msgSig}
	body := envelope("gh", v1.encrypt)
	cases := []struct {
		name   string
		mutate func(q *callbackQuery, body *[]byte, now *time.Time, p *WeChatProtocol)
		status int
	}{
		{"forged signature", func(q *callbackQuery, _ *[]byte, _ *time.Time, _ *WeChatProtocol) {
			q.Signature = strings.Repeat("0", 40)
		}, 403},
		{"missing signature", func(q *callbackQuery, _ *[]byte, _ *time.Time, _ *WeChatProtocol) { q.Signature = "" }, 403},
		{"forged msg_signature", func(q *callbackQuery, _ *[]byte, _ *time.Time, _ *WeChatProtocol) {
			q.MsgSignature = strings.Repeat("a", 40)
		}, 403},
		{"replayed 6 minutes later", func(_ *callbackQuery, _ *[]byte, n *time.Time, _ *WeChatProtocol) { *n = n.Add(6 * time.Minute) }, 403},
		{"timestamp from the future", func(_ *callbackQuery, _ *[]byte, n *time.Time, _ *WeChatProtocol) { *n = n.Add(-6 * time.Minute) }, 403},
		{"another account's AppID", func(_ *callbackQuery, _ *[]byte, _ *time.Time, p *WeChatProtocol) { p.AppID = "wx0000000000000000" }, 403},
		{"broken AES payload", func(q *callbackQuery, b *[]byte, _ *time.Time, _ *WeChatProtocol) {
			enc := "AAAA" + v1.encrypt[4:]
			*b = envelope("gh", enc)
			q.MsgSignature = util.Signature(v1.token, v1.ts, v1.nonce, enc)
		}, 400},
		{"not base64", func(q *callbackQuery, b *[]byte, _ *time.Time, _ *WeChatProtocol) {
			*b = envelope("gh", "%%%")
			q.MsgSignature = util.Signature(v1.token, v1.ts, v1.nonce, "%%%")
		}, 400},
		{"malformed envelope", func(_ *callbackQuery, b *[]byte, _ *time.Time, _ *WeChatProtocol) { *b = []byte("<xml><Encrypt>") }, 400},
		{"plaintext in safe mode", func(q *callbackQuery, _ *[]byte, _ *time.Time, p *WeChatProtocol) {
			q.EncryptType = ""
			p.Mode = "safe"
		}, 403},
		{"encrypted in plain mode", func(_ *callbackQuery, _ *[]byte, _ *time.Time, p *WeChatProtocol) { p.Mode = "plain" }, 403},
		{"malformed plaintext", func(q *callbackQuery, b *[]byte, _ *time.Time, _ *WeChatProtocol) {
			q.EncryptType = ""
			*b = []byte("<xml><From")
		}, 400},
		{"plaintext without sender", func(q *callbackQuery, b *[]byte, _ *time.Time, _ *WeChatProtocol) {
			q.EncryptType = ""
			*b = []byte("<xml><MsgType>text</MsgType></xml>")
		}, 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, b, n, pp := good, append([]byte(nil), body...), now, *p
			tc.mutate(&q, &b, &n, &pp)
			_, _, err := pp.decodeCallback(q, b, n)
			if err == nil || err.status != tc.status {
				t.Fatalf("want %d, got %v", tc.status, err)
			}
		})
	}
}

func TestReplyIsEncryptedAndSigned(t *testing.T) {
	p := &WeChatProtocol{AppID: v1.appID, Token: v1.token, AESKey: v1.key, Mode: "safe", MaxSkew: 5 * time.Minute}
	in := &wxInbound{ToUserName: "gh_10f6c3c3ac5a", FromUserName: "oUser"}
	now := time.Unix(1700000000, 0)
	out, err := p.encodeReply(in, "您好 <&> ]]> 再见", true, callbackQuery{Nonce: "n123"}, now)
	if err != nil {
		t.Fatal(err)
	}
	var env struct {
		Encrypt, MsgSignature, Nonce string
		TimeStamp                    string
	}
	if err := xml.Unmarshal(out, &env); err != nil {
		t.Fatal(err)
	}
	if env.MsgSignature != util.Signature(v1.token, env.TimeStamp, env.Nonce, env.Encrypt) || env.Nonce != "n123" {
		t.Fatal("reply msg_signature does not verify")
	}
	_, raw, err := util.DecryptMsg(v1.appID, env.Encrypt, v1.key)
	if err != nil {
		t.Fatal(err)
	}
	var reply struct{ ToUserName, FromUserName, MsgType, Content string }
	if err := xml.Unmarshal(raw, &reply); err != nil {
		t.Fatal(err)
	}
	if reply.ToUserName != "oUser" || reply.FromUserName != "gh_10f6c3c3ac5a" || reply.MsgType != "text" || reply.Content != "您好 <&> ]]> 再见" {
		t.Fatalf("reply %+v", reply)
	}
}

// The parse/decrypt path never panics and refuses anything it cannot verify.
func FuzzDecodeCallback(f *testing.F) {
	p := &WeChatProtocol{AppID: v1.appID, Token: v1.token, AESKey: v1.key, Mode: "compatible", MaxSkew: 5 * time.Minute}
	f.Add(string(envelope("gh", v1.encrypt)), v1.msgSig, "aes")
	f.Add("<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content><MsgId>1234567890123456</MsgId></xml>", "", "")
	f.Add("<xml><Encrypt>AAAA</Encrypt></xml>", "", "aes")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, body, msgSig, encType string) {
		q := callbackQuery{Signature: util.Signature(v1.token, v1.ts, v1.nonce), Timestamp: v1.ts, Nonce: v1.nonce, EncryptType: encType, MsgSignature: msgSig}
		// A fuzzed body whose msg_signature is right exercises the decrypt path too.
		var env wxEnvelope
		if xml.Unmarshal([]byte(body), &env) == nil && env.Encrypt != "" && msgSig == "sign" {
			q.MsgSignature = util.Signature(v1.token, v1.ts, v1.nonce, env.Encrypt)
		}
		m, _, err := p.decodeCallback(q, []byte(body), at(v1.ts))
		if err == nil && (m == nil || m.FromUserName == "" || m.MsgType == "") {
			t.Fatalf("accepted an incomplete message: %+v", m)
		}
		if err != nil && err.status != http.StatusBadRequest && err.status != http.StatusForbidden {
			t.Fatalf("status %d", err.status)
		}
	})
}
