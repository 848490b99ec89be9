package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/szxinfang/xinfang/service/cases/match"
)

const importSample = `{"external_id":"s-1","channel":"online","received_at":"2026-01-05T09:23:00+08:00","name":"汪玉","phone":"18399906667","id_number":"","openid":"","district":"罗湖区","street":"桂园街道","department":"市退役军人事务局","content":"我是1996年入伍的退役军人，转业时个人档案丢失，现在无法办理相关待遇。请求帮助查找或重建档案。","truth":{"person":"p1","matter":"m1","petition":true}}
this line is not JSON
{"external_id":"s-2","channel":"letter","received_at":"2026-01-06T10:00:00+08:00","name":"汪玉","phone":"","id_number":"","openid":"","district":"罗湖区","street":"桂园街道","department":"市退役军人事务局","content":"尊敬的领导：本人汪玉，1996年参军，退役后档案遗失，至今找不回来，影响退休和优抚。希望退役军人事务部门协助恢复身份档案。"}
{"external_id":"s-3","channel":"visit","received_at":"2026-01-07T10:00:00+08:00","name":"范丽","phone":"13700001111","district":"光明区","content":"我与深圳市金源装饰工程有限公司的合同纠纷已在光明区人民法院判决，对方应付27万，但至今没有执行。请求督促法院执行。"}
{"external_id":"s-4","channel":"fax","received_at":"2026-01-07T11:00:00+08:00","name":"某人","district":"罗湖区","content":"内容"}
{"external_id":"s-5","channel":"phone","received_at":"2026-01-08T10:00:00+08:00","name":"钟小玉","phone":"19600827027","district":"北京市","content":"噪音扰民"}
`

func TestImportAndExportCommands(t *testing.T) {
	for _, b := range backends() {
		t.Run(b, func(t *testing.T) {
			env := testEnv(t, b)
			getenv := func(k string) string { return env[k] }
			file := filepath.Join(t.TempDir(), "items.jsonl")
			os.WriteFile(file, []byte(importSample), 0o600)
			var out, errOut strings.Builder
			err := run(t.Context(), []string{"import", file}, &out, &errOut, getenv)
			if err == nil || !strings.Contains(err.Error(), "3 line(s) could not be imported (see above); the other 3 were imported") {
				t.Fatalf("import with bad lines: %v", err)
			}
			if strings.Contains(errOut.String(), "level=") {
				t.Errorf("log lines on a command's stderr without -v:\n%s", errOut.String())
			}
			if !strings.Contains(out.String(), "no SMS was sent") {
				t.Errorf("import does not say it told nobody: %s", out.String())
			}
			for _, want := range []string{"line 2: not valid JSON", "line 5 (s-4): channel", "line 6 (s-5): district"} {
				if !strings.Contains(errOut.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut.String())
				}
			}
			if !strings.Contains(out.String(), "imported 6 lines") || !strings.Contains(out.String(), "1 merged") || !strings.Contains(out.String(), "1 screened out") {
				t.Fatalf("summary: %s", out.String())
			}
			// Running it again changes nothing.
			out.Reset()
			run(t.Context(), []string{"import", file}, &out, &errOut, getenv)
			if !strings.Contains(out.String(), "3 already imported") || !strings.Contains(out.String(), "0 new cases") {
				t.Fatalf("second import: %s", out.String())
			}
			out.Reset()
			if err := run(t.Context(), []string{"reindex", "-batch", "2"}, &out, &errOut, getenv); err != nil || out.String() != "re-indexed 3 items\n" {
				t.Fatalf("reindex: %q %v", out.String(), err)
			}
			out.Reset()
			if err := run(t.Context(), []string{"export", "--format", "jsonl"}, &out, &errOut, getenv); err != nil {
				t.Fatal(err)
			}
			got := map[string]exportLine{}
			for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
				var l exportLine
				if err := json.Unmarshal([]byte(line), &l); err != nil {
					t.Fatalf("export line %q: %v", line, err)
				}
				got[l.ExternalID] = l
			}
			if len(got) != 3 || got["s-1"].Case != got["s-2"].Case || got["s-1"].Case == got["s-3"].Case || got["s-3"].Petition || !got["s-1"].Petition {
				t.Fatalf("export %+v", got)
			}
			if err := run(t.Context(), []string{"export", "--format", "xml"}, &out, &errOut, getenv); err == nil {
				t.Fatal("unknown export format accepted")
			}
		})
	}
}

