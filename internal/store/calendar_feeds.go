package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// A calendar feed is read by calendar programs, which cannot log in: its link carries a
// secret of 32 random bytes (43 characters of base64url), and the database keeps only the
// secret's SHA-256, so that a copy of the database opens no feed. A fast hash is enough
// for 256 random bits, which no one guesses, and it lets the lookup be one index probe.

// feedSecretBytes is the length of a feed's secret before encoding.
const feedSecretBytes = 32

// FeedLimits say how often feed links may be read within Window: PerFeed reads of one
// feed, and PerAddress reads, from one client address, of links that open no feed.
type FeedLimits struct {
	PerFeed    int
	PerAddress int
	Window     time.Duration
}

// errNoFeed is the answer to every link that opens no feed: unknown, altered, replaced
// by a new secret, or of a disabled account, alike.
var errNoFeed = domain.Errorf(domain.ENOTFOUND, "error.not_found")

// ErrFeedLimited is the answer to a read over the limits.
var ErrFeedLimited = domain.Errorf(domain.EUNAVAILABLE, "calendar.error_limited")

// hashFeedSecret is what the database keeps of a secret.
func hashFeedSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// CalendarFeedSince returns when the user's feed secret was made, or nil when they have
// none.
func (s *Store) CalendarFeedSince(ctx context.Context, userID int64) (*time.Time, error) {
	var at []time.Time
	if err := s.db.NewSelect().Table("calendar_feeds").Column("created_at").Where("user_id = ?", userID).Scan(ctx, &at); err != nil {
		return nil, dbError("calendar feed", err)
	}
	if len(at) == 0 {
		return nil, nil
	}
	return &at[0], nil
}

// NewCalendarFeed makes a new secret for the user's feed and returns it, to be shown once:
// it is not kept. The feed's previous secret no longer opens anything. The change is
// audited, without the secret.
func (s *Store) NewCalendarFeed(ctx context.Context, a domain.Actor, userID int64) (string, error) {
	b := make([]byte, feedSecretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	secret := base64.RawURLEncoding.EncodeToString(b)
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var replaced []int64
		err := tx.NewRaw(`INSERT INTO calendar_feeds AS f (user_id, secret_hash, created_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, created_at = EXCLUDED.created_at
			RETURNING (xmax <> 0)::int`, userID, hashFeedSecret(secret), s.now()).Scan(ctx, &replaced)
		if err != nil {
			return err
		}
		action := "create_calendar_feed"
		if len(replaced) > 0 && replaced[0] == 1 {
			action = "replace_calendar_feed"
		}
		return s.audit(ctx, tx, a, action, "user", userID, nil, nil)
	})
	if err != nil {
		return "", dbError("new calendar feed", err)
	}
	return secret, nil
}

// CalendarFeedOwner returns the active user whose feed secret is secret, read from the
// client address, and counts the read against the limits in l. Every link that opens no
// feed answers ENOTFOUND alike; an address that has read too many of those within the
// window is refused (ErrFeedLimited) before the link is looked up, so that its answer
// tells nothing of the link; a feed read too often is refused too.
func (s *Store) CalendarFeedOwner(ctx context.Context, secret, address string, l FeedLimits) (*domain.User, error) {
	now := s.now()
	since := now.Add(-l.Window)
	var u *domain.User
	err := s.inTx(ctx, func(tx bun.Tx) error {
		// Sweep what has left the window; SKIP LOCKED keeps concurrent sweeps apart.
		if _, err := tx.NewRaw(`DELETE FROM calendar_fetches WHERE id IN (
			SELECT id FROM calendar_fetches WHERE at <= ? LIMIT 1000 FOR UPDATE SKIP LOCKED)`, since).Exec(ctx); err != nil {
			return err
		}
		misses, err := tx.NewSelect().Table("calendar_fetches").
			Where("user_id IS NULL AND address = ? AND at > ?", address, since).Count(ctx)
		if err != nil {
			return err
		}
		if misses >= int64(l.PerAddress) {
			return ErrFeedLimited
		}
		var found []domain.User
		if len(secret) == base64.RawURLEncoding.EncodedLen(feedSecretBytes) {
			err = tx.NewSelect().Model(&found).
				Where("u.id = (SELECT f.user_id FROM calendar_feeds f WHERE f.secret_hash = ?)", hashFeedSecret(secret)).
				Where("u.disabled_at IS NULL").Scan(ctx)
			if err != nil {
				return err
			}
		}
		var owner *int64
		if len(found) == 1 {
			u = &found[0]
			owner = &u.ID
		}
		if _, err := tx.NewRaw("INSERT INTO calendar_fetches (at, address, user_id) VALUES (?, ?, ?)", now, address, owner).Exec(ctx); err != nil {
			return err
		}
		if u == nil {
			return nil
		}
		reads, err := tx.NewSelect().Table("calendar_fetches").Where("user_id = ? AND at > ?", u.ID, since).Count(ctx)
		if err != nil {
			return err
		}
		if reads > int64(l.PerFeed) {
			return ErrFeedLimited
		}
		return nil
	})
	if err != nil {
		// A refused read is not counted: its transaction is rolled back.
		return nil, dbError("calendar feed owner", err)
	}
	if u == nil {
		return nil, errNoFeed
	}
	return u, nil
}
