package main_test

import (
	"fmt"
	"html"
	"io"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/testdb"
)

// writer is a member of staff who keeps editing one brief: opens the editor, saves, and
// when the save is refused, sends the same text again a moment later, as the page that
// says "try again in a moment" invites.
type writer struct {
	rec  *recorder
	item int64

	hold   chan struct{} // closed when the editor is open and the save not yet sent, once warmed up
	resume chan struct{} // closed to send that save
	stop   chan struct{}

	mu        sync.Mutex
	ackedN    []int
	triedN    []int
	conflicts int // saves refused as stale: an earlier try committed though it answered 503
}

var (
	versionInput = regexp.MustCompile(`name="version" value="(\d+)"`)
	baseInput    = regexp.MustCompile(`name="base" value="(\d+)"`)
)

func (w *writer) run() {
	path := fmt.Sprintf("/items/%d/brief", w.item)
	var form url.Values // the editor as last read; nil when it must be read again
	n, held, after := 0, false, 0
	for i := 0; i < outageMaxRequests; i++ {
		// Stopping only after an acknowledged save leaves the last one the brief's text;
		// a writer whose saves are never acknowledged stops anyway, soon.
		if closed(w.stop) {
			if form == nil && w.lastAcked() || after == 50 {
				return
			}
			after++
		}
		if form == nil {
			x := w.rec.form(path, "ko")
			if x.status != http.StatusOK {
				time.Sleep(100 * time.Millisecond)
				continue
			}
			form = url.Values{"_csrf": {submatch(csrfInput, x.body)}, "version": {submatch(versionInput, x.body)}, "base": {submatch(baseInput, x.body)}}
			n++
			for k, v := range briefSave(n) {
				form[k] = v
			}
		}
		if !held && len(w.acked()) >= 3 {
			held = true
			close(w.hold)
			select {
			case <-w.resume:
			case <-w.stop:
				return
			}
		}
		w.mu.Lock()
		if !slices.Contains(w.triedN, n) {
			w.triedN = append(w.triedN, n)
		}
		w.mu.Unlock()
		x := w.rec.save(path, "ko", n, form)
		switch x.status {
		case http.StatusSeeOther:
			w.mu.Lock()
			w.ackedN = append(w.ackedN, n)
			w.mu.Unlock()
			form = nil
		case http.StatusConflict:
			w.mu.Lock()
			w.conflicts++
			w.mu.Unlock()
			form = nil
		default: // 503: the same form again, after a pause
			time.Sleep(100 * time.Millisecond)
		}
	}
}

func (w *writer) close() {
	if !closed(w.stop) {
		close(w.stop)
	}
}

func (w *writer) acked() []int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.ackedN)
}

func (w *writer) tried() []int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.triedN)
}

// lastAcked reports whether the last save sent was acknowledged.
func (w *writer) lastAcked() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.ackedN) > 0 && len(w.triedN) > 0 && w.ackedN[len(w.ackedN)-1] == w.triedN[len(w.triedN)-1]
}

func (w *writer) committedUnacked() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.conflicts
}

func submatch(re *regexp.Regexp, s string) string {
	if m := re.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

func closed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// exchange is one request and what came of it.
type exchange struct {
	what       string // "page", "readyz", "form", "save", "login page" or "login"
	server     string // the server's address, for logins
	path, lang string
	save       int // the writer's save number
	start, end time.Time
	status     int
	header     http.Header
	body       string
	problem    string // what is wrong with the answer, whatever the database's state
	anyTime    bool   // a page that needs no database
	down       bool   // the answer says that the database cannot be reached
}

func (x *exchange) String() string {
	s := fmt.Sprintf("%s %s%s (%s) at %s", x.what, x.server, x.path, x.lang, x.start.Format("15:04:05.000"))
	if x.save != 0 {
		s += fmt.Sprintf(" save %d", x.save)
	}
	return s
}

// counts are what a phase of the test waits for, among the exchanges that began in it.
type counts struct {
	since           time.Time
	served, refused map[string]int // pages answered 200, and 503, by language
	ready, notReady int            // /readyz
	acked, refused5 int            // saves answered 303, and 503
	loggedIn        map[string]int // logins answered 303, by server
	loginRefused    map[string]int // and 503
	unexpected      int
	lastUnexpected  string
	// bad says what is wrong with an exchange of the phase, if anything; nil once the
	// phase is over, since its exchanges may then overlap the next.
	bad func(x *exchange) string
}

// recorder sends the requests of every client and keeps every exchange.
type recorder struct {
	client *http.Client
	base   string
	cat    *i18n.Catalog

	mu  sync.Mutex
	log []*exchange
	now counts
}

func (r *recorder) do(x *exchange, method string, form url.Values) *exchange {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, r.base+x.path, body)
	if err != nil {
		panic(err)
	}
	req.Header.Set("Accept-Language", x.lang)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	x.start = time.Now()
	resp, err := r.client.Do(req)
	if err == nil {
		var b []byte
		b, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		x.status, x.header, x.body = resp.StatusCode, resp.Header, string(b)
		if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "" && x.what != "readyz" {
			x.problem = "503 without Retry-After"
		}
	}
	x.end = time.Now()
	if err != nil {
		x.problem = "no answer: " + err.Error()
	}
	return x
}

