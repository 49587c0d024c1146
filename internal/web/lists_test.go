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

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
	"github.com/kncu/plenary/internal/seed"
	"github.com/kncu/plenary/internal/testdb"
)

var (
	nextLink     = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
	prevLink     = regexp.MustCompile(`<a href="([^"]+)" rel="prev">`)
	pagerWhere   = regexp.MustCompile(`<span class="pager-where">([^<]*)</span>`)
	questionLink = regexp.MustCompile(`<a href="/consultations/(\d+)" class="c-question">`)
	numberLink   = regexp.MustCompile(`<a href="/items/(\d+)"><strong>`)
	personLink   = regexp.MustCompile(`<a href="/people/(\d+)"><strong>`)
	auditRow     = regexp.MustCompile(`<td class="nowrap">`)
)

// listPage is one page of a paginated list as a person reads it.
type listPage struct {
	path, body string
	ids        []string // the rows' ids, in order
	next, prev string   // the pager's links, "" when absent
	where      string   // "51–100 of 340"
}

// readPage reads path and picks out its rows with row (whose first group is the id).
func (c *client) readPage(path string, row *regexp.Regexp) listPage {
	c.t.Helper()
	resp, body := c.get(path)
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("GET %s: status %d", path, resp.StatusCode)
	}
	p := listPage{path: path, body: body}
	for _, m := range row.FindAllStringSubmatch(body, -1) {
		p.ids = append(p.ids, m[1])
	}
	if m := nextLink.FindStringSubmatch(body); m != nil {
		p.next = html.UnescapeString(m[1])
	}
	if m := prevLink.FindStringSubmatch(body); m != nil {
		p.prev = html.UnescapeString(m[1])
	}
	if m := pagerWhere.FindStringSubmatch(body); m != nil {
		p.where = m[1]
	}
	return p
}

// readAll follows the "next" links from path to the last page and returns every page.
func (c *client) readAll(path string, row *regexp.Regexp) []listPage {
	c.t.Helper()
	var pages []listPage
	for path != "" {
		p := c.readPage(path, row)
		pages = append(pages, p)
		if len(pages) > 100 {
			c.t.Fatalf("more than 100 pages from %s", pages[0].path)
		}
		path = p.next
	}
	return pages
}

// allIDs is every row id of the pages, failing the test if one shows twice.
func allIDs(t *testing.T, pages []listPage) []string {
	t.Helper()
	seen := map[string]string{}
	var ids []string
	for _, p := range pages {
		for _, id := range p.ids {
			if first, ok := seen[id]; ok {
				t.Errorf("row %s is on %s and again on %s", id, first, p.path)
			}
			seen[id] = p.path
			ids = append(ids, id)
		}
	}
	return ids
}

func idsOf[T any](rows []T, id func(T) int64) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprint(id(r))
	}
	return out
}

