package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
)

// matrixForm reads the coverage matrix of a delegation page as a browser would submit it:
// the items and members shown and every box ticked.
func matrixForm(t *testing.T, body string) url.Values {
	t.Helper()
	form := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="(shown|member)" value="([0-9:]+)">`).FindAllStringSubmatch(body, -1) {
		form.Add(m[1], m[2])
	}
	for _, m := range regexp.MustCompile(`<input type="checkbox" name="cover" value="([0-9:]+)"[^>]*>`).FindAllStringSubmatch(body, -1) {
		if strings.Contains(m[0], " checked") {
			form.Add("cover", m[1])
		}
	}
	if len(form["shown"]) == 0 || len(form["member"]) == 0 {
		t.Fatal("the page has no coverage matrix")
	}
	return form
}

// tick sets the box of member on item in form.
func tick(form url.Values, member, item int64, on bool) {
	v := fmt.Sprintf("%d:%d", member, item)
	var kept []string
	for _, c := range form["cover"] {
		if c != v {
			kept = append(kept, c)
		}
	}
	if on {
		kept = append(kept, v)
	}
	form["cover"] = kept
}

// TestCoverageMatrix: staff set who covers which item on the delegation page in one
// save, one audit row per member changed; a matrix read before someone else changed a
// member's items saves nothing, names the member and keeps the ticks. Liaisons and
// delegates see who covers which item, without the form.
func TestCoverageMatrix(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	sid := app.sessionID("226 EX")
	path := fmt.Sprintf("/sessions/%d/delegation", sid)
	save := path + "/coverage"
	seo, oh, han := app.memberID("226 EX", "Seo Ji-yeon"), app.memberID("226 EX", "Oh Yu-na"), app.memberID("226 EX", "Han Seung-ho")
	item3, item9 := app.itemID("226 EX", "3"), app.itemID("226 EX", "9")
	covers := func(member, item int64) bool {
		return app.count("coverage", "member_id = ? AND item_id = ?", member, item) == 1
	}
	audits := func() int { return app.count("audit_log", "entity = 'delegation_member' AND action = 'cover'") }
	c := app.client()
	c.login(staffEmail)

	t.Run("OK", func(t *testing.T) {
		_, body := c.get(path)
		form := matrixForm(t, body)
		if got := len(form["member"]); got != 8 {
			t.Errorf("%d members in the matrix, want 8", got)
		}
		tick(form, seo, item3, true)
		tick(form, oh, item9, true)
		before := audits()
		resp, _ := c.post(save, form)
		wantRedirect(t, resp, path)
		if !covers(seo, item3) || !covers(oh, item9) {
			t.Error("the ticked items are not covered")
		}
		if got := audits() - before; got != 2 {
			t.Errorf("%d audit rows, want 2", got)
		}
		if _, body := c.get(path); !strings.Contains(body, en.T("coverage.matrix_saved", "Count", 2)) {
			t.Errorf("no confirmation %q", en.T("coverage.matrix_saved", "Count", 2))
		}
	})

	t.Run("ErrStale", func(t *testing.T) {
		_, body := c.get(path)
		mine := matrixForm(t, body)
		// Meanwhile an administrator gives Han item 9 in the same matrix.
		other := app.client()
		other.login(adminEmail)
		_, theirBody := other.get(path)
		theirs := matrixForm(t, theirBody)
		tick(theirs, han, item9, true)
		if resp, _ := other.post(save, theirs); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("their save: status %d", resp.StatusCode)
		}
		tick(mine, seo, item9, true) // a member only this person changes
		tick(mine, han, item3, true) // the member both changed
		before := audits()
		resp, body := c.post(save, mine)
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("status %d, want 409", resp.StatusCode)
		}
		if covers(seo, item9) || covers(han, item3) || !covers(han, item9) {
			t.Error("a refused matrix was saved in part, or undid the other change")
		}
		if got := audits(); got != before {
			t.Errorf("%d audit rows written by a refused matrix", got-before)
		}
		if got := alert(body); !strings.Contains(got, "Han Seung-ho") || strings.Contains(got, "Seo Ji-yeon") {
			t.Errorf("alert %q, want Han (only) named", got)
		}
		back := matrixForm(t, body)
		for _, v := range []string{fmt.Sprintf("%d:%d", seo, item9), fmt.Sprintf("%d:%d", han, item3)} {
			if !slices.Contains(back["cover"], v) {
				t.Errorf("tick %s not kept", v)
			}
		}
		if slices.Contains(back["cover"], fmt.Sprintf("%d:%d", han, item9)) {
			t.Error("the box Han's item 9 was ticked in elsewhere shows ticked; the person did not tick it")
		}
		if !strings.Contains(body, fmt.Sprintf(`id="cn-%d-%d">%s`, han, item9, en.T("coverage.matrix_now_on"))) {
			t.Error("the box changed meanwhile does not say what is saved now")
		}
		// Sent again, as shown, the person's ticks win for Han: a deliberate overwrite.
		if resp, _ := c.post(save, back); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving again: status %d, want 303", resp.StatusCode)
		}
		if !covers(seo, item9) || !covers(han, item3) || covers(han, item9) {
			t.Error("saving again did not save the ticks as shown")
		}
	})

	t.Run("ReadOnlyForOthers", func(t *testing.T) {
		for _, email := range []string{delegateEmail, moeEmail} {
			o := app.client()
			o.login(email)
			resp, body := o.get(path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d", email, resp.StatusCode)
			}
			if strings.Contains(body, `action="`+save+`"`) || strings.Contains(body, `name="cover"`) {
				t.Errorf("%s is offered the coverage matrix form", email)
			}
		}
	})
}

// TestAttendanceOutsideStay: a member marked present on a day outside their stay is saved,
// then named with the day above the grid and their cell marked in words; days outside a
// stay are marked in words too, not by shading alone.
func TestAttendanceOutsideStay(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)
	sid := app.sessionID("34 IOC")
	path := fmt.Sprintf("/sessions/%d/attendance", sid)
	lee := app.memberID("34 IOC", "Lee Ji-hoon") // stays 22 to 27 June
	inside, outside := time.Date(2027, 6, 23, 0, 0, 0, 0, time.UTC), time.Date(2027, 6, 29, 0, 0, 0, 0, time.UTC)

	_, body := c.get(path)
	if strings.Contains(body, `id="outside-stay"`) {
		t.Fatal("a warning before anyone is marked outside their stay")
	}
	away := regexp.MustCompile(`<small class="away-mark" id="a-` + cellKey(lee, outside) + `">` + regexp.QuoteMeta(en.T("attendance.away")) + `</small>`)
	if !away.MatchString(body) {
		t.Error("a day outside the stay is not marked in words")
	}
	if strings.Contains(body, `id="a-`+cellKey(lee, inside)+`"`) {
		t.Error("a day within the stay is marked as outside it")
	}
	form := gridForm(t, body)
	form.Set("s_"+cellKey(lee, inside), "present")
	form.Set("s_"+cellKey(lee, outside), "present")
	resp, _ := c.post(path, form)
	wantRedirect(t, resp, path)

	_, body = c.get(path)
	notice := regexp.MustCompile(`(?s)<div class="notice outside-stay" role="status" id="outside-stay">(.*?)</div>`).FindStringSubmatch(body)
	if notice == nil {
		t.Fatal("no warning of a member marked present outside their stay")
	}
	if !strings.Contains(notice[1], "Lee Ji-hoon") || !strings.Contains(notice[1], "2027-06-29") ||
		strings.Contains(notice[1], "2027-06-23") || !strings.Contains(notice[1], en.T("attendance.outside_stay_days", "Count", 1)) {
		t.Errorf("the warning does not name Lee Ji-hoon on 2027-06-29 only: %s", notice[1])
	}
	if strings.Count(notice[1], "<li>") != 1 {
		t.Errorf("the warning lists %d members, want 1", strings.Count(notice[1], "<li>"))
	}
	marked := `<small class="away-mark" id="a-` + cellKey(lee, outside) + `">` + en.T("attendance.outside_stay_cell") + `</small>`
	if !strings.Contains(body, marked) || strings.Count(body, " outside") < 1 {
		t.Error("the cell of the day outside the stay is not marked")
	}
	if !regexp.MustCompile(`class="cell away outside[^"]*">\s*<label for="f-` + cellKey(lee, outside) + `"`).MatchString(body) {
		t.Error("the cell outside the stay does not carry its mark")
	}
}

