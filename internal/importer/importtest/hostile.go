// Package importtest makes the hostile spreadsheets that the tests and benchmarks of
// Plenary's readers of uploaded files use, so that no such file is committed, and
// measures what reading one costs.
package importtest

import (
	"archive/zip"
	"bytes"
	"io"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"
)

// SparseXLSX returns a workbook whose first sheet has header in its first row and below
// it rows rows that each hold one cell, "x", in column col: with col "XFD", the last
// column a spreadsheet has, a few kilobytes that a naive reader turns into 16,384 values
// a row.
func SparseXLSX(header []string, rows int, col string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	row := make([]any, len(header))
	for i, h := range header {
		row[i] = h
	}
	if err := sw.SetRow("A1", row); err != nil {
		return nil, err
	}
	for i := 2; i < rows+2; i++ {
		if err := sw.SetRow(col+strconv.Itoa(i), []any{"x"}); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// XLSX returns a workbook of one sheet, Sheet1, whose parts named in parts (such as
// "xl/worksheets/sheet1.xml" or "xl/sharedStrings.xml") hold the XML given: what no
// spreadsheet application would write.
func XLSX(parts map[string]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	var base bytes.Buffer
	if err := f.Write(&base); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	write := func(name string, data []byte) error {
		w, err := zw.Create(name)
		if err == nil {
			_, err = w.Write(data)
		}
		return err
	}
	for _, zf := range zr.File {
		if _, ok := parts[zf.Name]; ok {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if err := write(zf.Name, data); err != nil {
			return nil, err
		}
	}
	for name, data := range parts {
		if err := write(name, []byte(data)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// PeakHeap runs fn and returns the most the live heap grew above where it stood before
// fn began, sampled every millisecond.
func PeakHeap(fn func()) uint64 {
	runtime.GC()
	const name = "/memory/classes/heap/objects:bytes"
	read := func() uint64 {
		s := []metrics.Sample{{Name: name}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	base := read()
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			peak = max(peak, read())
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	})
	fn()
	close(stop)
	wg.Wait()
	peak = max(peak, read())
	if peak < base {
		return 0
	}
	return peak - base
}

// Allocated returns the bytes allocated while fn runs, freed or not. It counts the whole
// process, so a test that uses it must not run in parallel with others.
func Allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
