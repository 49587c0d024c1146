package web

import (
	"fmt"
	"html/template"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/importer"
	"github.com/kncu/plenary/internal/policy"
)

const (
	userLocal      = "plenary.user"
	langLocal      = "plenary.lang"
	sessionIDLocal = "plenary.session"
	flashCookie    = "plenary_flash"
	langCookie     = "plenary_lang"
)

// Page is the data every view receives: the shared parts (language, user, CSRF token,
// flash, navigation) filled in by page(), and the view's own Form, Errors and Data.
type Page struct {
	L         *i18n.Localizer
	Lang      string
	User      *domain.User
	CSRF      string
	CSRFField string
	Title     string
	Flash     string
	Nav       []NavItem
	Path      string
	RequestID string
	Unread    int // the person's unread notifications, for the header

	// The forms whose text outlives their login (see kept.go): the writer's stamp, the
	// kept text the form was filled from, and the note that says so.
	Keep, Kept, KeptNote string

	Form    any               // what the person typed, to fill the form again
	Errors  map[string]string // field -> message, shown next to the field
	Error   string            // a message for the whole form
	Current any               // on a conflict: what is saved now
	Data    any               // the view's own data
}

// NavItem is one link of the navigation bar.
type NavItem struct {
	Href   string
	Label  string
	Active bool
}

// navigation lists the links in the order they appear, each with the action it needs.
var navigation = []struct {
	href, label string
	action      policy.Action
}{
	{"/", "nav.dashboard", policy.ViewDashboard},
	{"/sessions", "nav.sessions", policy.ViewSessions},
	// Consultations.
	{"/consultations", "nav.consultations", policy.ViewConsultations},
	// Briefs.
	{"/briefs", "nav.briefs", policy.ViewBriefs},
	// Delegations.
	{"/delegations", "nav.delegations", policy.ViewDelegations},
	{"/people", "nav.people", policy.ManagePeople},
	{"/admin/users", "nav.users", policy.ManageUsers},
	{"/admin/ministries", "nav.ministries", policy.ManageMinistries},
	{"/admin/bodies", "nav.bodies", policy.ManageBodies},
	{"/admin/audit", "nav.audit", policy.ViewAudit},
	// Notifications.
	{"/admin/outbox", "nav.outbox", policy.ManageOutbox},
}

func currentUser(c *fiber.Ctx) *domain.User {
	u, _ := c.Locals(userLocal).(*domain.User)
	return u
}

// actor is the current user as the author of a change, for the audit log.
func actor(c *fiber.Ctx) domain.Actor {
	return domain.Actor{User: currentUser(c), RequestID: requestID(c)}
}

func (h *Handler) localizer(c *fiber.Ctx) *i18n.Localizer {
	lang, ok := c.Locals(langLocal).(string)
	if !ok {
		// An error before loadUser chose (the database is down): the browser's choice.
		lang = i18n.Match(c.Cookies(langCookie), c.Get(fiber.HeaderAcceptLanguage))
	}
	return h.cat.For(lang)
}

// page builds the shared data of a view titled by the catalogue id title.
func (h *Handler) page(c *fiber.Ctx, title string) *Page {
	l := h.localizer(c)
	p := &Page{
		L:         l,
		Lang:      l.Lang(),
		User:      currentUser(c),
		CSRFField: csrfField,
		Title:     l.T(title),
		Path:      c.Path(),
	}
	p.CSRF = h.csrfToken(c)
	if key, err := h.csrfKey(c.UserContext()); err == nil && p.User != nil {
		p.Keep = keepStamp(key, p.User, h.now())
		if kept := c.FormValue(keptField); c.Method() == fiber.MethodPost && keptToken.MatchString(kept) {
			p.Kept = kept
		}
	}
	p.RequestID = requestID(c)
	if f := c.Cookies(flashCookie); f != "" {
		p.Flash = readFlash(l, f)
		// Cleared with the path it was set with: a cookie cleared without it is another
		// cookie, and the browser would show the confirmation on later pages too.
		h.clearCookie(c, flashCookie)
	}
	if p.User != nil {
		p.Unread = h.unread(c, p.User)
	}
	for _, n := range navigation {
		if p.User != nil && policy.Can(p.User, n.action) {
			active := n.href == p.Path || (n.href != "/" && strings.HasPrefix(p.Path, n.href))
			p.Nav = append(p.Nav, NavItem{Href: n.href, Label: l.T(n.label), Active: active})
		}
	}
	return p
}

