package web

import (
	"context"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
	"github.com/kncu/plenary/internal/store"
)

// Files on items (UNESCO's documents), briefs (annexes) and consultations (the
// Commission's annex, the ministry's answer files): the lists on their pages, the upload
// of a file or of a new version, and removal with a reason. Downloads are in
// file_download.go.

// filesView is the list of files on one thing, with the form to add one.
type filesView struct {
	ID     string // the section's id on its page
	Title  string // catalogue id of its heading
	Empty  string // catalogue id of what it says without files
	Rows   []fileRow
	Upload string // the upload form's target; empty for whoever may not add a file
	Symbol bool   // item documents: listed and added by symbol and language
	Kinds  bool   // each file's kind is shown (a consultation's annexes and answers)
	// MaxSize names the largest file an upload may bring.
	MaxSize string

	// A refused form, shown again: Failed for the form that adds a file, with the
	// symbol and language typed in it; FailedFile for the forms of one file (a new
	// version, a removal), with the Reason typed.
	Failed                 bool
	TypedSymbol, TypedLang string
	FailedFile             int64
	Reason                 string
}

// fileRow is one file of a list, with what the person may do with it.
type fileRow struct {
	domain.File
	Type      string // its type's short name
	SizeText  string
	CanChange bool // add a version, remove
}

// fileRows puts files in rows for u, on place.
func fileRows(u *domain.User, files []domain.File, place *domain.FilePlace) []fileRow {
	rows := make([]fileRow, len(files))
	for i, f := range files {
		rows[i] = fileRow{File: f, Type: domain.FileTypeOf(f.ContentType).Label, SizeText: sizeText(f.Size),
			CanChange: policy.CanFileChange(u, f.Kind, place)}
	}
	return rows
}

