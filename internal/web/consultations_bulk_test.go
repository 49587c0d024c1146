package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
)

// seoulDay returns the day days from today in Seoul, the zone the test servers read
// dates in.
func seoulDay(t *testing.T, days int) string {
	return domain.Today(time.Now(), mustZone(t, "Asia/Seoul")).AddDate(0, 0, days).Format(time.DateOnly)
}

// askAs opens consultations of ministry code on items as staff, due on due.
func (a *testApp) askAs(due, code string, items ...int64) []domain.Consultation {
	a.t.Helper()
	staff := domain.Actor{User: a.user(staffEmail)}
	var out []domain.Consultation
	for _, item := range items {
		cs, err := a.Store.OpenConsultations(context.Background(), staff, mustZone(a.t, "Asia/Seoul"), item,
			domain.ConsultationRequest{MinistryIDs: []int64{a.ministry(code).ID}, Question: "Your view, please.", DueOn: due})
		if err != nil {
			a.t.Fatal(err)
		}
		out = append(out, cs...)
	}
	return out
}

// answeredAs opens consultations of ministry code on items and answers them.
func (a *testApp) answeredAs(code string, items ...int64) []domain.Consultation {
	a.t.Helper()
	cs := a.askAs(seoulDay(a.t, 10), code, items...)
	staff := domain.Actor{User: a.user(staffEmail)}
	for i, c := range cs {
		if err := a.Store.AnswerConsultation(context.Background(), staff, c.ID, domain.ConsultationAnswer{Answer: "Our answer.", Version: c.Version}); err != nil {
			a.t.Fatal(err)
		}
		cs[i] = *a.consultation(c.ID)
	}
	return cs
}

func consultationAudits(a *testApp, action string) int {
	return a.count("audit_log", "entity = 'consultation' AND action = ?", action)
}

// TestAskSeveralItems: staff tick items on the agenda, choose ministries and ask one
// question of all of them at once; pairs asked already are left out and named; a liaison
// is refused with nothing written.
func TestAskSeveralItems(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	sid := app.sessionID("226 EX")
	page := fmt.Sprintf("/sessions/%d", sid)
	radar := page + "/consultations"
	a, b := app.itemID("226 EX", "5.II.A"), app.itemID("226 EX", "5.I.B")
	mof, moe := app.ministry("MOF").ID, app.ministry("MOE").ID
	app.askAs(seoulDay(t, 9), "MOF", b)
	staff := app.client()
	staff.login(staffEmail)
	form := func(extra url.Values) url.Values {
		v := url.Values{"item_ids": {id(a), id(b)}, "ministry_ids": {id(mof), id(moe)},
			"question": {"Your position on both draft decisions?"}, "due_on": {seoulDay(t, 14)}}
		for k, vs := range extra {
			v[k] = vs
		}
		return v
	}

	t.Run("FromTheAgenda", func(t *testing.T) {
		_, body := staff.get(page)
		audits := app.count("audit_log", "TRUE")
		resp, _ := staff.post(page+"/items/bulk", url.Values{"item": {tickBox(t, body, a), tickBox(t, body, b)}, "then": {"ask"}})
		wantRedirect(t, resp, radar+"/new?item="+id(a)+"&item="+id(b))
		if got := app.count("audit_log", "TRUE"); got != audits {
			t.Errorf("going on to the request wrote %d audit rows", got-audits)
		}
		resp, body = staff.get(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d, want the form", resp.StatusCode)
		}
		for _, it := range []int64{a, b} {
			if !regexp.MustCompile(`name="item_ids" value="` + id(it) + `" checked`).MatchString(body) {
				t.Errorf("item %d is not ticked on the form", it)
			}
		}
		if regexp.MustCompile(`name="item_ids" value="` + id(app.itemID("226 EX", "3")) + `" checked`).MatchString(body) {
			t.Error("an item not ticked on the agenda is ticked on the form")
		}
	})
	t.Run("LiaisonRefused", func(t *testing.T) {
		moeClient := app.client()
		moeClient.login(moeEmail)
		before := app.count("consultations", "TRUE")
		resp, _ := moeClient.post(radar, form(nil))
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, want 403", resp.StatusCode)
		}
		if resp, _ := moeClient.get(radar + "/new"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("the form: status %d, want 403", resp.StatusCode)
		}
		if got := app.count("consultations", "TRUE"); got != before {
			t.Errorf("%d consultations, want %d", got, before)
		}
	})
	t.Run("NothingChosen", func(t *testing.T) {
		resp, body := staff.post(radar, form(url.Values{"item_ids": nil, "ministry_ids": nil}))
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
		errs := fieldErrors(body)
		if errs["item_ids"] == "" || errs["ministry_ids"] == "" {
			t.Errorf("field errors %v, want the items and the ministries named", errs)
		}
	})
	t.Run("OK", func(t *testing.T) {
		audits := consultationAudits(app, "create")
		resp, _ := staff.post(radar, form(nil))
		wantRedirect(t, resp, radar)
		_, body := staff.get(radar)
		if f := flashOf(body); !strings.Contains(f, "3 requests sent. Already asked, so left out: 5.I.B · MOF.") {
			t.Errorf("flash %q, want the count sent and the pair left out", f)
		}
		if got := consultationAudits(app, "create") - audits; got != 3 {
			t.Errorf("%d audit rows, want 3", got)
		}
		if got := app.count("consultations", "item_id IN (?, ?) AND question = 'Your position on both draft decisions?'", a, b); got != 3 {
			t.Errorf("%d consultations opened, want 3", got)
		}
		_, body = staff.get(radar)
		if strings.Contains(flashOf(body), "requests sent") {
			t.Error("the confirmation shows again on a later page")
		}
	})
}

