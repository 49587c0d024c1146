// Package migrations holds Plenary's database schema as SQL files, embedded in the binary
// so that `plenary migrate up` and `plenary serve` need nothing beside the executable.
//
// A migration that has shipped is never edited: a change to the schema is a new file.
package migrations

import (
	"embed"

	"github.com/uptrace/bun/migrate"
)

//go:embed *.sql
var files embed.FS

// Migrations lists every migration of the schema, in the order of their timestamps.
var Migrations = migrate.NewMigrations()

func init() {
	if err := Migrations.Discover(files); err != nil {
		panic(err)
	}
}
