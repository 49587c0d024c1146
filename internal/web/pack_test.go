package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/testtool"
)

// download fetches a pack and opens it, failing the test unless it is a workbook.
func download(t *testing.T, c *client, path string) (*excelize.File, *http.Response) {
	t.Helper()
	resp, body := c.get(path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, resp.StatusCode)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatalf("GET %s: not a workbook: %v", path, err)
	}
	t.Cleanup(func() { f.Close() })
	return f, resp
}

// allText is every cell of every sheet, for looking for what must not be there.
func allText(t *testing.T, f *excelize.File) string {
	t.Helper()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t"))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestPackDownload(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	sid := app.sessionID("220 EX")
	path := fmt.Sprintf("/sessions/%d/pack", sid)

	t.Run("StaffFullPack", func(t *testing.T) {
		c := app.client()
		c.login(staffEmail)
		f, resp := download(t, c, path+"?lang=en")
		_, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
		if err != nil || !strings.HasPrefix(params["filename"], "220EX_briefing_full_en_") {
			t.Errorf("Content-Disposition %q", resp.Header.Get("Content-Disposition"))
		}
		if got := f.GetSheetList(); len(got) != 6 || got[1] != "Agenda" {
			t.Errorf("sheets %v", got)
		}
		rows, _ := f.GetRows("Agenda")
		if got, want := len(rows)-1, app.count("agenda_items", "session_id = ?", sid); got != want {
			t.Errorf("%d agenda rows, want %d", got, want)
		}
		audit := app.count("audit_log", "action = 'export_pack' AND entity_id = ?", sid)
		if audit != 1 {
			t.Errorf("%d audit rows for the export, want 1", audit)
		}
	})
	t.Run("LiaisonGetsOnlyOwnMinistrysItems", func(t *testing.T) {
		c := app.client()
		c.login(moeEmail)
		f, _ := download(t, c, path+"?lang=ko")
		rows, _ := f.GetRows("의제")
		for _, r := range rows[1:] {
			if !strings.Contains(strings.Join(r, " "), "교육부") {
				t.Errorf("the Ministry of Education's pack holds item %v", r)
			}
		}
		if len(rows) < 2 {
			t.Error("the ministry pack has no items")
		}
	})
	t.Run("LiaisonCannotHaveFullOrOtherMinistrysPack", func(t *testing.T) {
		c := app.client()
		c.login(moeEmail)
		for _, q := range []string{"?audience=full", "?audience=ministry&ministry=KHS", "?audience=ministry:KHS", "?audience=delegate&delegate=" + delegateEmail} {
			if resp, _ := c.get(path + q); resp.StatusCode != http.StatusForbidden {
				t.Errorf("GET %s: status %d, want 403", q, resp.StatusCode)
			}
		}
	})
	t.Run("DelegateNotOnDelegationGetsNothing", func(t *testing.T) {
		c := app.client()
		c.login(delegateEmail)
		if resp, _ := c.get(fmt.Sprintf("/sessions/%d/pack", app.sessionID("43 C"))); resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", resp.StatusCode)
		}
	})
	t.Run("DelegatePackHoldsNoUnfinishedBriefText", func(t *testing.T) {
		ctx := context.Background()
		sid226 := app.sessionID("226 EX")
		// Put the demo delegate on 226 EX's delegation, unless the demo data has.
		uid := app.user(delegateEmail).ID
		var on bool
		if err := app.DB.NewRaw(`SELECT EXISTS (SELECT 1 FROM delegation_members m JOIN people p ON p.id = m.person_id
			WHERE p.user_id = ? AND m.session_id = ?)`, uid, sid226).Scan(ctx, &on); err != nil {
			t.Fatal(err)
		}
		if !on {
			var pid int64
			err := app.DB.NewRaw(`INSERT INTO people (name_en, user_id) VALUES ('Demo Delegate', ?)
				ON CONFLICT (user_id) WHERE user_id IS NOT NULL DO UPDATE SET name_en = EXCLUDED.name_en RETURNING id`, uid).Scan(ctx, &pid)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := app.DB.ExecContext(ctx, "INSERT INTO delegation_members (session_id, person_id, role) VALUES (?, ?, 'delegate')", sid226, pid); err != nil {
				t.Fatal(err)
			}
		}
		var unfinished []string
		err := app.DB.NewRaw(`SELECT r.summary_en FROM briefs b JOIN brief_revisions r ON r.brief_id = b.id
			JOIN agenda_items i ON i.id = b.item_id WHERE i.session_id = ? AND b.status <> 'final' AND r.summary_en <> ''
			AND NOT EXISTS (SELECT 1 FROM brief_revisions f WHERE f.id = b.final_revision_id AND f.summary_en = r.summary_en)`, sid226).Scan(ctx, &unfinished)
		if err != nil {
			t.Fatal(err)
		}
		if len(unfinished) == 0 {
			t.Fatal("the demo data has no unfinished brief on 226 EX to look for")
		}
		c := app.client()
		c.login(delegateEmail)
		f, resp := download(t, c, fmt.Sprintf("/sessions/%d/pack?lang=en", sid226))
		// The file is named after the delegate, never after their e-mail address.
		cd := resp.Header.Get("Content-Disposition")
		_, params, err := mime.ParseMediaType(cd)
		if err != nil || strings.Contains(cd, "@") || strings.Contains(cd, "plenary.example") {
			t.Errorf("Content-Disposition %q names the delegate's e-mail (%v)", cd, err)
		}
		if name := strings.ReplaceAll(app.user(delegateEmail).Name, " ", "_"); !strings.Contains(params["filename"], name) {
			t.Errorf("file name %q, want the delegate's name %s", params["filename"], name)
		}
		text := allText(t, f)
		for _, s := range unfinished {
			if strings.Contains(text, s) {
				t.Errorf("the delegate's pack contains text of a brief that is not final: %.60q", s)
			}
		}
		if rows, _ := f.GetRows("Consultations"); len(rows) > 1 {
			t.Errorf("the delegate's pack lists %d consultations, want none", len(rows)-1)
		}
	})
}