// TestRecordSentRequest: staff record a request sent by e-mail before Plenary; a due date
// that has passed is refused on its field until it is confirmed; the consultation's page
// shows the day it was asked.
func TestRecordSentRequest(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	item := app.itemID("226 EX", "5.II.A")
	path := "/items/" + id(item) + "/consultations"
	staff := app.client()
	staff.login(staffEmail)
	form := url.Values{"ministry_ids": {id(app.ministry("MOFA").ID)}, "question": {"Sent by e-mail on 2 November."},
		"due_on": {seoulDay(t, -3)}, "already_sent": {"true"}, "asked_on": {seoulDay(t, -20)}}

	resp, body := staff.post(path, form)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", resp.StatusCode)
	}
	if got, want := fieldErrors(body)["due_on"], en.T("consultations.error_due_passed"); got != want {
		t.Errorf("due date error %q, want %q", got, want)
	}
	if !strings.Contains(body, `name="asked_on" type="date" value="`+seoulDay(t, -20)+`"`) || !strings.Contains(body, `name="already_sent" value="true" checked`) {
		t.Error("the form does not come back as typed")
	}
	if got := app.count("consultations", "question = 'Sent by e-mail on 2 November.'"); got != 0 {
		t.Fatalf("%d recorded without the confirmation", got)
	}

	form.Set("past_due", "true")
	notices := app.count("notifications", "kind = 'consultation_opened'")
	resp, _ = staff.post(path, form)
	wantRedirect(t, resp, "/items/"+id(item))
	_, body = staff.get("/items/" + id(item))
	if f := flashOf(body); !strings.Contains(f, "1 request recorded as already sent.") {
		t.Errorf("flash %q", f)
	}
	cid := app.scanID("SELECT id FROM consultations WHERE question = 'Sent by e-mail on 2 November.'")
	if got := app.count("audit_log", "entity = 'consultation' AND action = 'record' AND entity_id = ?", cid); got != 1 {
		t.Errorf("%d audit rows saying recorded, want 1", got)
	}
	if got := app.count("notifications", "kind = 'consultation_opened'"); got != notices {
		t.Errorf("%d notices of a request the ministry has already", got-notices)
	}
	_, body = staff.get("/consultations/" + id(cid))
	if !strings.Contains(body, en.T("consultations.asked_on")) || !strings.Contains(body, seoulDay(t, -20)) {
		t.Error("the consultation's page does not show the day it was asked")
	}
}

