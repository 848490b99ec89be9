package handler

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/szxinfang/xinfang/service"
)

var requestIDRE = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// requestContext gives every request an id (kept from X-Request-ID when well-formed), puts it
// in the context so every log line of the request carries it, and sets the actor's IP.
func (s *Server) requestContext() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-ID")
		if !requestIDRE.MatchString(id) {
			id = service.RandomToken(12)
		}
		c.Header("X-Request-ID", id)
		ctx := service.WithRequestID(c.Request.Context(), id)
		ctx = service.WithActor(ctx, service.Actor{Username: "anonymous", IP: c.ClientIP()})
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

// deadline gives the request's context a deadline, which every database and Redis call under it
// keeps: a frozen dependency costs a request RequestTimeout and a 503, not the driver's 30 s.
// Exports and uploads get the long timeout.
func (s *Server) deadline() gin.HandlerFunc {
	return func(c *gin.Context) {
		d := s.RequestTimeout
		if isLongRequest(c.Request) {
			d = s.LongRequestTimeout
		}
		if d <= 0 {
			c.Next()
			return
		}
		ctx, cancel := context.WithTimeout(c.Request.Context(), d)
		defer cancel()
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

// isLongRequest: a file is exported or uploaded.
func isLongRequest(r *http.Request) bool {
	p := r.URL.Path
	return strings.HasSuffix(p, "/export") || strings.Contains(p, "/attachments") || strings.Contains(p, "dashboard") || strings.Contains(p, "/stats") ||
		strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/")
}

// recoverer turns a panic into a logged 500 instead of a dropped connection.
func (s *Server) recoverer() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.ErrorContext(c.Request.Context(), "panic", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if !c.Writer.Written() {
					s.fail(c, service.Internal(fmt.Errorf("panic: %v", v)))
				}
				c.Abort()
			}
		}()
		c.Next()
	}
}

// accessLog writes one line per request. Only the path is logged, never the query string or
// the body, which may hold personal data.
func (s *Server) accessLog() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		if route == "/healthz" || route == "/metrics" || route == "/readyz" {
			return
		}
		level := slog.LevelInfo
		if route == "/hall/board.json" && c.Writer.Status() < 400 {
			level = slog.LevelDebug // the hall's screen polls every 3 s
		}
		a := service.ActorFrom(c.Request.Context())
		s.Log.Log(c.Request.Context(), level, "http", "method", c.Request.Method, "route", route,
			"status", c.Writer.Status(), "ms", time.Since(start).Milliseconds(), "ip", c.ClientIP(), "user", a.Username)
	}
}

// securityHeaders sets the headers every answer carries. Pages use only same-origin scripts
// and styles; nothing may frame them; HSTS is sent on TLS (directly or via a trusted proxy).
func (s *Server) securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
			"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if s.isTLS(c) {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		c.Next()
	}
}

// isTLS reports whether the client's connection is HTTPS: directly, or as a trusted proxy says.
func (s *Server) isTLS(c *gin.Context) bool {
	if c.Request.TLS != nil {
		return true
	}
	return strings.EqualFold(c.GetHeader("X-Forwarded-Proto"), "https") && s.fromTrustedProxy(c)
}

func (s *Server) fromTrustedProxy(c *gin.Context) bool {
	ip, err := netip.ParseAddr(c.RemoteIP())
	if err != nil {
		return false
	}
	for _, p := range s.TrustedProxies {
		if pfx, err := netip.ParsePrefix(p); err == nil && pfx.Contains(ip) {
			return true
		}
		if addr, err := netip.ParseAddr(p); err == nil && addr == ip {
			return true
		}
	}
	return false
}

// crossOrigin refuses state-changing requests a browser sends from another origin (Go's
// http.CrossOriginProtection: Sec-Fetch-Site, then Origin against Host). Server-to-server calls
// (WeChat, the mini-program's backend calls) carry neither header and pass.
func (s *Server) crossOrigin() gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := s.csrf.Check(c.Request); err != nil {
			s.Log.WarnContext(c.Request.Context(), "cross-origin request refused", "route", c.FullPath(),
				"origin", c.GetHeader("Origin"), "sec_fetch_site", c.GetHeader("Sec-Fetch-Site"))
			s.fail(c, service.Errorf(service.EForbidden, service.MsgCrossOrigin))
			return
		}
		c.Next()
	}
}

// limitBody caps the request body at n bytes.
func (s *Server) limitBody(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > n {
			s.fail(c, service.Errorf(ETooLarge, service.MsgBodyTooLarge))
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
		c.Next()
	}
}

type httpMetrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newHTTPMetrics(reg *prometheus.Registry) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "xinfang_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "xinfang_http_request_duration_seconds", Help: "HTTP request latency by route, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method", "status"}),
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}

// middleware records each request under its route pattern (not the raw path, which would
// explode the label set and could carry personal data).
func (m *httpMetrics) middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		status := strconv.Itoa(c.Writer.Status())
		m.requests.WithLabelValues(route, c.Request.Method, status).Inc()
		m.latency.WithLabelValues(route, c.Request.Method, status).Observe(time.Since(start).Seconds())
	}
}
