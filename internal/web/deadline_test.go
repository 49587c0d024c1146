package web_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/web"
)

// answerWithin sends req as c would and fails the test unless the server answers within
// guard: far longer than any deadline under test, so that a request that hangs fails the
// test instead of stalling it, whatever the machine's speed.
func (c *client) answerWithin(guard time.Duration, req *http.Request) (*http.Response, string) {
	c.t.Helper()
	for k, vs := range c.header {
		if req.Header.Get(k) == "" {
			req.Header[k] = vs
		}
	}
	for name, value := range c.jar {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	resp, err := c.app.H.App().Test(req, int(guard/time.Millisecond))
	if err != nil {
		c.t.Fatalf("%s %s: no answer: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, resp.Body); err != nil {
		c.t.Fatal(err)
	}
	return resp, b.String()
}

// loggedIn logs in through front, whose deadline leaves time for the password hash on a
// busy machine, and returns a client of app in that login session, as a load balancer
// would send the next request to another instance.
func loggedIn(front, app *testApp, email string) *client {
	front.t.Helper()
	f := front.client()
	f.login(email)
	c := app.client()
	c.jar, c.csrf = f.jar, f.csrf
	return c
}

// wantUnavailable fails the test unless resp is the translated 503 page with one of the
// messages msgs.
func wantUnavailable(t *testing.T, l *i18n.Localizer, resp *http.Response, body string, msgs ...string) {
	t.Helper()
	if got, want := resp.StatusCode, http.StatusServiceUnavailable; got != want {
		t.Fatalf("status %d, want %d\n%s", got, want, body)
	}
	body = html.UnescapeString(body)
	for _, want := range []string{l.T("error.title_unavailable"), `lang="` + l.Lang() + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	found := false
	for _, msg := range msgs {
		found = found || strings.Contains(body, l.T(msg))
	}
	if !found {
		t.Errorf("the page says none of %q", msgs)
	}
	if resp.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After header")
	}
}

// TestRequestDeadline holds a lock that the sessions page needs, in a transaction of the
// test's own, so that the page's query waits for as long as the lock is held: the request
// must end at its deadline with a translated page, and the server must stop waiting too.
func TestRequestDeadline(t *testing.T) {
	t.Parallel()
	front := newApp(t)
	app := newAppOn(t, front.DB, func(cfg *web.Config) { cfg.RequestTimeout = 2 * time.Second })
	ctx := context.Background()
	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) {
			c := loggedIn(front, app, staffEmail)
			c.header.Set("Accept-Language", lang)

			tx, err := app.DB.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			if _, err := tx.ExecContext(ctx, "LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE"); err != nil {
				t.Fatal(err)
			}

			resp, body := c.answerWithin(time.Minute, httptest.NewRequest(http.MethodGet, "/sessions", nil))
			wantUnavailable(t, catalog.For(lang), resp, body, "error.timeout")

			// The lock is still held: a query still waiting for it would show here.
			var waiting int
			if err := app.DB.NewRaw("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "+
				"AND wait_event_type = 'Lock'").Scan(ctx, &waiting); err != nil {
				t.Fatal(err)
			}
			if waiting != 0 {
				t.Errorf("%d queries still wait for the lock after the request ended", waiting)
			}
		})
	}

	t.Run("ServesAfterwards", func(t *testing.T) {
		c := loggedIn(front, app, staffEmail)
		if resp, body := c.get("/sessions"); resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d, want 200\n%s", resp.StatusCode, body)
		}
	})
}
