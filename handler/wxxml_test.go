package handler

import (
	"encoding/xml"
	"testing"
)

var flatSeeds = []string{
	`<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content><MsgId>1234567890123456</MsgId></xml>`,
	"<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>",
	`<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName><CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[VIEW]]></Event><EventKey><![CDATA[www.qq.com]]></EventKey><MenuId>MENUID</MenuId></xml>`,
	`<xml><ToUserName>a</ToUserName><Content><![CDATA[x]]]]><![CDATA[>y]]></Content><CreateTime> 12 </CreateTime></xml>`,
	`<xml><A>&amp;</A></xml>`, `<xml><A><B>1</B></A></xml>`, `<?xml version="1.0"?><xml><A>1</A></xml>`, `<xml><CreateTime>  </CreateTime></xml>`,
	`<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>`, "<xml><A>\r\n</A></xml>", `<xml><A>1</A><A>2</A></xml>`, `<xml></xml>`,
}

// The fast path accepts only what encoding/xml accepts, and decodes it identically.
func FuzzFlatXMLMatchesEncodingXML(f *testing.F) {
	for _, s := range flatSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if fast, ok := scanInbound(b); ok {
			var slow wxInbound
			if err := xml.Unmarshal(b, &slow); err != nil {
				t.Fatalf("fast path accepted what encoding/xml refuses (%v): %q", err, b)
			}
			slow.XMLName = xml.Name{}
			if *fast != slow {
				t.Fatalf("decoded differently:\nfast %+v\nslow %+v\ninput %q", *fast, slow, b)
			}
		}
		if fast, ok := scanEnvelope(b); ok {
			var slow wxEnvelope
			if err := xml.Unmarshal(b, &slow); err != nil {
				t.Fatalf("envelope fast path accepted what encoding/xml refuses (%v): %q", err, b)
			}
			slow.XMLName = xml.Name{}
			if *fast != slow {
				t.Fatalf("envelope decoded differently: %+v vs %+v", *fast, slow)
			}
		}
	})
}

func TestFlatXMLFastPathTakesWeChatShapes(t *testing.T) {
	for _, s := range flatSeeds[:4] {
		if _, ok := scanInbound([]byte(s)); !ok {
			t.Errorf("fast path refused a WeChat-shaped message: %s", s)
		}
	}
	for _, s := range flatSeeds[4:8] {
		if _, ok := scanInbound([]byte(s)); ok {
			t.Errorf("fast path took an unusual shape: %s", s)
		}
	}
	m, _ := scanInbound([]byte(flatSeeds[3]))
	if m.Content != "x]]>y" || m.CreateTime != 12 {
		t.Fatalf("%+v", m)
	}
	if got := textReplyXML("to", "from", 5, "a]]>b"); string(got) != `<xml><ToUserName><![CDATA[to]]></ToUserName><FromUserName><![CDATA[from]]></FromUserName><CreateTime>5</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[a]]]]><![CDATA[>b]]></Content></xml>` {
		t.Fatalf("%s", got)
	}
}
