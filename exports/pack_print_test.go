package exports_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/policy"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/testtool"
)

// How text size on a printed page is measured: LibreOffice prints the workbook to PDF
// with the page set-up the file carries, and pdftotext -bbox gives every word's box. A
// word's height (yMax - yMin, in PDF points) follows its font size: poppler makes it the
// font's ascent plus descent at that size. So that the floor means "as large as 9 pt text
// printed at full size", the test prints a calibration workbook of 9 pt cells, in English
// and in Korean, through the same LibreOffice and fonts, and takes the smaller of the two
// median word heights as the floor. A page passes when its median word is at least that.
const floorPoints = 9

// printPDF prints each workbook (xlsx bytes) through LibreOffice to PDF, all in one
// LibreOffice process, and returns the PDF files, removed when the test ends.
func printPDF(t *testing.T, books ...[]byte) []string {
	t.Helper()
	soffice := testtool.Require(t, "soffice")
	dir := t.TempDir()
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir}
	pdfs := make([]string, len(books))
	for i, b := range books {
		name := filepath.Join(dir, fmt.Sprintf("book%d.xlsx", i))
		if err := os.WriteFile(name, b, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, name)
		pdfs[i] = strings.TrimSuffix(name, ".xlsx") + ".pdf"
	}
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	// PLENARY_PRINT_DIR keeps the printed files, to look at them (pdftoppm -png).
	if keep := os.Getenv("PLENARY_PRINT_DIR"); keep != "" {
		for i, pdf := range pdfs {
			base := filepath.Join(keep, fmt.Sprintf("%s-%d", strings.ReplaceAll(t.Name(), "/", "_"), i))
			for _, ext := range []string{".pdf", ".xlsx"} {
				if b, err := os.ReadFile(strings.TrimSuffix(pdf, ".pdf") + ext); err == nil {
					_ = os.WriteFile(base+ext, b, 0o644)
				}
			}
		}
	}
	return pdfs
}

// printWords prints each workbook through LibreOffice and returns the words of each
// one's printed pages.
func printWords(t *testing.T, books ...[]byte) [][]pdfPage {
	t.Helper()
	pdftotext := testtool.Require(t, "pdftotext")
	pdfs := printPDF(t, books...)
	pages := make([][]pdfPage, len(pdfs))
	for i, pdf := range pdfs {
		out, err := exec.Command(pdftotext, "-bbox", pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", pdf, err)
		}
		pages[i] = parseBBox(t, out)
	}
	return pages
}

// pdfPage is one printed page: its size and its words.
type pdfPage struct {
	Width, Height float64
	Words         []pdfWord
}

// pdfWord is one word as pdftotext -bbox gives it, in PDF points from the top left.
type pdfWord struct {
	XMin, YMin, XMax, YMax float64
	Text                   string
}

func (w pdfWord) height() float64 { return w.YMax - w.YMin }

// parseBBox reads pdftotext -bbox output: an XHTML document of pages of words.
func parseBBox(t *testing.T, b []byte) []pdfPage {
	t.Helper()
	var doc struct {
		Pages []struct {
			Width  float64 `xml:"width,attr"`
			Height float64 `xml:"height,attr"`
			Words  []struct {
				XMin float64 `xml:"xMin,attr"`
				YMin float64 `xml:"yMin,attr"`
				XMax float64 `xml:"xMax,attr"`
				YMax float64 `xml:"yMax,attr"`
				Text string  `xml:",chardata"`
			} `xml:"word"`
		} `xml:"body>doc>page"`
	}
	d := xml.NewDecoder(strings.NewReader(string(b)))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	if err := d.Decode(&doc); err != nil {
		t.Fatalf("pdftotext -bbox output: %v", err)
	}
	pages := make([]pdfPage, len(doc.Pages))
	for i, p := range doc.Pages {
		pages[i] = pdfPage{Width: p.Width, Height: p.Height}
		for _, w := range p.Words {
			pages[i].Words = append(pages[i].Words, pdfWord{w.XMin, w.YMin, w.XMax, w.YMax, w.Text})
		}
	}
	return pages
}

