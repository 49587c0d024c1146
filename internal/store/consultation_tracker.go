package store

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// A returned tracker workbook is checked row by row against what is saved now (CheckTracker),
// the rows that will be recorded wait under a token for the uploader to confirm them
// (SaveTrackerUpload), and the confirmation records them in one transaction, after
// checking them again (ConfirmTrackerUpload).

// errUploadChanged is returned when a consultation changed between the preview of a
// tracker and its confirmation.
var errUploadChanged = domain.Errorf(domain.ECONFLICT, "consultations.upload_changed")

// CheckTracker checks the rows of a returned tracker, uploaded by someone who sees sc, for
// one ministry (0: any, for staff). A row without an answer is skipped. A row is refused
// when its id or version is malformed, its id appears twice, its answer is too long, it
// is not a consultation of that ministry the uploader may see, or the consultation
// changed since the tracker was made (another version, or no longer open). The others
// will be recorded.
func (s *Store) CheckTracker(ctx context.Context, sc domain.Scope, loc *time.Location, ministryID int64, file string, lines []domain.TrackerLine) (*domain.TrackerCheck, error) {
	chk := &domain.TrackerCheck{File: file}
	seen := map[int64]int{}
	for _, l := range lines {
		answer := strings.TrimSpace(l.Answer)
		if answer == "" {
			chk.Skipped++
			continue
		}
		r := domain.TrackerRow{Line: l.Line, Answer: answer, Verdict: domain.TrackerRecord}
		id, err := strconv.ParseInt(strings.TrimSpace(l.ID), 10, 64)
		version, verr := strconv.Atoi(strings.TrimSpace(l.Version))
		switch {
		case err != nil || id <= 0:
			r.Verdict, r.Reason = domain.TrackerRefuse, "consultations.row_bad_id"
		case verr != nil || version <= 0:
			r.Verdict, r.Reason = domain.TrackerRefuse, "consultations.row_bad_version"
		case !domain.ValidText(answer, true):
			r.Verdict, r.Reason = domain.TrackerRefuse, "consultations.row_control_char"
		case utf8.RuneCountInString(answer) > domain.MaxAnswerLength:
			r.Verdict, r.Reason = domain.TrackerRefuse, "consultations.row_too_long"
		}
		r.ID, r.Version = id, version
		if r.Verdict == domain.TrackerRecord {
			seen[id]++
		}
		chk.Rows = append(chk.Rows, r)
	}
	var ids []int64
	for id := range seen {
		ids = append(ids, id)
	}
	byID := map[int64]*domain.Consultation{}
	if len(ids) > 0 {
		var cs []domain.Consultation
		if err := selectConsultations(s.db, &cs, sc, s.today(loc)).Where("c.id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
			return nil, dbError("check tracker", err)
		}
		for i := range cs {
			byID[cs[i].ID] = &cs[i]
		}
	}
	for i := range chk.Rows {
		r := &chk.Rows[i]
		if r.Verdict != domain.TrackerRecord {
			continue
		}
		c := byID[r.ID]
		r.Consultation = c
		switch {
		case seen[r.ID] > 1:
			r.Verdict, r.Reason = domain.TrackerRefuse, "consultations.row_duplicate"
		case c == nil && sc.All:
			r.Verdict, r.Reason = domain.TrackerRefuse, "consultations.row_unknown"
		case c == nil || (ministryID != 0 && c.MinistryID != ministryID):
			// A liaison learns nothing of other ministries' consultations, not even that
			// an id exists.
			r.Verdict, r.Reason, r.Consultation = domain.TrackerRefuse, "consultations.row_foreign", nil
		case c.Version != r.Version || c.Status != domain.ConsultationOpen:
			r.Verdict, r.Reason = domain.TrackerRefuse, "consultations.row_changed"
		}
	}
	for _, r := range chk.Rows {
		if r.Verdict == domain.TrackerRecord {
			chk.Record++
		} else {
			chk.Refused++
		}
	}
	return chk, nil
}

