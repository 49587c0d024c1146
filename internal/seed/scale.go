package seed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
)

// scaleBatch is how many items one INSERT carries.
const scaleBatch = 1000

// Scale fills session code with n synthetic agenda items, each with a brief (every other
// one final) and a consultation of its lead ministry, and gives the session a delegation
// of fifteen covering the items, with attendance on every day of each member's stay:
// data for benchmarks and load tests, written in bulk in one transaction, with one audit
// row that says so. The session, the bodies and at least one ministry must exist (the
// demo data provides them); synthetic ministries are added until there are twelve, as
// many as an Executive Board asks. The session's agenda must be empty.
func Scale(ctx context.Context, db *bun.DB, code string, n int, progress func(done int)) error {
	if n < 1 {
		return fmt.Errorf("seed: scale: the number of items must be at least 1")
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		s := store.New(db)
		ses, err := s.SessionByCode(ctx, code)
		if err != nil {
			return fmt.Errorf("seed: scale: no session %q", code)
		}
		var existing int
		if err := tx.NewRaw("SELECT count(*) FROM agenda_items WHERE session_id = ?", ses.ID).Scan(ctx, &existing); err != nil {
			return err
		}
		if existing > 0 {
			return fmt.Errorf("seed: scale: session %s already has %d items", ses.Code, existing)
		}
		var ministries []int64
		if err := tx.NewRaw("SELECT id FROM ministries ORDER BY code").Scan(ctx, &ministries); err != nil {
			return err
		}
		if len(ministries) == 0 {
			return fmt.Errorf("seed: scale: no ministries; load the demo data first")
		}
		if ministries, err = scaleMinistries(ctx, tx, ministries); err != nil {
			return err
		}
		if err := scaleItems(ctx, tx, ses, ministries, n, progress); err != nil {
			return err
		}
		if err := scaleBriefs(ctx, tx, ses.ID); err != nil {
			return err
		}
		if err := scaleConsultations(ctx, tx, ses); err != nil {
			return err
		}
		if err := scaleDelegation(ctx, tx, ses, ministries); err != nil {
			return err
		}
		// Fresh statistics, so that the planner knows the tables just grew.
		for _, t := range []string{"agenda_items", "briefs", "brief_revisions", "consultations", "coverage", "attendance"} {
			if _, err := tx.ExecContext(ctx, "ANALYZE "+t); err != nil {
				return err
			}
		}
		_, err = tx.NewInsert().Model(&domain.AuditEntry{Actor: "seed", Action: "seed_scale", Entity: "session",
			EntityID: &ses.ID, After: []byte(fmt.Sprintf(`{"items": %d}`, n))}).Exec(ctx)
		return err
	})
}

// scaleMinistryCount is how many ministries a scaled session's work spreads over.
const scaleMinistryCount = 12

// scaleMinistries adds synthetic ministries (SYN01, SYN02 …) to ministries until there
// are twelve, or keeps those there are, and returns the ids of all in the order of codes.
func scaleMinistries(ctx context.Context, tx bun.Tx, ministries []int64) ([]int64, error) {
	for k := 1; len(ministries) < scaleMinistryCount; k++ {
		code := fmt.Sprintf("SYN%02d", k)
		var id int64
		err := tx.NewRaw(`INSERT INTO ministries (code, name_en, name_ko) VALUES (?, ?, ?)
			ON CONFLICT (code) DO NOTHING RETURNING id`,
			code, fmt.Sprintf("Synthetic Ministry %02d", k), fmt.Sprintf("합성 부처 %02d", k)).Scan(ctx, &id)
		if errors.Is(err, sql.ErrNoRows) {
			continue // there already, and counted
		} else if err != nil {
			return nil, fmt.Errorf("seed: scale ministries: %w", err)
		}
		ministries = append(ministries, id)
	}
	var ids []int64
	err := tx.NewRaw("SELECT id FROM ministries WHERE id IN (?) ORDER BY code", bun.List(ministries)).Scan(ctx, &ids)
	return ids, err
}

var (
	scaleCommissions = []string{"PX", "FA", "Plenary"}
	scaleSectors     = []string{"ED", "SC", "CLT", "SHS", "CI"}
	scaleStatuses    = []domain.ItemStatus{domain.ItemNew, domain.ItemInProgress, domain.ItemReady}
	scalePriorities  = []domain.Priority{domain.PriorityHigh, domain.PriorityNormal, domain.PriorityNormal, domain.PriorityLow}
)

