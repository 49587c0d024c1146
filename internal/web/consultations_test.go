package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
)

// consultationID returns the id of the demo consultation of ministry code on an item.
func (a *testApp) consultationID(item int64, code string) int64 {
	a.t.Helper()
	var id int64
	err := a.DB.NewSelect().Table("consultations").Column("consultations.id").
		Join("JOIN ministries m ON m.id = consultations.ministry_id").
		Where("consultations.item_id = ? AND m.code = ? AND consultations.status <> 'withdrawn'", item, code).
		Scan(context.Background(), &id)
	if err != nil {
		a.t.Fatalf("consultation of %s on item %d: %v", code, item, err)
	}
	return id
}

// consultation returns a consultation as it is saved now.
func (a *testApp) consultation(id int64) *domain.Consultation {
	a.t.Helper()
	c, err := a.Store.Consultation(context.Background(), domain.Scope{All: true}, time.UTC, id)
	if err != nil {
		a.t.Fatalf("consultation %d: %v", id, err)
	}
	return c
}

// inFuture returns a due date days from today.
func inFuture(days int) string {
	return time.Now().AddDate(0, 0, days).Format(time.DateOnly)
}

// TestConsultationAccess: every role against the pages and forms of consultations. A
// liaison sees their own ministry's requests only; another ministry's are not found; a
// delegate is refused; a refused request changes nothing.
func TestConsultationAccess(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ich := app.sessionID("21 ICH")
	moeOwn := app.consultationID(app.itemID("21 ICH", "14"), "MOE")
	khsOwn := app.consultationID(app.itemID("21 ICH", "8"), "KHS")
	item := app.itemID("226 EX", "5.I.A")
	c := func(id int64) string { return "/consultations/" + strconv.FormatInt(id, 10) }
	tests := []struct {
		name, email, path string
		status            int
	}{
		{"StaffList", staffEmail, "/consultations", 200},
		{"StaffOne", staffEmail, c(khsOwn), 200},
		{"StaffRadar", staffEmail, fmt.Sprintf("/sessions/%d/consultations", ich), 200},
		{"StaffRequestForm", staffEmail, fmt.Sprintf("/items/%d/consultations/new", item), 200},
		{"StaffUploadForm", staffEmail, "/consultations/upload", 200},
		{"StaffTrackerOfAll", staffEmail, "/consultations/tracker", 200},
		{"AdminOne", adminEmail, c(moeOwn), 200},
		{"LiaisonList", moeEmail, "/consultations", 200},
		{"LiaisonOwn", moeEmail, c(moeOwn), 200},
		{"ErrLiaisonOtherMinistry", moeEmail, c(khsOwn), 404},
		{"LiaisonRadar", moeEmail, fmt.Sprintf("/sessions/%d/consultations", ich), 200},
		{"ErrLiaisonRequestForm", moeEmail, fmt.Sprintf("/items/%d/consultations/new", item), 403},
		{"LiaisonOwnTracker", moeEmail, "/consultations/tracker", 200},
		{"ErrLiaisonOtherTracker", moeEmail, fmt.Sprintf("/consultations/tracker?ministry=%d", app.ministry("KHS").ID), 403},
		{"LiaisonUploadForm", moeEmail, "/consultations/upload", 200},
		{"ErrDelegateList", delegateEmail, "/consultations", 403},
		{"ErrDelegateOne", delegateEmail, c(moeOwn), 403},
		{"ErrDelegateRadar", delegateEmail, fmt.Sprintf("/sessions/%d/consultations", ich), 403},
		{"ErrDelegateTracker", delegateEmail, "/consultations/tracker", 403},
		{"ErrDelegateUpload", delegateEmail, "/consultations/upload", 403},
	}
	clients := map[string]*client{}
	login := func(email string) *client {
		if cl, ok := clients[email]; ok {
			return cl
		}
		cl := app.client()
		cl.login(email)
		clients[email] = cl
		return cl
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, _ := login(tt.email).get(tt.path)
			if resp.StatusCode != tt.status {
				t.Errorf("GET %s as %s: status %d, want %d", tt.path, tt.email, resp.StatusCode, tt.status)
			}
		})
	}

	t.Run("Anonymous", func(t *testing.T) {
		cl := app.client()
		resp, _ := cl.get("/consultations")
		wantLoginRedirect(t, resp, "/consultations")
	})

	posts := []struct {
		name, email, path string
		form              url.Values
		status            int
	}{
		{"ErrStaffAnswers", staffEmail, c(moeOwn) + "/answer", url.Values{"answer": {"x"}, "version": {"1"}}, 403},
		{"ErrOtherLiaisonAnswers", khsEmail, c(moeOwn) + "/answer", url.Values{"answer": {"x"}, "version": {"1"}}, 404},
		{"ErrDelegateAnswers", delegateEmail, c(moeOwn) + "/answer", url.Values{"answer": {"x"}, "version": {"1"}}, 403},
		{"ErrLiaisonWithdraws", moeEmail, c(moeOwn) + "/withdraw", url.Values{"version": {"1"}}, 403},
		{"ErrLiaisonSendsBack", moeEmail, c(moeOwn) + "/send-back", url.Values{"return_comment": {"x"}, "due_on": {inFuture(3)}, "version": {"1"}}, 403},
		{"ErrLiaisonRequests", moeEmail, fmt.Sprintf("/items/%d/consultations", item),
			url.Values{"ministry_ids": {strconv.FormatInt(app.ministry("MOF").ID, 10)}, "question": {"x"}, "due_on": {inFuture(7)}}, 403},
		{"ErrDelegateUploads", delegateEmail, "/consultations/upload", url.Values{}, 403},
	}
	for _, tt := range posts {
		t.Run(tt.name, func(t *testing.T) {
			cl := login(tt.email)
			cl.get("/")
			before := app.count("audit_log", "TRUE")
			resp, _ := cl.post(tt.path, tt.form)
			if resp.StatusCode != tt.status {
				t.Errorf("POST %s as %s: status %d, want %d", tt.path, tt.email, resp.StatusCode, tt.status)
			}
			if got := app.count("audit_log", "TRUE"); got != before {
				t.Errorf("audit rows %d → %d: a refused request wrote", before, got)
			}
		})
	}

	t.Run("LiaisonNeverSeesAnotherMinistrysRequest", func(t *testing.T) {
		cl := login(moeEmail)
		// The Ministry of Science and ICT is asked the same question on the same item.
		msit := app.consultationID(item, "MSIT")
		moe := app.consultationID(item, "MOE")
		for _, path := range []string{
			fmt.Sprintf("/items/%d", item),
			"/consultations?status=",
			fmt.Sprintf("/sessions/%d/consultations", app.sessionID("226 EX")),
			"/",
		} {
			_, body := cl.get(path)
			if strings.Contains(body, c(msit)+`"`) {
				t.Errorf("%s links to the MSIT consultation", path)
			}
			if strings.Contains(body, ">MSIT<") || strings.Contains(body, "MSIT ·") {
				t.Errorf("%s names the MSIT consultation", path)
			}
			if path != "/" && !strings.Contains(body, c(moe)+`"`) {
				t.Errorf("%s does not link to the ministry's own consultation", path)
			}
		}
	})
}

