package store

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// NormalizeEmail is the form in which e-mail addresses are stored and looked up.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// User returns the user with the given id, with their ministry.
func (s *Store) User(ctx context.Context, id int64) (*domain.User, error) {
	u := new(domain.User)
	err := s.db.NewSelect().Model(u).Relation("Ministry").Where("u.id = ?", id).Scan(ctx)
	if err != nil {
		return nil, dbError("user", err)
	}
	return u, nil
}

// UserByEmail returns the user with the given e-mail address.
func (s *Store) UserByEmail(ctx context.Context, email string) (*domain.User, error) {
	u := new(domain.User)
	err := s.db.NewSelect().Model(u).Relation("Ministry").Where("u.email = ?", NormalizeEmail(email)).Scan(ctx)
	if err != nil {
		return nil, dbError("user by email", err)
	}
	return u, nil
}

// Users returns every user, by name.
func (s *Store) Users(ctx context.Context) ([]domain.User, error) {
	var us []domain.User
	err := s.db.NewSelect().Model(&us).Relation("Ministry").OrderExpr("u.disabled_at IS NOT NULL, lower(u.name), u.id").Scan(ctx)
	if err != nil {
		return nil, dbError("users", err)
	}
	return us, nil
}

// Authenticate returns the active user with this e-mail and password. Every failure is
// the same EUNAUTHORIZED error, so a stranger learns nothing about which accounts exist;
// when every password worker stays busy it is ErrBusy instead.
func (s *Store) Authenticate(ctx context.Context, email, password string) (*domain.User, error) {
	fail := domain.Errorf(domain.EUNAUTHORIZED, "login.failed")
	var row struct {
		ID       int64
		Hash     string
		Disabled bool
	}
	err := s.db.NewRaw("SELECT id, password_hash AS hash, disabled_at IS NOT NULL AS disabled FROM users WHERE email = ?",
		NormalizeEmail(email)).Scan(ctx, &row)
	if err != nil && domain.ErrorCode(dbError("", err)) != domain.ENOTFOUND {
		return nil, dbError("authenticate", err)
	}
	// An unknown e-mail is checked against a dummy hash, at the same cost.
	ok, err := s.hasher.Verify(ctx, password, row.Hash)
	if err != nil {
		return nil, err
	}
	if !ok || row.Disabled {
		return nil, fail
	}
	return s.User(ctx, row.ID)
}

// hashPassword applies the password rule for the account with the e-mail, then hashes.
func (s *Store) hashPassword(ctx context.Context, password, email string) (string, error) {
	if err := domain.CheckPassword("password", password, email); err != nil {
		return "", err
	}
	return s.hasher.Hash(ctx, password)
}

// CreateUser adds a user. Input is validated by the caller; the database checks the rest.
func (s *Store) CreateUser(ctx context.Context, a domain.Actor, in domain.UserInput) (*domain.User, error) {
	hash, err := s.hashPassword(ctx, in.Password, in.Email)
	if err != nil {
		return nil, err
	}
	u := &domain.User{Email: NormalizeEmail(in.Email), Name: strings.TrimSpace(in.Name), Role: domain.Role(in.Role)}
	if u.Role == domain.RoleLiaison {
		u.MinistryID = &in.MinistryID
	}
	err = s.inTx(ctx, func(tx bun.Tx) error {
		u.CreatedAt = s.now()
		u.UpdatedAt = u.CreatedAt
		_, err := tx.NewInsert().Model(u).Value("password_hash", "?", hash).Returning("id, created_at, updated_at, version").Exec(ctx)
		if err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "create", "user", u.ID, nil, u); err != nil {
			return err
		}
		return s.notifyAccount(ctx, tx, a, domain.NoticeAccountCreated, u.ID)
	})
	if err != nil {
		return nil, dbError("create user", err)
	}
	return s.User(ctx, u.ID)
}

