package web_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// gridInView is a script that brings each of the boxes (selected by sel) of a grid into
// view in turn, scrolling only the grid's own box (wrap) as a person would, and returns
// what is wrong: a box that cannot be brought into view, one hidden under the sticky
// column (first), or the row and column names that go out of view meanwhile.
const gridInView = `((wrap, sel, first, corner) => {
	const w = document.querySelector(wrap), bad = [];
	if (!w) return ['no ' + wrap];
	const boxes = [...w.querySelectorAll(sel)];
	if (!boxes.length) return ['no ' + sel];
	for (const box of boxes) {
		w.scrollLeft = 0;
		const wr = w.getBoundingClientRect();
		const want = box.getBoundingClientRect().right - wr.right + 4;
		if (want > 0) w.scrollLeft = want;
		const r = box.getBoundingClientRect(), name = w.querySelector(first).getBoundingClientRect();
		const label = box.textContent.trim().replace(/\s+/g, ' ');
		if (r.right > wr.right + 1 || r.left < name.right - 1) bad.push(label + ': not brought into view');
		if (name.left < wr.left - 1 || name.right <= wr.left) bad.push(label + ': the name column scrolled away');
		const c = w.querySelector(corner).getBoundingClientRect();
		if (c.top < wr.top - 1) bad.push(label + ': the header scrolled away');
	}
	w.scrollLeft = 0;
	return bad;
})`

