package web

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/kncu/plenary/internal/domain"
)

// Request bodies are streamed (fiber's StreamRequestBody): fasthttp hands a request to
// Plenary after its headers, and the body is read as it arrives. File uploads read their
// file part straight into the database in chunks, checking its size as they go, so that
// a 25 MB upload never sits whole in memory or on disk. Every other request is read
// whole up to formBodyLimit by readBody before anything else sees it, as fasthttp would
// have read it.

const (
	// formBodyLimit is the most bytes a request other than a file upload may send: the
	// largest spreadsheet the agenda import and the tracker accept, and their form.
	formBodyLimit = 8 << 20
	// uploadOverhead is what a file upload's form may add to its file: the other fields
	// and the multipart framing.
	uploadOverhead = 1 << 20
	// maxUploadField is the most bytes of a short field of an upload form.
	maxUploadField = 4 << 10
)

// uploadRoutes are the routes that take a file, streamed.
var uploadRoutes = []struct{ method, path string }{
	{fiber.MethodPost, "/items/:id/files"},
	{fiber.MethodPost, "/items/:id/brief/files"},
	{fiber.MethodPost, "/consultations/:id/files"},
	{fiber.MethodPost, "/files/:id/versions"},
}

// isUploadRoute reports whether method and path name one of uploadRoutes, matched as
// fiber matches routes.
func isUploadRoute(method, path string) bool {
	got := strings.Split(strings.TrimSuffix(path, "/"), "/")
	for _, r := range uploadRoutes {
		if r.method == method && matchSegments(strings.Split(r.path, "/"), got) {
			return true
		}
	}
	return false
}

// requestConfig gives file uploads, as soon as their headers are read, the time a large
// file takes to arrive over a slow line: the export timeout, which is also their
// request's deadline, where a form has the server's ReadTimeout.
func (h *Handler) requestConfig(header *fasthttp.RequestHeader) fasthttp.RequestConfig {
	path, _, _ := strings.Cut(string(header.RequestURI()), "?")
	if isUploadRoute(string(header.Method()), path) {
		return fasthttp.RequestConfig{ReadTimeout: h.cfg.ExportTimeout}
	}
	return fasthttp.RequestConfig{}
}

// isMultipart reports whether the request's body is a multipart form.
func isMultipart(c *fiber.Ctx) bool {
	mt, _, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	return err == nil && mt == fiber.MIMEMultipartForm
}

// readBody reads the body of every request but a file upload whole, up to
// formBodyLimit (413 beyond), so that the forms, the anti-forgery check and the
// spreadsheet uploads read it as before. A file upload's body stays a stream for its
// handler; whatever of it the handler leaves unread is read and dropped afterwards, so
// that the browser gets the answer (a refusal, say) rather than a broken connection.
func (h *Handler) readBody(c *fiber.Ctx) error {
	req := c.Request()
	if !req.IsBodyStream() {
		return c.Next()
	}
	if isUploadRoute(c.Method(), c.Path()) && isMultipart(c) {
		defer h.drainUpload(c)
		return c.Next()
	}
	if req.Header.ContentLength() > formBodyLimit {
		c.Context().SetConnectionClose()
		return fiber.ErrRequestEntityTooLarge
	}
	body, err := io.ReadAll(io.LimitReader(c.Context().RequestBodyStream(), formBodyLimit+1))
	if err != nil {
		c.Context().SetConnectionClose()
		return fiber.ErrBadRequest
	}
	if len(body) > formBodyLimit {
		c.Context().SetConnectionClose()
		return fiber.ErrRequestEntityTooLarge
	}
	req.SetBodyRaw(body)
	return c.Next()
}

// drainUpload reads and drops what is left of an upload's body, up to what the largest
// allowed upload sends; a body longer than that closes the connection instead.
func (h *Handler) drainUpload(c *fiber.Ctx) {
	limit := h.cfg.MaxFileSize + uploadOverhead
	n, err := io.Copy(io.Discard, io.LimitReader(c.Context().RequestBodyStream(), limit+1))
	if err != nil || n > limit {
		c.Context().SetConnectionClose()
	}
}

