package web

import (
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

// TestLongRequests checks which requests run under the export timeout, and that each of
// longRequests names a route that exists, so that renaming a route cannot silently put a
// download back under the shorter deadline.
func TestLongRequests(t *testing.T) {
	t.Parallel()
	db, _ := testdb.New(t)
	h, err := New(Config{Store: store.New(db), Catalog: i18n.MustNew()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Shutdown(t.Context()) })
	routes := map[[2]string]bool{}
	for _, r := range h.App().GetRoutes() {
		routes[[2]string{r.Method, r.Path}] = true
	}
	for _, r := range longRequests {
		if !routes[[2]string{r.method, r.path}] {
			t.Errorf("longRequests names %s %s, which is not a route", r.method, r.path)
		}
	}

	tests := []struct {
		method, path string
		long         bool
	}{
		{fiber.MethodGet, "/sessions/12/pack", true},
		{fiber.MethodHead, "/sessions/12/pack", true},
		{fiber.MethodGet, "/Sessions/12/Pack/", true},
		{fiber.MethodGet, "/consultations/tracker", true},
		{fiber.MethodPost, "/sessions/3/import", true},
		{fiber.MethodPost, "/sessions/3/import/abc123", true},
		{fiber.MethodPost, "/consultations/upload", true},
		{fiber.MethodPost, "/consultations/upload/abc123", true},
		{fiber.MethodGet, "/sessions/3/import", false}, // the form only
		{fiber.MethodGet, "/consultations/upload", false},
		{fiber.MethodGet, "/sessions//pack", false},
		{fiber.MethodGet, "/sessions/12/pack/more", false},
		{fiber.MethodGet, "/sessions/12", false},
		{fiber.MethodGet, "/consultations", false},
		{fiber.MethodGet, "/", false},
	}
	for _, tt := range tests {
		if got := isLongRequest(tt.method, tt.path); got != tt.long {
			t.Errorf("isLongRequest(%s %s) = %v, want %v", tt.method, tt.path, got, tt.long)
		}
	}
}