// render writes the view name inside the main layout.
func (h *Handler) render(c *fiber.Ctx, status int, name string, p *Page) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(status).Render(name, p, "layouts/main")
}

// redirect sends the person to path after a change, with a flash message (a catalogue
// id, and name/value pairs for its placeholders) to read there: the post-redirect-get of
// every form.
func (h *Handler) redirect(c *fiber.Ctx, path, flash string, args ...any) error {
	if flash != "" {
		v := url.Values{"m": {flash}}
		for i := 0; i+1 < len(args); i += 2 {
			v.Set(fmt.Sprint(args[i]), fmt.Sprint(args[i+1]))
		}
		c.Cookie(&fiber.Cookie{
			Name: flashCookie, Value: v.Encode(), Path: "/", HTTPOnly: true,
			Secure: h.cfg.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode,
			Expires: h.now().Add(time.Minute),
		})
	}
	return c.Redirect(path, fiber.StatusSeeOther)
}

// readFlash translates a flash cookie. Only catalogue messages are shown, so a forged
// cookie cannot put text of its own on the page.
func readFlash(l *i18n.Localizer, cookie string) string {
	v, err := url.ParseQuery(cookie)
	if err != nil || !l.Has(v.Get("m")) {
		return ""
	}
	var args []any
	for k := range v {
		if k != "m" {
			args = append(args, k, v.Get(k))
		}
	}
	return l.T(v.Get("m"), args...)
}

// localPath returns next when it is a path on this site, and "/" otherwise, so that a
// link cannot send a person elsewhere after logging in.
func localPath(next string) string {
	u, err := url.Parse(next)
	if err != nil || next == "" || u.IsAbs() || u.Host != "" || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(next, "//") || strings.Contains(next, `\`) {
		return "/"
	}
	return u.RequestURI()
}

func templateFuncs(zone *time.Location) template.FuncMap {
	funcs := template.FuncMap{
		// date shows a calendar day, as stored (dates have no time zone).
		"date": func(t any) string {
			switch v := t.(type) {
			case time.Time:
				return v.Format("2006-01-02")
			case *time.Time:
				if v != nil {
					return v.Format("2006-01-02")
				}
			}
			return ""
		},
		// datetime shows an instant in the configured time zone.
		"datetime": func(t any) string {
			switch v := t.(type) {
			case time.Time:
				return v.In(zone).Format("2006-01-02 15:04")
			case *time.Time:
				if v != nil {
					return v.In(zone).Format("2006-01-02 15:04")
				}
			}
			return ""
		},
		// uploadText is the message id in l's language, naming the limits of uploads.
		"uploadText": func(l *i18n.Localizer, id, upload string) string {
			return l.T(id, importer.LimitData(uploads[upload])...)
		},
		// marked shows a field written in Korean and in English in the reader's language,
		// or in the other with the note that says so (i18n.Localizer.Pick, as packs and
		// the book mark it).
		"marked": markedHTML,
		// dict builds the argument of a partial template from name/value pairs.
		"dict": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				k, _ := kv[i].(string)
				m[k] = kv[i+1]
			}
			return m
		},
	}
	for name, f := range rowFuncs {
		funcs[name] = f
	}
	return funcs
}

// FieldMessage is the message of one form field, in the list above the form.
type FieldMessage struct{ Field, Message string }

// ErrorList returns the messages of the form's fields in the order the form shows them:
// the order of the fields of Form, the struct the form is read into; the messages of
// fields it does not name follow, by name.
func (p *Page) ErrorList() []FieldMessage {
	out := make([]FieldMessage, 0, len(p.Errors))
	listed := make(map[string]bool, len(p.Errors))
	for _, name := range i18n.FieldOrder(p.Form) {
		if msg, ok := p.Errors[name]; ok && !listed[name] {
			out = append(out, FieldMessage{name, msg})
			listed[name] = true
		}
	}
	for _, name := range slices.Sorted(maps.Keys(p.Errors)) {
		if !listed[name] {
			out = append(out, FieldMessage{name, p.Errors[name]})
		}
	}
	return out
}

// Can reports whether the person may take the action named act, for views that show a
// link or a button only to those who may use it. The route behind it checks again.
func (p *Page) Can(act string) bool { return policy.Can(p.User, policy.Action(act)) }

// markedHTML is the text of a bilingual field in l's language or, when only the other is
// written, that text in its language followed by the note that says so.
func markedHTML(l *i18n.Localizer, en, ko string) template.HTML {
	w := &rowWriter{l: l, labels: map[string]string{}}
	w.marked(en, ko)
	return w.html()
}