// unavailable returns what is wrong with x as an answer that the database cannot be
// reached: a 503 that says so in the language asked for, on the error page (page) or on
// the form that was sent.
func (r *recorder) unavailable(x *exchange, page bool) string {
	l := r.cat.For(x.lang)
	body := html.UnescapeString(x.body)
	if !strings.Contains(body, `lang="`+x.lang+`"`) {
		return "the 503 page is not in the language asked for"
	}
	if page && !strings.Contains(body, l.T("error.title_unavailable")) {
		return fmt.Sprintf("the 503 page lacks its title %q", l.T("error.title_unavailable"))
	}
	x.down = strings.Contains(body, l.T("error.unavailable"))
	if !x.down && !strings.Contains(body, l.T("error.timeout")) {
		return fmt.Sprintf("the 503 page says neither %q nor %q", l.T("error.unavailable"), l.T("error.timeout"))
	}
	return ""
}

func (r *recorder) keep(x *exchange, tally func(c *counts)) *exchange {
	if x.problem == "" && x.what != "form" {
		x.body = "" // only answers that went wrong, and the editor, are worth their memory
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.log = append(r.log, x)
	if !x.start.Before(r.now.since) {
		tally(&r.now)
		problem := x.problem
		if problem == "" && r.now.bad != nil {
			problem = r.now.bad(x)
		}
		if problem != "" {
			r.now.unexpected++
			r.now.lastUnexpected = fmt.Sprintf("%s: %s", x, problem)
		}
	}
	return x
}

// page reads a page as a logged-in person: the page, or the translated 503 page.
func (r *recorder) page(path, lang string) *exchange {
	x := r.do(&exchange{what: "page", path: path, lang: lang}, http.MethodGet, nil)
	switch {
	case x.problem != "":
	case x.status == http.StatusServiceUnavailable:
		x.problem = r.unavailable(x, true)
	case x.status != http.StatusOK:
		x.problem = fmt.Sprintf("status %d, want 200 or 503:\n%s", x.status, x.body)
	}
	return r.keep(x, func(c *counts) {
		switch x.status {
		case http.StatusOK:
			c.served[lang]++
		case http.StatusServiceUnavailable:
			c.refused[lang]++
		}
	})
}

func (r *recorder) readyz() *exchange {
	x := r.do(&exchange{what: "readyz", path: "/readyz", lang: "en"}, http.MethodGet, nil)
	if x.problem == "" && x.status != http.StatusOK && x.status != http.StatusServiceUnavailable {
		x.problem = fmt.Sprintf("status %d, want 200 or 503", x.status)
	}
	return r.keep(x, func(c *counts) {
		switch x.status {
		case http.StatusOK:
			c.ready++
		case http.StatusServiceUnavailable:
			c.notReady++
		}
	})
}

// form opens the brief's editor.
func (r *recorder) form(path, lang string) *exchange {
	x := r.do(&exchange{what: "form", path: path, lang: lang}, http.MethodGet, nil)
	switch {
	case x.problem != "":
	case x.status == http.StatusServiceUnavailable:
		x.problem = r.unavailable(x, true)
	case x.status != http.StatusOK:
		x.problem = fmt.Sprintf("status %d, want 200 or 503:\n%s", x.status, x.body)
	case !csrfInput.MatchString(x.body) || !versionInput.MatchString(x.body):
		x.problem = "the editor has no token or version"
	}
	return r.keep(x, func(*counts) {})
}

// save sends the editor. While the database is down, not even the login session can be
// read, so the answer is the error page rather than the form with what was typed.
func (r *recorder) save(path, lang string, n int, form url.Values) *exchange {
	x := r.do(&exchange{what: "save", path: path, lang: lang, save: n}, http.MethodPost, form)
	switch {
	case x.problem != "":
	case x.status == http.StatusServiceUnavailable:
		x.problem = r.unavailable(x, false)
	case x.status == http.StatusSeeOther, x.status == http.StatusConflict:
	default:
		x.problem = fmt.Sprintf("status %d, want 303, 409 or 503:\n%s", x.status, x.body)
	}
	return r.keep(x, func(c *counts) {
		switch x.status {
		case http.StatusSeeOther:
			c.acked++
		case http.StatusServiceUnavailable:
			c.refused5++
		}
	})
}

// login is a visitor logging in on the server at base: the login page needs no
// database, but the login does. Each login is a new browser's, so that every one starts
// anonymous.
func (r *recorder) login(base, email, lang string) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		panic(err)
	}
	visitor := &recorder{client: &http.Client{Jar: jar, Timeout: r.client.Timeout, CheckRedirect: r.client.CheckRedirect}, base: base, cat: r.cat}
	x := visitor.do(&exchange{what: "login page", path: "/login", server: base, lang: lang, anyTime: true}, http.MethodGet, nil)
	switch {
	case x.problem != "":
	case x.status == http.StatusServiceUnavailable:
		// A server that has not yet read the key of its forms' tokens cannot serve a
		// form while the database is down; one that has read it serves the form.
		x.problem = r.unavailable(x, true)
		r.keep(x, func(c *counts) { c.loginRefused[base]++ })
		return
	case x.status != http.StatusOK || !tokenInput.MatchString(x.body):
		x.problem = fmt.Sprintf("status %d, want 200 with a form holding a token, or 503:\n%s", x.status, x.body)
	}
	form := url.Values{"_csrf": {submatch(tokenInput, x.body)}, "email": {email}, "password": {testdb.Password}}
	if r.keep(x, func(*counts) {}).problem != "" {
		return
	}
	x = visitor.do(&exchange{what: "login", path: "/login", server: base, lang: lang}, http.MethodPost, form)
	switch {
	case x.problem != "":
	case x.status == http.StatusServiceUnavailable:
		x.problem = r.unavailable(x, true)
	case x.status != http.StatusSeeOther || x.header.Get("Location") != "/":
		x.problem = fmt.Sprintf("status %d to %q, want 303 to / or 503:\n%s", x.status, x.header.Get("Location"), x.body)
	}
	r.keep(x, func(c *counts) {
		switch x.status {
		case http.StatusSeeOther:
			c.loggedIn[base]++
		case http.StatusServiceUnavailable:
			c.loginRefused[base]++
		}
	})
}

