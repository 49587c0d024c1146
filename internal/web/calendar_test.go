package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/testtool"
	"github.com/kncu/plenary/internal/web"
)

var feedLink = regexp.MustCompile(`id="feed-link" type="text" readonly value="([^"]+)"`)

// makeFeed logs in as email, makes a new calendar link on the person's own page and
// returns its path.
func makeFeed(t *testing.T, app *testApp, email string) string {
	t.Helper()
	c := app.client()
	c.login(email)
	c.get("/account/calendar")
	resp, body := c.post("/account/calendar", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("new calendar link for %s: status %d\n%s", email, resp.StatusCode, body)
	}
	m := feedLink.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the page shows no calendar link:\n%s", body)
	}
	link := html.UnescapeString(m[1])
	i := strings.Index(link, "/calendar/")
	if i < 0 || !strings.HasSuffix(link, ".ics") {
		t.Fatalf("calendar link %q is not a feed", link)
	}
	return link[i:]
}

// fetchFeed reads path as a calendar program does: without a login.
func fetchFeed(t *testing.T, app *testApp, path string) (*http.Response, string) {
	t.Helper()
	c := app.client()
	return c.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// wantDates lists the UIDs a person's feed must hold, read from the database by rules
// written here again, apart from the store's: sessions they may see, brief deadlines for
// all but delegates, and live consultations for their ministry or, for staff, on the items
// they are the focal point of. Dates before a year ago are left out, as the feed does.
func wantDates(t *testing.T, app *testApp, email string, today time.Time) []string {
	t.Helper()
	u := app.user(email)
	since := today.AddDate(-1, 0, 0).Format(time.DateOnly)
	var sessionsSeen string
	var consultations string
	args := []any{}
	switch u.Role {
	case domain.RoleAdmin, domain.RoleStaff:
		sessionsSeen = "TRUE"
		consultations = "i.focal_point_id = ?"
		args = append(args, u.ID)
	case domain.RoleLiaison:
		m := *u.MinistryID
		sessionsSeen = fmt.Sprintf(`EXISTS (SELECT 1 FROM agenda_items x WHERE x.session_id = s.id AND (x.lead_ministry_id = %d OR
			EXISTS (SELECT 1 FROM consultations y WHERE y.item_id = x.id AND y.ministry_id = %d AND y.status <> 'withdrawn')))`, m, m)
		consultations = fmt.Sprintf("c.ministry_id = %d", m)
	case domain.RoleDelegate:
		sessionsSeen = fmt.Sprintf(`EXISTS (SELECT 1 FROM delegation_members dm JOIN people p ON p.id = dm.person_id
			WHERE dm.session_id = s.id AND p.user_id = %d)`, u.ID)
		consultations = "FALSE"
	}
	var uids []string
	query := func(q string, args ...any) {
		t.Helper()
		var got []string
		if err := app.DB.NewRaw(q, args...).Scan(context.Background(), &got); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		uids = append(uids, got...)
	}
	query(`SELECT 'session-' || s.id || '@plenary' FROM sessions s WHERE s.ends_on >= ? AND `+sessionsSeen, since)
	if u.Role != domain.RoleDelegate {
		query(`SELECT 'session-' || s.id || '-brief-deadline@plenary' FROM sessions s
			WHERE s.brief_deadline >= ? AND `+sessionsSeen, since)
	}
	query(`SELECT 'consultation-' || c.id || '-due@plenary' FROM consultations c JOIN agenda_items i ON i.id = c.item_id
		WHERE c.status IN ('open', 'answered') AND c.due_on >= ? AND `+consultations, append([]any{since}, args...)...)
	slices.Sort(uids)
	return uids
}

// TestCalendarFeedHoldsWhatThePersonMaySee: the feed of staff, a liaison and a delegate,
// read without a login, parses as iCalendar and holds exactly the dates that concern the
// person, named in their language, and no text of a question, an answer or a brief.
func TestCalendarFeedHoldsWhatThePersonMaySee(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	today := domain.Today(time.Now(), mustZone(t, "Asia/Seoul"))
	var private []string
	if err := app.DB.NewRaw(`SELECT question FROM consultations UNION ALL SELECT answer FROM consultations WHERE answer <> ''
		UNION ALL SELECT return_comment FROM consultations WHERE return_comment <> ''
		UNION ALL SELECT summary_en FROM brief_revisions WHERE summary_en <> ''
		UNION ALL SELECT summary_ko FROM brief_revisions WHERE summary_ko <> ''`).Scan(context.Background(), &private); err != nil {
		t.Fatal(err)
	}
	if len(private) < 10 {
		t.Fatalf("the demo has %d texts of questions, answers and briefs; the test needs them", len(private))
	}
	for _, tt := range []struct {
		name, email string
		lang        string
		wantKinds   []string // UID parts that must occur, so that the test cannot pass on an empty feed
	}{
		{"Staff", staffEmail, "en", []string{"-brief-deadline@", "consultation-"}},
		{"Liaison", moeEmail, "ko", []string{"-brief-deadline@", "consultation-"}},
		{"Delegate", delegateEmail, "en", []string{"session-"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.lang == "ko" {
				if err := app.Store.SetUserLang(context.Background(), domain.Actor{Label: "test"}, app.user(tt.email).ID, "ko"); err != nil {
					t.Fatal(err)
				}
			}
			path := makeFeed(t, app, tt.email)
			resp, body := fetchFeed(t, app, path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET feed without login: status %d\n%s", resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
			if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") || !strings.Contains(cc, "private") {
				t.Errorf("Cache-Control = %q, want private and no-store", cc)
			}
			if len(resp.Header.Values("Set-Cookie")) > 0 {
				t.Errorf("the feed sets cookies: %v", resp.Header.Values("Set-Cookie"))
			}
			feed := testtool.ParseCalendar(t, body)
			var got []string
			for uid := range feed.Events {
				got = append(got, uid)
			}
			slices.Sort(got)
			want := wantDates(t, app, tt.email, today)
			if !slices.Equal(got, want) {
				t.Errorf("feed holds\n%v\nwant\n%v", got, want)
			}
			for _, k := range tt.wantKinds {
				if !slices.ContainsFunc(got, func(uid string) bool { return strings.Contains(uid, k) }) {
					t.Errorf("no event %s… in %v", k, got)
				}
			}
			unfolded := strings.ReplaceAll(body, "\r\n ", "")
			escape := strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\n", `\n`)
			for _, p := range private {
				if strings.Contains(unfolded, escape.Replace(p)) {
					t.Errorf("the feed carries the text %q", p)
				}
			}
			for uid, e := range feed.Events {
				summary := testtool.Text(t, e, ical.PropSummary)
				if strings.HasPrefix(uid, "consultation-") {
					marker := map[string]string{"en": "input from", "ko": "의견 회신 기한"}[tt.lang]
					if !strings.Contains(summary, marker) {
						t.Errorf("%s: summary %q is not in %s", uid, summary, tt.lang)
					}
				}
				if u := e.Props.Get(ical.PropURL); u == nil || !strings.HasPrefix(u.Value, "http") {
					t.Errorf("%s: no link to its page: %+v", uid, u)
				}
			}
		})
	}
}

// TestCalendarFeedLinks: a link that opens no feed, altered by one character or made
// up, answers 404 with the same page; a new link closes the old one; reads are audited
// as changes only when a link is made.
func TestCalendarFeedLinks(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	path := makeFeed(t, app, moeEmail)
	if resp, _ := fetchFeed(t, app, path); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET feed: status %d", resp.StatusCode)
	}
	secret := strings.TrimSuffix(strings.TrimPrefix(path, "/calendar/"), ".ics")
	if len(secret) < 43 {
		t.Errorf("secret %q is %d characters, want at least 43 (32 random bytes)", secret, len(secret))
	}
	flip := map[byte]byte{'A': 'B'}
	altered := []byte(secret)
	if b, ok := flip[altered[10]]; ok {
		altered[10] = b
	} else {
		altered[10] = 'A'
	}
	answers := map[string]string{}
	stranger := app.client() // one client, so that its anonymous CSRF token is the same in every answer
	for name, p := range map[string]string{
		"altered":   "/calendar/" + string(altered) + ".ics",
		"made up":   "/calendar/" + strings.Repeat("Q", len(secret)) + ".ics",
		"truncated": "/calendar/" + secret[:20] + ".ics",
	} {
		resp, body := stranger.get(p)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s link: status %d, want 404", name, resp.StatusCode)
		}
		answers[name] = sameAnswer.ReplaceAllString(body, "")
	}
	if answers["altered"] != answers["made up"] || answers["altered"] != answers["truncated"] {
		t.Errorf("links that open no feed answer differently:\n%s\n---\n%s", answers["altered"], answers["made up"])
	}

	if n := app.count("calendar_feeds", "secret_hash = sha256(convert_to(?, 'UTF8'))", secret); n != 1 {
		t.Errorf("the database holds %d SHA-256 of the secret, want 1 and nothing else", n)
	}
	before := app.count("audit_log", "action = 'replace_calendar_feed'")
	newPath := makeFeed(t, app, moeEmail)
	if newPath == path {
		t.Fatalf("the new link is the old one")
	}
	if resp, _ := fetchFeed(t, app, path); resp.StatusCode != http.StatusNotFound {
		t.Errorf("old link after a new one: status %d, want 404", resp.StatusCode)
	}
	if resp, _ := fetchFeed(t, app, newPath); resp.StatusCode != http.StatusOK {
		t.Errorf("new link: status %d, want 200", resp.StatusCode)
	}
	if got := app.count("audit_log", "action = 'replace_calendar_feed'"); got != before+1 {
		t.Errorf("audited replacements: %d, want %d", got, before+1)
	}
	if n := app.count("audit_log", "after::text LIKE ? OR before::text LIKE ?", "%"+secret[:16]+"%", "%"+secret[:16]+"%"); n != 0 {
		t.Errorf("the audit log holds the secret")
	}

	// The page never shows the link again.
	c := app.client()
	c.login(moeEmail)
	if _, body := c.get("/account/calendar"); strings.Contains(body, secret) || feedLink.MatchString(body) {
		t.Errorf("the page shows the link again")
	}

	// A disabled account's feed opens nothing.
	u := app.user(moeEmail)
	if err := app.Store.SetUserDisabled(context.Background(), domain.Actor{Label: "test"}, u.ID, u.Version, true); err != nil {
		t.Fatal(err)
	}
	if resp, _ := fetchFeed(t, app, newPath); resp.StatusCode != http.StatusNotFound {
		t.Errorf("disabled account's link: status %d, want 404", resp.StatusCode)
	}
}