func scaleItems(ctx context.Context, tx bun.Tx, ses *domain.Session, ministries []int64, n int, progress func(int)) error {
	batch := make([]domain.AgendaItem, 0, scaleBatch)
	for i := 0; i < n; i++ {
		num, err := domain.ParseItemNumber(fmt.Sprintf("%d.%d", i/50+1, i%50+1))
		if err != nil {
			return err
		}
		lead := ministries[i%len(ministries)]
		batch = append(batch, domain.AgendaItem{
			SessionID: ses.ID, Number: num.String(), SortKey: num.SortKey(),
			TitleEN:    fmt.Sprintf("Synthetic item %d: follow-up to the decisions of the previous session on programme %d", i+1, i%37),
			TitleKO:    fmt.Sprintf("합성 의제 %d: 제%d 사업에 관한 이전 회기 결정 후속 조치", i+1, i%37),
			Documents:  []string{fmt.Sprintf("%s/%s", ses.Code, num.String())},
			Commission: scaleCommissions[i%len(scaleCommissions)], Sector: scaleSectors[i%len(scaleSectors)],
			LeadMinistryID: &lead, Priority: scalePriorities[i%len(scalePriorities)], Status: scaleStatuses[i%len(scaleStatuses)],
		})
		if len(batch) == scaleBatch || i == n-1 {
			if _, err := tx.NewInsert().Model(&batch).ExcludeColumn("id", "created_at", "updated_at", "version").Exec(ctx); err != nil {
				return fmt.Errorf("seed: scale items: %w", err)
			}
			batch = batch[:0]
			if progress != nil {
				progress(i + 1)
			}
		}
	}
	return nil
}

// scaleBriefs gives every item a brief with one revision, and makes every other brief
// final, as the workflow would have: submitted, approved, finalised.
func scaleBriefs(ctx context.Context, tx bun.Tx, sessionID int64) error {
	stmts := []string{
		`INSERT INTO briefs (item_id, status, current_revision_id)
			SELECT id, 'draft', 0 FROM agenda_items WHERE session_id = ?0`,
		`INSERT INTO brief_revisions (brief_id, number, author, stance, summary_en, summary_ko, background_en, key_points_en, intervention_en, intervention_ko)
			SELECT b.id, 1, 'seed',
				(ARRAY['support','support_with_amendments','neutral','monitor','oppose','no_position'])[1 + i.id % 6],
				'The Republic of Korea supports the draft decision on ' || i.title_en || ', with attention to implementation in the field.',
				i.title_ko || '에 관한 결정안을 지지하되 현장 이행에 유의함.',
				'Background: the item recurs from the previous session; the Secretariat reports progress and proposes next steps for the biennium.',
				'1. Welcome the report. 2. Stress measurable results. 3. Encourage extrabudgetary cooperation with the Republic of Korea.',
				'Thank you, Chair. The Republic of Korea welcomes the report and supports the draft decision.',
				'감사합니다, 의장님. 대한민국은 보고서를 환영하며 결정안을 지지합니다.'
			FROM briefs b JOIN agenda_items i ON i.id = b.item_id WHERE i.session_id = ?0`,
		`UPDATE briefs b SET current_revision_id = r.id FROM brief_revisions r, agenda_items i
			WHERE r.brief_id = b.id AND i.id = b.item_id AND i.session_id = ?0`,
		`INSERT INTO brief_events (brief_id, action, revision_id, actor)
			SELECT b.id, 'submit', b.current_revision_id, 'seed' FROM briefs b JOIN agenda_items i ON i.id = b.item_id
			WHERE i.session_id = ?0 AND i.id % 2 = 0`,
		`UPDATE briefs b SET status = 'final', submission_id = e.id, approved_revision_id = b.current_revision_id,
				final_revision_id = b.current_revision_id
			FROM brief_events e, agenda_items i
			WHERE e.brief_id = b.id AND e.action = 'submit' AND i.id = b.item_id AND i.session_id = ?0`,
	}
	for _, q := range stmts {
		if _, err := tx.NewRaw(q, sessionID).Exec(ctx); err != nil {
			return fmt.Errorf("seed: scale briefs: %w", err)
		}
	}
	return nil
}

