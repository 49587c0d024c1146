package exports_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/importer/importtest"
)

// trackerHeader is the header row of an English tracker.
var trackerHeader = []string{trackerEN.ID, trackerEN.Session, trackerEN.Item, trackerEN.Title, trackerEN.Ministry,
	trackerEN.Question, trackerEN.Comment, trackerEN.Due, trackerEN.Answer, trackerEN.Version}

// BenchmarkReadTrackerSparse reads trackers whose rows below the header each hold one
// cell in the last column, XFD: 20,000 such rows make a file of about 105 KB. It reports
// the peak growth of the heap while one file is read.
func BenchmarkReadTrackerSparse(b *testing.B) {
	for _, rows := range []int{2000, 20000} {
		data, err := importtest.SparseXLSX(trackerHeader, rows, "XFD")
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("rows=%d/kB=%d", rows, len(data)>>10), func(b *testing.B) {
			var peak uint64
			b.ReportAllocs()
			for b.Loop() {
				peak = max(peak, importtest.PeakHeap(func() {
					_, _ = exports.ReadTracker(bytes.NewReader(data), "sparse.xlsx", int64(len(data)), trackerEN)
				}))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}

// TestSparseTracker: a tracker whose 20,000 rows below the header each hold one cell in
// column XFD is read at the cost of its content: nothing to record, and megabytes
// allocated where reading rows padded to 16,384 cells allocated 24 GB.
func TestSparseTracker(t *testing.T) {
	data, err := importtest.SparseXLSX(trackerHeader, 20000, "XFD")
	if err != nil {
		t.Fatal(err)
	}
	var lines []domain.TrackerLine
	alloc := importtest.Allocated(func() {
		lines, err = exports.ReadTracker(bytes.NewReader(data), "sparse.xlsx", int64(len(data)), trackerEN)
	})
	if err != nil || len(lines) != 0 {
		t.Errorf("lines %v, error %v; want none", lines, err)
	}
	if alloc > 100<<20 {
		t.Errorf("reading a %d-byte tracker allocated %d MB, want at most 100 MB", len(data), alloc>>20)
	}
}
