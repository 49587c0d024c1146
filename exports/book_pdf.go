package exports

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"regexp"
	"strconv"
	"time"
	"unicode/utf16"
)

// pdfFile writes the book's PDF objects to a temporary file as they are made: each page's
// content as soon as the page is laid out, compressed, so that no laid-out page stays in
// memory; the fonts, the page tree, the outline, the links and the cross-reference table
// at the end, from the little kept per page (where its content is, its links). fpdf lays
// the pages out (as templates, which give a page's content without keeping it) and
// subsets the fonts; this file holds the document's structure, which fpdf would otherwise
// keep whole, pages and all, until it writes the file.
type pdfFile struct {
	f       *os.File
	w       *bufio.Writer
	off     int64   // bytes written so far
	offsets []int64 // of each object by number, from 1; index 0 unused
	err     error

	zbuf bytes.Buffer // a page's compressed content
	zw   *zlib.Writer // one compressor for every page

	pages   []pdfPage // by page number less one
	outline []pdfOutline
}

type pdfPage struct {
	contents int // the object number of the page's content stream; 0 until it is written
	links    []pdfLink
}

// pdfLink is a rectangle of a page, in millimetres from its top left corner, that leads to
// the top of another page (from 1).
type pdfLink struct {
	x, y, w, h float64
	page       int
}

type pdfOutline struct {
	title string
	page  int
}

// The objects every book has, numbered before the rest.
const (
	pdfPagesObj     = 1
	pdfResourcesObj = 2
	pdfTotalObj     = 3 // a form drawing the number of pages, which footers show
	pdfFirstFreeObj = 4

	// pdfTotalName is the name by which a page's content draws the number of pages.
	pdfTotalName = "/PlenaryPages"
	mmToPt       = 72 / 25.4
)

func newPDFFile() (*pdfFile, error) {
	f, err := os.CreateTemp("", "plenary-book-*.pdf")
	if err != nil {
		return nil, fmt.Errorf("exports: book: %w", err)
	}
	d := &pdfFile{f: f, w: bufio.NewWriterSize(f, 64<<10), offsets: make([]int64, pdfFirstFreeObj)}
	d.zw, _ = zlib.NewWriterLevel(&d.zbuf, zlib.BestSpeed)
	d.printf("%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n")
	return d, nil
}

func (d *pdfFile) write(b []byte) {
	if d.err != nil {
		return
	}
	n, err := d.w.Write(b)
	d.off += int64(n)
	d.err = err
}

func (d *pdfFile) printf(format string, args ...any) { d.write(fmt.Appendf(nil, format, args...)) }

// newObj numbers a new object, to be written later with begin.
func (d *pdfFile) newObj() int {
	d.offsets = append(d.offsets, 0)
	return len(d.offsets) - 1
}

// begin starts object n here.
func (d *pdfFile) begin(n int) {
	d.offsets[n] = d.off
	d.printf("%d 0 obj\n", n)
}

// stream writes object n: a stream of data with the dictionary entries dict.
func (d *pdfFile) stream(n int, dict string, data []byte) {
	d.begin(n)
	d.printf("<<%s /Length %d>>\nstream\n", dict, len(data))
	d.write(data)
	d.printf("\nendstream\nendobj\n")
}

// compressed writes object n: data compressed as a stream, with dict.
func (d *pdfFile) compressed(n int, dict string, data []byte) {
	d.zbuf.Reset()
	d.zw.Reset(&d.zbuf)
	if _, err := d.zw.Write(data); err != nil && d.err == nil {
		d.err = err
	}
	if err := d.zw.Close(); err != nil && d.err == nil {
		d.err = err
	}
	d.stream(n, dict+" /Filter /FlateDecode", d.zbuf.Bytes())
}

// page returns page no (from 1), adding pages up to it.
func (d *pdfFile) page(no int) *pdfPage {
	for len(d.pages) < no {
		d.pages = append(d.pages, pdfPage{})
	}
	return &d.pages[no-1]
}

// setContent writes the content of page no (from 1).
func (d *pdfFile) setContent(no int, content []byte) {
	n := d.newObj()
	d.compressed(n, "", content)
	d.page(no).contents = n
}

// link makes a rectangle of page no, in millimetres from its top left, lead to page to.
func (d *pdfFile) link(no int, x, y, w, h float64, to int) {
	p := d.page(no)
	p.links = append(p.links, pdfLink{x: x, y: y, w: w, h: h, page: to})
}

// bookmark adds an entry to the document's outline that leads to page no.
func (d *pdfFile) bookmark(title string, no int) {
	d.outline = append(d.outline, pdfOutline{title: title, page: no})
}

// pdfInfo is what the document says of itself.
type pdfInfo struct {
	title, subject, author, keywords, lang string
	created                                time.Time
}

