package web

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// listPageSize is how many rows a page of a list that grows across sessions shows (the
// consultations, the briefs, the people): enough to scan, never thousands.
const listPageSize = 50

// pager is where a person is in a long list: the page asked for by ?page= (from 1), how
// many rows a page holds, and, once the list is read, how many rows there are in all.
// Its links keep every other part of the address, so the filters stay as they were.
type pager struct {
	Number int
	Size   int
	Total  int

	path  string
	query url.Values
}

// newPager reads ?page= of the request; a missing or nonsensical number is page 1.
func newPager(c *fiber.Ctx, size int) *pager {
	q, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	n, err := strconv.Atoi(q.Get("page"))
	if err != nil || n < 1 || n > 1_000_000 {
		n = 1
	}
	return &pager{Number: n, Size: size, path: c.Path(), query: q}
}

// Offset is how many rows come before this page.
func (p *pager) Offset() int { return (p.Number - 1) * p.Size }

// From is the position (from 1) of the page's first row, and To of its last.
func (p *pager) From() int { return min(p.Offset()+1, p.Total) }

// To is the position of the page's last row.
func (p *pager) To() int { return min(p.Offset()+p.Size, p.Total) }

// Pages is the number of pages.
func (p *pager) Pages() int { return max((p.Total+p.Size-1)/p.Size, 1) }

// PastEnd reports whether the page asked for is after the last one.
func (p *pager) PastEnd() bool { return p.Number > p.Pages() }

// Many reports whether the list takes more than one page.
func (p *pager) Many() bool { return p.Total > p.Size || p.Number > 1 }

// PrevURL is the address of the page before, or "" on the first.
func (p *pager) PrevURL() string {
	if p.Number <= 1 {
		return ""
	}
	return p.url(min(p.Number-1, p.Pages()))
}

// NextURL is the address of the page after, or "" on the last.
func (p *pager) NextURL() string {
	if p.Number >= p.Pages() {
		return ""
	}
	return p.url(p.Number + 1)
}

func (p *pager) url(n int) string {
	q := url.Values{}
	for k, v := range p.query {
		q[k] = v
	}
	if n == 1 {
		q.Del("page")
	} else {
		q.Set("page", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return p.path
	}
	return p.path + "?" + q.Encode()
}
