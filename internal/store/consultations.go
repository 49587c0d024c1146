package store

import (
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// Consultations: requests to ministries for their input on agenda items, their answers,
// and the counts of the radar. Whether a consultation is overdue depends on the day it
// is read in the configured time zone, so every read takes that zone; it is never stored.

var errConsultationState = domain.Errorf(domain.ECONFLICT, "consultations.error_state")

// overdueSQL is true for a consultation (alias c) that is open and was due before the
// day ? (a date written YYYY-MM-DD). It is the one definition of overdue.
const overdueSQL = "(c.status = 'open' AND c.due_on < CAST(? AS date))"

// dueTodaySQL and dueWeekSQL are the other buckets of domain.DueBucketOf: open and due on
// the day ?, and open and due after the day ? until the day ? (domain.DueWeekEnd).
const (
	dueTodaySQL = "(c.status = 'open' AND c.due_on = CAST(? AS date))"
	dueWeekSQL  = "(c.status = 'open' AND c.due_on > CAST(? AS date) AND c.due_on <= CAST(? AS date))"
)

// dueWeekArgs are the arguments of dueWeekSQL as of today.
func dueWeekArgs(today time.Time) []any {
	return []any{today.Format(time.DateOnly), domain.DueWeekEnd(today).Format(time.DateOnly)}
}

// orderConsultations lists what needs doing first: open, then answered, then the rest,
// each soonest due first.
const orderConsultations = `CASE c.status WHEN 'open' THEN 0 WHEN 'answered' THEN 1 WHEN 'closed' THEN 2 ELSE 3 END,
	c.due_on, s.starts_on, i.sort_key, m.code, c.id`

// consultedName is the SQL of a consulted ministry's name (m, with id the SQL of its id)
// on the first day of the session: a renamed ministry reads on an old session as it was
// called then.
func consultedName(col, id string) string { return nameAtSession(col, id, "m") }

// scopeConsultations restricts consultations (alias c, joined to their item as i) to
// those sc may see: every one for admin and staff; for a liaison, their own ministry's,
// on the items they may see; none for a delegate.
func scopeConsultations(q *bun.SelectQuery, sc domain.Scope) *bun.SelectQuery {
	switch {
	case sc.All:
		return q
	case sc.MinistryID != 0:
		return scopeItems(q.Where("c.ministry_id = ?", sc.MinistryID), sc)
	}
	return q.Where("FALSE")
}

// fromConsultations joins consultations (c) to their item (i), session (s) and ministry (m).
func fromConsultations(q *bun.SelectQuery) *bun.SelectQuery {
	return q.Join("JOIN agenda_items AS i ON i.id = c.item_id").
		Join("JOIN sessions AS s ON s.id = i.session_id").
		Join("JOIN ministries AS m ON m.id = c.ministry_id")
}

// selectConsultations is the one query shape of consultations that sc may see, with
// what is read along (see domain.Consultation) as of today. Callers add the order.
func selectConsultations(db bun.IDB, model any, sc domain.Scope, today time.Time) *bun.SelectQuery {
	day := today.Format(time.DateOnly)
	q := fromConsultations(db.NewSelect().Model(model)).
		ColumnExpr("c.*").
		ColumnExpr(overdueSQL+" AS overdue", day).
		ColumnExpr("c.due_on - CAST(? AS date) AS days_left", day).
		ColumnExpr("i.session_id, s.code AS session_code, i.number AS item_number").
		ColumnExpr("i.title_en AS item_title_en, i.title_ko AS item_title_ko, m.code AS ministry_code").
		ColumnExpr(consultedName("name_en", "c.ministry_id") + " AS ministry_name_en").
		ColumnExpr(consultedName("name_ko", "c.ministry_id") + " AS ministry_name_ko").
		// Who asked and who answered are looked up rather than joined: two tables fewer for
		// the planner, which costs more than the lookups on a page of consultations.
		ColumnExpr("coalesce((SELECT rq.name FROM users rq WHERE rq.id = c.requested_by), '') AS requested_name").
		ColumnExpr("coalesce((SELECT an.name FROM users an WHERE an.id = c.answered_by), '') AS answered_name").
		ColumnExpr(answerFilesSQL + " AS answer_files")
	return scopeConsultations(q, sc)
}

// today is the calendar day it is now in loc.
func (s *Store) today(loc *time.Location) time.Time { return domain.Today(s.now(), loc) }

// Consultation returns one consultation, if sc may see it; ENOTFOUND otherwise.
func (s *Store) Consultation(ctx context.Context, sc domain.Scope, loc *time.Location, id int64) (*domain.Consultation, error) {
	c := new(domain.Consultation)
	q := selectConsultations(s.db, c, sc, s.today(loc)).Where("c.id = ?", id).
		ColumnExpr("coalesce(fp.name, '') AS focal_name, coalesce(fp.email, '') AS focal_email").
		ColumnExpr("coalesce((SELECT fpp.phone FROM people fpp WHERE fpp.user_id = fp.id), '') AS focal_phone").
		Join("LEFT JOIN users AS fp ON fp.id = i.focal_point_id")
	if err := q.Scan(ctx); err != nil {
		return nil, dbError("consultation", err)
	}
	return c, nil
}

// Consultations returns the consultations sc may see, narrowed by f: open ones first,
// each group soonest due first. It is one query.
func (s *Store) Consultations(ctx context.Context, sc domain.Scope, loc *time.Location, f domain.ConsultationFilter) ([]domain.Consultation, error) {
	cs := []domain.Consultation{}
	if err := s.consultationsQuery(&cs, sc, loc, f).Scan(ctx); err != nil {
		return nil, dbError("consultations", err)
	}
	return cs, nil
}

// ConsultationPage returns one page of what Consultations lists, f.Limit rows from
// f.Offset, and how many there are in all.
func (s *Store) ConsultationPage(ctx context.Context, sc domain.Scope, loc *time.Location, f domain.ConsultationFilter) ([]domain.Consultation, int, error) {
	cs := []domain.Consultation{}
	limit := f.Limit
	f.Limit = 0
	n, err := scanPage(ctx, s.consultationsQuery(&cs, sc, loc, f), &cs, limit, f.Offset)
	if err != nil {
		return nil, 0, dbError("consultations", err)
	}
	return cs, n, nil
}

func (s *Store) consultationsQuery(model any, sc domain.Scope, loc *time.Location, f domain.ConsultationFilter) *bun.SelectQuery {
	today := s.today(loc)
	q := selectConsultations(s.db, model, sc, today).OrderExpr(orderConsultations)
	if f.SessionID > 0 {
		q = q.Where("i.session_id = ?", f.SessionID)
	}
	if f.ItemID > 0 {
		q = q.Where("c.item_id = ?", f.ItemID)
	}
	if f.MinistryID > 0 {
		q = q.Where("c.ministry_id = ?", f.MinistryID)
	}
	switch f.Status {
	case "":
	case domain.ConsultationsOverdue:
		q = q.Where(overdueSQL, today.Format(time.DateOnly))
	case domain.ConsultationsDueToday:
		q = q.Where(dueTodaySQL, today.Format(time.DateOnly))
	case domain.ConsultationsDueWeek:
		q = q.Where(dueWeekSQL, dueWeekArgs(today)...)
	case domain.ConsultationsLive:
		q = q.Where("c.status IN ('open', 'answered')")
	default:
		q = q.Where("c.status = ?", f.Status)
	}
	if f.Limit > 0 {
		q = q.Limit(int64(f.Limit))
	}
	return q
}

// countConsultations counts the consultations sc may see by status, withdrawn ones
// aside; callers add what they group by.
func (s *Store) countConsultations(sc domain.Scope, today time.Time) *bun.SelectQuery {
	q := fromConsultations(s.db.NewSelect().TableExpr("consultations AS c")).
		ColumnExpr("count(*) FILTER (WHERE c.status = 'open') AS open").
		ColumnExpr("count(*) FILTER (WHERE "+overdueSQL+") AS overdue", today.Format(time.DateOnly)).
		ColumnExpr("count(*) FILTER (WHERE "+dueTodaySQL+") AS due_today", today.Format(time.DateOnly)).
		ColumnExpr("count(*) FILTER (WHERE "+dueWeekSQL+") AS due_week", dueWeekArgs(today)...).
		ColumnExpr("count(*) FILTER (WHERE c.status = 'answered') AS answered").
		ColumnExpr("count(*) FILTER (WHERE c.status = 'closed') AS closed").
		Where("c.status <> 'withdrawn'")
	return scopeConsultations(q, sc)
}

// ConsultationRadar counts a session's consultations (those sc may see) per ministry:
// open, overdue, answered and closed, the ministries with the most overdue first. It is
// one query.
func (s *Store) ConsultationRadar(ctx context.Context, sc domain.Scope, loc *time.Location, sessionID int64) ([]domain.ConsultationCounts, error) {
	rows := []domain.ConsultationCounts{}
	err := s.countConsultations(sc, s.today(loc)).
		ColumnExpr("m.id, m.code").
		ColumnExpr(consultedName("name_en", "m.id")+" AS name_en").
		ColumnExpr(consultedName("name_ko", "m.id")+" AS name_ko").
		Where("i.session_id = ?", sessionID).
		GroupExpr("m.id, s.starts_on").
		OrderExpr("overdue DESC, open DESC, m.code").
		Scan(ctx, &rows)
	if err != nil {
		return nil, dbError("consultation radar", err)
	}
	return rows, nil
}

// ConsultationsBySession counts the consultations sc may see per session, upcoming
// sessions first; with activeOnly, concluded sessions are left out. It is one query.
func (s *Store) ConsultationsBySession(ctx context.Context, sc domain.Scope, loc *time.Location, activeOnly bool) ([]domain.ConsultationCounts, error) {
	rows := []domain.ConsultationCounts{}
	q := s.countConsultations(sc, s.today(loc)).
		ColumnExpr("s.id, s.code, s.title_en AS name_en, s.title_ko AS name_ko").
		GroupExpr("s.id").
		OrderExpr(orderSessions)
	if activeOnly {
		q = q.Where("s.status <> 'concluded'")
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, dbError("consultations by session", err)
	}
	return rows, nil
}

// OpenConsultations asks each ministry of in for its input on an item: one consultation
// per ministry, all in one transaction, each with its audit row. A ministry that already
// has a consultation on the item that is not withdrawn is refused (the database holds
// the same rule), and so are dates in.Dates refuses as of today in loc.
func (s *Store) OpenConsultations(ctx context.Context, a domain.Actor, loc *time.Location, itemID int64, in domain.ConsultationRequest) ([]domain.Consultation, error) {
	ask, err := s.newAsk(loc, in)
	if err != nil {
		return nil, err
	}
	var cs []domain.Consultation
	err = s.inTx(ctx, func(tx bun.Tx) error {
		// Two requests on one item take turns, so that the check for a live request holds.
		var id int64
		if err := tx.NewSelect().Table("agenda_items").Column("id").Where("id = ?", itemID).For("UPDATE").Scan(ctx, &id); err != nil {
			return err
		}
		if err := checkMinistries(ctx, tx, ask.ministries); err != nil {
			return err
		}
		live, err := livePairs(ctx, tx, []int64{itemID}, ask.ministries)
		if err != nil {
			return err
		}
		if len(live) > 0 {
			return domain.FieldError("ministry_ids", "consultations.error_live")
		}
		pairs := make([]domain.ConsultationPair, len(ask.ministries))
		for i, m := range ask.ministries {
			pairs[i] = domain.ConsultationPair{ItemID: itemID, MinistryID: m}
		}
		cs, err = s.insertConsultations(ctx, tx, a, ask, pairs)
		return err
	})
	if err != nil {
		return nil, dbError("open consultations", err)
	}
	return cs, nil
}

// ask is a request checked and ready to open consultations of: the question, the
// ministries, when it was asked and is due, and what opening it writes besides.
type ask struct {
	in         domain.ConsultationRequest
	question   string
	ministries []int64
	asked, due time.Time
}

// newAsk checks in as of today in loc.
func (s *Store) newAsk(loc *time.Location, in domain.ConsultationRequest) (ask, error) {
	k := ask{in: in, question: strings.TrimSpace(in.Question), ministries: in.Ministries()}
	var err error
	if k.asked, k.due, err = in.Dates(s.today(loc)); err != nil {
		return k, err
	}
	if k.question == "" {
		return k, domain.FieldError("question", "consultations.error_question_empty")
	}
	if len(k.ministries) == 0 {
		return k, domain.FieldError("ministry_ids", "consultations.error_no_ministry")
	}
	return k, nil
}

// checkMinistries refuses ministries of which one does not exist.
func checkMinistries(ctx context.Context, tx bun.Tx, ministries []int64) error {
	n, err := tx.NewSelect().Table("ministries").Where("id IN (?)", bun.List(ministries)).Count(ctx)
	if err != nil {
		return err
	}
	if int(n) != len(ministries) {
		return domain.FieldError("ministry_ids", "error.unknown_ministry")
	}
	return nil
}

// livePairs returns the pairs of items and ministries, of those given, that have a
// consultation that is not withdrawn, in the agenda's order.
func livePairs(ctx context.Context, tx bun.Tx, items, ministries []int64) ([]domain.ConsultationPair, error) {
	var live []domain.ConsultationPair
	err := tx.NewRaw(`SELECT c.item_id, c.ministry_id, i.number AS item_number, m.code AS ministry_code FROM consultations c
		JOIN agenda_items i ON i.id = c.item_id JOIN ministries m ON m.id = c.ministry_id
		WHERE c.item_id IN (?) AND c.ministry_id IN (?) AND c.status <> 'withdrawn'
		ORDER BY i.sort_key, m.code`, bun.List(items), bun.List(ministries)).
		Scan(ctx, &live)
	return live, err
}

// insertConsultations opens a consultation of k for each pair, with an audit row each,
// and tells the ministries' liaisons unless k is a request recorded without telling them.
func (s *Store) insertConsultations(ctx context.Context, tx bun.Tx, a domain.Actor, k ask, pairs []domain.ConsultationPair) ([]domain.Consultation, error) {
	var requestedBy *int64
	if a.User != nil {
		requestedBy = &a.User.ID
	}
	// Opened now by the store's clock, as answers are answered by it.
	now := s.now()
	cs := make([]domain.Consultation, len(pairs))
	for i, p := range pairs {
		cs[i] = domain.Consultation{ItemID: p.ItemID, MinistryID: p.MinistryID, Question: k.question, DueOn: k.due,
			AskedOn: k.asked, Status: domain.ConsultationOpen, RequestedBy: requestedBy, CreatedAt: now, UpdatedAt: now}
	}
	if len(cs) == 0 {
		return cs, nil
	}
	if _, err := tx.NewInsert().Model(&cs).ExcludeColumn("id", "version").
		Returning("id, version").Exec(ctx); err != nil {
		return nil, err
	}
	// One audit row each, written together: a request on a whole agenda opens hundreds.
	es := make([]domain.AuditEntry, len(cs))
	for i := range cs {
		e, err := s.auditEntry(a, k.in.AuditAction(), "consultation", cs[i].ID, nil, &cs[i])
		if err != nil {
			return nil, err
		}
		es[i] = *e
	}
	if err := auditAll(ctx, tx, es); err != nil {
		return nil, err
	}
	if k.in.Notifies() {
		if err := s.notifyOpened(ctx, tx, a, cs); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

// AnswerConsultation records the ministry's answer typed in Plenary, or replaces it,
// provided nobody changed the consultation since in.Version was read and it is not closed
// or withdrawn. Who answered and when are kept with it. An answer left empty is the
// ministry's answer files alone, when it has attached one; without text or file it is
// refused, naming both ways to answer.
func (s *Store) AnswerConsultation(ctx context.Context, a domain.Actor, id int64, in domain.ConsultationAnswer) error {
	answer := strings.TrimSpace(in.Answer)
	return s.stepConsultation(ctx, a, id, in.Version, domain.ConsultAnswer, func(tx bun.Tx, c *domain.Consultation) error {
		if answer != "" {
			recordAnswer(c, a, answer, domain.AnswerFromApp, s.now())
			return nil
		}
		has, err := hasAnswerFile(ctx, tx, id)
		if err != nil {
			return err
		}
		if !has {
			return domain.FieldError("answer", "consultations.error_answer_or_file")
		}
		recordAnswer(c, a, "", domain.AnswerFromAttachment, s.now())
		return nil
	})
}

// AnswerWithFile keeps the file r brings as the ministry's answer file on consultation
// id and makes it the answer, in place of any typed text, provided nobody changed the
// consultation since version was read and it may be answered now: the file, the answer
// and their audit rows and the notice of the answer are written together, or nothing is.
func (s *Store) AnswerWithFile(ctx context.Context, a domain.Actor, id int64, version int, name string, r io.Reader, maxSize int64) (*domain.File, error) {
	target := domain.FileTarget{Kind: domain.FileConsultationAnswer, ConsultationID: id}
	nf, err := s.newFile(a, target, domain.FileInput{Name: name}, r, maxSize)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx bun.Tx) error {
		// The consultation first: a stale form or a closed request is refused before the
		// rest of the file is read.
		err := s.stepConsultationIn(ctx, tx, a, id, version, domain.ConsultAnswer, func(_ bun.Tx, c *domain.Consultation) error {
			recordAnswer(c, a, "", domain.AnswerFromAttachment, s.now())
			return nil
		})
		if err != nil {
			return err
		}
		return s.writeFile(ctx, tx, a, nf, nil)
	})
	if err != nil {
		return nil, dbError("answer consultation with a file", err)
	}
	return nf.f, nil
}

// CloseConsultation accepts the answer: the consultation is done.
func (s *Store) CloseConsultation(ctx context.Context, a domain.Actor, id int64, version int) error {
	return s.stepConsultation(ctx, a, id, version, domain.ConsultClose, func(bun.Tx, *domain.Consultation) error { return nil })
}

// WithdrawConsultation withdraws a request the Commission no longer needs answered. The
// ministry may then be asked again on the same item.
func (s *Store) WithdrawConsultation(ctx context.Context, a domain.Actor, id int64, version int) error {
	return s.stepConsultation(ctx, a, id, version, domain.ConsultWithdraw, func(bun.Tx, *domain.Consultation) error { return nil })
}

// SendBackConsultation opens an answered or closed consultation again, with the
// Commission's comment and a new due date (not before today in loc). The answer stays,
// for the ministry to revise.
func (s *Store) SendBackConsultation(ctx context.Context, a domain.Actor, loc *time.Location, id int64, in domain.ConsultationSendBack) error {
	due, err := in.Due(s.today(loc))
	if err != nil {
		return err
	}
	comment := strings.TrimSpace(in.Comment)
	if comment == "" {
		return domain.FieldError("return_comment", "consultations.error_comment_empty")
	}
	return s.stepConsultation(ctx, a, id, in.Version, domain.ConsultSendBack, func(_ bun.Tx, c *domain.Consultation) error {
		c.ReturnComment, c.DueOn = comment, due
		return nil
	})
}

// stepConsultation takes act on a consultation, provided nobody changed it since version
// was read (ECONFLICT "error.stale") and its status allows act now (ECONFLICT
// "consultations.error_state"). change sets the step's own fields, or refuses the step;
// the change and its audit row are written in one transaction.
func (s *Store) stepConsultation(ctx context.Context, a domain.Actor, id int64, version int, act domain.ConsultationAction, change func(bun.Tx, *domain.Consultation) error) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		return s.stepConsultationIn(ctx, tx, a, id, version, act, change)
	})
	return dbError(string(act)+" consultation", err)
}

