package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

var testActor = domain.SystemActor("test")

// count returns how many rows of table match where.
func count(t *testing.T, db *bun.DB, table, where string, args ...any) int {
	t.Helper()
	n, err := db.NewSelect().Table(table).Where(where, args...).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func staffInput(email string) domain.UserInput {
	return domain.UserInput{Email: email, Name: "김서연 Kim Seoyeon", Role: "staff", Password: testdb.Password}
}

func TestCreateUser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := testdb.New(t)
	s := store.New(db)

	t.Run("OK", func(t *testing.T) {
		u, err := s.CreateUser(ctx, testActor, staffInput(" Kim@Plenary.Example "))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := u.Email, "kim@plenary.example"; got != want {
			t.Errorf("e-mail %q, want %q", got, want)
		}
		var e domain.AuditEntry
		if err := db.NewSelect().Model(&e).Where("entity = 'user' AND entity_id = ?", u.ID).Scan(ctx); err != nil {
			t.Fatalf("audit row: %v", err)
		}
		if got, want := e.Action+" by "+e.Actor, "create by test"; got != want {
			t.Errorf("audit %q, want %q", got, want)
		}
		if !strings.Contains(string(e.After), u.Email) || strings.Contains(string(e.After), "argon2") {
			t.Errorf("audit after = %s, want the user without the password hash", e.After)
		}
	})

	t.Run("ErrEmailTaken", func(t *testing.T) {
		users, audits := count(t, db, "users", "TRUE"), count(t, db, "audit_log", "TRUE")
		_, err := s.CreateUser(ctx, testActor, staffInput("KIM@plenary.example"))
		if got, want := domain.ErrorCode(err), domain.ECONFLICT; got != want {
			t.Fatalf("error %v, want code %s", err, want)
		}
		if got, want := domain.ErrorFields(err)["email"], "error.email_taken"; got != want {
			t.Errorf("e-mail field error %q, want %q", got, want)
		}
		if got, want := count(t, db, "users", "TRUE"), users; got != want {
			t.Errorf("%d users, want %d", got, want)
		}
		if got, want := count(t, db, "audit_log", "TRUE"), audits; got != want {
			t.Errorf("%d audit rows, want %d", got, want)
		}
	})

	t.Run("ErrAuditFails", func(t *testing.T) {
		// An audit log that refuses this actor's rows: the user must not be created
		// without its record.
		_, err := db.ExecContext(ctx, `
			CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN RAISE EXCEPTION 'audit refused'; END; $$;
			CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log
				FOR EACH ROW WHEN (NEW.actor = 'unrecorded') EXECUTE FUNCTION refuse_audit();`)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.CreateUser(ctx, domain.SystemActor("unrecorded"), staffInput("unrecorded@plenary.example"))
		if err == nil {
			t.Fatal("created a user whose audit row failed")
		}
		if got, want := count(t, db, "users", "email = 'unrecorded@plenary.example'"), 0; got != want {
			t.Errorf("%d users without an audit row, want %d", got, want)
		}
	})
}

// TestUpdateUserConcurrently saves one user from several places at once, all from the
// same version: exactly one save wins and the others are told the user changed.
func TestUpdateUserConcurrently(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := testdb.New(t)
	s := store.New(db)
	u, err := s.CreateUser(ctx, testActor, staffInput("kim@plenary.example"))
	if err != nil {
		t.Fatal(err)
	}

	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := domain.UserInput{Email: u.Email, Name: fmt.Sprintf("Editor %d", i), Role: "staff", Version: u.Version}
			_, errs[i] = s.UpdateUser(ctx, testActor, u.ID, in)
		}()
	}
	wg.Wait()

	saved := 0
	for i, err := range errs {
		switch {
		case err == nil:
			saved++
		case domain.ErrorCode(err) == domain.ECONFLICT && domain.ErrorMessage(err) == "error.stale":
		default:
			t.Errorf("save %d: %v, want a stale-version conflict", i, err)
		}
	}
	if got, want := saved, 1; got != want {
		t.Errorf("%d saves succeeded, want %d", got, want)
	}
	after, err := s.User(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := after.Version, u.Version+1; got != want {
		t.Errorf("version %d, want %d", got, want)
	}
	if got, want := count(t, db, "audit_log", "action = 'update' AND entity_id = ?", u.ID), 1; got != want {
		t.Errorf("%d update audit rows, want %d", got, want)
	}
}
