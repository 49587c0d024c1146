package web

import (
	"context"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// The progress picture: for each upcoming session on the staff dashboard, a bar of its
// items by the status of their brief and a bar of its consultations, drawn by the server
// as SVG. The geometry is worked out here; the template writes the elements with
// presentation attributes only (the CSP blocks style attributes). The names and numbers
// are HTML beside the bars, so that Korean labels wrap as text does, and they are the
// picture's text equivalent.

// progressWidth is the width of a bar in SVG units; the bar stretches to its column.
const progressWidth = 400

// progressGap separates two parts of a bar, so that neighbouring colours need not
// contrast with each other.
const progressGap = 2

// The colours of a brief's status, each at least 3:1 against the white card (WCAG
// 1.4.11); an item without a brief is the bar's empty track.
var progressBriefKinds = []struct {
	fill, label string
	count       func(*domain.SessionProgress) int
}{
	{"#1e6b3a", domain.BriefFinal.Label(), func(p *domain.SessionProgress) int { return p.Final }},
	{"#2f6fb0", domain.BriefApproved.Label(), func(p *domain.SessionProgress) int { return p.Approved }},
	{"#b06f00", domain.BriefInReview.Label(), func(p *domain.SessionProgress) int { return p.InReview }},
	{"#6b7585", domain.BriefDraft.Label(), func(p *domain.SessionProgress) int { return p.Draft }},
}

// sessionProgress is one session's part of the picture.
type sessionProgress struct {
	domain.SessionProgress
	DaysTo    int
	InSession bool
	Day, Days int // in session: which day of how many
	Answered  int // consultations answered, closed ones with them
	Briefs    progressBar
	Cons      progressBar
}

// progressBar is one bar: its parts, and the same numbers as a legend.
type progressBar struct {
	Total int
	Parts []progressPart
}

// progressPart is one part of a bar and its line in the legend (Width 0: not drawn).
type progressPart struct {
	X, Width int
	Fill     string
	Label    string // catalogue id of its name
	Count    int
	Empty    bool // the track: items without a brief
}

// newProgressBar lays out counts, in the order given, along a bar of total; a part of
// nothing is listed but not drawn.
func newProgressBar(total int, parts []progressPart) progressBar {
	b := progressBar{Total: total}
	sum := 0
	for _, p := range parts {
		if total > 0 && p.Count > 0 {
			x := sum * progressWidth / total
			end := (sum + p.Count) * progressWidth / total
			p.X, p.Width = x, max(1, end-x-progressGap)
			if end == progressWidth {
				p.Width = max(1, end-x)
			}
		}
		sum += p.Count
		b.Parts = append(b.Parts, p)
	}
	return b
}

// dashboardProgress reads the progress of the upcoming sessions, for staff: two queries.
func (h *Handler) dashboardProgress(ctx context.Context, u *domain.User) ([]sessionProgress, error) {
	if !policy.Can(u, policy.EditBriefs) {
		return nil, nil
	}
	rows, err := h.store.SessionProgress(ctx, policy.ScopeOf(u), h.cfg.Zone)
	if err != nil {
		return nil, err
	}
	return progressOf(rows, h.today()), nil
}

// progressOf lays out the picture of rows as of today.
func progressOf(rows []domain.SessionProgress, today time.Time) []sessionProgress {
	out := make([]sessionProgress, len(rows))
	for i := range rows {
		r := &rows[i]
		sp := sessionProgress{SessionProgress: *r, DaysTo: r.DaysTo(today), InSession: r.InSession(today)}
		if sp.InSession {
			sp.Day, sp.Days = 1-sp.DaysTo, 1+int(r.EndsOn.Sub(r.StartsOn).Hours()/24)
		}
		var parts []progressPart
		for _, k := range progressBriefKinds {
			parts = append(parts, progressPart{Fill: k.fill, Label: k.label, Count: k.count(r)})
		}
		parts = append(parts, progressPart{Fill: "#ffffff", Label: "progress.no_brief", Count: r.NoBrief, Empty: true})
		sp.Briefs = newProgressBar(r.Items, parts)
		c := r.Consultations
		sp.Answered = c.Answered + c.Closed
		parts = nil
		// The radar's kinds and colours, answered first and what is late last: the bar
		// fills from the left as answers come in.
		for _, i := range []int{4, 5, 3, 2, 1, 0} {
			k := radarKinds[i]
			parts = append(parts, progressPart{Fill: k.fill, Label: k.label, Count: k.count(c)})
		}
		sp.Cons = newProgressBar(c.Total(), parts)
		out[i] = sp
	}
	return out
}
