package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
)

// paramID reads the numeric :id of the route; anything else is a 404, as for an id that
// does not exist.
func paramID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// parseForm reads the posted form into v and validates it in the person's language.
func (h *Handler) parseForm(c *fiber.Ctx, v any) error {
	if err := c.BodyParser(v); err != nil {
		return h.localizer(c).DecodeError(v, err)
	}
	return h.localizer(c).Validate(v)
}

// parseQuery reads the query of the page into v and validates it in the person's
// language, as parseForm does a form: no text reaches the store without passing the one
// rule for text.
func (h *Handler) parseQuery(c *fiber.Ctx, v any) error {
	if err := c.QueryParser(v); err != nil {
		return h.localizer(c).DecodeError(v, err)
	}
	return h.localizer(c).Validate(v)
}

// searchQuery is the query of a search box. Any white space separates words, so the
// text may hold line breaks and tabs as well as spaces.
type searchQuery struct {
	Q string `query:"q" text:"multiline"`
}

// parseSearch reads the search box's text, at most 200 characters of it.
func (h *Handler) parseSearch(c *fiber.Ctx) (string, error) {
	var q searchQuery
	err := h.parseQuery(c, &q)
	if r := []rune(q.Q); len(r) > 200 {
		q.Q = string(r[:200])
	}
	return q.Q, err
}

// formFailed shows a form again after a failed save, with what the person typed, the
// message of each field and the message of the whole form: also when the server was too
// busy to save (503), so that nothing typed is lost. It reports errors it cannot show on
// a form (forbidden, not found, internal) to the error page instead.
func (h *Handler) formFailed(c *fiber.Ctx, p *Page, view string, err error) error {
	status, msg := errorStatus(err)
	switch status {
	case fiber.StatusUnprocessableEntity, fiber.StatusConflict:
	case fiber.StatusServiceUnavailable:
		c.Set(fiber.HeaderRetryAfter, "5")
	default:
		return err
	}
	p.Errors = p.L.Fields(err)
	p.Error = p.L.Message(msg)
	return h.render(c, status, view, p)
}

// joinInvalid adds the field messages of the EINVALID error more to err (nil, or the
// EINVALID error of a form's validation), so that a form shows every problem at once.
// Any other error wins as it is.
func joinInvalid(err, more error) error {
	switch {
	case more == nil:
		return err
	case err == nil:
		return more
	case domain.ErrorCode(err) != domain.EINVALID:
		return err
	}
	fields := map[string]string{}
	for f, m := range domain.ErrorFields(more) {
		fields[f] = m
	}
	for f, m := range domain.ErrorFields(err) {
		fields[f] = m
	}
	return &domain.Error{Code: domain.EINVALID, Message: domain.ErrorMessage(err), Fields: fields}
}

// isStale reports whether err says the row changed since the form was read.
func isStale(err error) bool {
	return domain.ErrorCode(err) == domain.ECONFLICT && domain.ErrorMessage(err) == "error.stale"
}
