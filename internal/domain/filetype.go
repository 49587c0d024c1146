package domain

import (
	"bytes"
	"path"
	"slices"
	"strings"

	"github.com/gabriel-vasile/mimetype"
)

// Files are kept by what they are, not by what they are called: the first bytes decide,
// through mimetype's signatures. Plenary keeps the documents that go between UNESCO, the
// Commission and the ministries, and nothing a browser or a desktop would run or unpack:
// no HTML, SVG, script, executable or bare archive. Office files of the 2007 formats,
// OpenDocument and HWPX are ZIP containers, told from a bare ZIP by their first entries.

// SniffLength is how many first bytes of a file decide its type: mimetype reads no more.
const SniffLength = 4096

// FileType is one kind of file Plenary keeps.
type FileType struct {
	MIME  string   // the content type it is served with
	Label string   // its short name on pages, the same in every language
	Exts  []string // the extensions a file of this type may have; the first is added when its name has none of them
}

// hwpxMIME is the content type an HWPX file's first entry (named "mimetype") holds.
const hwpxMIME = "application/hwp+zip"

// fileTypes are the types kept, by the content type mimetype detects (or hwpxMIME).
var fileTypes = []FileType{
	{"application/pdf", "PDF", []string{".pdf"}},
	{hwpxMIME, "HWPX", []string{".hwpx"}},
	{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX", []string{".docx"}},
	{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", []string{".xlsx"}},
	{"application/vnd.openxmlformats-officedocument.presentationml.presentation", "PPTX", []string{".pptx"}},
	{"application/msword", "DOC", []string{".doc"}},
	{"application/vnd.ms-excel", "XLS", []string{".xls"}},
	{"application/vnd.ms-powerpoint", "PPT", []string{".ppt"}},
	// HWP 5 is an OLE compound file, as Office 97-2003 files are; mimetype names the
	// Office ones it recognises and leaves the rest (HWP among them) as bare OLE storage.
	// An installer (MSI) or an Outlook message, also OLE, is named as such and refused.
	{"application/x-ole-storage", "HWP/OLE", []string{".hwp", ".doc", ".xls", ".ppt"}},
	{"application/vnd.oasis.opendocument.text", "ODT", []string{".odt"}},
	{"application/vnd.oasis.opendocument.spreadsheet", "ODS", []string{".ods"}},
	{"text/plain", "TXT", []string{".txt", ".text", ".csv", ".md"}},
	{"image/png", "PNG", []string{".png"}},
	{"image/jpeg", "JPEG", []string{".jpg", ".jpeg"}},
}

// DetectFileType returns the type of a file from its first bytes (at most SniffLength of
// them); ErrFileType when Plenary does not keep files of that type.
func DetectFileType(head []byte) (FileType, error) {
	if len(head) > SniffLength {
		head = head[:SniffLength]
	}
	m := mimetype.Detect(head)
	if m.Is("application/zip") && isHWPX(head) {
		return fileTypes[1], nil
	}
	for _, t := range fileTypes {
		if t.MIME != hwpxMIME && m.Is(t.MIME) {
			return t, nil
		}
	}
	return FileType{}, ErrFileType
}

// FileTypeOf returns the type a stored file was kept as, by its content type.
func FileTypeOf(contentType string) FileType {
	for _, t := range fileTypes {
		if t.MIME == contentType {
			return t
		}
	}
	return FileType{MIME: contentType, Label: contentType}
}

// isHWPX reports whether a ZIP file starts as HWPX does: with a stored entry named
// "mimetype" that holds application/hwp+zip (the convention of OpenDocument and EPUB).
func isHWPX(b []byte) bool {
	const header = 30
	if len(b) < header || !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return false
	}
	nameLen := int(b[26]) | int(b[27])<<8
	extraLen := int(b[28]) | int(b[29])<<8
	if len(b) < header+nameLen || string(b[header:header+nameLen]) != "mimetype" {
		return false
	}
	data := header + nameLen + extraLen
	return len(b) >= data && bytes.HasPrefix(b[data:], []byte(hwpxMIME))
}

// NameFor returns name with the extension of type t added when it has none of t's: a PDF
// called report.html is kept as report.html.pdf, so that whoever opens the download
// opens it with what reads PDFs.
func (t FileType) NameFor(name string) string {
	if len(t.Exts) == 0 || slices.Contains(t.Exts, strings.ToLower(path.Ext(name))) {
		return name
	}
	return name + t.Exts[0]
}
