package store_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

// TestPasswordRule: creating a user and setting a password apply the one rule, whoever
// calls (the web, a command), counting characters rather than bytes.
func TestPasswordRule(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := testdb.New(t)
	s := store.New(db)
	u, err := s.CreateUser(ctx, testActor, staffInput("jung.haneul@plenary.example"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, password, want string }{
		{"ErrShortKorean", "비밀번호", "error.password_short"}, // 12 bytes, 4 characters
		{"ErrEmail", "Jung.Haneul@Plenary.Example", "error.password_email"},
		{"ErrLocalPart", "jung.haneul2024", "error.password_email"},
		{"ErrCommon", "iloveyou1234", "error.password_common"},
	}
	for _, tt := range tests {
		t.Run("SetPassword"+tt.name, func(t *testing.T) {
			err := s.SetPassword(ctx, testActor, u.ID, tt.password)
			if got := domain.ErrorFields(err)["password"]; got != tt.want {
				t.Errorf("SetPassword(%q) = %v, want field message %s", tt.password, err, tt.want)
			}
		})
		t.Run("CreateUser"+tt.name, func(t *testing.T) {
			// The rule is applied before anything is written, so the e-mail in use
			// does not get in the way.
			in := staffInput("jung.haneul@plenary.example")
			in.Password = tt.password
			_, err := s.CreateUser(ctx, testActor, in)
			if got := domain.ErrorFields(err)["password"]; got != tt.want {
				t.Errorf("CreateUser with %q = %v, want field message %s", tt.password, err, tt.want)
			}
		})
	}
	if got, want := count(t, db, "audit_log", "action = 'reset_password'"), 0; got != want {
		t.Errorf("%d password changes audited, want %d", got, want)
	}
	if err := s.SetPassword(ctx, testActor, u.ID, "열두 글자가 넘는 한국어 비밀번호"); err != nil {
		t.Fatalf("a long Korean password: %v", err)
	}
	if _, err := s.Authenticate(ctx, u.Email, "열두 글자가 넘는 한국어 비밀번호"); err != nil {
		t.Errorf("login with the Korean password: %v", err)
	}
}

// TestHasher: hashes verify with the costs written in them, an unknown account never
// matches, and a queue that waits too long is refused as busy.
func TestHasher(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := store.NewHasher(store.HashConfig{Params: store.CheapHashParams, Workers: 2, Wait: 50 * time.Millisecond})

	hash, err := h.Hash(ctx, "correct-horse-battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q, want one made with the configured costs", hash)
	}
	for _, tt := range []struct {
		password, hash string
		want           bool
	}{
		{"correct-horse-battery", hash, true},
		{"wrong-horse-battery", hash, false},
		{"correct-horse-battery", "", false}, // no such user
		{"", "", false},
		{"correct-horse-battery", "not-a-hash", false},
	} {
		if got, err := h.Verify(ctx, tt.password, tt.hash); err != nil || got != tt.want {
			t.Errorf("Verify(%q, %q) = %v, %v; want %v", tt.password, tt.hash, got, err, tt.want)
		}
	}

	t.Run("ErrBusy", func(t *testing.T) {
		var releases []func()
		for range 2 {
			release, err := h.Occupy(ctx)
			if err != nil {
				t.Fatal(err)
			}
			releases = append(releases, release)
		}
		if _, err := h.Hash(ctx, "correct-horse-battery"); domain.ErrorCode(err) != domain.EUNAVAILABLE {
			t.Errorf("hash with every worker taken: %v, want %s", err, domain.EUNAVAILABLE)
		}
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		slow := store.NewHasher(store.HashConfig{Params: store.CheapHashParams, Workers: 1, Wait: time.Hour})
		release, _ := slow.Occupy(ctx)
		if _, err := slow.Verify(cctx, "x", hash); err == nil || domain.ErrorCode(err) == domain.EUNAVAILABLE {
			t.Errorf("verify on a cancelled request: %v, want the context's error", err)
		}
		release()
		for _, r := range releases {
			r()
		}
		if _, err := h.Hash(ctx, "correct-horse-battery"); err != nil {
			t.Errorf("hash once a worker is free: %v", err)
		}
	})

	t.Run("NeverMoreThanWorkers", func(t *testing.T) {
		// Many hashes at once all finish, queueing for the workers.
		h := store.NewHasher(store.HashConfig{Params: store.CheapHashParams, Workers: 1, Wait: time.Minute})
		var wg sync.WaitGroup
		errs := make([]error, 40)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = h.Verify(ctx, "correct-horse-battery", hash)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("verify %d: %v", i, err)
			}
		}
	})
}

