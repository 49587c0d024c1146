package web_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// phoneWidth is the width of a small phone, in CSS pixels.
const phoneWidth = 375

// misplacedCardValues lists, for every labelled cell of the stacked tables of the page,
// the values that start left of the cell's first value: under the label column of the
// card that a table row becomes on a phone.
const misplacedCardValues = `(() => {
	const out = [];
	const hidden = n => { const e = n.nodeType === 1 ? n : n.parentElement; return !!e.closest('.sr-only'); };
	for (const td of document.querySelectorAll('table.stack td[data-label]')) {
		const rects = [];
		const w = document.createTreeWalker(td, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
		for (let n = w.nextNode(); n; n = w.nextNode()) {
			if (hidden(n)) continue;
			let rs = [];
			if (n.nodeType === 3) {
				if (!n.textContent.trim()) continue;
				const r = document.createRange(); r.selectNodeContents(n); rs = [...r.getClientRects()];
			} else if (n.matches('input:not([type=hidden]), select, textarea, img, svg, button')) {
				rs = [n.getBoundingClientRect()];
			}
			for (const r of rs) if (r.width > 1 && r.height > 1) rects.push({r, what: n.nodeType === 3 ? n.textContent.trim() : n.tagName.toLowerCase()});
		}
		if (rects.length < 2) continue;
		const first = rects[0].r.left;
		for (const {r, what} of rects.slice(1)) {
			if (r.left < first - 1) out.push(td.dataset.label + ': "' + what + '" at x=' + Math.round(r.left) + ', first value at x=' + Math.round(first));
		}
	}
	return out.slice(0, 10);
})()`

// brokenKoreanWords lists the Korean words, in the elements that sel selects, that the
// browser broke over two lines.
func brokenKoreanWords(sel string) string {
	return `(() => {
	const out = [];
	for (const el of document.querySelectorAll(` + "`" + sel + "`" + `)) {
		let hidden = false; // such as the head of a table stacked into cards, clipped to 1 px
		for (let a = el; a && !hidden; a = a.parentElement) { const r = a.getBoundingClientRect(); hidden = r.width <= 2 || r.height <= 2; }
		if (hidden) continue;
		const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
		for (let n = w.nextNode(); n; n = w.nextNode()) {
			for (const m of n.textContent.matchAll(/[\uac00-\ud7a3]+/g)) {
				const r = document.createRange();
				r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
				const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
				if (tops.size > 1) out.push(m[0] + ' in ' + el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
			}
		}
	}
	return out.slice(0, 10);
})()`
}