// TestRequestConsultations: staff ask two ministries at once from the item's page; a
// form with errors comes back with what was typed.
func TestRequestConsultations(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	item := app.itemID("226 EX", "5.II.A")
	path := fmt.Sprintf("/items/%d/consultations", item)
	moe, mof := app.ministry("MOE").ID, app.ministry("MOF").ID
	c := app.client()
	c.login(staffEmail)
	_, body := c.get(fmt.Sprintf("/items/%d", item))
	for _, want := range []string{`action="` + path + `"`, `name="ministry_ids" value="` + strconv.FormatInt(moe, 10) + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the item page lacks %s", want)
		}
	}
	tests := []struct {
		name   string
		form   url.Values
		field  string
		status int
	}{
		{"ErrNoMinistry", url.Values{"question": {"두 부처의 의견을 부탁드립니다."}, "due_on": {inFuture(7)}}, "ministry_ids", 422},
		{"ErrDueInThePast", url.Values{"ministry_ids": {fmt.Sprint(moe)}, "question": {"두 부처의 의견을 부탁드립니다."},
			"due_on": {time.Now().AddDate(0, 0, -2).Format(time.DateOnly)}}, "due_on", 422},
		{"ErrNoQuestion", url.Values{"ministry_ids": {fmt.Sprint(moe)}, "question": {""}, "due_on": {inFuture(7)}}, "question", 422},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := app.count("consultations", "item_id = ?", item)
			resp, body := c.post(path, tt.form)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if fieldErrors(body)[tt.field] == "" {
				t.Errorf("no error next to %s; errors %v", tt.field, fieldErrors(body))
			}
			if q := tt.form.Get("question"); q != "" && !strings.Contains(body, html.EscapeString(q)) {
				t.Error("the question typed is lost")
			}
			if got := app.count("consultations", "item_id = ?", item); got != before {
				t.Errorf("consultations %d → %d", before, got)
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		resp, _ := c.post(path, url.Values{"ministry_ids": {fmt.Sprint(moe), fmt.Sprint(mof)},
			"question": {"인적자원 관리 보고서에 대한 의견을 주십시오."}, "due_on": {inFuture(10)}})
		wantRedirect(t, resp, fmt.Sprintf("/items/%d", item))
		if got := app.count("consultations", "item_id = ? AND status = 'open' AND ministry_id IN (?, ?)", item, moe, mof); got != 2 {
			t.Errorf("%d open consultations, want 2", got)
		}
		_, body := c.get(fmt.Sprintf("/items/%d", item))
		if !strings.Contains(body, html.EscapeString(en.T("consultations.opened", "Count", 2))) {
			t.Error("no flash after the request")
		}
		if !strings.Contains(body, `name="ministry_ids" value="`+fmt.Sprint(moe)+`" disabled`) {
			t.Error("the form still offers to ask the Ministry of Education again")
		}
	})
	t.Run("ErrAskedAlready", func(t *testing.T) {
		resp, body := c.post(path, url.Values{"ministry_ids": {fmt.Sprint(moe)}, "question": {"Again?"}, "due_on": {inFuture(10)}})
		if resp.StatusCode != 422 || fieldErrors(body)["ministry_ids"] != en.T("consultations.error_live") {
			t.Errorf("status %d, errors %v", resp.StatusCode, fieldErrors(body))
		}
	})
}