func tinyPNG() []byte {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 2, 2)))
	return buf.Bytes()
}

func TestCaseStaffAPI(t *testing.T) {
	for _, b := range backends() {
		t.Run(b, func(t *testing.T) {
			tp := MustRunProgram(t, testEnv(t, b))
			admin := adminClient(t, tp)
			var e apiError
			item := map[string]any{"channel": "letter", "ems_no": "EA123456789CN", "name": "汪玉", "district": "罗湖区", "street": "桂园街道",
				"department": "市退役军人事务局", "content": "我是1996年入伍的退役军人，转业时个人档案丢失，现在无法办理相关待遇。请求帮助查找或重建档案。"}
			var reg struct {
				Case struct {
					ID       int64  `json:"id"`
					CaseNo   string `json:"case_no"`
					Office   string `json:"office"`
					Category string `json:"category"`
					Version  int64  `json:"version"`
				} `json:"case"`
				ItemID int64 `json:"item_id"`
				Merged bool  `json:"merged"`
			}
			if code := admin.postJSON("/admin/api/cases", item, &reg); code != 201 || reg.Case.Office != "office3" || reg.Case.Category != "退役军人事务" {
				t.Fatalf("register: %d %+v", code, reg)
			}
			bad := map[string]any{"channel": "letter", "name": "汪玉", "district": "罗湖区", "content": ""}
			if code := admin.postJSON("/admin/api/cases", bad, &e); code != 422 || e.Error.Field != "content" {
				t.Fatalf("empty content: %d %+v", code, e)
			}
			id := reg.Case.ID
			// Re-routing needs a reason.
			if code := admin.postJSON(fmt.Sprintf("/admin/api/cases/%d/edit", id), map[string]any{"office": "office1"}, &e); code != 422 || e.Error.Field != "reason" {
				t.Fatalf("reroute without reason: %d %+v", code, e)
			}
			if code := admin.postJSON(fmt.Sprintf("/admin/api/cases/%d/edit", id), map[string]any{"office": "office1", "reason": "事项发生在罗湖区", "category": "退役军人事务"}, nil); code != 200 {
				t.Fatalf("reroute: %d", code)
			}
			// An attachment: a PNG is kept, a text file is refused by its content.
			upload := func(name string, data []byte) (int, map[string]any) {
				var body bytes.Buffer
				w := multipart.NewWriter(&body)
				fw, _ := w.CreateFormFile("file", name)
				fw.Write(data)
				w.Close()
				resp := admin.do("POST", fmt.Sprintf("/admin/api/cases/%d/attachments", id), w.FormDataContentType(), &body, "Accept", "application/json")
				var out map[string]any
				return decode(t, resp, &out), out
			}
			code, out := upload("证明.png", tinyPNG())
			if code != 201 {
				t.Fatalf("upload png: %d %v", code, out)
			}
			att := out["attachment"].(map[string]any)
			if code, _ := upload("说明.pdf", []byte("plain text pretending")); code != 422 {
				t.Fatalf("fake pdf: %d", code)
			}
			resp := admin.do("GET", fmt.Sprintf("/admin/api/attachments/%d", int64(att["id"].(float64))), "", nil)
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !bytes.Equal(data, tinyPNG()) || resp.Header.Get("Content-Type") != "image/png" {
				t.Fatalf("download: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			var detail struct {
				Case        map[string]any   `json:"case"`
				Items       []map[string]any `json:"items"`
				Attachments []map[string]any `json:"attachments"`
			}
			if code := admin.getJSON(fmt.Sprintf("/admin/api/cases/%d", id), &detail); code != 200 || detail.Case["office"] != "office1" ||
				len(detail.Items) != 1 || detail.Items[0]["ems_no"] != "EA123456789CN" || len(detail.Attachments) != 1 {
				t.Fatalf("detail: %d %+v", code, detail)
			}
			// Exports: CSV with a BOM for Excel, and XLSX.
			resp = admin.do("GET", "/admin/api/cases/export?format=csv", "", nil)
			csvData, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !bytes.HasPrefix(csvData, []byte("\ufeff信访编号")) || !strings.Contains(string(csvData), reg.Case.CaseNo) ||
				!strings.Contains(string(csvData), "协调化解一处") {
				t.Fatalf("csv: %q", csvData)
			}
			// Exactly the filtered list: another office's case is not in office1's export.
			var other struct {
				Case struct {
					CaseNo string `json:"case_no"`
					Office string `json:"office"`
				} `json:"case"`
			}
			admin.postJSON("/admin/api/cases", map[string]any{"channel": "phone", "name": "李四", "district": "南山区",
				"content": "南山区西丽街道某小区物业乱收停车费，业主多次投诉无果，请求查处。"}, &other)
			resp = admin.do("GET", "/admin/api/cases/export?format=csv&office=office1", "", nil)
			csvData, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			if other.Case.Office == "office1" || strings.Contains(string(csvData), other.Case.CaseNo) || !strings.Contains(string(csvData), reg.Case.CaseNo) {
				t.Fatalf("office1's export holds %s (%s): %q", other.Case.CaseNo, other.Case.Office, csvData)
			}
			var audit struct {
				Entries []struct{ Detail string } `json:"entries"`
			}
			admin.getJSON("/admin/api/audit?action=case.export", &audit)
			if len(audit.Entries) != 2 || audit.Entries[0].Detail != "office=office1" {
				t.Fatalf("exports audited: %+v", audit.Entries)
			}
			resp = admin.do("GET", "/admin/api/cases/export?format=xlsx", "", nil)
			xlsx, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !bytes.HasPrefix(xlsx, []byte("PK")) {
				t.Fatalf("xlsx: %d", resp.StatusCode)
			}
			var reviews struct {
				Reviews []any `json:"reviews"`
			}
			if code := admin.getJSON("/admin/api/dedup/reviews", &reviews); code != 200 {
				t.Fatalf("reviews: %d", code)
			}
		})
	}
}

func TestOnlinePetitionAndProgress(t *testing.T) {
	env := testEnv(t, "sqlite")
	fake := withFakeSMS(t, env)
	tp := MustRunProgram(t, env)
	c := newClient(t, tp.base)
	req := map[string]string{"name": "钟小玉", "phone": "19600827027", "district": "坪山区", "street": "坑梓街道",
		"content": "坑梓街道布龙路2772号旁边的工地每天凌晨两点还在施工，噪音太大。希望环保部门处理。"}
	var e apiError
	if code := c.postJSON("/api/v1/petitions", req, &e); code != 422 || e.Error.Field != "code" {
		t.Fatalf("without code: %d %+v", code, e)
	}
	req["code"] = codeFor(t, c, fake, "19600827027", "query")
	var ans struct {
		CaseNo    string `json:"case_no"`
		QueryCode string `json:"query_code"`
	}
	if code := c.postJSON("/api/v1/petitions", req, &ans); code != 201 || ans.CaseNo == "" || ans.QueryCode == "" {
		t.Fatalf("petition: %d %+v", code, ans)
	}
	waitFor(t, "the acknowledgement", func() bool {
		for _, m := range fake.Sent() {
			if m.TemplateCode == "SMS_XF0011" && m.Params["case_no"] == ans.CaseNo && m.Params["query_code"] == ans.QueryCode {
				return true
			}
		}
		return false
	})
	var prog struct {
		Progress struct {
			CaseNo, StatusName, Office string
		} `json:"progress"`
	}
	if code := c.getJSON("/api/v1/cases/progress?case_no="+ans.CaseNo+"&query_code="+strings.ToLower(ans.QueryCode), &prog); code != 200 || prog.Progress.Office != "深圳市信访局协调化解一处" {
		t.Fatalf("progress: %d %+v", code, prog)
	}
	if code := c.getJSON("/api/v1/cases/progress?case_no="+ans.CaseNo+"&query_code=WRONG123", &e); code != 404 {
		t.Fatalf("wrong query code: %d", code)
	}
	resp := c.do("GET", "/h5/progress?case_no="+ans.CaseNo+"&query_code="+ans.QueryCode, "", nil)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "已登记") {
		t.Fatalf("progress page: %d", resp.StatusCode)
	}
	// The progress page opened from a link with only the case number asks, it does not scold.
	resp = c.do("GET", "/h5/progress?case_no="+ans.CaseNo, "", nil)
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Contains(string(page), `class="error"`) || !strings.Contains(string(page), ans.CaseNo) {
		t.Fatalf("progress page from a link: %d", resp.StatusCode)
	}
	// 信访指南, linked from the official account's replies.
	resp = c.do("GET", "/h5/guide", "", nil)
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "来访须知") || !strings.Contains(string(page), `id="laws"`) ||
		!strings.Contains(string(page), "12368") {
		t.Fatalf("guide: %d", resp.StatusCode)
	}
}

