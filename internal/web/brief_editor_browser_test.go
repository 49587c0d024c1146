package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserEditorAndProgress: in Chromium, under the strict CSP, the brief editor's
// context sits beside the form on a wide screen and below it on a phone, and the staff
// dashboard draws the progress picture, in Korean without words broken in two.
func TestBrowserEditorAndProgress(t *testing.T) {
	t.Parallel()
	b := startBrowser(t)
	// A recurring item: answers on it, and a final position at 220 EX (demo data).
	item := b.app.itemID("226 EX", "5.I.A")

	type box struct{ Left, Right, Top, Bottom float64 }
	where := func(tb *tab, sel string) box {
		t.Helper()
		return evalJS[box](tb, `(() => { const e = document.querySelector('`+sel+`');
			if (!e) return {Left: -1, Right: -1, Top: -1, Bottom: -1};
			const r = e.getBoundingClientRect(); return {Left: r.left, Right: r.right, Top: r.top + scrollY, Bottom: r.bottom + scrollY}; })()`)
	}
	for _, tt := range []struct {
		name  string
		width int64
		lang  string
	}{{"Wide", 1440, "en"}, {"WideKorean", 1440, "ko"}, {"Phone", phoneWidth, "ko"}} {
		t.Run(tt.name, func(t *testing.T) {
			tb := b.newTab(t, tt.lang)
			if tt.width == phoneWidth {
				tb.do(chromedp.EmulateViewport(tt.width, 800, chromedp.EmulateMobile, chromedp.EmulateTouch))
			} else {
				tb.do(chromedp.EmulateViewport(tt.width, 900))
			}
			tb.login(staffEmail)
			tb.navigate(fmt.Sprintf("/items/%d/brief", item))
			form, aside := where(tb, "form.brief-form"), where(tb, "aside.brief-context")
			if aside.Top < 0 || form.Top < 0 {
				t.Fatal("the editor has no form or no context")
			}
			beside := aside.Left >= form.Right && aside.Top < form.Bottom
			below := aside.Top >= form.Bottom
			if tt.width == phoneWidth && !below {
				t.Errorf("on a phone the context is not below the form: form %+v, context %+v", form, aside)
			}
			if tt.width != phoneWidth && !beside {
				t.Errorf("on a wide screen the context is not beside the form: form %+v, context %+v", form, aside)
			}
			if n := evalJS[int](tb, `document.querySelectorAll('aside.brief-context .bctx-answer').length`); n == 0 {
				t.Error("the context shows no answers")
			}
			if bad := evalJS[[]string](tb, brokenKoreanWords(`aside.brief-context h3, aside.brief-context .badge`)); len(bad) > 0 {
				t.Errorf("Korean words broken over two lines: %v", bad)
			}
			tb.screenshot("editor-" + strings.ToLower(tt.name) + ".png")

			tb.navigate("/")
			charts := evalJS[int](tb, `[...document.querySelectorAll('svg.progress-bar[role=img]')]
				.filter(s => s.getBoundingClientRect().width > 100 && s.querySelector('title')).length`)
			if charts == 0 {
				t.Error("the dashboard draws no progress picture")
			}
			if bad := evalJS[[]string](tb, brokenKoreanWords(`.progress-card h3, .progress-legend li, .progress-lead`)); len(bad) > 0 {
				t.Errorf("Korean words broken over two lines in the progress picture: %v", bad)
			}
			tb.screenshot("progress-" + strings.ToLower(tt.name) + ".png")
			tb.noProblems()
		})
	}
}
