package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/helmet"
	"github.com/gofiber/fiber/v2/middleware/limiter"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"net/http"

	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/views"
)

const (
	sessionCookie = "plenary_session"
	csrfCookie    = "plenary_csrf"
	csrfField     = "_csrf"
)

// contentSecurityPolicy allows nothing but Plenary's own assets: no inline script, no
// third-party host, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"

// routes lists every middleware and route of the application, in the order they apply.
func (h *Handler) routes() {
	app := h.app
	app.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: h.logPanic}))
	app.Use(h.assignRequestID)
	app.Use(h.withDeadline)
	app.Use(h.logRequests)
	app.Use(helmet.New(helmet.Config{
		ContentSecurityPolicy: contentSecurityPolicy,
		ReferrerPolicy:        "same-origin",
		HSTSMaxAge:            31536000,
		PermissionPolicy:      "camera=(), microphone=(), geolocation=()",
	}))

	// Neither health checks nor assets need a login session.
	app.Get("/healthz", h.healthz)
	app.Get("/readyz", h.readyz)
	app.Use("/static", filesystem.New(filesystem.Config{
		Root:       http.FS(views.Static),
		PathPrefix: "static",
		MaxAge:     3600,
	}))

	app.Use(h.loadUser)
	app.Use(csrf.New(csrf.Config{
		Session:        h.sessions,
		SessionKey:     "csrf",
		KeyLookup:      "form:" + csrfField,
		Extractor:      csrfFromFormOrHeader,
		CookieName:     csrfCookie,
		CookieSecure:   h.cfg.SecureCookies,
		CookieHTTPOnly: true,
		CookieSameSite: fiber.CookieSameSiteLaxMode,
		Expiration:     h.cfg.AbsoluteTimeout,
		ContextKey:     csrfLocal,
		ErrorHandler:   h.csrfFailed,
	}))

	app.Get("/", h.showDashboard)
	app.Get("/login", h.showLogin)
	app.Post("/login", limiter.New(limiter.Config{
		Max:                    h.cfg.LoginAttempts,
		Expiration:             h.cfg.LoginWindow,
		SkipSuccessfulRequests: true,
		Storage:                h.rateLimitStorage(),
		KeyGenerator:           func(c *fiber.Ctx) string { return "login:" + c.IP() },
		LimitReached:           h.loginLimited,
	}), h.login)
	app.Post("/logout", h.logout)
	app.Post("/lang", h.setLanguage)

	app.Get("/sessions", h.showSessions)
	app.Get("/sessions/new", h.showSessionCreate)
	app.Post("/sessions", h.createSession)
	app.Get("/sessions/:id", h.showSession)
	app.Get("/sessions/:id/edit", h.showSessionEdit)
	app.Post("/sessions/:id", h.updateSession)
	app.Get("/sessions/:id/items/new", h.showItemCreate)
	app.Post("/sessions/:id/items", h.createItem)
	app.Get("/sessions/:id/import", h.showImport)
	app.Post("/sessions/:id/import", h.previewImport)
	app.Post("/sessions/:id/import/:token", h.confirmImport)
	app.Get("/sessions/:id/pack", h.downloadPack)
	app.Get("/items/:id", h.showItem)
	app.Get("/items/:id/edit", h.showItemEdit)
	app.Post("/items/:id", h.updateItem)
	app.Post("/items/:id/previous", h.linkPrevious)
	app.Get("/search", h.showSearch)

	// Consultations.
	app.Get("/consultations", h.showConsultations)
	app.Get("/consultations/tracker", h.downloadTracker)
	app.Get("/consultations/upload", h.showTrackerUpload)
	app.Post("/consultations/upload", h.previewTrackerUpload)
	app.Post("/consultations/upload/:token", h.confirmTrackerUpload)
	app.Get("/consultations/:id", h.showConsultation)
	app.Post("/consultations/:id/answer", h.answerConsultation)
	app.Post("/consultations/:id/close", h.closeConsultation)
	app.Post("/consultations/:id/send-back", h.sendBackConsultation)
	app.Post("/consultations/:id/withdraw", h.withdrawConsultation)
	app.Get("/sessions/:id/consultations", h.showSessionConsultations)
	app.Get("/items/:id/consultations/new", h.showConsultationCreate)
	app.Post("/items/:id/consultations", h.createConsultations)
	// (end of consultations)

	// Briefs.
	app.Get("/briefs", h.showBriefs)
	app.Get("/sessions/:id/briefs", h.showSessionBriefs)
	app.Get("/items/:id/brief", h.showBriefEdit)
	app.Post("/items/:id/brief", h.saveBrief)
	app.Get("/items/:id/brief/history", h.showBriefHistory)
	app.Get("/items/:id/brief/diff", h.showBriefDiff)
	app.Get("/items/:id/brief/review", h.showBriefReview)
	app.Post("/items/:id/brief/review", h.reviewBrief)
	app.Post("/items/:id/brief/submit", h.submitBrief)
	app.Post("/items/:id/brief/approve", h.approveBrief)
	app.Get("/items/:id/brief/override", h.showBriefOverride)
	app.Post("/items/:id/brief/override", h.overrideBrief)
	app.Post("/items/:id/brief/finalise", h.finaliseBrief)
	app.Get("/items/:id/brief/reopen", h.showBriefReopen)
	app.Post("/items/:id/brief/reopen", h.reopenBrief)
	// (end of briefs)

	// Delegations.
	app.Get("/delegations", h.showDelegations)
	app.Get("/people", h.showPeople)
	app.Get("/people/new", h.showPersonCreate)
	app.Post("/people", h.createPerson)
	app.Get("/people/:id", h.showPerson)
	app.Get("/people/:id/edit", h.showPersonEdit)
	app.Post("/people/:id", h.updatePerson)
	app.Get("/sessions/:id/delegation", h.showDelegation)
	app.Get("/sessions/:id/delegation/new", h.showMemberCreate)
	app.Post("/sessions/:id/delegation", h.createMember)
	app.Get("/sessions/:id/attendance", h.showAttendance)
	app.Post("/sessions/:id/attendance", h.saveAttendance)
	app.Get("/members/:id", h.showMember)
	app.Get("/members/:id/edit", h.showMemberEdit)
	app.Post("/members/:id", h.updateMember)
	app.Post("/members/:id/remove", h.removeMember)
	app.Post("/members/:id/coverage", h.saveCoverage)
	app.Get("/members/:id/checkin", h.showCheckIn)
	app.Post("/members/:id/checkin", h.checkIn)
	// (end of delegations)

	admin := app.Group("/admin")
	admin.Get("/users", h.showUsers)
	admin.Get("/users/new", h.showUserCreate)
	admin.Post("/users", h.createUser)
	admin.Get("/users/:id/edit", h.showUserEdit)
	admin.Post("/users/:id", h.updateUser)
	admin.Post("/users/:id/disable", h.disableUser)
	admin.Post("/users/:id/enable", h.enableUser)
	admin.Post("/users/:id/password", h.resetPassword)
	admin.Get("/ministries", h.showMinistries)
	admin.Get("/ministries/new", h.showMinistryCreate)
	admin.Post("/ministries", h.createMinistry)
	admin.Get("/ministries/:id/edit", h.showMinistryEdit)
	admin.Post("/ministries/:id", h.updateMinistry)
	admin.Get("/bodies", h.showBodies)
	admin.Get("/bodies/new", h.showBodyCreate)
	admin.Post("/bodies", h.createBody)
	admin.Get("/bodies/:id/edit", h.showBodyEdit)
	admin.Post("/bodies/:id", h.updateBody)
	admin.Get("/audit", h.showAudit)

	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}

func (h *Handler) rateLimitStorage() fiber.Storage {
	kv := store.NewKV(h.store.DB(), "rate_limits", 10*time.Minute)
	h.kv = append(h.kv, kv)
	return kv
}

// csrfFromFormOrHeader takes the token from the form, or from the X-CSRF-Token header
// for scripts that post without a form.
func csrfFromFormOrHeader(c *fiber.Ctx) (string, error) {
	if t := c.FormValue(csrfField); t != "" {
		return t, nil
	}
	if t := c.Get("X-CSRF-Token"); t != "" {
		return t, nil
	}
	return "", csrf.ErrTokenNotFound
}
