package handler

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/szxinfang/xinfang/service"
)

// Templates and static files, embedded; Server.WebDir serves them from disk instead, re-read on
// every request, for working on pages without rebuilding.
//
//go:embed web
var webFS embed.FS

type pages struct {
	fsys   fs.FS
	funcs  template.FuncMap
	reload bool
	mu     sync.Mutex
	cache  map[string]*template.Template
}

func newPages(dir string, funcs template.FuncMap) (*pages, error) {
	p := &pages{cache: map[string]*template.Template{}, funcs: template.FuncMap{}}
	for k, v := range templateFuncs {
		p.funcs[k] = v
	}
	for k, v := range funcs {
		p.funcs[k] = v
	}
	if dir != "" {
		p.fsys, p.reload = os.DirFS(dir), true
	} else {
		sub, err := fs.Sub(webFS, "web")
		if err != nil {
			return nil, err
		}
		p.fsys = sub
	}
	// Parse every page now so a broken template stops start-up, not a citizen's request.
	names, err := fs.Glob(p.fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if strings.HasPrefix(base, "layout") {
			continue
		}
		if _, err := p.get(base); err != nil {
			return nil, err
		}
	}
	return p, nil
}

var templateFuncs = template.FuncMap{
	// bjtime shows a UTC time in Beijing time, always labelled so nobody reads it as UTC.
	"bjtime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(service.Shanghai).Format("2006-01-02 15:04") + "（北京时间）"
	},
	"maskPhone": service.MaskPhone,
	"maskID":    service.MaskID,
	"maskName":  service.MaskName,
	"join":      strings.Join,
	// dict builds a map for a sub-template: dict "Key" value ….
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict: odd number of arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
	// splitLines splits a text into its non-empty paragraphs.
	"splitLines": func(s string) []string {
		var out []string
		for _, p := range strings.Split(s, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
	// newKey is a fresh Idempotency-Key for a form: submitting it twice books once.
	"newKey": func() string { return service.RandomToken(16) },
}

func (p *pages) get(name string) (*template.Template, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t, ok := p.cache[name]; ok && !p.reload {
		return t, nil
	}
	layouts, err := fs.Glob(p.fsys, "templates/layout*.html")
	if err != nil {
		return nil, err
	}
	files := append(layouts, "templates/"+name+".html")
	t, err := template.New(name).Funcs(p.funcs).ParseFS(p.fsys, files...)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	p.cache[name] = t
	return t, nil
}

// pageData is what every page template receives.
type pageData struct {
	Title string
	User  *service.User
	Error string
	Field string
	// Errors are the problems of a form, by field, shown next to each.
	Errors map[string]string
	Flash  string
	Data   any
	// Nav is the staff navigation (staff pages).
	Nav []navLink
	// Citizen names the signed-in citizen on citizen pages (a masked phone, or 微信用户).
	Citizen string
}

// render writes the named page with status; a template error becomes a logged 500.
func (s *Server) render(c *gin.Context, status int, name string, d pageData) {
	if d.User == nil {
		d.User = service.ActorFrom(c.Request.Context()).User
	}
	if d.User != nil && strings.HasPrefix(name, "admin_") {
		d.Nav = navFor(d.User, c.Request.URL.Path)
	}
	if strings.HasPrefix(name, "h5_") {
		if sess := s.citizenSession(c); sess != nil {
			d.Citizen = "微信用户"
			if sess.Phone != "" {
				d.Citizen = service.MaskPhone(sess.Phone)
			}
		}
	}
	if d.Field != "" && d.Errors == nil {
		d.Errors = map[string]string{d.Field: d.Error}
	}
	t, err := s.pages.get(name)
	var buf bytes.Buffer
	if err == nil {
		err = t.ExecuteTemplate(&buf, name+".html", d)
	}
	if err != nil {
		s.Log.ErrorContext(c.Request.Context(), "render page", "page", name, "err", err)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte(service.MsgInternal))
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// errorPage renders err as a page for browsers.
func (s *Server) errorPage(c *gin.Context, err error) {
	e := service.AsError(err)
	status := statusOf(e.Code)
	if e.Code == service.EForbidden {
		s.recordDenied(c)
	}
	if status >= 500 {
		s.Log.ErrorContext(c.Request.Context(), "page failed", "route", c.FullPath(), "err", err)
	}
	msg := e.Message
	if e.Code == service.EInternal {
		msg = service.MsgInternal
	}
	retryAfter(c, e)
	s.render(c, status, "error", pageData{Title: "出错了", Error: msg})
	c.Abort()
}

func (s *Server) static(c *gin.Context) {
	name := strings.TrimPrefix(path.Clean("/"+c.Param("path")), "/")
	b, err := fs.ReadFile(s.pages.fsys, "static/"+name)
	if err != nil {
		s.notFound(c)
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = http.DetectContentType(b)
	}
	if !s.pages.reload {
		c.Header("Cache-Control", "public, max-age=3600")
	}
	c.Data(http.StatusOK, ct, b)
}

// openAPI serves the citizen API's OpenAPI 3 document.
func (s *Server) openAPI(c *gin.Context) {
	b, err := fs.ReadFile(s.pages.fsys, "openapi.json")
	if err != nil {
		s.fail(c, service.Internal(err))
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", b)
}

// staffOpenAPI serves the staff API's OpenAPI 3 document (signed-in staff only).
func (s *Server) staffOpenAPI(c *gin.Context) {
	b, err := fs.ReadFile(s.pages.fsys, "openapi-staff.json")
	if err != nil {
		s.fail(c, service.Internal(err))
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", b)
}