// TestPackFileNameOfKoreanName: a delegate named in Korean gets a file name in Korean
// (filename*, RFC 5987) and a plain ASCII one for old software; neither holds the e-mail.
func TestPackFileNameOfKoreanName(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ctx := context.Background()
	u := app.user(delegateEmail)
	if _, err := app.Store.UpdateUser(ctx, domain.SystemActor("test"), u.ID, domain.UserInput{
		Email: u.Email, Name: "최민수 (Choi)", Role: string(u.Role), Version: u.Version}); err != nil {
		t.Fatal(err)
	}
	c := app.client()
	c.login(delegateEmail)
	_, resp := download(t, c, fmt.Sprintf("/sessions/%d/pack?lang=ko", app.sessionID("226 EX")))
	cd := resp.Header.Get("Content-Disposition")
	_, params, err := mime.ParseMediaType(cd)
	if err != nil {
		t.Fatalf("Content-Disposition %q: %v", cd, err)
	}
	// Go's parser decodes filename* into filename, as browsers prefer it.
	if got := params["filename"]; !strings.Contains(got, "delegate-최민수_(Choi)") {
		t.Errorf("file name %q, want the delegate's Korean name", got)
	}
	ascii := regexp.MustCompile(`filename="?([^";]+)`).FindStringSubmatch(cd)
	if ascii == nil || strings.ContainsFunc(ascii[1], func(r rune) bool { return r > 0x7e }) || !strings.Contains(ascii[1], "(Choi)") {
		t.Errorf("plain file name in %q, want ASCII with the Latin part of the name", cd)
	}
	if strings.Contains(cd, "@") {
		t.Errorf("Content-Disposition %q holds an e-mail address", cd)
	}
}

