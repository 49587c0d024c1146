package store_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/seed"
)

// TestAnswerWithFile: a file sent as the answer and the answer it makes are written
// together or not at all. A file past the limit, or of a type Plenary does not keep,
// leaves the request open with no file, no audit row and no notice; a file kept answers
// it by the file alone, replacing a typed answer sent back for revision. The answer file
// of such an answer is kept while it is the answer, and may go once another is attached.
func TestAnswerWithFile(t *testing.T) {
	t.Parallel()
	r := newConsRig(t)
	ctx := context.Background()
	c := r.open(r.item("226 EX", "5.II.A"), "2026-12-01", r.ministry("MOE"))[0]
	pdf := seed.MinimalPDF("Answer of the Ministry of Education")
	nothingNew := func(t *testing.T) {
		t.Helper()
		if n := r.count("files", "consultation_id = ?", c.ID); n != 0 {
			t.Errorf("%d files kept", n)
		}
		if n := r.count("notifications", "kind = 'consultation_answered' AND consultation_id = ?", c.ID); n != 0 {
			t.Errorf("%d notices of an answer", n)
		}
		if n := r.count("audit_log", "entity = 'consultation' AND action = 'answer' AND entity_id = ?", c.ID); n != 0 {
			t.Errorf("%d audit rows of an answer", n)
		}
		if got := r.get(c.ID); got.Status != domain.ConsultationOpen || got.Version != 1 || got.AnsweredAt != nil {
			t.Errorf("the request after a refused answer: %+v", got)
		}
	}
	t.Run("ErrTooLarge", func(t *testing.T) {
		big := append(append([]byte{}, pdf...), make([]byte, 2<<20)...)
		_, err := r.s.AnswerWithFile(ctx, r.moe, c.ID, 1, "회신.pdf", bytes.NewReader(big), 1<<20)
		wantConsError(t, err, domain.EINVALID, "files.error_too_large")
		nothingNew(t)
	})
	t.Run("ErrType", func(t *testing.T) {
		_, err := r.s.AnswerWithFile(ctx, r.moe, c.ID, 1, "회신.pdf", bytes.NewReader([]byte("<html><script></script></html>")), 1<<20)
		wantConsError(t, err, domain.EINVALID, "files.error_type")
		nothingNew(t)
	})
	t.Run("ErrStale", func(t *testing.T) {
		_, err := r.s.AnswerWithFile(ctx, r.moe, c.ID, 7, "회신.pdf", bytes.NewReader(pdf), 1<<20)
		wantConsError(t, err, domain.ECONFLICT, "error.stale")
		nothingNew(t)
	})

	// A typed answer, sent back: the file sent as the answer then replaces its text.
	if err := r.s.AnswerConsultation(ctx, r.moe, c.ID, domain.ConsultationAnswer{Answer: "First thoughts.", Version: 1}); err != nil {
		t.Fatal(err)
	}
	if err := r.s.SendBackConsultation(ctx, r.staff, r.seoul, c.ID, domain.ConsultationSendBack{
		Comment: "Please send the ministry's signed answer.", DueOn: "2026-12-05", Version: 2}); err != nil {
		t.Fatal(err)
	}
	f, err := r.s.AnswerWithFile(ctx, r.moe, c.ID, 3, "회신.pdf", bytes.NewReader(pdf), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	got := r.get(c.ID)
	if got.Status != domain.ConsultationAnswered || got.Answer != "" || got.AnswerSource != domain.AnswerFromAttachment ||
		*got.AnsweredBy != r.moe.User.ID || !got.AnsweredAt.Equal(r.now) || got.AnswerFiles != "회신.pdf" || got.Version != 4 {
		t.Fatalf("after the answer by file: %+v", got)
	}
	if f.Kind != domain.FileConsultationAnswer {
		t.Errorf("the file is kept as %s", f.Kind)
	}

	t.Run("ErrRemoveTheAnswer", func(t *testing.T) {
		wantConsError(t, r.s.RemoveFile(ctx, r.moe, f, "Sent by mistake"), domain.ECONFLICT, "files.error_answer_needed")
	})
	other, err := r.s.SaveFile(ctx, r.moe, domain.FileTarget{Kind: domain.FileConsultationAnswer, ConsultationID: c.ID},
		domain.FileInput{Name: "회신 (서명본).pdf"}, bytes.NewReader(pdf), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.get(c.ID).AnswerFiles; got != "회신 (서명본).pdf, 회신.pdf" {
		t.Errorf("answer files %q with two attached", got)
	}
	if err := r.s.RemoveFile(ctx, r.moe, f, "Replaced by the signed answer"); err != nil {
		t.Errorf("removing one of two answer files: %v", err)
	}
	if got := r.get(c.ID).AnswerFiles; got != other.Name {
		t.Errorf("answer files %q after the removal, want %q", got, other.Name)
	}
	if err := r.s.CloseConsultation(ctx, r.staff, c.ID, 4); err != nil {
		t.Fatal(err)
	}
	wantConsError(t, r.s.RemoveFile(ctx, r.moe, other, "Closed"), domain.ECONFLICT, "files.error_answer_needed")
}