// sizeText writes a size as people read it, in KB below a megabyte.
func sizeText(n int64) string {
	switch {
	case n < 1<<10:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1<<20:
		return strconv.FormatInt((n+1<<9)>>10, 10) + " KB"
	case n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// itemFiles returns the documents of item and, when the person reads its brief, the
// brief's annexes.
func (h *Handler) itemFiles(c *fiber.Ctx, item *domain.AgendaItem, b *domain.Brief) (docs, annexes *filesView, err error) {
	u, ctx := currentUser(c), c.UserContext()
	files, err := h.store.ItemDocuments(ctx, item)
	if err != nil {
		return nil, nil, err
	}
	place := &domain.FilePlace{Item: item}
	docs = &filesView{ID: "documents", Title: "files.documents", Empty: "files.no_documents", Symbol: true,
		Rows: fileRows(u, files, place)}
	if policy.CanFileChange(u, domain.FileItemDocument, place) {
		docs.Upload = itemPath(item.ID) + "/files"
	}
	docs.MaxSize = sizeText(h.cfg.MaxFileSize)
	if b == nil {
		return docs, nil, nil
	}
	if files, err = h.store.BriefAnnexes(ctx, b); err != nil {
		return nil, nil, err
	}
	place = &domain.FilePlace{Item: item, Brief: b}
	annexes = &filesView{ID: "annexes", Title: "files.annexes", Empty: "files.no_annexes", Rows: fileRows(u, files, place)}
	if policy.CanFileChange(u, domain.FileBriefAnnex, place) {
		annexes.Upload = itemPath(item.ID) + "/brief/files"
	}
	annexes.MaxSize = docs.MaxSize
	return docs, annexes, nil
}

// consultationFiles returns the files of consultation cons, with the upload form of the
// kind the person adds.
func (h *Handler) consultationFiles(c *fiber.Ctx, cons *domain.Consultation) (*filesView, error) {
	u := currentUser(c)
	files, err := h.store.ConsultationFiles(c.UserContext(), cons)
	if err != nil {
		return nil, err
	}
	place := &domain.FilePlace{Consultation: cons}
	v := &filesView{ID: "files", Title: "files.consultation", Empty: "files.no_files", Kinds: true, Rows: fileRows(u, files, place)}
	if policy.CanFileChange(u, policy.ConsultationFileKind(u), place) {
		v.Upload = consultationPath(cons.ID) + "/files"
	}
	v.MaxSize = sizeText(h.cfg.MaxFileSize)
	return v, nil
}

// placePath is the page of what a file is on, at its list of files.
func placePath(f *domain.File) string {
	switch f.Kind {
	case domain.FileItemDocument:
		return itemPath(*f.ItemID) + "#documents"
	case domain.FileBriefAnnex:
		return itemPath(*f.ItemID) + "#annexes"
	}
	return consultationPath(*f.ConsultationID) + "#files"
}

// placeID is the id of what f is on: its item, or its consultation.
func placeID(f *domain.File) int64 {
	if f.Kind.OnConsultation() {
		return *f.ConsultationID
	}
	return *f.ItemID
}

// filesPageOf builds the page that lists the files of kind on item or consultation id,
// to show a refused form of it again: the page, its template and that list.
func (h *Handler) filesPageOf(c *fiber.Ctx, kind domain.FileKind, id int64) (*Page, string, *filesView, error) {
	if kind.OnConsultation() {
		p, d, err := h.consultationPage(c, id)
		if err != nil {
			return nil, "", nil, err
		}
		return p, "pages/consultation", d.Files, nil
	}
	p, d, err := h.itemPageFor(c, id)
	if err != nil {
		return nil, "", nil, err
	}
	if kind == domain.FileBriefAnnex {
		return p, "pages/item", d.Annexes, nil
	}
	return p, "pages/item", d.Documents, nil
}

// fileFormFailed shows again the page a refused file form was on, the page of kind's
// files on item or consultation id, with why beside the form's field and what else was
// typed in it; mark says which form of the page it was. Nothing was stored. Anything but
// a refusal of the input or a conflict with what is saved is an error page.
func (h *Handler) fileFormFailed(c *fiber.Ctx, err error, kind domain.FileKind, id int64, mark func(*Page, *filesView)) error {
	if code := domain.ErrorCode(err); code != domain.EINVALID && code != domain.ECONFLICT {
		return err
	}
	p, view, v, perr := h.filesPageOf(c, kind, id)
	if perr != nil {
		return perr
	}
	if v == nil {
		return err
	}
	mark(p, v)
	if domain.ErrorFields(err)["file"] == domain.ErrFileTooLarge.Fields["file"] {
		// The message names the limit.
		err = domain.FieldError("file", p.L.T("files.error_too_large", "MaxSize", sizeText(h.cfg.MaxFileSize)))
	}
	return h.formFailed(c, p, view, err)
}

// saveUpload reads the upload of the request and keeps its file on target, then sends
// the person back to back; a refused file shows the page again.
func (h *Handler) saveUpload(c *fiber.Ctx, target domain.FileTarget, back string) error {
	up, err := h.readUpload(c)
	return h.saveUploaded(c, up, err, target, back)
}

// saveUploaded is saveUpload once the upload up is read up to its file, with err what
// reading it found wrong.
func (h *Handler) saveUploaded(c *fiber.Ctx, up *upload, err error, target domain.FileTarget, back string) error {
	if err == nil {
		in := domain.FileInput{Name: up.file.FileName(), Symbol: up.fields.Symbol, Language: up.fields.Language}
		_, err = h.store.SaveFile(c.UserContext(), actor(c), target, in, up.file, h.cfg.MaxFileSize)
	}
	if err != nil {
		id := target.ItemID
		if target.Kind.OnConsultation() {
			id = target.ConsultationID
		}
		return h.fileFormFailed(c, err, target.Kind, id, func(_ *Page, v *filesView) {
			v.Failed = true
			if up != nil {
				v.TypedSymbol, v.TypedLang = up.fields.Symbol, up.fields.Language
			}
		})
	}
	return h.redirect(c, back, "files.saved")
}

// uploadItemDocument adds a UNESCO document to an item.
func (h *Handler) uploadItemDocument(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return err
	}
	item, err := h.store.AgendaItem(c.UserContext(), policy.ScopeOf(u), id)
	if err != nil {
		return err
	}
	if err := policy.CheckFileChange(u, domain.FileItemDocument, &domain.FilePlace{Item: item}); err != nil {
		return err
	}
	return h.saveUpload(c, domain.FileTarget{Kind: domain.FileItemDocument, ItemID: id}, itemPath(id)+"#documents")
}

// uploadBriefAnnex adds an annex to an item's brief.
func (h *Handler) uploadBriefAnnex(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return err
	}
	b, err := h.store.Brief(c.UserContext(), policy.BriefScopeOf(u), id)
	if err != nil {
		return err
	}
	if err := policy.CheckFileChange(u, domain.FileBriefAnnex, &domain.FilePlace{Brief: b}); err != nil {
		return err
	}
	return h.saveUpload(c, domain.FileTarget{Kind: domain.FileBriefAnnex, ItemID: id}, itemPath(id)+"#annexes")
}

