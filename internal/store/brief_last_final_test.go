package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
)

// TestLastFinalBrief: when staff reopen a final brief, a delegate goes on reading its
// last final text, marked as under revision since the reopening, in the item's brief,
// the lists, search and the pack; never any of the new draft. A new final text replaces
// it and the mark goes.
func TestLastFinalBrief(t *testing.T) {
	t.Parallel()
	r := newBriefRig(t)
	ctx := context.Background()
	r.save("Final position: support the safeguarding programme.")
	var delegate int64
	if err := r.db.NewSelect().Table("users").Column("id").Where("email = 'delegate@plenary.example'").Scan(ctx, &delegate); err != nil {
		t.Fatal(err)
	}
	_, err := r.db.ExecContext(ctx, `WITH p AS (INSERT INTO people (name_en, user_id) VALUES ('Choi Minsu', ?)
			ON CONFLICT (user_id) WHERE user_id IS NOT NULL DO UPDATE SET updated_at = now() RETURNING id)
		INSERT INTO delegation_members (session_id, person_id, role)
		SELECT i.session_id, p.id, 'delegate' FROM agenda_items i, p WHERE i.id = ?`, delegate, r.item)
	if err != nil {
		t.Fatal(err)
	}
	dele := domain.BriefScope{Scope: domain.Scope{UserID: delegate}, FinalOnly: true}
	if _, err := r.s.SubmitBrief(ctx, r.staff, r.item, at(r.brief(), "")); err != nil {
		t.Fatal(err)
	}
	if err := r.s.ApproveBrief(ctx, r.staff, r.item, at(r.brief(), "Agreed by telephone."), true); err != nil {
		t.Fatal(err)
	}
	if err := r.s.FinaliseBrief(ctx, r.staff, r.item, at(r.brief(), "")); err != nil {
		t.Fatal(err)
	}
	final := r.brief().Current

	// read checks what the delegate reads everywhere: the text, and whether it is marked.
	read := func(t *testing.T, wantText string, wantMarked bool, never string) {
		t.Helper()
		b, err := r.s.Brief(ctx, dele, r.item)
		if err != nil {
			t.Fatalf("Brief: %v", err)
		}
		if b.Status != domain.BriefFinal || b.Current.SummaryEN != wantText {
			t.Errorf("Brief: %s %q, want final %q", b.Status, b.Current.SummaryEN, wantText)
		}
		if got := b.ReopenedAt != nil; got != wantMarked {
			t.Errorf("Brief marked under revision: %v, want %v", got, wantMarked)
		}
		rows, err := r.s.Briefs(ctx, dele, domain.BriefFilter{Statuses: []domain.BriefStatus{domain.BriefFinal}})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, row := range rows {
			if row.ID != r.item {
				continue
			}
			found = true
			if row.SummaryEN != wantText || row.BriefStatus != domain.BriefFinal || (row.UnderRevisionSince != nil) != wantMarked {
				t.Errorf("Briefs row: %s %q marked %v, want final %q marked %v", row.BriefStatus, row.SummaryEN, row.UnderRevisionSince != nil, wantText, wantMarked)
			}
			if row.Reviewers != 0 {
				t.Errorf("Briefs row shows the delegate %d reviewers", row.Reviewers)
			}
		}
		if !found {
			t.Error("the list of final briefs leaves the item out")
		}
		if hits, _ := r.s.SearchBriefs(ctx, dele, strings.TrimSuffix(wantText, ".")); len(hits) != 1 {
			t.Errorf("search for the final text found %d", len(hits))
		}
		if never != "" {
			if hits, _ := r.s.SearchBriefs(ctx, dele, never); len(hits) != 0 {
				t.Errorf("search for the draft's words found %d", len(hits))
			}
		}
		ses, err := r.s.Session(ctx, domain.Scope{All: true}, r.sessionID())
		if err != nil {
			t.Fatal(err)
		}
		src, err := r.s.NewPackSource(ses, domain.PackDelegate, dele, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		var pos []exports.PositionRow
		if err := src.Positions(ctx, func(p exports.PositionRow) error { pos = append(pos, p); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(pos) != 1 || pos[0].SummaryEN != wantText || pos[0].Status != string(domain.BriefFinal) || (pos[0].UnderRevisionSince != nil) != wantMarked {
			t.Errorf("pack positions %+v, want the final %q marked %v", pos, wantText, wantMarked)
		}
		if never != "" && len(pos) == 1 && strings.Contains(pos[0].SummaryEN+pos[0].KeyPointsEN+pos[0].KeyPointsKO, never) {
			t.Error("the pack carries the draft")
		}
	}
	t.Run("Final", func(t *testing.T) { read(t, final.SummaryEN, false, "") })

	if _, err := r.s.ReopenBrief(ctx, r.staff, r.item, at(r.brief(), "The Secretariat revised its report.")); err != nil {
		t.Fatal(err)
	}
	r.save("Draft under discussion: abstain on paragraph 4.")
	t.Run("Reopened", func(t *testing.T) { read(t, final.SummaryEN, true, "abstain on paragraph 4") })

	if _, err := r.s.SubmitBrief(ctx, r.staff, r.item, at(r.brief(), "")); err != nil {
		t.Fatal(err)
	}
	if err := r.s.ApproveBrief(ctx, r.staff, r.item, at(r.brief(), "Agreed again."), true); err != nil {
		t.Fatal(err)
	}
	t.Run("ApprovedNotYetFinal", func(t *testing.T) { read(t, final.SummaryEN, true, "abstain on paragraph 4") })
	if err := r.s.FinaliseBrief(ctx, r.staff, r.item, at(r.brief(), "")); err != nil {
		t.Fatal(err)
	}
	t.Run("NewFinal", func(t *testing.T) { read(t, "Draft under discussion: abstain on paragraph 4.", false, "") })
}

// sessionID is the session of the rig's item.
func (r *briefRig) sessionID() int64 {
	r.t.Helper()
	var id int64
	if err := r.db.NewSelect().Table("agenda_items").Column("session_id").Where("id = ?", r.item).Scan(context.Background(), &id); err != nil {
		r.t.Fatal(err)
	}
	return id
}
