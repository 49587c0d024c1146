package web

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
)

// coverageMatrix is the delegation page's coverage matrix, for staff: the agenda items
// down, the members across, a tick box where a member covers an item. Items run down
// the page because a session has many more items than members: the page scrolls and
// prints as a long table with the members' names repeated on every printed page.
type coverageMatrix struct {
	Action  string
	Items   []domain.AgendaItem
	Members []domain.Member
	ticked  map[string]bool // by domain.Cover: what the boxes show
	saved   map[string]bool // by domain.Cover: what is saved
	// Stale are the members whose coverage someone changed since the page was read:
	// their columns show the ticks as sent, each cell that differs from what was saved
	// marked, and carry the version saved now, so that saving again is deliberate.
	Stale map[int64]bool
}

func newCoverageMatrix(ses *domain.Session, ms []domain.Member, items []domain.AgendaItem, cov []domain.ItemCoverage) *coverageMatrix {
	x := &coverageMatrix{Action: "/sessions/" + strconv.FormatInt(ses.ID, 10) + "/delegation/coverage",
		Items: items, Members: slices.Clone(ms), saved: map[string]bool{}, Stale: map[int64]bool{}}
	for _, ic := range cov {
		for _, m := range ic.Members {
			x.saved[domain.Cover(m.ID, ic.Item.ID)] = true
		}
	}
	x.ticked = x.saved
	return x
}

// matrixRow is one item's row of the matrix, its cells in the members' order.
type matrixRow struct {
	Item  *domain.AgendaItem
	Cells []matrixCell
}

// matrixCell is the box of a member on an item: ticked (On), and, in the column of a
// member changed meanwhile, whether it differs from what is saved now (Changed) and what
// is saved (SavedOn).
type matrixCell struct {
	Member               *domain.Member
	Value                string // the box's value, domain.Cover
	On, Changed, SavedOn bool
}

// Rows lays the matrix out row by row, once per rendering, so that the template reads
// fields rather than calling a method per box: a 60 × 15 matrix has 900 boxes.
func (x *coverageMatrix) Rows() []matrixRow {
	rows := make([]matrixRow, len(x.Items))
	cells := make([]matrixCell, len(x.Items)*len(x.Members))
	for i := range x.Items {
		it := &x.Items[i]
		row := cells[i*len(x.Members) : (i+1)*len(x.Members)]
		for j := range x.Members {
			m := &x.Members[j]
			k := domain.Cover(m.ID, it.ID)
			row[j] = matrixCell{Member: m, Value: k, On: x.ticked[k], SavedOn: x.saved[k],
				Changed: x.Stale[m.ID] && x.ticked[k] != x.saved[k]}
		}
		rows[i] = matrixRow{Item: it, Cells: row}
	}
	return rows
}

// saveCoverageMatrix saves the coverage matrix of a session's delegation: every member's
// items at once, or nothing. A refusal shows the page again with the ticks as sent: 409
// naming the members whose coverage someone changed meanwhile, their changed boxes
// marked with what is saved now.
func (h *Handler) saveCoverageMatrix(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	args := c.Request().PostArgs()
	values := func(name string) []string {
		var out []string
		for _, v := range args.PeekMulti(name) {
			out = append(out, string(v))
		}
		return out
	}
	ticks := values("cover")
	m, err := domain.ParseCoverageMatrix(values("shown"), values("member"), ticks)
	n := 0
	if err == nil {
		n, err = h.store.SaveCoverageMatrix(c.UserContext(), actor(c), id, m)
	}
	back := "/sessions/" + strconv.FormatInt(id, 10) + "/delegation"
	switch {
	case err == nil && n == 0:
		return h.redirect(c, back, "coverage.matrix_unchanged")
	case err == nil:
		return h.redirect(c, back, "coverage.matrix_saved", "Count", n)
	}
	p, d, perr := h.delegationPageFor(c)
	if perr != nil {
		return perr
	}
	if x := d.Matrix; x != nil {
		x.ticked = map[string]bool{}
		for _, t := range ticks {
			x.ticked[t] = true
		}
		var changed *domain.MembersChangedError
		if errors.As(err, &changed) {
			var names []string
			for _, mid := range changed.IDs {
				x.Stale[mid] = true
				name := p.L.T("coverage.matrix_member_gone")
				for i := range d.Members {
					if d.Members[i].ID == mid {
						name = d.Members[i].Name(p.Lang)
					}
				}
				names = append(names, name)
			}
			err = domain.Errorf(domain.ECONFLICT, p.L.T("coverage.matrix_stale",
				"Names", strings.Join(names, ", ")))
		}
		// Columns of members not changed meanwhile keep the version the page was read
		// with, so that a change since is still caught on the next save.
		for i := range x.Members {
			for _, mc := range m.Members {
				if mc.MemberID == x.Members[i].ID && !x.Stale[mc.MemberID] {
					x.Members[i].Version = mc.Version
				}
			}
		}
	}
	return h.formFailed(c, p, "pages/delegation", err)
}
