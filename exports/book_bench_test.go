package exports_test

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
)

// BenchmarkBook builds and writes the full briefing book (Korean) of synthetic sessions of
// 100 and 500 items, queries included, and reports its pages and the peak heap: the
// heap grows with the PDF (fpdf keeps the laid-out pages until it writes the file), not
// with the rows, which are read one item at a time.
func BenchmarkBook(b *testing.B) {
	for _, n := range []int{100, 500} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			st, ses := benchSession(b, n)
			book := &exports.Book{Audience: exports.Audience{Kind: domain.PackFull}, L: catalog.For("ko"),
				GeneratedBy: "bench", GeneratedAt: time.Now()}
			var peak uint64
			var pages int
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				src, err := st.NewPackSource(ses, domain.PackFull, domain.BriefScope{Scope: domain.Scope{All: true}}, time.Now())
				if err != nil {
					b.Fatal(err)
				}
				p := peakHeap(func() {
					doc, err := book.Build(context.Background(), src)
					if err != nil {
						b.Fatal(err)
					}
					pages = doc.Pages()
					if _, err := doc.WriteTo(io.Discard); err != nil {
						b.Fatal(err)
					}
				})
				peak = max(peak, p)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
			b.ReportMetric(float64(pages), "pages")
		})
	}
}