// medianHeight is the median height of the page's words.
func (p pdfPage) medianHeight() float64 {
	h := make([]float64, len(p.Words))
	for i, w := range p.Words {
		h[i] = w.height()
	}
	sort.Float64s(h)
	if len(h) == 0 {
		return 0
	}
	if len(h)%2 == 1 {
		return h[len(h)/2]
	}
	return (h[len(h)/2-1] + h[len(h)/2]) / 2
}

// lines are the page's words grouped into printed lines (words whose boxes share a
// baseline, within a point), each line's words joined by spaces from left to right.
func (p pdfPage) lines() []string {
	type line struct {
		y     float64
		words []pdfWord
	}
	var ls []*line
	for _, w := range p.Words {
		var at *line
		for _, l := range ls {
			if d := l.y - w.YMax; d < 1 && d > -1 {
				at = l
				break
			}
		}
		if at == nil {
			at = &line{y: w.YMax}
			ls = append(ls, at)
		}
		at.words = append(at.words, w)
	}
	out := make([]string, len(ls))
	for i, l := range ls {
		sort.Slice(l.words, func(a, b int) bool { return l.words[a].XMin < l.words[b].XMin })
		texts := make([]string, len(l.words))
		for j, w := range l.words {
			texts[j] = w.Text
		}
		out[i] = strings.Join(texts, " ")
	}
	return out
}

// countPhrase counts the occurrences of phrase as whole words in line.
func countPhrase(line, phrase string) int {
	words, want := strings.Fields(line), strings.Fields(phrase)
	n := 0
	for i := 0; i+len(want) <= len(words); i++ {
		if slices.Equal(words[i:i+len(want)], want) {
			n++
		}
	}
	return n
}

// calibrationFloor prints 9 pt text at full size, in English and in Korean, and returns
// the smaller median word height: what 9 pt measures on this machine's printed page.
func calibrationFloor(t *testing.T, pages []pdfPage) float64 {
	t.Helper()
	var en, ko pdfPage
	for _, p := range pages {
		for _, w := range p.Words {
			if strings.ContainsFunc(w.Text, func(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }) {
				ko.Words = append(ko.Words, w)
			} else {
				en.Words = append(en.Words, w)
			}
		}
	}
	if len(en.Words) < 50 || len(ko.Words) < 50 {
		t.Fatalf("the calibration page printed %d English and %d Korean words, want 50 of each", len(en.Words), len(ko.Words))
	}
	floor := min(en.medianHeight(), ko.medianHeight())
	t.Logf("9 pt text prints with a median word height of %.2f pt (English) and %.2f pt (Korean)", en.medianHeight(), ko.medianHeight())
	return floor
}

// TestPackPrintsReadably prints the full pack of the demo session with the most briefs,
// in English and in Korean, through LibreOffice with the page set-up the workbook
// carries: every printed page's median word is at least as tall as 9 pt text, and every
// stance label the workbook holds is printed whole, on one line, as often as it is there.
func TestPackPrintsReadably(t *testing.T) {
	t.Parallel()
	db, _ := testdb.NewDemo(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	st := store.New(db).WithClock(func() time.Time { return now })
	var code string
	if err := db.NewRaw(`SELECT s.code FROM sessions s JOIN agenda_items i ON i.session_id = s.id JOIN briefs b ON b.item_id = i.id
		GROUP BY s.code ORDER BY count(*) DESC, s.code LIMIT 1`).Scan(ctx, &code); err != nil {
		t.Fatal(err)
	}
	ses, err := st.SessionByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	aud := domain.PackAudience{Kind: domain.PackFull}
	langs := []string{"en", "ko"}
	books := [][]byte{calibrationBook(t)}
	for _, lang := range langs {
		src, err := st.NewPackSource(ses, aud.Kind, policy.PackScope(aud), domain.Today(now, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		books = append(books, write(t, lang, domain.PackFull, src))
	}
	printed := printWords(t, books...)
	floor := calibrationFloor(t, printed[0])
	for i, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			pages := printed[i+1]
			text := 0
			for n, p := range pages {
				if len(p.Words) == 0 {
					continue
				}
				text++
				if got := p.medianHeight(); got < floor {
					t.Errorf("%s page %d: median word %.2f pt high, under the %.2f pt of %d pt text (%d words)",
						code, n+1, got, floor, floorPoints, len(p.Words))
				}
			}
			if text < 6 {
				t.Errorf("%d printed pages with text, want at least one per sheet", text)
			}
			checkLabelsWhole(t, catalog.For(lang), books[i+1], pages)
			t.Logf("%s in %s: %d pages with text", code, lang, text)
		})
	}
}

