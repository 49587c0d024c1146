package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// Files attached to items, briefs and consultations. The bytes are written in chunks of
// AnswerFiles returns the ministries' answer files of consultations cs, as their reader
// read them, by consultation: one query however many there are.
func (s *Store) AnswerFiles(ctx context.Context, cs []domain.Consultation) (map[int64][]domain.File, error) {
	out := map[int64][]domain.File{}
	if len(cs) == 0 {
		return out, nil
	}
	ids := make([]int64, len(cs))
	for i := range cs {
		ids[i] = cs[i].ID
	}
	files, err := s.filesOn(ctx, "f.consultation_id IN (?) AND f.kind = ?", bun.List(ids), domain.FileConsultationAnswer)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		out[*f.ConsultationID] = append(out[*f.ConsultationID], f)
	}
	return out, nil
}

// FileChunkSize as the upload is read, inside the transaction that writes the file's row
// and its audit row: a file refused half-way (too large) leaves nothing behind, and no
// upload is ever held whole in memory. Who sees a file is who sees what it is on, read
// through the same scoped reads as that thing's own page.

// itemDocumentsSQL is the text of an item's (alias i) documents in packs and books: its
// document symbols, then one line for each UNESCO document attached to it (current
// versions), by symbol, language and name. The files' content is never written there.
const itemDocumentsSQL = `concat_ws(E'\n', nullif(array_to_string(i.documents, '; '), ''),
	(SELECT string_agg(concat_ws(' · ', nullif(f.symbol, ''), nullif(upper(f.language), ''), f.name), E'\n'
		ORDER BY f.symbol, f.language, f.name)
	FROM files f WHERE f.item_id = i.id AND f.kind = 'item_document' AND f.deleted_at IS NULL
		AND f.version = (SELECT max(v.version) FROM files v WHERE v.series_id = f.series_id)))`

// FileChunkSize is the size of the chunks a file's bytes are kept and served in.
const FileChunkSize = 256 << 10

// SaveFile keeps the file read from r on target, with what in says of it, as a's upload.
// A file of more than maxSize bytes is refused with domain.ErrFileTooLarge as soon as its
// bytes pass the limit; a type Plenary does not keep with domain.ErrFileType after its
// first bytes. Either way nothing is written. The caller has checked that a may add a
// file to target.
func (s *Store) SaveFile(ctx context.Context, a domain.Actor, target domain.FileTarget, in domain.FileInput, r io.Reader, maxSize int64) (*domain.File, error) {
	return s.saveFile(ctx, a, target, nil, in, r, maxSize)
}

// SaveFileVersion keeps the file read from r as a new version of prev, on the same thing,
// with prev's symbol and language. prev stays readable as an earlier version.
func (s *Store) SaveFileVersion(ctx context.Context, a domain.Actor, prev *domain.File, name string, r io.Reader, maxSize int64) (*domain.File, error) {
	target := domain.FileTarget{Kind: prev.Kind}
	if prev.ItemID != nil {
		target.ItemID = *prev.ItemID
	}
	if prev.ConsultationID != nil {
		target.ConsultationID = *prev.ConsultationID
	}
	return s.saveFile(ctx, a, target, prev, domain.FileInput{Name: name, Symbol: prev.Symbol, Language: prev.Language}, r, maxSize)
}

func (s *Store) saveFile(ctx context.Context, a domain.Actor, target domain.FileTarget, prev *domain.File, in domain.FileInput, r io.Reader, maxSize int64) (*domain.File, error) {
	nf, err := s.newFile(a, target, in, r, maxSize)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx bun.Tx) error { return s.writeFile(ctx, tx, a, nf, prev) })
	if err != nil {
		return nil, dbError("save file", err)
	}
	return nf.f, nil
}

// incomingFile is a file being uploaded: its row as it will be kept, its first chunk,
// read and judged, and the rest still to read.
type incomingFile struct {
	f       *domain.File
	buf     []byte
	n       int
	r       io.Reader
	maxSize int64
}

