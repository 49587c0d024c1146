package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
)

type userFormData struct {
	ID         int64
	Ministries []domain.Ministry
	Roles      []domain.Role
	User       *domain.User
}

func (h *Handler) showUsers(c *fiber.Ctx) error {
	us, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	p := h.page(c, "users.title")
	p.Data = us
	return h.render(c, fiber.StatusOK, "pages/admin/users", p)
}

func (h *Handler) userFormPage(c *fiber.Ctx, title string, u *domain.User) (*Page, error) {
	ms, err := h.store.Ministries(c.UserContext())
	if err != nil {
		return nil, err
	}
	p := h.page(c, title)
	d := userFormData{Ministries: ms, Roles: domain.Roles, User: u}
	if u != nil {
		d.ID = u.ID
	}
	p.Data = d
	return p, nil
}

func (h *Handler) showUserCreate(c *fiber.Ctx) error {
	p, err := h.userFormPage(c, "users.new", nil)
	if err != nil {
		return err
	}
	p.Form = domain.UserInput{Role: string(domain.RoleStaff)}
	return h.render(c, fiber.StatusOK, "pages/admin/user_form", p)
}

func (h *Handler) createUser(c *fiber.Ctx) error {
	var in domain.UserInput
	err := h.parseForm(c, &in)
	if in.Password == "" {
		err = joinInvalid(err, domain.FieldError("password", "error.password_required"))
	} else {
		err = joinInvalid(err, domain.CheckPassword("password", in.Password, in.Email))
	}
	if err == nil {
		_, err = h.store.CreateUser(c.UserContext(), actor(c), in)
	}
	if err != nil {
		p, perr := h.userFormPage(c, "users.new", nil)
		if perr != nil {
			return perr
		}
		in.Password = ""
		p.Form = in
		return h.formFailed(c, p, "pages/admin/user_form", err)
	}
	return h.redirect(c, "/admin/users", "users.created")
}

func userInput(u *domain.User) domain.UserInput {
	in := domain.UserInput{Email: u.Email, Name: u.Name, Role: string(u.Role), Version: u.Version}
	if u.MinistryID != nil {
		in.MinistryID = *u.MinistryID
	}
	return in
}

func (h *Handler) showUserEdit(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	u, err := h.store.User(c.UserContext(), id)
	if err != nil {
		return err
	}
	p, err := h.userFormPage(c, "users.edit", u)
	if err != nil {
		return err
	}
	p.Form = userInput(u)
	return h.render(c, fiber.StatusOK, "pages/admin/user_form", p)
}

// updateUser saves the user form. On a stale version it shows the form again with 409,
// what the person typed, and what is saved now; the form then carries the new version,
// so saving again is a deliberate overwrite.
func (h *Handler) updateUser(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	var in domain.UserInput
	in.Password = ""
	err = h.parseForm(c, &in)
	if err == nil {
		_, err = h.store.UpdateUser(c.UserContext(), actor(c), id, in)
	}
	if err == nil {
		return h.redirect(c, "/admin/users", "users.saved")
	}
	u, uerr := h.store.User(c.UserContext(), id)
	if uerr != nil {
		return uerr
	}
	p, perr := h.userFormPage(c, "users.edit", u)
	if perr != nil {
		return perr
	}
	if isStale(err) {
		cur := userInput(u)
		p.Current = cur
		in.Version = cur.Version
	}
	p.Form = in
	return h.formFailed(c, p, "pages/admin/user_form", err)
}
