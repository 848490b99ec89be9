package service

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestValidIDNumber(t *testing.T) {
	good := []string{"11010519491231002X", "430102195701139082"}
	for _, s := range good {
		if !ValidIDNumber(s) {
			t.Errorf("%s should be valid", s)
		}
	}
	bad := []string{"110105194912310021", "44030819900101123", "4403081990130112X3", "ABCDEFGHIJKLMNOPQR", "440308199013011231"}
	for _, s := range bad {
		if ValidIDNumber(s) {
			t.Errorf("%s should be invalid", s)
		}
	}
}

func TestMobile(t *testing.T) {
	for in, want := range map[string]bool{"13800138000": true, "+86 138-0013-8000": true, "12800138000": false, "1380013800": false, "1380013800a": false} {
		if got := ValidMobile(NormalizePhone(in)); got != want {
			t.Errorf("ValidMobile(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestMasks(t *testing.T) {
	if got := MaskPhone("13812341234"); got != "138****1234" {
		t.Error(got)
	}
	if got := MaskID("440304199001011234"); got != "4403**********1234" {
		t.Error(got)
	}
	if got := MaskName("赵先生"); got != "赵**" {
		t.Error(got)
	}
	if got := MaskName("赵"); got != "赵*" {
		t.Error(got)
	}
}

func TestRedactText(t *testing.T) {
	in := "电话13812341234，身份证44030419900101123X，金额12000元，单号202611270001"
	got := RedactText(in)
	if strings.Contains(got, "13812341234") || strings.Contains(got, "44030419900101123X") {
		t.Fatalf("not redacted: %s", got)
	}
	if !strings.Contains(got, "138****1234") || !strings.Contains(got, "4403**********123X") || !strings.Contains(got, "12000") {
		t.Fatalf("over-redacted or wrong: %s", got)
	}
}

func TestLogHandlerMasksAndAddsRequestID(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewLogHandler(slog.NewJSONHandler(&buf, nil)))
	ctx := WithRequestID(context.Background(), "req-1")
	log.With("who", "13812341234").InfoContext(ctx, "sent to 13900001111", "phone", "13700001111",
		"err", errors.New("bad id 44030419900101123X"), slog.Group("g", "p", "13600001111"))
	out := buf.String()
	for _, leak := range []string{"13812341234", "13900001111", "13700001111", "44030419900101123X", "13600001111"} {
		if strings.Contains(out, leak) {
			t.Errorf("log leaks %s: %s", leak, out)
		}
	}
	if !strings.Contains(out, `"request_id":"req-1"`) {
		t.Errorf("no request id: %s", out)
	}
}

func TestSecretsScrubbed(t *testing.T) {
	in := `Get "https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=SUPERSECRET": dial tcp: refused; send?access_token=TOKEN123&x=1`
	got := RedactText(in)
	if strings.Contains(got, "SUPERSECRET") || strings.Contains(got, "TOKEN123") || !strings.Contains(got, "appid=wx1") {
		t.Fatalf("scrubbed: %s", got)
	}
}
