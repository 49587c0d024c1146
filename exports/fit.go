package exports

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
)

// fitToPage is the sheet property that makes office suites honour a sheet's fit-to-width
// print setting. excelize's StreamWriter never writes a sheet's properties, so the pack
// adds it to each worksheet as it copies the workbook out.
const fitToPage = `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`

// headerLimit bounds how far into a worksheet the first element after the root is looked
// for; the root element with its namespaces comes well within it.
const headerLimit = 64 << 10

// writeFitted copies the workbook file src (of size bytes) to w, adding the fit-to-page
// property to every worksheet. Other parts are copied as they are, still compressed;
// worksheets are recompressed at the fastest level, as they stream through.
func writeFitted(w io.Writer, src io.ReaderAt, size int64) (int64, error) {
	zr, err := zip.NewReader(src, size)
	if err != nil {
		return 0, fmt.Errorf("exports: reread workbook: %w", err)
	}
	cw := &countWriter{w: w}
	zw := zip.NewWriter(cw)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	for _, zf := range zr.File {
		if err := copyPart(zw, zf); err != nil {
			return cw.n, fmt.Errorf("exports: %s: %w", zf.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return cw.n, err
	}
	return cw.n, nil
}

func copyPart(zw *zip.Writer, zf *zip.File) error {
	if path.Dir(zf.Name) != "xl/worksheets" || !strings.HasSuffix(zf.Name, ".xml") {
		r, err := zf.OpenRaw()
		if err != nil {
			return err
		}
		out, err := zw.CreateRaw(&zf.FileHeader)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, r)
		return err
	}
	r, err := zf.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	hdr := zf.FileHeader
	hdr.Method = zip.Deflate
	out, err := zw.CreateHeader(&hdr)
	if err != nil {
		return err
	}
	br := bufio.NewReaderSize(r, headerLimit)
	head, err := br.Peek(headerLimit)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return err
	}
	if at := firstChild(head); at >= 0 && !bytes.Contains(head[:at], []byte("<sheetPr")) {
		if _, err := out.Write(head[:at]); err != nil {
			return err
		}
		if _, err := io.WriteString(out, fitToPage); err != nil {
			return err
		}
		if _, err := br.Discard(at); err != nil {
			return err
		}
	}
	_, err = io.Copy(out, br)
	return err
}

// firstChild finds where the worksheet's first child element starts, before which the
// sheet properties belong; -1 when the sheet already has them or is not recognised.
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

// writeVia writes the workbook to a temporary file, then copies it to w fitted to page.
func (wb *Workbook) writeVia(w io.Writer) (int64, error) {
	tmp, err := os.CreateTemp("", "plenary-pack-*.xlsx")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := wb.f.WriteTo(tmp); err != nil {
		return 0, fmt.Errorf("exports: write pack: %w", err)
	}
	size, err := tmp.Seek(0, io.SeekEnd)
	if err != nil {
		return 0, err
	}
	return writeFitted(w, tmp, size)
}
