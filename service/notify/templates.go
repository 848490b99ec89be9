package notify

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/szxinfang/xinfang/service"
)

// Templates validates messages before they are recorded: the recipient, the kind, and every
// parameter the registered template needs (present, non-empty, short enough). Rendering the
// text is for the log sender and the staff view.
type Templates struct {
	MaxLen int
	ByKind map[string]Template
	// WeChat lists, per WeChat channel (ChannelWeChat, ChannelMP), the kinds with a configured
	// template; their fields use the SMS kind's parameters.
	WeChat map[string]map[string]bool
}

// Template is one kind's registered text and its parameters.
type Template struct {
	Code   string
	Text   string
	Params []string
}

// Render substitutes params into the kind's text.
func (t *Templates) Render(kind string, params map[string]string) string {
	tpl, ok := t.ByKind[kind]
	if !ok {
		return kind
	}
	s := tpl.Text
	for k, v := range params {
		s = strings.ReplaceAll(s, "${"+k+"}", v)
	}
	return s
}

// SMS builds an SMS message of kind to phone. It fails with a field error for a bad phone
// number ("phone") or a parameter value that is empty or too long (the parameter's name), and
// with an internal error for an unknown kind or a parameter the code forgot: a message that
// cannot be sent is never queued.
func (t *Templates) SMS(kind, phone string, params map[string]string, key, refType, refID string) (*Message, error) {
	phone = service.NormalizePhone(phone)
	if !service.ValidMobile(phone) {
		return nil, service.Invalid("phone", service.MsgPhoneBad)
	}
	if err := t.Check(kind, params); err != nil {
		return nil, err
	}
	return &Message{Key: key, Channel: ChannelSMS, Kind: kind, Recipient: phone, RecipientMask: service.MaskPhone(phone),
		Params: params, RefType: refType, RefID: refID}, nil
}

// WeChatMessage builds a message of kind for a WeChat channel to openID, or returns nil when
// that channel has no template for kind (the citizen then gets the SMS alone). params must
// already have passed Check for the kind.
func (t *Templates) WeChatMessage(channel, kind, openID string, params map[string]string, key, refType, refID string) *Message {
	if openID == "" || !t.WeChat[channel][kind] {
		return nil
	}
	return &Message{Key: key, Channel: channel, Kind: kind, Recipient: openID, RecipientMask: service.MaskOpenID(openID),
		Params: params, RefType: refType, RefID: refID}
}

// Check validates params against kind's template.
func (t *Templates) Check(kind string, params map[string]string) error {
	tpl, ok := t.ByKind[kind]
	if !ok {
		return service.Internal(fmt.Errorf("no SMS template for kind %q", kind))
	}
	for _, p := range tpl.Params {
		v, ok := params[p]
		if !ok {
			return service.Internal(fmt.Errorf("SMS template %s: parameter %s missing", kind, p))
		}
		if strings.TrimSpace(v) == "" {
			return service.Invalid(p, fmt.Sprintf("短信内容“%s”不能为空", p))
		}
		if utf8.RuneCountInString(v) > t.MaxLen {
			return service.Invalid(p, fmt.Sprintf("短信内容“%s”过长，不能超过 %d 个字", p, t.MaxLen))
		}
	}
	for p := range params {
		if !slices.Contains(tpl.Params, p) {
			return service.Internal(fmt.Errorf("SMS template %s: unexpected parameter %s", kind, p))
		}
	}
	return nil
}
