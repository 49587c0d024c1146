package web

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/importer"
	"github.com/kncu/plenary/internal/policy"
)

// The tracker round trip: a workbook of open consultations to download, for one ministry
// or all; the filled workbook uploaded back, previewed row by row with the reason of
// every refusal; and the confirmation that records the answers of the preview.

const trackerContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// trackerLabels returns the texts of a tracker in l's language.
func trackerLabels(l *i18n.Localizer) exports.TrackerLabels {
	return exports.TrackerLabels{
		Sheet: l.T("consultations.xlsx_sheet"), Guide: l.T("consultations.xlsx_guide"),
		ID: l.T("consultations.col_id"), Session: l.T("consultations.col_session"), Item: l.T("consultations.col_item"),
		Title: l.T("consultations.col_title"), Ministry: l.T("consultations.col_ministry"),
		Question: l.T("consultations.col_question"), Comment: l.T("consultations.col_comment"),
		Asked: l.T("consultations.asked_on"), Due: l.T("consultations.col_due"), Answer: l.T("consultations.col_answer"),
		Version: l.T("consultations.col_version"),
		Heading: l.T("consultations.xlsx_heading"), MinistryLabel: l.T("consultations.col_ministry"),
		AllMinistries: l.T("consultations.all_ministries"), GeneratedBy: l.T("consultations.xlsx_generated_by"),
		GeneratedAt: l.T("consultations.xlsx_generated_at"), Count: l.T("consultations.xlsx_count"),
		Instructions: []string{
			l.T("consultations.xlsx_howto_1"), l.T("consultations.xlsx_howto_2"),
			l.T("consultations.xlsx_howto_3"), l.T("consultations.xlsx_howto_4"),
		},
		TooLongTitle: l.T("consultations.xlsx_too_long_title"), TooLong: l.T("consultations.xlsx_too_long"),
	}
}

// trackerLabelSets are the headers a returned tracker may have: it may have been made in
// either language.
func (h *Handler) trackerLabelSets() []exports.TrackerLabels {
	sets := make([]exports.TrackerLabels, len(i18n.Languages))
	for i, lang := range i18n.Languages {
		sets[i] = trackerLabels(h.cat.For(lang))
	}
	return sets
}

// queryMinistry reads the ministry a tracker page is asked for, 0 when none is.
func (h *Handler) queryMinistry(c *fiber.Ctx) (int64, error) {
	var q struct {
		Ministry int64 `query:"ministry"`
	}
	err := h.parseQuery(c, &q)
	return q.Ministry, err
}