func (r *recorder) all() []*exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.log)
}

// waitFor starts counting afresh the exchanges that begin at since or later and waits,
// bounded, until done says the phase has seen enough of them. An unexpected answer, or
// one that bad (which may be nil) finds wrong in this phase, ends the test at once: what
// follows would only repeat it.
func (r *recorder) waitFor(t *testing.T, phase string, since time.Time, done func(c counts) bool, bad func(x *exchange) string) {
	t.Helper()
	r.mu.Lock()
	r.now = counts{since: since, bad: bad, served: map[string]int{}, refused: map[string]int{},
		loggedIn: map[string]int{}, loginRefused: map[string]int{}}
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.now.bad = nil
		r.mu.Unlock()
	}()
	deadline := time.Now().Add(outageWait)
	for {
		r.mu.Lock()
		c := r.now
		c.served, c.refused = maps.Clone(r.now.served), maps.Clone(r.now.refused)
		c.loggedIn, c.loginRefused = maps.Clone(r.now.loggedIn), maps.Clone(r.now.loginRefused)
		r.mu.Unlock()
		if c.unexpected > 0 {
			t.Fatalf("%s: %s", phase, c.lastUnexpected)
		}
		if done(c) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen within %v: pages served %v, refused %v; readyz ready %d, not ready %d; saves acknowledged %d, refused %d; logins %v, refused %v",
				phase, outageWait, c.served, c.refused, c.ready, c.notReady, c.acked, c.refused5, c.loggedIn, c.loginRefused)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
