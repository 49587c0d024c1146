package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
)

// noSuchID is an id that no row of the demo data has.
const noSuchID = 987654321

// sameAnswer strips what differs between two answers to two requests of the same client
// without telling anything: the request's id, the path the language form returns to, and
// an anonymous visitor's form token, which carries the second it was issued in, so two
// requests a second apart get two tokens.
var sameAnswer = regexp.MustCompile(`<code>[^<]*</code>|name="back" value="[^"]*"|value="a\.[0-9a-z]+\.[^"]*"`)

// TestNoOracles: where a person names something in a URL or a form (an e-mail, a ministry's
// code, an id) that they may not use, the answer is the same whether it exists or not:
// same status, same page. Otherwise the answer would tell a liaison which accounts exist,
// or which other ministry is consulted on what.
func TestNoOracles(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ses := func(code string) int64 { return app.sessionID(code) }
	khs := app.ministry("KHS").ID
	khsConsultation := app.consultationID(app.itemID("21 ICH", "8"), "KHS")
	mofaItem := app.itemID("220 EX", "3")
	otherMember := app.freshMember("43 C")
	tests := []struct {
		name, email, method string
		known, unknown      string     // the paths naming what exists and what does not
		form                url.Values // for a POST: the form of both
		unknownForm         url.Values // for a POST naming in its form: the form of unknown
		status              int
	}{
		// The briefing pack: the audience and the role decide before anything is looked up.
		{"PackDelegateAsLiaison", moeEmail, "GET",
			fmt.Sprintf("/sessions/%d/pack?audience=delegate&delegate=%s", ses("220 EX"), url.QueryEscape(delegateEmail)),
			fmt.Sprintf("/sessions/%d/pack?audience=delegate&delegate=%s", ses("220 EX"), url.QueryEscape("nobody@plenary.example")), nil, nil, 403},
		{"PackOtherDelegateAsDelegate", delegateEmail, "GET",
			fmt.Sprintf("/sessions/%d/pack?audience=delegate&delegate=%s", ses("226 EX"), url.QueryEscape(staffEmail)),
			fmt.Sprintf("/sessions/%d/pack?audience=delegate&delegate=%s", ses("226 EX"), url.QueryEscape("nobody@plenary.example")), nil, nil, 403},
		{"PackOtherMinistryAsLiaison", moeEmail, "GET",
			fmt.Sprintf("/sessions/%d/pack?audience=ministry&ministry=KHS", ses("220 EX")),
			fmt.Sprintf("/sessions/%d/pack?audience=ministry&ministry=ZZZ", ses("220 EX")), nil, nil, 403},
		{"PackMinistryAsDelegate", delegateEmail, "GET",
			fmt.Sprintf("/sessions/%d/pack?audience=ministry&ministry=MOE", ses("226 EX")),
			fmt.Sprintf("/sessions/%d/pack?audience=ministry&ministry=ZZZ", ses("226 EX")), nil, nil, 403},
		{"PackFullAsLiaison", moeEmail, "GET",
			fmt.Sprintf("/sessions/%d/pack?audience=full", ses("48 WHC")),
			fmt.Sprintf("/sessions/%d/pack?audience=full", noSuchID), nil, nil, 403},
		{"PackOfUnseenSession", moeEmail, "GET",
			fmt.Sprintf("/sessions/%d/pack", ses("48 WHC")), fmt.Sprintf("/sessions/%d/pack", noSuchID), nil, nil, 404},
		{"PackNonDelegateAsStaff", staffEmail, "GET",
			fmt.Sprintf("/sessions/%d/pack?audience=delegate&delegate=%s", ses("226 EX"), url.QueryEscape(moeEmail)),
			fmt.Sprintf("/sessions/%d/pack?audience=delegate&delegate=%s", ses("226 EX"), url.QueryEscape("nobody@plenary.example")), nil, nil, 404},
		// The briefing book resolves its audience as the pack does.
		{"BookOtherMinistryAsLiaison", moeEmail, "GET",
			fmt.Sprintf("/sessions/%d/book?audience=ministry&ministry=KHS", ses("220 EX")),
			fmt.Sprintf("/sessions/%d/book?audience=ministry&ministry=ZZZ", ses("220 EX")), nil, nil, 403},
		{"BookOfUnseenSession", moeEmail, "GET",
			fmt.Sprintf("/sessions/%d/book", ses("48 WHC")), fmt.Sprintf("/sessions/%d/book", noSuchID), nil, nil, 404},
		{"BookNonDelegateAsStaff", staffEmail, "GET",
			fmt.Sprintf("/sessions/%d/book?audience=delegate&delegate=%s", ses("226 EX"), url.QueryEscape(moeEmail)),
			fmt.Sprintf("/sessions/%d/book?audience=delegate&delegate=%s", ses("226 EX"), url.QueryEscape("nobody@plenary.example")), nil, nil, 404},

		// Trackers: a liaison's own ministry only.
		{"TrackerOfOtherMinistry", moeEmail, "GET",
			fmt.Sprintf("/consultations/tracker?ministry=%d", khs), fmt.Sprintf("/consultations/tracker?ministry=%d", noSuchID), nil, nil, 403},
		{"UploadFormOfOtherMinistry", moeEmail, "GET",
			fmt.Sprintf("/consultations/upload?ministry=%d", khs), fmt.Sprintf("/consultations/upload?ministry=%d", noSuchID), nil, nil, 403},
		{"UploadForOtherMinistry", moeEmail, "POST", "/consultations/upload", "/consultations/upload",
			url.Values{"ministry_id": {fmt.Sprint(khs)}}, url.Values{"ministry_id": {fmt.Sprint(noSuchID)}}, 403},

		// Ids in paths, of things the person may not see.
		{"OtherMinistrysConsultation", moeEmail, "GET",
			fmt.Sprintf("/consultations/%d", khsConsultation), fmt.Sprintf("/consultations/%d", noSuchID), nil, nil, 404},
		{"AnswerOtherMinistrysConsultation", moeEmail, "POST",
			fmt.Sprintf("/consultations/%d/answer", khsConsultation), fmt.Sprintf("/consultations/%d/answer", noSuchID),
			url.Values{"answer": {"x"}, "version": {"1"}}, nil, 404},
		{"OtherMinistrysItem", moeEmail, "GET", fmt.Sprintf("/items/%d", mofaItem), fmt.Sprintf("/items/%d", noSuchID), nil, nil, 404},
		{"OtherMinistrysBriefHistory", moeEmail, "GET",
			fmt.Sprintf("/items/%d/brief/history", mofaItem), fmt.Sprintf("/items/%d/brief/history", noSuchID), nil, nil, 404},
		{"ReviewOtherMinistrysBrief", moeEmail, "POST",
			fmt.Sprintf("/items/%d/brief/review", mofaItem), fmt.Sprintf("/items/%d/brief/review", noSuchID),
			url.Values{"verdict": {"concur"}, "revision_id": {"1"}}, nil, 404},
		{"OtherMinistrysMember", khsEmail, "GET",
			fmt.Sprintf("/members/%d", app.memberID("226 EX", han)), fmt.Sprintf("/members/%d", noSuchID), nil, nil, 404},
		{"CheckInOnOtherDelegation", delegateEmail, "GET",
			fmt.Sprintf("/members/%d/checkin", otherMember), fmt.Sprintf("/members/%d/checkin", noSuchID), nil, nil, 404},
		{"SessionNotOnDelegation", delegateEmail, "GET",
			fmt.Sprintf("/sessions/%d", ses("21 ICH")), fmt.Sprintf("/sessions/%d", noSuchID), nil, nil, 404},
		{"DelegationNotOn", delegateEmail, "GET",
			fmt.Sprintf("/sessions/%d/delegation", ses("21 ICH")), fmt.Sprintf("/sessions/%d/delegation", noSuchID), nil, nil, 404},
		{"RadarOfUnseenSession", moeEmail, "GET",
			fmt.Sprintf("/sessions/%d/consultations", ses("48 WHC")), fmt.Sprintf("/sessions/%d/consultations", noSuchID), nil, nil, 404},

		// Forms and pages that are not the person's at all are refused before the ids they
		// name are looked up.
		{"CoverageAsLiaison", moeEmail, "POST",
			fmt.Sprintf("/members/%d/coverage", app.memberID("226 EX", han)), fmt.Sprintf("/members/%d/coverage", noSuchID),
			url.Values{"item_id": {fmt.Sprint(app.itemID("226 EX", "5.I.B"))}, "version": {"1"}},
			url.Values{"item_id": {fmt.Sprint(noSuchID)}, "version": {"1"}}, 403},
		{"RequestAsLiaison", moeEmail, "POST",
			fmt.Sprintf("/items/%d/consultations", mofaItem), fmt.Sprintf("/items/%d/consultations", noSuchID),
			url.Values{"ministry_ids": {fmt.Sprint(khs)}, "question": {"x"}, "due_on": {inFuture(7)}},
			url.Values{"ministry_ids": {fmt.Sprint(noSuchID)}, "question": {"x"}, "due_on": {inFuture(7)}}, 403},
		{"MemberFormAsDelegate", delegateEmail, "GET",
			fmt.Sprintf("/sessions/%d/delegation/new?person=%d", ses("226 EX"), app.personID(han)),
			fmt.Sprintf("/sessions/%d/delegation/new?person=%d", noSuchID, noSuchID), nil, nil, 403},
		{"UserFormAsStaff", staffEmail, "GET",
			fmt.Sprintf("/admin/users/%d/edit", app.user(moeEmail).ID), fmt.Sprintf("/admin/users/%d/edit", noSuchID), nil, nil, 403},
		{"PersonAsLiaison", moeEmail, "GET",
			fmt.Sprintf("/people/%d", app.personID(han)), fmt.Sprintf("/people/%d", noSuchID), nil, nil, 403},

		// Filters only narrow what the person sees anyway.
		{"ConsultationFilters", moeEmail, "GET",
			fmt.Sprintf("/consultations?status=&ministry=%d&session=%d", khs, ses("48 WHC")),
			fmt.Sprintf("/consultations?status=&ministry=%d&session=%d", noSuchID, noSuchID), nil, nil, 200},
	}
	clients := map[string]*client{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := clients[tt.email]
			if !ok {
				c = app.client()
				c.login(tt.email)
				c.get("/")
				clients[tt.email] = c
			}
			ask := func(path string, form url.Values) (int, string) {
				var resp *http.Response
				var body string
				if tt.method == "GET" {
					resp, body = c.get(path)
				} else {
					f := url.Values{}
					for k, v := range form {
						f[k] = v
					}
					resp, body = c.post(path, f)
				}
				return resp.StatusCode, sameAnswer.ReplaceAllString(body, "")
			}
			unknownForm := tt.unknownForm
			if unknownForm == nil {
				unknownForm = tt.form
			}
			audits := app.count("audit_log", "TRUE")
			status, body := ask(tt.known, tt.form)
			if status != tt.status {
				t.Errorf("%s %s: status %d, want %d", tt.method, tt.known, status, tt.status)
			}
			status2, body2 := ask(tt.unknown, unknownForm)
			if got := app.count("audit_log", "TRUE"); got != audits {
				t.Errorf("%d audit rows after the refusals, want %d", got, audits)
			}
			if status2 != status || body2 != body {
				t.Errorf("%s %s answers %d, %s %s answers %d: the answers differ", tt.method, tt.known, status, tt.method, tt.unknown, status2)
			}
		})
	}

	t.Run("TrackerRowsNamingOthers", func(t *testing.T) {
		// A returned tracker names consultations by id: a row naming another ministry's
		// consultation reads like one naming none at all.
		ctx := context.Background()
		moe := app.ministry("MOE").ID
		var ids []int64
		for _, number := range []string{"5.I.B", "1"} {
			cs, err := app.Store.OpenConsultations(ctx, domain.Actor{User: app.user(staffEmail)}, time.UTC, app.itemID("226 EX", number),
				domain.ConsultationRequest{MinistryIDs: []int64{moe}, Question: "Position?", DueOn: inFuture(10)})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, cs[0].ID)
		}
		liaison := app.client()
		liaison.login(moeEmail)
		tr, _ := getTracker(t, liaison, "/consultations/tracker")
		for _, id := range ids {
			tr.set(answerHeader, id, "An answer.")
		}
		other, unknown := tr.rows[ids[0]], tr.rows[ids[1]]
		tr.set("ID", ids[0], fmt.Sprint(khsConsultation))
		tr.set("ID", ids[1], fmt.Sprint(noSuchID))
		liaison.get("/consultations/upload")
		_, body := liaison.uploadTracker(0, "tracker.xlsx", tr.bytes())
		got := previewVerdicts(body)
		if got[other] == "" || got[other] != got[unknown] || got[other] == "record" {
			t.Errorf("row naming another ministry's consultation: %q; row naming none: %q; want the same refusal", got[other], got[unknown])
		}
		if strings.Contains(body, html.EscapeString(app.consultation(khsConsultation).ItemTitle("en"))) {
			t.Error("the preview shows the item of another ministry's consultation")
		}
	})

	t.Run("PackOwnAudience", func(t *testing.T) {
		// What the person may name, they get: their own, however the e-mail is written.
		c := app.client()
		c.login(delegateEmail)
		path := fmt.Sprintf("/sessions/%d/pack?audience=delegate&delegate=%s", ses("226 EX"), url.QueryEscape(" Delegate@Plenary.Example "))
		if resp, _ := c.get(path); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", path, resp.StatusCode)
		}
		m := app.client()
		m.login(moeEmail)
		path = fmt.Sprintf("/sessions/%d/pack?audience=ministry&ministry=moe", ses("220 EX"))
		if resp, _ := m.get(path); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", path, resp.StatusCode)
		}
		s := app.client()
		s.login(staffEmail)
		path = fmt.Sprintf("/sessions/%d/pack?audience=delegate&delegate=%s", ses("226 EX"), url.QueryEscape(delegateEmail))
		if resp, _ := s.get(path); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", path, resp.StatusCode)
		}
	})
}