// downloadTracker sends the tracker of the open consultations of one ministry (the query's
// ministry; a liaison's own), or of every ministry for staff who ask for none.
func (h *Handler) downloadTracker(c *fiber.Ctx) error {
	u := currentUser(c)
	requested, err := h.queryMinistry(c)
	if err != nil {
		return err
	}
	ministryID, err := policy.TrackerMinistry(u, policy.ExportTracker, requested)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	l := h.localizer(c)
	t := exports.Tracker{Lang: l.Lang(), Labels: trackerLabels(l), GeneratedBy: u.Name, GeneratedAt: h.now().In(h.cfg.Zone)}
	code := "all"
	if ministryID != 0 {
		m, err := h.store.Ministry(ctx, ministryID)
		if err != nil {
			return err
		}
		t.Ministry, code = m.Code+" · "+m.Name(l.Lang()), m.Code
	}
	t.Rows, err = h.store.Consultations(ctx, policy.ScopeOf(u), h.cfg.Zone,
		domain.ConsultationFilter{MinistryID: ministryID, Status: string(domain.ConsultationOpen)})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.Write(&buf); err != nil {
		return err
	}
	// A tracker carries the consultations' questions out of Plenary, as a pack does.
	err = h.store.RecordExport(ctx, actor(c), "tracker", "ministry", ministryID,
		map[string]any{"ministry": code, "lang": t.Lang, "consultations": len(t.Rows)})
	if err != nil {
		return err
	}
	name := fmt.Sprintf("plenary-consultations-%s-%s.xlsx", code, t.GeneratedAt.Format("2006-01-02"))
	c.Set(fiber.HeaderContentType, trackerContentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

type trackerUploadPage struct {
	Ministries []domain.Ministry // staff choose the ministry the file is for
	Ministry   *domain.Ministry  // a liaison's own
	MinistryID int64
}

// trackerUploadForm builds the upload form for the ministry chosen (a liaison's own).
func (h *Handler) trackerUploadForm(c *fiber.Ctx, ministryID int64) (*Page, error) {
	ctx := c.UserContext()
	d := trackerUploadPage{MinistryID: ministryID}
	var err error
	if policy.ScopeOf(currentUser(c)).All {
		d.Ministries, err = h.store.Ministries(ctx)
	} else {
		d.Ministry, err = h.store.Ministry(ctx, ministryID)
	}
	if err != nil {
		return nil, err
	}
	p := h.page(c, "consultations.upload_title")
	p.Data = d
	return p, nil
}

func (h *Handler) showTrackerUpload(c *fiber.Ctx) error {
	requested, err := h.queryMinistry(c)
	if err != nil {
		return err
	}
	ministryID, err := policy.TrackerMinistry(currentUser(c), policy.UploadTracker, requested)
	if err != nil {
		return err
	}
	p, err := h.trackerUploadForm(c, ministryID)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "pages/consultation_upload", p)
}

type trackerPreviewPage struct {
	Check    *domain.TrackerCheck
	Ministry *domain.Ministry // nil: every ministry
	Token    string           // empty when nothing can be recorded
}

// previewTrackerUpload reads a returned tracker and shows, row by row, the answers that
// will be recorded and the rows refused with their reasons. A file that cannot be read
// comes back to the form with the reason.
func (h *Handler) previewTrackerUpload(c *fiber.Ctx) error {
	u := currentUser(c)
	requested, _ := strconv.ParseInt(c.FormValue("ministry_id"), 10, 64)
	ministryID, err := policy.TrackerMinistry(u, policy.UploadTracker, requested)
	if err != nil {
		return err
	}
	fileFailed := func(msg string) error {
		p, err := h.trackerUploadForm(c, ministryID)
		if err != nil {
			return err
		}
		return h.formFailed(c, p, "pages/consultation_upload", &domain.Error{
			Code: domain.EINVALID, Message: "error.invalid", Fields: map[string]string{"file": msg}})
	}
	fh, err := c.FormFile("file")
	if err != nil || fh.Filename == "" {
		return fileFailed("import.no_file")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	lines, err := exports.ReadTracker(f, fh.Filename, fh.Size, h.trackerLabelSets()...)
	if domain.ErrorCode(err) == domain.EINVALID {
		return fileFailed(uploadRefused(h.localizer(c), err, importer.TrackerFiles))
	} else if err != nil {
		return err
	}
	ctx := c.UserContext()
	d := trackerPreviewPage{}
	if ministryID != 0 {
		if d.Ministry, err = h.store.Ministry(ctx, ministryID); err != nil {
			return err
		}
	}
	if d.Check, err = h.store.CheckTracker(ctx, policy.ScopeOf(u), h.cfg.Zone, ministryID, filepath.Base(fh.Filename), lines); err != nil {
		return err
	}
	status := fiber.StatusUnprocessableEntity
	if d.Check.Record > 0 {
		if d.Token, err = h.store.SaveTrackerUpload(ctx, u.ID, ministryID, d.Check); err != nil {
			return err
		}
		status = fiber.StatusOK
	}
	p := h.page(c, "consultations.preview_title")
	p.Data = d
	return h.render(c, status, "pages/consultation_upload_preview", p)
}

// confirmTrackerUpload records the answers the person saw in the preview, all in one
// transaction; when a consultation changed meanwhile, nothing is recorded and the person
// is sent back to upload the file again.
func (h *Handler) confirmTrackerUpload(c *fiber.Ctx) error {
	u := currentUser(c)
	token := c.Params("token")
	n, err := h.store.ConfirmTrackerUpload(c.UserContext(), actor(c), policy.ScopeOf(u), token)
	if domain.ErrorCode(err) == domain.ECONFLICT {
		return h.redirect(c, "/consultations/upload", domain.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	return h.redirect(c, "/consultations", "consultations.upload_done", "Count", n)
}
