package importer_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/importer"
	"github.com/kncu/plenary/internal/importer/importtest"
)

// BenchmarkReadAgendaSparse reads agenda workbooks whose rows each hold one cell in the
// last column, XFD: 2,000 such rows make a file of about 12 KB. It reports the peak
// growth of the heap while one file is read.
func BenchmarkReadAgendaSparse(b *testing.B) {
	for _, rows := range []int{2000, 20000} {
		data, err := importtest.SparseXLSX([]string{"Item", "Title"}, rows, "XFD")
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("rows=%d/kB=%d", rows, len(data)>>10), func(b *testing.B) {
			var peak uint64
			b.ReportAllocs()
			for b.Loop() {
				peak = max(peak, importtest.PeakHeap(func() {
					_, _ = importer.ReadAgenda(bytes.NewReader(data), "sparse.xlsx", int64(len(data)))
				}))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}

// BenchmarkReadAgendaFull reads a well-formed agenda workbook of 10,000 items in eight
// columns, as a reference for what the limits cost an honest file.
func BenchmarkReadAgendaFull(b *testing.B) {
	data := fullAgenda(b, 10000)
	b.Run(fmt.Sprintf("rows=10000/kB=%d", len(data)>>10), func(b *testing.B) {
		var peak uint64
		b.ReportAllocs()
		for b.Loop() {
			peak = max(peak, importtest.PeakHeap(func() {
				if _, err := importer.ReadAgenda(bytes.NewReader(data), "full.xlsx", int64(len(data))); err != nil {
					b.Fatal(err)
				}
			}))
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
	})
}

// fullAgenda returns a workbook of n agenda items with every column filled.
func fullAgenda(tb testing.TB, n int) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"Item", "Title", "Title (KO)", "Documents", "Commission", "Sector", "Lead ministry", "Priority"}); err != nil {
		tb.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		row := []any{i, fmt.Sprintf("Report by the Director-General on item %d", i), fmt.Sprintf("사무총장 보고 %d", i),
			fmt.Sprintf("220 EX/%d; 220 EX/%d.INF", i, i), "PX", "ED", "MOE", "high"}
		if err := sw.SetRow(cell, row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkReadAgendaCSVWide reads a .csv file of 5 MB whose second line is commas only:
// encoding/csv would make a cell of each.
func BenchmarkReadAgendaCSVWide(b *testing.B) {
	data := append([]byte("Item,Title\n1,"), bytes.Repeat([]byte(","), importer.MaxFileSize-20)...)
	var peak uint64
	b.ReportAllocs()
	for b.Loop() {
		peak = max(peak, importtest.PeakHeap(func() {
			_, _ = importer.ReadAgenda(bytes.NewReader(data), "wide.csv", int64(len(data)))
		}))
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}
