package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

// TestEndedSessionStaysEnded: a password reset ends a session even while requests on it
// are in flight and write it back after its row was deleted.
func TestEndedSessionStaysEnded(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	uid := app.user(delegateEmail).ID
	for round := 0; round < 3; round++ {
		d := app.client()
		d.login(delegateEmail)
		id := d.jar[sessionCookie]
		var stop atomic.Bool
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for !stop.Load() {
					req := httptest.NewRequest(http.MethodGet, "/", nil)
					req.AddCookie(&http.Cookie{Name: sessionCookie, Value: id})
					if resp, err := app.H.App().Test(req, -1); err == nil {
						resp.Body.Close()
					}
				}
			}()
		}
		err := app.Store.SetPassword(context.Background(), domain.SystemActor("test"), uid, "correct-horse-battery")
		stop.Store(true)
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		if resp, _ := app.withCookie(id).get("/"); resp.StatusCode == http.StatusOK {
			t.Fatalf("round %d: the session survived the password reset", round)
		}
	}
}
