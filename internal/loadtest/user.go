package loadtest

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The kinds of request the users make.
const (
	kindDashboard     = "dashboard"
	kindAgenda        = "agenda"
	kindItem          = "item"
	kindSearch        = "search"
	kindPack          = "pack"
	kindConsultations = "consultations"
	kindBriefs        = "briefs"
	kindBriefForm     = "brief_form"
	kindBriefSave     = "brief_save"
	kindConsultation  = "consultation"
	kindAnswer        = "consultation_answer"
)

// weights are how often a person of each role does what, per hundred actions. A brief
// save is two requests (the form, then the save), and so is an answer.
var weights = map[string]map[string]int{
	"admin": {kindDashboard: 15, kindAgenda: 15, kindItem: 25, kindBriefSave: 15, kindSearch: 10,
		kindConsultations: 5, kindBriefs: 10, kindPack: 5},
	"staff": {kindDashboard: 15, kindAgenda: 15, kindItem: 25, kindBriefSave: 15, kindSearch: 10,
		kindConsultations: 5, kindBriefs: 10, kindPack: 5},
	"liaison": {kindDashboard: 20, kindAgenda: 15, kindItem: 25, kindAnswer: 15, kindConsultations: 10,
		kindSearch: 10, kindPack: 3, kindBriefs: 2},
	"delegate": {kindDashboard: 25, kindAgenda: 20, kindItem: 35, kindSearch: 10, kindPack: 5, kindBriefs: 5},
}

var searchTerms = []string{"Synthetic item 12", "programme 7", "합성 의제", "follow-up", "990 EX", "결정 후속", "education"}

// user is one person with a browser: their own cookies and CSRF token, the items they
// can see, and the briefs or consultations that are theirs to write.
type user struct {
	acc      Account
	base     string
	client   *http.Client
	stats    *Stats
	rnd      *rand.Rand
	csrf     string
	session  int64   // the synthetic session's id
	items    []int64 // items of the session this person sees
	briefs   []int64 // items whose draft brief is this person's to save (staff)
	consults []int64 // consultations that are this person's to answer (liaison)
	saves    int
}

func newUser(acc Account, base string, tr http.RoundTripper, stats *Stats, seed uint64) *user {
	jar, _ := cookiejar.New(nil)
	return &user{acc: acc, base: base, stats: stats, rnd: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)),
		client: &http.Client{Jar: jar, Transport: tr, Timeout: 2 * time.Minute,
			// A form's answer is a redirect; the person's next action is their own.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfValue = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// do sends one request, records its time under kind, and returns the body. An answer
// other than want is recorded as an error, and so is a failure to send or read.
func (u *user) do(ctx context.Context, kind, method, path string, form url.Values, want int) (string, bool) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u.base+path, body)
	if err != nil {
		u.stats.fail(kind, method, path, 0, err.Error())
		return "", false
	}
	req.Header.Set("Accept-Language", "ko,en;q=0.8")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	start := time.Now()
	resp, err := u.client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			u.stats.fail(kind, method, path, 0, err.Error())
		}
		return "", false
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if err != nil {
		if ctx.Err() == nil {
			u.stats.fail(kind, method, path, resp.StatusCode, "reading the answer: "+err.Error())
		}
		return "", false
	}
	u.stats.add(kind, took)
	if resp.StatusCode != want {
		u.stats.fail(kind, method, path, resp.StatusCode, pageError(b))
		return "", false
	}
	s := string(b)
	if m := csrfValue.FindStringSubmatch(s); m != nil {
		u.csrf = m[1]
	}
	return s, true
}

var alertText = regexp.MustCompile(`(?s)<(?:div class="alert"|main id="main")[^>]*>(.{0,400})`)

// pageError is the gist of an error page, for the report.
func pageError(b []byte) string {
	if m := alertText.FindSubmatch(b); m != nil {
		return regexp.MustCompile(`<[^>]+>`).ReplaceAllString(string(m[1]), " ")
	}
	return string(b[:min(len(b), 200)])
}

func (u *user) get(ctx context.Context, kind, path string) (string, bool) {
	return u.do(ctx, kind, http.MethodGet, path, nil, http.StatusOK)
}

