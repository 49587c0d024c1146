package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/web"
)

// Demo accounts of the standard fixtures.
const (
	adminEmail    = "admin@plenary.example"
	staffEmail    = "staff@plenary.example"
	moeEmail      = "moe@plenary.example"
	khsEmail      = "khs@plenary.example"
	delegateEmail = "delegate@plenary.example"
)

// sessionCookie is the name of the login session cookie.
const sessionCookie = "plenary_session"

var catalog = i18n.MustNew()

// en reads the catalogue as a person using Plenary in English does.
var en = catalog.For("en")

// testApp is one Plenary server on a fresh database with the demo data.
type testApp struct {
	t     *testing.T
	H     *web.Handler
	Store *store.Store
	DB    *bun.DB
}

// newApp starts a server on a new database loaded with the demo data. opts adjust its
// configuration.
func newApp(t *testing.T, opts ...func(*web.Config)) *testApp {
	t.Helper()
	db, _ := testdb.NewDemo(t)
	return newAppOn(t, db, opts...)
}

// newAppOn starts another server on an existing database, as a second instance behind a
// load balancer would be.
func newAppOn(t *testing.T, db *bun.DB, opts ...func(*web.Config)) *testApp {
	t.Helper()
	cfg := web.Config{
		Store:   store.New(db),
		Catalog: catalog,
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
		Zone:    mustZone(t, "Asia/Seoul"),
	}
	for _, o := range opts {
		o(&cfg)
	}
	h, err := web.New(cfg)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	t.Cleanup(func() { h.Shutdown(t.Context()) })
	return &testApp{t: t, H: h, Store: cfg.Store, DB: db}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// client is a browser without JavaScript: it keeps cookies and the last CSRF token.
type client struct {
	t      *testing.T
	app    *testApp
	jar    map[string]string
	csrf   string
	header http.Header // sent with every request
}

func (a *testApp) client() *client {
	return &client{t: a.t, app: a, jar: map[string]string{}, header: http.Header{"Accept-Language": {"en"}}}
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// do sends req to the app, keeping cookies, and returns the response and its body.
func (c *client) do(req *http.Request) (*http.Response, string) {
	c.t.Helper()
	for k, vs := range c.header {
		if req.Header.Get(k) == "" {
			req.Header[k] = vs
		}
	}
	for name, value := range c.jar {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	resp, err := c.app.H.App().Test(req, -1)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		c.t.Fatal(err)
	}
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 || (!ck.Expires.IsZero() && ck.Expires.Before(time.Now())) || ck.Value == "" {
			delete(c.jar, ck.Name)
		} else {
			c.jar[ck.Name] = ck.Value
		}
	}
	body := string(b)
	if m := csrfInput.FindStringSubmatch(body); m != nil {
		c.csrf = m[1]
	}
	return resp, body
}

// get requests path.
func (c *client) get(path string) (*http.Response, string) {
	c.t.Helper()
	return c.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// post submits form to path with the CSRF token of the last page read.
func (c *client) post(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get("_csrf") == "" && c.csrf != "" {
		form.Set("_csrf", c.csrf)
	}
	return c.postRaw(path, form)
}

// postRaw submits form exactly as given, without adding a CSRF token.
func (c *client) postRaw(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// login logs in through the login form and fails the test unless it succeeds. Like a
// browser it follows the redirect, and so holds the token of the new session.
func (c *client) login(email string) {
	c.t.Helper()
	c.get("/login")
	resp, body := c.post("/login", url.Values{"email": {email}, "password": {testdb.Password}})
	if resp.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d, want 303\n%s", email, resp.StatusCode, body)
	}
	c.get(resp.Header.Get("Location"))
}

// count returns how many rows of table match where, a condition with ? placeholders.
func (a *testApp) count(table, where string, args ...any) int {
	a.t.Helper()
	n, err := a.DB.NewSelect().Table(table).Where(where, args...).Count(context.Background())
	if err != nil {
		a.t.Fatalf("count %s where %s: %v", table, where, err)
	}
	return int(n)
}

// user returns the user with the e-mail address as it is saved now.
func (a *testApp) user(email string) *domain.User {
	a.t.Helper()
	u, err := a.Store.UserByEmail(context.Background(), email)
	if err != nil {
		a.t.Fatalf("user %s: %v", email, err)
	}
	return u
}

// ministry returns the ministry with the code as it is saved now.
func (a *testApp) ministry(code string) *domain.Ministry {
	a.t.Helper()
	ms, err := a.Store.Ministries(context.Background())
	if err != nil {
		a.t.Fatal(err)
	}
	for i := range ms {
		if ms[i].Code == code {
			return &ms[i]
		}
	}
	a.t.Fatalf("no ministry %s", code)
	return nil
}

// body returns the body with the code as it is saved now.
func (a *testApp) body(code string) *domain.Body {
	a.t.Helper()
	b, err := a.Store.BodyByCode(context.Background(), code)
	if err != nil {
		a.t.Fatalf("body %s: %v", code, err)
	}
	return b
}

// withCookie returns a new client of the same app holding only the given session id, as
// someone who copied the cookie would.
func (a *testApp) withCookie(sessionID string) *client {
	c := a.client()
	c.jar[sessionCookie] = sessionID
	return c
}

var fieldErrorText = regexp.MustCompile(`<p class="error" id="e-([a-z_]+)">([^<]*)</p>`)

// fieldErrors returns the messages shown next to the fields of a form page, by field.
func fieldErrors(body string) map[string]string {
	m := map[string]string{}
	for _, x := range fieldErrorText.FindAllStringSubmatch(body, -1) {
		m[x[1]] = html.UnescapeString(x[2])
	}
	return m
}

var alertText = regexp.MustCompile(`(?s)<div class="alert" role="alert"[^>]*>\s*<p>([^<]*)</p>`)

// alert returns the message shown for a whole form, or "" when there is none.
func alert(body string) string {
	m := alertText.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// inputValue returns the value of the form input name as the page fills it in.
func inputValue(body, name string) string {
	re := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `"[^>]*value="([^"]*)"`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// wantRedirect fails the test unless resp is a 303 to location.
func wantRedirect(t *testing.T, resp *http.Response, location string) {
	t.Helper()
	if got, want := resp.StatusCode, http.StatusSeeOther; got != want {
		t.Fatalf("status %d, want %d", got, want)
	}
	if got, want := resp.Header.Get("Location"), location; got != want {
		t.Fatalf("Location %q, want %q", got, want)
	}
}

// wantLoginRedirect fails the test unless resp sends an anonymous visitor of path to the
// login page.
func wantLoginRedirect(t *testing.T, resp *http.Response, path string) {
	t.Helper()
	wantRedirect(t, resp, "/login?next="+url.QueryEscape(path))
}

// TestHarness checks the harness itself: the admin logs in and sees the users page.
func TestHarness(t *testing.T) {
	t.Parallel()
	c := newApp(t).client()
	c.login(adminEmail)
	resp, body := c.get("/admin/users")
	if got, want := resp.StatusCode, http.StatusOK; got != want {
		t.Fatalf("GET /admin/users: status %d, want %d", got, want)
	}
	if !strings.Contains(body, staffEmail) {
		t.Errorf("users page does not list %s", staffEmail)
	}
}