// UpdateUser changes a user's e-mail, name, role and ministry, provided nobody changed the
// user since in.Version was read.
func (s *Store) UpdateUser(ctx context.Context, a domain.Actor, id int64, in domain.UserInput) (*domain.User, error) {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		_, err := updateVersioned(ctx, s, tx, a, versionedUpdate[domain.User]{
			entity: "user", id: id, version: in.Version, columns: []string{"email", "name", "role", "ministry_id"},
			change: func(tx bun.Tx, before, after *domain.User) error {
				after.Email, after.Name, after.Role = NormalizeEmail(in.Email), strings.TrimSpace(in.Name), domain.Role(in.Role)
				after.MinistryID = nil
				if after.Role == domain.RoleLiaison {
					after.MinistryID = &in.MinistryID
				}
				// A changed role or ministry changes what the user may see: their open
				// sessions were granted under the old rights, so they end.
				if after.Role != before.Role || !sameID(after.MinistryID, before.MinistryID) {
					return endSessions(ctx, tx, id)
				}
				return nil
			},
		})
		return err
	})
	if err != nil {
		return nil, dbError("update user", err)
	}
	return s.User(ctx, id)
}

// SetUserDisabled disables or re-enables a user, provided nobody changed the user since
// version was read (0: at whatever version, for the command line). Disabling ends every
// login session of the user in the same transaction, so their next request is refused.
func (s *Store) SetUserDisabled(ctx context.Context, a domain.Actor, id int64, version int, disabled bool) error {
	if version == 0 {
		version = anyVersion
	}
	action := "enable"
	if disabled {
		action = "disable"
	}
	err := s.inTx(ctx, func(tx bun.Tx) error {
		_, err := updateVersioned(ctx, s, tx, a, versionedUpdate[domain.User]{
			entity: "user", action: action, id: id, version: version, columns: []string{"disabled_at"},
			change: func(tx bun.Tx, before, after *domain.User) error {
				if !disabled {
					after.DisabledAt = nil
					return nil
				}
				if a.User != nil && a.User.ID == id {
					return domain.Errorf(domain.EINVALID, "error.disable_self")
				}
				if before.DisabledAt == nil {
					now := s.now()
					after.DisabledAt = &now
				}
				return endSessions(ctx, tx, id)
			},
		})
		return err
	})
	return dbError("set user disabled", err)
}

// SetPassword replaces a user's password and ends every login session of the user.
func (s *Store) SetPassword(ctx context.Context, a domain.Actor, id int64, password string) error {
	var email string
	if err := s.db.NewSelect().Table("users").Column("email").Where("id = ?", id).Scan(ctx, &email); err != nil {
		return dbError("set password", err)
	}
	hash, err := s.hashPassword(ctx, password, email)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(tx bun.Tx) error {
		res, err := tx.NewUpdate().Table("users").Set("password_hash = ?", hash).
			Set("version = version + 1").Set("updated_at = ?", s.now()).Where("id = ?", id).Exec(ctx)
		if err != nil {
			return err
		}
		if err := checkUpdated(ctx, tx, res, "users", id); err != nil {
			return err
		}
		if err := endSessions(ctx, tx, id); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "reset_password", "user", id, nil, nil); err != nil {
			return err
		}
		return s.notifyAccount(ctx, tx, a, domain.NoticePasswordReset, id)
	})
	return dbError("set password", err)
}

// SetUserLang saves the language a user chose; "" goes back to following the browser.
func (s *Store) SetUserLang(ctx context.Context, a domain.Actor, id int64, lang string) error {
	var v *string
	if lang != "" {
		v = &lang
	}
	err := s.inTx(ctx, func(tx bun.Tx) error {
		_, err := tx.NewUpdate().Table("users").Set("lang = ?", v).Where("id = ?", id).Exec(ctx)
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "set_language", "user", id, nil, map[string]any{"lang": v})
	})
	return dbError("set user language", err)
}

func sameID(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
