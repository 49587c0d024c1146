package web

import (
	"html/template"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
	"github.com/kncu/plenary/internal/worddiff"
)

// briefItem returns the person with the item of the route if they may see it: an item
// they may not see is not found, as if it did not exist. The route's gate has checked the
// action.
func (h *Handler) briefItem(c *fiber.Ctx) (*domain.User, *domain.AgendaItem, error) {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return nil, nil, err
	}
	item, err := h.store.AgendaItem(c.UserContext(), policy.ScopeOf(u), id)
	if err != nil {
		return nil, nil, err
	}
	return u, item, nil
}

func itemPath(id int64) string { return "/items/" + strconv.FormatInt(id, 10) }

// fieldChange is how one field of a brief changed between two revisions: word by word for
// text, from one label to another for the stance.
type fieldChange struct {
	Label    string // catalogue id of the field's name
	Chunks   []worddiff.Chunk
	Changed  bool
	IsStance bool
	From, To string // the stances' catalogue ids
}

// HTML is the change as HTML, insertions in <ins> and deletions in <del>.
func (f fieldChange) HTML() template.HTML { return worddiff.HTML(f.Chunks) }

// revisionChanges compares every field of two revisions; from may be nil, for a brief
// that did not exist yet.
func revisionChanges(from, to *domain.BriefRevision) []fieldChange {
	if from == nil {
		from = &domain.BriefRevision{}
	}
	text := func(label, a, b string) fieldChange {
		chunks := worddiff.Diff(a, b)
		return fieldChange{Label: label, Chunks: chunks, Changed: worddiff.Changed(chunks)}
	}
	return []fieldChange{
		{Label: "field.stance", IsStance: true, Changed: from.Stance != to.Stance, From: from.Stance.Label(), To: to.Stance.Label()},
		text("field.summary_ko", from.SummaryKO, to.SummaryKO),
		text("field.summary_en", from.SummaryEN, to.SummaryEN),
		text("field.background_ko", from.BackgroundKO, to.BackgroundKO),
		text("field.background_en", from.BackgroundEN, to.BackgroundEN),
		text("field.key_points_ko", from.KeyPointsKO, to.KeyPointsKO),
		text("field.key_points_en", from.KeyPointsEN, to.KeyPointsEN),
		text("field.intervention_ko", from.InterventionKO, to.InterventionKO),
		text("field.intervention_en", from.InterventionEN, to.InterventionEN),
	}
}

type briefFormData struct {
	Item    *domain.AgendaItem
	Brief   *domain.Brief // nil for a new brief
	Stances []domain.Stance
	Context *briefContext // what the writer reads beside the form
}

// briefConflict is what a person whose save came too late reads: the brief as it is now
// and what changed since the revision they started from.
type briefConflict struct {
	Brief   *domain.Brief
	Changes []fieldChange
	Locked  bool
}

func (h *Handler) briefFormPage(c *fiber.Ctx, item *domain.AgendaItem, b *domain.Brief) (*Page, error) {
	p := h.page(c, "briefs.edit")
	p.Title = p.L.T("briefs.edit") + " · " + item.SessionCode + " · " + item.Number
	bc, err := h.briefContextOf(c.UserContext(), currentUser(c), p.Lang, item, b)
	if err != nil {
		return nil, err
	}
	p.Data = briefFormData{Item: item, Brief: b, Stances: domain.Stances, Context: bc}
	return p, nil
}

// showBriefEdit is the brief's editor, filled with the current revision; it carries the
// version and the revision it was read at.
func (h *Handler) showBriefEdit(c *fiber.Ctx) error {
	u, item, err := h.briefItem(c)
	if err != nil {
		return err
	}
	b, err := h.store.Brief(c.UserContext(), policy.BriefScopeOf(u), item.ID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		b, err = nil, nil
	} else if err != nil {
		return err
	}
	p, err := h.briefFormPage(c, item, b)
	if err != nil {
		return err
	}
	var in domain.BriefInput
	if b != nil {
		in = b.Current.Input(b.Version)
	}
	// Text kept from a login that ended is shown even on a brief locked meanwhile: the
	// save then says why it cannot be saved, and the text can be copied.
	kept, err := h.restoreKept(c, p, &in)
	if err != nil {
		return err
	}
	if !kept && b != nil && !policy.CanStep(u, b.Status, domain.StepSave) {
		return h.redirect(c, itemPath(item.ID), "briefs.locked")
	}
	p.Form = in
	return h.render(c, fiber.StatusOK, "pages/brief_form", p)
}

// saveBrief saves the editor as a new revision. A save against a version that is no
// longer current answers 409 with the person's own text still in the form and, above
// it, what changed meanwhile; saving again then saves their text over the new revision.
func (h *Handler) saveBrief(c *fiber.Ctx) error {
	u, item, err := h.briefItem(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	var in domain.BriefInput
	err = h.parseForm(c, &in)
	var rev *domain.BriefRevision
	if err == nil {
		rev, err = h.store.SaveBrief(ctx, actor(c), item.ID, in)
	}
	if err == nil {
		return h.redirect(c, itemPath(item.ID), "briefs.saved", "Number", rev.Number)
	}
	cur, cerr := h.store.Brief(ctx, policy.BriefScopeOf(u), item.ID)
	if cerr != nil && domain.ErrorCode(cerr) != domain.ENOTFOUND {
		return cerr
	}
	if cerr != nil {
		cur = nil
	}
	p, perr := h.briefFormPage(c, item, cur)
	if perr != nil {
		return perr
	}
	if domain.ErrorCode(err) == domain.ECONFLICT && cur != nil {
		var base *domain.BriefRevision
		if in.Base != 0 {
			if base, cerr = h.store.BriefRevisionByID(ctx, cur, in.Base); cerr != nil && domain.ErrorCode(cerr) != domain.ENOTFOUND {
				return cerr
			}
		}
		p.Current = briefConflict{Brief: cur, Changes: revisionChanges(base, cur.Current), Locked: cur.Locked()}
		if !cur.Locked() {
			in.Version, in.Base = cur.Version, cur.CurrentRevisionID
		}
		// Verdicts set aside are confirmed on what is there now.
		in.VoidVerdicts = false
	}
	p.Form = in
	return h.formFailed(c, p, "pages/brief_form", err)
}
