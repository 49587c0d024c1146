package web_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

// The route × role matrix: every route of the application, asked by every kind of person
// about the things of one session, with the status each must get. A refused page never
// shows the thing's text, a refused form writes nothing, and nobody ever reads, on any
// page or download, the text that is not theirs to read.

// The roles of the matrix. The session's things belong to the Ministry of Education
// (LiaisonOwn); the Korea Heritage Service leads another item of the same session
// (LiaisonOther); DelegateOn is on the session's delegation, DelegateOff on none.
var matrixRoles = []string{"Anonymous", "Admin", "Staff", "LiaisonOwn", "LiaisonOther", "DelegateOn", "DelegateOff"}

const (
	delegateOffEmail = "delegate.off@plenary.example"
	targetEmail      = "target@plenary.example" // the user the administration forms change
)

var roleEmails = map[string]string{
	"Admin": adminEmail, "Staff": staffEmail, "LiaisonOwn": moeEmail, "LiaisonOther": khsEmail,
	"DelegateOn": delegateEmail, "DelegateOff": delegateOffEmail,
}

// The texts of the session's things, each with the roles that must never read it,
// whatever they ask.
const (
	secretItem     = "Zephyr literacy financing item"
	secretDraft    = "Zephyr draft position text"
	secretFinal    = "Zephyr final position text"
	secretQuestion = "Zephyr consultation question"
	secretPerson   = "Zephyr Okonkwo-Park"
	secretNote     = "Zephyr member note for staff"
)

var neverRead = map[string][]string{
	secretItem:     {"Anonymous", "LiaisonOther", "DelegateOff"},
	secretDraft:    {"Anonymous", "LiaisonOther", "DelegateOn", "DelegateOff"},
	secretFinal:    {"Anonymous", "LiaisonOther", "DelegateOff"},
	secretQuestion: {"Anonymous", "LiaisonOther", "DelegateOn", "DelegateOff"},
	secretPerson:   {"Anonymous", "LiaisonOther", "DelegateOff"},
	secretNote:     {"Anonymous", "LiaisonOwn", "LiaisonOther", "DelegateOn", "DelegateOff"},
}

// fixture is one session of the Executive Board under way today, holding:
//   - item, led by the Ministry of Education, with a draft brief and an open
//     consultation of the ministry;
//   - reviewItem, whose brief waits for the ministry's verdict;
//   - finalItem, whose brief is final;
//   - khsItem, led by the Korea Heritage Service;
//   - a delegation of a person from the ministry (member) and of the demo delegate (self).
type fixture struct {
	app                                  *testApp
	ses                                  *domain.Session
	item, reviewItem, finalItem, khsItem int64
	cons                                 int64
	person, member, self                 int64
	target                               *domain.User
	staff, moe                           domain.Actor
	n                                    int                        // numbers fresh things
	last                                 int64                      // the fresh thing a route's path made, for its form
	read                                 map[string]map[string]bool // secret -> the roles that read it
}

// newFixture builds the fixture through the store on app's database; app needs no server.
func newFixture(t *testing.T, app *testApp) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{app: app, staff: domain.Actor{User: app.user(staffEmail)}, moe: domain.Actor{User: app.user(moeEmail)}}
	sys := domain.SystemActor("test")
	for _, in := range []domain.UserInput{
		{Email: delegateOffEmail, Name: "Off Delegation", Role: "delegate", Password: testdb.Password},
		{Email: targetEmail, Name: "Target Staff", Role: "staff", Password: testdb.Password},
	} {
		if _, err := app.Store.CreateUser(ctx, sys, in); err != nil {
			t.Fatal(err)
		}
	}
	f.target = app.user(targetEmail)

	today := f.today()
	ses, err := domain.SessionInput{BodyID: app.body("EX").ID, Number: 901, TitleEN: "Matrix session", Venue: "Paris",
		StartsOn: today.AddDate(0, 0, -1).Format(time.DateOnly), EndsOn: today.AddDate(0, 0, 3).Format(time.DateOnly),
		Status: "in_session"}.Session()
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Store.CreateSession(ctx, sys, ses); err != nil {
		t.Fatal(err)
	}
	f.ses = ses
	f.item = f.newItem("1", secretItem, "MOE")
	f.khsItem = f.newItem("2", "Heritage item of the other ministry", "KHS")
	f.cons = f.consult(f.item, secretQuestion)
	f.save(f.item, secretDraft)
	f.reviewItem = f.briefIn("review", secretDraft)
	f.finalItem = f.briefIn("final", secretFinal)

	p, err := app.Store.CreatePerson(ctx, sys, domain.PersonInput{NameEN: secretPerson, Organisation: "Ministry of Education",
		MinistryID: app.ministry("MOE").ID})
	if err != nil {
		t.Fatal(err)
	}
	f.person = p.ID
	m, err := app.Store.AddMember(ctx, sys, ses, domain.MemberInput{PersonID: p.ID, Role: "delegate", Accreditation: "pending", Notes: secretNote})
	if err != nil {
		t.Fatal(err)
	}
	f.member = m.ID
	app.joinDelegation(delegateEmail, ses.Code)
	f.self = app.memberID(ses.Code, choi)
	return f
}

