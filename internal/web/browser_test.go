package web_test

import (
	"bytes"
	"context"
	"image/png"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/testtool"
	"github.com/kncu/plenary/internal/web"
)

// chromiumPath is where the browser tests expect Chromium.
const chromiumPath = "/usr/bin/chromium"

// Time limits of the browser tests: one for the browser as a whole, one for each tab.
const (
	browserTimeout = 2 * time.Minute
	tabTimeout     = 60 * time.Second
)

// cspWatcher runs in every document before the page's own scripts (DevTools scripts are
// not subject to the page's CSP) and reports each CSP violation as a console error.
const cspWatcher = `document.addEventListener('securitypolicyviolation', e =>
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
    ' at ' + e.sourceFile + ':' + e.lineNumber));`

// TestBrowser drives a real Chromium against the app on a loopback listener.
func TestBrowser(t *testing.T) {
	t.Parallel()
	b := startBrowser(t)

	t.Run("LoginInEachLanguageThenAdminDashboard", func(t *testing.T) {
		for _, lang := range []string{"ko", "en"} {
			t.Run(lang, func(t *testing.T) {
				l := catalog.For(lang)
				tb := b.newTab(t, lang)
				if resp := tb.navigate("/login"); resp.Status != http.StatusOK {
					t.Fatalf("GET /login: status %d, want 200", resp.Status)
				}
				if got := evalJS[string](tb, `document.documentElement.lang`); got != lang {
					t.Errorf("<html lang> = %q, want %q", got, lang)
				}
				if got, want := tb.text(`main h1`), l.T("login.title"); got != want {
					t.Errorf("login heading = %q, want %q", got, want)
				}
				if got, want := tb.text(`main form button[type=submit]`), l.T("login.submit"); got != want {
					t.Errorf("login button = %q, want %q", got, want)
				}
				if got, want := tb.text(`label[for=f-email]`), l.T("field.email"); !strings.HasPrefix(got, want) {
					t.Errorf("e-mail label = %q, want it to start with %q", got, want)
				}
				tb.noUntranslatedKeys()

				tb.login(adminEmail)
				if got, want := tb.text(`main h1`), l.T("dashboard.title"); got != want {
					t.Errorf("dashboard heading = %q, want %q", got, want)
				}
				nav := tb.navLinks()
				for _, n := range []struct{ href, label string }{
					{"/admin/users", "nav.users"},
					{"/admin/ministries", "nav.ministries"},
					{"/admin/bodies", "nav.bodies"},
					{"/admin/audit", "nav.audit"},
				} {
					if got, ok := nav[n.href]; !ok {
						t.Errorf("navigation has no link to %s; it has %v", n.href, nav)
					} else if want := l.T(n.label); got != want {
						t.Errorf("navigation link %s reads %q, want %q", n.href, got, want)
					}
				}
				tb.noUntranslatedKeys()
				tb.noProblems()
			})
		}
	})

	t.Run("StaffSeesNoAdminLinksAndGets403", func(t *testing.T) {
		tb := b.newTab(t, "en")
		tb.login(staffEmail)
		for href := range tb.navLinks() {
			if strings.HasPrefix(href, "/admin") {
				t.Errorf("staff navigation shows the admin link %s", href)
			}
		}
		resp := tb.navigate("/admin/users")
		if resp.Status != http.StatusForbidden {
			t.Fatalf("GET /admin/users as staff: status %d, want 403", resp.Status)
		}
		if got := tb.text(`main h1 .status`); got != "403" {
			t.Errorf("error page status = %q, want 403", got)
		}
		if got, want := tb.text(`main`), catalog.For("en").T("error.forbidden"); !strings.Contains(got, want) {
			t.Errorf("403 page does not say %q:\n%s", want, got)
		}
		if got := tb.text(`main`); strings.Contains(got, staffEmail) || strings.Contains(got, adminEmail) {
			t.Errorf("403 page lists users:\n%s", got)
		}
		tb.noUntranslatedKeys()
		tb.noProblems("status of 403")
	})

	t.Run("InvalidEmailErrorNextToField", func(t *testing.T) {
		const name = "브라우저 Browser Test"
		tb := b.newTab(t, "en")
		tb.login(adminEmail)
		tb.navigate("/admin/users/new")
		tb.do(
			chromedp.SendKeys(chromedp.ID("f-name"), name),
			chromedp.SendKeys(chromedp.ID("f-email"), "not-an-email"),
			chromedp.SendKeys(chromedp.ID("f-password"), "a long enough password 42"),
		)
		resp, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`main form.card button[type=submit]`)))
		if err != nil {
			t.Fatalf("submitting the new-user form: %v", err)
		}
		if resp.Status != http.StatusUnprocessableEntity {
			t.Errorf("POST /admin/users: status %d, want 422", resp.Status)
		}
		tb.do(chromedp.WaitVisible(chromedp.ID("e-email")))
		if got := tb.text(`#e-email`); got == "" {
			t.Error("#e-email is visible but empty")
		}
		if !evalJS[bool](tb, `(() => {
			const e = document.getElementById('e-email'), f = document.getElementById('f-email');
			return !!e && !!f && e.closest('.field') === f.closest('.field');
		})()`) {
			t.Error("#e-email is not in the same field as #f-email")
		}
		attrs := tb.attrs(`#f-email`)
		if attrs["aria-invalid"] != "true" {
			t.Errorf(`#f-email aria-invalid = %q, want "true"`, attrs["aria-invalid"])
		}
		if !strings.Contains(" "+attrs["aria-describedby"]+" ", " e-email ") {
			t.Errorf("#f-email aria-describedby = %q, want it to name e-email", attrs["aria-describedby"])
		}
		if got := tb.value(`#f-name`); got != name {
			t.Errorf("name field = %q after the failed submit, want %q", got, name)
		}
		if got := tb.value(`#f-email`); got != "not-an-email" {
			t.Errorf("e-mail field = %q after the failed submit, want the typed value", got)
		}
		if got := tb.value(`#f-password`); got != "" {
			t.Errorf("password field is filled again after the failed submit")
		}
		tb.noUntranslatedKeys()
		tb.noProblems("status of 422")
	})

	t.Run("MobileDashboardDoesNotOverflow", func(t *testing.T) {
		tb := b.newTab(t, "ko")
		tb.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		tb.login(adminEmail)
		type widths struct {
			Scroll, Inner int
			Wide          []string
		}
		w := evalJS[widths](tb, `(() => {
			const wide = [];
			for (const el of document.body.querySelectorAll('*')) {
				const r = el.getBoundingClientRect();
				if (r.right > window.innerWidth + 0.5 && !el.closest('.table-wrap > *')) {
					wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
						(el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
						' right=' + Math.round(r.right));
				}
			}
			return {Scroll: document.documentElement.scrollWidth, Inner: window.innerWidth, Wide: wide.slice(0, 10)};
		})()`)
		if w.Inner != 390 {
			t.Errorf("window.innerWidth = %d, want 390 (the page is zoomed out, probably to fit wide content)", w.Inner)
		}
		if w.Scroll > w.Inner {
			t.Errorf("dashboard overflows at 390 px: scrollWidth %d > innerWidth %d; too wide: %v", w.Scroll, w.Inner, w.Wide)
		}
		tb.screenshot("dashboard-mobile.png")
		tb.noProblems()
	})

	t.Run("Screenshots", func(t *testing.T) {
		tb := b.newTab(t, "en")
		tb.navigate("/login")
		tb.screenshot("login.png")
		tb.login(adminEmail)
		tb.screenshot("dashboard.png")
		tb.noProblems()
	})

	t.Run("CSPWatcherSeesViolations", func(t *testing.T) {
		// The checks above are worth something only if a violation would be seen.
		tb := b.newTab(t, "en")
		tb.navigate("/login")
		tb.do(chromedp.Evaluate[chromedp.Void](`(() => {
			const img = document.createElement('img');
			img.src = 'http://192.0.2.1/blocked.png';
			document.body.append(img);
		})()`))
		deadline := time.Now().Add(5 * time.Second)
		for {
			if p := tb.problems(); len(p) > 0 && strings.Contains(strings.Join(p, "\n"), "CSP violation") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("an image from another host raised no CSP violation; seen: %v", tb.problems())
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}

// browser is one headless Chromium and the app it talks to.
type browser struct {
	ctx  context.Context // the browser's first tab; new tabs derive from it
	base string          // http://127.0.0.1:port
	app  *testApp
}

// startBrowser serves a new app on a loopback port and starts Chromium. Without Chromium
// the test is skipped, except on CI, where it fails (testtool.Require). opts adjust the
// app's configuration.
func startBrowser(t *testing.T, opts ...func(*web.Config)) *browser {
	t.Helper()
	testtool.Require(t, chromiumPath)

	app := newApp(t, opts...)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- app.H.App().Listener(ln) }()
	t.Cleanup(func() {
		// Registered after newApp's cleanup, so it runs first: stop the server here and
		// wait for Listener to return.
		if err := app.H.App().ShutdownWithTimeout(5 * time.Second); err != nil {
			t.Errorf("shutting the server down: %v", err)
		}
		select {
		case err := <-served:
			if err != nil {
				t.Errorf("serving: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("the server did not stop")
		}
	})

	ctx, cancel := context.WithTimeout(t.Context(), browserTimeout)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", chromiumPath, err)
	}
	return &browser{ctx: bctx, base: "http://" + ln.Addr().String(), app: app}
}

// tab is one page in a browser context of its own (its own cookies), which keeps the
// console errors, uncaught exceptions, error log entries and CSP violations it sees.
type tab struct {
	t   *testing.T
	b   *browser
	ctx context.Context

	mu   sync.Mutex
	seen []string
}

// newTab opens a tab whose requests ask for lang.
func (b *browser) newTab(t *testing.T, lang string) *tab {
	t.Helper()
	tb := &tab{t: t, b: b}
	ctx, cancel := chromedp.NewContext(b.ctx,
		chromedp.WithNewBrowserContext(),
		chromedp.WithListener(tb.listen),
	)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, tabTimeout)
	t.Cleanup(cancelTimeout)
	tb.ctx = ctx
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
		Headers: network.Headers{"Accept-Language": lang},
	}); err != nil {
		t.Fatalf("setting Accept-Language: %v", err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: cspWatcher,
	}); err != nil {
		t.Fatalf("adding the CSP watcher: %v", err)
	}
	return tb
}

