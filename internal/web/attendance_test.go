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

// gridForm reads the attendance grid page as a browser would submit it: every status,
// note and version field with its value.
func gridForm(t *testing.T, body string) url.Values {
	t.Helper()
	form := url.Values{}
	for _, m := range regexp.MustCompile(`<select id="f-([0-9_]+)" name="s_[0-9_]+"[^>]*>(?s:(.*?))</select>`).FindAllStringSubmatch(body, -1) {
		status := ""
		if s := regexp.MustCompile(`<option value="([a-z]*)" selected>`).FindStringSubmatch(m[2]); s != nil {
			status = s[1]
		}
		form.Set("s_"+m[1], status)
		form.Set("n_"+m[1], inputValue(body, "n_"+m[1]))
		form.Set("v_"+m[1], inputValue(body, "v_"+m[1]))
	}
	if len(form) == 0 {
		t.Fatal("the page has no attendance grid")
	}
	return form
}

func cellKey(member int64, day time.Time) string {
	return fmt.Sprintf("%d_%s", member, day.Format("20060102"))
}

// TestAttendanceGridAllOrNothing: a grid with one bad cell saves nothing, and comes back
// with every typed value and the bad cell marked; corrected, it saves whole.
func TestAttendanceGridAllOrNothing(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)
	sid := app.sessionID("34 IOC")
	path := fmt.Sprintf("/sessions/%d/attendance", sid)
	recorded := func() int {
		return app.count("attendance", "member_id IN (SELECT id FROM delegation_members WHERE session_id = ?)", sid)
	}
	_, body := c.get(path)
	form := gridForm(t, body)
	if got, want := len(form)/3, 15*10; got != want {
		t.Fatalf("%d cells, want %d (15 members, 10 days)", got, want)
	}
	for k := range form {
		if strings.HasPrefix(k, "s_") {
			form.Set(k, "present")
		}
	}
	song, kwon := app.memberID("34 IOC", "Song Kyung-hee"), app.memberID("34 IOC", "Kwon Na-ra")
	first := time.Date(2027, 6, 22, 0, 0, 0, 0, time.UTC)
	bad := cellKey(song, first.AddDate(0, 0, 3))
	form.Set("s_"+bad, "late")
	typed := cellKey(kwon, first)
	form.Set("s_"+typed, "partial")
	form.Set("n_"+typed, "Typed note: morning at the side event")

	t.Run("ErrOneBadCell", func(t *testing.T) {
		audits := app.count("audit_log", "entity = 'attendance'")
		resp, body := c.post(path, form)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
		if got := recorded(); got != 0 {
			t.Errorf("%d cells recorded, want none", got)
		}
		if got := app.count("audit_log", "entity = 'attendance'"); got != audits {
			t.Errorf("%d audit rows, want %d", got, audits)
		}
		if !regexp.MustCompile(`id="f-` + bad + `" name="s_` + bad + `"[^>]*aria-invalid="true"`).MatchString(body) {
			t.Error("the bad cell is not marked")
		}
		if !strings.Contains(body, `id="e-`+bad+`">`+en.T("attendance.error_status")) {
			t.Error("the bad cell does not say what is wrong")
		}
		if strings.Count(body, `aria-invalid="true"`) != 1 {
			t.Error("cells other than the bad one are marked")
		}
		back := gridForm(t, body)
		if back.Get("s_"+typed) != "partial" || back.Get("n_"+typed) != "Typed note: morning at the side event" ||
			back.Get("s_"+cellKey(song, first)) != "present" {
			t.Error("the typed values are not kept")
		}
	})
	t.Run("OK", func(t *testing.T) {
		form.Set("s_"+bad, "absent")
		form.Set("n_"+bad, "Bilateral meeting at the Ministry")
		resp, _ := c.post(path, form)
		wantRedirect(t, resp, path)
		if got, want := recorded(), 150; got != want {
			t.Errorf("%d cells recorded, want %d", got, want)
		}
	})
	t.Run("ErrStale", func(t *testing.T) {
		_, body := c.get(path)
		mine := gridForm(t, body)
		theirs := gridForm(t, body)
		theirs.Set("s_"+typed, "absent")
		other := app.client()
		other.login(adminEmail)
		other.get(path)
		if resp, _ := other.post(path, theirs); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("their save: status %d", resp.StatusCode)
		}
		mine.Set("n_"+bad, "My later note")
		resp, body := c.post(path, mine)
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("stale save: status %d, want 409", resp.StatusCode)
		}
		if !strings.Contains(body, `id="c-`+typed+`"`) || !strings.Contains(body, `value="My later note"`) {
			t.Error("the conflict page must show the cell saved meanwhile and keep the typed note")
		}
		if resp, _ := c.post(path, gridForm(t, body)); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("saving again: status %d, want 303", resp.StatusCode)
		}
	})
}