// today is the calendar day in the Commission's time zone, as the server reads it.
func (f *fixture) today() time.Time {
	now := time.Now().In(mustZone(f.app.t, "Asia/Seoul"))
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}

func (f *fixture) fresh() int { f.n++; return f.n }

// newItem adds an item led by the ministry code to the session.
func (f *fixture) newItem(number, title, code string) int64 {
	f.app.t.Helper()
	it, err := f.app.Store.CreateAgendaItem(context.Background(), f.staff, f.ses.ID, domain.AgendaItemInput{
		Number: number, TitleEN: title, LeadMinistryID: f.app.ministry(code).ID, Priority: "normal", Status: "new"})
	if err != nil {
		f.app.t.Fatal(err)
	}
	return it.ID
}

// freshItem adds an item of the Ministry of Education that nobody else uses.
func (f *fixture) freshItem() int64 {
	n := f.fresh()
	return f.newItem(fmt.Sprintf("90.%d", n), fmt.Sprintf("Fresh item %d", n), "MOE")
}

// consult asks the Ministry of Education about item.
func (f *fixture) consult(item int64, question string) int64 {
	f.app.t.Helper()
	cs, err := f.app.Store.OpenConsultations(context.Background(), f.staff, time.UTC, item, domain.ConsultationRequest{
		MinistryIDs: []int64{f.app.ministry("MOE").ID}, Question: question, DueOn: inFuture(10)})
	if err != nil || len(cs) != 1 {
		f.app.t.Fatalf("open consultation: %v", err)
	}
	return cs[0].ID
}

// freshConsultation is a consultation of the ministry on a fresh item, answered or not.
func (f *fixture) freshConsultation(answered bool) int64 {
	f.app.t.Helper()
	id := f.consult(f.freshItem(), "Fresh question")
	if answered {
		c := f.app.consultation(id)
		if err := f.app.Store.AnswerConsultation(context.Background(), f.moe, id, domain.ConsultationAnswer{Answer: "Fresh answer", Version: c.Version}); err != nil {
			f.app.t.Fatal(err)
		}
	}
	return id
}

// save saves a revision of item's brief with text.
func (f *fixture) save(item int64, text string) {
	f.app.t.Helper()
	if _, err := f.app.Store.SaveBrief(context.Background(), f.staff, item, domain.BriefInput{Stance: "support", SummaryEN: text}); err != nil {
		f.app.t.Fatal(err)
	}
}

// briefIn makes a fresh item whose brief, saved with text, has reached status: "draft",
// "review" (waiting for the ministry), "reviewed" (the ministry concurred), "approved" or
// "final".
func (f *fixture) briefIn(status, text string) int64 {
	f.app.t.Helper()
	ctx := context.Background()
	item := f.freshItem()
	f.save(item, text)
	step := func(fn func(domain.StepInput) error) {
		b := f.app.brief(item)
		if err := fn(domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID, Reason: "matrix"}); err != nil {
			f.app.t.Fatalf("brief to %s: %v", status, err)
		}
	}
	order := []string{"draft", "review", "reviewed", "approved", "final"}
	for _, s := range order[1 : slices.Index(order, status)+1] {
		switch s {
		case "review":
			step(func(in domain.StepInput) error { _, err := f.app.Store.SubmitBrief(ctx, f.staff, item, in); return err })
		case "reviewed":
			step(func(in domain.StepInput) error {
				_, err := f.app.Store.ReviewBrief(ctx, f.moe, item, domain.ReviewInput{Verdict: "concur", RevisionID: in.RevisionID})
				return err
			})
		case "approved":
			step(func(in domain.StepInput) error { return f.app.Store.ApproveBrief(ctx, f.staff, item, in, false) })
		case "final":
			step(func(in domain.StepInput) error { return f.app.Store.FinaliseBrief(ctx, f.staff, item, in) })
		}
	}
	return item
}

