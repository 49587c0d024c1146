package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// TestSaveCoverageMatrix: the coverage matrix of a delegation is saved whole, one audit
// row per member whose items changed, or not at all when a member's coverage changed
// meanwhile; items the matrix did not show keep their coverage.
func TestSaveCoverageMatrix(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, db := demoStore(t)
	ses := session(t, s, "226 EX")
	ms, err := s.Members(ctx, all, ses.ID)
	if err != nil {
		t.Fatal(err)
	}
	items, err := s.AgendaItems(ctx, all, ses.ID, domain.AgendaFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 3 || len(items) < 4 {
		t.Fatalf("226 EX has %d members and %d items, want at least 3 and 4", len(ms), len(items))
	}
	var shown []int64
	for _, it := range items {
		shown = append(shown, it.ID)
	}
	covers := func(id int64) []int64 {
		var got []int64
		if err := db.NewSelect().Table("coverage").Column("item_id").Where("member_id = ?", id).Order("item_id").Scan(ctx, &got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	version := func(id int64) int {
		m, err := s.Member(ctx, all, id)
		if err != nil {
			t.Fatal(err)
		}
		return m.Version
	}
	audits := func() int {
		n, err := db.NewSelect().Table("audit_log").Where("entity = 'delegation_member' AND action = 'cover' AND entity_id IN (?)",
			bun.List(memberIDs(ms))).Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	// read is the matrix as the page shows it now: every member with their items.
	read := func() domain.CoverageMatrix {
		m := domain.CoverageMatrix{Shown: shown}
		for _, mem := range ms {
			m.Members = append(m.Members, domain.MemberCoverage{MemberID: mem.ID, Version: version(mem.ID), Items: covers(mem.ID)})
		}
		return m
	}
	a, b, c := ms[0].ID, ms[1].ID, ms[2].ID

	t.Run("OK", func(t *testing.T) {
		m := read()
		before := audits()
		m.Members[0].Items = []int64{items[0].ID, items[1].ID}
		m.Members[1].Items = nil
		n, err := s.SaveCoverageMatrix(ctx, testActor, ses.ID, m)
		if err != nil || n != 2 {
			t.Fatalf("changed %d, %v; want 2", n, err)
		}
		if got, want := covers(a), sortedIDs(items[0].ID, items[1].ID); !slices.Equal(got, want) {
			t.Errorf("member a covers %v, want %v", got, want)
		}
		if got := covers(b); len(got) != 0 {
			t.Errorf("member b covers %v, want nothing", got)
		}
		if got := audits() - before; got != 2 {
			t.Errorf("%d audit rows, want 2 (one per member changed)", got)
		}
	})

	t.Run("Unchanged", func(t *testing.T) {
		before := audits()
		n, err := s.SaveCoverageMatrix(ctx, testActor, ses.ID, read())
		if err != nil || n != 0 || audits() != before {
			t.Fatalf("changed %d, %v, %d audit rows; want nothing", n, err, audits()-before)
		}
	})

	t.Run("ErrStale", func(t *testing.T) {
		m := read() // the page as one person read it
		// Meanwhile someone else gives member c another item on c's own page.
		extra := slices.IndexFunc(items, func(it domain.AgendaItem) bool {
			return it.ID != items[2].ID && !slices.Contains(covers(c), it.ID)
		})
		if extra < 0 || slices.Contains(covers(c), items[2].ID) {
			t.Fatalf("member c covers %v: no item left to give them", covers(c))
		}
		if err := s.SetCoverage(ctx, testActor, c, version(c), append(covers(c), items[extra].ID)); err != nil {
			t.Fatal(err)
		}
		cNow, aBefore := covers(c), covers(a)
		before := audits()
		m.Members[0].Items = []int64{items[2].ID}                    // a: changed by this person
		m.Members[2].Items = append(m.Members[2].Items, items[2].ID) // c: changed by both
		_, err := s.SaveCoverageMatrix(ctx, testActor, ses.ID, m)
		var changed *domain.MembersChangedError
		if !errors.As(err, &changed) || !slices.Equal(changed.IDs, []int64{c}) {
			t.Fatalf("error %v, want member c named as changed", err)
		}
		if !isStale(err) {
			t.Errorf("error %v, want a stale-version conflict", err)
		}
		if !slices.Equal(covers(a), aBefore) || !slices.Equal(covers(c), cNow) {
			t.Error("a refused matrix was saved in part")
		}
		if got := audits(); got != before {
			t.Errorf("%d audit rows written by a refused matrix", got-before)
		}
	})

	t.Run("ItemsNotShownKept", func(t *testing.T) {
		m := read()
		keep := covers(c)
		m.Shown = shown[:1] // a page read before the other items were added
		m.Members = m.Members[2:3]
		m.Members[0].Items = []int64{shown[0]}
		if _, err := s.SaveCoverageMatrix(ctx, testActor, ses.ID, m); err != nil {
			t.Fatal(err)
		}
		want := sortedIDs(append(slices.DeleteFunc(slices.Clone(keep), func(id int64) bool { return id == shown[0] }), shown[0])...)
		if got := covers(c); !slices.Equal(got, want) {
			t.Errorf("member c covers %v, want %v", got, want)
		}
	})

	t.Run("ErrItemOfAnotherSession", func(t *testing.T) {
		other, err := s.AgendaItems(ctx, all, session(t, s, "220 EX").ID, domain.AgendaFilter{})
		if err != nil {
			t.Fatal(err)
		}
		m := read()
		m.Shown = append(m.Shown, other[0].ID)
		m.Members[0].Items = []int64{other[0].ID}
		before := covers(a)
		_, err = s.SaveCoverageMatrix(ctx, testActor, ses.ID, m)
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("error %v, want EINVALID", err)
		}
		if !slices.Equal(covers(a), before) {
			t.Error("a refused matrix was saved")
		}
	})

	t.Run("ErrMemberOfAnotherSession", func(t *testing.T) {
		others, err := s.Members(ctx, all, session(t, s, "48 WHC").ID)
		if err != nil {
			t.Fatal(err)
		}
		m := read()
		m.Members = append(m.Members, domain.MemberCoverage{MemberID: others[0].ID, Version: others[0].Version, Items: shown[:1]})
		_, err = s.SaveCoverageMatrix(ctx, testActor, ses.ID, m)
		var changed *domain.MembersChangedError
		if !errors.As(err, &changed) || !slices.Equal(changed.IDs, []int64{others[0].ID}) {
			t.Fatalf("error %v, want the other delegation's member refused", err)
		}
		if got := covers(others[0].ID); slices.Contains(got, shown[0]) {
			t.Error("a member of another delegation was given an item of this session")
		}
	})
}

func sortedIDs(ids ...int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
