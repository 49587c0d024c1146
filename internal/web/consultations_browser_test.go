package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserConsultations drives Chromium through the consultations: the radar drawn
// in SVG under the CSP, in both languages, and a liaison answering from the dashboard.
func TestBrowserConsultations(t *testing.T) {
	t.Parallel()
	b := startBrowser(t)

	for _, lang := range []string{"ko", "en"} {
		t.Run("Radar/"+lang, func(t *testing.T) {
			l := catalog.For(lang)
			tb := b.newTab(t, lang)
			tb.login(staffEmail)
			tb.navigate("/consultations")
			href := evalJS[string](tb, `[...document.querySelectorAll('a[href$="/consultations"]')]
				.map(a => a.getAttribute('href')).find(h => h.startsWith('/sessions/')) || ''`)
			if href == "" {
				t.Fatal("the consultations page links to no session's radar")
			}
			if resp := tb.navigate(href); resp.Status != http.StatusOK {
				t.Fatalf("GET %s: status %d", href, resp.Status)
			}
			if got := evalJS[float64](tb, `document.querySelector('.c-chart svg').getBoundingClientRect().width`); got < 200 {
				t.Errorf("the chart is %v px wide", got)
			}
			if got := evalJS[int](tb, `document.querySelectorAll('.c-chart svg rect').length`); got < 5 {
				t.Errorf("the chart has %d rectangles", got)
			}
			if got, want := tb.text(`.c-radar-table thead th:nth-child(3)`), l.T("consultations.status_overdue"); got != want {
				t.Errorf("radar column %q, want %q", got, want)
			}
			tb.noUntranslatedKeys()
			tb.noProblems()
			tb.screenshot("consultations-radar-" + lang + ".png")
		})
	}

	t.Run("LiaisonAnswersFromTheDashboard", func(t *testing.T) {
		const answer = "교육부 회신: 창의적 체험활동과 연계한 무형유산 수업을 확대합니다."
		tb := b.newTab(t, "en")
		tb.login(moeEmail)
		tb.do(chromedp.Click(chromedp.CSS(`section[aria-labelledby="c-open-h"] tbody tr a[href^="/consultations/"]`)))
		tb.do(chromedp.WaitVisible(chromedp.ID("f-answer")), chromedp.SendKeys(chromedp.ID("f-answer"), answer))
		resp, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`form[action$="/answer"] button[type=submit]`)))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != http.StatusOK {
			t.Errorf("after the answer: status %d", resp.Status)
		}
		if got, want := tb.text(`.flash`), catalog.For("en").T("consultations.answered"); got != want {
			t.Errorf("flash %q, want %q", got, want)
		}
		if got := tb.text(`section[aria-labelledby="answer-h"]`); !strings.Contains(got, answer) {
			t.Errorf("the page does not show the answer:\n%s", got)
		}
		tb.noUntranslatedKeys()
		tb.noProblems()
		tb.screenshot("consultation-answered.png")
	})
}
