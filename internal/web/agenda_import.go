package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/importer"
	"github.com/kncu/plenary/internal/policy"
)

// The agenda import is three steps: the upload form, the preview of every row (which
// keeps the checked rows server-side under a token when none has an error), and the
// confirmation, which imports what the preview showed, all or nothing.

type importFormData struct {
	Session *domain.Session
}

type importPreviewData struct {
	Session *domain.Session
	Preview *importer.Preview
	Rows    []importRowView
	Token   string // empty when the file cannot be imported
	Columns string
	Ignored string
}

// importRowView is one row of the preview, in the person's language.
type importRowView struct {
	Line       int
	Action     importer.Action
	Number     string
	TitleEN    string
	TitleKO    string
	Documents  []string
	Commission string
	Sector     string
	Lead       string
	Priority   string
	Errors     []string
}

// columnLabels names the columns of an agenda file in messages.
var columnLabels = map[importer.Column]string{
	importer.ColItem:       "import.h_item",
	importer.ColTitle:      "import.h_title",
	importer.ColTitleKO:    "import.h_title_ko",
	importer.ColDocuments:  "import.h_documents",
	importer.ColCommission: "import.h_commission",
	importer.ColSector:     "import.h_sector",
	importer.ColLead:       "import.h_lead",
	importer.ColPriority:   "import.h_priority",
}

// importSession returns the session of the route, as the person may see it.
func (h *Handler) importSession(c *fiber.Ctx) (*domain.Session, error) {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return nil, err
	}
	return h.store.Session(c.UserContext(), policy.ScopeOf(u), id)
}

func (h *Handler) showImport(c *fiber.Ctx) error {
	ses, err := h.importSession(c)
	if err != nil {
		return err
	}
	p := h.page(c, "import.title")
	p.Data = importFormData{Session: ses}
	return h.render(c, fiber.StatusOK, "pages/agenda_import", p)
}

// previewImport reads the uploaded file and shows what importing it would do. A file that
// cannot be read at all comes back to the form with the reason.
func (h *Handler) previewImport(c *fiber.Ctx) error {
	ses, err := h.importSession(c)
	if err != nil {
		return err
	}
	formFailed := func(msg string) error {
		p := h.page(c, "import.title")
		p.Data = importFormData{Session: ses}
		return h.formFailed(c, p, "pages/agenda_import", &domain.Error{
			Code: domain.EINVALID, Message: "error.invalid", Fields: map[string]string{"file": msg}})
	}
	fh, err := c.FormFile("file")
	if err != nil || fh.Filename == "" {
		return formFailed("import.no_file")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	sheet, err := importer.ReadAgenda(f, fh.Filename, fh.Size)
	if domain.ErrorCode(err) == domain.EINVALID {
		return formFailed(uploadRefused(h.localizer(c), err, importer.AgendaFiles))
	} else if err != nil {
		return err
	}
	ctx := c.UserContext()
	lk, err := h.store.ImportLookups(ctx, ses.ID)
	if err != nil {
		return err
	}
	pv := importer.Check(sheet, lk)
	p := h.page(c, "import.preview_title")
	d := importPreviewData{Session: ses, Preview: pv, Rows: previewRows(p.L, pv),
		Columns: strings.Join(pv.Columns, ", "), Ignored: strings.Join(pv.Ignored, ", ")}
	status := fiber.StatusUnprocessableEntity
	if pv.OK() {
		if d.Token, err = h.store.SavePendingImport(ctx, p.User.ID, ses.ID, pv.File, pv.Items()); err != nil {
			return err
		}
		status = fiber.StatusOK
	}
	p.Data = d
	return h.render(c, status, "pages/agenda_import_preview", p)
}

// confirmImport imports the rows the person saw in the preview. The token must be theirs
// and the session's; a preview that expired, was imported already or is someone else's
// is not found.
func (h *Handler) confirmImport(c *fiber.Ctx) error {
	ses, err := h.importSession(c)
	if err != nil {
		return err
	}
	token := c.Params("token")
	_, added, updated, err := h.store.ConfirmPendingImport(c.UserContext(), actor(c), ses.ID, token)
	back := "/sessions/" + strconv.FormatInt(ses.ID, 10)
	if domain.ErrorCode(err) == domain.ECONFLICT {
		return h.redirect(c, back+"/import", domain.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	return h.redirect(c, back, "import.done", "Count", added, "Updated", updated)
}

// uploads names each upload's kinds of file for the templates (uploadText).
var uploads = map[string]importer.FileTypes{"agenda": importer.AgendaFiles, "tracker": importer.TrackerFiles}

// uploadRefused says, in l's language, why an uploaded file of an upload that reads
// types was refused as a whole, naming the limit it goes beyond.
func uploadRefused(l *i18n.Localizer, err error, types importer.FileTypes) string {
	return l.T(domain.ErrorMessage(err), importer.LimitData(types)...)
}

// previewRows puts the preview's rows in the person's language.
func previewRows(l *i18n.Localizer, pv *importer.Preview) []importRowView {
	rows := make([]importRowView, len(pv.Rows))
	for i, r := range pv.Rows {
		in := r.Input
		v := importRowView{Line: r.Line, Action: r.Action, Number: in.Number, TitleEN: in.TitleEN, TitleKO: in.TitleKO,
			Documents: domain.SplitDocuments(in.Documents), Commission: in.Commission, Sector: in.Sector,
			Lead: r.LeadText, Priority: r.Priority}
		if r.Lead != nil {
			v.Lead = r.Lead.Code + " · " + r.Lead.Name(l.Lang())
		}
		if id := domain.Priority(in.Priority).Label(); id != "" {
			v.Priority = l.T(id)
		}
		for _, e := range r.Errors {
			v.Errors = append(v.Errors, rowErrorText(l, e))
		}
		rows[i] = v
	}
	return rows
}

// rowErrorText says what is wrong with a cell: its column, what it holds, and why.
func rowErrorText(l *i18n.Localizer, e importer.RowError) string {
	msg := l.T(e.Message, "First", e.First, "Max", e.Max)
	label := l.T(columnLabels[e.Column])
	if e.Value == "" {
		return label + ": " + msg
	}
	return fmt.Sprintf("%s “%s”: %s", label, shorten(e.Value, 60), msg)
}

// shorten cuts s to at most n characters, marking the cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
