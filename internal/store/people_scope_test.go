package store_test

import (
	"context"
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

// TestPeopleScope: the list of people, with their contact details, is staff's. Through any
// other scope (a liaison's, a delegate's, nobody's) a person is not found and the lists
// are empty, whatever the id or the search.
func TestPeopleScope(t *testing.T) {
	t.Parallel()
	s, _ := demoStore(t)
	ctx := context.Background()
	p := person(t, s, "Scoped Person")
	ses := session(t, s, "226 EX")
	if got, err := s.Person(ctx, all, p.ID); err != nil || got.ID != p.ID {
		t.Fatalf("staff: person %v, %v", got, err)
	}
	for name, sc := range map[string]domain.Scope{
		"Liaison":  {MinistryID: 1},
		"Delegate": {UserID: 1},
		"Nobody":   {},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := s.Person(ctx, sc, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Errorf("Person: %v, want ENOTFOUND", err)
			}
			if ps, _, err := s.People(ctx, sc, "", 0, 0); err != nil || len(ps) != 0 {
				t.Errorf("People: %d people, %v; want none", len(ps), err)
			}
			if ps, err := s.Candidates(ctx, sc, ses); err != nil || len(ps) != 0 {
				t.Errorf("Candidates: %d people, %v; want none", len(ps), err)
			}
		})
	}
}