// TestLoginFailures: failures are counted per account and per address within the
// window, audited with their lock-out in the same transaction, and forgotten for an
// account when it logs in.
func TestLoginFailures(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := testdb.New(t)
	s := store.New(db)
	u, err := s.CreateUser(ctx, testActor, staffInput("kim@plenary.example"))
	if err != nil {
		t.Fatal(err)
	}
	limits := store.LoginLimits{PerAccount: 3, PerAddress: 5, Window: 15 * time.Minute}
	anon := domain.Actor{Label: "anonymous", RequestID: "req-1"}
	locked := func(email, addr string) bool {
		t.Helper()
		l, err := s.LoginLocked(ctx, email, addr, limits)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	fail := func(email, addr string) {
		t.Helper()
		if err := s.RecordLoginFailure(ctx, anon, email, addr, limits); err != nil {
			t.Fatal(err)
		}
	}

	for i := 0; i < 3; i++ {
		if locked("KIM@plenary.example", "192.0.2.1") {
			t.Fatalf("locked after %d failures, want 3 allowed", i)
		}
		fail(" Kim@Plenary.Example", "192.0.2.1")
	}
	if !locked("kim@plenary.example", "192.0.2.99") {
		t.Error("the account is not locked after 3 failures")
	}
	if locked("lee@plenary.example", "192.0.2.1") {
		t.Error("another account from the same address is locked")
	}
	fail("lee@plenary.example", "192.0.2.1")
	fail("park@plenary.example", "192.0.2.1")
	if !locked("lee@plenary.example", "192.0.2.1") {
		t.Error("the address is not locked after 5 failures")
	}
	if got, want := count(t, db, "audit_log", "action = 'login_failed' AND entity = 'user' AND entity_id = ? AND request_id = 'req-1'", u.ID), 3; got != want {
		t.Errorf("%d failures of the account audited, want %d", got, want)
	}
	if got, want := count(t, db, "audit_log", "action = 'login_failed' AND entity = 'login'"), 2; got != want {
		t.Errorf("%d failures of unknown accounts audited, want %d", got, want)
	}
	if got, want := count(t, db, "audit_log", "action = 'login_locked'"), 2; got != want {
		t.Errorf("%d lock-outs audited (the account, then the address), want %d", got, want)
	}

	// Failures older than the window no longer count, and are swept.
	if _, err := db.ExecContext(ctx, "UPDATE login_failures SET at = now() - interval '16 minutes'"); err != nil {
		t.Fatal(err)
	}
	if locked("kim@plenary.example", "192.0.2.1") {
		t.Error("still locked after the window")
	}
	fail("nobody@plenary.example", "198.51.100.1")
	if got, want := count(t, db, "login_failures", "TRUE"), 1; got != want {
		t.Errorf("%d failure rows after the sweep, want %d", got, want)
	}

	// A login forgets the account's failures.
	fail("kim@plenary.example", "198.51.100.1")
	fail("kim@plenary.example", "198.51.100.1")
	a := domain.Actor{User: u}
	if err := s.StartSession(ctx, a, "no-such-session"); err != nil {
		t.Fatal(err)
	}
	if got, want := count(t, db, "login_failures", "account = 'kim@plenary.example'"), 0; got != want {
		t.Errorf("%d failures of the account after its login, want %d", got, want)
	}

	// The failure and its audit row are one: when the audit row cannot be written,
	// nothing is counted.
	_, err = db.ExecContext(ctx, `CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'audit refused'; END; $$;
		CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log
			FOR EACH ROW WHEN (NEW.actor = 'unrecorded') EXECUTE FUNCTION refuse_audit();`)
	if err != nil {
		t.Fatal(err)
	}
	before := count(t, db, "login_failures", "TRUE")
	if err := s.RecordLoginFailure(ctx, domain.SystemActor("unrecorded"), "kim@plenary.example", "198.51.100.2", limits); err == nil {
		t.Error("recorded a failure whose audit row failed")
	}
	if got := count(t, db, "login_failures", "TRUE"); got != before {
		t.Errorf("%d failure rows, want %d", got, before)
	}
}

// TestSecret: the first caller makes the key, every later one (another server) gets it.
func TestSecret(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := testdb.New(t)
	keys := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k, err := store.New(db).Secret(ctx, "csrf", 32)
			if err != nil {
				t.Error(err)
			}
			keys[i] = k
		}()
	}
	wg.Wait()
	for i, k := range keys {
		if len(k) != 32 || !bytes.Equal(k, keys[0]) {
			t.Errorf("key %d = %x, want the same 32 bytes as key 0 (%x)", i, k, keys[0])
		}
	}
	other, err := store.New(db).Secret(ctx, "other", 32)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(other, keys[0]) {
		t.Error("two secrets share a key")
	}
}
