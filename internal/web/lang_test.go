package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestLanguage checks that a person's choice of language wins over their browser's, and
// follows a logged-in person to every browser they use.
func TestLanguage(t *testing.T) {
	t.Parallel()
	app := newApp(t)

	t.Run("LoggedIn", func(t *testing.T) {
		c := app.client()
		c.header.Set("Accept-Language", "ko-KR,ko;q=0.9")
		c.login(staffEmail)
		if _, body := c.get("/"); !strings.Contains(body, `<html lang="ko">`) {
			t.Fatal("the dashboard is not in Korean for a Korean browser")
		}

		resp, _ := c.post("/lang", url.Values{"lang": {"en"}, "back": {"/"}})
		wantRedirect(t, resp, "/")
		if got := app.user(staffEmail).Lang; got == nil || *got != "en" {
			t.Errorf("saved language %v, want en", got)
		}
		if _, body := c.get("/"); !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "<h1>Dashboard</h1>") {
			t.Error("the next page is not in English")
		}

		other := app.client()
		other.header.Set("Accept-Language", "ko")
		other.login(staffEmail)
		if _, body := other.get("/"); !strings.Contains(body, `<html lang="en">`) {
			t.Error("another browser does not follow the language saved on the account")
		}
	})

	t.Run("Anonymous", func(t *testing.T) {
		c := app.client()
		c.header.Set("Accept-Language", "ko")
		c.get("/login")
		resp, _ := c.post("/lang", url.Values{"lang": {"en"}, "back": {"/login"}})
		wantRedirect(t, resp, "/login")
		if _, body := c.get("/login"); !strings.Contains(body, `<html lang="en">`) {
			t.Error("the login page is not in English")
		}
	})

	t.Run("ErrUnknownLanguage", func(t *testing.T) {
		c := app.client()
		c.login(delegateEmail)
		resp, _ := c.post("/lang", url.Values{"lang": {"fr"}, "back": {"/"}})
		if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
			t.Errorf("status %d, want %d", got, want)
		}
		if got := app.user(delegateEmail).Lang; got != nil {
			t.Errorf("saved language %q, want none", *got)
		}
	})
}
