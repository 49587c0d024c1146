package web_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAskSeveralItems: in a real Chromium, under the strict CSP and without any
// script of Plenary's, staff tick two items on the agenda, go on to ask ministries about
// them, choose two ministries and send one question: four requests, in one step; then
// they tick every answered request on the radar and close them at once.
func TestBrowserAskSeveralItems(t *testing.T) {
	t.Parallel()
	b := startBrowser(t)
	app := b.app
	sid := app.sessionID("226 EX")
	a, c := app.itemID("226 EX", "5.II.A"), app.itemID("226 EX", "5.I.B")
	before := app.count("consultations", "item_id IN (?, ?)", a, c)

	for _, lang := range []string{"ko", "en"} {
		t.Run("Form/"+lang, func(t *testing.T) {
			tb := b.newTab(t, lang)
			tb.login(staffEmail)
			tb.navigate(fmt.Sprintf("/sessions/%d/consultations/new?item=%d", sid, a))
			tb.noUntranslatedKeys()
			tb.noProblems()
			tb.screenshot("consultations-ask-" + lang + ".png")
		})
	}

	tb := b.newTab(t, "en")
	tb.login(staffEmail)
	tb.navigate(fmt.Sprintf("/sessions/%d", sid))
	tb.do(
		chromedp.Click(chromedp.ID("t-"+id(a))),
		chromedp.Click(chromedp.ID("t-"+id(c))),
	)
	resp, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`p.bulk-ask button`)))
	if err != nil {
		t.Fatalf("going on to the request: %v", err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("the request form: status %d", resp.Status)
	}
	for _, it := range []int64{a, c} {
		if !evalJS[bool](tb, `document.getElementById("i-`+id(it)+`").checked`) {
			t.Errorf("item %d is not ticked on the request form", it)
		}
	}
	tb.do(
		chromedp.Click(chromedp.ID("m-"+id(app.ministry("MOF").ID))),
		chromedp.Click(chromedp.ID("m-"+id(app.ministry("MCEE").ID))),
		chromedp.SendKeys(chromedp.ID("f-question"), "Your view on both draft decisions, please."),
	)
	resp, err = chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`form.c-ask button[type=submit]`)))
	if err != nil {
		t.Fatalf("sending the requests: %v", err)
	}
	if resp.Status != http.StatusOK || !strings.HasSuffix(resp.URL, fmt.Sprintf("/sessions/%d/consultations", sid)) {
		t.Fatalf("the requests landed on %s with status %d", resp.URL, resp.Status)
	}
	if got := tb.text(".flash"); got != "4 requests sent." {
		t.Errorf("confirmation %q, want %q", got, "4 requests sent.")
	}
	if got := app.count("consultations", "item_id IN (?, ?)", a, c) - before; got != 4 {
		t.Errorf("%d consultations opened, want 4", got)
	}
	tb.noProblems()

	// Two of them answered, then closed from the radar with "tick all answered".
	ids := app.answeredAs("MOFA", a, c)
	tb.navigate(fmt.Sprintf("/sessions/%d/consultations", sid))
	resp, err = chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`#bulk-close a[href$="tick=answered#list-h"]`)))
	if err != nil || resp.Status != http.StatusOK {
		t.Fatalf("ticking every answered request: %v", err)
	}
	for _, x := range ids {
		if !evalJS[bool](tb, `document.getElementById("t-`+id(x.ID)+`").checked`) {
			t.Errorf("consultation %d is not ticked", x.ID)
		}
	}
	resp, err = chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`#bulk-close button[type=submit]`)))
	if err != nil || resp.Status != http.StatusOK {
		t.Fatalf("closing: %v", err)
	}
	n := app.count("consultations", "status = 'closed' AND id IN (?, ?)", ids[0].ID, ids[1].ID)
	if got := tb.text(".flash"); n != 2 || !strings.HasSuffix(got, "requests closed.") {
		t.Errorf("%d closed, confirmation %q", n, got)
	}
	tb.noProblems()
	tb.screenshot("consultations-bulk-closed.png")
	_ = strconv.Itoa
}