// TestCalendarFeedRateLimits: an address that reads too many links that open nothing is
// refused, a good link included, until the window moves on; a feed read too often is
// refused the same way. The limits hold in the database, for every server at once.
func TestCalendarFeedRateLimits(t *testing.T) {
	t.Parallel()
	clock := testtool.NewClock(time.Now())
	app := newApp(t, func(c *web.Config) { c.Now = clock.Now })
	path := makeFeed(t, app, khsEmail)
	second := newAppOn(t, app.DB, func(c *web.Config) { c.Now = clock.Now })

	for i := range 20 {
		a := app
		if i%2 == 1 {
			a = second
		}
		if resp, _ := fetchFeed(t, a, fmt.Sprintf("/calendar/%043d.ics", i)); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("miss %d: status %d, want 404", i+1, resp.StatusCode)
		}
	}
	resp, _ := fetchFeed(t, app, path)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("good link after 20 misses from the address: status %d, Retry-After %q; want 429 with Retry-After",
			resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	clock.Advance(61 * time.Minute)
	if resp, _ := fetchFeed(t, second, path); resp.StatusCode != http.StatusOK {
		t.Fatalf("good link once the window moved on: status %d, want 200", resp.StatusCode)
	}

	// 60 reads of one feed in an hour are allowed, the first above counted already.
	for i := 1; i < 60; i++ {
		if resp, _ := fetchFeed(t, app, path); resp.StatusCode != http.StatusOK {
			t.Fatalf("read %d of the feed: status %d, want 200", i+1, resp.StatusCode)
		}
	}
	if resp, _ := fetchFeed(t, second, path); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("read 61 of the feed within the hour: status %d, want 429", resp.StatusCode)
	}
	clock.Advance(61 * time.Minute)
	if resp, _ := fetchFeed(t, app, path); resp.StatusCode != http.StatusOK {
		t.Errorf("read after the window: status %d, want 200", resp.StatusCode)
	}
}

