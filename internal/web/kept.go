package web

import (
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
)

// Typed text outlives the login it was typed in. The forms where people write at length
// (a ministry's answer, a review, a brief) carry a stamp naming their writer, signed with
// the anti-forgery key. When such a form comes back after the login ended, the
// anti-forgery check still refuses it (nothing is saved), but its text is kept under the
// stamp's user (store.KeepForm) and they are sent to log in again and on to the same
// form, filled with what they typed, to save with a fresh token. A kept form is offered
// only to its writer and only on its own page.

const (
	keepField = "_keep" // the writer's stamp
	keptField = "_kept" // the token of the kept text a form was filled from
	keptQuery = "kept"
)

// keepStampAge is how long after a form was shown its text is still kept when its login
// has ended meanwhile: a form left open over a long weekend.
const keepStampAge = 4 * 24 * time.Hour

// keptForms are the forms whose text is kept, each with the page that shows it.
var keptForms = []struct {
	form *regexp.Regexp
	page string // with $1 for the id
}{
	{regexp.MustCompile(`^/consultations/(\d+)/answer$`), "/consultations/$1"},
	{regexp.MustCompile(`^/items/(\d+)/brief/review$`), "/items/$1/brief/review"},
	{regexp.MustCompile(`^/items/(\d+)/brief$`), "/items/$1/brief"},
}

// keptFormPage returns the page of the form posted to path, if its text is kept.
func keptFormPage(path string) (string, bool) {
	for _, k := range keptForms {
		if m := k.form.FindStringSubmatchIndex(path); m != nil {
			return string(k.form.ExpandString(nil, k.page, path, m)), true
		}
	}
	return "", false
}

var keptToken = regexp.MustCompile(`^[0-9a-f]{64}$`)

// keepStamp is the stamp of the forms shown to u: their id, when it was issued, and the
// key's signature of both.
func keepStamp(key []byte, u *domain.User, now time.Time) string {
	id, issued := strconv.FormatInt(u.ID, 36), strconv.FormatInt(now.Unix(), 36)
	return id + "." + issued + "." + mac(key, "keep", id, issued)
}

// stampOwner returns the user a stamp names, when it is the key's and young enough.
func stampOwner(key []byte, stamp string, now time.Time) (int64, bool) {
	parts := strings.Split(stamp, ".")
	if len(parts) != 3 {
		return 0, false
	}
	id, err1 := strconv.ParseInt(parts[0], 36, 64)
	issued, err2 := strconv.ParseInt(parts[1], 36, 64)
	if err1 != nil || err2 != nil || id <= 0 || !equal(parts[2], mac(key, "keep", parts[0], parts[1])) {
		return 0, false
	}
	if age := now.Sub(time.Unix(issued, 0)); age > keepStampAge || age < -time.Minute {
		return 0, false
	}
	return id, true
}

// keepRefusedForm keeps the text of a form that failed the anti-forgery check, when it
// is one of keptForms and carries a valid stamp, and sends its writer to get it back: to
// the login page when nobody is logged in, to the form itself when they are (logged in
// again elsewhere, under a new token). It reports false, having kept nothing, for any
// other request, which is then refused as forged.
func (h *Handler) keepRefusedForm(c *fiber.Ctx, key []byte) (bool, error) {
	page, ok := keptFormPage(c.Path())
	if !ok || c.Method() != fiber.MethodPost ||
		!strings.HasPrefix(string(c.Request().Header.ContentType()), fiber.MIMEApplicationForm) {
		return false, nil
	}
	owner, ok := stampOwner(key, c.FormValue(keepField), h.now())
	if !ok {
		return false, nil
	}
	values := url.Values{}
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		if name := string(k); name != csrfField && name != keepField && name != keptField {
			values.Add(name, string(v))
		}
	})
	token, err := h.store.KeepForm(c.UserContext(), owner, store.KeptForm{Page: page, Values: values})
	if err != nil {
		return true, err
	}
	h.log.Info("form kept after its login ended", "path", c.Path(), "user", owner, "request_id", requestID(c))
	back := page + "?" + keptQuery + "=" + token
	switch u := currentUser(c); {
	case u == nil:
		return true, h.redirect(c, "/login?next="+url.QueryEscape(back), "kept.login_again")
	case u.ID == owner:
		return true, c.Redirect(back, fiber.StatusSeeOther)
	}
	// Someone else is logged in here now: the text waits for its writer.
	return false, nil
}

// restoreKept fills form with the text kept under the page's "kept" query for the person
// looking at it, when it was kept from this page's form, and says so on the page. It
// reports whether it did; text that is gone (saved, expired, or not theirs) is answered
// with a note, never with an error.
func (h *Handler) restoreKept(c *fiber.Ctx, p *Page, form any) (bool, error) {
	token := c.Query(keptQuery)
	if token == "" || p.User == nil {
		return false, nil
	}
	kf, err := h.store.KeptForm(c.UserContext(), actor(c), token)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND, err == nil && kf.Page != c.Path():
		p.KeptNote = p.L.T("kept.expired")
		return false, nil
	case err != nil:
		return false, err
	}
	decodeForm(kf.Values, form)
	p.Kept = token
	p.KeptNote = p.L.T("kept.restored")
	return true, nil
}

// forgetKept drops the kept text a form was filled from once that form is saved (a
// redirect after the post); until then it stays kept, for a reload or a second try.
func (h *Handler) forgetKept(c *fiber.Ctx) error {
	token := ""
	if c.Method() == fiber.MethodPost {
		if _, ok := keptFormPage(c.Path()); ok {
			// The stamp and the token pass the one rule for text, as every field does.
			if !domain.ValidText(c.FormValue(keepField), false) || !domain.ValidText(c.FormValue(keptField), false) {
				return domain.Errorf(domain.EINVALID, "error.invalid")
			}
			token = c.FormValue(keptField)
		}
	}
	err := c.Next()
	if keptToken.MatchString(token) && err == nil && c.Response().StatusCode() == fiber.StatusSeeOther && currentUser(c) != nil {
		if ferr := h.store.ForgetKeptForm(c.UserContext(), actor(c), token); ferr != nil {
			h.log.Warn("kept form not forgotten", "err", ferr, "request_id", requestID(c))
		}
	}
	return err
}

// decodeForm sets the fields of the struct form points to from values, by their form
// tags, as the posted form would have: text as it is, numbers parsed (zero when not a
// number). Other fields are left alone.
func decodeForm(values url.Values, form any) {
	v := reflect.ValueOf(form).Elem()
	t := v.Type()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("form"), ",")
		if name == "" || name == "-" || !values.Has(name) {
			continue
		}
		f, s := v.Field(i), values.Get(name)
		switch f.Kind() {
		case reflect.String:
			f.SetString(s)
		case reflect.Int, reflect.Int64, reflect.Int32:
			n, _ := strconv.ParseInt(s, 10, 64)
			f.SetInt(n)
		}
	}
}
