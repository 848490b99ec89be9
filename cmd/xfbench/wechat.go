package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/silenceper/wechat/v2/util"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func init() {
	register(scenario{name: "wechat", help: "signed official-account messages and events to /wechat/callback (encrypted with -wechat-aeskey)",
		prepare: func(_ context.Context, o options) (vegeta.Targeter, func(), error) {
			if o.WeChatToken == "" {
				return nil, nil, fmt.Errorf("-wechat-token (the server's XF_WECHAT_TOKEN) is required")
			}
			if o.WeChatAESKey != "" && o.WeChatAppID == "" {
				return nil, nil, fmt.Errorf("-wechat-appid is required with -wechat-aeskey")
			}
			return pregenerated(wechatTargeter(o), o), func() {}, nil
		}})
}

// pregenerated builds the attack's requests before it starts, so the load generator's own
// signing and encryption do not compete with the server for this machine's CPU during the
// measurement (the healthz baseline's request is static too). Requests are unique and their
// timestamps stay well inside the server's 5-minute window; past the prepared ones it
// generates on the fly.
func pregenerated(gen vegeta.Targeter, o options) vegeta.Targeter {
	n := 200000
	if o.Rate > 0 {
		n = int(float64(o.Rate)*(o.Duration+o.Warmup).Seconds()*1.05) + 100
	}
	targets := make([]vegeta.Target, n)
	for i := range targets {
		if err := gen(&targets[i]); err != nil {
			return gen
		}
	}
	var next atomic.Int64
	return func(t *vegeta.Target) error {
		i := next.Add(1) - 1
		if i < int64(len(targets)) {
			*t = targets[i]
			return nil
		}
		return gen(t)
	}
}

// wechatTargeter builds each request the way WeChat does: a unique message (text messages with
// a fresh MsgId, and events, which de-duplicate by sender and time, from a fresh sender),
// timestamped now, signed, and encrypted when an AES key is given. Nothing but the message:
// events name only the sender and the time (%[1]s, %[2]d), so no trailing text (an XML comment
// once carried the unused MsgId) sends them down the server's slow path for unusual XML.
func wechatTargeter(o options) vegeta.Targeter {
	var seq atomic.Int64
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	bodies := []string{
		`<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName><CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[我想预约来访]]></Content><MsgId>%d</MsgId></xml>`,
		`<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[%[1]s]]></FromUserName><CreateTime>%[2]d</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[GUIDE]]></EventKey></xml>`,
		`<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[%[1]s]]></FromUserName><CreateTime>%[2]d</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[]]></EventKey></xml>`,
	}
	return func(t *vegeta.Target) error {
		n := seq.Add(1)
		now := time.Now().Unix()
		openID := "oBench" + run + strconv.FormatInt(n, 36)
		msgID := time.Now().UnixNano()/1000*10 + n%10
		body := []byte(fmt.Sprintf(bodies[n%int64(len(bodies))], openID, now, msgID))
		ts, nonce := strconv.FormatInt(now, 10), strconv.FormatInt(n, 10)
		q := url.Values{"signature": {util.Signature(o.WeChatToken, ts, nonce)}, "timestamp": {ts}, "nonce": {nonce}, "openid": {openID}}
		if o.WeChatAESKey != "" {
			random := make([]byte, 16)
			rand.Read(random)
			for i := range random {
				random[i] = 'a' + random[i]%26
			}
			enc, err := util.EncryptMsg(random, body, o.WeChatAppID, o.WeChatAESKey)
			if err != nil {
				return err
			}
			q.Set("encrypt_type", "aes")
			q.Set("msg_signature", util.Signature(o.WeChatToken, ts, nonce, string(enc)))
			body = []byte("<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[" + string(enc) + "]]></Encrypt></xml>")
		}
		t.Method = http.MethodPost
		t.URL = o.Target + "/wechat/callback?" + q.Encode()
		t.Body = body
		t.Header = http.Header{"Content-Type": {"text/xml"}}
		return nil
	}
}
