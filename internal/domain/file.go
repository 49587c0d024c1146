package domain

import (
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/uptrace/bun"
	"golang.org/x/text/unicode/norm"
)

// FileKind says what a file is attached to and in which role: it decides who sees the
// file (whoever sees the thing) and who may add or remove it (whoever may edit it).
type FileKind string

// The kinds of file.
const (
	FileItemDocument       FileKind = "item_document"       // a UNESCO document of an agenda item
	FileBriefAnnex         FileKind = "brief_annex"         // an annex of an item's position brief
	FileConsultationAnnex  FileKind = "consultation_annex"  // the Commission's annex to a request
	FileConsultationAnswer FileKind = "consultation_answer" // a ministry's answer file
)

// FileKinds lists the kinds of file.
var FileKinds = []FileKind{FileItemDocument, FileBriefAnnex, FileConsultationAnnex, FileConsultationAnswer}

// OnConsultation reports whether files of kind k hang on a consultation (else on an item).
func (k FileKind) OnConsultation() bool {
	return k == FileConsultationAnnex || k == FileConsultationAnswer
}

// Label returns the catalogue id of the kind's name.
func (k FileKind) Label() string { return FileKindEnum.Label(string(k)) }

// DocLanguages are the languages a UNESCO document comes in (its six official languages)
// and Korean, for a translation.
var DocLanguages = []string{"en", "fr", "es", "ar", "ru", "zh", "ko"}

// MaxFileNameLength is the most characters of a file's name that Plenary keeps.
const MaxFileNameLength = 255

// File is one version of a file attached to an item, a brief or a consultation. Its bytes
// are read in chunks, never held whole.
type File struct {
	bun.BaseModel `bun:"table:files,alias:f"`

	ID             int64      `bun:"id,pk,autoincrement"`
	SeriesID       int64      `bun:"series_id"`
	Version        int        `bun:"version"`
	Kind           FileKind   `bun:"kind"`
	ItemID         *int64     `bun:"item_id"`
	ConsultationID *int64     `bun:"consultation_id"`
	Symbol         string     `bun:"symbol"`
	Language       string     `bun:"language"`
	Name           string     `bun:"name"`
	ContentType    string     `bun:"content_type"`
	Size           int64      `bun:"size"`
	SHA256         string     `bun:"sha256"`
	UploadedBy     *int64     `bun:"uploaded_by"`
	UploadedAt     time.Time  `bun:"uploaded_at"`
	DeletedAt      *time.Time `bun:"deleted_at"`
	DeletedBy      *int64     `bun:"deleted_by"`
	DeleteReason   string     `bun:"delete_reason"`

	UploaderName string `bun:"uploader_name,scanonly"`
	// Earlier are the earlier versions of the file, newest first, on lists.
	Earlier []File `bun:"-"`
}

// FileTarget is the thing a new file goes on, in its role.
type FileTarget struct {
	Kind           FileKind
	ItemID         int64 // for item documents and brief annexes
	ConsultationID int64 // for consultation files
}

// FileInput is what the uploader says of a file beside its bytes.
type FileInput struct {
	Name     string // the name the browser gave, as typed on the uploader's machine
	Symbol   string // a UNESCO document's symbol, for item documents
	Language string // the document's language, for item documents
}

// Errors of an upload, each on the form's file field unless said otherwise.
var (
	ErrFileMissing  = FieldError("file", "files.error_missing")
	ErrFileEmpty    = FieldError("file", "files.error_empty")
	ErrFileTooLarge = FieldError("file", "files.error_too_large")
	ErrFileType     = FieldError("file", "files.error_type")
	ErrFileName     = FieldError("file", "files.error_name")
)

// Clean returns the input as it is kept: the name without folders, control characters
// or surrounding blanks, in composed form (a Mac sends Korean names decomposed), at most
// MaxFileNameLength characters with its extension kept; the symbol with single spaces.
// It is EINVALID when the name is empty or the language unknown.
func (in FileInput) Clean(kind FileKind) (FileInput, error) {
	name := strings.ReplaceAll(in.Name, `\`, "/")
	name = path.Base("/" + name)
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(norm.NFC.String(name))
	if name == "" || name == "/" || name == "." || name == ".." {
		return in, ErrFileName
	}
	if r := []rune(name); len(r) > MaxFileNameLength {
		ext := []rune(path.Ext(name))
		if len(ext) > 16 {
			ext = nil
		}
		name = string(r[:MaxFileNameLength-len(ext)]) + string(ext)
	}
	out := FileInput{Name: name}
	if kind == FileItemDocument {
		out.Symbol = strings.Join(strings.Fields(in.Symbol), " ")
		out.Language = strings.TrimSpace(in.Language)
		fields := map[string]string{}
		if len([]rune(out.Symbol)) > 100 {
			fields["symbol"] = "files.error_symbol"
		}
		if out.Language != "" && !DocLanguageEnum.Has(out.Language) {
			fields["language"] = "files.error_language"
		}
		if len(fields) > 0 {
			return in, &Error{Code: EINVALID, Message: "error.invalid", Fields: fields}
		}
	}
	return out, nil
}

// ASCIIName returns a name for clients that cannot read a UTF-8 file name: name with
// every character outside printable ASCII (and the quote and backslash) replaced by _,
// keeping the extension.
func ASCIIName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			b.WriteByte('_')
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// FilePlace is what a file is on, as its reader may see it: the item (item documents),
// the brief (brief annexes, with its item) or the consultation (consultation files).
type FilePlace struct {
	Item         *AgendaItem
	Brief        *Brief
	Consultation *Consultation
}