// listen runs in chromedp's event loop: it must be quick and send no command.
func (tb *tab) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			switch {
			case len(a.Value) > 0:
				parts = append(parts, strings.Trim(string(a.Value), `"`))
			case a.Description != "":
				parts = append(parts, a.Description)
			}
		}
		msg = "console." + string(ev.Type) + ": " + strings.Join(parts, " ")
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg = "uncaught exception: " + d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
	case *log.EventEntryAdded:
		if ev.Entry == nil || ev.Entry.Level != log.EntryLevelError {
			return
		}
		msg = "log (" + string(ev.Entry.Source) + "): " + ev.Entry.Text + " " + ev.Entry.URL
	default:
		return
	}
	tb.mu.Lock()
	tb.seen = append(tb.seen, msg)
	tb.mu.Unlock()
}

// problems returns the errors seen so far.
func (tb *tab) problems() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.seen...)
}

// noProblems fails the test for each error seen, but those that contain one of expected
// (such as "status of 403" for a page that answers 403 on purpose).
func (tb *tab) noProblems(expected ...string) {
	tb.t.Helper()
next:
	for _, p := range tb.problems() {
		for _, e := range expected {
			if strings.Contains(p, e) {
				tb.t.Logf("browser reported, as expected: %s", p)
				continue next
			}
		}
		tb.t.Errorf("browser reported: %s", p)
	}
}

