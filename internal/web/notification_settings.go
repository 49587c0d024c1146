package web

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
)

// settingRow is one kind of notification on the settings page.
type settingRow struct {
	Kind     domain.NotificationKind
	Email    bool // sent by e-mail
	Optional bool // the person may turn the e-mail off
}

// notificationSettingsForm is what the settings page posts: the kinds to receive by
// e-mail, as checked boxes.
type notificationSettingsForm struct {
	Email []string `form:"email" validate:"max=50,dive,enum=notification_kind"`
}

// showNotificationSettings shows, for each kind of notification, whether it reaches the
// person by e-mail as well as in the app.
func (h *Handler) showNotificationSettings(c *fiber.Ctx) error {
	off, err := h.store.EmailOff(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	var rows []settingRow
	for _, k := range domain.NotificationKinds {
		rows = append(rows, settingRow{Kind: k, Email: !slices.Contains(off, k), Optional: k.Optional()})
	}
	p := h.page(c, "notifications.settings_title")
	p.Data = rows
	return h.render(c, fiber.StatusOK, "pages/notification_settings", p)
}

// saveNotificationSettings saves the kinds the person receives by e-mail: every optional
// kind not checked is turned off.
func (h *Handler) saveNotificationSettings(c *fiber.Ctx) error {
	var f notificationSettingsForm
	if err := h.parseForm(c, &f); err != nil {
		return err
	}
	var off []domain.NotificationKind
	for _, k := range domain.NotificationKinds {
		if k.Optional() && !slices.Contains(f.Email, string(k)) {
			off = append(off, k)
		}
	}
	u := currentUser(c)
	if err := h.store.SetEmailOff(c.UserContext(), actor(c), u.ID, off); err != nil {
		return err
	}
	return h.redirect(c, "/notifications/settings", "notifications.settings_saved")
}
