// Package aliyunfake is a local stand-in for Alibaba Cloud's SMS API (dysmsapi, RPC style) for
// tests and load runs. It speaks the real protocol: it checks the request signature
// (HMAC-SHA1 over the sorted, percent-encoded parameters), the access key, the timestamp and
// that no signature nonce is used twice, and answers SendSms and QuerySendDetails with the
// provider's JSON. Failures are scripted per call: throttling, HTTP 500, an illegal number, or
// accepting a message and then never answering.
package aliyunfake

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// Reply is how the fake answers one SendSms call.
type Reply int

const (
	OK             Reply = iota // accept
	Throttle                    // HTTP 200, Code isv.BUSINESS_LIMIT_CONTROL (minute limit)
	HTTP500                     // HTTP 500, isp.SYSTEM_ERROR, nothing accepted
	IllegalNumber               // HTTP 200, Code isv.MOBILE_NUMBER_ILLEGAL
	AcceptThen500               // accept the message, then answer HTTP 500 (the client cannot know)
	AcceptThenHang              // accept the message, then answer nothing until the client gives up
)

// Message is one accepted SMS.
type Message struct {
	BizID        string
	Phone        string
	SignName     string
	TemplateCode string
	Params       map[string]string
	OutID        string
	At           time.Time
	Status       int // 1 waiting, 2 failed, 3 delivered (QuerySendDetails' SendStatus)
}

// Server is the fake. Its URL's host goes into XF_SMS_ENDPOINT with XF_SMS_SCHEME=http.
type Server struct {
	*httptest.Server
	KeyID, Secret string
	// Now is the provider's clock: it stamps accepted messages, and QuerySendDetails finds them
	// by the Beijing day of that stamp, as Alibaba Cloud does. Tests pass the clock the code under
	// test runs on.
	Now func() time.Time
	// DeliveryStatus is the SendStatus new messages get (3 = delivered by default).
	DeliveryStatus int
	// OnSend, when set before use, is called with each accepted message.
	OnSend func(Message)

	mu      sync.Mutex
	script  []Reply
	sent    []Message
	nonces  map[string]bool
	calls   map[string]int
	badSigs int
	seq     int
}

var shanghai = time.FixedZone("CST", 8*3600)

// New starts a fake that accepts the given credentials, on the clock now.
func New(keyID, secret string, now func() time.Time) *Server {
	s := &Server{KeyID: keyID, Secret: secret, Now: now, DeliveryStatus: 3, nonces: map[string]bool{}, calls: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Listen starts a fake on addr (host:port), for a server started separately (load runs).
func Listen(addr, keyID, secret string, now func() time.Time) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{KeyID: keyID, Secret: secret, Now: now, DeliveryStatus: 3, nonces: map[string]bool{}, calls: map[string]int{}}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.Server.Listener.Close()
	s.Server.Listener = ln
	s.Server.Start()
	return s, nil
}

// Host is host:port for the SMS endpoint setting.
func (s *Server) Host() string { return strings.TrimPrefix(s.URL, "http://") }

// Script queues replies for the next SendSms calls; after them every call is OK.
func (s *Server) Script(r ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, r...)
}

// Sent returns the accepted messages in order.
func (s *Server) Sent() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.sent...)
}

// Calls returns how many requests an action received (signature failures excluded).
func (s *Server) Calls(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[action]
}

// BadSignatures counts requests refused for their signature.
func (s *Server) BadSignatures() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.badSigs
}

// SetStatus changes the delivery status of a sent message.
func (s *Server) SetStatus(bizID string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.sent {
		if s.sent[i].BizID == bizID {
			s.sent[i].Status = status
		}
	}
}

func percentEncode(v string) string {
	return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(url.QueryEscape(v))
}

// Sign computes Alibaba Cloud's RPC signature of params for method with secret.
func Sign(method string, params url.Values, secret string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = percentEncode(k) + "=" + percentEncode(params.Get(k))
	}
	sts := method + "&" + percentEncode("/") + "&" + percentEncode(strings.Join(parts, "&"))
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(sts))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func (s *Server) fail(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"RequestId": s.requestID(), "HostId": "dysmsapi.aliyuncs.com", "Code": code, "Message": msg})
}