// TestBookDownload: the briefing book downloads beside the pack, named like it, audited,
// cut for the audience by the pack's rules.
func TestBookDownload(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	sid := app.sessionID("220 EX")
	path := fmt.Sprintf("/sessions/%d/book", sid)

	t.Run("StaffFullBook", func(t *testing.T) {
		c := app.client()
		c.login(staffEmail)
		resp, body := c.get(path + "?lang=en")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "%PDF-") {
			t.Fatalf("status %d, body starts %.8q: want a PDF", resp.StatusCode, body)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" {
			t.Errorf("Content-Type %q", ct)
		}
		_, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
		if err != nil || !strings.HasPrefix(params["filename"], "220EX_book_full_en_") || !strings.HasSuffix(params["filename"], ".pdf") {
			t.Errorf("Content-Disposition %q", resp.Header.Get("Content-Disposition"))
		}
		if n := app.count("audit_log", "action = 'export_book' AND entity_id = ?", sid); n != 1 {
			t.Errorf("%d audit rows for the export, want 1", n)
		}
		text := strings.Join(testtool.ReadPDF(t, []byte(body)).Pages(), "\n")
		for _, want := range []string{"220 EX", "Contents", "Briefing book"} {
			if !strings.Contains(text, want) {
				t.Errorf("the book lacks %q", want)
			}
		}
	})
	t.Run("LiaisonGetsOnlyOwnMinistrysItems", func(t *testing.T) {
		var others []string
		if err := app.DB.NewRaw(`SELECT i.number || ' ' || coalesce(nullif(i.title_ko, ''), i.title_en) FROM agenda_items i WHERE i.session_id = ?
			AND i.lead_ministry_id IS DISTINCT FROM (SELECT id FROM ministries WHERE code = 'MOE')
			AND NOT EXISTS (SELECT 1 FROM consultations c JOIN ministries m ON m.id = c.ministry_id
				WHERE c.item_id = i.id AND m.code = 'MOE' AND c.status <> 'withdrawn')`, sid).Scan(context.Background(), &others); err != nil {
			t.Fatal(err)
		}
		if len(others) == 0 {
			t.Fatal("every item of 220 EX is the Ministry of Education's")
		}
		c := app.client()
		c.login(moeEmail)
		resp, body := c.get(path + "?lang=ko")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		text := testtool.Squeeze(strings.Join(testtool.ReadPDF(t, []byte(body)).Pages(), ""))
		if !strings.Contains(text, "교육부") {
			t.Error("the Ministry of Education's book does not name it")
		}
		for _, o := range others {
			if strings.Contains(text, testtool.Squeeze(o)) {
				t.Errorf("the Ministry of Education's book holds item %q", o)
			}
		}
		for _, q := range []string{"?audience=full", "?audience=ministry:KHS"} {
			if resp, _ := c.get(path + q); resp.StatusCode != http.StatusForbidden {
				t.Errorf("GET %s: status %d, want 403", q, resp.StatusCode)
			}
		}
	})
	t.Run("SessionPageOffersBook", func(t *testing.T) {
		c := app.client()
		c.login(staffEmail)
		_, body := c.get(fmt.Sprintf("/sessions/%d", sid))
		if !strings.Contains(body, fmt.Sprintf(`formaction="/sessions/%d/book"`, sid)) {
			t.Error("the session page offers no briefing book")
		}
		_, body = c.get("/")
		if !strings.Contains(body, fmt.Sprintf(`href="/sessions/%d/book?lang=`, sid)) {
			t.Error("the dashboard offers no briefing book")
		}
	})
}

// TestPackTermsAgreeWithPages: the pack names a request and its answer as the pages do
// (요청 내용 and 회신 in Korean, from the same catalogue entries), and an awaited verdict
// does not read like an awaited answer.
func TestPackTermsAgreeWithPages(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ko := catalog.For("ko")
	c := app.client()
	c.header.Set("Accept-Language", "ko")
	c.login(staffEmail)
	f, _ := download(t, c, fmt.Sprintf("/sessions/%d/pack?lang=ko", app.sessionID("21 ICH")))
	rows, err := f.GetRows(ko.T("session_nav.consultations"))
	if err != nil || len(rows) == 0 {
		t.Fatalf("no consultations sheet: %v", err)
	}
	header := strings.Join(rows[0], "|")
	for _, id := range []string{"consultations.col_question", "consultations.col_answer"} {
		if !strings.Contains(header, ko.T(id)) {
			t.Errorf("the pack's header %q does not name %q as the pages do", header, ko.T(id))
		}
	}
	if text := allText(t, f); strings.Contains(text, "질의") || strings.Contains(text, "답변") {
		t.Error("the pack still says 질의 or 답변")
	}
	if ko.T("briefs.verdict_awaited") == ko.T("consultations.status_open") {
		t.Errorf("an awaited verdict reads %q, as an open request does", ko.T("briefs.verdict_awaited"))
	}
}