// TestAnswerConsultation: the liaison answers; an edit made on a page read before that
// answer gets 409 with the text as typed and the answer saved meanwhile; a closed
// consultation takes no more edits.
func TestAnswerConsultation(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	id := app.consultationID(app.itemID("21 ICH", "14"), "MOE")
	path := "/consultations/" + strconv.FormatInt(id, 10)
	first, second := app.client(), app.client()
	first.login(moeEmail)
	second.login(moeEmail)
	first.get(path)
	_, page := second.get(path)
	version := inputValue(page, "version")

	resp, _ := first.post(path+"/answer", url.Values{"answer": {"교육부는 2027년부터 무형유산 교육을 창의적 체험활동과 연계합니다."}, "version": {version}})
	wantRedirect(t, resp, path)
	saved := app.consultation(id)
	if saved.Status != domain.ConsultationAnswered || saved.AnswerSource != domain.AnswerFromApp || saved.AnsweredBy == nil ||
		*saved.AnsweredBy != app.user(moeEmail).ID {
		t.Fatalf("after the answer: %+v", saved)
	}

	typed := "두 번째 창에서 쓴 회신 <b>초안</b>"
	resp, body := second.post(path+"/answer", url.Values{"answer": {typed}, "version": {version}})
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("stale answer: status %d, want 409", resp.StatusCode)
	}
	if !strings.Contains(body, ">"+html.EscapeString(typed)+"</textarea>") {
		t.Error("the 409 page lost the answer typed")
	}
	if !strings.Contains(body, html.EscapeString(saved.Answer)) || alert(body) != en.T("error.stale") {
		t.Errorf("the 409 page does not show the saved answer and why: alert %q", alert(body))
	}
	if got := inputValue(body, "version"); got != strconv.Itoa(saved.Version) {
		t.Errorf("version %s on the 409 page, want the saved %d", got, saved.Version)
	}
	if got := app.consultation(id).Answer; got != saved.Answer {
		t.Errorf("the stale edit was saved: %q", got)
	}

	staff := app.client()
	staff.login(staffEmail)
	staff.get(path)
	resp, _ = staff.post(path+"/close", url.Values{"version": {strconv.Itoa(saved.Version)}})
	wantRedirect(t, resp, path)
	if got := app.consultation(id).Status; got != domain.ConsultationClosed {
		t.Fatalf("status %s after close", got)
	}
	_, body = second.get(path)
	if strings.Contains(body, `action="`+path+`/answer"`) {
		t.Error("a closed consultation still offers the answer form")
	}
	resp, _ = second.post(path+"/answer", url.Values{"answer": {"Too late."}, "version": {strconv.Itoa(app.consultation(id).Version)}})
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("answer on a closed consultation: status %d, want 409", resp.StatusCode)
	}
}