// trackerUpload is what a tracker upload keeps under its token: the rows of a checked
// tracker that will be recorded, and the ministry it was checked against (nil: all).
type trackerUpload struct {
	MinistryID *int64              `json:"ministry_id"`
	Filename   string              `json:"filename"`
	Rows       []domain.TrackerRow `json:"rows"`
}

// SaveTrackerUpload keeps the rows of a checked tracker that will be recorded, for the
// user who uploaded it, for PendingTTL, and returns the token that names them.
func (s *Store) SaveTrackerUpload(ctx context.Context, userID, ministryID int64, chk *domain.TrackerCheck) (string, error) {
	u := &trackerUpload{Filename: chk.File, Rows: chk.Recordable()}
	if ministryID != 0 {
		u.MinistryID = &ministryID
	}
	return s.savePending(ctx, PendingTracker, userID, u)
}

// ConfirmTrackerUpload records the answers kept under token, provided they are the acting
// user's and not expired, and forgets them, all in one transaction: a second
// confirmation finds nothing (ENOTFOUND "consultations.upload_expired"). Every row is
// checked again under lock against sc and the upload's ministry; when one consultation
// changed since the preview, nothing is recorded (ECONFLICT
// "consultations.upload_changed"). Each answer is marked as coming from a file and
// audited, and the upload has an audit row of its own. It returns how many answers
// were recorded.
func (s *Store) ConfirmTrackerUpload(ctx context.Context, a domain.Actor, sc domain.Scope, token string) (int, error) {
	now := s.now()
	var recorded int
	err := s.inTx(ctx, func(tx bun.Tx) error {
		u := new(trackerUpload)
		if err := takePending(ctx, tx, now, PendingTracker, a, token, u); err != nil {
			return err
		}
		ids := make([]int64, len(u.Rows))
		for i, r := range u.Rows {
			ids[i] = r.ID
		}
		if len(ids) == 0 {
			return errUploadChanged
		}
		// Visible to the uploader still, and locked until the answers are written.
		var locked []int64
		if err := scopeConsultations(fromConsultations(tx.NewSelect().TableExpr("consultations AS c")).Column("c.id").
			Where("c.id IN (?)", bun.List(ids)).For("UPDATE OF c"), sc).Scan(ctx, &locked); err != nil {
			return err
		}
		if len(locked) != len(ids) {
			return errUploadChanged
		}
		var cs []domain.Consultation
		if err := tx.NewSelect().Model(&cs).Where("c.id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
			return err
		}
		byID := make(map[int64]*domain.Consultation, len(cs))
		for i := range cs {
			byID[cs[i].ID] = &cs[i]
		}
		for _, r := range u.Rows {
			before := byID[r.ID]
			if before == nil || before.Version != r.Version ||
				(u.MinistryID != nil && before.MinistryID != *u.MinistryID) {
				return errUploadChanged
			}
			to, ok := domain.NextStatus(before.Status, domain.ConsultAnswerFile)
			if !ok {
				return errUploadChanged
			}
			after := *before
			after.Status = to
			recordAnswer(&after, a, r.Answer, domain.AnswerFromFile, now)
			after.Version++
			if err := s.updateConsultation(ctx, tx, &after); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, a, string(domain.ConsultAnswerFile), "consultation", r.ID, before, &after); err != nil {
				return err
			}
			if err := s.notifyStep(ctx, tx, a, domain.ConsultAnswerFile, &after); err != nil {
				return err
			}
		}
		recorded = len(u.Rows)
		summary := map[string]any{"file": u.Filename, "ministry_id": u.MinistryID, "recorded": recorded}
		return s.audit(ctx, tx, a, "upload", "consultation_tracker", 0, nil, summary)
	})
	if err != nil {
		return 0, dbError("confirm tracker upload", err)
	}
	return recorded, nil
}