// login logs in through the form, as a browser does.
func (u *user) login(ctx context.Context, password string) error {
	if _, ok := u.get(ctx, "login_form", "/login"); !ok {
		return fmt.Errorf("%s: the login page failed", u.acc.Email)
	}
	form := url.Values{"email": {u.acc.Email}, "password": {password}, "_csrf": {u.csrf}}
	if _, ok := u.do(ctx, "login", http.MethodPost, "/login", form, http.StatusSeeOther); !ok {
		return fmt.Errorf("%s: login failed", u.acc.Email)
	}
	return nil
}

var (
	itemLink         = regexp.MustCompile(`href="/items/(\d+)"`)
	consultationLink = regexp.MustCompile(`href="/consultations/(\d+)"`)
	draftRow         = regexp.MustCompile(`(?s)href="/items/(\d+)"><strong>.*?</tr>`)
	sessionLink      = regexp.MustCompile(`href="/sessions/(\d+)"><strong>([^<]+)</strong>`)
	versionInput     = regexp.MustCompile(`name="version" value="(\d+)"`)
	baseInput        = regexp.MustCompile(`name="base" value="(\d+)"`)
)

// ids returns the distinct numbers the pattern's first group finds in s, in order.
func ids(re *regexp.Regexp, s string) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		n, _ := strconv.ParseInt(m[1], 10, 64)
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// findSession returns the id of the session code as the dashboard lists it.
func (u *user) findSession(ctx context.Context, code string) (int64, error) {
	body, ok := u.get(ctx, "setup", "/sessions")
	if !ok {
		return 0, fmt.Errorf("%s: the list of sessions failed", u.acc.Email)
	}
	for _, m := range sessionLink.FindAllStringSubmatch(body, -1) {
		if m[2] == code {
			return strconv.ParseInt(m[1], 10, 64)
		}
	}
	return 0, fmt.Errorf("%s: session %s is not listed", u.acc.Email, code)
}

// draftBriefs returns the items of the session whose brief is a draft, which staff may
// save again and again.
func (u *user) draftBriefs(ctx context.Context) ([]int64, error) {
	body, ok := u.get(ctx, "setup", fmt.Sprintf("/sessions/%d/briefs", u.session))
	if !ok {
		return nil, fmt.Errorf("%s: the session's briefs failed", u.acc.Email)
	}
	var out []int64
	for _, m := range draftRow.FindAllStringSubmatch(body, -1) {
		if strings.Contains(m[0], "b-draft") {
			n, _ := strconv.ParseInt(m[1], 10, 64)
			out = append(out, n)
		}
	}
	return out, nil
}

// prepare reads what this person sees of the session: its items, and for a liaison the
// consultations of their ministry, of which they take every share-th from the index-th.
func (u *user) prepare(ctx context.Context, index, share int) error {
	body, ok := u.get(ctx, "setup", fmt.Sprintf("/sessions/%d", u.session))
	if !ok {
		return fmt.Errorf("%s: the agenda failed", u.acc.Email)
	}
	if u.items = ids(itemLink, body); len(u.items) == 0 {
		return fmt.Errorf("%s: sees no item of the session", u.acc.Email)
	}
	if u.acc.Role == "liaison" {
		body, ok := u.get(ctx, "setup", fmt.Sprintf("/sessions/%d/consultations", u.session))
		if !ok {
			return fmt.Errorf("%s: the session's consultations failed", u.acc.Email)
		}
		for k, id := range ids(consultationLink, body) {
			if k%share == index {
				u.consults = append(u.consults, id)
			}
		}
	}
	return nil
}

