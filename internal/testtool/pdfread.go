package testtool

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// PDF is a PDF file as poppler (pdftotext, pdffonts) reads it back, as a reader's
// program would: the text of each page, the fonts and the size of every word.
type PDF struct {
	tb   testing.TB
	path string
}

// ReadPDF writes data to a temporary file for poppler to read. The tools are required
// (see Require): under CI=true a missing one fails the test.
func ReadPDF(tb testing.TB, data []byte) *PDF {
	tb.Helper()
	Require(tb, "pdftotext")
	Require(tb, "pdffonts")
	path := filepath.Join(tb.TempDir(), "book.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return &PDF{tb: tb, path: path}
}

func (p *PDF) run(name string, args ...string) string {
	p.tb.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		p.tb.Fatalf("%s %s: %v %s", name, strings.Join(args, " "), err, stderr)
	}
	return string(out)
}

// Pages is the text of every page, in order, as pdftotext extracts it.
func (p *PDF) Pages() []string {
	p.tb.Helper()
	pages := strings.Split(p.run("pdftotext", "-enc", "UTF-8", p.path, "-"), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
}

// Page is the text of page n (from 1), read on its own (pdftotext -f n -l n).
func (p *PDF) Page(n int) string {
	p.tb.Helper()
	s := strconv.Itoa(n)
	return p.run("pdftotext", "-enc", "UTF-8", "-f", s, "-l", s, p.path, "-")
}

// Font is one font of the file as pdffonts lists it.
type Font struct {
	Name     string
	Embedded bool
}

// Fonts lists the file's fonts.
func (p *PDF) Fonts() []Font {
	p.tb.Helper()
	lines := strings.Split(p.run("pdffonts", p.path), "\n")
	var fonts []Font
	for _, l := range lines[min(2, len(lines)):] { // a header and a rule
		f := strings.Fields(l)
		if len(f) < 5 {
			continue
		}
		// name type [type...] encoding emb sub uni object ID: emb is the fifth from the end.
		fonts = append(fonts, Font{Name: f[0], Embedded: f[len(f)-5] == "yes"})
	}
	return fonts
}

var (
	bboxPage = regexp.MustCompile(`<page [^>]*>`)
	bboxWord = regexp.MustCompile(`<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">`)
)

// Word is the box of one word on a page, in points from the page's top left corner.
type Word struct{ XMin, YMin, XMax, YMax float64 }

// Height is the word's height: the size a reader sees it at.
func (w Word) Height() float64 { return w.YMax - w.YMin }

// Words lists the boxes of the words of every page (pdftotext -bbox).
func (p *PDF) Words() [][]Word {
	p.tb.Helper()
	html := p.run("pdftotext", "-bbox", "-enc", "UTF-8", p.path, "-")
	parts := bboxPage.Split(html, -1)
	var pages [][]Word
	for _, part := range parts[1:] {
		var ws []Word
		for _, m := range bboxWord.FindAllStringSubmatch(part, -1) {
			var v [4]float64
			for i := range v {
				v[i], _ = strconv.ParseFloat(m[i+1], 64)
			}
			ws = append(ws, Word{v[0], v[1], v[2], v[3]})
		}
		pages = append(pages, ws)
	}
	return pages
}

// MedianWordHeights is, for each page with text, the median height of its words in
// points.
func (p *PDF) MedianWordHeights() []float64 {
	p.tb.Helper()
	var out []float64
	for _, ws := range p.Words() {
		hs := make([]float64, len(ws))
		for i, w := range ws {
			hs[i] = w.Height()
		}
		out = append(out, Median(hs))
	}
	return out
}

// Squeeze is s without any white space, for finding a text however a PDF's lines broke
// it.
func Squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// Median is the middle value of xs (the mean of the two middle ones for an even count);
// zero for none.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}