// newFile reads the first chunk of the file r brings for target and judges it: the
// name, emptiness and the type, before anything is written.
func (s *Store) newFile(a domain.Actor, target domain.FileTarget, in domain.FileInput, r io.Reader, maxSize int64) (*incomingFile, error) {
	in, err := in.Clean(target.Kind)
	if err != nil {
		return nil, err
	}
	// The first chunk is read before anything is written: its first bytes decide whether
	// the file is kept at all.
	buf := make([]byte, FileChunkSize)
	n, err := readChunk(r, buf)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, domain.ErrFileEmpty
	}
	ft, err := domain.DetectFileType(buf[:n])
	if err != nil {
		return nil, err
	}
	f := &domain.File{
		Kind: target.Kind, Symbol: in.Symbol, Language: in.Language, Name: ft.NameFor(in.Name),
		ContentType: ft.MIME, UploadedBy: actorID(a), UploadedAt: s.now(), Version: 1, Size: 1,
	}
	if target.Kind.OnConsultation() {
		f.ConsultationID = &target.ConsultationID
	} else {
		f.ItemID = &target.ItemID
	}
	return &incomingFile{f: f, buf: buf, n: n, r: r, maxSize: maxSize}, nil
}

// writeFile writes nf in tx, as a new version of prev when prev is not nil: its row, its
// bytes chunk by chunk as they are read, refused with domain.ErrFileTooLarge as soon as
// they pass the limit, and its audit row.
func (s *Store) writeFile(ctx context.Context, tx bun.Tx, a domain.Actor, nf *incomingFile, prev *domain.File) error {
	f, buf, n := nf.f, nf.buf, nf.n
	if err := tx.NewRaw("SELECT nextval('files_id_seq')").Scan(ctx, &f.ID); err != nil {
		return err
	}
	f.SeriesID = f.ID
	if prev != nil {
		// The series' first row is locked, so that new versions of one file number on
		// one after the other: the next statement, with a snapshot of its own, sees
		// the version committed by whoever held the lock before.
		if _, err := tx.NewRaw("SELECT id FROM files WHERE id = ? FOR UPDATE", prev.SeriesID).Exec(ctx); err != nil {
			return err
		}
		var last int
		if err := tx.NewRaw("SELECT max(version) FROM files WHERE series_id = ?", prev.SeriesID).Scan(ctx, &last); err != nil {
			return err
		}
		f.SeriesID, f.Version = prev.SeriesID, last+1
	}
	if _, err := tx.NewInsert().Model(f).Exec(ctx); err != nil {
		return err
	}
	sum := sha256.New()
	var size int64
	for seq := 0; n > 0; seq++ {
		if size += int64(n); size > nf.maxSize {
			return domain.ErrFileTooLarge
		}
		sum.Write(buf[:n])
		if _, err := tx.NewRaw("INSERT INTO file_chunks (file_id, seq, data) VALUES (?, ?, ?)", f.ID, seq, buf[:n]).Exec(ctx); err != nil {
			return err
		}
		var err error
		if n, err = readChunk(nf.r, buf); err != nil {
			return err
		}
	}
	f.Size, f.SHA256 = size, hex.EncodeToString(sum.Sum(nil))
	if _, err := tx.NewUpdate().Model(f).Column("size", "sha256").WherePK().Exec(ctx); err != nil {
		return err
	}
	var before any
	if prev != nil {
		before = fileAudit(prev)
	}
	return s.audit(ctx, tx, a, "upload_file", "file", f.ID, before, fileAudit(f))
}

// readChunk reads into buf until it is full or r ends, and returns how much it read.
func readChunk(r io.Reader, buf []byte) (int, error) {
	n, err := io.ReadFull(r, buf)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return n, nil
	}
	return n, err
}

// fileAudit is what the audit log keeps of a file: what and where, never its bytes.
func fileAudit(f *domain.File) map[string]any {
	m := map[string]any{"name": f.Name, "kind": f.Kind, "content_type": f.ContentType, "size": f.Size,
		"sha256": f.SHA256, "series_id": f.SeriesID, "version": f.Version}
	if f.ItemID != nil {
		m["item_id"] = *f.ItemID
	}
	if f.ConsultationID != nil {
		m["consultation_id"] = *f.ConsultationID
	}
	if f.Symbol != "" {
		m["symbol"], m["language"] = f.Symbol, f.Language
	}
	if f.DeletedAt != nil {
		m["deleted_at"], m["delete_reason"] = f.DeletedAt, f.DeleteReason
	}
	return m
}

// selectFiles is the query shape of files not removed, with their uploader's name.
func (s *Store) selectFiles(model any) *bun.SelectQuery {
	return s.db.NewSelect().Model(model).ColumnExpr("f.*").
		ColumnExpr("coalesce((SELECT u.name FROM users u WHERE u.id = f.uploaded_by), '') AS uploader_name").
		Where("f.deleted_at IS NULL")
}

