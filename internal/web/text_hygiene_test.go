package web_test

import (
	"context"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
)

var pageLang = regexp.MustCompile(`<html lang="(ko|en)"`)

// pageLocalizer speaks the language of the page.
func pageLocalizer(body string) *i18n.Localizer {
	if m := pageLang.FindStringSubmatch(body); m != nil {
		return catalog.For(m[1])
	}
	return en
}

// says reports whether a page shows the message id next to the field called name, or,
// for a cell of the attendance grid, its note's message.
func says(body, name, id string) bool {
	l := pageLocalizer(body)
	// The message names the field by the label the form shows it with, or, where that
	// label is the page's own (a search box's), by the field's.
	label := l.Label(name)
	for _, m := range fieldLabel.FindAllStringSubmatch(body, -1) {
		if m[1] == name && fieldErrors(body)[name] == l.T(id, "Field", strings.TrimSpace(html.UnescapeString(m[2]))) {
			return true
		}
	}
	return fieldErrors(body)[name] == l.T(id, "Field", label) ||
		strings.HasPrefix(name, "n_") && strings.Contains(html.UnescapeString(body), l.T("attendance.error_note_text"))
}

// exposeForms brings the demo data into the states in which the forms a crawl would not
// otherwise meet are shown: a session under way today with the delegate on it (check-in),
// an answered consultation (send back, close), a disabled user (enable), a draft brief
// (submit), a brief submitted without reviews to wait for (approve) and an approved one
// (finalise). It returns their pages, for a crawl to start from.
func exposeForms(t *testing.T, app *testApp) []string {
	t.Helper()
	ctx := context.Background()
	sys := domain.SystemActor("test")
	now := time.Now().In(mustZone(t, "Asia/Seoul"))
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	ses := &domain.Session{BodyID: app.body("EX").ID, Number: 229, TitleEN: "Under way", StartsOn: today.AddDate(0, 0, -1), EndsOn: today.AddDate(0, 0, 1)}
	if err := app.Store.CreateSession(ctx, sys, ses); err != nil {
		t.Fatal(err)
	}
	var self int64
	if err := app.DB.NewSelect().Table("people").Column("id").Where("user_id = ?", app.user(delegateEmail).ID).Scan(ctx, &self); err != nil {
		t.Fatal(err)
	}
	m, err := app.Store.AddMember(ctx, sys, ses, domain.MemberInput{PersonID: self, Role: "delegate", Accreditation: "confirmed"})
	if err != nil {
		t.Fatal(err)
	}
	moe := app.user(moeEmail)
	open, err := app.Store.Consultations(ctx, domain.Scope{All: true}, time.UTC,
		domain.ConsultationFilter{MinistryID: app.ministry("MOE").ID, Status: string(domain.ConsultationOpen)})
	if err != nil || len(open) == 0 {
		t.Fatalf("open consultations of MOE: %v, %v", open, err)
	}
	if err := app.Store.AnswerConsultation(ctx, domain.Actor{User: moe}, open[0].ID,
		domain.ConsultationAnswer{Answer: "Our answer.", Version: open[0].Version}); err != nil {
		t.Fatal(err)
	}
	khs := app.user(khsEmail)
	if err := app.Store.SetUserDisabled(ctx, sys, khs.ID, khs.Version, true); err != nil {
		t.Fatal(err)
	}
	item := app.itemID("226 EX", "1")
	staff := domain.Actor{User: app.user(staffEmail)}
	if _, err := app.Store.SaveBrief(ctx, staff, item, domain.BriefInput{Stance: "support", SummaryEN: "A draft."}); err != nil {
		t.Fatal(err)
	}
	// Items of no ministry, whose briefs need no review.
	var steps []int64
	for i, approve := range []bool{false, true} {
		it, err := app.Store.CreateAgendaItem(ctx, sys, ses.ID, domain.AgendaItemInput{Number: strconv.Itoa(i + 1),
			TitleEN: "Item", Priority: "normal", Status: "new"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.Store.SaveBrief(ctx, staff, it.ID, domain.BriefInput{Stance: "support", SummaryEN: "Ready."}); err != nil {
			t.Fatal(err)
		}
		b := app.brief(it.ID)
		if _, err := app.Store.SubmitBrief(ctx, staff, it.ID, domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID}); err != nil {
			t.Fatal(err)
		}
		if b = app.brief(it.ID); approve {
			if err := app.Store.ApproveBrief(ctx, staff, it.ID, domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID}, false); err != nil {
				t.Fatal(err)
			}
		}
		steps = append(steps, it.ID)
	}
	return []string{fmt.Sprintf("/members/%d/checkin", m.ID), fmt.Sprintf("/consultations/%d", open[0].ID),
		fmt.Sprintf("/consultations/%d", open[len(open)-1].ID), fmt.Sprintf("/items/%d", item),
		fmt.Sprintf("/items/%d", steps[0]), fmt.Sprintf("/items/%d", steps[1]), "/admin/users",
		// A document with an earlier version, in the demo data.
		fmt.Sprintf("/items/%d", app.itemID("226 EX", "5.I.C"))}
}

