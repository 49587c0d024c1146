package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/testtool"
	"github.com/kncu/plenary/internal/web"
)

// fromAddress makes the client's requests come from addr, as seen by the server.
func (c *client) fromAddress(addr string) *client {
	c.header.Set("X-Forwarded-For", addr)
	return c
}

// behindProxy starts a server that believes X-Forwarded-For from the test's requests, so
// that a test can speak from several client addresses.
func behindProxy(cfg *web.Config) { cfg.TrustedProxies = []string{"0.0.0.0/0"} }

// attempt posts one login and returns its status and the message of the whole form.
func (c *client) attempt(email, password string) (int, string) {
	c.t.Helper()
	c.get("/login")
	resp, body := c.post("/login", url.Values{"email": {email}, "password": {password}})
	return resp.StatusCode, alert(body)
}

// TestLoginLimits: failures alone count, per account from any address and per address
// across accounts; a correct login is never refused for what other correct logins do.
func TestLoginLimits(t *testing.T) {
	t.Parallel()
	t.Run("CorrectAfterFourFailures", func(t *testing.T) {
		app := newApp(t, behindProxy)
		c := app.client().fromAddress("203.0.113.5")
		for i := 1; i <= 4; i++ {
			if got, _ := c.attempt(staffEmail, "wrong-password-x"); got != http.StatusUnauthorized {
				t.Fatalf("failure %d: status %d, want 401", i, got)
			}
		}
		if got, msg := c.attempt(staffEmail, testdb.Password); got != http.StatusSeeOther {
			t.Fatalf("correct login after 4 failures: status %d (%q), want 303", got, msg)
		}
		// The correct login forgot the failures: four more are allowed again.
		for i := 1; i <= 4; i++ {
			if got, _ := app.client().fromAddress("203.0.113.5").attempt(staffEmail, "wrong-password-y"); got != http.StatusUnauthorized {
				t.Fatalf("failure %d after the login: status %d, want 401", i, got)
			}
		}
	})

	t.Run("AccountLockedFromEveryAddress", func(t *testing.T) {
		app := newApp(t, behindProxy)
		staff := app.user(staffEmail)
		for i := 1; i <= 5; i++ {
			c := app.client().fromAddress("198.51.100." + string(rune('0'+i)))
			if got, _ := c.attempt(staffEmail, "wrong-password-x"); got != http.StatusUnauthorized {
				t.Fatalf("failure %d: status %d, want 401", i, got)
			}
		}
		for _, addr := range []string{"198.51.100.1", "192.0.2.77", "2001:db8::1"} {
			got, msg := app.client().fromAddress(addr).attempt(staffEmail, testdb.Password)
			if got != http.StatusTooManyRequests {
				t.Fatalf("correct password from %s on the locked account: status %d, want 429", addr, got)
			}
			if want := en.T("login.limited"); msg != want {
				t.Errorf("message %q, want %q", msg, want)
			}
		}
		if got, want := app.count("login_sessions", "user_id = ?", staff.ID), 0; got != want {
			t.Errorf("%d sessions of the locked account, want %d", got, want)
		}
		// Another account from the same address still logs in.
		if got, _ := app.client().fromAddress("198.51.100.1").attempt(adminEmail, testdb.Password); got != http.StatusSeeOther {
			t.Errorf("another account from the same address: status %d, want 303", got)
		}
		// Every failure and the lock-out are in the audit log, naming the account.
		if got, want := app.count("audit_log", "action = 'login_failed' AND entity = 'user' AND entity_id = ?", staff.ID), 5; got != want {
			t.Errorf("%d login_failed audit rows, want %d", got, want)
		}
		if got, want := app.count("audit_log", "action = 'login_locked' AND entity_id = ? AND after->'locked' ? 'account'", staff.ID), 1; got != want {
			t.Errorf("%d login_locked audit rows, want %d", got, want)
		}
		if got, want := app.count("audit_log", "action = 'login_failed' AND after->>'address' = '198.51.100.3'"), 1; got != want {
			t.Errorf("%d failures audited from 198.51.100.3, want %d", got, want)
		}
	})

	t.Run("UnknownAccountLockedAlike", func(t *testing.T) {
		// A stranger learns nothing from the limits: an e-mail of nobody is locked
		// after as many failures, with the same words, and is not written to the log.
		app := newApp(t, behindProxy)
		const nobody = "nobody@plenary.example"
		for i := 1; i <= 5; i++ {
			if got, _ := app.client().fromAddress("192.0.2.10").attempt(nobody, "wrong-password-x"); got != http.StatusUnauthorized {
				t.Fatalf("failure %d: status %d, want 401", i, got)
			}
		}
		if got, msg := app.client().fromAddress("192.0.2.11").attempt(nobody, testdb.Password); got != http.StatusTooManyRequests || msg != en.T("login.limited") {
			t.Errorf("sixth attempt: status %d %q, want 429 %q", got, msg, en.T("login.limited"))
		}
		if got, want := app.count("audit_log", "action = 'login_failed' AND entity = 'login' AND entity_id IS NULL"), 5; got != want {
			t.Errorf("%d login_failed audit rows, want %d", got, want)
		}
		if got := app.count("audit_log", "after::text LIKE ?", "%"+nobody+"%"); got != 0 {
			t.Errorf("%d audit rows name the e-mail of nobody, want 0", got)
		}
	})

	t.Run("AddressCeiling", func(t *testing.T) {
		app := newApp(t, behindProxy, func(cfg *web.Config) { cfg.LoginFailuresPerAddress = 6 })
		for i := 0; i < 6; i++ {
			// Different accounts, so that no account reaches its own limit.
			email := []string{"a", "b", "c", "d", "e", "f"}[i] + "@elsewhere.example"
			if got, _ := app.client().fromAddress("203.0.113.9").attempt(email, "wrong-password-x"); got != http.StatusUnauthorized {
				t.Fatalf("failure %d: status %d, want 401", i+1, got)
			}
		}
		if got, _ := app.client().fromAddress("203.0.113.9").attempt(staffEmail, testdb.Password); got != http.StatusTooManyRequests {
			t.Errorf("correct login from the locked address: status %d, want 429", got)
		}
		if got, _ := app.client().fromAddress("203.0.113.10").attempt(staffEmail, testdb.Password); got != http.StatusSeeOther {
			t.Errorf("correct login from another address: status %d, want 303", got)
		}
		if got, want := app.count("audit_log", "action = 'login_locked' AND after->'locked' ? 'address'"), 1; got != want {
			t.Errorf("%d address lock-outs audited, want %d", got, want)
		}
	})

	t.Run("IPv6ByNetwork", func(t *testing.T) {
		// One host holds a whole /64: changing the last bits does not escape the limit.
		app := newApp(t, behindProxy, func(cfg *web.Config) { cfg.LoginFailuresPerAddress = 3 })
		for i, addr := range []string{"2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::3"} {
			if got, _ := app.client().fromAddress(addr).attempt([]string{"x", "y", "z"}[i]+"@elsewhere.example", "wrong-password-x"); got != http.StatusUnauthorized {
				t.Fatalf("failure %d: status %d, want 401", i+1, got)
			}
		}
		if got, _ := app.client().fromAddress("2001:db8:1:2::99").attempt(staffEmail, testdb.Password); got != http.StatusTooManyRequests {
			t.Errorf("correct login from the same /64: status %d, want 429", got)
		}
	})

	t.Run("FiftyOverlappingCorrectLogins", func(t *testing.T) {
		// One office behind one address, everyone logging in at nine o'clock.
		app := newApp(t)
		const n = 50
		clients := make([]*client, n)
		for i := range clients {
			clients[i] = app.client()
			clients[i].get("/login")
		}
		statuses := make([]int, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				form := url.Values{"email": {staffEmail}, "password": {testdb.Password}, "_csrf": {c.csrf}}
				req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				for name, value := range c.jar {
					req.AddCookie(&http.Cookie{Name: name, Value: value})
				}
				<-start
				resp, err := app.H.App().Test(req, -1)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				statuses[i] = resp.StatusCode
			}()
		}
		close(start)
		wg.Wait()
		for i, s := range statuses {
			if s != http.StatusSeeOther {
				t.Errorf("login %d: status %d, want 303", i+1, s)
			}
		}
		if got, want := app.count("login_sessions", "user_id = ?", app.user(staffEmail).ID), n; got != want {
			t.Errorf("%d sessions, want %d", got, want)
		}
		if got := app.count("login_failures", "TRUE"); got != 0 {
			t.Errorf("%d failures recorded, want 0", got)
		}
	})
}

// TestLoginWindow: failures older than the window no longer count, on the server's clock.
func TestLoginWindow(t *testing.T) {
	t.Parallel()
	clock := testtool.NewClock(time.Now())
	app := newApp(t, behindProxy, func(cfg *web.Config) { cfg.Now, cfg.LoginWindow = clock.Now, 15*time.Minute })
	for i := 1; i <= 5; i++ {
		if got, _ := app.client().fromAddress("203.0.113.20").attempt(staffEmail, "wrong-password-x"); got != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d, want 401", i, got)
		}
	}
	clock.Advance(14 * time.Minute)
	if got, _ := app.client().fromAddress("203.0.113.21").attempt(staffEmail, testdb.Password); got != http.StatusTooManyRequests {
		t.Fatalf("correct login within the window: status %d, want 429", got)
	}
	clock.Advance(2 * time.Minute)
	if got, msg := app.client().fromAddress("203.0.113.21").attempt(staffEmail, testdb.Password); got != http.StatusSeeOther {
		t.Errorf("correct login once the window has passed: status %d (%q), want 303", got, msg)
	}
}