// TestCheckIn: a delegate checks in only themselves, only for today, only on a day of a
// session they are on; nobody else checks in.
func TestCheckIn(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ctx := context.Background()
	zone := mustZone(t, "Asia/Seoul")
	today := domain.Today(time.Now(), zone)

	// A session under way today and one that ended last week, with the delegate and a
	// colleague on both.
	delegate := app.user(delegateEmail)
	colleague := app.personID(han)
	self := app.count("people", "user_id = ?", delegate.ID)
	if self != 1 {
		t.Fatalf("%d people for the delegate, want 1", self)
	}
	var selfID int64
	app.DB.NewSelect().Table("people").Column("id").Where("user_id = ?", delegate.ID).Scan(ctx, &selfID)
	members := map[string]int64{}
	for _, s := range []struct {
		name     string
		number   int
		from, to time.Time
	}{{"now", 227, today.AddDate(0, 0, -1), today.AddDate(0, 0, 1)}, {"past", 228, today.AddDate(0, 0, -12), today.AddDate(0, 0, -7)}} {
		ses := &domain.Session{BodyID: app.body("EX").ID, Number: s.number, TitleEN: "Test session", StartsOn: s.from, EndsOn: s.to}
		if err := app.Store.CreateSession(ctx, domain.SystemActor("test"), ses); err != nil {
			t.Fatal(err)
		}
		for who, person := range map[string]int64{"self": selfID, "colleague": colleague} {
			m, err := app.Store.AddMember(ctx, domain.SystemActor("test"), ses, domain.MemberInput{PersonID: person, Role: "delegate", Accreditation: "confirmed"})
			if err != nil {
				t.Fatal(err)
			}
			members[s.name+"/"+who] = m.ID
		}
	}
	d := app.client()
	d.login(delegateEmail)
	checkIn := func(c *client, member int64, day time.Time) *http.Response {
		c.get("/")
		resp, _ := c.post(fmt.Sprintf("/members/%d/checkin", member), url.Values{"day": {day.Format("2006-01-02")}, "status": {"present"}, "note": {"Checked in by the test"}})
		return resp
	}
	tests := []struct {
		name   string
		member int64
		day    time.Time
		status int
	}{
		{"ErrAnotherMember", members["now/colleague"], today, http.StatusForbidden},
		{"ErrAnotherDay", members["now/self"], today.AddDate(0, 0, -1), http.StatusUnprocessableEntity},
		{"ErrSessionOver", members["past/self"], today, http.StatusUnprocessableEntity},
		{"ErrSessionNotTheirs", app.memberID("34 IOC", "Song Kyung-hee"), today, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if resp := checkIn(d, tt.member, tt.day); resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if got := app.count("attendance", "note = 'Checked in by the test'"); got != 0 {
				t.Errorf("%d check-ins recorded, want none", got)
			}
		})
	}
	t.Run("ErrStaffChecksIn", func(t *testing.T) {
		s := app.client()
		s.login(staffEmail)
		if resp := checkIn(s, members["now/self"], today); resp.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, want 403", resp.StatusCode)
		}
	})
	t.Run("ErrDelegateRecordsGrid", func(t *testing.T) {
		key := cellKey(members["now/colleague"], today)
		d.get("/")
		resp, _ := d.post(fmt.Sprintf("/sessions/%d/attendance", app.sessionID("227 EX")),
			url.Values{"s_" + key: {"absent"}, "n_" + key: {"Checked in by the test"}, "v_" + key: {"0"}})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, want 403", resp.StatusCode)
		}
	})
	t.Run("OK", func(t *testing.T) {
		resp := checkIn(d, members["now/self"], today)
		wantRedirect(t, resp, fmt.Sprintf("/members/%d/checkin", members["now/self"]))
		var a struct {
			Day        time.Time `bun:"day"`
			Status     string    `bun:"status"`
			RecordedBy int64     `bun:"recorded_by"`
		}
		if err := app.DB.NewSelect().Table("attendance").Column("day", "status", "recorded_by").
			Where("member_id = ?", members["now/self"]).Scan(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if !a.Day.Equal(today) || a.Status != "present" || a.RecordedBy != delegate.ID {
			t.Errorf("recorded %+v, want present today by the delegate", a)
		}
		if got := app.count("audit_log", "action = 'check_in' AND actor = ?", delegateEmail); got != 1 {
			t.Errorf("%d audit rows, want 1", got)
		}
		_, body := d.get("/")
		if !strings.Contains(body, en.T("attendance_status.present")) {
			t.Error("the dashboard does not show today's check-in")
		}
	})
	// recorded returns today's status and note of the delegate.
	recorded := func(t *testing.T) (string, string) {
		t.Helper()
		var a struct {
			Status string `bun:"status"`
			Note   string `bun:"note"`
		}
		if err := app.DB.NewSelect().Table("attendance").Column("status", "note").
			Where("member_id = ? AND day = ?", members["now/self"], today).Scan(ctx, &a); err != nil {
			t.Fatal(err)
		}
		return a.Status, a.Note
	}
	page := fmt.Sprintf("/members/%d/checkin", members["now/self"])
	t.Run("PartialThenPresentDropsTheNote", func(t *testing.T) {
		d.get(page)
		d.post(page, url.Values{"day": {today.Format(time.DateOnly)}, "status": {"partial"}, "note": {"Morning only"}})
		if st, note := recorded(t); st != "partial" || note != "Morning only" {
			t.Fatalf("recorded %s %q, want partial, Morning only", st, note)
		}
		// The form shows the note again; the delegate switches to present and sends it.
		_, body := d.get(page)
		if got := inputValue(body, "note"); got != "Morning only" {
			t.Fatalf("the form's note is %q", got)
		}
		d.post(page, url.Values{"day": {inputValue(body, "day")}, "status": {"present"}, "note": {inputValue(body, "note")}})
		if st, note := recorded(t); st != "present" || note != "" {
			t.Errorf("recorded %s %q, want present without the partial day's note", st, note)
		}
		_, body = d.get(page)
		if got := inputValue(body, "note"); got != "" {
			t.Errorf("the form still shows the note %q", got)
		}
	})
	t.Run("AbsentToday", func(t *testing.T) {
		_, body := d.get(page)
		if !strings.Contains(body, `value="absent"`) {
			t.Fatal("check-in offers no absent choice")
		}
		d.post(page, url.Values{"day": {today.Format(time.DateOnly)}, "status": {"absent"}, "note": {"Unwell"}})
		if st, note := recorded(t); st != "absent" || note != "Unwell" {
			t.Errorf("recorded %s %q, want absent, Unwell", st, note)
		}
	})
}