// File returns file id and what it is on, if bsc sees that: the item of an item
// document, the brief of an annex (final only, for a delegate), the consultation of a
// consultation's file. A file of something the reader may not see is not found, as one
// that does not exist or was removed.
func (s *Store) File(ctx context.Context, bsc domain.BriefScope, id int64) (*domain.File, *domain.FilePlace, error) {
	f := new(domain.File)
	if err := s.selectFiles(f).Where("f.id = ?", id).Scan(ctx); err != nil {
		return nil, nil, dbError("file", err)
	}
	var (
		place domain.FilePlace
		err   error
	)
	switch {
	case f.Kind == domain.FileItemDocument:
		place.Item, err = s.AgendaItem(ctx, bsc.Scope, *f.ItemID)
	case f.Kind == domain.FileBriefAnnex:
		if place.Brief, err = s.Brief(ctx, bsc, *f.ItemID); err == nil {
			place.Item, err = s.AgendaItem(ctx, bsc.Scope, *f.ItemID)
		}
	case f.Kind.OnConsultation():
		// Overdue or not does not matter here: the day is any day.
		place.Consultation, err = s.Consultation(ctx, bsc.Scope, time.UTC, *f.ConsultationID)
	default:
		err = domain.Errorf(domain.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, nil, err
	}
	return f, &place, nil
}

// filesOn lists the files matching where, current versions first by kind and name, each
// with its earlier versions.
func (s *Store) filesOn(ctx context.Context, where string, args ...any) ([]domain.File, error) {
	var all []domain.File
	if err := s.selectFiles(&all).Where(where, args...).
		OrderExpr("f.kind, f.series_id, f.version DESC").Scan(ctx); err != nil {
		return nil, dbError("files", err)
	}
	var cur []domain.File
	for _, f := range all {
		if n := len(cur); n > 0 && cur[n-1].SeriesID == f.SeriesID {
			cur[n-1].Earlier = append(cur[n-1].Earlier, f)
			continue
		}
		cur = append(cur, f)
	}
	return sortFiles(cur), nil
}

// sortFiles orders current files by kind, then symbol and language, then name.
func sortFiles(fs []domain.File) []domain.File {
	key := func(f domain.File) string {
		return string(f.Kind) + "\x00" + f.Symbol + "\x00" + f.Language + "\x00" + strings.ToLower(f.Name)
	}
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && key(fs[j]) < key(fs[j-1]); j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
	return fs
}

// ItemDocuments returns the UNESCO documents of item, as its reader read it.
func (s *Store) ItemDocuments(ctx context.Context, item *domain.AgendaItem) ([]domain.File, error) {
	return s.filesOn(ctx, "f.item_id = ? AND f.kind = ?", item.ID, domain.FileItemDocument)
}

// BriefAnnexes returns the annexes of brief b, as its reader read it.
func (s *Store) BriefAnnexes(ctx context.Context, b *domain.Brief) ([]domain.File, error) {
	return s.filesOn(ctx, "f.item_id = ? AND f.kind = ?", b.ItemID, domain.FileBriefAnnex)
}

// ConsultationFiles returns the Commission's annexes and the ministry's answer files of
// consultation c, as its reader read it.
func (s *Store) ConsultationFiles(ctx context.Context, c *domain.Consultation) ([]domain.File, error) {
	return s.filesOn(ctx, "f.consultation_id = ?", c.ID)
}

// FileChunk returns chunk seq of f's bytes, and false past the last one.
func (s *Store) FileChunk(ctx context.Context, f *domain.File, seq int) ([]byte, bool, error) {
	var data []byte
	err := s.db.NewRaw("SELECT data FROM file_chunks WHERE file_id = ? AND seq = ?", f.ID, seq).Scan(ctx, &data)
	if isNoRows(err) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, dbError("file chunk", err)
	}
	return data, true, nil
}

// removalReason returns the reason a file is removed for, trimmed, or why it is refused.
func removalReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return "", domain.FieldError("reason", "files.error_reason")
	case len([]rune(reason)) > 1000:
		return "", domain.FieldError("reason", "files.error_reason_long")
	}
	return reason, nil
}