// finish writes what follows the pages: the fonts, copied from fontDoc (a PDF that fpdf
// wrote with the book's fonts, subset to the characters its pages use), the form that
// draws the number of pages (the content total), the pages' objects and tree, the outline,
// the document's information and catalogue, and the cross-reference table.
func (d *pdfFile) finish(fontDoc, total []byte, info pdfInfo) error {
	fonts, err := d.importFonts(fontDoc)
	if err != nil {
		return err
	}
	wPt, hPt := pageW*mmToPt, pageH*mmToPt
	d.begin(pdfResourcesObj)
	d.printf("<</ProcSet [/PDF /Text] /Font <<%s>> /XObject <<%s %d 0 R>>>>\nendobj\n", fonts, pdfTotalName, pdfTotalObj)
	d.compressed(pdfTotalObj, fmt.Sprintf("/Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources <</Font <<%s>>>>", wPt, hPt, fonts), total)

	first := len(d.offsets)
	for range d.pages {
		d.newObj()
	}
	for i, p := range d.pages {
		if p.contents == 0 {
			return fmt.Errorf("exports: book: page %d was never laid out", i+1)
		}
		d.begin(first + i)
		d.printf("<</Type /Page /Parent %d 0 R /Resources %d 0 R /Contents %d 0 R", pdfPagesObj, pdfResourcesObj, p.contents)
		if len(p.links) > 0 {
			d.printf(" /Annots [")
			for _, l := range p.links {
				d.printf("<</Type /Annot /Subtype /Link /Rect [%.2f %.2f %.2f %.2f] /Border [0 0 0] /Dest [%d 0 R /XYZ 0 %.2f null]>>",
					l.x*mmToPt, hPt-(l.y+l.h)*mmToPt, (l.x+l.w)*mmToPt, hPt-l.y*mmToPt, first+l.page-1, hPt)
			}
			d.printf("]")
		}
		d.printf(">>\nendobj\n")
	}
	d.begin(pdfPagesObj)
	d.printf("<</Type /Pages /Count %d /MediaBox [0 0 %.2f %.2f] /Kids [", len(d.pages), wPt, hPt)
	for i := range d.pages {
		d.printf("%d 0 R ", first+i)
	}
	d.printf("]>>\nendobj\n")

	outlines := d.writeOutline(first, hPt)

	infoObj := d.newObj()
	d.begin(infoObj)
	date := pdfDate(info.created)
	d.printf("<</Title %s /Subject %s /Author %s /Keywords %s /Creator %s /Producer %s /CreationDate %s /ModDate %s>>\nendobj\n",
		pdfText(info.title), pdfText(info.subject), pdfText(info.author), pdfText(info.keywords),
		pdfText("Plenary"), pdfText("Plenary"), date, date)
	catalog := d.newObj()
	d.begin(catalog)
	d.printf("<</Type /Catalog /Pages %d 0 R /OpenAction [%d 0 R /FitH null] /PageLayout /OneColumn /Lang %s",
		pdfPagesObj, first, pdfText(info.lang))
	if outlines != 0 {
		d.printf(" /Outlines %d 0 R /PageMode /UseOutlines", outlines)
	}
	d.printf(">>\nendobj\n")

	xref := d.off
	d.printf("xref\n0 %d\n0000000000 65535 f \n", len(d.offsets))
	for _, o := range d.offsets[1:] {
		d.printf("%010d 00000 n \n", o)
	}
	d.printf("trailer\n<</Size %d /Root %d 0 R /Info %d 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(d.offsets), catalog, infoObj, xref)
	if d.err == nil {
		d.err = d.w.Flush()
	}
	if d.err != nil {
		return fmt.Errorf("exports: book: %w", d.err)
	}
	return nil
}

// writeOutline writes the outline, one level deep, and returns its object number (0 for
// none).
func (d *pdfFile) writeOutline(firstPage int, hPt float64) int {
	if len(d.outline) == 0 {
		return 0
	}
	root := d.newObj()
	first := len(d.offsets)
	for range d.outline {
		d.newObj()
	}
	last := first + len(d.outline) - 1
	for i, o := range d.outline {
		n := first + i
		d.begin(n)
		d.printf("<</Title %s /Parent %d 0 R", pdfText(o.title), root)
		if n > first {
			d.printf(" /Prev %d 0 R", n-1)
		}
		if n < last {
			d.printf(" /Next %d 0 R", n+1)
		}
		d.printf(" /Dest [%d 0 R /XYZ 0 %.2f null]>>\nendobj\n", firstPage+o.page-1, hPt)
	}
	d.begin(root)
	d.printf("<</Type /Outlines /First %d 0 R /Last %d 0 R /Count %d>>\nendobj\n", first, last, len(d.outline))
	return root
}

// pdfText is s as a PDF text string: UTF-16 with its byte order mark, in hexadecimal.
func pdfText(s string) string {
	b := []byte("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		b = fmt.Appendf(b, "%04X", u)
	}
	return string(append(b, '>'))
}

// pdfDate is t as a PDF date.
func pdfDate(t time.Time) string {
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("(D:%s%c%02d'%02d')", t.Format("20060102150405"), sign, off/3600, off/60%60)
}

var (
	pdfRef       = regexp.MustCompile(`\b(\d+) 0 R\b`)
	pdfFontEntry = regexp.MustCompile(`(/F[0-9a-f]+) (\d+) 0 R`)
	// The names of fpdf's subset fonts.
	pdfSubsetName = regexp.MustCompile(`(/BaseFont|/FontName) /utf8`)
)

// importFonts copies the fonts of the PDF doc, as fpdf writes it (its resources in
// object 2), into this file under new numbers, and returns the entries of the font
// dictionary that name them for the pages.
func (d *pdfFile) importFonts(doc []byte) (string, error) {
	objs, err := pdfObjects(doc)
	if err != nil {
		return "", err
	}
	res, ok := objs[pdfResourcesObj]
	if !ok {
		return "", errors.New("exports: book: the fonts' document has no resources")
	}
	_, after, _ := bytes.Cut(res, []byte("/Font <<"))
	fontDict, _, ok := bytes.Cut(after, []byte(">>"))
	if !ok {
		return "", errors.New("exports: book: the fonts' document names no font")
	}
	tag := subsetTag(doc)
	renumber := map[int]int{}
	var queue []int
	number := func(old int) int {
		n, ok := renumber[old]
		if !ok {
			n = d.newObj()
			renumber[old] = n
			queue = append(queue, old)
		}
		return n
	}
	var out []byte
	for _, m := range pdfFontEntry.FindAllSubmatch(fontDict, -1) {
		old, _ := strconv.Atoi(string(m[2]))
		out = fmt.Appendf(out, "%s %d 0 R ", m[1], number(old))
	}
	for len(queue) > 0 {
		old := queue[0]
		queue = queue[1:]
		body, ok := objs[old]
		if !ok {
			return "", fmt.Errorf("exports: book: the fonts' document lacks object %d", old)
		}
		dict, data, isStream := bytes.Cut(body, []byte("\nstream\n"))
		// A subset's name carries a tag of six capitals, by which readers know it is one.
		dict = pdfSubsetName.ReplaceAll(dict, []byte("${1} /"+tag+"+utf8"))
		dict = pdfRef.ReplaceAllFunc(dict, func(ref []byte) []byte {
			n, _ := strconv.Atoi(string(pdfRef.FindSubmatch(ref)[1]))
			return fmt.Appendf(nil, "%d 0 R", number(n))
		})
		d.begin(renumber[old])
		d.write(dict)
		if isStream {
			d.write([]byte("\nstream\n"))
			d.write(data)
		}
	}
	return string(out), nil
}

// subsetTag is the tag of the fonts subset in doc: six capitals from a checksum of it.
func subsetTag(doc []byte) string {
	sum := crc32.ChecksumIEEE(doc)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + byte(sum%26)
		sum /= 26
	}
	return string(tag)
}

