package web_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/database"
	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/web"
)

// relay passes connections through to a PostgreSQL server, and fails as the network or a
// stopped server would: refusing connections, or taking them and never answering.
type relay struct {
	t      *testing.T
	target string // host:port of the server
	addr   string // host:port of the relay, the same for its whole life

	mu    sync.Mutex
	ln    net.Listener
	hang  bool
	conns map[net.Conn]bool
}

// newRelay starts a relay in front of the server of dbURL and returns it with the URL of
// the same database through it.
func newRelay(t *testing.T, dbURL string) (*relay, string) {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	r := &relay{t: t, target: u.Host, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.addr = ln.Addr().String()
	r.serve(ln)
	t.Cleanup(r.stop)
	u.Host = r.addr
	return r, u.String()
}

func (r *relay) serve(ln net.Listener) {
	r.mu.Lock()
	r.ln = ln
	r.mu.Unlock()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			r.mu.Lock()
			r.conns[conn] = true
			hang := r.hang
			r.mu.Unlock()
			if !hang {
				go r.pass(conn)
			}
		}
	}()
}

func (r *relay) pass(client net.Conn) {
	server, err := net.Dial("tcp", r.target)
	if err != nil {
		client.Close()
		return
	}
	r.mu.Lock()
	r.conns[server] = true
	r.mu.Unlock()
	go func() { io.Copy(server, client); server.Close() }() //nolint:errcheck // ends with either side
	io.Copy(client, server)                                 //nolint:errcheck
	client.Close()
}

// cut closes every connection passing through, as a server that went away does.
func (r *relay) cut() {
	for c := range r.conns {
		c.Close()
		delete(r.conns, c)
	}
}

// stop refuses connections, as a stopped server does.
func (r *relay) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ln != nil {
		r.ln.Close()
		r.ln = nil
	}
	r.cut()
}

// start passes connections through again, on the same address.
func (r *relay) start() {
	r.t.Helper()
	r.stop()
	r.mu.Lock()
	r.hang = false
	r.mu.Unlock()
	ln, err := net.Listen("tcp", r.addr)
	if err != nil {
		r.t.Fatalf("relay: listen again on %s: %v", r.addr, err)
	}
	r.serve(ln)
}

// freeze takes connections and never answers, as a server that hangs, or a network that
// drops every packet, does.
func (r *relay) freeze() {
	r.t.Helper()
	r.start()
	r.mu.Lock()
	r.hang = true
	r.cut()
	r.mu.Unlock()
}

// TestDatabaseOutage stops the database under a logged-in user: every page answers the
// translated 503 page within its deadline, /readyz says not ready, and the server serves
// again as soon as the database is back, without a restart.
func TestDatabaseOutage(t *testing.T) {
	db, dbURL := testdb.NewDemo(t)
	r, viaRelay := newRelay(t, dbURL)
	rdb, err := database.Open(context.Background(), viaRelay)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Close() })
	app := newAppOn(t, rdb, func(cfg *web.Config) { cfg.RequestTimeout = 2 * time.Second })
	c := loggedIn(newAppOn(t, db), app, staffEmail)
	get := func(path, lang string) (*http.Response, string) {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Accept-Language", lang)
		return c.answerWithin(time.Minute, req)
	}
	wantServing := func(t *testing.T) {
		t.Helper()
		if resp, body := get("/sessions", "en"); resp.StatusCode != http.StatusOK {
			t.Fatalf("/sessions: status %d, want 200\n%s", resp.StatusCode, body)
		}
		if resp, body := get("/readyz", "en"); resp.StatusCode != http.StatusOK {
			t.Errorf("/readyz: status %d, want 200: %s", resp.StatusCode, body)
		}
	}
	wantDown := func(t *testing.T, paths []string, msgs ...string) {
		t.Helper()
		for _, lang := range []string{"en", "ko"} {
			for _, path := range paths {
				resp, body := get(path, lang)
				wantUnavailable(t, catalog.For(lang), resp, body, msgs...)
			}
		}
		if resp, body := get("/readyz", "en"); resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("/readyz: status %d, want 503: %s", resp.StatusCode, body)
		}
	}

	wantServing(t)
	t.Run("Stopped", func(t *testing.T) {
		r.stop()
		wantDown(t, []string{"/sessions", "/", "/items/1/brief"}, "error.unavailable")
	})
	t.Run("StoppedFreshServer", func(t *testing.T) {
		// A server that has not yet read the key of its forms' tokens serves no form
		// (its token would be refused as forged once the database is back): the login
		// page, and a login sent anyway, say that the database is down.
		v := newAppOn(t, rdb).client()
		resp, body := v.get("/login")
		wantUnavailable(t, en, resp, body, "error.unavailable")
		resp, body = v.postRaw("/login", url.Values{"_csrf": {""}, "email": {staffEmail}, "password": {testdb.Password}})
		wantUnavailable(t, en, resp, body, "error.unavailable")
	})
	t.Run("Back", func(t *testing.T) {
		r.start()
		wantServing(t)
	})
	t.Run("Hanging", func(t *testing.T) {
		r.freeze()
		// A request that finds its connection cut before the deadline says so.
		wantDown(t, []string{"/sessions"}, "error.timeout", "error.unavailable")
	})
	t.Run("BackAgain", func(t *testing.T) {
		r.start()
		wantServing(t)
	})
}