// A signed-in citizen's petitions are limited, and progress lookups are limited per case
// number and per client IP.
func TestPetitionAndProgressLimits(t *testing.T) {
	env := testEnv(t, "sqlite")
	fake := withFakeSMS(t, env)
	tp := MustRunProgram(t, env)
	c := newClient(t, tp.base)
	phone := "19600827027"
	var tok struct {
		Token string `json:"token"`
	}
	if code := c.postJSON("/api/v1/login/phone", map[string]string{"phone": phone, "code": codeFor(t, c, fake, phone, "login")}, &tok); code != 200 {
		t.Fatalf("login: %d", code)
	}
	var e apiError
	var ans struct {
		CaseNo    string `json:"case_no"`
		QueryCode string `json:"query_code"`
	}
	for i := 0; i < 6; i++ {
		req := map[string]string{"name": "钟小玉", "phone": phone, "district": "坪山区",
			"content": fmt.Sprintf("第%d件：坑梓街道布龙路旁边的工地每天凌晨两点还在施工，噪音太大。希望环保部门处理。", i+1)}
		code := c.postJSON("/api/v1/petitions", req, &ans, "Authorization", "Bearer "+tok.Token)
		if i < 5 && code != 201 {
			t.Fatalf("petition %d: %d", i+1, code)
		}
		if i == 5 && code != 429 {
			t.Fatalf("sixth petition within the hour: %d", code)
		}
	}
	for i := 0; i < 20; i++ {
		qc := "WRONG123"
		if i%2 == 0 {
			qc = ans.QueryCode
		}
		c.getJSON("/api/v1/cases/progress?case_no="+ans.CaseNo+"&query_code="+qc, nil)
	}
	resp := c.do("GET", "/api/v1/cases/progress?case_no="+ans.CaseNo+"&query_code="+ans.QueryCode, "", nil)
	decode(t, resp, &e)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("21st lookup of one case in an hour: %d %+v", resp.StatusCode, e)
	}
	for i := 0; i < 40; i++ {
		c.getJSON(fmt.Sprintf("/api/v1/cases/progress?case_no=XF20990101%06d&query_code=AAAA1111", i), nil)
	}
	if code := c.getJSON("/api/v1/cases/progress?case_no=XF20990101999999&query_code=AAAA1111", &e); code != 429 {
		t.Fatalf("61st lookup from one address in an hour: %d", code)
	}
}