// pdfObjects reads the objects of a PDF as fpdf writes it (a cross-reference table, no
// object streams), each without its first line ("N 0 obj"), by number.
func pdfObjects(doc []byte) (map[int][]byte, error) {
	i := bytes.LastIndex(doc, []byte("startxref\n"))
	if i < 0 {
		return nil, errors.New("exports: book: the fonts' document has no cross-reference table")
	}
	line, _, _ := bytes.Cut(doc[i+len("startxref\n"):], []byte("\n"))
	xref, err := strconv.Atoi(string(line))
	if err != nil || xref >= len(doc) {
		return nil, errors.New("exports: book: the fonts' document has a bad cross-reference offset")
	}
	r := bufio.NewReader(bytes.NewReader(doc[xref:]))
	var count int
	if _, err := fmt.Fscanf(r, "xref\n0 %d\n", &count); err != nil {
		return nil, fmt.Errorf("exports: book: the fonts' document: %w", err)
	}
	offsets := make([]int, count)
	for n := range offsets {
		var off, gen int
		var kind string
		if _, err := fmt.Fscanf(r, "%d %d %s \n", &off, &gen, &kind); err != nil {
			return nil, fmt.Errorf("exports: book: the fonts' document: %w", err)
		}
		if kind == "n" {
			offsets[n] = off
		}
	}
	// An object ends where the next one in the file starts, or at the table.
	ends := map[int]int{}
	for n, off := range offsets {
		end := xref
		for _, o := range offsets {
			if o > off && o < end {
				end = o
			}
		}
		if off > 0 {
			ends[n] = end
		}
	}
	objs := map[int][]byte{}
	for n, end := range ends {
		obj := doc[offsets[n]:end]
		_, body, ok := bytes.Cut(obj, []byte("\n"))
		if !ok {
			return nil, fmt.Errorf("exports: book: the fonts' document: object %d is cut", n)
		}
		objs[n] = body
	}
	return objs, nil
}

// copyTo writes the whole file to w.
func (d *pdfFile) copyTo(w io.Writer) (int64, error) {
	if _, err := d.f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	return io.Copy(w, d.f)
}

// remove closes and deletes the file.
func (d *pdfFile) remove() error {
	return errors.Join(d.f.Close(), os.Remove(d.f.Name()))
}