var timelineSection = regexp.MustCompile(`(?s)<section aria-labelledby="timeline-h" class="timeline">.*?</section>`)

// TestDashboardTimeline: the dashboard lists the dates of the next 14 days that concern
// the person, the same as their calendar feed holds for those days, in their language.
func TestDashboardTimeline(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	zone := mustZone(t, "Asia/Seoul")
	today := domain.Today(time.Now(), zone)
	last := today.AddDate(0, 0, 13)
	for _, tt := range []struct {
		name, email string
		wantSome    bool // the demo puts dates of this person in the next 14 days
	}{
		{"Staff", staffEmail, true},
		{"Liaison", khsEmail, true},
		{"OtherLiaison", moeEmail, true},
		{"Delegate", delegateEmail, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := app.client()
			c.login(tt.email)
			_, body := c.get("/")
			m := timelineSection.FindString(body)
			if m == "" {
				t.Fatalf("no timeline on the dashboard:\n%s", body)
			}
			// What the feed holds for these days, by its links.
			feed := testtool.ParseCalendar(t, func() string { _, b := fetchFeed(t, app, makeFeed(t, app, tt.email)); return b }())
			var want []string
			for _, e := range feed.Events {
				start, _ := e.DateTimeStart(nil)
				end, _ := e.DateTimeEnd(nil)
				if start.After(last) || !end.After(today) {
					continue
				}
				link, err := url.Parse(e.Props.Get(ical.PropURL).Value)
				if err != nil {
					t.Fatal(err)
				}
				want = append(want, link.Path)
			}
			var got []string
			for _, h := range regexp.MustCompile(`<a href="(/[^"]+)">`).FindAllStringSubmatch(m, -1) {
				if h[1] != "/account/calendar" {
					got = append(got, h[1])
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("timeline links %v, want the feed's for the next 14 days %v\n%s", got, want, m)
			}
			if tt.wantSome && len(got) == 0 {
				t.Errorf("the timeline is empty; the demo has dates for %s in the next 14 days", tt.email)
			}
			if !tt.wantSome && strings.Contains(m, en.T("calendar.kind_consultation_due")) {
				t.Errorf("a delegate's timeline shows a consultation")
			}
		})
	}
}
