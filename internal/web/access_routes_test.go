package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/kncu/plenary/internal/domain"
)

// matrixRoute is one route of the application (method and path as routes.go registers
// it), a request of it on the fixture, and the status each role gets. Anonymous is left
// out for a route behind a gate: nobody is sent to the login page from a GET and refused
// with 401 from a POST. A refusal must come from who asks, never from what they send, so
// every form is one the person allowed would have sent.
type matrixRoute struct {
	method, route string
	path          func(f *fixture) string
	form          func(f *fixture) url.Values
	want          map[string]int
	ownClient     bool // the request ends the client's login session
}

// who lists the statuses of the logged-in roles.
func who(admin, staff, own, other, on, off int) map[string]int {
	return map[string]int{"Admin": admin, "Staff": staff, "LiaisonOwn": own, "LiaisonOther": other, "DelegateOn": on, "DelegateOff": off}
}

func everyone(status int) map[string]int { return who(status, status, status, status, status, status) }
func staffOnly(status int) map[string]int {
	return who(status, status, http.StatusForbidden, http.StatusForbidden, http.StatusForbidden, http.StatusForbidden)
}
func adminOnly(status int) map[string]int {
	m := staffOnly(http.StatusForbidden)
	m["Admin"] = status
	return m
}

// open lists the statuses of a public route, anonymous visitors included.
func open(anonymous int, others map[string]int) map[string]int {
	others["Anonymous"] = anonymous
	return others
}

const (
	ok        = http.StatusOK
	seeOther  = http.StatusSeeOther
	forbidden = http.StatusForbidden
	notFound  = http.StatusNotFound
	invalid   = http.StatusUnprocessableEntity
)

func at(path string) func(*fixture) string { return func(*fixture) string { return path } }

func (f *fixture) sesPath(rest string) string { return fmt.Sprintf("/sessions/%d%s", f.ses.ID, rest) }

func sesAt(rest string) func(*fixture) string {
	return func(f *fixture) string { return f.sesPath(rest) }
}

func itemAt(pick func(*fixture) int64, rest string) func(*fixture) string {
	return func(f *fixture) string { return fmt.Sprintf("/items/%d%s", pick(f), rest) }
}

func mainItem(f *fixture) int64   { return f.item }
func reviewItem(f *fixture) int64 { return f.reviewItem }
func finalItem(f *fixture) int64  { return f.finalItem }

// freshBrief makes a fresh item whose brief is in status, remembered for the form.
func freshBrief(status string) func(*fixture) int64 {
	return func(f *fixture) int64 { f.last = f.briefIn(status, "Fresh brief text"); return f.last }
}

func freshItem(f *fixture) int64 { f.last = f.freshItem(); return f.last }

// consultationAt is the path of a fresh consultation of the ministry, answered or not.
func consultationAt(answered bool, rest string) func(*fixture) string {
	return func(f *fixture) string {
		f.last = f.freshConsultation(answered)
		return fmt.Sprintf("/consultations/%d%s", f.last, rest)
	}
}

func memberAt(pick func(*fixture) int64, rest string) func(*fixture) string {
	return func(f *fixture) string { return fmt.Sprintf("/members/%d%s", pick(f), rest) }
}

