package web

import (
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// consultationRequestForm is the form with which staff ask ministries for their input
// on an item, on the item's page and on a page of its own.
type consultationRequestForm struct {
	Item       *domain.AgendaItem
	Ministries []requestedMinistry
	Form       domain.ConsultationRequest
	Today      string // the latest day a request recorded as already sent may have been asked on
}

// requestedMinistry is a ministry the form offers, with what the person needs to know to
// choose it: whether it leads the item, and whether it is asked already.
type requestedMinistry struct {
	ID         int64
	Code, Name string
	Lead       bool
	Asked      bool // it has a consultation on the item that is not withdrawn
}

// dueIn returns the due date a form offers: days from today in the configured zone, or
// notBefore when that is later.
func (h *Handler) dueIn(days int, notBefore time.Time) string {
	d := h.today().AddDate(0, 0, days)
	if notBefore.After(d) {
		d = notBefore
	}
	return d.Format(time.DateOnly)
}

// requestForm builds the form for item, given its consultations, filled with in.
func (h *Handler) requestForm(c *fiber.Ctx, item *domain.AgendaItem, cs []domain.Consultation, in domain.ConsultationRequest) (*consultationRequestForm, error) {
	ms, err := h.store.Ministries(c.UserContext())
	if err != nil {
		return nil, err
	}
	lang := h.localizer(c).Lang()
	f := &consultationRequestForm{Item: item, Form: in, Today: h.today().Format(time.DateOnly)}
	for _, m := range ms {
		f.Ministries = append(f.Ministries, requestedMinistry{
			ID: m.ID, Code: m.Code, Name: m.Name(lang),
			Lead: item.LeadMinistryID != nil && *item.LeadMinistryID == m.ID,
			Asked: slices.ContainsFunc(cs, func(x domain.Consultation) bool {
				return x.MinistryID == m.ID && x.Status != domain.ConsultationWithdrawn
			}),
		})
	}
	return f, nil
}

// itemConsultations returns the consultations of an item the person may see, and for
// staff the form to ask more ministries, for the item's page.
func (h *Handler) itemConsultations(c *fiber.Ctx, item *domain.AgendaItem) ([]domain.Consultation, *consultationRequestForm, error) {
	u := currentUser(c)
	if !policy.Can(u, policy.ViewConsultations) {
		return nil, nil, nil
	}
	cs, err := h.store.Consultations(c.UserContext(), policy.ScopeOf(u), h.cfg.Zone, domain.ConsultationFilter{ItemID: item.ID})
	if err != nil || !policy.Can(u, policy.RequestConsultations) {
		return cs, nil, err
	}
	f, err := h.requestForm(c, item, cs, domain.ConsultationRequest{DueOn: h.dueIn(14, time.Time{})})
	return cs, f, err
}

// requestItem returns the item of the route, as the person may see it, with its
// consultations.
func (h *Handler) requestItem(c *fiber.Ctx) (*domain.AgendaItem, []domain.Consultation, error) {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return nil, nil, err
	}
	sc := policy.ScopeOf(u)
	item, err := h.store.AgendaItem(c.UserContext(), sc, id)
	if err != nil {
		return nil, nil, err
	}
	cs, err := h.store.Consultations(c.UserContext(), sc, h.cfg.Zone, domain.ConsultationFilter{ItemID: id})
	return item, cs, err
}

func (h *Handler) showConsultationCreate(c *fiber.Ctx) error {
	item, cs, err := h.requestItem(c)
	if err != nil {
		return err
	}
	f, err := h.requestForm(c, item, cs, domain.ConsultationRequest{DueOn: h.dueIn(14, time.Time{})})
	if err != nil {
		return err
	}
	p := h.page(c, "consultations.new")
	p.Data = f
	return h.render(c, fiber.StatusOK, "pages/consultation_new", p)
}

// createConsultations opens one consultation per ministry ticked; on errors the form
// comes back on a page of its own, with what was typed.
func (h *Handler) createConsultations(c *fiber.Ctx) error {
	item, cs, err := h.requestItem(c)
	if err != nil {
		return err
	}
	var in domain.ConsultationRequest
	err = h.parseForm(c, &in)
	var opened []domain.Consultation
	if err == nil {
		opened, err = h.store.OpenConsultations(c.UserContext(), actor(c), h.cfg.Zone, item.ID, in)
	}
	if err != nil {
		f, ferr := h.requestForm(c, item, cs, in)
		if ferr != nil {
			return ferr
		}
		p := h.page(c, "consultations.new")
		p.Data, p.Form = f, in
		return h.formFailed(c, p, "pages/consultation_new", err)
	}
	done := "consultations.opened"
	if in.AlreadySent {
		done = "consultations.recorded"
	}
	return h.redirect(c, "/items/"+strconv.FormatInt(item.ID, 10), done, "Count", len(opened))
}