// do runs actions, failing the test on error.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatal(err)
	}
}

// navigate loads path and returns the response of the document.
func (tb *tab) navigate(path string) *network.Response {
	tb.t.Helper()
	resp, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(tb.b.base+path))
	if err != nil {
		tb.t.Fatalf("GET %s: %v", path, err)
	}
	if resp == nil {
		tb.t.Fatalf("GET %s: no response", path)
	}
	return resp
}

// login logs in through the login form, as a person would, and checks that it lands on
// the dashboard.
func (tb *tab) login(email string) {
	tb.t.Helper()
	tb.navigate("/login")
	tb.do(
		chromedp.SendKeys(chromedp.ID("f-email"), email),
		chromedp.SendKeys(chromedp.ID("f-password"), testdb.Password),
	)
	resp, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`main form[action="/login"] button[type=submit]`)))
	if err != nil {
		tb.t.Fatalf("submitting the login form: %v", err)
	}
	if resp.Status != http.StatusOK {
		tb.t.Fatalf("login as %s: landed on %s with status %d", email, resp.URL, resp.Status)
	}
	loc, err := chromedp.Run(tb.ctx, chromedp.Location())
	if err != nil {
		tb.t.Fatal(err)
	}
	if want := tb.b.base + "/"; loc != want {
		tb.t.Fatalf("login as %s: landed on %s, want %s", email, loc, want)
	}
}