// TestControlCharactersAreRefusedEverywhere finds every form and every link with a
// query that each kind of person reaches, and sends each field or parameter a NUL and a
// bell (U+0007): every one must be refused with 4xx, nothing written, and a field a
// person types must show its own message. A field of one line refuses a line break with
// the message that says so; a field of several lines takes one.
func TestControlCharactersAreRefusedEverywhere(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	exposed := exposeForms(t, app)
	type found struct {
		c    *client
		form pageForm
	}
	forms := map[string]found{}
	anonymous := app.client()
	roles := map[string]*client{"anonymous": anonymous}
	for _, email := range []string{adminEmail, staffEmail, moeEmail, delegateEmail} {
		c := app.client()
		c.login(email)
		roles[email] = c
	}
	// Each kind of person crawls side by side; the forms are taken in the same order
	// whatever the order the crawls end in.
	order := []string{"anonymous", adminEmail, staffEmail, moeEmail, delegateEmail}
	crawled := make([][]pageForm, len(order))
	t.Run("Crawl", func(t *testing.T) {
		for i, role := range order {
			t.Run(role, func(t *testing.T) {
				t.Parallel()
				start := append([]string{"/"}, exposed...)
				if role == "anonymous" {
					start = []string{"/login"}
				}
				crawled[i] = crawl(t, roles[role], start...)
			})
		}
	})
	if t.Failed() {
		t.FailNow()
	}
	for i, role := range order {
		for _, f := range crawled[i] {
			if _, ok := forms[f.key()]; !ok && len(f.fields) > 0 {
				forms[f.key()] = found{roles[role], f}
			}
		}
	}
	audit := func() int { return app.count("audit_log", "TRUE") }

	var keys []string
	for k := range forms {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tried := 0
	// send sends f with the fields of set changed, and checks that it is refused with
	// 4xx and that nothing is written.
	send := func(c *client, f pageForm, set map[string]string) (*http.Response, string) {
		t.Helper()
		v := f.values("", "")
		for name, value := range set {
			v.Set(name, value)
		}
		before := audit()
		var resp *http.Response
		var body string
		if f.method == http.MethodGet {
			u, _ := url.Parse(f.action)
			u.RawQuery = v.Encode()
			resp, body = c.do(httptest.NewRequest(http.MethodGet, u.String(), nil))
		} else {
			resp, body = c.post(f.action, v)
		}
		tried++
		if resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Errorf("%s %s %q (form on %s): status %d, want 4xx", f.method, f.action, set, f.page, resp.StatusCode)
		}
		if after := audit(); after != before {
			t.Errorf("%s %s %q: %d audit rows written, want none", f.method, f.action, set, after-before)
		}
		return resp, body
	}
	for _, k := range keys {
		c, f := forms[k].c, forms[k].form
		tested := map[string]bool{} // fields by name with their numbers left out: the cells of a grid
		for _, field := range f.fields {
			if field.kind == "submit" || field.kind == "file" || field.name == "_csrf" || tested[digits.ReplaceAllString(field.name, "N")] {
				continue
			}
			tested[digits.ReplaceAllString(field.name, "N")] = true
			for _, bad := range []string{"x\x00y", "x\x07y"} {
				if bad != "x\x00y" && !field.typable() {
					continue
				}
				_, body := send(c, f, map[string]string{field.name: bad})
				if field.typable() && !says(body, field.name, "validate.text") {
					t.Errorf("%s %s %s=%q: the page does not say what is wrong with the field; it shows %q",
						f.method, f.action, field.name, bad, fieldErrors(body))
				}
			}
			if f.method != http.MethodPost || !field.typable() {
				continue
			}
			// A line break is refused in a field of one line, with the message that says
			// so; a field of several lines takes one, so it is sent with another field's
			// NUL, which keeps the form from being saved.
			if field.kind != "textarea" {
				_, body := send(c, f, map[string]string{field.name: "line one\nline two"})
				if !says(body, field.name, "validate.one_line") {
					t.Errorf("%s %s %s with a line break: the page does not say it must be one line; it shows %q", f.method, f.action, field.name, fieldErrors(body))
				}
				continue
			}
			// What keeps the form from being saved: another field's NUL, or else a version or
			// revision that is not the one saved.
			spoil := map[string]string{}
			for _, other := range f.fields {
				switch {
				case (other.typable() || other.kind == "date") && other.name != field.name:
					spoil = map[string]string{other.name: "x\x00y"}
				case len(spoil) == 0 && (other.name == "version" || other.name == "revision_id"):
					spoil[other.name] = "999999999"
				default:
					continue
				}
				if other.typable() || other.kind == "date" {
					break
				}
			}
			if len(spoil) == 0 {
				t.Errorf("%s %s: nothing to keep the form from being saved while %s takes line breaks", f.method, f.action, field.name)
				continue
			}
			set := map[string]string{field.name: "line one\r\nline two\ttabbed"}
			maps.Copy(set, spoil)
			_, body := send(c, f, set)
			if msg := fieldErrors(body)[field.name]; msg != "" {
				t.Errorf("%s %s %s with line breaks: message %q, want none", f.method, f.action, field.name, msg)
			}
		}
	}
	// Every form of the app was met, but those that confirm a preview: they take no text.
	covered := map[string]bool{}
	for _, k := range keys {
		f := forms[k].form
		covered[f.method+" "+pathPattern(f.action)] = true
	}
	param := regexp.MustCompile(`:[a-z]+`)
	for _, r := range app.H.App().GetRoutes(true) {
		if r.Method != http.MethodPost || strings.Contains(r.Path, ":token") {
			continue
		}
		if p := r.Method + " " + param.ReplaceAllString(r.Path, "N") + "?"; !covered[p] {
			t.Errorf("no page shows a form for %s %s", r.Method, r.Path)
		}
	}
	t.Logf("%d forms, %d requests", len(forms), tried)
}

