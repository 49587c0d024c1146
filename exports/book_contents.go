package exports

import (
	"context"
	"strconv"
)

// contents is the book's table of contents. Its entries are read before the book is laid
// out, so that the pages it fills are known and kept free after the cover; the page of
// each entry is noted as the book reaches it, and the contents are written into the
// pages kept for them at the end.
type contents struct {
	entries []tocEntry
	index   map[string]int // of an entry, by number and title
	first   int            // the first page kept for the contents
	pages   int            // how many
}

type tocEntry struct {
	number, title string
	lines         []string // the title as set in the contents
	page          int      // where the book put it; 0 until then
	tocPage       int      // the page of the contents it is listed on, from 0
	y             float64
}

const (
	tocNumberW = 22.0
	tocPageW   = 14.0
	tocTop     = marginTop + 14
)

// readContents lists the agenda items the audience sees, then the book's closing parts.
func (b *Book) readContents(ctx context.Context, p *page, src Source) (*contents, error) {
	c := &contents{index: map[string]int{}}
	p.font("", bodySize)
	err := src.Items(ctx, func(r ItemRow) error {
		c.add(p, r.Number, b.itemTitle(r))
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.add(p, "", b.L.T("session_nav.delegation"))
	c.add(p, "", b.L.T("book.days"))
	c.place()
	return c, nil
}

func (c *contents) add(p *page, number, title string) {
	c.index[number+"\x00"+title] = len(c.entries)
	c.entries = append(c.entries, tocEntry{number: number, title: title,
		lines: p.lines(title, textW-tocNumberW-tocPageW-2)})
}

// place puts every entry on a page of the contents, an entry never split across two.
func (c *contents) place() {
	y, pg := tocTop, 0
	for i := range c.entries {
		h := float64(len(c.entries[i].lines)) * lineH
		if y+h > pageH-marginBottom && y > tocTop {
			pg++
			y = tocTop
		}
		c.entries[i].tocPage, c.entries[i].y = pg, y
		y += h + 1
	}
	c.pages = pg + 1
}

// reserve keeps the pages of the contents, after the current page.
func (c *contents) reserve(p *page) {
	c.first = p.base + 1
	p.base += c.pages
}

// reached notes that the entry of number and title starts on the current page, and adds
// it to the document's outline.
func (c *contents) reached(p *page, number, title string) {
	i, ok := c.index[number+"\x00"+title]
	if !ok || c.entries[i].page != 0 {
		return // an item added since the contents were read: it has a page, not an entry
	}
	e := &c.entries[i]
	e.page = p.pageNo()
	label := title
	if number != "" {
		label = number + "  " + title
	}
	p.out.bookmark(printable(label), e.page)
}

// write lays out the pages kept for the contents, titled, each entry with its page
// number and a link to it.
func (c *contents) write(p *page, title string) error {
	return p.partAt(c.first, func() {
		p.runningHead = ""
		p.SetAutoPageBreak(false, marginBottom)
		for i := range c.pages {
			if i > 0 {
				p.AddPage()
			}
			p.heading(title, headingSize)
			for _, e := range c.entries {
				if e.tocPage == i {
					c.writeEntry(p, e)
				}
			}
		}
	})
}

func (c *contents) writeEntry(p *page, e tocEntry) {
	p.font("B", bodySize)
	p.SetXY(marginX, e.y)
	p.CellFormat(tocNumberW, lineH, p.fit(e.number, tocNumberW-2), "", 0, "L", false, 0, "")
	p.font("", bodySize)
	for j, l := range e.lines {
		p.SetXY(marginX+tocNumberW, e.y+float64(j)*lineH)
		p.CellFormat(textW-tocNumberW-tocPageW, lineH, l, "", 0, "L", false, 0, "")
	}
	if e.page != 0 {
		p.SetXY(pageW-marginX-tocPageW, e.y+float64(len(e.lines)-1)*lineH)
		p.CellFormat(tocPageW, lineH, strconv.Itoa(e.page), "", 0, "R", false, 0, "")
		p.out.link(p.pageNo(), marginX, e.y, textW, float64(len(e.lines))*lineH, e.page)
	}
}
