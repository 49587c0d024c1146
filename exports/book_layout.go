package exports

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
)

// The book's page: A4 portrait in millimetres, with body text at 10.5 pt and nothing a
// reader must read below 9 pt, so that it reads on paper and on a phone alike.
const (
	pageW, pageH   = 210.0, 297.0
	marginX        = 20.0
	marginTop      = 22.0
	marginBottom   = 20.0
	textW          = pageW - 2*marginX
	bodySize       = 10.5
	smallSize      = 9.0 // running heads and footers: the floor
	labelSize      = 9.5
	lineH          = 5.6 // of body text
	labelW         = 42.0
	headingSize    = 15.0
	subheadingSize = 11.5
)

// page wraps fpdf with the book's typography: text set in lines that fit the width,
// breaking at spaces and, in a run too long for a line (a Korean sentence typed without
// spaces, a URL), between characters, never past the margin.
//
// The book is laid out in parts (the cover, an agenda item, the contents...), each an
// fpdf template of one page or more; as soon as a part is laid out, its pages' content
// goes compressed to the PDF file and the part is dropped, so that the memory a book
// takes does not grow with its pages. The templates share the fonts of one document,
// root, which records every character they set, for the fonts' subsets.
type page struct {
	*fpdf.Fpdf             // the part being laid out
	root        *fpdf.Fpdf // holds the fonts
	out         *pdfFile
	base        int    // the pages of the book before the part being laid out
	runningHead string // printed at the top of every page after the first
	footer      string // the session's code and the book's title
	// totalW is the width kept in every footer for the number of pages, which is known
	// only when the book is done: four digits.
	totalW float64
}

// newPage starts a book with its fonts, writing to out.
func newPage(footer string, out *pdfFile) (*page, error) {
	f := fpdf.New("P", "mm", "A4", "")
	// The fonts' document is made the same way every time, so that a book is too.
	f.SetCatalogSort(true)
	f.SetCreationDate(time.Unix(0, 0).UTC())
	f.SetModificationDate(time.Unix(0, 0).UTC())
	f.AddUTF8FontFromBytes(bookFont, "", nanumGothic)
	f.AddUTF8FontFromBytes(bookFont, "B", nanumGothicBold)
	p := &page{Fpdf: f, root: f, out: out, footer: footer}
	p.font("", smallSize)
	p.totalW = p.GetStringWidth("0000")
	return p, f.Error()
}

// part lays out a part of the book with fn, from a new page, and writes its pages to
// the PDF file. A part's first page has no running head.
func (p *page) part(fn func()) error {
	return p.partAt(p.base+1, fn)
}

// partAt lays out a part whose first page is the book's page first, which may be one
// kept earlier (the contents').
func (p *page) partAt(first int, fn func()) error {
	var err error
	base := p.base
	p.base = first - 1
	tpl := p.root.CreateTemplate(func(t *fpdf.Tpl) {
		p.Fpdf = &t.Fpdf
		p.setup()
		fn()
		p.SetAutoPageBreak(false, marginBottom) // fpdf draws the others' footers, not the last page's
		p.drawFooter()
		err = p.Error()
	})
	p.Fpdf = p.root
	if err != nil {
		return err
	}
	pages := tpl.FromPages()
	for i, pg := range pages {
		p.out.setContent(first+i, pg.Bytes())
	}
	p.base = max(base, first-1+len(pages))
	return p.out.err
}

// setup gives the part's document the book's margins, running head and footer.
func (p *page) setup() {
	f := p.Fpdf
	f.SetMargins(marginX, marginTop, marginX)
	f.SetCellMargin(0)
	f.SetAutoPageBreak(true, marginBottom)
	// A template's own test for a page break reads the document it was copied from.
	f.SetAcceptPageBreakFunc(func() bool { auto, _ := f.GetAutoPageBreak(); return auto })
	f.SetXY(marginX, marginTop)
	p.refont("", bodySize)
	f.SetHeaderFunc(func() {
		if p.runningHead == "" {
			return
		}
		p.font("", smallSize)
		f.SetTextColor(110, 110, 110)
		f.SetXY(marginX, 10)
		f.CellFormat(textW, 5, p.fit(p.runningHead, textW), "B", 0, "L", false, 0, "")
		f.SetTextColor(0, 0, 0)
		f.SetXY(marginX, marginTop)
	})
	f.SetFooterFunc(p.drawFooter)
}

