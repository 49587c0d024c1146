package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestMinistryNameOn checks that an old session reads the ministry's name of its day.
func TestMinistryNameOn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := testdb.New(t)
	s := store.New(db)
	m, err := s.CreateMinistry(ctx, testActor, domain.MinistryInput{Code: "KHS", NameEN: "Korea Heritage Service", NameKO: "국가유산청"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []domain.MinistryFormerName{
		{MinistryID: m.ID, NameEN: "Cultural Properties Administration", NameKO: "문화재관리국", UsedUntil: day("1999-05-23")},
		{MinistryID: m.ID, NameEN: "Cultural Heritage Administration", NameKO: "문화재청", UsedUntil: day("2024-05-16")},
	} {
		if err := s.AddFormerName(ctx, testActor, f); err != nil {
			t.Fatal(err)
		}
	}
	if m, err = s.Ministry(ctx, m.ID); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		day, lang, want string
	}{
		{"1990-01-01", "en", "Cultural Properties Administration"},
		{"1999-05-23", "ko", "문화재관리국"},
		{"1999-05-24", "ko", "문화재청"},
		{"2024-05-16", "en", "Cultural Heritage Administration"},
		{"2024-05-17", "en", "Korea Heritage Service"},
		{"2030-01-01", "ko", "국가유산청"},
	}
	for _, tt := range tests {
		t.Run(tt.day+"/"+tt.lang, func(t *testing.T) {
			if got := m.NameOn(day(tt.day), tt.lang); got != tt.want {
				t.Errorf("NameOn = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUpdateMinistry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := testdb.New(t)
	s := store.New(db)
	seoul, _ := time.LoadLocation("Asia/Seoul")
	m, err := s.CreateMinistry(ctx, testActor, domain.MinistryInput{Code: "MOE", NameEN: "Ministry of Education", NameKO: "교육부"})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("Renamed", func(t *testing.T) {
		in := domain.MinistryInput{Code: "MOE", NameEN: "Ministry of Education and Research", NameKO: "교육연구부", Renamed: true, Version: m.Version}
		got, err := s.UpdateMinistry(ctx, testActor, m.ID, in, seoul)
		if err != nil {
			t.Fatal(err)
		}
		today := domain.Today(time.Now(), seoul)
		if name := got.NameOn(today.AddDate(0, 0, -1), "en"); name != "Ministry of Education" {
			t.Errorf("name yesterday %q, want the former name", name)
		}
		if name := got.NameOn(today, "ko"); name != "교육연구부" {
			t.Errorf("name today %q, want the new name", name)
		}
	})

	t.Run("ErrStale", func(t *testing.T) {
		in := domain.MinistryInput{Code: "MOE", NameEN: "Ministry of Learning", NameKO: "학습부", Version: m.Version}
		_, err := s.UpdateMinistry(ctx, testActor, m.ID, in, seoul)
		if got, want := domain.ErrorCode(err), domain.ECONFLICT; got != want {
			t.Errorf("error %v, want code %s", err, want)
		}
	})
}
