package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/helmet"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"net/http"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
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
// Every route declares the action it requires (or public) where it is registered; see
// gates.
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
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed}))
	app.Use(h.readBody)

	// Neither health checks nor assets need a login session.
	r := h.gated()
	r.get("/healthz", public, h.healthz)
	r.get("/readyz", public, h.readyz)
	r.mount("/static", public, filesystem.New(filesystem.Config{
		Root:       http.FS(views.Static),
		PathPrefix: "static",
		MaxAge:     3600,
	}))
	// Calendar programs read a person's feed without a login; the secret in the path
	// names the person.
	r.get(feedPrefix+":secret.ics", public, h.serveCalendarFeed)

	app.Use(h.loadUser)
	app.Use(h.checkCSRF)
	app.Use(h.forgetKept)

	r.get("/", policy.ViewDashboard, h.showDashboard)
	app.Get("/login", h.showLogin)
	app.Post("/login", h.login)
	app.Post("/logout", h.logout)
	r.declare(public, "GET /login", "HEAD /login", "POST /login", "POST /logout") // registered above, with their own middleware
	r.post("/lang", public, h.setLanguage)

	r.get("/sessions", policy.ViewSessions, h.showSessions)
	r.get("/sessions/new", policy.EditSessions, h.showSessionCreate)
	r.post("/sessions", policy.EditSessions, h.createSession)
	r.get("/sessions/:id", policy.ViewSessions, h.showSession)
	r.get("/sessions/:id/edit", policy.EditSessions, h.showSessionEdit)
	r.post("/sessions/:id", policy.EditSessions, h.updateSession)
	r.get("/sessions/:id/items/new", policy.EditAgenda, h.showItemCreate)
	r.post("/sessions/:id/items", policy.EditAgenda, h.createItem)
	r.get("/sessions/:id/import", policy.ImportAgenda, h.showImport)
	r.post("/sessions/:id/import", policy.ImportAgenda, h.previewImport)
	r.post("/sessions/:id/import/:token", policy.ImportAgenda, h.confirmImport)
	r.get("/sessions/:id/pack", policy.ViewSessions, h.downloadPack)
	r.get("/sessions/:id/book", policy.ViewSessions, h.downloadBook)
	r.get("/items/:id", policy.ViewSessions, h.showItem)
	r.get("/items/:id/edit", policy.EditAgenda, h.showItemEdit)
	r.post("/sessions/:id/items/bulk", policy.EditAgenda, h.bulkUpdateItems)
	r.post("/items/:id", policy.EditAgenda, h.updateItem)
	r.post("/items/:id/previous", policy.EditAgenda, h.linkPrevious)
	r.get("/search", policy.Search, h.showSearch)

	// Consultations.
	r.get("/consultations", policy.ViewConsultations, h.showConsultations)
	r.get("/consultations/tracker", policy.ExportTracker, h.downloadTracker)
	r.get("/consultations/upload", policy.UploadTracker, h.showTrackerUpload)
	r.post("/consultations/upload", policy.UploadTracker, h.previewTrackerUpload)
	r.post("/consultations/upload/:token", policy.UploadTracker, h.confirmTrackerUpload)
	r.get("/consultations/:id", policy.ViewConsultations, h.showConsultation)
	r.post("/consultations/:id/answer", policy.AnswerConsultations, h.answerConsultation)
	r.post("/consultations/:id/close", policy.ManageConsultations, h.closeConsultation)
	r.post("/consultations/:id/send-back", policy.ManageConsultations, h.sendBackConsultation)
	r.post("/consultations/:id/withdraw", policy.ManageConsultations, h.withdrawConsultation)
	r.get("/sessions/:id/consultations", policy.ViewConsultations, h.showSessionConsultations)
	r.get("/sessions/:id/consultations/new", policy.RequestConsultations, h.showConsultationAsk)
	r.post("/sessions/:id/consultations", policy.RequestConsultations, h.askConsultations)
	r.post("/sessions/:id/consultations/close", policy.ManageConsultations, h.closeConsultations)
	r.get("/items/:id/consultations/new", policy.RequestConsultations, h.showConsultationCreate)
	r.post("/items/:id/consultations", policy.RequestConsultations, h.createConsultations)
	// (end of consultations)

	// Briefs.
	r.get("/briefs", policy.ViewBriefs, h.showBriefs)
	r.get("/sessions/:id/briefs", policy.ViewBriefs, h.showSessionBriefs)
	r.get("/items/:id/brief", policy.EditBriefs, h.showBriefEdit)
	r.post("/items/:id/brief", policy.StepAction(domain.StepSave), h.saveBrief)
	r.get("/items/:id/brief/history", policy.ViewBriefHistory, h.showBriefHistory)
	r.get("/items/:id/brief/diff", policy.ViewBriefHistory, h.showBriefDiff)
	r.get("/items/:id/brief/review", policy.ReviewBriefs, h.showBriefReview)
	r.post("/items/:id/brief/review", policy.StepAction(domain.StepReview), h.reviewBrief)
	r.post("/items/:id/brief/submit", policy.StepAction(domain.StepSubmit), h.submitBrief)
	r.get("/items/:id/brief/approve", policy.StepAction(domain.StepApprove), h.showBriefApprove)
	r.post("/items/:id/brief/approve", policy.StepAction(domain.StepApprove), h.approveBrief)
	r.get("/items/:id/brief/override", policy.StepAction(domain.StepOverride), h.showBriefOverride)
	r.post("/items/:id/brief/override", policy.StepAction(domain.StepOverride), h.overrideBrief)
	r.get("/items/:id/brief/finalise", policy.StepAction(domain.StepFinalise), h.showBriefFinalise)
	r.post("/items/:id/brief/finalise", policy.StepAction(domain.StepFinalise), h.finaliseBrief)
	r.get("/items/:id/brief/reopen", policy.StepAction(domain.StepReopen), h.showBriefReopen)
	r.post("/items/:id/brief/reopen", policy.StepAction(domain.StepReopen), h.reopenBrief)
	// (end of briefs)

	// Delegations.
	r.get("/delegations", policy.ViewDelegations, h.showDelegations)
	r.get("/people", policy.ManagePeople, h.showPeople)
	r.get("/people/new", policy.ManagePeople, h.showPersonCreate)
	r.post("/people", policy.ManagePeople, h.createPerson)
	r.get("/people/:id", policy.ManagePeople, h.showPerson)
	r.get("/people/:id/edit", policy.ManagePeople, h.showPersonEdit)
	r.post("/people/:id", policy.ManagePeople, h.updatePerson)
	r.get("/sessions/:id/delegation", policy.ViewDelegations, h.showDelegation)
	r.get("/sessions/:id/delegation/new", policy.EditDelegations, h.showMemberCreate)
	r.post("/sessions/:id/delegation", policy.EditDelegations, h.createMember)
	r.post("/sessions/:id/delegation/coverage", policy.EditDelegations, h.saveCoverageMatrix)
	r.get("/sessions/:id/accreditation", policy.ViewAccreditation, h.downloadAccreditation)
	r.get("/sessions/:id/attendance", policy.RecordAttendance, h.showAttendance)
	r.post("/sessions/:id/attendance", policy.RecordAttendance, h.saveAttendance)
	r.get("/members/:id", policy.ViewDelegations, h.showMember)
	r.get("/members/:id/edit", policy.EditDelegations, h.showMemberEdit)
	r.post("/members/:id", policy.EditDelegations, h.updateMember)
	r.post("/members/:id/remove", policy.EditDelegations, h.removeMember)
	r.post("/members/:id/coverage", policy.EditDelegations, h.saveCoverage)
	r.get("/members/:id/checkin", policy.CheckIn, h.showCheckIn)
	r.post("/members/:id/checkin", policy.CheckIn, h.checkIn)
	// (end of delegations)

	// Calendar.
	r.get("/account/calendar", policy.KeepCalendarFeed, h.showCalendar)
	r.post("/account/calendar", policy.KeepCalendarFeed, h.newCalendarFeed)
	// (end of calendar)

	// Notifications.
	r.get("/notifications", policy.ViewNotifications, h.showNotifications)
	r.post("/notifications/read", policy.ViewNotifications, h.markAllRead)
	r.post("/notifications/:id/read", policy.ViewNotifications, h.markRead)
	r.get("/notifications/settings", policy.ViewNotifications, h.showNotificationSettings)
	r.post("/notifications/settings", policy.ViewNotifications, h.saveNotificationSettings)
	// (end of notifications)

	// Files.
	r.get("/files/:id", policy.ViewFiles, h.downloadFile)
	r.post("/files/:id/versions", policy.AttachFiles, h.uploadFileVersion)
	r.post("/files/:id/remove", policy.RemoveFiles, h.removeFile)
	r.post("/files/:id/remove-version", policy.RemoveFiles, h.removeFileVersion)
	r.post("/items/:id/files", policy.AttachFiles, h.uploadItemDocument)
	r.post("/items/:id/brief/files", policy.AttachFiles, h.uploadBriefAnnex)
	r.post("/consultations/:id/files", policy.AttachFiles, h.uploadConsultationFile)
	// (end of files)

	// The administration pages are the administrator's as a whole, whatever each declares.
	admin := r.group("/admin", policy.Administer)
	admin.get("/users", policy.ManageUsers, h.showUsers)
	admin.get("/users/new", policy.ManageUsers, h.showUserCreate)
	admin.post("/users", policy.ManageUsers, h.createUser)
	admin.get("/users/:id/edit", policy.ManageUsers, h.showUserEdit)
	admin.post("/users/:id", policy.ManageUsers, h.updateUser)
	admin.post("/users/:id/disable", policy.ManageUsers, h.disableUser)
	admin.post("/users/:id/enable", policy.ManageUsers, h.enableUser)
	admin.post("/users/:id/password", policy.ManageUsers, h.resetPassword)
	admin.get("/ministries", policy.ManageMinistries, h.showMinistries)
	admin.get("/ministries/new", policy.ManageMinistries, h.showMinistryCreate)
	admin.post("/ministries", policy.ManageMinistries, h.createMinistry)
	admin.get("/ministries/:id/edit", policy.ManageMinistries, h.showMinistryEdit)
	admin.post("/ministries/:id", policy.ManageMinistries, h.updateMinistry)
	admin.get("/organisations", policy.ManageMinistries, h.showOrganisations)
	admin.get("/organisations/new", policy.ManageMinistries, h.showOrganisationCreate)
	admin.post("/organisations", policy.ManageMinistries, h.createOrganisation)
	admin.get("/organisations/:id/edit", policy.ManageMinistries, h.showOrganisationEdit)
	admin.post("/organisations/:id", policy.ManageMinistries, h.updateOrganisation)
	admin.get("/bodies", policy.ManageBodies, h.showBodies)
	admin.get("/bodies/new", policy.ManageBodies, h.showBodyCreate)
	admin.post("/bodies", policy.ManageBodies, h.createBody)
	admin.get("/bodies/:id/edit", policy.ManageBodies, h.showBodyEdit)
	admin.post("/bodies/:id", policy.ManageBodies, h.updateBody)
	admin.get("/audit", policy.ViewAudit, h.showAudit)
	admin.get("/outbox", policy.ManageOutbox, h.showOutbox)
	admin.post("/outbox/:id/retry", policy.ManageOutbox, h.retryMail)

	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}
