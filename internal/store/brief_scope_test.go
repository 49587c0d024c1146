package store_test

import (
	"context"
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

// TestBriefScope: a liaison of a ministry not involved and a delegate not on the
// delegation read nothing; a delegate on the delegation reads final briefs only, in
// pages as in search.
func TestBriefScope(t *testing.T) {
	t.Parallel()
	r := newBriefRig(t)
	ctx := context.Background()
	b := r.save("Confidential draft position on documentary heritage.")
	var delegate, mcst int64
	if err := r.db.NewSelect().Table("users").Column("id").Where("email = 'delegate@plenary.example'").Scan(ctx, &delegate); err != nil {
		t.Fatal(err)
	}
	if err := r.db.NewSelect().Table("ministries").Column("id").Where("code = 'MCST'").Scan(ctx, &mcst); err != nil {
		t.Fatal(err)
	}
	var (
		staff        = domain.BriefScope{Scope: domain.Scope{All: true}}
		moe          = domain.BriefScope{Scope: domain.Scope{MinistryID: r.moeID}}
		otherLiaison = domain.BriefScope{Scope: domain.Scope{MinistryID: mcst}}
		dele         = domain.BriefScope{Scope: domain.Scope{UserID: delegate}, FinalOnly: true}
	)
	check := func(t *testing.T, bsc domain.BriefScope, want bool) {
		t.Helper()
		_, err := r.s.Brief(ctx, bsc, r.item)
		if got := err == nil; got != want {
			t.Errorf("Brief: error %v, want found %v", err, want)
		}
		hits, err := r.s.SearchBriefs(ctx, bsc, "documentary heritage")
		if err != nil {
			t.Fatal(err)
		}
		if got := len(hits) == 1; got != want {
			t.Errorf("SearchBriefs found %d, want found %v", len(hits), want)
		}
		rows, err := r.s.Briefs(ctx, bsc, domain.BriefFilter{SessionID: 0})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, row := range rows {
			found = found || row.ID == r.item
		}
		if found != want {
			t.Errorf("Briefs lists the item: %v, want %v", found, want)
		}
	}
	t.Run("StaffDraft", func(t *testing.T) { check(t, staff, true) })
	t.Run("InvolvedLiaisonDraft", func(t *testing.T) { check(t, moe, true) })
	t.Run("OtherLiaison", func(t *testing.T) { check(t, otherLiaison, false) })
	t.Run("DelegateNotOnDelegation", func(t *testing.T) { check(t, dele, false) })

	// The delegate joins the session's delegation.
	_, err := r.db.ExecContext(ctx, `WITH p AS (INSERT INTO people (name_en, user_id) VALUES ('Choi Minsu', ?)
			ON CONFLICT (user_id) WHERE user_id IS NOT NULL DO UPDATE SET updated_at = now() RETURNING id)
		INSERT INTO delegation_members (session_id, person_id, role)
		SELECT i.session_id, p.id, 'delegate' FROM agenda_items i, p WHERE i.id = ?`, delegate, r.item)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("DelegateDraft", func(t *testing.T) { check(t, dele, false) })
	if _, err := r.s.SubmitBrief(ctx, r.staff, r.item, at(b, "")); err != nil {
		t.Fatal(err)
	}
	t.Run("DelegateInReview", func(t *testing.T) { check(t, dele, false) })
	if err := r.s.ApproveBrief(ctx, r.staff, r.item, at(r.brief(), "Both ministries agreed by telephone."), true); err != nil {
		t.Fatal(err)
	}
	t.Run("DelegateApproved", func(t *testing.T) { check(t, dele, false) })
	if err := r.s.FinaliseBrief(ctx, r.staff, r.item, at(r.brief(), "")); err != nil {
		t.Fatal(err)
	}
	t.Run("DelegateFinal", func(t *testing.T) { check(t, dele, true) })
	t.Run("OtherLiaisonFinal", func(t *testing.T) { check(t, otherLiaison, false) })
}
