package domain_test

import (
	"archive/zip"
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/domain"
)

// zipOf returns a ZIP archive of the named entries, the first stored uncompressed as
// OpenDocument and HWPX store their "mimetype" entry.
func zipOf(t *testing.T, entries ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for i, e := range entries {
		method := zip.Deflate
		if i == 0 {
			method = zip.Store
		}
		f, err := w.CreateHeader(&zip.FileHeader{Name: e[0], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(e[1]))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDetectFileType(t *testing.T) {
	t.Parallel()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	var pngData, jpegData bytes.Buffer
	png.Encode(&pngData, img)
	jpeg.Encode(&jpegData, img, nil)
	xf := excelize.NewFile()
	xf.SetCellValue("Sheet1", "A1", "220 EX")
	xlsx, err := xf.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)

	tests := []struct {
		name string
		data []byte
		want string // the label; "" for refused
	}{
		{"PDF", []byte("%PDF-1.7\n1 0 obj\n<< >>\nendobj\n"), "PDF"},
		{"XLSX", xlsx.Bytes(), "XLSX"},
		{"HWPX", zipOf(t, [2]string{"mimetype", "application/hwp+zip"}, [2]string{"Contents/section0.xml", "<hs:sec/>"}), "HWPX"},
		{"ODT", zipOf(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.text"}, [2]string{"content.xml", "<office:document-content/>"}), "ODT"},
		{"OLE", ole, "HWP/OLE"},
		{"Text", []byte("교육부 회신: 결정문 초안에 동의합니다.\n"), "TXT"},
		{"PNG", pngData.Bytes(), "PNG"},
		{"JPEG", jpegData.Bytes(), "JPEG"},

		{"ErrHTML", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), ""},
		{"ErrHTMLAfterBlanks", []byte("\n\n   <html><body>x</body></html>"), ""},
		{"ErrSVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`), ""},
		{"ErrShellScript", []byte("#!/bin/sh\nrm -rf /\n"), ""},
		{"ErrPython", []byte("#!/usr/bin/env python3\nprint(1)\n"), ""},
		{"ErrExe", append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 200)...), ""},
		{"ErrELF", append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 200)...), ""},
		{"ErrZip", zipOf(t, [2]string{"readme.txt", "hello"}, [2]string{"run.exe", "MZ"}), ""},
		{"ErrGzip", []byte{0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3}, ""},
		{"ErrXML", []byte(`<?xml version="1.0"?><doc/>`), ""},
		{"ErrJSON", []byte(`{"a": 1}`), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ft, err := domain.DetectFileType(tt.data)
			if tt.want == "" {
				if err != domain.ErrFileType {
					t.Errorf("kept as %q (%v), want refused", ft.Label, err)
				}
				return
			}
			if err != nil || ft.Label != tt.want {
				t.Errorf("got %q (%v), want %q", ft.Label, err, tt.want)
			}
		})
	}
}

func TestFileNames(t *testing.T) {
	t.Parallel()
	pdf, _ := domain.DetectFileType([]byte("%PDF-1.4\n"))
	decomposed := "\u1100\u1169\u1112\u1161\u11bc.pdf" // 교황 as a Mac writes it: letters apart
	tests := []struct{ in, want string }{
		{"회의 자료.pdf", "회의 자료.pdf"},
		{`C:\Users\kim\Desktop\회신.pdf`, "회신.pdf"},
		{"../../etc/passwd.pdf", "passwd.pdf"},
		{"report\x00\r\n.pdf", "report.pdf"},
		{decomposed, "고항.pdf"},
		{"page.html", "page.html.pdf"},
		{"REPORT.PDF", "REPORT.PDF"},
	}
	for _, tt := range tests {
		in, err := domain.FileInput{Name: tt.in}.Clean(domain.FileConsultationAnswer)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if got := pdf.NameFor(in.Name); got != tt.want {
			t.Errorf("%q kept as %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "  ", "..", "\x00"} {
		if _, err := (domain.FileInput{Name: bad}).Clean(domain.FileConsultationAnswer); err == nil {
			t.Errorf("%q accepted as a name", bad)
		}
	}
	if got, want := domain.ASCIIName(`교육부 "회신".pdf`), "___ ____.pdf"; got != want {
		t.Errorf("ASCIIName %q, want %q", got, want)
	}
}