// streamedUpload reports whether the request is a file upload whose body is still a
// stream: its anti-forgery token is the form's first field, which its handler checks
// before it reads the file.
func streamedUpload(c *fiber.Ctx) bool {
	return c.Request().IsBodyStream() && isUploadRoute(c.Method(), c.Path()) && isMultipart(c)
}

// forgedUpload logs an upload without the visitor's token and returns its refusal.
func (h *Handler) forgedUpload(c *fiber.Ctx) error {
	h.log.Warn("csrf check failed", "path", c.Path(), "ip", c.IP(), "err", errCSRF)
	return domain.Errorf(domain.EFORBIDDEN, "error.csrf")
}

// upload is a file upload being read: the short fields sent before the file, and the
// file's part, read from the network as the store reads it.
type upload struct {
	fields uploadFields
	file   *multipart.Part
}

// uploadFields are the short fields of an upload form, checked as every form's are.
type uploadFields struct {
	Symbol   string `form:"symbol" validate:"max=100"`
	Language string `form:"language" validate:"omitempty,enum=doc_language"`
	// A liaison's file sent as the ministry's answer, on the consultation at Version.
	AsAnswer bool `form:"as_answer"`
	Version  int  `form:"version"`
}

// readUpload reads a file upload up to its file: first the anti-forgery token (403
// when it is missing or wrong, before anything else is read), then the short fields,
// checked, then the part named "file", which it returns unread. A form sent without a
// file, or not as a multipart form at all, is domain.ErrFileMissing, with what is wrong
// with its other fields.
func (h *Handler) readUpload(c *fiber.Ctx) (*upload, error) {
	up := &upload{}
	if !streamedUpload(c) {
		return up, joinInvalid(h.parseForm(c, &up.fields), errNoFile)
	}
	_, params, _ := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	mr := multipart.NewReader(c.Context().RequestBodyStream(), params["boundary"])
	key, err := h.csrfKey(c.UserContext())
	if err != nil {
		return nil, err
	}
	for first := true; ; first = false {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			if first {
				return nil, h.forgedUpload(c)
			}
			return up, joinInvalid(h.localizer(c).Validate(&up.fields), errNoFile)
		} else if err != nil {
			return nil, domain.Errorf(domain.EINVALID, "error.invalid")
		}
		name := p.FormName()
		if first && name != csrfField {
			return nil, h.forgedUpload(c)
		}
		if name == "file" {
			if err := h.localizer(c).Validate(&up.fields); err != nil {
				return up, err
			}
			if p.FileName() == "" {
				return up, errNoFile
			}
			up.file = p
			return up, nil
		}
		b, err := io.ReadAll(io.LimitReader(p, maxUploadField+1))
		if err != nil {
			return nil, domain.Errorf(domain.EINVALID, "error.invalid")
		}
		if len(b) > maxUploadField {
			// Read no further, but say which field is too long where the form has it.
			if msg := oversizedUploadField[name]; msg != "" {
				return nil, domain.FieldError(name, msg)
			}
			return nil, domain.Errorf(domain.EINVALID, "error.invalid")
		}
		switch {
		case first:
			if !h.validCSRF(c, key, string(b)) {
				return nil, h.forgedUpload(c)
			}
		case name == "symbol":
			up.fields.Symbol = string(b)
		case name == "language":
			up.fields.Language = string(b)
		case name == "as_answer":
			up.fields.AsAnswer, _ = strconv.ParseBool(string(b))
		case name == "version":
			up.fields.Version, _ = strconv.Atoi(string(b))
		}
	}
}

// oversizedUploadField is the message of an upload form's text field sent longer than
// maxUploadField, by field: the one each says when it is too long.
var oversizedUploadField = map[string]string{"symbol": "files.error_symbol"}

// errNoFile is the refusal of an upload form sent without a file.
var errNoFile = domain.ErrFileMissing