// calibrationBook is a workbook of 9 pt text in English and Korean, printed at full size
// on A4: what the floor of the print test is measured against.
func calibrationBook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	style, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: floorPoints}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetColWidth("Sheet1", "A", "B", 50); err != nil {
		t.Fatal(err)
	}
	for r := 1; r <= 40; r++ {
		a, b := fmt.Sprintf("A%d", r), fmt.Sprintf("B%d", r)
		f.SetCellStr("Sheet1", a, "Support the draft decision with amendments")
		f.SetCellStr("Sheet1", b, "결정문 초안을 수정하여 지지하는 입장")
		f.SetCellStyle("Sheet1", a, b, style)
	}
	a4, portrait := 9, "portrait"
	if err := f.SetPageLayout("Sheet1", &excelize.PageLayoutOptions{Size: &a4, Orientation: &portrait}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// checkLabelsWhole checks that every stance label in the workbook is printed whole, on
// one line, as many times as the workbook holds it in a cell of its own.
func checkLabelsWhole(t *testing.T, l *i18n.Localizer, book []byte, pages []pdfPage) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]int{}
	for _, v := range domain.StanceEnum.Values {
		want[l.T(domain.StanceEnum.Label(v))] = 0
	}
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			for _, c := range r {
				if _, ok := want[c]; ok {
					want[c]++
				}
			}
		}
	}
	var lines []string
	for _, p := range pages {
		lines = append(lines, p.lines()...)
	}
	long := 0
	for label, n := range want {
		got := 0
		for _, line := range lines {
			got += countPhrase(line, label)
		}
		if got < n {
			t.Errorf("stance %q is in %d cells but printed whole on one line %d times", label, n, got)
		}
		if n > 0 && len(strings.Fields(label)) > 1 {
			long++
		}
	}
	if long == 0 {
		t.Errorf("the pack holds no stance label of several words, so none could be cut: %v", want)
	}
}

