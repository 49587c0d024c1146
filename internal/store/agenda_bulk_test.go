package store_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

// TestUpdateAgendaItems: a change to several items changes every one of them, each
// audited, or none.
func TestUpdateAgendaItems(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := testdb.NewDemo(t)
	s := store.New(db)
	var body, mofa int64
	if err := db.NewSelect().Table("bodies").Column("id").Where("code = 'EX'").Scan(ctx, &body); err != nil {
		t.Fatal(err)
	}
	if err := db.NewSelect().Table("ministries").Column("id").Where("code = 'MOFA'").Scan(ctx, &mofa); err != nil {
		t.Fatal(err)
	}
	newSession := func(n int) int64 {
		ses := &domain.Session{BodyID: body, Number: n, TitleEN: "A session of bulk changes",
			StartsOn: day("2027-10-06"), EndsOn: day("2027-10-20")}
		if err := s.CreateSession(ctx, testActor, ses); err != nil {
			t.Fatal(err)
		}
		return ses.ID
	}
	sid, other := newSession(230), newSession(231)
	newItem := func(sid int64, number string) int64 {
		it, err := s.CreateAgendaItem(ctx, testActor, sid, domain.AgendaItemInput{Number: number, TitleEN: "Item " + number,
			Priority: "normal", Status: "new"})
		if err != nil {
			t.Fatal(err)
		}
		return it.ID
	}
	read := func(id int64) *domain.AgendaItem {
		it, err := s.AgendaItem(ctx, domain.Scope{All: true}, id)
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
	at := func(ids ...int64) []domain.ItemVersion {
		var out []domain.ItemVersion
		for _, id := range ids {
			out = append(out, domain.ItemVersion{ID: id, Version: read(id).Version})
		}
		return out
	}
	audits := func(ids ...int64) int {
		n, err := db.NewSelect().Table("audit_log").Where("entity = 'agenda_item' AND action = 'update' AND entity_id IN (?)",
			bun.List(ids)).Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	a, b, c := newItem(sid, "1"), newItem(sid, "2"), newItem(sid, "3")

	t.Run("OK", func(t *testing.T) {
		n, err := s.UpdateAgendaItems(ctx, testActor, sid, domain.AgendaItemsChange{Items: at(a, b),
			LeadMinistryID: mofa, Status: domain.ItemReady})
		if err != nil || n != 2 {
			t.Fatalf("changed %d, %v; want 2", n, err)
		}
		for _, id := range []int64{a, b} {
			it := read(id)
			if it.LeadMinistryID == nil || *it.LeadMinistryID != mofa || it.Status != domain.ItemReady || it.Priority != domain.PriorityNormal {
				t.Errorf("item %s: lead %v, status %s, priority %s", it.Number, it.LeadMinistryID, it.Status, it.Priority)
			}
			if got := audits(id); got != 1 {
				t.Errorf("item %s: %d audit rows, want 1", it.Number, got)
			}
		}
	})

	t.Run("ErrStale", func(t *testing.T) {
		items := at(a, b, c)
		items[1].Version-- // item 2 as it was before the change above
		before := audits(a, b, c)
		_, err := s.UpdateAgendaItems(ctx, testActor, sid, domain.AgendaItemsChange{Items: items, Priority: domain.PriorityHigh})
		var changed *domain.ItemsChangedError
		if !errors.As(err, &changed) || !slices.Equal(changed.Numbers, []string{"2"}) {
			t.Fatalf("error %v, want item 2 named as changed", err)
		}
		wantError(t, err, domain.ECONFLICT, "error.stale")
		for _, id := range []int64{a, b, c} {
			if read(id).Priority == domain.PriorityHigh {
				t.Errorf("item %s changed with a stale item in the change", read(id).Number)
			}
		}
		if got := audits(a, b, c); got != before {
			t.Errorf("%d audit rows written by a refused change", got-before)
		}
	})

	t.Run("ErrItemOfAnotherSession", func(t *testing.T) {
		elsewhere := newItem(other, "9")
		_, err := s.UpdateAgendaItems(ctx, testActor, sid, domain.AgendaItemsChange{Items: at(c, elsewhere), Priority: domain.PriorityLow})
		wantError(t, err, domain.ENOTFOUND, "error.not_found")
		if read(c).Priority == domain.PriorityLow || read(elsewhere).Priority == domain.PriorityLow {
			t.Error("a refused change was saved")
		}
	})

	t.Run("ErrUnknownMinistry", func(t *testing.T) {
		_, err := s.UpdateAgendaItems(ctx, testActor, sid, domain.AgendaItemsChange{Items: at(c), LeadMinistryID: 987654})
		if domain.ErrorFields(err)["lead_ministry_id"] != "error.unknown_ministry" {
			t.Fatalf("error %v, want the lead ministry refused", err)
		}
	})

	// Changes of the same items, ticked in different orders, at once: one goes through,
	// the others are told the items changed; none deadlocks.
	t.Run("Concurrently", func(t *testing.T) {
		items := at(a, b, c)
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			order := slices.Clone(items)
			if i%2 == 1 {
				slices.Reverse(order)
			}
			wg.Go(func() {
				_, errs[i] = s.UpdateAgendaItems(ctx, testActor, sid, domain.AgendaItemsChange{Items: order, Status: domain.ItemDecided})
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case domain.ErrorCode(err) != domain.ECONFLICT:
				t.Errorf("error %v, want a conflict", err)
			}
		}
		if won != 1 {
			t.Errorf("%d changes went through, want 1", won)
		}
	})
}
