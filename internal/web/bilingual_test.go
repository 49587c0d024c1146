package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/testtool"
)

// otherLang is how a page marks a field shown in the language the reader did not ask for.
func otherLang(text, note string) string {
	return text + `</span> <small class="other-lang">(` + note + `)</small>`
}

// TestBilingualRecords: session titles and a brief's background and key points are kept
// in Korean and in English; a reader gets their language, and where only the other is
// written, that one marked, on pages, in the pack and in the book.
func TestBilingualRecords(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ko := catalog.For("ko")
	staffEN := app.client()
	staffEN.login(staffEmail)
	staffKO := app.client()
	staffKO.header.Set("Accept-Language", "ko")
	staffKO.login(staffEmail)

	t.Run("SessionListMarksTheOtherLanguage", func(t *testing.T) {
		_, body := staffKO.get("/sessions")
		// 226 EX has only its English title in the demo; 220 EX has both.
		if !strings.Contains(body, otherLang("226th session of the Executive Board", ko.T("lang.only_en"))) {
			t.Error("a Korean reader does not see the English-only title marked")
		}
		if !strings.Contains(body, "제220차 집행이사회") || strings.Contains(body, "220th session of the Executive Board") {
			t.Error("a Korean reader does not get the Korean title of a session that has both")
		}
		_, body = staffEN.get("/sessions")
		if !strings.Contains(body, "220th session of the Executive Board") || strings.Contains(body, `class="other-lang"`) {
			t.Error("an English reader gets a mark, or not the English title")
		}
	})

	var sesID int64
	t.Run("SessionFormTakesEitherTitle", func(t *testing.T) {
		staffEN.get("/sessions/new")
		form := url.Values{"body_id": {fmt.Sprint(app.body("EX").ID)}, "number": {"231"}, "starts_on": {"2029-04-04"},
			"ends_on": {"2029-04-18"}, "status": {"planning"}}
		resp, body := staffEN.post("/sessions", form)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("no title: status %d, want 422", resp.StatusCode)
		}
		want := en.T("validate.required_without", "Field", en.T("field.title_ko"))
		if got := fieldErrors(body)["title_ko"]; got != want {
			t.Errorf("no title: message %q, want %q", got, want)
		}
		form.Set("title_ko", "제231차 집행이사회")
		resp, _ = staffEN.post("/sessions", form)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("Korean title only: status %d, want 303", resp.StatusCode)
		}
		sesID = app.sessionID("231 EX")
		_, body = staffEN.get(fmt.Sprintf("/sessions/%d", sesID))
		if !strings.Contains(body, otherLang("제231차 집행이사회", en.T("lang.only_ko"))) {
			t.Error("the English session page does not mark the Korean-only title")
		}
		_, body = staffEN.get(fmt.Sprintf("/sessions/%d/edit", sesID))
		if inputValue(body, "title_ko") != "제231차 집행이사회" || inputValue(body, "title_en") != "" {
			t.Error("the edit form does not hold the two titles as saved")
		}
	})

	item := app.itemID("226 EX", "16.XIX")
	page := fmt.Sprintf("/items/%d", item)
	t.Run("BriefTextsInBothLanguages", func(t *testing.T) {
		staffEN.get(page + "/brief")
		form := briefForm(nil, "Support the report.")
		form.Set("background_ko", "배경은 국문으로만 작성함.")
		form.Set("key_points_en", "- First point.")
		form.Set("key_points_ko", "- 첫째 논점.")
		resp, _ := staffEN.post(page+"/brief", form)
		wantRedirect(t, resp, page)
		r := app.brief(item).Current
		if r.BackgroundKO != "배경은 국문으로만 작성함." || r.BackgroundEN != "" || r.KeyPointsEN != "- First point." || r.KeyPointsKO != "- 첫째 논점." {
			t.Errorf("saved revision %+v, want each text in its language", r)
		}
		_, body := staffEN.get(page)
		for _, want := range []string{en.T("field.background_ko"), en.T("field.key_points_en"), en.T("field.key_points_ko"), "배경은 국문으로만 작성함."} {
			if !strings.Contains(body, want) {
				t.Errorf("the item page lacks %q", want)
			}
		}

		staffEN.get(page + "/brief")
		form = briefForm(app.brief(item), "Support the report.")
		form.Set("background_ko", "배경은 국문으로만 작성함.")
		form.Set("background_en", "Background, now in English too.")
		form.Set("key_points_en", "- First point.")
		form.Set("key_points_ko", "- 첫째 논점.")
		resp, _ = staffEN.post(page+"/brief", form)
		wantRedirect(t, resp, page)
		_, body = staffEN.get(page + "/brief/diff?from=1&to=2")
		if !strings.Contains(body, en.T("field.background_en")) || !strings.Contains(body, "<ins>Background, now in English too.</ins>") {
			t.Error("the diff of two revisions does not show the English background added")
		}
	})

	t.Run("SearchFindsEitherLanguage", func(t *testing.T) {
		for _, q := range []string{"준비도 평가를 완료", "Readiness Assessment Methodology"} { // 220 EX/5.I.A's background
			_, body := staffEN.get("/search?q=" + url.QueryEscape(q))
			if !strings.Contains(body, "5.I.A") {
				t.Errorf("searching %q does not find the brief", q)
			}
		}
		_, body := staffEN.get("/search?q=" + url.QueryEscape("제231차"))
		if !strings.Contains(body, fmt.Sprintf(`href="/sessions/%d"`, sesID)) {
			t.Error("searching a Korean title does not find its session")
		}
	})

	t.Run("PackAndBookMarkTheOtherLanguage", func(t *testing.T) {
		// 21 ICH/14's key points are written in Korean only in the demo.
		ses := app.sessionID("21 ICH")
		f, _ := download(t, staffEN, fmt.Sprintf("/sessions/%d/pack?lang=en", ses))
		rows, err := f.GetRows("Positions")
		if err != nil {
			t.Fatal(err)
		}
		marked := false
		for _, r := range rows {
			if len(r) > 2 && r[0] == "14" && r[1] == "Key points ("+en.T("lang.only_ko")+")" && strings.Contains(r[2], "국가유산청의 유산교육") {
				marked = true
			}
		}
		if !marked {
			t.Error("the English pack does not mark 21 ICH/14's Korean-only key points")
		}
		resp, body := staffEN.get(fmt.Sprintf("/sessions/%d/book?lang=en", ses))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("book: status %d", resp.StatusCode)
		}
		book := strings.Join(testtool.ReadPDF(t, []byte(body)).Pages(), "\n")
		if !strings.Contains(book, en.T("lang.only_ko")) || !strings.Contains(book, "국가유산청의 유산교육") {
			t.Error("the English book does not show 21 ICH/14's Korean-only key points, marked")
		}
		// A Korean pack of a session with only its English title marks the title.
		f, _ = download(t, staffKO, fmt.Sprintf("/sessions/%d/pack?lang=ko", app.sessionID("226 EX")))
		title, err := f.GetCellValue(f.GetSheetName(0), "A1")
		if err != nil {
			t.Fatal(err)
		}
		if want := "226 EX · 226th session of the Executive Board (" + ko.T("lang.only_en") + ")"; title != want {
			t.Errorf("the Korean pack's title %q, want %q", title, want)
		}
	})
}
