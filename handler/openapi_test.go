package handler

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/staff"
)

func testRoutes(t *testing.T) gin.RoutesInfo {
	t.Helper()
	s := &Server{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Registry: prometheus.NewRegistry(), MaxBodyBytes: 1 << 20}
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return h.(*gin.Engine).Routes()
}

// The citizen API's document describes exactly the routes under /api/v1.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	checkDocument(t, testRoutes(t), "/api/v1", "web/openapi.json")
}

// The staff API's document describes exactly the routes under /admin/api.
func TestStaffOpenAPIMatchesRoutes(t *testing.T) {
	checkDocument(t, testRoutes(t), "/admin/api", "web/openapi-staff.json")
}

var httpMethods = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true, "trace": true}

var pathParamRE = regexp.MustCompile(`\{([^}/]+)\}`)

var operationIDRE = regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)

type openAPIParam struct {
	Ref  string `json:"$ref"`
	Name string `json:"name"`
	In   string `json:"in"`
}

// checkDocument checks that the OpenAPI document file describes exactly the routes under prefix
// (gin's :name becomes {name}), that every operation has a summary, and that the parameters
// of every path's {name}s are declared (on the path or the operation) and no others.
func checkDocument(t *testing.T, routes gin.RoutesInfo, prefix, file string) {
	t.Helper()
	routed := map[string]bool{}
	for _, r := range routes {
		p, ok := strings.CutPrefix(r.Path, prefix)
		if !ok || (p != "" && !strings.HasPrefix(p, "/")) {
			continue
		}
		parts := strings.Split(p, "/")
		for i, part := range parts {
			if strings.HasPrefix(part, ":") || strings.HasPrefix(part, "*") {
				parts[i] = "{" + part[1:] + "}"
			}
		}
		routed[strings.ToLower(r.Method)+" "+strings.Join(parts, "/")] = true
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI    string                                `json:"openapi"`
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]openAPIParam `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("%s: openapi %q", file, doc.OpenAPI)
	}
	resolve := func(p openAPIParam) openAPIParam {
		if name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/"); ok {
			return doc.Components.Parameters[name]
		}
		return p
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths {
		var common []openAPIParam
		if raw, ok := item["parameters"]; ok {
			if err := json.Unmarshal(raw, &common); err != nil {
				t.Errorf("%s: %s parameters: %v", file, path, err)
			}
		}
		want := map[string]bool{}
		for _, m := range pathParamRE.FindAllStringSubmatch(path, -1) {
			want[m[1]] = true
		}
		for method, raw := range item {
			if !httpMethods[method] {
				continue
			}
			documented[method+" "+path] = true
			var o struct {
				Summary    string         `json:"summary"`
				Parameters []openAPIParam `json:"parameters"`
			}
			if err := json.Unmarshal(raw, &o); err != nil {
				t.Errorf("%s: %s %s: %v", file, method, path, err)
				continue
			}
			if strings.TrimSpace(o.Summary) == "" {
				t.Errorf("%s: %s %s has no summary", file, method, path)
			}
			declared := map[string]bool{}
			for _, p := range append(append([]openAPIParam{}, common...), o.Parameters...) {
				if p = resolve(p); p.In == "path" {
					declared[p.Name] = true
				}
			}
			for name := range want {
				if !declared[name] {
					t.Errorf("%s: %s %s does not declare the path parameter %q", file, method, path, name)
				}
			}
			for name := range declared {
				if !want[name] {
					t.Errorf("%s: %s %s declares a path parameter %q its path does not have", file, method, path, name)
				}
			}
		}
	}
	var missing, stale []string
	for r := range routed {
		if !documented[r] {
			missing = append(missing, r)
		}
	}
	for d := range documented {
		if !routed[d] {
			stale = append(stale, d)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	if len(missing) > 0 || len(stale) > 0 {
		t.Fatalf("routes under %s not in %s: %v; documented but not routed: %v", prefix, file, missing, stale)
	}
	if len(routed) < 8 {
		t.Fatalf("only %d routes found under %s", len(routed), prefix)
	}
}

// signedIn authenticates the session id "ok" as a registrar; the rest of accounts is unused.
type signedIn struct{ accounts }

func (signedIn) Authenticate(ctx context.Context, id string) (*service.User, *staff.Session, error) {
	if id != "ok" {
		return nil, nil, service.Errorf(service.EUnauthorized, service.MsgLoginRequired)
	}
	return &service.User{ID: 1, Username: "reg", Roles: []service.Role{service.RoleRegistrar}}, &staff.Session{ID: id}, nil
}

// The staff document is served to signed-in staff only.
func TestStaffOpenAPIServed(t *testing.T) {
	s := &Server{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Registry: prometheus.NewRegistry(), MaxBodyBytes: 1 << 20,
		Auth: signedIn{}}
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/admin/api/openapi.json", nil))
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("without a session: %d %s", rec.Code, rec.Body)
	}
	req := httptest.NewRequest(http.MethodGet, "/admin/api/openapi.json", nil)
	req.AddCookie(&http.Cookie{Name: staffCookie, Value: "ok"})
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	want, err := os.ReadFile("web/openapi-staff.json")
	if err != nil {
		t.Fatal(err)
	}
	if rec.Code != http.StatusOK || !bytes.Equal(rec.Body.Bytes(), want) {
		t.Fatalf("signed in: %d, %d bytes, want the %d bytes of web/openapi-staff.json", rec.Code, rec.Body.Len(), len(want))
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q", ct)
	}
}

// Every operation of both documents has a lowerCamelCase operationId, unique across the two (a
// generated client may hold both), and declares its security itself or through the document's
// top-level security; every requirement names a scheme the document declares.
func TestOpenAPIOperationIDsAndSecurity(t *testing.T) {
	ids := map[string]string{}
	for _, file := range []string{"web/openapi.json", "web/openapi-staff.json"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Security   *[]map[string][]string                `json:"security"`
			Paths      map[string]map[string]json.RawMessage `json:"paths"`
			Components struct {
				SecuritySchemes map[string]json.RawMessage `json:"securitySchemes"`
			} `json:"components"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		checkSchemes := func(where string, reqs []map[string][]string) {
			for _, req := range reqs {
				for name := range req {
					if _, ok := doc.Components.SecuritySchemes[name]; !ok {
						t.Errorf("%s: %s requires the undeclared security scheme %q", file, where, name)
					}
				}
			}
		}
		if doc.Security != nil {
			checkSchemes("the top-level security", *doc.Security)
		}
		n := 0
		for path, item := range doc.Paths {
			for method, raw := range item {
				if !httpMethods[method] {
					continue
				}
				n++
				op := method + " " + path
				var o struct {
					OperationID string                 `json:"operationId"`
					Security    *[]map[string][]string `json:"security"`
				}
				if err := json.Unmarshal(raw, &o); err != nil {
					t.Errorf("%s: %s: %v", file, op, err)
					continue
				}
				switch id := o.OperationID; {
				case id == "":
					t.Errorf("%s: %s has no operationId", file, op)
				case !operationIDRE.MatchString(id):
					t.Errorf("%s: %s has the operationId %q, not lowerCamelCase", file, op, id)
				case ids[id] != "":
					t.Errorf("%s: %s has the operationId %q of %s", file, op, id, ids[id])
				default:
					ids[id] = file + ": " + op
				}
				switch {
				case o.Security != nil:
					checkSchemes(op, *o.Security)
				case doc.Security == nil:
					t.Errorf("%s: %s declares no security, and the document has no top-level security", file, op)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no operations", file)
		}
	}
}

// A body of the wrong JSON kind is named for what it is, with the field when there is one.
func TestJSONKindErrors(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`["x"]`, "请求体须为 JSON 对象（{…}），不能是数组"},
		{`{"name": 5}`, "字段 name 应为字符串，不能是数字"},
	} {
		var v struct {
			Name string `json:"name"`
		}
		err := jsonError(json.NewDecoder(strings.NewReader(tc.body)).Decode(&v))
		if e := err.(*service.Error); e.Message != tc.want {
			t.Errorf("%s: %q, want %q", tc.body, e.Message, tc.want)
		}
	}
}
