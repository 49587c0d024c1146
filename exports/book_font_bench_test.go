package exports

import "testing"

// BenchmarkBookFonts measures what every book pays before its first page: fpdf reading
// the two Nanum Gothic files into its font tables. fpdf keeps those tables, with the
// characters a document has set, inside each document and offers no way to share them
// between documents, so every book reads the fonts again.
func BenchmarkBookFonts(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := newPage("", nil); err != nil {
			b.Fatal(err)
		}
	}
}
