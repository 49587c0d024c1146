package web_test

import (
	"net/http"
	"sync"
	"testing"
)

// TestFirstRendersAtOnce asks a fresh server for the same pages from many people at once,
// so that under -race a template written to on its first run (html/template escapes it
// then) while another request reads it is reported.
func TestFirstRendersAtOnce(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 32 {
		c := app.client()
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for _, path := range []string{"/login", "/healthz"} {
				if resp, _ := c.get(path); resp.StatusCode != http.StatusOK {
					t.Errorf("GET %s: %d", path, resp.StatusCode)
				}
			}
		}()
	}
	close(start)
	wg.Wait()
}
