package store

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/kncu/plenary/internal/domain"
)

// HashConfig says how passwords are hashed and how many hashes may run at once.
type HashConfig struct {
	// Params are argon2id's costs for new hashes; nil means argon2id.DefaultParams
	// (64 MiB, one pass), Plenary's production setting. A stored hash is always verified
	// with the costs written in it.
	Params *argon2id.Params
	// Workers is how many hashes run at once; 0 means one per core. Each holds the
	// hash's memory (64 MiB in production) while it runs, so this bounds the memory that
	// logins can take.
	Workers int
	// Wait is how long a hash may queue for a worker before the request is refused as
	// busy; 0 means 30 seconds.
	Wait time.Duration
}

// CheapHashParams cost almost nothing: for tests, which hash a password for every
// fixture account and every login.
var CheapHashParams = &argon2id.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// Hasher hashes and verifies passwords through a bounded pool, so that a burst of logins
// queues for a few workers instead of taking 64 MiB each at once.
type Hasher struct {
	params *argon2id.Params
	slots  chan struct{}
	wait   time.Duration
	// dummy is compared against when no user has the e-mail typed, so that a failed
	// login takes as long whether or not the account exists. It is made on first use:
	// a process that never sees such a login (every command but serve) never pays for it.
	dummy func() (string, error)
}

// ErrBusy is returned when a password could not be hashed in time because every worker
// was taken: the person is asked to try again shortly.
var ErrBusy = domain.Errorf(domain.EUNAVAILABLE, "error.busy")

// NewHasher returns a hasher with the given settings.
func NewHasher(cfg HashConfig) *Hasher {
	if cfg.Params == nil {
		cfg.Params = argon2id.DefaultParams
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Wait <= 0 {
		cfg.Wait = 30 * time.Second
	}
	h := &Hasher{params: cfg.Params, slots: make(chan struct{}, cfg.Workers), wait: cfg.Wait}
	h.dummy = sync.OnceValues(func() (string, error) {
		return argon2id.CreateHash("plenary-no-such-user", h.params)
	})
	return h
}

var defaultHasher atomic.Pointer[Hasher]

// DefaultHasher returns the hasher of stores made by New: production costs, one worker
// per core. It is made on first use, not at start-up.
func DefaultHasher() *Hasher {
	if h := defaultHasher.Load(); h != nil {
		return h
	}
	defaultHasher.CompareAndSwap(nil, NewHasher(HashConfig{}))
	return defaultHasher.Load()
}

// SetDefaultHasher replaces the hasher of stores made by New from now on: test rigs use
// it to hash with CheapHashParams.
func SetDefaultHasher(h *Hasher) { defaultHasher.Store(h) }

// acquire takes a worker, once one is free within the hasher's wait.
func (h *Hasher) acquire(ctx context.Context) (release func(), err error) {
	select {
	case h.slots <- struct{}{}:
	default:
		t := time.NewTimer(h.wait)
		defer t.Stop()
		select {
		case h.slots <- struct{}{}:
		case <-t.C:
			return nil, ErrBusy
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, ErrBusy // still queued when the request's time ran out
			}
			return nil, fmt.Errorf("store: waiting to hash a password: %w", ctx.Err())
		}
	}
	return func() { <-h.slots }, nil
}

// run runs fn on a worker. After a hash of production cost it collects the garbage at
// once: each hash leaves 64 MiB behind, and waiting for the collector's own pace would
// let the heap grow to twice what the workers hold before the memory is used again.
func (h *Hasher) run(ctx context.Context, fn func()) error {
	release, err := h.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	fn()
	if h.params.Memory >= collectAbove {
		runtime.GC()
	}
	return nil
}

// collectAbove is the hash memory (in KiB, as argon2id counts it) from which run collects
// the garbage after each hash.
const collectAbove = 8 << 10

// Occupy takes a worker until release is called, as a long hash would: for tests of what
// a busy server answers.
func (h *Hasher) Occupy(ctx context.Context) (release func(), err error) { return h.acquire(ctx) }

// Hash returns the argon2id hash of password.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	var hash string
	var err error
	if rerr := h.run(ctx, func() { hash, err = argon2id.CreateHash(password, h.params) }); rerr != nil {
		return "", rerr
	}
	if err != nil {
		return "", fmt.Errorf("store: hash password: %w", err)
	}
	return hash, nil
}

// Verify reports whether password matches hash. An empty hash (no such user) is
// compared against a dummy hash of the same cost, and never matches.
func (h *Hasher) Verify(ctx context.Context, password, hash string) (bool, error) {
	var ok bool
	err := h.run(ctx, func() {
		against := hash
		if against == "" {
			dummy, err := h.dummy()
			if err != nil {
				return
			}
			against = dummy
		}
		match, err := argon2id.ComparePasswordAndHash(password, against)
		ok = err == nil && match && hash != ""
	})
	return ok, err
}
