package store

import (
	"context"
	"crypto/rand"
	"fmt"
)

// Secret returns the key of the given name that every server shares, making it at random
// (size bytes) when no server has yet.
func (s *Store) Secret(ctx context.Context, name string, size int) ([]byte, error) {
	key := make([]byte, size)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	if _, err := s.db.NewRaw("INSERT INTO secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
		name, key, s.now()).Exec(ctx); err != nil {
		return nil, dbError("secret", err)
	}
	var value []byte
	if err := s.db.NewRaw("SELECT value FROM secrets WHERE name = ?", name).Scan(ctx, &value); err != nil {
		return nil, dbError("secret", err)
	}
	return value, nil
}