func (s *Server) requestID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("FAKE-REQ-%08d", s.seq)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, http.StatusBadRequest, "InvalidParameter", err.Error())
		return
	}
	params := url.Values{}
	for k, v := range r.URL.Query() {
		params[k] = v
	}
	for k, v := range r.PostForm {
		params[k] = v
	}
	if params.Get("AccessKeyId") != s.KeyID {
		s.fail(w, http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
		return
	}
	if params.Get("SignatureMethod") != "HMAC-SHA1" || params.Get("SignatureVersion") != "1.0" {
		s.fail(w, http.StatusBadRequest, "InvalidParameter", "unsupported signature method")
		return
	}
	if want := Sign(r.Method, params, s.Secret); !hmac.Equal([]byte(want), []byte(params.Get("Signature"))) {
		s.mu.Lock()
		s.badSigs++
		s.mu.Unlock()
		s.fail(w, http.StatusBadRequest, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.")
		return
	}
	// The SDK stamps each request with the machine's real time (it has no clock to inject), so
	// this replay window is the one check measured against the wall clock, as the provider's is.
	ts, err := time.Parse("2006-01-02T15:04:05Z", params.Get("Timestamp"))
	if err != nil || time.Since(ts).Abs() > 15*time.Minute {
		s.fail(w, http.StatusBadRequest, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
		return
	}
	s.mu.Lock()
	nonce := params.Get("SignatureNonce")
	used := nonce == "" || s.nonces[nonce]
	s.nonces[nonce] = true
	s.calls[params.Get("Action")]++
	s.mu.Unlock()
	if used {
		s.fail(w, http.StatusBadRequest, "SignatureNonceUsed", "Specified signature nonce was used already.")
		return
	}
	switch params.Get("Action") {
	case "SendSms":
		s.sendSms(w, r, params)
	case "QuerySendDetails":
		s.querySendDetails(w, params)
	default:
		s.fail(w, http.StatusBadRequest, "InvalidAction.NotFound", "Specified api is not found.")
	}
}

func (s *Server) sendSms(w http.ResponseWriter, r *http.Request, p url.Values) {
	s.mu.Lock()
	reply := OK
	if len(s.script) > 0 {
		reply, s.script = s.script[0], s.script[1:]
	}
	s.mu.Unlock()
	ok := func(code, msg string) {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		json.NewEncoder(w).Encode(map[string]string{"RequestId": s.requestID(), "Code": code, "Message": msg})
	}
	switch reply {
	case Throttle:
		ok("isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1")
		return
	case HTTP500:
		s.fail(w, http.StatusInternalServerError, "isp.SYSTEM_ERROR", "The request processing has failed due to some unknown error.")
		return
	case IllegalNumber:
		ok("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")
		return
	}
	phone, sign, tpl := p.Get("PhoneNumbers"), p.Get("SignName"), p.Get("TemplateCode")
	if phone == "" || sign == "" || tpl == "" {
		s.fail(w, http.StatusBadRequest, "MissingParameter", "PhoneNumbers, SignName and TemplateCode are mandatory.")
		return
	}
	params := map[string]string{}
	if tp := p.Get("TemplateParam"); tp != "" {
		if err := json.Unmarshal([]byte(tp), &params); err != nil {
			ok("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值")
			return
		}
	}
	s.mu.Lock()
	s.seq++
	at := s.Now()
	biz := fmt.Sprintf("%d^%d", at.UnixNano(), s.seq)
	msg := Message{BizID: biz, Phone: phone, SignName: sign, TemplateCode: tpl, Params: params,
		OutID: p.Get("OutId"), At: at, Status: s.DeliveryStatus}
	s.sent = append(s.sent, msg)
	s.mu.Unlock()
	if s.OnSend != nil {
		s.OnSend(msg)
	}
	switch reply {
	case AcceptThen500:
		s.fail(w, http.StatusInternalServerError, "isp.SYSTEM_ERROR", "The request processing has failed due to some unknown error.")
	case AcceptThenHang:
		<-r.Context().Done()
	default:
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		json.NewEncoder(w).Encode(map[string]string{"RequestId": s.requestID(), "Code": "OK", "Message": "OK", "BizId": biz})
	}
}

func (s *Server) querySendDetails(w http.ResponseWriter, p url.Values) {
	phone, date, biz := p.Get("PhoneNumber"), p.Get("SendDate"), p.Get("BizId")
	if phone == "" || date == "" {
		s.fail(w, http.StatusBadRequest, "MissingParameter", "PhoneNumber and SendDate are mandatory.")
		return
	}
	type dto struct {
		PhoneNum, SendDate, ReceiveDate, TemplateCode, OutId, ErrCode, Content string
		SendStatus                                                             int
	}
	var list []dto
	s.mu.Lock()
	for _, m := range s.sent {
		if m.Phone != phone || m.At.In(shanghai).Format("20060102") != date || (biz != "" && m.BizID != biz) {
			continue
		}
		d := dto{PhoneNum: m.Phone, SendDate: m.At.In(shanghai).Format("2006-01-02 15:04:05"), TemplateCode: m.TemplateCode,
			OutId: m.OutID, SendStatus: m.Status, ErrCode: "DELIVERED"}
		if m.Status == 3 {
			d.ReceiveDate = d.SendDate
		}
		if m.Status == 2 {
			d.ErrCode = "MK:0001"
		}
		list = append(list, d)
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	json.NewEncoder(w).Encode(map[string]any{"RequestId": s.requestID(), "Code": "OK", "Message": "OK",
		"TotalCount": fmt.Sprint(len(list)), "SmsSendDetailDTOs": map[string]any{"SmsSendDetailDTO": list}})
}