// train-screening learns a model from labelled files; a line without truth.petition stops it
// with the file and line named, and nothing is written.
func TestTrainScreening(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	for i := range 4 {
		lines = append(lines, fmt.Sprintf(`{"external_id":"a%d","content":"物业公司乱收停车费第%d次","truth":{"petition":false}}`, i, i),
			fmt.Sprintf(`{"external_id":"b%d","content":"工厂拖欠工资请劳动监察第%d次","truth":{"petition":true}}`, i, i))
	}
	in := filepath.Join(dir, "labelled.jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "model.tsv")
	getenv := func(string) string { return "" }
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"train-screening", "-o", out, in}, &stdout, &stderr, getenv); err != nil ||
		!strings.Contains(stdout.String(), "from 8 items (0 from the registrars") {
		t.Fatalf("train-screening: %v %q %q", err, stdout.String(), stderr.String())
	}
	m := readModel(t, out)
	if fee, wage := m.Read("物业公司乱收停车费"), m.Read("拖欠工资"); fee.Score <= 0 || wage.Score >= 0 {
		t.Fatalf("the learnt model: fee %v, wages %v", fee.Score, wage.Score)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(lines[0]+"\n"+`{"external_id":"c","content":"没有标注"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out2 := filepath.Join(dir, "model2.tsv")
	if err := run(t.Context(), []string{"train-screening", "-o", out2, bad}, &stdout, &stderr, getenv); err == nil || !strings.Contains(err.Error(), "bad.jsonl:2: truth.petition") {
		t.Fatalf("an unlabelled line: %v", err)
	}
	if _, err := os.Stat(out2); !os.IsNotExist(err) {
		t.Fatalf("a model was written after an error: %v", err)
	}
	if err := run(t.Context(), []string{"train-screening", in}, &stdout, &stderr, getenv); err != errUsage {
		t.Fatalf("no -o: %v", err)
	}
	// -corroborator learns the corroboration of screening out, from the same files and the
	// shipped rules; the file it writes is what the server reads.
	cout := filepath.Join(dir, "corroborator.tsv")
	stdout.Reset()
	if err := run(t.Context(), []string{"train-screening", "-corroborator", "-o", cout, in}, &stdout, &stderr, getenv); err != nil ||
		!strings.Contains(stdout.String(), "learnt the corroborator") || !strings.Contains(stdout.String(), "from 8 items") {
		t.Fatalf("train-screening -corroborator: %v %q %q", err, stdout.String(), stderr.String())
	}
	b, err := os.ReadFile(cout)
	if err != nil {
		t.Fatal(err)
	}
	c, err := match.ParseCorroborator(b)
	if err != nil || c.Len() == 0 {
		t.Fatalf("the corroborator written: %v %v", err, c)
	}
	if err := run(t.Context(), []string{"train-screening", "-corroborator", "-o", filepath.Join(dir, "c2.tsv"), bad}, &stdout, &stderr, getenv); err == nil {
		t.Fatal("-corroborator learnt from an unlabelled line")
	}
}

// train-matching learns the second reading of merging from labelled sets (one file each); the
// file it writes is what the server reads. A line without truth.person stops it with the file
// and line named, and nothing is written.
func TestTrainMatching(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for s := range 2 {
		var lines []string
		add := func(id, person, matter, name, phone, street, content string) {
			lines = append(lines, fmt.Sprintf(`{"external_id":"%d-%s","name":"%s","phone":"%s","district":"南山区","street":"%s","content":"%s","truth":{"person":"%s","matter":"%s","petition":true}}`,
				s, id, name, phone, street, content, person, matter))
		}
		add("1", "a", "a1", "林小红", "13800000001", "西丽街道", "西丽某小区楼下的烧烤店每晚油烟很大，熏得我家不能开窗，请城管处理。")
		add("2", "a", "a1", "林小红", "", "", "烧烤店的油烟还是很大，昨晚又熏到半夜，城管来过一次就没下文了。")
		add("3", "a", "a2", "林小红", "13800000001", "西丽街道", "孩子今年上小学，学位申请被退回，说社保年限不够，可我们交满了，到现在没下文。")
		f := filepath.Join(dir, fmt.Sprintf("set%d.jsonl", s))
		if err := os.WriteFile(f, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	out := filepath.Join(dir, "repeat_model.tsv")
	getenv := func(string) string { return "" }
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), append([]string{"train-matching", "-threshold", "0.8", "-o", out}, files...), &stdout, &stderr, getenv); err != nil ||
		!strings.Contains(stdout.String(), "of 6 items in 2 sets") {
		t.Fatalf("train-matching: %v %q %q", err, stdout.String(), stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	m, err := match.ParseRepeatModel(b)
	if err != nil || m.Threshold != 0.8 {
		t.Fatalf("the written model: %v, threshold %v", err, m)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(`{"external_id":"c","content":"没有标注","truth":{"petition":true}}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out2 := filepath.Join(dir, "model2.tsv")
	if err := run(t.Context(), []string{"train-matching", "-o", out2, bad}, &stdout, &stderr, getenv); err == nil || !strings.Contains(err.Error(), "bad.jsonl:1: truth.person") {
		t.Fatalf("an unlabelled line: %v", err)
	}
	if _, err := os.Stat(out2); !os.IsNotExist(err) {
		t.Fatalf("a model was written after an error: %v", err)
	}
	for _, args := range [][]string{{"train-matching", files[0]}, {"train-matching", "-o", out2}, {"train-matching", "-threshold", "1.5", "-o", out2, files[0]}, {"train-matching", "-threshold", "NaN", "-o", out2, files[0]}} {
		if err := run(t.Context(), args, &stdout, &stderr, getenv); err != errUsage {
			t.Fatalf("%v: %v", args, err)
		}
	}
}

// train-screening -examples learns from the registrars' decisions in the database too.
func TestTrainScreeningFromRegistrars(t *testing.T) {
	env := testEnv(t, "sqlite")
	tp := MustRunProgram(t, env)
	admin := adminClient(t, tp)
	reg := staffClient(t, tp, admin, "reg1", []string{"registrar"}, "")
	var created struct {
		Case struct {
			ID          int64 `json:"id"`
			Version     int   `json:"version"`
			NonPetition bool  `json:"non_petition"`
		} `json:"case"`
	}
	if code := reg.postJSON("/admin/api/cases", map[string]any{"channel": "letter", "name": "柯南", "district": "福田区",
		"content": "楼上邻居每晚装修噪音扰民，吵到凌晨，严重影响休息。"}, &created); code != 201 || !created.Case.NonPetition {
		t.Fatalf("noise complaint: %d %+v", code, created.Case)
	}
	if code := reg.postJSON(fmt.Sprintf("/admin/api/cases/%d/edit", created.Case.ID), map[string]any{"version": created.Case.Version, "non_petition": false}, nil); code != 200 {
		t.Fatalf("the registrar's decision: %d", code)
	}
	getenv := func(k string) string { return env[k] }
	out := filepath.Join(t.TempDir(), "model.tsv")
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"train-screening", "-examples", "-min", "1", "-o", out}, &stdout, &stderr, getenv); err == nil ||
		!strings.Contains(err.Error(), "petitions and non-petitions") {
		t.Fatalf("one petition alone is nothing to learn from: %v %q", err, stdout.String())
	}
	in := filepath.Join(t.TempDir(), "labelled.jsonl")
	if err := os.WriteFile(in, []byte(`{"content":"物业公司乱收停车费","truth":{"petition":false}}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(t.Context(), []string{"train-screening", "-examples", "-min", "1", "-prune", "0", "-o", out, in}, &stdout, &stderr, getenv); err != nil ||
		!strings.Contains(stdout.String(), "from 2 items (1 from the registrars' decisions)") {
		t.Fatalf("with a labelled file: %v %q %q", err, stdout.String(), stderr.String())
	}
	m := readModel(t, out)
	if r := m.Read("楼上邻居装修噪音"); r.Score >= 0 {
		t.Fatalf("the registrar's petition did not teach: %+v", r)
	}
}

// readModel reads a model file train-screening wrote.
func readModel(t *testing.T, path string) *match.Model {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := match.ParseModel(b)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
