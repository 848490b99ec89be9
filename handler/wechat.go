package handler

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/silenceper/wechat/v2/util"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/wechat"
)

// wechatAnswers answers the official account's messages.
type wechatAnswers interface {
	Handle(ctx context.Context, m wechat.InboundMessage) (*wechat.Reply, error)
}

// WeChatProtocol is the official account's server configuration (公众号服务器配置).
type WeChatProtocol struct {
	AppID   string
	Token   string
	AESKey  string        // EncodingAESKey, 43 characters
	Mode    string        // plain, compatible, safe
	MaxSkew time.Duration // refuse timestamps further from now (replays)
}

// maxCallbackBody is WeChat's largest message and then some.
const maxCallbackBody = 1 << 20

// callbackError is a refused callback: the status to answer and a reason for the log.
type callbackError struct {
	status int
	reason string
}

func (e *callbackError) Error() string { return e.reason }

func refuse(status int, reason string) *callbackError { return &callbackError{status, reason} }

// wxEnvelope is the encrypted form: the message is in Encrypt.
type wxEnvelope struct {
	XMLName    xml.Name `xml:"xml"`
	ToUserName string   `xml:"ToUserName"`
	Encrypt    string   `xml:"Encrypt"`
}

// wxInbound is the plaintext message: only the fields the account uses.
type wxInbound struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   string   `xml:"ToUserName"`
	FromUserName string   `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      string   `xml:"MsgType"`
	Content      string   `xml:"Content"`
	MsgID        int64    `xml:"MsgId"`
	Event        string   `xml:"Event"`
	EventKey     string   `xml:"EventKey"`
	Ticket       string   `xml:"Ticket"`
	MenuID       string   `xml:"MenuId"`
}

// callbackQuery is the signed query string of a callback.
type callbackQuery struct {
	Signature, Timestamp, Nonce, EncryptType, MsgSignature string
}

func queryOf(c *gin.Context) callbackQuery {
	return callbackQuery{Signature: c.Query("signature"), Timestamp: c.Query("timestamp"), Nonce: c.Query("nonce"),
		EncryptType: c.Query("encrypt_type"), MsgSignature: c.Query("msg_signature")}
}

func equalSig(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// checkSignature verifies the request signature and the timestamp's freshness.
func (p *WeChatProtocol) checkSignature(q callbackQuery, now time.Time) *callbackError {
	if q.Signature == "" || q.Timestamp == "" || q.Nonce == "" {
		return refuse(http.StatusForbidden, "missing signature")
	}
	ts, err := strconv.ParseInt(q.Timestamp, 10, 64)
	if err != nil {
		return refuse(http.StatusForbidden, "bad timestamp")
	}
	if d := now.Sub(time.Unix(ts, 0)); d > p.MaxSkew || d < -p.MaxSkew {
		return refuse(http.StatusForbidden, "timestamp outside the allowed window (replay?)")
	}
	if !equalSig(util.Signature(p.Token, q.Timestamp, q.Nonce), q.Signature) {
		return refuse(http.StatusForbidden, "bad signature")
	}
	return nil
}

// decodeCallback verifies and decodes a POSTed message: the signature, the timestamp, then in
// safe/compatible mode the msg_signature over the ciphertext, the AES payload and its AppID.
// It never panics on any input (see FuzzDecodeCallback).
func (p *WeChatProtocol) decodeCallback(q callbackQuery, body []byte, now time.Time) (*wxInbound, bool, *callbackError) {
	if err := p.checkSignature(q, now); err != nil {
		return nil, false, err
	}
	encrypted := q.EncryptType == "aes"
	switch {
	case encrypted && (p.Mode == "plain" || p.AESKey == ""):
		return nil, false, refuse(http.StatusForbidden, "encrypted message but the account is in plain mode")
	case !encrypted && p.Mode == "safe":
		return nil, false, refuse(http.StatusForbidden, "plaintext message but the account is in safe mode")
	case q.EncryptType != "" && q.EncryptType != "aes" && q.EncryptType != "raw":
		return nil, false, refuse(http.StatusBadRequest, "unknown encrypt_type")
	}
	plain := body
	if encrypted {
		env, err := parseEnvelope(body)
		if err != nil || env.Encrypt == "" {
			return nil, true, refuse(http.StatusBadRequest, "malformed encrypted envelope")
		}
		if q.MsgSignature == "" || !equalSig(util.Signature(p.Token, q.Timestamp, q.Nonce, env.Encrypt), q.MsgSignature) {
			return nil, true, refuse(http.StatusForbidden, "bad msg_signature")
		}
		_, raw, err := util.DecryptMsg(p.AppID, env.Encrypt, p.AESKey)
		if err != nil {
			if strings.Contains(err.Error(), "APPID") {
				return nil, true, refuse(http.StatusForbidden, "decrypted AppID is not ours")
			}
			return nil, true, refuse(http.StatusBadRequest, "broken AES payload")
		}
		plain = raw
	}
	m, err := parseInbound(plain)
	if err != nil {
		return nil, encrypted, refuse(http.StatusBadRequest, "malformed XML")
	}
	if m.FromUserName == "" || m.MsgType == "" || len(m.FromUserName) > 64 {
		return nil, encrypted, refuse(http.StatusBadRequest, "message without sender or type")
	}
	return m, encrypted, nil
}

// wechatVerify answers WeChat's URL verification: echostr, only when the signature verifies.
func (s *Server) wechatVerify(c *gin.Context) {
	if s.WeChatProto.Token == "" {
		s.notFound(c)
		return
	}
	if err := s.WeChatProto.checkSignature(queryOf(c), s.Now()); err != nil {
		s.Log.WarnContext(c.Request.Context(), "wechat verification refused", "reason", err.reason, "ip", c.ClientIP())
		c.String(err.status, "forbidden")
		return
	}
	c.String(http.StatusOK, c.Query("echostr"))
}

// wechatCallback receives the official account's messages and events. Refusals are 4xx with a
// log line (no personal data); any failure after the message is verified answers "success" so
// WeChat does not retry into a loop; the answer itself is immediate.
func (s *Server) wechatCallback(c *gin.Context) {
	p := s.WeChatProto
	if p.Token == "" {
		s.notFound(c)
		return
	}
	ctx := c.Request.Context()
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxCallbackBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		status := http.StatusBadRequest
		if errors.As(err, &tooBig) {
			status = http.StatusRequestEntityTooLarge
		}
		s.Log.WarnContext(ctx, "wechat callback refused", "reason", "unreadable or oversized body", "ip", c.ClientIP())
		c.String(status, "")
		return
	}
	q := queryOf(c)
	now := s.Now()
	in, encrypted, cerr := p.decodeCallback(q, body, now)
	if cerr != nil {
		s.Log.WarnContext(ctx, "wechat callback refused", "reason", cerr.reason, "ip", c.ClientIP(), "bytes", len(body))
		c.String(cerr.status, "")
		return
	}
	reply, err := s.WeChat.Handle(ctx, wechat.InboundMessage{
		ToUser: in.ToUserName, OpenID: in.FromUserName, CreateTime: in.CreateTime, MsgType: in.MsgType, Content: in.Content,
		MsgID: in.MsgID, Event: in.Event, EventKey: in.EventKey, Ticket: in.Ticket, MenuID: in.MenuID, ReceivedAt: now,
	})
	if err != nil || reply == nil || reply.Text == "" {
		if err != nil {
			s.Log.ErrorContext(ctx, "wechat handler failed; answered success", "from", service.MaskOpenID(in.FromUserName), "err", err)
		}
		c.String(http.StatusOK, "success")
		return
	}
	out, err := p.encodeReply(in, reply.Text, encrypted, q, now)
	if err != nil {
		s.Log.ErrorContext(ctx, "wechat reply encoding failed; answered success", "err", err)
		c.String(http.StatusOK, "success")
		return
	}
	c.Data(http.StatusOK, "application/xml; charset=utf-8", out)
}

// encodeReply builds the passive text reply, encrypted when the request was.
func (p *WeChatProtocol) encodeReply(in *wxInbound, text string, encrypted bool, q callbackQuery, now time.Time) ([]byte, error) {
	raw := textReplyXML(in.FromUserName, in.ToUserName, now.Unix(), text)
	if !encrypted {
		return raw, nil
	}
	random := make([]byte, 16)
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	rand.Read(random)
	for i := range random {
		random[i] = letters[int(random[i])%len(letters)]
	}
	enc, err := util.EncryptMsg(random, raw, p.AppID, p.AESKey)
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	return encryptedReplyXML(string(enc), util.Signature(p.Token, ts, q.Nonce, string(enc)), now.Unix(), q.Nonce), nil
}