// TestBrowserLayout checks, in a real Chromium, what a person sees go wrong in a layout:
// a confirmation that shows again, values under the labels of a phone's cards, Korean
// words broken in the middle, an underline through Korean letters.
func TestBrowserLayout(t *testing.T) {
	t.Parallel()
	b := startBrowser(t)

	t.Run("ConfirmationShowsOnce", func(t *testing.T) {
		tb := b.newTab(t, "en")
		tb.login(staffEmail)
		tb.navigate("/sessions")
		session := evalJS[string](tb, `[...document.querySelectorAll('main a[href^="/sessions/"]')]
			.map(a => a.getAttribute('href')).find(h => /^\/sessions\/\d+$/.test(h)) || ''`)
		if session == "" {
			t.Fatal("the sessions page links to no session")
		}
		tb.navigate(session + "/items/new")
		tb.do(
			chromedp.SendKeys(chromedp.ID("f-number"), "88"),
			chromedp.SendKeys(chromedp.ID("f-title_en"), "An item to confirm once"),
		)
		resp, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`main form.card button[type=submit]`)))
		if err != nil {
			t.Fatalf("saving the item: %v", err)
		}
		if resp.Status != http.StatusOK || !strings.Contains(resp.URL, "/items/") {
			t.Fatalf("saving the item landed on %s with status %d", resp.URL, resp.Status)
		}
		if got := evalJS[int](tb, `document.querySelectorAll('.flash').length`); got != 1 {
			t.Fatalf("the page the save lands on shows %d confirmations, want 1", got)
		}
		for _, later := range []string{session, "/sessions", resp.URL[len(tb.b.base):]} {
			tb.navigate(later)
			if got := evalJS[string](tb, `(document.querySelector('.flash') || {}).textContent || ''`); got != "" {
				t.Errorf("the later page %s shows the confirmation again: %q", later, got)
			}
		}
		tb.noProblems()
	})

	t.Run("PhoneCardsKeepValuesInTheValueColumn", func(t *testing.T) {
		tb := b.newTab(t, "ko")
		tb.do(chromedp.EmulateViewport(phoneWidth, 800, chromedp.EmulateMobile, chromedp.EmulateTouch))
		tb.login(staffEmail)
		pages := []string{"/", "/sessions"}
		tb.navigate("/sessions")
		if s := evalJS[string](tb, `[...document.querySelectorAll('main a[href^="/sessions/"]')]
			.map(a => a.getAttribute('href')).find(h => /^\/sessions\/\d+$/.test(h)) || ''`); s != "" {
			pages = append(pages, s, s+"/delegation", s+"/attendance", s+"/consultations")
		}
		cells := 0
		for _, p := range pages {
			tb.navigate(p)
			cells += evalJS[int](tb, `document.querySelectorAll('table.stack td[data-label]').length`)
			if bad := evalJS[[]string](tb, misplacedCardValues); len(bad) > 0 {
				t.Errorf("%s at %d px: values under the label column: %v", p, phoneWidth, bad)
				tb.screenshot("cards" + strings.ReplaceAll(p, "/", "-") + ".png")
			}
		}
		if cells < 20 {
			t.Errorf("only %d labelled cells on %v: the check saw too little", cells, pages)
		}
		tb.noProblems()
	})

	t.Run("KoreanWordsStayWhole", func(t *testing.T) {
		tb := b.newTab(t, "ko")
		tb.login(staffEmail)
		tb.navigate("/sessions")
		s := evalJS[string](tb, `[...document.querySelectorAll('main a[href^="/sessions/"]')]
			.map(a => a.getAttribute('href')).find(h => /^\/sessions\/\d+$/.test(h)) || ''`)
		for _, width := range []int64{phoneWidth, 700, 1280} {
			tb.do(chromedp.EmulateViewport(width, 800))
			for _, p := range []string{"/", "/sessions", s, s + "/delegation", s + "/consultations", "/briefs"} {
				tb.navigate(p)
				if bad := evalJS[[]string](tb, brokenKoreanWords(`th, .badge, td`)); len(bad) > 0 {
					t.Errorf("%s at %d px: Korean words broken over two lines: %v", p, width, bad)
				}
			}
		}
		tb.noProblems()
	})

	t.Run("PhonePagesNoWiderThanThePhone", func(t *testing.T) {
		// The screen-reader text of a row's actions once sat outside the table's scrolling
		// box and made the whole page as wide as the table.
		for _, tt := range []struct {
			email string
			pages []string
		}{
			{adminEmail, []string{"/admin/users", "/admin/ministries", "/admin/organisations"}},
			{staffEmail, []string{fmt.Sprintf("/sessions/%d/consultations", b.app.sessionID("226 EX"))}},
		} {
			tb := b.newTab(t, "ko")
			tb.do(chromedp.EmulateViewport(phoneWidth, 800))
			tb.login(tt.email)
			for _, p := range tt.pages {
				tb.navigate(p)
				if w := evalJS[int](tb, `document.documentElement.scrollWidth`); w > phoneWidth {
					t.Errorf("%s is %d px wide on a %d px phone", p, w, phoneWidth)
				}
			}
			tb.noProblems()
		}
	})

	t.Run("AttendanceRowsLineUp", func(t *testing.T) {
		// A day outside a member's stay says so under its fields, so every select of a
		// row starts at the same height, marked or not.
		tb := b.newTab(t, "ko")
		tb.do(chromedp.EmulateViewport(phoneWidth, 800))
		tb.login(staffEmail)
		tb.navigate(fmt.Sprintf("/sessions/%d/attendance", b.app.sessionID("34 IOC")))
		bad := evalJS[[]string](tb, `[...document.querySelectorAll('table.attendance-grid tbody tr')].filter(tr => tr.querySelector('td.away')).map(tr => {
			const tops = new Set([...tr.querySelectorAll('td.cell select')].map(s => Math.round(s.getBoundingClientRect().top)));
			return tops.size > 1 ? tr.querySelector('th a').textContent.trim() + ': ' + [...tops].join(', ') : '';
		}).filter(Boolean)`)
		if n := evalJS[int](tb, `document.querySelectorAll('table.attendance-grid td.away').length`); n == 0 {
			t.Fatal("the demo session shows no day outside a stay")
		}
		if len(bad) > 0 {
			t.Errorf("rows whose selects start at different heights: %v", bad)
		}
		tb.noProblems()
	})

	t.Run("LogoutUnderlineClearsTheLetters", func(t *testing.T) {
		tb := b.newTab(t, "ko")
		tb.login(staffEmail)
		type underline struct {
			Text   string
			Offset string
			Font   float64
		}
		u := evalJS[underline](tb, `(() => {
			const b = document.querySelector('form[action="/logout"] button');
			const s = getComputedStyle(b);
			return {Text: b.textContent.trim(), Offset: s.textUnderlineOffset, Font: parseFloat(s.fontSize)};
		})()`)
		if u.Text != catalog.For("ko").T("nav.logout") {
			t.Fatalf("the logout button reads %q", u.Text)
		}
		// The underline drawn at the font's own position runs through the final consonant
		// of 웃; it must be set below the letters.
		if !strings.HasSuffix(u.Offset, "px") {
			t.Fatalf("text-underline-offset of the logout button is %q, want a length below the letters", u.Offset)
		}
		px, err := strconv.ParseFloat(strings.TrimSuffix(u.Offset, "px"), 64)
		if err != nil || px < 0.15*u.Font {
			t.Errorf("text-underline-offset %q for a %.0f px font: want at least %.1f px", u.Offset, u.Font, 0.15*u.Font)
		}
		tb.noProblems()
	})
}
