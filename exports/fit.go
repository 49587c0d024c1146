package exports

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// fitToPage is the sheet property that makes office suites honour a sheet's fit-to-width
// print setting. excelize's StreamWriter never writes a sheet's properties, so the pack
// adds it to each worksheet as the workbook is written out.
const fitToPage = `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`

// headerLimit bounds how far into a worksheet the first element after the root is looked
// for; the root element with its namespaces comes well within it.
const headerLimit = 64 << 10

// writeStreaming writes f to w as it is zipped, adding the fit-to-page property to every
// worksheet. excelize's own WriteTo assembles the whole file in a buffer first; handing
// it a zip writer on w instead keeps memory flat however large the pack.
func writeStreaming(f *excelize.File, w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(cw)
		// The fastest compression: a pack is made while someone waits for it, and the
		// file comes out only slightly larger.
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(out, flate.BestSpeed)
		})
		return &fittingZip{zw: zw}
	})
	// Everything goes to cw; what excelize would write from its buffer is empty.
	if _, err := f.WriteTo(io.Discard); err != nil {
		return cw.n, err
	}
	return cw.n, nil
}

// fittingZip is a zip writer that passes worksheets through an injector of fitToPage.
type fittingZip struct {
	zw  *zip.Writer
	cur *injector
}

func (z *fittingZip) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	w, err := z.zw.Create(name)
	if err != nil {
		return nil, err
	}
	if path.Dir(name) == "xl/worksheets" && strings.HasSuffix(name, ".xml") {
		z.cur = &injector{w: w}
		return z.cur, nil
	}
	return w, nil
}

func (z *fittingZip) AddFS(fsys fs.FS) error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

func (z *fittingZip) Close() error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.Close()
}

// flush lets the current worksheet's injector write what it still holds, before the zip
// moves on to the next part.
func (z *fittingZip) flush() error {
	if z.cur == nil {
		return nil
	}
	err := z.cur.release()
	z.cur = nil
	return err
}

// injector holds the start of a worksheet until it sees where the sheet properties
// belong, writes them there, then passes everything else straight through.
type injector struct {
	w    io.Writer
	head []byte
	done bool
}

func (in *injector) Write(p []byte) (int, error) {
	if in.done {
		return in.w.Write(p)
	}
	in.head = append(in.head, p...)
	if firstChild(in.head) >= 0 || len(in.head) >= headerLimit {
		if err := in.release(); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

func (in *injector) release() error {
	if in.done {
		return nil
	}
	in.done = true
	head := in.head
	in.head = nil
	at := firstChild(head)
	if at < 0 || bytes.Contains(head, []byte("<sheetPr")) {
		_, err := in.w.Write(head)
		return err
	}
	for _, part := range [][]byte{head[:at], []byte(fitToPage), head[at:]} {
		if _, err := in.w.Write(part); err != nil {
			return err
		}
	}
	return nil
}

// firstChild finds where the worksheet's first child element after its properties
// starts; -1 when none is in sight yet.
func firstChild(head []byte) int {
	for _, tag := range []string{"<dimension", "<sheetViews", "<sheetFormatPr", "<cols", "<sheetData"} {
		if i := bytes.Index(head, []byte(tag)); i >= 0 {
			return i
		}
	}
	return -1
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
