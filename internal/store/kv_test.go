package store_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/testtool"
)

func TestKV(t *testing.T) {
	t.Parallel()
	db, _ := testdb.New(t)
	clock := testtool.NewClock(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	kv := store.NewKV(db, "login_sessions", 0, clock.Now)
	t.Cleanup(func() { kv.Close() })

	get := func(t *testing.T, key string) []byte {
		t.Helper()
		v, err := kv.Get(key)
		if err != nil {
			t.Fatalf("get %s: %v", key, err)
		}
		return v
	}
	set := func(t *testing.T, key, val string, exp time.Duration) {
		t.Helper()
		if err := kv.Set(key, []byte(val), exp); err != nil {
			t.Fatalf("set %s: %v", key, err)
		}
	}

	t.Run("SetGet", func(t *testing.T) {
		set(t, "a", "first", 0)
		set(t, "a", "second", time.Hour)
		if got, want := get(t, "a"), []byte("second"); !bytes.Equal(got, want) {
			t.Errorf("get a = %q, want %q", got, want)
		}
	})

	t.Run("Missing", func(t *testing.T) {
		for _, key := range []string{"never-set", ""} {
			if got := get(t, key); got != nil {
				t.Errorf("get %q = %q, want nil", key, got)
			}
		}
	})

	t.Run("Delete", func(t *testing.T) {
		set(t, "b", "value", 0)
		if err := kv.Delete("b"); err != nil {
			t.Fatal(err)
		}
		if got := get(t, "b"); got != nil {
			t.Errorf("get b after delete = %q, want nil", got)
		}
		if err := kv.Delete("b"); err != nil {
			t.Errorf("deleting a missing key: %v", err)
		}
	})

	t.Run("Expired", func(t *testing.T) {
		set(t, "c", "value", time.Minute)
		clock.Advance(time.Minute - time.Second)
		if got, want := get(t, "c"), []byte("value"); !bytes.Equal(got, want) {
			t.Errorf("get c a second before it expires = %q, want %q", got, want)
		}
		clock.Advance(time.Second)
		if got := get(t, "c"); got != nil {
			t.Errorf("get c when it expired = %q, want nil", got)
		}
	})

	t.Run("Reset", func(t *testing.T) {
		set(t, "d", "value", 0)
		set(t, "e", "value", time.Hour)
		if err := kv.Reset(); err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"a", "d", "e"} {
			if got := get(t, key); got != nil {
				t.Errorf("get %s after reset = %q, want nil", key, got)
			}
		}
	})
}

// TestKVSweep checks that expired rows are deleted from the table, not only hidden. The
// rows expire on the storage's clock; the sweeper runs on a real ticker.
func TestKVSweep(t *testing.T) {
	t.Parallel()
	db, _ := testdb.New(t)
	clock := testtool.NewClock(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	kv := store.NewKV(db, "rate_limits", 20*time.Millisecond, clock.Now)
	t.Cleanup(func() { kv.Close() })
	if err := kv.Set("old", []byte("value"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := kv.Set("new", []byte("value"), time.Hour); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Minute)
	rows := func() int {
		n, err := db.NewSelect().Table("rate_limits").Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	deadline := time.Now().Add(5 * time.Second)
	for rows() != 1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got, want := rows(), 1; got != want {
		t.Errorf("%d rows, want %d: the expired one swept, the other kept", got, want)
	}
}
