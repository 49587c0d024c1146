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
// 100, 500 and 2,000 items, queries included, and reports its pages and the peak heap,
// which should barely grow with the items: the rows are read one item at a time, and each
// item's pages go to a temporary file as soon as they are laid out.
func BenchmarkBook(b *testing.B) {
	for _, n := range []int{100, 500, 2000} {
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
					if err := doc.Close(); err != nil {
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
