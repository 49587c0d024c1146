package store

import (
	"context"
	"encoding/json"
	"net/url"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// A person whose login ends while they type (an idle time-out, a logout in another tab)
// loses nothing: the form they then send is refused as forged, since its anti-forgery
// token died with the login, but its text is kept here under their account for a day.
// After logging in again they find it filled into the same form, to check and save with
// a fresh token; nothing kept is ever saved on its own.

// KeptFormTTL is how long the text of a form whose login ended is kept for its writer.
const KeptFormTTL = 24 * time.Hour

// KeptForm is the text of a form sent after its writer's login ended.
type KeptForm struct {
	Page   string     `json:"page"`   // the page that shows the form (a path)
	Values url.Values `json:"values"` // the fields as sent, without the anti-forgery ones
	At     time.Time  `json:"at"`     // when it was sent
}

// KeepForm keeps f for the user userID, who wrote it, for KeptFormTTL, and returns the
// token under which they find it again. Only they can read it (KeptForm).
func (s *Store) KeepForm(ctx context.Context, userID int64, f KeptForm) (string, error) {
	if f.At.IsZero() {
		f.At = s.now()
	}
	return s.savePending(ctx, PendingKeptForm, userID, &f)
}

// KeptForm returns the form kept under token for the acting user. Someone else's token,
// an expired or forgotten one, and one never made are all not found alike
// ("kept.expired").
func (s *Store) KeptForm(ctx context.Context, a domain.Actor, token string) (*KeptForm, error) {
	f := new(KeptForm)
	if err := peekPending(ctx, s.db, s.now(), PendingKeptForm, a, token, f); err != nil {
		return nil, dbError("kept form", err)
	}
	return f, nil
}

// ForgetKeptForm drops the form kept under token for the acting user, once it is saved;
// a token that is not theirs changes nothing.
func (s *Store) ForgetKeptForm(ctx context.Context, a domain.Actor, token string) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		err := takePending(ctx, tx, s.now(), PendingKeptForm, a, token, &KeptForm{})
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil
		}
		return err
	})
	return dbError("forget kept form", err)
}

// KeptRef names a kept form for its writer: where it is offered back, and until when.
type KeptRef struct {
	Token     string
	Page      string
	At        time.Time
	ExpiresAt time.Time
}

// KeptForms lists the forms kept for the acting user, newest first: their dashboard
// offers them back when they logged in by another way than the link to the form.
func (s *Store) KeptForms(ctx context.Context, a domain.Actor) ([]KeptRef, error) {
	if a.User == nil {
		return nil, nil
	}
	var ps []pendingUpload
	err := s.db.NewSelect().Model(&ps).Where("kind = ?", PendingKeptForm).Where("user_id = ?", a.User.ID).
		Where("expires_at > ?", s.now()).Order("created_at DESC").Limit(10).Scan(ctx)
	if err != nil {
		return nil, dbError("kept forms", err)
	}
	refs := make([]KeptRef, 0, len(ps))
	for _, p := range ps {
		var f KeptForm
		if err := json.Unmarshal(p.Payload, &f); err != nil {
			return nil, dbError("kept forms", err)
		}
		refs = append(refs, KeptRef{Token: p.Token, Page: f.Page, At: p.CreatedAt, ExpiresAt: p.ExpiresAt})
	}
	return refs, nil
}
