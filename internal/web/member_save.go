package web

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

type memberFormData struct {
	Session        *domain.Session
	Member         *domain.Member // nil when adding one
	Candidates     []domain.Person
	Roles          []domain.MemberRole
	Accreditations []domain.Accreditation
	Honorifics     []domain.Honorific
	Affiliations   domain.AffiliationChoices // the ministries and organisations a member comes from
	From, To       time.Time                 // the stay window
}

// memberFormPage builds the member form of session ses: for a new member (m nil) it
// offers the people not yet on the delegation.
func (h *Handler) memberFormPage(c *fiber.Ctx, title string, ses *domain.Session, m *domain.Member) (*Page, error) {
	d := memberFormData{Session: ses, Member: m, Roles: domain.MemberRoles, Accreditations: domain.Accreditations,
		Honorifics: domain.Honorifics}
	d.From, d.To = domain.StayWindow(ses)
	var err error
	if d.Affiliations, err = h.store.AffiliationChoices(c.UserContext()); err != nil {
		return nil, err
	}
	if m == nil {
		if d.Candidates, err = h.store.Candidates(c.UserContext(), policy.ScopeOf(currentUser(c)), ses); err != nil {
			return nil, err
		}
	}
	p := h.page(c, title)
	p.Title = ses.Code + " · " + p.L.T(title)
	p.Data = d
	return p, nil
}

// editableSession returns the session of the :id route for a person who may edit its
// delegation.
func (h *Handler) editableSession(c *fiber.Ctx) (*domain.Session, error) {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return nil, err
	}
	return h.store.Session(c.UserContext(), policy.ScopeOf(u), id)
}

func (h *Handler) showMemberCreate(c *fiber.Ctx) error {
	ses, err := h.editableSession(c)
	if err != nil {
		return err
	}
	p, err := h.memberFormPage(c, "members.new", ses, nil)
	if err != nil {
		return err
	}
	var q struct {
		Person int64 `query:"person"`
	}
	if err := h.parseQuery(c, &q); err != nil {
		return err
	}
	in := domain.MemberInput{PersonID: q.Person, Role: string(domain.MemberDelegate), Accreditation: string(domain.AccreditationPending)}
	if q.Person > 0 {
		// Someone who has been on a delegation before starts with the details they had.
		last, err := h.store.LatestDetails(c.UserContext(), policy.ScopeOf(currentUser(c)), q.Person)
		if err != nil {
			return err
		}
		in.AccreditationInput = last.Input()
	}
	p.Form = in
	return h.render(c, fiber.StatusOK, "pages/member_form", p)
}

func (h *Handler) createMember(c *fiber.Ctx) error {
	ses, err := h.editableSession(c)
	if err != nil {
		return err
	}
	var in domain.MemberInput
	err = h.parseForm(c, &in)
	var m *domain.Member
	if err == nil {
		m, err = h.store.AddMember(c.UserContext(), actor(c), ses, in)
	}
	if err != nil {
		p, perr := h.memberFormPage(c, "members.new", ses, nil)
		if perr != nil {
			return perr
		}
		p.Form = in
		return h.formFailed(c, p, "pages/member_form", err)
	}
	return h.redirect(c, "/members/"+strconv.FormatInt(m.ID, 10), "members.added")
}

// editableMember returns the member of the :id route and their session, for a person who
// may edit delegations.
func (h *Handler) editableMember(c *fiber.Ctx) (*domain.Member, *domain.Session, error) {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return nil, nil, err
	}
	sc := policy.ScopeOf(u)
	m, err := h.store.Member(c.UserContext(), sc, id)
	if err != nil {
		return nil, nil, err
	}
	ses, err := h.store.Session(c.UserContext(), sc, m.SessionID)
	if err != nil {
		return nil, nil, err
	}
	return m, ses, nil
}

func (h *Handler) showMemberEdit(c *fiber.Ctx) error {
	m, ses, err := h.editableMember(c)
	if err != nil {
		return err
	}
	p, err := h.memberFormPage(c, "members.edit", ses, m)
	if err != nil {
		return err
	}
	p.Form = m.Input()
	return h.render(c, fiber.StatusOK, "pages/member_form", p)
}

// updateMember saves the member form; a stale version shows the form again with 409, the
// typed values and what is saved now.
func (h *Handler) updateMember(c *fiber.Ctx) error {
	m, ses, err := h.editableMember(c)
	if err != nil {
		return err
	}
	var in domain.MemberInput
	err = h.parseForm(c, &in)
	if err == nil {
		err = h.store.UpdateMember(c.UserContext(), actor(c), ses, m.ID, in)
	}
	if err == nil {
		return h.redirect(c, "/members/"+strconv.FormatInt(m.ID, 10), "members.saved")
	}
	p, perr := h.memberFormPage(c, "members.edit", ses, m)
	if perr != nil {
		return perr
	}
	if isStale(err) {
		cur, cerr := h.store.Member(c.UserContext(), policy.ScopeOf(currentUser(c)), m.ID)
		if cerr != nil {
			return cerr
		}
		p.Current = cur.Input()
		in.Version = cur.Version
	}
	p.Form = in
	return h.formFailed(c, p, "pages/member_form", err)
}

// removeMember takes a member off the delegation. A refusal (stale, or attendance already
// recorded) is told on the member's page.
func (h *Handler) removeMember(c *fiber.Ctx) error {
	m, ses, err := h.editableMember(c)
	if err != nil {
		return err
	}
	var f struct {
		Version int `form:"version"`
	}
	if err := c.BodyParser(&f); err != nil {
		return domain.Errorf(domain.EINVALID, "error.invalid")
	}
	if _, err := h.store.RemoveMember(c.UserContext(), actor(c), m.ID, f.Version); err != nil {
		if domain.ErrorCode(err) == domain.ECONFLICT {
			return h.redirect(c, "/members/"+strconv.FormatInt(m.ID, 10), domain.ErrorMessage(err))
		}
		return err
	}
	return h.redirect(c, "/sessions/"+strconv.FormatInt(ses.ID, 10)+"/delegation", "members.removed",
		"Name", m.Name(h.localizer(c).Lang()))
}
