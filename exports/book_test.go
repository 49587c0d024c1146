package exports_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/testtool"
)

func writeBook(t *testing.T, lang, audience string, src exports.Source) []byte {
	t.Helper()
	b := &exports.Book{Audience: exports.Audience{Kind: audience}, L: catalog.For(lang), GeneratedBy: "staff@plenary.example",
		GeneratedAt: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	var buf bytes.Buffer
	if err := b.Write(context.Background(), &buf, src); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func TestBookSmoke(t *testing.T) {
	data := writeBook(t, "ko", domain.PackFull, sample())
	os.WriteFile("/tmp/book-smoke.pdf", data, 0o644)
	pdf := testtool.ReadPDF(t, data)
	for i, p := range pdf.Pages() {
		t.Logf("--- page %d\n%s", i+1, p)
	}
	t.Log(pdf.Fonts())
}