// TestBulkClose: staff tick answered consultations on a session's radar and close them in
// one step, all or none: one changed meanwhile is named with 409, one not answered with
// an error on the ticks, the ticks kept either way.
func TestBulkClose(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	sid := app.sessionID("226 EX")
	radar := fmt.Sprintf("/sessions/%d/consultations", sid)
	cs := app.answeredAs("MOFA", app.itemID("226 EX", "5.II.A"), app.itemID("226 EX", "5.I.B"))
	x, y := cs[0], cs[1]
	open := app.askAs(seoulDay(t, 10), "MOF", app.itemID("226 EX", "5.II.A"))[0]
	staff := app.client()
	staff.login(staffEmail)
	tick := func(c domain.Consultation) string { return id(c.ID) + ":" + strconv.Itoa(c.Version) }
	closed := func() int {
		return app.count("consultations", "status = 'closed' AND id IN (?, ?, ?)", x.ID, y.ID, open.ID)
	}

	t.Run("TickBoxes", func(t *testing.T) {
		_, body := staff.get(radar)
		if !strings.Contains(body, `name="consultation" id="t-`+id(x.ID)+`" value="`+tick(x)+`"`) {
			t.Error("an answered consultation has no tick box")
		}
		if strings.Contains(body, `id="t-`+id(open.ID)+`"`) {
			t.Error("an open consultation has a tick box")
		}
		_, body = staff.get(radar + "?tick=answered")
		for _, c := range []domain.Consultation{x, y} {
			if !strings.Contains(body, `value="`+tick(c)+`" aria-label="Select `) || !regexp.MustCompile(`id="t-`+id(c.ID)+`"[^>]*checked`).MatchString(body) {
				t.Errorf("consultation %d is not ticked by 'select all answered'", c.ID)
			}
		}
	})
	t.Run("LiaisonRefused", func(t *testing.T) {
		moe := app.client()
		moe.login(moeEmail)
		resp, _ := moe.post(radar+"/close", url.Values{"consultation": {tick(x), tick(y)}})
		if resp.StatusCode != http.StatusForbidden || closed() != 0 {
			t.Errorf("status %d with %d closed, want 403 and none", resp.StatusCode, closed())
		}
	})
	t.Run("OpenOneTicked", func(t *testing.T) {
		audits := consultationAudits(app, "close")
		resp, body := staff.post(radar+"/close", url.Values{"consultation": {tick(x), tick(open)}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
		if got := fieldErrors(body)["consultation"]; !strings.Contains(got, "5.II.A · MOF has no answer yet") {
			t.Errorf("field error %q, want the open one named", got)
		}
		if closed() != 0 || consultationAudits(app, "close") != audits {
			t.Error("something was closed")
		}
		if !regexp.MustCompile(`id="t-` + id(x.ID) + `"[^>]*checked`).MatchString(body) {
			t.Error("the ticks are not kept")
		}
	})
	t.Run("StaleOne", func(t *testing.T) {
		// The ministry edits its answer meanwhile.
		moe := domain.Actor{User: app.user(staffEmail)}
		if err := app.Store.AnswerConsultation(context.Background(), moe, y.ID, domain.ConsultationAnswer{Answer: "Our answer, revised.", Version: y.Version}); err != nil {
			t.Fatal(err)
		}
		resp, body := staff.post(radar+"/close", url.Values{"consultation": {tick(x), tick(y)}})
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("status %d, want 409", resp.StatusCode)
		}
		if got := alert(body); !strings.Contains(got, "5.I.B · MOFA") || !strings.Contains(got, "nothing was closed") {
			t.Errorf("message %q, want the changed one named", got)
		}
		if closed() != 0 {
			t.Error("something was closed")
		}
		y = *app.consultation(y.ID)
	})
	t.Run("OK", func(t *testing.T) {
		audits := consultationAudits(app, "close")
		resp, _ := staff.post(radar+"/close", url.Values{"consultation": {tick(x), tick(y)}})
		wantRedirect(t, resp, radar)
		if closed() != 2 || consultationAudits(app, "close")-audits != 2 {
			t.Errorf("%d closed with %d audit rows, want 2 and 2", closed(), consultationAudits(app, "close")-audits)
		}
		_, body := staff.get(radar)
		if f := flashOf(body); !strings.Contains(f, "2 requests closed.") {
			t.Errorf("flash %q", f)
		}
	})
}

// TestDueBucketsShown: requests due today and this week are counted on the radar and
// listed on the staff dashboard, and marked on the liaison's dashboard.
func TestDueBucketsShown(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	sid := app.sessionID("226 EX")
	today := app.askAs(seoulDay(t, 0), "MOE", app.itemID("226 EX", "5.II.A"))[0]
	week := app.askAs(seoulDay(t, 7), "MOE", app.itemID("226 EX", "5.I.B"))[0]
	staff := app.client()
	staff.login(staffEmail)

	_, body := staff.get(fmt.Sprintf("/sessions/%d/consultations", sid))
	for _, h := range []string{"Due today", "Due this week"} {
		if !strings.Contains(body, `<th scope="col" class="num">`+h+`</th>`) {
			t.Errorf("the radar has no column %q", h)
		}
	}
	if !strings.Contains(body, `<span class="badge c-today">Due today</span>`) || !strings.Contains(body, `<span class="badge c-week">Due this week</span>`) {
		t.Error("the radar's list does not mark what is due today and this week")
	}

	_, body = staff.get("/")
	i := strings.Index(body, `id="c-due-h"`)
	if i < 0 {
		t.Fatal("the staff dashboard has no requests falling due")
	}
	section := body[i : i+strings.Index(body[i:], "</section>")]
	for _, c := range []domain.Consultation{today, week} {
		if !strings.Contains(section, `href="/consultations/`+id(c.ID)+`"`) {
			t.Errorf("consultation %d is not listed as falling due", c.ID)
		}
	}

	moe := app.client()
	moe.login(moeEmail)
	_, body = moe.get("/")
	i = strings.Index(body, `id="due-h"`)
	if i < 0 {
		t.Fatal("the liaison's dashboard has no list of what is due")
	}
	if table := body[i : i+strings.Index(body[i:], "</table>")]; !strings.Contains(table, `badge c-today`) || !strings.Contains(table, `badge c-week`) {
		t.Error("the liaison's list does not mark what is due today and this week")
	}
	if !strings.Contains(body, `id="c-due-h"`) {
		t.Error("the liaison's dashboard does not count what falls due")
	}
}