// TestConsultationSteps: staff send an answer back with a comment (typed text kept on an
// error), withdraw a request, and a step on an old page is refused with a message.
func TestConsultationSteps(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	id := app.consultationID(app.itemID("226 EX", "5.I.A"), "MOE") // answered in the demo
	path := "/consultations/" + strconv.FormatInt(id, 10)
	c := app.client()
	c.login(staffEmail)
	_, page := c.get(path)
	version := inputValue(page, "version")

	comment := "생성형 AI 지침의 어느 부분을 인용할지 구체적으로 적어 주십시오."
	resp, body := c.post(path+"/send-back", url.Values{"return_comment": {comment}, "due_on": {"2020-01-01"}, "version": {version}})
	if resp.StatusCode != 422 || fieldErrors(body)["due_on"] == "" || !strings.Contains(body, comment) {
		t.Fatalf("send-back with a past date: status %d, errors %v", resp.StatusCode, fieldErrors(body))
	}
	resp, _ = c.post(path+"/send-back", url.Values{"return_comment": {comment}, "due_on": {inFuture(5)}, "version": {version}})
	wantRedirect(t, resp, path)
	got := app.consultation(id)
	if got.Status != domain.ConsultationOpen || got.ReturnComment != comment || got.Answer == "" {
		t.Errorf("after the send-back: %+v", got)
	}

	liaison := app.client()
	liaison.login(moeEmail)
	_, body = liaison.get(path)
	if !strings.Contains(body, comment) || !strings.Contains(body, html.EscapeString(en.T("consultations.sent_back_badge"))) {
		t.Error("the liaison does not see the Commission's comment")
	}

	resp, _ = c.post(path+"/withdraw", url.Values{"version": {version}}) // the page read before the send-back
	wantRedirect(t, resp, path)
	if app.consultation(id).Status != domain.ConsultationOpen {
		t.Error("a withdrawal from an old page went through")
	}
	_, body = c.get(path)
	if !strings.Contains(body, html.EscapeString(en.T("error.stale"))) {
		t.Error("no message about the stale withdrawal")
	}
	resp, _ = c.post(path+"/withdraw", url.Values{"version": {strconv.Itoa(got.Version)}})
	wantRedirect(t, resp, path)
	if app.consultation(id).Status != domain.ConsultationWithdrawn {
		t.Error("not withdrawn")
	}
	if n := app.count("audit_log", "entity = 'consultation' AND entity_id = ? AND action IN ('send_back', 'withdraw')", id); n != 2 {
		t.Errorf("%d audit rows of the steps, want 2", n)
	}
}