// freshMember puts a fresh person on the session's delegation.
func (f *fixture) freshMember() int64 { return f.app.freshMember(f.ses.Code) }

// fingerprint is a digest of every table a request may change, for finding out whether a
// refused request wrote anything. Login sessions and rate limits are left out: every
// visit touches them.
func (a *testApp) fingerprint() string {
	a.t.Helper()
	tables := []string{"ministries", "ministry_former_names", "bodies", "users", "sessions", "audit_log", "agenda_items",
		"agenda_imports", "consultations", "consultation_uploads", "briefs", "brief_revisions", "brief_events",
		"brief_reviewers", "brief_reviews", "people", "delegation_members", "coverage", "attendance", "pending_uploads",
		"files", "file_chunks", "organisations", "member_accreditations"}
	parts := make([]string, len(tables))
	for i, t := range tables {
		parts[i] = fmt.Sprintf("(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM %s x)", t)
	}
	var digest string
	if err := a.DB.NewRaw("SELECT md5(concat("+strings.Join(parts, ", ")+"))").Scan(context.Background(), &digest); err != nil {
		a.t.Fatal(err)
	}
	return digest
}

// TestRouteMatrix asks every route as every role. It fails for a route of the application
// that the matrix does not list, so that a new route is added here with its statuses.
//
// The fixture is built once and each role asks on a copy of its own, so that the roles
// run side by side: what one role's forms change is never seen by another, and a refused
// form's "nothing written" is checked on a database that nobody else writes to.
func TestRouteMatrix(t *testing.T) {
	t.Parallel()
	src, srcURL := testdb.NewDemo(t)
	f := newFixture(t, &testApp{t: t, Store: store.New(src), DB: src})

	t.Run("EveryRouteListed", func(t *testing.T) {
		listed := map[string]bool{}
		for _, r := range matrixRoutes {
			key := r.method + " " + r.route
			if listed[key] {
				t.Errorf("%s is listed twice", key)
			}
			listed[key] = true
		}
		var missing []string
		for _, r := range newAppOn(t, src).H.App().GetRoutes(true) {
			if r.Method != http.MethodHead && !listed[r.Method+" "+r.Path] {
				missing = append(missing, r.Method+" "+r.Path)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("routes missing from the matrix: %v", missing)
		}
	})
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	read := map[string]map[string]bool{} // secret -> the roles that read it
	t.Run("Roles", func(t *testing.T) {
		for _, role := range matrixRoles {
			t.Run(role, func(t *testing.T) {
				t.Parallel()
				db, _ := testdb.Clone(t, srcURL)
				rf := *f
				rf.app = newAppOn(t, db)
				rf.read = map[string]map[string]bool{}
				c := rf.login(role)
				for _, r := range matrixRoutes {
					t.Run(r.method+" "+r.route, func(t *testing.T) {
						cl := c
						if r.ownClient {
							cl = rf.login(role)
						}
						rf.ask(t, cl, role, r)
					})
				}
				mu.Lock()
				defer mu.Unlock()
				for secret, roles := range rf.read {
					if read[secret] == nil {
						read[secret] = map[string]bool{}
					}
					maps.Copy(read[secret], roles)
				}
			})
		}
	})

	// The texts are there to be found: everyone who may read one does, somewhere, so that
	// the checks that others never do are not vacuous.
	t.Run("TextsFound", func(t *testing.T) {
		for secret, never := range neverRead {
			for _, role := range matrixRoles {
				if !slices.Contains(never, role) && !read[secret][role] {
					t.Errorf("%s reads %q nowhere", role, secret)
				}
			}
		}
	})
}

// login returns a client of role, logged in (or not, for Anonymous) and holding a CSRF
// token.
func (f *fixture) login(role string) *client {
	c := f.app.client()
	if email := roleEmails[role]; email != "" {
		c.login(email)
		c.get("/")
	} else {
		c.get("/login")
	}
	return c
}

// ask sends one request of route r as role and checks the answer.
func (f *fixture) ask(t *testing.T, c *client, role string, r matrixRoute) {
	t.Helper()
	path := r.path(f)
	want, ok := r.want[role]
	if !ok && role != "Anonymous" {
		t.Fatalf("no status for %s", role)
	}
	before := ""
	var resp *http.Response
	var body string
	if r.method == http.MethodGet {
		resp, body = c.get(path)
	} else {
		var form url.Values
		if r.form != nil {
			form = r.form(f)
		}
		before = f.app.fingerprint()
		resp, body = c.post(path, form)
	}
	if role == "Anonymous" && !ok {
		// A route behind a gate sends nobody to the login page, or refuses a form.
		if r.method == http.MethodGet {
			wantLoginRedirect(t, resp, path)
		} else if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s %s: status %d, want %d", r.method, path, resp.StatusCode, http.StatusUnauthorized)
		}
	} else if resp.StatusCode != want {
		t.Errorf("%s %s: status %d, want %d", r.method, path, resp.StatusCode, want)
	}
	text := body
	if strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") && resp.StatusCode == http.StatusOK {
		text = xlsxText(t, body)
	}
	refused := resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusNotFound ||
		(role == "Anonymous" && !ok)
	for secret, roles := range neverRead {
		if strings.Contains(text, secret) {
			if f.read[secret] == nil {
				f.read[secret] = map[string]bool{}
			}
			f.read[secret][role] = true
		}
		switch {
		case refused && strings.Contains(text, secret):
			t.Errorf("%s %s: the refusal (%d) shows %q", r.method, path, resp.StatusCode, secret)
		case slices.Contains(roles, role) && strings.Contains(text, secret):
			t.Errorf("%s %s: %s reads %q", r.method, path, role, secret)
		}
	}
	if r.method != http.MethodGet && refused {
		if after := f.app.fingerprint(); after != before {
			t.Errorf("%s %s: refused with %d, but the database changed", r.method, path, resp.StatusCode)
		}
	}
}

