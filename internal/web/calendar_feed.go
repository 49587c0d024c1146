package web

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/policy"
	"github.com/kncu/plenary/internal/store"
)

// feedPrefix starts the path of every calendar feed: /calendar/SECRET.ics.
const feedPrefix = "/calendar/"

// feedLimits bound the reads of feed links. Calendar programs read a feed every few
// minutes at most, so 60 reads of one feed an hour leave room for several devices; 20
// links that open nothing from one address an hour are far beyond typing mistakes and
// far below what guessing 256-bit secrets would need.
var feedLimits = store.FeedLimits{PerFeed: 60, PerAddress: 20, Window: time.Hour}

// feedPast is how far back a feed reaches: the sessions of the past year stay in the
// person's calendar.
const feedPast = -1 // years

// serveCalendarFeed answers a calendar program reading a person's feed, without a login:
// the secret in the path names the person. A link that opens no feed answers 404, the
// same page as any path that does not exist.
func (h *Handler) serveCalendarFeed(c *fiber.Ctx) error {
	secret := strings.TrimSuffix(strings.TrimPrefix(c.Path(), feedPrefix), ".ics")
	u, err := h.store.CalendarFeedOwner(c.UserContext(), secret, clientAddress(c), feedLimits)
	if err == store.ErrFeedLimited {
		h.log.Warn("calendar feed refused: read too often", "ip", clientAddress(c))
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(feedLimits.Window.Seconds())))
		p := h.page(c, "error.title")
		p.Error = p.L.T("calendar.error_limited")
		p.Data = fiber.StatusTooManyRequests
		return h.render(c, fiber.StatusTooManyRequests, "pages/error", p)
	} else if err != nil {
		return err
	}
	lang := i18n.Match(deref(u.Lang), c.Get(fiber.HeaderAcceptLanguage))
	today := h.today()
	dates, err := h.store.CalendarDates(c.UserContext(), policy.CalendarOf(u), today.AddDate(feedPast, 0, 0), time.Time{})
	if err != nil {
		return err
	}
	cal := exports.Calendar{L: h.cat.For(lang), Owner: u.Name, BaseURL: h.baseURL(c), Zone: h.cfg.Zone, Stamp: h.now()}
	var b bytes.Buffer
	if err := cal.WriteTo(&b, dates); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="plenary.ics"`)
	// The feed is the person's own: no shared cache keeps it, and no search engine lists it.
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set("X-Robots-Tag", "noindex")
	return c.Send(b.Bytes())
}

// feedURL is the address of the feed with secret, as calendar programs read it.
func (h *Handler) feedURL(c *fiber.Ctx, secret string) string {
	return h.baseURL(c) + feedPrefix + secret + ".ics"
}

// baseURL is the address people reach Plenary at: the configured one, which holds behind
// a reverse proxy, or else the request's own.
func (h *Handler) baseURL(c *fiber.Ctx) string {
	if h.cfg.BaseURL != "" {
		return strings.TrimRight(h.cfg.BaseURL, "/")
	}
	return c.BaseURL()
}

// loggedPath is the path of a request as logs write it: a feed's secret is left out, so
// that the logs open no feed.
func loggedPath(path string) string {
	if strings.HasPrefix(path, feedPrefix) {
		return feedPrefix + "…"
	}
	return path
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// dateSummary is the title of a date in l's language, as the feed writes it.
func dateSummary(l *i18n.Localizer, d domain.CalendarDate) string { return exports.DateSummary(l, d) }
