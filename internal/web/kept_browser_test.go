package web_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/testtool"
	"github.com/kncu/plenary/internal/web"
)

// TestBrowserKeptAnswer: a liaison types a long answer in Chromium while their login
// runs out (the server's clock moves past the idle time-out), presses save, logs in
// again, finds the answer in the form and saves it. Then the request, answered or not,
// prints on one A4 page.
func TestBrowserKeptAnswer(t *testing.T) {
	t.Parallel()
	clock := testtool.NewClock(time.Now())
	b := startBrowser(t, func(cfg *web.Config) { cfg.Now, cfg.IdleTimeout = clock.Now, 30*time.Minute })
	app := b.app
	cons := app.consultationID(app.itemID("21 ICH", "14"), "MOE")
	page := fmt.Sprintf("/consultations/%d", cons)
	const answer = "교육부 회신: 무형유산 교육을 2027년까지 모든 시도 교육청으로 확대합니다. 세부 계획은 첨부와 같습니다."
	ko := catalog.For("ko")

	tb := b.newTab(t, "ko")
	tb.login(moeEmail)
	tb.navigate(page)
	tb.do(chromedp.WaitVisible(chromedp.ID("f-answer")),
		chromedp.SendKeys(chromedp.ID("f-answer"), answer))
	clock.Advance(31 * time.Minute)
	resp, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`form[action$="/answer"] button[type=submit]`)))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusOK || !strings.Contains(resp.URL, "/login?next=") {
		t.Fatalf("after save with the login ended: %s, status %d; want the login page", resp.URL, resp.Status)
	}
	if got, want := tb.text(`.flash`), ko.T("kept.login_again"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	if got := app.consultation(cons).Answer; got == answer {
		t.Fatal("the answer was saved without a login")
	}
	tb.do(chromedp.SendKeys(chromedp.ID("f-email"), moeEmail), chromedp.SendKeys(chromedp.ID("f-password"), testdb.Password))
	resp, err = chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`main form[action="/login"] button[type=submit]`)))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusOK || !strings.Contains(resp.URL, page+"?kept=") {
		t.Fatalf("after login: %s, status %d; want the answer form", resp.URL, resp.Status)
	}
	if got := tb.value(`#f-answer`); got != answer {
		t.Fatalf("the answer form holds %q, want the typed answer", got)
	}
	if got, want := tb.text(`.kept-note`), ko.T("kept.restored"); got != want {
		t.Errorf("note %q, want %q", got, want)
	}
	tb.screenshot("kept-answer-ko.png")
	resp, err = chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`form[action$="/answer"] button[type=submit]`)))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusOK || strings.Contains(resp.URL, "kept=") {
		t.Errorf("after saving: %s, status %d", resp.URL, resp.Status)
	}
	if got, want := tb.text(`.flash`), ko.T("consultations.answered"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	if got := app.consultation(cons).Answer; got != answer {
		t.Errorf("saved answer %q, want the typed one", got)
	}
	tb.noUntranslatedKeys()
	tb.noProblems()

	// The request prints on one A4 page: the question, the item, the due date and the
	// answer, without forms or navigation; an unanswered one gets an empty box instead.
	t.Run("PrintedRequest", func(t *testing.T) {
		for _, tt := range []struct {
			name     string
			answered bool
		}{{"Answered", true}, {"Unanswered", false}} {
			t.Run(tt.name, func(t *testing.T) {
				var id int64
				err := app.DB.NewSelect().Table("consultations").Column("consultations.id").
					Join("JOIN ministries m ON m.id = consultations.ministry_id").
					Where("m.code = 'MOE' AND consultations.status IN ('open', 'answered')").
					Where("(consultations.answer <> '') = ?", tt.answered).OrderExpr("consultations.id").Limit(1).Scan(t.Context(), &id)
				if err != nil {
					t.Fatalf("no %s request of the MOE in the demo: %v", tt.name, err)
				}
				c := app.consultation(id)
				tab := b.newTab(t, "en")
				tab.login(moeEmail)
				tab.navigate(fmt.Sprintf("/consultations/%d", id))
				if got := evalJS[bool](tab, `getComputedStyle(document.querySelector('.top')).display !== 'none'`); !got {
					t.Fatal("the header is hidden on screen")
				}
				res, err := chromedp.Call(tab.ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PreferCSSPageSize: new(true)})
				if err != nil {
					t.Fatal(err)
				}
				pdf := res.Data
				if d := os.Getenv("PLENARY_SCREENSHOTS"); d != "" {
					if err := os.WriteFile(filepath.Join(d, "request-"+tt.name+".pdf"), pdf, 0o644); err != nil {
						t.Error(err)
					}
				}
				pages := testtool.ReadPDF(t, pdf).Pages()
				if len(pages) != 1 {
					t.Errorf("the request prints on %d pages, want 1:\n%q", len(pages), pages)
				}
				text := strings.Join(strings.Fields(strings.Join(pages, " ")), " ")
				for _, want := range []string{c.DueOn.Format("2006-01-02"), c.ItemNumber, strings.Join(strings.Fields(c.Question), " ")[:20]} {
					if !strings.Contains(text, want) {
						t.Errorf("the printed request does not show %q:\n%s", want, text)
					}
				}
				en := catalog.For("en")
				for _, never := range []string{en.T("nav.logout"), en.T("consultations.save_answer")} {
					if strings.Contains(text, never) {
						t.Errorf("the printed request shows %q", never)
					}
				}
				box := evalJS[bool](tab, `!!document.querySelector('.print-box')`)
				if box == tt.answered {
					t.Errorf("empty answer box present: %v, want %v", box, !tt.answered)
				}
			})
		}
	})
}