// TestFifteenPersonDelegation is the bar: a delegation of fifteen people from four
// organisations is entered, covered and marked for every day of a session through the
// forms, and the figures agree with the grid.
func TestFifteenPersonDelegation(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ctx := context.Background()
	ses := &domain.Session{BodyID: app.body("IOC").ID, Number: 35, TitleEN: "35th session of the IOC Assembly", Venue: "Paris",
		StartsOn: time.Date(2029, 6, 25, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2029, 7, 3, 0, 0, 0, 0, time.UTC)}
	if err := app.Store.CreateSession(ctx, domain.SystemActor("test"), ses); err != nil {
		t.Fatal(err)
	}
	var items []string
	for i, n := range []string{"1", "3", "4.1", "4.2", "4.5", "6"} {
		it, err := app.Store.CreateAgendaItem(ctx, domain.SystemActor("test"), ses.ID,
			domain.AgendaItemInput{Number: n, TitleEN: fmt.Sprintf("Item %d of the Assembly", i+1), Priority: "normal", Status: "new"})
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, strconv.FormatInt(it.ID, 10))
	}
	c := app.client()
	c.login(staffEmail)

	orgs := []string{"Ministry of Oceans and Fisheries", "KIOST", "KHOA", "Korean National Commission for UNESCO"}
	roles := []string{"head", "deputy_head", "delegate", "delegate", "alternate", "adviser", "expert", "expert", "expert",
		"expert", "expert", "expert", "observer", "observer", "adviser"}
	var members []int64
	for i := 0; i < 15; i++ {
		c.get("/people/new")
		resp, _ := c.post("/people", url.Values{"name_en": {fmt.Sprintf("Ocean Expert %02d", i+1)}, "name_ko": {fmt.Sprintf("해양 전문가 %02d", i+1)},
			"organisation": {orgs[i%4]}, "email": {fmt.Sprintf("expert%02d@ocean.example", i+1)}, "expertise": {"ocean observation"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("person %d: status %d", i+1, resp.StatusCode)
		}
		person := strings.TrimPrefix(resp.Header.Get("Location"), "/people/")
		c.get(fmt.Sprintf("/sessions/%d/delegation/new?person=%s", ses.ID, person))
		resp, body := c.post(fmt.Sprintf("/sessions/%d/delegation", ses.ID), url.Values{"person_id": {person}, "role": {roles[i]},
			"accreditation": {[]string{"pending", "submitted", "confirmed"}[i%3]}, "arrives_on": {"2029-06-24"}, "departs_on": {"2029-07-04"},
			"funded_by": {orgs[i%4]}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("member %d: status %d: %v", i+1, resp.StatusCode, fieldErrors(body))
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(resp.Header.Get("Location"), "/members/"), 10, 64)
		members = append(members, id)
		c.get(fmt.Sprintf("/members/%d", id))
		resp, _ = c.post(fmt.Sprintf("/members/%d/coverage", id), url.Values{"item_id": {items[i%len(items)], items[(i+1)%len(items)]},
			"version": {app.version("delegation_members", id)}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("coverage %d: status %d", i+1, resp.StatusCode)
		}
	}

	// Mark every member for every day: each member misses a different day, and every
	// third member is there for part of another.
	path := fmt.Sprintf("/sessions/%d/attendance", ses.ID)
	_, body := c.get(path)
	form := gridForm(t, body)
	days := domain.SessionDays(ses)
	want := map[int64]*domain.AttendanceRate{}
	perDay := make([]domain.AttendanceRate, len(days))
	for i, m := range members {
		want[m] = &domain.AttendanceRate{}
		for j, d := range days {
			status := "present"
			switch {
			case j == i%len(days):
				status = "absent"
			case i%3 == 0 && j == (i+4)%len(days):
				status = "partial"
			}
			form.Set("s_"+cellKey(m, d), status)
			tally(want[m], status)
			tally(&perDay[j], status)
		}
	}
	if resp, _ := c.post(path, form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("grid: status %d", resp.StatusCode)
	}
	if got, want := app.count("coverage", "member_id IN (SELECT id FROM delegation_members WHERE session_id = ?)", ses.ID), 30; got != want {
		t.Errorf("%d items covered, want %d", got, want)
	}

	f, err := app.Store.DelegationFigures(ctx, ses)
	if err != nil {
		t.Fatal(err)
	}
	if f.Total != 15 || len(f.ByOrganisation) != 4 || domain.Count(f.ByRole, "expert") != 6 || domain.Count(f.ByAccreditation, "pending") != 5 {
		t.Errorf("figures %d members, %d organisations, %d experts, %d pending; want 15, 4, 6, 5",
			f.Total, len(f.ByOrganisation), domain.Count(f.ByRole, "expert"), domain.Count(f.ByAccreditation, "pending"))
	}
	for _, m := range f.Members {
		w := want[m.MemberID]
		w.Rate = m.Rate
		if m.AttendanceRate != *w || m.Rate == nil || *m.Rate != rate(*w) {
			t.Errorf("%s: %+v (rate %v), want %+v (rate %d)", m.NameEN, m.AttendanceRate, m.Rate, *w, rate(*w))
		}
	}
	for j, d := range f.Days {
		w := perDay[j]
		if d.Present != w.Present || d.Partial != w.Partial || d.Absent != w.Absent || d.Rate == nil || *d.Rate != rate(w) {
			t.Errorf("%s: %+v, want %+v (rate %d)", d.Day.Format("2006-01-02"), d.AttendanceRate, w, rate(w))
		}
	}

	// The page shows the same figures.
	_, body = c.get(fmt.Sprintf("/sessions/%d/delegation", ses.ID))
	for _, m := range members {
		row := regexp.MustCompile(`(?s)<tr id="rate-m` + strconv.FormatInt(m, 10) + `">.*?</tr>`).FindString(body)
		w := want[m]
		if !strings.Contains(row, fmt.Sprintf(`class="num rate">%d%%`, rate(*w))) ||
			!strings.Contains(row, fmt.Sprintf(`class="num">%d</td>`, w.Present)) {
			t.Errorf("member %d: the page's row %q does not show %d present and %d%%", m, row, w.Present, rate(*w))
		}
	}
}

func tally(r *domain.AttendanceRate, status string) {
	r.Recorded++
	switch status {
	case "present":
		r.Present++
	case "partial":
		r.Partial++
	case "absent":
		r.Absent++
	}
}

// rate is the attendance rate as the figures define it: days attended out of days
// recorded, a partial day as half, in whole percent rounded half up.
func rate(r domain.AttendanceRate) int {
	return (200*r.Present + 100*r.Partial + r.Recorded) / (2 * r.Recorded)
}