// text returns the visible text of the first element that matches the CSS selector.
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	s, err := chromedp.Run(tb.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		tb.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// value returns the value of the form field that matches the CSS selector.
func (tb *tab) value(sel string) string {
	tb.t.Helper()
	s, err := chromedp.Run(tb.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		tb.t.Fatalf("value of %s: %v", sel, err)
	}
	return s
}

// attrs returns the attributes of the first element that matches the CSS selector.
func (tb *tab) attrs(sel string) map[string]string {
	tb.t.Helper()
	m, err := chromedp.Run(tb.ctx, chromedp.Attributes(chromedp.CSS(sel)))
	if err != nil {
		tb.t.Fatalf("attributes of %s: %v", sel, err)
	}
	return m
}

// navLinks returns the links of the main navigation, href -> label.
func (tb *tab) navLinks() map[string]string {
	tb.t.Helper()
	return evalJS[map[string]string](tb, `Object.fromEntries(
		[...document.querySelectorAll('header nav a')].map(a => [a.getAttribute('href'), a.textContent.trim()]))`)
}

// noUntranslatedKeys fails the test if the page shows a catalogue id, such as
// "nav.users", instead of its text.
func (tb *tab) noUntranslatedKeys() {
	tb.t.Helper()
	body := evalJS[string](tb, `document.body.innerText + '\n' + document.title`)
	for _, lang := range []string{"en", "ko"} {
		for _, k := range catalog.Keys(lang) {
			if strings.Contains(k, ".") && strings.Contains(body, k) {
				tb.t.Errorf("the page shows the catalogue id %q", k)
			}
		}
	}
}

// screenshot saves a full-page PNG of the current page under t.TempDir() and, when
// PLENARY_SCREENSHOTS names a folder, there too.
func (tb *tab) screenshot(name string) {
	tb.t.Helper()
	buf, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", name, err)
	}
	if !bytes.HasPrefix(buf, []byte("\x89PNG\r\n\x1a\n")) {
		tb.t.Fatalf("screenshot %s is not a PNG (%d bytes)", name, len(buf))
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(buf))
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", name, err)
	}
	if cfg.Width == 0 || cfg.Height == 0 {
		tb.t.Fatalf("screenshot %s is empty: %dx%d", name, cfg.Width, cfg.Height)
	}
	dirs := []string{tb.t.TempDir()}
	if d := os.Getenv("PLENARY_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			tb.t.Fatal(err)
		}
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		path := filepath.Join(d, name)
		if err := os.WriteFile(path, buf, 0o644); err != nil {
			tb.t.Fatal(err)
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			tb.t.Fatalf("screenshot %s was not written: %v", path, err)
		}
		tb.t.Logf("screenshot %s (%dx%d)", path, cfg.Width, cfg.Height)
	}
}

// evalJS evaluates expr in the page and decodes its result into T.
func evalJS[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}