// drawFooter writes the footer of the current page: the book's title, the page's number
// and the number of pages, which a form drawn at the same place on every page shows.
func (p *page) drawFooter() {
	f := p.Fpdf
	p.font("", smallSize)
	f.SetTextColor(110, 110, 110)
	f.SetXY(marginX, pageH-13)
	f.CellFormat(textW/2, 5, p.footer, "T", 0, "L", false, 0, "")
	f.CellFormat(textW/2-p.totalW, 5, strconv.Itoa(p.pageNo())+" / ", "T", 0, "R", false, 0, "")
	f.CellFormat(p.totalW, 5, "", "T", 0, "L", false, 0, "")
	f.RawWriteStr("q " + pdfTotalName + " Do Q\n")
	f.SetTextColor(0, 0, 0)
}

// pageTotal is the content of the form that writes the number of pages, pages, where
// every footer keeps its place.
func (p *page) pageTotal(pages int) ([]byte, error) {
	var err error
	tpl := p.root.CreateTemplate(func(t *fpdf.Tpl) {
		p.Fpdf = &t.Fpdf
		p.setup()
		t.SetAutoPageBreak(false, marginBottom)
		p.refont("", smallSize)
		t.SetTextColor(110, 110, 110)
		t.SetXY(pageW-marginX-p.totalW, pageH-13)
		t.CellFormat(p.totalW, 5, strconv.Itoa(pages), "", 0, "L", false, 0, "")
		err = t.Error()
	})
	p.Fpdf = p.root
	return tpl.Bytes(), err
}

// fontDocument is a PDF that holds the book's fonts, subset to what its pages set.
func (p *page) fontDocument() ([]byte, error) {
	var buf bytes.Buffer
	p.root.AddPage()
	if err := p.root.Output(&buf); err != nil {
		return nil, fmt.Errorf("exports: book: fonts: %w", err)
	}
	return buf.Bytes(), nil
}

// pageNo is the book's number of the current page.
func (p *page) pageNo() int { return p.base + p.PageNo() }

// font sets the book's font in a style ("" or "B") and size in points.
func (p *page) font(style string, size float64) { p.SetFont(bookFont, style, size) }

// refont sets the font even when fpdf believes it is already set, as it must be at the
// start of a part, whose content has named no font yet.
func (p *page) refont(style string, size float64) {
	p.SetFont(bookFont, style, size+1)
	p.SetFont(bookFont, style, size)
}

// lines breaks text into lines no wider than w in the current font: at spaces, keeping
// the writer's own line breaks, and inside a word only when the word alone is wider than
// a line.
func (p *page) lines(text string, w float64) []string {
	text = strings.TrimRight(printable(text), " \n")
	var out []string
	space := p.GetStringWidth(" ")
	for _, para := range strings.Split(text, "\n") {
		var line strings.Builder
		lineW := 0.0
		flush := func() {
			out = append(out, line.String())
			line.Reset()
			lineW = 0
		}
		words := strings.Fields(para)
		if len(words) == 0 {
			out = append(out, "")
			continue
		}
		for _, word := range words {
			ww := p.GetStringWidth(word)
			if line.Len() > 0 && lineW+space+ww <= w {
				line.WriteByte(' ')
				line.WriteString(word)
				lineW += space + ww
				continue
			}
			if line.Len() > 0 {
				flush()
			}
			for ww > w { // a word wider than the line is broken between characters
				head, rest := p.cut(word, w)
				out = append(out, head)
				word = rest
				ww = p.GetStringWidth(word)
			}
			line.WriteString(word)
			lineW = ww
		}
		flush()
	}
	return out
}

