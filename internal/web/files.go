package web

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
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

// fileFormPage is the page of an upload or a removal that was refused: its form again,
// with the reason next to the field, and the way back.
type fileFormPage struct {
	Back   string // the page the form was on
	View   *filesView
	Symbol string // as typed
	Lang   string // as typed
	Remove *domain.File
	Reason string // as typed
}

// uploadFailed shows the upload form again with why the file was refused; anything
// but a refusal of the input is an error page.
func (h *Handler) uploadFailed(c *fiber.Ctx, err error, back string, v *filesView, up *upload) error {
	if domain.ErrorCode(err) != domain.EINVALID {
		return err
	}
	p := h.page(c, "files.upload_title")
	v.MaxSize = sizeText(h.cfg.MaxFileSize)
	d := &fileFormPage{Back: back, View: v}
	if up != nil {
		d.Symbol, d.Lang = up.fields.Symbol, up.fields.Language
	}
	p.Data = d
	if domain.ErrorFields(err)["file"] == domain.ErrFileTooLarge.Fields["file"] {
		// The message names the limit.
		err = domain.FieldError("file", p.L.T("files.error_too_large", "MaxSize", sizeText(h.cfg.MaxFileSize)))
	}
	return h.formFailed(c, p, "pages/file_form", err)
}

// saveUpload reads the upload of the request and keeps its file on target, then sends
// the person back to back; a refused file shows the form again, with v's fields.
func (h *Handler) saveUpload(c *fiber.Ctx, target domain.FileTarget, back string, v *filesView) error {
	up, err := h.readUpload(c)
	if err == nil {
		in := domain.FileInput{Name: up.file.FileName(), Symbol: up.fields.Symbol, Language: up.fields.Language}
		_, err = h.store.SaveFile(c.UserContext(), actor(c), target, in, up.file, h.cfg.MaxFileSize)
	}
	if err != nil {
		return h.uploadFailed(c, err, back, v, up)
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
	v := &filesView{ID: "documents", Title: "files.documents", Symbol: true, Upload: itemPath(id) + "/files"}
	return h.saveUpload(c, domain.FileTarget{Kind: domain.FileItemDocument, ItemID: id}, itemPath(id)+"#documents", v)
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
	v := &filesView{ID: "annexes", Title: "files.annexes", Upload: itemPath(id) + "/brief/files"}
	return h.saveUpload(c, domain.FileTarget{Kind: domain.FileBriefAnnex, ItemID: id}, itemPath(id)+"#annexes", v)
}

// uploadConsultationFile adds a file to a consultation: the Commission's annex when
// staff add it, the ministry's answer when its liaison does.
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
	v := &filesView{ID: "files", Title: "files.consultation", Upload: consultationPath(id) + "/files"}
	return h.saveUpload(c, domain.FileTarget{Kind: kind, ConsultationID: id}, consultationPath(id)+"#files", v)
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
	back := placePath(f)
	up, err := h.readUpload(c)
	if err == nil {
		_, err = h.store.SaveFileVersion(c.UserContext(), actor(c), f, up.file.FileName(), up.file, h.cfg.MaxFileSize)
	}
	if err != nil {
		v := &filesView{Upload: "/files/" + strconv.FormatInt(f.ID, 10) + "/versions"}
		return h.uploadFailed(c, err, back, v, up)
	}
	return h.redirect(c, back, "files.saved")
}

// fileRemoval is the form that removes a file.
type fileRemoval struct {
	Reason string `form:"reason" validate:"required,max=1000"`
}

// removeFile removes a file, with every version of it, giving a reason.
func (h *Handler) removeFile(c *fiber.Ctx) error {
	f, err := h.changeableFile(c)
	if err != nil {
		return err
	}
	var in fileRemoval
	err = h.parseForm(c, &in)
	if err == nil {
		err = h.store.RemoveFile(c.UserContext(), actor(c), f, in.Reason)
	}
	if err != nil {
		if domain.ErrorCode(err) != domain.EINVALID {
			return err
		}
		p := h.page(c, "files.remove_title")
		p.Data = &fileFormPage{Back: placePath(f), Remove: f, Reason: in.Reason}
		return h.formFailed(c, p, "pages/file_form", err)
	}
	return h.redirect(c, placePath(f), "files.removed")
}

// Languages lists the languages a document may be marked in, for the upload form.
func (*filesView) Languages() []string { return domain.DocLanguages }