// act does one thing a person of this role does, chosen by the weights.
func (u *user) act(ctx context.Context, w map[string]int) {
	total := 0
	for _, n := range w {
		total += n
	}
	if total == 0 {
		return
	}
	r := u.rnd.IntN(total)
	kind := ""
	for _, k := range sortedKinds(w) {
		if r < w[k] {
			kind = k
			break
		}
		r -= w[k]
	}
	switch kind {
	case kindDashboard:
		u.get(ctx, kind, "/")
	case kindAgenda:
		u.get(ctx, kind, fmt.Sprintf("/sessions/%d", u.session))
	case kindItem:
		u.get(ctx, kind, fmt.Sprintf("/items/%d", u.items[u.rnd.IntN(len(u.items))]))
	case kindSearch:
		u.get(ctx, kind, "/search?q="+url.QueryEscape(searchTerms[u.rnd.IntN(len(searchTerms))]))
	case kindConsultations:
		u.get(ctx, kind, "/consultations")
	case kindBriefs:
		u.get(ctx, kind, "/briefs")
	case kindPack:
		lang := []string{"ko", "en"}[u.rnd.IntN(2)]
		path := fmt.Sprintf("/sessions/%d/pack?lang=%s", u.session, lang)
		if body, ok := u.get(ctx, kind, path); ok && !strings.HasPrefix(body, "PK") {
			u.stats.fail(kind, http.MethodGet, path, http.StatusOK, "not a workbook")
		}
	case kindBriefSave:
		u.saveBrief(ctx)
	case kindAnswer:
		u.answer(ctx)
	}
}

// saveBrief opens the form of one of this person's draft briefs and saves a new
// revision of it.
func (u *user) saveBrief(ctx context.Context) {
	if len(u.briefs) == 0 {
		u.get(ctx, kindItem, fmt.Sprintf("/items/%d", u.items[u.rnd.IntN(len(u.items))]))
		return
	}
	id := u.briefs[u.rnd.IntN(len(u.briefs))]
	path := fmt.Sprintf("/items/%d/brief", id)
	body, ok := u.get(ctx, kindBriefForm, path)
	if !ok {
		return
	}
	version, base := versionInput.FindStringSubmatch(body), baseInput.FindStringSubmatch(body)
	if version == nil || base == nil {
		u.stats.fail(kindBriefForm, http.MethodGet, path, http.StatusOK, "the form has no version")
		return
	}
	u.saves++
	stances := []string{"support", "support_with_amendments", "neutral", "monitor"}
	form := url.Values{"_csrf": {u.csrf}, "version": {version[1]}, "base": {base[1]},
		"stance":          {stances[u.rnd.IntN(len(stances))]},
		"summary_ko":      {fmt.Sprintf("부하 시험 %s 개정 %d: 결정안을 지지함.", u.acc.Email, u.saves)},
		"summary_en":      {fmt.Sprintf("Load test revision %d by %s: supports the draft decision.", u.saves, u.acc.Email)},
		"background_en":   {"Background written during a load test."},
		"key_points_en":   {"1. Welcome the report. 2. Stress measurable results."},
		"intervention_ko": {"감사합니다, 의장님."},
		"intervention_en": {"Thank you, Chair."},
		"change_note":     {"load test"}}
	u.do(ctx, kindBriefSave, http.MethodPost, path, form, http.StatusSeeOther)
}

// answer opens one of this person's consultations and answers it (again).
func (u *user) answer(ctx context.Context) {
	if len(u.consults) == 0 {
		u.get(ctx, kindConsultations, "/consultations")
		return
	}
	id := u.consults[u.rnd.IntN(len(u.consults))]
	path := fmt.Sprintf("/consultations/%d", id)
	body, ok := u.get(ctx, kindConsultation, path)
	if !ok {
		return
	}
	i := strings.Index(body, `action="`+path+`/answer"`)
	if i < 0 {
		u.stats.fail(kindConsultation, http.MethodGet, path, http.StatusOK, "the page has no answer form")
		return
	}
	version := versionInput.FindStringSubmatch(body[i:])
	if version == nil {
		u.stats.fail(kindConsultation, http.MethodGet, path, http.StatusOK, "the answer form has no version")
		return
	}
	u.saves++
	form := url.Values{"_csrf": {u.csrf}, "version": {version[1]},
		"answer": {fmt.Sprintf("우리 부는 결정안을 지지함 (부하 시험 답변 %d, %s).", u.saves, u.acc.Email)}}
	u.do(ctx, kindAnswer, http.MethodPost, path+"/answer", form, http.StatusSeeOther)
}