// cut splits word after the most characters that fit in w (at least one).
func (p *page) cut(word string, w float64) (string, string) {
	width, i := 0.0, 0
	for j, r := range word {
		rw := p.GetStringWidth(string(r))
		if width+rw > w && j > 0 {
			break
		}
		width += rw
		i = j + utf8.RuneLen(r)
	}
	return word[:i], word[i:]
}

// fit is text cut to one line of width w, ending in an ellipsis when cut.
func (p *page) fit(text string, w float64) string {
	text = strings.Join(strings.Fields(printable(text)), " ")
	if p.GetStringWidth(text) <= w {
		return text
	}
	head, _ := p.cut(text, w-p.GetStringWidth("..."))
	return strings.TrimSpace(head) + "..."
}

// room is the height left above the bottom margin of the current page.
func (p *page) room() float64 { return pageH - marginBottom - p.GetY() }

// need starts a new page unless h millimetres are left on this one.
func (p *page) need(h float64) {
	if p.room() < h {
		p.AddPage()
	}
}

// paragraph writes text in lines of width w from the left margin plus indent, each line
// of height lh; the page breaks between lines where it must.
func (p *page) paragraph(text string, indent, w, lh float64) {
	for _, l := range p.lines(text, w) {
		p.need(lh)
		p.SetX(marginX + indent)
		p.CellFormat(w, lh, l, "", 1, "L", false, 0, "")
	}
}

// heading writes a bold title in size, wrapped to the width, with space below.
func (p *page) heading(text string, size float64) {
	p.font("B", size)
	lh := size * 0.5
	p.need(2*lh + lineH)
	p.paragraph(text, 0, textW, lh)
	p.Ln(1.5)
}

// section writes the title of a part of an item (the summary, the key points...), kept on
// the same page as the first two lines under it.
func (p *page) section(title string) {
	p.need(3*lineH + 4)
	p.Ln(2)
	p.font("B", subheadingSize)
	p.SetTextColor(30, 60, 110)
	p.CellFormat(textW, 6.5, p.fit(title, textW), "", 1, "L", false, 0, "")
	p.SetTextColor(0, 0, 0)
	p.Ln(0.5)
}

// field writes a label and its value side by side, the value wrapped beside the label;
// an empty value writes nothing.
func (p *page) field(label, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	p.font("B", labelSize)
	ll := p.lines(label, labelW-3)
	p.font("", bodySize)
	vl := p.lines(value, textW-labelW)
	p.need(float64(max(len(ll), min(len(vl), 2))) * lineH)
	y, pg := p.GetY(), p.PageNo()
	p.font("B", labelSize)
	p.SetTextColor(80, 80, 80)
	for i, l := range ll {
		p.SetXY(marginX, y+float64(i)*lineH)
		p.CellFormat(labelW-3, lineH, l, "", 0, "L", false, 0, "")
	}
	p.SetTextColor(0, 0, 0)
	p.font("", bodySize)
	p.SetXY(marginX+labelW, y)
	for _, l := range vl {
		p.need(lineH)
		p.SetX(marginX + labelW)
		p.CellFormat(textW-labelW, lineH, l, "", 1, "L", false, 0, "")
	}
	if end := y + float64(len(ll))*lineH; p.PageNo() == pg && p.GetY() < end {
		p.SetY(end)
	}
}

// body writes running text at the body size.
func (p *page) body(text string) {
	p.font("", bodySize)
	p.paragraph(text, 0, textW, lineH)
}

// note writes a short remark in grey at the small size.
func (p *page) note(text string) {
	p.font("", labelSize)
	p.SetTextColor(90, 90, 90)
	p.paragraph(text, 0, textW, 5)
	p.SetTextColor(0, 0, 0)
}