func adminAt(format string, pick func(*fixture) int64) func(*fixture) string {
	return func(f *fixture) string { return fmt.Sprintf(format, pick(f)) }
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// versionForm is a form that carries only the version of row id of table.
func versionForm(table string, pick func(*fixture) int64) func(*fixture) url.Values {
	return func(f *fixture) url.Values { return url.Values{"version": {f.app.version(table, pick(f))}} }
}

func lastBriefForm(reason string) func(*fixture) url.Values {
	return func(f *fixture) url.Values { return stepForm(f.app.brief(f.last), reason) }
}

// confirmedBriefForm is the form of a step taken on its own page with its confirmation
// ticked, on the brief last made.
func confirmedBriefForm(f *fixture) url.Values { return confirmed(stepForm(f.app.brief(f.last), "")) }

const anyToken = "abababababababababababababababababababababababababababababababab"

var matrixRoutes = []matrixRoute{
	// Public.
	{method: "GET", route: "/healthz", path: at("/healthz"), want: open(ok, everyone(ok))},
	{method: "GET", route: "/readyz", path: at("/readyz"), want: open(ok, everyone(ok))},
	{method: "GET", route: "/login", path: at("/login"), want: open(ok, everyone(seeOther))},
	{method: "POST", route: "/login", path: at("/login"), form: func(*fixture) url.Values {
		return url.Values{"email": {""}, "password": {""}}
	}, want: open(invalid, everyone(invalid))},
	{method: "POST", route: "/logout", path: at("/logout"), want: open(seeOther, everyone(seeOther)), ownClient: true},
	{method: "POST", route: "/lang", path: at("/lang"), form: func(*fixture) url.Values {
		return url.Values{"lang": {"en"}, "back": {"/"}}
	}, want: open(seeOther, everyone(seeOther))},

	// Sessions and agenda.
	{method: "GET", route: "/", path: at("/"), want: everyone(ok)},
	{method: "GET", route: "/sessions", path: at("/sessions"), want: everyone(ok)},
	{method: "GET", route: "/sessions/new", path: at("/sessions/new"), want: staffOnly(ok)},
	{method: "POST", route: "/sessions", path: at("/sessions"), form: func(f *fixture) url.Values {
		return url.Values{"body_id": {id(f.app.body("EX").ID)}, "number": {strconv.Itoa(910 + f.fresh())}, "title_en": {"Fresh session"},
			"starts_on": {inFuture(30)}, "ends_on": {inFuture(35)}, "status": {"planning"}}
	}, want: staffOnly(seeOther)},
	{method: "GET", route: "/sessions/:id", path: sesAt(""), want: who(ok, ok, ok, ok, ok, notFound)},
	{method: "GET", route: "/sessions/:id/edit", path: sesAt("/edit"), want: staffOnly(ok)},
	{method: "POST", route: "/sessions/:id", path: sesAt(""), form: func(f *fixture) url.Values {
		s, err := f.app.Store.Session(context.Background(), domain.Scope{All: true}, f.ses.ID)
		if err != nil {
			f.app.t.Fatal(err)
		}
		return url.Values{"body_id": {id(s.BodyID)}, "number": {strconv.Itoa(s.Number)}, "title_ko": {s.TitleKO}, "title_en": {s.TitleEN}, "venue": {s.Venue},
			"starts_on": {s.StartsOn.Format(time.DateOnly)}, "ends_on": {s.EndsOn.Format(time.DateOnly)}, "status": {string(s.Status)},
			"version": {strconv.Itoa(s.Version)}}
	}, want: staffOnly(seeOther)},
	{method: "GET", route: "/sessions/:id/items/new", path: sesAt("/items/new"), want: staffOnly(ok)},
	{method: "POST", route: "/sessions/:id/items", path: sesAt("/items"), form: func(f *fixture) url.Values {
		return url.Values{"number": {fmt.Sprintf("80.%d", f.fresh())}, "title_en": {"Item added by a form"},
			"lead_ministry_id": {id(f.app.ministry("MOF").ID)}, "priority": {"normal"}, "status": {"new"}}
	}, want: staffOnly(seeOther)},
	{method: "POST", route: "/sessions/:id/items/bulk", path: sesAt("/items/bulk"), form: func(f *fixture) url.Values {
		a, b := f.freshItem(), f.freshItem()
		return url.Values{"item": {id(a) + ":" + f.app.version("agenda_items", a), id(b) + ":" + f.app.version("agenda_items", b)},
			"priority": {"high"}, "status": {"in_progress"}}
	}, want: staffOnly(seeOther)},
	{method: "GET", route: "/sessions/:id/import", path: sesAt("/import"), want: staffOnly(ok)},
	{method: "POST", route: "/sessions/:id/import", path: sesAt("/import"), want: staffOnly(invalid)},
	{method: "POST", route: "/sessions/:id/import/:token", path: sesAt("/import/" + anyToken), want: staffOnly(notFound)},
	{method: "GET", route: "/sessions/:id/pack", path: sesAt("/pack?lang=en"), want: who(ok, ok, ok, ok, ok, notFound)},
	{method: "GET", route: "/sessions/:id/book", path: sesAt("/book?lang=en"), want: who(ok, ok, ok, ok, ok, notFound)},
	{method: "GET", route: "/items/:id", path: itemAt(mainItem, ""), want: who(ok, ok, ok, notFound, ok, notFound)},
	{method: "GET", route: "/items/:id/edit", path: itemAt(mainItem, "/edit"), want: staffOnly(ok)},
	{method: "POST", route: "/items/:id", path: itemAt(mainItem, ""), form: func(f *fixture) url.Values {
		return url.Values{"number": {"1"}, "title_en": {secretItem}, "lead_ministry_id": {id(f.app.ministry("MOE").ID)},
			"priority": {"normal"}, "status": {"new"}, "version": {f.app.version("agenda_items", f.item)}}
	}, want: staffOnly(seeOther)},
	{method: "POST", route: "/items/:id/previous", path: itemAt(mainItem, "/previous"), form: func(f *fixture) url.Values {
		return url.Values{"previous_item_id": {"0"}, "version": {f.app.version("agenda_items", f.item)}}
	}, want: staffOnly(seeOther)},
	{method: "GET", route: "/search", path: at("/search?q=Zephyr"), want: everyone(ok)},

	// Consultations.
	{method: "GET", route: "/consultations", path: at("/consultations?status="), want: who(ok, ok, ok, ok, forbidden, forbidden)},
	{method: "GET", route: "/consultations/tracker", path: func(f *fixture) string {
		return "/consultations/tracker?ministry=" + id(f.app.ministry("MOE").ID)
	}, want: who(ok, ok, ok, forbidden, forbidden, forbidden)},
	{method: "GET", route: "/consultations/upload", path: func(f *fixture) string {
		return "/consultations/upload?ministry=" + id(f.app.ministry("MOE").ID)
	}, want: who(ok, ok, ok, forbidden, forbidden, forbidden)},
	{method: "POST", route: "/consultations/upload", path: at("/consultations/upload"), form: func(f *fixture) url.Values {
		return url.Values{"ministry_id": {id(f.app.ministry("MOE").ID)}}
	}, want: who(invalid, invalid, invalid, forbidden, forbidden, forbidden)},
	{method: "POST", route: "/consultations/upload/:token", path: at("/consultations/upload/" + anyToken),
		want: who(notFound, notFound, notFound, notFound, forbidden, forbidden)},
	{method: "GET", route: "/consultations/:id", path: func(f *fixture) string { return "/consultations/" + id(f.cons) },
		want: who(ok, ok, ok, notFound, forbidden, forbidden)},
	{method: "POST", route: "/consultations/:id/answer", path: consultationAt(false, "/answer"), form: func(f *fixture) url.Values {
		return url.Values{"answer": {"The ministry's answer"}, "version": {strconv.Itoa(f.app.consultation(f.last).Version)}}
	}, want: who(forbidden, forbidden, seeOther, notFound, forbidden, forbidden)},
	{method: "POST", route: "/consultations/:id/close", path: consultationAt(true, "/close"), form: func(f *fixture) url.Values {
		return url.Values{"version": {strconv.Itoa(f.app.consultation(f.last).Version)}}
	}, want: staffOnly(seeOther)},
	{method: "POST", route: "/consultations/:id/send-back", path: consultationAt(true, "/send-back"), form: func(f *fixture) url.Values {
		return url.Values{"return_comment": {"Please say more"}, "due_on": {inFuture(5)},
			"version": {strconv.Itoa(f.app.consultation(f.last).Version)}}
	}, want: staffOnly(seeOther)},
	{method: "POST", route: "/consultations/:id/withdraw", path: consultationAt(false, "/withdraw"), form: func(f *fixture) url.Values {
		return url.Values{"version": {strconv.Itoa(f.app.consultation(f.last).Version)}}
	}, want: staffOnly(seeOther)},
	{method: "GET", route: "/sessions/:id/consultations", path: sesAt("/consultations"), want: who(ok, ok, ok, ok, forbidden, forbidden)},
	{method: "GET", route: "/sessions/:id/consultations/new", path: sesAt("/consultations/new"), want: staffOnly(ok)},
	{method: "POST", route: "/sessions/:id/consultations", path: sesAt("/consultations"), form: func(f *fixture) url.Values {
		return url.Values{"item_ids": {id(f.freshItem()), id(f.freshItem())}, "ministry_ids": {id(f.app.ministry("MOF").ID), id(f.app.ministry("MOE").ID)},
			"question": {"A fresh question on both"}, "due_on": {inFuture(7)}}
	}, want: staffOnly(seeOther)},
	{method: "POST", route: "/sessions/:id/consultations/close", path: sesAt("/consultations/close"), form: func(f *fixture) url.Values {
		a, b := f.freshConsultation(true), f.freshConsultation(true)
		return url.Values{"consultation": {id(a) + ":" + strconv.Itoa(f.app.consultation(a).Version), id(b) + ":" + strconv.Itoa(f.app.consultation(b).Version)}}
	}, want: staffOnly(seeOther)},
	{method: "GET", route: "/items/:id/consultations/new", path: itemAt(mainItem, "/consultations/new"), want: staffOnly(ok)},
	{method: "POST", route: "/items/:id/consultations", path: itemAt(freshItem, "/consultations"), form: func(f *fixture) url.Values {
		return url.Values{"ministry_ids": {id(f.app.ministry("MOF").ID)}, "question": {"A fresh question"}, "due_on": {inFuture(7)}}
	}, want: staffOnly(seeOther)},

	// Briefs.
	{method: "GET", route: "/briefs", path: at("/briefs"), want: everyone(ok)},
	{method: "GET", route: "/sessions/:id/briefs", path: sesAt("/briefs"), want: who(ok, ok, ok, ok, ok, notFound)},
	{method: "GET", route: "/items/:id/brief", path: itemAt(mainItem, "/brief"), want: staffOnly(ok)},
	{method: "POST", route: "/items/:id/brief", path: itemAt(freshItem, "/brief"), form: func(*fixture) url.Values {
		return briefForm(nil, "A fresh position")
	}, want: staffOnly(seeOther)},
	{method: "GET", route: "/items/:id/brief/history", path: itemAt(mainItem, "/brief/history"),
		want: who(ok, ok, ok, notFound, forbidden, forbidden)},
	{method: "GET", route: "/items/:id/brief/diff", path: itemAt(mainItem, "/brief/diff"),
		want: who(ok, ok, ok, notFound, forbidden, forbidden)},
	{method: "GET", route: "/items/:id/brief/review", path: itemAt(reviewItem, "/brief/review"),
		want: who(forbidden, forbidden, ok, notFound, forbidden, forbidden)},
	{method: "POST", route: "/items/:id/brief/review", path: itemAt(freshBrief("review"), "/brief/review"), form: func(f *fixture) url.Values {
		return url.Values{"verdict": {"concur"}, "revision_id": {id(f.app.brief(f.last).CurrentRevisionID)}}
	}, want: who(forbidden, forbidden, seeOther, notFound, forbidden, forbidden)},
	{method: "POST", route: "/items/:id/brief/submit", path: itemAt(freshBrief("draft"), "/brief/submit"), form: lastBriefForm(""),
		want: staffOnly(seeOther)},
	{method: "GET", route: "/items/:id/brief/approve", path: itemAt(freshBrief("reviewed"), "/brief/approve"), want: staffOnly(ok)},
	{method: "POST", route: "/items/:id/brief/approve", path: itemAt(freshBrief("reviewed"), "/brief/approve"), form: confirmedBriefForm,
		want: staffOnly(seeOther)},
	{method: "GET", route: "/items/:id/brief/override", path: itemAt(reviewItem, "/brief/override"), want: staffOnly(ok)},
	{method: "POST", route: "/items/:id/brief/override", path: itemAt(freshBrief("review"), "/brief/override"),
		form: lastBriefForm("The ministry is away"), want: staffOnly(seeOther)},
	{method: "GET", route: "/items/:id/brief/finalise", path: itemAt(freshBrief("approved"), "/brief/finalise"), want: staffOnly(ok)},
	{method: "POST", route: "/items/:id/brief/finalise", path: itemAt(freshBrief("approved"), "/brief/finalise"), form: confirmedBriefForm,
		want: staffOnly(seeOther)},
	{method: "GET", route: "/items/:id/brief/reopen", path: itemAt(finalItem, "/brief/reopen"), want: staffOnly(ok)},
	{method: "POST", route: "/items/:id/brief/reopen", path: itemAt(freshBrief("final"), "/brief/reopen"),
		form: lastBriefForm("The draft decision changed"), want: staffOnly(seeOther)},

	// Delegations.
	{method: "GET", route: "/delegations", path: at("/delegations"), want: everyone(ok)},
	{method: "GET", route: "/people", path: at("/people"), want: staffOnly(ok)},
	{method: "GET", route: "/people/new", path: at("/people/new"), want: staffOnly(ok)},
	{method: "POST", route: "/people", path: at("/people"), form: func(f *fixture) url.Values {
		return url.Values{"name_en": {fmt.Sprintf("Fresh Person %d", f.fresh())}, "organisation": {"KIOST"}, "create_anyway": {"true"}}
	}, want: staffOnly(seeOther)},
	{method: "GET", route: "/people/:id", path: func(f *fixture) string { return "/people/" + id(f.person) }, want: staffOnly(ok)},
	{method: "GET", route: "/people/:id/edit", path: func(f *fixture) string { return "/people/" + id(f.person) + "/edit" }, want: staffOnly(ok)},
	{method: "POST", route: "/people/:id", path: func(f *fixture) string { return "/people/" + id(f.person) }, form: func(f *fixture) url.Values {
		return url.Values{"name_en": {secretPerson}, "organisation": {"Ministry of Education"}, "ministry_id": {id(f.app.ministry("MOE").ID)},
			"version": {f.app.version("people", f.person)}}
	}, want: staffOnly(seeOther)},
	{method: "GET", route: "/sessions/:id/delegation", path: sesAt("/delegation"), want: who(ok, ok, ok, ok, ok, notFound)},
	{method: "GET", route: "/sessions/:id/delegation/new", path: sesAt("/delegation/new"), want: staffOnly(ok)},
	{method: "POST", route: "/sessions/:id/delegation", path: sesAt("/delegation"), form: func(f *fixture) url.Values {
		return url.Values{"person_id": {id(f.app.freshPerson())}, "role": {"expert"}, "accreditation": {"pending"}}
	}, want: staffOnly(seeOther)},
	{method: "POST", route: "/sessions/:id/delegation/coverage", path: sesAt("/delegation/coverage"), form: func(f *fixture) url.Values {
		return url.Values{"shown": {id(f.item)}, "member": {id(f.member) + ":" + f.app.version("delegation_members", f.member)},
			"cover": {id(f.member) + ":" + id(f.item)}}
	}, want: staffOnly(seeOther)},
	{method: "GET", route: "/sessions/:id/accreditation", path: sesAt("/accreditation"), want: staffOnly(ok)},
	{method: "GET", route: "/sessions/:id/attendance", path: sesAt("/attendance"), want: staffOnly(ok)},
	{method: "POST", route: "/sessions/:id/attendance", path: sesAt("/attendance"), form: func(f *fixture) url.Values {
		day := f.today()
		key := fmt.Sprintf("%d_%s", f.member, day.Format("20060102"))
		return url.Values{"s_" + key: {"present"}, "n_" + key: {""}, "v_" + key: {f.app.attendanceVersion(f.member, day.Format(time.DateOnly))}}
	}, want: staffOnly(seeOther)},
	{method: "GET", route: "/members/:id", path: memberAt(func(f *fixture) int64 { return f.member }, ""),
		want: who(ok, ok, ok, notFound, ok, notFound)},
	{method: "GET", route: "/members/:id/edit", path: memberAt(func(f *fixture) int64 { return f.member }, "/edit"), want: staffOnly(ok)},
	{method: "POST", route: "/members/:id", path: memberAt(func(f *fixture) int64 { return f.member }, ""), form: func(f *fixture) url.Values {
		return url.Values{"person_id": {id(f.person)}, "role": {"delegate"}, "accreditation": {"pending"}, "member_notes": {secretNote},
			"version": {f.app.version("delegation_members", f.member)}}
	}, want: staffOnly(seeOther)},
	{method: "POST", route: "/members/:id/remove", path: memberAt(func(f *fixture) int64 { f.last = f.freshMember(); return f.last }, "/remove"),
		form: versionForm("delegation_members", func(f *fixture) int64 { return f.last }), want: staffOnly(seeOther)},
	{method: "POST", route: "/members/:id/coverage", path: memberAt(func(f *fixture) int64 { return f.member }, "/coverage"), form: func(f *fixture) url.Values {
		return url.Values{"item_id": {id(f.item)}, "version": {f.app.version("delegation_members", f.member)}}
	}, want: staffOnly(seeOther)},
	{method: "GET", route: "/members/:id/checkin", path: memberAt(func(f *fixture) int64 { return f.self }, "/checkin"),
		want: who(forbidden, forbidden, forbidden, forbidden, ok, notFound)},
	{method: "POST", route: "/members/:id/checkin", path: memberAt(func(f *fixture) int64 { return f.self }, "/checkin"), form: func(f *fixture) url.Values {
		return url.Values{"status": {"present"}, "day": {f.today().Format(time.DateOnly)}}
	}, want: who(forbidden, forbidden, forbidden, forbidden, seeOther, notFound)},

	// Calendar: a link that opens no feed answers 404 to everyone alike.
	{method: "GET", route: "/calendar/:secret.ics", path: at("/calendar/" + anyToken + ".ics"), want: open(notFound, everyone(notFound))},
	{method: "GET", route: "/account/calendar", path: at("/account/calendar"), want: everyone(ok)},
	{method: "POST", route: "/account/calendar", path: at("/account/calendar"), want: everyone(ok)},

	// Files.
	{method: "GET", route: "/files/:id", path: fileAt(itemDocument, ""), want: who(ok, ok, ok, notFound, ok, notFound)},
	{method: "POST", route: "/files/:id/versions", path: fileAt(itemDocument, "/versions"),
		want: who(invalid, invalid, forbidden, notFound, forbidden, forbidden)},
	{method: "POST", route: "/files/:id/remove", path: fileAt(freshDocument, "/remove"), form: func(*fixture) url.Values {
		return url.Values{"reason": {"Attached to the wrong item"}}
	}, want: who(seeOther, seeOther, forbidden, notFound, forbidden, forbidden)},
	{method: "POST", route: "/files/:id/remove-version", path: fileAt(earlierDocument, "/remove-version"), form: func(*fixture) url.Values {
		return url.Values{"reason": {"Superseded by the corrected version"}}
	}, want: who(seeOther, seeOther, forbidden, notFound, forbidden, forbidden)},
	{method: "POST", route: "/items/:id/files", path: itemAt(mainItem, "/files"),
		want: who(invalid, invalid, forbidden, notFound, forbidden, forbidden)},
	{method: "POST", route: "/items/:id/brief/files", path: itemAt(mainItem, "/brief/files"),
		want: who(invalid, invalid, forbidden, notFound, forbidden, forbidden)},
	{method: "POST", route: "/consultations/:id/files", path: func(f *fixture) string { return "/consultations/" + id(f.cons) + "/files" },
		want: who(invalid, invalid, invalid, notFound, forbidden, forbidden)},

	// Administration.
	{method: "GET", route: "/admin/users", path: at("/admin/users"), want: adminOnly(ok)},
	{method: "GET", route: "/admin/users/new", path: at("/admin/users/new"), want: adminOnly(ok)},
	{method: "POST", route: "/admin/users", path: at("/admin/users"), form: func(f *fixture) url.Values {
		return newUserForm(fmt.Sprintf("new%d@plenary.example", f.fresh()), f.app.ministry("MOE").ID)
	}, want: adminOnly(seeOther)},
	{method: "GET", route: "/admin/users/:id/edit", path: adminAt("/admin/users/%d/edit", targetUser), want: adminOnly(ok)},
	{method: "POST", route: "/admin/users/:id", path: adminAt("/admin/users/%d", targetUser), form: func(f *fixture) url.Values {
		u := f.app.user(targetEmail)
		return url.Values{"email": {u.Email}, "name": {u.Name}, "role": {string(u.Role)}, "ministry_id": {"0"}, "version": {strconv.Itoa(u.Version)}}
	}, want: adminOnly(seeOther)},
	{method: "POST", route: "/admin/users/:id/disable", path: adminAt("/admin/users/%d/disable", targetUser),
		form: versionForm("users", targetUser), want: adminOnly(seeOther)},
	{method: "POST", route: "/admin/users/:id/enable", path: adminAt("/admin/users/%d/enable", targetUser),
		form: versionForm("users", targetUser), want: adminOnly(seeOther)},
	{method: "POST", route: "/admin/users/:id/password", path: adminAt("/admin/users/%d/password", targetUser), form: func(*fixture) url.Values {
		return url.Values{"new_password": {"Quartz-lantern-meadow-17"}}
	}, want: adminOnly(seeOther)},
	{method: "GET", route: "/admin/ministries", path: at("/admin/ministries"), want: adminOnly(ok)},
	{method: "GET", route: "/admin/ministries/new", path: at("/admin/ministries/new"), want: adminOnly(ok)},
	{method: "POST", route: "/admin/ministries", path: at("/admin/ministries"), form: func(f *fixture) url.Values {
		return url.Values{"code": {fmt.Sprintf("MX%d", f.fresh())}, "name_en": {"Ministry of Tests"}, "name_ko": {"시험부"}}
	}, want: adminOnly(seeOther)},
	{method: "GET", route: "/admin/ministries/:id/edit", path: adminAt("/admin/ministries/%d/edit", moeMinistry), want: adminOnly(ok)},
	{method: "POST", route: "/admin/ministries/:id", path: adminAt("/admin/ministries/%d", moeMinistry), form: func(f *fixture) url.Values {
		m := f.app.ministry("MOE")
		return url.Values{"code": {m.Code}, "name_en": {m.NameEN}, "name_ko": {m.NameKO}, "version": {strconv.Itoa(m.Version)}}
	}, want: adminOnly(seeOther)},
	{method: "GET", route: "/admin/organisations", path: at("/admin/organisations"), want: adminOnly(ok)},
	{method: "GET", route: "/admin/organisations/new", path: at("/admin/organisations/new"), want: adminOnly(ok)},
	{method: "POST", route: "/admin/organisations", path: at("/admin/organisations"), form: func(f *fixture) url.Values {
		n := f.fresh()
		return url.Values{"name_en": {fmt.Sprintf("Institute of Tests %d", n)}, "name_ko": {fmt.Sprintf("시험 연구원 %d", n)}}
	}, want: adminOnly(seeOther)},
	{method: "GET", route: "/admin/organisations/:id/edit", path: adminAt("/admin/organisations/%d/edit", kncuOrganisation), want: adminOnly(ok)},
	{method: "POST", route: "/admin/organisations/:id", path: adminAt("/admin/organisations/%d", kncuOrganisation), form: func(f *fixture) url.Values {
		id := kncuOrganisation(f)
		return url.Values{"name_en": {"Korean National Commission for UNESCO"}, "name_ko": {"유네스코한국위원회"},
			"version": {f.app.version("organisations", id)}}
	}, want: adminOnly(seeOther)},
	{method: "GET", route: "/admin/bodies", path: at("/admin/bodies"), want: adminOnly(ok)},
	{method: "GET", route: "/admin/bodies/new", path: at("/admin/bodies/new"), want: adminOnly(ok)},
	{method: "POST", route: "/admin/bodies", path: at("/admin/bodies"), form: func(f *fixture) url.Values {
		return url.Values{"code": {fmt.Sprintf("BX%d", f.fresh())}, "name_en": {"Council of Tests"}, "name_ko": {"시험 이사회"}}
	}, want: adminOnly(seeOther)},
	{method: "GET", route: "/admin/bodies/:id/edit", path: adminAt("/admin/bodies/%d/edit", exBody), want: adminOnly(ok)},
	{method: "POST", route: "/admin/bodies/:id", path: adminAt("/admin/bodies/%d", exBody), form: func(f *fixture) url.Values {
		b := f.app.body("EX")
		return url.Values{"code": {b.Code}, "name_en": {b.NameEN}, "name_ko": {b.NameKO}, "version": {strconv.Itoa(b.Version)}}
	}, want: adminOnly(seeOther)},
	{method: "GET", route: "/admin/audit", path: at("/admin/audit"), want: adminOnly(ok)},

	// Notifications. Each person reads and marks only their own: another's is not found.
	{method: "GET", route: "/notifications", path: at("/notifications"), want: everyone(ok)},
	{method: "POST", route: "/notifications/read", path: at("/notifications/read"), want: everyone(seeOther)},
	{method: "POST", route: "/notifications/:id/read", path: adminAt("/notifications/%d/read", targetNotice), want: everyone(notFound)},
	{method: "GET", route: "/notifications/settings", path: at("/notifications/settings"), want: everyone(ok)},
	{method: "POST", route: "/notifications/settings", path: at("/notifications/settings"), form: func(*fixture) url.Values {
		return url.Values{"email": {"consultation_opened", "brief_final_available"}}
	}, want: everyone(seeOther)},
	{method: "GET", route: "/admin/outbox", path: at("/admin/outbox"), want: adminOnly(ok)},
	{method: "POST", route: "/admin/outbox/:id/retry", path: adminAt("/admin/outbox/%d/retry", targetMail), want: adminOnly(seeOther)},
}

func targetUser(f *fixture) int64  { return f.target.ID }
func moeMinistry(f *fixture) int64 { return f.app.ministry("MOE").ID }
func exBody(f *fixture) int64      { return f.app.body("EX").ID }

// kncuOrganisation is the demo organisation of the Commission itself.
func kncuOrganisation(f *fixture) int64 {
	return f.app.scanID(`SELECT id FROM organisations WHERE name_en = 'Korean National Commission for UNESCO'`)
}
