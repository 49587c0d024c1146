package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/web"
)

// TestHashingBusy: when every password worker stays taken past the queue's wait, a login
// or a new password is answered 503 with the form as typed, in the person's language,
// and nothing is counted or saved; once a worker is free they succeed.
func TestHashingBusy(t *testing.T) {
	t.Parallel()
	hasher := store.NewHasher(store.HashConfig{Params: store.CheapHashParams, Workers: 1, Wait: 20 * time.Millisecond})
	app := newApp(t, func(cfg *web.Config) { cfg.Store = cfg.Store.WithHasher(hasher) })
	admin := app.client()
	admin.login(adminEmail)
	admin.get("/admin/users/new")

	release, err := hasher.Occupy(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Login", func(t *testing.T) {
		for _, tt := range []struct{ lang, title string }{{"en", "Log in"}, {"ko", "로그인"}} {
			c := app.client()
			c.header.Set("Accept-Language", tt.lang)
			c.get("/login")
			resp, body := c.post("/login", url.Values{"email": {staffEmail}, "password": {testdb.Password}, "next": {"/briefs"}})
			if got, want := resp.StatusCode, http.StatusServiceUnavailable; got != want {
				t.Fatalf("%s: status %d, want %d", tt.lang, got, want)
			}
			if resp.Header.Get("Retry-After") == "" {
				t.Errorf("%s: no Retry-After", tt.lang)
			}
			if got, want := alert(body), catalog.For(tt.lang).T("login.busy"); got != want {
				t.Errorf("%s: message %q, want %q", tt.lang, got, want)
			}
			if !strings.Contains(body, "<title>"+tt.title) {
				t.Errorf("%s: not the login page in its language", tt.lang)
			}
			if got, want := inputValue(body, "email"), staffEmail; got != want {
				t.Errorf("%s: e-mail field %q, want %q as typed", tt.lang, got, want)
			}
			if got, want := inputValue(body, "next"), "/briefs"; got != want {
				t.Errorf("%s: next %q, want %q", tt.lang, got, want)
			}
		}
	})
	t.Run("NewUser", func(t *testing.T) {
		users := app.count("users", "TRUE")
		resp, body := admin.post("/admin/users", newUserForm("busy@plenary.example", *app.user(moeEmail).MinistryID))
		if got, want := resp.StatusCode, http.StatusServiceUnavailable; got != want {
			t.Fatalf("status %d, want %d", got, want)
		}
		if got, want := inputValue(body, "email"), "busy@plenary.example"; got != want {
			t.Errorf("e-mail field %q, want %q as typed", got, want)
		}
		if got, want := alert(body), en.T("error.busy"); got != want {
			t.Errorf("message %q, want %q", got, want)
		}
		if got := app.count("users", "TRUE"); got != users {
			t.Errorf("%d users, want %d", got, users)
		}
	})
	if got := app.count("login_failures", "TRUE"); got != 0 {
		t.Errorf("%d failures counted while busy, want 0", got)
	}
	release()

	c := app.client()
	c.login(staffEmail)
	resp, _ := admin.post("/admin/users", newUserForm("busy@plenary.example", *app.user(moeEmail).MinistryID))
	wantRedirect(t, resp, "/admin/users")
}
