package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/testtool"
	"github.com/kncu/plenary/internal/web"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	app := newApp(t)

	t.Run("OK", func(t *testing.T) {
		tests := []struct {
			name, next, location string
		}{
			{"ToNext", "/admin/users?page=2", "/admin/users?page=2"},
			{"ElsewhereIsHome", "https://evil.example/phish", "/"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := app.client()
				_, body := c.get("/login?next=" + url.QueryEscape(tt.next))
				resp, _ := c.post("/login", url.Values{
					"email": {staffEmail}, "password": {testdb.Password}, "next": {inputValue(body, "next")},
				})
				wantRedirect(t, resp, tt.location)

				resp, body = c.get("/")
				if got, want := resp.StatusCode, http.StatusOK; got != want {
					t.Fatalf("GET / after login: status %d, want %d", got, want)
				}
				if name := app.user(staffEmail).Name; !strings.Contains(body, name) {
					t.Errorf("dashboard does not greet %q", name)
				}
			})
		}
	})

	t.Run("ErrFailed", func(t *testing.T) {
		disabled := app.user(delegateEmail)
		if err := app.Store.SetUserDisabled(context.Background(), domain.SystemActor("test"), disabled.ID, 0, true); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, email, password string
		}{
			{"UnknownEmail", "nobody@plenary.example", testdb.Password},
			{"WrongPassword", staffEmail, "not-the-password"},
			{"DisabledUser", delegateEmail, testdb.Password},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := app.client()
				c.get("/login")
				resp, body := c.post("/login", url.Values{"email": {tt.email}, "password": {tt.password}})
				if got, want := resp.StatusCode, http.StatusUnauthorized; got != want {
					t.Fatalf("status %d, want %d", got, want)
				}
				// The same words for every failure, so a stranger learns nothing about
				// which accounts exist.
				if got, want := alert(body), en.T("login.failed"); got != want {
					t.Errorf("message %q, want %q", got, want)
				}
				if got, want := strings.Count(body, en.T("login.failed")), 1; got != want {
					t.Errorf("message shown %d times, want %d", got, want)
				}
				if got := fieldErrors(body); len(got) != 0 {
					t.Errorf("field errors %v, want none", got)
				}
				if got, want := inputValue(body, "email"), tt.email; got != want {
					t.Errorf("e-mail field %q, want %q as typed", got, want)
				}
				if strings.Contains(body, tt.password) {
					t.Error("the page shows the password typed")
				}
				resp, _ = c.get("/")
				wantLoginRedirect(t, resp, "/")
			})
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		tests := []struct {
			name, lang, label, title string
		}{
			{"English", "en", "E-mail", "Log in"},
			{"Korean", "ko", "이메일", "로그인"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := app.client()
				c.header.Set("Accept-Language", tt.lang)
				c.get("/login")
				resp, body := c.post("/login", url.Values{"email": {""}, "password": {"whatever-it-is"}})
				if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
					t.Fatalf("status %d, want %d", got, want)
				}
				errs := fieldErrors(body)
				if len(errs) != 1 || !strings.Contains(errs["email"], tt.label) {
					t.Errorf("field errors %v, want one next to the e-mail field naming %q", errs, tt.label)
				}
				if got := alert(body); got != "" {
					t.Errorf("form message %q, want only the field's", got)
				}
				if !strings.Contains(body, "<title>"+tt.title) {
					t.Errorf("page is not in %s", tt.name)
				}
			})
		}
	})
}

// TestLoginNewSessionID checks that logging in starts a session under a new id, so that
// an id planted before login is worthless after it.
func TestLoginNewSessionID(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.get("/login")
	if id := c.jar[sessionCookie]; id != "" {
		t.Fatalf("the login page set session cookie %q, want none for an anonymous visitor", id)
	}
	const planted = "planted-session-id"
	c.jar[sessionCookie] = planted
	c.login(staffEmail)
	after := c.jar[sessionCookie]
	if after == "" || after == planted {
		t.Fatalf("session id %q after login, want a new one", after)
	}
	if got, want := app.count("login_sessions", "id = ?", planted), 0; got != want {
		t.Errorf("%d stored sessions under the planted id, want %d", got, want)
	}

	resp, _ := app.withCookie(planted).get("/")
	wantLoginRedirect(t, resp, "/")
	resp, _ = app.withCookie(after).get("/")
	if got, want := resp.StatusCode, http.StatusOK; got != want {
		t.Errorf("GET / with the new id: status %d, want %d", got, want)
	}
}