// TestConsultationPages: the radar as table and picture, the lists and the dashboards,
// with no inline style for the CSP to block.
func TestConsultationPages(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ich := app.sessionID("21 ICH")
	staff := app.client()
	staff.login(staffEmail)

	t.Run("Radar", func(t *testing.T) {
		resp, body := staff.get(fmt.Sprintf("/sessions/%d/consultations", ich))
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		for _, want := range []string{"<svg", `role="img"`, "<strong>KHS</strong>", "<strong>MCST</strong>", `fill="#b3261e"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the radar lacks %s", want)
			}
		}
		if strings.Contains(body, "style=") {
			t.Error("the page has an inline style, which the CSP blocks")
		}
	})
	t.Run("StaffDashboardShowsOverdue", func(t *testing.T) {
		overdue := app.consultationID(app.itemID("21 ICH", "8.B"), "MCST")
		_, body := staff.get("/")
		if !strings.Contains(body, html.EscapeString(en.T("consultations.dashboard_overdue"))) || !strings.Contains(body, fmt.Sprintf(`href="/consultations/%d"`, overdue)) {
			t.Error("the staff dashboard does not list the overdue consultation")
		}
	})
	t.Run("LiaisonDashboardShowsOpen", func(t *testing.T) {
		c := app.client()
		c.login(moeEmail)
		open := app.consultationID(app.itemID("21 ICH", "14"), "MOE")
		_, body := c.get("/")
		if !strings.Contains(body, html.EscapeString(en.T("consultations.dashboard_open"))) || !strings.Contains(body, fmt.Sprintf(`href="/consultations/%d"`, open)) {
			t.Error("the liaison dashboard does not list the ministry's open request")
		}
		if strings.Contains(body, html.EscapeString(en.T("consultations.dashboard_overdue"))) {
			t.Error("the liaison sees the staff block")
		}
	})
	t.Run("DelegateDashboardHasNone", func(t *testing.T) {
		c := app.client()
		c.login(delegateEmail)
		_, body := c.get("/")
		if strings.Contains(body, "/consultations") {
			t.Error("the delegate's dashboard mentions consultations")
		}
	})
	t.Run("ItemPageShowsAnswers", func(t *testing.T) {
		id := app.consultationID(app.itemID("226 EX", "9"), "MOF") // answered from a tracker in the demo
		_, body := staff.get(fmt.Sprintf("/items/%d", app.itemID("226 EX", "9")))
		if !strings.Contains(body, html.EscapeString(app.consultation(id).Answer)) || !strings.Contains(body, html.EscapeString(en.T("consultations.from_file"))) {
			t.Error("the item page does not show the answer and where it came from")
		}
	})
}

// TestLiaisonListOrder: the liaison's list of requests is in the order its lead says:
// those still to answer first, soonest due first, then those answered.
func TestLiaisonListOrder(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(moeEmail)
	_, body := c.get("/consultations")
	if !strings.Contains(body, html.EscapeString(en.T("consultations.lead_liaison"))) || !strings.Contains(en.T("consultations.lead_liaison"), "answered") {
		t.Error("the lead does not say that answered requests come after those still to answer")
	}
	rank := map[domain.ConsultationStatus]int{domain.ConsultationOpen: 0, domain.ConsultationAnswered: 1, domain.ConsultationClosed: 2}
	var last *domain.Consultation
	seen := map[int64]bool{}
	for _, m := range regexp.MustCompile(`href="/consultations/(\d+)" class="c-question"`).FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		if seen[id] {
			continue
		}
		seen[id] = true
		cur := app.consultation(id)
		if last != nil {
			r0, r1 := rank[last.Status], rank[cur.Status]
			if r1 < r0 || (r1 == r0 && cur.DueOn.Before(last.DueOn)) {
				t.Errorf("%s due %s listed after %s due %s", cur.Status, cur.DueOn.Format(time.DateOnly), last.Status, last.DueOn.Format(time.DateOnly))
			}
		}
		last = cur
	}
	if len(seen) < 2 {
		t.Fatalf("the list shows %d requests; the demo has more", len(seen))
	}
}

// TestFocalPointOnRequest: a liaison reads on a request whom to ask about it at the
// Commission: the item's focal point, with their e-mail and phone.
func TestFocalPointOnRequest(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	id := app.consultationID(app.itemID("21 ICH", "14"), "MOE")
	c := app.client()
	c.login(moeEmail)
	_, body := c.get(fmt.Sprintf("/consultations/%d", id))
	focal := app.user(staffEmail) // the focal point of the demo's items
	for _, want := range []string{html.EscapeString(focal.Name), `href="mailto:` + focal.Email + `"`, "2 6958 4163"} {
		if !strings.Contains(body, want) {
			t.Errorf("the request does not show the focal point's %q", want)
		}
	}
}