// TestConsultationsPages: the list of consultations across sessions shows 50 at a time;
// the pages together hold every row once, in the list's order; the filters stay on every
// page; a liaison's pages hold their ministry's consultations only.
func TestConsultationsPages(t *testing.T) {
	app := newApp(t)
	scaledSession(t, app.DB, 720) // 60 led by each of the twelve ministries
	ctx := context.Background()
	zone := mustZone(t, "Asia/Seoul")

	t.Run("StaffEveryRowOnce", func(t *testing.T) {
		c := app.client()
		c.login(staffEmail)
		pages := c.readAll("/consultations", questionLink)
		want, err := app.Store.Consultations(ctx, domain.Scope{All: true}, zone, domain.ConsultationFilter{Status: domain.ConsultationsLive})
		if err != nil {
			t.Fatal(err)
		}
		if len(want) <= 100 {
			t.Fatalf("only %d live consultations: the test needs more than two pages", len(want))
		}
		if got := allIDs(t, pages); !slices.Equal(got, idsOf(want, func(c domain.Consultation) int64 { return c.ID })) {
			t.Errorf("the pages hold %d rows; want the %d of the whole list, in its order", len(got), len(want))
		}
		if got := len(pages[0].ids); got != 50 {
			t.Errorf("page 1 has %d rows, want 50", got)
		}
		if got, want := pages[0].where, fmt.Sprintf("1–50 of %d", len(want)); got != want {
			t.Errorf("page 1 says %q, want %q", got, want)
		}
		if pages[0].prev != "" || pages[1].prev != "/consultations" {
			t.Errorf("previous links: page 1 %q, page 2 %q; want none and /consultations", pages[0].prev, pages[1].prev)
		}
		if !strings.Contains(pages[0].body, fmt.Sprintf("(%d)", len(want))) {
			t.Errorf("the heading does not count all %d consultations", len(want))
		}
		last := pages[len(pages)-1]
		if last.next != "" || len(last.ids) == 0 {
			t.Errorf("the last page has %d rows and next link %q", len(last.ids), last.next)
		}
		if got, want := last.where, fmt.Sprintf("%d–%d of %d", len(want)-len(last.ids)+1, len(want), len(want)); got != want {
			t.Errorf("the last page says %q, want %q", got, want)
		}
	})

	t.Run("FiltersKept", func(t *testing.T) {
		c := app.client()
		c.login(staffEmail)
		sid := app.sessionID("990 EX")
		path := fmt.Sprintf("/consultations?status=open&session=%d", sid)
		pages := c.readAll(path, questionLink)
		if len(pages) < 2 {
			t.Fatalf("%d page(s) of the session's open consultations; the test needs two", len(pages))
		}
		next, _ := url.Parse(pages[0].next)
		if q := next.Query(); q.Get("status") != "open" || q.Get("session") != fmt.Sprint(sid) || q.Get("page") != "2" {
			t.Errorf("next link %q does not keep the filters", pages[0].next)
		}
		want, err := app.Store.Consultations(ctx, domain.Scope{All: true}, zone,
			domain.ConsultationFilter{Status: "open", SessionID: sid})
		if err != nil {
			t.Fatal(err)
		}
		if got := allIDs(t, pages); !slices.Equal(got, idsOf(want, func(c domain.Consultation) int64 { return c.ID })) {
			t.Errorf("the pages hold %d rows; want the session's %d open ones", len(got), len(want))
		}
		for _, p := range pages {
			if strings.Contains(p.body, `class="badge c-answered"`) {
				t.Errorf("%s lists an answered consultation among the open ones", p.path)
			}
			if !strings.Contains(p.body, `<option value="open" selected>`) {
				t.Errorf("%s does not show the status filter chosen", p.path)
			}
		}
	})

	t.Run("LiaisonScoped", func(t *testing.T) {
		c := app.client()
		c.login(moeEmail)
		u := app.user(moeEmail)
		for _, path := range []string{"/consultations?status=", fmt.Sprintf("/consultations?status=&ministry=%d", app.ministry("KHS").ID)} {
			pages := c.readAll(path, questionLink)
			want, err := app.Store.Consultations(ctx, policy.ScopeOf(u), zone, domain.ConsultationFilter{})
			if err != nil {
				t.Fatal(err)
			}
			got := allIDs(t, pages)
			if len(pages) < 2 && !strings.Contains(path, "ministry") {
				t.Errorf("%s: %d page(s); the test needs two", path, len(pages))
			}
			if strings.Contains(path, "ministry") {
				want = nil // another ministry's filter finds nothing of the liaison's
			}
			if !slices.Equal(got, idsOf(want, func(c domain.Consultation) int64 { return c.ID })) {
				t.Errorf("%s: the pages hold %d rows; want the liaison's %d", path, len(got), len(want))
			}
		}
		for _, cons := range c.readAll("/consultations?status=", questionLink) {
			for _, id := range cons.ids {
				var code string
				if err := app.DB.NewRaw("SELECT m.code FROM consultations c JOIN ministries m ON m.id = c.ministry_id WHERE c.id = ?", id).Scan(ctx, &code); err != nil {
					t.Fatal(err)
				}
				if code != "MOE" {
					t.Errorf("the liaison of MOE is shown consultation %s of %s", id, code)
				}
			}
		}
	})

	t.Run("PastTheEnd", func(t *testing.T) {
		c := app.client()
		c.login(staffEmail)
		p := c.readPage("/consultations?page=999", questionLink)
		if len(p.ids) != 0 || p.prev == "" || !strings.Contains(p.body, en.T("pager.past_end")) {
			t.Errorf("page 999: %d rows, previous link %q; want none, a link back and a word why", len(p.ids), p.prev)
		}
		for _, bad := range []string{"-1", "0", "x", "1e9"} {
			if p := c.readPage("/consultations?page="+bad, questionLink); len(p.ids) != 50 {
				t.Errorf("page %q: %d rows, want the first page's 50", bad, len(p.ids))
			}
		}
	})
}