func TestSessionCookie(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	tests := []struct {
		name   string
		secure bool
	}{
		{"PlainHTTP", false},
		{"SecureCookies", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newAppOn(t, app.DB, func(cfg *web.Config) { cfg.SecureCookies = tt.secure }).client()
			c.get("/login")
			resp, _ := c.post("/login", url.Values{"email": {staffEmail}, "password": {testdb.Password}})
			wantRedirect(t, resp, "/")
			var ck *http.Cookie
			for _, x := range resp.Cookies() {
				if x.Name == sessionCookie {
					ck = x
				}
			}
			if ck == nil {
				t.Fatal("login set no session cookie")
			}
			if !ck.HttpOnly {
				t.Error("session cookie is not HttpOnly")
			}
			if got, want := ck.SameSite, http.SameSiteLaxMode; got != want {
				t.Errorf("SameSite %v, want %v (Lax)", got, want)
			}
			if got, want := ck.Secure, tt.secure; got != want {
				t.Errorf("Secure %v, want %v", got, want)
			}
		})
	}
}

func TestLogout(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)
	id := c.jar[sessionCookie]
	staff := app.user(staffEmail)

	resp, _ := c.post("/logout", nil)
	wantRedirect(t, resp, "/login")
	if got, want := app.count("login_sessions", "id = ?", id), 0; got != want {
		t.Errorf("%d stored sessions under the logged-out id, want %d", got, want)
	}
	if got, want := app.count("audit_log", "action = 'logout' AND actor_id = ?", staff.ID), 1; got != want {
		t.Errorf("%d logout audit rows, want %d", got, want)
	}
	_, body := c.get("/login")
	if !strings.Contains(body, en.T("login.logged_out")) {
		t.Error("the login page does not say the person is logged out")
	}

	resp, _ = app.withCookie(id).get("/")
	wantLoginRedirect(t, resp, "/")
}

// TestSessionTimeouts moves the server's clock past the time-outs instead of sleeping.
func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	db, _ := testdb.NewDemo(t)

	t.Run("Idle", func(t *testing.T) {
		t.Parallel()
		clock := testtool.NewClock(time.Now())
		app := newAppOn(t, db, func(cfg *web.Config) { cfg.Now, cfg.IdleTimeout = clock.Now, 30*time.Minute })
		c := app.client()
		c.login(staffEmail)
		// Used every 29 minutes, it outlives the idle time-out twice over.
		for i := range 3 {
			if resp, _ := c.get("/"); resp.StatusCode != http.StatusOK {
				t.Fatalf("GET / after %d minutes: status %d, want 200", 29*i, resp.StatusCode)
			}
			clock.Advance(29 * time.Minute)
		}
		clock.Advance(2 * time.Minute)
		resp, _ := c.get("/")
		wantLoginRedirect(t, resp, "/")
	})

	t.Run("Absolute", func(t *testing.T) {
		t.Parallel()
		clock := testtool.NewClock(time.Now())
		app := newAppOn(t, db, func(cfg *web.Config) { cfg.Now, cfg.AbsoluteTimeout = clock.Now, time.Hour })
		c := app.client()
		c.login(delegateEmail)
		// Used all along, so never idle: only its age ends it.
		clock.Advance(59 * time.Minute)
		if resp, _ := c.get("/"); resp.StatusCode != http.StatusOK {
			t.Fatalf("GET / a minute before the time-out: status %d, want 200", resp.StatusCode)
		}
		clock.Advance(2 * time.Minute)
		resp, _ := c.get("/")
		wantLoginRedirect(t, resp, "/")
		if got, want := app.count("login_sessions", "user_id = ?", app.user(delegateEmail).ID), 0; got != want {
			t.Errorf("%d stored sessions of the user, want %d", got, want)
		}
	})
}
