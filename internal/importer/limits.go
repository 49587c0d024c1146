package importer

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/domain"
)

// Limits of what Plenary reads from an uploaded spreadsheet, for the agenda import and the
// consultation tracker alike. A provisional agenda has tens of items and a workbook of
// them a few kilobytes; these are generous for that, and they make the cost of reading
// any file, however it was made, follow its real content: a row is never wider than
// MaxColumns, every row read counts against MaxRows, blank or not, and a long run of
// blank rows ends the table.
const (
	MaxFileSize  = 5 << 20  // bytes of the file as uploaded
	MaxUnzipSize = 50 << 20 // bytes of a workbook once unpacked, all parts together
	MaxRows      = 20000    // rows of a table, from its first row down, blank rows included
	MaxColumns   = 50       // columns read, from A to AX; cells further right are never read
	MaxCells     = 250000   // cells with something in them, in the whole file
	BlankRun     = 1000     // this many blank rows in a row end a table
	// MaxLineCells is the most cells a line of a .csv file may hold, read or not:
	// encoding/csv makes every cell of a line before Plenary keeps the first MaxColumns.
	MaxLineCells = 1000
	// maxText is the most text a file may yield, cells together: as much as a workbook
	// may unpack to. Only a workbook that repeats one long string many times reaches it.
	maxText = MaxUnzipSize

	maxXMLInRAM   = 16 << 20 // a larger part is unpacked to a temporary file by excelize
	maxZipEntries = 1000     // parts of a workbook; a real one has a few dozen
	// maxRatio is the compression ratio above which a large part of a workbook is taken
	// for a zip bomb: spreadsheet XML packs 5 to 30 times, deflate at most about 1000.
	maxRatio       = 200
	ratioCheckFrom = 1 << 20 // parts smaller than this are not worth a ratio check
	headerSearch   = 10      // non-blank rows searched for the header, below a title line
)

// Errors of the file as a whole. Each is an EINVALID *domain.Error whose message is a
// catalogue id; the messages that name a limit take LimitData.
var (
	ErrTooLarge     = domain.Errorf(domain.EINVALID, "import.too_large")
	ErrFileType     = domain.Errorf(domain.EINVALID, "import.bad_type")
	ErrFileName     = domain.Errorf(domain.EINVALID, "import.bad_name")
	ErrUnreadable   = domain.Errorf(domain.EINVALID, "import.unreadable")
	ErrNotUTF8      = domain.Errorf(domain.EINVALID, "import.not_utf8")
	ErrZipBomb      = domain.Errorf(domain.EINVALID, "import.zip_bomb")
	ErrTooManyRows  = domain.Errorf(domain.EINVALID, "import.too_many_rows")
	ErrTooManyCells = domain.Errorf(domain.EINVALID, "import.too_many_cells")
	ErrLineTooLong  = domain.Errorf(domain.EINVALID, "import.line_too_long")
	ErrTooMuchText  = domain.Errorf(domain.EINVALID, "import.too_much_text")
	ErrNoHeader     = domain.Errorf(domain.EINVALID, "import.no_header")
	ErrNoRows       = domain.Errorf(domain.EINVALID, "import.no_rows")
)

// FileTypes are the kinds of file one upload reads, by extension: the one definition of
// what its form's hint names, what it refuses (ErrFileType) and what the refusal names.
type FileTypes []string

// The kinds of file of each upload.
var (
	AgendaFiles  = FileTypes{".xlsx", ".csv"} // the agenda import
	TrackerFiles = FileTypes{".xlsx"}         // a returned consultation tracker
)

// Allow reports whether filename is of one of the kinds.
func (t FileTypes) Allow(filename string) bool {
	return slices.Contains(t, strings.ToLower(filepath.Ext(filename)))
}

// String names the kinds as the catalogue's messages show them: ".xlsx / .csv".
func (t FileTypes) String() string { return strings.Join(t, " / ") }

// LimitData returns the limits of an upload of the kinds types as the catalogue's
// messages name them, as name/value pairs for i18n's T: Types (".xlsx / .csv"), MaxSize,
// MaxUnzip, MaxText ("5 MB"), MaxRows, MaxCells, BlankRun, MaxLineCells ("20,000") and
// LastColumn ("AX").
func LimitData(types FileTypes) []any {
	last, _ := excelize.ColumnNumberToName(MaxColumns)
	return []any{
		"Types", types.String(),
		"MaxSize", megabytes(MaxFileSize), "MaxUnzip", megabytes(MaxUnzipSize), "MaxText", megabytes(maxText),
		"MaxRows", thousands(MaxRows), "MaxCells", thousands(MaxCells), "BlankRun", thousands(BlankRun),
		"MaxLineCells", thousands(MaxLineCells),
		"LastColumn", last,
	}
}

func megabytes(n int) string { return strconv.Itoa(n>>20) + " MB" }

// thousands writes n with a comma between groups of three digits, as both Korean and
// English write large numbers.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