// TestBriefsPages: the list of briefs across sessions shows 50 at a time; the pages hold
// what the reader may read, each row once, with the status filter kept; a liaison and a
// delegate see their own only, on every page.
func TestBriefsPages(t *testing.T) {
	app := newApp(t)
	scaledSession(t, app.DB, 720) // 60 led by each of the twelve ministries
	app.joinDelegation(delegateEmail, "990 EX")
	ctx := context.Background()
	for _, tt := range []struct {
		name, email, path string
		filter            domain.BriefFilter
	}{
		{"Staff", staffEmail, "/briefs", domain.BriefFilter{}},
		{"StaffFinal", staffEmail, "/briefs?status=final", domain.BriefFilter{Statuses: []domain.BriefStatus{domain.BriefFinal}}},
		{"Liaison", moeEmail, "/briefs", domain.BriefFilter{}},
		{"Delegate", delegateEmail, "/briefs", domain.BriefFilter{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := app.client()
			c.login(tt.email)
			pages := c.readAll(tt.path, numberLink)
			want, err := app.Store.Briefs(ctx, policy.BriefScopeOf(app.user(tt.email)), tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) <= 50 {
				t.Fatalf("%d briefs: the test needs more than a page", len(want))
			}
			if got := allIDs(t, pages); !slices.Equal(got, idsOf(want, func(r domain.BriefRow) int64 { return r.ID })) {
				t.Errorf("the pages hold %d rows; want the %d the reader may read, in order", len(got), len(want))
			}
			if len(pages[0].ids) != 50 || pages[0].where != fmt.Sprintf("1–50 of %d", len(want)) {
				t.Errorf("page 1: %d rows, %q", len(pages[0].ids), pages[0].where)
			}
			for _, p := range pages[1:] {
				if q, _ := url.Parse(p.path); tt.filter.Statuses != nil && q.Query().Get("status") != "final" {
					t.Errorf("%s lost the status filter", p.path)
				}
				if _, rows, _ := strings.Cut(p.body, "<tbody>"); tt.filter.Statuses != nil && strings.Contains(rows, `class="badge b-draft"`) {
					t.Errorf("%s lists a draft among the final briefs", p.path)
				}
			}
		})
	}
}

// TestPeoplePages: the list of people shows 50 at a time, all of them across the pages,
// and the search box's words stay on every page.
func TestPeoplePages(t *testing.T) {
	app := newApp(t)
	if _, err := seed.Users(context.Background(), app.DB, "226 EX", 200, testdb.Password); err != nil {
		t.Fatal(err)
	}
	c := app.client()
	c.login(staffEmail)
	all := allIDs(t, c.readAll("/people", personLink))
	if got, want := len(all), app.count("people", "TRUE"); got != want || got <= 50 {
		t.Errorf("the pages hold %d people, want all %d (more than a page)", got, want)
	}
	pages := c.readAll("/people?q=Load+Delegate", personLink)
	if len(pages) < 2 || !strings.Contains(pages[0].next, "q=Load+Delegate") {
		t.Fatalf("%d page(s), next link %q; want the search kept on page 2", len(pages), pages[0].next)
	}
	if got, want := len(allIDs(t, pages)), app.count("people", "name_en LIKE 'Load Delegate %'"); got != want {
		t.Errorf("the search's pages hold %d people, want %d", got, want)
	}
}

// TestAuditPages: the audit log shows 100 rows at a time, newest first; "older" goes on
// until the first row, and every page after the first links back to the newest.
func TestAuditPages(t *testing.T) {
	app := newApp(t)
	scaledSession(t, app.DB, 10)
	if _, err := seed.Users(context.Background(), app.DB, "990 EX", 8, testdb.Password); err != nil {
		t.Fatal(err)
	}
	total := app.count("audit_log", "TRUE")
	if total <= 100 {
		t.Fatalf("%d audit rows: the test needs more than a page", total)
	}
	c := app.client()
	c.login(adminEmail)
	rows := 0
	for path, n := "/admin/audit", 0; path != ""; n++ {
		_, body := c.get(path)
		rows += len(auditRow.FindAllString(body, -1))
		if newest := strings.Contains(body, `<a href="/admin/audit">`); newest != (n > 0) {
			t.Errorf("%s: link to the newest %v, want %v", path, newest, n > 0)
		}
		path = ""
		if m := nextLink.FindStringSubmatch(body); m != nil {
			path = html.UnescapeString(m[1])
		}
	}
	if want := app.count("audit_log", "TRUE"); rows != want {
		t.Errorf("the pages hold %d rows, want all %d", rows, want)
	}
}

