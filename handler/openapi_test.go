package handler

import (
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
)

// The OpenAPI document describes exactly the routes under /api/v1.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s := &Server{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Registry: prometheus.NewRegistry(), MaxBodyBytes: 1 << 20}
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	routes := map[string]bool{}
	for _, r := range h.(*gin.Engine).Routes() {
		if p, ok := strings.CutPrefix(r.Path, "/api/v1"); ok {
			parts := strings.Split(p, "/")
			for i, part := range parts {
				if strings.HasPrefix(part, ":") {
					parts[i] = "{" + part[1:] + "}"
				}
			}
			routes[strings.ToLower(r.Method)+" "+strings.Join(parts, "/")] = true
		}
	}
	b, err := os.ReadFile("web/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[method+" "+path] = true
		}
	}
	var missing, stale []string
	for r := range routes {
		if !documented[r] {
			missing = append(missing, r)
		}
	}
	for d := range documented {
		if !routes[d] {
			stale = append(stale, d)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	if len(missing) > 0 || len(stale) > 0 {
		t.Fatalf("routes not in openapi.json: %v; documented but not routed: %v", missing, stale)
	}
	if len(routes) < 8 {
		t.Fatalf("only %d routes found", len(routes))
	}
}