// TestControlCharactersInFiles: an agenda row or a tracker answer holding a NUL is
// refused on its row at the preview, so that nothing can be confirmed that the database
// would refuse; the other rows are told apart.
func TestControlCharactersInFiles(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	t.Run("Agenda", func(t *testing.T) {
		path := fmt.Sprintf("/sessions/%d/import", app.sessionID("220 EX"))
		c := app.client()
		c.login(staffEmail)
		c.get(path)
		resp, body := c.upload(path, "agenda.csv", []byte("Item,Title\n1,Adoption of the agenda\n2,\"Report\x00\"\n"))
		if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
			t.Errorf("status %d, want %d", got, want)
		}
		if confirmPath(body) != "" {
			t.Error("the preview offers to import a row with a NUL")
		}
		if want := en.T("import.control_char"); !strings.Contains(html.UnescapeString(body), want) {
			t.Errorf("the preview does not say %q", want)
		}
	})
	t.Run("Tracker", func(t *testing.T) {
		moe := app.ministry("MOE").ID
		staff := app.client()
		staff.login(staffEmail)
		tr, _ := getTracker(t, staff, fmt.Sprintf("/consultations/tracker?ministry=%d", moe))
		bad := app.consultationID(app.itemID("21 ICH", "14"), "MOE")
		good := app.consultationID(app.itemID("226 EX", "5.I.C"), "MOE")
		// A spreadsheet writes a control character as _x0000_, read back as the character.
		tr.set(answerHeader, bad, "An answer_x0000_ with a NUL.")
		tr.set(answerHeader, good, "A clean answer,\nover two lines.")
		liaison := app.client()
		liaison.login(moeEmail)
		liaison.get("/consultations/upload")
		resp, body := liaison.uploadTracker(0, "tracker.xlsx", tr.bytes())
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d, want 200", resp.StatusCode)
		}
		got := previewVerdicts(body)
		if want := en.T("consultations.row_control_char"); got[tr.rows[bad]] != want {
			t.Errorf("row of the answer with a NUL: %q, want %q", got[tr.rows[bad]], want)
		}
		if got[tr.rows[good]] != "record" {
			t.Errorf("row of the clean answer: %q, want record", got[tr.rows[good]])
		}
	})
}
