package exports

import (
	"io"
	"strings"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/importer"
)

// ErrNotTracker is returned for a workbook with no sheet laid out as a tracker.
var ErrNotTracker = domain.Errorf(domain.EINVALID, "consultations.upload_not_tracker")

// ReadTracker reads the rows of a returned tracker from r, of the size the caller was
// told: the first sheet whose first row has the ID, Answer and Version headers of one of
// labels (a ministry may fill in a Korean tracker and upload it in English). Rows whose
// ID, Answer and Version cells are all blank are left out. The workbook is read within
// the limits of every upload (importer.Workbook); the errors are EINVALID *domain.Error
// values.
func ReadTracker(r io.Reader, filename string, size int64, labels ...TrackerLabels) ([]domain.TrackerLine, error) {
	if !importer.TrackerFiles.Allow(filename) {
		return nil, importer.ErrFileType
	}
	if err := importer.CheckFileName(filename); err != nil {
		return nil, err
	}
	data, err := importer.ReadUpload(r, size)
	if err != nil {
		return nil, err
	}
	wb, err := importer.OpenWorkbook(data)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	for _, sheet := range wb.Sheets() {
		rows, err := wb.Rows(sheet)
		if err != nil {
			return nil, err
		}
		lines, found, err := readTrackerSheet(rows, labels)
		rows.Close()
		if err != nil || found {
			return lines, err
		}
	}
	return nil, ErrNotTracker
}

// readTrackerSheet reads one sheet; found is false when its first row is not a tracker's
// header.
func readTrackerSheet(rows *importer.Rows, labels []TrackerLabels) (lines []domain.TrackerLine, found bool, err error) {
	if !rows.Next() || rows.Line() != 1 {
		return nil, false, rows.Err()
	}
	header := rows.Cells()
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
	for rows.Next() {
		cells := rows.Cells()
		// The ID shows as "#41" (trackerIDFormat), which is how a reader of cells sees it.
		l := domain.TrackerLine{Line: rows.Line(), ID: strings.TrimPrefix(cell(cells, id), "#"), Version: cell(cells, version), Answer: cell(cells, answer)}
		if strings.TrimSpace(l.ID+l.Version+l.Answer) == "" {
			continue
		}
		lines = append(lines, l)
	}
	if err := rows.Err(); err != nil {
		return nil, true, err
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