// stepConsultationIn is stepConsultation in tx, for a step written with other changes.
func (s *Store) stepConsultationIn(ctx context.Context, tx bun.Tx, a domain.Actor, id int64, version int, act domain.ConsultationAction, change func(bun.Tx, *domain.Consultation) error) error {
	c, err := updateVersioned(ctx, s, tx, a, versionedUpdate[domain.Consultation]{
		entity: "consultation", action: string(act), id: id, version: version, columns: consultationStepColumns,
		change: func(tx bun.Tx, before, after *domain.Consultation) error {
			to, ok := domain.NextStatus(before.Status, act)
			if !ok {
				return errConsultationState
			}
			after.Status = to
			return change(tx, after)
		},
	})
	if err != nil {
		return err
	}
	return s.notifyStep(ctx, tx, a, act, c)
}

// notifyStep tells of a step on consultation c: an answer to the item's focal point (or,
// when it has none, to whoever asked), a send-back to the ministry's liaisons.
func (s *Store) notifyStep(ctx context.Context, tx bun.Tx, a domain.Actor, act domain.ConsultationAction, c *domain.Consultation) error {
	var err error
	switch act {
	case domain.ConsultAnswer, domain.ConsultAnswerFile:
		_, err = s.notifyConsultation(ctx, tx, a, domain.NoticeConsultationAnswered, c.ID, nil,
			`SELECT coalesce(i.focal_point_id, c.requested_by) FROM consultations c
			JOIN agenda_items i ON i.id = c.item_id WHERE c.id = ? AND coalesce(i.focal_point_id, c.requested_by) IS NOT NULL`, c.ID)
	case domain.ConsultSendBack:
		_, err = s.notifyConsultation(ctx, tx, a, domain.NoticeConsultationSentBack, c.ID, nil, liaisonsOf, c.MinistryID)
	}
	return err
}

// consultationStepColumns are the fields a step may change.
var consultationStepColumns = []string{"status", "answer", "answered_by", "answered_at", "answer_source", "due_on", "return_comment"}

// updateConsultation writes the fields a step may change, with the version.
func (s *Store) updateConsultation(ctx context.Context, tx bun.Tx, c *domain.Consultation) error {
	_, err := tx.NewUpdate().Model(c).Column(slices.Concat(consultationStepColumns, []string{"version"})...).
		Set("updated_at = ?", s.now()).WherePK().Exec(ctx)
	return err
}

// recordAnswer sets the answer of c, with who gave it, when and whence.
func recordAnswer(c *domain.Consultation, a domain.Actor, answer string, source domain.AnswerSource, at time.Time) {
	c.Answer, c.AnswerSource, c.AnsweredAt = answer, source, &at
	c.AnsweredBy = nil
	if a.User != nil {
		c.AnsweredBy = &a.User.ID
	}
}