// scaleConsultations asks each item's lead ministry for input: due a week before the
// session, a third answered, a third overdue-looking, a third open.
func scaleConsultations(ctx context.Context, tx bun.Tx, ses *domain.Session) error {
	due := ses.StartsOn.AddDate(0, 0, -7)
	// Each was asked three weeks before it is due.
	_, err := tx.NewRaw(`INSERT INTO consultations (item_id, ministry_id, question, asked_on, due_on, status, answer, answer_source, answered_at)
		SELECT i.id, i.lead_ministry_id, 'Please send your ministry''s view on ' || i.number || ' and any points for the intervention.',
			?::date - ((i.id % 3) * 14)::int - 21, ?::date - ((i.id % 3) * 14)::int,
			CASE WHEN i.id % 3 = 0 THEN 'answered' ELSE 'open' END,
			CASE WHEN i.id % 3 = 0 THEN '우리 부는 결정안을 지지하며, 이행 성과 지표의 보완을 제안함.' ELSE '' END,
			CASE WHEN i.id % 3 = 0 THEN 'app' ELSE '' END,
			CASE WHEN i.id % 3 = 0 THEN now() ELSE NULL END
		FROM agenda_items i WHERE i.session_id = ? AND i.lead_ministry_id IS NOT NULL`, due.Format(time.DateOnly), due.Format(time.DateOnly), ses.ID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("seed: scale consultations: %w", err)
	}
	return nil
}

// scaleDelegation forms a delegation of fifteen from four organisations, each member
// covering a share of the items, with attendance on every day of their stay: every
// fifth member arrives on the second day, and every seventh leaves a day early.
func scaleDelegation(ctx context.Context, tx bun.Tx, ses *domain.Session, ministries []int64) error {
	orgs := []string{"Permanent Delegation of the Republic of Korea to UNESCO", "Korean National Commission for UNESCO",
		"Ministry of Education", "Korea Institute of Ocean Science and Technology"}
	roles := []string{"head", "deputy_head", "delegate", "delegate", "delegate", "alternate", "alternate", "adviser",
		"adviser", "expert", "expert", "expert", "expert", "observer", "observer"}
	for k, role := range roles {
		var pid int64
		err := tx.NewRaw(`INSERT INTO people (name_en, name_ko, organisation, title, ministry_id)
			VALUES (?, ?, ?, ?, ?) RETURNING id`,
			fmt.Sprintf("Synthetic Member %02d (%s)", k+1, ses.Code), fmt.Sprintf("합성 대표 %02d", k+1),
			orgs[k%len(orgs)], "Member", ministries[k%len(ministries)]).Scan(ctx, &pid)
		if err != nil {
			return fmt.Errorf("seed: scale person: %w", err)
		}
		arrives, departs := ses.StartsOn, ses.EndsOn
		if k%5 == 4 && arrives.Before(departs) {
			arrives = arrives.AddDate(0, 0, 1)
		}
		if k%7 == 6 && arrives.Before(departs) {
			departs = departs.AddDate(0, 0, -1)
		}
		var mid int64
		err = tx.NewRaw(`INSERT INTO delegation_members (session_id, person_id, role, accreditation, arrives_on, departs_on, funded_by)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, ses.ID, pid, role,
			[]string{"pending", "submitted", "confirmed"}[k%3], arrives, departs, orgs[k%len(orgs)]).Scan(ctx, &mid)
		if err != nil {
			return fmt.Errorf("seed: scale member: %w", err)
		}
		if _, err := tx.NewRaw(`INSERT INTO coverage (member_id, item_id)
			SELECT ?, id FROM agenda_items WHERE session_id = ? AND id % 15 = ?`, mid, ses.ID, k).Exec(ctx); err != nil {
			return fmt.Errorf("seed: scale coverage: %w", err)
		}
		if _, err := tx.NewRaw(`INSERT INTO attendance (member_id, day, status)
			SELECT ?, d::date, (ARRAY['present','present','partial','absent'])[1 + (? + (d::date - ?::date)) % 4]
			FROM generate_series(?::date, ?::date, interval '1 day') d`,
			mid, k, arrives.Format(time.DateOnly), arrives.Format(time.DateOnly), departs.Format(time.DateOnly)).Exec(ctx); err != nil {
			return fmt.Errorf("seed: scale attendance: %w", err)
		}
	}
	return nil
}
