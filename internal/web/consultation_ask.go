package web

import (
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// consultationAskPage asks one question of several ministries on several items of a
// session: reached from the agenda's ticked items or from the session's consultations.
type consultationAskPage struct {
	Session    *domain.Session
	Items      []domain.AgendaItem
	Ministries []domain.Ministry
	Form       domain.ConsultationBulkRequest
	Today      string // the latest day a request may have been asked on
}

func sessionConsultationsPath(id int64) string {
	return "/sessions/" + strconv.FormatInt(id, 10) + "/consultations"
}

// consultationAsk builds the page of session id with the form filled with in.
func (h *Handler) consultationAsk(c *fiber.Ctx, id int64, in domain.ConsultationBulkRequest) (*Page, error) {
	sc := policy.ScopeOf(currentUser(c))
	ctx := c.UserContext()
	ses, err := h.store.Session(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	d := &consultationAskPage{Session: ses, Form: in, Today: h.today().Format(time.DateOnly)}
	if d.Items, err = h.store.AgendaItems(ctx, sc, id, domain.AgendaFilter{}); err != nil {
		return nil, err
	}
	if d.Ministries, err = h.store.Ministries(ctx); err != nil {
		return nil, err
	}
	p := h.page(c, "consultations.ask_title")
	p.Title = ses.Code + " · " + p.L.T("consultations.ask_title")
	p.Data = d
	return p, nil
}

// newAskForm is the form as it first shows: the items given ticked, due in two weeks.
func (h *Handler) newAskForm(items []int64) domain.ConsultationBulkRequest {
	return domain.ConsultationBulkRequest{ItemIDs: items,
		ConsultationRequest: domain.ConsultationRequest{DueOn: h.dueIn(14, time.Time{})}}
}

// showConsultationAsk shows the form with no item ticked, or those of ?item=.
func (h *Handler) showConsultationAsk(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	var q struct {
		Items []int64 `query:"item"`
	}
	if err := h.parseQuery(c, &q); err != nil {
		return err
	}
	p, err := h.consultationAsk(c, id, h.newAskForm(q.Items))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "pages/consultation_ask", p)
}

// askAboutTicked goes on from the agenda page's ticked items to the form that asks
// ministries about them: the agenda's bulk form sends them here when its "ask" button is
// pressed, and the form opens with them ticked. It changes nothing.
func (h *Handler) askAboutTicked(c *fiber.Ctx, sessionID int64, in domain.AgendaBulkInput) error {
	if !policy.Can(currentUser(c), policy.RequestConsultations) {
		return domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
	}
	v := url.Values{}
	for _, s := range in.Items {
		if iv, err := domain.ParseItemVersion(s); err == nil {
			v.Add("item", strconv.FormatInt(iv.ID, 10))
		}
	}
	path := sessionConsultationsPath(sessionID) + "/new"
	if len(v) > 0 {
		path += "?" + v.Encode()
	}
	return c.Redirect(path, fiber.StatusSeeOther)
}

// maxFlashNames is how many pairs left out a confirmation names; it says how many more.
const maxFlashNames = 12

// askConsultations opens the consultations the form asks for, all or none, and lands on
// the session's consultations with what was sent and what was left out as already asked.
func (h *Handler) askConsultations(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	var in domain.ConsultationBulkRequest
	err = h.parseForm(c, &in)
	var r domain.AskReport
	if err == nil {
		r, err = h.store.AskConsultations(c.UserContext(), actor(c), h.cfg.Zone, id, in)
	}
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return err
		}
		p, perr := h.consultationAsk(c, id, in)
		if perr != nil {
			return perr
		}
		return h.formFailed(c, p, "pages/consultation_ask", err)
	}
	done, doneSkipped := "consultations.asked", "consultations.asked_skipped"
	if in.AlreadySent {
		done, doneSkipped = "consultations.recorded", "consultations.recorded_skipped"
	}
	if len(r.Skipped) == 0 {
		return h.redirect(c, sessionConsultationsPath(id), done, "Count", len(r.Opened))
	}
	names := r.Skipped
	more := ""
	if len(names) > maxFlashNames {
		more = strconv.Itoa(len(names) - maxFlashNames)
		names = names[:maxFlashNames]
	}
	list := domain.PairNames(names)
	if more != "" {
		list += " … (+" + more + ")"
	}
	return h.redirect(c, sessionConsultationsPath(id), doneSkipped, "Count", len(r.Opened),
		"Skipped", len(r.Skipped), "Names", list)
}

// closeConsultations closes the answered consultations ticked on a session's
// consultations page, all or none. A refusal shows the page again with the ticks kept:
// 409 naming those someone changed meanwhile, or 422 naming those not answered.
func (h *Handler) closeConsultations(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	var in domain.ConsultationCloseInput
	err = h.parseForm(c, &in)
	ticked, terr := in.Ticked()
	err = joinInvalid(err, terr)
	n := 0
	if err == nil {
		n, err = h.store.CloseConsultations(c.UserContext(), actor(c), id, ticked)
	}
	if err == nil {
		return h.redirect(c, sessionConsultationsPath(id), "consultations.bulk_closed", "Count", n)
	}
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return err
	}
	p, d, perr := h.sessionConsultationsPage(c, id)
	if perr != nil {
		return perr
	}
	for _, cv := range ticked {
		d.Close.Ticked[cv.ID] = true
	}
	var changed *domain.ConsultationsChangedError
	if errors.As(err, &changed) {
		switch {
		case len(changed.Stale) > 0:
			err = domain.Errorf(domain.ECONFLICT, p.L.T("consultations.bulk_close_stale",
				"Names", domain.PairNames(changed.Stale), "Count", len(changed.Stale)))
		default:
			msg := p.L.T("consultations.bulk_close_not_answered", "Names", domain.PairNames(changed.NotReady),
				"Count", len(changed.NotReady))
			err = &domain.Error{Code: domain.EINVALID, Message: "error.invalid", Fields: map[string]string{"consultation": msg}}
		}
	}
	return h.formFailed(c, p, "pages/session_consultations", err)
}

// consultationClose is the bulk close form of a session's consultations page: a tick box
// on every answered consultation, for staff.
type consultationClose struct {
	Ticked   map[int64]bool
	Answered int  // how many are answered, to close
	All      bool // "select all answered" was asked for
}

// tick says whether c's row has a tick box, and whether it is ticked.
func (cl *consultationClose) tick(c *domain.Consultation) (show, checked bool) {
	if cl == nil || c.Status != domain.ConsultationAnswered {
		return false, false
	}
	return true, cl.All || cl.Ticked[c.ID]
}