// TestBrowserDelegationGrids: at 1280 px and at 375 px, in a real Chromium under the
// strict CSP, the attendance grid shows every day of the session, scrolling sideways
// inside its labelled box with the members' names in view, the page itself never wider
// than the window; days outside a stay say so in words. The coverage matrix scrolls the
// same way with the items and the members' names in view, and saves a tick.
func TestBrowserDelegationGrids(t *testing.T) {
	t.Parallel()
	b := startBrowser(t)
	ioc := b.app.sessionID("34 IOC")
	ex := b.app.sessionID("226 EX")

	for _, width := range []int64{1280, phoneWidth} {
		t.Run(strconv.FormatInt(width, 10), func(t *testing.T) {
			tb := b.newTab(t, "en")
			tb.login(staffEmail)
			tb.do(chromedp.EmulateViewport(width, 800))

			tb.navigate(fmt.Sprintf("/sessions/%d/attendance", ioc))
			if got := evalJS[int](tb, `document.querySelectorAll('table.attendance-grid thead th.day').length`); got != 10 {
				t.Errorf("%d days in the grid, want the 10 of the session", got)
			}
			if bad := evalJS[[]string](tb, gridInView+`('.grid-scroll', 'thead th.day', 'tbody th[scope=row]', 'thead th')`); len(bad) > 0 {
				t.Errorf("attendance grid: %v", bad)
			}
			if w := evalJS[int](tb, `document.documentElement.scrollWidth`); w > int(width) {
				t.Errorf("the attendance page is %d px wide in a %d px window", w, width)
			}
			if got := evalJS[string](tb, `document.querySelector('.grid-scroll').getAttribute('role') + ' ' +
				document.getElementById(document.querySelector('.grid-scroll').getAttribute('aria-describedby')).textContent.trim()`); !strings.Contains(got, "region The session has 10 days") {
				t.Errorf("the grid's box is labelled %q, want a region saying how many days it holds", got)
			}
			marks := evalJS[[]string](tb, `[...document.querySelectorAll('td.cell.away')].map(td => {
				const m = td.querySelector('.away-mark'), r = m && m.getBoundingClientRect();
				return m && r.width > 0 && r.height > 0 ? '' : td.querySelector('select').id;
			}).filter(Boolean)`)
			if len(marks) > 0 {
				t.Errorf("days outside a stay marked by shading alone: %v", marks)
			}
			tb.screenshot(fmt.Sprintf("attendance-%d.png", width))

			tb.navigate(fmt.Sprintf("/sessions/%d/delegation", ex))
			if bad := evalJS[[]string](tb, gridInView+`('.matrix-wrap', 'thead th.member', 'tbody th', 'thead th.corner')`); len(bad) > 0 {
				t.Errorf("coverage matrix: %v", bad)
			}
			if w := evalJS[int](tb, `document.documentElement.scrollWidth`); w > int(width) {
				t.Errorf("the delegation page is %d px wide in a %d px window", w, width)
			}
			tb.screenshot(fmt.Sprintf("coverage-%d.png", width))
			tb.noProblems()
		})
	}

	// An Executive Board's session: 60 items, a delegation of 15, 14 days, at 1280 px.
	t.Run("Scale", func(t *testing.T) {
		big := scaledSession(t, b.app.DB, 60)
		tb := b.newTab(t, "en")
		tb.login(staffEmail)
		tb.do(chromedp.EmulateViewport(1280, 800))
		tb.navigate(fmt.Sprintf("/sessions/%d/attendance", big))
		if got := evalJS[int](tb, `document.querySelectorAll('table.attendance-grid thead th.day').length`); got != 14 {
			t.Errorf("%d days in the grid, want the 14 of the session", got)
		}
		if bad := evalJS[[]string](tb, gridInView+`('.grid-scroll', 'thead th.day', 'tbody th[scope=row]', 'thead th')`); len(bad) > 0 {
			t.Errorf("attendance grid: %v", bad)
		}
		tb.screenshot("attendance-scale-1280.png")
		tb.navigate(fmt.Sprintf("/sessions/%d/delegation", big))
		if got := evalJS[int](tb, `document.querySelectorAll('.matrix input[name=cover]').length`); got != 60*15 {
			t.Errorf("%d boxes in the matrix, want 60 × 15", got)
		}
		if bad := evalJS[[]string](tb, gridInView+`('.matrix-wrap', 'thead th.member', 'tbody th', 'thead th.corner')`); len(bad) > 0 {
			t.Errorf("coverage matrix: %v", bad)
		}
		// Scrolled to its last item and last member, the matrix keeps the members' names
		// above and the item's name on the left.
		bad := evalJS[[]string](tb, `(() => {
			const w = document.querySelector('.matrix-wrap'), bad = [];
			w.scrollTop = w.scrollHeight; w.scrollLeft = w.scrollWidth;
			const wr = w.getBoundingClientRect();
			const head = w.querySelector('thead th.member:last-child').getBoundingClientRect();
			const rows = w.querySelectorAll('tbody th'), name = rows[rows.length - 1].getBoundingClientRect();
			const box = w.querySelector('tbody tr:last-child td:last-child input').getBoundingClientRect();
			if (head.top < wr.top - 1 || head.bottom > wr.bottom) bad.push("the members' names scrolled away");
			if (name.left < wr.left - 1 || name.right > wr.right) bad.push("the item's name scrolled away");
			if (box.bottom > wr.bottom + 1 || box.right > wr.right + 1 || box.top < head.bottom - 1) bad.push('the last box is not in view');
			return bad;
		})()`)
		if len(bad) > 0 {
			t.Errorf("coverage matrix scrolled to its end: %v", bad)
		}
		if w := evalJS[int](tb, `document.documentElement.scrollWidth`); w > 1280 {
			t.Errorf("the delegation page is %d px wide in a 1280 px window", w)
		}
		tb.screenshot("coverage-scale-1280.png")
		tb.noProblems()
	})

	t.Run("MatrixSaves", func(t *testing.T) {
		tb := b.newTab(t, "en")
		tb.login(staffEmail)
		path := fmt.Sprintf("/sessions/%d/delegation", ex)
		tb.navigate(path)
		box := evalJS[string](tb, `(document.querySelector('.matrix input[name=cover]:not(:checked)') || {}).id || ''`)
		if box == "" {
			t.Fatal("no box left to tick")
		}
		tb.do(chromedp.Click(chromedp.ID(box)))
		resp, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`.coverage-matrix button[type=submit]`)))
		if err != nil {
			t.Fatalf("saving the matrix: %v", err)
		}
		if resp.Status != http.StatusOK || !strings.Contains(resp.URL, path) {
			t.Fatalf("the save landed on %s with status %d", resp.URL, resp.Status)
		}
		if got, want := tb.text(".flash"), "Saved: the items of 1 member changed."; got != want {
			t.Errorf("confirmation %q, want %q", got, want)
		}
		if !evalJS[bool](tb, `document.getElementById(`+strconv.Quote(box)+`).checked`) {
			t.Error("the ticked box is not ticked after the save")
		}
		tb.noProblems()
	})
}
