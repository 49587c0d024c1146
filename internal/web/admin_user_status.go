package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
)

// disableUser disables a user and ends their login sessions at once.
func (h *Handler) disableUser(c *fiber.Ctx) error { return h.setUserDisabled(c, true) }

// enableUser lets a disabled user log in again.
func (h *Handler) enableUser(c *fiber.Ctx) error { return h.setUserDisabled(c, false) }

func (h *Handler) setUserDisabled(c *fiber.Ctx, disabled bool) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	// The page always sends the version it showed; 0 would mean "whatever is saved now",
	// which only the command line may ask for.
	version, err := strconv.Atoi(c.FormValue("version"))
	if err != nil || version < 1 {
		return domain.Errorf(domain.EINVALID, "error.invalid")
	}
	if err := h.store.SetUserDisabled(c.UserContext(), actor(c), id, version, disabled); err != nil {
		if isStale(err) || domain.ErrorCode(err) == domain.EINVALID {
			return h.redirect(c, "/admin/users", domain.ErrorMessage(err))
		}
		return err
	}
	if disabled {
		return h.redirect(c, "/admin/users", "users.disabled")
	}
	return h.redirect(c, "/admin/users", "users.enabled")
}

type passwordForm struct {
	Password string `form:"new_password" validate:"required"`
}

// resetPassword sets a new password for a user, typed by the admin, and ends the user's
// sessions.
func (h *Handler) resetPassword(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	u, err := h.store.User(c.UserContext(), id)
	if err != nil {
		return err
	}
	var f passwordForm
	err = h.parseForm(c, &f)
	if f.Password != "" {
		err = joinInvalid(err, domain.CheckPassword("new_password", f.Password, u.Email))
	}
	if err == nil {
		err = h.store.SetPassword(c.UserContext(), actor(c), id, f.Password)
	}
	if err == nil {
		return h.redirect(c, "/admin/users", "users.password_reset")
	}
	p, perr := h.userFormPage(c, "users.edit", u)
	if perr != nil {
		return perr
	}
	p.Form = userInput(u)
	return h.formFailed(c, p, "pages/admin/user_form", err)
}