// uploadConsultationFile adds a file to a consultation: the Commission's annex when
// staff add it, the ministry's answer file when its liaison does. A liaison's file sent
// as the answer (the answer form's "Or answer with a file") is the answer itself.
func (h *Handler) uploadConsultationFile(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return err
	}
	cons, err := h.store.Consultation(c.UserContext(), policy.ScopeOf(u), h.cfg.Zone, id)
	if err != nil {
		return err
	}
	kind := policy.ConsultationFileKind(u)
	if err := policy.CheckFileChange(u, kind, &domain.FilePlace{Consultation: cons}); err != nil {
		return err
	}
	up, err := h.readUpload(c)
	if up == nil || !up.fields.AsAnswer || kind != domain.FileConsultationAnswer {
		return h.saveUploaded(c, up, err, domain.FileTarget{Kind: kind, ConsultationID: id}, consultationPath(id)+"#files")
	}
	if err == nil {
		_, err = h.store.AnswerWithFile(c.UserContext(), actor(c), id, up.fields.Version, up.file.FileName(), up.file, h.cfg.MaxFileSize)
	}
	if err != nil {
		return h.fileFormFailed(c, err, kind, id, func(p *Page, _ *filesView) {
			d := p.Data.(*consultationPage)
			d.AnswerFileFailed = true
			if isStale(err) {
				d.Saved = d.C
			}
		})
	}
	return h.redirect(c, consultationPath(id), "consultations.answered_by_file")
}

// changeableFile reads the file of the route as the person may see it, and checks that
// they may change it (add a version, remove it).
func (h *Handler) changeableFile(c *fiber.Ctx) (*domain.File, error) {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return nil, err
	}
	f, place, err := h.store.File(c.UserContext(), policy.BriefScopeOf(u), id)
	if err != nil {
		return nil, err
	}
	return f, policy.CheckFileChange(u, f.Kind, place)
}

// uploadFileVersion adds a new version of a file; the earlier one stays readable.
func (h *Handler) uploadFileVersion(c *fiber.Ctx) error {
	f, err := h.changeableFile(c)
	if err != nil {
		return err
	}
	up, err := h.readUpload(c)
	if err == nil {
		_, err = h.store.SaveFileVersion(c.UserContext(), actor(c), f, up.file.FileName(), up.file, h.cfg.MaxFileSize)
	}
	if err != nil {
		return h.fileFormFailed(c, err, f.Kind, placeID(f), func(_ *Page, v *filesView) { v.FailedFile = f.ID })
	}
	return h.redirect(c, placePath(f), "files.saved")
}

// fileRemoval is the form that removes a file, or one earlier version of it.
type fileRemoval struct {
	Reason string `form:"reason" validate:"max=1000"`
}

// removeFile removes a file, with every version of it, giving a reason.
func (h *Handler) removeFile(c *fiber.Ctx) error {
	return h.remove(c, (*store.Store).RemoveFile, "files.removed")
}

// removeFileVersion removes one earlier version of a file, giving a reason; the file and
// its other versions stay.
func (h *Handler) removeFileVersion(c *fiber.Ctx) error {
	return h.remove(c, (*store.Store).RemoveFileVersion, "files.version_removed")
}

// remove removes the file of the route by del, with the reason of the form; a refusal
// shows the page of the file's list again, with the reason as typed.
func (h *Handler) remove(c *fiber.Ctx, del func(*store.Store, context.Context, domain.Actor, *domain.File, string) error, done string) error {
	f, err := h.changeableFile(c)
	if err != nil {
		return err
	}
	var in fileRemoval
	err = h.parseForm(c, &in)
	if err == nil {
		err = del(h.store, c.UserContext(), actor(c), f, in.Reason)
	}
	if err != nil {
		return h.fileFormFailed(c, err, f.Kind, placeID(f), func(_ *Page, v *filesView) {
			v.FailedFile, v.Reason = f.ID, in.Reason
		})
	}
	return h.redirect(c, placePath(f), done)
}

// Languages lists the languages a document may be marked in, for the upload form.
func (*filesView) Languages() []string { return domain.DocLanguages }
