package exports_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/testtool"
)

func newBook(lang, audience string) *exports.Book {
	return &exports.Book{Audience: exports.Audience{Kind: audience}, L: catalog.For(lang), GeneratedBy: "staff@plenary.example",
		GeneratedAt: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
}

func writeBook(t *testing.T, lang, audience string, src exports.Source) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := newBook(lang, audience).Write(context.Background(), &buf, src); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// bookSource is a session of n items, each with a final position whose summary names
// it in Korean and in English, a consultation on every third, and long texts on some.
func bookSource(n int) *memSource {
	m := sample()
	m.items, m.positions, m.cons = nil, nil, nil
	for i := range n {
		num := fmt.Sprintf("%d", i+1)
		m.items = append(m.items, exports.ItemRow{Number: num, TitleEN: "Item " + num + " on open science", TitleKO: "의제 " + num + " 열린 과학",
			Documents: "226 EX/" + num, LeadEN: "Ministry of Education", LeadKO: "교육부", Status: "in_progress", Priority: "high"})
		p := exports.PositionRow{Number: num, Stance: string(at(domain.Stances, i)), Status: "final", Revision: 2, UpdatedAt: day("2027-03-01"),
			SummaryKO: "요지 " + num + ": 대한민국은 결정문 초안을 지지한다.", SummaryEN: "Summary " + num + ": Korea supports the draft decision.",
			KeyPointsKO: "1. 국제 협력 강화\n2. 개발도상국 역량 강화", BackgroundKO: "배경 설명 " + num,
			InterventionEN: "Thank you, Chair. Korea supports item " + num + "."}
		if i%5 == 0 { // a long text runs onto the next pages
			p.BackgroundKO = strings.Repeat("이 의제는 여러 회기에 걸쳐 논의되어 왔으며 대한민국은 일관되게 지지 입장을 밝혀 왔다. ", 120)
		}
		m.positions = append(m.positions, p)
		if i%3 == 0 {
			m.cons = append(m.cons, exports.ConsultationRow{Number: num, MinistryEN: "Ministry of Science and ICT", MinistryKO: "과학기술정보통신부",
				Question: "귀 부처의 의견은?", Answer: "이견 없음 " + num, AnsweredBy: "Lee", Status: "answered", DueOn: day("2027-03-01")})
		}
	}
	return m
}

// TestBookReadsBack reads the book back as a reader's program does: every font embedded,
// Korean and English text found as text, each position on a page of its own, text no
// smaller than 9 pt on any page, and nothing set past the right margin.
func TestBookReadsBack(t *testing.T) {
	src := bookSource(12)
	src.positions[4].KeyPointsKO = strings.Repeat("띄어쓰기없는아주긴한국어문장", 300) // a run with no space to break at
	for _, lang := range []string{"ko", "en"} {
		t.Run(lang, func(t *testing.T) {
			pdf := testtool.ReadPDF(t, writeBook(t, lang, domain.PackFull, src))
			fonts := pdf.Fonts()
			if len(fonts) == 0 {
				t.Fatal("pdffonts lists no font")
			}
			for _, f := range fonts {
				if !f.Embedded {
					t.Errorf("font %s is not embedded", f.Name)
				}
			}
			pages := pdf.Pages()
			all := testtool.Squeeze(strings.Join(pages, "\n"))
			wants := map[string][]string{"ko": {"226 EX", "교육부", "목차", "주관 부처"}, "en": {"226 EX", "Ministry of Education", "Contents", "Lead ministry"}}
			for _, want := range wants[lang] {
				if !strings.Contains(all, testtool.Squeeze(want)) {
					t.Errorf("%q not found as text", want)
				}
			}
			// Each position's summary is on a page that holds no other's.
			seen := map[int]string{}
			for _, p := range src.positions {
				summary := p.SummaryKO
				if lang == "en" {
					summary = p.SummaryEN
				}
				pg := pageOf(pages, summary)
				if pg == 0 {
					t.Errorf("the summary of %s is not in the book: %q", p.Number, summary)
					continue
				}
				if other, twice := seen[pg]; twice {
					t.Errorf("page %d holds the positions of both %s and %s", pg, other, p.Number)
				}
				seen[pg] = p.Number
				if !strings.Contains(testtool.Squeeze(pdf.Page(pg)), testtool.Squeeze(summary)) {
					t.Errorf("page %d read alone lacks the summary of %s", pg, p.Number)
				}
			}
			// Every character of the run is there (a page break may fall inside it).
			if got := strings.Count(all, "띄") + strings.Count(all, "긴"); got != 600 {
				t.Errorf("the unbroken Korean run has %d of its 600 marked characters in the book: text was lost", got)
			}
			const rightEdge = (210 - 20) / 25.4 * 72 // A4 less the margin, in points
			for i, words := range pdf.Words() {
				for _, w := range words {
					if w.XMax > rightEdge+1 {
						t.Errorf("page %d: a word ends at %.1f pt, past the margin at %.1f", i+1, w.XMax, rightEdge)
						break
					}
				}
			}
			for i, h := range pdf.MedianWordHeights() {
				if h < 9 {
					t.Errorf("page %d: median word %.1f pt, want at least 9", i+1, h)
				}
			}
		})
	}
}

// pageOf is the page (from 1) whose text holds s, however lines broke it; 0 for none.
func pageOf(pages []string, s string) int {
	s = testtool.Squeeze(s)
	for i, p := range pages {
		if strings.Contains(testtool.Squeeze(p), s) {
			return i + 1
		}
	}
	return 0
}

// TestBookContents: the contents list every item with the page the item starts on.
func TestBookContents(t *testing.T) {
	src := bookSource(60) // enough for two pages of contents
	pdf := testtool.ReadPDF(t, writeBook(t, "en", domain.PackFull, src))
	pages := pdf.Pages()
	toc := pages[1] + pages[2]
	if !strings.Contains(pages[1], "Contents") || !strings.Contains(pages[2], "Contents") {
		t.Fatalf("pages 2 and 3 are not the contents:\n%s", toc)
	}
	for _, it := range []exports.ItemRow{src.items[0], src.items[37], src.items[59]} {
		pg := pageOf(pages, it.Number+" "+it.TitleEN+"\n") // the item's heading
		start := 0
		for i := 3; i < len(pages); i++ {
			if strings.HasPrefix(strings.TrimSpace(pages[i]), it.Number+" "+it.TitleEN) {
				start = i + 1
				break
			}
		}
		if start == 0 {
			t.Errorf("no page starts with item %s (found on %d)", it.Number, pg)
			continue
		}
		line := it.TitleEN + "\n\n" + fmt.Sprint(start)
		if !strings.Contains(toc, line) {
			t.Errorf("the contents do not give item %s page %d", it.Number, start)
		}
	}
}

// TestBookAudiences: a delegate's book marks their items and shows no ministry's answers;
// a book in English shows a position written only in Korean, marked as such.
func TestBookAudiences(t *testing.T) {
	src := bookSource(3)
	src.items[1].Covered = true
	src.positions[2].InterventionEN, src.positions[2].InterventionKO = "", "의장님, 감사합니다."
	text := strings.Join(testtool.ReadPDF(t, writeBook(t, "en", domain.PackDelegate, src)).Pages(), "\n")
	for _, want := range []string{"Your item", "Written in Korean only", "의장님, 감사합니다.", "Only final positions"} {
		if !strings.Contains(text, want) {
			t.Errorf("the delegate's book lacks %q", want)
		}
	}
	if strings.Contains(text, "Ministries' answers") || strings.Contains(text, "Brief status") {
		t.Error("the delegate's book shows the ministries' answers or the briefs' workflow")
	}
	full := strings.Join(testtool.ReadPDF(t, writeBook(t, "ko", domain.PackFull, src)).Pages(), "\n")
	if !strings.Contains(full, "부처 의견") || !strings.Contains(full, "이견 없음 1") {
		t.Error("the full book lacks the ministries' answers")
	}
}

// TestBookHostileText: emoji, control characters and formula-like titles are set as
// text, never refused.
func TestBookHostileText(t *testing.T) {
	src := bookSource(2)
	src.items[0].TitleEN = "=cmd|' /C calc'!A0 😀 \x00\x1b[31m"
	src.positions[0].SummaryEN = "Line one\r\nline two\u2028\u202etab\there 𝔘"
	text := strings.Join(testtool.ReadPDF(t, writeBook(t, "en", domain.PackFull, src)).Pages(), "\n")
	if !strings.Contains(text, "=cmd|' /C calc'!A0") || !strings.Contains(text, "line two") {
		t.Errorf("hostile text not set as text:\n%s", text)
	}
}

// TestBookOutOfOrderRows: a position whose item is not where the agenda's order puts it
// fails the book rather than being left out.
func TestBookOutOfOrderRows(t *testing.T) {
	src := bookSource(3)
	src.positions[0], src.positions[2] = src.positions[2], src.positions[0]
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	err := newBook("en", domain.PackFull).Write(context.Background(), &bytes.Buffer{}, src)
	if err == nil || !strings.Contains(err.Error(), "order") {
		t.Errorf("error %v, want one about the order", err)
	}
	if files, _ := os.ReadDir(tmp); len(files) != 0 {
		t.Errorf("a failed book left %d files in the temporary folder", len(files))
	}
}

func TestBookFileName(t *testing.T) {
	b := newBook("ko", domain.PackDelegate)
	b.Audience.Label = "kim@plenary.example"
	if got, want := b.FileName("220 EX"), "220EX_book_delegate-kim@plenary.example_ko_2026-11-27.pdf"; got != want {
		t.Errorf("FileName = %q, want %q", got, want)
	}
}

// TestBookSameTwice: the same book built twice is the same file, byte for byte, and the
// temporary file a book is laid out in is gone once the book is closed.
func TestBookSameTwice(t *testing.T) {
	src := bookSource(5)
	first, second := writeBook(t, "ko", domain.PackFull, src), writeBook(t, "ko", domain.PackFull, src)
	if !bytes.Equal(first, second) {
		t.Errorf("two builds of the same book differ (%d and %d bytes)", len(first), len(second))
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	doc, err := newBook("en", domain.PackFull).Build(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if files, _ := os.ReadDir(tmp); len(files) != 1 {
		t.Errorf("%d files in the temporary folder while the book is open, want its one", len(files))
	}
	if err := doc.Close(); err != nil {
		t.Fatal(err)
	}
	if files, _ := os.ReadDir(tmp); len(files) != 0 {
		t.Errorf("%d files left in the temporary folder after Close", len(files))
	}
}
