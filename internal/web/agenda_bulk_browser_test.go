package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserBulkAgenda: on a session's agenda page in a real Chromium, under the strict
// CSP and without any script of Plenary's, ticking two items and choosing a ministry sets
// both items' lead ministry in one step.
func TestBrowserBulkAgenda(t *testing.T) {
	t.Parallel()
	b := startBrowser(t)
	tb := b.newTab(t, "en")
	tb.login(staffEmail)
	tb.navigate("/sessions")
	session := evalJS[string](tb, `[...document.querySelectorAll('main a[href^="/sessions/"]')]
		.map(a => a.getAttribute('href')).find(h => /^\/sessions\/\d+$/.test(h)) || ''`)
	if session == "" {
		t.Fatal("the sessions page links to no session")
	}
	tb.navigate(session)

	// The ministry to set, as the bulk form offers it, and two items it does not lead yet.
	ministry := evalJS[[]string](tb, `(() => {
		const o = [...document.querySelectorAll('#f-lead_ministry_id option')].find(o => o.text.startsWith('MOF ·'));
		return o ? [o.value, o.text.slice('MOF · '.length)] : [];
	})()`)
	if len(ministry) != 2 {
		t.Fatal("the bulk form offers no Ministry of Foreign Affairs")
	}
	rows := evalJS[[]string](tb, `[...document.querySelectorAll('table.agenda tbody tr')]
		.filter(tr => tr.querySelector('td[data-label="Lead ministry"]').textContent.trim() !== `+strconv.Quote(ministry[1])+`)
		.map(tr => tr.querySelector('input[name=item]').id).slice(0, 2)`)
	if len(rows) != 2 {
		t.Fatalf("found %d items not led by %s, want 2", len(rows), ministry[1])
	}
	tb.do(
		chromedp.Click(chromedp.ID(rows[0])),
		chromedp.Click(chromedp.ID(rows[1])),
		chromedp.SetValue(chromedp.ID("f-lead_ministry_id"), ministry[0]),
	)
	resp, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`fieldset.bulk button[type=submit]`)))
	if err != nil {
		t.Fatalf("applying the bulk change: %v", err)
	}
	if resp.Status != http.StatusOK || !strings.HasSuffix(resp.URL, session) {
		t.Fatalf("the bulk change landed on %s with status %d", resp.URL, resp.Status)
	}
	if got := tb.text(".flash"); got != "2 items changed." {
		t.Errorf("confirmation %q, want %q", got, "2 items changed.")
	}
	for _, id := range rows {
		lead := evalJS[string](tb, `document.getElementById(`+strconv.Quote(id)+`).closest('tr')
			.querySelector('td[data-label="Lead ministry"]').textContent.trim()`)
		if lead != ministry[1] {
			t.Errorf("item %s: lead ministry %q, want %q", id, lead, ministry[1])
		}
	}
	tb.noProblems()
}
