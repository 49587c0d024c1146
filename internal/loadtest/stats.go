package loadtest

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Stats gathers the latency of every request by kind, and every error.
type Stats struct {
	mu     sync.Mutex
	kinds  map[string][]time.Duration
	errors map[errorKey]int
	total  int
}

type errorKey struct {
	Kind, Method, Path, What string
	Status                   int
}

func newStats() *Stats {
	return &Stats{kinds: map[string][]time.Duration{}, errors: map[errorKey]int{}}
}

// add records one request of kind that took d.
func (s *Stats) add(kind string, d time.Duration) {
	s.mu.Lock()
	s.kinds[kind] = append(s.kinds[kind], d)
	s.total++
	s.mu.Unlock()
}

// fail records an error: the answer's status (0 when there was none) and what went wrong.
func (s *Stats) fail(kind, method, path string, status int, what string) {
	s.mu.Lock()
	s.errors[errorKey{Kind: kind, Method: method, Path: path, Status: status, What: what}]++
	s.mu.Unlock()
}

// Total is the number of requests recorded.
func (s *Stats) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// Errors is the number of errors recorded.
func (s *Stats) Errors() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.errors {
		n += c
	}
	return n
}

// percentile returns the p-th percentile (0 < p <= 100) of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(float64(len(sorted))*p/100+0.999999) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

// Report writes a table of count, rate, p50, p90, p99 and maximum per kind over elapsed,
// and then every error with its count.
func (s *Stats) Report(w io.Writer, elapsed time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.kinds))
	for k := range s.kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "%-22s %8s %8s %9s %9s %9s %9s\n", "kind", "requests", "per s", "p50", "p90", "p99", "max")
	var all []time.Duration
	for _, k := range names {
		ds := slices.Clone(s.kinds[k])
		slices.Sort(ds)
		all = append(all, ds...)
		fmt.Fprintf(w, "%-22s %8d %8.1f %9s %9s %9s %9s\n", k, len(ds), float64(len(ds))/elapsed.Seconds(),
			ms(percentile(ds, 50)), ms(percentile(ds, 90)), ms(percentile(ds, 99)), ms(ds[len(ds)-1]))
	}
	slices.Sort(all)
	if len(all) > 0 {
		fmt.Fprintf(w, "%-22s %8d %8.1f %9s %9s %9s %9s\n", "all", len(all), float64(len(all))/elapsed.Seconds(),
			ms(percentile(all, 50)), ms(percentile(all, 90)), ms(percentile(all, 99)), ms(all[len(all)-1]))
	}
	n := 0
	for _, c := range s.errors {
		n += c
	}
	fmt.Fprintf(w, "errors: %d\n", n)
	keys := make([]errorKey, 0, len(s.errors))
	for k := range s.errors {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		return fmt.Sprint(a.Kind, a.Status, a.Path) < fmt.Sprint(b.Kind, b.Status, b.Path)
	})
	for _, k := range keys {
		status := "-"
		if k.Status != 0 {
			status = fmt.Sprint(k.Status)
		}
		fmt.Fprintf(w, "  %5d × %-16s %s %s %s: %s\n", s.errors[k], k.Kind, status, k.Method, k.Path, oneLine(k.What))
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/1e6) }

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}
