package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options are the knobs of a load test.
type Options struct {
	Binary      string        // the plenary binary
	Users       int           // people logged in at once
	Duration    time.Duration // of the steady phase
	MaxRequests int           // the steady phase also ends after this many requests
	Items       int           // agenda items of the synthetic session
	Think       time.Duration // mean pause of a person between two actions; 0 for none
	Logins      int           // logins at once while everyone logs in
	Mix         map[string]int
	Keep        bool // keep the data folder
}

// Run starts Plenary, logs everyone in, runs the steady phase and writes the report to
// w. It returns an error when the test could not run, or when any request failed.
func Run(ctx context.Context, o Options, w io.Writer) error {
	fmt.Fprintf(w, "load: %d users, %s, at most %d requests, %d items, think time %s, %d CPUs, load average %s\n",
		o.Users, o.Duration, o.MaxRequests, o.Items, o.Think, runtime.NumCPU(), loadAverage())
	srv, err := StartServer(ctx, ServerOptions{Binary: o.Binary, Items: o.Items, Users: o.Users, Keep: o.Keep, Log: w})
	if err != nil {
		return err
	}
	defer func() {
		srv.Stop()
		if o.Keep {
			fmt.Fprintf(w, "load: data folder kept in %s\n", srv.Dir)
		}
	}()

	tr := &http.Transport{MaxIdleConns: o.Users + 16, MaxIdleConnsPerHost: o.Users + 16, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	users := make([]*user, len(srv.Logins))
	setup := newStats()
	for i, a := range srv.Logins {
		users[i] = newUser(a, srv.URL, tr, setup, uint64(i)+1)
	}

	// Everyone logs in, a few at a time: each login hashes a password with 64 MiB of
	// memory, which is not what this test measures.
	fmt.Fprintf(w, "load: logging in %d users, %d at a time\n", len(users), o.Logins)
	start := time.Now()
	if err := parallel(ctx, users, o.Logins, func(u *user) error { return u.login(ctx, srv.Password) }); err != nil {
		setup.Report(w, time.Since(start))
		return err
	}
	fmt.Fprintf(w, "load: logged in %d users in %s\n", len(users), time.Since(start).Round(time.Millisecond))
	if err := prepare(ctx, users, o.Logins); err != nil {
		setup.Report(w, time.Since(start))
		return err
	}

	// The steady phase: everyone acts until the time is up or enough requests were made.
	stats := newStats()
	for _, u := range users {
		u.stats = stats
	}
	cpu0 := processCPU(srv.Pid(), srv.PostgresPid())
	steady, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()
	fmt.Fprintf(w, "load: steady phase of %s begins (load average %s)\n", o.Duration, loadAverage())
	start = time.Now()
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mix := o.Mix
			if mix == nil {
				mix = weights[u.acc.Role]
			}
			mix = allowed(mix, u)
			// People start at different moments within the first pause.
			pause(steady, u, o.Think)
			for steady.Err() == nil && stats.Total() < o.MaxRequests {
				u.act(steady, mix)
				pause(steady, u, o.Think)
			}
			cancel()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu1 := processCPU(srv.Pid(), srv.PostgresPid())

	fmt.Fprintf(w, "\nsteady phase: %s, %d requests, %.1f requests/s, load average %s\n",
		elapsed.Round(time.Millisecond), stats.Total(), float64(stats.Total())/elapsed.Seconds(), loadAverage())
	if cpu0.ok && cpu1.ok && stats.Total() > 0 {
		n := float64(stats.Total())
		fmt.Fprintf(w, "CPU per request: plenary %.2f ms, PostgreSQL %.2f ms (plenary used %.0f%% of a core, PostgreSQL %.0f%%)\n",
			(cpu1.server-cpu0.server).Seconds()*1000/n, (cpu1.postgres-cpu0.postgres).Seconds()*1000/n,
			100*(cpu1.server-cpu0.server).Seconds()/elapsed.Seconds(), 100*(cpu1.postgres-cpu0.postgres).Seconds()/elapsed.Seconds())
	}
	stats.Report(w, elapsed)
	if n := stats.Errors() + setup.Errors(); n > 0 {
		if setup.Errors() > 0 {
			fmt.Fprintln(w, "errors while logging in and reading the session:")
			setup.Report(w, elapsed)
		}
		return fmt.Errorf("%d requests failed", n)
	}
	return nil
}

// prepare has everyone read what they will work on, and shares the draft briefs among
// staff and the consultations of each ministry among its liaisons, so that no two people
// write the same thing at once (a conflict there would be right, but not an error of
// the server).
func prepare(ctx context.Context, users []*user, conc int) error {
	var editor *user
	for _, u := range users {
		if u.acc.Role == "staff" || u.acc.Role == "admin" {
			editor = u
			break
		}
	}
	if editor == nil {
		return errors.New("no staff user")
	}
	id, err := editor.findSession(ctx, SessionCode)
	if err != nil {
		return err
	}
	for _, u := range users {
		u.session = id
	}
	drafts, err := editor.draftBriefs(ctx)
	if err != nil {
		return err
	}
	var editors []*user
	share := map[string]int{}
	index := map[*user]int{}
	for _, u := range users {
		switch u.acc.Role {
		case "staff", "admin":
			editors = append(editors, u)
		case "liaison":
			index[u] = share[u.acc.Ministry]
			share[u.acc.Ministry]++
		}
	}
	for k, item := range drafts {
		e := editors[k%len(editors)]
		e.briefs = append(e.briefs, item)
	}
	return parallel(ctx, users, conc, func(u *user) error { return u.prepare(ctx, index[u], max(share[u.acc.Ministry], 1)) })
}

// parallel runs f for every user, n at a time, and returns the first error.
func parallel(ctx context.Context, users []*user, n int, f func(*user) error) error {
	sem := make(chan struct{}, max(n, 1))
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for _, u := range users {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := f(u); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return first
}

// allowed leaves out of mix what this person cannot do: only staff save briefs, only
// liaisons answer consultations, delegates have no list of consultations.
func allowed(mix map[string]int, u *user) map[string]int {
	out := map[string]int{}
	for k, n := range mix {
		switch {
		case k == kindBriefSave && u.acc.Role != "staff" && u.acc.Role != "admin":
		case k == kindAnswer && u.acc.Role != "liaison":
		case k == kindConsultations && u.acc.Role == "delegate":
		default:
			out[k] = n
		}
	}
	return out
}

// pause waits about think (between half and one and a half times it).
func pause(ctx context.Context, u *user, think time.Duration) {
	if think <= 0 {
		return
	}
	d := think/2 + time.Duration(u.rnd.Int64N(int64(think)))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func sortedKinds(w map[string]int) []string {
	ks := make([]string, 0, len(w))
	for k := range w {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// ParseMix reads "agenda=3,dashboard=1" into weights; the kinds are those of the report.
func ParseMix(s string) (map[string]int, error) {
	if s == "" {
		return nil, nil
	}
	known := []string{kindDashboard, kindAgenda, kindItem, kindSearch, kindPack, kindConsultations, kindBriefs, kindBriefSave, kindAnswer}
	m := map[string]int{}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(v)
		if !ok || err != nil || n < 0 || !slices.Contains(known, k) {
			return nil, fmt.Errorf("mix: %q is not KIND=WEIGHT with KIND one of %s", part, strings.Join(known, ", "))
		}
		m[k] = n
	}
	return m, nil
}

// loadAverage is the first three fields of /proc/loadavg, as uptime shows them.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