// TestDashboardQueues: the dashboard's queues of briefs show their first ten rows, the
// count of all, and a link to the whole list.
func TestDashboardQueues(t *testing.T) {
	app := newApp(t)
	sid := scaledSession(t, app.DB, 60)
	// Twenty-five drafts submitted, as the workflow would leave them.
	_, err := app.DB.ExecContext(context.Background(), `WITH s AS (
			INSERT INTO brief_events (brief_id, action, revision_id, actor)
			SELECT b.id, 'submit', b.current_revision_id, 'test' FROM briefs b JOIN agenda_items i ON i.id = b.item_id
			WHERE i.session_id = ? AND b.status = 'draft' ORDER BY i.sort_key LIMIT 25 RETURNING id, brief_id)
		UPDATE briefs b SET status = 'in_review', submission_id = s.id FROM s WHERE b.id = s.brief_id`, sid)
	if err != nil {
		t.Fatal(err)
	}
	inReview := app.count("briefs", "status = 'in_review'")
	c := app.client()
	c.login(staffEmail)
	_, body := c.get("/")
	i := strings.Index(body, `id="briefs-review-h"`)
	j := strings.Index(body, `id="briefs-approved-h"`)
	if i < 0 || j < i {
		t.Fatal("the dashboard has no queue of briefs in review")
	}
	queue := body[i:j]
	if got := len(numberLink.FindAllString(queue, -1)); got != 10 {
		t.Errorf("the queue lists %d briefs, want 10", got)
	}
	if !strings.Contains(queue, fmt.Sprintf("(%d)", inReview)) {
		t.Errorf("the queue does not count all %d briefs in review", inReview)
	}
	if see := en.T("briefs.queue_see_all", "Count", inReview); !strings.Contains(queue, `<a href="/briefs?status=in_review">`+see) {
		t.Errorf("the queue has no link %q to the whole list", see)
	}
}

// TestLongTableRowsEscaped: what people type into items, consultations and briefs shows on
// the long tables as text, never as markup, however it is written.
func TestLongTableRowsEscaped(t *testing.T) {
	app := newApp(t)
	ctx := context.Background()
	sid := app.sessionID("226 EX")
	moe := app.ministry("MOE")
	staff := domain.Actor{User: app.user(staffEmail)}
	hostile := []string{
		`<script>alert("x")</script>`,
		`"><img src=x onerror=alert(1)>`,
		`' onmouseover='alert(2)`,
		`&amp; &lt;b&gt; 한국어 <b>굵게</b>`,
	}
	for k, h := range hostile {
		it, err := app.Store.CreateAgendaItem(ctx, staff, sid, domain.AgendaItemInput{
			Number: fmt.Sprintf("90.%d", k+1), TitleEN: "Title " + h, TitleKO: "제목 " + h, Documents: "226 EX/" + h,
			Commission: "C" + h, LeadMinistryID: moe.ID, Priority: "normal", Status: "new"})
		if err != nil {
			t.Fatalf("item %q: %v", h, err)
		}
		if _, err := app.Store.OpenConsultations(ctx, staff, mustZone(t, "Asia/Seoul"), it.ID, domain.ConsultationRequest{
			MinistryIDs: []int64{moe.ID}, Question: "Question " + h, DueOn: "2099-01-01"}); err != nil {
			t.Fatalf("consultation %q: %v", h, err)
		}
		if _, err := app.Store.SaveBrief(ctx, staff, it.ID, domain.BriefInput{Stance: "support", SummaryEN: "Summary " + h, SummaryKO: "요약 " + h}); err != nil {
			t.Fatalf("brief %q: %v", h, err)
		}
	}
	for _, lang := range []string{"en", "ko"} {
		c := app.client()
		c.header.Set("Accept-Language", lang)
		c.login(staffEmail)
		for _, path := range []string{fmt.Sprintf("/sessions/%d", sid), fmt.Sprintf("/sessions/%d/briefs", sid),
			fmt.Sprintf("/sessions/%d/consultations", sid), "/briefs?page=1", "/consultations?status=open&session=" + fmt.Sprint(sid)} {
			_, body := c.get(path)
			for _, h := range hostile {
				if strings.Contains(body, h) {
					t.Errorf("%s (%s) holds %q unescaped", path, lang, h)
				}
			}
			if !strings.Contains(body, html.EscapeString(hostile[0])) {
				t.Errorf("%s (%s) does not show %q as text", path, lang, hostile[0])
			}
		}
	}
}
