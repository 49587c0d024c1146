package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/database"
	"github.com/kncu/plenary/internal/testdb"
)

// emptyApp starts a server on a migrated database without data, for checks that need none.
func emptyApp(t *testing.T) *testApp {
	t.Helper()
	db, _ := testdb.New(t)
	return newAppOn(t, db)
}

func TestHealth(t *testing.T) {
	t.Parallel()
	app := emptyApp(t)
	tests := []struct {
		path   string
		status int
		body   string
	}{
		{"/healthz", http.StatusOK, "ok"},
		{"/readyz", http.StatusOK, "ready"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := app.client().get(tt.path)
			if got, want := resp.StatusCode, tt.status; got != want {
				t.Errorf("status %d, want %d", got, want)
			}
			if got, want := body, tt.body; got != want {
				t.Errorf("body %q, want %q", got, want)
			}
		})
	}

	t.Run("ErrDatabaseDown", func(t *testing.T) {
		_, url := testdb.New(t)
		db, err := database.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		resp, _ := newAppOn(t, db).client().get("/readyz")
		if got, want := resp.StatusCode, http.StatusServiceUnavailable; got != want {
			t.Errorf("/readyz without a database: status %d, want %d", got, want)
		}
	})
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	app := emptyApp(t)
	resp, body := app.client().get("/no/such/page")
	if got, want := resp.StatusCode, http.StatusNotFound; got != want {
		t.Fatalf("status %d, want %d", got, want)
	}
	for _, want := range []string{en.T("error.not_found"), `href="/"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// TestSecurityHeaders checks the headers that keep browsers from running, framing or
// sniffing what Plenary did not mean them to, on pages, errors and health checks alike.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	app := emptyApp(t)
	headers := []struct {
		name, want string
	}{
		{"Content-Security-Policy", "default-src 'self'"},
		{"Content-Security-Policy", "script-src 'self'"},
		{"Content-Security-Policy", "frame-ancestors 'none'"},
		{"X-Content-Type-Options", "nosniff"},
		{"X-Frame-Options", "SAMEORIGIN"},
		{"Referrer-Policy", "same-origin"},
	}
	for _, path := range []string{"/login", "/no/such/page", "/healthz"} {
		t.Run(path, func(t *testing.T) {
			resp, _ := app.client().get(path)
			for _, h := range headers {
				if got := resp.Header.Get(h.name); !strings.Contains(got, h.want) {
					t.Errorf("%s: %q, want %q", h.name, got, h.want)
				}
			}
		})
	}
}
