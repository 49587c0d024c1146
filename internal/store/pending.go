package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// Every preview-then-confirm flow (the agenda import, the returned tracker) keeps the rows
// its preview checked under a token, for the person who uploaded them, until they confirm
// them or PendingTTL passes. The token is bound to its owner and its kind: someone else's
// token, a token of another flow, an expired or used one and one never made are all
// answered alike, as not found.

// PendingKind names a preview-then-confirm flow.
type PendingKind string

// The flows that keep checked rows under a token.
const (
	PendingAgendaImport PendingKind = "agenda_import"
	PendingTracker      PendingKind = "consultation_tracker"
	PendingKeptForm     PendingKind = "kept_form"
)

// PendingKinds lists every flow, as the pending_uploads table's CHECK allows them.
var PendingKinds = []PendingKind{PendingAgendaImport, PendingTracker, PendingKeptForm}

// pendingExpired is the catalogue key each flow answers an unknown token with.
var pendingExpired = map[PendingKind]string{
	PendingAgendaImport: "import.expired",
	PendingTracker:      "consultations.upload_expired",
	PendingKeptForm:     "kept.expired",
}

// PendingTTL is how long checked rows wait for confirmation.
const PendingTTL = time.Hour

// pendingTTL is how long each flow keeps its payload: a form whose login ended waits a
// day for its writer to come back (KeptFormTTL), checked rows an hour.
func pendingTTL(kind PendingKind) time.Duration {
	if kind == PendingKeptForm {
		return KeptFormTTL
	}
	return PendingTTL
}

// pendingToken is the shape of the tokens savePending makes; anything else is not looked up.
var pendingToken = regexp.MustCompile(`^[0-9a-f]{64}$`)

// pendingUpload is one flow's checked rows waiting for confirmation.
type pendingUpload struct {
	bun.BaseModel `bun:"table:pending_uploads,alias:pu"`

	Token     string          `bun:"token,pk"`
	Kind      PendingKind     `bun:"kind"`
	UserID    int64           `bun:"user_id"`
	Payload   json.RawMessage `bun:"payload,type:jsonb"`
	CreatedAt time.Time       `bun:"created_at"`
	ExpiresAt time.Time       `bun:"expires_at"`
}

// savePending keeps payload for userID under a new token of kind, for its pendingTTL, and
// returns the token. What nobody confirmed in time is forgotten on the way.
func (s *Store) savePending(ctx context.Context, kind PendingKind, userID int64, payload any) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return "", err
	}
	now := s.now()
	p := &pendingUpload{Token: hex.EncodeToString(b), Kind: kind, UserID: userID, Payload: raw,
		CreatedAt: now, ExpiresAt: now.Add(pendingTTL(kind))}
	err = s.inTx(ctx, func(tx bun.Tx) error {
		if _, err := tx.NewDelete().Model((*pendingUpload)(nil)).Where("expires_at <= ?", now).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.NewInsert().Model(p).Exec(ctx)
		return err
	})
	if err != nil {
		return "", dbError("save pending "+string(kind), err)
	}
	return p.Token, nil
}

// takePending forgets, in tx, the payload of kind kept under token for the acting user and
// reads it into payload. It is not found (ENOTFOUND, the flow's "expired" key) when the
// token is malformed, unknown, used, expired, another user's or another flow's. The caller
// returns an error to keep the token: the transaction then rolls the forgetting back.
func takePending(ctx context.Context, tx bun.Tx, now time.Time, kind PendingKind, a domain.Actor, token string, payload any) error {
	if a.User == nil {
		return domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
	}
	notFound := domain.Errorf(domain.ENOTFOUND, pendingExpired[kind])
	if !pendingToken.MatchString(token) {
		return notFound
	}
	p := new(pendingUpload)
	err := tx.NewDelete().Model(p).Where("token = ?", token).Where("kind = ?", kind).
		Where("user_id = ?", a.User.ID).Where("expires_at > ?", now).Returning("*").Scan(ctx)
	if isNoRows(err) {
		return notFound
	} else if err != nil {
		return err
	}
	return json.Unmarshal(p.Payload, payload)
}

// peekPending reads into payload what is kept of kind under token for the acting user,
// and leaves it kept; it is not found as takePending's is.
func peekPending(ctx context.Context, db bun.IDB, now time.Time, kind PendingKind, a domain.Actor, token string, payload any) error {
	if a.User == nil {
		return domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
	}
	notFound := domain.Errorf(domain.ENOTFOUND, pendingExpired[kind])
	if !pendingToken.MatchString(token) {
		return notFound
	}
	p := new(pendingUpload)
	err := db.NewSelect().Model(p).Where("token = ?", token).Where("kind = ?", kind).
		Where("user_id = ?", a.User.ID).Where("expires_at > ?", now).Scan(ctx)
	if isNoRows(err) {
		return notFound
	} else if err != nil {
		return err
	}
	return json.Unmarshal(p.Payload, payload)
}
