package seed

import (
	"context"
	"fmt"
	"strings"

	"github.com/alexedwards/argon2id"
	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
)

// Users adds n synthetic users of every role for load tests, all with one password:
// about one in fifty an administrator, one in five Commission staff, two in five
// liaisons spread over the ministries, and the rest delegates on the delegation of
// session code. Their e-mail addresses are load-ROLE-K@plenary.example (a liaison's
// holds its ministry: load-liaison-moe-3@...). The password is hashed once and the hash
// shared, so that adding hundreds of users takes a second, not minutes. The ministries
// and the session must exist; it is one transaction, with one audit row that says so.
func Users(ctx context.Context, db *bun.DB, code string, n int, password string) (*Accounts, error) {
	if n < 4 {
		return nil, fmt.Errorf("seed: users: at least 4 (one of each role)")
	}
	if len(password) < 8 {
		return nil, fmt.Errorf("seed: users: the password must have at least 8 characters")
	}
	hash, err := argon2id.CreateHash(password, argon2id.DefaultParams)
	if err != nil {
		return nil, err
	}
	ses, err := store.New(db).SessionByCode(ctx, code)
	if err != nil {
		return nil, fmt.Errorf("seed: users: no session %q", code)
	}
	a := &Accounts{Password: password}
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var ms []struct {
			ID   int64  `bun:"id"`
			Code string `bun:"code"`
		}
		if err := tx.NewRaw("SELECT id, code FROM ministries ORDER BY code").Scan(ctx, &ms); err != nil {
			return err
		}
		if len(ms) == 0 {
			return fmt.Errorf("seed: users: no ministries; load the demo data first")
		}
		admins := max(1, n/50)
		staff := max(1, n/5)
		liaisons := max(1, 2*n/5)
		delegates := n - admins - staff - liaisons
		add := func(email, name string, role domain.Role, ministry *int64, note string) (int64, error) {
			var id int64
			err := tx.NewRaw(`INSERT INTO users (email, name, role, ministry_id, password_hash)
				VALUES (?, ?, ?, ?, ?) RETURNING id`, email, name, role, ministry, hash).Scan(ctx, &id)
			if err != nil {
				return 0, fmt.Errorf("seed: users: %s: %w", email, err)
			}
			a.Logins = append(a.Logins, Login{Email: email, Role: role, Note: note})
			return id, nil
		}
		for k := 1; k <= admins; k++ {
			if _, err := add(fmt.Sprintf("load-admin-%d@plenary.example", k), fmt.Sprintf("Load Admin %d", k), domain.RoleAdmin, nil, "admin"); err != nil {
				return err
			}
		}
		for k := 1; k <= staff; k++ {
			if _, err := add(fmt.Sprintf("load-staff-%d@plenary.example", k), fmt.Sprintf("Load Staff %d", k), domain.RoleStaff, nil, "staff"); err != nil {
				return err
			}
		}
		for k := 1; k <= liaisons; k++ {
			m := ms[(k-1)%len(ms)]
			email := fmt.Sprintf("load-liaison-%s-%d@plenary.example", strings.ToLower(m.Code), (k-1)/len(ms)+1)
			if _, err := add(email, fmt.Sprintf("Load Liaison %s %d", m.Code, k), domain.RoleLiaison, &m.ID, "liaison "+m.Code); err != nil {
				return err
			}
		}
		for k := 1; k <= delegates; k++ {
			email := fmt.Sprintf("load-delegate-%d@plenary.example", k)
			uid, err := add(email, fmt.Sprintf("Load Delegate %d", k), domain.RoleDelegate, nil, "delegate")
			if err != nil {
				return err
			}
			var pid int64
			if err := tx.NewRaw(`INSERT INTO people (name_en, name_ko, organisation, email, user_id)
				VALUES (?, ?, 'Load test', ?, ?) RETURNING id`, fmt.Sprintf("Load Delegate %d", k),
				fmt.Sprintf("부하 대표 %d", k), email, uid).Scan(ctx, &pid); err != nil {
				return fmt.Errorf("seed: users: person %s: %w", email, err)
			}
			if _, err := tx.NewRaw(`INSERT INTO delegation_members (session_id, person_id, role) VALUES (?, ?, 'delegate')`,
				ses.ID, pid).Exec(ctx); err != nil {
				return fmt.Errorf("seed: users: member %s: %w", email, err)
			}
		}
		_, err := tx.NewInsert().Model(&domain.AuditEntry{Actor: "seed", Action: "seed_users", Entity: "session",
			EntityID: &ses.ID, After: []byte(fmt.Sprintf(`{"users": %d}`, n))}).Exec(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}