// TestDisableUser checks that disabling a user ends their open sessions at once, and that
// enabling them lets them log in again.
func TestDisableUser(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	delegate := app.client()
	delegate.login(delegateEmail)
	admin := app.client()
	admin.login(adminEmail)
	id := app.user(delegateEmail).ID
	setDisabled := func(t *testing.T, action string) {
		t.Helper()
		admin.get("/admin/users")
		resp, _ := admin.post("/admin/users/"+strconv.FormatInt(id, 10)+"/"+action,
			url.Values{"version": {strconv.Itoa(app.user(delegateEmail).Version)}})
		wantRedirect(t, resp, "/admin/users")
	}

	t.Run("Disable", func(t *testing.T) {
		setDisabled(t, "disable")
		if !app.user(delegateEmail).Disabled() {
			t.Fatal("the user is not disabled")
		}
		if got, want := app.count("login_sessions", "user_id = ?", id), 0; got != want {
			t.Errorf("%d sessions of the disabled user, want %d", got, want)
		}
		resp, _ := delegate.get("/")
		wantLoginRedirect(t, resp, "/")
	})

	t.Run("Enable", func(t *testing.T) {
		setDisabled(t, "enable")
		delegate.login(delegateEmail)
		if resp, _ := delegate.get("/"); resp.StatusCode != http.StatusOK {
			t.Errorf("GET / after logging in again: status %d, want 200", resp.StatusCode)
		}
	})

	t.Run("ErrDisableSelf", func(t *testing.T) {
		self := app.user(adminEmail)
		admin.get("/admin/users")
		resp, _ := admin.post("/admin/users/"+strconv.FormatInt(self.ID, 10)+"/disable",
			url.Values{"version": {strconv.Itoa(self.Version)}})
		wantRedirect(t, resp, "/admin/users")
		if got := app.user(adminEmail); got.Disabled() || got.Version != self.Version {
			t.Errorf("the administrator changed: disabled %v, version %d, want %d", got.Disabled(), got.Version, self.Version)
		}
		resp, body := admin.get("/admin/users")
		if got, want := resp.StatusCode, http.StatusOK; got != want {
			t.Fatalf("GET /admin/users: status %d, want %d", got, want)
		}
		if !strings.Contains(body, en.T("error.disable_self")) {
			t.Error("the users page does not say why nothing changed")
		}
	})
}