// TestTrackerPrintsOnA4 prints a consultation tracker through LibreOffice: its pages are
// A4, its IDs print as "#20", apart from the session's code beside them (a bare "20"
// beside "21 ICH" read as "2021 ICH"), and its text, long Korean questions wrapped in
// their cells, at least as large as 9 pt text.
func TestTrackerPrintsOnA4(t *testing.T) {
	t.Parallel()
	pdfinfo := testtool.Require(t, "pdfinfo")
	due := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	var rows []domain.Consultation
	for i := range 12 {
		rows = append(rows, domain.Consultation{ID: int64(20 + i), Version: 1, SessionCode: "21 ICH", ItemNumber: fmt.Sprint(i + 4),
			ItemTitleKO: "무형유산 보호 협약 이행에 관한 정기 보고", MinistryCode: "KHS", MinistryNameKO: "국가유산청",
			Question: strings.Repeat("해당 의제에 대한 귀 부처의 검토 의견과 국내 이행 현황을 알려 주십시오. ", i%4+1), DueOn: due})
	}
	var buf bytes.Buffer
	tr := exports.Tracker{Lang: "ko", Labels: trackerKO, GeneratedBy: "Kim", GeneratedAt: due, Rows: rows}
	if err := tr.Write(&buf); err != nil {
		t.Fatal(err)
	}
	pdftotext := testtool.Require(t, "pdftotext")
	pdfs := printPDF(t, calibrationBook(t), buf.Bytes())
	var printed [][]pdfPage
	for _, pdf := range pdfs {
		out, err := exec.Command(pdftotext, "-bbox", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		printed = append(printed, parseBBox(t, out))
	}
	floor := calibrationFloor(t, printed[0])
	pages := printed[1]
	var lines []string
	for n, p := range pages {
		// A4 landscape is 842 by 595 points.
		if w, h := p.Width, p.Height; (w < 841 || w > 843 || h < 594 || h > 596) && (h < 841 || h > 843 || w < 594 || w > 596) {
			t.Errorf("page %d is %.0f by %.0f points, not A4", n+1, w, h)
		}
		if len(p.Words) > 0 && p.medianHeight() < floor {
			t.Errorf("page %d: median word %.2f pt high, under the %.2f pt of %d pt text", n+1, p.medianHeight(), floor, floorPoints)
		}
		lines = append(lines, p.lines()...)
	}
	all := strings.Join(lines, "\n")
	for _, c := range rows {
		if id := fmt.Sprintf("#%d", c.ID); countPhrase(all, id) == 0 {
			t.Errorf("ID %s is not printed as a word of its own", id)
		}
	}
	if strings.Contains(all, "2021") {
		t.Errorf("an ID reads into the session's code: %q", all)
	}
	if !strings.Contains(all, "21 ICH") {
		t.Errorf("the session's code is not printed whole")
	}
	out, err := exec.Command(pdfinfo, pdfs[1]).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "(A4)") {
		t.Errorf("pdfinfo says the tracker is not A4:\n%s", out)
	}
}

// TestPositionsBlocksOnOnePage prints the Positions sheet of a pack through LibreOffice:
// a brief's block of rows that fits on a page is printed on one page, from its title row
// to its last, and no block's title row ends a page (a long block starts a page instead).
func TestPositionsBlocksOnOnePage(t *testing.T) {
	t.Parallel()
	src := bookSource(40) // every fifth brief's background runs longer than a page
	for i := range src.positions {
		if i%3 == 1 { // blocks of different heights, so that they fall across pages
			src.positions[i].InterventionEN = strings.Repeat("Korea thanks the Secretariat and supports the draft decision. ", 12)
		}
	}
	l := catalog.For("en")
	pages := printWords(t, write(t, "en", domain.PackFull, src))[0]
	// where finds the page and line of the row of item number that starts with the field
	// label; -1 when no printed line does.
	where := func(number, label string) (page, line, last int) {
		for n, p := range pages {
			lines := p.lines()
			for i, s := range lines {
				if strings.HasPrefix(s, number+" "+label) {
					return n, i, len(lines) - 1
				}
			}
		}
		return -1, -1, -1
	}
	breaks := 0
	for i, pos := range src.positions {
		titlePage, titleLine, lastLine := where(pos.Number, l.T("field.title"))
		stancePage, _, _ := where(pos.Number, l.T("field.stance"))
		endPage, _, _ := where(pos.Number, l.T("pack.col.updated"))
		if titlePage < 0 || stancePage < 0 || endPage < 0 {
			t.Errorf("brief %s: title, stance or last row not printed (pages %d, %d, %d)", pos.Number, titlePage+1, stancePage+1, endPage+1)
			continue
		}
		// The footer is a page's last line: a title row just above it ends the page.
		if titleLine >= lastLine-1 || stancePage != titlePage {
			t.Errorf("brief %s: its title row ends page %d", pos.Number, titlePage+1)
		}
		long := i%5 == 0
		if !long && endPage != titlePage {
			t.Errorf("brief %s: its block runs from page %d to page %d, though it fits on one", pos.Number, titlePage+1, endPage+1)
		}
		if endPage != titlePage {
			breaks++
		}
	}
	if breaks == 0 {
		t.Error("no long block runs over two pages: the test's briefs are too short")
	}
}
