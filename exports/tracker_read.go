package exports

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/importer"
)

// ErrNotTracker is returned for a workbook with no sheet laid out as a tracker.
var ErrNotTracker = domain.Errorf(domain.EINVALID, "consultations.upload_not_tracker")

// ReadTracker reads the rows of a returned tracker from r, of the size the caller was
// told: the first sheet whose header row has the ID, Answer and Version headers of one
// of labels (a ministry may fill in a Korean tracker and upload it in English). Rows
// whose ID, Answer and Version cells are all blank are left out. The file goes through
// the same checks as an uploaded agenda (size, zip bomb) before excelize opens it; its
// errors are EINVALID *domain.Error values.
func ReadTracker(r io.Reader, filename string, size int64, labels ...TrackerLabels) (lines []domain.TrackerLine, err error) {
	if size > importer.MaxFileSize {
		return nil, importer.ErrTooLarge
	}
	if !strings.EqualFold(filepath.Ext(filename), ".xlsx") {
		return nil, importer.ErrFileType
	}
	data, err := io.ReadAll(io.LimitReader(r, importer.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > importer.MaxFileSize {
		return nil, importer.ErrTooLarge
	}
	wb, err := importer.OpenXLSX(data)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	// excelize is not written for hostile input; a panic in it is a file it cannot read.
	defer func() {
		if recover() != nil {
			lines, err = nil, importer.ErrUnreadable
		}
	}()
	for _, sheet := range wb.GetSheetList() {
		it, err := wb.Rows(sheet)
		if err != nil {
			return nil, importer.ErrUnreadable
		}
		lines, found, err := readTrackerSheet(it, labels)
		it.Close()
		if err != nil || found {
			return lines, err
		}
	}
	return nil, ErrNotTracker
}

// readTrackerSheet reads one sheet; found is false when its first row is not a tracker's
// header.
func readTrackerSheet(it *excelize.Rows, labels []TrackerLabels) (lines []domain.TrackerLine, found bool, err error) {
	if !it.Next() {
		return nil, false, nil
	}
	header, err := it.Columns()
	if err != nil {
		return nil, false, importer.ErrUnreadable
	}
	id, answer, version := -1, -1, -1
	for _, l := range labels {
		id, answer, version = trackerHeaderIndex(header, l.ID), trackerHeaderIndex(header, l.Answer), trackerHeaderIndex(header, l.Version)
		if id >= 0 && answer >= 0 && version >= 0 {
			break
		}
	}
	if id < 0 || answer < 0 || version < 0 {
		return nil, false, nil
	}
	cell := func(cells []string, i int) string {
		if i < len(cells) {
			return cells[i]
		}
		return ""
	}
	for line := 2; it.Next(); line++ {
		cells, err := it.Columns()
		if err != nil {
			return nil, true, importer.ErrUnreadable
		}
		l := domain.TrackerLine{Line: line, ID: cell(cells, id), Version: cell(cells, version), Answer: cell(cells, answer)}
		if strings.TrimSpace(l.ID+l.Version+l.Answer) == "" {
			continue
		}
		if len(lines) >= importer.MaxRows {
			return nil, true, importer.ErrTooManyRows
		}
		lines = append(lines, l)
	}
	if it.Error() != nil {
		return nil, true, importer.ErrUnreadable
	}
	return lines, true, nil
}

// trackerHeaderIndex returns the index of the header cell that reads h, or -1.
func trackerHeaderIndex(header []string, h string) int {
	for i, x := range header {
		if strings.TrimSpace(x) == h && h != "" {
			return i
		}
	}
	return -1
}
