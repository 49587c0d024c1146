package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/testtool"
	"github.com/kncu/plenary/internal/web"
)

var textareaValue = regexp.MustCompile(`(?s)<textarea[^>]*name="([a-z_]+)"[^>]*>(.*?)</textarea>`)

// formOf returns the values a browser would send from the form of body that posts to
// action: its hidden fields as the page filled them, then the typed fields.
func formOf(body, action string, typed url.Values) url.Values {
	i := strings.Index(body, `action="`+action+`"`)
	if i < 0 {
		return nil
	}
	form := body[i:]
	if j := strings.Index(form, "</form>"); j >= 0 {
		form = form[:j]
	}
	v := url.Values{}
	for _, name := range []string{"_csrf", "_keep", "_kept", "version", "base", "revision_id"} {
		if strings.Contains(form, `name="`+name+`"`) {
			v.Set(name, inputValue(form, name))
		}
	}
	for _, m := range textareaValue.FindAllStringSubmatch(form, -1) {
		v.Set(m[1], html.UnescapeString(strings.TrimPrefix(m[2], "\n")))
	}
	for k, vs := range typed {
		v[k] = vs
	}
	return v
}

// keptLogin follows the way back after a refused form: the redirect to the login page,
// the login, and the redirect to the form; it returns the form page as it is then shown.
func keptLogin(t *testing.T, c *client, resp *http.Response, email string) (string, string) {
	t.Helper()
	if got, want := resp.StatusCode, http.StatusSeeOther; got != want {
		t.Fatalf("the form sent after the login ended: status %d, want %d", got, want)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Path != "/login" {
		t.Fatalf("sent to %q, want the login page", resp.Header.Get("Location"))
	}
	next := loc.Query().Get("next")
	if !strings.Contains(next, "?kept=") {
		t.Fatalf("the login goes on to %q, which names no kept text", next)
	}
	_, body := c.get(resp.Header.Get("Location"))
	if !strings.Contains(body, en.T("kept.login_again")) {
		t.Error("the login page does not say that the text is kept")
	}
	resp, _ = c.post("/login", url.Values{"email": {email}, "password": {testdb.Password}, "next": {inputValue(body, "next")}})
	wantRedirect(t, resp, next)
	resp, body = c.get(next)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s after login: status %d", next, resp.StatusCode)
	}
	return next, body
}

