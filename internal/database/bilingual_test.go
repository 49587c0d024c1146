package database_test

import (
	"context"
	"testing"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"

	"github.com/kncu/plenary/internal/database"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/migrations"
)

// bilingualMigration is the first migration that keeps titles, background and key points
// in two languages.
const bilingualMigration = "20261202000001"

// TestBilingualMigration: on a database written before records had two languages, the
// one session title and the one background and key points of every revision move into
// the language they are written in (Hangul makes Korean), nothing is lost, and rolling
// back brings the one text back.
func TestBilingualMigration(t *testing.T) {
	ctx := context.Background()
	db, _ := testdb.Empty(t)

	// The schema as it was before.
	before := migrate.NewMigrations()
	for _, m := range migrations.Migrations.Sorted() {
		if m.Name < bilingualMigration {
			before.Add(m)
		}
	}
	m := migrate.NewMigrator(db, before)
	if err := m.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Migrate(ctx); err != nil {
		t.Fatal(err)
	}

	// Old-shaped rows: a Korean and an English session title, a revision with Korean
	// background and English key points, and one with neither.
	const (
		titleKO = "제220차 집행이사회"
		titleEN = "220th session of the Executive Board"
		bgKO    = "우리나라는 2024년 준비도 평가를 완료함.\n둘째 줄"
		kpEN    = "- Welcome the report.\n- Ask for indicators."
	)
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) (err error) {
		exec := func(q string, args ...any) {
			if err == nil {
				_, err = tx.ExecContext(ctx, q, args...)
			}
		}
		exec(`INSERT INTO bodies (id, code, name_en, name_ko) VALUES (1, 'EX', 'Executive Board', '집행이사회')`)
		exec(`INSERT INTO sessions (id, body_id, number, code, title, starts_on, ends_on)
			VALUES (1, 1, 220, '220 EX', ?, '2024-10-09', '2024-10-23'), (2, 1, 221, '221 EX', ?, '2025-04-02', '2025-04-16')`, titleKO, titleEN)
		exec(`INSERT INTO agenda_items (id, session_id, number, sort_key, title_en) VALUES (1, 1, '5', '5', 'Item'), (2, 1, '6', '6', 'Item')`)
		exec(`INSERT INTO briefs (id, item_id, current_revision_id) VALUES (1, 1, 1), (2, 2, 2)`)
		exec(`INSERT INTO brief_revisions (id, brief_id, number, author, stance, summary_en, background, key_points)
			VALUES (1, 1, 1, 'Kim', 'support', 'Support.', ?, ?), (2, 2, 1, 'Kim', 'neutral', 'Neutral.', '', '')`, bgKO, kpEN)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	if err := database.Migrate(ctx, db, quiet); err != nil {
		t.Fatal(err)
	}
	var ses []struct {
		ID      int64  `bun:"id"`
		TitleKO string `bun:"title_ko"`
		TitleEN string `bun:"title_en"`
	}
	if err := db.NewRaw("SELECT id, title_ko, title_en FROM sessions ORDER BY id").Scan(ctx, &ses); err != nil {
		t.Fatal(err)
	}
	if len(ses) != 2 || ses[0].TitleKO != titleKO || ses[0].TitleEN != "" || ses[1].TitleKO != "" || ses[1].TitleEN != titleEN {
		t.Errorf("sessions after the migration %+v, want %q in Korean and %q in English", ses, titleKO, titleEN)
	}
	var revs []struct {
		BackgroundKO string `bun:"background_ko"`
		BackgroundEN string `bun:"background_en"`
		KeyPointsKO  string `bun:"key_points_ko"`
		KeyPointsEN  string `bun:"key_points_en"`
	}
	if err := db.NewRaw("SELECT background_ko, background_en, key_points_ko, key_points_en FROM brief_revisions ORDER BY id").Scan(ctx, &revs); err != nil {
		t.Fatal(err)
	}
	if len(revs) != 2 || revs[0].BackgroundKO != bgKO || revs[0].BackgroundEN != "" || revs[0].KeyPointsKO != "" || revs[0].KeyPointsEN != kpEN ||
		revs[1] != (struct {
			BackgroundKO string `bun:"background_ko"`
			BackgroundEN string `bun:"background_en"`
			KeyPointsKO  string `bun:"key_points_ko"`
			KeyPointsEN  string `bun:"key_points_en"`
		}{}) {
		t.Errorf("revisions after the migration %+v, want the background in Korean and the key points in English", revs)
	}
	// Revisions are still history: the application cannot change them.
	if _, err := db.ExecContext(ctx, "UPDATE brief_revisions SET background_en = 'x' WHERE id = 1"); err == nil {
		t.Error("a revision was changed after the migration: its guard is off")
	}
	// A session needs a title in one language at least.
	if _, err := db.ExecContext(ctx, "UPDATE sessions SET title_ko = '', title_en = ' ' WHERE id = 1"); err == nil {
		t.Error("a session was left without any title")
	}

	t.Run("SameRuleAsDomain", func(t *testing.T) {
		for _, s := range []string{"Executive Board", "집행이사회", "UNESCO 집행이사회", "ㄱ", "ᄀ", "ﾡ", "東京", "Réunion", ""} {
			var got bool
			if err := db.NewRaw("SELECT has_hangul(?)", s).Scan(ctx, &got); err != nil {
				t.Fatal(err)
			}
			if want := domain.HasHangul(s); got != want {
				t.Errorf("has_hangul(%q) = %v, domain.HasHangul = %v", s, got, want)
			}
		}
	})

	t.Run("Rollback", func(t *testing.T) {
		if err := database.Rollback(ctx, db, quiet); err != nil {
			t.Fatal(err)
		}
		var titles []string
		if err := db.NewRaw("SELECT title FROM sessions ORDER BY id").Scan(ctx, &titles); err != nil {
			t.Fatal(err)
		}
		if len(titles) != 2 || titles[0] != titleKO || titles[1] != titleEN {
			t.Errorf("titles after rollback %q", titles)
		}
		var bg, kp string
		if err := db.NewRaw("SELECT background, key_points FROM brief_revisions WHERE id = 1").Scan(ctx, &bg, &kp); err != nil {
			t.Fatal(err)
		}
		if bg != bgKO || kp != kpEN {
			t.Errorf("after rollback background %q and key points %q, want them back", bg, kp)
		}
	})
}
