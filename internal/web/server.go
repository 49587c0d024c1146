// Package web is Plenary's HTTP face: fiber handlers, one small file per resource and
// action, every route listed in routes.go, every page rendered from views/.
package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
	"github.com/gofiber/template/html/v2"
	"github.com/valyala/fasthttp"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/policy"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/views"
)

// Config is what the web layer needs from the outside world.
type Config struct {
	Store   *store.Store
	Catalog *i18n.Catalog
	Logger  *slog.Logger
	Zone    *time.Location // dates and deadlines are read in this time zone
	// Now is the one clock of the web layer, given to its store too: sessions and their
	// time-outs, anti-forgery tokens, the login window, "today" and every timestamp
	// written. time.Now when nil; tests move a clock of their own.
	Now func() time.Time
	// BaseURL is the address people reach Plenary at (PLENARY_BASE_URL), which links
	// read outside a page (calendar feeds) start with; the request's own address when
	// empty.
	BaseURL string

	SecureCookies   bool          // set the Secure flag on cookies (everywhere but plain localhost)
	IdleTimeout     time.Duration // a login session unused this long ends
	AbsoluteTimeout time.Duration // a login session this old ends, used or not
	TrustedProxies  []string      // addresses or CIDR ranges of proxies whose X-Forwarded-For is believed
	RequestTimeout  time.Duration // the deadline of a request's work, database included
	ExportTimeout   time.Duration // the same for the requests that build or read whole workbooks
	MaxFileSize     int64         // the largest file an upload may bring, in bytes (25 MB when 0)

	// Failed logins allowed within LoginWindow per account and per client address.
	LoginFailuresPerAccount int
	LoginFailuresPerAddress int
	LoginWindow             time.Duration
}

// Handler holds the dependencies of every handler.
type Handler struct {
	cfg      Config
	store    *store.Store
	cat      *i18n.Catalog
	log      *slog.Logger
	sessions *session.Store
	kv       []*store.KV
	app      *fiber.App
	gates    map[string]policy.Action // what each route declared it requires, by "METHOD /path"

	csrfKeyCache atomic.Pointer[[]byte] // signs anti-forgery tokens; the same on every server
}

// New builds the application with its middleware and routes.
func New(cfg Config) (*Handler, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Zone == nil {
		cfg.Zone = time.UTC
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.Store = cfg.Store.WithClock(cfg.Now)
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = 2 * time.Hour
	}
	if cfg.AbsoluteTimeout <= 0 {
		cfg.AbsoluteTimeout = 12 * time.Hour
	}
	if cfg.LoginFailuresPerAccount <= 0 {
		cfg.LoginFailuresPerAccount = 5
	}
	if cfg.LoginFailuresPerAddress <= 0 {
		cfg.LoginFailuresPerAddress = 50
	}
	if cfg.LoginWindow <= 0 {
		cfg.LoginWindow = 15 * time.Minute
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 30 * time.Second
	}
	if cfg.ExportTimeout < cfg.RequestTimeout {
		cfg.ExportTimeout = max(5*time.Minute, cfg.RequestTimeout)
	}
	if cfg.MaxFileSize <= 0 {
		cfg.MaxFileSize = 25 << 20
	}
	h := &Handler{cfg: cfg, store: cfg.Store, cat: cfg.Catalog, log: cfg.Logger}

	engine := html.NewFileSystem(http.FS(views.Templates), ".html")
	engine.AddFuncMap(templateFuncs(cfg.Zone))
	if err := engine.Load(); err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}

	sessionKV := store.NewKV(cfg.Store.DB(), "login_sessions", 10*time.Minute, cfg.Now)
	sessionKV.SetTimeout(cfg.RequestTimeout)
	h.kv = append(h.kv, sessionKV)
	h.sessions = session.New(session.Config{
		Storage:        sessionKV,
		Expiration:     cfg.IdleTimeout,
		KeyLookup:      "cookie:" + sessionCookie,
		CookieHTTPOnly: true,
		CookieSecure:   cfg.SecureCookies,
		CookieSameSite: fiber.CookieSameSiteLaxMode,
		CookiePath:     "/",
	})
	h.sessions.RegisterType(time.Time{})

	h.app = fiber.New(fiber.Config{
		Views:                 engine,
		ErrorHandler:          h.handleError,
		DisableStartupMessage: true,
		// Bodies are streamed: readBody reads a form's whole (up to formBodyLimit) and a
		// file upload's handler reads its file as it arrives (see uploads.go).
		BodyLimit:                    formBodyLimit,
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
		ReadTimeout:                  30 * time.Second,
		WriteTimeout:                 60 * time.Second,
		IdleTimeout:                  120 * time.Second,
		AppName:                      "Plenary",
		// Behind a proxy, the client's address (for the login rate limit and the logs)
		// comes from X-Forwarded-For, but only when the request comes from a trusted proxy.
		EnableTrustedProxyCheck: len(cfg.TrustedProxies) > 0,
		TrustedProxies:          cfg.TrustedProxies,
		ProxyHeader:             proxyHeader(cfg.TrustedProxies),
	})
	h.app.Server().HeaderReceived = h.requestConfig
	h.routes()
	prepareViews(h.app, engine)
	return h, nil
}

// prepareViews does before the first request what rendering would otherwise do lazily,
// writing to state that concurrent requests read: html/template escapes a template the
// first time it runs, while the engine copies templates outside its lock, and fiber
// lists its mounted apps on its first render. Each template runs once, into nothing; the
// runs' own errors, from the missing data, do not matter (an error of escaping would show
// on every request for that page alike).
func prepareViews(app *fiber.App, engine *html.Engine) {
	for _, t := range engine.Templates.Templates() {
		_ = t.Execute(io.Discard, nil)
	}
	c := app.AcquireCtx(&fasthttp.RequestCtx{})
	defer app.ReleaseCtx(c)
	_ = c.Render("layouts/main", fiber.Map{})
}

func proxyHeader(trusted []string) string {
	if len(trusted) == 0 {
		return ""
	}
	return fiber.HeaderXForwardedFor
}

// now returns the time on the handler's clock.
func (h *Handler) now() time.Time { return h.cfg.Now() }

// today returns the calendar day it is now in the Commission's time zone, as days are
// stored: midnight UTC.
func (h *Handler) today() time.Time { return domain.Today(h.now(), h.cfg.Zone) }

// App returns the fiber application, for tests that send it requests directly.
func (h *Handler) App() *fiber.App { return h.app }

// Listen serves on addr until Shutdown.
func (h *Handler) Listen(addr string) error { return h.app.Listen(addr) }

// Shutdown lets in-flight requests finish, then stops the server and its sweepers.
func (h *Handler) Shutdown(ctx context.Context) error {
	err := h.app.ShutdownWithContext(ctx)
	for _, kv := range h.kv {
		kv.Close()
	}
	return err
}