// TestCheckInOutsideStay: a delegate checking in on a day outside the stay on record is
// told so, with the dates on record; within the stay, nothing is said.
func TestCheckInOutsideStay(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ctx := context.Background()
	today := domain.Today(time.Now(), mustZone(t, "Asia/Seoul"))
	ses := &domain.Session{BodyID: app.body("EX").ID, Number: 229, TitleEN: "Test session", StartsOn: today.AddDate(0, 0, -2), EndsOn: today.AddDate(0, 0, 2)}
	if err := app.Store.CreateSession(ctx, domain.SystemActor("test"), ses); err != nil {
		t.Fatal(err)
	}
	var self int64
	if err := app.DB.NewSelect().Table("people").Column("id").Where("user_id = ?", app.user(delegateEmail).ID).Scan(ctx, &self); err != nil {
		t.Fatal(err)
	}
	arrives := today.AddDate(0, 0, 1).Format(time.DateOnly)
	m, err := app.Store.AddMember(ctx, domain.SystemActor("test"), ses, domain.MemberInput{PersonID: self, Role: "delegate",
		Accreditation: "confirmed", ArrivesOn: arrives})
	if err != nil {
		t.Fatal(err)
	}
	d := app.client()
	d.login(delegateEmail)
	path := fmt.Sprintf("/members/%d/checkin", m.ID)
	_, body := d.get(path)
	want := html.EscapeString(en.T("checkin.outside_stay", "From", arrives, "To", "…"))
	if !strings.Contains(body, `id="outside-stay">`+want) {
		t.Errorf("the check-in page does not say today is outside the stay; want %q", want)
	}

	in := m.Input()
	in.ArrivesOn = today.AddDate(0, 0, -1).Format(time.DateOnly)
	if err := app.Store.UpdateMember(ctx, domain.SystemActor("test"), ses, m.ID, in); err != nil {
		t.Fatal(err)
	}
	if _, body := d.get(path); strings.Contains(body, `id="outside-stay"`) {
		t.Error("the check-in page warns within the stay")
	}
}
