package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

// TestRenameTwiceInADay: a second rename on the same day keeps the name that was in use
// until then, not the one that lived for a few hours.
func TestRenameTwiceInADay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := testdb.New(t)
	s := store.New(db)
	seoul, _ := time.LoadLocation("Asia/Seoul")
	m, err := s.CreateMinistry(ctx, testActor, domain.MinistryInput{Code: "MOE", NameEN: "Ministry of Education", NameKO: "교육부"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Ministry of Typos", "Ministry of Education and Research"} {
		in := domain.MinistryInput{Code: "MOE", NameEN: name, NameKO: "교육연구부", Renamed: true, Version: m.Version}
		if m, err = s.UpdateMinistry(ctx, testActor, m.ID, in, seoul); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := m.NameOn(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), "en"), "Ministry of Education"; got != want {
		t.Errorf("name in 2020 %q, want %q", got, want)
	}
}
