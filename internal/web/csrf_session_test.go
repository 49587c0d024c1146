package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/kncu/plenary/internal/testdb"
)

// TestAnonymousVisitorsKeepNoState: pages, failed logins and refused posts of anonymous
// visitors write no login session row.
func TestAnonymousVisitorsKeepNoState(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	before := app.count("login_sessions", "TRUE")
	const n = 70
	for i := 0; i < n; i++ {
		c := app.client()
		switch i % 5 {
		case 0:
			c.get("/login")
		case 1:
			c.get("/sessions") // redirected to the login page
		case 2:
			c.get("/no-such-page")
		case 3:
			c.get("/login")
			c.post("/login", url.Values{"email": {"nobody@plenary.example"}, "password": {"wrong-password-x"}})
		case 4:
			c.get("/login")
			c.post("/lang", url.Values{"lang": {"ko"}, "back": {"/login"}})
		}
	}
	if got := app.count("login_sessions", "TRUE"); got != before {
		t.Errorf("%d login session rows after %d anonymous visits, want %d", got, n, before)
	}
}

// TestCSRFTokenFollowsSession: the anti-forgery token changes whenever the session id
// does, and a token of the old id is refused.
func TestCSRFTokenFollowsSession(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	moe := *app.user(moeEmail).MinistryID

	t.Run("Login", func(t *testing.T) {
		c := app.client()
		c.get("/login")
		anonymous := c.csrf
		c.post("/login", url.Values{"email": {adminEmail}, "password": {testdb.Password}})
		c.get("/admin/users/new")
		loggedIn := c.csrf
		if anonymous == "" || loggedIn == "" || anonymous == loggedIn {
			t.Fatalf("token before login %q, after %q: want two different tokens", anonymous, loggedIn)
		}
		audits := app.count("audit_log", "TRUE")
		resp, _ := c.postRaw("/admin/users", withToken(newUserForm("fixed@plenary.example", moe), anonymous))
		if got, want := resp.StatusCode, http.StatusForbidden; got != want {
			t.Errorf("post with the token from before login: status %d, want %d", got, want)
		}
		if got := app.count("audit_log", "TRUE"); got != audits {
			t.Errorf("%d audit rows after the refused post, want %d", got, audits)
		}
		resp, _ = c.postRaw("/admin/users", withToken(newUserForm("fixed@plenary.example", moe), loggedIn))
		wantRedirect(t, resp, "/admin/users")
	})

	t.Run("Logout", func(t *testing.T) {
		c := app.client()
		c.login(staffEmail)
		loggedIn := c.csrf
		resp, _ := c.post("/logout", nil)
		wantRedirect(t, resp, "/login")
		c.get("/login")
		if c.csrf == loggedIn {
			t.Fatal("the token outlived the logout")
		}
		// Logged in again, the token of the first login is not the new one's.
		c.login(staffEmail)
		if c.csrf == loggedIn {
			t.Fatal("a new login has the token of the last")
		}
		resp, _ = c.postRaw("/lang", url.Values{"lang": {"ko"}, "back": {"/"}, "_csrf": {loggedIn}})
		if got, want := resp.StatusCode, http.StatusForbidden; got != want {
			t.Errorf("post with the token of the ended session: status %d, want %d", got, want)
		}
	})

	t.Run("PasswordChange", func(t *testing.T) {
		c := app.client()
		c.login(delegateEmail)
		old := c.csrf
		admin := app.client()
		admin.login(adminEmail)
		admin.get("/admin/users")
		resp, _ := admin.post("/admin/users/"+itoa(app.user(delegateEmail).ID)+"/password",
			url.Values{"new_password": {"a-brand-new-passphrase"}})
		wantRedirect(t, resp, "/admin/users")
		// The password change ended the delegate's session: its token is worthless,
		// and the next login has another.
		resp, _ = c.postRaw("/lang", url.Values{"lang": {"ko"}, "back": {"/"}, "_csrf": {old}})
		if got, want := resp.StatusCode, http.StatusForbidden; got != want {
			t.Errorf("post with the token of the ended session: status %d, want %d", got, want)
		}
		c.get("/login")
		resp, _ = c.post("/login", url.Values{"email": {delegateEmail}, "password": {"a-brand-new-passphrase"}})
		wantRedirect(t, resp, "/")
		c.get("/")
		if c.csrf == old {
			t.Error("the token is the same after the password change and a new login")
		}
	})

	t.Run("AnonymousTokenBoundToBrowser", func(t *testing.T) {
		// A token read by one browser is refused from another: the token is tied to
		// the nonce cookie of the browser it was issued to.
		mallory, victim := app.client(), app.client()
		mallory.get("/login")
		victim.get("/login")
		resp, _ := victim.postRaw("/login", url.Values{"email": {staffEmail}, "password": {testdb.Password}, "_csrf": {mallory.csrf}})
		if got, want := resp.StatusCode, http.StatusForbidden; got != want {
			t.Errorf("login with another browser's token: status %d, want %d", got, want)
		}
	})
}

// TestCSRFEveryPost: every route that takes a POST refuses it without a token, for an
// anonymous visitor and for a logged-in user alike, before anything is written.
func TestCSRFEveryPost(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	admin := app.client()
	admin.login(adminEmail)
	var posts []string
	for _, r := range app.H.App().GetRoutes(true) {
		if r.Method == http.MethodPost {
			posts = append(posts, r.Path)
		}
	}
	if len(posts) < 20 {
		t.Fatalf("found %d POST routes, want them all", len(posts))
	}
	for _, who := range []struct {
		name string
		c    *client
	}{{"Anonymous", app.client()}, {"Admin", admin}} {
		for _, path := range posts {
			t.Run(who.name+path, func(t *testing.T) {
				audits, sessions := app.count("audit_log", "TRUE"), app.count("login_sessions", "TRUE")
				p := pathWithIDs(path)
				resp, _ := who.c.postRaw(p, url.Values{"email": {staffEmail}, "password": {testdb.Password}, "_csrf": {"s.forged"}})
				if got, want := resp.StatusCode, http.StatusForbidden; got != want {
					t.Errorf("POST %s without a valid token: status %d, want %d", p, got, want)
				}
				if got := app.count("audit_log", "TRUE"); got != audits {
					t.Errorf("%d audit rows, want %d", got, audits)
				}
				if got := app.count("login_sessions", "TRUE"); got != sessions {
					t.Errorf("%d login sessions, want %d", got, sessions)
				}
			})
		}
	}
}

// pathWithIDs fills the parameters of a route pattern with plausible values.
func pathWithIDs(pattern string) string {
	out := []byte{}
	for i := 0; i < len(pattern); i++ {
		if pattern[i] != ':' {
			out = append(out, pattern[i])
			continue
		}
		j := i + 1
		for j < len(pattern) && pattern[j] != '/' {
			j++
		}
		out = append(out, '1')
		i = j - 1
	}
	return string(out)
}

func withToken(form url.Values, token string) url.Values {
	form.Set("_csrf", token)
	return form
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