// TestKeptForms: a person whose login ends while they type loses nothing. The form they
// send is refused (nothing saved), its text kept under their account; after logging in
// again they find it in the same form and save it, with the usual version check. Nobody
// else gets it, and nothing kept is saved without a fresh token.
func TestKeptForms(t *testing.T) {
	t.Parallel()
	db, _ := testdb.NewDemo(t)
	clock := testtool.NewClock(time.Now())
	app := newAppOn(t, db, func(cfg *web.Config) { cfg.Now, cfg.IdleTimeout = clock.Now, 30*time.Minute })
	item := app.itemID("21 ICH", "14") // the MOE's consultation is open, its verdict on the brief awaited
	cons := app.consultationID(item, "MOE")
	consPage := fmt.Sprintf("/consultations/%d", cons)
	itemPage := fmt.Sprintf("/items/%d", item)
	kept := func() int { return app.count("pending_uploads", "kind = 'kept_form'") }

	t.Run("AnswerAfterIdleTimeOut", func(t *testing.T) {
		const answer = "교육부 회신: 무형유산 교육 확대 계획을 2027년까지 단계적으로 시행합니다.\nA long answer typed over an hour."
		moe := app.client()
		moe.login(moeEmail)
		_, page := moe.get(consPage)
		form := formOf(page, consPage+"/answer", url.Values{"answer": {answer}})
		if form.Get("_keep") == "" {
			t.Fatal("the answer form carries no stamp of its writer")
		}
		before := app.consultation(cons)
		clock.Advance(31 * time.Minute)
		resp, _ := moe.postRaw(consPage+"/answer", form)
		if got := app.consultation(cons); got.Answer != before.Answer || got.Version != before.Version {
			t.Fatal("the form of an ended login was saved")
		}
		next, body := keptLogin(t, moe, resp, moeEmail)
		if got := formOf(body, consPage+"/answer", nil).Get("answer"); got != answer {
			t.Fatalf("the form at %s holds %q, want the typed answer", next, got)
		}
		if !strings.Contains(body, en.T("kept.restored")) {
			t.Error("the page does not say that the text is restored and not saved yet")
		}
		resp, _ = moe.post(consPage+"/answer", formOf(body, consPage+"/answer", nil))
		wantRedirect(t, resp, consPage)
		if got := app.consultation(cons); got.Answer != strings.ReplaceAll(answer, "\r\n", "\n") {
			t.Errorf("answer saved %q, want the typed one", got.Answer)
		}
		if got := kept(); got != 0 {
			t.Errorf("%d kept forms after the save, want 0", got)
		}
	})

	t.Run("ReviewAfterLogoutInAnotherTab", func(t *testing.T) {
		moe := app.client()
		moe.login(moeEmail)
		_, page := moe.get(itemPage + "/brief/review")
		form := formOf(page, itemPage+"/brief/review", url.Values{
			"verdict": {"concur_with_comments"}, "review_comment": {"Mention the 2025 teacher training for every region."}})
		// The other tab shares the cookies: logging out there ends this tab's login too.
		moe.post("/logout", nil)
		resp, _ := moe.postRaw(itemPage+"/brief/review", form)
		_, body := keptLogin(t, moe, resp, moeEmail)
		if !strings.Contains(body, ">Mention the 2025 teacher training for every region.</textarea>") {
			t.Fatal("the review comment is not restored")
		}
		if !strings.Contains(body, `id="verdict-concur_with_comments" name="verdict" value="concur_with_comments" checked`) {
			t.Error("the verdict chosen is not restored")
		}
		resp, _ = moe.post(itemPage+"/brief/review", formOf(body, itemPage+"/brief/review", url.Values{"verdict": {"concur_with_comments"},
			"review_comment": {"Mention the 2025 teacher training for every region."}}))
		wantRedirect(t, resp, itemPage)
		if got := app.count("brief_reviews", "ministry_id = ? AND comment LIKE 'Mention the 2025%'", *app.user(moeEmail).MinistryID); got != 1 {
			t.Errorf("%d verdicts recorded, want 1", got)
		}
	})

	t.Run("BriefEditKeepsTheVersionCheck", func(t *testing.T) {
		staff := app.client()
		staff.login(staffEmail)
		_, page := staff.get(itemPage + "/brief")
		form := formOf(page, itemPage+"/brief", url.Values{"stance": {"support"}, "summary_en": {"Text typed before the time-out."}})
		clock.Advance(31 * time.Minute)
		resp, _ := staff.postRaw(itemPage+"/brief", form)
		// Meanwhile a colleague saves a revision.
		colleague := app.client()
		colleague.login(adminEmail)
		colleague.get(itemPage + "/brief")
		revision := briefForm(app.brief(item), "A colleague's revision.")
		revision.Set("void_verdicts", "true") // the brief is in review, with verdicts given
		if r, _ := colleague.post(itemPage+"/brief", revision); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("colleague's save: status %d", r.StatusCode)
		}
		_, body := keptLogin(t, staff, resp, staffEmail)
		if !strings.Contains(body, ">Text typed before the time-out.</textarea>") {
			t.Fatal("the brief's text is not restored")
		}
		resp, body = staff.post(itemPage+"/brief", formOf(body, itemPage+"/brief", url.Values{"stance": {"support"}, "summary_en": {"Text typed before the time-out."}}))
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("save over a newer revision: status %d, want 409", resp.StatusCode)
		}
		if !strings.Contains(body, ">Text typed before the time-out.</textarea>") || !strings.Contains(body, "colleague") {
			t.Error("the conflict must keep the text and show the colleague's revision")
		}
		resp, _ = staff.post(itemPage+"/brief", formOf(body, itemPage+"/brief", url.Values{"stance": {"support"}, "summary_en": {"Text typed before the time-out."}}))
		wantRedirect(t, resp, itemPage)
		if got := app.brief(item).Current.SummaryEN; got != "Text typed before the time-out." {
			t.Errorf("saved %q", got)
		}
		if got := kept(); got != 0 {
			t.Errorf("%d kept forms after the save, want 0", got)
		}
	})

	t.Run("ErrOtherUserGetsNothing", func(t *testing.T) {
		const secret = "Draft answer only the MOE liaison may read again."
		moe := app.client()
		moe.login(moeEmail)
		_, page := moe.get(consPage)
		clock.Advance(31 * time.Minute)
		resp, _ := moe.postRaw(consPage+"/answer", formOf(page, consPage+"/answer", url.Values{"answer": {secret}}))
		next, _ := url.Parse(resp.Header.Get("Location"))
		back := next.Query().Get("next")
		// Someone else logs in at the same browser, with the same link.
		staff := app.client()
		staff.login(staffEmail)
		_, body := staff.get(back)
		if strings.Contains(body, secret) {
			t.Fatal("another user was shown the kept text")
		}
		token := strings.TrimPrefix(back, consPage+"?kept=")
		if got := app.count("pending_uploads", "token = ? AND user_id = ?", token, app.user(moeEmail).ID); got != 1 {
			t.Errorf("%d kept forms of the MOE liaison under the token, want 1", got)
		}
	})

	t.Run("ErrGone", func(t *testing.T) {
		moe := app.client()
		moe.login(moeEmail)
		_, body := moe.get(consPage + "?kept=" + strings.Repeat("ab", 32))
		if !strings.Contains(body, en.T("kept.expired")) {
			t.Error("a link to text that is gone is not answered as gone")
		}
	})

	t.Run("OfferedOnTheDashboard", func(t *testing.T) {
		const answer = "An answer whose writer logged in again from the bookmark of the dashboard."
		moe := app.client()
		moe.login(moeEmail)
		_, page := moe.get(consPage)
		clock.Advance(31 * time.Minute)
		moe.postRaw(consPage+"/answer", formOf(page, consPage+"/answer", url.Values{"answer": {answer}}))
		moe.login(moeEmail) // not through the link to the form
		_, body := moe.get("/")
		link := regexp.MustCompile(`href="(` + regexp.QuoteMeta(consPage) + `\?kept=[0-9a-f]{64})"`).FindStringSubmatch(body)
		if link == nil {
			t.Fatal("the dashboard does not offer the kept text back")
		}
		_, body = moe.get(html.UnescapeString(link[1]))
		if got := formOf(body, consPage+"/answer", nil).Get("answer"); got != answer {
			t.Errorf("the form holds %q, want the kept answer", got)
		}
		staff := app.client()
		staff.login(staffEmail)
		if _, body := staff.get("/"); strings.Contains(body, "?kept=") {
			t.Error("another user's dashboard offers the kept text")
		}
	})

	t.Run("ErrNoStampNoKeeping", func(t *testing.T) {
		moe := app.client()
		moe.login(moeEmail)
		_, page := moe.get(consPage)
		form := formOf(page, consPage+"/answer", url.Values{"answer": {"x"}})
		staffID := strconv.FormatInt(app.user(staffEmail).ID, 36)
		n := kept()
		for name, stamp := range map[string]string{
			"Missing":   "",
			"Forged":    "1.2.AAAA",
			"OtherUser": staffID + strings.TrimPrefix(form.Get("_keep"), strings.Split(form.Get("_keep"), ".")[0]),
		} {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			f.Set("_keep", stamp)
			f.Set("_csrf", "s.not-the-token")
			resp, _ := moe.postRaw(consPage+"/answer", f)
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s stamp: status %d, want 403", name, resp.StatusCode)
			}
		}
		// A kept form is never applied: a stale token with a valid stamp keeps, never saves.
		before := app.consultation(cons)
		form.Set("_csrf", "s.not-the-token")
		moe.postRaw(consPage+"/answer", form)
		if got := app.consultation(cons); got.Version != before.Version {
			t.Error("a form with a wrong token was saved")
		}
		if got := kept(); got != n+1 {
			t.Errorf("%d kept forms, want %d", got, n+1)
		}
	})
}
