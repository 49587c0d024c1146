package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/notify"
)

// notificationPageSize is how many notifications a page of the list shows.
const notificationPageSize = 30

// noticeRow is one entry of the notification list as the page shows it: the sentence and
// the link only when the reader may still see the subject.
type noticeRow struct {
	ID      int64
	Kind    domain.NotificationKind
	Text    string
	Link    string
	Visible bool
	Unread  bool
	Created time.Time
}

type notificationsPage struct {
	Rows  []noticeRow
	Pager *pager
}

// unread is the header's count of the person's unread notifications. The header is on
// every page, so a failure to count leaves the count out rather than failing the page.
func (h *Handler) unread(c *fiber.Ctx, u *domain.User) int {
	n, err := h.store.UnreadCount(c.UserContext(), u.ID)
	if err != nil {
		h.log.Warn("counting unread notifications", "err", err, "request_id", requestID(c))
		return 0
	}
	return n
}

// showNotifications lists the person's notifications, newest first, a page at a time.
func (h *Handler) showNotifications(c *fiber.Ctx) error {
	var q struct {
		Page int `query:"page"`
	}
	if err := h.parseQuery(c, &q); err != nil {
		return err
	}
	u := currentUser(c)
	pg := newPager(c, notificationPageSize)
	ns, total, err := h.store.Notifications(c.UserContext(), u, pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	pg.Total = total
	l := h.localizer(c)
	d := notificationsPage{Pager: pg}
	for i := range ns {
		n := &ns[i]
		row := noticeRow{ID: n.ID, Kind: n.Kind, Visible: n.Visible, Unread: n.ReadAt == nil, Created: n.CreatedAt}
		if n.Visible {
			row.Text, row.Link = notify.Describe(l, n), n.Link()
		}
		d.Rows = append(d.Rows, row)
	}
	p := h.page(c, "notifications.title")
	p.Data = d
	return h.render(c, fiber.StatusOK, "pages/notifications", p)
}

// markRead marks one of the person's notifications read, and goes back to the list.
func (h *Handler) markRead(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	if err := h.store.MarkRead(c.UserContext(), currentUser(c).ID, id); err != nil {
		return err
	}
	return h.redirect(c, "/notifications", "")
}

// markAllRead marks every notification of the person read.
func (h *Handler) markAllRead(c *fiber.Ctx) error {
	n, err := h.store.MarkAllRead(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return h.redirect(c, "/notifications", "notifications.marked_all", "Count", n)
}