// RemoveFile removes f and every version of it from the pages, keeping the rows: a soft
// delete, with a's reason, audited. The last answer file of a consultation answered by
// its files alone stays (ECONFLICT): the answer would be gone with it.
func (s *Store) RemoveFile(ctx context.Context, a domain.Actor, f *domain.File, reason string) error {
	reason, err := removalReason(reason)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(tx bun.Tx) error {
		if f.Kind == domain.FileConsultationAnswer {
			if err := keepsAnswer(ctx, tx, f); err != nil {
				return err
			}
		}
		return s.softDelete(ctx, tx, a, f, reason, "remove_file", "series_id = ?", f.SeriesID)
	})
	return dbError("remove file", err)
}

// softDelete marks the files of where (with arg) that are not yet removed as removed by a
// with reason, and audits it as action on f; ENOTFOUND when none was left to remove.
func (s *Store) softDelete(ctx context.Context, tx bun.Tx, a domain.Actor, f *domain.File, reason, action, where string, arg int64) error {
	now := s.now()
	res, err := tx.NewUpdate().Table("files").
		Set("deleted_at = ?, deleted_by = ?, delete_reason = ?", now, actorID(a), reason).
		Where(where+" AND deleted_at IS NULL", arg).Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Errorf(domain.ENOTFOUND, "error.not_found")
	}
	after := *f
	after.DeletedAt, after.DeleteReason = &now, reason
	return s.audit(ctx, tx, a, action, "file", f.ID, fileAudit(f), fileAudit(&after))
}

// keepsAnswer refuses to remove answer file f when it is the last one of a consultation
// answered or closed with its files alone. The consultation's row is locked, so that an
// answer given meanwhile and this removal take turns.
func keepsAnswer(ctx context.Context, tx bun.Tx, f *domain.File) error {
	var c domain.Consultation
	if err := tx.NewSelect().Model(&c).Column("status", "answer_source").
		Where("id = ?", *f.ConsultationID).For("UPDATE").Scan(ctx); err != nil {
		return err
	}
	if !c.ByAttachment() || (c.Status != domain.ConsultationAnswered && c.Status != domain.ConsultationClosed) {
		return nil
	}
	others, err := tx.NewSelect().Table("files").
		Where("consultation_id = ? AND kind = ? AND deleted_at IS NULL AND series_id <> ?",
			*f.ConsultationID, domain.FileConsultationAnswer, f.SeriesID).Exists(ctx)
	if err != nil {
		return err
	}
	if !others {
		return domain.Errorf(domain.ECONFLICT, "files.error_answer_needed")
	}
	return nil
}

// RemoveFileVersion removes f alone, an earlier version of a file, keeping its row: a
// soft delete, with a's reason, audited. The file's current version is not removed on
// its own (ECONFLICT): the file is removed whole, or a new version uploaded.
func (s *Store) RemoveFileVersion(ctx context.Context, a domain.Actor, f *domain.File, reason string) error {
	reason, err := removalReason(reason)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(tx bun.Tx) error {
		// Locked as a new version locks it, so that the newest version is known.
		if _, err := tx.NewRaw("SELECT id FROM files WHERE id = ? FOR UPDATE", f.SeriesID).Exec(ctx); err != nil {
			return err
		}
		var last int
		if err := tx.NewRaw("SELECT coalesce(max(version), 0) FROM files WHERE series_id = ? AND deleted_at IS NULL",
			f.SeriesID).Scan(ctx, &last); err != nil {
			return err
		}
		if f.Version >= last {
			return domain.Errorf(domain.ECONFLICT, "files.error_current_version")
		}
		return s.softDelete(ctx, tx, a, f, reason, "remove_file_version", "id = ?", f.ID)
	})
	return dbError("remove file version", err)
}

// answerFilesSQL names the current answer files of the consultation (alias c), by name,
// when it is answered by them alone (the answer shown for it); empty otherwise.
const answerFilesSQL = `CASE WHEN c.answer_source = 'attachment' THEN coalesce((
	SELECT string_agg(f.name, ', ' ORDER BY f.name) FROM files f
	WHERE f.consultation_id = c.id AND f.kind = 'consultation_answer' AND f.deleted_at IS NULL
		AND f.version = (SELECT max(v.version) FROM files v WHERE v.series_id = f.series_id AND v.deleted_at IS NULL)), '')
	ELSE '' END`

// hasAnswerFile reports whether consultation id has an answer file not removed.
func hasAnswerFile(ctx context.Context, db bun.IDB, id int64) (bool, error) {
	return db.NewSelect().Table("files").
		Where("consultation_id = ? AND kind = ? AND deleted_at IS NULL", id, domain.FileConsultationAnswer).Exists(ctx)
}
